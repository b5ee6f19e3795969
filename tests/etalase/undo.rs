//! Deleting, the trash and undo in the workshop (issue 17, point 2), over real HTTP
//! with the real `etalase edit`: what is deleted leaves the catalog and the build, is
//! kept in `content/.etalase-sampah/`, and comes back byte for byte; the last changes
//! are taken back one by one, and only when their files are still as they left them.

use crate::support::CatalogTest;
use crate::support::photos::{halves, jpeg};
use crate::support::serve::Preview;
use crate::workshop::{Answer, csrf_of, request, sign_in};
use crate::workshop_form::{form_fields, post, with};
use std::collections::BTreeMap;

const PRODUCT: &str = "content/desa-contoh/keripik-pare";

/// The minimal fixture with photos in its product and a second village with two
/// products, in the workshop, signed in: (catalog, workshop, cookie).
fn open() -> (CatalogTest, Preview, String) {
    let t = CatalogTest::new("minimal");
    t.write(&format!("{PRODUCT}/a-depan.jpg"), jpeg(&halves(320, 240)));
    t.write(&format!("{PRODUCT}/b-samping.jpg"), jpeg(&halves(330, 400)));
    t.write(&format!("{PRODUCT}/index.md"), "Renyah dan pahit.\n");
    t.write("content/sabrang/village.yaml", "name: Sabrang\n");
    t.write("content/sabrang/index.md", "Desa di seberang sungai.\n");
    t.write(
        "content/sabrang/sagon/product.yaml",
        "name: Sagon\ncategory: makanan\nprice: 12000\n",
    );
    t.write("content/sabrang/sagon/sagon.jpg", jpeg(&halves(400, 400)));
    t.write(
        "content/sabrang/emping/product.yaml",
        "name: Emping\ncategory: makanan\nprice: 9000\n",
    );
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let cookie = sign_in(&shop);
    (t, shop, cookie)
}

fn get(shop: &Preview, cookie: &str, path: &str) -> Answer {
    request(shop.port, "GET", path, &[("Cookie", cookie)], "")
}

