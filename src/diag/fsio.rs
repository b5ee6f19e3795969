//! File access that always names its path.
//!
//! Every I/O error that leaves this module says which file or folder it was about, so a
//! volunteer reading "permission denied" also reads where.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An I/O error with the path it happened on.
#[derive(Debug)]
pub struct IoError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().get(crate::diag::Lang::En))
    }
}

impl IoError {
    /// The failure in the volunteer's language. The cause stays in the system's own
    /// words ("No space left on device"), which are what a search finds help for.
    pub fn text(&self) -> crate::diag::Text {
        let (action, path, cause) = (
            self.action,
            crate::diag::display_path(&self.path),
            &self.source,
        );
        let tindakan = match action {
            "read" => "membaca",
            "read folder" => "membaca folder",
            "write" => "menulis",
            "create folder" => "membuat folder",
            "make a folder in" => "membuat folder di",
            "remove" => "menghapus",
            "remove folder" => "menghapus folder",
            "rename" => "mengganti nama",
            "copy" => "menyalin",
            "find" => "menemukan",
            "lock" => "mengunci",
            other => other,
        };
        if cause.kind() == io::ErrorKind::StorageFull {
            // What etalase had half-written is removed already: the space it took is
            // back, and only what the build needs must fit.
            return crate::text!(
                en: "could not {action} {path}: {cause}: the disk is full; free some space on it (etalase has removed what it had half-written), then build again",
                id: "tidak bisa {tindakan} {path}: {cause}: disk penuh; kosongkan sebagian ruang di disk itu (etalase sudah menghapus yang setengah tertulis), lalu build lagi"
            );
        }
        crate::text!(
            en: "could not {action} {path}: {cause}",
            id: "tidak bisa {tindakan} {path}: {cause}"
        )
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub type Result<T> = std::result::Result<T, IoError>;

fn wrap<T>(r: io::Result<T>, action: &'static str, path: &Path) -> Result<T> {
    r.map_err(|source| IoError {
        path: path.to_path_buf(),
        action,
        source,
    })
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    wrap(std::fs::read(path), "read", path)
}

/// Reads a file whose size is known already (from a listing): without asking the
/// system for it again, as [`read`] does.
pub fn read_known(path: &Path, len: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    // A loop of reads, not `read_to_end`: for a file, that asks for the size again,
    // and reads once more to find the end. The size listed is the end (a file being
    // saved while it is read is torn either way).
    let read = || {
        let mut file = std::fs::File::open(path)?;
        let len = usize::try_from(len).unwrap_or(0);
        let mut bytes = vec![0; len];
        let mut filled = 0;
        while filled < len {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(filled);
        Ok(bytes)
    };
    wrap(read(), "read", path)
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    wrap(std::fs::write(path, bytes), "write", path)
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    wrap(std::fs::create_dir_all(path), "create folder", path)
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    wrap(std::fs::remove_dir_all(path), "remove folder", path)
}

pub fn remove_file(path: &Path) -> Result<()> {
    wrap(std::fs::remove_file(path), "remove", path)
}

pub fn remove_dir(path: &Path) -> Result<()> {
    wrap(std::fs::remove_dir(path), "remove folder", path)
}

pub fn read_dir(path: &Path) -> Result<std::fs::ReadDir> {
    wrap(std::fs::read_dir(path), "read folder", path)
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    wrap(std::fs::rename(from, to), "rename", from)
}

/// Hard-links `from` to `to`, or copies it where linking is impossible (another disk,
/// a file system without links).
pub fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    wrap(std::fs::copy(from, to).map(|_| ()), "copy", from)
}

/// Copies `from` to a new file `to`, a reflink where the file system makes one (the
/// system's `copy_file_range`, which Btrfs and XFS answer with shared extents that
/// are copied on write). Returns the size copied.
pub fn copy(from: &Path, to: &Path) -> Result<u64> {
    wrap(std::fs::copy(from, to), "copy", from)
}

pub fn metadata(path: &Path) -> Result<std::fs::Metadata> {
    wrap(std::fs::metadata(path), "read", path)
}
