//! Planning the site: which pages exist at which paths, what each template is given,
//! and which processed photo files go where. Pure: no I/O, so it is cheap to rerun on
//! every save in `serve` and easy to test.

use crate::links::whatsapp_link;
use crate::model::*;
use crate::photos::Processed;
use crate::price::format_rupiah;
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The site to write: pages to render and files to place.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub pages: Vec<Page>,
    /// What every page's template is given alike (`site`, `t`, `nav`, the asset
    /// paths): an object kept once here, not copied into each of thousands of pages;
    /// the renderer adds it to every page's context.
    pub shared: Value,
    /// Processed photo files to place: (output path, file in the cache).
    pub photos: Vec<(String, PathBuf)>,
}

/// One page: its output path (relative to the site root, `/`-separated), its
/// template, and the template's context.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Value,
}

/// What the planner needs beyond the catalog.
pub struct Inputs<'a> {
    pub photos: &'a HashMap<PathBuf, Processed>,
    pub words: &'a IndexMap<String, String>,
    /// Stylesheet path relative to the root (`assets/style.1a2b3c4d.css`).
    pub css: &'a str,
    /// Script path relative to the root (`assets/app.1a2b3c4d.js`): offline, search,
    /// cart and share, each only enhancing a page that works without it.
    pub js: &'a str,
    /// Search index path relative to the root (`assets/search.1a2b3c4d.js`).
    pub search: &'a str,
}

#[derive(Serialize, Clone)]
struct Link {
    name: String,
    href: String,
}

#[derive(Serialize, Clone)]
struct CategoryView {
    key: String,
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize, Clone)]
struct Source {
    src: String,
    w: u32,
}

#[derive(Serialize, Clone)]
struct Picture {
    alt: String,
    width: u32,
    height: u32,
    src: String,
    webp: Vec<Source>,
    jpeg: Vec<Source>,
}

#[derive(Serialize, Clone)]
struct AvailabilityView {
    key: &'static str,
    label: String,
}

#[derive(Serialize, Clone)]
struct Card {
    name: String,
    href: String,
    price: String,
    price_from: bool,
    unit: String,
    availability: AvailabilityView,
    village: String,
    photo: Option<Picture>,
}

