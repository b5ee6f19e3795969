//! Planning the site: which pages exist at which paths, what each template is given,
//! and which processed photo files go where. Pure: no I/O, so it is cheap to rerun on
//! every save in `serve` and easy to test.
//!
//! The stage is [`crate::site::plan`]: the catalog's pages ([`pages`], from the views
//! of [`views`], with the 404 page that works at any address from
//! [`crate::site::static_hosts`]), their link previews and structured data
//! ([`crate::site::seo`]) and the printed catalog ([`crate::site::print`]), each into
//! typed fields of the [`Site`] defined here; nothing is changed after it by name.

pub mod listing;
pub mod pages;
pub mod views;

use crate::photos::Processed;
use crate::site::assets::Assets;
use crate::site::theme::Words;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

pub use views::{order_message, rendition_base};

/// What the planner needs beyond the catalog.
pub struct Inputs<'a> {
    pub photos: &'a HashMap<PathBuf, Processed>,
    pub words: &'a Words,
    /// The stylesheet, script and search index every page links.
    pub assets: &'a Assets,
}

/// The site to write: pages to render and files to place. It borrows the catalog: a
/// product page's context is made from it only when the page is rendered.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    pub pages: Vec<Page<'a>>,
    /// What every page's template is given alike: kept once here, not copied into each
    /// of thousands of pages; the renderer adds it to every page's context.
    pub shared: Shared<'a>,
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

/// What every page's template is given alike.
#[derive(Serialize, Debug, Clone)]
pub struct Shared<'a> {
    pub site: SiteInfo<'a>,
    /// The stylesheet's path relative to the root (`assets/style.1a2b3c4d.css`).
    pub css: &'a str,
    /// The script's path relative to the root (`assets/app.1a2b3c4d.js`).
    pub js: &'a str,
    /// The search index's path relative to the root (`assets/search.1a2b3c4d.js`).
    pub search_index: &'a str,
    pub manifest: &'static str,
    /// The interface words.
    pub t: &'a Words,
    /// The header's menu: every village and every category that has products.
    pub nav: views::Nav,
    /// The Atom feed's path, when there is one (it needs a `base_url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<&'static str>,
}

/// `site` in every template.
#[derive(Serialize, Debug, Clone)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    /// OpenGraph's `language_TERRITORY`.
    pub locale: String,
    /// Whether the printed catalog (`cetak/`) is made, for the front page's link to it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub print: bool,
    /// `example: true` in `catalog.yaml`: every page says the catalog is an example.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

/// `page` in every page's template: what the page says about itself. The planner
/// fills the first five; [`crate::site::seo`] plans the link preview and JSON-LD.
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
