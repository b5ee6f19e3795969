//! The form layer on real folders: copies of the sample's files in temporary folders.

use super::*;
use crate::output::lock::Wait;
use std::time::Duration;

pub(super) const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

pub(super) fn wait() -> Wait<'static> {
    Wait {
        limit: Duration::from_secs(5),
        notice: &|_| {},
    }
}

/// A catalog of the sample's `catalog.yaml` and the files of its village `dukuhdempok`
/// with its product `sagon` (YAML, Markdown and photos).
pub(super) fn catalog() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("content");
    let village = root.join("dukuhdempok");
    let product = village.join("sagon");
    std::fs::create_dir_all(&product).unwrap();
    std::fs::copy(
        Path::new(SAMPLE).join("catalog.yaml"),
        root.join("catalog.yaml"),
    )
    .unwrap();
    for (from, to) in [("dukuhdempok", &village), ("dukuhdempok/sagon", &product)] {
        for entry in std::fs::read_dir(Path::new(SAMPLE).join(from)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    (tmp, root, product)
}

fn categories(root: &Path) -> Vec<crate::catalog::model::Category> {
    crate::catalog::resolve::categories_of(root).unwrap()
}

fn outcome<'a>(checked: &'a Checked, path: &str) -> &'a Outcome {
    checked.fields.get(path).unwrap()
}

fn shown(checked: &Checked, path: &str) -> (String, String) {
    match outcome(checked, path) {
        Outcome::Valid { save, show, .. } => (save.clone(), show.clone()),
        Outcome::Invalid { message, .. } => panic!("{path} invalid: {}", message.en),
    }
}

#[test]
fn reads_the_fields_as_written_with_a_version() {
    let (_tmp, root, dir) = catalog();
    let form = read_form(&root, &dir).unwrap();
    assert!(form.savable(), "{:?}", form.problems);
    let v = &form.values;
    assert_eq!(v.get("name"), "Sagon Kelapa");
    assert_eq!(v.get("name_en"), "Sagon, Coconut Shortbread");
    assert_eq!(v.get("price"), "15000");
    assert_eq!(v.get("labels.pirt"), "2063509010123-27");
    assert_eq!(
        v.get("order.tokopedia"),
        "https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g"
    );
    assert_eq!(v.get("order.whatsapp"), "");
    assert_eq!(
        v.variants,
        vec![
            VariantRow {
                name: "toples 250 g".into(),
                price: "15000".into()
            },
            VariantRow {
                name: "toples 500 g".into(),
                price: "28000".into()
            }
        ]
    );
    assert_eq!(v.tags, ["kelapa", "camilan tradisional", "oleh-oleh"]);
    assert_eq!(
        v.photos,
        ["IMG_20240312_101512.jpg", "IMG_20240312_101530.jpg"]
    );
    // The version follows the files' bytes and the photos' names.
    assert_eq!(read_form(&root, &dir).unwrap().version, form.version);
    std::fs::write(dir.join("extra.jpg"), b"x").unwrap();
    assert_ne!(read_form(&root, &dir).unwrap().version, form.version);
}

#[test]
fn prices_as_volunteers_type_them() {
    let mut typed = Values::default();
    typed.set("name", "Sagon");
    for (written, save, show) in [
        ("15rb", "15000", "Rp15.000"),
        ("1,5jt", "1500000", "Rp1.500.000"),
        ("Rp 15.000", "15000", "Rp15.000"),
        ("15.000", "15000", "Rp15.000"),
    ] {
        typed.set("price", written);
        let checked = check(&typed, None);
        assert_eq!(
            shown(&checked, "price"),
            (save.to_string(), show.to_string()),
            "{written}"
        );
    }
}

#[test]
fn a_share_text_keeps_its_link_with_the_builds_warning() {
    let mut typed = Values::default();
    typed.set("name", "Sagon");
    typed.set(
        "order.tokopedia",
        "Cek Sagon Kelapa seharga Rp15.000. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/",
    );
    let checked = check(&typed, None);
    let Outcome::Valid { save, show, note } = outcome(&checked, "order.tokopedia") else {
        panic!("refused")
    };
    assert_eq!(save, "https://tk.tokopedia.com/ZSabc123/");
    assert_eq!(show, "https://tk.tokopedia.com/ZSabc123/");
    let note = note.as_ref().unwrap();
    assert_eq!(
        note.message.id,
        "tokopedia: hanya tautan https://tk.tokopedia.com/ZSabc123/ yang dipakai; kata-kata di sekitarnya dibuang"
    );
    assert_eq!(
        note.message.en,
        "tokopedia: only the link https://tk.tokopedia.com/ZSabc123/ is kept; the words around it were dropped"
    );
}

