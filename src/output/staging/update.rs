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
            copy(from, path)
        }
    }
}

/// The size of `to` when it already holds the bytes of `from` in a file of its own: a
/// hard link (which earlier versions made into the cache) is never kept. A copy carries
/// its source's modification time ([`copy`]): with the same size and time it is taken
/// as the same, as rsync does, without reading either (a warm build of thousands of
/// photos reads nothing); a file written since, in the site or in the cache, has
/// another time and is compared byte for byte.
pub(super) fn same_file(from: &Path, to: &Path, there: Option<u64>) -> fsio::Result<Option<u64>> {
    let source = fsio::metadata(from)?;
    if Some(source.len()) != there {
        return Ok(None);
    }
    let target = fsio::metadata(to)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if target.nlink() > 1 {
            return Ok(None);
        }
    }
    let stamp = source.modified().ok();
    if stamp.is_some() && stamp == target.modified().ok() {
        return Ok(Some(source.len()));
    }
    if fsio::read(from)? != fsio::read(to)? {
        return Ok(None);
    }
    if let Some(time) = stamp {
        // The same bytes: stamped, so the next build need not read them.
        set_time(to, time);
    }
    Ok(Some(source.len()))
}

/// Gives `path` the modification time `time`, which [`same_file`] compares. A file
/// that cannot take it is only read again by the next build.
fn set_time(path: &Path, time: std::time::SystemTime) {
    let _ = std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time));
}

/// Copies `from` to the new file `to` with its modification time, which
/// [`same_file`] reads. Returns the size.
fn copy(from: &Path, to: &Path) -> fsio::Result<u64> {
    let len = fsio::copy(from, to)?;
    if let Ok(time) = std::fs::metadata(from).and_then(|m| m.modified()) {
        set_time(to, time);
    }
    Ok(len)
}
