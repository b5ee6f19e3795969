//! The product feeds of the catalogs buyers already shop in: `feeds/meta.csv`, which
//! Meta's Commerce Manager fetches on a schedule for the WhatsApp Business catalog and
//! Facebook and Instagram shops, and `feeds/google.xml` (RSS 2.0 with the `g:`
//! namespace), which Google Merchant Center fetches for the free listings in Google's
//! Shopping results. Every URL in them is absolute, so both are written only when the
//! catalog has a `base_url` (without one, [`crate::site::seo::base_url_warning`] says
//! so).
//!
//! A product is in a feed when it has a price, a first photo that gives an image of at
//! least 500×500 pixels (the platforms refuse smaller ones) — its 1200×630 link preview
//! (`preview.jpg` of [`crate::site::seo`]), else its largest web image uncropped (a
//! portrait photo's) — no `feeds: false`, and a category the catalog's
//! `feeds:` does not leave out of that platform's feed. A product whose variants have
//! prices of their own is one row per variant, grouped by `item_group_id`.
//!
//! Its id is `id:` in `product.yaml`, else its path (`village/product`): the same from
//! build to build and when other products come and go. A variant's id is the product's
//! and the variant's slug (`village/product/250-ml`).
//!
//! An id longer than a platform takes (Google's `g:id` 50 characters, Meta's `id` 100)
//! keeps the product out of that platform's feed: cut, it could be another product's,
//! and the platform refuses the whole row anyway.
//!
//! A pre-order is in Google's feed only with `available_from:` (its
//! `g:availability_date`, which Google requires for a pre-order) on a day still ahead,
//! at most a year ahead;
//! see [`Refused`] for why no date is made up. Meta's feed needs no date.
//!
//! [`check`] says at build time, at the product's file, what the platforms would
//! refuse: a product left out (no price, a photo too small; a product with no photo at
//! all has its own warning already; an id too long; a pre-order without a day ahead for
//! Google), a description cut at a platform's limit, and a category their commerce
//! policies commonly reject (jamu and herbal remedies on Meta), naming how to leave it
//! out.

use crate::catalog::load::Source;
use crate::catalog::model::{Availability, Catalog, Category, Product, Variant, Village};
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::photos::{Processed, preview_size, rendition_sizes};
use crate::site::feed::xml_escape;
use crate::site::markdown::to_plain_listed;
use crate::site::plan::rendition_base;
use crate::site::seo::PREVIEW_FILE;
use crate::text;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Meta's feed (Commerce Manager: Data sources → Data feed → scheduled feed), CSV.
pub const META: &str = "feeds/meta.csv";
/// Google's feed (Merchant Center: Products → Feeds → scheduled fetch), RSS 2.0.
pub const GOOGLE: &str = "feeds/google.xml";
/// Google's namespace for its product attributes.
pub const GOOGLE_NS: &str = "http://base.google.com/ns/1.0";
/// The smallest `image_link` either platform takes, each side in pixels (Meta's rule;
/// Google's is lower).
pub const MIN_IMAGE: u32 = 500;
/// The longest description Meta takes, in characters.
pub const META_DESCRIPTION_MAX: usize = 9_999;
/// The longest description Google takes, in characters.
pub const GOOGLE_DESCRIPTION_MAX: usize = 5_000;
/// The longest title Google takes (Meta's is longer): a longer name is cut.
const TITLE_MAX: usize = 150;
/// Additional images given per product (Google takes 10, Meta 20).
const MAX_ADDITIONAL: usize = 10;
/// The longest id Google takes (`g:id`), in characters.
pub const GOOGLE_ID_MAX: usize = 50;
/// The longest id Meta takes (`id`), in characters.
pub const META_ID_MAX: usize = 100;

/// The Meta feed's columns, in order, as Commerce Manager names them.
pub const META_COLUMNS: &[&str] = &[
    "id",
    "item_group_id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "additional_image_link",
    "brand",
    "google_product_category",
    "product_type",
    "size",
];

/// The platform a feed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Meta,
    Google,
}

/// The product's id in the feeds: `id:` as written, else its path.
pub fn product_id(village: &Village, product: &Product) -> String {
    product
        .id
        .clone()
        .unwrap_or_else(|| format!("{}/{}", village.slug, product.slug))
}