#[test]
fn a_whatsapp_number_is_shown_normalised_and_curly_quotes_made_straight() {
    let mut typed = Values::default();
    typed.set("name", "\u{201c}Sagon\u{201d} Bu Siti\u{2019}s");
    typed.set("order.whatsapp", "\u{201c}0812-3456-7890\u{201d}");
    let checked = check(&typed, None);
    // The quotes around a number are the volunteer's, not the number's: straightened,
    // they are YAML's quotes no more but still not digits, so the build's rule refuses.
    assert!(matches!(
        outcome(&checked, "order.whatsapp"),
        Outcome::Invalid { .. }
    ));
    assert_eq!(shown(&checked, "name").0, "\"Sagon\" Bu Siti's");
    typed.set("order.whatsapp", "0812 3456 7890");
    let checked = check(&typed, None);
    assert_eq!(
        shown(&checked, "order.whatsapp"),
        ("0812 3456 7890".to_string(), "+6281234567890".to_string())
    );
}

/// The message beside a field is the one the build gives for the same value in a file.
#[test]
fn a_field_error_is_the_builds_message() {
    let (_tmp, root, dir) = catalog();
    for (path, typed, key) in [
        ("price", "lima belas ribu", "price: lima belas ribu"),
        ("availability", "mungkin", "availability: mungkin"),
        ("category", "makanann", "category: makanann"),
        (
            "order.shopee",
            "https://tokopedia.com/x/y",
            "order: { shopee: \"https://tokopedia.com/x/y\" }",
        ),
    ] {
        let mut values = read_form(&root, &dir).unwrap().values;
        values.set(path, typed);
        let checked = check(&values, Some(&categories(&root)));
        assert!(!checked.is_valid());
        let Outcome::Invalid { message, help } = outcome(&checked, path) else {
            panic!("{path}: {typed} accepted")
        };
        // The same value written in the file, read by the build.
        let field = key.split(':').next().unwrap();
        let text = std::fs::read_to_string(SAMPLE.to_string() + "/dukuhdempok/sagon/product.yaml")
            .unwrap();
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with(&format!("{field}:")))
            .filter(|l| field != "order" || !l.starts_with("  "))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.join("product.yaml"), format!("{kept}{key}\n")).unwrap();
        let (_, _, diags) = crate::catalog::read(&root).unwrap();
        let build = diags
            .iter()
            .find(|d| d.is_error() && d.message == *message)
            .unwrap_or_else(|| {
                panic!(
                    "{path}: the build said otherwise: {:?}",
                    diags.iter().map(|d| &d.message.en).collect::<Vec<_>>()
                )
            });
        assert_eq!(build.help.as_ref(), Some(help));
        std::fs::copy(
            SAMPLE.to_string() + "/dukuhdempok/sagon/product.yaml",
            dir.join("product.yaml"),
        )
        .unwrap();
    }
}

#[test]
fn a_save_changes_one_line_of_a_hand_written_file() {
    let (_tmp, root, dir) = catalog();
    let before = std::fs::read_to_string(dir.join("product.yaml")).unwrap();
    let form = read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("price", "17,5rb");
    let checked = check(&typed, Some(&categories(&root)));
    let saved = save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    let after = std::fs::read_to_string(dir.join("product.yaml")).unwrap();
    assert_eq!(
        after,
        before.replace("price: 15000\nunit", "price: 17500\nunit")
    );
    assert_ne!(saved.form.version, form.version);
    assert_eq!(saved.form.values.get("price"), "17500");
    // index.md (the description) untouched; an unchanged save writes nothing.
    assert_eq!(saved.written, [dir.join("product.yaml")]);
    let again = check(&saved.form.values, Some(&categories(&root)));
    let same = save_product(&root, &dir, &saved.form.version, &again, &wait()).unwrap();
    assert!(same.written.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.join("product.yaml")).unwrap(),
        after
    );
}

