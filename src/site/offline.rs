//! The offline app: `sw.js`, `manifest.webmanifest` and the home-screen icons.
//!
//! The service worker's code is a theme file (`assets/sw.js`); this module puts in front
//! of it what it must know about this one build: the pages and files to keep, each with
//! a content-hash revision, so that a new deploy makes phones download only what
//! changed, and `sw.js` itself changes whenever anything it lists does (which is how
//! browsers notice a new deploy). Which files are which:
//!
//! - the **shell**, stored at install: the front, village, category, search and cart
//!   pages, the offline page, and every theme asset (CSS, JS, the photo placeholder),
//!   the manifest and the icons;
//! - the **warm-up**, fetched after install in small batches: every product page and the
//!   search index;
//! - photos are not listed: the worker keeps those a buyer has seen.
//!
//! Pure: bytes in, bytes out.

use crate::catalog::model::Catalog;
use crate::output::staging::Contents;
use serde_json::json;
use std::collections::BTreeMap;

/// The web app manifest, at the site root.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The service worker, at the site root so that its scope is the whole site.
pub const SERVICE_WORKER: &str = "sw.js";
/// The theme assets this module writes itself (at the root, or with a hashed name by
/// [`crate::commands::build`]); every other theme asset is copied under `assets/` as it is.
pub const THEME_SCRIPTS: [&str; 2] = ["app.js", "sw.js"];

/// The theme's colours, for the manifest and the splash screen of the installed app.
const THEME_COLOR: &str = "#5b3419";
const BACKGROUND_COLOR: &str = "#fbf7f1";

/// Page templates whose pages are stored at install.
const SHELL_TEMPLATES: [&str; 6] = [
    "index.html",
    "village.html",
    "category.html",
    "search.html",
    "cart.html",
    "offline.html",
];
/// Page templates whose pages are fetched in the background after install.
const WARM_TEMPLATES: [&str; 1] = ["product.html"];

/// What the service worker keeps: URLs relative to the site root, each with its
/// revision (8 hex digits of the content's hash).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Precache {
    pub shell: Vec<(String, String)>,
    pub warm: Vec<(String, String)>,
    /// Bytes of the shell's files, uncompressed.
    pub shell_bytes: u64,
    /// Bytes of the warm-up's files, uncompressed.
    pub warm_bytes: u64,
}

/// The files of the offline app but the worker: the manifest and the icons (from
/// `logo`, else the default).
pub fn app_files(catalog: &Catalog, logo: Option<&image::DynamicImage>) -> Vec<(String, Contents)> {
    let icons = crate::site::icons::icons(logo);
    let mut files = vec![(
        MANIFEST.to_string(),
        Contents::Bytes(manifest(catalog, &icons)),
    )];
    files.extend(icons.into_iter().map(|i| (i.path, Contents::Bytes(i.png))));
    files
}

/// A written file the worker may list: its path, the template of a page, its content's
/// [`revision`] and size. Photos are not among them.
#[derive(Debug, Clone)]
pub struct Written<'a> {
    pub path: &'a str,
    pub template: Option<&'a str>,
    pub revision: String,
    pub len: u64,
}

