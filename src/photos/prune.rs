//! Pruning the photo cache: removing the entries no build uses any more (a photo
//! replaced or deleted, other widths or quality, an older pipeline), which would
//! otherwise stay forever.
//!
//! An entry's last use is the mtime of its seal (`meta.json`, `preview.json`), which
//! every lookup refreshes (`cache.rs`) and every new entry starts with. Pruning removes
//! the entries unused for longer than a rule says, every unsealed entry and every
//! temporary file. It must run alone — a build's half-written entry and temporary files
//! look like a killed build's — so it runs only under the cache folder's exclusive lock:
//! `etalase cache prune` waits for it; the pruning at the end of a build only tries it
//! and skips when another build is using the cache.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::output::lock::{self, Access, Guarded, Wait};
use crate::photos::cache::{META_FILE, TEMP_SUFFIX};
use crate::photos::preview::PREVIEW_META;

/// How long the pruning at the end of a build keeps an entry no build used: 30 days.
/// Entries every build of a catalog uses are refreshed by it, so this only decides how
/// long the photos of *another* catalog sharing the cache (or of a branch, or of
/// settings tried once) stay: a group that updates its catalog once a month keeps its
/// photos ready on a computer it shares, while what no catalog uses goes within a
/// month. Dropping an entry too early costs processing that photo again, nothing more.
pub const KEEP_UNUSED_DAYS: u64 = 30;

/// A build prunes at most once a day (the stamp file's mtime says when it last did):
/// a warm build does not walk the whole cache each time.
const AUTO_EVERY: Duration = Duration::from_secs(24 * 3600);
const STAMP_FILE: &str = "pruned-at";
const STAMP_TEXT: &str = "etalase last pruned this cache when this file was written\n";

/// What to remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Entries no build used for longer than this.
    UnusedFor(Duration),
    /// Every entry: the cache emptied (the index of source hashes stays).
    All,
}

impl Rule {
    /// Entries unused for `days` days.
    pub fn unused_for_days(days: u64) -> Rule {
        Rule::UnusedFor(Duration::from_secs(days.saturating_mul(24 * 3600)))
    }
}

/// What a pruning did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// Entries removed (each photo's web images, or its link preview).
    pub removed: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Entries kept.
    pub kept: usize,
}

/// Prunes the cache at `dir` by `rule`. The caller holds the cache folder's exclusive
/// lock ([`crate::output::lock`], [`Guarded::Cache`]). A cache folder that does not
/// exist has nothing to prune.
pub fn prune(dir: &Path, rule: Rule) -> io::Result<Pruned> {
    let mut pruned = Pruned::default();
    if !dir.exists() {
        return Ok(pruned);
    }
    let cutoff = match rule {
        Rule::UnusedFor(age) => SystemTime::now().checked_sub(age),
        Rule::All => None,
    };
    remove_temps(dir)?;
    let photos = dir.join("photos");
    if !photos.exists() {
        return Ok(pruned);
    }
    for shard in read_dir(&photos)? {
        if !is_entry_name(&shard, 2) || !shard.is_dir() {
            continue;
        }
        for entry in read_dir(&shard)? {
            if !is_entry_name(&entry, 32) || !entry.is_dir() {
                continue;
            }
            let used = last_use(&entry);
            let keep = match (rule, used, cutoff) {
                (Rule::All, _, _) | (_, None, _) => false,
                (Rule::UnusedFor(_), Some(used), Some(cutoff)) => used >= cutoff,
                // A rule longer than the clock's past keeps everything sealed.
                (Rule::UnusedFor(_), Some(_), None) => true,
            };
            if keep {
                remove_temps(&entry)?;
                pruned.kept += 1;
            } else {
                pruned.bytes += size_of(&entry);
                fs::remove_dir_all(&entry).map_err(|e| with_path(e, &entry))?;
                pruned.removed += 1;
            }
        }
        // Empty now: removed too (an error here only leaves an empty folder).
        let _ = fs::remove_dir(&shard);
    }
    Ok(pruned)
}

