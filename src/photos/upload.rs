//! A product's photos from the workshop (issue 16, point 4): uploads checked, saved,
//! removed, and shown small. In the photos layer, above the catalog's form layer
//! ([`crate::catalog::form`]), because it reads photos as the build does.
//!
//! What was decided, and why:
//!
//! - **Checked by content, never by name**, with the build's own header probe and
//!   limits ([`crate::photos::probe`]: JPEG, PNG or WebP, at most
//!   [`MAX_PHOTO_BYTES`](crate::photos::MAX_PHOTO_BYTES) bytes and
//!   [`MAX_MEGAPIXELS`](crate::photos::MAX_MEGAPIXELS), complete): what `etalase check`
//!   accepts, with its messages. A file refused is never written.
//! - **HEIC is refused, with the fix.** No crate decodes HEVC in Rust without the
//!   system's libheif (and its patent-encumbered codecs), so the iPhone's setting that
//!   makes JPEGs is named instead. Safari usually converts a HEIC photo to JPEG when a
//!   page asks for `image/*`; the refusal is for the ones sent as they are (from the
//!   Files app, or another browser).
//! - **Names**: the slug of the name the phone sent (`IMG_2041.HEIC.jpg` →
//!   `img-2041-heic.jpg`), `foto` when nothing is left of it, with the extension of
//!   what the bytes are (a WebP sent as `x.jpg` is saved `x.webp`). A name is never
//!   reused: a stem already in the folder or in `photos:` (photos are named there
//!   without their extension too) gets `-2`, `-3`…; a file is never overwritten, not
//!   even one copied in by hand meanwhile. Only the slug's letters, digits and `-` reach
//!   the disk, so a name cannot leave the folder.
//! - **Nothing lost on removal**: the file moves into an entry of the catalog's trash
//!   ([`crate::catalog::trash`], a dot folder the build never reads and git never
//!   sees), whence the workshop restores it ([`restore`]), back into the `photos:` list
//!   when the product has one.
//! - **Published**: a product whose files list its photos (`photos:` in `product.yaml`
//!   or in `index.md`'s front matter) gets the new names appended to the list, through
//!   the lossless editor, and a removed one taken out; one without a list shows every
//!   photo of its folder, so nothing is to write.
//!
//! Every write takes the catalog lock exclusively, as [`crate::catalog::form::save_product`] does,
//! and releases it on return. The thread that holds it already (the workshop holds it
//! around a save to record it for undo) gets it again at once
//! ([`crate::output::lock::acquire`]); another thread or process waits.
//! [`save_uploads_locked`] is the variant for a caller that holds the lock already.

use crate::catalog::form::{read_form, write_whole};
use crate::catalog::load::{LoadError, is_ignored, is_photo_name};
use crate::catalog::schema::FileKind;
use crate::catalog::trash::{self, Kind};
use crate::catalog::values::slug::{shorten, slugify};
use crate::catalog::yaml::{self, Change, EditError};
use crate::diag::Text;
use crate::diag::fsio::IoError;
use crate::output::lock::{self, Access, Guarded, Lock, LockError, Wait};
use crate::photos::{ErrorKind, Format};
use crate::text;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// The most photos saved by one request: a product's photos, from a phone, at once.
/// With [`crate::photos::MAX_PHOTO_BYTES`] it sizes the workshop's upload bodies.
pub const MAX_UPLOADS: usize = 12;

/// The long side of a thumbnail, in pixels: sharp at 120 CSS pixels on a 2× screen.
pub const THUMBNAIL_SIDE: u32 = 240;

/// The folder, under the content folder, where removed photos go.
pub use crate::catalog::trash::TRASH;

/// Longest stem given to a saved photo, in bytes (the slug is ASCII).
const MAX_STEM: usize = 60;

/// What an upload's bytes are, as the build reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoKind {
    Jpeg,
    Png,
    Webp,
}

impl PhotoKind {
    /// The extension a photo of this kind is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            PhotoKind::Jpeg => "jpg",
            PhotoKind::Png => "png",
            PhotoKind::Webp => "webp",
        }
    }
}

