//! Link preview images (`og:image`): one 1200×630 JPEG per page photo, as WhatsApp,
//! Facebook and X show a shared link.
//!
//! A preview is the centre of the photo cropped to 1.91:1 ("cover") and made 1200×630
//! (narrower only when the catalog's largest web width is under 1200: no published
//! image is wider than that).
//! The pipeline never enlarges: a photo too small for 1200×630 gives the largest 1.91:1
//! crop it holds, at its own pixels (a 1000×750 photo gives 1000×525), rather than a
//! blurry upscale or a padded frame. It is made from the same decode as the web images
//! when both are needed, and cached by content beside them, under its own key (the
//! source hash, the preview settings and [`PIPELINE_VERSION`]).

use std::path::PathBuf;

use fast_image_resize::{ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{RgbImage, RgbaImage};
use serde::{Deserialize, Serialize};

use crate::photos::cache::{PhotoCache, Seal, read_marking_used};
use crate::photos::decode::Pixels;
use crate::photos::error::PhotoError;
use crate::photos::format::swaps_axes;
use crate::photos::resize::upright;
use crate::photos::{PIPELINE_VERSION, encode};

/// The size link previews are shown at (the 1.91:1 of OpenGraph's large image card).
pub const PREVIEW_WIDTH: u32 = 1200;
pub const PREVIEW_HEIGHT: u32 = 630;
/// WhatsApp drops previews larger than this; each preview stays under it.
pub const PREVIEW_MAX_BYTES: usize = 300 * 1024;
/// Quality is lowered by this step until the preview fits [`PREVIEW_MAX_BYTES`].
const QUALITY_STEP: u8 = 10;
const LOWEST_QUALITY: u8 = 30;

const PREVIEW_FILE: &str = "preview.jpg";
pub(crate) const PREVIEW_META: &str = "preview.json";

/// A photo's link preview image, in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub width: u32,
    pub height: u32,
    /// Path inside the cache folder.
    pub jpeg: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct PreviewMeta {
    pipeline: u32,
    source_hash: String,
    width: u32,
    height: u32,
    /// `preview.jpg` as written; previews sealed before this was kept are made again.
    #[serde(default)]
    jpeg: Option<Seal>,
}

/// The preview's target size: 1200×630, or smaller with the same ratio when the
/// catalog's largest web width (`max_width`) is under 1200, since no published image is
/// wider than that (the format's output rule).
pub fn target_size(max_width: u32) -> (u32, u32) {
    if max_width == 0 || max_width >= PREVIEW_WIDTH {
        return (PREVIEW_WIDTH, PREVIEW_HEIGHT);
    }
    let h = (u64::from(max_width) * u64::from(PREVIEW_HEIGHT) + u64::from(PREVIEW_WIDTH) / 2)
        / u64::from(PREVIEW_WIDTH);
    (max_width, u32::try_from(h).unwrap_or(1).max(1))
}

/// The preview size for an upright photo of `width` × `height`: the target size of
/// [`target_size`], or the largest 1.91:1 crop of a smaller photo (never enlarged).
pub fn preview_size(width: u32, height: u32, max_width: u32) -> (u32, u32) {
    let (tw, th) = target_size(max_width);
    let (w, h, pw, ph) = (
        u64::from(width),
        u64::from(height),
        u64::from(tw),
        u64::from(th),
    );
    if w >= pw && h >= ph {
        return (tw, th);
    }
    // Wider than the target's ratio: the height decides; else the width does.
    let (cw, ch) = if w * ph > h * pw {
        ((h * pw + ph / 2) / ph, h)
    } else {
        (w, (w * ph + pw / 2) / pw)
    };
    (
        u32::try_from(cw.clamp(1, w)).unwrap_or(1),
        u32::try_from(ch.clamp(1, h)).unwrap_or(1),
    )
}

/// The upright width a decode must reach so the preview's crop is not enlarged: the
/// target width, or more for a photo wider than 1.91:1 (its height must still cover
/// the target height).
pub(crate) fn decode_width(width: u32, height: u32, max_width: u32) -> u32 {
    let (tw, th) = target_size(max_width);
    let needed = u64::from(width) * u64::from(th) / u64::from(height.max(1)) + 1;
    u32::try_from(needed).unwrap_or(u32::MAX).max(tw).min(width)
}

/// Crops the centre of `decoded` (stored orientation) to the preview's ratio, resizes
/// it to `size` (upright) and turns it upright. A centre crop is the same whichever way
/// the photo is stored, so the crop is taken before turning, on the large pixels.
pub(crate) fn render(
    decoded: &Pixels,
    orientation: Orientation,
    (w, h): (u32, u32),
) -> Result<Pixels, PhotoError> {
    let (sw, sh) = if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let options = ResizeOptions::new().fit_into_destination(Some((0.5, 0.5)));
    let mut resizer = Resizer::new();
    let stored = match decoded {
        Pixels::Rgb(img) => {
            let mut dst = RgbImage::new(sw, sh);
            resizer
                .resize(img, &mut dst, &options)
                .map(|()| Pixels::Rgb(dst))
        }
        Pixels::Rgba(img) => {
            let mut dst = RgbaImage::new(sw, sh);
            resizer
                .resize(img, &mut dst, &options)
                .map(|()| Pixels::Rgba(dst))
        }
    }
    .map_err(|err| PhotoError::internal("making the link preview").with_detail(err))?;
    Ok(upright(stored, orientation))
}

/// JPEG at `quality`, lowered step by step until it is under [`PREVIEW_MAX_BYTES`].
pub(crate) fn encode_jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut quality = quality.clamp(1, 100);
    loop {
        let bytes = encode::jpeg(pixels, quality)?;
        if bytes.len() <= PREVIEW_MAX_BYTES || quality <= LOWEST_QUALITY {
            return Ok(bytes);
        }
        quality = quality.saturating_sub(QUALITY_STEP).max(LOWEST_QUALITY);
    }
}

