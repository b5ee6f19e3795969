//! The cart page in a real browser: drawn from `cart.html`'s `<template>`, the same
//! from a `cart.html` written before the template existed, and an own template's words;
//! and the script checked to be one dialect (ES2017, a classic script).

use super::*;

/// The cart's rows come from the `<template>` of `cart.html`, filled by the script; a
/// catalog's own `cart.html` written before that template existed (a copy of it in
/// `tests/fixtures/cart-theme-before-template/`) gets the very same cart.
#[test]
fn the_cart_is_drawn_from_its_template_or_from_an_older_cart_html() {
    let default = CatalogTest::new("cart");
    let old = CatalogTest::new("cart").with_fixture("cart-theme-before-template", "content/_theme");
    // The default cart.html with one word of its template changed: the cart shows it.
    let own = CatalogTest::new("cart");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/cart.html");
    let theirs = std::fs::read_to_string(theme)
        .unwrap()
        .replace("{{ t.cart_remove }}<span", "Buang<span");
    assert!(
        theirs.contains("Buang"),
        "cart.html's template has a remove button"
    );
    own.write("content/_theme/templates/cart.html", theirs);
    let hosts: Vec<(&str, StaticHost)> = [("default", &default), ("old", &old), ("own", &own)]
        .into_iter()
        .map(|(name, t)| {
            t.run(&["build"]).expect_code(0);
            (name, StaticHost::at(&t.path("public"), &["/katalog/", "/"]))
        })
        .collect();
    let shot = report_dir().join("cart-360.png");
    let _ = std::fs::remove_file(&shot);
    let sites: Vec<Value> = hosts
        .iter()
        .map(|(name, host)| {
            let screenshot = (*name == "default").then(|| shot.clone());
            json!({ "name": name, "base": host.url("/katalog/"), "screenshot": screenshot })
        })
        .collect();
    let out = browse(&json!({
        "steps": ["carts"],
        "carts": sites,
        "cart": [
            { "path": "melati/sagon/", "variant": 1, "qty": 2 },
            { "path": "sekar/jamu/", "qty": 1 },
        ],
        "buyer": { "name": "Siti Aminah" },
    }));
    expect_clean(&out);
    let carts = &out["steps"]["carts"];

    let cart = &carts["default"];
    let drawn = &cart["drawn"];
    let groups = drawn["groups"].as_str().unwrap();
    assert_eq!(
        groups.matches("<section class=\"seller\">").count(),
        2,
        "{groups}"
    );
    for part in [
        "<h2>KUB Melati</h2>",
        "Sagon Kelapa <small>toples 500 g</small></a>",
        "<span class=\"each\">Rp28.000</span>",
        "value=\"2\"",
        "aria-label=\"Jumlah Sagon Kelapa\"",
        "<strong class=\"line\">Rp56.000</strong>",
        "Hapus<span class=\"sr-only\"> Sagon Kelapa</span>",
        "Subtotal: <strong>Rp56.000</strong>",
        // Text, never markup: the name's quotes and brackets stay what they are.
        "Jamu Kunyit Asam \"Segar\" &lt;Bu Siti&gt;</a>",
        "<span class=\"each\">Harga via WhatsApp</span>",
        "Subtotal: <strong>Harga via WhatsApp</strong>",
    ] {
        assert!(groups.contains(part), "{part:?} in {groups}");
    }
    assert_eq!(
        drawn["total"],
        "Total: <strong>Rp56.000 + Harga via WhatsApp</strong>"
    );
    let send = drawn["send"].as_str().unwrap();
    assert_eq!(send.matches("<a class=\"btn wa\"").count(), 2, "{send}");
    assert!(send.contains("href=\"https://wa.me/6281200000201?text=Halo%20KUB%20Melati"));
    assert!(send.contains(
        "<span>Kirim pesanan via WhatsApp<small>KUB Sekar Arum · Harga via WhatsApp</small></span>"
    ));
    assert_eq!(drawn["count"], "3");
    let more = cart["more"]["groups"].as_str().unwrap();
    assert!(
        more.contains("<strong class=\"line\">Rp84.000</strong>"),
        "{more}"
    );
    assert_eq!(cart["more"]["count"], "4");
    let removed = &cart["removed"];
    assert_eq!(
        removed["total"],
        Value::Null,
        "one seller left: no grand total"
    );
    assert!(!removed["groups"].as_str().unwrap().contains("Jamu"));
    assert!(removed["send"].as_str().unwrap().contains("Siti%20Aminah"));
    let cleared = &cart["cleared"];
    assert_eq!(
        (cleared["emptyShown"].clone(), cleared["formShown"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(cleared["count"], "0");

    // An older cart.html: the same cart, to the byte, at every step.
    for step in ["added", "drawn", "more", "removed", "cleared"] {
        assert_eq!(carts["old"][step], cart[step], "{step}, older cart.html");
    }
    // The catalog's own template is the one filled.
    let own = carts["own"]["drawn"]["groups"].as_str().unwrap();
    assert!(
        own.contains("Buang<span class=\"sr-only\"> Sagon Kelapa</span>"),
        "{own}"
    );
    assert!(!own.contains("Hapus"), "{own}");

    let png = std::fs::read(&shot).expect("the cart's screenshot");
    assert_eq!(
        png_size(&png).0,
        720,
        "360 CSS pixels at 2 device pixels each"
    );
    println!("screenshot of the cart at 360 px: {}", shot.display());
}

/// The links of the cart's WhatsApp buttons, from the markup the script drew.
fn send_links(drawn: &Value) -> Vec<String> {
    let send = drawn["send"].as_str().unwrap();
    send.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// A full cart, whose message lists each product on one line with long names cut at
/// 40 characters, holding a product whose name has an emoji at its 39th character: cut
/// by UTF-16 units it was half an emoji, `encodeURIComponent` threw "URI malformed" and
/// no WhatsApp link was made (issue 14, finding 8). The emoji is kept whole.
#[test]
fn a_full_cart_with_an_emoji_at_the_cut_still_sends() {
    let t = CatalogTest::new("cart");
    // 38 letters, then a pepper with its emoji presentation selector (three UTF-16
    // units, one character).
    let head = "Keripik Singkong Balado Pedas Manis Ro";
    assert_eq!(head.chars().count(), 38);
    let name = format!("{head}\u{1F336}\u{FE0F} Jember Asli");
    t.write(
        "content/melati/pedas/product.yaml",
        format!("name: \"{name}\"\ncategory: makanan\nprice: 20000\n"),
    );
    let mut cart = vec![json!({ "path": "melati/pedas/", "qty": 1 })];
    for i in 0..16 {
        t.write(
            &format!("content/melati/produk-{i:02}/product.yaml"),
            format!(
                "name: Kue Kering Nomor {i:02} Khas Desa Melati\ncategory: makanan\nprice: 15000\n"
            ),
        );
        cart.push(json!({ "path": format!("melati/produk-{i:02}/"), "qty": 1 }));
    }
    t.run(&["build"]).expect_code(0);
    let host = StaticHost::at(&t.path("public"), &["/"]);
    let out = browse(&json!({
        "steps": ["carts"],
        "carts": [{ "name": "full", "base": host.url("/") }],
        "cart": cart,
        "buyer": { "name": "Siti 🌸 Aminah" },
    }));
    expect_clean(&out);
    let drawn = &out["steps"]["carts"]["full"]["drawn"];
    let links = send_links(drawn);
    assert_eq!(links.len(), 1, "{drawn}");
    let (number, text) = whatsapp(&links[0]);
    assert_eq!(number, "6281200000201");
    assert!(text.starts_with("Halo KUB Melati"), "{text}");
    assert!(
        text.contains(&format!("\n1. 1× {head}\u{1F336}\u{FE0F}… — Rp20.000\n")),
        "the name cut after its 39th character, the emoji whole: {text}"
    );
    assert!(
        text.contains("2. 1× Kue Kering Nomor 00 Khas Desa Melati — Rp15.000"),
        "{text}"
    );
    assert!(!text.contains('\u{FFFD}'), "{text}");
    assert!(
        text.encode_utf16().count() <= 1000,
        "{} units",
        text.encode_utf16().count()
    );
    // With the buyer's name (an emoji too) in it, the link is still made.
    let removed = &out["steps"]["carts"]["full"]["removed"];
    let (_, text) = whatsapp(&send_links(removed)[0]);
    assert!(text.contains("Siti 🌸 Aminah"), "{text}");
}

/// Two variants with the same name (a mistake the build warns about) stay two lines of
/// the cart, each at its own price: keyed by the variant's name, the second was added
/// to the first at the second's price (issue 14, finding 13).
#[test]
fn two_variants_with_the_same_name_stay_two_lines_at_their_own_prices() {
    let t = CatalogTest::new("cart");
    t.write(
        "content/melati/sagon/product.yaml",
        "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\nvariants:\n  - { name: toples, price: 15000 }\n  - { name: toples, price: 28000 }\n",
    );
    t.run(&["build"]).expect_code(0);
    let host = StaticHost::at(&t.path("public"), &["/"]);
    let out = browse(&json!({
        "steps": ["carts"],
        "carts": [{ "name": "twins", "base": host.url("/") }],
        "cart": [
            { "path": "melati/sagon/", "variant": 0, "qty": 1 },
            { "path": "melati/sagon/", "variant": 1, "qty": 2 },
        ],
        "buyer": { "name": "Siti" },
    }));
    expect_clean(&out);
    let drawn = &out["steps"]["carts"]["twins"]["drawn"];
    let groups = drawn["groups"].as_str().unwrap();
    assert_eq!(groups.matches("<li class=\"item\"").count(), 2, "{groups}");
    for part in [
        "<span class=\"each\">Rp15.000</span>",
        "<strong class=\"line\">Rp15.000</strong>",
        "<span class=\"each\">Rp28.000</span>",
        "<strong class=\"line\">Rp56.000</strong>",
        "Subtotal: <strong>Rp71.000</strong>",
    ] {
        assert!(groups.contains(part), "{part:?} in {groups}");
    }
    assert_eq!(drawn["count"], "3");
    let (_, text) = whatsapp(&send_links(drawn)[0]);
    assert!(
        text.contains("1. Sagon Kelapa (toples)\n   1 × Rp15.000 = Rp15.000\n2. Sagon Kelapa (toples)\n   2 × Rp28.000 = Rp56.000"),
        "{text}"
    );
    assert!(text.contains("Total: Rp71.000"), "{text}");
}

/// The buyer's script is what its header says: an ES2017 classic script (a newer
/// construct would fail on the browsers of cheap Android phones, a module from
/// file://), written with `const` and `let` only.
#[test]
fn the_script_is_es2017_in_one_dialect() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/assets/app.js");
    let out = crate::support::browser_script("dialect.mjs", &json!({ "file": app }));
    assert_eq!(
        out,
        json!({ "error": null, "varLines": [] }),
        "{}",
        app.display()
    );
}
