//! Planning the site: which pages exist at which paths, what each template is given,
//! and which processed photo files go where. Pure: no I/O, so it is cheap to rerun on
//! every save in `serve` and easy to test.

use crate::catalog::model::*;
use crate::catalog::values::links::whatsapp_link;
use crate::catalog::values::price::format_rupiah;
use crate::photos::Processed;
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;

/// The site to write: pages to render and files to place. It borrows the catalog: a
/// product page's context is made from it only when the page is rendered.
#[derive(Debug, Clone, Default)]
pub struct Site<'a> {
    pub pages: Vec<Page<'a>>,
    /// What every page's template is given alike (`site`, `t`, `nav`, the asset
    /// paths): an object kept once here, not copied into each of thousands of pages;
    /// the renderer adds it to every page's context.
    pub shared: Value,
    /// Processed photo files to place: (output path, file in the cache).
    pub photos: Vec<(String, PathBuf)>,
}

/// One page: its output path (relative to the site root, `/`-separated), its
/// template, what it says about itself (`page` in its template) and the rest of the
/// template's context.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub path: String,
    pub template: &'static str,
    pub meta: PageMeta,
    pub context: PageContext<'a>,
}

/// A page's context, or how to make it. A product page's is made when the page is
/// rendered and dropped right after: the contexts of 10,000 product pages held at once
/// were a third of a build's memory, and memory first touched costs time too.
#[derive(Clone)]
pub enum PageContext<'a> {
    Ready(Context),
    Later(std::sync::Arc<dyn Fn() -> Context + Send + Sync + 'a>),
}

impl PageContext<'_> {
    /// The context, made now if it is made on demand.
    pub fn get(&self) -> std::borrow::Cow<'_, Context> {
        match self {
            PageContext::Ready(c) => std::borrow::Cow::Borrowed(c),
            PageContext::Later(make) => std::borrow::Cow::Owned(make()),
        }
    }

    /// Sets `name` in a context made already (replacing a value it has), for a step
    /// after planning that gives one page more to its template; `false` for a context
    /// made on demand, which cannot be changed.
    pub fn set(&mut self, name: &'static str, value: impl Into<tera::Value>) -> bool {
        let PageContext::Ready(ctx) = self else {
            return false;
        };
        let value = value.into();
        match ctx.iter_mut().find(|(k, _)| *k == name) {
            Some((_, v)) => *v = value,
            None => ctx.push((name, value)),
        }
        true
    }
}

impl std::fmt::Debug for PageContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageContext::Ready(c) => f.debug_tuple("Ready").field(c).finish(),
            PageContext::Later(_) => f.write_str("Later"),
        }
    }
}

/// A page's context: its top-level names and their values. Values are Tera's own,
/// built straight from the views below: Tera shares the lists and maps inside them
/// (`Arc`), so a product card made once stands in the front page's, its village's
/// and its category's lists without a copy, and the renderer puts these values in
/// Tera's context without converting them.
pub type Context = Vec<(&'static str, tera::Value)>;

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

/// `page` in every page's template: what the page says about itself. The planner
/// fills the first five; [`crate::site::seo::annotate`] adds the link preview and JSON-LD.
#[derive(Serialize, Debug, Clone, Default)]
pub struct PageMeta {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub canonical: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub noindex: bool,
    /// The share image's absolute URL, size and text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub og_description: Option<String>,
    /// schema.org JSON-LD, ready to go inside `<script>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jsonld: Option<String>,
}

#[derive(Serialize)]
struct VillageView<'a> {
    name: &'a str,
    href: String,
    district: &'a Option<String>,
    regency: &'a Option<String>,
    province: &'a Option<String>,
    location: String,
    group: &'a Option<String>,
    whatsapp_href: String,
    story_html: String,
    photos: &'a [Picture],
    count: usize,
    photo: Option<&'a Picture>,
}

