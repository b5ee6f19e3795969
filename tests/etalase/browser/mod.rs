//! The buyer's side in a real browser: Debian's headless `chromium`, driven by
//! `tests/browser/buyer.mjs` (playwright-core), on a site built by the real binary and
//! served over http by the tests' static host (`support/static_host.rs`) on 127.0.0.1, at
//! the root and under `/katalog/` as GitHub Pages serves a project site. Offline, search, the WhatsApp
//! cart, pages from disk and without JavaScript, and the weight budgets.
//!
//! Needs `node`, `tests/browser/node_modules` (`npm ci --prefix tests/browser`, which
//! `scripts/test` runs) and `/usr/bin/chromium` (`.ci/run` installs it). Any of them
//! missing fails the tests: a browser test that skips proves nothing.
//!
//! A little over ~500 lines: the first test is the buyer's whole story in one browser
//! session (online visit, offline, search, cart, WhatsApp), which reads best unbroken.

use crate::support::static_host::StaticHost;
use crate::support::{CatalogTest, sample_photo_cache, whatsapp, worker_lists};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

mod budget;
mod cart;
mod search;
mod weights;

use weights::*;

/// The budget of a product page: its HTML, CSS and JS, gzip-compressed.
const PAGE_BUDGET: usize = 30 * 1024;
/// The budget of the search index of a 1,000-product catalog, gzip-compressed.
const INDEX_BUDGET: usize = 60 * 1024;

