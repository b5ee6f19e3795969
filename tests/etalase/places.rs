//! The workshop's village and settings forms over real HTTP (issue 16, point 2): the
//! real binary `etalase edit` on 127.0.0.1, signed in with the key it prints, its pages
//! read as HTML and posted back with the fields they hold, as a browser posts them.

use crate::support::serve::Preview;
use crate::support::{CatalogTest, sample_photo_cache};
use crate::workshop::{Answer, request, sign_in};
use scraper::{Html, Selector};

/// The workshop on a copy of the sample catalog, signed in: (catalog, workshop, cookie).
fn open() -> (CatalogTest, Preview, String) {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    let cookie = sign_in(&shop);
    (t, shop, cookie)
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

/// The fields a browser would post for the page's form: every input (a checkbox only
/// when checked), each select's chosen option, each text area, in order.
pub(crate) fn form_fields(page: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(page);
    let form = Selector::parse("form.place-form").unwrap();
    let controls = Selector::parse("input, select, textarea").unwrap();
    let chosen = Selector::parse("option[selected]").unwrap();
    let form = html.select(&form).next().expect("a form");
    let mut out = Vec::new();
    for c in form.select(&controls) {
        let el = c.value();
        let Some(name) = el.attr("name") else {
            continue;
        };
        let value = match el.name() {
            "input" if el.attr("type") == Some("checkbox") && el.attr("checked").is_none() => {
                continue;
            }
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

/// The form's field named `name`, by its label's text (its accessible name).
fn labelled(page: &str, label: &str) -> String {
    let html = Html::parse_document(page);
    let labels = Selector::parse("label[for]").unwrap();
    let l = html
        .select(&labels)
        .find(|l| l.text().collect::<String>() == label)
        .unwrap_or_else(|| panic!("no field labelled {label:?}"));
    let id = l.value().attr("for").unwrap();
    let by_id = Selector::parse(&format!("#{id}")).unwrap();
    let control = html.select(&by_id).next().expect("the labelled control");
    control.value().attr("name").unwrap().to_string()
}

fn with(mut fields: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
    fields
}

/// Posts `fields` as a form with `Simpan` pressed.
pub(crate) fn post(
    shop: &Preview,
    cookie: &str,
    path: &str,
    fields: &[(String, String)],
) -> Answer {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        body.append_pair(k, v);
    }
    body.append_pair("aksi", "simpan");
    request(
        shop.port,
        "POST",
        path,
        &[
            ("Cookie", cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &format!("http://127.0.0.1:{}", shop.port)),
        ],
        &body.finish(),
    )
}

#[test]
fn a_village_added_through_the_form_gets_its_folder_and_file() {
    let (t, shop, cookie) = open();
    let front = get(&shop, &cookie, "/");
    let html = Html::parse_document(&front.body);
    let add = Selector::parse("a.add[href=\"/desa-baru\"]").unwrap();
    let link = html.select(&add).next().expect("a Tambah desa link");
    assert_eq!(link.text().collect::<String>(), "Tambah desa");
    let page = get(&shop, &cookie, "/desa-baru");
    assert_eq!(page.status, 200, "{}", page.head);
    let mut fields = form_fields(&page.body);
    for (label, value) in [
        ("Nama", "Sumber Paré"),
        ("Kabupaten atau kota", "Jember"),
        ("WhatsApp", "0812-3456-7890"),
        ("Cerita desa", "Kami membuat keripik."),
    ] {
        fields = with(fields, &labelled(&page.body, label), value);
    }
    let saved = post(&shop, &cookie, "/desa-baru", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location").as_deref(),
        Some("/desa/sumber-pare?disimpan")
    );
    let dir = t.path("content/sumber-pare");
    let yaml = std::fs::read_to_string(dir.join("village.yaml")).unwrap();
    // The file `etalase new village` writes, the values typed set in it.
    let keys: Vec<&str> = yaml.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        keys,
        [
            "",
            "name: Sumber Paré            # nama desa, seperti yang dilihat pembeli (wajib)",
            "regency: Jember",
            "whatsapp: \"0812-3456-7890\"",
        ],
        "{yaml}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("index.md")).unwrap(),
        "Kami membuat keripik.\n"
    );
    // The saved form says so, with the values read back.
    let page = get(&shop, &cookie, "/desa/sumber-pare?disimpan");
    assert!(page.body.contains("Tersimpan."), "{}", page.body);
    assert!(page.body.contains("value=\"Jember\""));
}

#[test]
fn the_settings_form_saves_a_new_whatsapp_number_on_its_line_alone() {
    let (t, shop, cookie) = open();
    let front = get(&shop, &cookie, "/");
    assert!(
        front.body.contains("href=\"/pengaturan\""),
        "{}",
        front.body
    );
    let before = std::fs::read_to_string(t.path("content/catalog.yaml")).unwrap();
    let page = get(&shop, &cookie, "/pengaturan");
    assert_eq!(page.status, 200, "{}", page.head);
    let name = labelled(&page.body, "WhatsApp");
    assert_eq!(name, "whatsapp");
    let fields = with(form_fields(&page.body), &name, "0813-1111-2222");
    let saved = post(&shop, &cookie, "/pengaturan", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.header("location").as_deref(),
        Some("/pengaturan?disimpan")
    );
    assert_eq!(
        std::fs::read_to_string(t.path("content/catalog.yaml")).unwrap(),
        before.replace(
            "whatsapp: \"0812-0000-0001\"   # nomor contoh",
            "whatsapp: \"0813-1111-2222\"   # nomor contoh"
        )
    );
}

#[test]
fn an_invalid_base_url_is_refused_beside_its_field_and_nothing_written() {
    let (t, shop, cookie) = open();
    let before = std::fs::read_to_string(t.path("content/catalog.yaml")).unwrap();
    let page = get(&shop, &cookie, "/pengaturan");
    let name = labelled(&page.body, "Alamat situs (base_url)");
    let fields = with(form_fields(&page.body), &name, "contoh.github.io/katalog");
    let refused = post(&shop, &cookie, "/pengaturan", &fields);
    assert_eq!(refused.status, 422, "{}", refused.head);
    let html = Html::parse_document(&refused.body);
    let input = html
        .select(&Selector::parse("#f-base-url").unwrap())
        .next()
        .expect("the field");
    // What was typed is kept, and the build's message is beside it.
    assert_eq!(
        input.value().attr("value"),
        Some("contoh.github.io/katalog")
    );
    assert_eq!(input.value().attr("aria-invalid"), Some("true"));
    assert_eq!(
        input.value().attr("aria-describedby"),
        Some("f-base-url-hint f-base-url-error")
    );
    let error: String = html
        .select(&Selector::parse("p.error#f-base-url-error").unwrap())
        .next()
        .expect("the message beside the field")
        .text()
        .collect();
    assert!(
        error.starts_with(
            "base_url harus alamat web lengkap; yang tertulis \"contoh.github.io/katalog\""
        ),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(t.path("content/catalog.yaml")).unwrap(),
        before
    );
}

#[test]
fn a_path_that_is_no_village_folder_is_not_found() {
    let (_t, shop, cookie) = open();
    assert_eq!(get(&shop, &cookie, "/desa/dukuhdempok").status, 200);
    for path in ["/desa/..", "/desa/.git", "/desa/tidak-ada", "/desa/%2e%2e"] {
        assert_eq!(get(&shop, &cookie, path).status, 404, "{path}");
    }
}