#[test]
fn an_emptied_field_is_removed_and_a_link_saved_alone() {
    let (_tmp, root, dir) = catalog();
    let before = std::fs::read_to_string(dir.join("product.yaml")).unwrap();
    let form = read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("unit", "");
    typed.set(
        "order.shopee",
        "Sagon Kelapa di Shopee https://id.shp.ee/abc123",
    );
    let checked = check(&typed, Some(&categories(&root)));
    save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    let after = std::fs::read_to_string(dir.join("product.yaml")).unwrap();
    let expected = before.replace("unit: toples 250 g\n", "").replace(
        "sagon-kelapa-toples-250-g\n",
        "sagon-kelapa-toples-250-g\n  shopee: https://id.shp.ee/abc123\n",
    );
    assert_eq!(after, expected);
}

#[test]
fn a_conflicting_save_is_refused_with_the_newer_values() {
    let (_tmp, root, dir) = catalog();
    let form = read_form(&root, &dir).unwrap();
    // Someone changes the file by hand after the form was opened.
    let by_hand = std::fs::read_to_string(dir.join("product.yaml"))
        .unwrap()
        .replace("maker: Ibu Sumiati", "maker: Ibu Sumarni");
    std::fs::write(dir.join("product.yaml"), &by_hand).unwrap();
    let mut typed = form.values.clone();
    typed.set("price", "16000");
    let checked = check(&typed, Some(&categories(&root)));
    let err = save_product(&root, &dir, &form.version, &checked, &wait()).unwrap_err();
    let SaveError::Conflict(conflict) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(conflict.changed, ["maker"]);
    assert_eq!(conflict.newer.values.get("maker"), "Ibu Sumarni");
    assert_eq!(conflict.newer.values.get("price"), "15000");
    assert!(err.text().id.contains("maker"), "{}", err.text().id);
    // Nothing written: the hand's change stands.
    assert_eq!(
        std::fs::read_to_string(dir.join("product.yaml")).unwrap(),
        by_hand
    );
}

#[test]
fn a_new_product_gets_its_folder_and_file() {
    let (_tmp, root, _) = catalog();
    let village = root.join("dukuhdempok");
    let mut typed = Values::default();
    typed.set("name", "Keripik Paré Bu Siti");
    typed.set("category", "makanan");
    typed.set("price", "15rb");
    typed.set(
        "order.tokopedia",
        "Cek produk ini di Tokopedia! https://tk.tokopedia.com/ZSabc123/",
    );
    typed.tags = vec!["renyah".into(), "pedas, manis".into()];
    typed.variants = vec![VariantRow {
        name: "250 g".into(),
        price: "Rp 15.000".into(),
    }];
    let checked = check(&typed, Some(&categories(&root)));
    assert!(checked.is_valid(), "{:?}", checked.errors());
    let saved = new_product(&root, &village, &checked, &wait()).unwrap();
    assert_eq!(saved.dir, village.join("keripik-pare-bu-siti"));
    let today = jiff::ZonedDateTime::now().date();
    assert_eq!(
        std::fs::read_to_string(saved.dir.join("product.yaml")).unwrap(),
        format!(
            "name: Keripik Paré Bu Siti\ncategory: makanan\nprice: 15000\nvariants:\n  - {{ name: 250 g, price: 15000 }}\ntags: [renyah, \"pedas, manis\"]\norder:\n  tokopedia: https://tk.tokopedia.com/ZSabc123/\nadded: {today}\n"
        )
    );
    assert!(saved.form.savable(), "{:?}", saved.form.problems);
    // The build reads it without an error.
    let (_, _, diags) = crate::catalog::read(&root).unwrap();
    assert!(
        !diags.has_errors(),
        "{:?}",
        diags
            .iter()
            .map(|d| d.render(crate::diag::Lang::En))
            .collect::<Vec<_>>()
    );
    // A second product of that name is refused; a name of symbols too.
    assert!(matches!(
        new_product(&root, &village, &checked, &wait()),
        Err(SaveError::Exists(_))
    ));
    typed.set("name", "!!!");
    let symbols = check(&typed, Some(&categories(&root)));
    assert!(matches!(
        new_product(&root, &village, &symbols, &wait()),
        Err(SaveError::EmptyName)
    ));
    // Renaming it later keeps the folder.
    let mut renamed = saved.form.values.clone();
    renamed.set("name", "Keripik Pare Pedas");
    let checked = check(&renamed, Some(&categories(&root)));
    let again = save_product(&root, &saved.dir, &saved.form.version, &checked, &wait()).unwrap();
    assert_eq!(again.dir, saved.dir);
    assert_eq!(again.form.values.get("name"), "Keripik Pare Pedas");
}

