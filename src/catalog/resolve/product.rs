//! A product: its `product.yaml` (and `index.md` description), every field checked
//! and reported at its line: name, category, prices and variants, availability, how to
//! order, labels, photos, the date it was added.

use super::Context;
use super::fields::{optional_text, parse_price, required_text, translated};
use super::order::{Fallback, resolve_order};
use super::photos::photo_refs;
use super::placeholders::{self, Example};
use crate::catalog::load::{Doc, ProductSource};
use crate::catalog::model::{Availability, Catalog, Category, Labels, Product, Variant};
use crate::catalog::schema::{RawProduct, Scalar};
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, Text};
use crate::text;

/// One product, every field checked; the product is returned whatever was wrong, its
/// faulty fields left empty.
pub(super) fn resolve_product(
    ctx: &Context<'_>,
    p: &ProductSource,
    fallback_whatsapp: Fallback<'_>,
    diags: &mut Diagnostics,
) -> Product {
    let (catalog, catalog_parsed) = (ctx.catalog, ctx.catalog_parsed);
    let doc = &p.doc;
    let raw = &doc.raw;
    let name = required_text(
        doc,
        "name",
        raw.name.as_ref(),
        "name: Jamu Kunyit Asam",
        diags,
    );
    let name = match raw
        .name_en
        .as_ref()
        .and_then(|n| optional_text(Some(n.as_text())))
    {
        Some(english) if catalog.site_lang == "en" => english,
        _ => name,
    };

    placeholders::entry(
        doc,
        Example::Product,
        &p.slug,
        &name,
        ctx.placeholders,
        diags,
    );

    let category = category(doc, catalog, catalog_parsed, diags);

    let price = raw
        .price
        .as_ref()
        .and_then(|s| parse_price(doc, &[Seg::Key("price")], s, diags));

    let variants = variants(doc, diags);
    // A price written but refused has its own error; "no price" would repeat it.
    let variant_price_written = raw.variants.iter().flatten().any(|v| v.price.is_some());
    if price.is_none() && raw.price.is_none() && !variant_price_written {
        let (path, pos) = doc.at(&[Seg::Key("name")]);
        diags.push(
            Diagnostic::warning(
                path,
                pos,
                text!(en: "the product has no price: it is shown as \"Harga via WhatsApp\"", id: "produk ini belum punya harga: ditampilkan sebagai \"Harga via WhatsApp\""),
            )
            .help(text!(en: "add a line like `price: 12000` if the price is fixed", id: "tambahkan baris seperti `price: 12000` kalau harganya tetap")),
        );
    }

    let availability = availability(doc, diags);

    let order = resolve_order(
        doc,
        raw.order.as_ref(),
        fallback_whatsapp,
        ctx.placeholders,
        diags,
    );
    let labels = raw
        .labels
        .as_ref()
        .map(|l| Labels {
            pirt: l
                .pirt
                .as_ref()
                .and_then(|s| optional_text(Some(s.as_text()))),
            halal: l
                .halal
                .as_ref()
                .and_then(|s| optional_text(Some(s.as_text()))),
            bpom: l
                .bpom
                .as_ref()
                .and_then(|s| optional_text(Some(s.as_text()))),
        })
        .unwrap_or_default();

    let photos = photo_refs(
        ctx.root,
        doc,
        &p.dir,
        raw.photos.as_deref(),
        &p.images,
        diags,
    );
    if photos.is_empty() && raw.photos.as_ref().is_none_or(|l| l.is_empty()) {
        // Most products without photos have no `photos:` key at all, and then the
        // warning stands at the file's start: finding that out by parsing the file
        // again cost more than the rest of the checks in a catalog of thousands.
        let (path, pos) = if doc.files.iter().any(|f| f.text.contains("photos")) {
            doc.at(&[Seg::Key("photos")])
        } else {
            doc.at(&[])
        };
        diags.push(
            Diagnostic::warning(path, pos, text!(en: "the product has no photo yet", id: "produk ini belum punya foto")).help(
                text!(en: "copy the product's photos from the phone into this folder (JPG, PNG or WebP)", id: "salin foto produk dari HP ke folder ini (JPG, PNG atau WebP)"),
            ),
        );
    }
    let added = raw.added.as_ref().and_then(|a| parse_added(doc, a, diags));
    Product {
        slug: p.slug.clone(),
        name,
        category,
        price,
        unit: raw
            .unit
            .as_ref()
            .and_then(|u| optional_text(Some(u.as_text()))),
        availability,
        variants,
        photos,
        tags: raw
            .tags
            .iter()
            .flatten()
            .filter_map(|t| optional_text(Some(t.as_text())))
            .collect(),
        maker: optional_text(raw.maker.as_deref()),
        order,
        labels,
        description: translated(&p.translations, &catalog.site_lang, &p.description),
        dir: p.dir.clone(),
        added,
        file_times: crate::catalog::model::FileTimes {
            newest: p.modified,
            main: p.main_modified,
        },
        id: raw
            .id
            .as_ref()
            .and_then(|i| optional_text(Some(i.as_text()))),
        in_feeds: in_feeds(doc, diags),
        available_from: available_from(doc, diags),
    }
}

