//! Writing the site without ever losing the last good one.
//!
//! The new site is made in a hidden folder beside the output, `.NAME.etalase-new`, and
//! swapped in only when every file is there: a build that fails, or is killed, leaves
//! the previous output exactly as it was. On Linux the swap is one atomic exchange of
//! the two folders, so a whole site is at the output at every moment; the site it
//! replaces becomes the next build's hidden folder. Elsewhere it is three renames
//! through `.NAME.etalase-old`, and the next run finds a swap killed midway and puts
//! the last good site back before anything else ([`Place::recover`]). When the output
//! is a symbolic link, what it points to is replaced and the link stays. One writer at
//! a time: [`Place::lock`].
//!
//! Keeping the old site makes rebuilds cheap: the next build brings that folder up to
//! date instead of writing everything again. A page whose bytes are already there is
//! left alone, and so is a photo whose copy already holds the cache file's bytes; what
//! the new site no longer has is removed, so a rebuild that changes one product writes
//! a handful of files, not thousands. Nothing in the hidden folder is trusted: every
//! file is compared with what it must hold. Photos are copies of the cache's files
//! (reflinks where the file system makes them), never hard links: a file written into
//! the published site can never change the cache, nor a damaged cache file a published
//! photo. Files are compared and written on every core. After a failure — a full disk
//! included — the hidden folder is removed ([`Staging::discard`]), so its space is
//! given back.
//!
//! This file holds where a site goes and the swap ([`Place`], [`Staging`]: open,
//! prepare the folders, put the files, finish); `contents.rs` what an output file
//! holds; `update.rs` how one file is brought up to date; `listing.rs` what the hidden
//! folder held when the build began.

pub mod built;
mod contents;
mod listing;
pub mod record;
mod update;

pub use built::{Built, Seen};
pub use contents::{Contents, Data, last_of_each};
pub use record::{Fingerprint, FolderId, Held, Known, Record, Stamp};

use crate::diag::fsio::{self, IoError};
use crate::output::lock::{self, Access, Guarded, Lock, LockError, Wait};
use crate::output::paths::out_path;
use listing::Listing;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use update::{put, remove_if_there};

/// A file etalase leaves in every output folder, so that it never replaces a folder it
/// did not write (a mistyped `--out ~/Documents`).
pub const MARKER: &str = ".etalase-output";

/// Why the site could not be written: exit status 2, not a content problem.
#[derive(Debug)]
pub enum WriteError {
    Io(IoError),
    /// The output folder exists, is not empty, and was not written by etalase.
    NotOurs(PathBuf),
}

impl WriteError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> crate::diag::Text {
        match self {
            WriteError::Io(e) => e.text(),
            WriteError::NotOurs(p) => {
                let p = crate::diag::display_path(p);
                crate::text!(
                    en: "{p} already exists and was not made by etalase: refusing to replace it; choose another --out, or empty that folder",
                    id: "{p} sudah ada dan bukan buatan etalase: tidak akan diganti; pilih --out yang lain, atau kosongkan folder itu"
                )
            }
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().get(crate::diag::Lang::En))
    }
}

impl From<IoError> for WriteError {
    fn from(e: IoError) -> Self {
        WriteError::Io(e)
    }
}

/// Totals of what was written, the marker file included: what the output folder holds.
#[derive(Debug, Default, Clone)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    /// The largest file (`/`-separated, relative to the output) and its size.
    pub largest: Option<(String, u64)>,
}

/// Where a site goes: the output folder the files land in — what `--out` names, or,
/// when that is a symbolic link (to a web server's folder), what it points to, so the
/// link stays the one the user made — and the hidden folders and lock file beside it.
#[derive(Debug, Clone)]
pub struct Place {
    /// The output as the user named it, for messages.
    pub named: PathBuf,
    /// The folder replaced by each build.
    out: PathBuf,
    /// Where a swap killed midway by the fallback renames leaves the last good site.
    old: PathBuf,
    /// The next site, being written (between builds: the site before the last).
    tmp: PathBuf,
    /// The lock file that lets one writer at a time at `out`.
    lock: PathBuf,
}

