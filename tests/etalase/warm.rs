//! Warm rebuilds (issue 18, point 6): a rebuild renders and writes only what changed,
//! and never leaves a page stale — after an edit, a hand in `public/`, a killed build.
//! What was rendered is read from the real binary's timings (`ETALASE_TIMINGS`):
//! `timing: pages rendered: R of N[: path path …]`.

use crate::support::{CatalogTest, Run};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// `etalase build --lang en` in the test folder with the timings on.
fn build(t: &CatalogTest) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["build", "--lang", "en"])
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .env("ETALASE_TIMINGS", "1")
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.expect_code(0);
    run
}

/// The pages rendered, of how many, and their paths when the build names them.
fn rendered(run: &Run) -> (usize, usize, BTreeSet<String>) {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("timing: pages rendered: "))
        .unwrap_or_else(|| panic!("no count of pages rendered in:\n{}", run.stderr));
    let (counts, paths) = line.split_once(": ").unwrap_or((line, ""));
    let (r, n) = counts.split_once(" of ").unwrap();
    (
        r.parse().unwrap(),
        n.parse().unwrap(),
        paths.split_whitespace().map(String::from).collect(),
    )
}

/// Every file under `dir` with its inode and modification time.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                (m.ino(), m.mtime(), m.mtime_nsec()),
            )
        })
        .collect()
}

/// A catalog of three villages of four products, in two categories.
fn catalog() -> CatalogTest {
    let t = CatalogTest::new("minimal");
    for v in ["desa-a", "desa-b", "desa-c"] {
        t.write(
            &format!("content/{v}/village.yaml"),
            format!("name: Desa {v}\nwhatsapp: \"0812-3456-7890\"\n"),
        );
        for p in 0..4 {
            let category = ["makanan", "minuman"][p % 2];
            t.write(
                &format!("content/{v}/produk-{p}/product.yaml"),
                format!(
                    "name: Produk {v} {p}\ncategory: {category}\nprice: {}\n",
                    1000 + p
                ),
            );
            t.write(
                &format!("content/{v}/produk-{p}/index.md"),
                format!("Produk nomor {p} dari {v}.\n"),
            );
        }
    }
    t
}

/// The site a cold build makes of `t`'s catalog, in a fresh folder with a fresh cache.
fn cold_build(t: &CatalogTest) -> Vec<(String, String)> {
    let cold = CatalogTest::empty();
    crate::support::files::copy_tree(&t.path("content"), &cold.path("content"));
    let run = build(&cold);
    let (r, n, _) = rendered(&run);
    assert_eq!(r, n, "a cold build renders every page");
    cold.snapshot("public")
}

#[test]
fn a_rebuild_with_nothing_changed_renders_no_page_and_writes_no_file() {
    let t = catalog();
    let (r, n, _) = rendered(&build(&t));
    assert_eq!(r, n);
    assert!(n > 12, "{n} pages");
    let before = stamps(&t.path("public"));
    for _ in 0..3 {
        let run = build(&t);
        assert_eq!(rendered(&run), (0, n, BTreeSet::new()), "{}", run.stderr);
        assert_eq!(
            stamps(&t.path("public")),
            before,
            "no file of public/ was written, none replaced"
        );
    }
    // The summary line still counts the whole site.
    let run = build(&t);
    let summary = run
        .stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap();
    assert!(summary.contains(&format!("{n} pages")), "{summary}");
}

