//! The workshop's `Terbitkan` (issue 17, point 1): a real git repository made by
//! `etalase init` in a clone of a local bare repository, its remote; the real workshop
//! (`etalase edit`) driven over HTTP; the bare repository read with git afterwards.
//! Git runs with none of this computer's settings (no global or system config: no
//! credential helper, no identity, so the workshop's own fallback identity commits).
//! A host that wants a sign-in is a tiny HTTP server here answering 401; a host out of
//! reach is port 1 of 127.0.0.1.

use crate::support::photos::{halves, jpeg};
use crate::support::serve::Preview;
use crate::support::{CatalogTest, browser_script};
use crate::workshop::{Answer, csrf_of, request, sign_in};
use crate::workshop_form::{form_fields, post, with};
use crate::workshop_photos::{multipart, post_photos};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// This computer's git settings left out, for the tests' git and the workshop's.
pub(crate) const NO_SETTINGS: &[(&str, &str)] = &[
    ("GIT_CONFIG_NOSYSTEM", "1"),
    ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ("LC_ALL", "C"),
];

/// `git args…` in `dir`, as a volunteer with git (named `Uji`): its output; a failure
/// fails the test.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Uji", "-c", "user.email=uji@localhost"])
        .args(args)
        .current_dir(dir)
        .envs(NO_SETTINGS.iter().copied())
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A catalog repository as a volunteer has it: a local bare repository (the host),
/// cloned into `repo`, `etalase init repo` run in the clone, committed and pushed.
/// (catalog, bare repository, clone).
pub(crate) fn catalog_repo() -> (CatalogTest, PathBuf, PathBuf) {
    let t = CatalogTest::empty();
    git(
        t.dir.path(),
        &["init", "--quiet", "--bare", "-b", "main", "bare.git"],
    );
    git(t.dir.path(), &["clone", "--quiet", "bare.git", "repo"]);
    let repo = t.path("repo");
    git(&repo, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    t.run(&["init", "repo"]).expect_code(0);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "--quiet", "-m", "Katalog baru"]);
    git(&repo, &["push", "--quiet", "-u", "origin", "HEAD"]);
    let bare = t.path("bare.git");
    (t, bare, repo)
}

/// The workshop on the clone's `content/`, signed in: (workshop, cookie).
pub(crate) fn workshop(t: &CatalogTest) -> (Preview, String) {
    let cache = t.path("cache");
    let shop = Preview::start_command_env(
        t.dir.path(),
        "edit",
        [
            "--cache",
            cache.to_str().unwrap(),
            "--content",
            "repo/content",
        ],
        NO_SETTINGS,
    );
    let cookie = sign_in(&shop);
    (shop, cookie)
}

/// The first lines of the bare repository's commits on `main`, newest first.
pub(crate) fn remote_log(bare: &Path) -> Vec<String> {
    git(bare, &["log", "--format=%s", "main"])
        .lines()
        .map(str::to_string)
        .collect()
}

/// Every file of `main` in the bare repository.
pub(crate) fn remote_tree(bare: &Path) -> Vec<String> {
    git(bare, &["ls-tree", "-r", "--name-only", "main"])
        .lines()
        .map(str::to_string)
        .collect()
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

/// Presses a button of the publish page: `terbitkan`, `tarik` or `bangun`.
fn press(shop: &Preview, cookie: &str, aksi: &str) -> Answer {
    let page = get(shop, cookie, "/terbitkan");
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = csrf_of(&page.body);
    post(
        shop,
        cookie,
        "/terbitkan",
        &[("csrf".to_string(), csrf)],
        aksi,
    )
}

/// Adds the product `name` to the village folder `village` with one photo, through
/// the new product's form as a phone sends it (multipart, the photo chosen).
fn add_product(shop: &Preview, cookie: &str, village: &str, name: &str) {
    let path = format!("/produk-baru/{village}");
    let page = get(shop, cookie, &path);
    assert_eq!(page.status, 200, "{}", page.body);
    let fields = with(form_fields(&page.body), "name", name);
    let fields = with(fields, "category", "makanan");
    let fields = with(fields, "price", "15rb");
    let fields = with(fields, "aksi", "simpan");
    let photo = jpeg(&halves(640, 480));
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), None, v.as_bytes()))
        .collect();
    parts.push(("foto", Some("IMG_20261204_093011.jpg"), &photo));
    let saved = post_photos(shop, cookie, &path, &multipart(&parts));
    assert_eq!(saved.status, 303, "{}", saved.text());
}

