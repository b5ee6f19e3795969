//! Saving a checked form (issue 16, points 6 and 7): the fields changed turned into
//! [`Change`]s for the lossless editor, applied where each field lives (`product.yaml`,
//! or the front matter of `index.md`), under the catalog lock taken exclusively (a
//! build takes it shared), after the files are read again and found to be the ones the
//! form was opened on. Every file is written whole: to a temporary file in its folder,
//! flushed to the disk, renamed into place.

use super::check::Checked;
use super::{ProductForm, VariantRow, fields_changed, read_form};
use crate::catalog::load::LoadError;
use crate::catalog::schema::FileKind;
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::{self, Change, EditError, Row};
use crate::diag::fsio::IoError;
use crate::diag::{Diagnostic, Text};
use crate::output::lock::{self, Access, Guarded, LockError, Wait};
use crate::text;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A save done: the product's folder and its form as now on disk (with its new
/// version, for the next save).
#[derive(Debug, Clone)]
pub struct Saved {
    pub dir: PathBuf,
    pub form: ProductForm,
    /// The files written (none when nothing changed).
    pub written: Vec<PathBuf>,
}

/// A save refused because the files changed since the form was opened: the fields
/// changed, and the newer form to show.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub changed: Vec<String>,
    pub newer: ProductForm,
}

/// Why nothing was saved.
#[derive(Debug)]
pub enum SaveError {
    /// A field is invalid (see [`Checked::errors`]): nothing invalid is written.
    Invalid,
    /// The product's files do not parse: their problems, with the build's messages.
    Unparsable(Vec<Diagnostic>),
    /// The files changed since the form was opened.
    Conflict(Box<Conflict>),
    /// A new product's folder is there already.
    Exists(PathBuf),
    /// A new product's name leaves nothing to name its folder with.
    EmptyName,
    /// The editor could not make the change (its own message).
    Edit(EditError),
    Lock(LockError),
    Load(LoadError),
    Io(IoError),
}

impl SaveError {
    /// The failure in the volunteer's languages.
    pub fn text(&self) -> Text {
        match self {
            SaveError::Invalid => text!(
                en: "some fields are not right yet: nothing was saved",
                id: "beberapa isian belum benar: belum ada yang disimpan"
            ),
            SaveError::Unparsable(_) => text!(
                en: "the product's files have problems to fix first: nothing was saved",
                id: "file produk ini punya masalah yang harus diperbaiki dulu: belum ada yang disimpan"
            ),
            SaveError::Conflict(c) => {
                let fields = c.changed.join(", ");
                text!(
                    en: "the product was changed since this form was opened (by hand or from another phone): {fields}; check the newer values and save again",
                    id: "produk ini sudah diubah sejak formulir ini dibuka (langsung di file atau dari HP lain): {fields}; periksa isian terbaru lalu simpan lagi"
                )
            }
            SaveError::Exists(dir) => {
                let dir = crate::diag::display_path(dir);
                text!(
                    en: "{dir} is there already: choose another name",
                    id: "{dir} sudah ada: pilih nama lain"
                )
            }
            SaveError::EmptyName => text!(
                en: "the name needs letters or digits to name the product's folder",
                id: "nama perlu huruf atau angka untuk nama folder produk"
            ),
            SaveError::Edit(e) => Text::same(e.to_string()),
            SaveError::Lock(e) => e.text(),
            SaveError::Load(e) => e.text(),
            SaveError::Io(e) => e.text(),
        }
    }
}

impl From<IoError> for SaveError {
    fn from(e: IoError) -> Self {
        SaveError::Io(e)
    }
}