impl Place {
    /// The place of the output `named`, its symbolic links followed.
    pub fn of(named: &Path) -> Result<Place, WriteError> {
        // `public/` and `public` are one output.
        let named: PathBuf = named.components().collect();
        let out = follow_links(&named)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fsio::create_dir_all(&parent)?;
        Ok(Place {
            old: parent.join(format!(".{name}.etalase-old")),
            tmp: parent.join(format!(".{name}.etalase-new")),
            lock: parent.join(format!(".{name}.etalase-lock")),
            named,
            out,
        })
    }

    /// Takes the output's lock: one writer at a time (see [`crate::output::lock`]).
    pub fn lock(&self, wait: &Wait<'_>) -> Result<Lock, LockError> {
        lock::acquire(
            &self.lock,
            &self.named,
            Guarded::Output,
            Access::Exclusive,
            wait,
        )
    }

    /// Finds a swap a killed build left halfway (where renames stand in for the atomic
    /// exchange) and puts the last good site back at the output. Runs before anything
    /// else, under the output's lock, so that every later step — and every message
    /// saying the output was left as it was — sees a whole site there.
    pub fn recover(&self) -> Result<(), WriteError> {
        let there = |p: &Path| std::fs::symlink_metadata(p).is_ok();
        // Killed between the first two renames: the last good site is at `old`, the
        // new one whole at `tmp`. Undo.
        if !there(&self.out) && self.old.is_dir() {
            fsio::rename(&self.old, &self.out)?;
        }
        // Killed before the last rename: the site before it is at `old`; it is the
        // spare to bring up to date, unless there is one already.
        if there(&self.old) {
            if self.tmp.is_dir() {
                fsio::remove_dir_all(&self.old)?;
            } else {
                fsio::rename(&self.old, &self.tmp)?;
            }
        }
        Ok(())
    }
}

impl Place {
    /// The output folder's identity, when there is one.
    pub fn out_id(&self) -> Option<FolderId> {
        record::folder_id(&self.out)
    }

    /// The output folder, for the record of what it holds.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Whether the output holds exactly the files `wanted` (path, fingerprint), as
    /// `held` records them, and nothing else: every file's fingerprint is the one
    /// recorded and its stamp still the recorded one, every folder's too (a file added
    /// by hand changes its folder's), and the marker is there. Then there is nothing
    /// to write, and the totals of what the output holds are returned.
    pub fn unchanged(&self, held: &Held, wanted: &[(&str, Fingerprint)]) -> Option<WriteStats> {
        if held.files.len() != wanted.len() {
            return None;
        }
        let known = wanted
            .iter()
            .map(|(rel, fp)| {
                held.files
                    .get_key_value(*rel)
                    .filter(|(_, k)| k.fingerprint == *fp)
            })
            .collect::<Option<Vec<_>>>()?;
        self.holds(held, &known)
    }

    /// Whether the output still holds every file as `held` records it, and nothing
    /// else: what [`Place::unchanged`] asks without the fingerprints, for a build that
    /// knows its inputs are the last build's ([`Built`]).
    pub fn intact(&self, held: &Held) -> Option<WriteStats> {
        let mut known: Vec<(&String, &Known)> = held.files.iter().collect();
        known.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.holds(held, &known)
    }

    /// Whether every file of `known` and every folder of `held` still has its recorded
    /// stamp, and the marker is there: the totals of the output when so.
    fn holds(&self, held: &Held, known: &[(&String, &Known)]) -> Option<WriteStats> {
        if !self.out.join(MARKER).is_file() || !held.dirs.contains_key("") {
            return None;
        }
        let files = known
            .par_iter()
            .with_max_len(64)
            .all(|(rel, k)| Stamp::at(&out_path(&self.out, rel)) == Some(k.stamp));
        let folders = files
            && held.dirs.par_iter().all(|(rel, stamp)| {
                let path = match rel.is_empty() {
                    true => self.out.clone(),
                    false => out_path(&self.out, rel),
                };
                std::fs::symlink_metadata(path)
                    .is_ok_and(|m| m.is_dir() && Stamp::of_folder(&m) == *stamp)
            });
        if !folders {
            return None;
        }
        let mut stats = WriteStats::default();
        let marker = [(MARKER, MARKER_TEXT.len() as u64)];
        for (rel, size) in known
            .iter()
            .map(|(rel, k)| (rel.as_str(), k.stamp.len))
            .chain(marker)
        {
            stats.add(rel, size);
        }
        Some(stats)
    }

