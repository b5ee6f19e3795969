//! Reading a catalog folder: which folders are villages and products, which files are
//! photos, what each YAML and Markdown file says. Problems of the shape (a folder
//! without `product.yaml`, two folders with one slug, a file that is not text) are
//! reported here; problems of the values are [`crate::catalog::resolve`]'s.

use crate::catalog::schema::{FileKind, RawCatalog, RawProduct, RawVillage};
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::{self, Seg};
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Photo file extensions the format accepts, lower-case.
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

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

#[derive(Debug, Clone)]
pub struct Source {
    /// The content folder as given on the command line.
    pub root: PathBuf,
    pub catalog: Doc<RawCatalog>,
    pub villages: Vec<VillageSource>,
}

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

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotAFolder(p) => write!(
                f,
                "{} is not a folder: give the catalog folder with --content",
                crate::diag::display_path(p)
            ),
            LoadError::Io(e) => e.fmt(f),
        }
    }
}

/// Reads the catalog folder `root`.
pub fn load(root: &Path) -> Result<(Source, Diagnostics), LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let mut diags = Diagnostics::new();
    let catalog_path = root.join("catalog.yaml");
    let catalog = if catalog_path.is_file() {
        let read = read_text(&catalog_path, 0, &mut diags).map_err(LoadError::Io)?;
        let raw = read
            .as_ref()
            .and_then(|file| parse_raw::<RawCatalog>(file, FileKind::Catalog, &mut diags));
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
    };

    let mut villages = Vec::new();
    let bounds = root.canonicalize().map_err(|source| {
        LoadError::Io(fsio::IoError {
            path: root.to_path_buf(),
            action: "read",
            source,
        })
    })?;
    let listing = list_dir(root, &bounds, &mut diags).map_err(LoadError::Io)?;
    check_slugs(&listing.dirs, RESERVED_FOLDERS, &mut diags);
    // Villages are read on every core, as their products are; the results are joined
    // in folder order.
    let found: Vec<fsio::Result<(Option<VillageSource>, Diagnostics)>> = listing
        .dirs
        .par_iter()
        .map(|dir| {
            let mut diags = Diagnostics::new();
            let village = read_village(&bounds, dir, &mut diags)?;
            Ok((village, diags))
        })
        .collect();
    for result in found {
        let (village, found_diags) = result.map_err(LoadError::Io)?;
        villages.extend(village);
        diags.extend(found_diags);
    }
    Ok((
        Source {
            root: root.to_path_buf(),
            catalog,
            villages,
        },
        diags,
    ))
}

/// One village folder of [`load`] with its products; `None` (and a warning) for a
/// folder that is not a village.
fn read_village(
    bounds: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
) -> fsio::Result<Option<VillageSource>> {
    // What the listing finds to say counts only for a folder that is a village.
    let mut listed = Diagnostics::new();
    let inner = list_dir(dir, bounds, &mut listed)?;
    let (doc, body) = read_doc::<RawVillage>(
        &inner,
        &dir.join("village.yaml"),
        &dir.join("index.md"),
        FileKind::Village,
        diags,
    )?;
    let Some(doc) = doc else {
        diags.push(
            Diagnostic::warning(
                dir,
                Pos::START,
                crate::text!(en: "no village.yaml here: skipped", id: "tidak ada village.yaml di sini: folder dilewati"),
            )
            .help(crate::text!(
                en: "a village folder needs a village.yaml with at least `name:`",
                id: "folder desa perlu file village.yaml berisi paling sedikit `name:`"
            )),
        );
        return Ok(None);
    };
    diags.extend(listed);
    warn_about_odd_files(&inner, diags);
    let mut products = Vec::new();
    collect_products(bounds, &inner.dirs, &mut products, diags)?;
    let product_dirs: Vec<PathBuf> = products.iter().map(|p| p.dir.clone()).collect();
    check_slugs(&product_dirs, &[], diags);
    Ok(Some(VillageSource {
        slug: slug_of(dir),
        dir: dir.to_path_buf(),
        doc,
        story: body,
        translations: read_translations(&inner, diags)?,
        images: inner.images,
        products,
    }))
}

