//! The photo cache on disk: finished web images by content, and an index that
//! remembers each source file's content hash by (path, size, mtime).
//!
//! Layout under the cache folder:
//!
//! ```text
//! index.json                      canonical path → size, mtime_ns, content hash
//! photos/<ab>/<key>/320.webp      one folder per (content, settings, pipeline version)
//! photos/<ab>/<key>/320.jpg
//! photos/<ab>/<key>/meta.json     written last: the entry counts only when it exists
//! ```
//!
//! Every file is written to a temporary name in its own folder and renamed
//! into place, so a build that is interrupted never leaves a half-written
//! file under a name a later build trusts.
//!
//! Several builds (of several catalogs, too) may use one cache at once, each holding
//! a shared lock on the folder (`commands::build`); only pruning (`prune.rs`) takes it
//! alone. So every write here is safe beside another process doing the same: temporary
//! names are unique across processes (random, made by `tempfile`, and never removed by
//! another build), whole files are renamed into place, an entry another process sealed
//! first is simply used (the same key means the same bytes), and `index.json` is merged
//! with what is on disk under a short lock of its own rather than overwritten.
//!
//! `meta.json` records each file's size and xxh3 hash when the entry is sealed; a
//! lookup reads every file and checks both, so a file damaged after sealing — even
//! with its size kept — is made again, never published. A lookup also marks the entry
//! used (the mtime of `meta.json`, at most once an hour), which is what pruning reads.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::photos::error::PhotoError;
use crate::photos::{ImageSettings, PIPELINE_VERSION, Processed, Rendition};

const INDEX_FILE: &str = "index.json";
/// Held (`flock`, exclusive) for the moment `index.json` is read, merged and replaced.
const INDEX_LOCK: &str = "index.lock";
pub(crate) const META_FILE: &str = "meta.json";
pub(crate) const TEMP_SUFFIX: &str = ".tmp";
/// An entry's use is recorded again only when the last record is older than this: a
/// warm build rewrites no metadata of entries it used an hour ago.
const MARK_USED_AFTER: Duration = Duration::from_secs(3600);

/// Web images made from photos, kept between builds.
pub struct PhotoCache {
    dir: PathBuf,
    index: Mutex<HashIndex>,
    /// Photos decoded through this handle (cache misses), for reporting.
    pub(crate) decodes: AtomicUsize,
}

#[derive(Default, Serialize, Deserialize)]
struct HashIndex {
    files: BTreeMap<String, IndexEntry>,
    /// The paths this process learned a hash of: what it merges into the index on disk.
    #[serde(skip)]
    learned: BTreeSet<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IndexEntry {
    size: u64,
    mtime_ns: u64,
    hash: String,
}

/// What `stat` says of a source file: the index key and its freshness.
pub(crate) struct SourceStamp {
    canonical: String,
    size: u64,
    /// `None` when the clock can't be read (before 1970): never indexed.
    mtime_ns: Option<u64>,
}

/// What `meta.json` records of an entry.
#[derive(Serialize, Deserialize)]
struct Meta {
    pipeline: u32,
    source_hash: String,
    width: u32,
    height: u32,
    renditions: Vec<MetaRendition>,
}

#[derive(Serialize, Deserialize)]
struct MetaRendition {
    width: u32,
    height: u32,
    /// The two files as written: a file that differs was cut off or damaged after the
    /// entry was sealed (a disk full, a crash of the machine, a hand in the cache
    /// folder) and the entry is made again. Entries sealed before these were kept have
    /// none and are made again once.
    #[serde(default)]
    webp: Option<Seal>,
    #[serde(default)]
    jpeg: Option<Seal>,
}

/// What a cache file was when its entry was sealed: its length and the xxh3-128 of its
/// bytes (a check against damage, not against someone who can write the cache: xxh3 is
/// many times faster than a cryptographic hash, and a warm build reads every file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Seal {
    bytes: u64,
    xxh3: String,
}

impl Seal {
    pub(crate) fn of(bytes: &[u8]) -> Seal {
        Seal {
            bytes: bytes.len() as u64,
            xxh3: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)),
        }
    }

    /// Whether the file at `path` is still what was sealed: a regular file of that
    /// length whose bytes hash the same.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        let Ok(mut file) = File::open(path) else {
            return false;
        };
        if !file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() == self.bytes)
        {
            return false;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(self.bytes).unwrap_or(0));
        file.read_to_end(&mut bytes).is_ok() && Seal::of(&bytes) == *self
    }
}

