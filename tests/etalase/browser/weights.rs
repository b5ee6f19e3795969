//! What a buyer downloads, measured as hosts send it (gzip): a product page with the
//! files it loads, the search index, the worker; and the figures written beside the
//! screenshots in `target/tmp/etalase-browser/`.

use super::*;

/// Every product page of a site (`<village>/<product>/index.html`), relative paths.
pub(super) fn product_pages(public: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(public)
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("kategori/") && !p.starts_with("cetak/"))
        .collect();
    pages.sort();
    pages
}

/// A page and the stylesheet and script it links, relative to the site root.
pub(super) fn page_with_assets(public: &Path, page: &str) -> Vec<String> {
    let html = std::fs::read_to_string(public.join(page)).unwrap();
    let mut files = vec![page.to_string()];
    for (attr, ext) in [("href=\"", ".css\""), ("src=\"", ".js\"")] {
        let at = html
            .find(ext)
            .unwrap_or_else(|| panic!("{page} links no {ext}"));
        let start = html[..at].rfind(attr).unwrap() + attr.len();
        let link = &html[start..at + ext.len() - 1];
        files.push(link.trim_start_matches("../").to_string());
    }
    files
}

/// Gzip-compressed bytes of files (URLs relative to the root: `x/` is `x/index.html`).
pub(super) fn weight_of(public: &Path, files: &[String]) -> usize {
    files
        .iter()
        .map(|f| {
            let path = if f.is_empty() || f.ends_with('/') {
                format!("{f}index.html")
            } else {
                f.clone()
            };
            gzip_len(&std::fs::read(public.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}")))
        })
        .sum()
}

pub(super) fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

pub(super) fn png_size(png: &[u8]) -> (u32, u32) {
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The figures the issue asks for: page weights, the precache and the warm-up (from
/// `sw.js`), Cache Storage after the warm-up (measured in the browser).
pub(super) fn figures(
    public: &Path,
    index: &Value,
    online: &Value,
    heaviest: usize,
    page: &[String],
) -> Value {
    let sw = std::fs::read_to_string(public.join("sw.js")).unwrap();
    let lists = worker_lists(public);
    let sum = |list: &Value| -> (u64, usize) {
        let files: Vec<String> = list.as_object().unwrap().keys().cloned().collect();
        let raw = files
            .iter()
            .map(|f| {
                let p = if f.is_empty() || f.ends_with('/') {
                    format!("{f}index.html")
                } else {
                    f.clone()
                };
                std::fs::metadata(public.join(p)).unwrap().len()
            })
            .sum();
        (raw, weight_of(public, &files))
    };
    let (shell_raw, shell_gz) = sum(&lists["shell"]);
    let (warm_raw, warm_gz) = sum(&lists["warm"]);
    json!({
        "products": products(index),
        "product_page_gzip": weight_of(public, page),
        "product_page_files": page,
        "heaviest_product_page_gzip": heaviest,
        "search_index_gzip": gzip_len(&std::fs::read(search_index_path(public)).unwrap()),
        "sw_js_gzip": gzip_len(sw.as_bytes()),
        "precache_shell": { "files": lists["shell"].as_object().unwrap().len(), "bytes": shell_raw, "gzip": shell_gz },
        "warm_up": { "files": lists["warm"].as_object().unwrap().len(), "bytes": warm_raw, "gzip": warm_gz },
        "cache_storage_after_warm_up": online["cache"],
        "warm_up_ms": online["warmMs"],
    })
}

/// Prints the figures and keeps them in `target/tmp/etalase-browser/<name>.json`.
pub(super) fn report(name: &str, figures: &Value) {
    let text = serde_json::to_string_pretty(figures).unwrap();
    println!("{name}: {text}");
    std::fs::write(report_dir().join(format!("{name}.json")), text).unwrap();
}