/// Finds product folders under a village: folders with `product.yaml` or an `index.md`
/// with front matter. A folder with neither but with sub-folders is a grouping
/// (`makanan/sagon/`) and is searched in turn; one with neither is skipped with a
/// warning.
fn collect_products(
    bounds: &Path,
    dirs: &[PathBuf],
    out: &mut Vec<ProductSource>,
    diags: &mut Diagnostics,
) -> fsio::Result<()> {
    // Folders are read on every core (a catalog may hold thousands); their products
    // and diagnostics are then joined in folder order, as if read one by one.
    let found: Vec<fsio::Result<(Vec<ProductSource>, Diagnostics)>> = dirs
        .par_iter()
        .with_max_len(16)
        .map(|dir| {
            let (mut products, mut diags) = (Vec::new(), Diagnostics::new());
            collect_product(bounds, dir, &mut products, &mut diags)?;
            Ok((products, diags))
        })
        .collect();
    for result in found {
        let (products, found_diags) = result?;
        out.extend(products);
        diags.extend(found_diags);
    }
    Ok(())
}

/// One folder of [`collect_products`]: a product, a grouping, or a warning.
fn collect_product(
    bounds: &Path,
    dir: &Path,
    out: &mut Vec<ProductSource>,
    diags: &mut Diagnostics,
) -> fsio::Result<()> {
    {
        let listing = list_dir(dir, bounds, diags)?;
        let (doc, body) = read_doc::<RawProduct>(
            &listing,
            &dir.join("product.yaml"),
            &dir.join("index.md"),
            FileKind::Product,
            diags,
        )?;
        match doc {
            Some(doc) => {
                warn_about_odd_files(&listing, diags);
                let modified = |name| listing.files.get(name).and_then(|f| f.modified);
                out.push(ProductSource {
                    modified: listing.newest(),
                    main_modified: modified("product.yaml").or_else(|| modified("index.md")),
                    slug: slug_of(dir),
                    dir: dir.to_path_buf(),
                    doc,
                    description: body,
                    translations: read_translations(&listing, diags)?,
                    images: listing.images,
                });
            }
            None if !listing.dirs.is_empty() => {
                collect_products(bounds, &listing.dirs, out, diags)?;
            }
            None => diags.push(
                Diagnostic::warning(
                    dir,
                    Pos::START,
                    crate::text!(en: "no product.yaml here: skipped", id: "tidak ada product.yaml di sini: folder dilewati"),
                )
                .help(crate::text!(
                    en: "a product folder needs a product.yaml with at least `name:` and `category:`",
                    id: "folder produk perlu file product.yaml berisi paling sedikit `name:` dan `category:`"
                ),
                ),
            ),
        }
    }
    Ok(())
}

