//! Paths and names: photo paths leading out of the product folder, links out of the
//! catalog and loops of links, names Windows cannot hold.

use super::{CatalogTest, LIMIT, PRODUCT, good_jpeg, run_limited};
use std::time::Duration;

#[test]
fn photo_paths_leaving_the_product_folder_are_refused() {
    let t = CatalogTest::new("minimal");
    t.write("secret.jpg", good_jpeg());
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos:\n  - ../../../secret.jpg\n  - /etc/passwd\n  - C:\\Users\\foto.jpg\n",
    );
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(1, "keripik-pare/product.yaml:5:5: error:")
        .expect(1, "keripik-pare/product.yaml:6:5: error:")
        .expect(1, "keripik-pare/product.yaml:7:5: error:");
    assert!(!t.path("public").exists());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_catalog_and_loops_of_links_never_escape_or_hang() {
    use std::os::unix::fs::symlink;
    let t = CatalogTest::new("minimal");
    // A village folder that is a link to a folder outside the catalog.
    std::fs::create_dir_all(t.path("private/rumah")).unwrap();
    t.write("private/rumah/village.yaml", "name: Rumah\n");
    symlink(t.path("private/rumah"), t.path("content/rumah")).unwrap();
    // Two file links pointing at each other, and one at itself.
    symlink(
        t.path(&format!("{PRODUCT}/b.jpg")),
        t.path(&format!("{PRODUCT}/a.jpg")),
    )
    .unwrap();
    symlink(
        t.path(&format!("{PRODUCT}/a.jpg")),
        t.path(&format!("{PRODUCT}/b.jpg")),
    )
    .unwrap();
    symlink(
        t.path(&format!("{PRODUCT}/c.jpg")),
        t.path(&format!("{PRODUCT}/c.jpg")),
    )
    .unwrap();
    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(20));
    run.expect(
        1,
        "content/rumah:1:1: error: this link leads outside the catalog folder",
    )
    .expect(1, "keripik-pare/a.jpg:1:1: error:")
    .expect(1, "keripik-pare/c.jpg:1:1: error:");
}

#[test]
fn names_windows_cannot_hold_are_warnings_naming_the_rename() {
    let t = CatalogTest::new("minimal");
    for name in ["foto:depan.jpg", "apa?.jpg", "aux.jpg", "foto. "] {
        t.write(&format!("{PRODUCT}/{name}"), good_jpeg());
    }
    t.write("content/CON/village.yaml", "name: Con\n");
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    for name in ["foto:depan.jpg", "apa?.jpg", "aux.jpg", "foto. "] {
        run.expect(
            0,
            &format!("keripik-pare/{name}:1:1: warning: this name cannot be used on Windows"),
        );
    }
    run.expect(
        0,
        "content/CON:1:1: warning: this name cannot be used on Windows",
    )
    .expect(0, "help: rename it");
    // Indonesian by default.
    run_limited(&t, &["check"], LIMIT).expect(0, "nama ini tidak bisa dipakai di Windows");
}

/// Names made from content past what a file system holds (issue 14, finding 10): a
/// folder whose web address is longer than the bound is an error at the folder, found
/// by `check` as by `build`, before anything is written (the build failed with "File
/// name too long" at no place); a photo named as long is published under a shortened
/// name.
#[test]
fn names_too_long_for_a_file_system_are_found_by_check_or_shortened() {
    let t = CatalogTest::new("minimal");
    let long = "中".repeat(51);
    let folder = format!("content/desa-contoh/{long}");
    t.write(
        &format!("{folder}/product.yaml"),
        "name: Nama Panjang\ncategory: makanan\nprice: 12000\n",
    );
    let said = format!(
        "{folder}:1:1: error: this folder's name makes a web address of 305 characters (zhong-zhong"
    );
    run_limited(&t, &["check", "--lang", "en"], LIMIT).expect(1, &said);
    run_limited(&t, &["build", "--lang", "en"], LIMIT).expect(1, &said);
    assert!(!t.path("public").exists());
    assert!(!t.path(".public.etalase-new").exists());

    std::fs::remove_dir_all(t.path(&folder)).unwrap();
    let photo = format!("{}.jpg", "图".repeat(80));
    t.write(&format!("{PRODUCT}/{photo}"), good_jpeg());
    run_limited(&t, &["build", "--lang", "en"], LIMIT).expect(0, "");
    let published: Vec<String> = std::fs::read_dir(t.path("public/desa-contoh/keripik-pare"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tu-tu"))
        .collect();
    assert!(!published.is_empty(), "the long-named photo is published");
    for name in &published {
        assert!(name.len() <= 255 - 36, "{name} ({} bytes)", name.len());
    }
}
