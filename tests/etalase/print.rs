//! The printed catalog: `cetak/` and `cetak/label/` in the built site, and
//! `etalase print` making them PDFs with Debian's real headless `chromium`. The PDFs are
//! rendered to pictures with `pdftoppm` (Debian's `poppler-utils`, which `.ci/run`
//! installs) and every QR code on them is decoded with `rqrr`: paper must lead a phone
//! to each product's page and to its WhatsApp order.
//!
//! Chromium or pdftoppm missing fails these tests: a print test that skips proves
//! nothing.

use crate::support::{CatalogTest, sample_photo_cache, whatsapp};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample catalog of `content/`, which has a `base_url`.
const BASE_URL: &str = "https://contoh.github.io/katalog/";

/// A product of the built site, read from its own page.
#[derive(Debug)]
struct Product {
    /// `dukuhdempok/sagon/`
    href: String,
    name: String,
    /// The WhatsApp order links on its page: one, or one per variant.
    whatsapp: Vec<String>,
}

fn products(public: &Path) -> Vec<Product> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(public).min_depth(3).max_depth(3) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        if !html.contains("class=\"k-product\"") {
            continue;
        }
        let rel = entry.path().parent().unwrap().strip_prefix(public).unwrap();
        let name = between(&html, "<h1", "</h1>");
        let name = name.split_once('>').unwrap().1;
        let whatsapp = html
            .split("href=\"https://wa.me/")
            .skip(1)
            .map(|s| format!("https://wa.me/{}", s.split('"').next().unwrap()))
            .collect();
        out.push(Product {
            href: format!("{}/", rel.to_string_lossy().replace('\\', "/")),
            name: unescape(name),
            whatsapp,
        });
    }
    out.sort_by(|a, b| a.href.cmp(&b.href));
    out
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let start = s.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &s[start..];
    &rest[..rest.find(to).unwrap()]
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

/// Runs `etalase print` in the test's folder, the PDFs into `pdf/`.
fn print(t: &CatalogTest, extra: &[&str]) -> crate::support::Run {
    let cache = sample_photo_cache();
    let mut args = vec!["print", "--cache", &cache, "--pdf-dir", "pdf"];
    args.extend_from_slice(extra);
    t.run(&args)
}

/// The sizes of a PDF's pages in points, from their `/MediaBox`es.
fn page_sizes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox")
        .skip(1)
        .map(|s| {
            let inside = s.split('[').nth(1).unwrap().split(']').next().unwrap();
            let n: Vec<f64> = inside
                .split_whitespace()
                .map(|v| v.parse().unwrap())
                .collect();
            (n[2] - n[0], n[3] - n[1])
        })
        .collect()
}

#[track_caller]
fn expect_a4(pdf: &Path) -> usize {
    let sizes = page_sizes(&std::fs::read(pdf).unwrap());
    assert!(!sizes.is_empty(), "{}: no page", pdf.display());
    for (w, h) in &sizes {
        assert!(
            (w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0,
            "{}: a page of {w}×{h} pt, not A4 (595×842)",
            pdf.display()
        );
    }
    sizes.len()
}

/// Every QR code on every page of a PDF, page by page: the pages drawn at 300 dpi by
/// `pdftoppm`, then read by `rqrr` window by window, as a phone frames one code.
/// (Given a whole page, `rqrr` pairs finder-like shapes of photos and neighbouring
/// codes into grids that are no code, and misses real ones; so does it given a window
/// holding two codes in a row.) A window is a code plus the step wide, so every code
/// lies whole inside one with little else around it; the same code seen in several
/// windows counts once.
fn qr_codes_by_page(pdf: &Path) -> Vec<BTreeSet<String>> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png"])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm (Debian: apt-get install poppler-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    // A code is 27 mm wide with its quiet zone: 319 px at 300 dpi (4.9 px a module
    // for the densest, a WhatsApp link; at 240 dpi rqrr misses some).
    let (window, step) = (480u32, 110u32);
    pages
        .iter()
        .map(|png| {
            let page = image::open(png).unwrap().to_luma8();
            let starts = |len: u32| (0..len.saturating_sub(window - step)).step_by(step as usize);
            let windows: Vec<(u32, u32)> = starts(page.height())
                .flat_map(|y| starts(page.width()).map(move |x| (x, y)))
                .collect();
            windows
                .par_iter()
                .flat_map_iter(|&(x, y)| {
                    let (w, h) = (window.min(page.width() - x), window.min(page.height() - y));
                    let tile = image::imageops::crop_imm(&page, x, y, w, h).to_image();
                    // A whole code is about half dark and covers half the window: a
                    // window of text or white paper holds none, and is not read.
                    let dark = tile.pixels().filter(|p| p.0[0] < 128).count();
                    if dark * 8 < tile.len() {
                        return Vec::new();
                    }
                    rqrr::PreparedImage::prepare(tile)
                        .detect_grids()
                        .into_iter()
                        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
                        .collect::<Vec<_>>()
                })
                .collect::<BTreeSet<String>>()
        })
        .collect()
}

