//! Writers at once, and the output's worst moments: builds started together into one
//! output and one cache, a build beside an idle preview, a build beside a save to the
//! catalog, a build killed at each rename of the swap (with and without the atomic
//! exchange), a full disk, and an output that is a symbolic link.

use super::PRODUCT;
use crate::support::CatalogTest;
use crate::support::files::files_under;
use crate::support::photos;
use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// `etalase build --lang en args…` in the test folder, started, not waited for.
fn spawn_build(t: &CatalogTest, args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["build", "--lang", "en"])
        .args(args)
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finished(child: Child) -> (i32, String) {
    let Output { status, stderr, .. } = child.wait_with_output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// The minimal catalog with `n` products of one 1600×1200 photo each.
fn with_photos(n: u32) -> CatalogTest {
    let t = CatalogTest::new("minimal");
    for i in 0..n {
        let dir = format!("content/desa-contoh/produk-{i:02}");
        t.write(
            &format!("{dir}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
        t.write(
            &format!("{dir}/foto.jpg"),
            photos::jpeg(&photos::halves(1600 + i, 1200)),
        );
    }
    t
}

fn set_price(t: &CatalogTest, price: &str) {
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        format!("name: Keripik Pare\ncategory: makanan\nprice: {price}\n"),
    );
}

/// The product page, as published.
fn product_page(t: &CatalogTest, out: &str) -> String {
    std::fs::read_to_string(t.path(out).join("desa-contoh/keripik-pare/index.html"))
        .unwrap_or_else(|e| panic!("{out}: no product page: {e}"))
}

#[cfg(unix)]
fn inode_and_links(p: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).unwrap();
    (m.ino(), m.nlink())
}

/// Every file of a published site is whole and its own: not empty, not a hard link
/// shared with another file (the cache's), every photo decodes.
fn assert_whole_and_unshared(t: &CatalogTest, out: &str) {
    let files = files_under(&t.path(out));
    assert!(files.len() > 10, "{out} holds {} files", files.len());
    for (rel, bytes) in &files {
        assert!(!bytes.is_empty(), "{out}/{rel} is empty");
        #[cfg(unix)]
        assert_eq!(
            inode_and_links(&t.path(out).join(rel)).1,
            1,
            "{out}/{rel} shares its storage with another file"
        );
        if rel.ends_with(".webp") || rel.ends_with(".jpg") {
            image::load_from_memory(bytes)
                .unwrap_or_else(|e| panic!("{out}/{rel} does not decode: {e}"));
        }
    }
    t.check_site(out);
}

#[test]
fn builds_started_together_into_one_output_and_cache_take_turns_and_lose_nothing() {
    let t = with_photos(6);
    let env = [("ETALASE_LOCK_WAIT", "300")];
    let runs: Vec<Child> = (0..3).map(|_| spawn_build(&t, &[], &env)).collect();
    let ended: Vec<(i32, String)> = runs.into_iter().map(finished).collect();
    for (code, stderr) in &ended {
        assert_eq!(*code, 0, "{stderr}");
    }
    // They overlapped (each takes its turn for the whole of a cold build), and the
    // ones that waited said so once.
    let waited = ended
        .iter()
        .filter(|(_, e)| e.contains("waiting: another build is writing public"))
        .count();
    assert!(waited >= 1, "{ended:#?}");
    for (_, stderr) in &ended {
        assert!(stderr.matches("waiting:").count() <= 1, "{stderr}");
    }
    assert_whole_and_unshared(&t, "public");
    for (rel, bytes) in files_under(&t.path(".etalase-cache")) {
        // Lock files hold nothing: their lock is all they are for.
        assert!(
            !bytes.is_empty() || rel.ends_with(".lock"),
            "cache file {rel} is empty"
        );
    }
    assert!(product_page(&t, "public").contains("15.000"));
}

#[test]
fn a_build_waits_for_the_output_then_gives_up_with_exit_2_saying_why() {
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    // Another writer holds the output's lock (the lock file beside it).
    let held = File::options()
        .read(true)
        .write(true)
        .open(t.path(".public.etalase-lock"))
        .expect("the lock file beside the output");
    held.lock().unwrap();
    set_price(&t, "17000");
    let (code, stderr) = finished(spawn_build(&t, &[], &[("ETALASE_LOCK_WAIT", "1")]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("waiting: another build is writing public …"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: another etalase (a build, or serve rebuilding) was still writing public after 1 s: let it finish, then build again"),
        "{stderr}"
    );
    assert!(product_page(&t, "public").contains("15.000"));

    // Released while the next one waits: it goes on.
    let child = spawn_build(&t, &[], &[("ETALASE_LOCK_WAIT", "120")]);
    std::thread::sleep(Duration::from_millis(700));
    drop(held);
    let (code, stderr) = finished(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(product_page(&t, "public").contains("17.000"));
}

#[test]
fn in_indonesian_the_wait_and_the_limit_are_said_in_indonesian() {
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    let held = File::open(t.path(".public.etalase-lock")).unwrap();
    held.lock_shared().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .arg("build")
        .current_dir(t.path(""))
        .env("ETALASE_LOCK_WAIT", "0.3")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("menunggu: build lain sedang menulis public …"),
        "{stderr}"
    );
    assert!(
        stderr.contains("kesalahan: etalase lain (build, atau serve yang sedang membangun ulang) masih menulis public setelah 1 detik"),
        "{stderr}"
    );
}

#[test]
fn an_idle_preview_never_blocks_a_build_sharing_its_cache() {
    let t = CatalogTest::new("minimal");
    let preview = t.serve(&[]);
    assert_eq!(preview.get("/").0, 200, "the preview has built");
    let (code, stderr) = finished(spawn_build(
        &t,
        &["--cache", "cache"],
        &[("ETALASE_LOCK_WAIT", "5")],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("waiting"), "{stderr}");
    drop(preview);
}

#[test]
fn a_build_never_reads_the_catalog_while_a_save_holds_it() {
    let t = CatalogTest::new("minimal");
    // A save in two steps, as the workshop will make one: the catalog folder locked
    // for the whole of it.
    let save = File::open(t.path("content")).unwrap();
    save.lock().unwrap();
    set_price(&t, "21000");
    let child = spawn_build(&t, &[], &[("ETALASE_LOCK_WAIT", "120")]);
    std::thread::sleep(Duration::from_millis(1000));
    t.write(
        "content/desa-contoh/village.yaml",
        "name: Desa Contoh Baru\n",
    );
    drop(save);
    let (code, stderr) = finished(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("waiting: a change to the catalog content is being saved …"),
        "{stderr}"
    );
    let page = product_page(&t, "public");
    assert!(page.contains("21.000"), "the first half of the save");
    assert!(
        page.contains("Desa Contoh Baru"),
        "the second half of the save"
    );
}

/// A build killed by `strace` at the `n`th rename its main thread makes (the swap's
/// renames among them): the system call it was killed at, or `None` when it made fewer.
fn build_killed_at_rename(t: &CatalogTest, n: u32, env: &[(&str, &str)]) -> Option<String> {
    let calls = "rename,renameat,renameat2";
    let trace = t.path("trace.txt");
    let out = Command::new("strace")
        .args(["-qq", "-o"])
        .arg(&trace)
        .arg("-e")
        .arg(format!("trace={calls}"))
        .arg("-e")
        .arg(format!("inject={calls}:signal=KILL:when={n}"))
        .arg(env!("CARGO_BIN_EXE_etalase"))
        .args(["build", "--lang", "en"])
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .envs(env.iter().copied())
        .output()
        .expect("strace (apt install strace) to kill a build at each rename");
    if out.status.code() == Some(0) {
        return None;
    }
    let trace = std::fs::read_to_string(&trace).unwrap();
    let killed = trace.lines().rfind(|l| l.contains("rename"));
    Some(killed.unwrap_or_default().to_string())
}

/// Builds killed at each rename of the swap, in turn. Each leaves a whole site at
/// `public/` — the last good one or the new one — at once when the swap is the atomic
/// exchange, and after the next run (which puts a swap of renames right before anything
/// else) otherwise; that next run, failing on a content error, says truly that `public`
/// is unchanged. Returns the system calls the builds were killed at.
fn killed_at_each_rename(exchange: bool) -> Vec<String> {
    let env: &[(&str, &str)] = if exchange {
        &[]
    } else {
        &[("ETALASE_TEST_NO_EXCHANGE", "1")]
    };
    let t = with_photos(1);
    let mut killed = Vec::new();
    for n in 1.. {
        set_price(&t, "1000");
        t.run(&["build", "--lang", "en"]).expect_code(0);
        set_price(&t, "2000");
        let Some(call) = build_killed_at_rename(&t, n, env) else {
            break;
        };
        if exchange {
            assert_whole_and_unshared(&t, "public");
        }
        set_price(&t, "dua ribu");
        let failed = t.run(&["build", "--lang", "en"]);
        failed
            .expect_code(1)
            .expect_stderr_contains("public is unchanged");
        let page = product_page(&t, "public");
        assert!(
            page.contains("Rp1.000") || page.contains("Rp2.000"),
            "killed at {call}"
        );
        assert_whole_and_unshared(&t, "public");
        assert!(!t.path(".public.etalase-old").exists(), "killed at {call}");
        killed.push(call);
        assert!(n < 50, "the build never ended");
    }
    set_price(&t, "2000");
    t.run(&["build"]).expect_code(0);
    assert!(product_page(&t, "public").contains("Rp2.000"));
    killed
}

#[test]
fn a_build_killed_at_the_atomic_exchange_leaves_a_whole_site() {
    let killed = killed_at_each_rename(true);
    assert!(
        killed.iter().any(|c| c.contains("RENAME_EXCHANGE")),
        "{killed:#?}"
    );
}

#[test]
fn a_build_killed_at_any_of_the_renames_standing_in_for_the_exchange_leaves_a_whole_site() {
    let killed = killed_at_each_rename(false);
    let swap = killed.iter().filter(|c| c.contains("public")).count();
    assert!(swap >= 3, "{killed:#?}");
}

#[test]
fn after_a_full_disk_the_next_build_that_fits_succeeds() {
    let t = CatalogTest::new("minimal");
    // 600 products: about 8 MB of pages, on a disk of 3 MB.
    for i in 0..600 {
        t.write(
            &format!("content/desa-contoh/produk-{i:03}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
    }
    let bin = env!("CARGO_BIN_EXE_etalase");
    // Its own mount namespace (as an unprivileged user), so the small disk is the
    // test's alone and gone when it ends.
    let script = format!(
        r#"set -u
mkdir -p disk && mount -t tmpfs -o size=3m tmpfs disk || exit 99
{bin} build --lang en --out disk/public 2> full.txt; echo $? > full.code
rm -r content/desa-contoh/produk-0[1-9]* content/desa-contoh/produk-[1-5]*
{bin} build --lang en --out disk/public 2> fits.txt; echo $? > fits.code
{bin} build --lang en --out disk/public 2> again.txt; echo $? > again.code
ls -a disk > left.txt
"#
    );
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |f: &str| t.read(f).trim().to_string();
    assert_eq!(read("full.code"), "2", "{}", read("full.txt"));
    assert!(
        read("full.txt").contains("No space left on device")
            && read("full.txt").contains(": the disk is full; free some space on it (etalase has removed what it had half-written), then build again"),
        "{}",
        read("full.txt")
    );
    assert_eq!(read("fits.code"), "0", "{}", read("fits.txt"));
    assert_eq!(read("again.code"), "0", "{}", read("again.txt"));
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symbolic_link_stays_one_and_what_it_points_to_is_replaced() {
    let t = CatalogTest::new("minimal");
    std::fs::create_dir_all(t.path("www/site")).unwrap();
    std::os::unix::fs::symlink("www/site", t.path("public")).unwrap();
    for (price, out) in [
        ("11000", "public"),
        ("12000", "public"),
        ("13000", "public/"),
        ("14000", "public/"),
    ] {
        set_price(&t, price);
        t.run(&["build", "--out", out]).expect_code(0);
        let link = std::fs::symlink_metadata(t.path("public")).unwrap();
        assert!(link.file_type().is_symlink(), "public is still the link");
        assert_eq!(
            std::fs::read_link(t.path("public")).unwrap(),
            Path::new("www/site")
        );
        let shown = format!("{}.000", &price[..2]);
        assert!(product_page(&t, "www/site").contains(&shown), "{price}");
        assert!(product_page(&t, "public").contains(&shown), "{price}");
    }
    assert!(!t.path(".public.etalase-new").exists());
    assert!(t.path("www/.site.etalase-new").is_dir());
    t.check_site("www/site");
}
