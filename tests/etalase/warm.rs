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
        let mut child = crate::hostile::interrupted::start_build(&t);
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

/// Waits until the files just written are no longer too recent for a build to trust
/// their stamps (two seconds: see `etalase::output::staging::Built`).
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// Whether the build found nothing it reads changed and ran no stage.
fn ran_nothing(run: &Run) -> bool {
    run.stderr
        .lines()
        .any(|l| l.starts_with("timing: nothing changed: "))
        && !run.stderr.contains("timing: read ")
}

/// What a build says, without its timings and its duration.
fn said(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| !l.starts_with("timing: "))
        .map(|l| match l.rsplit_once(" in ") {
            Some((head, tail)) if l.starts_with("built ") => {
                format!("{head} in … {}", tail.split_once("; ").unwrap().1)
            }
            _ => l.to_string(),
        })
        .collect()
}

#[test]
fn a_build_with_nothing_it_reads_changed_runs_no_stage_and_says_the_same() {
    // Its products have no photo: warnings for the report to keep.
    let t = catalog();
    settle();
    let whole = build(&t);
    assert!(!ran_nothing(&whole), "{}", whole.stderr);
    let (_, n, _) = rendered(&whole);
    assert!(
        said(&whole).iter().any(|l| l.contains("warning")),
        "{}",
        whole.stderr
    );
    let before = stamps(&t.path("public"));
    for _ in 0..2 {
        let run = build(&t);
        assert!(ran_nothing(&run), "{}", run.stderr);
        assert_eq!(rendered(&run), (0, n, BTreeSet::new()));
        assert_eq!(
            said(&run),
            said(&whole),
            "the same report, warnings and all"
        );
        assert_eq!(stamps(&t.path("public")), before, "no file written");
    }
    // The kept report is given in the language asked for.
    let id = t.run(&["build", "--lang", "id"]);
    id.expect_code(0);
    assert!(id.stderr.contains("peringatan"), "{}", id.stderr);
    assert_eq!(t.snapshot("public"), cold_build(&t));
}

#[test]
fn whatever_a_build_reads_changed_makes_the_next_build_do_the_whole_work() {
    let t = catalog();
    let photo = |w, h| crate::support::photos::jpeg(&crate::support::photos::halves(w, h));
    t.write(
        "content/desa-c/produk-3/product.yaml",
        "name: Produk desa-c 3\ncategory: minuman\nprice: 1003\nphotos: [foto/depan.jpg]\n",
    );
    t.write("content/desa-c/produk-3/foto/depan.jpg", photo(64, 48));
    // Once what was changed has settled, a build keeps what it read, and the next one
    // runs nothing.
    let kept = |t: &CatalogTest| {
        settle();
        build(t);
        let run = build(t);
        assert!(ran_nothing(&run), "{}", run.stderr);
    };
    let changed = |t: &CatalogTest, what: &str| {
        let run = build(t);
        assert!(!ran_nothing(&run), "{what}: {}", run.stderr);
        run
    };
    kept(&t);

    // A description edited in place, its size kept.
    let before = t.read("content/desa-b/produk-1/index.md");
    let after = before.replace("nomor 1", "nomor 9");
    assert_eq!(before.len(), after.len());
    t.write("content/desa-b/produk-1/index.md", &after);
    changed(&t, "a description");
    assert!(
        t.read("public/desa-b/produk-1/index.html")
            .contains("nomor 9")
    );
    kept(&t);

    // A product folder added.
    t.write(
        "content/desa-a/produk-baru/product.yaml",
        "name: Produk Baru\ncategory: makanan\nprice: 5000\n",
    );
    changed(&t, "a new product");
    assert!(t.path("public/desa-a/produk-baru/index.html").is_file());
    kept(&t);

    // The theme: an override added, then edited.
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/assets/style.css"),
    )
    .unwrap();
    t.write(
        "content/_theme/assets/style.css",
        format!("{css}\n.tanda-a{{color:red}}\n"),
    );
    changed(&t, "a theme file added");
    let styles = || {
        std::fs::read_dir(t.path("public/assets"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".css"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect::<String>()
    };
    assert!(styles().contains("tanda-a"));
    kept(&t);
    t.write(
        "content/_theme/assets/style.css",
        format!("{css}\n.tanda-b{{color:red}}\n"),
    );
    changed(&t, "a theme file edited");
    assert!(styles().contains("tanda-b"));
    kept(&t);

    // A photo in a sub-folder of its product, which no listing of the catalog meets.
    let photos = |t: &CatalogTest| {
        t.snapshot("public/desa-c/produk-3")
            .into_iter()
            .filter(|(p, _)| !p.ends_with(".html"))
            .collect::<Vec<_>>()
    };
    let old = photos(&t);
    assert!(!old.is_empty());
    t.write("content/desa-c/produk-3/foto/depan.jpg", photo(80, 60));
    changed(&t, "a photo in a sub-folder");
    assert_ne!(photos(&t), old);
    kept(&t);

    // A file of the output removed by hand.
    std::fs::remove_file(t.path("public/desa-a/produk-2/index.html")).unwrap();
    changed(&t, "a page of public/ removed");
    assert!(t.path("public/desa-a/produk-2/index.html").is_file());
    kept(&t);

    // A commit: the sitemap's and feed's dates come from git history.
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=Uji", "-c", "user.email=uji@contoh.invalid"])
            .args(args)
            .current_dir(t.path("content"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    kept(&t);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "katalog"]);
    changed(&t, "a commit");
    kept(&t);

    assert_eq!(t.snapshot("public"), cold_build(&t));
}

#[test]
fn a_file_changed_just_before_a_build_is_trusted_only_once_it_has_settled() {
    let t = catalog();
    settle();
    build(&t);
    assert!(ran_nothing(&build(&t)));
    t.write(
        "content/desa-a/produk-1/product.yaml",
        "name: Produk desa-a 1\ncategory: minuman\nprice: 1234\n",
    );
    // Written a moment ago: a second change within the file system's clock could
    // keep its stamp, so builds read everything until it has settled.
    for _ in 0..2 {
        assert!(!ran_nothing(&build(&t)));
    }
    settle();
    assert!(!ran_nothing(&build(&t)));
    assert!(ran_nothing(&build(&t)));
    assert!(
        t.read("public/desa-a/produk-1/index.html")
            .contains("1.234")
    );
}