impl PhotoCache {
    /// Opens the cache at `dir`, creating it if needed. An unreadable or
    /// damaged index is ignored: every file is then simply hashed again.
    pub fn open(dir: &Path) -> Result<PhotoCache, io::Error> {
        fs::create_dir_all(dir.join("photos")).map_err(|err| with_path(err, dir))?;
        Ok(PhotoCache {
            dir: dir.to_path_buf(),
            index: Mutex::new(read_index(dir)),
            decodes: AtomicUsize::new(0),
        })
    }

    /// The folder the cache lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many photos this handle has decoded (cache misses) so far.
    pub fn decode_count(&self) -> usize {
        self.decodes.load(Ordering::Relaxed)
    }

    /// Content hash of a source file, using a (path, size, mtime) index
    /// persisted in the cache so an unchanged file is not re-read; a renamed
    /// file is re-hashed (cheap) and then hits the content cache.
    pub fn hash_file(&self, path: &Path) -> Result<String, PhotoError> {
        let stamp = stamp(path)?;
        if let Some(hash) = self.indexed_hash(&stamp) {
            return Ok(hash);
        }
        let bytes = fs::read(path).map_err(|err| PhotoError::read_source(path, &err))?;
        let hash = content_hash(&bytes);
        self.remember(stamp, &hash);
        Ok(hash)
    }

    /// Persists the hash index: what this process learned merged into the index on
    /// disk (another build sharing the cache may have saved its own meanwhile), files
    /// that no longer exist dropped. Read, merge and replace happen under a short lock
    /// of their own, so two builds saving at once lose nothing of each other's.
    pub fn save_index(&self) -> Result<(), io::Error> {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let lock_path = self.dir.join(INDEX_LOCK);
        let lock = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|err| with_path(err, &lock_path))?;
        lock.lock().map_err(|err| with_path(err, &lock_path))?;
        let on_disk = read_index(&self.dir);
        let mut merged = on_disk.files.clone();
        for path in &index.learned {
            if let Some(entry) = index.files.get(path) {
                merged.insert(path.clone(), entry.clone());
            }
        }
        merged.retain(|path, _| Path::new(path).exists());
        index.learned.clear();
        index.files = merged;
        if index.files == on_disk.files && self.dir.join(INDEX_FILE).is_file() {
            return Ok(());
        }
        let json = serde_json::to_vec(&*index).map_err(io::Error::other)?;
        write_atomic(&self.dir.join(INDEX_FILE), &json)
        // `lock` is released as it is dropped, after the rename.
    }

    pub(crate) fn indexed_hash(&self, stamp: &SourceStamp) -> Option<String> {
        let mtime_ns = stamp.mtime_ns?;
        let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let entry = index.files.get(&stamp.canonical)?;
        (entry.size == stamp.size && entry.mtime_ns == mtime_ns).then(|| entry.hash.clone())
    }

    pub(crate) fn remember(&self, stamp: SourceStamp, hash: &str) {
        let Some(mtime_ns) = stamp.mtime_ns else {
            return;
        };
        let entry = IndexEntry {
            size: stamp.size,
            mtime_ns,
            hash: hash.to_owned(),
        };
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if index.files.get(&stamp.canonical) != Some(&entry) {
            index.learned.insert(stamp.canonical.clone());
            index.files.insert(stamp.canonical, entry);
        }
    }

    /// The folder of the entry for `key`.
    pub(crate) fn entry_dir(&self, key: &str) -> PathBuf {
        self.dir.join("photos").join(&key[..2]).join(key)
    }

    /// The finished entry for `key`, if `meta.json` is there and every image it names
    /// is still the file that was sealed (length and hash); the entry is marked used.
    pub(crate) fn lookup(&self, key: &str, source_hash: &str) -> Option<Processed> {
        let dir = self.entry_dir(key);
        let meta: Meta = serde_json::from_slice(&read_marking_used(&dir.join(META_FILE))?).ok()?;
        if meta.pipeline != PIPELINE_VERSION || meta.source_hash != source_hash {
            return None;
        }
        let renditions = meta
            .renditions
            .iter()
            .map(|r| rendition_paths(&dir, r.width, r.height))
            .collect::<Vec<_>>();
        let holds = |path: &Path, seal: &Option<Seal>| seal.as_ref().is_some_and(|s| s.holds(path));
        if renditions.is_empty()
            || !renditions
                .iter()
                .zip(&meta.renditions)
                .all(|(r, m)| holds(&r.webp, &m.webp) && holds(&r.jpeg, &m.jpeg))
        {
            return None;
        }
        Some(Processed {
            hash: source_hash.to_owned(),
            key: key.to_owned(),
            width: meta.width,
            height: meta.height,
            renditions,
            decoded: false,
            preview: None,
        })
    }

    /// Makes the entry folder ready for writing. Temporary files left there by a build
    /// that was killed are not removed here — one of another build writing this entry
    /// at this moment looks the same — but by pruning, which runs alone.
    pub(crate) fn prepare_entry(&self, key: &str) -> Result<PathBuf, PhotoError> {
        let dir = self.entry_dir(key);
        fs::create_dir_all(&dir).map_err(|err| PhotoError::cache(&dir, &err))?;
        Ok(dir)
    }

    /// Writes one file of an entry, atomically; what it wrote, for the seal.
    pub(crate) fn write_image(&self, path: &Path, bytes: &[u8]) -> Result<Seal, PhotoError> {
        write_atomic(path, bytes).map_err(|err| PhotoError::cache(path, &err))?;
        Ok(Seal::of(bytes))
    }

    /// Seals an entry: after this, [`PhotoCache::lookup`] trusts it. `seals` are the
    /// (WebP, JPEG) of each rendition, as written.
    pub(crate) fn write_meta(
        &self,
        processed: &Processed,
        seals: Vec<(Seal, Seal)>,
    ) -> Result<(), PhotoError> {
        let meta = Meta {
            pipeline: PIPELINE_VERSION,
            source_hash: processed.hash.clone(),
            width: processed.width,
            height: processed.height,
            renditions: processed
                .renditions
                .iter()
                .zip(seals)
                .map(|(r, (webp, jpeg))| MetaRendition {
                    width: r.width,
                    height: r.height,
                    webp: Some(webp),
                    jpeg: Some(jpeg),
                })
                .collect(),
        };
        let path = self.entry_dir(&processed.key).join(META_FILE);
        let json = serde_json::to_vec_pretty(&meta)
            .map_err(|err| PhotoError::internal("writing meta.json").with_detail(err))?;
        write_atomic(&path, &json).map_err(|err| PhotoError::cache(&path, &err))
    }
}