    /// The stamps of the output's folders that hold `files`: what [`Held::dirs`]
    /// records.
    pub fn folder_stamps<'a>(
        &self,
        files: impl Iterator<Item = &'a str>,
    ) -> fsio::Result<std::collections::HashMap<String, Stamp>> {
        record::folder_stamps(&self.out, files)
    }
}

impl WriteStats {
    fn add(&mut self, rel: &str, size: u64) {
        self.files += 1;
        self.bytes += size;
        if self.largest.as_ref().is_none_or(|(_, l)| size > *l) {
            self.largest = Some((rel.to_string(), size));
        }
    }
}

/// `path` with its symbolic links followed (the link's target need not exist yet).
fn follow_links(path: &Path) -> Result<PathBuf, WriteError> {
    let mut path = path.to_path_buf();
    // As many links as the system follows before it gives up (ELOOP).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path).map_err(|source| IoError {
                    path: path.clone(),
                    action: "read",
                    source,
                })?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                path = base.join(target).components().collect();
            }
            _ => return Ok(path),
        }
    }
    Err(WriteError::Io(IoError {
        path,
        action: "read",
        source: std::io::Error::from_raw_os_error(libc::ELOOP),
    }))
}

/// The next site, being written in the hidden folder beside the output. Files are put
/// in it from any thread; [`Staging::finish`] removes what the new site no longer has
/// and swaps it in. Dropped unfinished, it leaves the output as it was; after a
/// failure, [`Staging::discard`] gives its space back.
pub struct Staging {
    out: PathBuf,
    old: PathBuf,
    tmp: PathBuf,
    /// What the hidden folder held when it was opened.
    present: Listing,
}

impl Staging {
    /// Makes the hidden folder ready. Refuses an output folder etalase did not write.
    /// The caller holds the output's lock and has run [`Place::recover`].
    pub fn open(place: &Place) -> Result<Staging, WriteError> {
        let Place { out, old, tmp, .. } = place;
        if out.exists() && !is_ours(out) {
            return Err(WriteError::NotOurs(place.named.clone()));
        }
        if std::fs::symlink_metadata(tmp).is_ok_and(|m| !m.is_dir()) {
            fsio::remove_file(tmp)?;
        }
        fsio::create_dir_all(tmp)?;
        let present = Listing::of(tmp)?;
        Ok(Staging {
            out: out.clone(),
            old: old.clone(),
            tmp: tmp.clone(),
            present,
        })
    }

    /// Removes the hidden folder after a failure (a full disk, a file that could not
    /// be written): the next build starts from nothing rather than from a folder that
    /// holds the failed build's files and the space they took. Never the output.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }

