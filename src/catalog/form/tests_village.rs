//! A village's form on real folders: the sample's files copied, and a hand-written
//! `village.yaml` with comments.

use super::tests::{catalog, wait};
use super::village::{self, Values};
use super::{NotSaved as SaveError, Outcome};
use std::path::{Path, PathBuf};

/// A village file as a volunteer writes it by hand: comments above and beside.
const HAND_WRITTEN: &str = "# Desa kami\nname: Dukuhdempok   # nama desa\ndistrict: Wuluhan\nregency: Jember\n\n# nomor pesanan\nwhatsapp: \"0812-0000-0101\"   # Bu Ani\nphotos: [cover.jpg]\n";

fn village_dir() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, root, _) = catalog();
    let dir = root.join("dukuhdempok");
    std::fs::write(dir.join("village.yaml"), HAND_WRITTEN).unwrap();
    (tmp, root, dir)
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("village.yaml")).unwrap()
}

#[test]
fn reads_the_fields_as_written() {
    let (_tmp, root, dir) = village_dir();
    let form = village::read_form(&root, &dir).unwrap();
    assert!(form.savable(), "{:?}", form.problems);
    let v = &form.values;
    assert_eq!(v.get("name"), "Dukuhdempok");
    assert_eq!(v.get("district"), "Wuluhan");
    assert_eq!(v.get("province"), "");
    assert_eq!(v.get("whatsapp"), "0812-0000-0101");
    assert_eq!(v.photos, ["cover.jpg"]);
    assert_eq!(
        village::read_form(&root, &dir).unwrap().version,
        form.version
    );
}

#[test]
fn a_save_changes_its_line_alone() {
    let (_tmp, root, dir) = village_dir();
    let form = village::read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("whatsapp", "+62 812 3456 7890");
    typed.set("province", "Jawa Timur");
    let checked = village::check(&typed);
    let saved = village::save(&root, &dir, &form.version, &checked, &wait()).unwrap();
    assert_eq!(saved.written, [dir.join("village.yaml")]);
    assert_eq!(
        read(&dir),
        "# Desa kami\nname: Dukuhdempok   # nama desa\ndistrict: Wuluhan\nregency: Jember\nprovince: Jawa Timur\n\n# nomor pesanan\nwhatsapp: \"+62 812 3456 7890\"   # Bu Ani\nphotos: [cover.jpg]\n"
    );
    assert_eq!(saved.form.values.get("province"), "Jawa Timur");
}

#[test]
fn invalid_values_are_the_builds_messages_and_nothing_is_written() {
    let (_tmp, root, dir) = village_dir();
    let form = village::read_form(&root, &dir).unwrap();
    let mut typed = form.values.clone();
    typed.set("name", "  ");
    typed.set("whatsapp", "0812-3456-7890 (Bu Ani)");
    let checked = village::check(&typed);
    assert!(!checked.is_valid());
    let Some(Outcome::Invalid { message, .. }) = checked.fields.get("name") else {
        panic!("an empty name accepted")
    };
    assert_eq!(message.id, "`name` belum diisi");
    let Some(Outcome::Invalid { message, help }) = checked.fields.get("whatsapp") else {
        panic!("a number with words accepted")
    };
    // The build's own words for the same value in the file.
    std::fs::write(
        dir.join("village.yaml"),
        "name: Dukuhdempok\nwhatsapp: \"0812-3456-7890 (Bu Ani)\"\n",
    )
    .unwrap();
    let (_, _, diags) = crate::catalog::read(&root).unwrap();
    let build = diags
        .iter()
        .find(|d| d.is_error() && d.message == *message)
        .expect("the build's message");
    assert_eq!(build.help.as_ref(), Some(help));
    std::fs::write(dir.join("village.yaml"), HAND_WRITTEN).unwrap();
    let err = village::save(&root, &dir, &form.version, &checked, &wait()).unwrap_err();
    assert!(matches!(err, SaveError::Invalid), "{err:?}");
    assert_eq!(read(&dir), HAND_WRITTEN);
}

