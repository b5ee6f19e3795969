//! Photos from the workshop on real folders: copies of the sample's product `sagon`
//! (a `photos:` list in `product.yaml`) and real JPEG, PNG and WebP bytes made by the
//! photo pipeline's test helpers.

use super::*;
use crate::diag::Lang;
use crate::photos::testutil;
use image::metadata::Orientation;
use std::time::Duration;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

fn wait() -> Wait<'static> {
    Wait {
        limit: Duration::from_secs(5),
        notice: &|_| {},
    }
}

/// A catalog holding the sample's `catalog.yaml`, its village `dukuhdempok`'s files and
/// its product `sagon`.
fn catalog() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("content");
    let product = root.join("dukuhdempok").join("sagon");
    std::fs::create_dir_all(&product).unwrap();
    std::fs::copy(
        Path::new(SAMPLE).join("catalog.yaml"),
        root.join("catalog.yaml"),
    )
    .unwrap();
    for (from, to) in [
        ("dukuhdempok", product.parent().unwrap()),
        ("dukuhdempok/sagon", &product),
    ] {
        for entry in std::fs::read_dir(Path::new(SAMPLE).join(from)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    (tmp, root, product)
}

fn jpeg() -> Vec<u8> {
    crate::testing::photos::phone_jpeg(&crate::testing::photos::photo(640, 480, 7), 85, false, 1)
}

fn png() -> Vec<u8> {
    testutil::png(&image::DynamicImage::ImageRgb8(testutil::quadrants(
        300, 200,
    )))
}

fn webp() -> Vec<u8> {
    testutil::webp(&testutil::quadrants(300, 200))
}

fn upload(name: &str, bytes: Vec<u8>) -> (String, Vec<u8>) {
    (name.to_string(), bytes)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn uploads_are_told_by_their_bytes_not_their_names() {
    assert_eq!(check_upload("a.png", &jpeg()).unwrap(), PhotoKind::Jpeg);
    assert_eq!(check_upload("a.jpg", &png()).unwrap(), PhotoKind::Png);
    assert_eq!(check_upload("a.jpg", &webp()).unwrap(), PhotoKind::Webp);
    let refused = check_upload("daftar harga.jpg", b"Harga sagon 15rb").unwrap_err();
    let text = refused.text();
    assert_eq!(
        text.get(Lang::Id),
        "daftar harga.jpg: file ini bukan foto yang bisa dibaca etalase (JPEG, PNG atau WebP): simpan ulang sebagai JPEG"
    );
    assert!(
        text.get(Lang::En)
            .starts_with("daftar harga.jpg: this file is not a photo")
    );
}

#[test]
fn heic_is_refused_with_the_iphone_setting() {
    for brand in [&b"heic"[..], b"mif1", b"hevc"] {
        let mut bytes = b"\0\0\0\x18ftyp".to_vec();
        bytes.extend_from_slice(brand);
        bytes.extend_from_slice(b"\0\0\0\0mif1heic");
        bytes.extend(testutil::random_bytes(2000, 5));
        let text = check_upload("IMG_0001.HEIC", &bytes).unwrap_err().text();
        assert!(
            text.get(Lang::Id)
                .contains("Pengaturan > Kamera > Format > Paling Kompatibel"),
            "{}",
            text.get(Lang::Id)
        );
        assert!(text.get(Lang::En).starts_with("IMG_0001.HEIC: "));
        assert!(
            text.get(Lang::En)
                .contains("Settings > Camera > Formats > Most Compatible")
        );
    }
}

#[test]
fn a_photo_too_large_is_refused_as_the_build_refuses_it() {
    // Over the bytes limit: a real JPEG padded after its end, as a camera's extra data.
    let mut big = jpeg();
    big.resize(crate::photos::MAX_PHOTO_BYTES as usize + 1, 0);
    let refused = check_upload("besar.jpg", &big).unwrap_err();
    let build = crate::photos::probe(&big).unwrap_err();
    assert_eq!(
        refused.text().get(Lang::En),
        format!("besar.jpg: {}", build.message)
    );
    assert!(
        build.message.contains("the limit is 30 MB"),
        "{}",
        build.message
    );
    // Over the pixels limit, from the header: 10000×6000.
    let wide = testutil::jpeg_header_only(10000, 6000);
    let text = check_upload("panorama.jpg", &wide).unwrap_err().text();
    assert!(
        text.get(Lang::Id).contains("batasnya 50"),
        "{}",
        text.get(Lang::Id)
    );
    // Cut off mid-upload.
    let whole = png();
    let cut = check_upload("putus.png", &whole[..whole.len() / 2]).unwrap_err();
    assert!(
        cut.text().get(Lang::En).contains("cut off"),
        "{}",
        cut.text().get(Lang::En)
    );
}

#[test]
fn uploads_get_safe_new_names_and_join_the_list() {
    let (_tmp, root, product) = catalog();
    let saved = save_uploads(
        &root,
        &product,
        &[
            upload("IMG_20240312_101512.jpg", jpeg()),
            upload("C:\\fakepath\\Toples Sagon!.JPG", webp()),
            upload("../../catalog.yaml", png()),
            upload("???.jpeg", jpeg()),
            upload("", jpeg()),
        ],
        &wait(),
    )
    .unwrap();
    assert_eq!(
        saved,
        [
            "img-20240312-101512.jpg",
            "toples-sagon.webp",
            "catalog.png",
            "foto.jpg",
            "foto-2.jpg"
        ]
    );
    for name in &saved {
        assert!(product.join(name).is_file(), "{name}");
        // Readable by all, as a photo copied by hand.
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(product.join(name)).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
    assert!(!root.join("catalog.png").exists());
    assert_eq!(std::fs::read(product.join("catalog.png")).unwrap(), png());
    let yaml = std::fs::read_to_string(product.join("product.yaml")).unwrap();
    assert!(
        yaml.contains("photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg, img-20240312-101512.jpg, toples-sagon.webp, catalog.png, foto.jpg, foto-2.jpg]"),
        "{yaml}"
    );
    // Only that line changed: the comment and the other keys are as they were.
    let before =
        std::fs::read_to_string(Path::new(SAMPLE).join("dukuhdempok/sagon/product.yaml")).unwrap();
    let changed: Vec<_> = before
        .lines()
        .zip(yaml.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    // The catalog reads them all, in the list's order.
    let form = read_form(&root, &product).unwrap();
    assert_eq!(form.values.photos.len(), 7);
    // Again: the names are taken now, nothing is overwritten.
    let again = save_uploads(&root, &product, &[upload("foto.jpg", png())], &wait()).unwrap();
    assert_eq!(again, ["foto-3.png"]);
}

#[test]
fn one_refused_upload_writes_nothing() {
    let (_tmp, root, product) = catalog();
    let before = files(&product);
    let yaml = std::fs::read(product.join("product.yaml")).unwrap();
    let err = save_uploads(
        &root,
        &product,
        &[
            upload("a.jpg", jpeg()),
            upload("catatan.txt", b"bukan foto".to_vec()),
        ],
        &wait(),
    )
    .unwrap_err();
    assert!(err.text().get(Lang::En).starts_with("catatan.txt: "));
    assert_eq!(files(&product), before);
    assert_eq!(std::fs::read(product.join("product.yaml")).unwrap(), yaml);
    let many: Vec<_> = (0..MAX_UPLOADS + 1)
        .map(|i| upload(&format!("{i}.jpg"), jpeg()))
        .collect();
    assert!(matches!(
        save_uploads(&root, &product, &many, &wait()),
        Err(PhotoError::TooMany(13))
    ));
    assert_eq!(files(&product), before);
}

#[test]
fn a_product_without_a_list_gets_the_files_only() {
    let (_tmp, root, product) = catalog();
    let yaml = std::fs::read_to_string(product.join("product.yaml")).unwrap();
    let unlisted: String = yaml
        .lines()
        .filter(|l| !l.starts_with("photos:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(product.join("product.yaml"), &unlisted).unwrap();
    let saved = save_uploads(&root, &product, &[upload("baru.png", png())], &wait()).unwrap();
    assert_eq!(saved, ["baru.png"]);
    assert_eq!(
        std::fs::read_to_string(product.join("product.yaml")).unwrap(),
        unlisted
    );
    assert_eq!(read_form(&root, &product).unwrap().values.photos.len(), 0);
}

#[test]
fn the_lock_held_by_a_save_is_waited_for_or_passed_in() {
    let (_tmp, root, product) = catalog();
    // Held by another thread (as by another process): waited for.
    let refused = std::thread::scope(|s| {
        let (taken, release) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
        let root2 = root.clone();
        s.spawn(move || {
            let _held = lock::acquire(&root2, &root2, Guarded::Catalog, Access::Exclusive, &wait())
                .unwrap();
            taken.0.send(()).unwrap();
            release.1.recv().ok();
        });
        taken.1.recv().unwrap();
        let short = Wait {
            limit: Duration::from_millis(200),
            notice: &|_| {},
        };
        let refused = matches!(
            save_uploads(&root, &product, &[upload("a.jpg", jpeg())], &short),
            Err(PhotoError::Lock(_))
        );
        release.0.send(()).unwrap();
        refused
    });
    assert!(refused);
    // Held by this thread: passed in, or taken again at once.
    let held = lock::acquire(&root, &root, Guarded::Catalog, Access::Exclusive, &wait()).unwrap();
    let saved = save_uploads_locked(&root, &product, &[upload("a.jpg", jpeg())], &held).unwrap();
    assert_eq!(saved, ["a.jpg"]);
}

#[test]
fn a_removed_photo_goes_to_the_trash_and_leaves_the_list() {
    let (_tmp, root, product) = catalog();
    let bytes = std::fs::read(product.join("IMG_20240312_101512.jpg")).unwrap();
    let entry = remove_photo(&root, &product, "IMG_20240312_101512.jpg", &wait()).unwrap();
    assert!(!product.join("IMG_20240312_101512.jpg").exists());
    let trashed = root
        .join(TRASH)
        .join(&entry.id)
        .join("IMG_20240312_101512.jpg");
    assert_eq!(std::fs::read(&trashed).unwrap(), bytes);
    assert_eq!(entry.original, "dukuhdempok/sagon/IMG_20240312_101512.jpg");
    let yaml = std::fs::read_to_string(product.join("product.yaml")).unwrap();
    assert!(
        yaml.contains("photos: [IMG_20240312_101530.jpg]\n"),
        "{yaml}"
    );
    // A second photo of that name is an entry of its own.
    std::fs::write(product.join("IMG_20240312_101512.jpg"), jpeg()).unwrap();
    let second = remove_photo(&root, &product, "IMG_20240312_101512.jpg", &wait()).unwrap();
    assert_ne!(second.id, entry.id);
    assert_eq!(std::fs::read(&trashed).unwrap(), bytes);
    // Restored: the first beside the name taken by the second's return, both listed.
    restore(&root, &second.id, &wait()).unwrap();
    let back = restore(&root, &entry.id, &wait()).unwrap();
    assert!(back.beside);
    assert_eq!(
        std::fs::read(product.join("IMG_20240312_101512-2.jpg")).unwrap(),
        bytes
    );
    let yaml = std::fs::read_to_string(product.join("product.yaml")).unwrap();
    assert!(
        yaml.contains(
            "photos: [IMG_20240312_101530.jpg, IMG_20240312_101512.jpg, IMG_20240312_101512-2.jpg]\n"
        ),
        "{yaml}"
    );
    remove_photo(&root, &product, "IMG_20240312_101512.jpg", &wait()).unwrap();
    remove_photo(&root, &product, "IMG_20240312_101512-2.jpg", &wait()).unwrap();
    // The build does not see the trash: the catalog reads as before, less the photo.
    let (_, catalog, diags) = crate::catalog::read(&root).unwrap();
    assert!(!diags.iter().any(|d| d.path.starts_with(root.join(TRASH))));
    assert_eq!(catalog.villages[0].products[0].photos.len(), 1);
}

#[test]
fn only_a_plain_photo_name_of_the_folder_is_removed_or_shown() {
    let (_tmp, root, product) = catalog();
    for name in [
        "../../catalog.yaml",
        "..",
        ".",
        "",
        "product.yaml",
        "sub/IMG_20240312_101512.jpg",
        "/etc/passwd",
        ".tersembunyi.jpg",
        "tidak-ada.jpg",
    ] {
        assert!(
            matches!(
                remove_photo(&root, &product, name, &wait()),
                Err(PhotoError::NoSuchPhoto(_))
            ),
            "{name}"
        );
        assert!(
            matches!(thumbnail(&product, name), Err(PhotoError::NoSuchPhoto(_))),
            "{name}"
        );
    }
    // A folder outside the catalog is not a product's.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("a.jpg"), jpeg()).unwrap();
    assert!(matches!(
        remove_photo(&root, elsewhere.path(), "a.jpg", &wait()),
        Err(PhotoError::NotInCatalog(_))
    ));
    assert!(elsewhere.path().join("a.jpg").is_file());
    assert_eq!(files(&product).len(), 5);
}

#[test]
fn a_thumbnail_is_a_small_upright_jpeg_without_metadata() {
    let (_tmp, root, product) = catalog();
    let _ = root;
    // A phone photo stored on its side (EXIF orientation 6) with GPS and camera EXIF.
    let upright = testutil::quadrants(480, 640);
    let stored = testutil::stored_for(&upright, Orientation::Rotate90);
    let original = testutil::with_exif(&testutil::jpeg(&stored, 92), &testutil::exif_tiff(6, true));
    std::fs::write(product.join("miring.jpg"), &original).unwrap();
    let thumb = thumbnail(&product, "miring.jpg").unwrap();
    assert!(thumb.len() < original.len());
    assert!(!testutil::contains(&thumb, b"Exif"));
    let img = testutil::load_rgb(&thumb);
    assert_eq!(img.dimensions(), (180, 240));
    testutil::assert_quadrants(&img, "thumbnail");
    // The sample's own photo.
    let sample = thumbnail(&product, "IMG_20240312_101512.jpg").unwrap();
    let (w, h) = testutil::load_rgb(&sample).dimensions();
    assert_eq!(w.max(h), THUMBNAIL_SIDE);
}
