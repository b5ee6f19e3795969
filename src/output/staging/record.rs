//! What the last builds left in the output and in the hidden folder, so that a warm
//! build renders and writes only what changed.
//!
//! For each of the two folders a build alternates between (the output, and the hidden
//! folder holding the site before last; told apart by the folder's own identity, which
//! a swap carries along), the record keeps, for every file, a fingerprint of what made
//! it (for a page: the templates, the words and the page's context; for another file:
//! its bytes) and the stamp of the file it produced: size, modification and change
//! times, inode. A file is taken as still holding what its fingerprint says only when
//! its stamp is still the recorded one: a file written since — by hand, by a build that
//! was killed, by anything — has another change time, and is made again. Folders are
//! recorded with their modification times, so a file added by hand is noticed too.
//!
//! The record lives in the cache folder (`pages/`, a file per output), never in the
//! published site: a host serves nothing of it. Losing it costs one full build, nothing
//! more.

use crate::diag::fsio;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What made a file: equal fingerprints make equal bytes.
pub type Fingerprint = u128;

/// What the system says of a file, enough to tell it was not written since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub len: u64,
    pub modified: i128,
    pub changed: i128,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of a file from its metadata (`lstat`: a symbolic link is its own).
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: meta.len(),
                modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
                changed: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let nanos = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i128)
            };
            Stamp {
                len: meta.len(),
                modified: nanos(meta.modified()),
                changed: 0,
                inode: 0,
            }
        }
    }

    /// The stamp of the file at `path`, when it is a file (not a link, not a folder).
    pub fn at(path: &Path) -> Option<Stamp> {
        std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| Stamp::of(&m))
    }

    /// A folder's stamp: its modification time (an entry added or removed changes it)
    /// and identity. Not its change time, which renaming the folder changes.
    pub fn of_folder(meta: &std::fs::Metadata) -> Stamp {
        let s = Stamp::of(meta);
        Stamp {
            len: 0,
            changed: 0,
            ..s
        }
    }
}

/// One file as the record knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub fingerprint: Fingerprint,
    pub stamp: Stamp,
    /// What the caller keeps beside it (a page's revision in the service worker's list).
    pub note: String,
}

/// What one folder held when it was last written: files and folders by `/`-separated
/// path (the folder itself is `""`).
#[derive(Debug, Clone, Default)]
pub struct Held {
    pub files: HashMap<String, Known>,
    pub dirs: HashMap<String, Stamp>,
}

/// A folder's identity: its device and inode, which a rename keeps.
pub type FolderId = (u64, u64);

/// The identity of the folder at `path`.
pub fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// The record of one output: what each of its two folders held.
#[derive(Debug, Default)]
pub struct Record {
    /// The file it is kept in; `None`: not kept.
    file: Option<PathBuf>,
    pub folders: Vec<(FolderId, Held)>,
}

const HEADER: &str = "etalase output record 1";

impl Record {
    /// The record of the output folder `out` kept in the cache folder `cache`; an
    /// empty one when there is none or it cannot be read.
    pub fn load(cache: &Path, out: &Path) -> Record {
        let file = file_of(cache, out);
        let folders = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| parse(&text))
            .unwrap_or_default();
        Record {
            file: Some(file),
            folders,
        }
    }

    /// What the folder `id` held, as recorded.
    pub fn held(&self, id: Option<FolderId>) -> Option<&Held> {
        let id = id?;
        self.folders.iter().find(|(f, _)| *f == id).map(|(_, h)| h)
    }

    /// Keeps `held` for the folder `id`, beside what the folder `other` held (the
    /// other folder of the output); every other folder is forgotten. Written whole then
    /// renamed; a record that cannot be saved only makes the next build do more.
    pub fn save(mut self, id: Option<FolderId>, held: Held, other: Option<FolderId>) {
        let Some(file) = self.file.take() else {
            return;
        };
        let mut folders = Vec::new();
        if let Some(other) = other.filter(|o| Some(*o) != id)
            && let Some(pos) = self.folders.iter().position(|(f, _)| *f == other)
        {
            folders.push(self.folders.swap_remove(pos));
        }
        if let Some(id) = id {
            folders.push((id, held));
        }
        let _ = write(&file, &folders);
    }
}

