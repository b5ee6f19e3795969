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
    use std::io::Read;
    let read = || {
        let mut file = open_regular(path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    wrap(read(), "read", path)
}

/// Opens a file to read it, refusing anything but a regular file without waiting:
/// opening a named pipe (FIFO) waits for a writer that never comes, and a device or a
/// socket is no file of a catalog. The file is opened without blocking and then looked
/// at (`fstat`), so what is refused is what was opened, not what a name pointed to a
/// moment before.
fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Reads of a regular file never block: the flag changes nothing for them.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    match special_kind(&kind) {
        None if kind.is_file() => Ok(file),
        special => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(special.unwrap_or(Special::Other)),
        )),
    }
}

/// What a file that is not a regular file (nor a folder, nor a link) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Fifo,
    Socket,
    Device,
    Other,
}

/// The special file `kind` is, if it is one: never opened, so never waited on.
pub fn special_kind(kind: &std::fs::FileType) -> Option<Special> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some(Special::Fifo);
        }
        if kind.is_socket() {
            return Some(Special::Socket);
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some(Special::Device);
        }
    }
    let _ = kind;
    None
}

/// The cause of an [`IoError`] for a special file that was refused.
#[derive(Debug)]
struct NotRegular(Special);

impl fmt::Display for NotRegular {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Special::Fifo => "not a regular file but a named pipe (FIFO)",
            Special::Socket => "not a regular file but a socket",
            Special::Device => "not a regular file but a device",
            Special::Other => "not a regular file",
        })
    }
}

impl std::error::Error for NotRegular {}

impl IoError {
    /// The kind of special file this error refused, when it is one.
    pub fn special(&self) -> Option<Special> {
        self.source
            .get_ref()
            .and_then(|e| e.downcast_ref::<NotRegular>())
            .map(|n| n.0)
    }
}

/// The error at a special file (a named pipe, a socket, a device) where the catalog
/// has a file: etalase never opens it, since opening a named pipe waits forever.
pub fn special_file_diagnostic(path: &Path, kind: Special) -> crate::diag::Diagnostic {
    let (what, apa) = match kind {
        Special::Fifo => ("a named pipe (FIFO)", "named pipe (FIFO)"),
        Special::Socket => ("a socket", "socket"),
        Special::Device => ("a device", "perangkat (device)"),
        Special::Other => ("a special file", "file khusus"),
    };
    crate::diag::Diagnostic::error(
        path,
        crate::diag::Pos::START,
        crate::text!(
            en: "this is not a regular file but {what}: etalase does not open it",
            id: "ini bukan file biasa, melainkan {apa}: etalase tidak membukanya"
        ),
    )
    .help(crate::text!(
        en: "delete it, and put the real file (a photo or a text file) in its place",
        id: "hapus, lalu taruh file yang sebenarnya (foto atau file teks) di tempatnya"
    ))
}

/// Reads a file whose size is known already (from a listing): without asking the
/// system for it again, as [`read`] does.
pub fn read_known(path: &Path, len: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    // A loop of reads, not `read_to_end`: for a file, that asks for the size again,
    // and reads once more to find the end. The size listed is the end (a file being
    // saved while it is read is torn either way).
    let read = || {
        let mut file = open_regular(path)?;
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
