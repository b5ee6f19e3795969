//! What the output was last built from, so that a build with nothing changed does
//! nothing: no reading, no planning, no rendering.
//!
//! While a build reads the catalog it stamps (see [`Stamp`]) every folder it lists,
//! before listing it, and every file it finds or reads, before reading it: the
//! [`Seen`]. After a build that wrote the site without an error, those stamps are kept
//! with a key for everything else the site depends on (the program, today's date, the
//! catalog's git history: the caller's) and the build's report: [`Built`]. The next
//! build asks the system for the stamps again; when each is the recorded one, the key
//! is the same and the output still holds what the record of its files says, the
//! output is what this build would write, and the kept report is printed again. Like
//! `make` or `ninja`, but with every file's change time, size and inode, not only its
//! modification time.
//!
//! A stamp taken before reading makes a change made during the build show as a
//! difference next time, never the reverse. A file changed twice within the
//! resolution of the file system's clock (two seconds on a FAT memory card) could keep
//! its stamp: so nothing is kept when a file read was changed in the two seconds
//! before the build began ("racily clean", as git calls it), and the next build does
//! the whole work again.
//!
//! Kept in the cache folder beside the record of the output's files
//! (`pages/<output>.built`), written whole then renamed. Losing it costs one build.

use super::record::{FolderId, Stamp, fits, write_whole};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How far before a build a file's change is too recent to trust its stamp: the
/// coarsest file system clock a volunteer's catalog may sit on (FAT, two seconds).
const RACY: Duration = Duration::from_secs(2);

/// The stamps of what a build read, taken as it read them.
#[derive(Debug)]
pub struct Seen {
    started: SystemTime,
    stamps: Mutex<Vec<(PathBuf, Kind, Stamp)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Folder,
    File,
}

impl Clone for Seen {
    fn clone(&self) -> Seen {
        Seen {
            started: self.started,
            stamps: Mutex::new(self.stamps.lock().map(|s| s.clone()).unwrap_or_default()),
        }
    }
}

impl Default for Seen {
    fn default() -> Seen {
        Seen::new()
    }
}

impl Seen {
    /// Stamps taken from now on.
    pub fn new() -> Seen {
        Seen {
            started: SystemTime::now(),
            stamps: Mutex::new(Vec::new()),
        }
    }

    fn push(&self, path: &Path, kind: Kind, stamp: Stamp) {
        if let Ok(mut stamps) = self.stamps.lock() {
            stamps.push((path.to_path_buf(), kind, stamp));
        }
    }

    /// A folder about to be listed, stamped now (links followed): its modification
    /// time tells an entry added, removed or renamed, its change time a folder made
    /// unreadable. A folder that is not there is stamped as such: its listing reports
    /// why.
    pub fn folder(&self, path: &Path) {
        let stamp = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_dir)
            .map(|m| Stamp::of(&m))
            .unwrap_or_default();
        self.push(path, Kind::Folder, stamp);
    }

    /// A file found in a listing, with the metadata the listing asked for (a link's
    /// target's).
    pub fn file(&self, path: &Path, meta: &std::fs::Metadata) {
        self.push(path, Kind::File, Stamp::of(meta));
    }

    /// A file about to be read that no listing found (a logo or a photo in a
    /// sub-folder), stamped now; one that is not there is stamped as such.
    pub fn file_at(&self, path: &Path) {
        let stamp = std::fs::metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| Stamp::of(&m))
            .unwrap_or_default();
        self.push(path, Kind::File, stamp);
    }

    /// Adds what `other` saw (the theme's files beside the catalog's), which began
    /// when it did.
    pub fn absorb(&mut self, other: Seen) {
        self.started = self.started.min(other.started);
        let more = other.stamps.into_inner().unwrap_or_default();
        if let Ok(stamps) = self.stamps.get_mut() {
            stamps.extend(more);
        }
    }

    /// Whether a file or folder seen was changed so shortly before the build began
    /// that its stamp may not tell a later change (see [`RACY`]).
    fn racy(&self) -> bool {
        let Ok(since) = self.started.duration_since(SystemTime::UNIX_EPOCH) else {
            return true;
        };
        let limit = since.saturating_sub(RACY).as_nanos() as i128;
        let stamps = self.stamps.lock();
        stamps.map_or(true, |s| {
            s.iter()
                .any(|(_, _, st)| st.modified >= limit || st.changed >= limit)
        })
    }
}