/// Google's category for a built-in category of the format, where one fits (the text
/// of Google's product taxonomy, which Meta reads too).
pub fn google_category(key: &str) -> Option<&'static str> {
    Some(match key {
        "makanan" => "Food, Beverages & Tobacco > Food Items",
        "minuman" => "Food, Beverages & Tobacco > Beverages",
        "kerajinan" => "Arts & Entertainment > Hobbies & Creative Arts > Arts & Crafts",
        _ => return None,
    })
}

/// A category Meta's commerce policies commonly reject: jamu and herbal remedies,
/// which read as medicine or supplements.
pub fn risky_on_meta(category: &Category) -> bool {
    let words = format!("{} {}", category.key, category.name).to_lowercase();
    [
        "jamu",
        "herbal",
        "obat",
        "suplemen",
        "supplement",
        "medicine",
    ]
    .iter()
    .any(|w| words.contains(w))
}

/// Whether the catalog's `feeds:` lets a product of `category` into `platform`'s feed.
pub fn category_allowed(catalog: &Catalog, category: &str, platform: Platform) -> bool {
    let own = match platform {
        Platform::Meta => &catalog.feeds.meta_leave_out,
        Platform::Google => &catalog.feeds.google_leave_out,
    };
    !catalog.feeds.leave_out.iter().any(|k| k == category) && !own.iter().any(|k| k == category)
}

/// The longest of a product's ids in the feeds (a variant's adds the variant's slug).
fn longest_id(village: &Village, product: &Product) -> String {
    let id = product_id(village, product);
    rows(product)
        .into_iter()
        .filter_map(|(v, _)| v.map(|v| format!("{id}/{}", slugify(&v.name))))
        .chain([id.clone()])
        .max_by_key(|i| i.chars().count())
        .unwrap_or(id)
}

/// Why a product that may be in the feeds is kept out of one platform's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Its id (or a variant's), of this many characters, is longer than the platform
    /// takes.
    LongId(String, usize),
    /// A pre-order without `available_from:`: Google requires a
    /// `g:availability_date` for a pre-order. No date is made up for it: a date in the
    /// feed is a promise to buyers of when the order ships, which only the group can
    /// make, and a made-up one (the last change plus some days) passes unnoticed and
    /// makes Google refuse the item. So the product is left out of Google's feed, with
    /// a warning naming the key, until the group writes the day; Meta's feed keeps it.
    NoShipDate,
    /// A pre-order whose `available_from:` is today or past: Google refuses a
    /// pre-order's date that is not ahead.
    ShipDatePassed(jiff::civil::Date),
    /// A pre-order whose `available_from:` is more than a year ahead, which Google
    /// refuses too.
    ShipDateFar(jiff::civil::Date),
}

/// Why `platform` would refuse `product` (one that [`fits`]), if it would.
pub fn refused(
    village: &Village,
    product: &Product,
    platform: Platform,
    today: jiff::civil::Date,
) -> Option<Refused> {
    let id = longest_id(village, product);
    let length = id.chars().count();
    let max = match platform {
        Platform::Meta => META_ID_MAX,
        Platform::Google => GOOGLE_ID_MAX,
    };
    if length > max {
        return Some(Refused::LongId(id, length));
    }
    if platform == Platform::Google && product.availability == Availability::PreOrder {
        return match product.available_from {
            None => Some(Refused::NoShipDate),
            Some(date) if date <= today => Some(Refused::ShipDatePassed(date)),
            Some(date) if date > today.saturating_add(jiff::Span::new().years(1)) => {
                Some(Refused::ShipDateFar(date))
            }
            Some(_) => None,
        };
    }
    None
}

/// Why a product is in no feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// `feeds: false`.
    OptedOut,
    NoPrice,
    /// No photo, or the largest image the first one gives is this small.
    SmallImage(Option<(u32, u32)>),
    /// The first photo could not be read: its own error says so.
    UnreadablePhoto,
}

/// The image a feed links for a product, made of its first photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedImage {
    /// The 1200×630 link preview (`preview.jpg`).
    Preview,
    /// The photo's largest web image, uncropped, of this width: a photo whose
    /// 1.91:1 preview is under 500 pixels high (a portrait 900×1200) may still give
    /// one of 640×853.
    Largest(u32),
}

/// The largest web width of the catalog: the preview is never wider.
fn max_width(catalog: &Catalog) -> u32 {
    catalog.images.widths.iter().copied().max().unwrap_or(0)
}