/// The text of the page's messages (`.message`), joined.
/// With `ETALASE_SHOTS=DIR`: the page `html` (an answer to a post) drawn on a phone as
/// `DIR/NAME.png`, for the volunteer guide; nothing otherwise.
fn shot(shop: &Preview, html: &str, name: &str) {
    let Ok(dir) = std::env::var("ETALASE_SHOTS") else {
        return;
    };
    crate::support::browser_script(
        "page-shot.mjs",
        &serde_json::json!({
            "base": format!("http://127.0.0.1:{}", shop.port),
            "html": html,
            "path": Path::new(&dir).join(format!("{name}.png")),
        }),
    );
}

fn messages(page: &str) -> String {
    let html = scraper::Html::parse_document(page);
    let s = scraper::Selector::parse(".message").unwrap();
    html.select(&s)
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_product_added_in_the_workshop_is_published_as_one_commit_naming_it() {
    let (t, bare, repo) = catalog_repo();
    let (shop, cookie) = workshop(&t);
    let before = remote_log(&bare);
    let front = get(&shop, &cookie, "/");
    assert!(
        front.body.contains("href=\"/terbitkan\">Terbitkan</a>"),
        "{}",
        front.body
    );
    let page = get(&shop, &cookie, "/terbitkan");
    assert!(
        page.body
            .contains("Tidak ada yang berubah sejak terakhir diterbitkan."),
        "{}",
        page.body
    );

    add_product(&shop, &cookie, "desa-contoh", "Keripik Pare");
    let git_dir = || {
        let mut files = crate::support::files::files_under(&repo.join(".git"));
        files.sort();
        files
    };
    let untouched = git_dir();
    let page = get(&shop, &cookie, "/terbitkan");
    // Showing what will be published writes nothing into `.git`.
    assert!(git_dir() == untouched, "the page changed .git");
    assert!(
        page.body.contains("Ditambah: Keripik Pare (desa-contoh)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"/produk/desa-contoh/keripik-pare\"")
    );
    // Where it goes: the remote's name and address.
    assert!(page.body.contains("ke origin ("), "{}", page.body);
    // Showing the page changed nothing in the repository.
    assert_eq!(remote_log(&bare), before);

    let done = press(&shop, &cookie, "terbitkan");
    assert_eq!(done.status, 200, "{}", done.body);
    let said = messages(&done.body);
    assert!(said.contains("Terkirim ke origin"), "{said}");
    assert!(said.contains("dalam beberapa menit"), "{said}");
    let after = remote_log(&bare);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after[0], "Katalog: tambah Keripik Pare (desa-contoh)");
    let tree = remote_tree(&bare);
    assert!(
        tree.contains(&"content/desa-contoh/keripik-pare/product.yaml".to_string()),
        "{tree:?}"
    );
    let photos: Vec<&String> = tree
        .iter()
        .filter(|f| f.starts_with("content/desa-contoh/keripik-pare/") && f.ends_with(".jpg"))
        .collect();
    assert_eq!(photos.len(), 1, "{tree:?}");
    // The repository names no author: the workshop's own identity made the commit.
    assert_eq!(
        git(&bare, &["log", "-1", "--format=%an <%ae>", "main"]).trim(),
        "etalase <etalase@localhost>"
    );
    // The clone and the remote agree, and nothing is left to publish.
    assert_eq!(
        git(&repo, &["rev-parse", "HEAD"]),
        git(&bare, &["rev-parse", "main"])
    );
    let again = press(&shop, &cookie, "terbitkan");
    assert_eq!(again.status, 200, "{}", again.body);
    assert!(
        messages(&again.body).contains("Tidak ada yang perlu dikirim"),
        "{}",
        again.body
    );
    assert_eq!(remote_log(&bare).len(), after.len());

    // A photo removed in the form goes to the trash, which never reaches the remote.
    let form = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, form);
    let removing = post(
        &shop,
        &cookie,
        form,
        &form_fields(&page.body),
        "foto-hapus-1",
    );
    assert_eq!(removing.status, 200, "{}", removing.body);
    let saved = post(&shop, &cookie, form, &form_fields(&removing.body), "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    // The photo is in the trash, in an entry of its own.
    let trash = repo.join("content/.etalase-sampah");
    let entries = std::fs::read_dir(&trash)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(entries, 1, "{}", trash.display());
    let done = press(&shop, &cookie, "terbitkan");
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        remote_log(&bare)[0],
        "Katalog: ubah Keripik Pare (desa-contoh)"
    );
    let tree = remote_tree(&bare);
    assert!(
        !tree.iter().any(|f| f.contains(".etalase-sampah")),
        "{tree:?}"
    );
    assert!(
        !tree
            .iter()
            .any(|f| f.starts_with("content/desa-contoh/keripik-pare/") && f.ends_with(".jpg")),
        "{tree:?}"
    );
}

