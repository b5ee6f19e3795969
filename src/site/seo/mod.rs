//! What a page says about itself to WhatsApp, search engines and feed readers: the link
//! preview (OpenGraph and Twitter card fields, and the preview image of each product)
//! and schema.org JSON-LD (`Product` with its `Offer`s, `BreadcrumbList`).
//!
//! A step of planning ([`crate::site::plan()`]): [`plan`] fills in the planned
//! pages' typed [`PageMeta`] (`page.image`, `page.image_width`, `page.image_height`,
//! `page.image_alt`, `page.og_description`, `page.jsonld`) from the catalog alone (a
//! product page's context is made only when it is rendered); [`locale`] is
//! `site.locale` for all.
//! Pure: the preview images were made by [`crate::photos`], this only places them.
//!
//! Which image a page shows when shared:
//! - a product page: the preview of its first photo; without one, its village's cover,
//!   else none (never another product's photo);
//! - a village page: the preview of the village's first photo, else of its first product
//!   that has one;
//! - a category page: of its first product that has one;
//! - the front page (and search, cart, offline and 404): the first village photo of the
//!   catalog, else the first product photo.
//!
//! `og:image` must be absolute, so previews are made only when the catalog has a
//! `base_url`; without one, a single warning says so ([`base_url_warning`]).

mod jsonld;

use crate::catalog::model::{Catalog, PhotoRef, Product};
use crate::diag::{Diagnostic, Pos};
use crate::photos::Processed;
use crate::site::plan::views::price_line;
use crate::site::plan::{PageMeta, Site};
use crate::site::theme::Words;
use crate::text;
pub use jsonld::to_json;
use jsonld::{breadcrumbs, graph, product_ld};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The file name of a page's preview image, in the page's folder.
pub const PREVIEW_FILE: &str = "preview.jpg";
/// The Atom feed, at the site root.
pub const FEED: &str = "feed.xml";

/// The photos that get a link preview: each product's and village's first, when the
/// catalog has a `base_url` (else no preview could be linked).
pub fn preview_sources(catalog: &Catalog) -> HashSet<PathBuf> {
    if catalog.base_url.is_none() {
        return HashSet::new();
    }
    catalog
        .villages
        .iter()
        .flat_map(|v| {
            v.photos
                .first()
                .into_iter()
                .chain(v.products.iter().filter_map(|p| p.photos.first()))
        })
        .map(|r| r.source.clone())
        .collect()
}

/// One warning, at the top of `catalog.yaml`, when there is no `base_url` and a page
/// has a photo that would make a link preview (`usable` tells which photos are good).
pub fn base_url_warning(
    catalog: &Catalog,
    source: &crate::catalog::load::Source,
    usable: &dyn Fn(&Path) -> bool,
) -> Option<Diagnostic> {
    // A catalog.yaml that did not parse may hold one: its own problem is reported.
    if catalog.base_url.is_some() || !source.catalog.parsed {
        return None;
    }
    let catalog_file = match source.catalog.main_path() {
        p if p.as_os_str().is_empty() => source.root.join("catalog.yaml"),
        p => p,
    };
    let any_photo = catalog.villages.iter().any(|v| {
        v.photos
            .first()
            .into_iter()
            .chain(v.products.iter().filter_map(|p| p.photos.first()))
            .any(|r| usable(&r.source))
    });
    any_photo.then(|| {
        Diagnostic::warning(
            catalog_file,
            Pos::START,
            text!(
                en: "no base_url: links shared in WhatsApp will show no photo, and there is no feed of new products nor product feeds for the WhatsApp/Facebook and Google catalogs",
                id: "belum ada base_url: tautan yang dibagikan di WhatsApp tidak akan menampilkan foto, dan feed produk baru serta feed produk untuk katalog WhatsApp/Facebook dan Google tidak dibuat"
            ),
        )
        .help(text!(
            en: "add the site's address to catalog.yaml, like `base_url: https://kub-melati.github.io/katalog/`",
            id: "tambahkan alamat situsnya ke catalog.yaml, seperti `base_url: https://kub-melati.github.io/katalog/`"
        ))
    })
}