/// Whether `product` can be in a feed at all, and with which image; `size` gives a
/// photo's upright size.
pub fn fits(
    catalog: &Catalog,
    product: &Product,
    size: &dyn Fn(&Path) -> Option<(u32, u32)>,
) -> Result<FeedImage, LeftOut> {
    if !product.in_feeds {
        return Err(LeftOut::OptedOut);
    }
    if rows(product).is_empty() {
        return Err(LeftOut::NoPrice);
    }
    let Some(first) = product.photos.first() else {
        return Err(LeftOut::SmallImage(None));
    };
    let Some((w, h)) = size(&first.source) else {
        return Err(LeftOut::UnreadablePhoto);
    };
    let large = |(w, h): (u32, u32)| w >= MIN_IMAGE && h >= MIN_IMAGE;
    let preview = preview_size(w, h, max_width(catalog));
    if large(preview) {
        return Ok(FeedImage::Preview);
    }
    let mut widths = catalog.images.widths.clone();
    widths.sort_unstable();
    widths.dedup();
    widths.retain(|&w| w > 0);
    let largest = rendition_sizes(w, h, &widths).last().copied();
    match largest {
        Some(l) if large(l) => Ok(FeedImage::Largest(l.0)),
        Some(l)
            if u64::from(l.0) * u64::from(l.1) > u64::from(preview.0) * u64::from(preview.1) =>
        {
            Err(LeftOut::SmallImage(Some(l)))
        }
        _ => Err(LeftOut::SmallImage(Some(preview))),
    }
}

/// A product's rows: one per variant with a price when any variant has its own, else
/// one for the product with its price; none without a price.
fn rows(product: &Product) -> Vec<(Option<&Variant>, u64)> {
    if product.variants.iter().any(|v| v.price.is_some()) {
        return product
            .variants
            .iter()
            .filter_map(|v| v.price.or(product.price).map(|p| (Some(v), p)))
            .collect();
    }
    product.price.map(|p| (None, p)).into_iter().collect()
}

/// `text` cut to `max` characters, an ellipsis at the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The product's description as plain text (the name when it has none).
fn plain_description(product: &Product) -> String {
    match to_plain_listed(&product.description) {
        d if d.is_empty() => product.name.clone(),
        d => d,
    }
}

/// One row of a feed, in neither platform's spelling yet.
struct Item {
    id: String,
    group: Option<String>,
    title: String,
    description: String,
    availability: Availability,
    /// `g:availability_date` for a pre-order.
    ships: Option<String>,
    price: u64,
    link: String,
    image: String,
    additional: Vec<String>,
    brand: String,
    google_category: Option<&'static str>,
    product_type: String,
    size: Option<String>,
}

