//! `serve` and `new`: the volunteer's loop of scaffold, edit, preview.

use crate::support::CatalogTest;
use crate::support::serve::Event;
use std::sync::mpsc::Receiver;
use std::time::Duration;

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
    let mut first = t.serve(&[]);
    let folder = work_folder_of(first.child.id()).expect("the preview's working folder");
    assert!(folder.join("site/index.html").is_file());
    // SAFETY: a signal to our own child.
    unsafe { libc::kill(first.child.id() as libc::pid_t, libc::SIGTERM) };
    first.child.wait().unwrap();
    assert!(!folder.exists(), "removed on SIGTERM");

    // Killed outright, it cannot; the next preview removes it.
    let mut second = t.serve(&[]);
    let folder = work_folder_of(second.child.id()).unwrap();
    second.child.kill().unwrap();
    second.child.wait().unwrap();
    assert!(folder.exists());
    let third = t.serve(&[]);
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
fn expect_event(rx: &Receiver<Event>, want: &str) {
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(event) => assert_eq!(event.name, want),
        Err(e) => panic!("no {want} event: {e}"),
    }
}

#[test]
fn serve_rebuilds_on_save_shows_errors_and_keeps_the_last_good_site() {
    let t = CatalogTest::new("minimal");
    let yaml = "content/desa-contoh/keripik-pare/product.yaml";
    let preview = t.serve(&[]);
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
        body.contains("product.yaml:3:8: error: harga ") && body.contains("ditulis dengan huruf"),
        "overlay data: {body}"
    );
    let (_, home) = preview.get("/");
    assert!(
        home.contains("product.yaml:3:8: error: harga ") && home.contains("ditulis dengan huruf"),
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
    assert!(stderr.contains("pratinjau dihentikan"), "{stderr}");
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
    let preview = t.serve(&[]);
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
    assert!(stderr.contains("1 foto diproses, 1 dari cache"), "{stderr}");
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
    let preview = t.serve(&["--lan"]);
    let mut lines = vec![preview.banner.clone()];
    lines.extend(preview.stdout_until("tekan Ctrl-C"));
    drop(preview);
    let text = lines.join("\n");
    assert!(text.starts_with("pratinjau di http://127.0.0.1:"), "{text}");
    match lines
        .iter()
        .find(|l| l.starts_with("di HP yang tersambung ke Wi-Fi yang sama: http://"))
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
        None => assert!(
            text.contains("tidak ada alamat Wi-Fi atau jaringan"),
            "{text}"
        ),
    }
}

/// Words of the preview's English lines: none may reach a volunteer whose catalog is
/// in Indonesian.
const ENGLISH: &[&str] = &[
    "serving",
    "press",
    "stop",
    "rebuilt",
    "built",
    "errors",
    "pages",
    "photos",
    "processed",
    "from cache",
    "still",
    "phone",
    "same Wi-Fi",
    "no Wi-Fi",
    "found",
    "connect",
    "watch",
];

/// Everything `serve args…` prints in a session on `t`'s catalog: started, a save that
/// breaks a product, a save that mends it, Ctrl-C. Lines of the QR code left out.
fn session(t: &CatalogTest, args: &[&str]) -> Vec<String> {
    let yaml = "content/desa-contoh/keripik-pare/product.yaml";
    let good = t.read(yaml);
    let preview = t.serve(args);
    let events = preview.events();
    t.write(
        yaml,
        "name: Keripik Pare\ncategory: makanan\nprice: dua belas ribu\n",
    );
    expect_event(&events, "problems");
    t.write(yaml, &good);
    expect_event(&events, "reload");
    let banner = preview.banner.clone();
    let (code, stdout, stderr) = preview.stop_with_stdout();
    assert_eq!(code, Some(0), "{stderr}");
    std::iter::once(banner)
        .chain(stdout)
        .chain(stderr.lines().map(str::to_string))
        .filter(|l| !l.contains(['█', '▀', '▄']) && !l.trim().is_empty())
        .collect()
}

