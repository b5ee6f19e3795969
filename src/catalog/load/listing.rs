//! Listing one folder of the catalog: its sub-folders, photos, translated texts and
//! every file's size and time, with the junk (hidden files, `_drafts`, what phones and
//! desktops leave) left out and symbolic links followed only to files inside the
//! catalog. What a folder holds is looked at once, here, so that reading and dating its
//! files asks the system nothing more.

use crate::catalog::values::language::is_language_code;
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::output::staging::Seen;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Photo file extensions the format accepts, lower-case.
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// What a folder holds that matters: sub-folders and image files, by name, with the
/// junk left out.
pub(super) struct Listing {
    pub(super) dirs: Vec<PathBuf>,
    /// Every file, by name, with its size and modification time: looked at once here,
    /// so that reading a file or dating the product asks the system nothing more.
    pub(super) files: HashMap<String, FileMeta>,
    pub(super) images: Vec<String>,
    /// Files a volunteer likely meant as photos but that browsers cannot show.
    pub(super) odd: Vec<PathBuf>,
    /// `index.<language>.md` files, as (language code, path).
    pub(super) translations: Vec<(String, PathBuf)>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct FileMeta {
    pub(super) len: u64,
    pub(super) modified: Option<SystemTime>,
}

impl Listing {
    /// The newest modification time of the folder's files.
    pub(super) fn newest(&self) -> Option<SystemTime> {
        self.files.values().filter_map(|f| f.modified).max()
    }

    /// The size of the file `name` in the folder; `None` when there is no such file.
    pub(super) fn len_of(&self, name: &str) -> Option<u64> {
        self.files.get(name).map(|f| f.len)
    }
}

/// Lists a folder of the catalog. Symbolic links are followed only to files inside the
/// catalog folder (`bounds`, canonical): a link to a folder could loop, and a link out of
/// the catalog could publish a private file.
///
/// The folder is stamped in `seen` before it is listed, and each file as it is found.
pub(super) fn list_dir(
    dir: &Path,
    bounds: &Path,
    seen: &Seen,
    diags: &mut Diagnostics,
) -> fsio::Result<Listing> {
    seen.folder(dir);
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
            // A named pipe, socket or device is never opened (a pipe would wait
            // forever): an error here, and nothing of the catalog sees it.
            let special = match &meta {
                Ok(meta) => fsio::special_kind(&meta.file_type()),
                Err(_) => fsio::special_kind(&ft),
            };
            if let Some(kind) = special {
                diags.push(fsio::special_file_diagnostic(&entry.path(), kind));
                continue;
            }
            if let Some(meta) = meta.ok().filter(std::fs::Metadata::is_file) {
                seen.file(&entry.path(), &meta);
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
pub(super) fn translation_code(name: &str) -> Option<&str> {
    let code = name.strip_prefix("index.")?.strip_suffix(".md")?;
    is_language_code(code).then_some(code)
}

/// Whether a symbolic link may be read: a link to a file inside the catalog. Anything
/// else is reported and skipped.
pub(super) fn link_allowed(link: &Path, bounds: &Path, diags: &mut Diagnostics) -> bool {
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

pub(super) fn warn_about_odd_files(listing: &Listing, diags: &mut Diagnostics) {
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

pub(super) fn has_extension(name: &str, exts: &[&str]) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
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
