//! The offline app: `sw.js`, `manifest.webmanifest` and the home-screen icons.
//!
//! The service worker's code is a theme file (`assets/sw.js`); this module puts in front
//! of it what it must know about this one build, with content-hash revisions so that a
//! new deploy makes phones download only what changed, and `sw.js` itself changes
//! whenever anything it lists does (which is how browsers notice a new deploy). What
//! a buyer's phone fetches must not grow with the catalog (issue 18): at 10,000
//! products a list of every page inlined in `sw.js` was 519 KB. So:
//!
//! - the **shell**, listed in `sw.js` with revisions and stored at install: the front
//!   page, the search, cart and offline pages, every theme asset (CSS, JS, the photo
//!   placeholder), the manifest and the icons the pages name (the manifest's are the
//!   browser's to fetch when the app is installed) — the same few files at any size;
//! - every other page, and the search files, in **parts** (a village's pages, a
//!   category's, the search files: [`part_of`]), each listed in a file
//!   `assets/offline/<part>.<hash>.json` (`{url: [revision, bytes]}`) that the worker
//!   fetches only when it needs a page of that part; `sw.js` names each list with the
//!   part's total bytes and count;
//! - photos are not listed: the worker keeps those a buyer has seen.
//!
//! The worker keeps the pages a buyer opens and, in the background, what they lead to,
//! within [`BUDGET`] bytes; a catalog that fits in the budget whole is kept whole.
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

/// Page templates whose pages are stored at install (the front page's first page only).
const SHELL_TEMPLATES: [&str; 4] = ["index.html", "search.html", "cart.html", "offline.html"];
/// Page templates whose pages the worker keeps by parts.
const PART_TEMPLATES: [&str; 4] = [
    "index.html",
    "village.html",
    "category.html",
    "villages.html",
];
const PRODUCT_TEMPLATE: &str = "product.html";

/// What the worker keeps by default on a buyer's phone, in bytes stored (pages and
/// photos, uncompressed as Cache Storage holds them): 2 MB. A catalog page is 8–15 KB
/// and a photo as listed 10–40 KB, so this is a village's or a category's first pages
/// with their products and the photos seen — what a buyer browsing on the bus wants
/// again offline — for about 0.6 MB of prepaid data (pages travel gzipped), less than
/// one minute of video. A catalog whose whole offline set fits is kept whole, as small
/// catalogs always were; the footer's button takes a larger catalog whole.
pub const BUDGET: u64 = 2_000_000;

/// Where the parts' lists are written.
pub const PARTS_DIR: &str = "assets/offline";

/// What the service worker keeps: URLs relative to the site root, each with its
/// revision (8 hex digits of the content's hash).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Precache {
    pub shell: Vec<(String, String)>,
    /// Bytes of the shell's files, uncompressed.
    pub shell_bytes: u64,
    /// Every other page and search file, by part, parts in name order.
    pub parts: Vec<Part>,
}

/// A part of the catalog the worker keeps together: its files with their revisions
/// and sizes, listed in one file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// (URL, revision, bytes), in URL order.
    pub files: Vec<(String, String, u64)>,
}

impl Part {
    /// The list's bytes: `{url: [revision, bytes], …}`.
    pub fn list(&self) -> Vec<u8> {
        let map: BTreeMap<&str, (&str, u64)> = self
            .files
            .iter()
            .map(|(u, r, b)| (u.as_str(), (r.as_str(), *b)))
            .collect();
        serde_json::to_vec(&map).expect("text serialises")
    }

    /// Where the list is written: its name holds its content's hash, so a phone keeps
    /// it as long as it likes.
    pub fn path(&self, list: &[u8]) -> String {
        format!("{PARTS_DIR}/{}.{}.json", self.name, revision(list))
    }

    /// Bytes of the part's files, uncompressed.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.2).sum()
    }
}

