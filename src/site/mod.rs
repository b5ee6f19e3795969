//! The site: what pages exist and what each is given ([`plan()`], with the types of
//! [`mod@plan`]), and everything made
//! beside them from the catalog — link previews and structured data ([`seo`]), the
//! search index ([`search`]), the sitemap and feed ([`feed`]), the product feeds for
//! Meta's and Google's catalogs ([`product_feeds`]), the offline app
//! ([`offline`], [`icons`]), the printed catalog ([`print`]), the files static hosts
//! read ([`static_hosts`]) — then rendered with the [`theme`]'s templates ([`render`],
//! [`markdown`]).

pub mod assets;
pub mod check;
pub mod feed;
pub mod icons;
pub mod markdown;
pub mod offline;
pub mod plan;
pub mod print;
pub mod product_feeds;
pub mod render;
pub mod search;
pub mod seo;
pub mod static_hosts;
pub mod theme;
pub mod write;

use crate::catalog::model::Catalog;
use plan::{Inputs, Site};

/// Plans the whole site.
pub fn plan<'a>(catalog: &'a Catalog, inputs: &Inputs<'a>) -> Site<'a> {
    let mut site = plan::pages::plan(catalog, inputs);
    seo::plan(&mut site, catalog, inputs.photos, inputs.words);
    site.pages
        .extend(print::pages(catalog, inputs).into_iter().flatten());
    site
}
