//! What the hidden folder held when the build began, listed once on every core: the
//! files with their sizes and the folders, so that what is already there is known
//! without asking the system again for each of the thousands of files.

use super::record::Stamp;
use crate::diag::fsio::{self, IoError};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a folder holds: files with their stamps (sizes, times), and folders, by `/`-separated path
/// relative to it.
pub(super) struct Listing {
    pub(super) files: HashMap<String, Stamp>,
    pub(super) dirs: HashSet<String>,
}

impl Listing {
    /// Lists everything under `root`, folders on every core (a site has a folder per
    /// product).
    pub(super) fn of(root: &Path) -> fsio::Result<Listing> {
        let mut listing = Listing {
            files: HashMap::new(),
            dirs: HashSet::new(),
        };
        Self::walk(root, String::new(), &mut listing)?;
        Ok(listing)
    }

    fn walk(dir: &Path, rel: String, listing: &mut Listing) -> fsio::Result<()> {
        let mut subdirs = Vec::new();
        for entry in fsio::read_dir(dir)? {
            let entry = entry.map_err(|source| IoError {
                path: dir.to_path_buf(),
                action: "read folder",
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry.file_type().map_err(|source| IoError {
                path: entry.path(),
                action: "read",
                source,
            })?;
            if kind.is_dir() {
                subdirs.push((entry.path(), path.clone()));
                listing.dirs.insert(path);
            } else {
                // A symbolic link counts as a file: it is replaced, never followed.
                let not_file = Stamp {
                    len: u64::MAX,
                    ..Stamp::default()
                };
                let stamp = if kind.is_file() {
                    entry.metadata().map_or(not_file, |m| Stamp::of(&m))
                } else {
                    not_file
                };
                listing.files.insert(path, stamp);
            }
        }
        let found = subdirs
            .into_par_iter()
            .map(|(dir, rel)| {
                let mut sub = Listing {
                    files: HashMap::new(),
                    dirs: HashSet::new(),
                };
                Self::walk(&dir, rel, &mut sub)?;
                Ok(sub)
            })
            .collect::<fsio::Result<Vec<Listing>>>()?;
        for sub in found {
            listing.files.extend(sub.files);
            listing.dirs.extend(sub.dirs);
        }
        Ok(())
    }
}