#[test]
fn a_catalog_with_an_error_is_not_published_and_the_error_is_shown() {
    let (t, bare, repo) = catalog_repo();
    let (shop, cookie) = workshop(&t);
    let before = git(&bare, &["rev-parse", "main"]);
    let product = repo.join("content/desa-contoh/produk-contoh/product.yaml");
    let yaml = std::fs::read_to_string(&product).unwrap();
    let broken: String = yaml
        .lines()
        .map(|l| {
            if l.starts_with("price:") {
                "price: lima belas ribu".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(broken, yaml.trim_end(), "the example has a price line");
    std::fs::write(&product, broken).unwrap();
    let done = press(&shop, &cookie, "terbitkan");
    shot(&shop, &done.body, "terbit-kesalahan");
    assert_eq!(done.status, 422, "{}", done.body);
    assert!(
        messages(&done.body).contains("pemeriksaan menemukan 1 kesalahan"),
        "{}",
        done.body
    );
    // As the build prints it: path:line:col: error: …, with the way to the form.
    assert!(
        done.body
            .contains("repo/content/desa-contoh/produk-contoh/product.yaml:"),
        "{}",
        done.body
    );
    assert!(done.body.contains(": error: "), "{}", done.body);
    assert!(
        done.body
            .contains("href=\"/produk/desa-contoh/produk-contoh\"")
    );
    // Nothing sent, nothing committed, nothing staged.
    assert_eq!(git(&bare, &["rev-parse", "main"]), before);
    assert_eq!(git(&repo, &["rev-parse", "HEAD"]), before);
    assert_eq!(git(&repo, &["diff", "--cached", "--name-only"]), "");
}

#[test]
fn a_remote_that_moved_on_is_never_overwritten_and_its_changes_are_brought_in() {
    let (t, bare, repo) = catalog_repo();
    // Another volunteer pushes a change from a second clone.
    git(t.dir.path(), &["clone", "--quiet", "bare.git", "lain"]);
    let other = t.path("lain");
    std::fs::write(
        other.join("content/desa-contoh/index.md"),
        "Cerita baru desa.\n",
    )
    .unwrap();
    git(
        &other,
        &["commit", "--quiet", "-am", "Cerita desa dari komputer lain"],
    );
    git(&other, &["push", "--quiet"]);
    let theirs = git(&bare, &["rev-parse", "main"]);

    let (shop, cookie) = workshop(&t);
    add_product(&shop, &cookie, "desa-contoh", "Sagon Kelapa");
    let refused = press(&shop, &cookie, "terbitkan");
    shot(&shop, &refused.body, "terbit-berubah");
    assert_eq!(refused.status, 409, "{}", refused.body);
    let said = messages(&refused.body);
    assert!(said.contains("Tidak ada yang ditimpa"), "{said}");
    assert!(
        refused.body.contains("name=\"aksi\" value=\"tarik\""),
        "offers to bring the changes in: {}",
        refused.body
    );
    assert!(refused.body.contains("sudah tersimpan di komputer ini"));
    // Not overwritten.
    assert_eq!(git(&bare, &["rev-parse", "main"]), theirs);

    let merged = press(&shop, &cookie, "tarik");
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert!(
        messages(&merged.body).contains("diambil dulu dari origin"),
        "{}",
        merged.body
    );
    let log = remote_log(&bare);
    assert!(
        log.contains(&"Cerita desa dari komputer lain".to_string()),
        "{log:?}"
    );
    assert!(
        log.contains(&"Katalog: tambah Sagon Kelapa (desa-contoh)".to_string()),
        "{log:?}"
    );
    // Theirs is an ancestor of what the remote holds now: nothing of it was lost.
    git(
        &bare,
        &["merge-base", "--is-ancestor", theirs.trim(), "main"],
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("content/desa-contoh/index.md")).unwrap(),
        "Cerita baru desa.\n"
    );
}

#[test]
fn the_same_file_changed_in_both_places_is_not_merged_and_nothing_is_sent() {
    let (t, bare, repo) = catalog_repo();
    git(t.dir.path(), &["clone", "--quiet", "bare.git", "lain"]);
    let other = t.path("lain");
    let index = "content/desa-contoh/index.md";
    std::fs::write(other.join(index), "Versi komputer lain.\n").unwrap();
    git(&other, &["commit", "--quiet", "-am", "Versi lain"]);
    git(&other, &["push", "--quiet"]);
    let theirs = git(&bare, &["rev-parse", "main"]);

    let (shop, cookie) = workshop(&t);
    std::fs::write(repo.join(index), "Versi ruang kerja.\n").unwrap();
    assert_eq!(press(&shop, &cookie, "terbitkan").status, 409);
    let conflict = press(&shop, &cookie, "tarik");
    shot(&shop, &conflict.body, "terbit-bentrok");
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert!(
        messages(&conflict.body).contains("berkas yang sama diubah"),
        "{}",
        conflict.body
    );
    assert_eq!(git(&bare, &["rev-parse", "main"]), theirs);
    // The merge was undone: the file as the workshop left it, no merge under way.
    assert_eq!(
        std::fs::read_to_string(repo.join(index)).unwrap(),
        "Versi ruang kerja.\n"
    );
    assert!(!repo.join(".git/MERGE_HEAD").exists());
}

/// A host that wants a sign-in: every request answered `401 Unauthorized`.
fn host_wanting_a_sign_in() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = s.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"katalog\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    port
}

#[test]
fn no_sign_in_and_no_network_are_said_in_plain_words() {
    let (t, bare, repo) = catalog_repo();
    let before = git(&bare, &["rev-parse", "main"]);
    let port = host_wanting_a_sign_in();
    let url = format!("http://127.0.0.1:{port}/katalog.git");
    git(&repo, &["remote", "set-url", "origin", &url]);
    let (shop, cookie) = workshop(&t);
    add_product(&shop, &cookie, "desa-contoh", "Jamu Kunyit");
    let page = get(&shop, &cookie, "/terbitkan");
    assert!(page.body.contains(&url), "{}", page.body);
    let refused = press(&shop, &cookie, "terbitkan");
    shot(&shop, &refused.body, "terbit-masuk");
    assert_eq!(refused.status, 502, "{}", refused.body);
    let said = messages(&refused.body);
    assert!(said.contains("meminta masuk (login)"), "{said}");
    assert!(said.contains("git push"), "{said}");
    // The commit waits on this computer for the next try.
    assert!(refused.body.contains("sudah tersimpan di komputer ini"));

    git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "http://127.0.0.1:1/katalog.git",
        ],
    );
    let refused = press(&shop, &cookie, "terbitkan");
    assert_eq!(refused.status, 502, "{}", refused.body);
    let said = messages(&refused.body);
    assert!(
        said.contains("http://127.0.0.1:1/katalog.git tidak bisa dihubungi"),
        "{said}"
    );
    assert!(said.contains("Periksa sambungan internet"), "{said}");

    // An address with a password in it is shown without it.
    git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "http://budi:rahasia@127.0.0.1:1/katalog.git",
        ],
    );
    let page = get(&shop, &cookie, "/terbitkan");
    assert!(!page.body.contains("rahasia"), "{}", page.body);
    assert!(!page.body.contains("budi"), "{}", page.body);
    assert_eq!(git(&bare, &["rev-parse", "main"]), before);
}

