//! Bounded resources: the preview keeps answering while hundreds of idle and slow
//! clients hang on; 10,000 products in one village build; peak memory does not grow
//! with the number of photos.

use super::{CatalogTest, PRODUCT, run_limited};
use crate::support::{http, photos};
use std::io::Write;
use std::time::{Duration, Instant};

/// `GET /` on a fresh connection; the status line, within `limit`.
fn get_front_page(port: u16, limit: Duration) -> Result<String, String> {
    http::get(port, "/", limit)
        .map(|r| r.status_line)
        .map_err(|e| e.to_string())
}

#[test]
fn the_preview_answers_while_hundreds_of_idle_and_slow_clients_hang_on() {
    let t = CatalogTest::new("minimal");
    let server = t.serve(&[]);
    let port = server.port;
    assert_eq!(
        get_front_page(port, Duration::from_secs(10)).unwrap(),
        "HTTP/1.1 200 OK"
    );
    // 200 connections that never send a byte.
    let idle: Vec<_> = (0..200)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // Slowloris: request headers one byte at a time, never finished.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
                    return;
                };
                let header = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
                for b in header.iter().cycle() {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) || s.write_all(&[*b]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for round in 0..5 {
        let start = Instant::now();
        let status = get_front_page(port, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("round {round}: no answer: {e}"));
        assert_eq!(status, "HTTP/1.1 200 OK", "round {round}");
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "round {round}: {:?}",
            start.elapsed()
        );
    }
    // What holding all those connections costs the server.
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let (rss_mb, threads) = (field("VmRSS:") / 1024, field("Threads:"));
    eprintln!("serve with 220 clients hanging on: {rss_mb} MB resident, {threads} threads");
    assert!(rss_mb < 100, "{rss_mb} MB");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drop(idle);
    for s in slow {
        s.join().unwrap();
    }
}

#[test]
fn ten_thousand_products_in_one_village_build() {
    let t = CatalogTest::new("minimal");
    for i in 0..10_000 {
        t.write(
            &format!("content/desa-contoh/produk-{i:05}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
    }
    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(300));
    run.expect(0, "10001 products");
    eprintln!(
        "10,000 products: {:.1} s, peak RSS {} MB",
        run.secs, run.peak_rss_mb
    );
    assert!(
        t.path("public/desa-contoh/produk-09999/index.html")
            .is_file()
    );
}

/// Photos are processed one per worker thread: eight times the photos take about the
/// same peak memory.
#[test]
fn peak_memory_does_not_grow_with_the_number_of_photos() {
    let peak = |photos_n: u32| {
        let t = CatalogTest::new("minimal");
        for i in 0..photos_n {
            t.write(
                &format!("{PRODUCT}/foto-{i:02}.jpg"),
                photos::jpeg(&photos::halves(2400 + i, 1800)),
            );
        }
        let run = run_limited(&t, &["build"], Duration::from_secs(300));
        run.expect(0, "");
        run.peak_rss_mb
    };
    let (few, many) = (peak(2), peak(16));
    eprintln!("peak RSS: 2 photos {few} MB, 16 photos {many} MB");
    assert!(
        many < few + few / 2 + 20,
        "2 photos {few} MB, 16 photos {many} MB"
    );
}
