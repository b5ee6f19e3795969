//! Pages that stay light (issue 18, point 3): the village, category and front lists of a
//! large catalog are split into pages (`<list>/halaman/k/`), each page light enough for
//! a cheap phone on metered data, every product reachable by following the pages'
//! links, every page in the sitemap.

use crate::support::CatalogTest;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most a page (its HTML, the stylesheet and the script) may weigh: gzipped, as a
/// free host sends it, and raw, as a phone parses it.
const MAX_GZIPPED: usize = 30 * 1024;
const MAX_RAW: usize = 150 * 1024;

/// A generated catalog of `villages × products`, each product with `photos` small
/// photos (quick to process), built.
fn built(villages: usize, products: usize, photos: usize) -> CatalogTest {
    let t = CatalogTest::empty();
    let spec = etalase::testing::photos::CatalogSpec {
        villages,
        products,
        photos,
        width: 400,
        height: 300,
        portrait_every: 0,
        ..etalase::testing::photos::CatalogSpec::default()
    };
    etalase::testing::photos::write_catalog(&spec, &t.path("content")).unwrap();
    t.run(&["build"]).expect_code(0);
    t
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let s = Selector::parse(css).unwrap();
    html.select(&s)
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .map(str::to_string)
        .collect()
}

/// `href` from the page at `page` (a file under `public`), as a path under `public`
/// (`desa-001/keripik-pisang-0001/`, `` for the front page).
fn resolve(public: &Path, page: &Path, href: &str) -> String {
    let mut parts: Vec<String> = page
        .parent()
        .unwrap()
        .strip_prefix(public)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for piece in href.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            p => parts.push(p.to_string()),
        }
    }
    let joined = parts.join("/");
    if (href.is_empty() || href.ends_with('/')) && !joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    }
}

fn file_of(public: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() || rel.ends_with('/') {
        public.join(rel).join("index.html")
    } else {
        public.join(rel)
    }
}

/// The body's `k-…` class: the page's kind.
fn kind(html: &Html) -> String {
    let body = Selector::parse("body").unwrap();
    html.select(&body)
        .next()
        .and_then(|b| b.value().attr("class"))
        .unwrap_or_default()
        .trim_start_matches("k-")
        .to_string()
}

/// Every page of the list starting at `first`, following `rel="next"`: each page's
/// product links, in order.
fn follow(public: &Path, first: &str) -> (Vec<String>, Vec<String>) {
    let mut pages = Vec::new();
    let mut products = Vec::new();
    let mut at = Some(first.to_string());
    while let Some(rel) = at.take() {
        assert!(!pages.contains(&rel), "the pages go round: {pages:?} {rel}");
        let file = file_of(public, &rel);
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for href in select(&html, "ul.grid li.card > a") {
            products.push(resolve(public, &file, &href));
        }
        at = select(&html, "nav.pager a[rel=next]")
            .first()
            .map(|h| resolve(public, &file, h));
        pages.push(rel);
    }
    (pages, products)
}

/// What a page costs a phone: its HTML, its stylesheet and its script, raw and gzipped.
fn weight(public: &Path, file: &Path) -> (usize, usize) {
    let bytes = std::fs::read(file).unwrap();
    let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
    let mut raw = bytes.len();
    let mut gz = gzipped(&bytes);
    for href in select(&html, "link[rel=stylesheet]")
        .into_iter()
        .chain(select(&html, "script[src]"))
    {
        let asset = std::fs::read(file_of(public, &resolve(public, file, &href))).unwrap();
        raw += asset.len();
        gz += gzipped(&asset);
    }
    (raw, gz)
}

