//! The resolved catalog: what the site is built from.
//!
//! Everything here has been checked: prices are rupiah, numbers are normalised, links
//! are on their platform's hosts, slugs are unique, photos exist. The raw files and
//! their problems stay behind in [`crate::catalog::load`] and [`crate::catalog::resolve`].

use crate::catalog::values::links::Platform;
use crate::diag::{Lang, Pos};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Catalog {
    pub title: String,
    pub description: String,
    /// The language of messages: English for an English site, else Indonesian.
    pub lang: Lang,
    /// The site's language code (`language:`), naming its interface words
    /// (`i18n/<code>.yaml`) and its translated texts (`index.<code>.md`).
    pub site_lang: String,
    /// Absolute, ending in `/`, when set.
    pub base_url: Option<String>,
    pub categories: Vec<Category>,
    pub images: ImageSettings,
    /// `example: true`: the catalog shows etalase; its pages say it is an example.
    pub example: bool,
    /// `feeds:`: what the product feeds for Meta and Google leave out.
    pub feeds: FeedSettings,
    pub villages: Vec<Village>,
}

/// `feeds:` in `catalog.yaml`: category keys left out of every product feed, and of
/// each platform's alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedSettings {
    pub leave_out: Vec<String>,
    pub meta_leave_out: Vec<String>,
    pub google_leave_out: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub key: String,
    pub name: String,
}

/// The web image sizes a catalog asks for (`images:` in `catalog.yaml`), which
/// [`crate::photos`] makes. Defined once, here: the catalog format owns the setting and
/// its defaults, and the photos layer, above the catalog, takes it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// Widths in pixels of the web images to make: ascending and without repeats as
    /// resolved; elsewhere (tests, benchmarks) order and repeats don't matter.
    pub widths: Vec<u32>,
    /// Quality for WebP and JPEG, 1 (smallest) to 100 (best).
    pub quality: u8,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![320, 640, 1280],
            quality: 75,
        }
    }
}

impl ImageSettings {
    /// Widths sorted, without zeros or repeats; quality within 1..=100. Two
    /// settings that make the same images normalize to the same value.
    pub fn normalized(&self) -> ImageSettings {
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|&w| w > 0).collect();
        widths.sort_unstable();
        widths.dedup();
        ImageSettings {
            widths,
            quality: self.quality.clamp(1, 100),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Village {
    pub slug: String,
    pub name: String,
    pub district: Option<String>,
    pub regency: Option<String>,
    pub province: Option<String>,
    pub group: Option<String>,
    pub whatsapp: Option<String>,
    /// The story, Markdown.
    pub story: String,
    pub photos: Vec<PhotoRef>,
    pub products: Vec<Product>,
}

impl Village {
    /// "Wuluhan, Jember, Jawa Timur": the parts that are given.
    pub fn location(&self) -> String {
        [&self.district, &self.regency, &self.province]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct Product {
    pub slug: String,
    pub name: String,
    /// A key of the catalog's categories.
    pub category: String,
    pub price: Option<u64>,
    pub unit: Option<String>,
    pub availability: Availability,
    pub variants: Vec<Variant>,
    pub photos: Vec<PhotoRef>,
    pub tags: Vec<String>,
    pub maker: Option<String>,
    pub order: Order,
    pub labels: Labels,
    /// The description, Markdown.
    pub description: String,
    /// The product's folder (for its dates: see [`crate::catalog::dates`]).
    pub dir: PathBuf,
    /// `added:` in `product.yaml`: when the product joined the catalog.
    pub added: Option<jiff::civil::Date>,
    /// The files' times, as the catalog was read (see [`crate::catalog::dates`]).
    pub file_times: FileTimes,
    /// `id:` in `product.yaml`: its id in the product feeds (else its path).
    pub id: Option<String>,
    /// False with `feeds: false`: the product is in no product feed.
    pub in_feeds: bool,
    /// `available_from:` in `product.yaml`: the day a pre-order's orders ship.
    pub available_from: Option<jiff::civil::Date>,
}

/// When a product's files were last changed, as the catalog was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileTimes {
    /// The newest modification time of the folder's files.
    pub newest: Option<std::time::SystemTime>,
    /// The modification time of `product.yaml`, else of `index.md`.
    pub main: Option<std::time::SystemTime>,
}

impl Product {
    /// The lowest price among the product and its variants, and whether the prices
    /// differ (to show "from Rp…").
    pub fn price_range(&self) -> Option<(u64, bool)> {
        let prices: Vec<u64> = self
            .price
            .into_iter()
            .chain(self.variants.iter().filter_map(|v| v.price))
            .collect();
        let min = *prices.iter().min()?;
        let varies = prices.iter().any(|p| *p != min);
        Some((min, varies))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Availability {
    #[default]
    Available,
    PreOrder,
    SoldOut,
}

impl Availability {
    /// The value as written in `product.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Availability::Available => "tersedia",
            Availability::PreOrder => "pre-order",
            Availability::SoldOut => "habis",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub price: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    /// Normalised `62…`; from the product, else its village, else the catalog.
    pub whatsapp: Option<String>,
    pub marketplaces: Vec<(Platform, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pub pirt: Option<String>,
    pub halal: Option<String>,
    pub bpom: Option<String>,
}

/// A photo of a village or product: its file, and where it was named (for errors found
/// when processing it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRef {
    /// The file to read.
    pub source: PathBuf,
    /// Slug of the file name without extension: the base of its output names.
    pub stem: String,
    /// The file named in diagnostics about the photo, and where: the `photos:` entry
    /// when it was listed, else the photo file itself.
    pub origin: (PathBuf, Pos),
}