/// The part a page or search file belongs to, by its URL relative to the site root
/// (the worker's `partOf` says the same): `kategori/<key>/…` is `kategori.<key>`, the
/// search files (`assets/search…`) are `search`, any other page the first folder of its
/// path (a village, or the front page's further pages). `None`: not kept by parts.
pub fn part_of(url: &str) -> Option<String> {
    let mut segments = url.split('/');
    let first = segments.next()?;
    let second = segments.next()?;
    if first == "kategori" && !second.is_empty() && segments.next().is_some() {
        return Some(format!("kategori.{second}"));
    }
    if first == "assets" {
        // `second` is one segment: `search.<hash>.js`, or the `search` folder.
        return (second == "search" || second.starts_with("search.")).then(|| "search".to_string());
    }
    (!first.is_empty()).then(|| first.to_string())
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

/// Sorts the written files into the shell and the parts (see the module's comment);
/// what is neither is not listed.
pub fn precache(files: &[Written<'_>], search_index: &str) -> Precache {
    let mut p = Precache::default();
    let mut parts: BTreeMap<String, Part> = BTreeMap::new();
    for file in files {
        let path = file.path;
        let url = url_of(path);
        let shell = match file.template {
            Some("index.html") if path == "index.html" => true,
            Some(t) if SHELL_TEMPLATES.contains(&t) && t != "index.html" => true,
            Some(t) if PART_TEMPLATES.contains(&t) || t == PRODUCT_TEMPLATE => false,
            Some(_) => continue, // 404.html: hosts serve it, the offline page stands in
            None if path == search_index || path.starts_with("assets/search/") => false,
            None if path.starts_with(PARTS_DIR) => continue,
            None if path.starts_with(crate::site::icons::DIR) => {
                let name = &path[crate::site::icons::DIR.len()..];
                if !crate::site::icons::IN_PAGES.contains(&name) {
                    continue;
                }
                true
            }
            None if path.starts_with("assets/") || path == MANIFEST => true,
            None => continue,
        };
        if shell {
            p.shell.push((url, file.revision.clone()));
            p.shell_bytes += file.len;
        } else if let Some(name) = part_of(&url) {
            let part = parts.entry(name.clone()).or_insert_with(|| Part {
                name,
                files: Vec::new(),
            });
            part.files.push((url, file.revision.clone(), file.len));
        }
    }
    p.shell.sort_unstable();
    p.parts = parts.into_values().collect();
    for part in &mut p.parts {
        part.files.sort_unstable();
    }
    p
}

/// The parts' list files, to be written beside the site: (path, bytes).
pub fn part_lists(precache: &Precache) -> Vec<(String, Vec<u8>)> {
    precache
        .parts
        .iter()
        .map(|part| {
            let list = part.list();
            (part.path(&list), list)
        })
        .collect()
}

/// `sw.js`: the theme's worker code after a first line naming this build's shell, its
/// parts' lists (`lists`: as [`part_lists`] made them) and the budget.
pub fn service_worker(precache: &Precache, lists: &[(String, Vec<u8>)], code: &[u8]) -> Vec<u8> {
    /// The line's JSON object: keys in order, a URL given twice kept once (its last
    /// revision), `version` only in the worker (the hash is taken without it).
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Lists<'a> {
        budget: u64,
        /// name: [list file, bytes, count]
        parts: BTreeMap<&'a str, (&'a str, u64, usize)>,
        shell: BTreeMap<&'a str, &'a str>,
        shell_bytes: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<&'a str>,
    }
    let mut lists = Lists {
        budget: BUDGET,
        parts: precache
            .parts
            .iter()
            .zip(lists)
            .map(|(part, (path, _))| {
                (
                    part.name.as_str(),
                    (path.as_str(), part.bytes(), part.files.len()),
                )
            })
            .collect(),
        shell: precache
            .shell
            .iter()
            .map(|(u, r)| (u.as_str(), r.as_str()))
            .collect(),
        shell_bytes: precache.shell_bytes,
        version: None,
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
    fn pages_and_assets_are_sorted_into_shell_and_parts() {
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
            bytes("icons/favicon-32.png", "png"),
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
                "icons/favicon-32.png",
                "manifest.webmanifest",
                "offline.html"
            ]
        );
        assert_eq!(p.shell[0].1, revision(b"front"));
        let parts: Vec<(&str, Vec<&str>)> = p
            .parts
            .iter()
            .map(|part| {
                (
                    part.name.as_str(),
                    part.files.iter().map(|f| f.0.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("desa", vec!["desa/", "desa/jamu/"]),
                ("search", vec!["assets/search.abcdef12.js"])
            ]
        );
        assert_eq!(p.parts[0].bytes(), 11);
        let lists = part_lists(&p);
        assert!(lists[0].0.starts_with("assets/offline/desa."), "{lists:?}");
        let list: serde_json::Value = serde_json::from_slice(&lists[0].1).unwrap();
        assert_eq!(
            list["desa/jamu/"],
            serde_json::json!([revision(b"jamu"), 4])
        );
    }

    #[test]
    fn parts_are_villages_categories_and_search() {
        assert_eq!(part_of("desa/").as_deref(), Some("desa"));
        assert_eq!(part_of("desa/jamu/").as_deref(), Some("desa"));
        assert_eq!(part_of("desa/halaman/2/").as_deref(), Some("desa"));
        assert_eq!(
            part_of("kategori/makanan/").as_deref(),
            Some("kategori.makanan")
        );
        assert_eq!(
            part_of("kategori/makanan/halaman/3/").as_deref(),
            Some("kategori.makanan")
        );
        assert_eq!(part_of("halaman/2/").as_deref(), Some("halaman"));
        assert_eq!(
            part_of("assets/search/k.12345678.js").as_deref(),
            Some("search")
        );
        assert_eq!(
            part_of("assets/search.12345678.js").as_deref(),
            Some("search")
        );
        assert_eq!(part_of("assets/style.css"), None);
        assert_eq!(part_of(""), None);
        assert_eq!(part_of("offline.html"), None);
    }

    #[test]
    fn the_worker_stays_small_at_ten_thousand_pages() {
        let pages: Vec<(String, String)> = (0..10_000)
            .map(|i| {
                (
                    format!("desa-{:03}/produk-{i:05}/index.html", i / 200),
                    format!("{i}"),
                )
            })
            .collect();
        let written: Vec<Written> = pages
            .iter()
            .map(|(path, body)| Written {
                path,
                template: Some("product.html"),
                revision: revision(body.as_bytes()),
                len: 12_000,
            })
            .collect();
        let p = precache(&written, "assets/search.abcdef12.js");
        assert_eq!(p.parts.len(), 50);
        let lists = part_lists(&p);
        let sw = service_worker(&p, &lists, b"");
        // 50 parts named, no page: a few KB, where every page inlined made 519 KB.
        assert!(sw.len() < 6_000, "{} bytes", sw.len());
        assert!(!String::from_utf8_lossy(&sw).contains("produk-"));
    }

    #[test]
    fn the_worker_changes_when_any_listed_file_does() {
        let mut p = Precache {
            shell: vec![(String::new(), revision(b"a"))],
            ..Precache::default()
        };
        let one = service_worker(&p, &[], b"/* code */");
        p.shell[0].1 = revision(b"b");
        let two = service_worker(&p, &[], b"/* code */");
        assert_ne!(one, two);
        p.parts = vec![Part {
            name: "desa".into(),
            files: vec![("desa/".into(), revision(b"v"), 1)],
        }];
        let three = service_worker(&p, &part_lists(&p), b"/* code */");
        p.parts[0].files[0].1 = revision(b"w");
        let four = service_worker(&p, &part_lists(&p), b"/* code */");
        assert_ne!(three, four, "a page's new revision names a new list");
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
