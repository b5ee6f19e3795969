//! Writing the site without ever losing the last good one.
//!
//! The new site is written to a hidden folder beside the output and swapped in only
//! when every file is written: a build that fails, or is killed, leaves the previous
//! output exactly as it was. The swap is two renames; a build killed between them
//! leaves the old site under its hidden name, and the next build puts it back first.

use crate::fsio::{self, IoError};
use crate::plan::out_path;
use std::path::{Path, PathBuf};

/// A file etalase leaves in every output folder, so that it never replaces a folder it
/// did not write (a mistyped `--out ~/Documents`).
pub const MARKER: &str = ".etalase-output";

/// What one output file holds.
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file to hard-link or copy (processed photos from the cache).
    File(PathBuf),
}

#[derive(Debug)]
pub enum WriteError {
    Io(IoError),
    /// The output folder exists, is not empty, and was not written by etalase.
    NotOurs(PathBuf),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io(e) => e.fmt(f),
            WriteError::NotOurs(p) => write!(
                f,
                "{} already exists and was not made by etalase: refusing to replace it; choose another --out, or empty that folder",
                crate::diag::display_path(p)
            ),
        }
    }
}

impl From<IoError> for WriteError {
    fn from(e: IoError) -> Self {
        WriteError::Io(e)
    }
}

/// Totals of what was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    pub largest: u64,
}

/// Writes `files` as the new content of `out`.
pub fn write_site(out: &Path, files: Vec<(String, Contents)>) -> Result<WriteStats, WriteError> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fsio::create_dir_all(&parent)?;
    let old = parent.join(format!(".{name}.etalase-old"));
    let tmp = parent.join(format!(".{name}.etalase-new"));

    // A build killed between the two renames of a swap left the last good site at `old`.
    if !out.exists() && old.is_dir() {
        fsio::rename(&old, out)?;
    }
    if out.exists() && !is_ours(out) {
        return Err(WriteError::NotOurs(out.to_path_buf()));
    }
    if tmp.exists() {
        fsio::remove_dir_all(&tmp)?;
    }
    fsio::create_dir_all(&tmp)?;

    let mut stats = WriteStats::default();
    let mut made: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for (rel, contents) in &files {
        let path = out_path(&tmp, rel);
        if let Some(dir) = path.parent()
            && made.insert(dir.to_path_buf())
        {
            fsio::create_dir_all(dir)?;
        }
        let size = match contents {
            Contents::Bytes(b) => {
                fsio::write(&path, b)?;
                b.len() as u64
            }
            Contents::File(from) => {
                fsio::link_or_copy(from, &path)?;
                fsio::metadata(&path)?.len()
            }
        };
        stats.files += 1;
        stats.bytes += size;
        stats.largest = stats.largest.max(size);
    }
    fsio::write(
        &tmp.join(MARKER),
        b"This folder is written by etalase; each build replaces it whole.\n",
    )?;

    if out.exists() {
        if old.exists() {
            fsio::remove_dir_all(&old)?;
        }
        fsio::rename(out, &old)?;
        fsio::rename(&tmp, out)?;
        fsio::remove_dir_all(&old)?;
    } else {
        fsio::rename(&tmp, out)?;
    }
    Ok(stats)
}

/// Whether `dir` may be replaced: etalase wrote it, or it is empty (or not a folder yet).
fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => false,
    }
}
