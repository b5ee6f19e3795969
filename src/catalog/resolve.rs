//! From the files as written to the catalog the site is built from: every rule of the
//! catalog format is checked here, and every problem is reported at the line of the
//! value it is about. Nothing here touches the disk beyond asking whether a named photo
//! exists.

use crate::catalog::load::{Doc, ProductSource, Source, VillageSource};
use crate::catalog::model::*;
use crate::catalog::schema::{RawCatalog, RawOrder, RawProduct, Scalar};
use crate::catalog::values::language::is_language_code;
use crate::catalog::values::links::{self, Platform};
use crate::catalog::yaml::Seg;
use crate::diag::Lang;
use crate::diag::{Diagnostic, Diagnostics, Pos, Text};
use crate::text;
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// The categories a catalog has when `catalog.yaml` names none.
/// The categories of a catalog that lists none: key, Indonesian name, English name.
pub const DEFAULT_CATEGORIES: &[(&str, &str, &str)] = &[
    ("makanan", "Makanan", "Food"),
    ("minuman", "Minuman", "Drinks"),
    ("jamu", "Jamu & Herbal", "Jamu & Herbal Drinks"),
    ("tekstil", "Tekstil & Batik", "Textiles & Batik"),
    ("kerajinan", "Kerajinan Tangan", "Handicrafts"),
    ("lainnya", "Lainnya", "Other"),
];

