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
