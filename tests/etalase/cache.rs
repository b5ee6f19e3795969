//! The photo cache shared: several builds (several catalogs too) using one cache folder
//! at the same moment, and pruning what no build uses any more.

use crate::support::files::files_under;
use crate::support::photos;
use crate::support::{CatalogTest, Run};
use std::path::Path;
use std::process::{Command, Stdio};

/// `count` product folders with one photo each, made from `seed`, in the catalog at
/// `content` (a copy of the minimal fixture).
fn add_products(t: &CatalogTest, content: &str, count: u32, seed: u32) {
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
