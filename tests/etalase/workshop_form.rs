//! The workshop's product form over real HTTP (issue 16, points 3 and 5 to 8): the real
//! binary `etalase edit` on 127.0.0.1, its pages read as HTML, its forms posted back
//! with the fields the page holds, as a browser posts them.

use crate::support::CatalogTest;
use crate::support::serve::Preview;
use crate::workshop::{Answer, request, sign_in};
use scraper::{Html, Selector};

const PRODUCT: &str = "content/desa-contoh/keripik-pare/product.yaml";

/// The workshop on the minimal fixture, signed in: (catalog, workshop, cookie).
fn open() -> (CatalogTest, Preview, String) {
    let t = CatalogTest::new("minimal");
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let cookie = sign_in(&shop);
    (t, shop, cookie)
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

/// The fields a browser would post for the page's product form: every input but the
/// file chooser, each select's chosen option, each text area, in order.
pub(crate) fn form_fields(page: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(page);
    let form = Selector::parse("form.product-form").unwrap();
    let controls = Selector::parse("input, select, textarea").unwrap();
    let chosen = Selector::parse("option[selected]").unwrap();
    let form = html.select(&form).next().expect("a product form");
    let mut out = Vec::new();
    for c in form.select(&controls) {
        let el = c.value();
        let Some(name) = el.attr("name") else {
            continue;
        };
        let value = match el.name() {
            "input" if el.attr("type") == Some("file") => continue,
            "input" => el.attr("value").unwrap_or("").to_string(),
            "textarea" => c.text().collect(),
            _ => c
                .select(&chosen)
                .next()
                .and_then(|o| o.value().attr("value"))
                .unwrap_or("")
                .to_string(),
        };
        out.push((name.to_string(), value));
    }
    out
}

/// `fields` with `name` set to `value`.
pub(crate) fn with(
    mut fields: Vec<(String, String)>,
    name: &str,
    value: &str,
) -> Vec<(String, String)> {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
    fields
}

/// Posts `fields` as a form (`application/x-www-form-urlencoded`) with the button
/// `aksi` pressed.
pub(crate) fn post(
    shop: &Preview,
    cookie: &str,
    path: &str,
    fields: &[(String, String)],
    aksi: &str,
) -> Answer {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        body.append_pair(k, v);
    }
    body.append_pair("aksi", aksi);
    let body = body.finish();
    request(
        shop.port,
        "POST",
        path,
        &[
            ("Cookie", cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &format!("http://127.0.0.1:{}", shop.port)),
        ],
        &body,
    )
}

/// The text of the first element `selector` matches.
fn text_of(page: &str, selector: &str) -> Option<String> {
    let html = Html::parse_document(page);
    let s = Selector::parse(selector).unwrap();
    html.select(&s)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
}

#[test]
fn the_product_form_shows_the_fields_as_written_under_their_names() {
    let (_t, shop, cookie) = open();
    let front = get(&shop, &cookie, "/");
    assert!(
        front
            .body
            .contains("href=\"/produk/desa-contoh/keripik-pare\""),
        "{}",
        front.body
    );
    assert!(
        front
            .body
            .contains("href=\"/produk-baru/desa-contoh\">Tambah produk</a>")
    );
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    assert_eq!(page.status, 200, "{}", page.body);
    for (id, label) in [
        ("f-name", "Nama"),
        ("f-category", "Kategori"),
        ("f-price", "Harga"),
        ("f-unit", "Satuan"),
        ("f-availability", "Ketersediaan"),
        ("f-description", "Deskripsi"),
        ("f-foto", "Foto"),
        ("f-order-whatsapp", "WhatsApp"),
        ("f-order-tokopedia", "Tokopedia"),
        ("f-order-shopee", "Shopee"),
    ] {
        assert_eq!(
            text_of(&page.body, &format!("label[for=\"{id}\"]")).as_deref(),
            Some(label),
            "{id}"
        );
    }
    let fields = form_fields(&page.body);
    let value = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(value("name"), Some("Keripik Pare"));
    assert_eq!(value("price"), Some("15000"));
    assert_eq!(value("category"), Some("makanan"));
    assert_eq!(
        text_of(&page.body, "button[value=simpan]").as_deref(),
        Some("Simpan")
    );
}