/// Why photos were not saved, removed or shown.
#[derive(Debug)]
pub enum PhotoError {
    /// An upload the build would refuse: its name as sent and the build's reason.
    Refused {
        file: String,
        why: crate::photos::PhotoError,
    },
    /// More than [`MAX_UPLOADS`] photos at once.
    TooMany(usize),
    /// `name` is not a photo file of the product's folder.
    NoSuchPhoto(String),
    /// The folder is not a product's folder inside the catalog.
    NotInCatalog(PathBuf),
    /// The product's list of photos could not be edited (its files do not parse).
    Edit(EditError),
    Load(LoadError),
    Lock(LockError),
    Trash(trash::TrashError),
    Io(IoError),
}

impl From<IoError> for PhotoError {
    fn from(e: IoError) -> Self {
        PhotoError::Io(e)
    }
}

impl PhotoError {
    /// The failure in the volunteer's languages, naming the file as it was sent.
    pub fn text(&self) -> Text {
        match self {
            PhotoError::Refused { file, why } if why.kind == ErrorKind::Heic => text!(
                en: "{file}: this is an iPhone HEIC photo, which etalase cannot read: send it as JPEG (on the iPhone: Settings > Camera > Formats > Most Compatible, then take the photo again)",
                id: "{file}: ini foto HEIC dari iPhone, yang tidak bisa dibaca etalase: kirim sebagai JPEG (di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel, lalu ambil fotonya lagi)"
            ),
            PhotoError::Refused { file, why } => {
                let (en, id) = (&why.message, &why.message_id);
                text!(en: "{file}: {en}", id: "{file}: {id}")
            }
            PhotoError::TooMany(n) => text!(
                en: "{n} photos at once is too many: send at most {MAX_UPLOADS} at a time",
                id: "{n} foto sekaligus terlalu banyak: kirim paling banyak {MAX_UPLOADS} sekali kirim"
            ),
            PhotoError::NoSuchPhoto(name) => text!(
                en: "{name} is not a photo of this product",
                id: "{name} bukan foto produk ini"
            ),
            PhotoError::NotInCatalog(dir) => {
                let dir = crate::diag::display_path(dir);
                text!(
                    en: "{dir} is not a product's folder of the catalog",
                    id: "{dir} bukan folder produk di katalog"
                )
            }
            PhotoError::Edit(e) => Text::same(e.to_string()),
            PhotoError::Load(e) => e.text(),
            PhotoError::Lock(e) => e.text(),
            PhotoError::Trash(e) => e.text(),
            PhotoError::Io(e) => e.text(),
        }
    }
}

/// What the upload `bytes` (sent as `file_name`) are, or why the build would refuse
/// them: by content only, with the build's probe, limits and messages (as `etalase
/// check` reads a photo: its header and whether it is whole, not its pixels).
pub fn check_upload(file_name: &str, bytes: &[u8]) -> Result<PhotoKind, PhotoError> {
    let refused = |why| PhotoError::Refused {
        file: shown_name(file_name),
        why,
    };
    let info = crate::photos::probe(bytes).map_err(refused)?;
    if !crate::photos::is_complete(bytes, info.format) {
        return Err(refused(crate::photos::PhotoError::truncated()));
    }
    Ok(match info.format {
        Format::Jpeg => PhotoKind::Jpeg,
        Format::Png => PhotoKind::Png,
        Format::Webp => PhotoKind::Webp,
    })
}

/// Saves `uploads` (each its file name as sent and its bytes) into the product folder
/// `dir` of the catalog `content`, under the catalog lock: all checked first (one
/// refused, none written), each written whole under a new safe name, the names appended
/// to the product's `photos:` list if it has one. The names saved, in order.
pub fn save_uploads(
    content: &Path,
    dir: &Path,
    uploads: &[(String, Vec<u8>)],
    wait: &Wait<'_>,
) -> Result<Vec<String>, PhotoError> {
    let kinds = check_all(uploads)?;
    let held = catalog_lock(content, wait)?;
    save_checked(content, dir, uploads, &kinds, &held)
}

