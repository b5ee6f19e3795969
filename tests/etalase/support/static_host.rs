//! The tests' static host: a built site served as GitHub Pages, Netlify or any plain
//! host serves it to a buyer's browser (not `etalase serve`, which adds live reload and
//! removes service workers). The one host of the browser, publishing and hardening
//! tests, with what each needs:
//!
//! - the site at `/` or under a sub-path (`/katalog/`, as a GitHub project page), or
//!   both; every other address answers `404.html` with status 404, as static hosts do;
//! - a folder asked for without its `/`, and a sub-path without its `/`, redirected
//!   to it (301);
//! - every file kept ten minutes (`Cache-Control: max-age=600`), as GitHub Pages does,
//!   `sw.js` included, with an `ETag` (a request naming it gets 304 Not Modified);
//! - text (HTML, CSS, JS, JSON, SVG, XML) gzipped for a browser that accepts it, as the
//!   free hosts do; the bytes sent for each request are counted ([`StaticHost::sent_since`]);
//! - a log of every path asked for, with marks: `/__mark/<name>` (asked by a test
//!   script, not the browser) or [`StaticHost::mark`] puts one in the log. Between the
//!   marks `offline` and `online-again` the host is down: it closes every connection
//!   without an answer, as a phone without signal sees it. (Emulated offline does not
//!   reach every request a browser makes: its own check of sw.js, and in Chromium 148 a
//!   service worker's fetches.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A static host on 127.0.0.1, answering on threads of its own for as long as the test
/// runs.
pub struct StaticHost {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    sent: Arc<Mutex<Vec<(String, u64)>>>,
}

impl StaticHost {
    /// Serves `dir` at `/`.
    pub fn start(dir: &Path) -> StaticHost {
        StaticHost::at(dir, &["/"])
    }

    /// Serves `dir` under each of `prefixes` (each begins and ends with `/`; the first
    /// that an address begins with is the one used).
    pub fn at(dir: &Path, prefixes: &[&str]) -> StaticHost {
        assert!(
            prefixes
                .iter()
                .all(|p| p.starts_with('/') && p.ends_with('/')),
            "{prefixes:?}"
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            dir: dir.to_path_buf(),
            prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
        });
        let (shared, counted) = (log.clone(), sent.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (site, log, sent) = (site.clone(), shared.clone(), counted.clone());
                std::thread::spawn(move || {
                    let _ = site.respond(stream, &log, &sent);
                });
            }
        });
        StaticHost { port, log, sent }
    }

    /// The full address of `path` on this host.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Puts a mark in the log.
    pub fn mark(&self, name: &str) {
        self.log.lock().unwrap().push(format!("/__mark/{name}"));
        self.sent
            .lock()
            .unwrap()
            .push((format!("/__mark/{name}"), 0));
    }

    /// Each answer sent since the mark `from`, in order: its path and the bytes sent
    /// (headers and body, as they went over the connection).
    pub fn sent_since(&self, from: &str) -> Vec<(String, u64)> {
        let sent = self.sent.lock().unwrap();
        let start = sent
            .iter()
            .position(|(l, _)| l == &format!("/__mark/{from}"))
            .expect("the mark");
        sent[start + 1..].to_vec()
    }

    /// The paths asked for since the mark `from`.
    pub fn since(&self, from: &str) -> Vec<String> {
        let log = self.log.lock().unwrap();
        let start = log
            .iter()
            .position(|l| l == &format!("/__mark/{from}"))
            .expect("the mark");
        log[start + 1..].to_vec()
    }
}

/// What one host serves.
struct Site {
    dir: PathBuf,
    prefixes: Vec<String>,
}

impl Site {
    fn respond(
        &self,
        stream: TcpStream,
        log: &Mutex<Vec<String>>,
        sent: &Mutex<Vec<(String, u64)>>,
    ) -> std::io::Result<()> {
        let request = read_request(&stream)?;
        let mut stream = Counted { stream, bytes: 0 };
        let done = self.answer(&mut stream, &request, log);
        sent.lock()
            .unwrap()
            .push((request.path.clone(), stream.bytes));
        done
    }

