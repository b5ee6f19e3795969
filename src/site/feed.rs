//! `sitemap.xml` with each page's `<lastmod>`, and `feed.xml`, an Atom feed of the
//! newest products. Both need absolute URLs, so both are written only when the catalog
//! has a `base_url` (without one, [`crate::site::seo::base_url_warning`] says so).
//!
//! A page's `lastmod`: a product's `modified` date (see [`crate::catalog::dates`]); a village's
//! and a category's, the newest of their products'; the front page's, the newest of all.

use crate::catalog::dates::{Dates, ProductDates};
use crate::catalog::load::VILLAGES_FOLDER;
use crate::catalog::model::{Catalog, Product, Village};
use crate::site::plan::Page;
use crate::site::plan::listing::{page_count, page_href};
use crate::site::plan::pages::FRONT_PAGE_VILLAGES;
use crate::site::plan::views::price_line;
use crate::site::theme::Words;
use jiff::Timestamp;
use std::collections::HashMap;

/// The feed holds the newest products only: a reader wants what is new, and a feed of a
/// 10,000-product catalog would weigh megabytes.
pub const FEED_ENTRIES: usize = 100;

fn dates_of(dates: &Dates, p: &Product) -> ProductDates {
    dates.of(p).unwrap_or(ProductDates {
        added: Timestamp::UNIX_EPOCH,
        modified: Timestamp::UNIX_EPOCH,
    })
}

fn newest<'a>(dates: &Dates, products: impl Iterator<Item = &'a Product>) -> Option<Timestamp> {
    products.map(|p| dates_of(dates, p).modified).max()
}

/// `sitemap.xml`: every indexable page with its `<lastmod>`, the further pages of a
/// long list too (`halaman/2/`…, with the date of the list's first page).
pub fn sitemap(catalog: &Catalog, dates: &Dates) -> Option<String> {
    let base = catalog.base_url.as_ref()?;
    let all = || catalog.villages.iter().flat_map(|v| &v.products);
    let mut urls: Vec<(String, Option<Timestamp>)> = Vec::new();
    // Every page of the list at `dir` that holds `n` items.
    let list = |urls: &mut Vec<_>, dir: &str, n: usize, last: Option<Timestamp>| {
        for k in 1..=page_count(n) {
            urls.push((format!("{base}{}", page_href(dir, k)), last));
        }
    };
    let products = all().count();
    list(&mut urls, "", products, newest(dates, all()));
    for v in &catalog.villages {
        let dir = format!("{}/", v.slug);
        list(
            &mut urls,
            &dir,
            v.products.len(),
            newest(dates, v.products.iter()),
        );
        for p in &v.products {
            urls.push((
                format!("{base}{}/{}/", v.slug, p.slug),
                Some(dates_of(dates, p).modified),
            ));
        }
    }
    for c in &catalog.categories {
        if let Some(last) = newest(dates, all().filter(|p| p.category == c.key)) {
            let n = all().filter(|p| p.category == c.key).count();
            list(&mut urls, &format!("kategori/{}/", c.key), n, Some(last));
        }
    }
    if catalog.villages.len() > FRONT_PAGE_VILLAGES {
        let dir = format!("{VILLAGES_FOLDER}/");
        list(
            &mut urls,
            &dir,
            catalog.villages.len(),
            newest(dates, all()),
        );
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (u, last) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&u)));
        if let Some(t) = last {
            xml.push_str(&format!("<lastmod>{}</lastmod>", rfc3339(t)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// `feed.xml`: the [`FEED_ENTRIES`] newest products, newest first (by the date each was
/// added, then by name).
pub fn atom(catalog: &Catalog, dates: &Dates, pages: &[Page], words: &Words) -> Option<String> {
    let base = catalog.base_url.as_ref()?;
    // Each product's summary, as its page's meta description has it.
    let summaries: HashMap<&str, &str> = pages
        .iter()
        .map(|p| (p.path.as_str(), p.meta.description.as_str()))
        .collect();
    let descriptions = |v: &Village, p: &Product| {
        let path = format!("{}/{}/index.html", v.slug, p.slug);
        summaries.get(path.as_str()).copied().unwrap_or_default()
    };
    let mut products: Vec<(&Village, &Product, ProductDates)> = catalog
        .villages
        .iter()
        .flat_map(|v| v.products.iter().map(move |p| (v, p)))
        .map(|(v, p)| (v, p, dates_of(dates, p)))
        .collect();
    products.sort_by(|a, b| b.2.added.cmp(&a.2.added).then(a.1.name.cmp(&b.1.name)));
    products.truncate(FEED_ENTRIES);
    let updated = products
        .iter()
        .map(|(_, _, d)| d.modified)
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{}</title>\n",
        catalog.lang.code(),
        xml_escape(&catalog.title)
    );
    if !catalog.description.is_empty() {
        xml.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            xml_escape(&catalog.description)
        ));
    }
    xml.push_str(&format!(
        "<id>{b}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{b}feed.xml\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{b}\"/>\n<updated>{}</updated>\n\
         <author><name>{}</name></author>\n<generator>etalase</generator>\n",
        rfc3339(updated),
        xml_escape(&catalog.title),
        b = xml_escape(base),
    ));
    for (village, product, d) in products {
        let url = xml_escape(&format!("{base}{}/{}/", village.slug, product.slug));
        let price = price_line(product, words);
        let summary = format!("{price} — {}", descriptions(village, product));
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<id>{url}</id>\n\
             <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n\
             <category term=\"{}\"/>\n<summary>{}</summary>\n",
            xml_escape(&product.name),
            rfc3339(d.added),
            rfc3339(d.modified),
            xml_escape(village.group.as_deref().unwrap_or(&village.name)),
            xml_escape(&product.category),
            xml_escape(&summary),
        ));
        if !product.photos.is_empty() {
            // The link preview image (see crate::site::seo), when one was made.
            xml.push_str(&format!(
                "<link rel=\"enclosure\" type=\"image/jpeg\" href=\"{base}{}/{}/{}\"/>\n",
                village.slug,
                product.slug,
                crate::site::seo::PREVIEW_FILE
            ));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

fn rfc3339(t: Timestamp) -> String {
    // Whole seconds: file times carry nanoseconds no reader needs.
    Timestamp::from_second(t.as_second())
        .unwrap_or(t)
        .to_string()
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
