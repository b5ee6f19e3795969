//! Turning source photos into cached web images, many at a time.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::RgbImage;
use rayon::prelude::*;

use crate::photos::cache::{PhotoCache, content_hash, entry_key, rendition_paths, stamp};
use crate::photos::decode::Pixels;
use crate::photos::error::PhotoError;
use crate::photos::format::PhotoInfo;
use crate::photos::probe::probe;
use crate::photos::resize::{MAX_SIDE, rendition_sizes, resize_cascade, upright};
use crate::photos::{ImageSettings, Processed, Rendition, decode, encode, preview};

impl PhotoCache {
    /// Process many photos in parallel (rayon), calling `progress()` once per
    /// finished photo. Output i corresponds to input i. Photos whose (content
    /// hash, settings, pipeline version) are already in the cache are not
    /// decoded at all.
    ///
    /// Memory stays at about one decoded photo per rayon thread: exactly that
    /// many workers take photos one at a time from a shared counter. (A plain
    /// `par_iter` would let a thread that waits inside one photo's parallel
    /// encode start another photo, holding both.)
    pub fn process_all(
        &self,
        sources: &[PathBuf],
        settings: &ImageSettings,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<Result<Processed, PhotoError>> {
        self.process_all_with_previews(sources, &[], settings, progress)
    }

    /// [`PhotoCache::process_all`], and for each source `i` with `previews[i]` true
    /// (missing entries count as false) also a link preview image
    /// ([`Processed::preview`]), from the same decode when the web images are made too.
    pub fn process_all_with_previews(
        &self,
        sources: &[PathBuf],
        previews: &[bool],
        settings: &ImageSettings,
        progress: &(dyn Fn() + Sync),
    ) -> Vec<Result<Processed, PhotoError>> {
        let settings = settings.normalized();
        let next = AtomicUsize::new(0);
        let results: Vec<OnceLock<Result<Processed, PhotoError>>> =
            sources.iter().map(|_| OnceLock::new()).collect();
        let workers = rayon::current_num_threads().clamp(1, sources.len().max(1));
        rayon::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|_| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(source) = sources.get(i) else {
                            break;
                        };
                        let preview = previews.get(i).copied().unwrap_or(false);
                        let _ = results[i].set(self.process_one(source, &settings, preview));
                        progress();
                    }
                });
            }
        });
        results
            .into_iter()
            .map(|slot| {
                slot.into_inner()
                    .unwrap_or_else(|| Err(PhotoError::internal("processing photos")))
            })
            .collect()
    }

    /// One photo: from the cache when its content was seen with these
    /// settings before, else decoded, resized, encoded and stored.
    /// `settings` must be normalized.
    fn process_one(
        &self,
        path: &Path,
        settings: &ImageSettings,
        preview: bool,
    ) -> Result<Processed, PhotoError> {
        // Stat before reading: if the file changes in between, the index
        // keeps the older stamp and the next build hashes it again.
        let stamp = stamp(path)?;
        if let Some(hash) = self.indexed_hash(&stamp)
            && let Some(hit) = self.lookup(&entry_key(&hash, settings), &hash)
            && let Some(done) = self.with_cached_preview(hit, preview, settings)
        {
            return Ok(done);
        }
        let bytes = fs::read(path).map_err(|err| PhotoError::read_source(path, &err))?;
        let hash = content_hash(&bytes);
        self.remember(stamp, &hash);
        let key = entry_key(&hash, settings);
        let hit = self.lookup(&key, &hash);
        if let Some(hit) = &hit
            && let Some(done) = self.with_cached_preview(hit.clone(), preview, settings)
        {
            return Ok(done);
        }
        self.render(bytes, hash, key, settings, hit, preview)
    }

    /// `hit` with its preview from the cache, or `None` when a preview is wanted and
    /// not cached.
    fn with_cached_preview(
        &self,
        mut hit: Processed,
        preview: bool,
        settings: &ImageSettings,
    ) -> Option<Processed> {
        if preview {
            hit.preview =
                Some(self.lookup_preview(&hit.hash, settings.quality, max_width(settings))?);
        }
        Some(hit)
    }

    /// Decodes once, then makes what is missing: the web images (resized to every
    /// width, WebP and JPEG encoded in parallel, the cache entry sealed) unless `done`
    /// already holds them, and the link preview when `preview` is asked.
    fn render(
        &self,
        bytes: Vec<u8>,
        hash: String,
        key: String,
        settings: &ImageSettings,
        done: Option<Processed>,
        preview: bool,
    ) -> Result<Processed, PhotoError> {
        self.decodes.fetch_add(1, Ordering::Relaxed);
        let info = probe(&bytes)?;
        let sizes = match done {
            Some(_) => Vec::new(),
            None => rendition_sizes(info.width, info.height, &settings.widths),
        };
        if let Some(&(w, h)) = sizes.iter().find(|(w, h)| *w > MAX_SIDE || *h > MAX_SIDE) {
            return Err(PhotoError::bad_shape(w, h));
        }
        let mut target = sizes.last().map_or(0, |&(w, _)| w);
        if preview {
            target = target.max(preview::decode_width(
                info.width,
                info.height,
                max_width(settings),
            ));
        }
        let decoded = decode::decode(&bytes, &info, target.max(1))?;
        drop(bytes);
        let preview_pixels = if preview {
            let size = preview::preview_size(info.width, info.height, max_width(settings));
            Some(preview::render(&decoded, info.orientation, size)?)
        } else {
            None
        };

        let mut processed = match done {
            Some(done) => done,
            None => {
                let smalls = resize_cascade(decoded, info.orientation, &sizes)?;
                let dir = self.prepare_entry(&key)?;
                let renditions = smalls
                    .into_par_iter()
                    .zip(sizes)
                    .map(|(pixels, (w, h))| -> Result<Rendition, PhotoError> {
                        let pixels = upright(pixels, info.orientation);
                        let rendition = rendition_paths(&dir, w, h);
                        let (webp, jpeg) = rayon::join(
                            || {
                                let bytes = encode::webp(&pixels, settings.quality)?;
                                self.write_image(&rendition.webp, &bytes)
                            },
                            || {
                                let bytes = encode::jpeg(&pixels, settings.quality)?;
                                self.write_image(&rendition.jpeg, &bytes)
                            },
                        );
                        webp.and(jpeg)?;
                        Ok(rendition)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let processed = Processed {
                    hash,
                    key,
                    width: info.width,
                    height: info.height,
                    renditions,
                    decoded: true,
                    preview: None,
                };
                self.write_meta(&processed)?;
                processed
            }
        };
        if let Some(pixels) = preview_pixels {
            processed.preview = Some(self.store_preview(
                &processed.hash,
                &pixels,
                settings.quality,
                max_width(settings),
            )?);
        }
        processed.decoded = true;
        Ok(processed)
    }
}

/// The largest web width of `settings` (normalized): no preview is wider.
fn max_width(settings: &ImageSettings) -> u32 {
    settings.widths.last().copied().unwrap_or(0)
}

/// A photo's header, the upright size of each web image, and the pixels of each in
/// stored orientation.
type WebPixels = (PhotoInfo, Vec<(u32, u32)>, Vec<Pixels>);

/// Probes, decodes once and resizes to every size of `settings` (normalized):
/// the photo's header, the upright sizes, and the pixels of each in stored
/// orientation. The source bytes are freed as soon as they are decoded.
fn web_pixels_stored(bytes: Vec<u8>, settings: &ImageSettings) -> Result<WebPixels, PhotoError> {
    let info = probe(&bytes)?;
    let sizes = rendition_sizes(info.width, info.height, &settings.widths);
    if let Some(&(w, h)) = sizes.iter().find(|(w, h)| *w > MAX_SIDE || *h > MAX_SIDE) {
        return Err(PhotoError::bad_shape(w, h));
    }
    let largest = sizes.last().map_or(info.width, |&(w, _)| w);
    let decoded = decode::decode(&bytes, &info, largest)?;
    drop(bytes);
    let smalls = resize_cascade(decoded, info.orientation, &sizes)?;
    Ok((info, sizes, smalls))
}

/// The upright pixels of each web image the pipeline makes of `bytes`, just
/// before encoding, as RGB (transparency flattened onto white, as in the JPEG).
/// For quality benchmarks: compare them with a slow, full-size reference.
pub fn web_pixels(bytes: Vec<u8>, settings: &ImageSettings) -> Result<Vec<RgbImage>, PhotoError> {
    let (info, _, smalls) = web_pixels_stored(bytes, &settings.normalized())?;
    Ok(smalls
        .into_iter()
        .map(|p| match upright(p, info.orientation) {
            Pixels::Rgb(img) => img,
            Pixels::Rgba(img) => {
                let (w, h) = img.dimensions();
                let rgb = encode::flatten_on_white(img.as_raw());
                RgbImage::from_raw(w, h, rgb).unwrap_or_else(|| RgbImage::new(w, h))
            }
        })
        .collect())
}

/// Encodes one web image with the pipeline's encoders and settings: (WebP, JPEG).
pub fn encode_web(img: &RgbImage, quality: u8) -> Result<(Vec<u8>, Vec<u8>), PhotoError> {
    let pixels = Pixels::Rgb(img.clone());
    let quality = quality.clamp(1, 100);
    Ok((
        encode::webp(&pixels, quality)?,
        encode::jpeg(&pixels, quality)?,
    ))
}

#[cfg(test)]
mod tests {
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
        assert!(
            fs::metadata(&redone.jpeg).unwrap().len() < fs::metadata(&preview.jpeg).unwrap().len()
        );

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
        assert!(!dir.join(".meta.json.999999.0.tmp").exists());

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
}
