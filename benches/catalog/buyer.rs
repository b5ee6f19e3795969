//! What a buyer's phone downloads from a large catalog (issue 18): the benchmark's
//! `buyer` part. It builds a catalog of `--buyer-products` products in 50 villages
//! without photos (photos are set aside in every figure, as the issue measures them)
//! and reports, from the built files, gzip level 6 as the free hosts send them:
//!
//! - `sw.js`, and the shell it stores at install;
//! - a first visit to a product page: the page, its CSS and JS, the manifest and the
//!   icons its head names, `sw.js`, the shell, and the warm-up the page starts (itself
//!   again, its village's and category's first pages and those two parts' lists) —
//!   computed from the files; `browser::budget` measures the same visit in Chromium
//!   on 2,000 products;
//! - the warm-up after a village page: its products, within the worker's budget;
//! - the largest listing page (HTML + CSS + JS, raw and gzipped);
//! - the search: the entry script and its largest other file;
//! - cold and warm (nothing changed) build times.

use crate::{Report, catalog, etalase_build, run};
use etalase::testing::photos::CatalogSpec;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn gz(bytes: &[u8]) -> u64 {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len() as u64
}

/// A file of the site by its URL (a folder's `index.html` for a folder).
fn file(public: &Path, url: &str) -> PathBuf {
    if url.is_empty() || url.ends_with('/') {
        public.join(url).join("index.html")
    } else {
        public.join(url)
    }
}

fn sizes(public: &Path, urls: &[String]) -> (u64, u64) {
    urls.iter().fold((0, 0), |(raw, z), u| {
        let b = fs::read(file(public, u)).unwrap_or_default();
        (raw + b.len() as u64, z + gz(&b))
    })
}

