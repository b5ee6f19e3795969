//! Publishing metadata: link previews (OpenGraph, Twitter card, the preview images),
//! schema.org JSON-LD, the sitemap's `lastmod` and the Atom feed of new products.

use crate::support::{CatalogTest, photos};
use image::{ImageBuffer, Rgb};
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

mod dates;

const BASE: &str = "https://contoh.github.io/katalog/";

/// A photo whose every pixel is noise: the hardest thing to compress, so the preview's
/// 300 KB limit is really tested.
fn noise_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut s: u32 = 0x9E37_79B9;
    let img = ImageBuffer::from_fn(w, h, |_, _| {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        let [a, b, c, _] = s.to_le_bytes();
        Rgb([a, b, c])
    });
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    enc.encode_image(&img).unwrap();
    out
}

fn set_mtime(path: &Path, unix: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(unix))
        .unwrap();
}

/// The `seo` fixture with its photos: a phone photo stored sideways with GPS, a noise
/// photo, a photo smaller than 1200×630, a village cover. Sagon has no `added:`: its
/// date is its `product.yaml`'s time, set to 2026-04-01.
fn seo_catalog() -> CatalogTest {
    let t = CatalogTest::new("seo");
    t.write(
        "content/dukuhdempok/jamu/botol.jpg",
        photos::phone_jpeg(2000, 1500),
    )
    .write(
        "content/dukuhdempok/keripik/bungkus.jpg",
        noise_jpeg(2400, 1600),
    )
    .write(
        "content/dukuhdempok/sagon/sagon.jpg",
        photos::jpeg(&photos::halves(1600, 1200)),
    )
    .write(
        "content/wonoasri/tas/tas.jpg",
        photos::jpeg(&photos::halves(900, 600)),
    )
    .write(
        "content/wonoasri/sampul.jpg",
        photos::jpeg(&photos::halves(1400, 900)),
    );
    set_mtime(
        &t.path("content/dukuhdempok/sagon/product.yaml"),
        1_775_001_600,
    ); // 2026-04-01
    t
}

/// The pages a link can be shared to: all but the printed catalog (`cetak/`, paper
/// only and `noindex`).
fn pages(t: &CatalogTest) -> Vec<(String, Html)> {
    let root = t.path("public");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| !e.path().starts_with(root.join("cetak")))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (
                rel,
                Html::parse_document(&std::fs::read_to_string(e.path()).unwrap()),
            )
        })
        .collect()
}

/// `<meta property=…>` and `<meta name=…>` values of a page, by their key.
fn metas(doc: &Html) -> HashMap<String, String> {
    let sel = Selector::parse("meta").unwrap();
    doc.select(&sel)
        .filter_map(|m| {
            let v = m.value();
            let key = v.attr("property").or(v.attr("name"))?;
            Some((key.to_string(), v.attr("content")?.to_string()))
        })
        .collect()
}

/// The JSON-LD of a page, parsed: the `@graph` items.
fn json_ld(doc: &Html) -> Vec<Value> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    doc.select(&sel)
        .flat_map(|s| {
            let text: String = s.text().collect();
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"));
            assert_eq!(v["@context"], "https://schema.org");
            v["@graph"].as_array().unwrap().clone()
        })
        .collect()
}

fn of_type<'a>(items: &'a [Value], ty: &str) -> Option<&'a Value> {
    items.iter().find(|i| i["@type"] == ty)
}