/// The cache key of a photo's preview: everything its bytes depend on.
pub(crate) fn preview_key(source_hash: &str, quality: u8, max_width: u32) -> String {
    let (w, h) = target_size(max_width);
    let recipe = format!(
        "etalase preview v{PIPELINE_VERSION}\nsource {source_hash}\nsize {w}x{h}\ncrop centre cover\nquality {quality}\nmax bytes {PREVIEW_MAX_BYTES}\n"
    );
    let hex = blake3::hash(recipe.as_bytes()).to_hex();
    hex[..32].to_owned()
}

impl PhotoCache {
    /// The cached preview of the photo with content `source_hash`, if complete and
    /// still the file that was sealed; marked used.
    pub(crate) fn lookup_preview(
        &self,
        source_hash: &str,
        quality: u8,
        max_width: u32,
    ) -> Option<Preview> {
        let dir = self.entry_dir(&preview_key(source_hash, quality, max_width));
        let meta: PreviewMeta =
            serde_json::from_slice(&read_marking_used(&dir.join(PREVIEW_META))?).ok()?;
        let jpeg = dir.join(PREVIEW_FILE);
        let whole = meta.jpeg.as_ref().is_some_and(|seal| seal.holds(&jpeg));
        (meta.pipeline == PIPELINE_VERSION && meta.source_hash == source_hash && whole).then_some(
            Preview {
                width: meta.width,
                height: meta.height,
                jpeg,
            },
        )
    }

    /// Encodes and stores a preview, sealing it with its `preview.json` last.
    pub(crate) fn store_preview(
        &self,
        source_hash: &str,
        pixels: &Pixels,
        quality: u8,
        max_width: u32,
    ) -> Result<Preview, PhotoError> {
        let key = preview_key(source_hash, quality, max_width);
        let dir = self.prepare_entry(&key)?;
        let bytes = encode_jpeg(pixels, quality)?;
        let jpeg = dir.join(PREVIEW_FILE);
        let seal = self.write_image(&jpeg, &bytes)?;
        let (width, height) = pixels.dimensions();
        let meta = PreviewMeta {
            pipeline: PIPELINE_VERSION,
            source_hash: source_hash.to_owned(),
            width,
            height,
            jpeg: Some(seal),
        };
        let json = serde_json::to_vec(&meta)
            .map_err(|err| PhotoError::internal("writing preview.json").with_detail(err))?;
        self.write_image(&dir.join(PREVIEW_META), &json)?;
        Ok(Preview {
            width,
            height,
            jpeg,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{decode_width, preview_key, preview_size};

    #[test]
    fn previews_are_1200_by_630_or_the_largest_crop_a_small_photo_holds() {
        assert_eq!(preview_size(4000, 3000, 1280), (1200, 630));
        assert_eq!(preview_size(1200, 630, 1280), (1200, 630));
        assert_eq!(preview_size(3000, 4000, 1280), (1200, 630));
        // Too small: never enlarged, the ratio kept.
        assert_eq!(preview_size(1000, 750, 1280), (1000, 525));
        assert_eq!(preview_size(2000, 500, 1280), (952, 500));
        assert_eq!(preview_size(200, 100, 1280), (190, 100));
        assert_eq!(preview_size(1, 1, 1280), (1, 1));
        // No wider than the catalog's largest web image.
        assert_eq!(preview_size(4000, 3000, 640), (640, 336));
        assert_eq!(preview_size(500, 400, 640), (500, 263));
    }

    #[test]
    fn the_decode_covers_the_crop() {
        assert_eq!(decode_width(4000, 3000, 1280), 1200);
        // A panorama: its height must still reach 630.
        assert_eq!(decode_width(8000, 2000, 1280), 2521);
        assert_eq!(decode_width(1000, 750, 1280), 1000);
        assert_eq!(decode_width(4000, 3000, 640), 640);
    }

    #[test]
    fn the_key_holds_every_setting() {
        let a = preview_key("abc", 75, 1280);
        assert_ne!(a, preview_key("abd", 75, 1280));
        assert_ne!(a, preview_key("abc", 70, 1280));
        assert_ne!(a, preview_key("abc", 75, 640));
        // Any width from 1200 up gives the same 1200×630.
        assert_eq!(a, preview_key("abc", 75, 2000));
    }
}
