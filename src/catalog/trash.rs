//! The catalog's trash (issue 17, point 2): what the workshop deletes — a photo, a
//! product, a village, or a file an undo takes back — is moved, never removed, into
//! `<content>/.etalase-sampah/`, whence it can be restored.
//!
//! - **Out of the site and of git.** The build never reads a dot folder
//!   ([`crate::catalog::load::is_ignored`]); the trash holds a `.gitignore` of `*`, so
//!   git never sees it even in a repository whose own `.gitignore` does not list it
//!   (`etalase init`'s does): nothing deleted is ever pushed.
//! - **One entry per deletion**: a folder `<UTC time>-<n>` holding the thing moved
//!   (with `rename`, so its bytes and modification times are kept) under its own name,
//!   and [`RECORD`], a small JSON record of what it was ([`Kind`]), its path inside the
//!   content folder, its name as the workshop shows it, and when.
//! - **Restored** to its path; when that path is taken meanwhile, beside it under the
//!   first free name (`name-2`, `stem-2.ext`), and the caller says so. A product whose
//!   village is gone (or a photo whose product is) is not restored: its folder first.
//!
//! Every move takes the catalog lock exclusively (the same thread may hold it already,
//! [`crate::output::lock`]).

use crate::catalog::form::write_whole;
use crate::diag::Text;
use crate::diag::fsio::IoError;
use crate::output::lock::{self, Access, Guarded, LockError, Wait};
use crate::text;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The trash folder, under the content folder.
pub const TRASH: &str = ".etalase-sampah";

/// An entry's record, beside the thing it holds.
pub const RECORD: &str = ".sampah.json";

/// What a trash entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Photo,
    Product,
    Village,
    /// Any other file (a `product.yaml` an undo took back).
    File,
}

/// One deletion in the trash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry's folder name in the trash (not in the record).
    #[serde(skip)]
    pub id: String,
    pub kind: Kind,
    /// Where it was, inside the content folder, with `/` between the parts.
    pub original: String,
    /// Its name as the workshop shows it: the product's or village's `name`; for a
    /// photo or a file, the name of the product it was in (or empty).
    pub name: String,
    /// When it was deleted: an RFC 3339 time, UTC.
    pub when: String,
}

impl Entry {
    /// The file or folder name of what the entry holds.
    pub fn file_name(&self) -> &str {
        self.original.rsplit('/').next().unwrap_or(&self.original)
    }
}

/// A restore done.
#[derive(Debug, Clone)]
pub struct Restored {
    pub entry: Entry,
    /// Where it is now, inside the content folder.
    pub path: PathBuf,
    /// Whether its own path was taken, so it was put beside it under another name.
    pub beside: bool,
}

/// Why nothing was moved.
#[derive(Debug)]
pub enum TrashError {
    /// The path is not a plain path inside the content folder, or nothing is there.
    NotThere(PathBuf),
    /// No entry of that name in the trash (restored already).
    NoSuchEntry(String),
    /// The folder to restore into is gone: that of the product (for a photo) or of the
    /// village (for a product).
    ParentGone {
        kind: Kind,
        parent: String,
    },
    /// The path to restore to is taken (an undo restores to its own path only).
    Taken(PathBuf),
    Lock(LockError),
    Io(IoError),
}

impl From<IoError> for TrashError {
    fn from(e: IoError) -> Self {
        TrashError::Io(e)
    }
}

impl TrashError {
    /// The failure in the volunteer's languages.
    pub fn text(&self) -> Text {
        match self {
            TrashError::NotThere(path) => {
                let p = crate::diag::display_path(path);
                text!(en: "{p} is not there", id: "{p} tidak ada")
            }
            TrashError::NoSuchEntry(id) => text!(
                en: "{id} is not in the trash (restored already?)",
                id: "{id} tidak ada di Sampah (sudah dipulihkan?)"
            ),
            TrashError::ParentGone { kind, parent } => match kind {
                Kind::Product => text!(
                    en: "the village folder {parent} is gone: restore the village first",
                    id: "folder desa {parent} sudah tidak ada: pulihkan desanya dulu"
                ),
                _ => text!(
                    en: "the folder {parent} is gone: restore the product first",
                    id: "folder {parent} sudah tidak ada: pulihkan produknya dulu"
                ),
            },
            TrashError::Taken(path) => {
                let p = crate::diag::display_path(path);
                text!(
                    en: "{p} is there again: move it away first",
                    id: "{p} sudah ada lagi: pindahkan dulu"
                )
            }
            TrashError::Lock(e) => e.text(),
            TrashError::Io(e) => e.text(),
        }
    }
}

