//! `serve` and `new`: the volunteer's loop of scaffold, edit, preview.

use crate::support::CatalogTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A running `etalase serve`, stopped with Ctrl-C (SIGINT) when dropped.
struct Preview {
    child: Child,
    port: u16,
}

impl Preview {
    fn start(t: &CatalogTest) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
            .args(["serve", "--port", "0", "--cache"])
            .arg(t.path("cache"))
            .current_dir(t.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        // Keep reading, so the server never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let port = first
            .trim()
            .strip_prefix("serving at http://127.0.0.1:")
            .and_then(|p| p.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("first line: {first:?}"));
        Preview { child, port }
    }

    /// `GET path` over a fresh connection: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Subscribes to the event stream; each `event:` name arrives on the channel.
    fn events(&self) -> Receiver<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /_etalase/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ")
                    && tx.send(name.to_string()).is_err()
                {
                    break;
                }
            }
        });
        // Wait until the stream is open before anything changes.
        std::thread::sleep(Duration::from_millis(300));
        rx
    }

    fn stop(mut self) -> (Option<i32>, String) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let started = Instant::now();
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (code, err)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        interrupt(&mut self.child);
    }
}

/// Stops a preview as a volunteer does, with Ctrl-C (so that it removes its working
/// folder); killed only when that does not stop it.
pub fn interrupt(child: &mut Child) {
    // SAFETY: sends a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The working folder of the preview with process number `pid`, if there is one.
fn work_folder_of(pid: u32) -> Option<std::path::PathBuf> {
    [std::path::PathBuf::from("/dev/shm"), std::env::temp_dir()]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flat_map(|entries| entries.flatten())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("etalase-serve-")
        })
        .find(|e| {
            std::fs::read_to_string(e.path().join("pid")).is_ok_and(|p| p.trim() == pid.to_string())
        })
        .map(|e| e.path())
}

#[test]
fn a_preview_leaves_no_working_folder_however_it_ends() {
    let t = CatalogTest::new("minimal");
    // Stopped by the system (closing the terminal, `kill`): it removes its folder.
    let mut first = Preview::start(&t);
    let folder = work_folder_of(first.child.id()).expect("the preview's working folder");
    assert!(folder.join("site/index.html").is_file());
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(first.child.id() as libc::pid_t, libc::SIGTERM) };
    first.child.wait().unwrap();
    assert!(!folder.exists(), "removed on SIGTERM");

    // Killed outright, it cannot; the next preview removes it.
    let mut second = Preview::start(&t);
    let folder = work_folder_of(second.child.id()).unwrap();
    second.child.kill().unwrap();
    second.child.wait().unwrap();
    assert!(folder.exists());
    let third = Preview::start(&t);
    assert!(
        !folder.exists(),
        "a killed preview's folder is removed by the next"
    );
    let own = work_folder_of(third.child.id()).unwrap();
    assert_eq!(third.get("/").0, 200);
    drop(third);
    assert!(!own.exists(), "removed on Ctrl-C");
}

#[track_caller]
fn expect_event(rx: &Receiver<String>, want: &str) {
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(name) => assert_eq!(name, want),
        Err(e) => panic!("no {want} event: {e}"),
    }
}

#[test]
fn serve_rebuilds_on_save_shows_errors_and_keeps_the_last_good_site() {
    let t = CatalogTest::new("minimal");
    let yaml = "content/desa-contoh/keripik-pare/product.yaml";
    let preview = Preview::start(&t);
    let page = "/desa-contoh/keripik-pare/";
    let (status, body) = preview.get(page);
    assert_eq!(status, 200);
    assert!(body.contains("Keripik Pare"));
    assert!(
        body.contains("window.__etalaseProblems=[]"),
        "live-reload script injected"
    );
    let events = preview.events();

    // A text change: rebuilt, reload sent, new text served.
    t.write(
        yaml,
        "name: Keripik Pare Pedas\ncategory: makanan\nprice: 15000\n",
    );
    expect_event(&events, "reload");
    let (_, body) = preview.get(page);
    assert!(body.contains("Keripik Pare Pedas"));

    // Broken: the problems are sent and shown on every page; the last good page stays.
    t.write(
        yaml,
        "name: Keripik Pare Rusak\ncategory: makanan\nprice: dua belas ribu\n",
    );
    expect_event(&events, "problems");
    let (status, body) = preview.get(page);
    assert_eq!(status, 200);
    assert!(
        body.contains("Keripik Pare Pedas") && !body.contains("Keripik Pare Rusak"),
        "last good page"
    );
    assert!(
        body.contains("product.yaml:3:8: error: harga harus dalam rupiah"),
        "overlay data: {body}"
    );
    let (_, home) = preview.get("/");
    assert!(
        home.contains("product.yaml:3:8: error: harga harus dalam rupiah"),
        "overlay on every page"
    );

    // Fixed: reload, and no overlay.
    t.write(
        yaml,
        "name: Keripik Pare Manis\ncategory: makanan\nprice: 15000\n",
    );
    expect_event(&events, "reload");
    let (_, body) = preview.get(page);
    assert!(body.contains("Keripik Pare Manis"));
    assert!(body.contains("window.__etalaseProblems=[]"));

    // Deleted: its page is gone.
    std::fs::remove_dir_all(t.path("content/desa-contoh/keripik-pare")).unwrap();
    expect_event(&events, "reload");
    assert_eq!(preview.get(page).0, 404);

    // Nothing outside the site, however the path is spelled.
    t.write("secret.txt", "not for the browser");
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2E%2E%5Csecret.txt",
    ] {
        let (status, body) = preview.get(bad);
        assert_eq!(status, 404, "{bad}");
        assert!(!body.contains("not for the browser"), "{bad}");
    }
    // The preview never leaves a service worker caching pages.
    let (status, sw) = preview.get("/sw.js");
    assert_eq!(status, 200);
    assert!(sw.contains("unregister()"));

    let (code, stderr) = preview.stop();
    assert_eq!(code, Some(0), "Ctrl-C stops it cleanly: {stderr}");
    assert!(stderr.contains("stopped"));
    assert!(
        !t.path("public").exists(),
        "the preview never writes public/"
    );
}