/// Saves `checked` into the product in `dir` of the catalog `content`, whose form was
/// opened at `version`. Only the fields whose text differs from the files' are
/// changed; a save based on files changed since is refused with the newer form.
pub fn save_product(
    content: &Path,
    dir: &Path,
    version: &str,
    checked: &Checked,
    wait: &Wait<'_>,
) -> Result<Saved, SaveError> {
    if !checked.is_valid() {
        return Err(SaveError::Invalid);
    }
    let _lock = catalog_lock(content, wait)?;
    let current = read_form(content, dir).map_err(SaveError::Load)?;
    if !current.savable() {
        return Err(SaveError::Unparsable(current.problems));
    }
    if current.version != version {
        return Err(SaveError::Conflict(Box::new(Conflict {
            changed: fields_changed(version, &current.version),
            newer: current,
        })));
    }
    let changes = changes(checked, Some(&current));
    let typed_description = super::same_text(&checked.typed.description);
    let description = (typed_description != super::same_text(&current.values.description))
        .then_some(typed_description);
    if changes.is_empty() && description.is_none() {
        return Ok(Saved {
            dir: dir.to_path_buf(),
            form: current,
            written: Vec::new(),
        });
    }
    let yaml_path = dir.join("product.yaml");
    let index_path = dir.join("index.md");
    let yaml_text = read_text(&yaml_path)?;
    let index_text = read_text(&index_path)?;
    let index_keys: Vec<String> = index_text
        .as_deref()
        .and_then(|t| yaml::split_front_matter(t.trim_start_matches('\u{feff}')))
        .map(|(fm, _, _)| keys(fm))
        .unwrap_or_default();
    let yaml_keys: Vec<String> = yaml_text.as_deref().map(keys).unwrap_or_default();
    // A field lives where it is written: in the front matter of `index.md` when only
    // that file holds it (or there is no `product.yaml`), else in `product.yaml`.
    let (mut to_yaml, mut to_index) = (Vec::new(), Vec::new());
    for change in changes {
        let top = top_key(&change);
        let in_index = index_keys.iter().any(|k| k == top) && !yaml_keys.iter().any(|k| k == top);
        if yaml_text.is_none() || in_index {
            to_index.push(change);
        } else {
            to_yaml.push(change);
        }
    }
    let mut written = Vec::new();
    if let (Some(text), false) = (&yaml_text, to_yaml.is_empty()) {
        let new = yaml::edit_yaml(text, FileKind::Product, &to_yaml).map_err(SaveError::Edit)?;
        write_whole(&yaml_path, new.as_bytes())?;
        written.push(yaml_path);
    }
    let mut new_index = index_text.clone();
    if let (Some(text), false) = (&index_text, to_index.is_empty()) {
        new_index = Some(
            yaml::edit_front_matter(text, FileKind::Product, &to_index).map_err(SaveError::Edit)?,
        );
    }
    if let Some(body) = &description {
        new_index = Some(with_body(new_index.as_deref(), body));
    }
    if let Some(new) = new_index.filter(|new| Some(new) != index_text.as_ref()) {
        write_whole(&index_path, new.as_bytes())?;
        written.push(index_path);
    }
    let form = read_form(content, dir).map_err(SaveError::Load)?;
    Ok(Saved {
        dir: dir.to_path_buf(),
        form,
        written,
    })
}

/// Makes a new product in the village folder `village_dir` of the catalog `content`:
/// a folder named from its name as `etalase new product` names it, holding a
/// `product.yaml` with the fields given and `added:` today (unless typed).
pub fn new_product(
    content: &Path,
    village_dir: &Path,
    checked: &Checked,
    wait: &Wait<'_>,
) -> Result<Saved, SaveError> {
    if !checked.is_valid() {
        return Err(SaveError::Invalid);
    }
    let slug = slugify(checked.save_text("name"));
    if slug.is_empty() {
        return Err(SaveError::EmptyName);
    }
    let _lock = catalog_lock(content, wait)?;
    let dir = village_dir.join(&slug);
    if std::fs::symlink_metadata(&dir).is_ok() {
        return Err(SaveError::Exists(dir));
    }
    let mut changes = changes(checked, None);
    if checked.save_text("added").is_empty() {
        let today = jiff::ZonedDateTime::now().date().to_string();
        changes.push(Change::set(&["added"], &today));
    }
    // The editor writes every key in the format's order, quoting what needs quotes;
    // `name:` is there to start from, and set like the rest.
    let text =
        yaml::edit_yaml("name: x\n", FileKind::Product, &changes).map_err(SaveError::Edit)?;
    crate::diag::fsio::create_dir_all(&dir)?;
    let path = dir.join("product.yaml");
    write_whole(&path, text.as_bytes())?;
    let mut written = vec![path];
    let description = super::same_text(&checked.typed.description);
    if !description.is_empty() {
        let index = dir.join("index.md");
        write_whole(&index, with_body(None, &description).as_bytes())?;
        written.push(index);
    }
    let form = read_form(content, &dir).map_err(SaveError::Load)?;
    Ok(Saved { dir, form, written })
}

