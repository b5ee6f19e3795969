//! Photos: phone pictures in, small web images out.
//!
//! Each source photo is decoded once, at the smallest JPEG DCT scale that
//! still covers the largest web width; every configured width is resized from
//! that one decode, turned upright by its EXIF orientation, and encoded as
//! lossy WebP and JPEG without any metadata. Results are kept in a cache keyed
//! by content, so an unchanged photo is never decoded twice, whatever its name.
//!
//! - [`probe`]: format and upright size from the header alone.
//! - [`PhotoCache::process_all`]: the whole pipeline, in parallel.
//! - [`PhotoCache::process_all_with_previews`]: the same, with a link preview image
//!   (1200×630 JPEG, see `preview.rs`) for the photos asked.
//! - [`PhotoCache::hash_file`]: content hashes, remembered by (path, size, mtime).
//! - [`thumbnail`]: one small upright JPEG, for the workshop's pages.
//! - [`prune`]: removing the cache entries no build uses any more.

mod cache;
mod colour;
mod decode;
mod encode;
mod error;
mod format;
mod limits;
mod metadata;
mod preview;
mod probe;
mod process;
pub mod prune;
mod resize;
pub mod stage;
#[cfg(test)]
pub(crate) mod testutil;
mod thumbnail;
pub mod upload;

use std::path::PathBuf;

/// The sizes to make, as the catalog resolved them: one definition, in the catalog's
/// model (the photos layer sits above the catalog and reads its settings).
pub use crate::catalog::model::ImageSettings;
pub use cache::PhotoCache;
pub use error::{ErrorKind, PhotoError};
pub use format::{Format, PhotoInfo};
pub use limits::{MAX_MEGAPIXELS, MAX_PHOTO_BYTES};
pub use preview::{PREVIEW_HEIGHT, PREVIEW_MAX_BYTES, PREVIEW_WIDTH, Preview, preview_size};
pub use probe::{is_complete, probe};
pub use process::{encode_web, web_pixels};
pub(crate) use resize::rendition_sizes;
pub use thumbnail::thumbnail;

/// Bumped whenever a change in decoding, resizing or encoding changes the
/// output bytes, so cached web images made the old way are not reused.
pub const PIPELINE_VERSION: u32 = 3;

/// One web image size of a photo, as WebP and as JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    /// Path inside the cache folder.
    pub webp: PathBuf,
    /// Path inside the cache folder.
    pub jpeg: PathBuf,
}

/// A photo made into web images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Hex blake3 of the source file's bytes (64 characters).
    pub hash: String,
    /// Hex id of the cache entry: the content hash together with the settings
    /// and [`PIPELINE_VERSION`] (32 characters). Changes when the images do.
    pub key: String,
    /// Upright size of the source photo.
    pub width: u32,
    pub height: u32,
    /// Ascending width; never wider than the source.
    pub renditions: Vec<Rendition>,
    /// False when the images came from the cache without decoding.
    pub decoded: bool,
    /// The link preview image, when one was asked for.
    pub preview: Option<Preview>,
}