/// The pruning at the end of a build: entries unused for [`KEEP_UNUSED_DAYS`] removed,
/// at most once a day, and only when no other build is using the cache at that moment
/// (it never waits). `None` when it did not run.
pub fn after_build(dir: &Path) -> io::Result<Option<Pruned>> {
    let stamp = dir.join(STAMP_FILE);
    let recent = fs::metadata(&stamp)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < AUTO_EVERY);
    if recent || !dir.is_dir() {
        return Ok(None);
    }
    let no_wait = Wait {
        limit: Duration::ZERO,
        notice: &|_| {},
    };
    let Ok(_alone) = lock::acquire(dir, dir, Guarded::Cache, Access::Exclusive, &no_wait) else {
        return Ok(None);
    };
    let pruned = prune(dir, Rule::unused_for_days(KEEP_UNUSED_DAYS))?;
    fs::write(&stamp, STAMP_TEXT).map_err(|e| with_path(e, &stamp))?;
    Ok(Some(pruned))
}

/// When the entry was last used: the newest mtime of its seals; `None` when it has
/// none (never finished).
fn last_use(entry: &Path) -> Option<SystemTime> {
    [META_FILE, PREVIEW_META]
        .iter()
        .filter_map(|seal| {
            fs::metadata(entry.join(seal))
                .and_then(|m| m.modified())
                .ok()
        })
        .max()
}

/// Removes the temporary files (`.name.XXXXXX.tmp`) directly in `dir`.
fn remove_temps(dir: &Path) -> io::Result<()> {
    for path in read_dir(dir)? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.is_some_and(|n| n.starts_with('.') && n.ends_with(TEMP_SUFFIX)) && path.is_file() {
            fs::remove_file(&path).map_err(|e| with_path(e, &path))?;
        }
    }
    Ok(())
}

/// Only folders named as the cache names them are touched: `len` lowercase hex digits.
fn is_entry_name(path: &Path, len: usize) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() == len && n.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn size_of(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn read_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| with_path(e, dir))?;
    paths.sort();
    Ok(paths)
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::{Pruned, Rule, prune};
    use std::fs;
    use std::time::{Duration, SystemTime};

    fn entry(cache: &std::path::Path, key: &str, age_days: u64, sealed: bool) {
        let dir = cache.join("photos").join(&key[..2]).join(key);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("320.webp"), [7u8; 100]).unwrap();
        if sealed {
            let meta = dir.join("meta.json");
            fs::write(&meta, b"{}").unwrap();
            let when = SystemTime::now() - Duration::from_secs(age_days * 86_400);
            fs::File::options()
                .write(true)
                .open(&meta)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    }

    #[test]
    fn old_and_unsealed_entries_and_temporary_files_go_the_rest_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path();
        let (old, fresh, unsealed) = ("a".repeat(32), "b".repeat(32), "c".repeat(32));
        entry(cache, &old, 40, true);
        entry(cache, &fresh, 2, true);
        entry(cache, &unsealed, 0, false);
        let fresh_dir = cache.join("photos/bb").join(&fresh);
        fs::write(fresh_dir.join(".320.jpg.Ab12Cd.tmp"), b"half").unwrap();
        fs::write(cache.join(".index.json.Zz99Yy.tmp"), b"{").unwrap();
        fs::write(cache.join("photos/README"), b"not ours").unwrap();
        let pruned = prune(cache, Rule::unused_for_days(30)).unwrap();
        assert_eq!(
            pruned,
            Pruned {
                removed: 2,
                bytes: 100 + 2 + 100,
                kept: 1
            }
        );
        assert!(fresh_dir.join("meta.json").is_file());
        assert!(!fresh_dir.join(".320.jpg.Ab12Cd.tmp").exists());
        assert!(!cache.join(".index.json.Zz99Yy.tmp").exists());
        assert!(!cache.join("photos/aa").exists());
        assert!(!cache.join("photos/cc").exists());
        assert!(cache.join("photos/README").exists());
        let all = prune(cache, Rule::All).unwrap();
        assert_eq!((all.removed, all.kept), (1, 0));
        assert!(!cache.join("photos/bb").exists());
    }
}