    /// Makes the folders that files at `paths` need, parents before children, and
    /// removes whatever stands in their way or in the way of the files.
    pub fn prepare<'a>(&self, paths: impl Iterator<Item = &'a str> + Clone) -> fsio::Result<()> {
        let dirs: BTreeSet<&str> = paths.clone().flat_map(parents).collect();
        let mut by_depth: Vec<Vec<&str>> = Vec::new();
        for dir in &dirs {
            if self.present.dirs.contains(*dir) {
                continue;
            }
            let depth = dir.matches('/').count();
            if by_depth.len() <= depth {
                by_depth.resize_with(depth + 1, Vec::new);
            }
            by_depth[depth].push(dir);
        }
        // One level at a time, each on every core: a catalog has a folder per product.
        for level in by_depth {
            level.par_iter().with_max_len(64).try_for_each(|dir| {
                let path = out_path(&self.tmp, dir);
                if self.present.files.contains_key(*dir) {
                    fsio::remove_file(&path)?;
                }
                match std::fs::create_dir(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(IoError {
                        path,
                        action: "create folder",
                        source: e,
                    }),
                    _ => Ok(()),
                }
            })?;
        }
        for rel in paths {
            if self.present.dirs.contains(rel) {
                fsio::remove_dir_all(&out_path(&self.tmp, rel))?;
            }
        }
        Ok(())
    }

    /// Makes the file at `rel` hold `data` (its folder made by [`Staging::prepare`]).
    /// Returns its size.
    pub fn put(&self, rel: &str, data: Data<'_>) -> fsio::Result<u64> {
        let there = self.present.files.get(rel).map(|s| s.len);
        put(&out_path(&self.tmp, rel), data, there)
    }

    /// The hidden folder's identity.
    pub fn id(&self) -> Option<FolderId> {
        record::folder_id(&self.tmp)
    }

    /// Whether the file at `rel` in the hidden folder still has the stamp `stamp`
    /// (as listed when the folder was opened).
    pub fn still(&self, rel: &str, stamp: &Stamp) -> bool {
        self.present.files.get(rel) == Some(stamp)
    }

    /// Makes the file at `rel` a copy of the output's file at `rel` when that still has
    /// the stamp `stamp` (a page unchanged since the last build, which the hidden
    /// folder, holding the site before it, lacks): `None` when it has not. Returns the
    /// copy's stamp.
    pub fn copy_from_output(&self, rel: &str, stamp: &Stamp) -> fsio::Result<Option<Stamp>> {
        let from = out_path(&self.out, rel);
        if Stamp::at(&from) != Some(*stamp) {
            return Ok(None);
        }
        let to = out_path(&self.tmp, rel);
        if self.present.files.contains_key(rel) {
            remove_if_there(&to)?;
        }
        fsio::copy(&from, &to)?;
        Ok(Stamp::at(&to))
    }

    /// The stamp of the file at `rel` in the hidden folder, once put there.
    pub fn stamp(&self, rel: &str) -> Option<Stamp> {
        Stamp::at(&out_path(&self.tmp, rel))
    }

    /// Removes what the new site, the files `written` with their sizes, no longer has,
    /// and swaps the new site in.
    /// After a failure the hidden folder is removed, as by [`Staging::discard`]: at
    /// every step of the swap, the last good site is elsewhere.
    pub fn finish(self, written: Vec<(String, u64)>) -> Result<WriteStats, WriteError> {
        let done = self.complete(written);
        if done.is_err() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        done
    }

    fn complete(&self, written: Vec<(String, u64)>) -> Result<WriteStats, WriteError> {
        let Staging {
            out,
            old,
            tmp,
            present,
        } = self;
        let wanted: HashSet<&str> = written.iter().map(|(rel, _)| rel.as_str()).collect();
        let dirs: HashSet<&str> = written.iter().flat_map(|(rel, _)| parents(rel)).collect();
        // What the new site no longer has: files, then folders, deepest first. (A file
        // inside a folder that a file of the new site replaced is gone already; a file
        // that a folder replaced, too.)
        present
            .files
            .par_iter()
            .filter(|(rel, _)| {
                !wanted.contains(rel.as_str()) && !dirs.contains(rel.as_str()) && *rel != MARKER
            })
            .try_for_each(|(rel, _)| remove_if_there(&out_path(tmp, rel)))?;
        let mut gone: Vec<&String> = present
            .dirs
            .iter()
            .filter(|d| !dirs.contains(d.as_str()))
            .collect();
        gone.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for dir in gone {
            if !wanted.contains(dir.as_str()) {
                remove_if_there(&out_path(tmp, dir))?;
            }
        }
        let marker = put(
            &tmp.join(MARKER),
            Data::Bytes(MARKER_TEXT),
            present.files.get(MARKER).map(|s| s.len),
        )?;
        let mut stats = WriteStats::default();
        for (rel, size) in written
            .iter()
            .map(|(rel, size)| (rel.as_str(), *size))
            .chain([(MARKER, marker)])
        {
            stats.add(rel, size);
        }

        swap(tmp, out, old)?;
        Ok(stats)
    }
}

