//! Reading a text file of the catalog (YAML, Markdown): UTF-8 or, with a warning,
//! byte by byte; at most [`MAX_TEXT_BYTES`]; the byte order mark removed. Also the
//! translated texts (`index.<code>.md`) of a folder, which are such files.

use super::SourceFile;
use super::listing::Listing;
use crate::catalog::yaml;
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use std::path::Path;

/// Reads a text file: UTF-8 with or without BOM, LF or CRLF. A file in another encoding
/// (Latin-1 / Windows-1252, as old Windows editors save) is read byte by byte with a
/// warning, rather than refused.
///
/// A file over [`MAX_TEXT_BYTES`] is refused with an error (`None`): no description
/// needs a megabyte, and a huge file is a mistake (a photo or a database renamed) or an
/// attack on the build's memory.
pub(super) fn read_text(
    path: &Path,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> fsio::Result<Option<SourceFile>> {
    let size = fsio::metadata(path)?.len();
    read_sized(path, size, line_offset, diags)
}

/// [`read_text`] once the file's size is known.
pub(super) fn read_sized(
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
pub(super) enum Found {
    /// No file there (nothing, a folder by that name, or not to be looked at).
    Nothing,
    /// A file refused by [`read_text`], reported there.
    Refused,
    Text(SourceFile),
}

/// [`read_text`] for a file of a folder already listed: whether it is there and its
/// size are known, so reading it is all that is left to do, a saving of a system call
/// or two for each of the thousands of files of a large catalog.
pub(super) fn read_listed(
    dir: &Listing,
    path: &Path,
    diags: &mut Diagnostics,
) -> fsio::Result<Found> {
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
pub(super) fn text_file(
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

/// Reads the `index.<language>.md` files of a folder: Markdown only, since the fields
/// are shared by every language and stay in the YAML.
pub(super) fn read_translations(
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