/// `available_from: 2027-08-17`: the day a pre-order's orders ship.
fn available_from(doc: &Doc<RawProduct>, diags: &mut Diagnostics) -> Option<jiff::civil::Date> {
    match read_available_from(doc.raw.available_from.as_ref()?.as_text()) {
        Ok(date) => Some(date),
        Err((message, help)) => {
            let (path, pos) = doc.at(&[Seg::Key("available_from")]);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            None
        }
    }
}

/// `available_from:` as written: a calendar date, year-month-day, or the build's
/// message and help.
pub fn read_available_from(written: &str) -> Result<jiff::civil::Date, (Text, Text)> {
    let text = written.trim();
    match text.parse::<jiff::civil::Date>() {
        Ok(date) if text.len() == 10 => Ok(date),
        _ => Err((
            text!(en: "available_from must be a date, year-month-day like 2027-08-17; found {text:?}", id: "available_from harus tanggal, tahun-bulan-tanggal seperti 2027-08-17; yang tertulis {text:?}"),
            text!(en: "write the day a pre-order's orders ship, like `available_from: 2027-08-17`", id: "tulis tanggal pesanan pre-order mulai dikirim, seperti `available_from: 2027-08-17`"),
        )),
    }
}

/// `category:`, one of the catalog's (unchecked when `catalog.yaml` did not parse, its
/// categories being unknown); a near miss is named in the message.
fn category(
    doc: &Doc<RawProduct>,
    catalog: &Catalog,
    catalog_parsed: bool,
    diags: &mut Diagnostics,
) -> String {
    let written = doc.raw.category.as_deref().map(str::trim);
    let keys: Vec<&str> = catalog.categories.iter().map(|k| k.key.as_str()).collect();
    let list = keys.join(", ");
    let (path, pos) = match written {
        Some(c) if catalog.categories.iter().any(|k| k.key == c) || !catalog_parsed => {
            return c.to_string();
        }
        _ => doc.at(&[Seg::Key("category")]),
    };
    let d = match written {
        Some(c) => match near_category(c, &catalog.categories) {
            Some(k) => {
                let (message, help) = unknown_category_near(c, k, &list);
                Diagnostic::error(path, pos, message).help(help)
            }
            None => {
                let (message, help) = unknown_category(c, &list);
                Diagnostic::error(path, pos, message).help(help)
            }
        },
        None => {
            let (message, help) = missing_category(&list);
            Diagnostic::error(path, pos, message).help(help)
        }
    };
    diags.push(d);
    String::new()
}

/// The build's message and help for `category:` as written (`None`: not written), or
/// `None` when it is one of `categories`; a near miss is named in the message.
pub fn category_problem(written: Option<&str>, categories: &[Category]) -> Option<(Text, Text)> {
    let list = categories
        .iter()
        .map(|k| k.key.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match written.map(str::trim) {
        Some(c) if categories.iter().any(|k| k.key == c) => None,
        Some(c) => Some(match near_category(c, categories) {
            Some(k) => unknown_category_near(c, k, &list),
            None => unknown_category(c, &list),
        }),
        None => Some(missing_category(&list)),
    }
}

/// The category meant by `c`, not one of `categories`: its key written otherwise, its
/// name, or a key two letters away.
fn near_category<'a>(c: &str, categories: &'a [Category]) -> Option<&'a str> {
    let lower = crate::catalog::values::slug::slugify(c);
    let keys = || categories.iter().map(|k| k.key.as_str());
    keys()
        .find(|k| {
            *k == lower
                || categories
                    .iter()
                    .any(|cat| cat.key == *k && cat.name.eq_ignore_ascii_case(c))
        })
        .or_else(|| {
            keys()
                .min_by_key(|k| strsim::levenshtein(&lower, k))
                .filter(|k| strsim::levenshtein(&lower, k) <= 2)
        })
}

