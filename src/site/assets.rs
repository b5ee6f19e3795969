//! The site's own scripts and stylesheet, named by their content (`assets/style.1a2b3c4d.css`)
//! so hosts may keep them for a year: a changed file gets a new name. Made once a build,
//! before planning, since every page links them.

use crate::site::theme::Theme;

/// One asset: its output path and its bytes.
#[derive(Debug, Clone, Default)]
pub struct Asset {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Asset {
    /// `bytes` under a name made of `name` and the first 8 hex digits of their hash.
    pub fn named_by_content(name: &str, bytes: Vec<u8>) -> Asset {
        Asset {
            path: asset_path(name, &bytes),
            bytes,
        }
    }
}

/// The assets every page links: the theme's stylesheet and script, and the search index
/// made from the catalog (its entry and the files the search page loads on demand).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    pub css: Asset,
    /// Offline, search, cart and share, each only enhancing a page that works without it.
    pub js: Asset,
    /// The search index's entry, which the search page names (`assets/search/index.<hash>.js`).
    pub search_index: Asset,
    /// The search index's other files, which the search page's script fetches as a
    /// search needs them (see [`crate::site::search`]).
    pub search_files: Vec<Asset>,
}

impl Assets {
    /// The theme's assets, with the search index's `entry` and `others` as made by
    /// `site::search::index`.
    pub fn new(theme: &Theme, entry: Asset, others: Vec<Asset>) -> Assets {
        let file = |name: &str| {
            let bytes = theme
                .file(&format!("assets/{name}"))
                .map(|f| f.bytes.clone())
                .unwrap_or_default();
            Asset::named_by_content(name, bytes)
        };
        Assets {
            css: file("style.css"),
            js: file("app.js"),
            search_index: entry,
            search_files: others,
        }
    }
}

/// The output path of an asset named by its content.
pub fn asset_path(name: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    let short = &hash.as_str()[..8];
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{short}.{ext}"),
        None => format!("assets/{name}.{short}"),
    }
}
