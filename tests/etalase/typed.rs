//! What volunteers really type (issue 15), read as they meant it: values in the curly
//! quotes of a word processor or a phone keyboard, through the real build.

use crate::support::files::files_under;
use crate::support::{CatalogTest, whatsapp};

const PRODUCT: &str = "content/desa-contoh/keripik-pare";

/// Every kind of field in curly quotes (issue 15, point 6): read as straight-quoted,
/// one warning each at its line and column, and no curly quote reaches the site: not
/// on the pages, the WhatsApp message, the search index or the feeds. A curly quote
/// inside a value is text and stays.
#[test]
fn curly_quotes_around_a_value_are_read_as_straight_quotes() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/catalog.yaml",
        "title: “Katalog Uji”\nwhatsapp: “0812-0000-0001”\n",
    );
    t.write("content/desa-contoh/village.yaml", "name: „Desa Contoh“\n");
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        "name: “Keripik Pare”\ncategory: ‘makanan’\nprice: “15000”\n\
         unit: kemasan “hemat” 100 g\ntags: [“segar, renyah”, manis]\n\
         variants:\n  - { name: “Kecil”, price: “Rp 10.000” }\n  - name: ”Besar”\n\
         order:\n  whatsapp: “0812-0000-0002”\n  shopee: “https://shopee.co.id/Keripik-Pare-i.123.456”\n",
    );
    let run = t.run(&["build", "--lang", "en"]);
    run.expect_code(0);
    let curly: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning: ") && l.contains("is in curly quotes"))
        .collect();
    let at = |place: &str| curly.iter().filter(|l| l.contains(place)).count();
    assert_eq!(curly.len(), 12, "{}", run.stderr);
    for place in [
        "content/catalog.yaml:1:8: warning: “Katalog Uji” is in curly quotes (“ ”); read as if in straight quotes: Katalog Uji",
        "content/catalog.yaml:2:11:",
        "desa-contoh/village.yaml:1:7: warning: „Desa Contoh“ is in curly quotes („ “)",
        "keripik-pare/product.yaml:1:7:",
        "keripik-pare/product.yaml:2:11:",
        "keripik-pare/product.yaml:3:8:",
        "keripik-pare/product.yaml:5:8:",
        "keripik-pare/product.yaml:7:13:",
        "keripik-pare/product.yaml:7:29:",
        "keripik-pare/product.yaml:8:11:",
        "keripik-pare/product.yaml:10:13:",
        "keripik-pare/product.yaml:11:11:",
    ] {
        assert_eq!(at(place), 1, "{place}:\n{}", run.stderr);
    }
    let page = t.read("public/desa-contoh/keripik-pare/index.html");
    assert!(page.contains("Keripik Pare"), "{page}");
    assert!(page.contains("Rp15.000"), "the price is read: {page}");
    assert!(page.contains("Rp10.000"), "the variant's price is read");
    assert!(
        page.contains("kemasan “hemat” 100 g"),
        "text keeps its quotes"
    );
    assert!(page.contains("segar, renyah"), "one tag, as quoted");
    assert!(
        page.contains("href=\"https://shopee.co.id/Keripik-Pare-i.123.456\""),
        "{page}"
    );
    let links: Vec<&str> = page
        .match_indices("https://wa.me/62")
        .map(|(i, _)| &page[i..i + page[i..].find('"').unwrap()])
        .collect();
    assert!(!links.is_empty());
    for link in links {
        let (number, message) = whatsapp(&link.replace("&amp;", "&"));
        assert_eq!(number, "6281200000002");
        assert!(message.contains("*Keripik Pare*"), "{message}");
        assert!(!message.contains(['“', '”', '„', '‘', '’']), "{message}");
    }
    for (name, bytes) in files_under(&t.path("public")) {
        let text = String::from_utf8_lossy(&bytes).replace("kemasan “hemat” 100 g", "");
        assert!(
            !text.contains(['“', '”', '„', '‘', '’']),
            "{name} holds a curly quote"
        );
    }
}