/// The site-relative URLs a page's markup names in `attr="…"` (relative to the page).
fn refs(public: &Path, page: &str, attr: &str, within: Option<&str>) -> Vec<String> {
    let html = fs::read_to_string(file(public, page)).unwrap();
    let html = match within {
        Some(tag) => {
            let start = html.find(&format!("<{tag}")).unwrap_or(0);
            let end = html.find(&format!("</{tag}>")).unwrap_or(html.len());
            html[start..end].to_string()
        }
        None => html,
    };
    let base = url::Url::parse("https://x/").unwrap().join(page).unwrap();
    let mut out = Vec::new();
    for part in html.split(&format!("{attr}=\"")).skip(1) {
        let value = &part[..part.find('"').unwrap_or(0)];
        if value.contains(':') || value.starts_with('#') {
            continue;
        }
        if let Ok(u) = base.join(value) {
            let path = u.path().trim_start_matches('/').to_string();
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    out
}

pub fn bench(work: &Path, products: usize, report: &mut Report) {
    let villages = 50;
    let spec = CatalogSpec {
        villages,
        products: products.div_ceil(villages),
        photos: 0,
        seed: 18,
        ..CatalogSpec::default()
    };
    let content = catalog(work, &spec);
    let base = work.join("build-buyer");
    let _ = fs::remove_dir_all(&base);
    let (public, cache) = (base.join("public"), base.join("cache"));
    let cold = run(&mut etalase_build(&content, &public, &cache)).ok("cold build");
    // Nothing changed: the build finds every file it read as it was, and the output as
    // it left it, and runs no stage. The median of five.
    let mut warm: Vec<f64> = (0..5)
        .map(|_| {
            run(&mut etalase_build(&content, &public, &cache))
                .ok("warm build")
                .secs
        })
        .collect();
    warm.sort_by(f64::total_cmp);
    let warm = warm[2];
    // One product edited (its price): read, planned, and its page and the pages that
    // list it rendered. Put back after, and built again so the output is whole.
    let yaml = content.join("desa-001").join(
        fs::read_dir(content.join("desa-001"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| !n.to_string_lossy().ends_with(".yaml"))
            .min()
            .unwrap(),
    );
    let yaml = yaml.join("product.yaml");
    let original = fs::read_to_string(&yaml).unwrap();
    // Until it is put back the catalog is not complete: an interrupted run makes the
    // next one generate it again.
    let marker = content.join(".complete");
    let spec_text = fs::read_to_string(&marker).unwrap();
    fs::remove_file(&marker).unwrap();
    fs::write(&yaml, original.replacen("price: ", "price: 9", 1)).unwrap();
    let edited = run(&mut etalase_build(&content, &public, &cache)).ok("one product edited");
    fs::write(&yaml, &original).unwrap();
    fs::write(&marker, spec_text).unwrap();
    run(&mut etalase_build(&content, &public, &cache)).ok("build after the edit");

    let sw = fs::read(public.join("sw.js")).unwrap();
    let line = String::from_utf8_lossy(&sw)
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    let lists: serde_json::Value = serde_json::from_str(
        line.trim_start_matches("const ETALASE = ")
            .trim_end_matches(';'),
    )
    .unwrap();
    let shell: Vec<String> = lists["shell"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let (shell_raw, shell_gz) = sizes(&public, &shell);
    let part_list = |name: &str| -> String {
        lists["parts"][name][0]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    let village = "desa-001/".to_string();
    let mut products_of_village: Vec<String> = fs::read_dir(public.join("desa-001"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("index.html").is_file() && e.file_name() != "halaman")
        .map(|e| format!("desa-001/{}/", e.file_name().to_string_lossy()))
        .collect();
    products_of_village.sort();
    let product = products_of_village[0].clone();
    // The first visit: the page and what its head and body load.
    let mut visit = vec![product.clone()];
    for attr in ["href", "src"] {
        for u in refs(&public, &product, attr, Some("head")) {
            if u.ends_with(".css") || u.ends_with(".png") || u.ends_with(".webmanifest") {
                visit.push(u);
            }
        }
    }
    visit.extend(
        refs(&public, &product, "src", None)
            .into_iter()
            .filter(|u| u.ends_with(".js")),
    );
    visit.push("manifest.webmanifest".into());
    visit.push("sw.js".into());
    visit.sort();
    visit.dedup();
    let (_, visit_gz) = sizes(&public, &visit);
    // The warm-up a product page starts: its village's and category's first pages,
    // the lists of their parts (the page itself comes back as 304 Not Modified).
    let category = refs(&public, &product, "href", Some("main"))
        .into_iter()
        .find(|u| u.starts_with("kategori/"))
        .unwrap_or_default();
    let category_part = format!("kategori.{}", category.split('/').nth(1).unwrap_or(""));
    let warm_first = vec![
        village.clone(),
        category.clone(),
        part_list("desa-001"),
        part_list(&category_part),
    ];
    let (warm_first_raw, warm_first_gz) = sizes(&public, &warm_first);
    let first_visit = visit_gz + shell_gz + warm_first_gz;

    // The warm-up after the village page: the products it lists, within the budget.
    let budget = lists["budget"].as_u64().unwrap();
    let mut kept = (warm_first_raw + shell_raw, 0u64, 0usize);
    for u in refs(&public, &village, "href", Some("main")) {
        if !u.starts_with("desa-001/") || u == village || u.contains("/halaman/") {
            continue;
        }
        let b = fs::read(file(&public, &u)).unwrap_or_default();
        if kept.0 + b.len() as u64 > budget {
            break;
        }
        kept = (kept.0 + b.len() as u64, kept.1 + gz(&b), kept.2 + 1);
    }

    // The largest listing page: village, category and front pages, each page.
    let mut largest = (0u64, 0u64, String::new());
    let assets: Vec<String> = shell
        .iter()
        .filter(|u| u.ends_with(".css") || u.starts_with("assets/app."))
        .cloned()
        .collect();
    let (assets_raw, assets_gz) = sizes(&public, &assets);
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let rel = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let depth = rel.matches('/').count();
        let listing = rel == "index.html"
            || (rel.starts_with("kategori/") && rel.ends_with("/index.html"))
            || (rel.ends_with("/index.html") && depth == 1)
            || rel.contains("/halaman/")
            || rel.starts_with("halaman/");
        if listing && rel.ends_with(".html") {
            let b = fs::read(entry.path()).unwrap();
            if b.len() as u64 > largest.0 {
                largest = (b.len() as u64, gz(&b), rel);
            }
        }
    }

    // The search files.
    let search: Vec<(String, u64, u64)> = walkdir::WalkDir::new(public.join("assets"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&public)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.starts_with("assets/search"))
        .map(|p| {
            let b = fs::read(public.join(&p)).unwrap();
            (p, b.len() as u64, gz(&b))
        })
        .collect();
    let entry = search
        .iter()
        .find(|(p, _, _)| p.starts_with("assets/search/index."))
        .or(search.first())
        .cloned()
        .unwrap_or_default();
    let largest_shard = search
        .iter()
        .filter(|(p, _, _)| p != &entry.0)
        .max_by_key(|(_, _, z)| *z)
        .cloned();

    let kb = |b: u64| format!("{:.1} KB", b as f64 / 1000.0);
    report.line(format!(
        "\n## A buyer's bytes at {} products in {villages} villages (gzip -6, photos aside)\n",
        spec.products * villages
    ));
    report.line("| what | raw | gzipped |");
    report.line("|---|---|---|");
    report.line(format!(
        "| `sw.js` | {} | {} |",
        kb(sw.len() as u64),
        kb(gz(&sw))
    ));
    report.line(format!(
        "| the shell ({} files, stored at install) | {} | {} |",
        shell.len(),
        kb(shell_raw),
        kb(shell_gz)
    ));
    report.line(format!(
        "| first visit to a product page: page, CSS, JS, manifest, icons, `sw.js`, shell, warm-up | – | {} |",
        kb(first_visit)
    ));
    report.line(format!(
        "| – of which the warm-up it starts (village and category pages, 2 lists) | {} | {} |",
        kb(warm_first_raw),
        kb(warm_first_gz)
    ));
    report.line(format!(
        "| the warm-up after a village page: {} product pages, within the budget of {} | {} stored | {} |",
        kept.2,
        kb(budget),
        kb(kept.0),
        kb(kept.1)
    ));
    report.line(format!(
        "| the largest listing page (`{}`) + CSS + JS | {} | {} |",
        largest.2,
        kb(largest.0 + assets_raw),
        kb(largest.1 + assets_gz)
    ));
    report.line(format!(
        "| the search's entry (`{}`) | {} | {} |",
        entry.0,
        kb(entry.1),
        kb(entry.2)
    ));
    if let Some((p, raw, z)) = largest_shard {
        report.line(format!(
            "| the search's largest other file (`{p}`) | {} | {} |",
            kb(raw),
            kb(z)
        ));
    }
    report.line(format!(
        "\nBuilds: cold {:.3} s, warm (nothing changed) {:.3} s ({:.0}% of cold), one product edited {:.3} s.",
        cold.secs,
        warm,
        100.0 * warm / cold.secs,
        edited.secs
    ));
}