    fn answer(
        &self,
        stream: &mut Counted,
        request: &Request,
        log: &Mutex<Vec<String>>,
    ) -> std::io::Result<()> {
        let (method, path) = (request.method.as_str(), request.path.clone());
        let down = {
            let mut log = log.lock().unwrap();
            log.push(path.clone());
            let last_mark = log.iter().rev().find(|l| l.starts_with("/__mark/"));
            last_mark.is_some_and(|m| m == "/__mark/offline")
        };
        if path.starts_with("/__mark/") {
            return send(stream, method, 204, &[], b"");
        }
        if down {
            return Ok(()); // dropped unanswered: the connection closes
        }
        let decoded = percent_encoding::percent_decode_str(&path)
            .decode_utf8_lossy()
            .into_owned();
        if self.prefixes.iter().any(|p| *p == format!("{decoded}/")) {
            return redirect(stream, method, &format!("{path}/"));
        }
        let Some(rel) = self
            .prefixes
            .iter()
            .find_map(|p| decoded.strip_prefix(p.as_str()))
        else {
            return self.not_found(stream, method);
        };
        let mut file = self.dir.clone();
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            if part == ".." {
                return self.not_found(stream, method);
            }
            file.push(part);
        }
        if file.is_dir() {
            if !decoded.ends_with('/') {
                return redirect(stream, method, &format!("{path}/"));
            }
            file.push("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) => {
                let etag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&body));
                if request.if_none_match.as_deref() == Some(etag.as_str()) {
                    return send(stream, method, 304, &[("ETag", &etag)], b"");
                }
                let ctype = content_type(&file);
                let mut headers = kept(ctype).to_vec();
                headers.push(("ETag", &etag));
                let text = !ctype.starts_with("image/") || ctype.starts_with("image/svg");
                if text && request.gzip {
                    use std::io::Write as _;
                    let mut gz =
                        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                    gz.write_all(&body)?;
                    let zipped = gz.finish()?;
                    headers.push(("Content-Encoding", "gzip"));
                    headers.push(("Vary", "Accept-Encoding"));
                    return send(stream, method, 200, &headers, &zipped);
                }
                send(stream, method, 200, &headers, &body)
            }
            Err(_) => self.not_found(stream, method),
        }
    }

    /// The site's own `404.html`, with status 404.
    fn not_found(&self, stream: &mut Counted, method: &str) -> std::io::Result<()> {
        let body = std::fs::read(self.dir.join("404.html")).unwrap_or_default();
        let headers = kept("text/html; charset=utf-8");
        send(stream, method, 404, &headers, &body)
    }
}

/// The headers of a file: its type, kept ten minutes.
fn kept(ctype: &str) -> [(&str, &str); 2] {
    [("Content-Type", ctype), ("Cache-Control", "max-age=600")]
}

fn redirect(stream: &mut Counted, method: &str, to: &str) -> std::io::Result<()> {
    send(stream, method, 301, &[("Location", to)], b"")
}

/// What the host reads of a request.
struct Request {
    method: String,
    /// Without query or fragment.
    path: String,
    gzip: bool,
    if_none_match: Option<String>,
}

/// A connection that counts the bytes written to it.
struct Counted {
    stream: TcpStream,
    bytes: u64,
}

/// Reads a request's first line and headers.
fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let (mut gzip, mut if_none_match) = (false, None);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "accept-encoding" {
                gzip = value.split(',').any(|e| e.trim().starts_with("gzip"));
            } else if name == "if-none-match" {
                if_none_match = Some(value.to_string());
            }
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        gzip,
        if_none_match,
    })
}

/// Writes a whole response and closes the connection once the browser has read it.
fn send(
    stream: &mut Counted,
    method: &str,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        301 => "Moved Permanently",
        _ => "Not Found",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if status != 204 && status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.bytes += head.len() as u64;
    stream.stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.stream.write_all(body)?;
        stream.bytes += body.len() as u64;
    }
    let stream = &mut stream.stream;
    // Let the browser read everything before the socket closes.
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.read(&mut [0; 64]);
    Ok(())
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        _ => "text/plain; charset=utf-8",
    }
}
