//! The product feeds (issue 19): `feeds/meta.csv` for Meta's Commerce Manager (the
//! WhatsApp Business catalog, Facebook and Instagram shops) and `feeds/google.xml` for
//! Google Merchant Center's free listings, read as each platform reads them: the CSV
//! by its exact header names, the XML with Google's namespace. Every URL must be
//! absolute and lead to a file of the built site, every `image_link` a real image of at
//! least 500×500 pixels.

use crate::support::{CatalogTest, photos, sample_photo_cache};
use std::collections::HashMap;
use std::path::Path;

const BASE: &str = "https://kub-melati.github.io/katalog/";
const G: &str = "http://base.google.com/ns/1.0";

/// Meta's required columns, as Commerce Manager names them.
const META_REQUIRED: &[&str] = &[
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
];

/// Google's required attributes for free listings (and the ones etalase always gives).
const GOOGLE_REQUIRED: &[&str] = &[
    "g:id",
    "title",
    "description",
    "link",
    "g:image_link",
    "g:availability",
    "g:price",
    "g:condition",
    "g:brand",
    "g:identifier_exists",
];

fn phone_photo() -> Vec<u8> {
    photos::jpeg(&photos::halves(1600, 1200))
}

/// A day a month ahead, year-month-day: a pre-order's `available_from:`.
pub(crate) fn a_month_ahead() -> String {
    jiff::ZonedDateTime::now()
        .date()
        .checked_add(jiff::Span::new().days(30))
        .unwrap()
        .to_string()
}

/// A catalog with a `base_url`: two villages, a product with a price and a Markdown
/// description, one whose variants have their own prices (pre-order shipping a month
/// ahead, two photos), one without a price, one whose only photo is too small, and a
/// jamu with `id:`, sold out.
pub(crate) fn catalog() -> CatalogTest {
    let t = CatalogTest::empty();
    t.write(
        "content/catalog.yaml",
        format!("title: Katalog Desa\nbase_url: {BASE}\nwhatsapp: \"0812-3456-7890\"\n"),
    );
    t.write(
        "content/desa/village.yaml",
        "name: Desa Contoh\ngroup: KUB Melati\n",
    );
    t.write(
        "content/desa/keripik/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15rb\n",
    );
    t.write(
        "content/desa/keripik/index.md",
        "Keripik **renyah**, dibuat dari pare segar.\n\nLihat [resep](https://contoh.id/) <b>kami</b>.\n",
    );
    t.write("content/desa/keripik/foto.jpg", phone_photo());
    t.write(
        "content/desa/sirup/product.yaml",
        format!("name: Sirup Jahe\ncategory: minuman\navailability: pre-order\navailable_from: {}\nvariants:\n  - {{ name: 250 ml, price: 12000 }}\n  - {{ name: 1 liter, price: 40000 }}\nphotos: [depan.jpg, samping.jpg]\n", a_month_ahead()),
    );
    t.write("content/desa/sirup/depan.jpg", phone_photo());
    t.write("content/desa/sirup/samping.jpg", phone_photo());
    t.write(
        "content/desa/tanpa-harga/product.yaml",
        "name: Tanpa Harga\ncategory: makanan\n",
    );
    t.write("content/desa/tanpa-harga/foto.jpg", phone_photo());
    t.write(
        "content/desa/kecil/product.yaml",
        "name: Foto Kecil\ncategory: kerajinan\nprice: 20000\n",
    );
    t.write(
        "content/desa/kecil/foto.jpg",
        photos::jpeg(&photos::halves(640, 480)),
    );
    // A portrait photo: its 1.91:1 preview is 900×471, its largest web image 640×853.
    t.write(
        "content/desa/botol/product.yaml",
        "name: Sirup Botol\ncategory: minuman\nprice: 25000\n",
    );
    t.write(
        "content/desa/botol/foto.jpg",
        photos::jpeg(&photos::halves(900, 1200)),
    );
    t.write("content/lain/village.yaml", "name: Desa Lain\n");
    t.write(
        "content/lain/jamu/product.yaml",
        "name: Jamu Kunyit\ncategory: jamu\nprice: 10000\navailability: habis\nid: JAMU-01\n",
    );
    t.write("content/lain/jamu/foto.jpg", phone_photo());
    t
}

pub(crate) fn build(t: &CatalogTest) -> crate::support::Run {
    let cache = t.path("cache");
    let r = t.run(&["build", "--cache", cache.to_str().unwrap(), "--lang", "en"]);
    r.expect_code(0);
    r
}

/// A CSV file (RFC 4180, as Commerce Manager reads it) as rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "a quoted field is not closed");
    assert!(field.is_empty() && row.is_empty(), "no line end at the end");
    rows
}

