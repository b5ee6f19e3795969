//! Reading a catalog folder: which folders are villages and products, which files are
//! photos, what each YAML and Markdown file says. Problems of the shape (a folder
//! without `product.yaml`, two folders with one slug, a file that is not text) are
//! reported here; problems of the values are [`crate::catalog::resolve`]'s.
//!
//! The way through, one file each: `listing.rs` lists a folder (sub-folders, photos,
//! translations, the junk left out); `files.rs` reads a text file of it; `parse.rs`
//! parses one YAML text into its raw struct; `doc.rs` makes one village's or product's
//! document of its YAML file and `index.md` front matter; `folders.rs` finds the
//! villages and their products; `slugs.rs` checks the web addresses their folder names
//! become. `settings.rs` reads `catalog.yaml` alone, for the commands that speak
//! before a build.

mod copies;
mod doc;
mod files;
mod folders;
mod listing;
mod parse;
mod settings;
mod slugs;

pub use doc::Merge;
pub use files::MAX_TEXT_BYTES;
pub use listing::{PHOTO_EXTENSIONS, is_ignored, is_photo_name};
pub use settings::{CatalogSettings, settings};
pub use slugs::{PAGES_FOLDER, RESERVED_FOLDERS, VILLAGES_FOLDER};

use crate::catalog::schema::{FileKind, RawCatalog, RawProduct, RawVillage};
use crate::catalog::yaml::{self, Seg};
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::output::staging::Seen;
use files::read_text;
use folders::read_village;
use listing::list_dir;
use parse::parse_raw;
use rayon::prelude::*;
use slugs::{Level, check_slugs};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A text file read from the catalog.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown in diagnostics: the content folder as given, joined with the path inside.
    pub path: PathBuf,
    /// The YAML text (for `index.md`, its front matter only), BOM removed.
    pub text: String,
    /// Lines before the YAML text in the file (1 for front matter after `---`).
    pub line_offset: usize,
}

impl SourceFile {
    /// A file that was not read (its problem is reported): nothing to locate in.
    fn refused(path: &Path) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            text: String::new(),
            line_offset: 0,
        }
    }

    /// Where the value (or key) at `path` is, in file coordinates.
    pub fn locate(&self, path: &[Seg<'_>], key: bool) -> Option<Pos> {
        yaml::locate(&self.text, path, key).map(|p| self.shift(p))
    }

    pub fn shift(&self, p: Pos) -> Pos {
        Pos::new(p.line + self.line_offset, p.col)
    }
}

/// The YAML of one village or product: from its `.yaml` file, its `index.md` front
/// matter, or both.
#[derive(Debug, Clone, Default)]
pub struct Doc<R> {
    pub raw: R,
    pub files: Vec<SourceFile>,
    /// False when a file could not be parsed: its problem is reported, and the rules
    /// are not checked on the empty values left, which would only add false errors.
    pub parsed: bool,
}

