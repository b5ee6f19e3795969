//! Products that would vanish or double without a word (issue 15, point 8): a folder
//! skipped is counted in the closing line of `build`, `check` and `serve`, and a product
//! folder copied by a file manager and left unchanged is a warning naming both folders.

use crate::support::{CatalogTest, photos};

/// The closing line of a run: its last line that starts with `start`.
fn closing_line<'a>(stderr: &'a str, start: &str) -> &'a str {
    stderr
        .lines()
        .rfind(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?}:\n{stderr}"))
}

/// The `minimal` catalog with folders that are skipped: one with photos but no
/// `product.yaml`, one with its YAML under another name, and a village folder without
/// `village.yaml`; and folders the format ignores on purpose, which are not counted.
fn catalog_with_skipped_folders() -> CatalogTest {
    let t = CatalogTest::new("minimal");
    let photo = photos::jpeg(&photos::halves(640, 480));
    t.write("content/desa-contoh/sagon/foto.jpg", &photo)
        .write(
            "content/desa-contoh/jamu/product.yml",
            "name: Jamu\ncategory: jamu\nprice: 10000\n",
        )
        .write(
            "content/desa-lain/tas/product.yaml",
            "name: Tas\ncategory: tekstil\n",
        )
        .write("content/desa-contoh/_belum/foto.jpg", &photo)
        .write("content/desa-contoh/.cadangan/foto.jpg", &photo)
        .write("content/_arsip/catatan.txt", "lama\n");
    t
}

#[test]
fn the_closing_line_counts_the_folders_skipped() {
    let t = catalog_with_skipped_folders();
    // The photos-only folder alone: the build succeeds, and its line says so.
    std::fs::remove_dir_all(t.path("content/desa-contoh/jamu")).unwrap();
    std::fs::remove_dir_all(t.path("content/desa-lain")).unwrap();
    let built = t.run(&["build", "--lang", "en"]);
    built.expect_code(0);
    assert!(
        closing_line(&built.stderr, "built ").starts_with(
            "built 1 village, 1 product, 1 folder skipped (see the warnings above), 0 photos"
        ),
        "{}",
        built.stderr
    );
    assert!(!t.path("public/desa-contoh/sagon").exists());
    let checked = t.run(&["check"]);
    checked.expect_code(0);
    assert!(
        closing_line(&checked.stderr, "diperiksa: ").starts_with(
            "diperiksa: 1 desa, 1 produk, 1 folder dilewati (lihat peringatan di atas), 0 foto: "
        ),
        "{}",
        checked.stderr
    );
}

#[test]
fn every_folder_skipped_is_counted_and_no_folder_ignored_on_purpose() {
    let t = catalog_with_skipped_folders();
    // `product.yml` is an error: the site is not built, and the line still counts.
    let run = t.run(&["build", "--lang", "en"]);
    run.expect_code(1);
    assert!(
        closing_line(&run.stderr, "not built: ").starts_with(
            "not built: 1 village, 1 product, 3 folders skipped (see the warnings above), 0 photos: "
        ),
        "{}",
        run.stderr
    );
    for folder in ["desa-contoh/sagon", "desa-contoh/jamu", "desa-lain"] {
        run.expect_stderr_contains(&format!("content/{folder}:1:1: warning: no "));
    }
}

#[test]
fn the_preview_says_how_many_folders_it_skipped() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/sagon/foto.jpg",
        photos::jpeg(&photos::halves(640, 480)),
    );
    let preview = t.serve(&[]);
    let (_, stderr) = preview.stop();
    assert!(
        stderr.contains("\n1 folder dilewati (lihat peringatan di atas)\n"),
        "{stderr}"
    );
}

/// Copies of a product `sagon` named as file managers name them, by village: one
/// village each for Windows, macOS and GNOME, as some of their names give one web
/// address (`sagon - Copy` and `sagon copy` are both `sagon-copy`).
const COPIES: &[(&str, &[&str])] = &[
    (
        "desa-contoh",
        &[
            "sagon - Copy",
            "sagon - Copy (2)",
            "Sagon - Salinan",
            "sagon (2)",
            "Copy of sagon",
        ],
    ),
    ("desa-mac", &["sagon copy", "sagon copy 2", "sagon salinan"]),
    ("desa-gnome", &["sagon (copy)", "sagon (another copy)"]),
];

