//! The theme: Tera templates, CSS and interface words.
//!
//! The default theme in `themes/default/` is compiled into the binary, so etalase works
//! from any folder with nothing beside it. A catalog overrides any file of it by putting
//! a file at the same relative path under `<content>/_theme/`.

use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::output::staging::Seen;
use include_dir::{Dir, include_dir};
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a catalog's theme overrides live, inside its content folder.
pub const OVERRIDE_DIR: &str = "_theme";

/// One file of the theme, with where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path inside the theme: `templates/product.html`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// The file as named in diagnostics: the override's path, or
    /// `themes/default/...` for the built-in theme.
    pub origin: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub files: Vec<ThemeFile>,
    /// The override folders listed and files read, stamped before (see
    /// [`crate::output::staging::Built`]).
    pub seen: Seen,
}

impl Theme {
    /// The default theme with `<content>/_theme/` laid over it.
    pub fn load(content: &Path) -> fsio::Result<Theme> {
        let mut files: Vec<ThemeFile> = Vec::new();
        collect_default(&DEFAULT, &mut files);
        let seen = Seen::new();
        let overrides = content.join(OVERRIDE_DIR);
        if overrides.is_dir() {
            for entry in walkdir::WalkDir::new(&overrides).sort_by_file_name() {
                let entry = entry.map_err(|e| fsio::IoError {
                    path: overrides.clone(),
                    action: "read",
                    source: e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("loop")),
                })?;
                if entry.file_type().is_dir() {
                    seen.folder(entry.path());
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                seen.file_at(entry.path());
                let rel = entry
                    .path()
                    .strip_prefix(&overrides)
                    .unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                let bytes = fsio::read(entry.path())?;
                let file = ThemeFile {
                    name: name.clone(),
                    bytes,
                    origin: entry.path().to_path_buf(),
                };
                match files.iter_mut().find(|f| f.name == name) {
                    Some(existing) => *existing = file,
                    None => files.push(file),
                }
            }
        }
        Ok(Theme { files, seen })
    }

    pub fn file(&self, name: &str) -> Option<&ThemeFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// The templates: `(name without "templates/", file)`.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|f| f.name.strip_prefix("templates/").map(|n| (n, f)))
    }

    /// The static assets, written under `assets/`.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|f| f.name.strip_prefix("assets/").map(|n| (n, f)))
    }

    /// The interface words for `lang`, over the Indonesian ones (so a partial
    /// translation still shows every word).
    pub fn words(&self, lang: &str, diags: &mut Diagnostics) -> Words {
        let mut words = self.read_words("id", diags);
        if lang != "id" {
            words.extend(self.read_words(lang, diags));
        }
        Words(words)
    }

    /// The words of `lang`'s own file whose key starts with `prefix`: the words another
    /// interface than the site's (the workshop's) takes from the same files.
    pub fn own_words(
        &self,
        lang: &str,
        prefix: &str,
        diags: &mut Diagnostics,
    ) -> std::collections::HashMap<String, String> {
        self.read_words(lang, diags)
            .into_iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .collect()
    }

    /// Whether the theme has interface words for `lang` (`i18n/<lang>.yaml`).
    pub fn has_words(&self, lang: &str) -> bool {
        self.file(&format!("i18n/{lang}.yaml")).is_some()
    }

    fn read_words(&self, lang: &str, diags: &mut Diagnostics) -> IndexMap<String, String> {
        let Some(file) = self.file(&format!("i18n/{lang}.yaml")) else {
            return IndexMap::new();
        };
        let text = String::from_utf8_lossy(&file.bytes);
        match crate::catalog::yaml::parse_words(&text) {
            Ok(w) => w,
            Err(e) => {
                let message = &e.message;
                diags.push(
                    Diagnostic::error(
                        &file.origin,
                        e.pos.unwrap_or(Pos::START),
                        crate::text!(
                            en: "the interface words cannot be read: {message}",
                            id: "kata-kata antarmuka tidak bisa dibaca: {message}"
                        ),
                    )
                    .help(crate::text!(
                        en: "each line is `key: word`, like `cart_title: Keranjang`",
                        id: "setiap baris berbentuk `kunci: kata`, misalnya `cart_title: Keranjang`"
                    )),
                );
                IndexMap::new()
            }
        }
    }
}

/// The site's interface words (`t` in the templates): the theme's Indonesian words with
/// those of the site's language laid over them.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Words(IndexMap<String, String>);

impl Words {
    /// The word for `key`; a word the theme lacks shows as its key, so a page says
    /// something a theme author can find instead of nothing.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

fn collect_default(dir: &Dir<'static>, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        out.push(ThemeFile {
            origin: Path::new("themes/default").join(&name),
            name,
            bytes: file.contents().to_vec(),
        });
    }
    for sub in dir.dirs() {
        collect_default(sub, out);
    }
}