/// Plans the whole site.
pub fn plan(catalog: &Catalog, inputs: &Inputs<'_>) -> Site {
    let mut site = Site::default();
    let words = inputs.words;
    let word = |k: &str| words.get(k).cloned().unwrap_or_else(|| k.to_string());

    let categories: Vec<CategoryView> = catalog
        .categories
        .iter()
        .map(|c| CategoryView {
            key: c.key.clone(),
            name: c.name.clone(),
            href: format!("kategori/{}/", c.key),
            count: catalog
                .villages
                .iter()
                .flat_map(|v| &v.products)
                .filter(|p| p.category == c.key)
                .count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let nav = json!({
        "villages": catalog.villages.iter().map(|v| Link { name: v.name.clone(), href: format!("{}/", v.slug) }).collect::<Vec<_>>(),
        "categories": categories,
    });
    site.shared = json!({
        "site": { "title": catalog.title, "description": catalog.description, "lang": catalog.site_lang },
        "css": inputs.css,
        "js": inputs.js,
        "search_index": inputs.search,
        "manifest": crate::pwa::MANIFEST,
        "t": words,
        "nav": nav,
    });
    let base = |root: &str, kind: &str, title: String, description: String, url: &str| {
        json!({
            "root": root,
            "page": {
                "kind": kind,
                "title": title,
                "description": description,
                "canonical": catalog.base_url.as_ref().map(|b| format!("{b}{url}")).unwrap_or_default(),
            },
        })
    };

    let mut all_cards = Vec::new();
    let mut cards_by_category: HashMap<&str, Vec<Card>> = HashMap::new();
    let mut village_views = Vec::new();

    // Markdown is the dearest part of a product page's plan: made on every core first.
    let mut descriptions: Vec<std::vec::IntoIter<String>> = catalog
        .villages
        .par_iter()
        .map(|v| {
            v.products
                .par_iter()
                .map(|p| crate::markdown::to_html(&p.description))
                .collect::<Vec<_>>()
                .into_iter()
        })
        .collect();
    for (village, descriptions) in catalog.villages.iter().zip(&mut descriptions) {
        let vdir = village.slug.clone();
        let vphotos: Vec<Picture> = village
            .photos
            .iter()
            .filter_map(|p| picture(p, &vdir, &village.name, inputs.photos, &mut site))
            .collect();
        let mut cards = Vec::new();
        for (product, description_html) in village.products.iter().zip(descriptions.by_ref()) {
            let pdir = format!("{}/{}", village.slug, product.slug);
            let photos: Vec<Picture> = product
                .photos
                .iter()
                .filter_map(|p| picture(p, &pdir, &product.name, inputs.photos, &mut site))
                .collect();
            let card = card(product, village, &pdir, photos.first().cloned(), &word);
            cards.push(card.clone());
            cards_by_category
                .entry(product.category.as_str())
                .or_default()
                .push(card.clone());
            all_cards.push(card);

            let url = format!("{pdir}/");
            let mut ctx = base(
                "../../",
                "product",
                format!("{} — {}", product.name, catalog.title),
                summary(
                    &product.description,
                    &format!("{} — {}", product.name, village.name),
                ),
                &url,
            );
            ctx["product"] = product_view(
                catalog,
                village,
                product,
                &pdir,
                photos,
                description_html,
                &word,
            );
            site.pages.push(Page {
                path: format!("{pdir}/index.html"),
                template: "product.html",
                context: ctx,
            });
        }
        let whatsapp_href = village
            .whatsapp
            .as_ref()
            .map(|n| whatsapp_link(n, &word("wa_hello").replace("{catalog}", &catalog.title)))
            .unwrap_or_default();
        let view = json!({
            "name": village.name,
            "href": format!("{vdir}/"),
            "district": village.district,
            "regency": village.regency,
            "province": village.province,
            "location": village.location(),
            "group": village.group,
            "whatsapp_href": whatsapp_href,
            "story_html": crate::markdown::to_html(&village.story),
            "photos": vphotos,
            "count": village.products.len(),
            "photo": vphotos.first().cloned().or_else(|| cards.iter().find_map(|c| c.photo.clone())),
        });
        let mut ctx = base(
            "../",
            "village",
            format!("{} — {}", village.name, catalog.title),
            summary(
                &village.story,
                &format!("{} {}", village.name, village.location()),
            ),
            &format!("{vdir}/"),
        );
        ctx["village"] = view.clone();
        ctx["products"] = json!(cards);
        site.pages.push(Page {
            path: format!("{vdir}/index.html"),
            template: "village.html",
            context: ctx,
        });
        village_views.push(view);
    }

    for c in &categories {
        let mut ctx = base(
            "../../",
            "category",
            format!("{} — {}", c.name, catalog.title),
            format!("{} — {}", c.name, catalog.title),
            &c.href,
        );
        ctx["category"] = json!(c);
        ctx["products"] = json!(
            cards_by_category
                .get(c.key.as_str())
                .cloned()
                .unwrap_or_default()
        );
        site.pages.push(Page {
            path: format!("{}index.html", c.href),
            template: "category.html",
            context: ctx,
        });
    }

    // The buyer's tools: search (filters by category, village, availability, price),
    // the WhatsApp cart, and the page the service worker shows offline. Each works
    // offline; search and cart need the script, and say so without it.
    for (path, kind, template, title) in [
        ("cari/", "search", "search.html", word("search_title")),
        ("keranjang/", "cart", "cart.html", word("cart_title")),
    ] {
        let mut ctx = base(
            "../",
            kind,
            format!("{title} — {}", catalog.title),
            catalog.description.clone(),
            path,
        );
        ctx["page"]["noindex"] = json!(true);
        site.pages.push(Page {
            path: format!("{path}index.html"),
            template,
            context: ctx,
        });
    }
    // Served by the service worker at any depth, with a `<base>` naming the site root.
    let mut ctx = base(
        "",
        "offline",
        word("offline_title"),
        word("offline_text"),
        "offline.html",
    );
    ctx["page"]["noindex"] = json!(true);
    site.pages.push(Page {
        path: "offline.html".into(),
        template: "offline.html",
        context: ctx,
    });

    let mut ctx = base(
        "",
        "index",
        catalog.title.clone(),
        catalog.description.clone(),
        "",
    );
    ctx["villages"] = json!(village_views);
    ctx["categories"] = json!(categories);
    ctx["products"] = json!(all_cards);
    site.pages.push(Page {
        path: "index.html".into(),
        template: "index.html",
        context: ctx,
    });

    // Hosts serve 404.html at whatever path was asked for, where relative links break:
    // with a base_url its links are absolute.
    let root_404 = catalog.base_url.clone().unwrap_or_default();
    let ctx = base(
        &root_404,
        "404",
        word("not_found_title"),
        word("not_found_text"),
        "404.html",
    );
    site.pages.push(Page {
        path: "404.html".into(),
        template: "404.html",
        context: ctx,
    });
    site
}

fn availability(a: Availability, word: &dyn Fn(&str) -> String) -> AvailabilityView {
    let key = a.key();
    AvailabilityView {
        key,
        label: word(&format!("availability_{}", key.replace('-', "_"))),
    }
}

fn card(
    product: &Product,
    village: &Village,
    pdir: &str,
    photo: Option<Picture>,
    word: &dyn Fn(&str) -> String,
) -> Card {
    let (price, price_from) = match product.price_range() {
        Some((p, varies)) => (format_rupiah(p), varies),
        None => (String::new(), false),
    };
    Card {
        name: product.name.clone(),
        href: format!("{pdir}/"),
        price,
        price_from,
        unit: product.unit.clone().unwrap_or_default(),
        availability: availability(product.availability, word),
        village: village.name.clone(),
        photo,
    }
}

fn product_view(
    catalog: &Catalog,
    village: &Village,
    product: &Product,
    pdir: &str,
    photos: Vec<Picture>,
    description_html: String,
    word: &dyn Fn(&str) -> String,
) -> Value {
    let category = catalog
        .categories
        .iter()
        .find(|c| c.key == product.category);
    let (price, price_from) = match product.price_range() {
        Some((p, varies)) => (format_rupiah(p), varies),
        None => (String::new(), false),
    };
    let page_url = catalog.base_url.as_ref().map(|b| format!("{b}{pdir}/"));
    let whatsapp = product
        .order
        .whatsapp
        .as_ref()
        .map(|number| {
            let mut links = Vec::new();
            if product.variants.is_empty() {
                links.push(json!({
                    "label": word("order_whatsapp"),
                    "href": whatsapp_link(number, &order_message(product, None, page_url.as_deref(), word)),
                }));
            } else {
                for v in &product.variants {
                    links.push(json!({
                        "label": format!("{} {}", word("order_whatsapp"), v.name),
                        "variant": v.name,
                        "href": whatsapp_link(number, &order_message(product, Some(v), page_url.as_deref(), word)),
                    }));
                }
            }
            links
        })
        .unwrap_or_default();
    let marketplaces: Vec<Value> = product
        .order
        .marketplaces
        .iter()
        .map(|(platform, url)| {
            json!({
                "platform": platform.key(),
                "label": format!("{} {}", word("buy_on"), platform.display_name()),
                "name": platform.display_name(),
                "href": url,
            })
        })
        .collect();
    let mut labels = Vec::new();
    for (kind, number) in [
        ("pirt", &product.labels.pirt),
        ("halal", &product.labels.halal),
        ("bpom", &product.labels.bpom),
    ] {
        if let Some(n) = number {
            labels.push(
                json!({ "kind": kind, "label": word(&format!("label_{kind}")), "number": n }),
            );
        }
    }
    json!({
        "name": product.name,
        "href": format!("{pdir}/"),
        "category": category.map(|c| json!({ "key": c.key, "name": c.name, "href": format!("kategori/{}/", c.key) })),
        "village": {
            "name": village.name,
            "href": format!("{}/", village.slug),
            "location": village.location(),
            "group": village.group,
        },
        "price": price,
        "price_from": price_from,
        "unit": product.unit.clone().unwrap_or_default(),
        "availability": availability(product.availability, word),
        "maker": product.maker,
        "tags": product.tags,
        "variants": product.variants.iter().map(|v| json!({
            "name": v.name,
            "price": v.price.or(product.price).map(format_rupiah).unwrap_or_default(),
        })).collect::<Vec<_>>(),
        "labels": labels,
        "description_html": description_html,
        "photos": photos,
        "order": { "whatsapp": whatsapp, "marketplaces": marketplaces },
        "cart": cart_item(village, product, pdir),
    })
}

/// What the cart script needs to add a product, as JSON for a `data-item` attribute;
/// empty when the product cannot be ordered through the cart (no WhatsApp number, or
/// sold out). Items are grouped by `seller`, the WhatsApp number.
fn cart_item(village: &Village, product: &Product, pdir: &str) -> String {
    let Some(number) = &product.order.whatsapp else {
        return String::new();
    };
    if product.availability == Availability::SoldOut {
        return String::new();
    }
    let variants: Vec<Value> = product
        .variants
        .iter()
        .map(|v| json!([v.name, v.price.or(product.price)]))
        .collect();
    json!({
        "id": format!("{pdir}/"),
        "name": product.name,
        "price": product.price,
        "unit": product.unit,
        "variants": variants,
        "seller": number,
        "sellerName": seller_name(village, product, number),
    })
    .to_string()
}

/// Who receives a cart's message: the village's group; the maker too when the product
/// has a number of its own (two groups in the cart would else bear the same name).
fn seller_name(village: &Village, product: &Product, number: &str) -> String {
    let group = village.group.as_deref().unwrap_or(&village.name);
    match &product.maker {
        Some(maker) if village.whatsapp.as_ref().is_some_and(|v| v != number) => {
            format!("{maker}, {group}")
        }
        _ => group.to_string(),
    }
}

/// The WhatsApp message for one product (and variant): names the product, the variant,
/// its price and, when the catalog has a `base_url`, the page.
pub fn order_message(
    product: &Product,
    variant: Option<&Variant>,
    page_url: Option<&str>,
    word: &dyn Fn(&str) -> String,
) -> String {
    let mut item = format!("*{}*", product.name);
    if let Some(v) = variant {
        item.push_str(&format!(" ({})", v.name));
    }
    let price = variant.and_then(|v| v.price).or(product.price);
    if let Some(p) = price {
        item.push_str(&format!(" — {}", format_rupiah(p)));
    }
    let mut msg = format!(
        "{}\n{item}\n{}: 1",
        word("wa_order_intro"),
        word("quantity")
    );
    if let Some(url) = page_url {
        msg.push('\n');
        msg.push_str(url);
    }
    msg
}

/// A picture view for one photo, and its files added to the site. `None` when the photo
/// was not processed (its error is already reported).
fn picture(
    photo: &PhotoRef,
    dir: &str,
    alt: &str,
    processed: &HashMap<PathBuf, Processed>,
    site: &mut Site,
) -> Option<Picture> {
    let p = processed.get(&photo.source)?;
    let largest = p.renditions.last()?;
    let mut webp = Vec::new();
    let mut jpeg = Vec::new();
    for r in &p.renditions {
        let base = rendition_base(photo, p, dir, r.width);
        let (w, j) = (format!("{base}.webp"), format!("{base}.jpg"));
        site.photos.push((w.clone(), r.webp.clone()));
        site.photos.push((j.clone(), r.jpeg.clone()));
        webp.push(Source { src: w, w: r.width });
        jpeg.push(Source { src: j, w: r.width });
    }
    let middle = jpeg[jpeg.len() / 2].src.clone();
    Some(Picture {
        alt: alt.to_string(),
        width: largest.width,
        height: largest.height,
        src: middle,
        webp,
        jpeg,
    })
}

/// The output path of one web image of a photo, without its extension
/// (`dukuhdempok/jamu/botol.3fa2b1c4-320`): named by content, so hosts may cache it for
/// good. Also used by [`crate::search`], whose result cards show the smallest one.
pub fn rendition_base(photo: &PhotoRef, processed: &Processed, dir: &str, width: u32) -> String {
    let short = &processed.key[..8.min(processed.key.len())];
    format!("{dir}/{}.{short}-{width}", photo.stem)
}

/// The first paragraph of a Markdown text as plain text, cut to about 160 characters,
/// for `<meta name="description">`; `fallback` when the text is empty.
fn summary(markdown: &str, fallback: &str) -> String {
    let para = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("");
    let plain: String = para
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '[' | ']'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let plain = plain.trim();
    if plain.is_empty() {
        return fallback.to_string();
    }
    if plain.chars().count() <= 160 {
        return plain.to_string();
    }
    let cut: String = plain.chars().take(157).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_string();
    format!("{cut}…")
}

/// The stylesheet's output path, named by its content so hosts may cache it for good.
pub fn asset_path(name: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    let short = &hash.as_str()[..8];
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("assets/{stem}.{short}.{ext}"),
        None => format!("assets/{name}.{short}"),
    }
}

/// Output paths are `/`-separated strings; this joins one onto a folder.
pub fn out_path(root: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}