const SAGON: &str = "name: Sagon Kelapa\ncategory: makanan\nprice: 12000\n";

#[test]
fn copies_named_by_file_managers_are_a_warning_naming_both_and_still_published() {
    let t = CatalogTest::new("minimal");
    let mut count = 0;
    for (village, copies) in COPIES {
        t.write(&format!("content/{village}/village.yaml"), "name: Desa\n");
        t.write(&format!("content/{village}/sagon/product.yaml"), SAGON);
        for copy in *copies {
            t.write(&format!("content/{village}/{copy}/product.yaml"), SAGON);
            count += 1;
        }
    }
    let run = t.run(&["build", "--lang", "en"]);
    run.expect_code(0);
    for (village, copies) in COPIES {
        for copy in *copies {
            run.expect_stderr_contains(&format!(
                "content/{village}/{copy}/product.yaml:1:7: warning: the folder `{copy}` looks \
                 like a copy of the folder `sagon` and holds the same product: the site shows it \
                 twice\n  help: if it is a leftover copy, delete the folder `{copy}`;"
            ));
        }
    }
    assert_eq!(
        run.stderr.matches("looks like a copy").count(),
        count,
        "{}",
        run.stderr
    );
    // The copies are still published, as the help says.
    assert!(t.path("public/desa-contoh/sagon-copy/index.html").is_file());
    assert!(t.path("public/desa-contoh/sagon/index.html").is_file());
}

#[test]
fn only_a_copy_of_the_same_product_beside_its_original_is_a_warning() {
    let t = CatalogTest::new("minimal");
    let product = |folder: &str, yaml: &str| {
        t.write(&format!("content/{folder}/product.yaml"), yaml);
    };
    product("desa-contoh/sagon", SAGON);
    // A copy whose name differs only in letter case and spaces: the same product.
    product(
        "desa-contoh/sagon - Copy",
        "name: '  sagon kelapa '\ncategory: makanan\nprice: 15000\n",
    );
    // Named as a copy, holding another product.
    product(
        "desa-contoh/sagon (2)",
        "name: Sagon Pandan\ncategory: makanan\nprice: 12000\n",
    );
    // The same product in a folder not named as a copy.
    product("desa-contoh/sagon kelapa", SAGON);
    // Named as a copy of a folder that is not there.
    product(
        "desa-contoh/wajik - Copy",
        "name: Wajik\ncategory: makanan\n",
    );
    // A copy's name in another village.
    product("desa-lain/sagon - Copy", SAGON);
    t.write("content/desa-lain/village.yaml", "name: Desa Lain\n");
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(0);
    assert_eq!(
        run.stderr.matches("looks like a copy").count(),
        1,
        "{}",
        run.stderr
    );
    run.expect_stderr_contains(
        "content/desa-contoh/sagon - Copy/product.yaml:1:7: warning: the folder `sagon - Copy` \
         looks like a copy of the folder `sagon`",
    );
}

#[test]
fn a_copy_without_a_name_is_found_by_its_identical_file() {
    let t = CatalogTest::new("minimal");
    let nameless = "category: makanan\nprice: 12000\n";
    t.write("content/desa-contoh/sagon/product.yaml", nameless)
        .write("content/desa-contoh/sagon (2)/product.yaml", nameless)
        .write("content/desa-contoh/wajik/product.yaml", nameless)
        .write(
            "content/desa-contoh/wajik (2)/product.yaml",
            "category: makanan\nprice: 15000\n",
        );
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr.matches("looks like a copy").count(),
        1,
        "{}",
        run.stderr
    );
    run.expect_stderr_contains(
        "content/desa-contoh/sagon (2)/product.yaml:1:1: warning: the folder `sagon (2)` looks \
         like a copy of the folder `sagon`",
    );
}
