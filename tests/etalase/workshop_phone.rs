//! The workshop as a producer with a phone uses it (issue 16, "How it is shown"): in
//! Debian's headless chromium at 360×800 with touch, a new village and a product with
//! two real photos chosen in the file chooser, the price typed `15rb`, a Tokopedia
//! share text pasted whole, a wrong price refused first; then the files on disk hold
//! exactly what was typed, `etalase check` passes, the preview reloaded by itself and
//! shows the product, and `etalase build` publishes it with its photos. Then, on the
//! same phone, a save on files changed by hand since is refused with the newer values,
//! and a text file chosen as a photo is refused beside the chooser.
//!
//! The photos go up as over a slow Wi-Fi (Chrome's network emulation), and the form
//! shows how far the upload is. The script (tests/browser/workshop-add.mjs) also
//! measures the time from `Simpan` to the preview's reload, printed here (a figure,
//! never asserted; slowed by the emulated Wi-Fi here: scripts/guide-shots measures it).

use crate::support::photos::{halves, jpeg};
use crate::support::{CatalogTest, browser_script};

const SHARE_TEXT: &str = "Cek Keripik Singkong Balado seharga Rp15.000. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/";

#[test]
fn a_phone_adds_a_village_and_a_product_with_two_photos() {
    let t = CatalogTest::new("minimal");
    // Two photos as a phone's gallery holds them: real JPEGs, 1600×1200.
    let photos = [
        t.path("hp/IMG_20261204_093011.jpg"),
        t.path("hp/IMG_20261204_093042.jpg"),
    ];
    let bytes = [jpeg(&halves(1600, 1200)), jpeg(&halves(1200, 1600))];
    for (path, bytes) in photos.iter().zip(&bytes) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let base = format!("http://127.0.0.1:{}", shop.port);
    let sign_in = shop.banner.split_whitespace().last().unwrap().to_string();
    let product_dir = t.path("content/sukamaju/keripik-singkong-balado");
    let out = browser_script(
        "workshop-add.mjs",
        &serde_json::json!({
            "signIn": sign_in,
            "base": base,
            "village": "Sukamaju",
            "product": "Keripik Singkong Balado",
            "productDir": product_dir,
            "photos": photos,
            "shareText": SHARE_TEXT,
            "slowWifi": true,
            "shots": std::env::var("ETALASE_SHOTS").ok(),
        }),
    );
    eprintln!("Simpan → preview reloaded: {} ms", out["reloadMs"]);

    // Over a slow Wi-Fi the form said how far the upload was.
    let progress: Vec<&str> = out["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        progress.iter().any(|p| {
            let (value, line) = p.split_once('|').unwrap();
            let value: f64 = value.parse().unwrap();
            value > 0.0 && value < 100.0 && line == format!("Mengunggah 2 foto… {value}%")
        }),
        "progress shown while uploading: {progress:?}"
    );

    // The village.
    assert_eq!(out["village"]["message"], "Tersimpan.", "{out}");
    assert!(
        t.read("content/sukamaju/village.yaml")
            .contains("name: Sukamaju")
    );
    // The wrong price: named beside its field, what was typed kept, nothing written.
    assert!(
        out["refused"]["priceError"]
            .as_str()
            .is_some_and(|e| e.contains("lima belas ribu")),
        "{out}"
    );
    assert_eq!(out["refused"]["invalid"], "true");
    assert_eq!(out["refused"]["kept"], "Keripik Singkong Balado");
    assert_eq!(
        out["refused"]["written"], false,
        "a refused save wrote nothing"
    );
    assert!(out["blank"]["width"].as_u64().unwrap() <= 360, "{out}");

    // Saved: the form shows the values as read, and both photos with thumbnails.
    assert_eq!(
        out["saved"]["url"],
        format!("{base}/produk/sukamaju/keripik-singkong-balado?disimpan")
    );
    assert_eq!(out["saved"]["message"], "Tersimpan. Lihat di situs");
    assert_eq!(out["saved"]["price"], "15000");
    assert_eq!(
        out["saved"]["tokopedia"],
        "https://tk.tokopedia.com/ZSabc123/"
    );
    let names: Vec<String> = out["saved"]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{out}");
    assert!(
        out["saved"]["thumbs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w.as_u64().unwrap() > 0),
        "every thumbnail drawn: {out}"
    );
    assert!(out["saved"]["width"].as_u64().unwrap() <= 360, "{out}");

    // The files hold exactly what was typed.
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert_eq!(
        t.read("content/sukamaju/keripik-singkong-balado/product.yaml"),
        format!(
            "name: Keripik Singkong Balado\ncategory: makanan\nprice: 15000\nunit: bungkus 250 g\n\
availability: tersedia\norder:\n  tokopedia: https://tk.tokopedia.com/ZSabc123/\nadded: {today}\n"
        )
    );
    assert_eq!(
        t.read("content/sukamaju/keripik-singkong-balado/index.md"),
        "*Renyah* dan pedas.\nDigoreng tiap pagi.\n"
    );
    let mut sent: Vec<Vec<u8>> = bytes.to_vec();
    let mut kept: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(product_dir.join(n)).unwrap())
        .collect();
    sent.sort();
    kept.sort();
    assert!(sent == kept, "the photos are saved as sent");

    // The preview reloaded by itself, and shows the product.
    assert_eq!(out["previewFront"], true, "{out}");
    assert_eq!(
        out["productPage"]["url"],
        format!("{base}/pratinjau/sukamaju/keripik-singkong-balado/")
    );
    assert_eq!(out["productPage"]["title"], "Keripik Singkong Balado");
    assert!(out["productPage"]["images"].as_u64().unwrap() >= 1, "{out}");
    // A save on files changed since the form was opened: refused, the newer shown.
    let conflict = out["conflict"]["message"].as_str().unwrap_or_default();
    assert!(
        conflict.contains("sudah diubah") && conflict.contains("price"),
        "{out}"
    );
    assert_eq!(out["conflict"]["price"], "16000", "the newer value shown");
    assert_eq!(
        out["conflict"]["untouched"], true,
        "the refused save wrote nothing"
    );
    // Text chosen as a photo: refused beside the chooser, nothing written.
    assert!(
        out["notAPhoto"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("foto-produk.jpg")),
        "{out}"
    );
    assert_eq!(out["notAPhoto"]["unchanged"], true);
    assert_eq!(out["errors"], serde_json::json!([]), "{out}");
    assert_eq!(out["violations"], serde_json::json!([]), "{out}");
    drop(shop);

    // The catalog checks and builds, with the product and its two photos.
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = t.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = t.read("public/sukamaju/keripik-singkong-balado/index.html");
    assert!(page.contains("Keripik Singkong Balado") && page.contains("Rp15.000"));
    // Both photos on the page (each resized to the catalog's widths), each file there.
    let stems: Vec<&str> = names
        .iter()
        .map(|n| n.rsplit_once('.').map_or(n.as_str(), |(s, _)| s))
        .collect();
    for stem in &stems {
        assert!(page.contains(stem), "{stem} on the product's page");
    }
    t.check_site("public");
}
