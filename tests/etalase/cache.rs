//! The photo cache shared: several builds (several catalogs too) using one cache folder
//! at the same moment, and pruning what no build uses any more.

use crate::support::files::files_under;
use crate::support::photos;
use crate::support::{CatalogTest, Run};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

/// `count` product folders with one photo each, made from `seed`, in the catalog at
/// `content` (a copy of the minimal fixture, given a `base_url`: each product page gets
/// a link preview of its photo, a cache entry of its own).
fn add_products(t: &CatalogTest, content: &str, count: u32, seed: u32) {
    let catalog = format!("{content}/catalog.yaml");
    let yaml = t.read(&catalog);
    if !yaml.contains("base_url") {
        t.write(
            &catalog,
            format!("{yaml}base_url: https://contoh.example/\n"),
        );
    }
    for i in 0..count {
        let dir = format!("{content}/desa-contoh/produk-{i:02}");
        t.write(
            &format!("{dir}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: 1000\n"),
        );
        let img = photos::halves(700 + seed + i, 500);
        t.write(&format!("{dir}/foto.jpg"), photos::jpeg(&img));
    }
}

/// Every web image under `dir` (`.jpg`, `.webp`) decodes, no other file but a lock is
/// empty; how many images.
#[track_caller]
fn all_images_decode(dir: &Path) -> usize {
    let mut images = 0;
    for (path, bytes) in files_under(dir) {
        let decoded = if path.ends_with(".jpg") {
            jpeg_decoder::Decoder::new(&bytes[..])
                .decode()
                .map(|_| ())
                .map_err(|e| e.to_string())
        } else if path.ends_with(".webp") {
            image::load_from_memory(&bytes)
                .map(|_| ())
                .map_err(|e| e.to_string())
        } else {
            // Lock files are empty by design; every other file holds something.
            assert!(
                path.ends_with(".lock") || !bytes.is_empty(),
                "{}/{path} is empty",
                dir.display()
            );
            continue;
        };
        assert!(!bytes.is_empty(), "{}/{path} is empty", dir.display());
        decoded.unwrap_or_else(|e| panic!("{}/{path}: {e}", dir.display()));
        images += 1;
    }
    images
}

/// `etalase args…` in the test folder, started now; its output kept.
fn start(t: &CatalogTest, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(args)
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: std::process::Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Issue 14, finding 1 (the cache half): three catalogs, most of their photos alike,
/// built at the same moment into three outputs on one cold cache: every build succeeds,
/// and every published photo and every cache file is whole.
const PHOTOS: u32 = 24;

#[test]
fn three_builds_sharing_one_cold_cache_all_succeed_with_whole_files() {
    let t = CatalogTest::new("minimal")
        .with_fixture("minimal", "dua")
        .with_fixture("minimal", "tiga");
    for content in ["content", "dua", "tiga"] {
        // The same photos in each catalog, so the builds make the same entries at the
        // same moment, and one photo of its own.
        add_products(&t, content, PHOTOS, 0);
        let own = photos::halves(900, 700 + content.len() as u32);
        t.write(
            &format!("{content}/desa-contoh/keripik-pare/sendiri.jpg"),
            photos::jpeg(&own),
        );
    }
    let builds: Vec<_> = [
        ("content", "public"),
        ("dua", "out-dua"),
        ("tiga", "out-tiga"),
    ]
    .iter()
    .map(|(content, out)| {
        start(
            &t,
            &[
                "build",
                "--lang",
                "en",
                "--content",
                content,
                "--out",
                out,
                "--cache",
                "cache",
            ],
        )
    })
    .collect();
    for build in builds {
        let run = finish(build);
        run.expect_code(0).expect_stderr_contains("built ");
    }
    for out in ["public", "out-dua", "out-tiga"] {
        // Each photo in two widths at least, WebP and JPEG, and the previews.
        assert!(
            all_images_decode(&t.path(out)) >= (PHOTOS as usize + 1) * 2,
            "{out}"
        );
    }
    assert!(all_images_decode(&t.path("cache")) >= (PHOTOS as usize + 3) * 2);
}

/// Sets the mtime of every file under `dir` named one of `names` to `days` ago.
fn age(dir: &Path, names: &[&str], days: u64) {
    let when = SystemTime::now() - Duration::from_secs(days * 86_400);
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if names.iter().any(|n| *n == name) {
            std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    }
}

/// The entries of the cache at `dir` (each photo's web images, each link preview).
fn entries(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir.join("photos"))
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .count()
}

