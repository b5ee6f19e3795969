//! The views: what a template is given of a product, a village, a category, a photo,
//! made from the checked catalog. The printed catalog, the link previews and the feed
//! use the same functions, so a price or an order message reads the same everywhere.

use crate::catalog::model::*;
use crate::catalog::values::links::whatsapp_link;
use crate::catalog::values::price::format_rupiah;
use crate::photos::Processed;
use crate::site::theme::Words;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Serialize, Debug, Clone)]
pub struct Link {
    pub name: String,
    pub href: String,
}

/// The header's menu (`nav`): every village (the first
/// [`FRONT_PAGE_VILLAGES`](super::pages::FRONT_PAGE_VILLAGES) of a catalog of more, and
/// a link to the list of all), and every category that has products.
#[derive(Serialize, Debug, Clone)]
pub struct Nav {
    pub villages: Vec<Link>,
    pub categories: Vec<CategoryView>,
    /// The list of every village (`semua-desa/`), when `villages` holds only the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_villages: Option<AllVillages>,
}

/// The link to the list of every village, and how many there are.
#[derive(Serialize, Debug, Clone)]
pub struct AllVillages {
    pub href: String,
    pub count: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct CategoryView {
    pub key: String,
    pub name: String,
    pub href: String,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct Source {
    pub src: String,
    pub w: u32,
}

#[derive(Serialize, Clone)]
pub struct Picture {
    pub alt: String,
    pub width: u32,
    pub height: u32,
    pub src: String,
    pub webp: Vec<Source>,
    pub jpeg: Vec<Source>,
}

#[derive(Serialize, Clone)]
pub struct AvailabilityView {
    pub key: &'static str,
    pub label: String,
}

#[derive(Serialize, Clone)]
pub struct Card {
    pub name: String,
    pub href: String,
    pub price: String,
    pub price_from: bool,
    pub unit: String,
    pub availability: AvailabilityView,
    pub village: String,
    pub photo: Option<Picture>,
}

#[derive(Serialize)]
pub struct VillageView<'a> {
    pub name: &'a str,
    pub href: String,
    pub district: &'a Option<String>,
    pub regency: &'a Option<String>,
    pub province: &'a Option<String>,
    pub location: String,
    pub group: &'a Option<String>,
    pub whatsapp_href: String,
    pub story_html: String,
    pub photos: &'a [Picture],
    pub count: usize,
    pub photo: Option<&'a Picture>,
}

#[derive(Serialize)]
pub struct ProductView<'a> {
    pub name: &'a str,
    pub href: String,
    pub category: Option<CategoryRef<'a>>,
    pub village: VillageRef<'a>,
    pub price: String,
    pub price_from: bool,
    pub unit: &'a str,
    pub availability: AvailabilityView,
    /// A pre-order's `available_from:` in words (`17 Agustus 2027`), while it is ahead.
    pub ships_from: Option<String>,
    pub maker: &'a Option<String>,
    pub tags: &'a [String],
    pub variants: Vec<VariantView>,
    pub labels: Vec<LabelView<'a>>,
    pub description_html: String,
    pub photos: Vec<Picture>,
    pub order: OrderView,
    pub cart: String,
}

#[derive(Serialize)]
pub struct CategoryRef<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct VillageRef<'a> {
    pub name: &'a str,
    pub href: String,
    pub location: String,
    pub group: &'a Option<String>,
}

#[derive(Serialize)]
pub struct VariantView {
    pub name: String,
    pub price: String,
}

#[derive(Serialize)]
pub struct LabelView<'a> {
    pub kind: &'static str,
    pub label: String,
    pub number: &'a str,
}

#[derive(Serialize)]
pub struct OrderView {
    pub whatsapp: Vec<WhatsappLink>,
    pub marketplaces: Vec<MarketplaceLink>,
}

#[derive(Serialize)]
pub struct WhatsappLink {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub href: String,
}

#[derive(Serialize)]
pub struct MarketplaceLink {
    pub platform: &'static str,
    pub label: String,
    pub name: &'static str,
    pub href: String,
}

/// A view as a Tera value.
pub fn tv<T: Serialize + ?Sized>(view: &T) -> tera::Value {
    tera::Value::from_serializable(view)
}

pub fn availability(a: Availability, words: &Words) -> AvailabilityView {
    let word = |k: &str| words.get(k).to_string();
    let key = a.key();
    AvailabilityView {
        key,
        label: word(&format!("availability_{}", key.replace('-', "_"))),
    }
}

/// A product's price as its card and page show it: the lowest, and whether variants'
/// prices differ (the template writes "from" before it). Empty when the price is asked.
pub fn price(product: &Product) -> (String, bool) {
    match product.price_range() {
        Some((p, varies)) => (format_rupiah(p), varies),
        None => (String::new(), false),
    }
}

/// A product's price as one line of text, for a shared link's description and the
/// feed: "Mulai Rp12.000" when variants' prices differ, "Harga tanya" when there is none.
pub fn price_line(product: &Product, words: &Words) -> String {
    match product.price_range() {
        Some((p, true)) => format!("{} {}", words.get("from"), format_rupiah(p)),
        Some((p, false)) => format_rupiah(p),
        None => words.get("price_on_request").to_string(),
    }
}