/// Every page of the site, by its path under `public`, with its kind.
fn pages_of(public: &Path) -> BTreeMap<String, String> {
    walkdir(public)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let html = Html::parse_document(&std::fs::read_to_string(&p).unwrap());
            let rel = p
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, kind(&html))
        })
        .collect()
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn sitemap(t: &CatalogTest) -> BTreeSet<String> {
    let xml = t.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| {
            n.text()
                .unwrap()
                .strip_prefix("https://contoh.github.io/katalog/")
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn long_lists_are_split_into_light_pages_that_reach_every_product_once() {
    let t = built(8, 150, 1);
    let public = t.path("public");
    let pages = pages_of(&public);

    // Every product, by village and by category, from the product folders written.
    let mut by_village: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_category: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, kind) in &pages {
        if kind != "product" {
            continue;
        }
        let dir = rel.trim_end_matches("index.html").to_string();
        let village = dir.split('/').next().unwrap().to_string();
        by_village.entry(village).or_default().insert(dir.clone());
        let yaml = t.read(&format!("content/{dir}product.yaml"));
        let category = yaml
            .lines()
            .find_map(|l| l.strip_prefix("category: "))
            .unwrap()
            .to_string();
        by_category.entry(category).or_default().insert(dir);
    }
    assert_eq!(by_village.len(), 8);
    assert_eq!(by_village.values().map(BTreeSet::len).sum::<usize>(), 1200);

    // Following the pages from page 1 reaches each product of the list exactly once.
    let reach = |first: &str, expected: &BTreeSet<String>| {
        let (list_pages, found) = follow(&public, first);
        let unique: BTreeSet<String> = found.iter().cloned().collect();
        assert_eq!(found.len(), unique.len(), "{first}: a product listed twice");
        assert_eq!(&unique, expected, "{first}");
        list_pages
    };
    let mut listed = BTreeSet::new();
    for (village, products) in &by_village {
        let list_pages = reach(&format!("{village}/"), products);
        assert_eq!(list_pages.len(), 4, "150 products: pages of 48");
        assert_eq!(list_pages[1], format!("{village}/halaman/2/"));
        listed.extend(list_pages);
    }
    for (category, products) in &by_category {
        listed.extend(reach(&format!("kategori/{category}/"), products));
    }
    let all: BTreeSet<String> = by_village.values().flatten().cloned().collect();
    let front = reach("", &all);
    assert_eq!(front.len(), 1200usize.div_ceil(48));
    listed.extend(front);

    // Page 2 of a village: its own title, canonical address and template, the pager's
    // words, links relative.
    let page2 = t.read("public/desa-003/halaman/2/index.html");
    assert!(
        page2.contains("<title>Desa 003 — Katalog Sintetis 8×150×1 — halaman 2</title>"),
        "{page2}"
    );
    assert!(page2.contains(
        "<link rel=\"canonical\" href=\"https://contoh.github.io/katalog/desa-003/halaman/2/\">"
    ));
    assert!(page2.contains("<body class=\"k-village\">"));
    assert!(page2.contains("<p>Halaman 2 dari 4</p>"), "{page2}");
    assert!(
        page2.contains("<a rel=\"prev\" href=\"../../../desa-003/\">Sebelumnya</a>"),
        "{page2}"
    );
    assert!(
        page2.contains("<a rel=\"next\" href=\"../../../desa-003/halaman/3/\">Berikutnya</a>"),
        "{page2}"
    );
    assert!(page2.contains("<span aria-current=\"page\">2</span>"));
    // Page 1 keeps its address, with no pager word in its title.
    let page1 = t.read("public/desa-003/index.html");
    assert!(page1.contains("<title>Desa 003 — Katalog Sintetis 8×150×1</title>"));
    assert!(page1.contains("<p>Halaman 1 dari 4</p>"));
    // A filter of these products is the search page's.
    assert!(page1.contains("href=\"../cari/?v=desa-003\""), "{page1}");

    // Every page of every list, and every other page, is light.
    let mut heaviest = (0, 0, String::new());
    for (rel, kind) in &pages {
        // The printed catalog is paper, not a page a phone opens.
        if rel.starts_with("cetak/") || kind == "404" {
            continue;
        }
        let (raw, gz) = weight(&public, &public.join(rel));
        assert!(raw <= MAX_RAW, "{rel}: {raw} bytes raw");
        assert!(gz <= MAX_GZIPPED, "{rel}: {gz} bytes gzipped");
        if raw > heaviest.0 {
            heaviest = (raw, gz, rel.clone());
        }
    }
    eprintln!("the heaviest page: {heaviest:?}");

    // The sitemap lists every page of every list, and every product page.
    let in_sitemap = sitemap(&t);
    for page in &listed {
        assert!(in_sitemap.contains(page), "{page} is not in the sitemap");
    }
    for (rel, kind) in &pages {
        let url = rel.trim_end_matches("index.html");
        if ["index", "village", "category", "product"].contains(&kind.as_str()) {
            assert!(in_sitemap.contains(url), "{url} is not in the sitemap");
        }
    }
    for url in &in_sitemap {
        assert!(
            file_of(&public, url).is_file(),
            "{url} is in the sitemap, not in the site"
        );
    }
    t.check_site_and_shared("public");
}

/// 500 villages: the front page, the menu and the search page show the first villages
/// and a link to the list of every village, itself split into pages.
#[test]
fn a_catalog_of_many_villages_lists_them_on_pages_of_their_own() {
    let t = built(500, 2, 0);
    let public = t.path("public");
    let front = t.read("public/index.html");
    let html = Html::parse_document(&front);
    assert_eq!(select(&html, "ul.vlist li.vcard > a").len(), 24);
    assert!(front.contains("<a href=\"semua-desa/\">Semua desa <span class=\"n\">500</span></a>"));
    assert!(front.contains("<p class=\"stats\">1000 produk · 500 desa</p>"));

    // Following the list of villages reaches every village once.
    let mut villages = Vec::new();
    let mut at = Some("semua-desa/".to_string());
    let mut count = 0;
    while let Some(rel) = at.take() {
        let file = file_of(&public, &rel);
        let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        assert_eq!(kind(&html), "villages");
        for href in select(&html, "ul.vlist li.vcard > a") {
            villages.push(resolve(&public, &file, &href));
        }
        at = select(&html, "nav.pager a[rel=next]")
            .first()
            .map(|h| resolve(&public, &file, h));
        count += 1;
    }
    assert_eq!(count, 500usize.div_ceil(48));
    let unique: BTreeSet<_> = villages.iter().cloned().collect();
    assert_eq!(unique.len(), 500);
    assert_eq!(villages.len(), 500);
    assert!(unique.contains("desa-500/"));

    let in_sitemap = sitemap(&t);
    for (rel, kind) in pages_of(&public) {
        // The printed catalog is paper, not a page a phone opens.
        if rel.starts_with("cetak/") || kind == "404" {
            continue;
        }
        let (raw, gz) = weight(&public, &public.join(&rel));
        assert!(raw <= MAX_RAW, "{rel}: {raw} bytes raw");
        assert!(gz <= MAX_GZIPPED, "{rel}: {gz} bytes gzipped");
        if kind == "villages" {
            let url = rel.trim_end_matches("index.html");
            assert!(in_sitemap.contains(url), "{url} is not in the sitemap");
        }
    }
    t.check_site_and_shared("public");
}

/// A catalog that fits on one page has no pager and no further pages, as before.
#[test]
fn a_small_catalog_has_no_pages_to_turn() {
    let t = built(2, 10, 0);
    assert!(!t.path("public/halaman").exists());
    assert!(!t.path("public/desa-001/halaman").exists());
    assert!(!t.path("public/semua-desa").exists());
    for page in [
        "public/index.html",
        "public/desa-001/index.html",
        "public/kategori/makanan/index.html",
    ] {
        assert!(!t.read(page).contains("class=\"pager\""), "{page}");
    }
}