#[test]
fn one_product_edited_re_renders_its_page_and_the_pages_that_list_it() {
    let t = catalog();
    build(&t);
    build(&t);
    // Its description: only its own page shows it.
    t.write(
        "content/desa-b/produk-1/index.md",
        "Produk nomor 1 dari desa-b, kini lebih renyah.\n",
    );
    let (r, _, paths) = rendered(&build(&t));
    assert_eq!(r, 1);
    assert_eq!(
        paths,
        BTreeSet::from(["desa-b/produk-1/index.html".to_string()])
    );
    assert_eq!(t.snapshot("public"), cold_build(&t));

    // Its price: its card, on its village's and category's pages and the front page,
    // the printed catalog and its labels, and the search page, which names the search
    // index (every page but that one only asks whether there is one).
    t.write(
        "content/desa-b/produk-1/product.yaml",
        "name: Produk desa-b 1\ncategory: minuman\nprice: 2500\n",
    );
    let (r, n, paths) = rendered(&build(&t));
    assert!(r < n);
    assert_eq!(
        paths,
        BTreeSet::from(
            [
                "desa-b/produk-1/index.html",
                "desa-b/index.html",
                "kategori/minuman/index.html",
                "index.html",
                "cari/index.html",
                "cetak/index.html",
                "cetak/label/index.html",
            ]
            .map(String::from)
        ),
        "what a price edit re-renders"
    );
    assert_eq!(t.snapshot("public"), cold_build(&t));
    // Back to nothing changed: both folders of the swap are up to date.
    let (r, _, _) = rendered(&build(&t));
    assert_eq!(r, 0);
    let (r, _, _) = rendered(&build(&t));
    assert_eq!(r, 0);
    assert_eq!(t.snapshot("public"), cold_build(&t));
}

#[test]
fn a_page_edited_by_hand_in_public_is_put_right_by_the_next_build() {
    let t = catalog();
    build(&t);
    build(&t);
    let cold = cold_build(&t);
    let page = t.path("public/desa-a/produk-2/index.html");
    let mtime = std::fs::metadata(&page).unwrap().modified().unwrap();
    // Edited in place, its size and modification time kept.
    let mut bytes = std::fs::read(&page).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::OpenOptions::new()
        .write(true)
        .open(&page)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(&bytes)?;
            f.set_modified(mtime)
        })
        .unwrap();
    // And a stray file beside it.
    t.write("public/desa-a/stray.html", "x");
    assert_ne!(t.snapshot("public"), cold);
    build(&t);
    assert_eq!(t.snapshot("public"), cold, "put right");
    build(&t);
    assert_eq!(t.snapshot("public"), cold);
    // The folder of the swap is checked the same way.
    let spare = t.path(".public.etalase-new/desa-a/produk-2/index.html");
    if spare.is_file() {
        std::fs::write(&spare, "damaged").unwrap();
    }
    build(&t);
    build(&t);
    assert_eq!(t.snapshot("public"), cold);
}

#[test]
fn a_warm_build_killed_at_any_moment_never_leaves_a_page_stale() {
    let t = CatalogTest::new("minimal");
    for i in 0..1500 {
        t.write(
            &format!("content/desa-contoh/produk-{i:04}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
    }
    let whole = build(&t);
    let secs: f64 = whole
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .filter_map(|l| {
            l.split_once(" wall ")?
                .1
                .split_whitespace()
                .next()?
                .parse::<f64>()
                .ok()
        })
        .sum::<f64>()
        .max(0.05);
    for step in 1..=8u32 {
        // A product changes each time; the build is killed partway.
        t.write(
            &format!("content/desa-contoh/produk-{:04}/product.yaml", step * 97),
            format!(
                "name: Produk diubah {step}\ncategory: makanan\nprice: {}\n",
                5000 + step
            ),
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
            .arg("build")
            .current_dir(t.path(""))
            .env_remove("ETALASE_CACHE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_secs_f64(secs * 1.3 * f64::from(step) / 9.0));
        let _ = child.kill();
        child.wait().unwrap();
        if step % 3 == 0 {
            // Sometimes a whole build in between.
            build(&t);
        }
    }
    build(&t);
    assert_eq!(t.snapshot("public"), cold_build(&t), "no page is stale");
    let (r, _, _) = rendered(&build(&t));
    assert_eq!(r, 0);
    assert_eq!(t.snapshot("public"), cold_build(&t));
}