#[test]
fn a_conflicting_save_is_refused_naming_the_fields() {
    let (_tmp, root, dir) = village_dir();
    let form = village::read_form(&root, &dir).unwrap();
    let by_hand = HAND_WRITTEN.replace("regency: Jember", "regency: Kabupaten Jember");
    std::fs::write(dir.join("village.yaml"), &by_hand).unwrap();
    let mut typed = form.values.clone();
    typed.set("group", "KUB Melati");
    let err =
        village::save(&root, &dir, &form.version, &village::check(&typed), &wait()).unwrap_err();
    let SaveError::Conflict(conflict) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(conflict.changed, ["regency"]);
    assert_eq!(conflict.newer.values.get("regency"), "Kabupaten Jember");
    assert!(
        err.text().id.starts_with("desa ini sudah diubah"),
        "{}",
        err.text().id
    );
    assert!(err.text().en.contains(": regency;"), "{}", err.text().en);
    assert_eq!(read(&dir), by_hand);
}

#[test]
fn a_new_village_gets_the_folder_and_files_of_new_village() {
    let (_tmp, root, _) = catalog();
    let mut typed = Values::default();
    typed.set("name", "Sumber Paré");
    typed.set("regency", "Jember");
    typed.set("whatsapp", "0812 3456 7890");
    let checked = village::check(&typed);
    assert!(checked.is_valid(), "{:?}", checked.errors());
    let saved = village::new_village(&root, &checked, &wait()).unwrap();
    assert_eq!(saved.dir, root.join("sumber-pare"));
    let scaffold = crate::catalog::scaffold::village_yaml("Sumber Paré");
    let written = read(&saved.dir);
    // The scaffold of `etalase new village`, with the fields typed set in it.
    assert_eq!(
        written,
        scaffold.replace(
            "(wajib)\n",
            "(wajib)\nregency: Jember\nwhatsapp: 0812 3456 7890\n"
        ),
        "{written}"
    );
    assert_eq!(
        std::fs::read_to_string(saved.dir.join("index.md")).unwrap(),
        crate::catalog::scaffold::VILLAGE_MD
    );
    assert_eq!(saved.form.values.get("regency"), "Jember");
    let (_, _, diags) = crate::catalog::read(&root).unwrap();
    assert!(!diags.has_errors());
    // Twice the same name: refused; a folder of photos without the file: completed.
    assert!(matches!(
        village::new_village(&root, &checked, &wait()),
        Err(SaveError::Exists(_))
    ));
    std::fs::create_dir(root.join("wonorejo")).unwrap();
    std::fs::write(root.join("wonorejo/cover.jpg"), b"x").unwrap();
    typed.set("name", "Wonorejo");
    let saved = village::new_village(&root, &village::check(&typed), &wait()).unwrap();
    assert!(saved.dir.join("cover.jpg").exists() && saved.dir.join("village.yaml").exists());
    typed.set("name", "???");
    assert!(matches!(
        village::new_village(&root, &village::check(&typed), &wait()),
        Err(SaveError::EmptyName)
    ));
}

#[test]
fn the_story_is_the_text_of_index_md_after_its_front_matter() {
    let (_tmp, root, dir) = village_dir();
    let md = "---\ngroup: KUB Melati   # kelompok\n---\nKami menanam kelapa.\n";
    std::fs::write(dir.join("index.md"), md).unwrap();
    let form = village::read_form(&root, &dir).unwrap();
    assert_eq!(form.values.story.trim(), "Kami menanam kelapa.");
    assert_eq!(form.values.get("group"), "KUB Melati");
    let mut typed = form.values.clone();
    typed.story = "Kami menanam kelapa.\r\n\r\nDan membuat sagon.".into();
    typed.set("group", "KUB Melati Dempok");
    let saved =
        village::save(&root, &dir, &form.version, &village::check(&typed), &wait()).unwrap();
    assert_eq!(saved.written, [dir.join("index.md")]);
    assert_eq!(
        std::fs::read_to_string(dir.join("index.md")).unwrap(),
        "---\ngroup: KUB Melati Dempok   # kelompok\n---\nKami menanam kelapa.\n\nDan membuat sagon.\n"
    );
    assert_eq!(read(&dir), HAND_WRITTEN);
}