/// The manifest, for "add to home screen": every URL in it is relative to it, so the
/// app works under any sub-path.
pub fn manifest(catalog: &Catalog, icons: &[crate::site::icons::Icon]) -> Vec<u8> {
    let icons: Vec<_> = icons
        .iter()
        .filter(|i| i.in_manifest)
        .map(|i| {
            let mut v = json!({
                "src": i.path,
                "sizes": format!("{0}x{0}", i.size),
                "type": "image/png",
            });
            if i.maskable {
                v["purpose"] = json!("maskable");
            }
            v
        })
        .collect();
    let mut m = json!({
        "name": catalog.title,
        "short_name": short_name(&catalog.title),
        "lang": catalog.site_lang,
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": icons,
    });
    if !catalog.description.is_empty() {
        m["description"] = json!(catalog.description);
    }
    let mut bytes = serde_json::to_vec_pretty(&m).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The name under the icon on a home screen, which shows about 12 characters: the
/// title's first words that fit, or its first word cut.
fn short_name(title: &str) -> String {
    let mut out = String::new();
    for word in title.split_whitespace() {
        let longer = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if longer.chars().count() > 12 {
            break;
        }
        out = longer;
    }
    if out.is_empty() {
        out = title.chars().take(12).collect();
    }
    out
}

/// Sorts the written files into the shell and the warm-up (see the module's comment);
/// what is neither is not listed.
pub fn precache(files: &[Written<'_>], search_index: &str) -> Precache {
    let mut p = Precache::default();
    for file in files {
        let path = file.path;
        let warm = match file.template {
            Some(t) if SHELL_TEMPLATES.contains(&t) => false,
            Some(t) if WARM_TEMPLATES.contains(&t) => true,
            Some(_) => continue, // 404.html: hosts serve it, the offline page stands in
            None if path == search_index => true,
            None if path.starts_with("assets/")
                || path.starts_with(crate::site::icons::DIR)
                || path == MANIFEST =>
            {
                false
            }
            None => continue,
        };
        let entry = (url_of(path), file.revision.clone());
        if warm {
            p.warm.push(entry);
            p.warm_bytes += file.len;
        } else {
            p.shell.push(entry);
            p.shell_bytes += file.len;
        }
    }
    // The search index first: it makes every product findable offline.
    let index = url_of(search_index);
    p.warm
        .sort_unstable_by(|(a, _), (b, _)| (a != &index, a).cmp(&(b != &index, b)));
    p.shell.sort_unstable();
    p
}

/// `sw.js`: the theme's worker code after a first line naming this build's files.
pub fn service_worker(precache: &Precache, code: &[u8]) -> Vec<u8> {
    /// The lists as a JSON object: keys in order, a URL given twice kept once (its
    /// last revision), `version` only in the worker (the hash is taken without it).
    #[derive(serde::Serialize)]
    struct Lists<'a> {
        shell: BTreeMap<&'a str, &'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<&'a str>,
        warm: BTreeMap<&'a str, &'a str>,
    }
    fn map(entries: &[(String, String)]) -> BTreeMap<&str, &str> {
        entries
            .iter()
            .map(|(u, r)| (u.as_str(), r.as_str()))
            .collect()
    }
    let mut lists = Lists {
        shell: map(&precache.shell),
        version: None,
        warm: map(&precache.warm),
    };
    let to_json = |lists: &Lists<'_>| serde_json::to_string(lists).expect("text serialises");
    let mut hasher = blake3::Hasher::new();
    hasher.update(to_json(&lists).as_bytes());
    hasher.update(code);
    let hash = hasher.finalize().to_hex();
    lists.version = Some(&hash[..12]);
    let mut out = format!(
        "// Generated by etalase for this build: the files to keep offline, with their revisions.\n\
         const ETALASE = {};\n",
        to_json(&lists)
    )
    .into_bytes();
    out.extend_from_slice(code);
    out
}

/// The URL of an output file relative to the site root, as links name it:
/// `dukuhdempok/index.html` is `dukuhdempok/`, the front page is the empty string.
pub fn url_of(path: &str) -> String {
    if path == "index.html" {
        String::new()
    } else if let Some(dir) = path.strip_suffix("/index.html") {
        format!("{dir}/")
    } else {
        path.to_string()
    }
}

/// The revision of a file: 8 hex digits of its content's XXH3 hash. Only a change has
/// to show, nothing has to be kept secret or unforgeable, and every page is hashed as
/// it is written: XXH3 does that several times faster than BLAKE3 (which was 3% of
/// the CPU time of a 10,000-page build).
pub fn revision(bytes: &[u8]) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str, b: &str) -> (String, Contents) {
        (path.into(), Contents::Bytes(b.as_bytes().to_vec()))
    }

    #[test]
    fn pages_and_assets_are_sorted_into_shell_and_warm_up() {
        // (path, template) of each page.
        let pages = [
            ("index.html", "index.html"),
            ("desa/index.html", "village.html"),
            ("desa/jamu/index.html", "product.html"),
            ("404.html", "404.html"),
            ("offline.html", "offline.html"),
        ];
        let files = vec![
            bytes("index.html", "front"),
            bytes("desa/index.html", "village"),
            bytes("desa/jamu/index.html", "jamu"),
            bytes("404.html", "nf"),
            bytes("offline.html", "off"),
            bytes("assets/style.12345678.css", "css"),
            bytes("assets/search.abcdef12.js", "index"),
            bytes("icons/icon-192.png", "png"),
            bytes("manifest.webmanifest", "{}"),
            bytes("robots.txt", "r"),
            (
                "desa/jamu/botol.1234-320.jpg".into(),
                Contents::File("/cache/x".into()),
            ),
        ];
        let written: Vec<Written> = files
            .iter()
            .filter_map(|(path, contents)| {
                let Contents::Bytes(bytes) = contents else {
                    return None;
                };
                Some(Written {
                    path,
                    template: pages.iter().find(|p| p.0 == *path).map(|p| p.1),
                    revision: revision(bytes),
                    len: bytes.len() as u64,
                })
            })
            .collect();
        let p = precache(&written, "assets/search.abcdef12.js");
        let urls = |e: &[(String, String)]| e.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>();
        assert_eq!(
            urls(&p.shell),
            [
                "",
                "assets/style.12345678.css",
                "desa/",
                "icons/icon-192.png",
                "manifest.webmanifest",
                "offline.html"
            ]
        );
        assert_eq!(urls(&p.warm), ["assets/search.abcdef12.js", "desa/jamu/"]);
        assert_eq!(p.shell[0].1, revision(b"front"));
        assert_eq!(p.warm_bytes, 9);
    }

    #[test]
    fn the_worker_changes_when_any_listed_file_does() {
        let mut p = Precache {
            shell: vec![(String::new(), revision(b"a"))],
            ..Precache::default()
        };
        let one = service_worker(&p, b"/* code */");
        p.shell[0].1 = revision(b"b");
        let two = service_worker(&p, b"/* code */");
        assert_ne!(one, two);
        let text = String::from_utf8(two).unwrap();
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .starts_with("const ETALASE = {")
        );
        assert!(text.ends_with("/* code */"));
    }

    #[test]
    fn short_names_fit_under_an_icon() {
        assert_eq!(short_name("Katalog Contoh — Produk"), "Katalog");
        assert_eq!(short_name("KUB Melati Dempok"), "KUB Melati");
        assert_eq!(short_name("Koperasibaktimigran Bersinar"), "Koperasibakt");
    }
}