impl<R> Doc<R> {
    /// Where the value at `path` stands, in whichever file holds it; else the nearest
    /// parent; else the first file's start.
    pub fn at(&self, path: &[Seg<'_>]) -> (PathBuf, Pos) {
        for n in (1..=path.len()).rev() {
            for f in &self.files {
                if let Some(p) = f.locate(&path[..n], false) {
                    return (f.path.clone(), p);
                }
            }
        }
        match self.files.first() {
            Some(f) => (f.path.clone(), f.shift(Pos::START)),
            None => (PathBuf::new(), Pos::START),
        }
    }

    /// The file a new key would go in (the `.yaml` file when there is one).
    pub fn main_path(&self) -> PathBuf {
        self.files
            .first()
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }
}

/// The catalog as written: every file read and parsed, nothing checked yet beyond the
/// shape of the folders.
#[derive(Debug, Clone)]
pub struct Source {
    /// The content folder as given on the command line.
    pub root: PathBuf,
    pub catalog: Doc<RawCatalog>,
    pub villages: Vec<VillageSource>,
    /// Folders that look like villages or products but were not read (each with its
    /// warning: no `village.yaml` or `product.yaml` in it), for the closing line to
    /// count. Folders the format ignores on purpose (`_drafts`, `.git`) are not here.
    pub skipped: Vec<PathBuf>,
    /// Every folder listed and file found, stamped as they were read: what a build
    /// keeps to know, next time, that nothing changed ([`crate::output::staging::Built`]).
    pub seen: Seen,
}

/// A village folder as written.
#[derive(Debug, Clone)]
pub struct VillageSource {
    pub dir: PathBuf,
    pub slug: String,
    pub doc: Doc<RawVillage>,
    /// The Markdown story (the body of `index.md`).
    pub story: String,
    /// The story in other languages: `index.en.md` as `("en", text)`.
    pub translations: Vec<(String, String)>,
    /// Image files in the folder, by name.
    pub images: Vec<String>,
    pub products: Vec<ProductSource>,
}

/// A product folder as written.
#[derive(Debug, Clone)]
pub struct ProductSource {
    pub dir: PathBuf,
    pub slug: String,
    pub doc: Doc<RawProduct>,
    pub description: String,
    /// The description in other languages: `index.en.md` as `("en", text)`.
    pub translations: Vec<(String, String)>,
    pub images: Vec<String>,
    /// The newest modification time of the folder's files.
    pub modified: Option<SystemTime>,
    /// The modification time of `product.yaml`, else of `index.md`.
    pub main_modified: Option<SystemTime>,
}

/// A failure to read the catalog at all (the content folder is missing or unreadable):
/// exit status 2, not a content problem.
#[derive(Debug)]
pub enum LoadError {
    NotAFolder(PathBuf),
    Io(fsio::IoError),
}

impl LoadError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> crate::diag::Text {
        match self {
            LoadError::NotAFolder(p) => {
                let p = crate::diag::display_path(p);
                crate::text!(
                    en: "{p} is not a folder: give the catalog folder with --content",
                    id: "{p} bukan folder: sebut folder katalognya dengan --content"
                )
            }
            LoadError::Io(e) => e.text(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().get(crate::diag::Lang::En))
    }
}

/// Reads the catalog folder `root`.
pub fn load(root: &Path) -> Result<(Source, Diagnostics), LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let mut diags = Diagnostics::new();
    let seen = Seen::new();
    let catalog = read_catalog_yaml(root, &seen, &mut diags)?;
    let bounds = root.canonicalize().map_err(|source| {
        LoadError::Io(fsio::IoError {
            path: root.to_path_buf(),
            action: "read",
            source,
        })
    })?;
    let listing = list_dir(root, &bounds, &seen, &mut diags).map_err(LoadError::Io)?;
    check_slugs(&listing.dirs, Level::Village, &mut diags);
    // Villages are read on every core, as their products are; the results are joined
    // in folder order.
    type Found = (Option<VillageSource>, Vec<PathBuf>, Diagnostics);
    let found: Vec<fsio::Result<Found>> = listing
        .dirs
        .par_iter()
        .map(|dir| {
            let (mut skipped, mut diags) = (Vec::new(), Diagnostics::new());
            let village = read_village(&bounds, &seen, dir, &mut skipped, &mut diags)?;
            Ok((village, skipped, diags))
        })
        .collect();
    let (mut villages, mut skipped) = (Vec::new(), Vec::new());
    for result in found {
        let (village, found_skipped, found_diags) = result.map_err(LoadError::Io)?;
        villages.extend(village);
        skipped.extend(found_skipped);
        diags.extend(found_diags);
    }
    Ok((
        Source {
            root: root.to_path_buf(),
            catalog,
            villages,
            skipped,
            seen,
        },
        diags,
    ))
}

