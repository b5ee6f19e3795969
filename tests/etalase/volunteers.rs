//! What volunteers really type and leave behind (issue 15): the placeholders of the
//! examples, and a category list that adds to the built-in categories.

use crate::support::{CatalogTest, photos, run_in};

/// The lines of `stderr` that report `severity` (`kesalahan`/`peringatan` in
/// Indonesian output: the words are fixed as `error`/`warning` by the format).
fn reported<'a>(stderr: &'a str, severity: &str, says: &str) -> Vec<&'a str> {
    stderr
        .lines()
        .filter(|l| l.contains(&format!(": {severity}: ")) && l.contains(says))
        .collect()
}

#[test]
fn init_s_placeholders_are_warnings_then_errors_once_base_url_is_set() {
    let t = CatalogTest::empty();
    t.run(&["init", "repo"]).expect_code(0);
    let repo = t.path("repo");

    // As `init` leaves it, without a base_url: each placeholder is a warning at its
    // line, and the example still checks and builds.
    let check = run_in(&repo, &["check"]);
    check.expect_code(0);
    let number = reported(&check.stderr, "warning", "adalah nomor rekaan dari contoh");
    assert_eq!(number.len(), 1, "{}", check.stderr);
    assert!(
        number[0].starts_with("content/catalog.yaml:9:11: warning: 0812-0000-0000 adalah"),
        "{}",
        number[0]
    );
    let village = reported(
        &check.stderr,
        "warning",
        "ini desa contoh buatan `etalase init`",
    );
    assert_eq!(village.len(), 1, "{}", check.stderr);
    assert!(village[0].starts_with("content/desa-contoh/village.yaml:4:7:"));
    let product = reported(
        &check.stderr,
        "warning",
        "ini produk contoh buatan `etalase init`",
    );
    assert_eq!(product.len(), 1, "{}", check.stderr);
    assert!(product[0].starts_with("content/desa-contoh/produk-contoh/product.yaml:5:7:"));

    // The site's address written: the site is about to be published, and each is an
    // error. Nothing is built.
    let catalog = std::fs::read_to_string(repo.join("content/catalog.yaml")).unwrap();
    let published = catalog.replace(
        "# base_url: https://nama-proyek.pages.dev/",
        "base_url: https://kub-melati.pages.dev/",
    );
    assert_ne!(
        catalog, published,
        "init's catalog.yaml has the base_url line"
    );
    std::fs::write(repo.join("content/catalog.yaml"), &published).unwrap();
    let build = run_in(&repo, &["build"]);
    build.expect_code(1);
    for says in [
        "adalah nomor rekaan dari contoh",
        "ini desa contoh buatan",
        "ini produk contoh buatan",
    ] {
        assert_eq!(
            reported(&build.stderr, "error", says).len(),
            1,
            "{says}: {}",
            build.stderr
        );
    }
    assert!(!repo.join("public").exists(), "nothing published");

    // The example made the group's own: a real number, folders renamed.
    std::fs::write(
        repo.join("content/catalog.yaml"),
        published.replace("0812-0000-0000", "0812-3456-7890"),
    )
    .unwrap();
    std::fs::rename(
        repo.join("content/desa-contoh/produk-contoh"),
        repo.join("content/desa-contoh/keripik-pisang"),
    )
    .unwrap();
    std::fs::rename(
        repo.join("content/desa-contoh"),
        repo.join("content/dukuhdempok"),
    )
    .unwrap();
    let build = run_in(&repo, &["build"]);
    build.expect_code(0);
    assert!(!build.stderr.contains("contoh buatan"), "{}", build.stderr);
    assert!(!build.stderr.contains("nomor rekaan"), "{}", build.stderr);
    t.check_site("repo/public");
}

