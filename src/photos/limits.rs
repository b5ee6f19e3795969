//! The limits that keep a hostile or huge photo from taking the machine: checked from
//! the header by [`super::probe`], and again by the decoders' allocation limit in
//! [`super::decode`]. One place, so the two never disagree.

use image::Limits;

/// The most megapixels a photo may have (checked from the header, before
/// decoding). Phones take 12 to 50; more is a scan or a panorama stitch that
/// would take gigabytes to decode.
pub const MAX_MEGAPIXELS: u64 = 50;

/// The largest photo file read, in bytes (30 MB). A phone's photo is 2 to 12 MB, a
/// 50-megapixel one at high quality about 25; more is a scan, a RAW saved under
/// another name or a video, which the build would read whole into memory for nothing.
/// The workshop refuses an upload over it with the same message (one limit for both),
/// and sizes its upload bodies from it.
pub const MAX_PHOTO_BYTES: u64 = 30_000_000;

/// The most any decoder may allocate for one photo: a 50 MP 16-bit RGBA PNG
/// (400 MB) fits, a decompression bomb does not.
const MAX_DECODER_ALLOC: u64 = 512 * 1024 * 1024;

/// Limits for `image`'s decoders (PNG, WebP).
pub(crate) fn image_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    limits
}

/// The largest colour profile (ICC) read from a photo. The profiles cameras, phones and
/// editors embed are 0.5 to 60 KB (a printer's, with large tables, a few MB); a bigger one
/// is ignored and the photo shown as sRGB, as if it had none. A PNG keeps its profile
/// compressed: this bounds what it may inflate to, so a small file cannot claim gigabytes.
pub(crate) const MAX_ICC_BYTES: usize = 4 << 20;