#[test]
fn a_file_that_does_not_parse_is_refused() {
    let (_tmp, root, dir) = catalog();
    let form = read_form(&root, &dir).unwrap();
    let broken = "name: Sagon\nprice: [15000\n";
    std::fs::write(dir.join("product.yaml"), broken).unwrap();
    let opened = read_form(&root, &dir).unwrap();
    assert!(!opened.savable());
    assert!(opened.problems[0].is_error());
    let checked = check(&form.values, Some(&categories(&root)));
    let err = save_product(&root, &dir, &opened.version, &checked, &wait()).unwrap_err();
    assert!(matches!(err, SaveError::Unparsable(_)), "{err:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("product.yaml")).unwrap(),
        broken
    );
}

#[test]
fn nothing_invalid_is_written() {
    let (_tmp, root, dir) = catalog();
    let before = std::fs::read_to_string(dir.join("product.yaml")).unwrap();
    let form = read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("maker", "Ibu Siti");
    typed.set("price", "15-20rb");
    let checked = check(&typed, Some(&categories(&root)));
    let err = save_product(&root, &dir, &form.version, &checked, &wait()).unwrap_err();
    assert!(matches!(err, SaveError::Invalid));
    assert_eq!(
        std::fs::read_to_string(dir.join("product.yaml")).unwrap(),
        before
    );
    assert_eq!(checked.typed.get("price"), "15-20rb");
}

#[test]
fn writes_are_whole_files_renamed_into_place() {
    use std::os::unix::fs::MetadataExt as _;
    let (_tmp, root, dir) = catalog();
    let path = dir.join("product.yaml");
    // A reader holding the old file keeps reading the old file whole.
    let old_inode = std::fs::metadata(&path).unwrap().ino();
    let held = std::fs::File::open(&path).unwrap();
    let form = read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("maker", "Ibu Sumarni");
    let checked = check(&typed, Some(&categories(&root)));
    save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_ne!(std::fs::metadata(&path).unwrap().ino(), old_inode);
    let mut old = String::new();
    std::io::Read::read_to_string(&mut &held, &mut old).unwrap();
    assert!(old.contains("maker: Ibu Sumiati"));
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn fields_in_the_front_matter_are_edited_there() {
    let (_tmp, root, dir) = catalog();
    std::fs::remove_file(dir.join("product.yaml")).unwrap();
    let md =
        "---\nname: Sagon Kelapa   # nama\ncategory: makanan\nprice: 15000\n---\nSagon enak.\n";
    std::fs::write(dir.join("index.md"), md).unwrap();
    let form = read_form(&root, &dir).unwrap();
    assert!(form.savable(), "{:?}", form.problems);
    let mut typed = form.values.clone();
    typed.set("price", "Rp 16.000");
    let checked = check(&typed, Some(&categories(&root)));
    save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("index.md")).unwrap(),
        md.replace("price: 15000", "price: 16000")
    );
    assert!(!dir.join("product.yaml").exists());
}

#[test]
fn a_save_keeps_crlf_and_a_bom() {
    let (_tmp, root, dir) = catalog();
    let path = dir.join("product.yaml");
    let lf = std::fs::read_to_string(&path).unwrap();
    let before = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    std::fs::write(&path, &before).unwrap();
    let form = read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.variants[1].price = "29rb".into();
    let checked = check(&typed, Some(&categories(&root)));
    save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before.replace("price: 28000 }", "price: 29000 }")
    );
}

