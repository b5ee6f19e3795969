//! The printed catalog, for markets and exhibitions: `cetak/` lays every product out on
//! A4 (photo, name, prices, unit, trust labels, and two QR codes: the product's page and
//! its WhatsApp order), and `cetak/label/` is a sheet of small labels (3 × 8 on A4) with
//! a QR code each. The QR codes are inline SVG made here at build time, so the pages
//! need no script and print the same from any browser.
//!
//! [`pages`] plans both pages, from the same views as the product pages (so the
//! printed words and prices are the web page's own), with the QR codes.
//! [`crate::commands::print`] is `etalase print`: both pages as PDF through headless
//! Chromium.
//!
//! A QR code on paper must hold an absolute URL: a phone scanning it knows no site to
//! be relative to. Without `base_url` the catalog page leaves the page QR out (the
//! WhatsApp one stays), the labels carry the WhatsApp link instead, and `etalase print`
//! warns once.

use crate::catalog::model::{Catalog, Product, Village};
use crate::catalog::values::links::whatsapp_link;
use crate::diag::{Diagnostic, Pos};
use crate::site::plan::views::{
    AvailabilityView, LabelView, VariantView, availability, labels, picture, price, variants,
};
use crate::site::plan::{Inputs, Page, PageContext, PageMeta, order_message};
use crate::site::theme::Words;
use crate::text;
use qrcode::{Color, EcLevel};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// The printed catalog's folder, relative to the site root.
pub const CATALOG_DIR: &str = "cetak/";
/// The label sheet's folder, relative to the site root.
pub const LABELS_DIR: &str = "cetak/label/";
/// Labels on one A4 sheet: 3 columns × 8 rows of 70 × 37 mm, the common sticker sheet.
pub const LABELS_PER_SHEET: usize = 24;
/// The rendition width the printed pages use for a product's photo (the nearest one
/// made): about 300 dpi at the 5 cm it is printed.
const PHOTO_WIDTH: i64 = 640;

/// The most products a printed catalog is made for. Beyond it the pages would be far
/// over a host's size limit for one file (16 KB a product: 1,000 make 16 MB, under
/// Cloudflare Pages' 25 MiB) and nobody prints them; the QR codes would also take most
/// of the build.
pub const MAX_PRODUCTS: usize = 1000;

/// Whether the catalog gets its printed pages: up to [`MAX_PRODUCTS`].
pub fn is_made(catalog: &Catalog) -> bool {
    product_count(catalog) <= MAX_PRODUCTS
}

fn product_count(catalog: &Catalog) -> usize {
    catalog.villages.iter().map(|v| v.products.len()).sum()
}

/// The check of a catalog too large to print (see [`MAX_PRODUCTS`]), at its
/// `catalog.yaml`.
pub fn size_warning(catalog: &Catalog, catalog_file: &Path) -> Option<Diagnostic> {
    let count = product_count(catalog);
    let max = MAX_PRODUCTS;
    (count > max).then(|| {
        Diagnostic::warning(
            catalog_file,
            Pos::START,
            text!(
                en: "the printed catalog (cetak/) is made for up to {max} products; this catalog has {count}, so it has none",
                id: "katalog cetak (cetak/) dibuat untuk paling banyak {max} produk; katalog ini punya {count}, jadi tidak dibuat"
            ),
        )
        .help(text!(
            en: "to print some of them, copy those products into a catalog folder of their own and run `etalase print --content FOLDER`",
            id: "untuk mencetak sebagian, salin produk-produk itu ke folder katalog tersendiri lalu jalankan `etalase print --content FOLDER`"
        ))
    })
}

/// One product on the printed catalog's page.
#[derive(Serialize)]
struct Item<'a> {
    name: &'a str,
    village: &'a str,
    price: String,
    price_from: bool,
    unit: &'a str,
    variants: Vec<VariantView>,
    labels: Vec<LabelView<'a>>,
    availability: AvailabilityView,
    photo: Option<PrintPhoto>,
    url: String,
    page_qr_html: String,
    whatsapp: String,
    order_qr_html: String,
}

/// A product's photo on paper: the rendition nearest [`PHOTO_WIDTH`].
#[derive(Serialize)]
struct PrintPhoto {
    src: String,
    alt: String,
    width: u32,
    height: u32,
}

/// One label of the label sheet.
#[derive(Serialize, Clone)]
struct Label<'a> {
    name: &'a str,
    village: &'a str,
    price: &'a str,
    price_from: bool,
    unit: &'a str,
    /// The product's page, else (without `base_url`) its WhatsApp order.
    url: &'a str,
    qr_html: &'a str,
}