fn build(t: &CatalogTest, content: &str, out: &str) -> Run {
    let run = t.run(&[
        "build",
        "--lang",
        "en",
        "--content",
        content,
        "--out",
        out,
        "--cache",
        "cache",
    ]);
    run.expect_code(0);
    run
}

/// Issue 14, finding 14: the pruning at the end of a build removes what no build used
/// for 30 days — a photo deleted from the catalog — and keeps what another catalog
/// sharing the cache used within them, and what this build used.
#[test]
fn a_build_prunes_entries_unused_for_30_days_and_keeps_another_catalogs() {
    let t = CatalogTest::new("minimal").with_fixture("minimal", "dua");
    add_products(&t, "content", 2, 0);
    add_products(&t, "dua", 1, 50);
    build(&t, "content", "public");
    build(&t, "dua", "out-dua");
    let all = entries(&t.path("cache"));
    // Two months later: nothing was used since.
    age(&t.path("cache"), &["meta.json", "preview.json"], 60);
    // Then the other catalog is built (and does not prune: it pruned today already)...
    assert_eq!(build(&t, "dua", "out-dua").processed_and_cached(), (0, 1));
    assert_eq!(entries(&t.path("cache")), all);
    // ...and a day later this catalog, its second photo deleted.
    age(&t.path("cache"), &["pruned-at"], 1);
    std::fs::remove_dir_all(t.path("content/desa-contoh/produk-01")).unwrap();
    let run = build(&t, "content", "public");
    assert_eq!(run.processed_and_cached(), (0, 1));
    run.expect_stderr_contains("removed 2 entries no build used for 30 days");
    // Its web images and its link preview went; nothing else did.
    assert_eq!(entries(&t.path("cache")), all - 2);
    assert_eq!(build(&t, "dua", "out-dua").processed_and_cached(), (0, 1));
    assert_eq!(
        build(&t, "content", "public").processed_and_cached(),
        (0, 1)
    );
    assert!(all_images_decode(&t.path("public")) > 0);
    // The deleted photo back: made again.
    add_products(&t, "content", 2, 0);
    assert_eq!(
        build(&t, "content", "public").processed_and_cached(),
        (1, 1)
    );
}

/// Issue 14, finding 14: `etalase cache prune` removes what no build used for the days
/// given, or everything with `--all`; it waits while a build holds the cache (a shared
/// lock on its folder, held here by the test as a build holds it), removing nothing
/// until the build is done.
#[test]
fn cache_prune_removes_unused_entries_and_waits_for_the_builds_using_the_cache() {
    let t = CatalogTest::new("minimal");
    add_products(&t, "content", 2, 0);
    build(&t, "content", "public");
    let all = entries(&t.path("cache"));
    assert_eq!(all, 4, "two photos and their link previews");
    let prune = |args: &[&str]| {
        let mut argv = vec!["cache", "prune", "--cache", "cache", "--lang", "en"];
        argv.extend_from_slice(args);
        t.run(&argv)
    };
    let run = prune(&[]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!("photo cache cache: removed 0 entries (0.0 MB), kept {all}\n")
    );
    age(&t.path("cache"), &["meta.json", "preview.json"], 10);
    prune(&["--older-than", "11"]).expect_code(0);
    assert_eq!(entries(&t.path("cache")), all);
    let run = prune(&["--older-than", "9"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(&format!("removed {all} entries")),
        "{}",
        run.stdout
    );
    assert_eq!(entries(&t.path("cache")), 0);
    assert_eq!(
        build(&t, "content", "public").processed_and_cached(),
        (2, 0)
    );

    // A build is using the cache: prune waits, says so once, removes nothing meanwhile.
    let held = std::fs::File::open(t.path("cache")).unwrap();
    held.lock_shared().unwrap();
    let mut child = start(
        &t,
        &[
            "cache", "prune", "--all", "--cache", "cache", "--lang", "en",
        ],
    );
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    assert_eq!(line, "waiting: a build is using the photo cache cache …\n");
    assert_eq!(entries(&t.path("cache")), all);
    assert!(child.try_wait().unwrap().is_none(), "still waiting");
    drop(held);
    let run = finish(child);
    run.expect_code(0);
    assert!(
        run.stdout.contains(&format!("removed {all} entries")),
        "{}",
        run.stdout
    );
    assert_eq!(entries(&t.path("cache")), 0);
}