#[test]
fn periksa_shows_a_price_as_it_will_be_read_and_writes_nothing() {
    let (t, shop, cookie) = open();
    let before = t.read(PRODUCT);
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    let fields = with(form_fields(&page.body), "price", "15rb");
    let fields = with(fields, "order.whatsapp", "0812 3456 7890");
    let checked = post(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        &fields,
        "periksa",
    );
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert_eq!(
        text_of(&checked.body, "#f-price-shown output").as_deref(),
        Some("Rp15.000")
    );
    assert_eq!(
        text_of(&checked.body, "#f-order-whatsapp-shown output").as_deref(),
        Some("+6281234567890")
    );
    // What was typed stays in the field.
    assert!(checked.body.contains("id=\"f-price\" name=\"price\" aria-describedby=\"f-price-hint f-price-shown\" value=\"15rb\""), "{}", checked.body);
    assert_eq!(t.read(PRODUCT), before);
}

#[test]
fn a_save_rewrites_only_the_lines_of_the_fields_changed() {
    let (t, shop, cookie) = open();
    let hand =
        "# ditulis tangan\nname: Keripik Pare   # nama produk\ncategory: makanan\nprice: 15000\n";
    t.write(PRODUCT, hand);
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    let fields = with(form_fields(&page.body), "price", "Rp 17.500");
    let fields = with(
        fields,
        "order.tokopedia",
        "Cek Keripik Pare seharga Rp17.500. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/",
    );
    let fields = with(
        fields,
        "description",
        "*Renyah* dan pahitnya pas.\r\nTanpa pengawet.",
    );
    let saved = post(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        &fields,
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location").as_deref(),
        Some("/produk/desa-contoh/keripik-pare?disimpan")
    );
    assert_eq!(
        t.read(PRODUCT),
        "# ditulis tangan\nname: Keripik Pare   # nama produk\ncategory: makanan\nprice: 17500\n\
order:\n  tokopedia: https://tk.tokopedia.com/ZSabc123/\n"
    );
    assert_eq!(
        t.read("content/desa-contoh/keripik-pare/index.md"),
        "*Renyah* dan pahitnya pas.\nTanpa pengawet.\n"
    );
    let after = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare?disimpan");
    assert_eq!(
        text_of(&after.body, ".message").as_deref(),
        Some("Tersimpan. Lihat di situs")
    );
    assert!(
        after
            .body
            .contains("href=\"/pratinjau/desa-contoh/keripik-pare/\"")
    );
    assert!(t.run(&["check"]).code == 0);
}