/// A page's share image.
#[derive(Debug, Clone)]
struct Image {
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

/// OpenGraph's `language_TERRITORY` for the site's language: the catalog's people are
/// in Indonesia, its English readers anywhere.
pub fn locale(site_lang: &str) -> String {
    match site_lang {
        "en" => "en_US".to_string(),
        code => format!("{code}_ID"),
    }
}

/// Plans the link preview fields and JSON-LD of the planned pages, and places the
/// preview images among the site's files.
pub fn plan(
    site: &mut Site,
    catalog: &Catalog,
    photos: &HashMap<PathBuf, Processed>,
    words: &Words,
) {
    let base = catalog.base_url.as_deref();
    let at: HashMap<String, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.clone(), i))
        .collect();
    let home = (catalog.title.clone(), String::new());

    // Each product's link preview and JSON-LD, made on every core (thousands of them),
    // then set on the pages in catalog order.
    let pages = &site.pages;
    let planned: Vec<Vec<ProductSeo>> = catalog
        .villages
        .par_iter()
        .map(|village| {
            let vdir = village.slug.as_str();
            let cover = preview(village.photos.first(), vdir, &village.name, photos, base);
            let cover = cover.map(|(image, _)| image);
            village
                .products
                .par_iter()
                .with_max_len(32)
                .map(|product| {
                    let pdir = format!("{vdir}/{}", product.slug);
                    let made = preview(product.photos.first(), &pdir, &product.name, photos, base);
                    let (own, file) = made.map_or((None, None), |(i, f)| (Some(i), Some(f)));
                    let page = at.get(&format!("{pdir}/index.html")).copied();
                    let description = page.map_or("", |i| pages[i].meta.description.as_str());
                    let crumbs = [
                        home.clone(),
                        (village.name.clone(), format!("{vdir}/")),
                        (product.name.clone(), format!("{pdir}/")),
                    ];
                    let jsonld = graph(&[
                        product_ld(
                            catalog,
                            village,
                            product,
                            &pdir,
                            description,
                            photos,
                            own.as_ref().map(|i| i.url.as_str()),
                        ),
                        breadcrumbs(&crumbs, "../../", base),
                    ]);
                    ProductSeo {
                        page,
                        // No photo of its own: the village's cover, never another product's.
                        shown: own.clone().or_else(|| cover.clone()),
                        own,
                        file,
                        og_description: og_description(product, description, words),
                        jsonld,
                    }
                })
                .collect()
        })
        .collect();

    // Product pages, whose image is settled even as none (never the catalog's).
    let mut decided = vec![false; site.pages.len()];
    let mut first_cover: Option<Image> = None;
    let mut first_product: Option<Image> = None;
    let mut by_category: HashMap<&str, Image> = HashMap::new();
    for (village, products) in catalog.villages.iter().zip(planned) {
        let vdir = village.slug.as_str();
        let cover = preview(village.photos.first(), vdir, &village.name, photos, base);
        let cover = cover.map(|(image, file)| {
            site.photos.push(file);
            image
        });
        let mut village_first: Option<Image> = None;
        for (product, seo) in village.products.iter().zip(products) {
            if let Some(file) = seo.file {
                site.photos.push(file);
            }
            if let Some(i) = seo.page {
                let meta = &mut site.pages[i].meta;
                set_image(meta, seo.shown.as_ref());
                decided[i] = true;
                meta.og_description = Some(seo.og_description);
                meta.jsonld = Some(seo.jsonld);
            }
            if let Some(image) = seo.own {
                by_category
                    .entry(product.category.as_str())
                    .or_insert_with(|| image.clone());
                village_first.get_or_insert(image);
            }
        }
        if let Some(&i) = at.get(&format!("{vdir}/index.html")) {
            let meta = &mut site.pages[i].meta;
            set_image(meta, cover.as_ref().or(village_first.as_ref()));
            let crumbs = [home.clone(), (village.name.clone(), format!("{vdir}/"))];
            meta.jsonld = Some(graph(&[breadcrumbs(&crumbs, "../", base)]));
        }
        if first_cover.is_none() {
            first_cover = cover;
        }
        if first_product.is_none() {
            first_product = village_first;
        }
    }
    for c in &catalog.categories {
        let href = format!("kategori/{}/", c.key);
        if let Some(&i) = at.get(&format!("{href}index.html")) {
            let meta = &mut site.pages[i].meta;
            set_image(meta, by_category.get(c.key.as_str()));
            let crumbs = [home.clone(), (c.name.clone(), href)];
            meta.jsonld = Some(graph(&[breadcrumbs(&crumbs, "../../", base)]));
        }
    }
    let site_image = first_cover.or(first_product);
    for (page, decided) in site.pages.iter_mut().zip(decided) {
        let meta = &mut page.meta;
        if !decided && meta.image.is_none() {
            set_image(meta, site_image.as_ref());
        }
        // A catalog without a description still gets an og:description.
        if meta.description.is_empty() && meta.og_description.is_none() {
            meta.og_description = Some(meta.title.clone());
        }
    }
}

/// The preview of `photo` for the page in `dir`, and its file to place: (output path,
/// file in the cache).
fn preview(
    photo: Option<&PhotoRef>,
    dir: &str,
    alt: &str,
    photos: &HashMap<PathBuf, Processed>,
    base: Option<&str>,
) -> Option<(Image, (String, PathBuf))> {
    let base = base?;
    let p = photos.get(&photo?.source)?.preview.as_ref()?;
    let rel = format!("{dir}/{PREVIEW_FILE}");
    let image = Image {
        url: format!("{base}{rel}"),
        width: p.width,
        height: p.height,
        alt: alt.to_string(),
    };
    Some((image, (rel, p.jpeg.clone())))
}

/// What [`plan`] works out for one product.
struct ProductSeo {
    /// The product's page, by its index among the site's pages.
    page: Option<usize>,
    /// The product's own preview image.
    own: Option<Image>,
    /// The image its page shows when shared: its own, else its village's cover.
    shown: Option<Image>,
    /// The preview's file to place.
    file: Option<(String, PathBuf)>,
    og_description: String,
    jsonld: String,
}

fn set_image(meta: &mut PageMeta, image: Option<&Image>) {
    let Some(image) = image else {
        return;
    };
    meta.image = Some(image.url.clone());
    meta.image_width = Some(image.width);
    meta.image_height = Some(image.height);
    meta.image_alt = Some(image.alt.clone());
}

/// What a shared product link says under its name: the price first (the buyer's first
/// question), then the description.
fn og_description(product: &Product, description: &str, words: &Words) -> String {
    let mut price = price_line(product, words);
    if let Some(unit) = &product.unit {
        price.push_str(&format!(" / {unit}"));
    }
    match description {
        "" => price,
        d => format!("{price} · {d}"),
    }
}