/// Every file under `rel`, by its path inside it, with its bytes.
fn tree(t: &CatalogTest, rel: &str) -> BTreeMap<String, Vec<u8>> {
    let root = t.path(rel);
    walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let inside = e.path().strip_prefix(&root).unwrap();
            (
                inside.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The entries of the trash folder that hold a record.
fn trash_entries(t: &CatalogTest) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(t.path("content/.etalase-sampah"))
        .into_iter()
        .flatten()
        .map(Result::unwrap)
        .filter(|e| e.path().join(".sampah.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Posts the form of a page (its CSRF token) with `fields`.
fn post_with(
    shop: &Preview,
    cookie: &str,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let mut all = vec![("csrf".to_string(), csrf_of(page))];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    post(shop, cookie, path, &all, "")
}

/// Deletes over HTTP as a phone does: the link on the form, the question, `Ya, hapus`.
fn delete(shop: &Preview, cookie: &str, form: &str, link: &str) {
    let page = get(shop, cookie, form);
    assert!(
        page.body.contains(&format!("href=\"{link}\"")),
        "{}",
        page.body
    );
    let ask = get(shop, cookie, link);
    assert_eq!(ask.status, 200, "{}", ask.body);
    assert!(
        ask.body.contains("bisa dipulihkan dari Sampah"),
        "{}",
        ask.body
    );
    let done = post_with(shop, cookie, &ask.body, link, &[]);
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.header("location").as_deref(), Some("/?dihapus"));
}

/// `Pulihkan` on the trash page for the entry `id`.
fn restore(shop: &Preview, cookie: &str, id: &str) -> Answer {
    let page = get(shop, cookie, "/sampah");
    assert!(
        page.body.contains(&format!("data-entry=\"{id}\"")),
        "{}",
        page.body
    );
    post_with(shop, cookie, &page.body, "/sampah", &[("entri", id)])
}

/// `Batalkan` on the last changes' page, for the newest change.
fn undo(shop: &Preview, cookie: &str) -> Answer {
    let page = get(shop, cookie, "/riwayat");
    let at = page
        .body
        .find("name=\"nomor\" value=\"")
        .expect("a change to undo")
        + 20;
    let number = page.body[at..].split('"').next().unwrap().to_string();
    post_with(shop, cookie, &page.body, "/riwayat", &[("nomor", &number)])
}

fn check_names(t: &CatalogTest) -> String {
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = t.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let mut names = String::new();
    for e in walkdir::WalkDir::new(t.path("public")) {
        names.push_str(&e.unwrap().path().to_string_lossy());
        names.push('\n');
    }
    names
}

#[test]
fn a_deleted_product_leaves_the_site_and_comes_back_byte_for_byte() {
    let (t, shop, cookie) = open();
    let before = tree(&t, PRODUCT);
    let mtime = std::fs::metadata(t.path(&format!("{PRODUCT}/a-depan.jpg")))
        .unwrap()
        .modified()
        .unwrap();
    assert!(check_names(&t).contains("keripik-pare"));
    delete(
        &shop,
        &cookie,
        "/produk/desa-contoh/keripik-pare",
        "/hapus/produk/desa-contoh/keripik-pare",
    );
    assert!(!t.path(PRODUCT).exists());
    let front = get(&shop, &cookie, "/?dihapus");
    assert!(!front.body.contains("Keripik Pare"), "{}", front.body);
    assert!(front.body.contains("href=\"/sampah\""), "{}", front.body);
    assert!(!check_names(&t).contains("keripik-pare"));
    let entries = trash_entries(&t);
    assert_eq!(entries.len(), 1);
    let kept = format!("content/.etalase-sampah/{}/keripik-pare", entries[0]);
    assert_eq!(tree(&t, &kept), before);
    let page = get(&shop, &cookie, "/sampah");
    assert!(page.body.contains("Produk Keripik Pare"), "{}", page.body);
    assert!(page.body.contains("Pulihkan"), "{}", page.body);
    let back = restore(&shop, &cookie, &entries[0]);
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(tree(&t, PRODUCT), before);
    let moved = std::fs::metadata(t.path(&format!("{PRODUCT}/a-depan.jpg"))).unwrap();
    assert_eq!(moved.modified().unwrap(), mtime);
    assert!(trash_entries(&t).is_empty());
    assert!(check_names(&t).contains("keripik-pare"));
    // The restore undone puts it back into its entry; the deletion undone, back again.
    let history = get(&shop, &cookie, "/riwayat");
    let restore_at = history
        .body
        .find("Pulihkan produk Keripik Pare")
        .expect("the restore");
    let delete_at = history
        .body
        .find("Hapus produk Keripik Pare")
        .expect("the deletion");
    assert!(restore_at < delete_at, "{}", history.body);
    assert_eq!(undo(&shop, &cookie).status, 303);
    assert!(!t.path(PRODUCT).exists());
    assert_eq!(trash_entries(&t), entries);
    assert_eq!(tree(&t, &kept), before);
    assert_eq!(undo(&shop, &cookie).status, 303);
    assert_eq!(tree(&t, PRODUCT), before);
    assert!(trash_entries(&t).is_empty());
}

#[test]
fn a_deleted_village_takes_its_products_and_they_come_back_in_order() {
    let (t, shop, cookie) = open();
    let before = tree(&t, "content/sabrang");
    delete(&shop, &cookie, "/desa/sabrang", "/hapus/desa/sabrang");
    assert!(!t.path("content/sabrang").exists());
    let names = check_names(&t);
    assert!(
        !names.contains("sagon") && !names.contains("sabrang"),
        "{names}"
    );
    assert!(names.contains("keripik-pare"));
    let entries = trash_entries(&t);
    assert_eq!(entries.len(), 1);
    // The history names it; the trash page too.
    let history = get(&shop, &cookie, "/riwayat");
    assert!(
        history.body.contains("Hapus desa Sabrang"),
        "{}",
        history.body
    );
    let back = restore(&shop, &cookie, &entries[0]);
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(tree(&t, "content/sabrang"), before);
    // A product of a village deleted since waits for its village.
    delete(
        &shop,
        &cookie,
        "/produk/sabrang/sagon",
        "/hapus/produk/sabrang/sagon",
    );
    delete(&shop, &cookie, "/desa/sabrang", "/hapus/desa/sabrang");
    let entries = trash_entries(&t);
    assert_eq!(entries.len(), 2);
    let refused = restore(&shop, &cookie, &entries[0]);
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("pulihkan desanya dulu"),
        "{}",
        refused.body
    );
    assert_eq!(restore(&shop, &cookie, &entries[1]).status, 303);
    assert_eq!(restore(&shop, &cookie, &entries[0]).status, 303);
    assert_eq!(tree(&t, "content/sabrang"), before);
}

#[test]
fn a_photo_removed_in_the_form_is_restored_and_listed_again() {
    let (t, shop, cookie) = open();
    let yaml = format!("{PRODUCT}/product.yaml");
    t.write(
        &yaml,
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos: [a-depan.jpg, b-samping.jpg]\n",
    );
    let photo = t.read_bytes(&format!("{PRODUCT}/a-depan.jpg"));
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let removed = post(
        &shop,
        &cookie,
        path,
        &form_fields(&page.body),
        "foto-hapus-1",
    );
    let saved = post(&shop, &cookie, path, &form_fields(&removed.body), "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(!t.path(&format!("{PRODUCT}/a-depan.jpg")).exists());
    assert!(
        t.read(&yaml).ends_with("photos: [b-samping.jpg]\n"),
        "{}",
        t.read(&yaml)
    );
    let entries = trash_entries(&t);
    assert_eq!(entries.len(), 1);
    let page = get(&shop, &cookie, "/sampah");
    assert!(
        page.body.contains("Foto a-depan.jpg dari Keripik Pare"),
        "{}",
        page.body
    );
    let back = restore(&shop, &cookie, &entries[0]);
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(t.read_bytes(&format!("{PRODUCT}/a-depan.jpg")), photo);
    assert!(
        t.read(&yaml)
            .ends_with("photos: [b-samping.jpg, a-depan.jpg]\n"),
        "{}",
        t.read(&yaml)
    );
    let check = t.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_form_save_that_removed_a_photo_is_undone_whole() {
    let (t, shop, cookie) = open();
    let before = tree(&t, PRODUCT);
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let fields = with(form_fields(&page.body), "price", "17500");
    let removed = post(&shop, &cookie, path, &fields, "foto-hapus-2");
    let saved = post(&shop, &cookie, path, &form_fields(&removed.body), "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(t.read(&format!("{PRODUCT}/product.yaml")).contains("17500"));
    assert!(!t.path(&format!("{PRODUCT}/b-samping.jpg")).exists());
    let history = get(&shop, &cookie, "/riwayat");
    assert!(
        history.body.contains("Ubah Keripik Pare"),
        "{}",
        history.body
    );
    let undone = undo(&shop, &cookie);
    assert_eq!(undone.status, 303, "{}", undone.body);
    assert_eq!(tree(&t, PRODUCT), before);
    assert!(trash_entries(&t).is_empty());
}

#[test]
fn an_edit_is_undone_to_the_byte() {
    let (t, shop, cookie) = open();
    let yaml = format!("{PRODUCT}/product.yaml");
    let before = t.read_bytes(&yaml);
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let saved = post(
        &shop,
        &cookie,
        path,
        &with(form_fields(&page.body), "price", "17500"),
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_ne!(t.read_bytes(&yaml), before);
    let undone = undo(&shop, &cookie);
    assert_eq!(undone.status, 303, "{}", undone.body);
    assert_eq!(t.read_bytes(&yaml), before);
    let history = get(&shop, &cookie, "/riwayat?dibatalkan");
    assert!(
        history.body.contains("Sudah dibatalkan"),
        "{}",
        history.body
    );
    assert!(
        history.body.contains("Belum ada perubahan"),
        "{}",
        history.body
    );
}

#[test]
fn a_new_product_undone_goes_to_the_trash() {
    let (t, shop, cookie) = open();
    let path = "/produk-baru/desa-contoh";
    let page = get(&shop, &cookie, path);
    let fields = with(
        with(
            with(form_fields(&page.body), "name", "Rengginang"),
            "price",
            "8000",
        ),
        "category",
        "makanan",
    );
    let saved = post(&shop, &cookie, path, &fields, "simpan");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let made = t.path("content/desa-contoh/rengginang");
    assert!(made.join("product.yaml").is_file());
    let made_tree = tree(&t, "content/desa-contoh/rengginang");
    let history = get(&shop, &cookie, "/riwayat");
    assert!(
        history.body.contains("Tambah produk Rengginang"),
        "{}",
        history.body
    );
    let undone = undo(&shop, &cookie);
    assert_eq!(undone.status, 303, "{}", undone.body);
    assert!(!made.exists());
    let entries = trash_entries(&t);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        tree(
            &t,
            &format!("content/.etalase-sampah/{}/rengginang", entries[0])
        ),
        made_tree
    );
    assert!(!check_names(&t).contains("rengginang"));
}

#[test]
fn an_undo_is_refused_when_the_file_was_changed_since() {
    let (t, shop, cookie) = open();
    let yaml = format!("{PRODUCT}/product.yaml");
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let saved = post(
        &shop,
        &cookie,
        path,
        &with(form_fields(&page.body), "price", "17500"),
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    // Another writer: a text editor.
    let edited = "name: Keripik Pare\ncategory: makanan\nprice: 20000\n";
    t.write(&yaml, edited);
    let refused = undo(&shop, &cookie);
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("desa-contoh/keripik-pare/product.yaml"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("sudah diubah"), "{}", refused.body);
    assert_eq!(t.read(&yaml), edited);
    // Still the newest change, still refused: nothing is lost.
    assert!(get(&shop, &cookie, "/riwayat").body.contains("Batalkan"));
}

#[test]
fn two_changes_are_undone_one_by_one_newest_first() {
    let (t, shop, cookie) = open();
    let yaml = format!("{PRODUCT}/product.yaml");
    let village = "content/sabrang/village.yaml";
    let (product_before, village_before) = (t.read_bytes(&yaml), t.read_bytes(village));
    let path = "/produk/desa-contoh/keripik-pare";
    let page = get(&shop, &cookie, path);
    let saved = post(
        &shop,
        &cookie,
        path,
        &with(form_fields(&page.body), "price", "17500"),
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = get(&shop, &cookie, "/desa/sabrang");
    let fields = place_fields(&page.body);
    let saved = post(
        &shop,
        &cookie,
        "/desa/sabrang",
        &with(fields, "district", "Kalasan"),
        "simpan",
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let (product_after, village_after) = (t.read_bytes(&yaml), t.read_bytes(village));
    assert_ne!(village_after, village_before);
    let history = get(&shop, &cookie, "/riwayat");
    let newest = history
        .body
        .find("Ubah desa Sabrang")
        .expect("the village's change");
    let older = history
        .body
        .find("Ubah Keripik Pare")
        .expect("the product's change");
    assert!(newest < older, "newest first: {}", history.body);
    assert_eq!(history.body.matches("name=\"nomor\"").count(), 1);
    assert_eq!(undo(&shop, &cookie).status, 303);
    assert_eq!(t.read_bytes(village), village_before);
    assert_eq!(t.read_bytes(&yaml), product_after);
    assert_eq!(undo(&shop, &cookie).status, 303);
    assert_eq!(t.read_bytes(&yaml), product_before);
}

/// The fields a browser posts for a village's form.
fn place_fields(page: &str) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(page);
    let controls =
        scraper::Selector::parse("form.place-form input, form.place-form textarea").unwrap();
    html.select(&controls)
        .filter_map(|c| {
            let name = c.value().attr("name")?.to_string();
            let value = match c.value().name() {
                "textarea" => c.text().collect(),
                _ => c.value().attr("value").unwrap_or("").to_string(),
            };
            Some((name, value))
        })
        .collect()
}

impl CatalogTest {
    fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

#[test]
fn photos_uploaded_are_undone_into_the_trash_and_the_list_as_it_was() {
    use crate::workshop_photos::{multipart, post_photos};
    let (t, shop, cookie) = open();
    let yaml = format!("{PRODUCT}/product.yaml");
    t.write(
        &yaml,
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos: [a-depan.jpg]\n",
    );
    let before = tree(&t, PRODUCT);
    let page = get(&shop, &cookie, "/produk/desa-contoh/keripik-pare");
    let csrf = csrf_of(&page.body);
    let photo = jpeg(&halves(400, 300));
    let body = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("foto", Some("toples.jpg"), &photo),
        ("foto", Some("bungkus.jpg"), &photo),
    ]);
    let answer = post_photos(&shop, &cookie, "/foto/desa-contoh/keripik-pare", &body);
    assert_eq!(answer.status, 200);
    assert!(t.read(&yaml).contains("toples.jpg"), "{}", t.read(&yaml));
    let history = get(&shop, &cookie, "/riwayat");
    assert!(
        history.body.contains("Tambah foto (2) di Keripik Pare"),
        "{}",
        history.body
    );
    assert_eq!(undo(&shop, &cookie).status, 303);
    assert_eq!(tree(&t, PRODUCT), before);
    assert_eq!(trash_entries(&t).len(), 2);
}

/// On a phone (headless chromium at 360×800): `Hapus produk`, the question, `Ya,
/// hapus`; `Sampah`, `Pulihkan`; `Perubahan terakhir`, `Batalkan`. Each page fits the
/// screen and breaks no rule of the workshop's policy.
#[test]
fn a_phone_deletes_restores_and_undoes() {
    let (t, shop, _) = open();
    let before = tree(&t, PRODUCT);
    let out = crate::support::browser_script(
        "workshop-undo.mjs",
        &serde_json::json!({
            "signIn": shop.banner.split_whitespace().last().unwrap(),
            "base": format!("http://127.0.0.1:{}", shop.port),
            "product": "Keripik Pare",
            "shots": std::env::var("ETALASE_SHOTS").ok(),
        }),
    );
    for page in [
        "question", "deleted", "trash", "restored", "front", "history", "undone",
    ] {
        assert!(out[page]["width"].as_u64().unwrap() <= 360, "{page}: {out}");
        assert_eq!(
            out[page]["violations"],
            serde_json::json!([]),
            "{page}: {out}"
        );
    }
    assert!(
        out["question"]["asked"]
            .as_str()
            .unwrap()
            .contains("bisa dipulihkan dari Sampah"),
        "{out}"
    );
    assert_eq!(out["deleted"]["listed"], 0, "{out}");
    assert_eq!(
        out["deleted"]["message"], "Sudah dihapus. Ada di Sampah, dan bisa dipulihkan dari sana.",
        "{out}"
    );
    assert_eq!(
        out["trash"]["entries"],
        serde_json::json!(["Produk Keripik Pare"])
    );
    assert_eq!(
        out["restored"]["message"], "Sudah dipulihkan ke desa-contoh/keripik-pare.",
        "{out}"
    );
    assert_eq!(out["restored"]["entries"], 0, "{out}");
    assert_eq!(out["front"]["listed"], 1, "{out}");
    assert_eq!(
        out["history"]["changes"],
        serde_json::json!(["Pulihkan produk Keripik Pare", "Hapus produk Keripik Pare"]),
        "{out}"
    );
    assert_eq!(out["history"]["buttons"], 1, "{out}");
    assert_eq!(out["undone"]["message"], "Sudah dibatalkan.", "{out}");
    assert_eq!(
        out["undone"]["changes"],
        serde_json::json!(["Hapus produk Keripik Pare"]),
        "{out}"
    );
    assert_eq!(out["errors"], serde_json::json!([]), "{out}");
    // The restore undone: in the trash again, as it was.
    assert!(!t.path(PRODUCT).exists());
    let entries = trash_entries(&t);
    assert_eq!(
        tree(
            &t,
            &format!("content/.etalase-sampah/{}/keripik-pare", entries[0])
        ),
        before
    );
}
