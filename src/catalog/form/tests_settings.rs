//! The catalog's settings as a form, on a copy of the sample's `catalog.yaml` (written
//! by hand, with comments above and beside its lines).

use super::settings::{self, CategoryRow};
use super::tests::{SAMPLE, catalog, wait};
use super::{NotSaved as SaveError, Outcome};
use std::path::Path;

fn read(root: &Path) -> String {
    std::fs::read_to_string(root.join("catalog.yaml")).unwrap()
}

fn sample() -> String {
    std::fs::read_to_string(Path::new(SAMPLE).join("catalog.yaml")).unwrap()
}

#[test]
fn reads_the_settings_as_written() {
    let (_tmp, root, _) = catalog();
    let form = settings::read_form(&root).unwrap();
    assert!(form.savable(), "{:?}", form.problems);
    let v = &form.values;
    assert_eq!(v.get("title"), "Katalog Contoh — Produk Purna Migran");
    assert_eq!(v.get("language"), "id");
    assert_eq!(v.get("base_url"), "https://contoh.github.io/katalog/");
    assert_eq!(v.get("whatsapp"), "0812-0000-0001");
    assert!(v.get("description").starts_with("Contoh katalog: nama"));
    assert_eq!(v.categories.len(), 6);
    assert_eq!(
        v.categories[2],
        CategoryRow {
            key: "jamu".into(),
            name: "Jamu & Herbal".into()
        }
    );
}

#[test]
fn a_new_whatsapp_number_changes_its_line_alone() {
    let (_tmp, root, _) = catalog();
    let form = settings::read_form(&root).unwrap();
    let mut typed = form.values.clone();
    typed.set("whatsapp", "0813-1111-2222");
    let checked = settings::check(&typed);
    let saved = settings::save(&root, &form.version, &checked, &wait()).unwrap();
    assert_eq!(saved.written, [root.join("catalog.yaml")]);
    assert_eq!(
        read(&root),
        sample().replace(
            "whatsapp: \"0812-0000-0001\"   # nomor contoh",
            "whatsapp: \"0813-1111-2222\"   # nomor contoh"
        )
    );
}

#[test]
fn a_category_added_renamed_and_removed() {
    let (_tmp, root, _) = catalog();
    let form = settings::read_form(&root).unwrap();
    let mut typed = form.values.clone();
    typed.categories.retain(|r| r.key != "lainnya");
    typed.categories[0].name = "Makanan Olahan".into();
    // A new one typed by its name alone: its key is made from it.
    typed.categories.push(CategoryRow {
        key: String::new(),
        name: "Camilan Pedas".into(),
    });
    let checked = settings::check(&typed);
    assert!(checked.is_valid(), "{:?}", checked.errors());
    settings::save(&root, &form.version, &checked, &wait()).unwrap();
    assert_eq!(
        read(&root),
        sample()
            .replace("  makanan: Makanan\n", "  makanan: Makanan Olahan\n")
            .replace("  lainnya: Lainnya\n", "  camilan-pedas: Camilan Pedas\n")
    );
}

#[test]
fn an_invalid_base_url_is_the_builds_message_and_nothing_is_written() {
    let (_tmp, root, _) = catalog();
    let form = settings::read_form(&root).unwrap();
    for (key, typed_value) in [
        ("base_url", "contoh.github.io/katalog"),
        ("language", "bahasa indonesia"),
        ("title", ""),
    ] {
        let mut typed = form.values.clone();
        typed.set(key, typed_value);
        let checked = settings::check(&typed);
        let Some(Outcome::Invalid { message, help }) = checked.fields.get(key) else {
            panic!("{key}: {typed_value:?} accepted")
        };
        let err = settings::save(&root, &form.version, &checked, &wait()).unwrap_err();
        assert!(matches!(err, SaveError::Invalid), "{err:?}");
        assert_eq!(read(&root), sample());
        // The build's own message for the same value in the file.
        let line = sample()
            .lines()
            .find(|l| l.starts_with(&format!("{key}:")))
            .unwrap()
            .to_string();
        let written = if typed_value.is_empty() {
            String::new()
        } else {
            format!("{key}: {typed_value}")
        };
        std::fs::write(root.join("catalog.yaml"), sample().replace(&line, &written)).unwrap();
        let (_, _, diags) = crate::catalog::read(&root).unwrap();
        let build = diags
            .iter()
            .find(|d| d.is_error() && d.message == *message)
            .unwrap_or_else(|| panic!("{key}: the build said otherwise"));
        assert_eq!(build.help.as_ref(), Some(help));
        std::fs::write(root.join("catalog.yaml"), sample()).unwrap();
    }
    // A category key the build refuses, and one typed twice.
    let mut typed = form.values.clone();
    typed.categories[0].key = "Makanan Ringan".into();
    typed.categories[1].key = "jamu".into();
    let checked = settings::check(&typed);
    let Some(Outcome::Invalid { message, .. }) = checked.fields.get("categories.1.key") else {
        panic!("a key with capitals accepted")
    };
    assert!(
        message
            .en
            .starts_with("category key \"Makanan Ringan\" is used in web addresses")
    );
    assert!(matches!(
        checked.fields.get("categories.3.key"),
        Some(Outcome::Invalid { .. })
    ));
}