fn unknown_category_near(c: &str, k: &str, list: &str) -> (Text, Text) {
    (
        text!(en: "unknown category {c:?}: did you mean `{k}`?", id: "kategori {c:?} tidak dikenal: maksudnya `{k}`?"),
        text!(en: "the categories are: {list} (see catalog.yaml)", id: "kategorinya: {list} (lihat catalog.yaml)"),
    )
}

fn unknown_category(c: &str, list: &str) -> (Text, Text) {
    (
        text!(en: "unknown category {c:?}", id: "kategori {c:?} tidak dikenal"),
        text!(
            en: "use one of: {list} (or add it to catalog.yaml under categories:)",
            id: "pakai salah satu: {list} (atau tambahkan ke catalog.yaml di bawah categories:)"
        ),
    )
}

fn missing_category(list: &str) -> (Text, Text) {
    (
        text!(en: "the product has no `category`", id: "produk ini belum punya `category`"),
        text!(
            en: "add a line like `category: makanan`; the categories are: {list}",
            id: "tambahkan baris seperti `category: makanan`; kategorinya: {list}"
        ),
    )
}

/// `variants:`, each with a name and perhaps its own price; one without a name is
/// reported and left out. Two with one name (letter case and spaces aside) are one
/// choice to a buyer, and one line in the cart: a warning at the second.
fn variants(doc: &Doc<RawProduct>, diags: &mut Diagnostics) -> Vec<Variant> {
    let mut variants: Vec<Variant> = Vec::new();
    // Each kept variant's number in the file (variants without a name are left out).
    let mut numbers: Vec<usize> = Vec::new();
    let same = |a: &str, b: &str| {
        a.split_whitespace()
            .map(str::to_lowercase)
            .eq(b.split_whitespace().map(str::to_lowercase))
    };
    for (i, rv) in doc.raw.variants.iter().flatten().enumerate() {
        let vname = match &rv.name {
            Some(n) if !n.as_text().trim().is_empty() => n.as_text().trim().to_string(),
            _ => {
                let (path, pos) = doc.at(&[Seg::Key("variants"), Seg::Index(i)]);
                let (message, help) = unnamed_variant(i + 1);
                diags.push(Diagnostic::error(path, pos, message).help(help));
                continue;
            }
        };
        if let Some(first) = variants.iter().position(|v| same(&v.name, &vname)) {
            let (path, pos) = doc.at(&[Seg::Key("variants"), Seg::Index(i), Seg::Key("name")]);
            let (n, first) = (i + 1, numbers[first]);
            diags.push(
                Diagnostic::warning(
                    path,
                    pos,
                    text!(
                        en: "variant {n} has the same name as variant {first}, {vname:?}: buyers cannot tell them apart, and the cart counts them as one",
                        id: "pilihan ke-{n} namanya sama dengan pilihan ke-{first}, {vname:?}: pembeli tidak bisa membedakannya, dan keranjang menghitungnya sebagai satu"
                    ),
                )
                .help(text!(
                    en: "give each variant a name of its own, like \"250 ml\" and \"1 liter\", or delete one of the two",
                    id: "beri setiap pilihan nama sendiri, seperti \"250 ml\" dan \"1 liter\", atau hapus salah satunya"
                )),
            );
        }
        let vprice = rv.price.as_ref().and_then(|s| {
            parse_price(
                doc,
                &[Seg::Key("variants"), Seg::Index(i), Seg::Key("price")],
                s,
                diags,
            )
        });
        numbers.push(i + 1);
        variants.push(Variant {
            name: vname,
            price: vprice,
        });
    }
    variants
}

