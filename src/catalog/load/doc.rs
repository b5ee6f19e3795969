//! One village's or product's document: its YAML file, its `index.md` front matter, or
//! both merged into one raw struct, with the problems of having two (a key given in
//! both) and of a YAML file under a near-miss name (`Product.yaml`, `product.yml`).

use super::files::{Found, read_listed};
use super::listing::Listing;
use super::parse::parse_raw;
use super::{Doc, SourceFile};
use crate::catalog::schema::{FileKind, RawCatalog, RawProduct, RawVillage};
use crate::catalog::yaml;
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Reads an entry's YAML file and/or its `index.md`. Returns the merged document (None
/// when the folder has neither a YAML file nor front matter) and the Markdown body.
pub(super) fn read_doc<R>(
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
        Found::Text(mut file) => {
            raws.push(parse_raw::<R>(&mut file, kind, diags));
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
                let mut file = SourceFile {
                    path: md.path.clone(),
                    text: front.to_string(),
                    line_offset: first_line - 1,
                };
                raws.push(parse_raw::<R>(&mut file, kind, diags));
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
pub(super) fn near_miss(want: &Path) -> Option<PathBuf> {
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
pub(super) fn report_conflicts(
    yaml_file: &SourceFile,
    front: &SourceFile,
    diags: &mut Diagnostics,
) {
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