#[test]
fn without_git_the_page_says_how_to_publish_by_hand_and_builds_the_site() {
    let t = CatalogTest::new("minimal");
    let cache = t.path("cache");
    let shop = Preview::start_command_env(
        t.dir.path(),
        "edit",
        ["--cache", cache.to_str().unwrap()],
        NO_SETTINGS,
    );
    let cookie = sign_in(&shop);
    let page = get(&shop, &cookie, "/terbitkan");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("bukan repositori git"), "{}", page.body);
    let public = std::fs::canonicalize(t.dir.path()).unwrap().join("public");
    assert!(
        page.body.contains(&public.display().to_string()),
        "names the folder to upload: {}",
        page.body
    );
    assert!(page.body.contains("app.netlify.com/drop"));
    assert!(page.body.contains("Cloudflare Pages"));
    assert!(!public.exists());

    let built = press(&shop, &cookie, "bangun");
    shot(&shop, &built.body, "terbit-tangan");
    assert_eq!(built.status, 200, "{}", built.body);
    assert!(public.join("index.html").is_file());
    assert!(
        messages(&built.body).contains("Selesai dibangun"),
        "{}",
        built.body
    );
    // The build's closing line and its size report.
    assert!(built.body.contains("selesai dibangun: "), "{}", built.body);
    assert!(built.body.contains("class=\"size-report\""));
    // No repository was made.
    assert!(!t.path(".git").exists() && !t.path("content/.git").exists());
}