/// `feeds/meta.csv` as records by header name, checked to have one field per header.
pub(crate) fn meta_rows(t: &CatalogTest) -> Vec<HashMap<String, String>> {
    let rows = parse_csv(&t.read("public/feeds/meta.csv"));
    let header = &rows[0];
    for name in META_REQUIRED {
        assert!(header.iter().any(|h| h == name), "no column {name}");
    }
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// `feeds/google.xml`'s items, each as (element name with `g:` for Google's namespace,
/// text) pairs, checked to be RSS 2.0.
pub(crate) fn google_items(t: &CatalogTest) -> Vec<Vec<(String, String)>> {
    let text = t.read("public/feeds/google.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
    for name in ["title", "link", "description"] {
        assert!(channel.children().any(|n| n.has_tag_name(name)), "{name}");
    }
    channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            item.children()
                .filter(|n| n.is_element())
                .map(|n| {
                    let name = match n.tag_name().namespace() {
                        Some(G) => format!("g:{}", n.tag_name().name()),
                        None => n.tag_name().name().to_string(),
                        Some(other) => panic!("unknown namespace {other}"),
                    };
                    (name, n.text().unwrap_or_default().to_string())
                })
                .collect()
        })
        .collect()
}

pub(crate) fn get<'a>(item: &'a [(String, String)], name: &str) -> &'a str {
    item.iter()
        .find(|(n, _)| n == name)
        .map_or_else(|| panic!("no {name} in {item:?}"), |(_, v)| v.as_str())
}

fn all<'a>(item: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    item.iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The file of the built site an absolute URL leads to (`…/` is its `index.html`).
#[track_caller]
fn file_of(public: &Path, url: &str) -> std::path::PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not absolute under {BASE}"));
    let mut file = public.join(rel);
    if url.ends_with('/') {
        file = file.join("index.html");
    }
    assert!(
        file.is_file(),
        "{url} leads to no file ({})",
        file.display()
    );
    file
}

#[track_caller]
fn assert_large_image(public: &Path, url: &str) {
    let img = image::open(file_of(public, url)).unwrap();
    assert!(
        img.width() >= 500 && img.height() >= 500,
        "{url} is {}×{}",
        img.width(),
        img.height()
    );
}

