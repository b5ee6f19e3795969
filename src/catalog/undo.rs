//! Taking back a change the workshop made (issue 17, point 2): a [`Recorder`] holds
//! the catalog lock around a save, notes the files and folders the save may touch
//! before it, and makes of what changed a [`Change`]: for each file rewritten its bytes
//! before and a hash of what the save wrote; for each file or folder made, a hash of
//! it; each move into or out of the trash. [`undo`] puts it all back — rewritten files
//! to their bytes before, what was made into the trash (never removed), what was
//! deleted back from the trash, what was restored into it again — but only when every
//! file is still exactly as the change left it: one changed since (from another phone,
//! in a text editor) is named, and nothing is done.

use crate::catalog::form::write_whole;
use crate::catalog::load::is_photo_name;
use crate::catalog::trash::{self, Entry, Kind, TrashError};
use crate::diag::Text;
use crate::diag::fsio::IoError;
use crate::output::lock::{Lock, LockError, Wait};
use crate::text;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What one save changed, to take back.
#[derive(Debug, Clone, Default)]
pub struct Change {
    steps: Vec<Step>,
}

impl Change {
    /// Whether the save changed nothing.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The paths the change touched, inside the content folder.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Rewritten { path, .. } | Step::Made { path, .. } => path.clone(),
                Step::Trashed { original, .. } => PathBuf::from(original),
                Step::Restored { path, .. } => path.clone(),
            })
            .collect()
    }
}

/// One thing a change did. Paths are inside the content folder.
#[derive(Debug, Clone)]
enum Step {
    /// A file that was there rewritten: its bytes before, the hash of the bytes after.
    Rewritten {
        path: PathBuf,
        before: Vec<u8>,
        after: Option<blake3::Hash>,
    },
    /// A file or folder made where nothing was: the hash of what was made.
    Made {
        path: PathBuf,
        kind: Kind,
        after: blake3::Hash,
    },
    /// Moved into the trash, as the entry `entry`.
    Trashed { entry: String, original: String },
    /// Moved out of the trash to `path`, which then hashed `after`.
    Restored {
        entry: Entry,
        path: PathBuf,
        after: blake3::Hash,
    },
}

/// Why a change was not taken back.
#[derive(Debug)]
pub enum UndoError {
    /// The file or folder was changed since the change (its path inside the content
    /// folder).
    Changed(PathBuf),
    Trash(TrashError),
    Lock(LockError),
    Io(IoError),
}

impl UndoError {
    /// The failure in the volunteer's languages, naming the file.
    pub fn text(&self) -> Text {
        match self {
            UndoError::Changed(path) => {
                let p = crate::diag::display_path(path);
                text!(
                    en: "{p} was changed since (from another phone or by hand): nothing was undone",
                    id: "{p} sudah diubah sejak itu (dari HP lain atau langsung di file): tidak ada yang dibatalkan"
                )
            }
            UndoError::Trash(e) => e.text(),
            UndoError::Lock(e) => e.text(),
            UndoError::Io(e) => e.text(),
        }
    }
}

/// A save being recorded: holds the catalog lock from [`Recorder::start`] until dropped.
pub struct Recorder {
    content: PathBuf,
    _held: Lock,
    /// Files noted before: path inside the content folder, bytes (`None`: absent).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Folders whose entries were noted before: path, names, the kind of a new folder.
    listings: Vec<(PathBuf, BTreeSet<OsString>, Kind)>,
    /// Moves into and out of the trash, in order.
    moves: Vec<Step>,
}

impl Recorder {
    /// Takes the catalog lock (the saves inside take it again at once: same thread).
    pub fn start(content: &Path, wait: &Wait<'_>) -> Result<Recorder, LockError> {
        let held = trash::catalog_lock(content, wait)?;
        Ok(Recorder {
            content: content.to_path_buf(),
            _held: held,
            files: Vec::new(),
            listings: Vec::new(),
            moves: Vec::new(),
        })
    }

