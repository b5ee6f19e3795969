//! The photos of a village or product: those its `photos:` lists, each checked to be a
//! photo file inside its folder (and the catalog), else every photo in the folder; and
//! the names their web images get, unique within the folder.

use crate::catalog::load::Doc;
use crate::catalog::model::PhotoRef;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, Pos, Text};
use crate::text;
use std::path::{Component, Path, PathBuf};

/// The photos of a village or product: those listed in `photos:`, checked, else every
/// image file in the folder by name.
pub(super) fn photo_refs<R>(
    root: &Path,
    doc: &Doc<R>,
    dir: &Path,
    listed: Option<&[String]>,
    in_folder: &[String],
    diags: &mut Diagnostics,
) -> Vec<PhotoRef> {
    let mut refs: Vec<PhotoRef> = Vec::new();
    match listed {
        None => {
            for name in in_folder {
                let source = dir.join(name);
                refs.push(PhotoRef {
                    stem: String::new(),
                    origin: (source.clone(), Pos::START),
                    source,
                });
            }
        }
        Some(list) => {
            for (i, entry) in list.iter().enumerate() {
                let (path, pos) = doc.at(&[Seg::Key("photos"), Seg::Index(i)]);
                match photo_path(root, dir, entry, in_folder) {
                    Ok(source) => refs.push(PhotoRef {
                        source,
                        stem: String::new(),
                        origin: (path, pos),
                    }),
                    Err((message, help)) => {
                        diags.push(Diagnostic::error(path, pos, message).help(help))
                    }
                }
            }
        }
    }
    // Output names: the file's slug, made unique within the folder, short enough for a
    // file name with its web image's ending (a photo named in 85 Chinese characters has
    // a slug of 500 bytes), and a `-N` to tell it from another.
    let mut used: Vec<String> = Vec::new();
    for r in &mut refs {
        let slug = crate::catalog::values::slug::slugify(
            &r.source.file_stem().unwrap_or_default().to_string_lossy(),
        );
        let base = crate::catalog::values::slug::shorten(
            &slug,
            crate::output::paths::MAX_SLUG_BYTES - "-9999999".len(),
        )
        .to_string();
        let base = if base.is_empty() {
            "foto".to_string()
        } else {
            base
        };
        let mut stem = base.clone();
        let mut n = 2;
        while used.contains(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        used.push(stem.clone());
        r.stem = stem;
    }
    refs
}

/// Checks one `photos:` entry: inside the folder, an existing photo file.
fn photo_path(
    root: &Path,
    dir: &Path,
    entry: &str,
    in_folder: &[String],
) -> Result<PathBuf, (Text, Text)> {
    let entry = entry.trim().replace('\\', "/");
    if entry.is_empty() {
        return Err((
            text!(en: "a photo name is empty", id: "nama foto kosong"),
            text!(en: "write the file name, like botol.jpg", id: "tulis nama filenya, misalnya botol.jpg"),
        ));
    }
    let rel = Path::new(&entry);
    let leaves = entry.starts_with('/')
        || rel.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        })
        || entry.chars().nth(1) == Some(':');
    if leaves {
        return Err((
            text!(en: "the photo {entry:?} is outside this folder", id: "foto {entry:?} ada di luar folder ini"),
            text!(
                en: "put the photo in this folder and write just its file name, like botol.jpg",
                id: "taruh fotonya di folder ini dan tulis nama filenya saja, misalnya botol.jpg"
            ),
        ));
    }
    // Windows hides known extensions, so `foto-depan` is written for `foto-depan.jpg`:
    // accept it when one photo of the folder has that name.
    if rel.extension().is_none()
        && !entry.contains('/')
        && let [one] = in_folder
            .iter()
            .filter(|n| {
                Path::new(n)
                    .file_stem()
                    .is_some_and(|stem| stem.to_string_lossy().eq_ignore_ascii_case(&entry))
            })
            .collect::<Vec<_>>()[..]
    {
        return Ok(dir.join(one));
    }
    let no_extension = rel.extension().is_none();
    if !no_extension && !crate::catalog::load::is_photo_name(&entry) {
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let help = if ext == "heic" || ext == "heif" {
            text!(
                en: "this is an iPhone HEIC photo: save it as JPEG and list the .jpg file",
                id: "ini foto HEIC dari iPhone: simpan sebagai JPEG lalu tulis nama file .jpg-nya"
            )
        } else {
            text!(en: "photos must be .jpg, .jpeg, .png or .webp files", id: "foto harus file .jpg, .jpeg, .png atau .webp")
        };
        return Err((
            text!(en: "{entry:?} is not a JPEG, PNG or WebP photo", id: "{entry:?} bukan foto JPEG, PNG atau WebP"),
            help,
        ));
    }
    let path = dir.join(rel);
    if !no_extension && path.is_file() {
        // A listed photo may be a link; only to a file inside the catalog folder.
        let inside = match (path.canonicalize(), root.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(root),
            _ => false,
        };
        if !inside {
            return Err((
                text!(en: "the photo {entry:?} is a link to a file outside the catalog folder", id: "foto {entry:?} adalah tautan ke file di luar folder katalog"),
                text!(en: "copy the photo into this folder instead of linking to it", id: "salin fotonya ke folder ini, jangan ditautkan"),
            ));
        }
        return Ok(path);
    }
    // Windows and macOS ignore letter case, so volunteers write `dsc_0042.jpg` for
    // `DSC_0042.JPG`: accept it when the match is unambiguous.
    if !entry.contains('/')
        && let [one] = in_folder
            .iter()
            .filter(|n| n.eq_ignore_ascii_case(&entry))
            .collect::<Vec<_>>()[..]
    {
        return Ok(dir.join(one));
    }
    let help = if in_folder.is_empty() {
        text!(en: "copy the photo into this folder, or remove this line", id: "salin fotonya ke folder ini, atau hapus baris ini")
    } else {
        let list = in_folder.join(", ");
        text!(en: "the photos in this folder are: {list}", id: "foto di folder ini: {list}")
    };
    Err((
        text!(en: "photo not found: {entry}", id: "foto tidak ditemukan: {entry}"),
        help,
    ))
}