/// [`save_uploads`] for a caller that holds the catalog lock already (`_held`: taking
/// it again would wait for itself).
pub fn save_uploads_locked(
    content: &Path,
    dir: &Path,
    uploads: &[(String, Vec<u8>)],
    held: &Lock,
) -> Result<Vec<String>, PhotoError> {
    let kinds = check_all(uploads)?;
    save_checked(content, dir, uploads, &kinds, held)
}

fn check_all(uploads: &[(String, Vec<u8>)]) -> Result<Vec<PhotoKind>, PhotoError> {
    if uploads.len() > MAX_UPLOADS {
        return Err(PhotoError::TooMany(uploads.len()));
    }
    uploads
        .iter()
        .map(|(name, bytes)| check_upload(name, bytes))
        .collect()
}

fn save_checked(
    content: &Path,
    dir: &Path,
    uploads: &[(String, Vec<u8>)],
    kinds: &[PhotoKind],
    _held: &Lock,
) -> Result<Vec<String>, PhotoError> {
    product_path(content, dir)?;
    let list = PhotoList::read(content, dir)?;
    let mut taken = taken_stems(dir, list.as_ref())?;
    let planned: Vec<String> = uploads
        .iter()
        .zip(kinds)
        .map(|((sent, _), kind)| {
            let name = fresh_name(&safe_stem(sent), kind.extension(), &taken);
            taken.push(stem_of(&name).to_ascii_lowercase());
            name
        })
        .collect();
    // The list's new text is made before any photo is written: a list that cannot be
    // edited leaves the folder as it was.
    if let Some(list) = &list {
        list.with(&planned)?;
    }
    let mut saved = Vec::with_capacity(planned.len());
    for (((_, bytes), kind), name) in uploads.iter().zip(kinds).zip(planned) {
        saved.push(write_new(dir, &name, kind.extension(), bytes, &mut taken)?);
    }
    if let Some(list) = &list {
        let (path, text) = list.with(&saved)?;
        write_whole(&path, text.as_bytes())?;
    }
    Ok(saved)
}

/// Moves the photo `name` of the product folder `dir` into the catalog's trash (an
/// entry of its own, [`crate::catalog::trash`]), and takes it out of the product's
/// `photos:` list, under the catalog lock. Only a plain file name of a photo in `dir`
/// is taken. The trash entry made.
pub fn remove_photo(
    content: &Path,
    dir: &Path,
    name: &str,
    wait: &Wait<'_>,
) -> Result<trash::Entry, PhotoError> {
    let inside = product_path(content, dir)?;
    photo_file(dir, name)?;
    let _held = catalog_lock(content, wait)?;
    let list = PhotoList::read(content, dir)?;
    let edited = match &list {
        Some(list) => list.without(name)?,
        None => None,
    };
    let shown = read_form(content, dir)
        .map(|f| f.values.get("name").trim().to_string())
        .unwrap_or_default();
    let entry = trash::put(content, &inside.join(name), Kind::Photo, &shown, wait)
        .map_err(PhotoError::Trash)?;
    if let Some((path, text)) = edited
        && let Err(e) = write_whole(&path, text.as_bytes())
    {
        // The list still names the photo: put it back rather than leave a hole.
        let _ = trash::restore(content, &entry.id, true, wait);
        return Err(e.into());
    }
    Ok(entry)
}

/// Restores the trash entry `id` ([`trash::restore`]: beside its old name when that
/// is taken), under the catalog lock; a photo goes back into its product's `photos:`
/// list when the product has one (under its new name, at the end).
pub fn restore(content: &Path, id: &str, wait: &Wait<'_>) -> Result<trash::Restored, PhotoError> {
    let _held = catalog_lock(content, wait)?;
    let restored = trash::restore(content, id, false, wait).map_err(PhotoError::Trash)?;
    if restored.entry.kind == Kind::Photo
        && let (Some(dir), Some(name)) = (restored.path.parent(), restored.path.file_name())
    {
        let dir = content.join(dir);
        let name = name.to_string_lossy().into_owned();
        let listed = PhotoList::read(content, &dir).ok().flatten();
        if let Some(list) = listed
            && !list.items.iter().any(|i| i.eq_ignore_ascii_case(&name))
        {
            let (path, text) = list.with(&[name])?;
            write_whole(&path, text.as_bytes())?;
        }
    }
    Ok(restored)
}