    fn inside(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.content)
            .unwrap_or(path)
            .to_path_buf()
    }

    /// Notes the file `path` (absolute, or inside the content folder) as it is now.
    pub fn file(&mut self, path: &Path) {
        let inside = self.inside(path);
        if self.files.iter().any(|(p, _)| *p == inside) {
            return;
        }
        let before = std::fs::read(self.content.join(&inside)).ok();
        self.files.push((inside, before));
    }

    /// Notes the names in the folder `dir` (none when it is not there): a folder that
    /// appears in it is recorded as made, of `kind`; a file, as a photo or a file.
    pub fn folder(&mut self, dir: &Path, kind: Kind) {
        let inside = self.inside(dir);
        let names = names(&self.content.join(&inside));
        self.listings.push((inside, names, kind));
    }

    /// Records a move into the trash made under this lock.
    pub fn trashed(&mut self, entry: &Entry) {
        self.moves.push(Step::Trashed {
            entry: entry.id.clone(),
            original: entry.original.clone(),
        });
    }

    /// Records a restore made under this lock.
    pub fn restored(&mut self, restored: &trash::Restored) {
        let after = tree_hash(&self.content.join(&restored.path)).unwrap_or(blake3::hash(b""));
        self.moves.push(Step::Restored {
            entry: restored.entry.clone(),
            path: restored.path.clone(),
            after,
        });
    }

    /// What changed since the notes, as a change to take back (empty when nothing did).
    pub fn finish(&mut self) -> Change {
        let mut made: Vec<Step> = Vec::new();
        for (dir, before, kind) in &self.listings {
            for name in names(&self.content.join(dir)) {
                if before.contains(&name) || name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = dir.join(&name);
                let full = self.content.join(&path);
                let is_dir = std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir());
                let kind = match (is_dir, is_photo_name(&name.to_string_lossy())) {
                    (true, _) => *kind,
                    (false, true) => Kind::Photo,
                    (false, false) => Kind::File,
                };
                if let Some(after) = tree_hash(&full) {
                    made.push(Step::Made { path, kind, after });
                }
            }
        }
        // A file made inside a folder made is the folder's.
        let made_paths: Vec<PathBuf> = made
            .iter()
            .filter_map(|s| match s {
                Step::Made { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect();
        made.retain(|s| match s {
            Step::Made { path, .. } => !made_paths.iter().any(|m| path != m && path.starts_with(m)),
            _ => true,
        });
        let within_made = |p: &Path, made: &[Step]| {
            made.iter()
                .any(|s| matches!(s, Step::Made { path, .. } if p.starts_with(path)))
        };
        let mut steps = Vec::new();
        for (path, before) in &self.files {
            if within_made(path, &made) {
                continue;
            }
            let now = std::fs::read(self.content.join(path)).ok();
            match (before, now) {
                (Some(b), Some(n)) if *b == n => {}
                (None, None) => {}
                (Some(b), n) => steps.push(Step::Rewritten {
                    path: path.clone(),
                    before: b.clone(),
                    after: n.map(|n| blake3::hash(&n)),
                }),
                (None, Some(n)) => made.push(Step::Made {
                    path: path.clone(),
                    kind: Kind::File,
                    after: file_hash(&n),
                }),
            }
        }
        steps.append(&mut made);
        steps.append(&mut self.moves);
        self.files.clear();
        self.listings.clear();
        Change { steps }
    }
}

/// The names in a folder (none when it cannot be read).
fn names(dir: &Path) -> BTreeSet<OsString> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect()
}

fn file_hash(bytes: &[u8]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    h.update(b"file\0");
    h.update(bytes);
    h.finalize()
}

/// A hash of a file's bytes, or of a folder's every path, kind and file's bytes
/// (recursively, links as their target's text); `None` when nothing is there.
pub fn tree_hash(path: &Path) -> Option<blake3::Hash> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.is_file() {
        return Some(file_hash(&std::fs::read(path).ok()?));
    }
    let mut h = blake3::Hasher::new();
    hash_into(&mut h, path, Path::new(""));
    Some(h.finalize())
}