/// The file the record of the output folder `out` is kept in, in the cache folder.
pub(super) fn file_of(cache: &Path, out: &Path) -> PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(out.as_os_str().as_encoded_bytes());
    cache.join("pages").join(format!("{key:016x}.txt"))
}

fn write(file: &Path, folders: &[(FolderId, Held)]) -> std::io::Result<()> {
    let mut text = String::with_capacity(1 << 20);
    text.push_str(HEADER);
    text.push('\n');
    use std::fmt::Write as _;
    for ((dev, ino), held) in folders {
        let _ = writeln!(text, "folder\t{dev}\t{ino}");
        for (path, s) in &held.dirs {
            if fits(path) {
                let _ = writeln!(text, "d\t{path}\t{}\t{}", s.modified, s.inode);
            }
        }
        for (path, k) in &held.files {
            if fits(path) && fits(&k.note) {
                let s = &k.stamp;
                let _ = writeln!(
                    text,
                    "f\t{path}\t{:032x}\t{}\t{}\t{}\t{}\t{}",
                    k.fingerprint, s.len, s.modified, s.changed, s.inode, k.note
                );
            }
        }
    }
    write_whole(file, text.as_bytes())
}

/// Writes `bytes` to a temporary file beside `file` (its folder made), then renames it
/// over `file`: a reader sees the old file or the whole new one.
pub(super) fn write_whole(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        file.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A path or note the line format holds: no tab, no line break.
pub(super) fn fits(s: &str) -> bool {
    !s.contains(['\t', '\n', '\r'])
}

fn parse(text: &str) -> Option<Vec<(FolderId, Held)>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut folders: Vec<(FolderId, Held)> = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["folder", dev, ino] => {
                folders.push(((dev.parse().ok()?, ino.parse().ok()?), Held::default()));
            }
            ["d", path, modified, inode] => {
                let held = &mut folders.last_mut()?.1;
                held.dirs.insert(
                    path.to_string(),
                    Stamp {
                        modified: modified.parse().ok()?,
                        inode: inode.parse().ok()?,
                        ..Stamp::default()
                    },
                );
            }
            ["f", path, fp, len, modified, changed, inode, note] => {
                let held = &mut folders.last_mut()?.1;
                held.files.insert(
                    path.to_string(),
                    Known {
                        fingerprint: u128::from_str_radix(fp, 16).ok()?,
                        stamp: Stamp {
                            len: len.parse().ok()?,
                            modified: modified.parse().ok()?,
                            changed: changed.parse().ok()?,
                            inode: inode.parse().ok()?,
                        },
                        note: note.to_string(),
                    },
                );
            }
            _ => return None,
        }
    }
    Some(folders)
}

/// The stamps of the folder `root` and of every folder under it that holds one of
/// `files`: what [`Held::dirs`] records.
pub fn folder_stamps<'a>(
    root: &Path,
    files: impl Iterator<Item = &'a str>,
) -> fsio::Result<HashMap<String, Stamp>> {
    use rayon::prelude::*;
    let mut dirs: std::collections::HashSet<&str> = files.flat_map(super::parents).collect();
    dirs.insert("");
    dirs.into_par_iter()
        .map(|d| {
            let path = if d.is_empty() {
                root.to_path_buf()
            } else {
                crate::output::paths::out_path(root, d)
            };
            let meta = std::fs::symlink_metadata(&path).map_err(|source| fsio::IoError {
                path: path.clone(),
                action: "read",
                source,
            })?;
            Ok((d.to_string(), Stamp::of_folder(&meta)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_read_back_as_saved() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut held = Held::default();
        held.files.insert(
            "a/index.html".into(),
            Known {
                fingerprint: u128::MAX - 7,
                stamp: Stamp {
                    len: 3,
                    modified: -5,
                    changed: 1 << 70,
                    inode: 9,
                },
                note: "1a2b3c4d".into(),
            },
        );
        held.dirs.insert("".into(), Stamp::default());
        Record::load(tmp.path(), &out).save(Some((1, 2)), held.clone(), None);
        let back = Record::load(tmp.path(), &out);
        let got = back.held(Some((1, 2))).unwrap();
        assert_eq!(got.files, held.files);
        assert_eq!(got.dirs, held.dirs);
        assert!(back.held(Some((1, 3))).is_none());
    }
}
