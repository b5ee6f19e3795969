//! `catalog.yaml`'s settings read alone, for the commands that speak before a build
//! (or without one): the language of `serve`'s and `print`'s first messages, and
//! whether `print` will have an address for its QR codes. The one place outside
//! [`super::load`] that reads `catalog.yaml`, so the file's reading and parsing stay
//! the catalog layer's.
//!
//! It is quieter than [`super::load`]: a file that is missing, not UTF-8 or does not
//! parse gives `None` and no message, since the build that follows reports it.

use crate::catalog::schema::RawCatalog;
use crate::catalog::yaml;
use crate::diag::Lang;
use std::path::Path;

/// What a command needs of `catalog.yaml` before any build, as written (unchecked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogSettings {
    /// `language:` as written.
    pub language: Option<String>,
    /// `base_url:` as written.
    pub base_url: Option<String>,
}

impl CatalogSettings {
    /// The language to speak in: [`Lang::for_site`] of `language:` (Indonesian when it
    /// is not given), as the build will.
    pub fn lang(&self) -> Lang {
        Lang::for_site(self.language.as_deref().map_or("id", str::trim))
    }

    /// Whether `base_url:` is written at all (whether it is a valid address is for the
    /// build to say).
    pub fn has_base_url(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|b| !b.trim().is_empty())
    }
}

/// The settings of the catalog in the folder `content`; `None` when its `catalog.yaml`
/// cannot be read as UTF-8 text or does not parse.
pub fn settings(content: &Path) -> Option<CatalogSettings> {
    let text = std::fs::read_to_string(content.join("catalog.yaml")).ok()?;
    let raw = yaml::parse::<RawCatalog>(text.trim_start_matches('\u{feff}')).ok()?;
    Some(CatalogSettings {
        language: raw.language,
        base_url: raw.base_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_of(yaml: &str) -> Option<CatalogSettings> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("catalog.yaml"), yaml).unwrap();
        settings(dir.path())
    }

    #[test]
    fn speaks_english_only_for_en() {
        let lang = |yaml: &str| settings_of(yaml).map(|s| s.lang());
        assert_eq!(lang("title: A\nlanguage: en\n"), Some(Lang::En));
        assert_eq!(lang("\u{feff}title: A\nlanguage: ' en '\n"), Some(Lang::En));
        assert_eq!(lang("title: A\nlanguage: jv\n"), Some(Lang::Id));
        assert_eq!(lang("title: A\nlanguage: EN\n"), Some(Lang::Id));
        assert_eq!(lang("title: A\n"), Some(Lang::Id));
    }

    #[test]
    fn knows_whether_a_base_url_is_written() {
        let has = |yaml: &str| settings_of(yaml).map(|s| s.has_base_url());
        assert_eq!(has("base_url: https://a.example/\n"), Some(true));
        assert_eq!(has("base_url: '  '\n"), Some(false));
        assert_eq!(has("title: A\n"), Some(false));
    }

    #[test]
    fn says_nothing_of_a_file_it_cannot_read() {
        assert_eq!(settings_of("title: [\n"), None);
        assert_eq!(settings_of("titel: A\n"), None);
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(settings(empty.path()), None);
    }
}