/// What the output was last built from, as kept.
#[derive(Debug)]
pub struct Built {
    key: u128,
    out: FolderId,
    /// Paths relative to the content folder (as given), with their stamps.
    inputs: Vec<(String, Kind, Stamp)>,
    /// The build's report, as its caller kept it.
    pub report: String,
}

const HEADER: &str = "etalase built from 1";

/// The file the last build of the output `out` is kept in, in the cache folder.
fn file_of(cache: &Path, out: &Path) -> PathBuf {
    super::record::file_of(cache, out).with_extension("built")
}

impl Built {
    /// What the last build of the output folder `out` was made from, when kept.
    pub fn load(cache: &Path, out: &Path) -> Option<Built> {
        let text = std::fs::read_to_string(file_of(cache, out)).ok()?;
        parse(&text)
    }

    /// The output folder this was built into.
    pub fn out(&self) -> FolderId {
        self.out
    }

    /// How many files and folders were read.
    pub fn inputs(&self) -> usize {
        self.inputs.len()
    }

    /// Whether a build with `key` of the content folder `root` into the output `out`
    /// would read what this one read: same key, same output folder, every stamp the
    /// kept one (asked on every core).
    pub fn still(&self, key: u128, out: Option<FolderId>, root: &Path) -> bool {
        use rayon::prelude::*;
        self.key == key
            && out == Some(self.out)
            && self
                .inputs
                .par_iter()
                .with_min_len(256)
                .all(|(rel, kind, stamp)| {
                    let path = if rel.is_empty() {
                        root.to_path_buf()
                    } else {
                        root.join(rel)
                    };
                    let now = std::fs::metadata(&path).ok();
                    let now = match kind {
                        Kind::Folder => {
                            now.filter(std::fs::Metadata::is_dir).map(|m| Stamp::of(&m))
                        }
                        Kind::File => now
                            .filter(std::fs::Metadata::is_file)
                            .map(|m| Stamp::of(&m)),
                    };
                    now.unwrap_or_default() == *stamp
                })
    }

    /// Keeps what the build of `root` with `key` into the output folder `out` (its
    /// identity `out_id`) read, and its `report`. Nothing is kept (and what was is
    /// removed) when a file read was changed just before the build began, or a path
    /// does not fit the file's lines. Written whole then renamed; failing to keep it
    /// only makes the next build do the whole work.
    pub fn save(
        cache: &Path,
        out: &Path,
        out_id: Option<FolderId>,
        key: u128,
        root: &Path,
        seen: &Seen,
        report: &str,
    ) -> bool {
        let file = file_of(cache, out);
        let keep = out_id.filter(|_| !seen.racy()).and_then(|id| {
            let stamps = seen.stamps.lock().ok()?;
            let mut text = String::with_capacity(stamps.len() * 96 + report.len() + 64);
            use std::fmt::Write as _;
            let _ = writeln!(text, "{HEADER}\n{key:032x}\t{}\t{}", id.0, id.1);
            for (path, kind, s) in stamps.iter() {
                let rel = path.strip_prefix(root).unwrap_or(path);
                let rel = rel.to_str().filter(|r| fits(r))?;
                let k = match kind {
                    Kind::Folder => 'd',
                    Kind::File => 'f',
                };
                let _ = writeln!(
                    text,
                    "{k}\t{rel}\t{}\t{}\t{}\t{}",
                    s.len, s.modified, s.changed, s.inode
                );
            }
            // The report last, on one line (JSON escapes its line breaks).
            fits(report).then_some(())?;
            let _ = writeln!(text, "report\t{report}");
            Some(text)
        });
        match keep {
            Some(text) => write_whole(&file, text.as_bytes()).is_ok(),
            None => {
                let _ = std::fs::remove_file(&file);
                false
            }
        }
    }
}