#[test]
fn an_invalid_value_is_named_beside_its_field_and_nothing_is_written() {
    let (t, shop, cookie) = open();
    let before = t.read(PRODUCT);
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    let fields = with(form_fields(&page.body), "price", "lima belas ribu");
    let fields = with(fields, "order.shopee", "Lihat di Shopee ya kak");
    let refused = post(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        &fields,
        "simpan",
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    let price = text_of(&refused.body, "#f-price-error").unwrap();
    assert!(price.contains("lima belas ribu"), "{price}");
    assert!(text_of(&refused.body, "#f-order-shopee-error").is_some());
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(refused.body.contains("value=\"lima belas ribu\""));
    assert_eq!(
        text_of(&refused.body, ".message").as_deref(),
        Some("Beberapa isian belum benar: belum ada yang disimpan")
    );
    assert_eq!(t.read(PRODUCT), before);
}

#[test]
fn a_save_on_files_changed_since_is_refused_with_the_newer_values() {
    let (t, shop, cookie) = open();
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    // Meanwhile, by hand on the laptop:
    let by_hand = t.read(PRODUCT).replace("price: 15000", "price: 16000");
    t.write(PRODUCT, &by_hand);
    let fields = with(form_fields(&page.body), "name", "Keripik Pare Pedas");
    let refused = post(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        &fields,
        "simpan",
    );
    assert_eq!(refused.status, 409, "{}", refused.body);
    let message = text_of(&refused.body, ".message").unwrap();
    assert!(
        message.contains("sudah diubah") && message.contains("price"),
        "{message}"
    );
    let shown = form_fields(&refused.body);
    assert!(shown.contains(&("price".to_string(), "16000".to_string())));
    assert_eq!(t.read(PRODUCT), by_hand);
    // Saved again from the newer form, it goes in.
    let again = with(shown, "name", "Keripik Pare Pedas");
    let saved = post(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        &again,
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(t.read(PRODUCT).contains("name: Keripik Pare Pedas"));
    assert!(t.read(PRODUCT).contains("price: 16000"));
}

#[test]
fn a_new_product_gets_its_folder_named_from_its_name() {
    let (t, shop, cookie) = open();
    let page = get(&shop, &cookie, "/produk-baru/desa-contoh");
    assert_eq!(page.status, 200, "{}", page.body);
    let fields = form_fields(&page.body);
    let fields = with(fields, "name", "Sagon Kelapa");
    let fields = with(fields, "category", "makanan");
    let fields = with(fields, "price", "15rb");
    let fields = with(
        fields,
        "order.shopee",
        "Lihat Sagon Kelapa di Shopee! https://id.shp.ee/abc123",
    );
    let saved = post(
        &shop,
        &cookie,
        "/produk-baru/desa-contoh",
        &fields,
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location").as_deref(),
        Some("/produk/desa-contoh/sagon-kelapa?disimpan")
    );
    let yaml = t.read("content/desa-contoh/sagon-kelapa/product.yaml");
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert_eq!(
        yaml,
        format!(
            "name: Sagon Kelapa\ncategory: makanan\nprice: 15000\navailability: tersedia\norder:\n  shopee: https://id.shp.ee/abc123\nadded: {today}\n"
        )
    );
    let check = t.run(&["check"]);
    assert!(check.code == 0, "{}", check.stderr);
}

#[test]
fn variant_rows_are_added_moved_and_removed_by_buttons_without_saving() {
    let (t, shop, cookie) = open();
    let before = t.read(PRODUCT);
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let added = post(
        &shop,
        &cookie,
        path,
        &form_fields(&page.body),
        "varian-tambah",
    );
    assert_eq!(added.status, 200);
    let fields = with(form_fields(&added.body), "variants.1.name", "Kecil");
    let fields = with(fields, "variants.1.price", "10rb");
    let two = post(&shop, &cookie, path, &fields, "varian-tambah");
    let fields = with(form_fields(&two.body), "variants.2.name", "Besar");
    let fields = with(fields, "variants.2.price", "25rb");
    let moved = post(&shop, &cookie, path, &fields, "varian-naik-2");
    let rows = form_fields(&moved.body);
    let value = |k: &str| rows.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(value("variants.1.name").as_deref(), Some("Besar"));
    assert_eq!(value("variants.2.name").as_deref(), Some("Kecil"));
    assert_eq!(
        text_of(&moved.body, ".message").as_deref(),
        Some("Belum disimpan: tekan Simpan kalau isian sudah siap.")
    );
    assert_eq!(t.read(PRODUCT), before);
    let removed = post(&shop, &cookie, path, &rows, "varian-hapus-1");
    let saved = post(&shop, &cookie, path, &form_fields(&removed.body), "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        t.read(PRODUCT),
        format!("{before}variants:\n  - {{ name: Kecil, price: 10000 }}\n")
    );
}

#[test]
fn addresses_outside_the_catalogs_folders_are_not_found() {
    let (t, shop, cookie) = open();
    std::fs::create_dir_all(t.path("content/.etalase-sampah/x")).unwrap();
    for path in [
        "/produk/desa-contoh/tidak-ada",
        "/produk/..%2F..%2Fetc/passwd",
        "/produk/desa-contoh/..",
        "/produk/.etalase-sampah/x",
        "/produk-baru/..",
        "/produk-baru/tidak-ada",
    ] {
        let answer = get(&shop, &cookie, path);
        assert_eq!(answer.status, 404, "{path}: {}", answer.body);
    }
    let page = get(&shop, &cookie, "/produk-baru/desa-contoh");
    let fields = with(form_fields(&page.body), "name", "Apa Saja");
    let refused = post(&shop, &cookie, "/produk-baru/..", &fields, "simpan");
    assert_eq!(refused.status, 404);
    assert!(!t.path("apa-saja").exists() && !t.path("content/apa-saja").exists());
}

#[test]
fn a_new_category_typed_beside_kategori_is_added_to_the_catalog_and_chosen() {
    let (t, shop, cookie) = open();
    let catalog = t.read("content/catalog.yaml");
    let product = t.read(PRODUCT);
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    assert_eq!(
        text_of(&page.body, "label[for=\"f-new-category\"]").as_deref(),
        Some("Kategori baru")
    );
    let fields = with(form_fields(&page.body), "new_category", "Camilan Pedas");
    let saved = post(&shop, &cookie, path, &fields, "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        t.read("content/catalog.yaml"),
        format!("{catalog}categories:\n  camilan-pedas: Camilan Pedas\n")
    );
    assert_eq!(
        t.read(PRODUCT),
        product.replace("category: makanan", "category: camilan-pedas")
    );
    assert_eq!(t.run(&["check"]).code, 0);
    // The form opens on it, chosen by its name; the field to add one is empty again.
    let page = get(&shop, &cookie, path);
    assert_eq!(
        text_of(&page.body, "#f-category option[selected]").as_deref(),
        Some("Camilan Pedas")
    );
    let fields = form_fields(&page.body);
    assert!(fields.contains(&("new_category".into(), String::new())));

    // A name whose key the catalog has (here a built-in one) chooses that category.
    let fields = with(fields, "new_category", "  MINUMAN ");
    let saved = post(&shop, &cookie, path, &fields, "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        t.read("content/catalog.yaml"),
        format!("{catalog}categories:\n  camilan-pedas: Camilan Pedas\n")
    );
    assert!(t.read(PRODUCT).contains("category: minuman\n"));
}

#[test]
fn a_new_category_with_no_letters_is_refused_beside_its_field_and_nothing_is_written() {
    let (t, shop, cookie) = open();
    let catalog = t.read("content/catalog.yaml");
    let product = t.read(PRODUCT);
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let fields = with(form_fields(&page.body), "new_category", "!!!");
    let fields = with(fields, "price", "17500");
    let refused = post(&shop, &cookie, path, &fields, "simpan");
    assert_eq!(refused.status, 422, "{}", refused.body);
    let error = text_of(&refused.body, "#f-new-category-error").expect("a message beside it");
    assert!(error.contains("perlu kunci"), "{error}");
    // What was typed stays in the field.
    assert!(form_fields(&refused.body).contains(&("new_category".into(), "!!!".into())));
    assert_eq!(t.read("content/catalog.yaml"), catalog);
    assert_eq!(t.read(PRODUCT), product);
}

#[test]
fn a_catalog_in_another_language_gets_the_workshops_words_of_its_words_file() {
    let t = CatalogTest::new("minimal");
    let catalog = t.read("content/catalog.yaml");
    t.write("content/catalog.yaml", format!("{catalog}language: jv\n"));
    // The same words file as the site's: its words, and the workshop's own.
    t.write(
        "content/_theme/i18n/jv.yaml",
        "home: Ngarep\nall_products: Sedaya produk\n\
workshop_save: Simpen\nworkshop_product_label_name: Jeneng\n\
workshop_product_label_order.tokopedia: Tokopedia (link)\n\
workshop_edit_product: \"Ngowahi {name}\"\nworkshop_add_product: Tambah barang\n",
    );
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let cookie = sign_in(&shop);
    let front = get(&shop, &cookie, "/");
    assert!(front.body.contains("<html lang=\"jv\""), "{}", front.body);
    assert!(front.body.contains(">Tambah barang</a>"));
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    assert_eq!(
        text_of(&page.body, "label[for=\"f-name\"]").as_deref(),
        Some("Jeneng")
    );
    assert_eq!(
        text_of(&page.body, "label[for=\"f-order-tokopedia\"]").as_deref(),
        Some("Tokopedia (link)")
    );
    assert_eq!(
        text_of(&page.body, "button[value=simpan]").as_deref(),
        Some("Simpen")
    );
    assert_eq!(
        text_of(&page.body, "h1").as_deref(),
        Some("Ngowahi Keripik Pare")
    );
    // A word the file leaves out stays Indonesian, as on the site.
    assert_eq!(
        text_of(&page.body, "label[for=\"f-price\"]").as_deref(),
        Some("Harga")
    );
}

#[test]
fn photos_are_reordered_made_first_and_removed_to_the_trash() {
    use crate::support::photos::{halves, jpeg};
    let (t, shop, cookie) = open();
    let dir = "content/desa-contoh/keripik-pare";
    for name in ["a-depan.jpg", "b-samping.jpg", "c-belakang.jpg"] {
        t.write(&format!("{dir}/{name}"), jpeg(&halves(320, 240)));
    }
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let order = |page: &str| -> Vec<String> {
        form_fields(page)
            .into_iter()
            .filter(|(k, _)| k == "photo")
            .map(|(_, v)| v)
            .collect()
    };
    // With no `photos:` list, the folder's photos by name.
    assert_eq!(
        order(&page.body),
        ["a-depan.jpg", "b-samping.jpg", "c-belakang.jpg"]
    );
    let first = post(
        &shop,
        &cookie,
        path,
        &form_fields(&page.body),
        "foto-utama-3",
    );
    assert_eq!(
        order(&first.body),
        ["c-belakang.jpg", "a-depan.jpg", "b-samping.jpg"]
    );
    let up = post(
        &shop,
        &cookie,
        path,
        &form_fields(&first.body),
        "foto-naik-3",
    );
    assert_eq!(
        order(&up.body),
        ["c-belakang.jpg", "b-samping.jpg", "a-depan.jpg"]
    );
    let removed = post(&shop, &cookie, path, &form_fields(&up.body), "foto-hapus-3");
    assert_eq!(order(&removed.body), ["c-belakang.jpg", "b-samping.jpg"]);
    assert!(removed.body.contains("a-depan.jpg — Dihapus saat disimpan"));
    // Nothing written until Simpan.
    assert!(!t.read(&format!("{dir}/product.yaml")).contains("photos"));
    assert!(t.path(&format!("{dir}/a-depan.jpg")).exists());
    let saved = post(&shop, &cookie, path, &form_fields(&removed.body), "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(
        t.read(&format!("{dir}/product.yaml"))
            .ends_with("photos: [c-belakang.jpg, b-samping.jpg]\n"),
        "{}",
        t.read(&format!("{dir}/product.yaml"))
    );
    // The photo removed is kept in the trash, out of the site.
    assert!(!t.path(&format!("{dir}/a-depan.jpg")).exists());
    let kept: Vec<_> = std::fs::read_dir(t.path("content/.etalase-sampah"))
        .unwrap()
        .map(|e| e.unwrap().path().join("a-depan.jpg"))
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(kept.len(), 1);
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}
