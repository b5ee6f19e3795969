//! What a page says about itself to WhatsApp, search engines and feed readers: the link
//! preview (OpenGraph and Twitter card fields, and the preview image of each product)
//! and schema.org JSON-LD (`Product` with its `Offer`s, `BreadcrumbList`).
//!
//! Runs on the planned [`Site`] and fills in the pages' [`PageMeta`] (`page.image`,
//! `page.image_width`, `page.image_height`, `page.image_alt`, `page.og_description`,
//! `page.jsonld`) and adds `site.locale` and `feed` for all, from the catalog alone: a
//! product page's context is made only when it is rendered.
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

use crate::catalog::model::{Availability, Catalog, PhotoRef, Product, Village};
use crate::catalog::values::price::format_rupiah;
use crate::diag::{Diagnostic, Pos};
use crate::photos::Processed;
use crate::site::plan::{PageMeta, Site, rendition_base};
use crate::text;
use indexmap::IndexMap;
use rayon::prelude::*;
use serde_json::json;
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
    if catalog.base_url.is_some() {
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
                en: "no base_url: links shared in WhatsApp will show no photo, and there is no feed of new products",
                id: "belum ada base_url: tautan yang dibagikan di WhatsApp tidak akan menampilkan foto, dan feed produk baru tidak dibuat"
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

/// Adds link preview fields and JSON-LD to the planned pages, and the preview images
/// to the site's files.
pub fn annotate(
    site: &mut Site,
    catalog: &Catalog,
    photos: &HashMap<PathBuf, Processed>,
    words: &IndexMap<String, String>,
) {
    // OpenGraph wants language_TERRITORY: the catalog's people are in Indonesia, its
    // English readers anywhere.
    let locale = match catalog.site_lang.as_str() {
        "en" => "en_US".to_string(),
        code => format!("{code}_ID"),
    };
    if let Some(s) = site.shared.get_mut("site") {
        s["locale"] = json!(locale);
    }
    if catalog.base_url.is_some() {
        site.shared["feed"] = json!(FEED);
    }
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
                            own.as_ref(),
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

/// What [`annotate`] works out for one product.
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
fn og_description(
    product: &Product,
    description: &str,
    words: &IndexMap<String, String>,
) -> String {
    let word = |k: &str| words.get(k).cloned().unwrap_or_default();
    let mut price = match product.price_range() {
        Some((p, true)) => format!("{} {}", word("from"), format_rupiah(p)),
        Some((p, false)) => format_rupiah(p),
        None => word("price_on_request"),
    };
    if let Some(unit) = &product.unit {
        price.push_str(&format!(" / {unit}"));
    }
    match description {
        "" => price,
        d => format!("{price} · {d}"),
    }
}

/// A URL for JSON-LD: absolute with a `base_url`, else relative to the page (whose way
/// to the root is `root`).
fn url(rel: &str, root: &str, base: Option<&str>) -> String {
    match base {
        Some(b) => format!("{b}{rel}"),
        None if rel.is_empty() && root.is_empty() => "./".to_string(),
        None => format!("{root}{rel}"),
    }
}

/// The JSON-LD of a page: `items`, each already JSON made by [`to_json`], in a
/// `@graph`, ready to go inside `<script>`. (Written as the text serde_json makes of
/// the same object: keys in alphabetical order, no spaces.)
fn graph(items: &[String]) -> String {
    const HEAD: &str = "{\"@context\":\"https://schema.org\",\"@graph\":[";
    const TAIL: &str = "]}";
    // Made at its exact size: one is kept for every page until it is rendered.
    let len = HEAD.len() + items.iter().map(|i| i.len() + 1).sum::<usize>() + TAIL.len();
    let mut out = String::with_capacity(len);
    out.push_str(HEAD);
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    out.push_str(TAIL);
    out
}

/// JSON text of a typed JSON-LD node to write inside `<script>`: `<`, `>` and `&` in
/// strings are written as `\u003c`…, which JSON allows (and they appear nowhere
/// else), so no `</script>` or `<!--` in a product's description can end the script. A typed node's fields are declared in alphabetical order,
/// as serde_json writes an object's keys.
fn to_json<T: serde::Serialize + ?Sized>(node: &T) -> String {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    if node.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's compact output, with `<`, `>` and `&` in strings written as escapes.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut last = 0;
        for (at, c) in fragment.match_indices(['<', '>', '&']) {
            writer.write_all(&fragment.as_bytes()[last..at])?;
            writer.write_all(match c {
                "<" => b"\\u003c",
                ">" => b"\\u003e",
                _ => b"\\u0026",
            })?;
            last = at + 1;
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }
}

/// schema.org's name for an availability.
pub fn schema_availability(a: Availability) -> &'static str {
    match a {
        Availability::Available => "https://schema.org/InStock",
        Availability::PreOrder => "https://schema.org/PreOrder",
        Availability::SoldOut => "https://schema.org/SoldOut",
    }
}

/// The village's producer group (or the village) as the `Organization` making it.
fn organization<'a>(village: &'a Village, root: &str, base: Option<&str>) -> Organization<'a> {
    let locality = village.district.as_ref().map_or_else(
        || village.name.clone(),
        |d| format!("{}, {d}", village.name),
    );
    Organization {
        kind: "Organization",
        address: PostalAddress {
            kind: "PostalAddress",
            country: "ID",
            locality,
            region: village.regency.as_deref().or(village.province.as_deref()),
        },
        name: village.group.as_deref().unwrap_or(&village.name),
        url: url(&format!("{}/", village.slug), root, base),
    }
}