/// `serve` and `serve --lan` on a catalog without `language:` speak Indonesian on every
/// line they print, its status lines as the browser's overlay; English with `--lang en`
/// or `language: en`. The address stays the last word of the first line in both.
#[test]
fn serve_speaks_the_catalogs_language() {
    for args in [&[][..], &["--lan"][..]] {
        let t = CatalogTest::new("minimal");
        let lines = session(&t, args);
        let text = lines.join("\n");
        for line in &lines {
            // A diagnostic's path and its `error`/`warning` label stay as they are.
            let words = [": error: ", ": warning: "]
                .iter()
                .find_map(|label| line.split_once(label))
                .map_or(line.as_str(), |(_, m)| m);
            for english in ENGLISH {
                assert!(!words.contains(english), "{english:?} in {line:?}:\n{text}");
            }
        }
        for said in [
            "pratinjau di http://127.0.0.1:",
            "tekan Ctrl-C untuk berhenti",
            "dibangun ulang dalam ",
            " halaman, ",
            "tidak dibangun ulang: 1 kesalahan; pratinjau tetap menampilkan situs terakhir yang berhasil",
            "pratinjau dihentikan",
        ] {
            assert!(text.contains(said), "{said:?} not in:\n{text}");
        }
        if args == ["--lan"] {
            assert!(
                text.contains("di HP yang tersambung ke Wi-Fi yang sama: http://")
                    || text.contains("tidak ada alamat Wi-Fi atau jaringan: sambungkan"),
                "{text}"
            );
        }
    }
    for english in [
        &["--lang", "en"][..],
        &["--lan", "--lang", "en"][..],
        &[][..],
    ] {
        let t = CatalogTest::new("minimal");
        if english.is_empty() {
            let catalog = t.read("content/catalog.yaml");
            t.write("content/catalog.yaml", format!("{catalog}language: en\n"));
        }
        let text = session(&t, english).join("\n");
        for said in [
            "serving at http://127.0.0.1:",
            "press Ctrl-C to stop",
            "rebuilt in ",
            "not rebuilt: 1 error; still serving the last good site",
            "stopped",
        ] {
            assert!(text.contains(said), "{said:?} not in:\n{text}");
        }
        if english.contains(&"--lan") {
            assert!(
                text.contains("on a phone on the same Wi-Fi: http://")
                    || text.contains("no Wi-Fi or network address found: connect"),
                "{text}"
            );
        }
        assert!(!text.contains("pratinjau"), "{text}");
    }
}

/// Everything `new` prints in a volunteer's first steps: a village, a product, a
/// product name with a space typed without quotes, a product without its name.
fn new_steps(t: &CatalogTest) -> String {
    let mut text = String::new();
    for (args, code) in [
        (&["new", "village", "Sidomulyo"][..], 0),
        (&["new", "product", "sidomulyo", "Keripik Pare"][..], 0),
        (&["new", "product", "sidomulyo", "Sagon", "Kelapa"][..], 2),
        (&["new", "product", "sidomulyo"][..], 2),
    ] {
        let run = t.run(args);
        run.expect_code(code);
        text.push_str(&run.stdout);
        text.push_str(&run.stderr);
    }
    text
}

/// `new` on a catalog without `language:` speaks Indonesian on every line, its
/// mistakes on the command line included (clap's English before); English with
/// `language: en`.
#[test]
fn new_speaks_the_catalogs_language() {
    let t = CatalogTest::new("minimal");
    let text = new_steps(&t);
    for english in [
        "made",
        "next",
        "fill in",
        "run ",
        "error",
        "unexpected",
        "argument",
        "required",
        "Usage",
        "For more",
        "found",
        "provided",
        "quotes",
    ] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
    for said in [
        "dibuat: content/sidomulyo/\nberikutnya: isi file YAML di sana",
        "dibuat: content/sidomulyo/keripik-pare/",
        "kesalahan: ada kata lebih: 'Kelapa'; nama yang berisi spasi ditulis di antara tanda kutip",
        "cara pakai: etalase new product [OPTIONS] <VILLAGE> <NAME>",
        "kesalahan: perintah ini masih perlu <NAME>",
    ] {
        assert!(text.contains(said), "{said:?} not in:\n{text}");
    }

    let t = CatalogTest::new("minimal");
    let catalog = t.read("content/catalog.yaml");
    t.write("content/catalog.yaml", format!("{catalog}language: en\n"));
    let text = new_steps(&t);
    for said in [
        "made content/sidomulyo/\nnext: fill in the YAML file there",
        "error: one word too many: 'Kelapa'; a name with spaces goes in quotes",
        "usage: etalase new product [OPTIONS] <VILLAGE> <NAME>",
        "error: this command needs <NAME>",
    ] {
        assert!(text.contains(said), "{said:?} not in:\n{text}");
    }
    assert!(!text.contains("kesalahan"), "{text}");
}