#[derive(Serialize)]
struct ProductView<'a> {
    name: &'a str,
    href: String,
    category: Option<CategoryRef<'a>>,
    village: VillageRef<'a>,
    price: String,
    price_from: bool,
    unit: &'a str,
    availability: AvailabilityView,
    maker: &'a Option<String>,
    tags: &'a [String],
    variants: Vec<VariantView>,
    labels: Vec<LabelView<'a>>,
    description_html: String,
    photos: Vec<Picture>,
    order: OrderView,
    cart: String,
}

#[derive(Serialize)]
struct CategoryRef<'a> {
    key: &'a str,
    name: &'a str,
    href: String,
}

#[derive(Serialize)]
struct VillageRef<'a> {
    name: &'a str,
    href: String,
    location: String,
    group: &'a Option<String>,
}

#[derive(Serialize)]
struct VariantView {
    name: String,
    price: String,
}

#[derive(Serialize)]
struct LabelView<'a> {
    kind: &'static str,
    label: String,
    number: &'a str,
}

#[derive(Serialize)]
struct OrderView {
    whatsapp: Vec<WhatsappLink>,
    marketplaces: Vec<MarketplaceLink>,
}

#[derive(Serialize)]
struct WhatsappLink {
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
    href: String,
}

#[derive(Serialize)]
struct MarketplaceLink {
    platform: &'static str,
    label: String,
    name: &'static str,
    href: String,
}

/// A view as a Tera value.
fn tv<T: Serialize + ?Sized>(view: &T) -> tera::Value {
    tera::Value::from_serializable(view)
}

/// The most product cards the front page shows. Every product is on its village's page
/// and its category's, and in search; past this the front page shows a taste of every
/// village instead of a list no phone on slow data should load (10,000 cards were
/// 4.7 MB of HTML).
pub const FRONT_PAGE_PRODUCTS: usize = 100;

