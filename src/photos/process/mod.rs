//! Turning source photos into cached web images, many at a time: a fixed number of
//! workers takes photos one by one (memory stays at one decoded photo per core); each
//! photo comes from the cache when its content was seen with these settings, else it is
//! decoded once and every width (and the link preview) made from that decode. The
//! pipeline's tests, which run it whole on photos made in code, are in `tests.rs`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::RgbImage;
use rayon::prelude::*;

use crate::photos::cache::{PhotoCache, Seal, content_hash, entry_key, rendition_paths, stamp};
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
        // Never a named pipe or a device, which could block or never end.
        let bytes = crate::diag::fsio::read(path)
            .map_err(|err| PhotoError::read_source(path, &err.source))?;
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
                let (renditions, seals): (Vec<Rendition>, Vec<(Seal, Seal)>) = smalls
                    .into_par_iter()
                    .zip(sizes)
                    .map(|(pixels, (w, h))| -> Result<_, PhotoError> {
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
                        Ok((rendition, (webp?, jpeg?)))
                    })
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .unzip();
                let processed = Processed {
                    hash,
                    key,
                    width: info.width,
                    height: info.height,
                    renditions,
                    decoded: true,
                    preview: None,
                };
                self.write_meta(&processed, seals)?;
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
mod tests;
