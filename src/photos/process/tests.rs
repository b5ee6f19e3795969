//! The photo pipeline run whole on photos made in code: the widths made, the cache
//! (a second build, a renamed copy, an interrupted entry), EXIF orientation, metadata
//! stripped, previews, and bad or corrupt files failing in their place without a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use image::metadata::Orientation;

use crate::photos::error::ErrorKind;
use crate::photos::{ImageSettings, PhotoCache, Processed, testutil};

fn process(
    cache: &PhotoCache,
    sources: &[PathBuf],
) -> Vec<Result<Processed, crate::photos::PhotoError>> {
    cache.process_all(sources, &ImageSettings::default(), &|| {})
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_phone_photo_becomes_three_widths_of_webp_and_jpeg() {
    let tmp = tempfile::tempdir().unwrap();
    let jpeg = testutil::jpeg(&testutil::textured(1600, 1200, 1), 90);
    let src = write(tmp.path(), "DSC_0042.JPG", &jpeg);
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let done = process(&cache, &[src]).remove(0).unwrap();
    assert!(done.decoded);
    assert_eq!((done.width, done.height), (1600, 1200));
    assert_eq!(done.hash, blake3::hash(&jpeg).to_hex().to_string());
    let sizes: Vec<_> = done
        .renditions
        .iter()
        .map(|r| (r.width, r.height))
        .collect();
    assert_eq!(sizes, vec![(320, 240), (640, 480), (1280, 960)]);
    for r in &done.renditions {
        assert!(r.webp.starts_with(cache.dir()) && r.jpeg.starts_with(cache.dir()));
        let webp = fs::read(&r.webp).unwrap();
        assert_eq!(&webp[8..12], b"WEBP");
        assert_eq!(testutil::load_rgb(&webp).dimensions(), (r.width, r.height));
        let jpeg = fs::read(&r.jpeg).unwrap();
        assert_eq!(testutil::load_rgb(&jpeg).dimensions(), (r.width, r.height));
    }
    assert!(
        done.renditions[0]
            .webp
            .parent()
            .unwrap()
            .join("meta.json")
            .is_file()
    );
}

#[test]
fn a_preview_is_an_upright_centre_crop_made_once_and_cached() {
    let tmp = tempfile::tempdir().unwrap();
    // Upright 1600×1200 quadrants, stored sideways (orientation 6) with GPS.
    let upright = testutil::quadrants(1600, 1200);
    let stored = testutil::stored_for(&upright, Orientation::Rotate90);
    let jpeg = testutil::with_exif(&testutil::jpeg(&stored, 90), &testutil::exif_tiff(6, true));
    let src = write(tmp.path(), "miring.jpg", &jpeg);
    let small = write(
        tmp.path(),
        "kecil.jpg",
        &testutil::jpeg(&testutil::textured(1000, 750, 3), 90),
    );
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let sources = [src.clone(), small];
    let settings = ImageSettings::default();
    let out = cache.process_all_with_previews(&sources, &[true, true], &settings, &|| {});
    assert_eq!(
        cache.decode_count(),
        2,
        "one decode a photo, previews included"
    );
    let big = out[0].as_ref().unwrap();
    let preview = big.preview.as_ref().unwrap();
    assert_eq!((preview.width, preview.height), (1200, 630));
    let bytes = fs::read(&preview.jpeg).unwrap();
    assert!(bytes.len() < crate::photos::PREVIEW_MAX_BYTES);
    let img = testutil::load_rgb(&bytes);
    assert_eq!(img.dimensions(), (1200, 630));
    testutil::assert_quadrants(&img, "preview");
    assert!(!testutil::contains(&bytes, b"Exif"));
    assert!(
        testutil::jpeg_markers(&bytes)
            .iter()
            .all(|m| !(0xE1..=0xEF).contains(m))
    );
    // Never enlarged: the largest 1.91:1 crop of a 1000×750 photo.
    let small = out[1].as_ref().unwrap().preview.as_ref().unwrap();
    assert_eq!((small.width, small.height), (1000, 525));

    // Again: all from the cache. Without a preview asked, none is given.
    let again = cache.process_all_with_previews(&sources, &[true, true], &settings, &|| {});
    assert_eq!(cache.decode_count(), 2);
    assert_eq!(again[0].as_ref().unwrap().preview.as_ref(), Some(preview));
    let plain = cache.process_all(std::slice::from_ref(&src), &settings, &|| {});
    assert!(plain[0].as_ref().unwrap().preview.is_none());
    // The preview's settings are in its key: another quality is another preview.
    let other = ImageSettings {
        quality: 60,
        ..ImageSettings::default()
    };
    let redone =
        cache.process_all_with_previews(std::slice::from_ref(&src), &[true], &other, &|| {});
    assert_eq!(cache.decode_count(), 3);
    let redone = redone[0].as_ref().unwrap().preview.clone().unwrap();
    assert_ne!(redone.jpeg, preview.jpeg);
    assert!(fs::metadata(&redone.jpeg).unwrap().len() < fs::metadata(&preview.jpeg).unwrap().len());

    // Web images cached but the preview not: one decode makes just the preview.
    let fresh = tmp.path().join("cache2");
    let cache = PhotoCache::open(&fresh).unwrap();
    cache.process_all(std::slice::from_ref(&src), &settings, &|| {});
    let later =
        cache.process_all_with_previews(std::slice::from_ref(&src), &[true], &settings, &|| {});
    assert_eq!(cache.decode_count(), 2);
    let later = later[0].as_ref().unwrap();
    assert_eq!(
        later.renditions,
        big.renditions
            .iter()
            .map(|r| crate::photos::Rendition {
                webp: fresh.join(r.webp.strip_prefix(tmp.path().join("cache")).unwrap()),
                jpeg: fresh.join(r.jpeg.strip_prefix(tmp.path().join("cache")).unwrap()),
                ..r.clone()
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(
        later.preview.as_ref().map(|p| (p.width, p.height)),
        Some((1200, 630))
    );
}

#[test]
fn small_photos_are_never_enlarged() {
    let tmp = tempfile::tempdir().unwrap();
    let src = write(
        tmp.path(),
        "small.png",
        &testutil::png(&image::DynamicImage::ImageRgb8(testutil::textured(
            500, 400, 2,
        ))),
    );
    let tiny = write(
        tmp.path(),
        "tiny.jpg",
        &testutil::jpeg(&testutil::textured(200, 100, 3), 90),
    );
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let out = process(&cache, &[src, tiny]);
    let sizes = |p: &Processed| {
        p.renditions
            .iter()
            .map(|r| (r.width, r.height))
            .collect::<Vec<_>>()
    };
    assert_eq!(sizes(out[0].as_ref().unwrap()), vec![(320, 256)]);
    assert_eq!(sizes(out[1].as_ref().unwrap()), vec![(200, 100)]);
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let tmp = tempfile::tempdir().unwrap();
    let upright = testutil::quadrants(96, 64);
    let mut sources = Vec::new();
    for value in 1..=8u8 {
        let orientation = Orientation::from_exif(value).unwrap();
        let stored = testutil::stored_for(&upright, orientation);
        let jpeg = testutil::with_exif(
            &testutil::jpeg(&stored, 95),
            &testutil::exif_tiff(u16::from(value), true),
        );
        sources.push(write(tmp.path(), &format!("o{value}.jpg"), &jpeg));
    }
    // PNG and WebP carry orientation too (eXIf chunk, EXIF chunk).
    let stored = testutil::stored_for(&upright, Orientation::Rotate90);
    let png = testutil::png_with_exif(
        &image::DynamicImage::ImageRgb8(stored.clone()),
        &testutil::exif_tiff(6, false),
    );
    sources.push(write(tmp.path(), "o6.png", &png));
    let webp = testutil::webp_with_exif(&stored, &testutil::exif_tiff(6, false));
    sources.push(write(tmp.path(), "o6.webp", &webp));

    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let settings = ImageSettings {
        widths: vec![48],
        quality: 90,
    };
    for (source, result) in sources
        .iter()
        .zip(cache.process_all(&sources, &settings, &|| {}))
    {
        let done = result.unwrap();
        assert_eq!((done.width, done.height), (96, 64), "{}", source.display());
        let r = &done.renditions[0];
        assert_eq!((r.width, r.height), (48, 32));
        for file in [&r.webp, &r.jpeg] {
            let img = testutil::load_rgb(&fs::read(file).unwrap());
            testutil::assert_quadrants(&img, &format!("{}", source.display()));
        }
    }
}

#[test]
fn outputs_carry_no_exif_gps_or_icc() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = testutil::jpeg_with_icc(&testutil::textured(800, 600, 4));
    let jpeg = testutil::with_exif(&plain, &testutil::exif_tiff(1, true));
    // The source really carries them.
    for needle in [&b"Exif"[..], b"TestPhone", b"ICC_PROFILE"] {
        assert!(testutil::contains(&jpeg, needle));
    }
    let src = write(tmp.path(), "gps.jpg", &jpeg);
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let done = process(&cache, &[src]).remove(0).unwrap();
    for r in &done.renditions {
        // JPEG: no APP segment but JFIF's APP0, so no EXIF (APP1: GPS,
        // phone model), XMP (APP1) or ICC (APP2).
        let jpeg = fs::read(&r.jpeg).unwrap();
        let markers = testutil::jpeg_markers(&jpeg);
        assert!(
            markers.iter().all(|m| !(0xE1..=0xEF).contains(m)),
            "{}: segments {markers:02X?}",
            r.jpeg.display()
        );
        // WebP: image data chunks only, no EXIF, XMP or ICCP chunk.
        let webp = fs::read(&r.webp).unwrap();
        let chunks = testutil::webp_chunks(&webp);
        assert!(
            chunks
                .iter()
                .all(|c| [b"VP8 ", b"VP8L", b"VP8X", b"ALPH"].contains(c)),
            "{}: chunks {chunks:?}",
            r.webp.display()
        );
        for bytes in [&jpeg, &webp] {
            assert!(!testutil::contains(bytes, b"Exif"));
            assert!(!testutil::contains(bytes, b"TestPhone"));
        }
    }
}

#[test]
fn the_second_build_and_a_renamed_copy_come_from_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let jpeg = testutil::jpeg(&testutil::textured(900, 600, 5), 90);
    let src = write(tmp.path(), "botol.jpg", &jpeg);
    let cache_dir = tmp.path().join("cache");
    let first = {
        let cache = PhotoCache::open(&cache_dir).unwrap();
        let first = process(&cache, std::slice::from_ref(&src))
            .remove(0)
            .unwrap();
        assert!(first.decoded);
        assert_eq!(cache.decode_count(), 1);
        let again = process(&cache, std::slice::from_ref(&src))
            .remove(0)
            .unwrap();
        assert!(!again.decoded);
        assert_eq!(cache.decode_count(), 1);
        assert_eq!(again.renditions, first.renditions);
        cache.save_index().unwrap();
        first
    };
    // A later build, and the same bytes under another name.
    let copy = write(tmp.path(), "IMG-20240101-WA0003.jpg", &jpeg);
    let cache = PhotoCache::open(&cache_dir).unwrap();
    let out = process(&cache, &[src, copy]);
    for result in out {
        let done = result.unwrap();
        assert!(!done.decoded);
        assert_eq!(done.hash, first.hash);
        assert_eq!(done.renditions, first.renditions);
    }
    assert_eq!(cache.decode_count(), 0);
    // Other settings are another entry.
    let settings = ImageSettings {
        widths: vec![320],
        quality: 60,
    };
    let src = tmp.path().join("botol.jpg");
    let done = cache
        .process_all(&[src], &settings, &|| {})
        .remove(0)
        .unwrap();
    assert!(done.decoded);
    assert_ne!(done.key, first.key);
}

#[test]
fn an_interrupted_entry_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let jpeg = testutil::jpeg(&testutil::textured(700, 500, 6), 90);
    let src = write(tmp.path(), "a.jpg", &jpeg);
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let first = process(&cache, std::slice::from_ref(&src))
        .remove(0)
        .unwrap();
    let dir = first.renditions[0].webp.parent().unwrap().to_path_buf();

    // Killed before meta.json was renamed into place: half a temp file,
    // a torn image, no meta.json.
    fs::remove_file(dir.join("meta.json")).unwrap();
    fs::write(&first.renditions[1].jpeg, &b"\xFF\xD8half"[..]).unwrap();
    fs::write(dir.join(".meta.json.999999.0.tmp"), b"{\"pipe").unwrap();
    let redo = process(&cache, std::slice::from_ref(&src))
        .remove(0)
        .unwrap();
    assert!(redo.decoded);
    let jpeg = fs::read(&redo.renditions[1].jpeg).unwrap();
    assert_eq!(testutil::load_rgb(&jpeg).width(), redo.renditions[1].width);
    // Another build's temporary file looks the same as a killed one's: only pruning,
    // which runs alone, removes it.
    assert!(dir.join(".meta.json.999999.0.tmp").exists());
    fs::remove_file(dir.join(".meta.json.999999.0.tmp")).unwrap();

    // A damaged meta.json, or a missing image, is redone as well.
    fs::write(dir.join("meta.json"), b"{").unwrap();
    assert!(
        process(&cache, std::slice::from_ref(&src))
            .remove(0)
            .unwrap()
            .decoded
    );
    fs::remove_file(&first.renditions[0].webp).unwrap();
    assert!(
        process(&cache, std::slice::from_ref(&src))
            .remove(0)
            .unwrap()
            .decoded
    );
    assert!(
        !process(&cache, std::slice::from_ref(&src))
            .remove(0)
            .unwrap()
            .decoded
    );
    let temps = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(temps, 0);
}

#[test]
fn bad_files_give_errors_in_their_place_and_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let good = testutil::jpeg(&testutil::textured(400, 300, 7), 90);
    let png = testutil::png(&image::DynamicImage::ImageRgb8(testutil::textured(
        400, 300, 8,
    )));
    let webp = testutil::webp(&testutil::textured(400, 300, 9));
    let cases: Vec<(&str, Vec<u8>, Option<ErrorKind>)> = vec![
        ("good.jpg", good.clone(), None),
        (
            "truncated.jpg",
            good[..good.len() * 6 / 10].to_vec(),
            Some(ErrorKind::Truncated),
        ),
        ("empty.jpg", Vec::new(), Some(ErrorKind::Empty)),
        (
            "notes.jpg",
            b"Harga: Rp 12.000\nStok: 40 botol\n".to_vec(),
            Some(ErrorKind::NotAPhoto),
        ),
        ("IMG_0001.jpg", testutil::heic_like(), Some(ErrorKind::Heic)),
        (
            "random.jpg",
            testutil::random_bytes(5000, 11),
            Some(ErrorKind::NotAPhoto),
        ),
        (
            "random-after-soi.jpg",
            [&[0xFF, 0xD8][..], &testutil::random_bytes(5000, 12)].concat(),
            Some(ErrorKind::Damaged),
        ),
        (
            "truncated.png",
            png[..png.len() / 2].to_vec(),
            Some(ErrorKind::Truncated),
        ),
        (
            "truncated.webp",
            webp[..webp.len() / 2].to_vec(),
            Some(ErrorKind::Truncated),
        ),
        (
            "huge.jpg",
            testutil::jpeg_header_only(9000, 6000),
            Some(ErrorKind::TooLarge),
        ),
        ("missing.jpg", Vec::new(), Some(ErrorKind::ReadSource)),
    ];
    let mut sources = Vec::new();
    for (name, bytes, _) in &cases {
        let path = tmp.path().join(name);
        if *name != "missing.jpg" {
            fs::write(&path, bytes).unwrap();
        }
        sources.push(path);
    }
    let cache = PhotoCache::open(&tmp.path().join("cache")).unwrap();
    let calls = AtomicUsize::new(0);
    let out = cache.process_all(&sources, &ImageSettings::default(), &|| {
        calls.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(calls.load(Ordering::Relaxed), cases.len());
    assert_eq!(out.len(), cases.len());
    for ((name, _, want), got) in cases.iter().zip(&out) {
        match (want, got) {
            (None, Ok(_)) => {}
            (Some(kind), Err(err)) => {
                assert_eq!(err.kind, *kind, "{name}: {err} ({:?})", err.detail);
                assert!(!err.message.contains('\n'));
            }
            _ => panic!("{name}: got {got:?}"),
        }
    }
    let truncated = out[1].as_ref().unwrap_err();
    assert_eq!(
        truncated.to_string(),
        "the photo is cut off (truncated): copy it from the phone again"
    );
}

#[test]
fn random_corruption_never_panics() {
    // Flip bytes all through a real JPEG, PNG and WebP: every result is
    // an image or an error, never a panic.
    let rgb = testutil::textured(120, 90, 10);
    let originals = [
        testutil::jpeg(&rgb, 80),
        testutil::jpeg_progressive(&rgb),
        testutil::png(&image::DynamicImage::ImageRgb8(rgb.clone())),
        testutil::webp(&rgb),
    ];
    let mut seed = 1u64;
    for original in &originals {
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..4 {
                seed = testutil::next_random(seed);
                let at = (seed % bytes.len() as u64) as usize;
                bytes[at] = (seed >> 32) as u8;
            }
            seed = testutil::next_random(seed);
            let keep = bytes.len() - (seed % 8) as usize * bytes.len() / 16;
            bytes.truncate(keep);
            if let Ok(info) = crate::photos::probe(&bytes) {
                let _ = crate::photos::decode::decode(&bytes, &info, info.width);
            }
        }
    }
}
