//! A village: its `village.yaml` (and `index.md` story), then its products, checked on
//! every core and reported in product order.

use super::Context;
use super::fields::{optional_text, required_text, translated, whatsapp_number};
use super::order::Fallback;
use super::photos::photo_refs;
use super::placeholders::{self, Example};
use super::product::resolve_product;
use crate::catalog::load::VillageSource;
use crate::catalog::model::Village;
use crate::catalog::yaml::Seg;
use crate::diag::Diagnostics;
use rayon::prelude::*;

pub(super) fn resolve_village(
    ctx: &Context<'_>,
    v: &VillageSource,
    catalog_whatsapp: Option<&str>,
    diags: &mut Diagnostics,
) -> Village {
    let raw = &v.doc.raw;
    // A file that did not parse has had its problem reported; checking the rules on
    // the empty values left would only add false errors.
    let mut rules = Diagnostics::new();
    let name = required_text(
        &v.doc,
        "name",
        raw.name.as_ref(),
        "name: Dukuhdempok",
        &mut rules,
    );
    let whatsapp = raw.whatsapp.as_ref().and_then(|w| {
        whatsapp_number(
            &v.doc,
            &[Seg::Key("whatsapp")],
            w,
            ctx.placeholders,
            &mut rules,
        )
    });
    placeholders::entry(
        &v.doc,
        Example::Village,
        &v.slug,
        &name,
        ctx.placeholders,
        &mut rules,
    );
    let photos = photo_refs(
        ctx.root,
        &v.doc,
        &v.dir,
        raw.photos.as_deref(),
        &v.images,
        &mut rules,
    );
    if v.doc.parsed {
        diags.extend(rules);
    }
    // Products are checked on every core (a village may hold thousands), their
    // diagnostics then kept in product order.
    let checked: Vec<_> = v
        .products
        .par_iter()
        .with_max_len(32)
        .map(|p| {
            let mut rules = Diagnostics::new();
            // A number may stand in a catalog.yaml or village.yaml that did not parse, or
            // be written so that it could not be read: its problem is reported, not a
            // product without a way to order.
            let fallback = match whatsapp.as_deref().or(catalog_whatsapp) {
                Some(number) => Fallback::Number(number),
                None if ctx.catalog_number_unknown || !v.doc.parsed || raw.whatsapp.is_some() => {
                    Fallback::Unknown
                }
                None => Fallback::None,
            };
            let product = resolve_product(ctx, p, fallback, &mut rules);
            (p.doc.parsed, product, rules)
        })
        .collect();
    let products = checked
        .into_iter()
        .filter_map(|(parsed, product, rules)| {
            if parsed {
                diags.extend(rules);
                Some(product)
            } else {
                None
            }
        })
        .collect();
    Village {
        slug: v.slug.clone(),
        name,
        district: optional_text(raw.district.as_deref()),
        regency: optional_text(raw.regency.as_deref()),
        province: optional_text(raw.province.as_deref()),
        group: optional_text(raw.group.as_deref()),
        whatsapp,
        story: translated(&v.translations, &ctx.catalog.site_lang, &v.story),
        photos,
        products,
    }
}