#[test]
fn a_placeholder_number_is_named_wherever_it_is_written() {
    let t = CatalogTest::empty();
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nbase_url: https://kub-melati.github.io/katalog/\n",
    )
    .write(
        "content/sukorejo/village.yaml",
        "name: Sukorejo\nwhatsapp: \"0812 0000 0042\"\n",
    )
    .write(
        "content/sukorejo/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\norder:\n  whatsapp: \"+62 812-0000-1234\"\n",
    )
    .write(
        "content/sukorejo/sagon/foto.jpg",
        photos::jpeg(&photos::halves(640, 480)),
    );
    let check = t.run(&["check", "--lang", "en"]);
    check.expect_code(1);
    let errors = reported(
        &check.stderr,
        "error",
        "is a made-up number from the examples",
    );
    assert_eq!(
        errors,
        [
            "content/sukorejo/sagon/product.yaml:5:13: error: +62 812-0000-1234 is a made-up number from the examples (0812-0000-xxxx): buyers' orders would reach no one",
            "content/sukorejo/village.yaml:2:11: error: 0812 0000 0042 is a made-up number from the examples (0812-0000-xxxx): buyers' orders would reach no one",
        ],
        "{}",
        check.stderr
    );
    // A catalog made to show etalase says so, and may hold them.
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nexample: true\nbase_url: https://kub-melati.github.io/katalog/\n",
    );
    let build = t.run(&["build"]);
    build.expect_code(0);
    assert!(!build.stderr.contains("nomor rekaan"), "{}", build.stderr);
    let page = t.read("public/sukorejo/sagon/index.html");
    assert!(page.contains("https://wa.me/6281200001234?text="));
    assert!(
        page.contains("Ini katalog contoh."),
        "an example catalog's pages say it is one"
    );
}

#[test]
fn the_sample_catalog_is_an_example_and_every_page_says_so() {
    let t = CatalogTest::empty();
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("nomor rekaan"), "{stderr}");
    let catalog = std::fs::read_to_string(content.join("catalog.yaml")).unwrap();
    assert!(catalog.lines().any(|l| l.starts_with("example: true")));

    // A catalog that does not say so shows no notice.
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nwhatsapp: \"0812-3456-7890\"\n",
    )
    .write("content/sukorejo/village.yaml", "name: Sukorejo\n")
    .write(
        "content/sukorejo/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\n",
    );
    t.run(&["build"]).expect_code(0);
    for page in ["public/index.html", "public/sukorejo/sagon/index.html"] {
        assert!(!t.read(page).contains("katalog contoh"), "{page}");
    }
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nexample: true\nwhatsapp: \"0812-3456-7890\"\n",
    );
    t.run(&["build"]).expect_code(0);
    for page in [
        "public/index.html",
        "public/sukorejo/index.html",
        "public/sukorejo/sagon/index.html",
        "public/kategori/makanan/index.html",
        "public/cetak/index.html",
    ] {
        assert!(t.read(page).contains("Ini katalog contoh."), "{page}");
    }
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nexample: mungkin\nwhatsapp: \"0812-3456-7890\"\n",
    );
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr_contains("content/catalog.yaml:2:10: error: example harus true atau false");
}

#[test]
fn a_category_added_to_the_list_keeps_the_built_in_ones() {
    let t = CatalogTest::empty();
    t.write(
        "content/catalog.yaml",
        "title: Katalog KUB Melati\nwhatsapp: \"0812-3456-7890\"\ncategories:\n  kopi: Kopi Bubuk\n  jamu: Jamu Gendong\n",
    )
    .write("content/sukorejo/village.yaml", "name: Sukorejo\n")
    .write(
        "content/sukorejo/robusta/product.yaml",
        "name: Kopi Robusta\ncategory: kopi\nprice: 30000\n",
    )
    .write(
        "content/sukorejo/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\n",
    )
    .write(
        "content/sukorejo/kunyit/product.yaml",
        "name: Kunyit Asam\ncategory: jamu\nprice: 12000\n",
    );
    let build = t.run(&["build"]);
    build.expect_code(0);
    // The listed ones first, in their order and with their names (a built-in renamed),
    // then the built-in ones products use; the others nowhere.
    let front = t.read("public/index.html");
    let at = |name: &str| {
        front
            .find(name)
            .unwrap_or_else(|| panic!("{name} on the front page"))
    };
    assert!(at("Kopi Bubuk") < at("Jamu Gendong") && at("Jamu Gendong") < at("Makanan"));
    assert!(
        t.read("public/kategori/makanan/index.html")
            .contains("Sagon Kelapa")
    );
    assert!(!t.path("public/kategori/minuman").exists());
    let search = crate::support::search::text(&t.path("public"));
    assert!(search.contains("Kopi Bubuk") && search.contains("Makanan"));
    assert!(
        !search.contains("Minuman"),
        "no search filter for a category without products"
    );
    t.check_site("public");

    // Still a key no list and no built-in has is named, with every category there is.
    t.write(
        "content/sukorejo/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: kue\nprice: 15000\n",
    );
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains(
            "use one of: kopi, jamu, makanan, minuman, tekstil, kerajinan, lainnya",
        );
}