/// Every row of `platform`'s feed, in catalog order.
fn items(catalog: &Catalog, photos: &HashMap<PathBuf, Processed>, platform: Platform) -> Vec<Item> {
    let Some(base) = catalog.base_url.as_deref() else {
        return Vec::new();
    };
    let limit = match platform {
        Platform::Meta => META_DESCRIPTION_MAX,
        Platform::Google => GOOGLE_DESCRIPTION_MAX,
    };
    let size = |p: &Path| photos.get(p).map(|x| (x.width, x.height));
    let today = crate::catalog::dates::today();
    let mut out = Vec::new();
    for village in &catalog.villages {
        let brand = village.group.as_deref().unwrap_or(&catalog.title);
        for product in &village.products {
            let Ok(image) = fits(catalog, product, &size) else {
                continue;
            };
            if !category_allowed(catalog, &product.category, platform)
                || refused(village, product, platform, today).is_some()
            {
                continue;
            }
            let pdir = format!("{}/{}", village.slug, product.slug);
            let image = match image {
                FeedImage::Preview => match photos.get(&product.photos[0].source) {
                    Some(p) if p.preview.is_some() => format!("{base}{pdir}/{PREVIEW_FILE}"),
                    _ => continue,
                },
                FeedImage::Largest(width) => {
                    let first = &product.photos[0];
                    let Some(p) = photos.get(&first.source) else {
                        continue;
                    };
                    format!("{base}{}.jpg", rendition_base(first, p, &pdir, width))
                }
            };
            let id = product_id(village, product);
            let additional: Vec<String> = product
                .photos
                .iter()
                .filter_map(|photo| {
                    let p = photos.get(&photo.source)?;
                    let largest = p.renditions.last()?;
                    let rel = rendition_base(photo, p, &pdir, largest.width);
                    Some(format!("{base}{rel}.jpg"))
                })
                .take(MAX_ADDITIONAL)
                .collect();
            // Midnight UTC: the same day in every Indonesian time zone.
            let ships = match product.availability {
                Availability::PreOrder => product.available_from.map(|d| format!("{d}T00:00Z")),
                _ => None,
            };
            let product_type = catalog
                .categories
                .iter()
                .find(|c| c.key == product.category)
                .map_or_else(|| product.category.clone(), |c| c.name.clone());
            let rows = rows(product);
            let grouped = rows.iter().any(|(v, _)| v.is_some());
            for (variant, price) in rows {
                let (id, title) = match variant {
                    Some(v) => (
                        format!("{id}/{}", slugify(&v.name)),
                        format!("{} ({})", product.name, v.name),
                    ),
                    None => (id.clone(), product.name.clone()),
                };
                out.push(Item {
                    id,
                    group: grouped.then(|| product_id(village, product)),
                    title: cut(&title, TITLE_MAX),
                    description: cut(&plain_description(product), limit),
                    availability: product.availability,
                    ships: ships.clone(),
                    price,
                    link: format!("{base}{pdir}/"),
                    image: image.clone(),
                    additional: additional.clone(),
                    brand: brand.to_string(),
                    google_category: google_category(&product.category),
                    product_type: product_type.clone(),
                    size: variant.map(|v| v.name.clone()),
                });
            }
        }
    }
    out
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `feeds/meta.csv`, or `None` without a `base_url`.
pub fn meta_csv(catalog: &Catalog, photos: &HashMap<PathBuf, Processed>) -> Option<String> {
    catalog.base_url.as_ref()?;
    let mut csv = META_COLUMNS.join(",");
    csv.push_str("\r\n");
    for item in items(catalog, photos, Platform::Meta) {
        let availability = match item.availability {
            Availability::Available => "in stock",
            Availability::PreOrder => "preorder",
            Availability::SoldOut => "out of stock",
        };
        let fields = [
            item.id,
            item.group.unwrap_or_default(),
            item.title,
            item.description,
            availability.to_string(),
            "new".to_string(),
            format!("{} IDR", item.price),
            item.link,
            item.image,
            item.additional.join(","),
            item.brand,
            item.google_category.unwrap_or_default().to_string(),
            item.product_type,
            item.size.unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    Some(csv)
}

/// `feeds/google.xml`, or `None` without a `base_url`.
pub fn google_xml(catalog: &Catalog, photos: &HashMap<PathBuf, Processed>) -> Option<String> {
    let base = catalog.base_url.as_ref()?;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"{GOOGLE_NS}\">\n<channel>\n\
         <title>{}</title>\n<link>{}</link>\n<description>{}</description>\n",
        xml_escape(&catalog.title),
        xml_escape(base),
        xml_escape(match catalog.description.as_str() {
            "" => &catalog.title,
            d => d,
        }),
    );
    for item in items(catalog, photos, Platform::Google) {
        let tag = |xml: &mut String, name: &str, value: &str| {
            // Characters XML 1.0 cannot hold (control characters a pasted text may
            // carry) are left out: one would make the whole feed unreadable.
            let value: String = value
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                .collect();
            xml.push_str(&format!("<{name}>{}</{name}>\n", xml_escape(&value)));
        };
        xml.push_str("<item>\n");
        tag(&mut xml, "g:id", &item.id);
        if let Some(group) = &item.group {
            tag(&mut xml, "g:item_group_id", group);
        }
        tag(&mut xml, "title", &item.title);
        tag(&mut xml, "description", &item.description);
        tag(&mut xml, "link", &item.link);
        tag(&mut xml, "g:image_link", &item.image);
        for extra in &item.additional {
            tag(&mut xml, "g:additional_image_link", extra);
        }
        let availability = match item.availability {
            Availability::Available => "in_stock",
            Availability::PreOrder => "preorder",
            Availability::SoldOut => "out_of_stock",
        };
        tag(&mut xml, "g:availability", availability);
        if let Some(date) = &item.ships {
            tag(&mut xml, "g:availability_date", date);
        }
        tag(&mut xml, "g:price", &format!("{}.00 IDR", item.price));
        tag(&mut xml, "g:condition", "new");
        tag(&mut xml, "g:brand", &item.brand);
        tag(&mut xml, "g:identifier_exists", "no");
        if let Some(c) = item.google_category {
            tag(&mut xml, "g:google_product_category", c);
        }
        tag(&mut xml, "g:product_type", &item.product_type);
        if let Some(size) = &item.size {
            tag(&mut xml, "g:size", size);
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    Some(xml)
}

/// What the platforms would refuse, said at build time at the product's file (only
/// with a `base_url`: without one there are no feeds). `size` gives a photo's upright
/// size (processed, or for `check` read from its header).
pub fn check(
    source: &Source,
    catalog: &Catalog,
    size: &dyn Fn(&Path) -> Option<(u32, u32)>,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if catalog.base_url.is_none() {
        return diags;
    }
    let docs: HashMap<&Path, &crate::catalog::load::ProductSource> = source
        .villages
        .iter()
        .flat_map(|v| &v.products)
        .map(|p| (p.dir.as_path(), p))
        .collect();
    let mut on_meta: HashMap<&str, usize> = HashMap::new();
    let today = crate::catalog::dates::today();
    let products = catalog
        .villages
        .iter()
        .flat_map(|v| v.products.iter().map(move |p| (v, p)));
    for (village, product) in products {
        let Some(src) = docs.get(product.dir.as_path()) else {
            continue;
        };
        let in_any = category_allowed(catalog, &product.category, Platform::Meta)
            || category_allowed(catalog, &product.category, Platform::Google);
        if !in_any {
            continue;
        }
        match fits(catalog, product, size) {
            Ok(_) => {}
            Err(LeftOut::OptedOut | LeftOut::UnreadablePhoto) => continue,
            // A price written but refused has its own error.
            Err(LeftOut::NoPrice) if price_written(src) => continue,
            Err(LeftOut::NoPrice) => {
                let (path, pos) = src.doc.at(&[Seg::Key("price")]);
                diags.push(
                    Diagnostic::warning(
                        path,
                        pos,
                        text!(
                            en: "the product has no price: it is left out of the WhatsApp/Facebook and Google catalogs (feeds/), which require one",
                            id: "produk ini belum punya harga: tidak dimasukkan ke katalog WhatsApp/Facebook dan Google (feeds/), yang mewajibkan harga"
                        ),
                    )
                    .help(text!(
                        en: "add a line like `price: 12000`, or `feeds: false` to leave it out without this warning",
                        id: "tambahkan baris seperti `price: 12000`, atau `feeds: false` agar tidak dimasukkan tanpa peringatan ini"
                    )),
                );
                continue;
            }
            // No photo at all: "the product has no photo yet" says so already.
            Err(LeftOut::SmallImage(None)) => continue,
            Err(LeftOut::SmallImage(Some((w, h)))) => {
                let (path, pos) = match product.photos.first() {
                    Some(photo) => photo.origin.clone(),
                    None => src.doc.at(&[Seg::Key("photos")]),
                };
                diags.push(
                    Diagnostic::warning(
                        path,
                        pos,
                        text!(
                            en: "no photo large enough for the WhatsApp/Facebook and Google catalogs (feeds/): they take an image of at least {MIN_IMAGE}×{MIN_IMAGE} pixels (this one gives {w}×{h}), so the product is left out",
                            id: "tidak ada foto yang cukup besar untuk katalog WhatsApp/Facebook dan Google (feeds/): keduanya meminta gambar paling sedikit {MIN_IMAGE}×{MIN_IMAGE} piksel (yang ini {w}×{h}), jadi produk ini tidak dimasukkan"
                        ),
                    )
                    .help(text!(
                        en: "put first a photo straight from the phone, at least 1000 pixels wide; or `feeds: false` to leave the product out without this warning",
                        id: "taruh paling depan foto asli dari HP, paling sedikit 1000 piksel lebarnya; atau `feeds: false` agar tidak dimasukkan tanpa peringatan ini"
                    )),
                );
                continue;
            }
        }
        let mut meta = category_allowed(catalog, &product.category, Platform::Meta);
        let mut google = category_allowed(catalog, &product.category, Platform::Google);
        let on_meta_refused = meta
            .then(|| refused(village, product, Platform::Meta, today))
            .flatten();
        let on_google_refused = google
            .then(|| refused(village, product, Platform::Google, today))
            .flatten();
        meta &= on_meta_refused.is_none();
        google &= on_google_refused.is_none();
        if let Some(d) = refusal_warning(src, on_meta_refused, on_google_refused) {
            diags.push(d);
        }
        let length = plain_description(product).chars().count();
        let cut_by = match (
            meta && length > META_DESCRIPTION_MAX,
            google && length > GOOGLE_DESCRIPTION_MAX,
        ) {
            (true, true) => Some(("Meta & Google", GOOGLE_DESCRIPTION_MAX)),
            (false, true) => Some(("Google", GOOGLE_DESCRIPTION_MAX)),
            (true, false) => Some(("Meta", META_DESCRIPTION_MAX)),
            (false, false) => None,
        };
        if let Some((who, max)) = cut_by {
            let file = description_file(src);
            diags.push(
                Diagnostic::warning(
                    file,
                    Pos::START,
                    text!(
                        en: "the description is {length} characters long; the product feeds cut it at {max} ({who} takes no more)",
                        id: "deskripsinya {length} karakter; feed produk memotongnya di {max} ({who} tidak menerima lebih)"
                    ),
                )
                .help(text!(
                    en: "shorten the description to say the most important first: buyers on WhatsApp and Google see its start",
                    id: "persingkat deskripsinya, yang terpenting di depan: pembeli di WhatsApp dan Google melihat awalnya"
                )),
            );
        }
        if meta {
            *on_meta.entry(product.category.as_str()).or_default() += 1;
        }
    }
    for category in &catalog.categories {
        let Some(&n) = on_meta.get(category.key.as_str()) else {
            continue;
        };
        if !risky_on_meta(category) {
            continue;
        }
        let key = category.key.as_str();
        let (path, pos) = source.catalog.at(&[Seg::Key("categories"), Seg::Key(key)]);
        let path = match path {
            p if p.as_os_str().is_empty() => source.root.join("catalog.yaml"),
            p => p,
        };
        diags.push(
            Diagnostic::warning(
                path,
                pos,
                text!(
                    en: "{n} product(s) of category `{key}` go into the WhatsApp/Facebook catalog (feeds/meta.csv): Meta's commerce policies often reject jamu and herbal remedies, which read as medicine",
                    id: "{n} produk kategori `{key}` masuk katalog WhatsApp/Facebook (feeds/meta.csv): aturan jualan Meta sering menolak jamu dan ramuan herbal, yang dianggap obat"
                ),
            )
            .help(text!(
                en: "if Meta rejects them, leave the category out of its feed with `feeds: {{ meta: {{ leave_out: [{key}] }} }}` in catalog.yaml (Google's feed keeps them); `feeds: false` in a product leaves out one",
                id: "kalau Meta menolaknya, keluarkan kategori ini dari feed-nya dengan `feeds: {{ meta: {{ leave_out: [{key}] }} }}` di catalog.yaml (feed Google tetap memuatnya); `feeds: false` di satu produk mengeluarkan produk itu saja"
            )),
        );
    }
    diags
}

/// The warning, at the product's file, for a product a platform would refuse (what
/// [`refused`] says for Meta and for Google).
fn refusal_warning(
    src: &crate::catalog::load::ProductSource,
    meta: Option<Refused>,
    google: Option<Refused>,
) -> Option<Diagnostic> {
    let doc = &src.doc;
    let meta_long = matches!(meta, Some(Refused::LongId(..)));
    let google_long = matches!(google, Some(Refused::LongId(..)));
    let warning = match (meta, google) {
        (Some(Refused::LongId(id, n)), None) | (_, Some(Refused::LongId(id, n))) => {
            let (path, pos) = doc.at(&[Seg::Key("id")]);
            let message = match (meta_long, google_long) {
                (false, _) => text!(
                    en: "the product's id in the product feeds, `{id}`, is {n} characters long: Google takes at most {GOOGLE_ID_MAX}, so the product is left out of Google's feed (feeds/google.xml)",
                    id: "kode produk ini di feed produk, `{id}`, panjangnya {n} karakter: Google menerima paling banyak {GOOGLE_ID_MAX}, jadi produk ini tidak dimasukkan ke feed Google (feeds/google.xml)"
                ),
                (true, true) => text!(
                    en: "the product's id in the product feeds, `{id}`, is {n} characters long: Google takes at most {GOOGLE_ID_MAX} and Meta {META_ID_MAX}, so the product is left out of both feeds (feeds/)",
                    id: "kode produk ini di feed produk, `{id}`, panjangnya {n} karakter: Google menerima paling banyak {GOOGLE_ID_MAX} dan Meta {META_ID_MAX}, jadi produk ini tidak dimasukkan ke kedua feed (feeds/)"
                ),
                (true, false) => text!(
                    en: "the product's id in the product feeds, `{id}`, is {n} characters long: Meta takes at most {META_ID_MAX}, so the product is left out of the WhatsApp/Facebook catalog (feeds/meta.csv)",
                    id: "kode produk ini di feed produk, `{id}`, panjangnya {n} karakter: Meta menerima paling banyak {META_ID_MAX}, jadi produk ini tidak dimasukkan ke katalog WhatsApp/Facebook (feeds/meta.csv)"
                ),
            };
            Diagnostic::warning(path, pos, message).help(text!(
                en: "write a short id in product.yaml, like `id: KP-01`: it stays the same when the folder is renamed",
                id: "tulis kode pendek di product.yaml, seperti `id: KP-01`: kode ini tetap sama walau foldernya diganti nama"
            ))
        }
        // A day written but not read has its own error.
        (_, Some(Refused::NoShipDate)) if doc.raw.available_from.is_some() => return None,
        (_, Some(Refused::NoShipDate)) => {
            let (path, pos) = doc.at(&[Seg::Key("availability")]);
            Diagnostic::warning(
                path,
                pos,
                text!(
                    en: "a pre-order needs the day its orders ship for Google's catalog (feeds/google.xml), which refuses a pre-order without one: the product is left out of Google's feed",
                    id: "produk pre-order perlu tanggal pesanan mulai dikirim untuk katalog Google (feeds/google.xml), yang menolak pre-order tanpa tanggal: produk ini tidak dimasukkan ke feed Google"
                ),
            )
            .help(text!(
                en: "add a line like `available_from: 2027-08-17` (the day the orders ship); the WhatsApp/Facebook catalog has the product either way",
                id: "tambahkan baris seperti `available_from: 2027-08-17` (tanggal pesanan mulai dikirim); katalog WhatsApp/Facebook tetap memuat produk ini"
            ))
        }
        (_, Some(Refused::ShipDatePassed(date))) => {
            let (path, pos) = doc.at(&[Seg::Key("available_from")]);
            Diagnostic::warning(
                path,
                pos,
                text!(
                    en: "available_from {date} is not ahead: Google refuses a pre-order whose date has come, so the product is left out of Google's feed (feeds/google.xml)",
                    id: "available_from {date} sudah lewat atau hari ini: Google menolak pre-order yang tanggalnya sudah tiba, jadi produk ini tidak dimasukkan ke feed Google (feeds/google.xml)"
                ),
            )
            .help(text!(
                en: "write the next day the orders ship, or `availability: tersedia` once the product is ready",
                id: "tulis tanggal pengiriman berikutnya, atau `availability: tersedia` kalau produknya sudah siap"
            ))
        }
        (_, Some(Refused::ShipDateFar(date))) => {
            let (path, pos) = doc.at(&[Seg::Key("available_from")]);
            Diagnostic::warning(
                path,
                pos,
                text!(
                    en: "available_from {date} is more than a year ahead: Google takes a pre-order's date at most a year ahead, so the product is left out of Google's feed (feeds/google.xml)",
                    id: "available_from {date} lebih dari setahun lagi: Google hanya menerima tanggal pre-order paling lama setahun ke depan, jadi produk ini tidak dimasukkan ke feed Google (feeds/google.xml)"
                ),
            )
            .help(text!(
                en: "write the day the orders ship, within the coming year",
                id: "tulis tanggal pesanan mulai dikirim, dalam setahun ke depan"
            ))
        }
        _ => return None,
    };
    Some(warning)
}

/// Whether `product.yaml` writes a price (for the product or a variant).
fn price_written(src: &crate::catalog::load::ProductSource) -> bool {
    let raw = &src.doc.raw;
    raw.price.is_some() || raw.variants.iter().flatten().any(|v| v.price.is_some())
}

/// The file a product's description is written in: its `index.md`, else its first.
fn description_file(src: &crate::catalog::load::ProductSource) -> PathBuf {
    let md = src.dir.join("index.md");
    match md.is_file() {
        true => md,
        false => src.doc.at(&[]).0,
    }
}