/// `limit` cards taken in turn from each village's list: the first of every village,
/// then the second of every village, and so on.
fn taste_of_every_village(by_village: Vec<Vec<tera::Value>>, limit: usize) -> Vec<tera::Value> {
    let mut lists: Vec<_> = by_village.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(limit);
    while out.len() < limit {
        let before = out.len();
        for list in &mut lists {
            if out.len() == limit {
                break;
            }
            out.extend(list.next());
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// One product's share of the plan, made on any core.
struct Planned<'a> {
    page: Page<'a>,
    card: tera::Value,
    category: String,
    photo_files: Vec<(String, PathBuf)>,
    first_photo: Option<Picture>,
}

/// Plans the whole site.
pub fn plan<'a>(catalog: &'a Catalog, inputs: &Inputs<'a>) -> Site<'a> {
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
        "manifest": crate::site::offline::MANIFEST,
        "t": words,
        "nav": nav,
    });
    let meta = |kind: &'static str, title: String, description: String, url: &str| {
        meta(catalog, kind, title, description, url)
    };

    let mut all_cards = Vec::new();
    let mut cards_by_village: Vec<Vec<tera::Value>> = Vec::new();
    let mut cards_by_category: HashMap<String, Vec<tera::Value>> = HashMap::new();
    let mut village_views = Vec::new();

    // Every product's page and card are made on every core (Markdown is the dearest
    // part), then gathered in catalog order.
    let planned: Vec<Vec<Planned>> = catalog
        .villages
        .par_iter()
        .map(|village| {
            village
                .products
                .par_iter()
                .with_max_len(32)
                .map(|product| plan_product(catalog, village, product, inputs))
                .collect()
        })
        .collect();
    for (village, products) in catalog.villages.iter().zip(planned) {
        let vdir = village.slug.clone();
        let mut vfiles = Vec::new();
        let vphotos: Vec<Picture> = village
            .photos
            .iter()
            .filter_map(|p| picture(p, &vdir, &village.name, inputs.photos, &mut vfiles))
            .collect();
        site.photos.extend(vfiles);
        let mut cards = Vec::with_capacity(products.len());
        let mut first_product_photo = None;
        for planned in products {
            site.photos.extend(planned.photo_files);
            if first_product_photo.is_none() {
                first_product_photo = planned.first_photo;
            }
            cards.push(planned.card.clone());
            cards_by_category
                .entry(planned.category)
                .or_default()
                .push(planned.card.clone());
            all_cards.push(planned.card);
            site.pages.push(planned.page);
        }
        cards_by_village.push(cards.clone());
        let whatsapp_href = village
            .whatsapp
            .as_ref()
            .map(|n| whatsapp_link(n, &word("wa_hello").replace("{catalog}", &catalog.title)))
            .unwrap_or_default();
        let view = tv(&VillageView {
            name: &village.name,
            href: format!("{vdir}/"),
            district: &village.district,
            regency: &village.regency,
            province: &village.province,
            location: village.location(),
            group: &village.group,
            whatsapp_href,
            story_html: crate::site::markdown::to_html(&village.story),
            photos: &vphotos,
            count: village.products.len(),
            photo: vphotos.first().or(first_product_photo.as_ref()),
        });
        let about = meta(
            "village",
            format!("{} — {}", village.name, catalog.title),
            summary(
                &village.story,
                &format!("{} {}", village.name, village.location()),
            ),
            &format!("{vdir}/"),
        );
        let ctx = vec![
            root("../"),
            ("village", view.clone()),
            ("products", tera::Value::from(cards)),
        ];
        site.pages.push(Page {
            path: format!("{vdir}/index.html"),
            template: "village.html",
            meta: about,
            context: PageContext::Ready(ctx),
        });
        village_views.push(view);
    }

    for c in &categories {
        let about = meta(
            "category",
            format!("{} — {}", c.name, catalog.title),
            format!("{} — {}", c.name, catalog.title),
            &c.href,
        );
        let ctx = vec![
            root("../../"),
            ("category", tv(c)),
            (
                "products",
                tera::Value::from(cards_by_category.remove(&c.key).unwrap_or_default()),
            ),
        ];
        site.pages.push(Page {
            path: format!("{}index.html", c.href),
            template: "category.html",
            meta: about,
            context: PageContext::Ready(ctx),
        });
    }

    // The buyer's tools: search (filters by category, village, availability, price),
    // the WhatsApp cart, and the page the service worker shows offline. Each works
    // offline; search and cart need the script, and say so without it.
    for (path, kind, template, title) in [
        ("cari/", "search", "search.html", word("search_title")),
        ("keranjang/", "cart", "cart.html", word("cart_title")),
    ] {
        let about = PageMeta {
            noindex: true,
            ..meta(
                kind,
                format!("{title} — {}", catalog.title),
                catalog.description.clone(),
                path,
            )
        };
        site.pages.push(Page {
            path: format!("{path}index.html"),
            template,
            meta: about,
            context: PageContext::Ready(vec![root("../")]),
        });
    }
    // Served by the service worker at any depth, with a `<base>` naming the site root.
    let offline = PageMeta {
        noindex: true,
        ..meta(
            "offline",
            word("offline_title"),
            word("offline_text"),
            "offline.html",
        )
    };
    site.pages.push(Page {
        path: "offline.html".into(),
        template: "offline.html",
        meta: offline,
        context: PageContext::Ready(vec![root("")]),
    });

    let product_count = all_cards.len();
    let front_cards = if product_count <= FRONT_PAGE_PRODUCTS {
        all_cards
    } else {
        taste_of_every_village(cards_by_village, FRONT_PAGE_PRODUCTS)
    };
    let ctx = vec![
        root(""),
        ("villages", tera::Value::from(village_views)),
        ("categories", tv(&categories)),
        ("products", tera::Value::from(front_cards)),
        ("product_count", tera::Value::from(product_count)),
    ];
    site.pages.push(Page {
        path: "index.html".into(),
        template: "index.html",
        meta: meta(
            "index",
            catalog.title.clone(),
            catalog.description.clone(),
            "",
        ),
        context: PageContext::Ready(ctx),
    });

    // Hosts serve 404.html at whatever path was asked for, where relative links break:
    // with a base_url its links are absolute.
    let root_404 = catalog.base_url.clone().unwrap_or_default();
    site.pages.push(Page {
        path: "404.html".into(),
        template: "404.html",
        meta: meta(
            "404",
            word("not_found_title"),
            word("not_found_text"),
            "404.html",
        ),
        context: PageContext::Ready(vec![root(&root_404)]),
    });
    site
}

