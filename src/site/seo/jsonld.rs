//! schema.org JSON-LD: a `Product` with its `Offer`s on product pages, a
//! `BreadcrumbList` on product, village and category pages. Serialised by serde_json
//! from typed nodes, with `<`, `>` and `&` escaped so no description can close the
//! `<script>` it is written into.

use crate::catalog::model::{Availability, Catalog, Product, Village};
use crate::photos::Processed;
use crate::site::plan::rendition_base;
use std::collections::HashMap;
use std::path::PathBuf;

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
pub fn graph(items: &[String]) -> String {
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
/// as serde_json writes an object's keys. Also the data of `serve`'s problems overlay,
/// which quotes whatever the catalog says.
pub fn to_json<T: serde::Serialize + ?Sized>(node: &T) -> String {
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

pub fn product_ld<'a>(
    catalog: &Catalog,
    village: &Village,
    product: &'a Product,
    pdir: &str,
    description: &str,
    photos: &HashMap<PathBuf, Processed>,
    preview: Option<&str>,
) -> String {
    let base = catalog.base_url.as_deref();
    let root = "../../";
    let page_url = url(&format!("{pdir}/"), root, base);
    let mut images: Vec<String> = preview.map(str::to_string).into_iter().collect();
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
pub fn breadcrumbs(items: &[(String, String)], root: &str, base: Option<&str>) -> String {
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
        let v = serde_json::json!({ "description": "enak </script><script>alert(1)</script> & <!-- x" });
        let s = to_json(&v);
        assert!(!s.contains('<') && !s.contains('>'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