#[test]
fn a_repository_without_a_remote_says_how_to_add_one() {
    let t = CatalogTest::new("minimal");
    git(&t.path("content"), &["init", "--quiet"]);
    let cache = t.path("cache");
    let shop = Preview::start_command_env(
        t.dir.path(),
        "edit",
        ["--cache", cache.to_str().unwrap()],
        NO_SETTINGS,
    );
    let cookie = sign_in(&shop);
    let page = get(&shop, &cookie, "/terbitkan");
    assert!(page.body.contains("GitHub Desktop"), "{}", page.body);
    assert!(page.body.contains("Publish repository"), "{}", page.body);
    assert!(page.body.contains("value=\"bangun\""), "{}", page.body);
}

#[test]
fn a_phone_presses_terbitkan_and_the_remote_holds_the_commit() {
    let (t, bare, repo) = catalog_repo();
    let (shop, cookie) = workshop(&t);
    add_product(&shop, &cookie, "desa-contoh", "Keripik Pare");
    let before = remote_log(&bare).len();
    let sign_in = shop.banner.split_whitespace().last().unwrap().to_string();
    let shots = std::env::var("ETALASE_SHOTS").ok();
    let out = browser_script(
        "workshop-publish.mjs",
        &serde_json::json!({ "signIn": sign_in, "shots": shots, "shotPrefix": "terbit-" }),
    );
    assert_eq!(out["before"]["title"], "Terbitkan", "{out}");
    assert_eq!(
        out["before"]["changes"][0], "Ditambah: Keripik Pare (desa-contoh) Buka formulirnya",
        "{out}"
    );
    assert!(out["before"]["width"].as_u64().unwrap() <= 360, "{out}");
    let said = out["after"]["messages"][0].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Terkirim ke origin sebagai perubahan "),
        "{out}"
    );
    assert!(
        said.contains("Layanan hosting Anda menerbitkannya dalam beberapa menit."),
        "{out}"
    );
    assert!(out["after"]["width"].as_u64().unwrap() <= 360, "{out}");
    assert_eq!(out["errors"], serde_json::json!([]), "{out}");
    let log = remote_log(&bare);
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[0], "Katalog: tambah Keripik Pare (desa-contoh)");

    // A failure as the phone shows it: the host out of reach.
    git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "http://127.0.0.1:1/katalog.git",
        ],
    );
    add_product(&shop, &cookie, "desa-contoh", "Sagon Kelapa");
    let out = browser_script(
        "workshop-publish.mjs",
        &serde_json::json!({ "signIn": sign_in, "shots": shots, "shotPrefix": "terbit-gagal-" }),
    );
    let said = out["after"]["messages"][0].as_str().unwrap_or_default();
    assert!(said.contains("tidak bisa dihubungi"), "{out}");
    assert!(out["after"]["width"].as_u64().unwrap() <= 360, "{out}");
    assert_eq!(remote_log(&bare).len(), before + 1);
}

#[test]
fn a_computer_without_git_is_told_to_publish_by_hand() {
    let (t, bare, _repo) = catalog_repo();
    let before = git(&bare, &["rev-parse", "main"]);
    let cache = t.path("cache");
    let missing = t.path("tidak-ada/git");
    let mut env = NO_SETTINGS.to_vec();
    env.push(("ETALASE_GIT", missing.to_str().unwrap()));
    let shop = Preview::start_command_env(
        t.dir.path(),
        "edit",
        [
            "--cache",
            cache.to_str().unwrap(),
            "--content",
            "repo/content",
        ],
        &env,
    );
    let cookie = sign_in(&shop);
    let page = get(&shop, &cookie, "/terbitkan");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Komputer ini tidak punya program git"),
        "{}",
        page.body
    );
    assert!(page.body.contains("app.netlify.com/drop"));
    // A publish pressed anyway sends nothing and shows the same way.
    let pressed = press(&shop, &cookie, "terbitkan");
    assert!(
        pressed
            .body
            .contains("Komputer ini tidak punya program git")
    );
    assert_eq!(git(&bare, &["rev-parse", "main"]), before);
}