/// A page's `page` as the planner makes it.
fn meta(
    catalog: &Catalog,
    kind: &'static str,
    title: String,
    description: String,
    url: &str,
) -> PageMeta {
    PageMeta {
        kind,
        title,
        description,
        canonical: catalog
            .base_url
            .as_ref()
            .map(|b| format!("{b}{url}"))
            .unwrap_or_default(),
        ..PageMeta::default()
    }
}

/// `root`, which every page's context starts with: the way from the page to the site
/// root (`../../`).
fn root(root: &str) -> (&'static str, tera::Value) {
    ("root", tera::Value::from(root))
}

/// One product's card and photo files, and its page, whose context is made when it is
/// rendered.
fn plan_product<'a>(
    catalog: &'a Catalog,
    village: &'a Village,
    product: &'a Product,
    inputs: &Inputs<'a>,
) -> Planned<'a> {
    let words = inputs.words;
    let word = move |k: &str| words.get(k).cloned().unwrap_or_else(|| k.to_string());
    let pdir = format!("{}/{}", village.slug, product.slug);
    let mut photo_files = Vec::new();
    let photos: Vec<Picture> = product
        .photos
        .iter()
        .filter_map(|p| picture(p, &pdir, &product.name, inputs.photos, &mut photo_files))
        .collect();
    let first_photo = photos.first().cloned();
    let card = tv(&card(product, village, &pdir, first_photo.clone(), &word));
    let path = format!("{pdir}/index.html");
    let meta = meta(
        catalog,
        "product",
        format!("{} — {}", product.name, catalog.title),
        summary(
            &product.description,
            &format!("{} — {}", product.name, village.name),
        ),
        &format!("{pdir}/"),
    );
    let make = move || {
        let mut ctx = vec![root("../../")];
        let description_html = crate::site::markdown::to_html(&product.description);
        ctx.push((
            "product",
            product_view(
                catalog,
                village,
                product,
                &pdir,
                photos.clone(),
                description_html,
                &word,
            ),
        ));
        ctx
    };
    Planned {
        page: Page {
            path,
            template: "product.html",
            meta,
            context: PageContext::Later(std::sync::Arc::new(make)),
        },
        card,
        category: product.category.clone(),
        photo_files,
        first_photo,
    }
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
) -> tera::Value {
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
                links.push(WhatsappLink {
                    label: word("order_whatsapp"),
                    variant: None,
                    href: whatsapp_link(
                        number,
                        &order_message(product, None, page_url.as_deref(), word),
                    ),
                });
            } else {
                for v in &product.variants {
                    links.push(WhatsappLink {
                        label: format!("{} {}", word("order_whatsapp"), v.name),
                        variant: Some(v.name.clone()),
                        href: whatsapp_link(
                            number,
                            &order_message(product, Some(v), page_url.as_deref(), word),
                        ),
                    });
                }
            }
            links
        })
        .unwrap_or_default();
    let marketplaces = product
        .order
        .marketplaces
        .iter()
        .map(|(platform, url)| MarketplaceLink {
            platform: platform.key(),
            label: format!("{} {}", word("buy_on"), platform.display_name()),
            name: platform.display_name(),
            href: url.to_string(),
        })
        .collect();
    let mut labels = Vec::new();
    for (kind, number) in [
        ("pirt", &product.labels.pirt),
        ("halal", &product.labels.halal),
        ("bpom", &product.labels.bpom),
    ] {
        if let Some(n) = number {
            labels.push(LabelView {
                kind,
                label: word(&format!("label_{kind}")),
                number: n,
            });
        }
    }
    tv(&ProductView {
        name: &product.name,
        href: format!("{pdir}/"),
        category: category.map(|c| CategoryRef {
            key: &c.key,
            name: &c.name,
            href: format!("kategori/{}/", c.key),
        }),
        village: VillageRef {
            name: &village.name,
            href: format!("{}/", village.slug),
            location: village.location(),
            group: &village.group,
        },
        price,
        price_from,
        unit: product.unit.as_deref().unwrap_or_default(),
        availability: availability(product.availability, word),
        maker: &product.maker,
        tags: &product.tags,
        variants: product
            .variants
            .iter()
            .map(|v| VariantView {
                name: v.name.clone(),
                price: v
                    .price
                    .or(product.price)
                    .map(format_rupiah)
                    .unwrap_or_default(),
            })
            .collect(),
        labels,
        description_html,
        photos,
        order: OrderView {
            whatsapp,
            marketplaces,
        },
        cart: cart_item(village, product, pdir),
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

/// A picture view for one photo, and its files added to `files`. `None` when the photo
/// was not processed (its error is already reported).
fn picture(
    photo: &PhotoRef,
    dir: &str,
    alt: &str,
    processed: &HashMap<PathBuf, Processed>,
    files: &mut Vec<(String, PathBuf)>,
) -> Option<Picture> {
    let p = processed.get(&photo.source)?;
    let largest = p.renditions.last()?;
    let mut webp = Vec::new();
    let mut jpeg = Vec::new();
    for r in &p.renditions {
        let base = rendition_base(photo, p, dir, r.width);
        let (w, j) = (format!("{base}.webp"), format!("{base}.jpg"));
        files.push((w.clone(), r.webp.clone()));
        files.push((j.clone(), r.jpeg.clone()));
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
/// good. Also used by [`crate::site::search`], whose result cards show the smallest one.
pub fn rendition_base(photo: &PhotoRef, processed: &Processed, dir: &str, width: u32) -> String {
    let short = &processed.key[..8.min(processed.key.len())];
    format!("{dir}/{}.{short}-{width}", photo.stem)
}

/// The first paragraph of a Markdown text as plain text, cut to about 160 characters,
/// for `<meta name="description">`; `fallback` when the text is empty.
fn summary(markdown: &str, fallback: &str) -> String {
    const MAX: usize = 160;
    let para = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("");
    // The paragraph as plain text on one line, read only as far as the description
    // needs (a first paragraph may be pages long).
    let mut plain = para
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '[' | ']'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .skip_while(|&c| c == ' ');
    let head: String = plain.by_ref().take(MAX + 1).collect();
    let trimmed = head.trim_end();
    if trimmed.is_empty() {
        return fallback.to_string();
    }
    // Whole when it ends before the limit, spaces at its end not counted.
    if head.chars().count() <= MAX || trimmed.chars().count() <= MAX && plain.all(|c| c == ' ') {
        return trimmed.to_string();
    }
    let cut: String = head.chars().take(MAX - 3).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The description as it was made before it stopped reading at the limit.
    fn summary_reading_all(markdown: &str, fallback: &str) -> String {
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

    #[test]
    fn a_description_is_the_same_read_to_the_limit_as_read_whole() {
        let pieces = [
            "kata", " ", "  ", "\n", "\t", "**", "_", "#", "[a]", "é", "—", "🌶", "x",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..4000 {
            let mut text = String::new();
            let len = 100 + next() % 150;
            while text.chars().count() < len {
                text.push_str(pieces[next() % pieces.len()]);
            }
            // Often exactly at the limit, with spaces around it.
            let spaces = " ".repeat(next() % 4);
            let texts = [
                text.clone(),
                format!("{spaces}{}{spaces}", "a".repeat(158 + next() % 5)),
                format!("# Judul\n\n{text}\n\nlagi"),
                format!("{}{spaces}", "b ".repeat(79 + next() % 3)),
            ];
            for t in &texts {
                assert_eq!(
                    summary(t, "cadangan"),
                    summary_reading_all(t, "cadangan"),
                    "{t:?}"
                );
            }
        }
        assert_eq!(summary("", "cadangan"), "cadangan");
        assert_eq!(summary("   \n\n## x", "cadangan"), "cadangan");
    }
}
