//! What the static hosts need beside the pages, and what they allow.
//!
//! - `_headers` (read by Netlify and Cloudflare Pages): files named by their content
//!   (the hashed theme assets and every photo rendition) are kept for a year as
//!   `immutable`; pages and `sw.js` are revalidated on every visit, so a new deploy
//!   shows at once.
//! - `404.html`, which hosts serve at whatever address was asked for, where links
//!   relative to the page break: its stylesheet is inlined, it loads no script file,
//!   and its links are absolute with a `base_url`. Without one, a small inline script
//!   adds a `<base>` naming the site root: first guessed from the site's known folders
//!   (a village, `kategori/`, `cari/`…) in the address, then confirmed by asking for
//!   this build's stylesheet (its name holds its content hash, so only this site's root
//!   has it) at each possible root, shortest first.
//! - The size report after a build: file count, largest file and total size, with a
//!   warning when a free host's limit is near.
//!
//! Pure.

use crate::catalog::model::Catalog;
use crate::diag::Lang;
use crate::diag::Text;
use crate::output::staging::Contents;
use crate::site::plan::{Context, Inputs, Page, PageContext, PageMeta};
use crate::text;
use serde_json::json;
use std::collections::BTreeSet;

/// The headers file's name, at the site root.
pub const HEADERS: &str = "_headers";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// `_headers` for this build's files: every hashed theme asset by its exact path, the
/// photo renditions by their width-and-format ending (`/*-320.webp`), which only
/// content-named renditions have. One pattern per (width, format), so the file stays
/// far below Cloudflare's 100 rules; no two rules match one file, since hosts join the
/// values of a header that several rules set.
pub fn headers_file(files: &[(String, Contents)]) -> Vec<u8> {
    let mut hashed: BTreeSet<String> = BTreeSet::new();
    let mut endings: BTreeSet<(u32, String)> = BTreeSet::new();
    for (path, contents) in files {
        match contents {
            Contents::File(_) => {
                if let Some(ending) = rendition_ending(path) {
                    endings.insert(ending);
                }
            }
            Contents::Bytes(_) if is_hashed_asset(path) => {
                hashed.insert(format!("/{path}"));
            }
            Contents::Bytes(_) => {}
        }
    }
    let mut out = String::from(
        "# Written by etalase for this build; read by Netlify and Cloudflare Pages.\n\
         # Files named by their content never change: kept for a year.\n",
    );
    for path in &hashed {
        out.push_str(&format!("{path}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    for (width, ext) in &endings {
        out.push_str(&format!("/*-{width}.{ext}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    // The service worker's lists and the search files, all named by their content: one
    // rule for each folder, however many villages and words there are.
    for dir in [
        crate::site::offline::PARTS_DIR,
        crate::site::search::DIR.trim_end_matches('/'),
    ] {
        out.push_str(&format!("/{dir}/*\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out.push_str(
        "# Pages and the service worker: asked again on every visit (an unchanged one is a\n\
         # short \"not modified\"), so phones see a new deploy at once.\n",
    );
    for path in ["/", "/*/", "/*.html", "/sw.js", "/*/sw.js"] {
        out.push_str(&format!("{path}\n  Cache-Control: {REVALIDATE}\n"));
    }
    out.into_bytes()
}

/// `assets/style.1a2b3c4d.css`: a theme asset named by [`crate::site::plan::asset_path`].
fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix("assets/") else {
        return false;
    };
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3
        && parts[1].len() == 8
        && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
        && !name.contains('/')
}

/// `(320, "webp")` for `desa/jamu/botol.3fa2b1c4-320.webp`, a photo rendition named by
/// [`crate::site::plan::rendition_base`].
fn rendition_ending(path: &str) -> Option<(u32, String)> {
    let name = path.rsplit('/').next()?;
    let (rest, ext) = name.rsplit_once('.')?;
    let (hashed, width) = rest.rsplit_once('-')?;
    let (_, hash) = hashed.rsplit_once('.')?;
    let hex = hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && matches!(ext, "webp" | "jpg"))
        .then(|| width.parse().ok().map(|w| (w, ext.to_string())))
        .flatten()
}

/// `404.html`, planned to work at any address: its stylesheet inlined, no script file,
/// and without a `base_url` the inline script that sets a `<base>` (see the module's
/// comment). `pages` are the site's other pages, whose top folders the script knows.
pub fn not_found_page<'a>(pages: &[Page<'_>], catalog: &Catalog, inputs: &Inputs<'_>) -> Page<'a> {
    let mut top: BTreeSet<String> = pages
        .iter()
        .filter_map(|p| p.path.split_once('/').map(|(first, _)| first.to_string()))
        .collect();
    top.extend(["assets", crate::site::icons::DIR.trim_end_matches('/')].map(String::from));
    let css = &inputs.assets.css;
    // `</style` cannot end the element early: CSS reads `<\/` as `</`.
    let css_text = String::from_utf8_lossy(&css.bytes).replace("</", "<\\/");
    // Hosts serve it at whatever path was asked for, where relative links break: with a
    // base_url its links are absolute.
    let root = catalog.base_url.clone().unwrap_or_default();
    // The Content-Security-Policy allows the two inline pieces by their hashes only.
    let mut context: Context = vec![
        ("root", root.into()),
        ("csp_style", csp_hash(&css_text).into()),
        ("inline_css", css_text.into()),
        // No script file: its address would be relative to wherever the page is shown.
        ("js", "".into()),
    ];
    if catalog.base_url.is_none() {
        let script = root_script(&top, &css.path);
        context.push(("csp_script", csp_hash(&script).into()));
        context.push(("root_script", script.into()));
    }
    let words = inputs.words;
    Page {
        path: "404.html".into(),
        template: "404.html",
        meta: PageMeta {
            kind: "404",
            title: words.get("not_found_title").to_string(),
            description: words.get("not_found_text").to_string(),
            canonical: catalog
                .base_url
                .as_ref()
                .map(|b| format!("{b}404.html"))
                .unwrap_or_default(),
            ..PageMeta::default()
        },
        context: PageContext::Ready(context),
    }
}

/// A CSP hash source for an inline `<script>` or `<style>` whose text is exactly `text`:
/// ` 'sha256-…'`, with its leading space.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        " 'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The inline script of `404.html` without a `base_url`: sets `<base href>` to the
/// guessed site root at once, then to the first root that has this build's stylesheet.
/// Links within the page (`#main`) are made absolute, or the `<base>` would send them
/// to the front page.
fn root_script(top: &BTreeSet<String>, css: &str) -> String {
    // JSON with `<` escaped: no `</script>` can end the script early.
    let json = |v: serde_json::Value| v.to_string().replace('<', "\\u003c");
    let (top, css) = (json(json!(top)), json(json!(css)));
    format!(
        r##"(function(){{var top={top},css={css},s=location.pathname.split("/"),c=[],g=null,i;
for(i=1;i<s.length;i++)if(g===null&&top.indexOf(s[i])>=0)g=s.slice(0,i).join("/")+"/";
if(g)c.push(g);for(i=1;i<s.length;i++){{var p=s.slice(0,i).join("/")+"/";if(c.indexOf(p)<0)c.push(p);}}
var b=document.createElement("base");b.href=c[0];document.head.appendChild(b);
document.addEventListener("DOMContentLoaded",function(){{var h=location.href.split("#")[0];
document.querySelectorAll('a[href^="#"]').forEach(function(a){{a.href=h+a.getAttribute("href");}});}});
if(!window.fetch)return;(function next(k){{if(k>=c.length)return;
fetch(c[k]+css,{{method:"HEAD",cache:"no-store"}}).then(function(r){{if(r.ok)b.href=c[k];else next(k+1);}},function(){{next(k+1);}});}})(0);}})();"##
    )
}

/// The written site's size, measured after a build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SizeReport {
    pub files: u64,
    pub total_bytes: u64,
    /// The largest file, relative to the output folder, `/`-separated, and its size.
    pub largest: Option<(String, u64)>,
}