/// Reads an entry's YAML file and/or its `index.md`. Returns the merged document (None
/// when the folder has neither a YAML file nor front matter) and the Markdown body.
fn read_doc<R>(
    dir: &Listing,
    yaml_path: &Path,
    index_path: &Path,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> fsio::Result<(Option<Doc<R>>, String)>
where
    R: DeserializeOwned + Default + Merge,
{
    let mut files = Vec::new();
    let mut raws = Vec::new();
    let yaml_file = read_listed(dir, yaml_path, diags)?;
    if matches!(yaml_file, Found::Nothing)
        && let Some(near) = near_miss(yaml_path)
    {
        let want = kind.file_name();
        let found = near
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        diags.push(
            Diagnostic::error(
                &near,
                Pos::START,
                crate::text!(
                    en: "this file must be named exactly {want} to be read",
                    id: "file ini harus bernama persis {want} supaya dibaca"
                ),
            )
            .help(crate::text!(
                en: "rename {found} to {want} (all lower-case; on Windows turn on File name extensions to see a hidden .txt)",
                id: "ganti nama {found} menjadi {want} (huruf kecil semua; di Windows nyalakan Ekstensi nama file untuk melihat .txt yang tersembunyi)"
            )),
        );
    }
    match yaml_file {
        Found::Text(file) => {
            raws.push(parse_raw::<R>(&file, kind, diags));
            files.push(file);
        }
        Found::Refused => {
            raws.push(None);
            files.push(SourceFile::refused(yaml_path));
        }
        Found::Nothing => {}
    }
    let mut body = String::new();
    if let Found::Text(md) = read_listed(dir, index_path, diags)? {
        match yaml::split_front_matter(&md.text) {
            Some((front, rest, first_line)) => {
                let file = SourceFile {
                    path: md.path.clone(),
                    text: front.to_string(),
                    line_offset: first_line - 1,
                };
                raws.push(parse_raw::<R>(&file, kind, diags));
                body = rest.to_string();
                if let Some(first) = files.first() {
                    report_conflicts(first, &file, diags);
                }
                files.push(file);
            }
            None => body = md.text,
        }
    }
    if files.is_empty() {
        return Ok((None, body));
    }
    let parsed = raws.iter().all(Option::is_some);
    let mut raws = raws.into_iter().flatten();
    let mut raw = raws.next().unwrap_or_default();
    for other in raws {
        raw.merge(other);
    }
    Ok((Some(Doc { raw, files, parsed }), body))
}

/// A file beside `want` that was surely meant to be it: another letter case
/// (`Product.yaml`, which works on Windows and macOS but not on a Linux host), `.yml`,
/// or a `.txt` that Notepad added.
fn near_miss(want: &Path) -> Option<PathBuf> {
    let dir = want.parent()?;
    let name = want.file_name()?.to_string_lossy().to_lowercase();
    let stem = name.strip_suffix(".yaml")?;
    let candidates = [
        name.clone(),
        format!("{stem}.yml"),
        format!("{name}.txt"),
        format!("{stem}.txt"),
    ];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find(|p| {
        p.is_file()
            && p.file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .is_some_and(|n| candidates.contains(&n))
    })
}

/// A key given both in the YAML file and in `index.md`'s front matter.
fn report_conflicts(yaml_file: &SourceFile, front: &SourceFile, diags: &mut Diagnostics) {
    let in_yaml = yaml::top_level_keys(&yaml_file.text);
    for (key, pos) in yaml::top_level_keys(&front.text) {
        if let Some((_, first)) = in_yaml.iter().find(|(k, _)| *k == key) {
            let first = yaml_file.shift(*first);
            diags.push(
                Diagnostic::error(&front.path, front.shift(pos), {
                    let other = format!(
                        "{}:{}:{}",
                        crate::diag::display_path(&yaml_file.path),
                        first.line,
                        first.col
                    );
                    crate::text!(
                        en: "`{key}` is given twice: here and in {other}",
                        id: "`{key}` ditulis dua kali: di sini dan di {other}"
                    )
                })
                .help(crate::text!(
                    en: "keep it in one of the two files and delete the other line",
                    id: "simpan di salah satu file saja dan hapus baris yang lain"
                )),
            );
        }
    }
}

/// Raw structs that can take keys from a second file (front matter beside YAML).
pub trait Merge {
    /// Fills what `self` lacks from `other`.
    fn merge(&mut self, other: Self);
}

macro_rules! impl_merge {
    ($t:ty: $($f:ident),*) => {
        impl Merge for $t {
            fn merge(&mut self, other: Self) {
                $( if self.$f.is_none() { self.$f = other.$f; } )*
            }
        }
    };
}
impl_merge!(RawVillage: name, district, regency, province, group, whatsapp, photos);
impl_merge!(RawProduct: name, name_en, category, price, unit, availability, variants, photos, tags, maker, order, labels);
impl_merge!(RawCatalog: title, description, language, base_url, whatsapp, categories, images);

/// Parses one YAML text into `R`, reporting problems; `None` when it could not be
/// parsed (the rest of the catalog is still checked).
fn parse_raw<R: DeserializeOwned>(
    file: &SourceFile,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> Option<R> {
    match yaml::parse::<R>(&file.text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            if e.message.starts_with("unknown field") {
                let unknown = yaml::unknown_keys(&file.text, &|parent, key| {
                    crate::catalog::schema::allowed_key(kind, parent, key)
                });
                for (parent, key, pos) in &unknown {
                    diags.push(unknown_key(file, kind, parent, key, file.shift(*pos)));
                }
                if !unknown.is_empty() {
                    return None;
                }
            }
            let pos = e.pos.map(|p| file.shift(p)).unwrap_or(Pos::START);
            diags.push(crate::catalog::yaml::messages::yaml_error(
                &file.path, pos, &e, &file.text,
            ));
            None
        }
    }
}

fn unknown_key(file: &SourceFile, kind: FileKind, parent: &str, key: &str, pos: Pos) -> Diagnostic {
    let known = crate::catalog::schema::keys_of(kind, parent).unwrap_or(&[]);
    let file_name = kind.file_name();
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key.to_lowercase(), k), *k))
        .min();
    match best {
        Some((dist, k)) if dist <= 2 || (dist <= 3 && key.len() > 6) => Diagnostic::error(
            &file.path,
            pos,
            crate::text!(
                en: "unknown key `{key}` in {file_name}: did you mean `{k}`?",
                id: "kunci `{key}` tidak dikenal di {file_name}: maksudnya `{k}`?"
            ),
        )
        .help(crate::text!(en: "write `{k}:`", id: "tulis `{k}:`")),
        _ => {
            let keys = known.join(", ");
            Diagnostic::error(
                &file.path,
                pos,
                crate::text!(en: "unknown key `{key}` in {file_name}", id: "kunci `{key}` tidak dikenal di {file_name}"),
            )
            .help(crate::text!(en: "the keys here are: {keys}", id: "kunci yang bisa dipakai di sini: {keys}"))
        }
    }
}

