//! The preview server against requests that never end (issue 14, finding 6): a header
//! line of 64 MB and a slow-loris. With `--lan` anyone on the Wi-Fi can send them; the
//! preview must refuse them without holding their bytes, and answer everyone else.

use super::CatalogTest;
use crate::support::http;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A field of `/proc/PID/status` in MB (`VmRSS:`, `VmHWM:`).
fn memory_mb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

/// A visitor asking for the front page again and again until stopped: the statuses it
/// got.
fn visitor(port: u16, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<u16>> {
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let status = http::get(port, "/", Duration::from_secs(10)).map_or(0, |r| r.status);
            seen.push(status);
            std::thread::sleep(Duration::from_millis(50));
        }
        seen
    })
}

#[test]
fn a_header_line_that_never_ends_is_refused_without_growing_the_preview() {
    let t = CatalogTest::new("minimal");
    let preview = t.serve(&[]);
    let (port, pid) = (preview.port, preview.child.id());
    let stop = Arc::new(AtomicBool::new(false));
    let during = visitor(port, stop.clone());

    // 64 MB of one header line, never ended, as fast as the server takes it.
    const TOTAL: usize = 64 << 20;
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // What the server answers, read all along (before a reset could drop it).
    let mut reader = s.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    });
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: ")
        .unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < TOTAL {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    let answer = answer.join().unwrap();
    stop.store(true, Ordering::Relaxed);
    let during = during.join().unwrap();
    let (rss, peak) = (memory_mb(pid, "VmRSS:"), memory_mb(pid, "VmHWM:"));
    eprintln!(
        "64 MB header: refused after {} KB sent; answer {:?}; serve {rss} MB resident, peak {peak} MB",
        sent / 1024,
        answer.lines().next().unwrap_or("")
    );
    assert!(
        sent < TOTAL / 4,
        "the connection was still taking bytes after {} MB",
        sent >> 20
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431 "),
        "{answer}"
    );
    assert!(peak < 100, "serve peaked at {peak} MB");
    assert!(!during.is_empty());
    assert!(
        during.iter().all(|&s| s == 200),
        "the front page meanwhile: {during:?}"
    );
    assert_eq!(preview.get("/").0, 200, "and after");

    // A header just over the limit, sent whole: the answer says what is wrong.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = s.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    });
    let long = "a".repeat(70 * 1024);
    let _ = write!(
        s,
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: {long}\r\n\r\n"
    );
    let answer = answer.join().unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large"),
        "{answer:?}"
    );
}

#[test]
fn a_slow_loris_and_a_silent_connection_are_closed_while_others_are_served() {
    let t = CatalogTest::new("minimal");
    let preview = t.serve(&[]);
    let port = preview.port;
    let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    // A read that waits a second: one byte a second.
    slow.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .unwrap();
    let started = Instant::now();
    let mut sent = 0;
    let mut buf = [0u8; 1024];
    let closed = loop {
        if started.elapsed() > Duration::from_secs(90) {
            break false;
        }
        if slow.write_all(b"a").is_err() {
            break true;
        }
        sent += 1;
        match slow.read(&mut buf) {
            // Closed (at most after a word, such as 408).
            Ok(_) => break true,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break true,
        }
        if sent == 3 {
            assert_eq!(preview.get("/").0, 200, "served during the slow-loris");
        }
    };
    eprintln!(
        "slow-loris closed after {sent} bytes, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(closed, "a slow-loris kept its connection for 90 s");
    // The connection that never sent a byte was closed by then too.
    silent
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let silent_closed = match silent.read(&mut buf) {
        Ok(0) => true,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        Ok(_) => false,
    };
    assert!(silent_closed, "a silent connection stays open");
    assert_eq!(preview.get("/").0, 200, "served after");
}