/// `cetak/index.html` and `cetak/label/index.html`, made from the catalog with the
/// product pages' own views (so the printed words and prices are the web page's), with
/// the QR codes; `None` for a catalog of more than [`MAX_PRODUCTS`].
pub fn pages<'a>(catalog: &'a Catalog, inputs: &Inputs<'_>) -> Option<[Page<'a>; 2]> {
    if !is_made(catalog) {
        return None;
    }
    let words = inputs.words;
    let products: Vec<(&Village, &Product)> = catalog
        .villages
        .iter()
        .flat_map(|v| v.products.iter().map(move |p| (v, p)))
        .collect();
    // Two QR codes a product: made on every core.
    let items: Vec<Item> = products
        .par_iter()
        .map(|&(village, product)| item(catalog, village, product, inputs))
        .collect();
    let labels: Vec<Label> = items
        .iter()
        .map(|i| {
            let (url, qr) = if i.url.is_empty() {
                (&i.whatsapp, &i.order_qr_html)
            } else {
                (&i.url, &i.page_qr_html)
            };
            Label {
                name: i.name,
                village: i.village,
                price: &i.price,
                price_from: i.price_from,
                unit: i.unit,
                url,
                qr_html: qr,
            }
        })
        .collect();
    let sheets: Vec<&[Label]> = labels.chunks(LABELS_PER_SHEET).collect();
    let page = |path: String,
                template: &'static str,
                root: &str,
                kind: &'static str,
                title: &str,
                url: &str,
                list: (&'static str, tera::Value)| Page {
        path,
        template,
        meta: PageMeta {
            kind,
            title: format!("{title} — {}", catalog.title),
            description: catalog.description.clone(),
            canonical: catalog
                .base_url
                .as_ref()
                .map(|b| format!("{b}{url}"))
                .unwrap_or_default(),
            noindex: true,
            ..PageMeta::default()
        },
        context: PageContext::Ready(vec![
            ("root", root.into()),
            ("has_base_url", catalog.base_url.is_some().into()),
            (
                "site_url",
                catalog.base_url.clone().unwrap_or_default().into(),
            ),
            list,
        ]),
    };
    Some([
        page(
            format!("{CATALOG_DIR}index.html"),
            "print.html",
            "../",
            "print",
            words.get("print_title"),
            CATALOG_DIR,
            ("products", tera::Value::from_serializable(&items)),
        ),
        page(
            format!("{LABELS_DIR}index.html"),
            "labels.html",
            "../../",
            "labels",
            words.get("print_labels_title"),
            LABELS_DIR,
            ("sheets", tera::Value::from_serializable(&sheets)),
        ),
    ])
}

/// The warning `etalase print` gives once for a catalog without `base_url`: paper can
/// only point a phone at an absolute address, so the page QR codes are left out.
pub fn base_url_warning(content: &Path) -> Option<Diagnostic> {
    if crate::catalog::load::settings(content)?.has_base_url() {
        return None;
    }
    let path = content.join("catalog.yaml");
    Some(
        Diagnostic::warning(
            path,
            Pos::START,
            text!(
                en: "no base_url: the printed catalog has no QR codes to the product pages (a phone scanning paper needs the site's full address), and the labels point to WhatsApp instead",
                id: "tidak ada base_url: katalog cetak tidak punya kode QR ke halaman produk (HP yang memindai kertas butuh alamat lengkap situsnya), dan label menunjuk ke WhatsApp"
            ),
        )
        .help(text!(
            en: "add the site's address to catalog.yaml, like base_url: https://your-group.github.io/katalog/",
            id: "tulis alamat situs di catalog.yaml, misalnya base_url: https://kelompok-anda.github.io/katalog/"
        )),
    )
}

/// One product of the printed catalog: what its page shows, cut to what paper shows,
/// with its two QR codes.
fn item<'a>(
    catalog: &Catalog,
    village: &'a Village,
    product: &'a Product,
    inputs: &Inputs<'_>,
) -> Item<'a> {
    let pdir = format!("{}/{}", village.slug, product.slug);
    let url = catalog
        .base_url
        .as_ref()
        .map(|b| format!("{b}{pdir}/"))
        .unwrap_or_default();
    let whatsapp = order_link(
        product,
        (!url.is_empty()).then_some(url.as_str()),
        inputs.words,
    );
    let photo = product
        .photos
        .iter()
        .find_map(|p| picture(p, &pdir, &product.name, inputs.photos, &mut Vec::new()))
        .map(|p| {
            let nearest = p
                .jpeg
                .iter()
                .min_by_key(|s| (i64::from(s.w) - PHOTO_WIDTH).abs())
                .map_or_else(|| p.src.clone(), |s| s.src.clone());
            PrintPhoto {
                src: nearest,
                alt: p.alt,
                width: p.width,
                height: p.height,
            }
        });
    let (price, price_from) = price(product);
    Item {
        name: &product.name,
        village: &village.name,
        price,
        price_from,
        unit: product.unit.as_deref().unwrap_or_default(),
        variants: variants(product),
        labels: labels(product, inputs.words),
        availability: availability(product.availability, inputs.words),
        photo,
        page_qr_html: qr_svg(&url).unwrap_or_default(),
        url,
        order_qr_html: qr_svg(&whatsapp).unwrap_or_default(),
        whatsapp,
    }
}