#[derive(serde::Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    address: PostalAddress<'a>,
    name: &'a str,
    url: String,
}

#[derive(serde::Serialize)]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "addressCountry")]
    country: &'static str,
    #[serde(rename = "addressLocality")]
    locality: String,
    #[serde(rename = "addressRegion", skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct ProductNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    brand: &'a Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<String>,
    manufacturer: &'a Organization<'a>,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<Offer<'a>>,
    url: &'a str,
}

#[derive(serde::Serialize)]
struct Offer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    availability: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    price: u64,
    #[serde(rename = "priceCurrency")]
    currency: &'static str,
    seller: &'a Organization<'a>,
    url: &'a str,
}

#[derive(serde::Serialize)]
struct BreadcrumbList {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem>,
}

#[derive(serde::Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: String,
    position: usize,
}

fn product_ld<'a>(
    catalog: &Catalog,
    village: &Village,
    product: &'a Product,
    pdir: &str,
    description: &str,
    photos: &HashMap<PathBuf, Processed>,
    preview: Option<&Image>,
) -> String {
    let base = catalog.base_url.as_deref();
    let root = "../../";
    let page_url = url(&format!("{pdir}/"), root, base);
    let mut images: Vec<String> = preview.map(|i| i.url.clone()).into_iter().collect();
    // Each photo's largest JPEG, as on the page.
    for photo in &product.photos {
        if let Some(p) = photos.get(&photo.source)
            && let Some(largest) = p.renditions.last()
        {
            let src = format!("{}.jpg", rendition_base(photo, p, pdir, largest.width));
            images.push(url(&src, root, base));
        }
    }
    let org = organization(village, root, base);
    let offer = |name: Option<&'a str>, price: u64| Offer {
        kind: "Offer",
        availability: schema_availability(product.availability),
        name,
        price,
        currency: "IDR",
        seller: &org,
        url: &page_url,
    };
    let offers: Vec<Offer> = if product.variants.is_empty() {
        product.price.map(|p| offer(None, p)).into_iter().collect()
    } else {
        product
            .variants
            .iter()
            .filter_map(|v| v.price.or(product.price).map(|p| offer(Some(&v.name), p)))
            .collect()
    };
    let category = catalog
        .categories
        .iter()
        .find(|c| c.key == product.category)
        .map(|c| c.name.as_str());
    to_json(&ProductNode {
        kind: "Product",
        brand: &org,
        category,
        description,
        image: images,
        manufacturer: &org,
        name: &product.name,
        offers,
        url: &page_url,
    })
}

/// A `BreadcrumbList` of (name, href relative to the root) from the front page down.
fn breadcrumbs(items: &[(String, String)], root: &str, base: Option<&str>) -> String {
    let items = items
        .iter()
        .enumerate()
        .map(|(i, (name, href))| ListItem {
            kind: "ListItem",
            item: url(href, root, base),
            name: name.clone(),
            position: i + 1,
        })
        .collect();
    to_json(&BreadcrumbList {
        kind: "BreadcrumbList",
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_the_script() {
        let v = json!({ "description": "enak </script><script>alert(1)</script> & <!-- x" });
        let s = to_json(&v);
        assert!(!s.contains('<') && !s.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
