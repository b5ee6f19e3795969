//! Large catalogs: what a build of thousands of products prints and writes. (Their
//! speed is the benchmark's to measure, `cargo bench --bench catalog`, not a test's.)

use crate::support::CatalogTest;

/// A synthetic catalog of `villages × products`, YAML and Markdown only, no photos.
fn no_photos(villages: usize, products: usize) -> CatalogTest {
    let t = CatalogTest::new("minimal");
    std::fs::remove_dir_all(t.path("content")).unwrap();
    let spec = etalase::testing::photos::CatalogSpec {
        villages,
        products,
        photos: 0,
        ..etalase::testing::photos::CatalogSpec::default()
    };
    etalase::testing::photos::write_catalog(&spec, &t.path("content")).unwrap();
    t
}

fn lines_with<'a>(stderr: &'a str, text: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| l.contains(text)).collect()
}

#[test]
fn thousands_of_products_without_photos_print_a_few_warnings_and_a_count() {
    let t = no_photos(2, 40);
    let run = t.run(&["build"]);
    run.expect_code(0);
    let shown = lines_with(&run.stderr, "warning: produk ini belum punya foto");
    assert_eq!(shown.len(), 5, "{}", run.stderr);
    for line in &shown {
        assert!(
            line.starts_with("content/desa-001/") && line.contains("/product.yaml:1:1: warning: "),
            "{line}"
        );
    }
    // One more line in the contract's form counts the rest, at the folder holding
    // them, and names the next few.
    let count = lines_with(&run.stderr, "lagi seperti di atas");
    assert_eq!(
        count,
        ["content:1:1: warning: 75 lagi seperti di atas: produk ini belum punya foto"],
        "{}",
        run.stderr
    );
    run.expect_stderr_contains("  help: yaitu content/desa-001/")
        .expect_stderr_contains("etalase check --all-warnings")
        // The closing line still counts every warning.
        .expect_stderr_contains("0 kesalahan, 80 peringatan");

    // Asked for, every one is printed, in English too.
    let all = t.run(&["check", "--all-warnings", "--lang", "en"]);
    all.expect_code(0);
    assert_eq!(
        lines_with(&all.stderr, "warning: the product has no photo yet").len(),
        80,
        "{}",
        all.stderr
    );
    assert!(lines_with(&all.stderr, "more like the ones above").is_empty());
}

#[test]
fn a_few_products_without_photos_are_each_named() {
    let t = no_photos(1, 12);
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(0);
    assert_eq!(
        lines_with(&run.stderr, "warning: the product has no photo yet").len(),
        12,
        "{}",
        run.stderr
    );
}

/// Past 1,000 products the printed catalog is left out, with one warning: it would be
/// one file of over 16 MB (past a host's limit) and most of the build's time.
#[test]
fn a_catalog_past_a_thousand_products_has_no_printed_catalog_and_says_so() {
    let t = no_photos(2, 501);
    let run = t.run(&["build"]);
    run.expect_code(0);
    let warned = lines_with(
        &run.stderr,
        "katalog cetak (cetak/) dibuat untuk paling banyak 1000 produk",
    );
    assert_eq!(warned.len(), 1, "{}", run.stderr);
    assert!(
        warned[0].starts_with("content/catalog.yaml:1:1: warning: "),
        "{}",
        warned[0]
    );
    assert!(warned[0].contains("punya 1002"), "{}", warned[0]);
    assert!(!t.path("public/cetak").exists());
    assert!(!t.read("public/index.html").contains("cetak/"));

    // At 1,000 it is there, linked from the front page.
    let t = no_photos(2, 500);
    let run = t.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("katalog cetak"), "{}", run.stderr);
    assert!(t.path("public/cetak/index.html").is_file());
    assert!(t.read("public/index.html").contains("href=\"cetak/\""));
}

#[test]
fn a_large_catalogs_front_page_shows_a_taste_of_every_village_then_turns_pages() {
    let cards = |html: &str| html.matches("<li class=\"card\"").count();
    // How many cards link to each village's products.
    let villages_in = |html: &str, n: usize| {
        let mut counts = vec![0; n];
        for card in html.split("<li class=\"card\"").skip(1) {
            let href = card.split("href=\"desa-").nth(1).unwrap();
            counts[href[..3].parse::<usize>().unwrap() - 1] += 1;
        }
        counts
    };

    // 3 × 40 = 120 products: a page of cards on the front page, taken in turn from
    // every village, the full count above them, and the rest on further pages
    // (`halaman/2/`, see pages.rs).
    let t = no_photos(3, 40);
    t.run(&["build"]).expect_code(0);
    let front = t.read("public/index.html");
    assert_eq!(
        cards(&front),
        etalase::site::plan::pages::FRONT_PAGE_PRODUCTS
    );
    assert_eq!(
        villages_in(&front, 3),
        [16, 16, 16],
        "links to each village's products"
    );
    assert!(
        front.contains("<p class=\"stats\">120 produk · 3 desa"),
        "{front}"
    );
    assert!(front.contains("<h2 id=\"h-products\">Semua produk</h2>"));
    assert!(front.contains("<p>Halaman 1 dari 3</p>"), "{front}");
    // Every product is still on its village's pages and in a category's.
    let on_villages: usize = (1..=3)
        .map(|v| cards(&t.read(&format!("public/desa-{v:03}/index.html"))))
        .sum();
    assert_eq!(on_villages, 120);
    t.check_site("public");

    // 2 × 20 = 40: every product, in catalog order, on one page.
    let t = no_photos(2, 20);
    t.run(&["build"]).expect_code(0);
    let front = t.read("public/index.html");
    assert_eq!(cards(&front), 40);
    assert_eq!(villages_in(&front, 2), [20, 20]);
    assert!(front.contains("<h2 id=\"h-products\">Semua produk</h2>"));
    assert!(!front.contains("Ini baru sebagian"));
    assert!(!front.contains("class=\"pager\""));
    let grid = &front[front.find("<ul class=\"grid\"").unwrap()..];
    let first_of_second = grid.find("<a href=\"desa-002/").unwrap();
    let last_of_first = grid.rfind("<a href=\"desa-001/").unwrap();
    assert!(last_of_first < first_of_second, "catalog order");
}
