//! Search that does not load the whole catalog (issue 18, point 4), in a real browser on
//! a generated catalog of 2,000 products, served by a host that gzips text as the free
//! hosts do: what a buyer's first search transfers, counted by the DevTools protocol,
//! and what it finds (a misspelling, a village never visited, more results on asking).
//! `tests/browser/search-first.mjs` drives Chromium.

use super::gzip_len;
use crate::support::CatalogTest;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// What a first query of a few letters may transfer: the search files it loads
/// (entry, word shards, the rows of the results shown), headers included.
const FIRST_QUERY_BUDGET: u64 = 50 * 1024;

#[test]
fn a_first_search_loads_a_small_part_of_a_large_catalog() {
    let t = CatalogTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let spec = etalase::testing::photos::CatalogSpec {
        villages: 40,
        products: 50,
        photos: 1,
        width: 400,
        height: 300,
        quality: 80,
        progressive_every: 0,
        portrait_every: 0,
        seed: 18,
    };
    etalase::testing::photos::write_catalog(&spec, &t.path("content")).unwrap();
    t.run(&["build"]).expect_code(0);
    let public = t.path("public");
    let index = crate::support::search::whole(&public);
    let rows = index["p"].as_array().unwrap();
    assert_eq!(rows.len(), 2000);
    let name_at = index["f"]["p"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f == "name")
        .unwrap();
    let keripik = rows
        .iter()
        .filter(|r| r[name_at].as_str().unwrap().contains("Keripik"))
        .count();
    assert!(keripik > 100, "{keripik}");
    let whole: usize = std::fs::read_dir(public.join("assets/search"))
        .unwrap()
        .map(|e| gzip_len(&std::fs::read(e.unwrap().path()).unwrap()))
        .sum();

    let host = GzipHost::start(&public);
    let out = crate::support::browser_script(
        "search-first.mjs",
        &json!({
            "base": host.url(),
            "queries": ["kerip", "kripik", "kripik 040"],
            "more": "kripik",
        }),
    );
    // The first query's transfer, within the budget and a small part of the index.
    let kerip = &out["kerip"];
    let bytes = kerip["bytes"].as_u64().unwrap();
    assert!(
        bytes <= FIRST_QUERY_BUDGET,
        "kerip: {bytes} bytes (whole index {whole} gzipped): {}",
        kerip["files"]
    );
    assert!(
        (bytes as usize) * 3 < whole,
        "{bytes} of {whole}: {}",
        kerip["files"]
    );
    // Gzipped as sent: the host compressed what it sent.
    assert!(host_gzipped(&kerip["files"]), "{}", kerip["files"]);
    // `kripik` is `keripik` misspelt: every Keripik product, the first 24 shown.
    let kripik = &out["kripik"];
    let names = strings(&kripik["names"]);
    assert_eq!(names.len(), 24, "{kripik}");
    assert!(names.iter().all(|n| n.contains("Keripik")), "{names:?}");
    assert!(
        kripik["found"]
            .as_str()
            .unwrap()
            .contains(&keripik.to_string()),
        "{keripik} products: {}",
        kripik["found"]
    );
    // More on asking: the next rows loaded, still Keripik.
    let more = strings(&kripik["more"]);
    assert_eq!(more.len(), 48, "{more:?}");
    assert!(more.iter().all(|n| n.contains("Keripik")), "{more:?}");
    // A product of a village never visited (the browser saw only `cari/`): found, its
    // card leading to its page.
    let far = &out["kripik 040"];
    let villages = strings(&far["villages"]);
    assert!(!villages.is_empty(), "{far}");
    assert!(villages.iter().all(|v| v == "Desa 040"), "{villages:?}");
    let href = far["hrefs"][0].as_str().unwrap();
    assert!(href.starts_with("../desa-040/"), "{href}");
    assert!(
        public
            .join(href.trim_start_matches("../"))
            .join("index.html")
            .is_file()
    );
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Whether every file was sent smaller than it is (the host gzipped it).
fn host_gzipped(files: &Value) -> bool {
    files
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f[1].as_u64() > Some(0))
}

/// A static host that gzips text, as GitHub Pages and Netlify do; the tests' static host
/// sends files as they are.
struct GzipHost {
    port: u16,
}

impl GzipHost {
    fn start(dir: &Path) -> GzipHost {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let _ = respond(&dir, stream);
                });
            }
        });
        GzipHost { port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

fn respond(dir: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        gzip |= lower.starts_with("accept-encoding:") && lower.contains("gzip");
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut file = PathBuf::from(dir);
    for part in path.split('/').filter(|p| !p.is_empty() && *p != "..") {
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body),
        Err(_) => ("404 Not Found", b"not found".to_vec()),
    };
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let ctype = match ext {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "jpg" => "image/jpeg",
        "webp" => "image/webp",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let text = ctype.starts_with("text/") || ctype.contains("json") || ext == "svg";
    let (body, encoding) = if gzip && text {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        gz.write_all(&body)?;
        (gz.finish()?, "Content-Encoding: gzip\r\n")
    } else {
        (body, "")
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{encoding}Content-Length: {}\r\nCache-Control: max-age=600\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}
