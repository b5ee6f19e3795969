//! The product feeds' keys in the workshop (issue 19) over real HTTP: the real binary
//! `etalase edit` on 127.0.0.1, its product and settings forms read as HTML and posted
//! back as a browser posts them, then a real build reading what they saved into
//! `feeds/meta.csv` and `feeds/google.xml`.

use crate::feeds::a_month_ahead;
use crate::places;
use crate::support::serve::Preview;
use crate::support::{CatalogTest, photos};
use crate::workshop::{Answer, request, sign_in};
use crate::workshop_form::{form_fields, post, with};
use scraper::{Html, Selector};

const BASE: &str = "https://kub-melati.github.io/katalog/";
const PRODUCT: &str = "content/desa-contoh/keripik-pare/product.yaml";
const FORM: &str = "/produk/desa-contoh/keripik-pare";

/// The minimal fixture with a `base_url` (so that the build writes the feeds), a
/// comment in `catalog.yaml`, a phone photo for its product, and a jamu with one:
/// the catalog, its `catalog.yaml` as written, the workshop, the cookie.
fn open() -> (CatalogTest, String, Preview, String) {
    let t = CatalogTest::new("minimal");
    let catalog = format!(
        "# Katalog kelompok kami\ntitle: Katalog Uji   # judul di setiap halaman\n\
         base_url: {BASE}\nwhatsapp: \"0812-0000-0001\"\nexample: true\n"
    );
    t.write("content/catalog.yaml", &catalog);
    let photo = photos::jpeg(&photos::halves(1600, 1200));
    t.write("content/desa-contoh/keripik-pare/foto.jpg", &photo);
    t.write(
        "content/desa-contoh/jamu-kunyit/product.yaml",
        "name: Jamu Kunyit\ncategory: jamu\nprice: 10000\n",
    );
    t.write("content/desa-contoh/jamu-kunyit/foto.jpg", &photo);
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let cookie = sign_in(&shop);
    (t, catalog, shop, cookie)
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

/// Builds the catalog, as a volunteer does before publishing: (meta.csv, google.xml).
fn build(t: &CatalogTest) -> (String, String) {
    let cache = t.path("cache");
    t.run(&["build", "--cache", cache.to_str().unwrap()])
        .expect_code(0);
    (
        t.read("public/feeds/meta.csv"),
        t.read("public/feeds/google.xml"),
    )
}

/// The ids of Google's feed, read with its namespace.
fn google_ids(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(("http://base.google.com/ns/1.0", "id")))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// The ids of Meta's feed (its first column; no id here holds a comma).
fn meta_ids(csv: &str) -> Vec<String> {
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,"));
    lines
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// The text of the label for the control `id`.
fn label_of(page: &str, id: &str) -> Option<String> {
    let html = Html::parse_document(page);
    let s = Selector::parse(&format!("label[for=\"{id}\"]")).unwrap();
    html.select(&s)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
}

/// A day a month ahead, year-month-day.
#[test]
fn the_product_forms_id_feeds_and_ship_day_are_saved_and_read_by_the_build() {
    let (t, _, shop, cookie) = open();
    let page = get(&shop, &cookie, FORM);
    assert_eq!(page.status, 200, "{}", page.body);
    for (id, label) in [
        ("f-id", "Kode di katalog WhatsApp/Facebook dan Google"),
        ("f-feeds", "Masuk katalog WhatsApp/Facebook dan Google"),
        ("f-available-from", "Pre-order: dikirim mulai"),
    ] {
        assert_eq!(label_of(&page.body, id).as_deref(), Some(label), "{id}");
    }
    assert!(
        page.body
            .contains("type=\"date\" id=\"f-available-from\" name=\"available_from\""),
        "{}",
        page.body
    );
    let (meta, google) = build(&t);
    assert!(meta_ids(&meta).contains(&"desa-contoh/keripik-pare".to_string()));
    assert!(google_ids(&google).contains(&"desa-contoh/keripik-pare".to_string()));

    // An id, and a pre-order with the day it ships.
    let day = a_month_ahead();
    let fields = with(form_fields(&page.body), "id", "KP-01");
    let fields = with(fields, "availability", "pre-order");
    let fields = with(fields, "available_from", &day);
    let saved = post(&shop, &cookie, FORM, &fields, "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let yaml = t.read(PRODUCT);
    assert_eq!(
        yaml,
        format!(
            "name: Keripik Pare\ncategory: makanan\nprice: 15000\navailability: pre-order\n\
             available_from: {day}\nid: KP-01\n"
        )
    );
    let again = form_fields(&get(&shop, &cookie, FORM).body);
    assert!(again.contains(&("id".into(), "KP-01".into())));
    assert!(again.contains(&("available_from".into(), day.clone())));
    let (meta, google) = build(&t);
    assert!(meta_ids(&meta).contains(&"KP-01".to_string()), "{meta}");
    assert!(
        meta.lines()
            .any(|l| l.starts_with("KP-01,") && l.contains(",preorder,")),
        "{meta}"
    );
    assert!(
        google_ids(&google).contains(&"KP-01".to_string()),
        "{google}"
    );
    assert!(
        google.contains(&format!(
            "<g:availability_date>{day}T00:00Z</g:availability_date>"
        )),
        "{google}"
    );

    // A day that is no date is refused beside its field, and nothing is written.
    let page = get(&shop, &cookie, FORM);
    let fields = with(form_fields(&page.body), "available_from", "besok");
    let refused = post(&shop, &cookie, FORM, &fields, "simpan");
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"f-available-from-error\""));
    assert_eq!(t.read(PRODUCT), yaml);

    // `Tidak, jangan dimasukkan`: `feeds: false`, and the product is in neither feed.
    let fields = with(form_fields(&page.body), "feeds", "false");
    let saved = post(&shop, &cookie, FORM, &fields, "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(
        // Quoted by the editor, as every yes/no word it writes; read as no.
        t.read(PRODUCT).ends_with("id: KP-01\nfeeds: \"false\"\n"),
        "{}",
        t.read(PRODUCT)
    );
    let (meta, google) = build(&t);
    assert!(!meta.contains("KP-01"), "{meta}");
    assert!(!google.contains("KP-01"), "{google}");
    assert!(meta_ids(&meta).contains(&"desa-contoh/jamu-kunyit".to_string()));
}

#[test]
fn the_settings_form_keeps_a_category_out_of_a_chosen_feed() {
    let (t, catalog, shop, cookie) = open();
    let page = get(&shop, &cookie, "/pengaturan");
    assert_eq!(page.status, 200, "{}", page.body);
    // Each category, by its name, with a box for each platform.
    let html = Html::parse_document(&page.body);
    let group = Selector::parse("fieldset.feeds [role=group]").unwrap();
    let jamu = html
        .select(&group)
        .find(|g| g.text().any(|t| t == "Jamu & Herbal"))
        .expect("a row for the jamu category");
    let boxes: Vec<(String, String)> = jamu
        .select(&Selector::parse("input[type=checkbox]").unwrap())
        .map(|i| {
            let el = i.value();
            (
                el.attr("name").unwrap().into(),
                el.attr("value").unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        boxes,
        [
            ("feeds.meta".to_string(), "jamu".to_string()),
            ("feeds.google".to_string(), "jamu".to_string())
        ]
    );
    assert_eq!(
        label_of(&page.body, "f-feeds-meta-jamu").as_deref(),
        Some("Jangan kirim ke WhatsApp/Facebook")
    );
    assert_eq!(
        label_of(&page.body, "f-feeds-google-jamu").as_deref(),
        Some("Jangan kirim ke Google")
    );
    // Saved unchanged, the file is not touched.
    let same = places::post(
        &shop,
        &cookie,
        "/pengaturan",
        &places::form_fields(&page.body),
    );
    assert_eq!(same.status, 303, "{}", same.body);
    assert_eq!(t.read("content/catalog.yaml"), catalog);

    // Out of Meta's: written under `feeds:`, the comments and the rest kept.
    let mut fields = places::form_fields(&page.body);
    fields.push(("feeds.meta".into(), "jamu".into()));
    let saved = places::post(&shop, &cookie, "/pengaturan", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        t.read("content/catalog.yaml"),
        format!("{catalog}feeds:\n  meta:\n    leave_out: [jamu]\n")
    );
    let (meta, google) = build(&t);
    assert!(!meta.contains("desa-contoh/jamu-kunyit"), "{meta}");
    assert!(google_ids(&google).contains(&"desa-contoh/jamu-kunyit".to_string()));
    assert!(meta_ids(&meta).contains(&"desa-contoh/keripik-pare".to_string()));

    // The form shows it checked; out of Google's too, it is left out of every feed.
    let page = get(&shop, &cookie, "/pengaturan");
    let fields = places::form_fields(&page.body);
    assert!(fields.contains(&("feeds.meta".into(), "jamu".into())));
    let mut fields = fields;
    fields.push(("feeds.google".into(), "jamu".into()));
    let saved = places::post(&shop, &cookie, "/pengaturan", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        t.read("content/catalog.yaml"),
        format!("{catalog}feeds:\n  leave_out: [jamu]\n")
    );
    let (meta, google) = build(&t);
    assert!(!meta.contains("jamu-kunyit") && !google.contains("jamu-kunyit"));

    // Every box cleared: `feeds:` is taken out, the file as it was.
    let page = get(&shop, &cookie, "/pengaturan");
    let fields: Vec<(String, String)> = places::form_fields(&page.body)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("feeds.") || k == "feeds.shown")
        .collect();
    let saved = places::post(&shop, &cookie, "/pengaturan", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(t.read("content/catalog.yaml"), catalog);
    let (meta, google) = build(&t);
    assert!(meta.contains("jamu-kunyit") && google.contains("jamu-kunyit"));
}