/// What the free hosts allow, from their documentation (see `docs/publishing.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cloudflare Pages, free plan: files per site.
    pub files: u64,
    /// Cloudflare Pages: bytes per file (25 MiB).
    pub file_bytes: u64,
    /// GitHub Pages and GitLab Pages: bytes per site (1 GB).
    pub total_bytes: u64,
}

impl Limits {
    pub const FREE_HOSTS: Limits = Limits {
        files: 20_000,
        file_bytes: 25 * 1024 * 1024,
        total_bytes: 1_000_000_000,
    };
}

/// A warning is given past this share of a limit: 80%.
const NEAR: f64 = 0.8;

/// The report's line: files, total, the largest file.
pub fn summary(report: &SizeReport) -> Text {
    let files = report.files;
    let total = human(report.total_bytes);
    match &report.largest {
        Some((path, size)) => {
            let size = human(*size);
            text!(
                en: "size: {files} files, {total} in all; the largest is {path} ({size})",
                id: "ukuran: {files} file, semuanya {total}; yang terbesar {path} ({size})",
            )
        }
        None => text!(en: "size: no files", id: "ukuran: tidak ada file"),
    }
}

/// A warning for each free-host limit the site is near or past.
pub fn warnings(report: &SizeReport, limits: &Limits) -> Vec<Text> {
    let near = |value: u64, limit: u64| value as f64 > limit as f64 * NEAR;
    let mut out = Vec::new();
    if near(report.files, limits.files) {
        let (files, limit) = (report.files, limits.files);
        out.push(text!(
            en: "{files} files is near or past Cloudflare Pages' free limit of {limit} files a site: use fewer `images: widths:` in catalog.yaml, or publish on Netlify or Codeberg Pages",
            id: "{files} file sudah dekat atau lewat batas Cloudflare Pages gratis ({limit} file per situs): kurangi `images: widths:` di catalog.yaml, atau terbitkan di Netlify atau Codeberg Pages",
        ));
    }
    if let Some((path, size)) = &report.largest
        && near(*size, limits.file_bytes)
    {
        let (size, limit) = (mib(*size), mib(limits.file_bytes));
        out.push(text!(
            en: "{path} is {size}, near or past Cloudflare Pages' limit of {limit} a file: make that file smaller",
            id: "{path} berukuran {size}, dekat atau lewat batas Cloudflare Pages ({limit} per file): perkecil file itu",
        ));
    }
    if near(report.total_bytes, limits.total_bytes) {
        let (total, limit) = (human(report.total_bytes), human(limits.total_bytes));
        out.push(text!(
            en: "the site is {total}, near or past the {limit} that GitHub Pages and GitLab Pages allow: use fewer photos or fewer `images: widths:`",
            id: "situs ini {total}, dekat atau lewat batas {limit} GitHub Pages dan GitLab Pages: kurangi foto atau `images: widths:`",
        ));
    }
    out
}

