//! `etalase` double-clicked (issue 17, point 3): started with no arguments and no
//! terminal, it opens the workshop on the catalog in its folder, with a short message
//! saying what it is doing and how to stop it, and opens the browser; in a folder with
//! no catalog it offers, in the browser, to make one as `init` does, then opens the
//! workshop on it. From a terminal, no arguments still print the usage. The real
//! binary, HTTP on 127.0.0.1 only (it listens on every address, as for phones).

use crate::support::CatalogTest;
use crate::support::serve::Preview;
use crate::workshop::{Answer, csrf_of, request, sign_in};
use std::path::Path;
use std::time::{Duration, Instant};

/// An `ETALASE_BROWSER` that writes the address it is given into `opened.txt` in `dir`.
fn browser_script(dir: &Path) -> String {
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n",
            dir.join("opened.txt").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script.to_string_lossy().into_owned()
}

/// What the script was asked to open, waited for (the browser is opened beside the
/// server's start).
fn opened(dir: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(url) = std::fs::read_to_string(dir.join("opened.txt"))
            && !url.is_empty()
        {
            return url;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no browser opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

fn post(shop: &Preview, cookie: &str, path: &str, body: &str) -> Answer {
    request(
        shop.port,
        "POST",
        path,
        &[
            ("Cookie", cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &format!("http://127.0.0.1:{}", shop.port)),
        ],
        body,
    )
}

/// `Hentikan ruang kerja` with the page's token: the page says so, and the process ends
/// by itself with exit status 0.
fn stop_by_the_button(mut shop: Preview, cookie: &str, page: &str) {
    let stopped = post(
        &shop,
        cookie,
        "/berhenti",
        &format!("csrf={}", csrf_of(page)),
    );
    assert_eq!(stopped.status, 200, "{}", stopped.body);
    assert!(
        stopped.body.contains("Ruang kerja sudah dihentikan"),
        "{}",
        stopped.body
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = shop.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the button did not stop the workshop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn double_clicked_in_a_folder_with_a_catalog_it_opens_the_workshop_and_says_how_to_stop() {
    let t = CatalogTest::new("minimal");
    let browser = browser_script(t.dir.path());
    let cache = t.path("cache");
    let shop = Preview::double_clicked(
        t.dir.path(),
        &[
            ("ETALASE_BROWSER", &browser),
            ("ETALASE_CACHE", cache.to_str().unwrap()),
        ],
    );
    // The first line is the workshop's address; the browser was opened on it.
    assert!(
        shop.banner.starts_with("ruang kerja di http://127.0.0.1:"),
        "{}",
        shop.banner
    );
    let url = shop.banner.split_whitespace().last().unwrap().to_string();
    assert_eq!(opened(t.dir.path()), url);
    // The rest of the message: which catalog, the phone's address, how to stop.
    let message = shop.stdout_until("untuk berhenti");
    let content = std::fs::canonicalize(t.path("content")).unwrap();
    assert!(
        message[0].starts_with("katalog di ") && message[0].contains(&*content.to_string_lossy()),
        "{message:?}"
    );
    assert!(
        message
            .iter()
            .any(|l| l.starts_with("siapa pun yang punya alamat ini")),
        "{message:?}"
    );
    // Short enough for a window: no QR code drawn in it (the page has it).
    assert!(message.len() <= 4, "{message:?}");

    let cookie = sign_in(&shop);
    let front = get(&shop, &cookie, "/");
    assert_eq!(front.status, 200, "{}", front.body);
    assert!(front.body.contains("Keripik Pare"), "{}", front.body);
    assert!(
        front.body.contains("Hentikan ruang kerja"),
        "{}",
        front.body
    );
    // With the phone's address as a QR code: started for the group's phones.
    assert!(front.body.contains("<svg class=\"qr\""), "{}", front.body);
    // The preview is built from the same catalog.
    let preview = get(&shop, &cookie, "/pratinjau/");
    assert_eq!(preview.status, 200);
    stop_by_the_button(shop, &cookie, &front.body);
}

#[test]
fn double_clicked_in_an_empty_folder_it_offers_to_make_a_catalog_then_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let browser = browser_script(dir.path());
    let cache = dir.path().join("cache");
    let shop = Preview::double_clicked(
        dir.path(),
        &[
            ("ETALASE_BROWSER", &browser),
            ("ETALASE_CACHE", cache.to_str().unwrap()),
        ],
    );
    let message = shop.stdout_until("untuk berhenti");
    assert!(
        message[0].starts_with("belum ada katalog di ")
            && message[0].ends_with("halaman di browser menawarkan untuk membuatnya"),
        "{message:?}"
    );
    opened(dir.path());
    let cookie = sign_in(&shop);
    let offer = get(&shop, &cookie, "/");
    assert_eq!(offer.status, 200, "{}", offer.body);
    assert!(offer.body.contains("Buat katalog"), "{}", offer.body);
    assert!(
        offer.body.contains("value=\"katalog-kami\""),
        "{}",
        offer.body
    );
    let csrf = csrf_of(&offer.body);
    // Any other address goes to the offer.
    let elsewhere = get(&shop, &cookie, "/pratinjau/");
    assert_eq!(elsewhere.status, 303);

    // A name that is no folder's: said beside the field, nothing made.
    let wrong = post(
        &shop,
        &cookie,
        "/buat",
        &format!("csrf={csrf}&nama=..%2Fluar"),
    );
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("id=\"f-nama-error\""), "{}", wrong.body);
    assert!(wrong.body.contains("tanpa garis miring"), "{}", wrong.body);
    assert!(!dir.path().join("../luar").exists());
    // A folder that is not empty: init's own message.
    std::fs::create_dir(dir.path().join("penuh")).unwrap();
    std::fs::write(dir.path().join("penuh/catatan.txt"), "x").unwrap();
    let busy = post(&shop, &cookie, "/buat", &format!("csrf={csrf}&nama=penuh"));
    assert_eq!(busy.status, 422, "{}", busy.body);
    assert!(busy.body.contains("tidak kosong"), "{}", busy.body);

    let made = post(
        &shop,
        &cookie,
        "/buat",
        &format!("csrf={csrf}&nama=katalog-kami"),
    );
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("Katalog dibuat di"), "{}", made.body);
    let repo = dir.path().join("katalog-kami");
    for file in [
        "content/catalog.yaml",
        "content/desa-contoh/produk-contoh/product.yaml",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(repo.join(file).is_file(), "{file}");
    }
    // The workshop then answers at the same address, the session going on.
    let start = Instant::now();
    let front = loop {
        let front = get(&shop, &cookie, "/");
        if front.status == 200 && front.body.contains("Tambah desa") {
            break front;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no workshop after the catalog was made: {} {}",
            front.status,
            front.body
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(front.body.contains("Produk Contoh"), "{}", front.body);
    let said = shop.stdout_through("katalog dibuat di ");
    assert!(
        said.last().unwrap().ends_with("katalog-kami/content"),
        "{said:?}"
    );
    stop_by_the_button(shop, &cookie, &front.body);
}

#[test]
fn from_a_terminal_with_no_arguments_it_prints_its_usage() {
    // `script` gives etalase a terminal of its own, as a typed command has.
    let out = std::process::Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_etalase"), "/dev/null"])
        .env("ETALASE_BROWSER", "")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Usage:"), "{said}");
    assert!(said.contains("start"), "{said}");
    assert!(!said.contains("ruang kerja di"), "{said}");
}

/// A folder laid out as a release archive: the binary, the sample catalog's place
/// (`content/`) holding a catalog, and the starters of `templates/release/`.
fn archive() -> CatalogTest {
    let t = CatalogTest::new("minimal");
    std::fs::copy(env!("CARGO_BIN_EXE_etalase"), t.path("etalase")).unwrap();
    let starters = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/release");
    for name in ["Mulai etalase.command", "Mulai etalase.desktop"] {
        std::fs::copy(starters.join(name), t.path(name)).unwrap();
    }
    t
}

/// Runs a starter from another folder (a double-click on macOS runs a program in the
/// home folder), with a terminal's standard input as Terminal.app gives it: the starter
/// must find its own folder and say `start` itself.
fn starter_opens_the_catalog_beside_it(run: std::process::Command, t: &CatalogTest) {
    let browser = browser_script(t.dir.path());
    let mut run = run;
    run.env("ETALASE_BROWSER", &browser)
        .env("ETALASE_CACHE", t.path("cache"));
    let shop = Preview::spawn(run);
    assert!(
        shop.banner.starts_with("ruang kerja di http://127.0.0.1:"),
        "{}",
        shop.banner
    );
    let message = shop.stdout_until("untuk berhenti");
    let content = std::fs::canonicalize(t.path("content")).unwrap();
    assert!(
        message[0].contains(&*content.to_string_lossy()),
        "{message:?}"
    );
    let cookie = sign_in(&shop);
    let front = get(&shop, &cookie, "/");
    assert!(front.body.contains("Keripik Pare"), "{}", front.body);
    stop_by_the_button(shop, &cookie, &front.body);
}

#[test]
fn the_macos_starter_opens_the_workshop_on_the_catalog_beside_it() {
    let t = archive();
    let elsewhere = tempfile::tempdir().unwrap();
    let mut run = std::process::Command::new("sh");
    run.arg(t.path("Mulai etalase.command"))
        .current_dir(elsewhere.path());
    starter_opens_the_catalog_beside_it(run, &t);
}

#[test]
fn the_linux_starter_opens_the_workshop_on_the_catalog_beside_it() {
    let t = archive();
    let desktop = std::fs::read_to_string(t.path("Mulai etalase.desktop")).unwrap();
    assert!(desktop.contains("\nTerminal=true\n"), "{desktop}");
    // The `Exec` line as a file manager runs it: `%k` is the launcher's own path.
    let exec = desktop
        .lines()
        .find_map(|l| l.strip_prefix("Exec="))
        .expect("an Exec line")
        .replace(
            "%k",
            &format!("'{}'", t.path("Mulai etalase.desktop").display()),
        );
    let elsewhere = tempfile::tempdir().unwrap();
    let mut run = std::process::Command::new("sh");
    run.args(["-c", &exec]).current_dir(elsewhere.path());
    starter_opens_the_catalog_beside_it(run, &t);
}

#[test]
fn in_the_browser_a_catalog_is_made_the_workshop_opens_on_it_and_its_button_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mut shop = Preview::double_clicked(
        dir.path(),
        &[
            ("ETALASE_BROWSER", ""),
            ("ETALASE_CACHE", cache.to_str().unwrap()),
        ],
    );
    let mut message = vec![shop.banner.clone()];
    message.extend(shop.stdout_through("untuk berhenti"));
    let sign_in = shop.banner.split_whitespace().last().unwrap().to_string();
    let out = crate::support::browser_script(
        "workshop-start.mjs",
        &serde_json::json!({
            "signIn": sign_in,
            "name": "katalog-desa",
            "message": message,
            "shots": std::env::var("ETALASE_SHOTS").ok(),
        }),
    );
    assert_eq!(out["errors"], serde_json::json!([]), "{out}");
    assert_eq!(out["suggested"], "katalog-kami", "{out}");
    assert!(
        out["offered"].as_str().is_some_and(
            |t| t.contains("Belum ada katalog di folder") && t.contains("Buat katalog")
        ),
        "{out}"
    );
    assert!(
        out["made"]
            .as_str()
            .is_some_and(|t| t.starts_with("Katalog dibuat di") && t.contains("katalog-desa")),
        "{out}"
    );
    assert!(
        out["front"]
            .as_str()
            .is_some_and(|t| t.contains("Produk Contoh") && t.contains("Desa Contoh")),
        "{out}"
    );
    assert!(
        out["stopped"]
            .as_str()
            .is_some_and(|t| t.starts_with("Ruang kerja sudah dihentikan")),
        "{out}"
    );
    assert!(
        dir.path()
            .join("katalog-desa/content/catalog.yaml")
            .is_file()
    );
    let start = Instant::now();
    while shop.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
}