/// The index on disk, or an empty one when it is missing or damaged.
fn read_index(dir: &Path) -> HashIndex {
    fs::read(dir.join(INDEX_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<HashIndex>(&bytes).ok())
        .unwrap_or_default()
}

/// Reads an entry's seal file (`meta.json`, `preview.json`) and records that the entry
/// was used, for pruning: its mtime set to now when older than [`MARK_USED_AFTER`].
/// A cache that cannot be written (read-only) is still read.
pub(crate) fn read_marking_used(path: &Path) -> Option<Vec<u8>> {
    let mut file = File::options()
        .read(true)
        .write(true)
        .open(path)
        .or_else(|_| File::open(path))
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let now = SystemTime::now();
    let stale = file
        .metadata()
        .and_then(|m| m.modified())
        .map_or(true, |t| {
            now.duration_since(t).is_ok_and(|age| age > MARK_USED_AFTER)
        });
    if stale {
        let _ = file.set_modified(now);
    }
    Some(bytes)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`:
/// readers see the old file or the whole new one, never a part. The temporary name is
/// random (`tempfile`), so processes writing the same entry at once — even with the
/// same process id, from two containers sharing the cache — never share one; another
/// process's whole file renamed over ours, or ours over theirs, holds the same bytes.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), io::Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let prefix = format!(".{}.", name.unwrap_or_default());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // tempfile makes files only its owner can read; a cache file is published as is
    // (copied into the site), so it gets what `fs::write` would give: 0o666 less umask.
    #[cfg(unix)]
    builder.permissions(<fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o666));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|err| with_path(err, path))?;
    temp.write_all(bytes).map_err(|err| with_path(err, path))?;
    temp.persist(path)
        .map(drop)
        .map_err(|err| with_path(err.error, path))
}

/// The paths of the two files of one web image in an entry folder.
pub(crate) fn rendition_paths(dir: &Path, width: u32, height: u32) -> Rendition {
    Rendition {
        width,
        height,
        webp: dir.join(format!("{width}.webp")),
        jpeg: dir.join(format!("{width}.jpg")),
    }
}

/// Reads a source file's identity for the index, without reading its bytes.
pub(crate) fn stamp(path: &Path) -> Result<SourceStamp, PhotoError> {
    let meta = fs::metadata(path).map_err(|err| PhotoError::read_source(path, &err))?;
    let canonical = fs::canonicalize(path).map_err(|err| PhotoError::read_source(path, &err))?;
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok());
    Ok(SourceStamp {
        canonical: canonical.to_string_lossy().into_owned(),
        size: meta.len(),
        mtime_ns,
    })
}

/// The hex blake3 of a photo's bytes.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// The entry key: everything the web images depend on. Changing the widths,
/// the quality or the pipeline gives new entries; old ones stay unused.
pub(crate) fn entry_key(source_hash: &str, settings: &ImageSettings) -> String {
    let widths: Vec<String> = settings.widths.iter().map(u32::to_string).collect();
    let recipe = format!(
        "etalase photos v{PIPELINE_VERSION}\nsource {source_hash}\nwidths {}\nquality {}\n",
        widths.join(","),
        settings.quality
    );
    let hex = blake3::hash(recipe.as_bytes()).to_hex();
    hex[..32].to_owned()
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::time::{Duration, SystemTime};

    use crate::photos::ImageSettings;
    use crate::photos::cache::{PhotoCache, entry_key};

    #[test]
    fn hash_index_skips_unchanged_files_and_survives_reopening() {
        let tmp = tempfile::tempdir().unwrap();
        let photo = tmp.path().join("botol.jpg");
        fs::write(&photo, b"first version").unwrap();
        let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        fs::File::options()
            .write(true)
            .open(&photo)
            .unwrap()
            .set_modified(when)
            .unwrap();
        let cache_dir = tmp.path().join("cache");
        let first = {
            let cache = PhotoCache::open(&cache_dir).unwrap();
            let hash = cache.hash_file(&photo).unwrap();
            assert_eq!(hash, blake3::hash(b"first version").to_hex().to_string());
            cache.save_index().unwrap();
            hash
        };
        // Same size, same mtime, other bytes: a reopened cache trusts its
        // index and does not read the file, which proves the index is used.
        fs::write(&photo, b"other version").unwrap();
        let file = fs::File::options().write(true).open(&photo).unwrap();
        file.set_modified(when).unwrap();
        let cache = PhotoCache::open(&cache_dir).unwrap();
        assert_eq!(cache.hash_file(&photo).unwrap(), first);
        // A new mtime: hashed again.
        file.set_modified(when + Duration::from_secs(1)).unwrap();
        assert_eq!(
            cache.hash_file(&photo).unwrap(),
            blake3::hash(b"other version").to_hex().to_string()
        );
    }

    #[test]
    fn damaged_index_is_ignored_and_gone_files_are_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let cache_dir = tmp.path().join("cache");
        fs::create_dir_all(&cache_dir).unwrap();
        fs::write(cache_dir.join("index.json"), b"{ half written").unwrap();
        let cache = PhotoCache::open(&cache_dir).unwrap();
        let photo = tmp.path().join("a.jpg");
        fs::write(&photo, b"bytes").unwrap();
        cache.hash_file(&photo).unwrap();
        cache.save_index().unwrap();
        let saved = fs::read_to_string(cache_dir.join("index.json")).unwrap();
        assert!(saved.contains("a.jpg"));
        fs::remove_file(&photo).unwrap();
        cache.save_index().unwrap();
        let saved = fs::read_to_string(cache_dir.join("index.json")).unwrap();
        assert!(!saved.contains("a.jpg"));
        let leftovers: Vec<_> = fs::read_dir(&cache_dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn entry_key_depends_on_content_and_settings() {
        let settings = ImageSettings::default().normalized();
        let a = entry_key("aa", &settings);
        assert_eq!(a.len(), 32);
        assert_ne!(a, entry_key("ab", &settings));
        let other_quality = ImageSettings {
            quality: 80,
            ..ImageSettings::default()
        };
        assert_ne!(a, entry_key("aa", &other_quality.normalized()));
        let reordered = ImageSettings {
            widths: vec![1280, 320, 640, 640],
            quality: 75,
        };
        assert_eq!(a, entry_key("aa", &reordered.normalized()));
    }
}