/// Takes the catalog lock (at once when this thread holds it).
pub fn catalog_lock(content: &Path, wait: &Wait<'_>) -> Result<lock::Lock, LockError> {
    lock::acquire(content, content, Guarded::Catalog, Access::Exclusive, wait)
}

/// Gives the trash of `content`, if there is one, its `.gitignore` of `*` when it
/// lacks it (a trash from before it had one): done before anything is committed, so
/// git leaves the trash out by itself.
pub fn keep_out_of_git(content: &Path) -> Result<(), IoError> {
    if std::fs::symlink_metadata(content.join(TRASH)).is_ok_and(|m| m.is_dir()) {
        trash_dir(content)?;
    }
    Ok(())
}

/// The trash folder of `content`, made with its `.gitignore` when missing.
fn trash_dir(content: &Path) -> Result<PathBuf, IoError> {
    let dir = content.join(TRASH);
    crate::diag::fsio::create_dir_all(&dir)?;
    let ignore = dir.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        write_whole(
            &ignore,
            b"# etalase's trash: never committed, never published.\n*\n",
        )?;
    }
    Ok(dir)
}

/// `relative` as the trash records it, when it is a plain path inside the catalog: no
/// `..`, no root, not in a hidden folder.
fn recorded_path(relative: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in relative.components() {
        match c {
            Component::Normal(n) => {
                let n = n.to_str()?;
                if n.starts_with('.') {
                    return None;
                }
                parts.push(n.to_string());
            }
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Moves `relative` (a file or folder inside `content`) into a new trash entry, under
/// the catalog lock, recorded as a `kind` named `name`.
pub fn put(
    content: &Path,
    relative: &Path,
    kind: Kind,
    name: &str,
    wait: &Wait<'_>,
) -> Result<Entry, TrashError> {
    let not_there = || TrashError::NotThere(relative.to_path_buf());
    let original = recorded_path(relative).ok_or_else(not_there)?;
    let _held = catalog_lock(content, wait).map_err(TrashError::Lock)?;
    let source = content.join(relative);
    if std::fs::symlink_metadata(&source).is_err() {
        return Err(not_there());
    }
    let trash = trash_dir(content)?;
    let now = jiff::Timestamp::now();
    let stamp = now.strftime("%Y%m%dT%H%M%S").to_string();
    let mut n = 1;
    let (id, folder) = loop {
        let id = format!("{stamp}-{n:03}");
        let dir = trash.join(&id);
        match std::fs::create_dir(&dir) {
            Ok(()) => break (id, dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(source) => return Err(io("write", &dir, source).into()),
        }
    };
    let entry = Entry {
        id,
        kind,
        original,
        name: name.to_string(),
        when: now.to_string(),
    };
    fill(content, &folder, &entry, &source)?;
    Ok(entry)
}

/// Moves `relative` back into the entry it was restored from (an undo of the restore):
/// the same entry again, so that an older change naming it (its deletion) can be
/// undone next.
pub fn put_back(
    content: &Path,
    relative: &Path,
    entry: &Entry,
    wait: &Wait<'_>,
) -> Result<(), TrashError> {
    let not_there = || TrashError::NotThere(relative.to_path_buf());
    recorded_path(relative).ok_or_else(not_there)?;
    read_entry(content, &entry.id).map_or(Ok(()), |_| {
        Err(TrashError::Taken(Path::new(TRASH).join(&entry.id)))
    })?;
    if entry.id.is_empty()
        || !entry
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(TrashError::NoSuchEntry(entry.id.clone()));
    }
    let _held = catalog_lock(content, wait).map_err(TrashError::Lock)?;
    let source = content.join(relative);
    if std::fs::symlink_metadata(&source).is_err() {
        return Err(not_there());
    }
    let folder = trash_dir(content)?.join(&entry.id);
    std::fs::create_dir(&folder).map_err(|e| io("write", &folder, e))?;
    fill(content, &folder, entry, &source)
}

/// Writes `entry`'s record into its new `folder`, then moves `source` in beside it;
/// on failure the folder is removed and `source` left where it was.
fn fill(content: &Path, folder: &Path, entry: &Entry, source: &Path) -> Result<(), TrashError> {
    // The record first: a thing in the trash always says where it goes back.
    let json = serde_json::to_vec_pretty(entry).unwrap_or_default();
    let undo = |e: IoError| {
        let _ = std::fs::remove_dir_all(folder);
        TrashError::Io(e)
    };
    write_whole(&folder.join(RECORD), &json).map_err(undo)?;
    let target = folder.join(entry.file_name());
    std::fs::rename(source, &target).map_err(|e| undo(io("move", source, e)))?;
    sync(folder);
    sync(source.parent().unwrap_or(content));
    Ok(())
}

/// The entries of the trash, newest first (folders without a readable record, as the
/// photos removed by an older etalase left them, are not listed).
pub fn list(content: &Path) -> Vec<Entry> {
    let Ok(dir) = std::fs::read_dir(content.join(TRASH)) else {
        return Vec::new();
    };
    let mut out: Vec<Entry> = dir
        .filter_map(Result::ok)
        .filter_map(|e| read_entry(content, &e.file_name().to_string_lossy()))
        .collect();
    out.sort_by(|a, b| b.id.cmp(&a.id));
    out
}

/// The entry `id`, when it is one of the trash.
pub fn read_entry(content: &Path, id: &str) -> Option<Entry> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let bytes = std::fs::read(content.join(TRASH).join(id).join(RECORD)).ok()?;
    let mut entry: Entry = serde_json::from_slice(&bytes).ok()?;
    recorded_path(Path::new(&entry.original))?;
    entry.id = id.to_string();
    let held = content.join(TRASH).join(id).join(entry.file_name());
    std::fs::symlink_metadata(held).ok()?;
    Some(entry)
}

/// Moves the entry `id` back to its path under the catalog lock; when that path is
/// taken, beside it under the first free name, unless `exact` (then refused). The
/// entry's folder is removed.
pub fn restore(
    content: &Path,
    id: &str,
    exact: bool,
    wait: &Wait<'_>,
) -> Result<Restored, TrashError> {
    let _held = catalog_lock(content, wait).map_err(TrashError::Lock)?;
    let entry = read_entry(content, id).ok_or_else(|| TrashError::NoSuchEntry(id.to_string()))?;
    let relative = PathBuf::from(&entry.original);
    let parent = relative.parent().unwrap_or(Path::new(""));
    if !parent.as_os_str().is_empty()
        && !std::fs::symlink_metadata(content.join(parent)).is_ok_and(|m| m.is_dir())
    {
        return Err(TrashError::ParentGone {
            kind: entry.kind,
            parent: entry.original[..entry.original.len() - entry.file_name().len() - 1]
                .to_string(),
        });
    }
    let folder = content.join(TRASH).join(id);
    let source = folder.join(entry.file_name());
    let taken = |p: &Path| std::fs::symlink_metadata(content.join(p)).is_ok();
    let mut path = relative.clone();
    if taken(&path) {
        if exact {
            return Err(TrashError::Taken(relative));
        }
        let is_dir = std::fs::symlink_metadata(&source).is_ok_and(|m| m.is_dir());
        path = (2..)
            .map(|n| parent.join(numbered(entry.file_name(), n, is_dir)))
            .find(|p| !taken(p))
            .unwrap_or(relative.clone());
    }
    let target = content.join(&path);
    std::fs::rename(&source, &target).map_err(|e| io("move", &target, e))?;
    let _ = std::fs::remove_file(folder.join(RECORD));
    let _ = std::fs::remove_dir(&folder);
    sync(target.parent().unwrap_or(content));
    Ok(Restored {
        beside: path != relative,
        entry,
        path,
    })
}

/// `name-N` for a folder, `stem-N.ext` for a file.
fn numbered(name: &str, n: usize, is_dir: bool) -> String {
    match name.rfind('.') {
        Some(i) if i > 0 && !is_dir => format!("{}-{n}{}", &name[..i], &name[i..]),
        _ => format!("{name}-{n}"),
    }
}

fn sync(dir: &Path) {
    let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> IoError {
    IoError {
        path: path.to_path_buf(),
        action,
        source,
    }
}

#[cfg(test)]
mod tests;
