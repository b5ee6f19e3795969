//! What a photo is, as far as the pipeline cares: its format and its upright size.
//! The vocabulary that reading the header ([`super::probe`]) and decoding
//! ([`super::decode`]) share.

use image::metadata::Orientation;

/// The photo formats etalase reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

/// What is known of a photo without decoding it: from its header only (fast).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoInfo {
    pub format: Format,
    /// Upright width, after the EXIF orientation is applied.
    pub width: u32,
    /// Upright height, after the EXIF orientation is applied.
    pub height: u32,
    /// Size as stored in the file, before orientation.
    pub(crate) stored_width: u32,
    pub(crate) stored_height: u32,
    pub(crate) orientation: Orientation,
}

/// Whether showing the photo upright turns its width into its height.
pub(crate) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Whether the container says more bytes should follow: a WebP's RIFF size
/// beyond the end, a PNG without its closing IEND chunk.
pub(crate) fn looks_cut_off(bytes: &[u8], format: Format) -> bool {
    match format {
        Format::Webp => bytes.get(4..8).is_some_and(|size| {
            let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]);
            u64::from(size) + 8 > bytes.len() as u64
        }),
        Format::Png => !bytes.windows(8).rev().take(64).any(|w| &w[4..] == b"IEND"),
        Format::Jpeg => false,
    }
}
