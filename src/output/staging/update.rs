//! Bringing one file of the hidden folder up to date: a file that already holds its
//! contents is left alone (compared byte for byte, or as the same hard link), one that
//! must change is removed and made anew, never rewritten in place, since it may be a
//! hard link into the photo cache.

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
/// never rewritten in place: it may be a hard link to a photo in the cache. Returns
/// the size of the file.
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
            fsio::link_or_copy(from, path)?;
            Ok(fsio::metadata(path)?.len())
        }
    }
}

/// The size of `to` when it already is `from`: the same file (a hard link), or, where
/// linking was impossible, a copy with the same bytes.
pub(super) fn same_file(from: &Path, to: &Path, there: Option<u64>) -> fsio::Result<Option<u64>> {
    let source = fsio::metadata(from)?;
    if Some(source.len()) != there {
        return Ok(None);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let target = fsio::metadata(to)?;
        if (source.dev(), source.ino()) == (target.dev(), target.ino()) {
            return Ok(Some(source.len()));
        }
        if source.dev() == target.dev() {
            // Same disk but not linked: linking is possible, and cheaper than reading.
            return Ok(None);
        }
    }
    let same = fsio::read(from)? == fsio::read(to)?;
    Ok(same.then_some(source.len()))
}
