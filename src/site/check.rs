//! The check stage: what can be known wrong of a catalog once it is read and its photos
//! are processed, beyond the rules of each file (which [`crate::catalog::resolve`]
//! checks as it reads): personal data in descriptions, interface words for the
//! catalog's language, a `base_url` missing where a link preview needs it, a catalog
//! too large to print, what the product feeds' platforms would refuse. `build` and `check` run it alike; it writes nothing.

use crate::catalog::load::Source;
use crate::catalog::model::Catalog;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::theme::Theme;
use crate::text;
use std::path::Path;

/// Every check of the stage. `usable` tells which photos were processed (or, for
/// `check`, read well), `size` their upright sizes.
pub fn check(
    source: &Source,
    catalog: &Catalog,
    theme: &Theme,
    usable: &dyn Fn(&Path) -> bool,
    size: &dyn Fn(&Path) -> Option<(u32, u32)>,
) -> Diagnostics {
    let mut diags = crate::catalog::lint::personal_data::check(source);
    diags.extend(crate::site::product_feeds::check(source, catalog, size));
    let catalog_file = source.root.join("catalog.yaml");
    for d in [
        language_words(source, catalog, theme),
        crate::site::seo::base_url_warning(catalog, source, usable),
        crate::site::print::size_warning(catalog, &catalog_file),
    ]
    .into_iter()
    .flatten()
    {
        diags.push(d);
    }
    diags
}

/// The site's language needs its interface words in the theme (`i18n/<code>.yaml`).
fn language_words(source: &Source, catalog: &Catalog, theme: &Theme) -> Option<Diagnostic> {
    let code = &catalog.site_lang;
    if theme.has_words(code) {
        return None;
    }
    let (path, pos) = source.catalog.at(&[Seg::Key("language")]);
    Some(
        Diagnostic::error(
            path,
            pos,
            text!(en: "there are no interface words for language {code:?}", id: "belum ada kata-kata antarmuka untuk bahasa {code:?}"),
        )
        .help(text!(
            en: "copy the theme's i18n/id.yaml to content/_theme/i18n/{code}.yaml and translate it, or write `language: id`",
            id: "salin i18n/id.yaml dari tema ke content/_theme/i18n/{code}.yaml lalu terjemahkan, atau tulis `language: id`"
        )),
    )
}