#[test]
fn both_feeds_hold_every_product_in_each_platforms_spelling() {
    let t = catalog();
    let run = build(&t);
    let public = t.path("public");

    let meta = meta_rows(&t);
    let ids: Vec<&str> = meta.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "desa/botol",
            "desa/keripik",
            "desa/sirup/250-ml",
            "desa/sirup/1-liter",
            "JAMU-01"
        ]
    );
    for row in &meta {
        for name in META_REQUIRED {
            assert!(!row[*name].is_empty(), "{name} empty in {row:?}");
        }
        assert_eq!(row["condition"], "new");
        assert!(!row["description"].contains('<') && !row["description"].contains("**"));
        file_of(&public, &row["link"]);
        assert_large_image(&public, &row["image_link"]);
        for extra in row["additional_image_link"]
            .split(',')
            .filter(|s| !s.is_empty())
        {
            image::open(file_of(&public, extra)).unwrap();
        }
    }
    let by_id: HashMap<&str, &HashMap<String, String>> =
        meta.iter().map(|r| (r["id"].as_str(), r)).collect();
    let keripik = by_id["desa/keripik"];
    assert_eq!(keripik["price"], "15000 IDR");
    assert_eq!(keripik["availability"], "in stock");
    assert_eq!(keripik["brand"], "KUB Melati");
    assert_eq!(keripik["link"], format!("{BASE}desa/keripik/"));
    assert_eq!(
        keripik["image_link"],
        format!("{BASE}desa/keripik/preview.jpg")
    );
    assert_eq!(
        keripik["description"],
        "Keripik renyah, dibuat dari pare segar. Lihat resep kami."
    );
    assert_eq!(
        keripik["google_product_category"],
        "Food, Beverages & Tobacco > Food Items"
    );
    assert_eq!(keripik["product_type"], "Makanan");
    assert_eq!(keripik["item_group_id"], "");
    // The portrait photo's uncropped web image stands in for its too-low preview.
    let botol = &by_id["desa/botol"]["image_link"];
    assert!(
        botol.starts_with(&format!("{BASE}desa/botol/foto.")) && botol.ends_with("-640.jpg"),
        "{botol}"
    );
    let litre = by_id["desa/sirup/1-liter"];
    assert_eq!(litre["price"], "40000 IDR");
    assert_eq!(litre["availability"], "preorder");
    assert_eq!(litre["item_group_id"], "desa/sirup");
    assert_eq!(by_id["desa/sirup/250-ml"]["item_group_id"], "desa/sirup");
    assert_eq!(litre["title"], "Sirup Jahe (1 liter)");
    assert_eq!(litre["additional_image_link"].split(',').count(), 2);
    let jamu = by_id["JAMU-01"];
    assert_eq!(jamu["availability"], "out of stock");
    assert_eq!(jamu["brand"], "Katalog Desa");
    assert_eq!(jamu["google_product_category"], "");

    let google = google_items(&t);
    let gids: Vec<&str> = google.iter().map(|i| get(i, "g:id")).collect();
    assert_eq!(gids, ids);
    for item in &google {
        for name in GOOGLE_REQUIRED {
            assert!(!get(item, name).is_empty(), "{name} empty in {item:?}");
        }
        assert_eq!(get(item, "g:identifier_exists"), "no");
        assert_eq!(get(item, "g:condition"), "new");
        file_of(&public, get(item, "link"));
        assert_large_image(&public, get(item, "g:image_link"));
        for extra in all(item, "g:additional_image_link") {
            image::open(file_of(&public, extra)).unwrap();
        }
    }
    let g = |id: &str| google.iter().find(|i| get(i, "g:id") == id).unwrap();
    assert_eq!(get(g("desa/keripik"), "g:price"), "15000.00 IDR");
    assert_eq!(get(g("desa/keripik"), "g:availability"), "in_stock");
    assert_eq!(get(g("JAMU-01"), "g:availability"), "out_of_stock");
    let litre = g("desa/sirup/1-liter");
    assert_eq!(get(litre, "g:availability"), "preorder");
    // `available_from:`, at midnight UTC: the same day in every Indonesian time zone.
    assert_eq!(
        get(litre, "g:availability_date"),
        format!("{}T00:00Z", a_month_ahead())
    );
    assert_eq!(get(litre, "g:item_group_id"), "desa/sirup");
    assert_eq!(get(litre, "g:price"), "40000.00 IDR");
    assert_eq!(get(litre, "g:size"), "1 liter");
    assert!(all(g("desa/keripik"), "g:item_group_id").is_empty());

    // Left out, each with a warning at its file.
    let err = &run.stderr;
    assert!(
        err.contains("content/desa/tanpa-harga/product.yaml:1:1: warning: the product has no price: it is left out of the WhatsApp/Facebook and Google catalogs"),
        "{err}"
    );
    assert!(
        err.contains("content/desa/kecil/foto.jpg:1:1: warning: no photo large enough for the WhatsApp/Facebook and Google catalogs"),
        "{err}"
    );
    // The jamu, at risk on Meta, is said once with the way to leave it out.
    assert_eq!(err.matches("Meta's commerce policies").count(), 1, "{err}");
    assert!(
        err.contains("feeds: { meta: { leave_out: [jamu] } }"),
        "{err}"
    );

    // The output checkers take the new files.
    t.check_site_and_shared("public");
}

#[test]
fn ids_stay_when_products_come_and_a_folder_with_an_id_is_renamed() {
    let t = catalog();
    build(&t);
    let before: Vec<(String, String)> = meta_rows(&t)
        .into_iter()
        .map(|r| (r["id"].clone(), r["title"].clone()))
        .collect();
    // Another product, in the middle of the catalog's order.
    t.write(
        "content/desa/dodol/product.yaml",
        "name: Dodol\ncategory: makanan\nprice: 9000\n",
    );
    t.write("content/desa/dodol/foto.jpg", phone_photo());
    // The jamu's folder renamed: its `id:` stays.
    std::fs::rename(
        t.path("content/lain/jamu"),
        t.path("content/lain/jamu-kunyit"),
    )
    .unwrap();
    build(&t);
    let after: Vec<(String, String)> = meta_rows(&t)
        .into_iter()
        .map(|r| (r["id"].clone(), r["title"].clone()))
        .collect();
    for old in &before {
        assert!(after.contains(old), "{old:?} changed: {after:?}");
    }
    assert!(after.iter().any(|(id, _)| id == "desa/dodol"));
    let google: Vec<String> = google_items(&t)
        .iter()
        .map(|i| get(i, "g:id").to_string())
        .collect();
    assert!(google.contains(&"JAMU-01".to_string()));
    let jamu = meta_rows(&t)
        .into_iter()
        .find(|r| r["id"] == "JAMU-01")
        .unwrap();
    assert_eq!(jamu["link"], format!("{BASE}lain/jamu-kunyit/"));
}