/// Each variant with its price (the product's when it has none of its own).
pub fn variants(product: &Product) -> Vec<VariantView> {
    product
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
        .collect()
}

/// The product's registration numbers (P-IRT, halal, BPOM), each with its label.
pub fn labels<'a>(product: &'a Product, words: &Words) -> Vec<LabelView<'a>> {
    [
        ("pirt", &product.labels.pirt),
        ("halal", &product.labels.halal),
        ("bpom", &product.labels.bpom),
    ]
    .into_iter()
    .filter_map(|(kind, number)| {
        Some(LabelView {
            kind,
            label: words.get(&format!("label_{kind}")).to_string(),
            number: number.as_deref()?,
        })
    })
    .collect()
}

pub fn card(
    product: &Product,
    village: &Village,
    pdir: &str,
    photo: Option<Picture>,
    words: &Words,
) -> Card {
    let (price, price_from) = price(product);
    Card {
        name: product.name.clone(),
        href: format!("{pdir}/"),
        price,
        price_from,
        unit: product.unit.clone().unwrap_or_default(),
        availability: availability(product.availability, words),
        village: village.name.clone(),
        photo,
    }
}

pub fn product_view(
    catalog: &Catalog,
    village: &Village,
    product: &Product,
    pdir: &str,
    photos: Vec<Picture>,
    description_html: String,
    words: &Words,
) -> tera::Value {
    let word = |k: &str| words.get(k).to_string();
    let category = catalog
        .categories
        .iter()
        .find(|c| c.key == product.category);
    let (price, price_from) = price(product);
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
                        &order_message(product, None, page_url.as_deref(), words),
                    ),
                });
            } else {
                for v in &product.variants {
                    links.push(WhatsappLink {
                        label: format!("{} {}", word("order_whatsapp"), v.name),
                        variant: Some(v.name.clone()),
                        href: whatsapp_link(
                            number,
                            &order_message(product, Some(v), page_url.as_deref(), words),
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
        availability: availability(product.availability, words),
        ships_from: ships_from(product, words),
        maker: &product.maker,
        tags: &product.tags,
        variants: variants(product),
        labels: labels(product, words),
        description_html,
        photos,
        order: OrderView {
            whatsapp,
            marketplaces,
        },
        cart: cart_item(village, product, pdir),
    })
}

/// The day a pre-order ships, in the site's words (`months`: the twelve names, comma
/// separated), when it is `available_from:` a day still ahead: a day past says
/// nothing to a buyer any more.
fn ships_from(product: &Product, words: &Words) -> Option<String> {
    let day = product.available_from?;
    if product.availability != crate::catalog::model::Availability::PreOrder
        || day <= crate::catalog::dates::today()
    {
        return None;
    }
    let month = words
        .get("months")
        .split(',')
        .nth(usize::try_from(day.month()).ok()?.checked_sub(1)?)
        .map(str::trim)
        .filter(|m| !m.is_empty())?
        .to_string();
    Some(format!("{} {month} {}", day.day(), day.year()))
}

/// What the cart script needs to add a product, as JSON for a `data-item` attribute;
/// empty when the product cannot be ordered through the cart (no WhatsApp number, or
/// sold out). Items are grouped by `seller`, the WhatsApp number.
pub fn cart_item(village: &Village, product: &Product, pdir: &str) -> String {
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
pub fn seller_name(village: &Village, product: &Product, number: &str) -> String {
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
    words: &Words,
) -> String {
    let word = |k: &str| words.get(k).to_string();
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
pub fn picture(
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

#[cfg(test)]
mod tests {
    use super::rendition_base;
    use crate::catalog::model::PhotoRef;
    use crate::diag::Pos;
    use crate::output::paths::{ADDED_TO_NAMES, MAX_NAME_BYTES, MAX_SLUG_BYTES};
    use crate::photos::Processed;
    use std::path::PathBuf;

    /// The bound on slugs holds for the longest web image name made from one: the
    /// longest stem, the widest width, the longer extension, and room left for a
    /// temporary suffix.
    #[test]
    fn the_longest_web_image_name_fits_a_file_name() {
        let photo = PhotoRef {
            source: PathBuf::from("foto.jpg"),
            stem: "a".repeat(MAX_SLUG_BYTES),
            origin: (PathBuf::from("foto.jpg"), Pos::START),
        };
        let processed = Processed {
            hash: "f".repeat(64),
            key: "f".repeat(32),
            width: 4096,
            height: 4096,
            renditions: Vec::new(),
            decoded: true,
            preview: None,
        };
        let name = format!(
            "{}.webp",
            rendition_base(&photo, &processed, "desa/produk", 4096)
        );
        let last = name.rsplit('/').next().unwrap();
        assert_eq!(last.len(), MAX_SLUG_BYTES + 19, "{last}");
        assert!(last.len() + (ADDED_TO_NAMES - 19) <= MAX_NAME_BYTES);
    }
}