/// Checks every rule and builds the catalog. The catalog is returned even when there
/// are errors (with the faulty parts left out), so that `check` can go on to the photos
/// and templates and report everything in one run.
pub fn resolve(source: &Source) -> (Catalog, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut catalog = resolve_catalog(&source.catalog, &mut diags);
    let catalog_whatsapp = source
        .catalog
        .raw
        .whatsapp
        .as_ref()
        .and_then(|w| phone(&source.catalog, &[Seg::Key("whatsapp")], w, &mut diags));
    let mut villages = Vec::with_capacity(source.villages.len());
    {
        let ctx = Context {
            root: &source.root,
            catalog: &catalog,
            catalog_parsed: source.catalog.parsed,
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
    catalog.villages = villages;
    (catalog, diags)
}

fn resolve_catalog(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> Catalog {
    let raw = &doc.raw;
    let title = match &raw.title {
        Some(t) if !t.as_text().trim().is_empty() => t.as_text().trim().to_string(),
        _ => {
            if !doc.files.is_empty() {
                let (path, pos) = doc.at(&[Seg::Key("title")]);
                diags.push(
                    Diagnostic::error(path, pos, text!(en: "catalog.yaml has no `title`", id: "catalog.yaml belum punya `title`"))
                        .help(text!(en: "add a line like `title: Katalog Produk Desa Kami`", id: "tambahkan baris seperti `title: Katalog Produk Desa Kami`")),
                );
            }
            String::new()
        }
    };
    // Any language code goes: its interface words must exist in the theme, which the
    // build checks (`i18n/<code>.yaml`; id and en are built in).
    let site_lang = match raw.language.as_deref().map(str::trim) {
        None => "id".to_string(),
        Some(code) if is_language_code(code) => code.to_string(),
        Some(other) => {
            let (path, pos) = doc.at(&[Seg::Key("language")]);
            diags.push(
                Diagnostic::error(
                    path,
                    pos,
                    text!(en: "language must be a language code like id or en; found {other:?}", id: "language harus kode bahasa seperti id atau en; yang tertulis {other:?}"),
                )
                .help(text!(en: "write `language: id` for Bahasa Indonesia or `language: en` for English", id: "tulis `language: id` untuk Bahasa Indonesia atau `language: en` untuk bahasa Inggris")),
            );
            "id".to_string()
        }
    };
    let lang = Lang::for_site(&site_lang);
    let base_url = raw.base_url.as_deref().and_then(|u| {
        let u = u.trim();
        match url::Url::parse(u) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
                let mut s = url.to_string();
                if !s.ends_with('/') {
                    s.push('/');
                }
                Some(s)
            }
            _ => {
                let (path, pos) = doc.at(&[Seg::Key("base_url")]);
                diags.push(
                    Diagnostic::error(
                        path,
                        pos,
                        text!(en: "base_url must be a full web address; found {u:?}", id: "base_url harus alamat web lengkap; yang tertulis {u:?}"),
                    )
                    .help(text!(en: "write it like `base_url: https://kub-melati.github.io/katalog/`", id: "tulis seperti `base_url: https://kub-melati.github.io/katalog/`")),
                );
                None
            }
        }
    });
    let categories = match &raw.categories {
        None => DEFAULT_CATEGORIES
            .iter()
            .map(|(k, id, en)| Category {
                key: k.to_string(),
                name: if lang == Lang::En { en } else { id }.to_string(),
            })
            .collect(),
        Some(map) => {
            let mut out = Vec::new();
            for (key, name) in map {
                if crate::catalog::values::slug::slugify(key) != *key {
                    let (path, pos) = doc.at(&[Seg::Key("categories"), Seg::Key(key)]);
                    let pos = doc
                        .files
                        .first()
                        .and_then(|f| f.locate(&[Seg::Key("categories"), Seg::Key(key)], true))
                        .unwrap_or(pos);
                    diags.push(
                        Diagnostic::error(path, pos, text!(en: "category key {key:?} is used in web addresses and must be lower-case letters, digits and -", id: "kunci kategori {key:?} dipakai di alamat web dan hanya boleh berisi huruf kecil, angka dan -"))
                            .help({ let slug = crate::catalog::values::slug::slugify(key); text!(en: "write it as `{slug}: {name}`", id: "tulis sebagai `{slug}: {name}`") }),
                    );
                    continue;
                }
                out.push(Category {
                    key: key.clone(),
                    name: name.trim().to_string(),
                });
            }
            out
        }
    };
    let mut images = ImageSettings::default();
    if let Some(im) = &raw.images {
        if let Some(widths) = &im.widths {
            let mut w: Vec<u32> = widths.clone();
            if let Some((i, bad)) = w
                .iter()
                .enumerate()
                .find(|(_, w)| !(16..=4096).contains(*w))
            {
                let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("widths"), Seg::Index(i)]);
                diags.push(
                    Diagnostic::error(
                        path,
                        pos,
                        text!(en: "a photo width must be between 16 and 4096 pixels; found {bad}", id: "lebar foto harus antara 16 dan 4096 piksel; yang tertulis {bad}"),
                    )
                    .help(text!(en: "the usual widths are [320, 640, 1280]", id: "lebar yang biasa dipakai: [320, 640, 1280]")),
                );
            } else if w.is_empty() {
                let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("widths")]);
                diags.push(
                    Diagnostic::error(path, pos, text!(en: "images.widths is empty", id: "images.widths kosong"))
                        .help(text!(en: "write `widths: [320, 640, 1280]`", id: "tulis `widths: [320, 640, 1280]`")),
                );
            } else {
                w.sort_unstable();
                w.dedup();
                images.widths = w;
            }
        }
        if let Some(q) = im.quality {
            if (1..=100).contains(&q) {
                images.quality = q;
            } else {
                let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("quality")]);
                diags.push(
                    Diagnostic::error(
                        path,
                        pos,
                        text!(en: "quality must be between 1 and 100; found {q}", id: "quality harus antara 1 dan 100; yang tertulis {q}"),
                    )
                    .help(text!(en: "75 is a good balance of size and sharpness", id: "75 adalah keseimbangan yang baik antara ukuran dan ketajaman")),
                );
            }
        }
    }
    Catalog {
        title,
        description: raw
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string(),
        lang,
        site_lang,
        base_url,
        categories,
        images,
        villages: Vec::new(),
    }
}

/// What every village and product is resolved against.
struct Context<'a> {
    /// The content folder: photos must stay inside it.
    root: &'a Path,
    catalog: &'a Catalog,
    /// False when `catalog.yaml` did not parse: its categories are unknown, so a
    /// product's category is not checked against them.
    catalog_parsed: bool,
}