/// `etalase build` on a terminal (a pseudo-terminal made by `script`), its stderr as
/// the volunteer sees it.
fn build_on_a_terminal(t: &CatalogTest, extra: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_etalase");
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{bin} build --cache cache {extra}"),
            "/dev/null",
        ])
        .current_dir(t.dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs a command on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The progress bar over the photos (drawn on a terminal only, by `build` and `serve`)
/// counts `foto` on an Indonesian catalog, `photos` in English.
#[test]
fn the_photo_progress_bar_speaks_the_catalogs_language() {
    let t = CatalogTest::new("minimal");
    for i in 0..3 {
        t.write(
            &format!("content/desa-contoh/keripik-pare/{i}.jpg"),
            crate::support::photos::jpeg(&crate::support::photos::halves(64 + i, 48)),
        );
    }
    // Which frames are drawn depends on the machine's speed (the bar redraws at most
    // so often): any count of the three photos will do, in the catalog's word.
    let counted =
        |shown: &str, word: &str| (0..=3).any(|n| shown.contains(&format!(" {word} {n}/3 [")));
    let shown = build_on_a_terminal(&t, "");
    assert!(counted(&shown, "foto"), "{shown:?}");
    assert!(!shown.contains("photos"), "{shown:?}");
    std::fs::remove_dir_all(t.path("cache")).unwrap();
    let shown = build_on_a_terminal(&t, "--lang en");
    assert!(counted(&shown, "photos"), "{shown:?}");
}

/// Many open tabs (the old server answered 503 past 64 requests in flight, each open
/// event stream one of them): 100 event streams held open, then three tabs in
/// Chromium; a save reloads every tab and reaches every stream, and a new tab still
/// opens. Then a problem quoting `<!--<script>` (which, unescaped in the injected
/// script, would turn the rest of the page into script and stop the overlay): every
/// tab, and a tab opened afterwards, shows it as text, and the page is whole.
#[test]
fn many_open_tabs_all_reload_and_the_overlay_shows_any_message_as_text() {
    let t = CatalogTest::new("minimal");
    let yaml = "content/desa-contoh/keripik-pare/product.yaml";
    let preview = t.serve(&[]);
    let mut streams: Vec<_> = (0..100).map(|_| open_stream(preview.port)).collect();
    let out = crate::support::browser_script(
        "preview.mjs",
        &serde_json::json!({
            "url": format!("http://127.0.0.1:{}/desa-contoh/keripik-pare/", preview.port),
            "tabs": 3,
            "saves": [
                { "file": t.path(yaml), "expect": "reload",
                  "text": "name: Keripik Pare Pedas\ncategory: makanan\nprice: 15000\n" },
                { "file": t.path(yaml), "expect": "overlay",
                  "text": "name: Keripik Pare Pedas\ncategory: makanan\nprice: \"<!--<script>\"\n" },
            ],
        }),
    );
    assert_eq!(out["pageErrors"], serde_json::json!([]), "{out}");
    let reload = &out["saves"][0];
    for tab in reload["tabs"].as_array().unwrap() {
        assert_eq!(tab["reloaded"], true, "{out}");
        assert_eq!(tab["h1"], "Keripik Pare Pedas", "{out}");
    }
    assert_eq!(reload["tabs"].as_array().unwrap().len(), 3);
    assert_eq!(reload["fresh"]["h1"], "Keripik Pare Pedas", "{out}");
    for (i, stream) in streams.iter_mut().enumerate() {
        assert!(
            read_until(stream, "event: reload"),
            "stream {i} got no reload"
        );
    }

    let quoted = "product.yaml:3:8: error: harga harus dalam rupiah";
    let broken = &out["saves"][1];
    for page in broken["tabs"]
        .as_array()
        .unwrap()
        .iter()
        .chain([&broken["fresh"]])
    {
        let overlay = page["overlay"].as_str().unwrap_or_else(|| panic!("{out}"));
        assert!(
            overlay.contains(quoted) && overlay.contains("\"<!--<script>\""),
            "{overlay}"
        );
        assert_eq!(
            page["footer"], true,
            "the page after the script is whole: {out}"
        );
        assert_eq!(
            page["h1"], "Keripik Pare Pedas",
            "the last good page: {out}"
        );
    }
}

/// An event stream opened on a raw socket: its answer's status line must be 200.
fn open_stream(port: u16) -> std::io::BufReader<std::net::TcpStream> {
    use std::io::{BufRead, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /_etalase/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut s = std::io::BufReader::new(s);
    let mut status = String::new();
    s.read_line(&mut status).unwrap();
    assert_eq!(status.trim_end(), "HTTP/1.1 200 OK");
    s
}

/// Reads lines until one is `line`: false at the end of the stream or after 10 s
/// without a byte.
fn read_until(stream: &mut std::io::BufReader<std::net::TcpStream>, line: &str) -> bool {
    use std::io::BufRead;
    let mut text = String::new();
    loop {
        text.clear();
        match stream.read_line(&mut text) {
            Ok(0) | Err(_) => return false,
            Ok(_) if text.trim_end() == line => return true,
            Ok(_) => {}
        }
    }
}