/// The lines to print after the build's summary, in `lang`.
pub fn report_lines(report: &SizeReport, limits: &Limits, lang: Lang) -> Vec<String> {
    let mut lines = vec![summary(report).get(lang).to_string()];
    let label = match lang {
        Lang::En => "warning",
        Lang::Id => "peringatan",
    };
    for w in warnings(report, limits) {
        lines.push(format!("{label}: {}", w.get(lang)));
    }
    lines
}

/// Bytes in MiB, as Cloudflare states its limit a file: `21.0 MiB`.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Bytes as people read them: `950 B`, `12.3 KB`, `21.0 MB`, `1.20 GB` (powers of
/// 1000, as GitHub and GitLab state their 1 GB).
fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} B")
    } else if b < 1e6 {
        format!("{:.1} KB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str) -> (String, Contents) {
        (path.into(), Contents::Bytes(b"x".to_vec()))
    }

    #[test]
    fn hashed_files_are_immutable_and_pages_revalidated() {
        let files = vec![
            bytes("index.html"),
            bytes("assets/style.1a2b3c4d.css"),
            bytes("assets/app.00ff00ff.js"),
            bytes("assets/placeholder.svg"),
            bytes("icons/icon-192.png"),
            (
                "desa/jamu/botol.3fa2b1c4-320.webp".into(),
                Contents::File("/c/a".into()),
            ),
            (
                "desa/jamu/botol.3fa2b1c4-320.jpg".into(),
                Contents::File("/c/b".into()),
            ),
            (
                "desa/teh/daun.99aa99aa-240.jpg".into(),
                Contents::File("/c/d".into()),
            ),
        ];
        let text = String::from_utf8(headers_file(&files)).unwrap();
        let rules = parse_rules(&text);
        let cache_of = |p: &str| rules.iter().find(|(r, _)| r == p).map(|(_, h)| h.clone());
        let year = Some(format!("Cache-Control: {IMMUTABLE}"));
        assert_eq!(cache_of("/assets/style.1a2b3c4d.css"), year);
        assert_eq!(cache_of("/assets/app.00ff00ff.js"), year);
        assert_eq!(cache_of("/*-320.webp"), year);
        assert_eq!(cache_of("/*-320.jpg"), year);
        assert_eq!(cache_of("/*-240.jpg"), year);
        assert_eq!(cache_of("/assets/placeholder.svg"), None, "not hashed");
        let again = Some("Cache-Control: no-cache".to_string());
        for p in ["/", "/*/", "/*.html", "/sw.js"] {
            assert_eq!(cache_of(p), again, "{p}");
        }
    }

    /// (path, the one header line) of each rule.
    fn parse_rules(text: &str) -> Vec<(String, String)> {
        let mut rules = Vec::new();
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        while let Some(path) = lines.next() {
            assert!(path.starts_with('/'), "{path}");
            let header = lines.next().unwrap();
            assert!(header.starts_with("  "), "{header}");
            rules.push((path.to_string(), header.trim().to_string()));
        }
        rules
    }

    #[test]
    fn renditions_are_told_by_their_hashed_names() {
        assert_eq!(
            rendition_ending("a/b/botol.3fa2b1c4-1280.webp"),
            Some((1280, "webp".into()))
        );
        assert_eq!(rendition_ending("a/b/my-photo-320.jpg"), None);
        assert_eq!(rendition_ending("a/og.3fa2b1c4.jpg"), None);
        assert!(is_hashed_asset("assets/search.abcdef12.js"));
        assert!(!is_hashed_asset("assets/placeholder.svg"));
        assert!(!is_hashed_asset("desa/style.abcdef12.css"));
    }

    #[test]
    fn warnings_come_past_eighty_percent_of_a_limit() {
        let limits = Limits {
            files: 100,
            file_bytes: 1000,
            total_bytes: 10_000,
        };
        let small = SizeReport {
            files: 80,
            total_bytes: 8000,
            largest: Some(("a.jpg".into(), 800)),
        };
        assert!(warnings(&small, &limits).is_empty());
        let big = SizeReport {
            files: 81,
            total_bytes: 8001,
            largest: Some(("a/big.jpg".into(), 801)),
        };
        let w = warnings(&big, &limits);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].en.starts_with("81 files"));
        assert!(w[1].en.starts_with("a/big.jpg is 0.0 MiB"), "{}", w[1].en);
        assert!(w[2].id.starts_with("situs ini 8.0 KB"));
        let lines = report_lines(&big, &limits, Lang::Id);
        assert_eq!(
            lines[0],
            "ukuran: 81 file, semuanya 8.0 KB; yang terbesar a/big.jpg (801 B)"
        );
        assert!(lines[1].starts_with("peringatan: 81 file"));
        assert_eq!(
            Limits::FREE_HOSTS.file_bytes,
            26_214_400,
            "Cloudflare: 25 MiB"
        );
    }
}
