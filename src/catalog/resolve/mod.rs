//! From the files as written to the catalog the site is built from: every rule of the
//! catalog format is checked here, and every problem is reported at the line of the
//! value it is about. Nothing here touches the disk beyond asking whether a named photo
//! exists.
//!
//! One file for each part of the catalog, in the order they are resolved:
//! `settings.rs` (`catalog.yaml`: title, language, address, categories, image
//! sizes), `village.rs`, `product.rs` with its `order.rs` links, and the `photos.rs`
//! either names; `fields.rs` holds what they share, a value written in a file turned
//! into a checked one or a diagnostic at its line.

mod fields;
mod order;
mod photos;
mod placeholders;
mod product;
mod settings;
mod village;

// The rules of single values, with the build's messages, for the workshop's forms
// ([`crate::catalog::form`]): one rule, one message, wherever the value was typed.
pub use fields::{missing, price_problem, whatsapp_problem};
pub use order::{link_problem, words_dropped};
pub use product::{
    category_problem, read_added, read_availability, read_available_from, read_in_feeds,
    unnamed_variant,
};

pub use settings::{
    DEFAULT_CATEGORIES, category_key_problem, missing_title, read_base_url, read_language,
};

/// The categories a product of the catalog in `content` may have, as the build resolves
/// them; `None` when `catalog.yaml` cannot be read or does not parse (then they are
/// unknown, and a category is not checked, as in a build).
pub fn categories_of(content: &Path) -> Option<Vec<crate::catalog::model::Category>> {
    let (doc, _) = crate::catalog::load::read_catalog(content).ok()?;
    if !doc.parsed {
        return None;
    }
    Some(resolve_settings(&doc, &mut Diagnostics::new()).categories)
}

use crate::catalog::load::Source;
use crate::catalog::model::Catalog;
use crate::catalog::yaml::Seg;
use crate::diag::Diagnostics;
use fields::whatsapp_number;
use placeholders::Placeholders;
use settings::resolve_settings;
use std::path::Path;
use village::resolve_village;

/// Checks every rule and builds the catalog. The catalog is returned even when there
/// are errors (with the faulty parts left out), so that `check` can go on to the photos
/// and templates and report everything in one run.
pub fn resolve(source: &Source) -> (Catalog, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut catalog = resolve_settings(&source.catalog, &mut diags);
    let placeholders = Placeholders::of(&catalog);
    let catalog_whatsapp = source.catalog.raw.whatsapp.as_ref().and_then(|w| {
        whatsapp_number(
            &source.catalog,
            &[Seg::Key("whatsapp")],
            w,
            placeholders,
            &mut diags,
        )
    });
    let mut villages = Vec::with_capacity(source.villages.len());
    {
        let ctx = Context {
            root: &source.root,
            catalog: &catalog,
            catalog_parsed: source.catalog.parsed,
            catalog_number_unknown: !source.catalog.parsed
                || source.catalog.raw.whatsapp.is_some() && catalog_whatsapp.is_none(),
            placeholders,
        };
        for v in &source.villages {
            villages.push(resolve_village(
                &ctx,
                v,
                catalog_whatsapp.as_deref(),
                &mut diags,
            ));
        }
    }
    let used: std::collections::HashSet<&str> = villages
        .iter()
        .flat_map(|v| &v.products)
        .map(|p| p.category.as_str())
        .collect();
    settings::unused_built_ins_left_out(&source.catalog, &mut catalog.categories, &used);
    catalog.villages = villages;
    (catalog, diags)
}

/// What every village and product is resolved against.
struct Context<'a> {
    /// The content folder: photos must stay inside it.
    root: &'a Path,
    catalog: &'a Catalog,
    /// False when `catalog.yaml` did not parse: its categories are unknown, so a
    /// product's category is not checked against them.
    catalog_parsed: bool,
    /// `catalog.yaml` did not parse, or its `whatsapp:` could not be read: whether
    /// products may fall back on a number is unknown (its problem is reported).
    catalog_number_unknown: bool,
    /// What a placeholder number or example entry is in this catalog.
    placeholders: Placeholders,
}