#[test]
fn a_conflicting_save_is_refused_naming_the_fields() {
    let (_tmp, root, _) = catalog();
    let form = settings::read_form(&root).unwrap();
    let by_hand = sample()
        .replace("title: Katalog Contoh", "title: Katalog Baru")
        .replace("  jamu: Jamu & Herbal\n", "");
    std::fs::write(root.join("catalog.yaml"), &by_hand).unwrap();
    let mut typed = form.values.clone();
    typed.set("whatsapp", "0813-1111-2222");
    let err = settings::save(&root, &form.version, &settings::check(&typed), &wait()).unwrap_err();
    let SaveError::Conflict(conflict) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(conflict.changed, ["title", "categories"]);
    assert_eq!(conflict.newer.values.categories.len(), 5);
    assert!(err.text().id.starts_with("pengaturan katalog sudah diubah"));
    assert_eq!(read(&root), by_hand);
}

#[test]
fn a_category_added_by_its_name_is_one_line_at_the_end_of_the_list() {
    let (_tmp, root, _) = catalog();
    let new = settings::check_new_category(&root, "Camilan “Pedas”").unwrap();
    assert_eq!(new.key, "camilan-pedas");
    assert!(!new.known);
    settings::add_category(&root, &new, &wait()).unwrap();
    assert_eq!(
        read(&root),
        sample().replace(
            "  lainnya: Lainnya\n",
            "  lainnya: Lainnya\n  camilan-pedas: Camilan \"Pedas\"\n"
        )
    );
    // Asked again, it is known: chosen, nothing written.
    let again = settings::check_new_category(&root, "camilan pedas").unwrap();
    assert!(again.known);
    assert_eq!(again.name, "Camilan \"Pedas\"");
}

#[test]
fn a_category_name_too_long_for_a_web_address_is_refused_with_the_builds_message() {
    let (_tmp, root, _) = catalog();
    let name = "kue ".repeat(60);
    match settings::check_new_category(&root, &name) {
        Err(outcome) => {
            let Outcome::Invalid { message, .. } = *outcome else {
                panic!("{outcome:?}")
            };
            assert!(message.get(crate::diag::Lang::En).contains("web addresses"))
        }
        other => panic!("{other:?}"),
    }
}

/// `feeds:` (issue 19): the choice per platform is written as the build reads it, a
/// category out of both in `leave_out`; the same choice written otherwise is left as
/// it is; a choice cleared takes `feeds:` out, the file as it was.
#[test]
fn the_feeds_choice_is_written_only_when_it_changes() {
    let (_tmp, root, _) = catalog();
    let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let save = |meta: &[&str], google: &[&str]| {
        let form = settings::read_form(&root).unwrap();
        let mut typed = form.values.clone();
        typed.feeds = settings::FeedLists::chosen(&keys(meta), &keys(google));
        let checked = settings::check(&typed);
        settings::save(&root, &form.version, &checked, &wait()).unwrap()
    };
    save(&["jamu", "lainnya"], &["lainnya"]);
    // After the key the format lists before it (`example:`, in the sample).
    let example = "0812-0000-xxxx boleh\n";
    let feeds = "feeds:\n  leave_out: [lainnya]\n  meta:\n    leave_out: [jamu]\n";
    assert_eq!(
        read(&root),
        sample().replace(example, &format!("{example}{feeds}"))
    );
    let form = settings::read_form(&root).unwrap();
    assert_eq!(form.values.feeds.out_of_meta(), ["lainnya", "jamu"]);
    assert_eq!(form.values.feeds.out_of_google(), ["lainnya"]);

    // Written by hand otherwise (both platforms' lists), the same choice changes nothing.
    let by_hand = format!(
        "{}feeds:\n  meta:\n    leave_out: [jamu, lainnya]   # Meta menolak\n  google:\n    leave_out: [lainnya]\n",
        sample()
    );
    std::fs::write(root.join("catalog.yaml"), &by_hand).unwrap();
    let saved = save(&["lainnya", "jamu"], &["lainnya"]);
    assert!(saved.written.is_empty());
    assert_eq!(read(&root), by_hand);

    // Jamu back in Meta's feed: `lainnya`, out of both, goes in `leave_out`; the
    // platforms' lists, emptied, go with their maps.
    save(&["lainnya"], &["lainnya"]);
    assert_eq!(
        read(&root),
        by_hand.replace(
            "  meta:\n    leave_out: [jamu, lainnya]   # Meta menolak\n  google:\n    leave_out: [lainnya]\n",
            "  leave_out: [lainnya]\n"
        )
    );
    save(&[], &[]);
    assert_eq!(read(&root), sample());
}
