//! Output paths: the site's files are named by `/`-separated paths relative to its
//! root, the same on every system, and joined onto a folder only when written.

use std::path::{Path, PathBuf};

/// The longest name of one file or folder that the file systems a site is built on
/// hold: 255 bytes on ext4, XFS, Btrfs and APFS (255 UTF-16 units on NTFS). A longer one
/// fails the build with "File name too long".
pub const MAX_NAME_BYTES: usize = 255;

/// The most etalase adds to a name made from content: a photo's web image is
/// `<name>.<8 hex digits>-<width up to 4096>.webp` (19 bytes more: see
/// [`crate::site::plan::views::rendition_base`]), and 36 bytes are kept for a
/// temporary suffix while a file is written or copied.
pub const ADDED_TO_NAMES: usize = 19 + 36;

/// The longest slug, the one bound on every name made from content: village and product
/// folders (their web addresses), category keys (`kategori/<key>/`) and photos' web
/// images. `check` and `build` refuse a longer folder name or category key at its
/// place before anything is written; a photo's name is shortened instead (it is never
/// seen but in the image's address). Slugs are ASCII, so bytes are characters.
pub const MAX_SLUG_BYTES: usize = MAX_NAME_BYTES - ADDED_TO_NAMES;

/// Output paths are `/`-separated strings; this joins one onto a folder.
pub fn out_path(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}