/// A small upright JPEG of the photo `name` of the folder `dir` (about
/// [`THUMBNAIL_SIDE`] pixels on its long side, no metadata), made by the build's own
/// decoder, resizer and encoder.
pub fn thumbnail(dir: &Path, name: &str) -> Result<Vec<u8>, PhotoError> {
    let path = photo_file(dir, name)?;
    let bytes = crate::diag::fsio::read(&path)?;
    crate::photos::thumbnail(&bytes, THUMBNAIL_SIDE).map_err(|why| PhotoError::Refused {
        file: name.to_string(),
        why,
    })
}

/// Whether `name` is one plain file name the catalog could read as a photo: one path
/// component, not hidden or ignored, with a photo's extension.
pub fn is_plain_photo_name(name: &str) -> bool {
    is_plain_name(name) && is_photo_name(name)
}

/// Whether `name` is one plain path component the catalog reads: not empty, no
/// separator, not `.`/`..`, not hidden or ignored, no control character.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
        && !is_ignored(name)
        && matches!(
            Path::new(name).components().collect::<Vec<_>>()[..],
            [Component::Normal(_)]
        )
}

/// The photo file `dir/name`: a plain photo name, a regular file (not a link).
fn photo_file(dir: &Path, name: &str) -> Result<PathBuf, PhotoError> {
    let missing = || PhotoError::NoSuchPhoto(shown_name(name));
    if !is_plain_photo_name(name) {
        return Err(missing());
    }
    let path = dir.join(name);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => Ok(path),
        _ => Err(missing()),
    }
}

/// `dir` relative to `content`: plain components only, a real folder (not a link).
fn product_path(content: &Path, dir: &Path) -> Result<PathBuf, PhotoError> {
    let outside = || PhotoError::NotInCatalog(dir.to_path_buf());
    let inside = dir.strip_prefix(content).map_err(|_| outside())?;
    let plain = inside
        .components()
        .all(|c| matches!(c, Component::Normal(n) if n.to_str().is_some_and(is_plain_name)));
    let real = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    if !plain || inside.as_os_str().is_empty() || !real {
        return Err(outside());
    }
    Ok(inside.to_path_buf())
}

fn catalog_lock(content: &Path, wait: &Wait<'_>) -> Result<Lock, PhotoError> {
    lock::acquire(content, content, Guarded::Catalog, Access::Exclusive, wait)
        .map_err(PhotoError::Lock)
}

/// The name as sent, as the volunteer knows it: its last path component (old
/// browsers send `C:\fakepath\…`), without control characters.
fn shown_name(sent: &str) -> String {
    let base = sent.rsplit(['/', '\\']).next().unwrap_or(sent);
    let shown: String = base.chars().filter(|c| !c.is_control()).collect();
    if shown.trim().is_empty() {
        "foto".to_string()
    } else {
        shown
    }
}

/// The stem a photo sent as `sent` is saved under: the slug of its stem, `foto` when
/// nothing is left.
fn safe_stem(sent: &str) -> String {
    let base = shown_name(sent);
    let slug = slugify(stem_of(&base));
    match shorten(&slug, MAX_STEM) {
        "" => "foto".to_string(),
        s => s.to_string(),
    }
}

/// A file name without its last extension (a name that is all extension kept whole).
fn stem_of(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// The stems in use, lower-cased: of every entry of the folder and of `photos:`.
fn taken_stems(dir: &Path, list: Option<&PhotoList>) -> Result<Vec<String>, PhotoError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io("read", dir, e))?;
    let mut taken: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| stem_of(&e.file_name().to_string_lossy()).to_ascii_lowercase())
        .collect();
    if let Some(list) = list {
        taken.extend(list.items.iter().map(|i| stem_of(i).to_ascii_lowercase()));
    }
    Ok(taken)
}

/// `stem.ext`, or `stem-2.ext`, `stem-3.ext`… whose stem is not taken.
fn fresh_name(stem: &str, ext: &str, taken: &[String]) -> String {
    let free = |s: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(s));
    if free(stem) {
        return format!("{stem}.{ext}");
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|s| free(s))
        .map(|s| format!("{s}.{ext}"))
        .unwrap_or_else(|| format!("{stem}.{ext}"))
}