/// Reads a text file: UTF-8 with or without BOM, LF or CRLF. A file in another encoding
/// (Latin-1 / Windows-1252, as old Windows editors save) is read byte by byte with a
/// warning, rather than refused.
///
/// A file over [`MAX_TEXT_BYTES`] is refused with an error (`None`): no description
/// needs a megabyte, and a huge file is a mistake (a photo or a database renamed) or an
/// attack on the build's memory.
fn read_text(
    path: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> fsio::Result<Option<SourceFile>> {
    let size = fsio::metadata(path)?.len();
    read_sized(path, size, line_offset, diags)
}

/// [`read_text`] once the file's size is known.
fn read_sized(
    path: &Path,
    size: u64,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> fsio::Result<Option<SourceFile>> {
    if size > MAX_TEXT_BYTES {
        let (kb, max_kb) = (size / 1024, MAX_TEXT_BYTES / 1024);
        diags.push(
            Diagnostic::error(
                path,
                Pos::START,
                crate::text!(
                    en: "this file is too large to be read: {kb} KB (at most {max_kb} KB)",
                    id: "file ini terlalu besar untuk dibaca: {kb} KB (paling besar {max_kb} KB)"
                ),
            )
            .help(crate::text!(
                en: "keep only the text of the description in it; photos go beside it as their own files",
                id: "isi file ini cukup teks keterangannya saja; foto disimpan sebagai file tersendiri di sebelahnya"
            )),
        );
        return Ok(None);
    }
    let bytes = fsio::read_known(path, size)?;
    Ok(Some(text_file(path, bytes, line_offset, diags)))
}

/// What [`read_listed`] found at a path.
enum Found {
    /// No file there (nothing, a folder by that name, or not to be looked at).
    Nothing,
    /// A file refused by [`read_text`], reported there.
    Refused,
    Text(SourceFile),
}

/// [`read_text`] for a file of a folder already listed: whether it is there and its
/// size are known, so reading it is all that is left to do, a saving of a system call
/// or two for each of the thousands of files of a large catalog.
fn read_listed(dir: &Listing, path: &Path, diags: &mut Diagnostics) -> fsio::Result<Found> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(match dir.len_of(&name) {
        None => Found::Nothing,
        Some(len) => match read_sized(path, len, 0, diags)? {
            Some(file) => Found::Text(file),
            None => Found::Refused,
        },
    })
}

/// A file's bytes as text: see [`read_text`].
fn text_file(
    path: &Path,
    bytes: Vec<u8>,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> SourceFile {
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            let valid = std::str::from_utf8(&bytes)
                .map_err(|e| e.valid_up_to())
                .err()
                .unwrap_or(0);
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diags.push(
                Diagnostic::warning(
                    path,
                    Pos::new(line, col),
                    crate::text!(en: "this file is not saved as UTF-8 text", id: "file ini tidak disimpan sebagai teks UTF-8"),
                )
                .help(crate::text!(
                    en: "save it again choosing the UTF-8 encoding (Notepad: Save As → Encoding: UTF-8)",
                    id: "simpan ulang dengan encoding UTF-8 (Notepad: Save As → Encoding: UTF-8)"
                )),
            );
            bytes.iter().map(|&b| b as char).collect()
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    SourceFile {
        path: path.to_path_buf(),
        text,
        line_offset,
    }
}

/// The largest YAML or Markdown file read (1 MB).
pub const MAX_TEXT_BYTES: u64 = 1 << 20;

/// What a folder holds that matters: sub-folders and image files, by name, with the
/// junk left out.
struct Listing {
    dirs: Vec<PathBuf>,
    /// Every file, by name, with its size and modification time: looked at once here,
    /// so that reading a file or dating the product asks the system nothing more.
    files: HashMap<String, FileMeta>,
    images: Vec<String>,
    /// Files a volunteer likely meant as photos but that browsers cannot show.
    odd: Vec<PathBuf>,
    /// `index.<language>.md` files, as (language code, path).
    translations: Vec<(String, PathBuf)>,
}

#[derive(Debug, Clone, Copy)]
struct FileMeta {
    len: u64,
    modified: Option<SystemTime>,
}

impl Listing {
    /// The newest modification time of the folder's files.
    fn newest(&self) -> Option<SystemTime> {
        self.files.values().filter_map(|f| f.modified).max()
    }

    /// The size of the file `name` in the folder; `None` when there is no such file.
    fn len_of(&self, name: &str) -> Option<u64> {
        self.files.get(name).map(|f| f.len)
    }
}

/// Lists a folder of the catalog. Symbolic links are followed only to files inside the
/// catalog folder (`bounds`, canonical): a link to a folder could loop, and a link out of
/// the catalog could publish a private file.
fn list_dir(dir: &Path, bounds: &Path, diags: &mut Diagnostics) -> fsio::Result<Listing> {
    let mut dirs = Vec::new();
    let mut images = Vec::new();
    let mut odd = Vec::new();
    let mut translations = Vec::new();
    let mut files = HashMap::new();
    // The standard library's listing, not walkdir's: for one level it costs one
    // system call less per folder (walkdir looks at the folder itself first), and a
    // catalog has a folder per product. Sorted by name, as walkdir's was.
    let read_error = |source| fsio::IoError {
        path: dir.to_path_buf(),
        action: "read",
        source,
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(read_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error)?;
    entries.sort_by_cached_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        if let Some(d) = crate::catalog::lint::file_names::check(&entry.path(), &name) {
            diags.push(d);
        }
        let ft = entry.file_type().map_err(|source| fsio::IoError {
            path: entry.path(),
            action: "read",
            source,
        })?;
        if ft.is_symlink() && !link_allowed(&entry.path(), bounds, diags) {
            continue;
        }
        let is_dir = ft.is_dir();
        if !is_dir {
            // A link (allowed above) is measured at its target.
            let meta = if ft.is_symlink() {
                std::fs::metadata(entry.path())
            } else {
                entry.metadata()
            };
            if let Some(meta) = meta.ok().filter(std::fs::Metadata::is_file) {
                let (len, modified) = (meta.len(), meta.modified().ok());
                files.insert(name.clone(), FileMeta { len, modified });
            }
        }
        if is_dir {
            dirs.push(entry.path());
        } else if is_photo_name(&name) {
            images.push(name);
        } else if has_extension(
            &name,
            &["heic", "heif", "tif", "tiff", "bmp", "gif", "avif"],
        ) {
            odd.push(entry.path());
        } else if let Some(code) = translation_code(&name) {
            translations.push((code.to_string(), entry.path()));
        }
    }
    Ok(Listing {
        dirs,
        files,
        images,
        odd,
        translations,
    })
}

/// The language of a translated description's file name: `index.en.md` → `en`.
fn translation_code(name: &str) -> Option<&str> {
    let code = name.strip_prefix("index.")?.strip_suffix(".md")?;
    let plausible = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    plausible.then_some(code)
}

/// Reads the `index.<language>.md` files of a folder: Markdown only, since the fields
/// are shared by every language and stay in the YAML.
fn read_translations(
    listing: &Listing,
    diags: &mut Diagnostics,
) -> fsio::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (code, path) in &listing.translations {
        // An unreadable file (too large, say) is reported by read_listed.
        let Found::Text(md) = read_listed(listing, path, diags)? else {
            continue;
        };
        match yaml::split_front_matter(&md.text) {
            Some((_, body, _)) => {
                diags.push(
                    Diagnostic::error(
                        path,
                        Pos::START,
                        crate::text!(
                            en: "index.{code}.md holds only the translated text: its fields belong in the YAML file",
                            id: "index.{code}.md hanya berisi teks terjemahan: isian (field) tempatnya di file YAML"
                        ),
                    )
                    .help(crate::text!(
                        en: "delete the lines from the first `---` to the second `---`, and write a translated name as `name_en:` in product.yaml",
                        id: "hapus baris dari `---` pertama sampai `---` kedua, dan tulis nama terjemahan sebagai `name_en:` di product.yaml"
                    )),
                );
                out.push((code.clone(), body.to_string()));
            }
            None => out.push((code.clone(), md.text)),
        }
    }
    Ok(out)
}

/// Whether a symbolic link may be read: a link to a file inside the catalog. Anything
/// else is reported and skipped.
fn link_allowed(link: &Path, bounds: &Path, diags: &mut Diagnostics) -> bool {
    let (message, help) = match std::fs::canonicalize(link) {
        Err(_) => (
            crate::text!(en: "this link leads nowhere (or in a circle): skipped", id: "tautan (shortcut) ini tidak menuju apa pun (atau berputar): dilewati"),
            crate::text!(en: "delete it, or put the real file here", id: "hapus, atau taruh file aslinya di sini"),
        ),
        Ok(target) if !target.starts_with(bounds) => (
            crate::text!(en: "this link leads outside the catalog folder: skipped", id: "tautan (shortcut) ini menuju ke luar folder katalog: dilewati"),
            crate::text!(en: "copy the file into the catalog folder instead of linking to it", id: "salin filenya ke folder katalog, jangan ditautkan"),
        ),
        Ok(target) if target.is_dir() => (
            crate::text!(en: "links to folders are not followed: skipped", id: "tautan ke folder tidak diikuti: dilewati"),
            crate::text!(en: "copy the folder here instead of linking to it", id: "salin foldernya ke sini, jangan ditautkan"),
        ),
        Ok(_) => return true,
    };
    diags.push(Diagnostic::error(link, Pos::START, message).help(help));
    false
}

fn warn_about_odd_files(listing: &Listing, diags: &mut Diagnostics) {
    for path in &listing.odd {
        diags.push(
            Diagnostic::warning(
                path,
                Pos::START,
                crate::text!(
                    en: "this photo format is not shown on the site: only JPEG, PNG and WebP are",
                    id: "format foto ini tidak ditampilkan di situs: hanya JPEG, PNG dan WebP"
                ),
            )
            .help(crate::text!(
                en: "save the photo as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible)",
                id: "simpan foto sebagai JPEG (di iPhone: Pengaturan → Kamera → Format → Paling Kompatibel)"
            )),
        );
    }
}

/// Folders and files etalase never reads: hidden, `_drafts`, and what phones, cameras
/// and desktops leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || has_extension(name, &["tmp"])
}

