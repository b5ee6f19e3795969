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

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::photos::error::PhotoError;
use crate::photos::{ImageSettings, PIPELINE_VERSION, Processed, Rendition};

const INDEX_FILE: &str = "index.json";
const META_FILE: &str = "meta.json";
const TEMP_SUFFIX: &str = ".tmp";

/// Web images made from photos, kept between builds.
pub struct PhotoCache {
    dir: PathBuf,
    index: Mutex<HashIndex>,
    /// Photos decoded through this handle (cache misses), for reporting.
    pub(crate) decodes: AtomicUsize,
    temp_counter: AtomicU64,
}

#[derive(Default, Serialize, Deserialize)]
struct HashIndex {
    files: BTreeMap<String, IndexEntry>,
    #[serde(skip)]
    dirty: bool,
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
    /// Sizes of the two files as written: a file of another size was cut off or
    /// damaged after the entry was sealed (a disk full, a crash of the machine, a
    /// hand in the cache folder) and the entry is made again. Entries written before
    /// these were kept have none and are made again once.
    #[serde(default)]
    webp_bytes: Option<u64>,
    #[serde(default)]
    jpeg_bytes: Option<u64>,
}

impl PhotoCache {
    /// Opens the cache at `dir`, creating it if needed. An unreadable or
    /// damaged index is ignored: every file is then simply hashed again.
    pub fn open(dir: &Path) -> Result<PhotoCache, io::Error> {
        fs::create_dir_all(dir.join("photos")).map_err(|err| with_path(err, dir))?;
        let index = fs::read(dir.join(INDEX_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<HashIndex>(&bytes).ok())
            .unwrap_or_default();
        Ok(PhotoCache {
            dir: dir.to_path_buf(),
            index: Mutex::new(index),
            decodes: AtomicUsize::new(0),
            temp_counter: AtomicU64::new(0),
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

    /// Persists the hash index, dropping files that no longer exist.
    pub fn save_index(&self) -> Result<(), io::Error> {
        let json = {
            let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            let before = index.files.len();
            index.files.retain(|path, _| Path::new(path).exists());
            if !index.dirty && index.files.len() == before {
                return Ok(());
            }
            index.dirty = false;
            serde_json::to_vec(&*index).map_err(io::Error::other)?
        };
        self.write_atomic(&self.dir.join(INDEX_FILE), &json)
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
            index.files.insert(stamp.canonical, entry);
            index.dirty = true;
        }
    }

    /// The folder of the entry for `key`.
    pub(crate) fn entry_dir(&self, key: &str) -> PathBuf {
        self.dir.join("photos").join(&key[..2]).join(key)
    }

    /// The finished entry for `key`, if `meta.json` and every image it names
    /// are there.
    pub(crate) fn lookup(&self, key: &str, source_hash: &str) -> Option<Processed> {
        let dir = self.entry_dir(key);
        let meta: Meta = serde_json::from_slice(&fs::read(dir.join(META_FILE)).ok()?).ok()?;
        if meta.pipeline != PIPELINE_VERSION || meta.source_hash != source_hash {
            return None;
        }
        let renditions = meta
            .renditions
            .iter()
            .map(|r| rendition_paths(&dir, r.width, r.height))
            .collect::<Vec<_>>();
        let size_is = |path: &Path, want: Option<u64>| {
            fs::metadata(path).is_ok_and(|m| m.is_file() && Some(m.len()) == want)
        };
        if renditions.is_empty()
            || !renditions
                .iter()
                .zip(&meta.renditions)
                .all(|(r, m)| size_is(&r.webp, m.webp_bytes) && size_is(&r.jpeg, m.jpeg_bytes))
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

    /// Makes the entry folder ready for writing, clearing temporary files an
    /// interrupted build of another process left there.
    pub(crate) fn prepare_entry(&self, key: &str) -> Result<PathBuf, PhotoError> {
        let dir = self.entry_dir(key);
        fs::create_dir_all(&dir).map_err(|err| PhotoError::cache(&dir, &err))?;
        let ours = format!(".{}.", std::process::id());
        if let Ok(listing) = fs::read_dir(&dir) {
            for file in listing.flatten() {
                let name = file.file_name();
                let name = name.to_string_lossy();
                if name.ends_with(TEMP_SUFFIX) && !name.contains(&ours) {
                    let _ = fs::remove_file(file.path());
                }
            }
        }
        Ok(dir)
    }

    /// Writes one web image of an entry, atomically.
    pub(crate) fn write_image(&self, path: &Path, bytes: &[u8]) -> Result<(), PhotoError> {
        self.write_atomic(path, bytes)
            .map_err(|err| PhotoError::cache(path, &err))
    }

    /// Seals an entry: after this, [`PhotoCache::lookup`] trusts it.
    pub(crate) fn write_meta(&self, processed: &Processed) -> Result<(), PhotoError> {
        let meta = Meta {
            pipeline: PIPELINE_VERSION,
            source_hash: processed.hash.clone(),
            width: processed.width,
            height: processed.height,
            renditions: processed
                .renditions
                .iter()
                .map(|r| MetaRendition {
                    width: r.width,
                    height: r.height,
                    webp_bytes: fs::metadata(&r.webp).ok().map(|m| m.len()),
                    jpeg_bytes: fs::metadata(&r.jpeg).ok().map(|m| m.len()),
                })
                .collect(),
        };
        let path = self.entry_dir(&processed.key).join(META_FILE);
        let json = serde_json::to_vec_pretty(&meta)
            .map_err(|err| PhotoError::internal("writing meta.json").with_detail(err))?;
        self.write_atomic(&path, &json)
            .map_err(|err| PhotoError::cache(&path, &err))
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it over
    /// `path`: readers see the old file or the whole new one, never a part.
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), io::Error> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
        let temp = path.with_file_name(format!(".{name}.{}.{n}{TEMP_SUFFIX}", std::process::id()));
        let result = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result.map_err(|err| with_path(err, path))
    }
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