/// Puts the finished site at `tmp` in the place of the output `out`, the site it
/// replaces becoming the next build's `tmp`. On Linux one atomic exchange of the two
/// folders (`renameat2` with `RENAME_EXCHANGE`): at every moment a whole site is at
/// `out`, whatever kills the build. Where the system or its file system has no
/// exchange, three renames, with `old` holding the last good site between the first
/// two; [`Place::recover`] finds such a swap killed midway and undoes or completes it.
fn swap(tmp: &Path, out: &Path, old: &Path) -> fsio::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return fsio::rename(tmp, out);
    }
    match exchange(tmp, out) {
        Ok(()) => return Ok(()),
        Err(e) if !exchange_unsupported(&e) => {
            return Err(IoError {
                path: out.to_path_buf(),
                action: "rename",
                source: e,
            });
        }
        Err(_) => {}
    }
    fsio::rename(out, old)?;
    fsio::rename(tmp, out)?;
    fsio::rename(old, tmp)
}

/// Exchanges two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("ETALASE_TEST_NO_EXCHANGE").is_some() {
        // Tests reach the renames that stand in for the exchange elsewhere.
        return Err(std::io::Error::from_raw_os_error(libc::ENOSYS));
    }
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the current folder; the call
    // reads them and keeps nothing. Made as a raw system call, as the C libraries do
    // not all wrap it.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether the exchange failed because the system or the file system cannot do it
/// (an old kernel, a network or FUSE file system), not for a reason the renames
/// would meet too.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP)
        )
}

const MARKER_TEXT: &[u8] = b"This folder is written by etalase; each build replaces it whole.\n";