/// `catalog.yaml`, parsed; an error (and an empty document) when there is none.
fn read_catalog_yaml(
    root: &Path,
    seen: &Seen,
    diags: &mut Diagnostics,
) -> Result<Doc<RawCatalog>, LoadError> {
    let catalog_path = root.join("catalog.yaml");
    seen.file_at(&catalog_path);
    Ok(if catalog_path.is_file() {
        let mut read = read_text(&catalog_path, 0, diags).map_err(LoadError::Io)?;
        let raw = read
            .as_mut()
            .and_then(|file| parse_raw::<RawCatalog>(file, FileKind::Catalog, diags));
        let file = read.unwrap_or_else(|| SourceFile::refused(&catalog_path));
        Doc {
            parsed: raw.is_some(),
            raw: raw.unwrap_or_default(),
            files: vec![file],
        }
    } else {
        diags.push(
            Diagnostic::error(
                &catalog_path,
                Pos::START,
                crate::text!(en: "the catalog has no catalog.yaml", id: "katalog ini belum punya catalog.yaml"),
            )
            .help(crate::text!(
                en: "create catalog.yaml with at least a line like `title: Katalog Produk Desa Kami`",
                id: "buat file catalog.yaml berisi paling sedikit satu baris seperti `title: Katalog Produk Desa Kami`"
            ),
            ),
        );
        Doc {
            parsed: false,
            ..Doc::default()
        }
    })
}

/// One product folder `dir` under the content folder `root`, read as a build reads it
/// (the workshop's form): its document, or `None` when the folder holds no product
/// there, and the problems found reading it (a file that does not parse among them).
pub fn read_product(
    root: &Path,
    dir: &Path,
) -> Result<(Option<ProductSource>, Diagnostics), LoadError> {
    let mut diags = Diagnostics::new();
    let bounds = root.canonicalize().map_err(|source| {
        LoadError::Io(fsio::IoError {
            path: root.to_path_buf(),
            action: "read",
            source,
        })
    })?;
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    folders::collect_product(
        &bounds,
        &Seen::new(),
        dir,
        &mut found,
        &mut skipped,
        &mut diags,
    )
    .map_err(LoadError::Io)?;
    Ok((found.into_iter().find(|p| p.dir == dir), diags))
}

/// A village's own files as [`read_village_doc`] reads them: its document, its story
/// (the body of `index.md`) and its photo files.
pub type VillageDoc = (Doc<RawVillage>, String, Vec<String>);

/// The document of the village folder `dir` under the content folder `root` (its
/// `village.yaml` and the front matter of its `index.md`), its story (the body of
/// `index.md`) and its photo files, read as a build reads them but without its
/// products (the workshop's village form); `None` when the folder holds no village.
/// With the problems found reading it.
pub fn read_village_doc(
    root: &Path,
    dir: &Path,
) -> Result<(Option<VillageDoc>, Diagnostics), LoadError> {
    let mut diags = Diagnostics::new();
    let bounds = root.canonicalize().map_err(|source| {
        LoadError::Io(fsio::IoError {
            path: root.to_path_buf(),
            action: "read",
            source,
        })
    })?;
    let listing = list_dir(dir, &bounds, &Seen::new(), &mut diags).map_err(LoadError::Io)?;
    let (doc, story) = doc::read_doc::<RawVillage>(
        &listing,
        &dir.join("village.yaml"),
        &dir.join("index.md"),
        FileKind::Village,
        &mut diags,
    )
    .map_err(LoadError::Io)?;
    Ok((doc.map(|d| (d, story, listing.images)), diags))
}

/// `catalog.yaml` of the content folder `root`, read as a build reads it.
pub fn read_catalog(root: &Path) -> Result<(Doc<RawCatalog>, Diagnostics), LoadError> {
    let mut diags = Diagnostics::new();
    let doc = read_catalog_yaml(root, &Seen::new(), &mut diags)?;
    Ok((doc, diags))
}