#[test]
fn a_new_photo_is_the_only_photo_processed() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/keripik-pare/a.jpg",
        crate::support::photos::jpeg(&crate::support::photos::halves(700, 500)),
    );
    let preview = Preview::start(&t);
    let events = preview.events();
    t.write(
        "content/desa-contoh/keripik-pare/b.jpg",
        crate::support::photos::jpeg(&crate::support::photos::halves(640, 480)),
    );
    expect_event(&events, "reload");
    let (_, body) = preview.get("/desa-contoh/keripik-pare/");
    assert!(
        body.contains("/b.") || body.contains("keripik-pare/b."),
        "new photo on the page"
    );
    let (_, stderr) = preview.stop();
    assert!(
        stderr.contains("1 photos processed, 1 from cache"),
        "{stderr}"
    );
}

#[test]
fn new_then_check_then_build() {
    let t = CatalogTest::new("minimal");
    let made = t.run(&["new", "village", "Sidomulyo"]);
    made.expect_code(0);
    assert!(made.stdout.contains("content/sidomulyo/"));
    t.run(&["new", "product", "Sidomulyo", "Keripik Paré: Pedas"])
        .expect_code(0);
    let yaml = t.read("content/sidomulyo/keripik-pare-pedas/product.yaml");
    assert!(yaml.contains("name: \"Keripik Paré: Pedas\""), "{yaml}");
    assert!(
        yaml.lines().filter(|l| l.starts_with('#')).count() > 10,
        "every field explained"
    );
    assert!(
        t.path("content/sidomulyo/keripik-pare-pedas/index.md")
            .is_file()
    );

    let check = t.run(&["check"]);
    check.expect_code(0);
    check.expect_stderr_contains("content/sidomulyo/keripik-pare-pedas/product.yaml");
    check.expect_stderr_contains("warning");
    t.run(&["build"]).expect_code(0);
    assert!(
        t.read("public/sidomulyo/keripik-pare-pedas/index.html")
            .contains("Keripik Paré: Pedas")
    );

    // Never overwrites.
    t.write(
        "content/sidomulyo/village.yaml",
        "name: Sidomulyo\ngroup: KUB Mawar\n",
    );
    // In the catalog's language (Indonesian here), like every failure to run.
    t.run(&["new", "village", "sidomulyo"])
        .expect_code(2)
        .expect_stderr_contains("kesalahan: content/sidomulyo sudah ada");
    assert!(
        t.read("content/sidomulyo/village.yaml")
            .contains("KUB Mawar")
    );
    t.run(&["new", "product", "nowhere", "X"])
        .expect_code(2)
        .expect_stderr_contains("kesalahan: tidak ada desa \"nowhere\"");
}

#[test]
fn lan_mode_prints_an_address_and_a_qr_code_for_the_phone() {
    let t = CatalogTest::new("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["serve", "--lan", "--port", "0", "--cache"])
        .arg(t.path("cache"))
        .current_dir(t.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 || line.starts_with("press Ctrl-C") {
            break;
        }
        lines.push(line);
    }
    interrupt(&mut child);
    let text = lines.concat();
    assert!(text.starts_with("serving at http://127.0.0.1:"), "{text}");
    match lines
        .iter()
        .find(|l| l.starts_with("on a phone on the same Wi-Fi: http://"))
    {
        // A QR code of the address follows, drawn with half-block characters.
        Some(_) => assert!(
            lines
                .iter()
                .filter(|l| l.contains('█') || l.contains('▀') || l.contains('▄'))
                .count()
                > 10,
            "{text}"
        ),
        // A machine with no network but loopback (a sandbox) is told so.
        None => assert!(text.contains("no Wi-Fi or network address found"), "{text}"),
    }
}
