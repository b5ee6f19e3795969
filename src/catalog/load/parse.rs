//! One YAML text into its raw struct ([`crate::catalog::schema`]), and the parser's
//! problems as diagnostics: every unknown key at its line with the key meant, else the
//! parser's own message worded for a volunteer.

use super::SourceFile;
use crate::catalog::schema::FileKind;
use crate::catalog::yaml;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use serde::de::DeserializeOwned;

/// Parses one YAML text into `R`, reporting problems; `None` when it could not be
/// parsed (the rest of the catalog is still checked). Values typed in curly quotes are
/// read as straight-quoted, in `file` too (where later checks find their lines), with a
/// warning for each.
pub(super) fn parse_raw<R: DeserializeOwned>(
    file: &mut SourceFile,
    kind: FileKind,
    diags: &mut Diagnostics,
) -> Option<R> {
    if let Some((text, curly)) = yaml::straighten_quotes(&file.text) {
        for c in &curly {
            diags.push(curly_quotes(file, c));
        }
        file.text = text;
    }
    match yaml::parse::<R>(&file.text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            if e.message.starts_with("unknown field") {
                let unknown = yaml::unknown_keys_meant(
                    &file.text,
                    &|parent, key| crate::catalog::schema::allowed_key(kind, parent, key),
                    &|parent, key| match crate::catalog::key_words::meant_key(kind, parent, key) {
                        Some(crate::catalog::key_words::Meant::Key(k)) => Some(k.to_string()),
                        Some(crate::catalog::key_words::Meant::Under(group, k)) => {
                            Some(format!("{group}.{k}"))
                        }
                        _ => None,
                    },
                );
                for (parent, key, pos) in &unknown {
                    diags.push(unknown_key(file, kind, parent, key, *pos));
                }
                if !unknown.is_empty() {
                    return None;
                }
            }
            let pos = e.pos.map(|p| file.shift(p)).unwrap_or(Pos::START);
            diags.push(crate::catalog::yaml::error_diagnostic(
                &file.path, pos, &e, &file.text,
            ));
            None
        }
    }
}