/// The build's message and help for the `n`th variant (from 1) without a name.
pub fn unnamed_variant(n: usize) -> (Text, Text) {
    (
        text!(en: "variant {n} has no name", id: "pilihan ke-{n} belum punya nama"),
        text!(en: "write each variant like `- {{ name: 250 ml, price: 12000 }}`", id: "tulis setiap pilihan seperti `- {{ name: 250 ml, price: 12000 }}`"),
    )
}

/// `availability:`, in any of the words volunteers use for the three states.
fn availability(doc: &Doc<RawProduct>, diags: &mut Diagnostics) -> Availability {
    match doc.raw.availability.as_deref().map(read_availability) {
        None => Availability::Available,
        Some(Ok(a)) => a,
        Some(Err((message, help))) => {
            let (path, pos) = doc.at(&[Seg::Key("availability")]);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            Availability::Available
        }
    }
}

/// An availability as written, in any of the words volunteers use for the three
/// states, or the build's message and help.
pub fn read_availability(written: &str) -> Result<Availability, (Text, Text)> {
    match written.trim().to_lowercase().as_str() {
        "tersedia" | "ada" | "ready" | "available" => Ok(Availability::Available),
        "pre-order" | "preorder" | "pre order" | "po" => Ok(Availability::PreOrder),
        "habis" | "sold out" | "sold-out" | "kosong" => Ok(Availability::SoldOut),
        other => Err((
            text!(en: "availability must be tersedia, pre-order or habis; found {other:?}", id: "availability harus tersedia, pre-order atau habis; yang tertulis {other:?}"),
            text!(en: "write `availability: tersedia`, `availability: pre-order` or `availability: habis`", id: "tulis `availability: tersedia`, `availability: pre-order` atau `availability: habis`"),
        )),
    }
}

/// `feeds:` in `product.yaml`: `false` leaves the product out of every product feed.
fn in_feeds(doc: &Doc<RawProduct>, diags: &mut Diagnostics) -> bool {
    match doc.raw.feeds.as_ref().map(|f| read_in_feeds(f.as_text())) {
        None => true,
        Some(Ok(b)) => b,
        Some(Err((message, help))) => {
            let (path, pos) = doc.at(&[Seg::Key("feeds")]);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            true
        }
    }
}

/// `feeds:` as written: `true` or `false` (`ya`/`tidak` too), or the build's message
/// and help.
pub fn read_in_feeds(written: &str) -> Result<bool, (Text, Text)> {
    match written.trim().to_lowercase().as_str() {
        "true" | "ya" | "yes" => Ok(true),
        "false" | "tidak" | "no" => Ok(false),
        other => Err((
            text!(en: "feeds must be true or false; found {other:?}", id: "feeds harus true atau false; yang tertulis {other:?}"),
            text!(en: "write `feeds: false` to leave the product out of the WhatsApp/Facebook and Google catalogs, or delete the line", id: "tulis `feeds: false` agar produk ini tidak masuk katalog WhatsApp/Facebook dan Google, atau hapus barisnya"),
        )),
    }
}

/// `added: 2026-05-01`: a calendar date, year-month-day.
fn parse_added(
    doc: &Doc<RawProduct>,
    raw: &Scalar,
    diags: &mut Diagnostics,
) -> Option<jiff::civil::Date> {
    match read_added(raw.as_text()) {
        Ok(date) => Some(date),
        Err((message, help)) => {
            let (path, pos) = doc.at(&[Seg::Key("added")]);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            None
        }
    }
}

/// `added:` as written: a calendar date, year-month-day, or the build's message and
/// help.
pub fn read_added(written: &str) -> Result<jiff::civil::Date, (Text, Text)> {
    let text = written.trim();
    match text.parse::<jiff::civil::Date>() {
        Ok(date) if text.len() == 10 => Ok(date),
        _ => Err((
            text!(en: "added must be a date, year-month-day like 2026-05-01; found {text:?}", id: "added harus tanggal, tahun-bulan-tanggal seperti 2026-05-01; yang tertulis {text:?}"),
            text!(en: "write the day the product joined the catalog, like `added: 2026-05-01`", id: "tulis tanggal produk masuk katalog, seperti `added: 2026-05-01`"),
        )),
    }
}