fn resolve_village(
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
    let whatsapp = raw
        .whatsapp
        .as_ref()
        .and_then(|w| phone(&v.doc, &[Seg::Key("whatsapp")], w, &mut rules));
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
            let product =
                resolve_product(ctx, p, whatsapp.as_deref().or(catalog_whatsapp), &mut rules);
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
        district: clean(raw.district.as_deref()),
        regency: clean(raw.regency.as_deref()),
        province: clean(raw.province.as_deref()),
        group: clean(raw.group.as_deref()),
        whatsapp,
        story: translated(&v.translations, &ctx.catalog.site_lang, &v.story),
        photos,
        products,
    }
}

fn resolve_product(
    ctx: &Context<'_>,
    p: &ProductSource,
    fallback_whatsapp: Option<&str>,
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
    let name = match raw.name_en.as_ref().and_then(|n| clean(Some(&n.as_text()))) {
        Some(english) if catalog.site_lang == "en" => english,
        _ => name,
    };

    let category = match raw.category.as_deref().map(str::trim) {
        Some(c) if catalog.categories.iter().any(|k| k.key == c) || !catalog_parsed => {
            c.to_string()
        }
        Some(c) => {
            let keys: Vec<&str> = catalog.categories.iter().map(|k| k.key.as_str()).collect();
            let (path, pos) = doc.at(&[Seg::Key("category")]);
            let lower = crate::catalog::values::slug::slugify(c);
            let close = keys
                .iter()
                .find(|k| {
                    **k == lower
                        || catalog
                            .categories
                            .iter()
                            .any(|cat| cat.key == **k && cat.name.eq_ignore_ascii_case(c))
                })
                .or_else(|| {
                    keys.iter()
                        .min_by_key(|k| strsim::levenshtein(&lower, k))
                        .filter(|k| strsim::levenshtein(&lower, k) <= 2)
                });
            let list = keys.join(", ");
            let d = match close {
                Some(k) => Diagnostic::error(
                    path,
                    pos,
                    text!(en: "unknown category {c:?}: did you mean `{k}`?", id: "kategori {c:?} tidak dikenal: maksudnya `{k}`?"),
                )
                .help(text!(en: "the categories are: {list} (see catalog.yaml)", id: "kategorinya: {list} (lihat catalog.yaml)")),
                None => Diagnostic::error(path, pos, text!(en: "unknown category {c:?}", id: "kategori {c:?} tidak dikenal")).help(text!(
                    en: "use one of: {list} (or add it to catalog.yaml under categories:)",
                    id: "pakai salah satu: {list} (atau tambahkan ke catalog.yaml di bawah categories:)"
                )),
            };
            diags.push(d);
            String::new()
        }
        None => {
            let (path, pos) = doc.at(&[Seg::Key("category")]);
            let keys: Vec<&str> = catalog.categories.iter().map(|k| k.key.as_str()).collect();
            diags.push(
                {
                    let list = keys.join(", ");
                    Diagnostic::error(path, pos, text!(en: "the product has no `category`", id: "produk ini belum punya `category`")).help(text!(
                        en: "add a line like `category: makanan`; the categories are: {list}",
                        id: "tambahkan baris seperti `category: makanan`; kategorinya: {list}"
                    ))
                },
            );
            String::new()
        }
    };

    let price = raw
        .price
        .as_ref()
        .and_then(|s| parse_price(doc, &[Seg::Key("price")], s, diags));

    let mut variants = Vec::new();
    for (i, rv) in raw.variants.iter().flatten().enumerate() {
        let vname = match &rv.name {
            Some(n) if !n.as_text().trim().is_empty() => n.as_text().trim().to_string(),
            _ => {
                let (path, pos) = doc.at(&[Seg::Key("variants"), Seg::Index(i)]);
                diags.push(
                    Diagnostic::error(path, pos, { let n = i + 1; text!(en: "variant {n} has no name", id: "pilihan ke-{n} belum punya nama") })
                        .help(text!(en: "write each variant like `- {{ name: 250 ml, price: 12000 }}`", id: "tulis setiap pilihan seperti `- {{ name: 250 ml, price: 12000 }}`")),
                );
                continue;
            }
        };
        let vprice = rv.price.as_ref().and_then(|s| {
            parse_price(
                doc,
                &[Seg::Key("variants"), Seg::Index(i), Seg::Key("price")],
                s,
                diags,
            )
        });
        variants.push(Variant {
            name: vname,
            price: vprice,
        });
    }
    if price.is_none() && raw.price.is_none() && !variants.iter().any(|v| v.price.is_some()) {
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

    let availability = match raw.availability.as_deref().map(|a| a.trim().to_lowercase()) {
        None => Availability::Available,
        Some(a) => match a.as_str() {
            "tersedia" | "ada" | "ready" | "available" => Availability::Available,
            "pre-order" | "preorder" | "pre order" | "po" => Availability::PreOrder,
            "habis" | "sold out" | "sold-out" | "kosong" => Availability::SoldOut,
            other => {
                let (path, pos) = doc.at(&[Seg::Key("availability")]);
                diags.push(
                    Diagnostic::error(path, pos, text!(en: "availability must be tersedia, pre-order or habis; found {other:?}", id: "availability harus tersedia, pre-order atau habis; yang tertulis {other:?}"))
                        .help(text!(en: "write `availability: tersedia`, `availability: pre-order` or `availability: habis`", id: "tulis `availability: tersedia`, `availability: pre-order` atau `availability: habis`")),
                );
                Availability::Available
            }
        },
    };

    let order = resolve_order(doc, raw.order.as_ref(), fallback_whatsapp, diags);
    let labels = raw
        .labels
        .as_ref()
        .map(|l| Labels {
            pirt: l.pirt.as_ref().and_then(|s| clean(Some(&s.as_text()))),
            halal: l.halal.as_ref().and_then(|s| clean(Some(&s.as_text()))),
            bpom: l.bpom.as_ref().and_then(|s| clean(Some(&s.as_text()))),
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
        unit: raw.unit.as_ref().and_then(|u| clean(Some(&u.as_text()))),
        availability,
        variants,
        photos,
        tags: raw
            .tags
            .iter()
            .flatten()
            .filter_map(|t| clean(Some(&t.as_text())))
            .collect(),
        maker: clean(raw.maker.as_deref()),
        order,
        labels,
        description: translated(&p.translations, &catalog.site_lang, &p.description),
        dir: p.dir.clone(),
        added,
        file_times: crate::catalog::model::FileTimes {
            newest: p.modified,
            main: p.main_modified,
        },
    }
}

/// `added: 2026-05-01`: a calendar date, year-month-day.
fn parse_added(
    doc: &Doc<RawProduct>,
    raw: &Scalar,
    diags: &mut Diagnostics,
) -> Option<jiff::civil::Date> {
    let text = raw.as_text();
    let text = text.trim();
    match text.parse::<jiff::civil::Date>() {
        Ok(date) if text.len() == 10 => Some(date),
        _ => {
            let (path, pos) = doc.at(&[Seg::Key("added")]);
            diags.push(
                Diagnostic::error(
                    path,
                    pos,
                    text!(en: "added must be a date, year-month-day like 2026-05-01; found {text:?}", id: "added harus tanggal, tahun-bulan-tanggal seperti 2026-05-01; yang tertulis {text:?}"),
                )
                .help(text!(en: "write the day the product joined the catalog, like `added: 2026-05-01`", id: "tulis tanggal produk masuk katalog, seperti `added: 2026-05-01`")),
            );
            None
        }
    }
}

/// The text in the site's language (`index.en.md`), else the one in `index.md`.
fn translated(translations: &[(String, String)], lang: &str, default: &str) -> String {
    translations
        .iter()
        .find(|(code, _)| code == lang)
        .map_or(default, |(_, text)| text)
        .to_string()
}

fn resolve_order<R>(
    doc: &Doc<R>,
    raw: Option<&RawOrder>,
    fallback_whatsapp: Option<&str>,
    diags: &mut Diagnostics,
) -> Order {
    let mut order = Order::default();
    let empty = RawOrder::default();
    let raw = raw.unwrap_or(&empty);
    order.whatsapp = match &raw.whatsapp {
        Some(w) => phone(doc, &[Seg::Key("order"), Seg::Key("whatsapp")], w, diags),
        None => fallback_whatsapp.map(str::to_string),
    };
    let given = [
        (Platform::Tokopedia, &raw.tokopedia),
        (Platform::Shopee, &raw.shopee),
        (Platform::Lazada, &raw.lazada),
        (Platform::Tiktok, &raw.tiktok),
        (Platform::Bukalapak, &raw.bukalapak),
        (Platform::Blibli, &raw.blibli),
        (Platform::Instagram, &raw.instagram),
        (Platform::Facebook, &raw.facebook),
        (Platform::Website, &raw.website),
    ];
    let mut any_given = raw.whatsapp.is_some();
    for (platform, link) in given {
        let Some(link) = link else { continue };
        any_given = true;
        let at = [Seg::Key("order"), Seg::Key(platform.key())];
        match links::check_link(platform, link) {
            Ok(url) => {
                if platform == Platform::Bukalapak {
                    let (path, pos) = doc.at(&at);
                    diags.push(
                        Diagnostic::warning(path, pos, text!(en: "Bukalapak no longer sells physical goods (since February 2025): buyers cannot order here", id: "Bukalapak tidak lagi menjual barang fisik (sejak Februari 2025): pembeli tidak bisa memesan di sana"))
                            .help(text!(en: "remove the bukalapak: line, or point buyers to another marketplace", id: "hapus baris bukalapak:, atau arahkan pembeli ke marketplace lain")),
                    );
                }
                order.marketplaces.push((platform, url));
            }
            Err(e) => {
                let (path, pos) = doc.at(&at);
                let key = platform.key();
                let reason = e.text();
                let (reason_en, reason_id) = (&reason.en, &reason.id);
                let message = match &e {
                    links::LinkError::WrongHost { .. } => {
                        let hosts_en = platform.domains().join(" or ");
                        let hosts_id = platform.domains().join(" atau ");
                        text!(
                            en: "a {key} link must be on {hosts_en}; {reason_en}",
                            id: "tautan {key} harus ke {hosts_id}; {reason_id}"
                        )
                    }
                    _ => {
                        text!(en: "{key}: {reason_en}; found {link:?}", id: "{key}: {reason_id}; yang tertulis {link:?}")
                    }
                };
                let example = platform.example();
                let name = platform.display_name();
                let help = match platform {
                    Platform::Website => text!(
                        en: "write the full address, like {example}",
                        id: "tulis alamat lengkapnya, misalnya {example}"
                    ),
                    _ => text!(
                        en: "copy the link from the {name} app or site, like {example}",
                        id: "salin tautan dari aplikasi atau situs {name}, misalnya {example}"
                    ),
                };
                diags.push(Diagnostic::error(path, pos, message).help(help));
            }
        }
    }
    if order.whatsapp.is_none() && order.marketplaces.is_empty() && !any_given {
        let (path, pos) = doc.at(&[Seg::Key("order")]);
        diags.push(
            Diagnostic::error(path, pos, text!(en: "buyers have no way to order this product", id: "pembeli tidak punya cara untuk memesan produk ini"))
                .help(text!(en: "add `order:` with `whatsapp: \"0812-0000-1234\"` or a marketplace link, or a `whatsapp:` number in village.yaml or catalog.yaml", id: "tambahkan `order:` berisi `whatsapp: \"0812-0000-1234\"` atau tautan marketplace, atau nomor `whatsapp:` di village.yaml atau catalog.yaml")),
        );
    }
    order
}

/// A WhatsApp number, normalised, or a diagnostic at its line.
fn phone<R>(
    doc: &Doc<R>,
    at: &[Seg<'_>],
    value: &Scalar,
    diags: &mut Diagnostics,
) -> Option<String> {
    match crate::catalog::values::phone::normalise(&value.as_text()) {
        Ok(n) => Some(n),
        Err(e) => {
            let (path, pos) = doc.at(at);
            diags.push(
                Diagnostic::error(path, pos, {
                    let reason = e.text();
                    let (reason_en, reason_id, found) = (&reason.en, &reason.id, value.as_text());
                    text!(en: "{reason_en}; found {found:?}", id: "{reason_id}; yang tertulis {found:?}")
                })
                    .help(if value.as_text().contains(['\u{201c}', '\u{201d}']) {
                        text!(
                            en: "the quotes are curly (“ ”), as word processors write them: type straight quotes \" in a plain text editor",
                            id: "tanda kutipnya melengkung (“ ”), seperti buatan pengolah kata: ketik tanda kutip lurus \" di editor teks biasa"
                        )
                    } else {
                        text!(en: "write the number in quotes, like whatsapp: \"0812-0000-1234\"", id: "tulis nomornya dengan tanda kutip, misalnya whatsapp: \"0812-0000-1234\"")
                    }),
            );
            None
        }
    }
}

/// A price in rupiah, or a diagnostic at its line.
fn parse_price<R>(
    doc: &Doc<R>,
    at: &[Seg<'_>],
    value: &Scalar,
    diags: &mut Diagnostics,
) -> Option<u64> {
    // Where the value stands is only looked up when it is needed: finding it parses
    // the file again, which for every price of thousands of products added up.
    let parsed = match value {
        Scalar::Int(i) => u64::try_from(*i).ok(),
        // `12.500` unquoted is the float 12.5 to YAML but twelve thousand five hundred
        // rupiah to the volunteer who wrote it: read what was written.
        Scalar::Float(_) => {
            let (path, pos) = doc.at(at);
            doc.files
                .iter()
                .find(|f| f.path == path)
                .and_then(|f| {
                    crate::catalog::yaml::raw_scalar_at(
                        &f.text,
                        Pos::new(pos.line - f.line_offset, pos.col),
                    )
                })
                .and_then(crate::catalog::values::price::parse_rupiah)
        }
        Scalar::Text(t) => crate::catalog::values::price::parse_rupiah(t),
        Scalar::Bool(_) => None,
    };
    match parsed {
        Some(p) if p > 0 => Some(p),
        _ => {
            let (path, pos) = doc.at(at);
            diags.push(
                Diagnostic::error(
                    path,
                    pos,
                    {
                        let found = value.as_text();
                        text!(
                            en: "price must be rupiah, like 12000 or \"Rp 12.000\"; found {found:?}",
                            id: "harga harus dalam rupiah, seperti 12000 atau \"Rp 12.000\"; yang tertulis {found:?}"
                        )
                    },
                )
                .help(text!(en: "write the price as a number, like 12000", id: "tulis harga sebagai angka, misalnya 12000")),
            );
            None
        }
    }
}

fn required_text<R>(
    doc: &Doc<R>,
    key: &str,
    value: Option<&Scalar>,
    example: &str,
    diags: &mut Diagnostics,
) -> String {
    match value.map(|v| v.as_text()) {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            let (path, pos) = doc.at(&[Seg::Key(key)]);
            diags.push(
                Diagnostic::error(path, pos, text!(en: "`{key}` is missing", id: "`{key}` belum diisi"))
                    .help(text!(en: "add a line like `{example}`", id: "tambahkan baris seperti `{example}`")),
            );
            String::new()
        }
    }
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The photos of a village or product: those listed in `photos:`, checked, else every
/// image file in the folder by name.
fn photo_refs<R>(
    root: &Path,
    doc: &Doc<R>,
    dir: &Path,
    listed: Option<&[String]>,
    in_folder: &[String],
    diags: &mut Diagnostics,
) -> Vec<PhotoRef> {
    let mut refs: Vec<PhotoRef> = Vec::new();
    match listed {
        None => {
            for name in in_folder {
                let source = dir.join(name);
                refs.push(PhotoRef {
                    stem: String::new(),
                    origin: (source.clone(), Pos::START),
                    source,
                });
            }
        }
        Some(list) => {
            for (i, entry) in list.iter().enumerate() {
                let (path, pos) = doc.at(&[Seg::Key("photos"), Seg::Index(i)]);
                match photo_path(root, dir, entry, in_folder) {
                    Ok(source) => refs.push(PhotoRef {
                        source,
                        stem: String::new(),
                        origin: (path, pos),
                    }),
                    Err((message, help)) => {
                        diags.push(Diagnostic::error(path, pos, message).help(help))
                    }
                }
            }
        }
    }
    // Output names: the file's slug, made unique within the folder.
    let mut used: Vec<String> = Vec::new();
    for r in &mut refs {
        let base = crate::catalog::values::slug::slugify(
            &r.source.file_stem().unwrap_or_default().to_string_lossy(),
        );
        let base = if base.is_empty() {
            "foto".to_string()
        } else {
            base
        };
        let mut stem = base.clone();
        let mut n = 2;
        while used.contains(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        used.push(stem.clone());
        r.stem = stem;
    }
    refs
}

/// Checks one `photos:` entry: inside the folder, an existing photo file.
fn photo_path(
    root: &Path,
    dir: &Path,
    entry: &str,
    in_folder: &[String],
) -> Result<PathBuf, (Text, Text)> {
    let entry = entry.trim().replace('\\', "/");
    if entry.is_empty() {
        return Err((
            text!(en: "a photo name is empty", id: "nama foto kosong"),
            text!(en: "write the file name, like botol.jpg", id: "tulis nama filenya, misalnya botol.jpg"),
        ));
    }
    let rel = Path::new(&entry);
    let leaves = entry.starts_with('/')
        || rel.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        })
        || entry.chars().nth(1) == Some(':');
    if leaves {
        return Err((
            text!(en: "the photo {entry:?} is outside this folder", id: "foto {entry:?} ada di luar folder ini"),
            text!(
                en: "put the photo in this folder and write just its file name, like botol.jpg",
                id: "taruh fotonya di folder ini dan tulis nama filenya saja, misalnya botol.jpg"
            ),
        ));
    }
    if !crate::catalog::load::is_photo_name(&entry) {
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let help = if ext == "heic" || ext == "heif" {
            text!(
                en: "this is an iPhone HEIC photo: save it as JPEG and list the .jpg file",
                id: "ini foto HEIC dari iPhone: simpan sebagai JPEG lalu tulis nama file .jpg-nya"
            )
        } else {
            text!(en: "photos must be .jpg, .jpeg, .png or .webp files", id: "foto harus file .jpg, .jpeg, .png atau .webp")
        };
        return Err((
            text!(en: "{entry:?} is not a JPEG, PNG or WebP photo", id: "{entry:?} bukan foto JPEG, PNG atau WebP"),
            help,
        ));
    }
    let path = dir.join(rel);
    if path.is_file() {
        // A listed photo may be a link; only to a file inside the catalog folder.
        let inside = match (path.canonicalize(), root.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(root),
            _ => false,
        };
        if !inside {
            return Err((
                text!(en: "the photo {entry:?} is a link to a file outside the catalog folder", id: "foto {entry:?} adalah tautan ke file di luar folder katalog"),
                text!(en: "copy the photo into this folder instead of linking to it", id: "salin fotonya ke folder ini, jangan ditautkan"),
            ));
        }
        return Ok(path);
    }
    // Windows and macOS ignore letter case, so volunteers write `dsc_0042.jpg` for
    // `DSC_0042.JPG`: accept it when the match is unambiguous.
    if !entry.contains('/')
        && let [one] = in_folder
            .iter()
            .filter(|n| n.eq_ignore_ascii_case(&entry))
            .collect::<Vec<_>>()[..]
    {
        return Ok(dir.join(one));
    }
    let help = if in_folder.is_empty() {
        text!(en: "copy the photo into this folder, or remove this line", id: "salin fotonya ke folder ini, atau hapus baris ini")
    } else {
        let list = in_folder.join(", ");
        text!(en: "the photos in this folder are: {list}", id: "foto di folder ini: {list}")
    };
    Err((
        text!(en: "photo not found: {entry}", id: "foto tidak ditemukan: {entry}"),
        help,
    ))
}