/// An unknown key at `pos` (in the YAML text's own lines): the key meant when it is a
/// word for one ([`crate::catalog::key_words`]: `harga` for `price`) or a slip of its
/// spelling (`prise`), else the keys that may stand there.
pub(super) fn unknown_key(
    file: &SourceFile,
    kind: FileKind,
    parent: &str,
    key: &str,
    pos: Pos,
) -> Diagnostic {
    use crate::catalog::key_words::{Meant, meant_key};
    let value = yaml::written_value(&file.text, pos, key);
    let pos = file.shift(pos);
    let known = crate::catalog::schema::keys_of(kind, parent).unwrap_or(&[]);
    let file_name = kind.file_name();
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key.to_lowercase(), k), *k))
        .min();
    let meant = meant_key(kind, parent, key);
    let (k, help) = match (meant, best) {
        (Some(Meant::Key(k)), _) => {
            let line = match value {
                Some(v) => format!("{k}: {v}"),
                None => format!("{k}:"),
            };
            (
                k,
                crate::text!(
                    en: "etalase reads keys in English only, as the guide writes them: write `{line}`",
                    id: "etalase hanya membaca kunci dalam bahasa Inggris, seperti di panduan: tulis `{line}`"
                ),
            )
        }
        (Some(Meant::Under(group, k)), _) => {
            let v = value.unwrap_or("…");
            let message = if key == k {
                crate::text!(
                    en: "`{key}` is written under `{group}:` in {file_name}",
                    id: "`{key}` ditulis di bawah `{group}:` di {file_name}"
                )
            } else {
                crate::text!(
                    en: "unknown key `{key}` in {file_name}: did you mean `{k}` under `{group}:`?",
                    id: "kunci `{key}` tidak dikenal di {file_name}: maksudnya `{k}` di bawah `{group}:`?"
                )
            };
            return Diagnostic::error(&file.path, pos, message).help(crate::text!(
                en: "write it under `{group}:`, like {group}: {{ {k}: {v} }}",
                id: "tulis di bawah `{group}:`, misalnya {group}: {{ {k}: {v} }}"
            ));
        }
        (Some(Meant::Description), _) => {
            return Diagnostic::error(
                &file.path,
                pos,
                crate::text!(
                    en: "unknown key `{key}` in {file_name}: the description is not written as a key",
                    id: "kunci `{key}` tidak dikenal di {file_name}: deskripsi tidak ditulis sebagai kunci"
                ),
            )
            .help(crate::text!(
                en: "write the description as plain text in a file index.md beside {file_name}, and delete this line",
                id: "tulis deskripsinya sebagai teks biasa di berkas index.md di samping {file_name}, lalu hapus baris ini"
            ));
        }
        (Some(Meant::Village), _) => {
            return Diagnostic::error(
                &file.path,
                pos,
                crate::text!(
                    en: "unknown key `{key}` in {file_name}: a product's village is the folder it stands in",
                    id: "kunci `{key}` tidak dikenal di {file_name}: desa sebuah produk adalah folder tempat produk itu berada"
                ),
            )
            .help(crate::text!(
                en: "delete this line; the village's name and place are written in its village.yaml",
                id: "hapus baris ini; nama dan letak desa ditulis di village.yaml desa itu"
            ));
        }
        (None, Some((dist, k))) if dist <= 2 || (dist <= 3 && key.len() > 6) => {
            let line = match value {
                Some(v) => format!("{k}: {v}"),
                None => format!("{k}:"),
            };
            (k, crate::text!(en: "write `{line}`", id: "tulis `{line}`"))
        }
        (None, _) => {
            let keys = known.join(", ");
            // `- 250 gram: 15000`: a variant written as its name and its price.
            let help = match value {
                Some(v) if parent == "variants[]" => crate::text!(
                    en: "a variant is written with its name and its price: `- {{ name: {key}, price: {v} }}`",
                    id: "varian ditulis dengan nama dan harganya: `- {{ name: {key}, price: {v} }}`"
                ),
                _ => {
                    crate::text!(en: "the keys here are: {keys}", id: "kunci yang bisa dipakai di sini: {keys}")
                }
            };
            return Diagnostic::error(
                &file.path,
                pos,
                crate::text!(en: "unknown key `{key}` in {file_name}", id: "kunci `{key}` tidak dikenal di {file_name}"),
            )
            .help(help);
        }
    };
    Diagnostic::error(
        &file.path,
        pos,
        crate::text!(
            en: "unknown key `{key}` in {file_name}: did you mean `{k}`?",
            id: "kunci `{key}` tidak dikenal di {file_name}: maksudnya `{k}`?"
        ),
    )
    .help(help)
}

/// A value (or key) typed in curly quotes, read as the straight-quoted text it stands for.
fn curly_quotes(file: &SourceFile, c: &yaml::CurlyQuoted) -> Diagnostic {
    let (open, close, inner) = (c.open, c.close, &c.inner);
    Diagnostic::warning(
        &file.path,
        file.shift(c.pos),
        crate::text!(
            en: "{open}{inner}{close} is in curly quotes ({open} {close}); read as if in straight quotes: {inner}",
            id: "{open}{inner}{close} memakai tanda kutip melengkung ({open} {close}); dibaca seperti tanda kutip lurus: {inner}"
        ),
    )
    .help(crate::text!(
        en: "type straight quotes \" (or none): word processors and phone keyboards curl them, so write in a plain text editor or turn off smart quotes",
        id: "ketik tanda kutip lurus \" (atau tanpa tanda kutip): pengolah kata dan keyboard ponsel membuatnya melengkung, jadi tulis di editor teks biasa atau matikan tanda kutip pintar (smart quotes)"
    ))
}