/// The WhatsApp order link printed for a product: the product page's own link when it
/// has no variants; with variants, one message naming the product without a variant or
/// price (the buyer says which), as one code cannot offer a choice.
pub fn order_link(product: &Product, page_url: Option<&str>, words: &Words) -> String {
    let Some(number) = &product.order.whatsapp else {
        return String::new();
    };
    let message = if product.variants.is_empty() {
        order_message(product, None, page_url, words)
    } else {
        let plain = Product {
            price: None,
            variants: Vec::new(),
            ..product.clone()
        };
        order_message(&plain, None, page_url, words)
    };
    whatsapp_link(number, &message)
}

/// A QR code for `data` as an inline `<svg>` element, one unit per module with the
/// standard 4-module quiet zone on white, sized by the page's CSS. Error correction M
/// (15%): a creased or smudged sheet still scans, and a WhatsApp link stays under
/// version 11. `None` for empty data, or data too long for any QR code.
///
/// The `qrcode` crate encodes ([`qr_modules`]); the SVG is written here because its
/// renderer draws every dark module as its own rectangle (about 30 KB for a WhatsApp
/// link), and a catalog of a thousand products would make a `cetak/` page near the
/// 25 MiB a file Cloudflare Pages allows. One rectangle per run of dark modules in a
/// row is less than half of that.
pub fn qr_svg(data: &str) -> Option<String> {
    const QUIET: usize = 4;
    if data.is_empty() {
        return None;
    }
    let colors = qr_modules(data.as_bytes())?;
    let width = colors.len().isqrt();
    let size = width + 2 * QUIET;
    let mut d = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            let (left, top) = (start + QUIET, y + QUIET);
            let _ = write!(d, "M{left} {top}h{}v1H{left}z", x - start);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" aria-hidden=\"true\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>"
    ))
}

/// The modules of the smallest QR code at level M holding `data`, row by row.
///
/// This is `QrCode::with_error_correction_level` but for its last step: instead of
/// trying all eight mask patterns and keeping the one with the lowest penalty, it
/// applies the checkerboard mask. Scoring the masks is 98% of the crate's time (2,000
/// WhatsApp links, release build on the shared 2-core machine: 5.7 s against 0.08 s),
/// which every build and every `serve` rebuild
/// of a large catalog would pay; any mask makes a valid code, and the scoring only
/// spares scanners rare finder-like patterns. The printed codes are decoded back in
/// the tests.
fn qr_modules(data: &[u8]) -> Option<Vec<Color>> {
    let bits = qrcode::bits::encode_auto(data, EcLevel::M).ok()?;
    let version = bits.version();
    let (codewords, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    Some(canvas.into_colors())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the SVG's path (`M{x} {y}h{w}v{h}H{x}z` rectangles, in modules) at
    /// `scale` pixels a module: what a printer does with it, without a browser.
    fn rasterize(svg: &str, scale: usize) -> (usize, Vec<bool>) {
        let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        let size: usize = view.split(' ').next().unwrap().parse().unwrap();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let n = size * scale;
        let mut dark = vec![false; n * n];
        for rect in d.split('M').filter(|s| !s.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
            for py in y * scale..(y + h) * scale {
                for px in x * scale..(x + w) * scale {
                    dark[py * n + px] = true;
                }
            }
        }
        (n, dark)
    }

    fn decode(svg: &str) -> Vec<String> {
        let (n, dark) = rasterize(svg, 4);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(n, n, |x, y| {
            if dark[y * n + x] { 0 } else { 255 }
        });
        img.detect_grids()
            .into_iter()
            .map(|g| g.decode().unwrap().1)
            .collect()
    }

    #[test]
    fn a_qr_svg_is_inline_and_scans_back_to_its_url() {
        let url = "https://wa.me/6281200000001?text=Halo%2C%20saya%20mau%20pesan%3A%0A%2ASagon%20Kelapa%2A%0AJumlah%3A%201%0Ahttps%3A%2F%2Fcontoh.github.io%2Fkatalog%2Fdukuhdempok%2Fsagon%2F";
        let svg = qr_svg(url).unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.len() < 12_000, "{} bytes", svg.len());
        assert_eq!(decode(&svg), vec![url.to_string()]);
        let page = "https://contoh.github.io/katalog/wonoasri/keripik-pare/";
        assert_eq!(decode(&qr_svg(page).unwrap()), vec![page.to_string()]);
    }

    #[test]
    fn no_qr_for_nothing_or_too_much() {
        assert_eq!(qr_svg(""), None);
        assert_eq!(qr_svg(&"x".repeat(5000)), None);
    }
}