#[test]
fn the_printed_catalog_prints_to_a4_and_every_qr_code_scans_to_its_product() {
    let t = CatalogTest::sample();
    let run = print(&t, &[]);
    run.expect_code(0);
    assert!(
        !run.stderr.contains("base_url"),
        "no warning with a base_url:\n{}",
        run.stderr
    );
    t.check_site("public");
    let public = t.path("public");
    let products = products(&public);
    assert!(products.len() >= 20, "the sample has its products");

    // The catalog: A4, several pages, and on each page the two codes of each product
    // it shows, so no product is split across a page break.
    let catalog = t.path("pdf/katalog.pdf");
    let pages = expect_a4(&catalog);
    assert!(pages >= 2, "{pages} pages for {} products", products.len());
    let by_page = qr_codes_by_page(&catalog);
    assert_eq!(by_page.len(), pages);
    let page_of: BTreeMap<&str, usize> = by_page
        .iter()
        .enumerate()
        .flat_map(|(i, codes)| codes.iter().map(move |c| (c.as_str(), i)))
        .collect();
    let decoded: Vec<&String> = by_page.iter().flatten().collect();
    assert_eq!(
        decoded.len(),
        2 * products.len(),
        "two codes a product: {decoded:#?}"
    );
    let mut expected_pages = BTreeSet::new();
    for p in &products {
        let url = format!("{BASE_URL}{}", p.href);
        expected_pages.insert(url.clone());
        let on_page = page_of
            .get(url.as_str())
            .unwrap_or_else(|| panic!("no QR code of {url}"));
        // Its WhatsApp order: the page's own link, or for a product with variants one
        // message naming the product, no variant, and its page.
        let order = match p.whatsapp.as_slice() {
            [one] => one.clone(),
            several => {
                let (number, _) = whatsapp(&several[0]);
                let found: Vec<&&String> = decoded
                    .iter()
                    .filter(|c| {
                        c.starts_with(&format!("https://wa.me/{number}?"))
                            && whatsapp(c).1.contains(&format!("*{}*\n", p.name))
                    })
                    .collect();
                assert_eq!(found.len(), 1, "{}: {found:?}", p.name);
                let text = whatsapp(found[0]).1;
                assert!(text.ends_with(&format!("\n{url}")), "{text}");
                assert!(!text.contains(" ("), "names no variant: {text}");
                found[0].to_string()
            }
        };
        assert_eq!(
            page_of.get(order.as_str()),
            Some(on_page),
            "{}: its WhatsApp code is on the page of its page code",
            p.name
        );
    }
    let decoded_pages: BTreeSet<String> = decoded
        .iter()
        .filter(|c| c.starts_with(BASE_URL))
        .map(|c| c.to_string())
        .collect();
    assert_eq!(decoded_pages, expected_pages);

    // The labels: 3 × 8 a sheet, each to its product's page.
    let labels = t.path("pdf/label.pdf");
    let sheets = expect_a4(&labels);
    assert_eq!(sheets, products.len().div_ceil(24), "24 labels a sheet");
    let on_labels: BTreeSet<String> = qr_codes_by_page(&labels).into_iter().flatten().collect();
    assert_eq!(on_labels, expected_pages);
}

