//! `etalase new`: scaffolds a village or product folder with a commented YAML file
//! (every field explained in Indonesian, for volunteers) and an `index.md` to fill in.

use crate::catalog::scaffold::{PRODUCT_MD, VILLAGE_MD, product_yaml, village_yaml};
use crate::catalog::values::slug::slugify;
use crate::commands::Outcome;
use crate::diag::{Lang, Text, fsio};
use crate::text;
use std::path::{Path, PathBuf};

/// Why a scaffold could not be made (exit status 2: nothing was written).
#[derive(Debug)]
pub enum NewError {
    EmptyName,
    Exists(PathBuf),
    NoVillage { name: String, known: Vec<String> },
    Io(fsio::IoError),
}

impl NewError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> Text {
        match self {
            NewError::EmptyName => text!(
                en: "the name has no letters or digits to make a folder name from",
                id: "nama itu tidak punya huruf atau angka untuk dijadikan nama folder"
            ),
            NewError::Exists(p) => {
                let p = crate::diag::display_path(p);
                text!(
                    en: "{p} already exists: etalase never overwrites it; choose another name or edit that folder",
                    id: "{p} sudah ada: etalase tidak pernah menimpanya; pilih nama lain atau ubah folder itu"
                )
            }
            NewError::NoVillage { name, known } if known.is_empty() => text!(
                en: "there is no village {name:?} yet: make it first with `etalase new village {name:?}`",
                id: "belum ada desa {name:?}: buat dulu dengan `etalase new village {name:?}`"
            ),
            NewError::NoVillage { name, known } => {
                let known = known.join(", ");
                text!(
                    en: "there is no village {name:?}; the villages are: {known}",
                    id: "tidak ada desa {name:?}; desa yang ada: {known}"
                )
            }
            NewError::Io(e) => e.text(),
        }
    }
}

/// `etalase new village NAME` (`village` is `None`) and `etalase new product VILLAGE
/// NAME`: the folder made, and what to do next.
pub fn command(content: &Path, village: Option<&str>, name: &str, lang: Lang) -> Outcome {
    let made = match village {
        None => self::village(content, name),
        Some(v) => product(content, v, name),
    };
    match made {
        Ok(Made {
            dir,
            file,
            completed,
        }) => {
            let dir = crate::diag::display_path(&dir);
            let (made, next) = if completed {
                (
                    text!(
                        en: "added {dir}/{file}: the folder was there, its files are kept",
                        id: "ditambahkan: {dir}/{file}: foldernya sudah ada, isinya tetap"
                    ),
                    text!(
                        en: "next: fill in {file} there, then run `etalase check`",
                        id: "berikutnya: isi {file} di sana, lalu jalankan `etalase check`"
                    ),
                )
            } else {
                (
                    text!(en: "made {dir}/", id: "dibuat: {dir}/"),
                    text!(
                        en: "next: fill in the YAML file there, add photos, then run `etalase check`",
                        id: "berikutnya: isi file YAML di sana, tambahkan foto, lalu jalankan `etalase check`"
                    ),
                )
            };
            println!("{}\n{}", made.get(lang), next.get(lang));
            Outcome::Done
        }
        Err(e) => {
            crate::commands::report::failure(&e.text(), lang);
            Outcome::CouldNotRun
        }
    }
}

impl From<fsio::IoError> for NewError {
    fn from(e: fsio::IoError) -> Self {
        NewError::Io(e)
    }
}

/// What `new` made: the folder, its YAML file, and whether the folder was there
/// already (photos copied in first) and only lacked that file.
#[derive(Debug)]
pub struct Made {
    pub dir: PathBuf,
    pub file: &'static str,
    pub completed: bool,
}

/// Makes `<content>/<slug>/` with `village.yaml` and `index.md`, or adds them to the
/// folder when it lacks its `village.yaml`.
pub fn village(content: &Path, name: &str) -> Result<Made, NewError> {
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::EmptyName);
    }
    let dir = content.join(&slug);
    make(dir, "village.yaml", &village_yaml(name), VILLAGE_MD)
}

/// Makes `<content>/<village>/<slug>/` with `product.yaml` and `index.md` (or adds
/// them to the folder when it lacks its `product.yaml`). `village` may be the folder
/// name or the village's name as typed.
pub fn product(content: &Path, village: &str, name: &str) -> Result<Made, NewError> {
    let name = name.trim();
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::EmptyName);
    }
    let village_dir = find_village(content, village)?;
    let dir = village_dir.join(&slug);
    let categories = catalog_categories(content);
    make(
        dir,
        "product.yaml",
        &product_yaml(name, &categories),
        PRODUCT_MD,
    )
}

/// Makes `dir` with `file` holding `yaml` and an `index.md`. A folder that is there
/// without its `file` — photos copied from a phone first — gets the two files, never
/// overwriting one; a folder that has its `file` is refused.
fn make(dir: PathBuf, file: &'static str, yaml: &str, md: &str) -> Result<Made, NewError> {
    let completed = dir.is_dir();
    if completed && std::fs::symlink_metadata(dir.join(file)).is_ok() || dir.exists() && !completed
    {
        return Err(NewError::Exists(dir));
    }
    fsio::create_dir_all(&dir)?;
    fsio::write(&dir.join(file), yaml.as_bytes())?;
    if std::fs::symlink_metadata(dir.join("index.md")).is_err() {
        fsio::write(&dir.join("index.md"), md.as_bytes())?;
    }
    Ok(Made {
        dir,
        file,
        completed,
    })
}

/// The village folder for what the volunteer typed: the folder name, or any name whose
/// slug matches a village folder's.
fn find_village(content: &Path, typed: &str) -> Result<PathBuf, NewError> {
    let want = slugify(typed);
    let mut known = Vec::new();
    if let Ok(entries) = std::fs::read_dir(content) {
        let mut dirs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join("village.yaml").is_file() || p.join("index.md").is_file())
            .collect();
        dirs.sort();
        for d in dirs {
            let folder = d
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if crate::catalog::load::is_ignored(&folder) {
                continue;
            }
            if folder == typed || slugify(&folder) == want {
                return Ok(d);
            }
            known.push(folder);
        }
    }
    Err(NewError::NoVillage {
        name: typed.to_string(),
        known,
    })
}

/// The category keys of the catalog, for the comment in a new product; the defaults
/// when `catalog.yaml` cannot be read.
fn catalog_categories(content: &Path) -> Vec<String> {
    let from_catalog = std::fs::read_to_string(content.join("catalog.yaml"))
        .ok()
        .and_then(|t| {
            crate::catalog::yaml::parse::<crate::catalog::schema::RawCatalog>(
                t.trim_start_matches('\u{feff}'),
            )
            .ok()
        })
        .and_then(|c| c.categories)
        .map(|m| m.keys().cloned().collect::<Vec<_>>());
    from_catalog.unwrap_or_else(|| {
        crate::catalog::resolve::DEFAULT_CATEGORIES
            .iter()
            .map(|(k, _, _)| k.to_string())
            .collect()
    })
}
