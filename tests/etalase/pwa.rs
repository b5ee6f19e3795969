//! The offline app as written: the manifest and icons (from the catalog's logo or the
//! default), `sw.js` listing every file it keeps with content-hash revisions, the
//! search index, and the pages that link them. The browser side is in `browser.rs`.

use crate::support::{CatalogTest, photos, worker_lists};
use serde_json::Value;

/// `sw.js`'s lists: (shell, warm-up), each `{url: revision}`.
fn shell_and_warm(t: &CatalogTest) -> (Value, Value) {
    let lists = worker_lists(&t.path("public"));
    (lists["shell"].clone(), lists["warm"].clone())
}

fn file_of(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("public/{url}index.html")
    } else {
        format!("public/{url}")
    }
}

fn png_size(t: &CatalogTest, rel: &str) -> (u32, u32) {
    let img = image::open(t.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (img.width(), img.height())
}

#[test]
fn the_site_gets_a_manifest_icons_and_a_worker_that_lists_its_files() {
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    t.check_site("public");

    let manifest: Value = serde_json::from_str(&t.read("public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Katalog Uji");
    assert_eq!(manifest["lang"], "id");
    // Relative to the manifest: the app works under any sub-path.
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["scope"], "./");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().unwrap();
    let listed: Vec<(String, String, bool)> = icons
        .iter()
        .map(|i| {
            (
                i["src"].as_str().unwrap().to_string(),
                i["sizes"].as_str().unwrap().to_string(),
                i["purpose"] == "maskable",
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("icons/icon-192.png".into(), "192x192".into(), false),
            ("icons/icon-512.png".into(), "512x512".into(), false),
            ("icons/icon-maskable-512.png".into(), "512x512".into(), true),
        ]
    );
    for (file, size) in [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
        ("favicon-32.png", 32),
    ] {
        assert_eq!(png_size(&t, &format!("public/icons/{file}")), (size, size));
    }

    // Every page names the icons and the script, relative to its depth; the script
    // registers the worker relative to the root it is given.
    let product = t.read("public/desa-contoh/keripik-pare/index.html");
    assert!(
        product
            .contains(r#"<link rel="apple-touch-icon" href="../../icons/apple-touch-icon.png">"#)
    );
    assert!(product.contains(r#"data-root="../../" data-manifest="../../manifest.webmanifest""#));
    assert!(product.contains(r#"<form class="search" role="search" action="../../cari/">"#));

    // The shell is stored at install: the same few files at any size. Every other
    // page and the search index are in parts, kept as the buyer goes (issue 18).
    let (shell, warm) = shell_and_warm(&t);
    let shell: Vec<&String> = shell.as_object().unwrap().keys().collect();
    for url in [
        "",
        "cari/",
        "keranjang/",
        "offline.html",
        "manifest.webmanifest",
        "assets/placeholder.svg",
        "icons/favicon-32.png",
        "icons/apple-touch-icon.png",
    ] {
        assert!(
            shell.contains(&&url.to_string()),
            "{url:?} not in {shell:?}"
        );
    }
    assert!(shell.iter().any(|u| u.starts_with("assets/style.")));
    assert!(shell.iter().any(|u| u.starts_with("assets/app.")));
    assert!(
        !shell.iter().any(|u| u.contains("desa-contoh")),
        "{shell:?}"
    );
    let warm = warm.as_object().unwrap();
    let mut urls: Vec<&str> = warm.keys().map(|u| u.as_str()).collect();
    urls.retain(|u| !u.starts_with("assets/search"));
    assert_eq!(
        urls,
        [
            "desa-contoh/",
            "desa-contoh/keripik-pare/",
            "kategori/makanan/"
        ],
        "{warm:?}"
    );
    // The search files (entry, word shards, rows, filters) in the search part; none in
    // the shell: a first visit does not pay for search.
    assert!(warm.keys().any(|u| u.starts_with("assets/search/index.")));
    assert!(warm.keys().any(|u| u.starts_with("assets/search/s-")));
    assert!(!shell.iter().any(|u| u.starts_with("assets/search/")));
    let parts = worker_lists(&t.path("public"))["parts"].clone();
    let names: Vec<&String> = parts.as_object().unwrap().keys().collect();
    assert_eq!(names, ["desa-contoh", "kategori.makanan", "search"]);
    assert_eq!(
        parts["desa-contoh"][2], 2,
        "two pages in the village's part"
    );
    // A revision is 8 hex digits of the written file's XXH3 hash.
    for (url, rev) in warm {
        let bytes = std::fs::read(t.path(&file_of(url))).unwrap();
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes) >> 32;
        assert_eq!(rev, &format!("{hash:08x}"), "{url}");
    }
    // Hosts that read `_headers` are told never to keep sw.js.
    assert!(
        t.read("public/_headers")
            .contains("/sw.js\n  Cache-Control: no-cache")
    );
}

#[test]
fn a_new_deploy_changes_the_worker_and_only_the_revisions_of_what_changed() {
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    let (shell1, warm1) = shell_and_warm(&t);
    let sw1 = t.read("public/sw.js");
    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 16000\n",
    );
    t.run(&["build"]).expect_code(0);
    let (shell2, warm2) = shell_and_warm(&t);
    assert_ne!(t.read("public/sw.js"), sw1, "browsers see the new deploy");
    assert_ne!(
        warm1["desa-contoh/keripik-pare/"],
        warm2["desa-contoh/keripik-pare/"]
    );
    for (url, rev) in shell1.as_object().unwrap() {
        if url.starts_with("assets/") || url.starts_with("icons/") || url == "manifest.webmanifest"
        {
            assert_eq!(&shell2[url], rev, "{url} is downloaded again for nothing");
        }
    }
}

#[test]
fn the_search_index_names_every_product_with_its_filters() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/jamu/product.yaml",
        "name: Jamu Kunyit Asam\ncategory: jamu\navailability: pre-order\nvariants:\n  - { name: 250 ml, price: 12000 }\n  - { name: 1 liter, price: 40000 }\ntags: [segar]\n",
    )
    .write("content/desa-contoh/jamu/botol.jpg", photos::jpeg(&photos::halves(900, 600)));
    t.run(&["build"]).expect_code(0);
    let v = crate::support::search::whole(&t.path("public"));
    assert_eq!(v["v"][0], serde_json::json!(["desa-contoh", "Desa Contoh"]));
    // Rows are arrays whose fields the index names in `f`.
    let field = |kind: &str, row: &Value, name: &str| -> Value {
        let at = v["f"][kind]
            .as_array()
            .unwrap()
            .iter()
            .position(|f| f == name);
        row[at.unwrap_or_else(|| panic!("no field {name}"))].clone()
    };
    let jamu = v["p"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| field("p", p, "name") == "Jamu Kunyit Asam")
        .unwrap();
    let f = |name| field("p", jamu, name);
    assert_eq!(f("slug"), "jamu");
    let category = &v["c"][f("category").as_u64().unwrap() as usize];
    assert_eq!(field("c", category, "key"), "jamu");
    assert_eq!((f("price"), f("from")), (12000.into(), 1.into()));
    assert_eq!(
        v["a"][f("availability").as_u64().unwrap() as usize],
        "pre-order"
    );
    let photo = f("photo");
    let photo = photo.as_str().unwrap();
    assert!(
        t.path(&format!("public/desa-contoh/jamu/{photo}.webp"))
            .is_file(),
        "{photo}: the card's photo exists"
    );
    // Its tags are words it is found by: in the shard of their key, with the
    // product's number (weight 1: the third list).
    let number = v["p"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p == jamu)
        .unwrap();
    let shards = crate::support::search::text(&t.path("public"));
    assert!(
        shards.contains(&format!("\"segar\":[[],[],[{number}]]")),
        "{shards}"
    );
}

#[test]
fn the_catalogs_logo_makes_its_icons() {
    let t = CatalogTest::new("minimal");
    let logo = image::RgbaImage::from_pixel(300, 120, image::Rgba([200, 30, 30, 255]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(logo)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    t.write("content/logo.png", png).write(
        "content/catalog.yaml",
        "title: Katalog Uji\nwhatsapp: \"0812-0000-0001\"\nlogo: logo.png\n",
    );
    t.run(&["build"]).expect_code(0);
    let icon = image::open(t.path("public/icons/icon-maskable-512.png"))
        .unwrap()
        .to_rgba8();
    assert_eq!(icon.get_pixel(256, 256), &image::Rgba([200, 30, 30, 255]));
    assert_eq!(icon.get_pixel(4, 4), &image::Rgba([255, 255, 255, 255]));
    assert!(
        !t.path("public/logo.png").exists(),
        "the logo itself is not published"
    );
}

#[test]
fn a_missing_logo_is_an_error_at_its_line() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/catalog.yaml",
        "title: Katalog Uji\nwhatsapp: \"0812-0000-0001\"\nlogo: logo-kub.png\n",
    );
    t.run(&["build"])
        .expect_code(1)
        .expect_stderr_contains("content/catalog.yaml:3:7: ");
    t.write("content/logo-kub.png", "not a picture");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr_contains("logo-kub.png");
}