/// Writes `bytes` whole as `dir/name` (temporary file in `dir`, flushed, renamed),
/// never over a file: one that appeared meanwhile (copied in by hand) makes the next
/// free name be taken. The name written.
fn write_new(
    dir: &Path,
    name: &str,
    ext: &str,
    bytes: &[u8],
    taken: &mut Vec<String>,
) -> Result<String, PhotoError> {
    let mut name = name.to_string();
    let mut temp = tempfile::Builder::new()
        .prefix(".foto.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io("write", dir, e))?;
    let wrap = |e| io("write", &dir.join(&name), e);
    // A photo copied by hand is readable by all; the temporary file's 0600 is not kept.
    let readable = <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o644);
    temp.as_file().set_permissions(readable).map_err(wrap)?;
    temp.write_all(bytes).map_err(wrap)?;
    temp.as_file().sync_all().map_err(wrap)?;
    loop {
        match temp.persist_noclobber(dir.join(&name)) {
            Ok(_) => break,
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                taken.push(stem_of(&name).to_ascii_lowercase());
                name = fresh_name(stem_of(&name), ext, taken);
                temp = e.file;
            }
            Err(e) => return Err(io("write", &dir.join(&name), e.error)),
        }
    }
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io("write", dir, e))?;
    Ok(name)
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> PhotoError {
    PhotoError::Io(IoError {
        path: path.to_path_buf(),
        action,
        source,
    })
}

/// A product's `photos:` list, where it is written.
struct PhotoList {
    path: PathBuf,
    /// The file's text, as read.
    text: String,
    /// In `index.md`'s front matter rather than `product.yaml`.
    front_matter: bool,
    items: Vec<String>,
}

impl PhotoList {
    /// The product's list of photos, `None` when its files have none (every photo of
    /// the folder is shown). Where a field lives is decided as [`crate::catalog::form::save_product`]
    /// decides it: `product.yaml` when it holds the key, else `index.md`.
    fn read(content: &Path, dir: &Path) -> Result<Option<PhotoList>, PhotoError> {
        let items = read_form(content, dir)
            .map_err(PhotoError::Load)?
            .values
            .photos;
        for (name, front_matter) in [("product.yaml", false), ("index.md", true)] {
            let path = dir.join(name);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let body = text.trim_start_matches('\u{feff}');
            let yaml_text = if front_matter {
                yaml::split_front_matter(body).map_or("", |(fm, _, _)| fm)
            } else {
                body
            };
            if yaml::top_level_keys(yaml_text)
                .iter()
                .any(|(k, _)| k == "photos")
            {
                return Ok(Some(PhotoList {
                    path,
                    text,
                    front_matter,
                    items,
                }));
            }
        }
        Ok(None)
    }

    /// The file's path and new text with `added` appended to the list.
    fn with(&self, added: &[String]) -> Result<(PathBuf, String), PhotoError> {
        let mut items = self.items.clone();
        items.extend(added.iter().cloned());
        self.edit(items)
    }

    /// The file's path and new text without the entries naming `name` (with or without
    /// its extension, in any case, as the build matches them); `None` when none does.
    fn without(&self, name: &str) -> Result<Option<(PathBuf, String)>, PhotoError> {
        let names = |item: &str| {
            item.eq_ignore_ascii_case(name) || item.eq_ignore_ascii_case(stem_of(name))
        };
        if !self.items.iter().any(|i| names(i)) {
            return Ok(None);
        }
        let items = self.items.iter().filter(|i| !names(i)).cloned().collect();
        self.edit(items).map(Some)
    }

    fn edit(&self, items: Vec<String>) -> Result<(PathBuf, String), PhotoError> {
        let change = [Change::List(vec!["photos".into()], items)];
        let text = if self.front_matter {
            yaml::edit_front_matter(&self.text, FileKind::Product, &change)
        } else {
            yaml::edit_yaml(&self.text, FileKind::Product, &change)
        }
        .map_err(PhotoError::Edit)?;
        Ok((self.path.clone(), text))
    }
}

#[cfg(test)]
mod tests;
