//! Output paths: the site's files are named by `/`-separated paths relative to its
//! root, the same on every system, and joined onto a folder only when written.

use std::path::{Path, PathBuf};

/// Output paths are `/`-separated strings; this joins one onto a folder.
pub fn out_path(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}