fn parse(text: &str) -> Option<Built> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let head: Vec<&str> = lines.next()?.split('\t').collect();
    let [key, dev, ino] = head.as_slice() else {
        return None;
    };
    let mut built = Built {
        key: u128::from_str_radix(key, 16).ok()?,
        out: (dev.parse().ok()?, ino.parse().ok()?),
        inputs: Vec::new(),
        report: String::new(),
    };
    for line in lines {
        if let Some(report) = line.strip_prefix("report\t") {
            built.report = report.to_string();
            return Some(built);
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [k, rel, len, modified, changed, inode] = f.as_slice() else {
            return None;
        };
        let kind = match *k {
            "d" => Kind::Folder,
            "f" => Kind::File,
            _ => return None,
        };
        built.inputs.push((
            rel.to_string(),
            kind,
            Stamp {
                len: len.parse().ok()?,
                modified: modified.parse().ok()?,
                changed: changed.parse().ok()?,
                inode: inode.parse().ok()?,
            },
        ));
    }
    // A file cut short (no report line) is not trusted.
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old_catalog() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("content");
        std::fs::create_dir_all(root.join("desa")).unwrap();
        std::fs::write(root.join("catalog.yaml"), "title: x\n").unwrap();
        (tmp, root)
    }

    #[test]
    fn what_was_read_is_kept_and_any_change_is_seen() {
        let (tmp, root) = old_catalog();
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join("public"));
        std::thread::sleep(RACY + Duration::from_millis(100));
        let seen = Seen::new();
        seen.folder(&root);
        seen.folder(&root.join("desa"));
        seen.file_at(&root.join("catalog.yaml"));
        assert!(Built::save(
            &cache,
            &out,
            Some((1, 2)),
            7,
            &root,
            &seen,
            "{\"a\":1}"
        ));
        let built = Built::load(&cache, &out).unwrap();
        assert_eq!(built.report, "{\"a\":1}");
        assert_eq!(built.inputs(), 3);
        assert!(built.still(7, Some((1, 2)), &root));
        assert!(!built.still(8, Some((1, 2)), &root), "another key");
        assert!(
            !built.still(7, Some((1, 3)), &root),
            "another output folder"
        );
        // A file added to a folder read changes the folder's stamp.
        std::fs::write(root.join("desa/product.yaml"), "name: y\n").unwrap();
        assert!(!built.still(7, Some((1, 2)), &root));
        std::fs::remove_file(root.join("desa/product.yaml")).unwrap();
        let built = {
            std::thread::sleep(RACY + Duration::from_millis(100));
            let seen = Seen::new();
            seen.folder(&root.join("desa"));
            seen.file_at(&root.join("catalog.yaml"));
            assert!(Built::save(
                &cache,
                &out,
                Some((1, 2)),
                7,
                &root,
                &seen,
                "{}"
            ));
            Built::load(&cache, &out).unwrap()
        };
        assert!(built.still(7, Some((1, 2)), &root));
        // The same size, written again: its change time tells.
        std::fs::write(root.join("catalog.yaml"), "title: z\n").unwrap();
        assert!(!built.still(7, Some((1, 2)), &root));
    }

    #[test]
    fn nothing_is_kept_when_a_file_read_was_changed_just_before_the_build() {
        let (tmp, root) = old_catalog();
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join("public"));
        let seen = Seen::new();
        seen.file_at(&root.join("catalog.yaml"));
        assert!(!Built::save(
            &cache,
            &out,
            Some((1, 2)),
            7,
            &root,
            &seen,
            "{}"
        ));
        assert!(Built::load(&cache, &out).is_none());
    }

    #[test]
    fn a_kept_file_cut_short_is_not_trusted() {
        let text = format!("{HEADER}\n{:032x}\t1\t2\nd\t\t0\t5\t0\t9\n", 7u128);
        assert!(parse(&text).is_none());
        assert!(parse(&format!("{text}report\t{{}}\n")).is_some());
    }
}