fn catalog_lock(content: &Path, wait: &Wait<'_>) -> Result<lock::Lock, SaveError> {
    lock::acquire(content, content, Guarded::Catalog, Access::Exclusive, wait)
        .map_err(SaveError::Lock)
}

/// The changes that bring the files from `current` (none: a new file) to `checked`:
/// only the fields typed differently from what the files hold; an emptied field is
/// taken out.
fn changes(checked: &Checked, current: Option<&ProductForm>) -> Vec<Change> {
    let same = |typed: &str, path: &str| {
        current.is_some_and(|c| c.values.get(path).trim() == typed.trim())
    };
    let mut out = Vec::new();
    for &path in super::SCALARS {
        let typed = checked.typed.get(path);
        if same(typed, path) || current.is_none() && checked.save_text(path).is_empty() {
            continue;
        }
        let keys: Vec<&str> = path.split('.').collect();
        out.push(match checked.save_text(path) {
            "" => Change::remove(&keys),
            save => Change::set(&keys, save),
        });
    }
    let was = |f: &dyn Fn(&ProductForm) -> bool| current.is_some_and(f);
    if !was(&|c| c.values.variants == checked.typed.variants)
        && (current.is_some() || !checked.variants.is_empty())
    {
        out.push(Change::Variants(checked.variants.iter().map(row).collect()));
    }
    if !was(&|c| c.values.tags == checked.typed.tags)
        && (current.is_some() || !checked.tags.is_empty())
    {
        out.push(Change::List(vec!["tags".into()], checked.tags.clone()));
    }
    if !was(&|c| c.values.photos == checked.typed.photos)
        && (current.is_some() || !checked.photos.is_empty())
    {
        out.push(Change::List(vec!["photos".into()], checked.photos.clone()));
    }
    out
}

/// `index.md`'s text with its description replaced by `body` (lines ending `\n`):
/// its byte-order mark and front matter kept as they are, and the file's line ends.
/// With no file, the description alone.
fn with_body(index: Option<&str>, body: &str) -> String {
    let body = match body.trim() {
        "" => String::new(),
        text => format!("{text}\n"),
    };
    let Some(text) = index else {
        return body;
    };
    let body = if text.contains("\r\n") {
        body.replace('\n', "\r\n")
    } else {
        body
    };
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let bare = text.trim_start_matches('\u{feff}');
    match yaml::split_front_matter(bare) {
        Some((_, old_body, _)) => {
            let front = &bare[..bare.len() - old_body.len()];
            format!("{bom}{front}{body}")
        }
        None => format!("{bom}{body}"),
    }
}

fn row(r: &VariantRow) -> Row {
    Row {
        name: Some(r.name.clone()),
        price: Some(r.price.clone()).filter(|p| !p.is_empty()),
    }
}

fn top_key(change: &Change) -> &str {
    match change {
        Change::Set(path, _) | Change::Remove(path) | Change::List(path, _) => {
            path.first().map_or("", String::as_str)
        }
        Change::Variants(_) => "variants",
    }
}

fn keys(yaml_text: &str) -> Vec<String> {
    yaml::top_level_keys(yaml_text.trim_start_matches('\u{feff}'))
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// The file's text, `None` when there is no such file.
fn read_text(path: &Path) -> Result<Option<String>, SaveError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SaveError::Io(IoError {
            path: path.to_path_buf(),
            action: "read",
            source,
        })),
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to the disk and
/// renames it over `path`, then flushes the folder: a reader, or a crash, sees the old
/// file or the whole new one, never a part. A file replaced keeps its permissions.
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let wrap = |source: std::io::Error| IoError {
        path: path.to_path_buf(),
        action: "write",
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(wrap)?;
    let permissions = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o644),
    };
    temp.as_file().set_permissions(permissions).map_err(wrap)?;
    temp.write_all(bytes).map_err(wrap)?;
    temp.as_file().sync_all().map_err(wrap)?;
    temp.persist(path).map_err(|e| wrap(e.error))?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(wrap)?;
    Ok(())
}