pub fn is_photo_name(name: &str) -> bool {
    has_extension(name, PHOTO_EXTENSIONS)
}

fn has_extension(name: &str, exts: &[&str]) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn slug_of(dir: &Path) -> String {
    slugify(&dir.file_name().unwrap_or_default().to_string_lossy())
}

/// Two folders that give one slug at one level, or a folder that gives none.
/// The folders at the root of the site that etalase writes itself: a village folder
/// with one of these names would be overwritten by them.
pub const RESERVED_FOLDERS: &[&str] =
    &["assets", "icons", "kategori", "cari", "keranjang", "cetak"];

fn check_slugs(dirs: &[PathBuf], reserved: &[&str], diags: &mut Diagnostics) {
    let mut seen: Vec<(String, &PathBuf)> = Vec::new();
    for dir in dirs {
        let slug = slug_of(dir);
        if reserved.contains(&slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder would become the web address `{slug}/`, which the site uses itself",
                        id: "folder ini akan menjadi alamat web `{slug}/`, yang sudah dipakai situs sendiri"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder, for example to desa-{slug}",
                    id: "ganti nama folder, misalnya menjadi desa-{slug}"
                )),
            );
            continue;
        }
        if slug.is_empty() {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder name has no letters or digits to make a web address from",
                        id: "nama folder ini tidak punya huruf atau angka untuk dijadikan alamat web"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder using letters, like jamu-kunyit-asam",
                    id: "ganti nama folder dengan huruf, misalnya jamu-kunyit-asam"
                )),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == slug) {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    {
                        let first = crate::diag::display_path(first);
                        crate::text!(
                            en: "this folder and {first} both become the web address `{slug}`",
                            id: "folder ini dan {first} sama-sama menjadi alamat web `{slug}`"
                        )
                    },
                )
                .help(crate::text!(en: "rename one of the two folders", id: "ganti nama salah satu folder")),
            );
        } else {
            seen.push((slug, dir));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_junk() {
        for name in [
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "~$draft.docx",
            "x.tmp",
            "_drafts",
            ".git",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("botol.jpg"));
        assert!(is_photo_name("DSC_0042.JPG"));
        assert!(is_photo_name("a.WebP"));
        assert!(!is_photo_name("a.heic"));
    }
}