fn crumbs(items: &[Value]) -> Vec<(String, String)> {
    of_type(items, "BreadcrumbList").expect("a BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            assert_eq!(c["position"], i + 1);
            (
                c["name"].as_str().unwrap().to_string(),
                c["item"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The page's own address under the base URL (`a/b/index.html` → `BASE a/b/`).
fn page_url(rel: &str) -> String {
    format!("{BASE}{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

#[test]
fn every_page_has_link_preview_tags_and_product_pages_have_json_ld_from_the_catalog() {
    let t = seo_catalog();
    let run = t.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("base_url"), "{}", run.stderr);
    t.check_site("public");

    let pages = pages(&t);
    assert!(pages.len() >= 12, "{} pages", pages.len());
    let feed_link =
        Selector::parse(r#"link[rel="alternate"][type="application/atom+xml"]"#).unwrap();
    for (rel, doc) in &pages {
        let m = metas(doc);
        for key in [
            "og:title",
            "og:type",
            "og:site_name",
            "og:description",
            "twitter:card",
        ] {
            assert!(m.get(key).is_some_and(|v| !v.is_empty()), "{rel}: no {key}");
        }
        assert_eq!(m["og:site_name"], "Katalog Uji Pratinjau", "{rel}");
        assert_eq!(m["og:locale"], "id_ID", "{rel}");
        // Every page has a share image here: its own, or the front page's.
        let image = &m["og:image"];
        let image_rel = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{rel}: {image}"));
        let file = t.path("public").join(image_rel);
        let (w, h) = image::image_dimensions(&file).unwrap();
        assert_eq!(
            (m["og:image:width"].parse(), m["og:image:height"].parse()),
            (Ok(w), Ok(h)),
            "{rel}"
        );
        assert!(!m["og:image:alt"].is_empty());
        assert_eq!(m["twitter:card"], "summary_large_image", "{rel}");
        if rel != "404.html" && rel != "offline.html" {
            assert_eq!(m["og:url"], page_url(rel), "{rel}");
        }
        let link = doc
            .select(&feed_link)
            .next()
            .unwrap_or_else(|| panic!("{rel}: no feed link"));
        let href = link.value().attr("href").unwrap();
        assert!(href.ends_with("feed.xml"), "{rel}: {href}");
    }
    let page = |p: &str| &pages.iter().find(|(r, _)| r == p).unwrap().1;

    // Products: name, one offer per variant in IDR, availability, absolute URLs.
    let expect = [
        (
            "dukuhdempok/jamu/",
            "Jamu Kunyit Asam",
            "https://schema.org/PreOrder",
            vec![("250 ml", 12000), ("1 liter", 40000)],
        ),
        (
            "dukuhdempok/keripik/",
            "Keripik Pare",
            "https://schema.org/InStock",
            vec![("", 15000)],
        ),
        (
            "dukuhdempok/sagon/",
            "Sagon Kelapa",
            "https://schema.org/SoldOut",
            vec![("", 10000)],
        ),
        (
            "wonoasri/tas/",
            "Tas Ecoprint",
            "https://schema.org/InStock",
            vec![("", 150000)],
        ),
    ];
    for (dir, name, availability, offers) in expect {
        let doc = page(&format!("{dir}index.html"));
        let m = metas(doc);
        assert_eq!(m["og:type"], "product");
        assert_eq!(m["og:image"], format!("{BASE}{dir}preview.jpg"));
        assert_eq!(m["og:image:alt"], name);
        let ld = json_ld(doc);
        let product = of_type(&ld, "Product").unwrap_or_else(|| panic!("{dir}: no Product"));
        assert_eq!(product["name"], name);
        assert_eq!(product["url"], format!("{BASE}{dir}"));
        assert!(!product["description"].as_str().unwrap().is_empty());
        let images = product["image"].as_array().unwrap();
        assert_eq!(images[0], format!("{BASE}{dir}preview.jpg"));
        for i in images {
            let rel = i.as_str().unwrap().strip_prefix(BASE).unwrap();
            assert!(t.path("public").join(rel).is_file(), "{dir}: image {i}");
        }
        let village = if dir.starts_with("wonoasri") {
            "Wonoasri"
        } else {
            "KUB Melati"
        };
        for org in [&product["brand"], &product["manufacturer"]] {
            assert_eq!(org["@type"], "Organization");
            assert_eq!(org["name"], village);
        }
        let got: Vec<(String, u64)> = product["offers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                assert_eq!(o["@type"], "Offer");
                assert_eq!(o["priceCurrency"], "IDR");
                assert_eq!(o["availability"], availability);
                assert_eq!(o["url"], format!("{BASE}{dir}"));
                (
                    o["name"].as_str().unwrap_or("").to_string(),
                    o["price"].as_u64().unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, u64)> = offers.iter().map(|(n, p)| (n.to_string(), *p)).collect();
        assert_eq!(got, want, "{dir}");
        let c = crumbs(&ld);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0], ("Katalog Uji Pratinjau".into(), BASE.into()));
        assert_eq!(c[2], (name.into(), format!("{BASE}{dir}")));
    }
    // The price reaches WhatsApp's preview text.
    assert!(
        metas(page("dukuhdempok/keripik/index.html"))["og:description"]
            .starts_with("Rp15.000 / bungkus 100 g")
    );
    assert!(
        metas(page("dukuhdempok/jamu/index.html"))["og:description"].starts_with("mulai Rp12.000")
    );

    // Villages and categories: a BreadcrumbList; their share image.
    let dukuh = page("dukuhdempok/index.html");
    assert_eq!(
        crumbs(&json_ld(dukuh)),
        vec![
            ("Katalog Uji Pratinjau".to_string(), BASE.to_string()),
            ("Dukuhdempok".to_string(), format!("{BASE}dukuhdempok/"))
        ]
    );
    // No cover: its first product's preview. Wonoasri: its cover's.
    assert_eq!(
        metas(dukuh)["og:image"],
        format!("{BASE}dukuhdempok/jamu/preview.jpg")
    );
    assert_eq!(
        metas(page("wonoasri/index.html"))["og:image"],
        format!("{BASE}wonoasri/preview.jpg")
    );
    assert_eq!(
        metas(page("index.html"))["og:image"],
        format!("{BASE}wonoasri/preview.jpg")
    );
    let category = page("kategori/makanan/index.html");
    assert_eq!(
        crumbs(&json_ld(category))[1],
        ("Makanan".to_string(), format!("{BASE}kategori/makanan/"))
    );
    assert_eq!(
        metas(category)["og:image"],
        format!("{BASE}dukuhdempok/keripik/preview.jpg")
    );
}

#[test]
fn a_description_cannot_break_out_of_the_json_ld_script() {
    let t = seo_catalog();
    t.run(&["build"]).expect_code(0);
    let html = t.read("public/dukuhdempok/jamu/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    let ld = json_ld(&Html::parse_document(&html));
    let description = of_type(&ld, "Product").unwrap()["description"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        description.contains("</script><script>alert(1)</script> <!-- tanpa pengawet & gula aren"),
        "{description}"
    );
    // The raw script holds `\u003c/script>` instead.
    assert!(html.contains(r"\u003c/script\u003e"));
}

#[test]
fn each_product_gets_a_1200_by_630_preview_under_300_kb_without_metadata() {
    let t = seo_catalog();
    t.run(&["build"]).expect_code(0);
    for (dir, size) in [
        ("dukuhdempok/jamu", (1200, 630)),    // stored sideways, with GPS
        ("dukuhdempok/keripik", (1200, 630)), // pure noise
        ("dukuhdempok/sagon", (1200, 630)),
        ("wonoasri/tas", (900, 473)), // 900×600: never enlarged, the largest 1.91:1 crop
        ("wonoasri", (1200, 630)),    // the village cover
    ] {
        let path = t.path(&format!("public/{dir}/preview.jpg"));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() < 300 * 1024, "{dir}: {} bytes", bytes.len());
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
            .unwrap_or_else(|e| panic!("{dir}: not a JPEG: {e}"));
        assert_eq!((img.width(), img.height()), size, "{dir}");
        // SOI, then no APP1..APP15 segment (EXIF, XMP, ICC) before the image data.
        assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
        let mut at = 2;
        while at + 4 <= bytes.len() && bytes[at] == 0xFF && bytes[at + 1] != 0xDA {
            let marker = bytes[at + 1];
            assert!(
                !(0xE1..=0xEF).contains(&marker),
                "{dir}: APP{} segment",
                marker - 0xE0
            );
            at += 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        }
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{dir}: EXIF");
        assert!(
            !bytes.windows(9).any(|w| w == b"TestPhone"),
            "{dir}: camera make"
        );
    }
    // The sideways phone photo comes out upright: its red half (stored left) on top,
    // its blue half below.
    // (Decoded with jpeg-decoder, as the build tests do.)
    let bytes = std::fs::read(t.path("public/dukuhdempok/jamu/preview.jpg")).unwrap();
    let mut decoder = jpeg_decoder::Decoder::new(&bytes[..]);
    let rgb = decoder.decode().unwrap();
    assert_eq!(
        decoder.info().unwrap().pixel_format,
        jpeg_decoder::PixelFormat::RGB24
    );
    let jamu = image::RgbImage::from_raw(1200, 630, rgb).unwrap();
    let (top, bottom) = (jamu.get_pixel(600, 150).0, jamu.get_pixel(600, 480).0);
    assert!(
        top[0] > 150 && top[2] < 100 && bottom[2] > 150 && bottom[0] < 100,
        "{top:?} {bottom:?}"
    );
    // At the catalog's quality 95 the noise preview would weigh about 500 KB: it was
    // made at a lower quality to fit. The second build takes every preview from the
    // cache, with nothing decoded.
    let again = t.run(&["build"]);
    again.expect_code(0);
    assert_eq!(again.processed_and_cached(), (0, 5));
    t.check_site("public");
}

#[test]
fn without_base_url_one_warning_and_no_image_or_feed() {
    let t = seo_catalog();
    t.write(
        "content/catalog.yaml",
        "title: Katalog Uji Pratinjau\nlanguage: en\nwhatsapp: \"0812-0000-0001\"\n",
    );
    let run = t.run(&["build"]);
    run.expect_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("base_url"))
        .collect();
    assert_eq!(
        warnings.len(),
        2,
        "the warning and its help:\n{}",
        run.stderr
    );
    assert!(warnings[0].starts_with("content/catalog.yaml:1:1: warning: no base_url: links shared in WhatsApp will show no photo"));
    assert!(!t.path("public/feed.xml").exists());
    assert!(!t.path("public/sitemap.xml").exists());
    assert!(!t.path("public/dukuhdempok/jamu/preview.jpg").exists());
    for (rel, doc) in pages(&t) {
        let m = metas(&doc);
        assert_eq!(m["og:locale"], "en_US", "{rel}");
        // No description in catalog.yaml: the front page's og:description is its title.
        assert!(
            m.contains_key("og:title") && !m["og:description"].is_empty(),
            "{rel}"
        );
        assert!(
            !m.contains_key("og:image") && !m.contains_key("og:url"),
            "{rel}"
        );
        assert_eq!(m["twitter:card"], "summary");
        assert!(!doc.html().contains("feed.xml"), "{rel}");
    }
    // JSON-LD still there, its URLs relative to the page.
    let ld = json_ld(&Html::parse_document(
        &t.read("public/dukuhdempok/jamu/index.html"),
    ));
    let product = of_type(&ld, "Product").unwrap();
    assert_eq!(product["url"], "../../dukuhdempok/jamu/");
    assert_eq!(crumbs(&ld)[0].1, "../../");
    // `check` says the same, once.
    let check = t.run(&["check"]);
    assert_eq!(
        check.stderr.matches("warning: no base_url").count(),
        1,
        "{}",
        check.stderr
    );
    t.check_site("public");
}

/// Runs git in `dir` with fixed identity and dates.
#[test]
fn a_preview_is_never_wider_than_the_largest_web_image() {
    let t = seo_catalog();
    t.write(
        "content/catalog.yaml",
        format!("title: Katalog Kecil\nexample: true\nbase_url: {BASE}\nwhatsapp: \"0812-0000-0001\"\nimages:\n  widths: [320, 640]\n"),
    );
    t.run(&["build"]).expect_code(0);
    let (w, h) = image::image_dimensions(t.path("public/dukuhdempok/sagon/preview.jpg")).unwrap();
    assert_eq!((w, h), (640, 336));
    let m = metas(&Html::parse_document(
        &t.read("public/dukuhdempok/sagon/index.html"),
    ));
    assert_eq!(
        (m["og:image:width"].as_str(), m["og:image:height"].as_str()),
        ("640", "336")
    );
    // The format's checker, told the largest width, finds no image wider.
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/check-site.py"))
        .arg(t.path("public"))
        .args(["--max-width", "640"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_product_without_a_photo_shares_its_village_cover_or_no_image() {
    let t = seo_catalog();
    std::fs::remove_file(t.path("content/dukuhdempok/sagon/sagon.jpg")).unwrap();
    std::fs::remove_file(t.path("content/wonoasri/tas/tas.jpg")).unwrap();
    t.run(&["build"]).expect_code(0);
    let m = metas(&Html::parse_document(
        &t.read("public/wonoasri/tas/index.html"),
    ));
    assert_eq!(m["og:image"], format!("{BASE}wonoasri/preview.jpg"));
    // Dukuhdempok has no cover: no image rather than another product's photo.
    let m = metas(&Html::parse_document(
        &t.read("public/dukuhdempok/sagon/index.html"),
    ));
    assert!(!m.contains_key("og:image"), "{m:?}");
    assert_eq!(m["twitter:card"], "summary");
    assert!(!t.path("public/dukuhdempok/sagon/preview.jpg").exists());
    t.check_site("public");
}
