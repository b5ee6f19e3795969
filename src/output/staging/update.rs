//! Bringing one file of the hidden folder up to date: a file that already holds its
//! contents is left alone (compared byte for byte), one that must change is removed and
//! made anew, never rewritten in place (another program may be reading it). Photos are
//! copied from the cache, never hard-linked: the site and the cache share no storage.

use super::Data;
use crate::diag::fsio;
use std::path::Path;

/// Removes a file, or an empty folder; one already gone is fine.
pub(super) fn remove_if_there(path: &Path) -> fsio::Result<()> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fsio::remove_dir(path),
        Ok(_) => fsio::remove_file(path),
        Err(_) => return Ok(()),
    };
    match result {
        Err(e) if e.source.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Makes `path` hold `contents`, unless it already does. `there` is the size of the
/// file already at `path`, if any. A file that must change is removed and made anew,
/// never rewritten in place. Returns the size of the file.
pub(super) fn put(path: &Path, data: Data<'_>, there: Option<u64>) -> fsio::Result<u64> {
    match data {
        Data::Bytes(bytes) => {
            let len = bytes.len() as u64;
            if there == Some(len) && fsio::read(path).is_ok_and(|old| old == bytes) {
                return Ok(len);
            }
            if there.is_some() {
                fsio::remove_file(path)?;
            }
            fsio::write(path, bytes)?;
            Ok(len)
        }
        Data::File(from) => {
            if there.is_some() {
                if let Some(len) = same_file(from, path, there)? {
                    return Ok(len);
                }
                fsio::remove_file(path)?;
            }
            fsio::copy(from, path)
        }
    }
}

/// The size of `to` when it already holds the bytes of `from` in a file of its own: a
/// hard link (which earlier versions made into the cache) is never kept.
pub(super) fn same_file(from: &Path, to: &Path, there: Option<u64>) -> fsio::Result<Option<u64>> {
    let source = fsio::metadata(from)?;
    if Some(source.len()) != there {
        return Ok(None);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if fsio::metadata(to)?.nlink() > 1 {
            return Ok(None);
        }
    }
    let same = fsio::read(from)? == fsio::read(to)?;
    Ok(same.then_some(source.len()))
}
