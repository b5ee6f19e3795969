//! What one output file holds: bytes (a rendered page, an asset) or a file to copy (a
//! processed photo in the cache), owned or borrowed; and the rule that the last entry
//! for a path wins.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What one output file holds.
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file to copy (processed photos from the cache: never hard-linked, so the site
    /// and the cache share no storage).
    File(PathBuf),
}

impl Contents {
    /// The contents, borrowed.
    pub fn data(&self) -> Data<'_> {
        match self {
            Contents::Bytes(b) => Data::Bytes(b),
            Contents::File(p) => Data::File(p),
        }
    }
}

/// What one output file holds, borrowed: a page is written from the buffer it was
/// rendered into.
#[derive(Clone, Copy)]
pub enum Data<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// The entries in their order, each path once: the last entry for it.
pub fn last_of_each(files: Vec<(String, Contents)>) -> Vec<(String, Contents)> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(files.len());
    for (i, (rel, _)) in files.iter().enumerate() {
        last.insert(rel.as_str(), i);
    }
    if last.len() == files.len() {
        return files;
    }
    let keep: HashSet<usize> = last.into_values().collect();
    files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(i))
        .map(|(_, f)| f)
        .collect()
}
