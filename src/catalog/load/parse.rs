//! One YAML text into its raw struct ([`crate::catalog::schema`]), and the parser's
//! problems as diagnostics: every unknown key at its line with the key meant, else the
//! parser's own message worded for a volunteer.

use super::SourceFile;
use crate::catalog::schema::FileKind;
use crate::catalog::yaml;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use serde::de::DeserializeOwned;

/// Parses one YAML text into `R`, reporting problems; `None` when it could not be
/// parsed (the rest of the catalog is still checked).
pub(super) fn parse_raw<R: DeserializeOwned>(
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
            diags.push(crate::catalog::yaml::error_diagnostic(
                &file.path, pos, &e, &file.text,
            ));
            None
        }
    }
}

pub(super) fn unknown_key(
    file: &SourceFile,
    kind: FileKind,
    parent: &str,
    key: &str,
    pos: Pos,
) -> Diagnostic {
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