fn hash_into(h: &mut blake3::Hasher, root: &Path, rel: &Path) {
    let full = root.join(rel);
    let Ok(meta) = std::fs::symlink_metadata(&full) else {
        return;
    };
    h.update(rel.to_string_lossy().as_bytes());
    h.update(b"\0");
    if meta.is_dir() {
        h.update(b"dir\0");
        for name in names(&full) {
            hash_into(h, root, &rel.join(name));
        }
    } else if meta.is_symlink() {
        h.update(b"link\0");
        if let Ok(target) = std::fs::read_link(&full) {
            h.update(target.to_string_lossy().as_bytes());
        }
    } else {
        h.update(b"file\0");
        let bytes = std::fs::read(&full).unwrap_or_default();
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
}

/// Takes `change` back in the catalog `content`, under the catalog lock: refused,
/// naming the first, when a file or folder it touched is not as it left it.
pub fn undo(content: &Path, change: &Change, wait: &Wait<'_>) -> Result<(), UndoError> {
    let _held = trash::catalog_lock(content, wait).map_err(UndoError::Lock)?;
    let here = |p: &Path| content.join(p);
    for step in &change.steps {
        match step {
            Step::Rewritten { path, after, .. } => {
                let now = std::fs::read(here(path)).ok().map(|b| blake3::hash(&b));
                if now != *after {
                    return Err(UndoError::Changed(path.clone()));
                }
            }
            Step::Made { path, after, .. } => {
                if tree_hash(&here(path)) != Some(*after) {
                    return Err(UndoError::Changed(path.clone()));
                }
            }
            Step::Restored { path, after, entry } => {
                if tree_hash(&here(path)) != Some(*after) {
                    return Err(UndoError::Changed(path.clone()));
                }
                let folder = Path::new(trash::TRASH).join(&entry.id);
                if std::fs::symlink_metadata(here(&folder)).is_ok() {
                    return Err(UndoError::Trash(TrashError::Taken(folder)));
                }
            }
            Step::Trashed { entry, original } => {
                if trash::read_entry(content, entry).is_none() {
                    return Err(UndoError::Trash(TrashError::NoSuchEntry(entry.clone())));
                }
                if std::fs::symlink_metadata(here(Path::new(original))).is_ok() {
                    return Err(UndoError::Trash(TrashError::Taken(PathBuf::from(original))));
                }
            }
        }
    }
    for step in change.steps.iter().rev() {
        match step {
            Step::Rewritten { path, before, .. } => {
                write_whole(&here(path), before).map_err(UndoError::Io)?;
            }
            Step::Made { path, kind, .. } => {
                let name = shown_name(content, &here(path), *kind);
                trash::put(content, path, *kind, &name, wait).map_err(UndoError::Trash)?;
            }
            Step::Trashed { entry, .. } => {
                trash::restore(content, entry, true, wait).map_err(UndoError::Trash)?;
            }
            Step::Restored { entry, path, .. } => {
                trash::put_back(content, path, entry, wait).map_err(UndoError::Trash)?;
            }
        }
    }
    Ok(())
}

/// The name the workshop shows for what is at `full` (a path under `content`, as
/// `content` names it), of `kind`: a product's or village's `name`; for a photo or a
/// file, its product's or village's; else its file name.
pub fn shown_name(content: &Path, full: &Path, kind: Kind) -> String {
    let named = |dir: &Path| -> Option<String> {
        let product = crate::catalog::form::read_form(content, dir)
            .ok()
            .filter(|f| f.parsed)
            .map(|f| f.values.get("name").trim().to_string());
        let village = || {
            crate::catalog::form::village::read_form(content, dir)
                .ok()
                .filter(|f| f.parsed)
                .map(|f| f.values.get("name").trim().to_string())
        };
        product.or_else(village).filter(|n| !n.is_empty())
    };
    let found = match kind {
        Kind::Product | Kind::Village => named(full),
        Kind::Photo | Kind::File => full.parent().and_then(named),
    };
    found.unwrap_or_else(|| {
        full.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}
