//! When each product joined the catalog and when it last changed: the order of the feed
//! of new products and the sitemap's `<lastmod>`.
//!
//! - **added**: `added:` in `product.yaml` (midnight UTC of that day); else the first
//!   commit that added a file of the product's folder, from one `git log` over the
//!   whole content folder; else the modification time of its `product.yaml` (or
//!   `index.md`).
//! - **modified**: the newest commit touching a file of the folder; else (no git, not a
//!   repository, or a folder git does not know yet) the newest modification time of its
//!   files. Commit dates first because a CI checkout gives every file the checkout's
//!   time; never before **added**.
//!
//! Without git, or outside a repository, the file times are used silently: those the
//! catalog was read with ([`crate::catalog::model::FileTimes`]), not looked up again.

use crate::catalog::model::{Catalog, Product};
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Today's date where the build runs: a pre-order's `available_from:` must be after it
/// (for Google's feed, and for its page to say when it ships).
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// A product's two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductDates {
    pub added: Timestamp,
    pub modified: Timestamp,
}

/// The dates of every product, by its folder.
#[derive(Debug, Default)]
pub struct Dates {
    by_dir: HashMap<PathBuf, ProductDates>,
}

impl Dates {
    pub fn of(&self, product: &Product) -> Option<ProductDates> {
        self.by_dir.get(&product.dir).copied()
    }
}

/// What git knows of one folder: the first time a file of it was added, the last time
/// one changed.
#[derive(Debug, Clone, Copy)]
struct GitDir {
    added: Option<Timestamp>,
    modified: Timestamp,
}

/// Finds the dates of every product of `catalog`, read from `root` (the content folder).
pub fn collect(root: &Path, catalog: &Catalog) -> Dates {
    let git = git_history(root);
    let by_dir = catalog
        .villages
        .par_iter()
        .flat_map_iter(|v| &v.products)
        .map(|p| {
            let rel = p.dir.strip_prefix(root).unwrap_or(&p.dir);
            let known = git.get(rel);
            let added = p
                .added
                .and_then(|d| jiff::tz::Offset::UTC.to_timestamp(d.at(0, 0, 0, 0)).ok())
                .or(known.and_then(|g| g.added))
                .or_else(|| timestamp(p.file_times.main))
                .unwrap_or(Timestamp::UNIX_EPOCH);
            let modified = known
                .map(|g| g.modified)
                .or_else(|| timestamp(p.file_times.newest))
                .unwrap_or(added)
                .max(added);
            (p.dir.clone(), ProductDates { added, modified })
        })
        .collect();
    Dates { by_dir }
}

/// One `git log` over the content folder: for each folder holding a committed file, the
/// first time one was added and the last time one changed. Empty without git or
/// outside a repository.
/// The commit the content folder's git history ends at (`HEAD`), when it is in a
/// repository: the dates [`collect`] finds are the same while it is.
pub fn history_head(root: &Path) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn git_history(root: &Path) -> HashMap<PathBuf, GitDir> {
    // A record separator before each commit's date; `--no-renames` so a moved folder
    // counts as added where it is now; paths relative to `root`, unquoted.
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--no-renames",
            "--name-status",
            "--relative",
            "--format=%x1e%aI",
            "--",
            ".",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match out {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        _ => HashMap::new(),
    }
}

fn parse_log(log: &str) -> HashMap<PathBuf, GitDir> {
    let mut dirs: HashMap<PathBuf, GitDir> = HashMap::new();
    let mut when: Option<Timestamp> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\u{1e}') {
            when = date.trim().parse().ok();
            continue;
        }
        let (Some(at), Some((status, path))) = (when, line.split_once('\t')) else {
            continue;
        };
        let dir = Path::new(path)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let added = status.starts_with('A').then_some(at);
        let entry = dirs.entry(dir).or_insert(GitDir {
            added,
            modified: at,
        });
        entry.modified = entry.modified.max(at);
        if let Some(a) = added {
            entry.added = Some(entry.added.map_or(a, |b| b.min(a)));
        }
    }
    dirs
}

fn timestamp(time: Option<std::time::SystemTime>) -> Option<Timestamp> {
    Timestamp::try_from(time?).ok()
}

#[cfg(test)]
mod tests {
    use super::parse_log;
    use std::path::Path;

    #[test]
    fn the_log_gives_each_folder_its_first_addition_and_last_change() {
        let log = "\u{1e}2026-05-03T10:00:00+07:00\n\nM\tdesa/jamu/product.yaml\nA\tdesa/jamu/botol.jpg\n\
                   \u{1e}2026-04-01T08:00:00+07:00\n\nA\tdesa/jamu/product.yaml\nA\tdesa/village.yaml\n\
                   \u{1e}2026-03-01T08:00:00Z\n\nA\tdesa/sagon/index.md\nD\tdesa/sagon/lama.jpg\n";
        let dirs = parse_log(log);
        let jamu = dirs[Path::new("desa/jamu")];
        assert_eq!(jamu.added.unwrap().to_string(), "2026-04-01T01:00:00Z");
        assert_eq!(jamu.modified.to_string(), "2026-05-03T03:00:00Z");
        let sagon = dirs[Path::new("desa/sagon")];
        assert_eq!(sagon.added.unwrap().to_string(), "2026-03-01T08:00:00Z");
        assert!(dirs.contains_key(Path::new("desa")));
    }
}
