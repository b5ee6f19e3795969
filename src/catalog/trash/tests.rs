use super::*;
use std::time::Duration;

fn wait() -> Wait<'static> {
    Wait {
        limit: Duration::from_secs(5),
        notice: &|_| {},
    }
}

fn catalog() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let product = content.join("desa/keripik");
    std::fs::create_dir_all(&product).unwrap();
    std::fs::write(content.join("desa/village.yaml"), "name: Desa\n").unwrap();
    std::fs::write(product.join("product.yaml"), "name: Keripik\n").unwrap();
    std::fs::write(product.join("a.jpg"), b"jpeg bytes").unwrap();
    (tmp, content)
}

#[test]
fn the_trash_is_ignored_by_git_even_in_a_repository_that_does_not_list_it() {
    let (tmp, content) = catalog();
    let entry = put(
        &content,
        Path::new("desa/keripik"),
        Kind::Product,
        "Keripik",
        &wait(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(content.join(TRASH).join(".gitignore"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["*"]
    );
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    let staged = git(&["diff", "--cached", "--name-only"]);
    assert!(staged.contains("content/desa/village.yaml"), "{staged}");
    assert!(!staged.contains(TRASH), "{staged}");
    assert!(!staged.contains("keripik"), "{staged}");
    // It is there all the same, and comes back.
    assert!(
        content
            .join(TRASH)
            .join(&entry.id)
            .join("keripik/a.jpg")
            .is_file()
    );
    restore(&content, &entry.id, false, &wait()).unwrap();
    git(&["add", "-A"]);
    let staged = git(&["diff", "--cached", "--name-only"]);
    assert!(staged.contains("content/desa/keripik/a.jpg"), "{staged}");
}

#[test]
fn an_entry_is_restored_to_its_path_or_beside_it_when_taken() {
    let (_tmp, content) = catalog();
    let photo = content.join("desa/keripik/a.jpg");
    let mtime = std::fs::metadata(&photo).unwrap().modified().unwrap();
    let entry = put(
        &content,
        Path::new("desa/keripik/a.jpg"),
        Kind::Photo,
        "Keripik",
        &wait(),
    )
    .unwrap();
    assert!(!photo.exists());
    let listed = list(&content);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0], entry);
    assert_eq!(listed[0].original, "desa/keripik/a.jpg");
    // Taken meanwhile: beside it, and an exact restore is refused.
    std::fs::write(&photo, b"another").unwrap();
    assert!(matches!(
        restore(&content, &entry.id, true, &wait()),
        Err(TrashError::Taken(_))
    ));
    let back = restore(&content, &entry.id, false, &wait()).unwrap();
    assert!(back.beside);
    assert_eq!(back.path, Path::new("desa/keripik/a-2.jpg"));
    let moved = content.join("desa/keripik/a-2.jpg");
    assert_eq!(std::fs::read(&moved).unwrap(), b"jpeg bytes");
    assert_eq!(
        std::fs::metadata(&moved).unwrap().modified().unwrap(),
        mtime
    );
    assert!(list(&content).is_empty());
    assert!(matches!(
        restore(&content, &entry.id, false, &wait()),
        Err(TrashError::NoSuchEntry(_))
    ));
}

#[test]
fn a_product_whose_village_is_gone_waits_for_the_village() {
    let (_tmp, content) = catalog();
    let product = put(
        &content,
        Path::new("desa/keripik"),
        Kind::Product,
        "Keripik",
        &wait(),
    )
    .unwrap();
    let village = put(&content, Path::new("desa"), Kind::Village, "Desa", &wait()).unwrap();
    assert_eq!(list(&content)[0].id, village.id, "newest first");
    assert!(matches!(
        restore(&content, &product.id, false, &wait()),
        Err(TrashError::ParentGone {
            kind: Kind::Product,
            ..
        })
    ));
    restore(&content, &village.id, false, &wait()).unwrap();
    restore(&content, &product.id, false, &wait()).unwrap();
    assert!(content.join("desa/keripik/a.jpg").is_file());
}

#[test]
fn nothing_outside_the_catalog_is_moved_or_restored() {
    let (_tmp, content) = catalog();
    for bad in [
        "../x",
        "/etc/passwd",
        ".etalase-sampah",
        "desa/../..",
        "",
        "tidak-ada",
    ] {
        assert!(
            matches!(
                put(&content, Path::new(bad), Kind::File, "", &wait()),
                Err(TrashError::NotThere(_))
            ),
            "{bad}"
        );
    }
    for bad in ["../content", "..", "", "a/b", ".gitignore"] {
        assert!(read_entry(&content, bad).is_none(), "{bad}");
    }
}