#[test]
fn the_catalog_and_a_product_can_leave_things_out() {
    let t = catalog();
    t.write(
        "content/catalog.yaml",
        format!(
            "title: Katalog Desa\nbase_url: {BASE}\nwhatsapp: \"0812-3456-7890\"\n\
             feeds:\n  meta:\n    leave_out: [jamu]\n"
        ),
    );
    // A product left out says nothing of its missing price.
    t.write(
        "content/desa/tanpa-harga/product.yaml",
        "name: Tanpa Harga\ncategory: makanan\nfeeds: false\n",
    );
    let run = build(&t);
    let meta: Vec<String> = meta_rows(&t).into_iter().map(|r| r["id"].clone()).collect();
    assert!(!meta.contains(&"JAMU-01".to_string()), "{meta:?}");
    let google: Vec<String> = google_items(&t)
        .iter()
        .map(|i| get(i, "g:id").to_string())
        .collect();
    assert!(google.contains(&"JAMU-01".to_string()), "{google:?}");
    assert!(
        !run.stderr.contains("Meta's commerce policies"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(
        "tanpa-harga/product.yaml:1:1: warning: the product has no price: it is left out"
    ));

    // `feeds: false` on a product with a price leaves it out of both.
    t.write(
        "content/desa/keripik/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15rb\nfeeds: false\n",
    );
    build(&t);
    assert!(!t.read("public/feeds/meta.csv").contains("desa/keripik"));
    assert!(!t.read("public/feeds/google.xml").contains("desa/keripik"));
    // A value that is not yes or no is an error at its line.
    t.write(
        "content/desa/keripik/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15rb\nfeeds: kadang\n",
    );
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains(
            "content/desa/keripik/product.yaml:4:8: error: feeds must be true or false",
        );
}

#[test]
fn a_long_description_is_cut_at_each_platforms_limit_with_a_warning() {
    let t = catalog();
    let long = "Keripik pare renyah. ".repeat(400); // 8,400 characters
    t.write("content/desa/keripik/index.md", &long);
    let run = build(&t);
    let meta = meta_rows(&t);
    let row = meta.iter().find(|r| r["id"] == "desa/keripik").unwrap();
    assert_eq!(row["description"], long.trim_end());
    let google = google_items(&t);
    let item = google
        .iter()
        .find(|i| get(i, "g:id") == "desa/keripik")
        .unwrap();
    let cut = get(item, "description");
    assert!(
        cut.chars().count() <= 5000 && cut.ends_with('…'),
        "{}",
        cut.len()
    );
    run.expect_stderr_contains(
        "content/desa/keripik/index.md:1:1: warning: the description is 8399 characters long; the product feeds cut it at 5000 (Google",
    );
}

#[test]
fn without_base_url_there_are_no_feeds_and_one_warning() {
    let t = catalog();
    t.write(
        "content/catalog.yaml",
        "title: Katalog Desa\nwhatsapp: \"0812-3456-7890\"\n",
    );
    let run = build(&t);
    assert!(!t.path("public/feeds").exists());
    assert_eq!(
        run.stderr.matches("no base_url").count(),
        1,
        "{}",
        run.stderr
    );
    run.expect_stderr_contains("product feeds for the WhatsApp/Facebook and Google catalogs");
    // Nothing about what the feeds would leave out.
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
}

#[test]
fn the_sample_catalog_makes_both_feeds() {
    let t = CatalogTest::sample();
    let cache = sample_photo_cache();
    t.run(&["build", "--cache", &cache]).expect_code(0);
    let public = t.path("public");
    let base = "https://contoh.github.io/katalog/";
    let csv = t.read("public/feeds/meta.csv");
    let rows = parse_csv(&csv);
    assert!(rows.len() > 10, "{csv}");
    for row in &rows[1..] {
        let link = &row[7];
        let rel = link.strip_prefix(base).unwrap();
        assert!(public.join(rel).join("index.html").is_file(), "{link}");
        let img = image::open(public.join(row[8].strip_prefix(base).unwrap())).unwrap();
        assert!(img.width() >= 500 && img.height() >= 500);
    }
    let xml = t.read("public/feeds/google.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let items = doc.descendants().filter(|n| n.has_tag_name("item")).count();
    // The sample's pre-orders have no `available_from:`: Google's feed leaves them out.
    let preorders = rows[1..].iter().filter(|r| r[4] == "preorder").count();
    assert!(preorders > 0);
    assert_eq!(items, rows.len() - 1 - preorders);
}

#[test]
fn a_village_folder_cannot_take_the_feeds_folder() {
    let t = catalog();
    t.write("content/feeds/village.yaml", "name: Feeds\n");
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains("which the site uses itself");
}