#[test]
fn the_print_pages_are_linked_from_the_front_page_and_kept_out_of_the_offline_app() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/catalog.yaml",
        "title: Katalog Uji\nexample: true\nwhatsapp: \"0812-0000-0001\"\nbase_url: https://uji.example/k/\n",
    );
    t.run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    t.check_site("public");
    let front = t.read("public/index.html");
    assert!(
        front.contains("<a href=\"cetak/\">Katalog untuk dicetak</a>"),
        "{front}"
    );
    let cetak = t.read("public/cetak/index.html");
    assert!(cetak.contains("@page { size: A4"));
    assert!(cetak.contains("break-inside: avoid"));
    assert!(cetak.contains("Pindai kode QR"));
    assert_eq!(cetak.matches("<svg class=\"qr\"").count(), 2, "{cetak}");
    assert!(!cetak.contains("<script"), "paper needs no script");
    let labels = t.read("public/cetak/label/index.html");
    assert_eq!(labels.matches("<svg class=\"qr\"").count(), 1);
    assert!(labels.contains("<h2>Keripik Pare</h2>"), "{labels}");
    // Heavy with SVG, and only for whoever prints: not stored on buyers' phones.
    let lists = crate::support::worker_lists(&t.path("public"));
    let listed = format!("{} {}", lists["shell"], lists["warm"]);
    assert!(
        listed.contains("desa-contoh/keripik-pare/"),
        "the worker lists pages"
    );
    assert!(!listed.contains("cetak/"), "{listed}");

    // English: the interface words of en.yaml.
    t.write(
        "content/catalog.yaml",
        "title: Test Catalog\nlanguage: en\nexample: true\nwhatsapp: \"0812-0000-0001\"\nbase_url: https://uji.example/k/\n",
    );
    t.run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    let cetak = t.read("public/cetak/index.html");
    assert!(cetak.contains("<html lang=\"en\">"));
    assert!(cetak.contains("Scan a QR code"), "{cetak}");
    assert!(cetak.contains("Order on WhatsApp"), "{cetak}");
    assert!(!cetak.contains("Pindai"));
    assert!(
        t.read("public/index.html")
            .contains(">Printable catalog</a>")
    );
}

#[cfg(unix)]
#[test]
fn without_a_base_url_the_page_codes_are_left_out_and_print_says_so_once() {
    let t = CatalogTest::new("minimal");
    t.run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    let cetak = t.read("public/cetak/index.html");
    assert_eq!(
        cetak.matches("<svg class=\"qr\"").count(),
        1,
        "only the WhatsApp code"
    );
    assert!(
        cetak.contains("base_url"),
        "the screen says what is missing"
    );
    let labels = t.read("public/cetak/label/index.html");
    assert_eq!(
        labels.matches("<svg class=\"qr\"").count(),
        1,
        "to WhatsApp"
    );

    // The warning, once, before the browser runs (here one that fails at once).
    let fails = fake_browser(&t, "fails", "#!/bin/sh\nexit 3\n");
    let run = print(&t, &["--no-build", "--chromium", &fails]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.matches("warning: tidak ada base_url").count(),
        1,
        "{}",
        run.stderr
    );
    run.expect_stderr_contains("content/catalog.yaml:1:1: warning: tidak ada base_url")
        .expect_stderr_contains("help: tulis alamat situs di catalog.yaml");
    assert!(!t.path("pdf/katalog.pdf").exists());
}

/// A stand-in for the browser: a shell script, for what the real one rarely does.
#[cfg(unix)]
fn fake_browser(t: &CatalogTest, name: &str, script: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    t.write(name, script);
    std::fs::set_permissions(t.path(name), std::fs::Permissions::from_mode(0o755)).unwrap();
    format!("./{name}")
}

#[test]
fn without_chromium_print_names_what_to_install_before_building() {
    let t = CatalogTest::new("minimal");
    let out = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["print", "--cache", &sample_photo_cache(), "--lang", "en"])
        .current_dir(t.dir.path())
        .env("PATH", t.path("empty"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: printing to PDF needs Chromium or Google Chrome")
            && stderr.contains("sudo apt install chromium"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    // A browser named that does not exist: that path, in the catalog's language.
    let run = t.run(&["print", "--chromium", "/tidak/ada/chromium"]);
    run.expect_code(2)
        .expect_stderr_contains("kesalahan: --chromium /tidak/ada/chromium: program itu tidak ada");
    assert!(
        !t.path("public").exists(),
        "said before the build, not after the photos"
    );
}

#[cfg(unix)]
#[test]
fn a_browser_that_hangs_or_fails_is_stopped_and_leaves_no_pdf() {
    let t = CatalogTest::new("minimal");
    t.run(&["build", "--cache", &sample_photo_cache()])
        .expect_code(0);
    let hangs = fake_browser(&t, "hangs", "#!/bin/sh\nexec sleep 30\n");
    let fails = fake_browser(
        &t,
        "fails",
        "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n",
    );
    let started = std::time::Instant::now();
    let hung = print(
        &t,
        &[
            "--no-build",
            "--lang",
            "en",
            "--chromium",
            &hangs,
            "--timeout",
            "1",
        ],
    );
    hung.expect_code(2)
        .expect_stderr_contains("did not finish the PDF in 1 s");
    assert!(started.elapsed().as_secs() < 20, "stopped, not waited for");
    let failed = print(&t, &["--no-build", "--lang", "en", "--chromium", &fails]);
    failed
        .expect_code(2)
        .expect_stderr_contains("the browser ended (exit status: 3) without writing the PDF")
        .expect_stderr_contains("cannot open display");
    assert!(!t.path("pdf/katalog.pdf").exists());
}