/// The folders above a `/`-separated path, outermost first: `a/b/c.html` gives `a`,
/// `a/b`.
fn parents(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// Whether `dir` may be replaced: etalase wrote it, or it is empty (or not a folder yet).
fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Contents, MARKER, Staging, WriteError, WriteStats, last_of_each};
    use rayon::prelude::*;
    use std::fs;
    use std::path::Path;

    /// What a build does with its files (`build::run` puts its pages into the staging
    /// folder as it renders them): writes `files` as the new content of `out`. Where
    /// two entries name one path, the last wins.
    fn write_site(out: &Path, files: Vec<(String, Contents)>) -> Result<WriteStats, WriteError> {
        let files = last_of_each(files);
        let place = super::Place::of(out)?;
        place.recover()?;
        let staging = Staging::open(&place)?;
        staging.prepare(files.iter().map(|(rel, _)| rel.as_str()))?;
        let written = files
            .par_iter()
            .map(|(rel, contents)| Ok((rel.clone(), staging.put(rel, contents.data())?)))
            .collect::<Result<Vec<_>, crate::diag::fsio::IoError>>()?;
        staging.finish(written)
    }

    fn page(path: &str, text: &str) -> (String, Contents) {
        (path.to_string(), Contents::Bytes(text.as_bytes().to_vec()))
    }

    fn tree(root: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if p.is_dir() {
                    stack.push(p);
                } else if rel != MARKER {
                    out.push((rel, fs::read_to_string(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap())
    }

    #[test]
    fn a_rebuild_touches_only_what_changed_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let photo = tmp.path().join("cache-320.webp");
        fs::write(&photo, b"RIFF....WEBP").unwrap();
        let files = || {
            vec![
                page("index.html", "home"),
                page("desa/index.html", "village"),
                page("desa/abon/index.html", "abon"),
                (
                    "desa/abon/a-320.webp".to_string(),
                    Contents::File(photo.clone()),
                ),
            ]
        };
        write_site(&out, files()).unwrap();
        write_site(&out, files()).unwrap();
        #[cfg(unix)]
        let before = inode(&out.join("desa/index.html"));

        // One page changes, one folder goes, one comes.
        let mut next = files();
        next.retain(|(p, _)| !p.starts_with("desa/abon/"));
        next[1] = page("desa/index.html", "village, edited");
        next.push(page("desa/sagon/index.html", "sagon"));
        let stats = write_site(&out, next).unwrap();
        assert_eq!(stats.files, 3 + 1, "the pages and the marker");
        assert_eq!(
            tree(&out),
            vec![
                ("desa/index.html".into(), "village, edited".into()),
                ("desa/sagon/index.html".into(), "sagon".into()),
                ("index.html".into(), "home".into()),
            ]
        );
        assert!(!out.join("desa/abon").exists());
        assert!(out.join(MARKER).is_file());
        #[cfg(unix)]
        {
            // Builds alternate between two folders. Back in the one where the village
            // page was written, that page is the same file: it was not written again.
            write_site(&out, files()).unwrap();
            assert_eq!(inode(&out.join("desa/index.html")), before);
            // A photo is a copy of the cache's file, never the same file: writing into
            // one cannot change the other.
            let published = out.join("desa/abon/a-320.webp");
            assert_ne!(inode(&published), inode(&photo));
            assert_eq!(fs::read(&published).unwrap(), fs::read(&photo).unwrap());
            let (home, copy) = (inode(&out.join("index.html")), inode(&published));
            write_site(&out, files()).unwrap();
            write_site(&out, files()).unwrap();
            assert_eq!(inode(&out.join("index.html")), home);
            assert_eq!(
                inode(&published),
                copy,
                "an unchanged copy is not made again"
            );
            // A published photo damaged in place is made again, the cache untouched.
            fs::write(&published, b"RIFF....XXXX").unwrap();
            write_site(&out, files()).unwrap();
            write_site(&out, files()).unwrap();
            assert_eq!(fs::read(&published).unwrap(), b"RIFF....WEBP");
            assert_eq!(fs::read(&photo).unwrap(), b"RIFF....WEBP");
        }
    }

    #[test]
    fn files_and_folders_may_trade_places() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, vec![page("a/b.html", "1"), page("c", "2")]).unwrap();
        write_site(&out, vec![page("a/b.html", "1"), page("c", "2")]).unwrap();
        write_site(&out, vec![page("a", "3"), page("c/d.html", "4")]).unwrap();
        assert_eq!(
            tree(&out),
            vec![("a".into(), "3".into()), ("c/d.html".into(), "4".into())]
        );
        write_site(&out, vec![page("a/b.html", "5"), page("c", "6")]).unwrap();
        write_site(&out, vec![page("a/b.html", "5"), page("c", "6")]).unwrap();
        assert_eq!(
            tree(&out),
            vec![("a/b.html".into(), "5".into()), ("c".into(), "6".into())]
        );
    }

    #[test]
    fn a_build_killed_anywhere_in_the_swap_loses_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.etalase-old");
        let new = tmp.path().join(".public.etalase-new");
        write_site(&out, vec![page("index.html", "one")]).unwrap();
        write_site(&out, vec![page("index.html", "two")]).unwrap();

        // Killed after the output was moved aside: the last good site is at `old`.
        fs::rename(&out, &old).unwrap();
        write_site(&out, vec![page("index.html", "three")]).unwrap();
        assert_eq!(tree(&out), vec![("index.html".into(), "three".into())]);

        // Killed before the old site became the spare: `old` and no `new`.
        fs::rename(&new, &old).unwrap();
        write_site(&out, vec![page("index.html", "four")]).unwrap();
        assert_eq!(tree(&out), vec![("index.html".into(), "four".into())]);
        assert!(!old.exists());

        // A spare left half-written, with a stray file and a torn page.
        fs::write(new.join("stray.html"), "x").unwrap();
        fs::write(new.join("index.html"), "fo").unwrap();
        write_site(&out, vec![page("index.html", "four")]).unwrap();
        assert_eq!(tree(&out), vec![("index.html".into(), "four".into())]);
    }

    #[test]
    fn the_last_entry_for_a_path_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stats = write_site(&out, vec![page("a.html", "1"), page("a.html", "2")]).unwrap();
        assert_eq!(stats.files, 1 + 1, "the page and the marker");
        assert_eq!(tree(&out), vec![("a.html".into(), "2".into())]);
    }
}
