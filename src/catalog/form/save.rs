//! Saving a checked form (issue 16, points 6 and 7): the fields changed turned into
//! [`Change`]s for the lossless editor, applied where each field lives (`product.yaml`,
//! or the front matter of `index.md`), under the catalog lock taken exclusively (a
//! build takes it shared), after the files are read again and found to be the ones the
//! form was opened on. Every file is written whole: to a temporary file in its folder,
//! flushed to the disk, renamed into place.

use super::check::{Checked, Outcome, saved_text};
use super::{Form, FormValues, ProductForm, Values, VariantRow, fields_changed, read_form};
use crate::catalog::load::LoadError;
use crate::catalog::schema::{FileKind, RawCatalog, RawProduct, RawVillage};
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::{self, Change, EditError, Row};
use crate::diag::fsio::IoError;
use crate::diag::{Diagnostic, Text};
use crate::output::lock::{self, Access, Guarded, LockError, Wait};
use crate::text;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A save done: the folder and its form as now on disk (with its new version, for the
/// next save).
#[derive(Debug, Clone)]
pub struct Saved<V = Values> {
    pub dir: PathBuf,
    pub form: Form<V>,
    /// The files written (none when nothing changed).
    pub written: Vec<PathBuf>,
}

/// A save refused because the files changed since the form was opened: the fields
/// changed, and the newer form to show.
#[derive(Debug, Clone)]
pub struct Conflict<V = Values> {
    pub changed: Vec<String>,
    pub newer: Form<V>,
}

/// Why a product's form was not saved.
pub type SaveError = NotSaved<Values>;

/// Why nothing was saved, for every kind of form (each module names its own:
/// [`SaveError`], `village::SaveError`, `settings::SaveError`).
#[derive(Debug)]
pub enum NotSaved<V = Values> {
    /// A field is invalid (see [`Checked::errors`]): nothing invalid is written.
    Invalid,
    /// The files do not parse: their problems, with the build's messages.
    Unparsable(Vec<Diagnostic>),
    /// The files changed since the form was opened.
    Conflict(Box<Conflict<V>>),
    /// A new entry's folder is there already (with its file).
    Exists(PathBuf),
    /// A new entry's name leaves nothing to name its folder with.
    EmptyName,
    /// The editor could not make the change (its own message).
    Edit(EditError),
    Lock(LockError),
    Load(LoadError),
    Io(IoError),
}

impl<V: FormValues> NotSaved<V> {
    /// The failure in the volunteer's languages.
    pub fn text(&self) -> Text {
        let kind = V::KIND;
        match self {
            NotSaved::Invalid => text!(
                en: "some fields are not right yet: nothing was saved",
                id: "beberapa isian belum benar: belum ada yang disimpan"
            ),
            NotSaved::Unparsable(_) => match kind {
                FileKind::Product => text!(
                    en: "the product's files have problems to fix first: nothing was saved",
                    id: "file produk ini punya masalah yang harus diperbaiki dulu: belum ada yang disimpan"
                ),
                FileKind::Village => text!(
                    en: "the village's files have problems to fix first: nothing was saved",
                    id: "file desa ini punya masalah yang harus diperbaiki dulu: belum ada yang disimpan"
                ),
                FileKind::Catalog => text!(
                    en: "catalog.yaml has problems to fix first: nothing was saved",
                    id: "catalog.yaml punya masalah yang harus diperbaiki dulu: belum ada yang disimpan"
                ),
            },
            NotSaved::Conflict(c) => {
                let fields = c.changed.join(", ");
                match kind {
                    FileKind::Product => text!(
                        en: "the product was changed since this form was opened (by hand or from another phone): {fields}; check the newer values and save again",
                        id: "produk ini sudah diubah sejak formulir ini dibuka (langsung di file atau dari HP lain): {fields}; periksa isian terbaru lalu simpan lagi"
                    ),
                    FileKind::Village => text!(
                        en: "the village was changed since this form was opened (by hand or from another phone): {fields}; check the newer values and save again",
                        id: "desa ini sudah diubah sejak formulir ini dibuka (langsung di file atau dari HP lain): {fields}; periksa isian terbaru lalu simpan lagi"
                    ),
                    FileKind::Catalog => text!(
                        en: "the catalog's settings were changed since this form was opened (by hand or from another phone): {fields}; check the newer values and save again",
                        id: "pengaturan katalog sudah diubah sejak formulir ini dibuka (langsung di file atau dari HP lain): {fields}; periksa isian terbaru lalu simpan lagi"
                    ),
                }
            }
            NotSaved::Exists(dir) => {
                let dir = crate::diag::display_path(dir);
                text!(
                    en: "{dir} is there already: choose another name",
                    id: "{dir} sudah ada: pilih nama lain"
                )
            }
            NotSaved::EmptyName => match kind {
                FileKind::Village => text!(
                    en: "the name needs letters or digits to name the village's folder",
                    id: "nama perlu huruf atau angka untuk nama folder desa"
                ),
                _ => text!(
                    en: "the name needs letters or digits to name the product's folder",
                    id: "nama perlu huruf atau angka untuk nama folder produk"
                ),
            },
            NotSaved::Edit(e) => Text::same(e.to_string()),
            NotSaved::Lock(e) => e.text(),
            NotSaved::Load(e) => e.text(),
            NotSaved::Io(e) => e.text(),
        }
    }
}

impl<V> From<IoError> for NotSaved<V> {
    fn from(e: IoError) -> Self {
        NotSaved::Io(e)
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
    save_fields(
        content,
        dir,
        version,
        checked.is_valid(),
        || read_form(content, dir),
        |current| Edits {
            fields: changes(checked, Some(current)),
            body: body_change(&checked.typed.description, &current.values.description),
        },
        wait,
    )
}

/// What a save changes: the fields, as changes for the editor, and the text of
/// `index.md` after its front matter (a product's description, a village's story) when
/// it changed.
pub(super) struct Edits {
    pub fields: Vec<Change>,
    pub body: Option<String>,
}

/// The new text of `index.md` after its front matter, when `typed` differs from
/// `current` (line ends and the blank space around aside).
pub(super) fn body_change(typed: &str, current: &str) -> Option<String> {
    let typed = super::same_text(typed);
    (typed != super::same_text(current)).then_some(typed)
}

/// The save of every kind of form: refused when a field is invalid (`valid` false);
/// under the catalog lock, the form read again (`read`) and refused when its files do
/// not parse or are not those of `version`; then the `changes` made from the form as it
/// is on disk applied where each field lives (the kind's YAML file, or the front matter
/// of `index.md`; the body of `index.md` for a description), each file checked to parse
/// as the build reads it and written whole.
pub(super) fn save_fields<V: FormValues>(
    content: &Path,
    dir: &Path,
    version: &str,
    valid: bool,
    read: impl Fn() -> Result<Form<V>, LoadError>,
    edits: impl FnOnce(&Form<V>) -> Edits,
    wait: &Wait<'_>,
) -> Result<Saved<V>, NotSaved<V>> {
    if !valid {
        return Err(NotSaved::Invalid);
    }
    let _lock = catalog_lock(content, wait)?;
    let current = read().map_err(NotSaved::Load)?;
    if !current.savable() {
        return Err(NotSaved::Unparsable(current.problems));
    }
    if current.version != version {
        return Err(NotSaved::Conflict(Box::new(Conflict {
            changed: fields_changed::<V>(version, &current.version),
            newer: current,
        })));
    }
    let Edits {
        fields: changes,
        body,
    } = edits(&current);
    if changes.is_empty() && body.is_none() {
        return Ok(Saved {
            dir: dir.to_path_buf(),
            form: current,
            written: Vec::new(),
        });
    }
    let yaml_path = dir.join(V::KIND.file_name());
    // `catalog.yaml` has no `index.md` beside it to hold its fields.
    let index_path = (V::KIND != FileKind::Catalog).then(|| dir.join("index.md"));
    let yaml_text = read_text(&yaml_path)?;
    let index_text = match &index_path {
        Some(p) => read_text(p)?,
        None => None,
    };
    let index_keys: Vec<String> = index_text
        .as_deref()
        .and_then(|t| yaml::split_front_matter(t.trim_start_matches('\u{feff}')))
        .map(|(fm, _, _)| keys(fm))
        .unwrap_or_default();
    let yaml_keys: Vec<String> = yaml_text.as_deref().map(keys).unwrap_or_default();
    // A field lives where it is written: in the front matter of `index.md` when only
    // that file holds it (or there is no YAML file), else in the YAML file.
    let (mut to_yaml, mut to_index) = (Vec::new(), Vec::new());
    for change in changes {
        let top = top_key(&change);
        let in_index = index_keys.iter().any(|k| k == top) && !yaml_keys.iter().any(|k| k == top);
        if index_text.is_some() && (yaml_text.is_none() || in_index) {
            to_index.push(change);
        } else {
            to_yaml.push(change);
        }
    }
    let mut edited = Vec::new();
    if let (Some(text), false) = (&yaml_text, to_yaml.is_empty()) {
        let new = yaml::edit_yaml(text, V::KIND, &to_yaml).map_err(NotSaved::Edit)?;
        parses(V::KIND, &new).map_err(NotSaved::Edit)?;
        edited.push((yaml_path, new));
    }
    let mut new_index = index_text.clone();
    if let (Some(text), false) = (&index_text, to_index.is_empty()) {
        let new = yaml::edit_front_matter(text, V::KIND, &to_index).map_err(NotSaved::Edit)?;
        let front = yaml::split_front_matter(new.trim_start_matches('\u{feff}'))
            .map(|(fm, _, _)| fm.to_string())
            .unwrap_or_default();
        parses(V::KIND, &front).map_err(NotSaved::Edit)?;
        new_index = Some(new);
    }
    if let Some(body) = &body {
        new_index = Some(with_body(new_index.as_deref(), body));
    }
    if let (Some(path), Some(new)) = (
        index_path,
        new_index.filter(|new| Some(new) != index_text.as_ref()),
    ) {
        edited.push((path, new));
    }
    // Every file is checked before the first is written.
    let mut written = Vec::new();
    for (path, text) in edited {
        write_whole(&path, text.as_bytes())?;
        written.push(path);
    }
    let form = read().map_err(NotSaved::Load)?;
    Ok(Saved {
        dir: dir.to_path_buf(),
        form,
        written,
    })
}

/// Whether `text` parses as the raw document of a file of `kind`, as the build reads it
/// (the editor checks it reads back as YAML; a value of the wrong type for its field, a
/// number where the format wants text, is caught only here): never write a file the
/// build would refuse.
fn parses(kind: FileKind, text: &str) -> Result<(), EditError> {
    let text = text.trim_start_matches('\u{feff}');
    match kind {
        FileKind::Catalog => yaml::parse::<RawCatalog>(text).map(drop),
        FileKind::Village => yaml::parse::<RawVillage>(text).map(drop),
        FileKind::Product => yaml::parse::<RawProduct>(text).map(drop),
    }
    .map_err(EditError::Parse)
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
        return Err(NotSaved::Invalid);
    }
    let slug = slugify(checked.save_text("name"));
    if slug.is_empty() {
        return Err(NotSaved::EmptyName);
    }
    let mut changes = changes(checked, None);
    if checked.save_text("added").is_empty() {
        let today = jiff::ZonedDateTime::now().date().to_string();
        changes.push(Change::set(&["added"], &today));
    }
    // The editor writes every key in the format's order, quoting what needs quotes;
    // `name:` is there to start from, and set like the rest.
    let description = super::same_text(&checked.typed.description);
    let index_md = (!description.is_empty()).then(|| with_body(None, &description));
    create(
        content,
        village_dir.join(&slug),
        "name: x\n",
        &changes,
        index_md.as_deref(),
        |dir| read_form(content, dir),
        wait,
    )
}

/// The making of every kind of entry: under the catalog lock, `dir` made holding its
/// YAML file, the text `start` with `changes` applied (checked to parse as the build
/// reads it), and, when there is none, an `index.md` of `index_md`. As `etalase new`
/// does, a folder that is there without its YAML file (photos copied from a phone
/// first) gets the files and keeps its photos; one that has its file is refused.
pub(super) fn create<V: FormValues>(
    content: &Path,
    dir: PathBuf,
    start: &str,
    changes: &[Change],
    index_md: Option<&str>,
    read: impl Fn(&Path) -> Result<Form<V>, LoadError>,
    wait: &Wait<'_>,
) -> Result<Saved<V>, NotSaved<V>> {
    let _lock = catalog_lock(content, wait)?;
    let path = dir.join(V::KIND.file_name());
    let there = std::fs::symlink_metadata(&dir).is_ok();
    if there && (!dir.is_dir() || std::fs::symlink_metadata(&path).is_ok()) {
        return Err(NotSaved::Exists(dir));
    }
    let text = yaml::edit_yaml(start, V::KIND, changes).map_err(NotSaved::Edit)?;
    parses(V::KIND, &text).map_err(NotSaved::Edit)?;
    crate::diag::fsio::create_dir_all(&dir)?;
    write_whole(&path, text.as_bytes())?;
    let mut written = vec![path];
    let index = dir.join("index.md");
    if let Some(md) = index_md
        && std::fs::symlink_metadata(&index).is_err()
    {
        write_whole(&index, md.as_bytes())?;
        written.push(index);
    }
    let form = read(&dir).map_err(NotSaved::Load)?;
    Ok(Saved { dir, form, written })
}

fn catalog_lock<V>(content: &Path, wait: &Wait<'_>) -> Result<lock::Lock, NotSaved<V>> {
    lock::acquire(content, content, Guarded::Catalog, Access::Exclusive, wait)
        .map_err(NotSaved::Lock)
}

/// The changes that bring a product's files from `current` (none: a new file) to `checked`:
/// only the fields typed differently from what the files hold; an emptied field is
/// taken out.
fn changes(checked: &Checked, current: Option<&ProductForm>) -> Vec<Change> {
    let mut out = scalar_changes(
        super::SCALARS,
        &checked.typed.scalars,
        &checked.fields,
        current.map(|c| &c.values.scalars),
    );
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

/// The changes of the scalar fields `names`: only those typed differently from what
/// the files hold (`current`; none: a new file, where an empty field is left out); an
/// emptied field is taken out. Shared by every kind of form.
pub(super) fn scalar_changes(
    names: &[&str],
    typed: &BTreeMap<String, String>,
    fields: &BTreeMap<String, Outcome>,
    current: Option<&BTreeMap<String, String>>,
) -> Vec<Change> {
    let text = |map: &BTreeMap<String, String>, path: &str| {
        map.get(path)
            .map_or(String::new(), |v| v.trim().to_string())
    };
    let mut out = Vec::new();
    for &path in names {
        let save = saved_text(fields, path);
        let unchanged = match current {
            Some(current) => text(current, path) == text(typed, path),
            None => save.is_empty(),
        };
        if unchanged {
            continue;
        }
        let keys: Vec<&str> = path.split('.').collect();
        out.push(match save {
            "" => Change::remove(&keys),
            save => Change::set(&keys, save),
        });
    }
    out
}

/// `index.md`'s text with its description replaced by `body` (lines ending `\n`):
/// its byte-order mark and front matter kept as they are, and the file's line ends.
/// With no file, the description alone.
pub(super) fn with_body(index: Option<&str>, body: &str) -> String {
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
fn read_text<V>(path: &Path) -> Result<Option<String>, NotSaved<V>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(NotSaved::Io(IoError {
            path: path.to_path_buf(),
            action: "read",
            source,
        })),
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to the disk and
/// renames it over `path`, then flushes the folder: a reader, or a crash, sees the old
/// file or the whole new one, never a part. A file replaced keeps its permissions.
///
/// A crash before the rename leaves the temporary file (`.NAME.*.tmp`). It is left
/// there: the catalog's reader ignores hidden and `.tmp` files
/// ([`crate::catalog::load::is_ignored`]), so `check` and `build` neither warn of it nor
/// publish it, and removing it at the workshop's start could take the file of a writer
/// still at work (tests/etalase/hostile/workshop_kill.rs).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
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