#[test]
fn a_buyer_browses_offline_searches_and_orders_on_whatsapp() {
    let t = sample_catalog();
    t.run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    t.check_site("public");
    let public = t.path("public");
    let host = StaticHost::at(&public, &["/katalog/", "/"]);
    let index = search_index(&public);
    let shot = report_dir().join("product-360.png");
    let _ = std::fs::remove_file(&shot);

    // Under a sub-path, as GitHub Pages serves a project site: the whole visit.
    let base = host.url("/katalog/");
    let searches = json!([
        { "q": "kerip" },                 // a prefix, typed in the header's box
        { "q": "kripik" },                // how it is often written
        { "q": "rebo" },                  // a prefix of "Rébon", accent left out
        { "q": "", "c": "jamu" },         // filters alone
        { "q": "", "v": "wonoasri", "p": "0-25000" },
        { "q": "", "a": "1" },
    ]);
    let out = browse(&json!({
        "base": base,
        "dir": public,
        "steps": ["online", "offline", "online2", "nojs", "file"],
        "neverOpened": "tamansari/kopi-robusta/",
        "uncached": "tidak-ada/sama-sekali/",
        "searches": searches,
        "cart": [
            { "path": "dukuhdempok/sagon/", "variant": 1, "qty": 2 },
            { "path": "wonoasri/keripik-pare/", "qty": 3 },
            { "path": "wonoasri/kerupuk-rebon/", "qty": 1 },
        ],
        "buyer": { "name": "Siti Aminah", "address": "Jl. Mawar 3, Ambulu, Jember", "note": "Tolong dibungkus rapi" },
        "screenshotOf": "dukuhdempok/sagon/",
        "screenshot": shot,
    }));
    expect_clean(&out);

    // One online visit to the front page, and the worker stored everything.
    let online = &out["steps"]["online"];
    assert_eq!(
        online["scope"],
        base.as_str(),
        "the worker's scope is the sub-path"
    );
    let status = &online["status"];
    assert_eq!(status["shell"], status["shellTotal"], "{status}");
    assert_eq!(status["warm"], status["warmTotal"], "{status}");
    assert_eq!(
        status["warmTotal"].as_u64(),
        Some(
            worker_lists(&t.path("public"))["warm"]
                .as_object()
                .unwrap()
                .len() as u64
        ),
        "every page of every part and the search index are kept: the sample fits the budget"
    );
    assert_eq!(
        online["savedShown"], true,
        "the footer says it works offline"
    );

    // Offline: the pages came from the worker. Emulated offline does not reach a
    // service worker's own fetches in Chromium 148, so the host is down meanwhile (see
    // `StaticHost`): whatever the worker tried on the network failed, as on a phone without
    // signal, and everything below was served from its caches.
    let offline = &out["steps"]["offline"];
    let product = &offline["product"];
    assert_eq!(product["kind"], "product", "{product}");
    assert_eq!(product["h1"], "Kopi Robusta Lereng Ijen");
    assert_eq!(product["status"], 200);
    assert_eq!(product["fromServiceWorker"], true);
    assert_eq!(
        product["firstImageShown"], true,
        "a photo never seen shows the placeholder"
    );
    let uncached = &offline["uncached"];
    assert_eq!(uncached["kind"], "offline", "{uncached}");
    assert_eq!(uncached["h1"], "Anda sedang offline");
    assert_eq!(uncached["fromServiceWorker"], true);

    // Search, offline, from the index the worker stored.
    let found = |i: usize| -> Vec<String> {
        let s = &offline["searches"][i];
        s["names"]
            .as_array()
            .unwrap_or_else(|| panic!("search {i}: {s}"))
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        offline["searches"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/katalog/cari/?q=kerip")
    );
    assert_eq!(found(0).first().map(String::as_str), Some("Keripik Pare"));
    assert_eq!(found(1).first().map(String::as_str), Some("Keripik Pare"));
    assert_eq!(found(2), ["Kerupuk Rébon"]);
    // A card shows the product's other fields of the index, each in its place.
    let card = |i: usize, n: usize| offline["searches"][i]["cards"][n].clone();
    let pare = card(0, 0);
    let photo = pare["photo"].as_str().unwrap();
    assert!(
        photo.starts_with("../wonoasri/keripik-pare/img-20240215-083311.")
            && photo.ends_with("-320.jpg"),
        "{pare}"
    );
    assert_eq!(
        pare,
        json!({ "href": "../wonoasri/keripik-pare/", "photo": photo, "price": "Rp10.000 / pouch 100 g",
                "availability": "tersedia", "badge": "Tersedia", "village": "Wonoasri" })
    );
    let bucket = card(5, 1);
    assert_eq!(
        bucket,
        json!({ "href": "../sabrang/bucket-snack/", "photo": bucket["photo"], "price": "mulai Rp50.000",
                "availability": "pre-order", "badge": "Pre-order", "village": "Sabrang" })
    );
    for (i, f) in [(3usize, 3usize), (4, 4), (5, 5)] {
        let expected = filtered(&index, &searches[f]);
        assert!(!expected.is_empty(), "search {i} finds something");
        assert_eq!(found(i), expected, "search {i}: {}", searches[f]);
    }

    // The cart, offline up to the moment of sending: one message per seller.
    assert_eq!(offline["cartCount"], "6");
    assert_eq!(
        offline["nameAsked"], true,
        "sending asks for the name first"
    );
    let cart = &offline["cart"];
    assert_eq!(cart["total"], "Rp104.000");
    let orders: BTreeMap<String, String> = cart["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| whatsapp(l.as_str().unwrap()))
        .collect();
    assert_eq!(
        orders.keys().collect::<Vec<_>>(),
        ["6281200000101", "6281200000102"]
    );
    let dukuhdempok = &orders["6281200000101"];
    for line in [
        "Halo KUB Melati Dempok, saya mau pesan dari Katalog Contoh — Produk Purna Migran:",
        "1. Sagon Kelapa (toples 500 g)\n   2 × Rp28.000 = Rp56.000",
        "Total: Rp56.000",
        "Nama: Siti Aminah",
        "Alamat pengiriman: Jl. Mawar 3, Ambulu, Jember",
        "Catatan: Tolong dibungkus rapi",
    ] {
        assert!(dukuhdempok.contains(line), "{line:?} in:\n{dukuhdempok}");
    }
    let wonoasri = &orders["6281200000102"];
    for line in [
        "Halo KUB Sekar Arum,",
        "1. Keripik Pare\n   3 × Rp10.000 = Rp30.000",
        "2. Kerupuk Rébon\n   1 × Rp18.000 = Rp18.000",
        "Total: Rp48.000",
    ] {
        assert!(wonoasri.contains(line), "{line:?} in:\n{wonoasri}");
    }
    assert!(
        !wonoasri.contains("Sagon"),
        "each seller gets only their items"
    );
    for text in orders.values() {
        assert!(text.chars().count() < 1000, "{} characters", text.len());
    }

    // Back online: a product page loads its HTML, the CSS and the script, nothing else
    // of those kinds (the search index only when search is used), within the budget.
    let online2 = &out["steps"]["online2"];
    let requests = online2["requests"].as_array().unwrap();
    let of_kind = |kind: &str| -> Vec<String> {
        requests
            .iter()
            .filter(|r| r["type"] == kind)
            .map(|r| r["url"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(of_kind("document").len(), 1, "{requests:?}");
    assert_eq!(of_kind("stylesheet").len(), 1, "{requests:?}");
    assert_eq!(of_kind("script").len(), 1, "{requests:?}");
    let loaded: Vec<String> = [
        of_kind("document"),
        of_kind("stylesheet"),
        of_kind("script"),
    ]
    .concat()
    .iter()
    .map(|u| u.strip_prefix(base.as_str()).unwrap().to_string())
    .collect();
    let weight = weight_of(&public, &loaded);
    assert!(weight < PAGE_BUDGET, "{loaded:?}: {weight} bytes gzipped");
    assert_eq!(online2["share"], true, "the share button shows");
    assert_ne!(
        online2["corner"],
        json!([0xf3, 0xeb, 0xe0]),
        "back online, the photo seen offline as the placeholder shows itself"
    );
    let png = std::fs::read(&shot).expect("the screenshot");
    assert_eq!(&png[1..4], b"PNG");
    let (w, _) = png_size(&png);
    assert_eq!(w, 720, "360 CSS pixels at 2 device pixels each");

    // Without JavaScript the order buttons work and the cart stays out of the way.
    let nojs = &out["steps"]["nojs"];
    let links = nojs["whatsapp"].as_array().unwrap();
    assert!(!links.is_empty());
    assert!(
        links
            .iter()
            .all(|l| l.as_str().unwrap().starts_with("https://wa.me/62"))
    );
    assert_eq!(nojs["cartFormShown"], false);
    assert_eq!(nojs["cartLinkShown"], false);

    // From disk: no worker, folder links lead to index.html, search works.
    let file = &out["steps"]["file"];
    assert_eq!(file["hasWorker"], false);
    assert!(
        file["productHref"]
            .as_str()
            .unwrap()
            .ends_with("/index.html")
    );
    assert_eq!(file["product"]["kind"], "product");
    assert_eq!(file["search"]["names"][0], "Keripik Pare");

    // At the domain root too: the worker's scope is the root, offline works there.
    let root = host.url("/");
    let at_root = browse(&json!({
        "base": root,
        "dir": public,
        "steps": ["online", "offline"],
        "neverOpened": "lipursari/tas-rajut/",
        "uncached": "x/",
        "searches": [],
        "cart": [],
    }));
    expect_clean(&at_root);
    assert_eq!(at_root["steps"]["online"]["scope"], root.as_str());
    assert_eq!(
        at_root["steps"]["offline"]["product"]["h1"],
        "Tas Rajut Benang Katun"
    );

    let figures = figures(&public, &index, online, weight, &loaded);
    println!("screenshot of a product page at 360 px: {}", shot.display());
    report("sample", &figures);
}

/// A synthetic catalog of 1,000 products (20 villages of 50), YAML and Markdown only:
/// the search index and a product page stay within their budgets, and the worker
/// keeps what the front page leads to within its budget of bytes.
#[test]
fn a_thousand_products_stay_within_the_budgets() {
    let t = CatalogTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let spec = etalase::testing::photos::CatalogSpec {
        villages: 20,
        products: 50,
        photos: 0,
        width: 4000,
        height: 3000,
        quality: 90,
        progressive_every: 0,
        portrait_every: 0,
        seed: 7,
    };
    etalase::testing::photos::write_catalog(&spec, &t.path("content")).unwrap();
    t.run(&["build"]).expect_code(0);
    let public = t.path("public");
    let index = search_index(&public);
    assert_eq!(products(&index), 1000);
    let index_gz = gzip_len(&std::fs::read(search_index_path(&public)).unwrap());
    assert!(
        index_gz < INDEX_BUDGET,
        "search index: {index_gz} bytes gzipped"
    );
    let heaviest = product_pages(&public)
        .iter()
        .map(|p| weight_of(&public, &page_with_assets(&public, p)))
        .max()
        .unwrap();
    assert!(heaviest < PAGE_BUDGET, "a product page: {heaviest} bytes");

    let host = StaticHost::at(&public, &["/katalog/", "/"]);
    let out = browse(&json!({
        "base": host.url("/katalog/"),
        "dir": public,
        "steps": ["online"],
        "warmTimeoutMs": 100_000,
    }));
    expect_clean(&out);
    let online = &out["steps"]["online"];
    let status = &online["status"];
    // Past the budget, the front page's warm-up keeps what it leads to, within it.
    assert_eq!(status["whole"], false, "{status}");
    assert!(status["warm"].as_u64().unwrap() > 10, "{status}");
    assert!(
        status["warm"].as_u64() < status["warmTotal"].as_u64(),
        "{status}"
    );
    assert!(
        status["bytes"].as_u64() <= status["budget"].as_u64(),
        "{status}"
    );
    assert_eq!(status["shell"], status["shellTotal"], "{status}");
    let page = page_with_assets(&public, &product_pages(&public)[0]);
    let figures = figures(&public, &index, online, heaviest, &page);
    report("synthetic-1000", &figures);
}

/// A phone that visited once comes back after a new deploy in which one price
/// changed: it downloads the files whose revision changed, and nothing else.
#[test]
fn a_new_deploy_downloads_only_what_changed() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\n",
    );
    t.run(&["build"]).expect_code(0);
    let public = t.path("public");
    let host = StaticHost::at(&public, &["/katalog/", "/"]);
    let base = host.url("/katalog/");
    let profile = tempfile::tempdir().unwrap();
    let first = browse(&json!({
        "base": base, "dir": public, "steps": ["online"], "profile": profile.path(),
    }));
    expect_clean(&first);
    let before = worker_lists(&public);

    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 16000\n",
    );
    t.run(&["build"]).expect_code(0);
    let after = worker_lists(&public);
    host.mark("redeploy");
    let second = browse(&json!({
        "base": base, "dir": public, "steps": ["redeploy"], "profile": profile.path(),
        "version": after["version"],
    }));
    expect_clean(&second);
    let status = &second["steps"]["redeploy"]["status"];
    assert_eq!(
        status["version"],
        after["version"],
        "{status}; asked for since the deploy: {:?}",
        host.since("redeploy")
    );
    assert_eq!(status["warm"], status["warmTotal"], "{status}");

    let mut changed: Vec<String> = Vec::new();
    for list in ["shell", "warm"] {
        for (url, rev) in after[list].as_object().unwrap() {
            if before[list].get(url) != Some(rev) {
                changed.push(format!("/katalog/{url}"));
            }
        }
    }
    // The lists of the parts that changed (their names hold their hash).
    for (name, part) in after["parts"].as_object().unwrap() {
        if before["parts"][name][0] != part[0] {
            changed.push(format!("/katalog/{}", part[0].as_str().unwrap()));
        }
    }
    changed.sort();
    let mut fetched: Vec<String> = host
        .since("redeploy")
        .into_iter()
        .filter(|p| p != "/katalog/sw.js")
        .collect();
    fetched.sort();
    fetched.dedup();
    assert!(
        changed.contains(&"/katalog/desa-contoh/keripik-pare/".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed
            .iter()
            .any(|c| c.contains("/assets/style.") || c.contains("/icons/")),
        "{changed:?}"
    );
    assert_eq!(fetched, changed, "downloaded after the deploy");
}

/// The search page holds still (issue 18, point 5): on a phone of Lighthouse's size, with
/// the index arriving a second after the page (as on a slow network: what it draws
/// comes after the first paint), nothing moves while `cari/` loads, with nothing asked
/// (Lighthouse's CLS was 0.255, the results of everything drawn over the page's
/// categories and villages), with a word or a filter in the address (the header's
/// search box lands there), or with nothing found; on the sample and on 2,000 products.
#[test]
fn the_search_page_holds_still_while_its_results_arrive() {
    let sample = sample_catalog();
    sample
        .run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    let large = CatalogTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let spec = etalase::testing::photos::CatalogSpec {
        villages: 20,
        products: 100,
        photos: 0,
        width: 4000,
        height: 3000,
        quality: 90,
        progressive_every: 0,
        portrait_every: 0,
        seed: 11,
    };
    etalase::testing::photos::write_catalog(&spec, &large.path("content")).unwrap();
    large.run(&["build"]).expect_code(0);
    for t in [&sample, &large] {
        let public = t.path("public");
        let index = search_index_path(&public);
        let category = search_index(&public)["c"][0][0]
            .as_str()
            .unwrap()
            .to_string();
        let host = StaticHost::start(&public);
        let pages = [
            "cari/".to_string(),
            "cari/?q=keripik".to_string(),
            format!("cari/?c={category}"),
            "cari/?q=zzzzqx".to_string(),
        ];
        let out = crate::support::browser_script(
            "search-still.mjs",
            &json!({
                "base": host.url("/"),
                "index": index.strip_prefix(&public).unwrap(),
                "pages": pages,
            }),
        );
        for page in &pages {
            let cls = out[page]["cls"].as_f64().unwrap();
            assert!(cls < 0.01, "{page}: layout shift {cls}: {}", out[page]);
        }
    }
}

/// The sample catalog of the repository (`content/`), plus a product whose name has
/// an accent, in a temporary folder.
fn sample_catalog() -> CatalogTest {
    let t = CatalogTest::sample();
    t.write(
        "content/wonoasri/kerupuk-rebon/product.yaml",
        "name: Kerupuk Rébon\ncategory: makanan\nprice: 18000\nunit: bungkus 200 g\n",
    );
    t
}

fn report_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("etalase-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the browser script with `plan`; its JSON.
fn browse(plan: &Value) -> Value {
    crate::support::browser_script("buyer.mjs", plan)
}

/// No console error, no uncaught exception, no request to another host, no failed
/// request while online, small tap targets nowhere, every photo with alt text.
fn expect_clean(out: &Value) {
    assert_eq!(out["consoleErrors"], json!([]), "console errors");
    assert_eq!(out["pageErrors"], json!([]), "uncaught errors");
    assert_eq!(out["foreignRequests"], json!([]), "requests to other hosts");
    let failed: Vec<&Value> = out["failedRequests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["phase"] != "offline")
        .collect();
    assert!(
        failed.is_empty(),
        "failed requests while online: {failed:?}"
    );
    let mut pages = Vec::new();
    collect_pages(&out["steps"], &mut pages);
    assert!(!pages.is_empty());
    for p in pages {
        assert_eq!(
            p["smallTargets"],
            json!([]),
            "tap targets under 48 px on {}",
            p["url"]
        );
        assert_eq!(
            p["imagesWithoutAlt"],
            json!([]),
            "photos without alt on {}",
            p["url"]
        );
        assert_eq!(
            p["brokenImages"],
            json!([]),
            "broken photos on {}",
            p["url"]
        );
    }
}

/// Every page the script described (objects with `smallTargets`).
fn collect_pages<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) if m.contains_key("smallTargets") => out.push(v),
        Value::Object(m) => m.values().for_each(|v| collect_pages(v, out)),
        Value::Array(a) => a.iter().for_each(|v| collect_pages(v, out)),
        _ => {}
    }
}

fn search_index_path(public: &Path) -> PathBuf {
    crate::support::search::entry_path(public)
}

/// The search index the site ships, read back whole.
fn search_index(public: &Path) -> Value {
    crate::support::search::whole(public)
}

fn products(index: &Value) -> usize {
    index["p"].as_array().unwrap().len()
}

/// Names of the products the filters of `search` (no words) keep, in catalog order:
/// what the page must show.
fn filtered(index: &Value, search: &Value) -> Vec<String> {
    let field = |k: &str| search[k].as_str().unwrap_or("").to_string();
    let (c, v, a, p) = (field("c"), field("v"), field("a"), field("p"));
    let position = |list: &Value, key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .position(|e| e[0] == key)
            .map(|i| i as i64)
    };
    let band: Option<(u64, u64)> = (!p.is_empty()).then(|| {
        let (lo, hi) = p.split_once('-').unwrap();
        (lo.parse().unwrap_or(0), hi.parse().unwrap_or(u64::MAX))
    });
    // A product's field by the name the index gives it (`f`).
    let f = |row: &Value, name: &str| -> Value {
        let at = index["f"]["p"]
            .as_array()
            .unwrap()
            .iter()
            .position(|f| f == name);
        row[at.unwrap_or_else(|| panic!("no field {name}"))].clone()
    };
    index["p"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| c.is_empty() || f(row, "category").as_i64() == position(&index["c"], &c))
        .filter(|row| v.is_empty() || f(row, "village").as_i64() == position(&index["v"], &v))
        .filter(|row| a.is_empty() || f(row, "availability").as_u64() == a.parse().ok())
        .filter(|row| {
            band.is_none_or(|(lo, hi)| {
                let price = f(row, "price").as_u64().unwrap();
                price > 0 && price >= lo && price < hi
            })
        })
        .map(|row| f(row, "name").as_str().unwrap().to_string())
        .collect()
}
