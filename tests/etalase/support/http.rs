//! The tests' HTTP client: one `GET` over a fresh connection to a server on
//! 127.0.0.1 (the preview of `etalase serve`, the static host), read to its end.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// What a server answered.
#[derive(Debug)]
pub struct Response {
    /// `HTTP/1.1 200 OK`
    pub status_line: String,
    /// 0 when the status line has no number.
    pub status: u16,
    /// The body, read as UTF-8 (lossily).
    pub body: String,
}

/// `GET path` on 127.0.0.1:`port` with `Connection: close`; connecting aside, every
/// read and write waits at most `timeout`.
pub fn get(port: u16, path: &str, timeout: Duration) -> std::io::Result<Response> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw);
    let status_line = raw.lines().next().unwrap_or("").to_string();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok(Response {
        status_line,
        status,
        body,
    })
}

/// `GET` of an `http://127.0.0.1:<port>/…` address, waiting at most ten seconds.
pub fn get_url(url: &str) -> std::io::Result<Response> {
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("not an address on 127.0.0.1: {url}"));
    let (port, path) = rest.split_once('/').unwrap_or((rest, ""));
    let port = port.parse().unwrap_or_else(|_| panic!("no port in {url}"));
    get(port, &format!("/{path}"), Duration::from_secs(10))
}