#[test]
fn a_description_typed_replaces_the_text_after_the_front_matter() {
    let (_tmp, root, dir) = catalog();
    std::fs::remove_file(dir.join("product.yaml")).unwrap();
    let md =
        "\u{feff}---\r\nname: Sagon Kelapa   # nama\r\ncategory: makanan\r\n---\r\nSagon enak.\r\n";
    std::fs::write(dir.join("index.md"), md).unwrap();
    let form = read_form(&root, &dir).unwrap();
    assert_eq!(form.values.description.trim(), "Sagon enak.");
    let mut typed = form.values.clone();
    // As a browser sends a text area: lines ending `\r\n`, WhatsApp's marks kept.
    typed.description = "*Renyah* dan gurih.\r\n- 250 gram\r\n".into();
    let checked = check(&typed, Some(&categories(&root)));
    let saved = save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("index.md")).unwrap(),
        "\u{feff}---\r\nname: Sagon Kelapa   # nama\r\ncategory: makanan\r\n---\r\n*Renyah* dan gurih.\r\n- 250 gram\r\n"
    );
    assert_eq!(
        saved.form.values.description.trim(),
        "*Renyah* dan gurih.\n- 250 gram"
    );
    // The same text sent again changes nothing.
    let again = check(&saved.form.values, Some(&categories(&root)));
    let unchanged = save_product(&root, &dir, &saved.form.version, &again, &wait()).unwrap();
    assert!(unchanged.written.is_empty());
}

#[test]
fn a_description_changed_elsewhere_is_a_conflict_naming_it() {
    let (_tmp, root, dir) = catalog();
    let form = read_form(&root, &dir).unwrap();
    std::fs::write(dir.join("index.md"), "Ditulis di laptop.\n").unwrap();
    let mut typed = form.values.clone();
    typed.description = "Ditulis di HP.".into();
    let checked = check(&typed, Some(&categories(&root)));
    match save_product(&root, &dir, &form.version, &checked, &wait()) {
        Err(SaveError::Conflict(c)) => {
            assert_eq!(c.changed, vec!["description".to_string()]);
            assert_eq!(c.newer.values.description.trim(), "Ditulis di laptop.");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("index.md")).unwrap(),
        "Ditulis di laptop.\n"
    );
}

#[test]
fn a_new_products_description_is_its_index_md() {
    let (_tmp, root, dir) = catalog();
    let village = dir.parent().unwrap().to_path_buf();
    let mut typed = Values::default();
    typed.set("name", "Keripik Pare");
    typed.set("category", "makanan");
    typed.set("price", "15rb");
    typed.description = "Pahitnya pas.\r\nTanpa pengawet.".into();
    let checked = check(&typed, Some(&categories(&root)));
    let saved = new_product(&root, &village, &checked, &wait()).unwrap();
    assert_eq!(
        std::fs::read_to_string(saved.dir.join("index.md")).unwrap(),
        "Pahitnya pas.\nTanpa pengawet.\n"
    );
    assert_eq!(saved.form.values.get("price"), "15000");
}

/// The product feeds' keys (issue 19): `id:` and `feeds: false` typed in the form are
/// saved as the build reads them; a `feeds:` that is not yes or no is refused.
#[test]
fn the_feeds_keys_are_fields_of_the_form() {
    let (_tmp, root, dir) = catalog();
    let form = read_form(&root, &dir).unwrap();
    assert_eq!(form.values.get("id"), "");
    assert_eq!(form.values.get("feeds"), "");
    let mut typed = form.values.clone();
    typed.set("feeds", "kadang");
    let checked = check(&typed, Some(&categories(&root)));
    assert!(matches!(
        outcome(&checked, "feeds"),
        Outcome::Invalid { .. }
    ));
    typed.set("feeds", "false");
    typed.set("id", "SGN-01");
    let checked = check(&typed, Some(&categories(&root)));
    let saved = save_product(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_eq!(saved.form.values.get("id"), "SGN-01");
    assert_eq!(saved.form.values.get("feeds"), "false");
    let (_, catalog, _) = crate::catalog::read(&root).unwrap();
    let sagon = &catalog.villages[0].products[0];
    assert_eq!(sagon.id.as_deref(), Some("SGN-01"));
    assert!(!sagon.in_feeds);
}
