//! The catalog's pages: a page for every product, village and category, the front
//! page, search, cart and the offline page, and what every page is given alike.

use super::listing::{Listing, PER_PAGE};
use super::views::{
    AllVillages, CategoryView, Link, Nav, Picture, VillageView, card, picture, product_view, tv,
};
use super::{Inputs, Page, PageContext, PageMeta, Shared, Site, SiteInfo};
use crate::catalog::load::VILLAGES_FOLDER;
use crate::catalog::model::*;
use crate::catalog::values::links::whatsapp_link;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// The search page's one inline script, right after its results' list: when the
/// address asks for something (`?q=…`, a filter: the header's search box lands so), the
/// list keeps a screen's height for the results before the index arrives
/// (`.results.asked` in the stylesheet), so nothing below it moves when they come.
/// Inline, because a script file runs after the first paint may have happened; the
/// app's script keeps the class in step afterwards.
pub const SEARCH_HOLD: &str = "document.currentScript.previousElementSibling.classList.toggle('asked',/[?&][qcvap]=[^&]/.test(location.search))";

/// The most product cards the front page shows: one page of a list. Past this the
/// front page shows a taste of every village, the first product of each, then the
/// second…, and the rest of the catalog in that order on its further pages
/// (`halaman/2/`…); every product is also on its village's and its category's pages,
/// and in search (10,000 cards on one page were 4.7 MB of HTML).
pub const FRONT_PAGE_PRODUCTS: usize = PER_PAGE;

/// The most villages the front page and the header's menu show. Past this they show
/// the first ones and a link to the list of every village ([`VILLAGES_FOLDER`], split
/// into pages of [`PER_PAGE`]): a village's card is about 0.7 KB of HTML, so 24 of them
/// leave room on the front page for a page of products, and a menu of 24 names is as
/// long as a phone's screen is worth scrolling; 500 villages would be 350 KB.
pub const FRONT_PAGE_VILLAGES: usize = 24;

/// `limit` cards taken in turn from each village's list: the first of every village,
/// then the second of every village, and so on.
fn taste_of_every_village(by_village: Vec<Vec<tera::Value>>, limit: usize) -> Vec<tera::Value> {
    let mut lists: Vec<_> = by_village.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(limit);
    while out.len() < limit {
        let before = out.len();
        for list in &mut lists {
            if out.len() == limit {
                break;
            }
            out.extend(list.next());
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// One product's share of the plan, made on any core.
struct Planned<'a> {
    page: Page<'a>,
    card: tera::Value,
    category: String,
    photo_files: Vec<(String, PathBuf)>,
    first_photo: Option<Picture>,
}

/// Plans the catalog's pages (all but the printed catalog and the 404 page).
pub fn plan<'a>(catalog: &'a Catalog, inputs: &Inputs<'a>) -> Site<'a> {
    let words = inputs.words;
    let word = |k: &str| words.get(k).to_string();

    let categories: Vec<CategoryView> = catalog
        .categories
        .iter()
        .map(|c| CategoryView {
            key: c.key.clone(),
            name: c.name.clone(),
            href: format!("kategori/{}/", c.key),
            count: catalog
                .villages
                .iter()
                .flat_map(|v| &v.products)
                .filter(|p| p.category == c.key)
                .count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let many_villages = catalog.villages.len() > FRONT_PAGE_VILLAGES;
    let all_villages = many_villages.then(|| AllVillages {
        href: format!("{VILLAGES_FOLDER}/"),
        count: catalog.villages.len(),
    });
    let nav = Nav {
        villages: catalog
            .villages
            .iter()
            .take(FRONT_PAGE_VILLAGES)
            .map(|v| Link {
                name: v.name.clone(),
                href: format!("{}/", v.slug),
            })
            .collect(),
        categories: categories.clone(),
        all_villages: all_villages.clone(),
    };
    let mut site = Site {
        pages: Vec::new(),
        shared: Shared {
            site: SiteInfo {
                title: &catalog.title,
                description: &catalog.description,
                lang: &catalog.site_lang,
                locale: crate::site::seo::locale(&catalog.site_lang),
                print: crate::site::print::is_made(catalog),
                example: catalog.example,
            },
            css: &inputs.assets.css.path,
            js: &inputs.assets.js.path,
            search_index: &inputs.assets.search_index.path,
            manifest: crate::site::offline::MANIFEST,
            t: words,
            nav,
            feed: catalog.base_url.is_some().then_some(crate::site::seo::FEED),
        },
        photos: Vec::new(),
    };
    let meta = |kind: &'static str, title: String, description: String, url: &str| {
        meta(catalog, kind, title, description, url)
    };
    let list = |l: Listing| super::listing::pages(l, catalog.base_url.as_deref(), words);

    let mut all_cards = Vec::new();
    let mut cards_by_village: Vec<Vec<tera::Value>> = Vec::new();
    let mut cards_by_category: HashMap<String, Vec<tera::Value>> = HashMap::new();
    let mut village_views = Vec::new();

    // Every product's page and card are made on every core (Markdown is the dearest
    // part), then gathered in catalog order.
    let planned: Vec<Vec<Planned>> = catalog
        .villages
        .par_iter()
        .map(|village| {
            village
                .products
                .par_iter()
                .with_max_len(32)
                .map(|product| plan_product(catalog, village, product, inputs))
                .collect()
        })
        .collect();
    for (village, products) in catalog.villages.iter().zip(planned) {
        let vdir = village.slug.clone();
        let mut vfiles = Vec::new();
        let vphotos: Vec<Picture> = village
            .photos
            .iter()
            .filter_map(|p| picture(p, &vdir, &village.name, inputs.photos, &mut vfiles))
            .collect();
        site.photos.extend(vfiles);
        let mut cards = Vec::with_capacity(products.len());
        let mut first_product_photo = None;
        for planned in products {
            site.photos.extend(planned.photo_files);
            if first_product_photo.is_none() {
                first_product_photo = planned.first_photo;
            }
            cards.push(planned.card.clone());
            cards_by_category
                .entry(planned.category)
                .or_default()
                .push(planned.card.clone());
            all_cards.push(planned.card);
            site.pages.push(planned.page);
        }
        cards_by_village.push(cards.clone());
        let whatsapp_href = village
            .whatsapp
            .as_ref()
            .map(|n| whatsapp_link(n, &word("wa_hello").replace("{catalog}", &catalog.title)))
            .unwrap_or_default();
        let view = tv(&VillageView {
            name: &village.name,
            href: format!("{vdir}/"),
            district: &village.district,
            regency: &village.regency,
            province: &village.province,
            location: village.location(),
            group: &village.group,
            whatsapp_href,
            story_html: crate::site::markdown::to_html(&village.story),
            photos: &vphotos,
            count: village.products.len(),
            photo: vphotos.first().or(first_product_photo.as_ref()),
        });
        let about = meta(
            "village",
            format!("{} — {}", village.name, catalog.title),
            summary(
                &village.story,
                &format!("{} {}", village.name, village.location()),
            ),
            &format!("{vdir}/"),
        );
        site.pages.extend(list(Listing {
            dir: format!("{vdir}/"),
            template: "village.html",
            meta: about,
            context: vec![("village", view.clone())],
            key: "products",
            items: cards,
        }));
        village_views.push(view);
    }

    for c in &categories {
        let about = meta(
            "category",
            format!("{} — {}", c.name, catalog.title),
            format!("{} — {}", c.name, catalog.title),
            &c.href,
        );
        site.pages.extend(list(Listing {
            dir: c.href.clone(),
            template: "category.html",
            meta: about,
            context: vec![("category", tv(c))],
            key: "products",
            items: cards_by_category.remove(&c.key).unwrap_or_default(),
        }));
    }

    // The buyer's tools: search (filters by category, village, availability, price),
    // the WhatsApp cart, and the page the service worker shows offline. Each works
    // offline; search and cart need the script, and say so without it.
    for (path, kind, template, title) in [
        ("cari/", "search", "search.html", word("search_title")),
        ("keranjang/", "cart", "cart.html", word("cart_title")),
    ] {
        let about = PageMeta {
            noindex: true,
            ..meta(
                kind,
                format!("{title} — {}", catalog.title),
                catalog.description.clone(),
                path,
            )
        };
        let mut context = vec![root("../")];
        if kind == "search" {
            // Run as the results' list is parsed, before the first paint, and allowed
            // by its hash alone.
            context.push((
                "csp_script",
                crate::site::static_hosts::csp_hash(SEARCH_HOLD).into(),
            ));
            context.push(("hold_script", SEARCH_HOLD.into()));
        }
        site.pages.push(Page {
            path: format!("{path}index.html"),
            template,
            meta: about,
            context: PageContext::Ready(context),
        });
    }
    // Served by the service worker at any depth, with a `<base>` naming the site root.
    let offline = PageMeta {
        noindex: true,
        ..meta(
            "offline",
            word("offline_title"),
            word("offline_text"),
            "offline.html",
        )
    };
    site.pages.push(Page {
        path: "offline.html".into(),
        template: "offline.html",
        meta: offline,
        context: PageContext::Ready(vec![root("")]),
    });

    let product_count = all_cards.len();
    let front_cards = if product_count <= FRONT_PAGE_PRODUCTS {
        all_cards
    } else {
        taste_of_every_village(cards_by_village, product_count)
    };
    let village_count = village_views.len();
    let front_villages: Vec<tera::Value> = if many_villages {
        village_views[..FRONT_PAGE_VILLAGES].to_vec()
    } else {
        village_views.clone()
    };
    let mut front = vec![
        ("villages", tera::Value::from(front_villages)),
        ("village_count", tera::Value::from(village_count)),
        ("categories", tv(&categories)),
        ("product_count", tera::Value::from(product_count)),
    ];
    if let Some(all) = &all_villages {
        front.push(("all_villages", tv(all)));
    }
    site.pages.extend(list(Listing {
        dir: String::new(),
        template: "index.html",
        meta: meta(
            "index",
            catalog.title.clone(),
            catalog.description.clone(),
            "",
        ),
        context: front,
        key: "products",
        items: front_cards,
    }));
    // Past the villages the front page shows, the list of every village.
    if let Some(all) = &all_villages {
        let title = word("all_villages");
        site.pages.extend(list(Listing {
            dir: all.href.clone(),
            template: "villages.html",
            meta: meta(
                "villages",
                format!("{title} — {}", catalog.title),
                format!("{title} — {}", catalog.title),
                &all.href,
            ),
            context: vec![("village_count", tera::Value::from(village_count))],
            key: "villages",
            items: village_views,
        }));
    }

    // Hosts serve 404.html at whatever path was asked for: planned last, since it
    // names the site's top folders.
    let not_found = crate::site::static_hosts::not_found_page(&site.pages, catalog, inputs);
    site.pages.push(not_found);
    site
}

/// A page's `page` as the planner makes it.
fn meta(
    catalog: &Catalog,
    kind: &'static str,
    title: String,
    description: String,
    url: &str,
) -> PageMeta {
    PageMeta {
        kind,
        title,
        description,
        canonical: catalog
            .base_url
            .as_ref()
            .map(|b| format!("{b}{url}"))
            .unwrap_or_default(),
        ..PageMeta::default()
    }
}

/// `root`, which every page's context starts with: the way from the page to the site
/// root (`../../`).
fn root(root: &str) -> (&'static str, tera::Value) {
    ("root", tera::Value::from(root))
}

/// One product's card and photo files, and its page, whose context is made when it is
/// rendered.
fn plan_product<'a>(
    catalog: &'a Catalog,
    village: &'a Village,
    product: &'a Product,
    inputs: &Inputs<'a>,
) -> Planned<'a> {
    let words = inputs.words;
    let pdir = format!("{}/{}", village.slug, product.slug);
    let mut photo_files = Vec::new();
    let photos: Vec<Picture> = product
        .photos
        .iter()
        .filter_map(|p| picture(p, &pdir, &product.name, inputs.photos, &mut photo_files))
        .collect();
    let first_photo = photos.first().cloned();
    let card = tv(&card(product, village, &pdir, first_photo.clone(), words));
    let path = format!("{pdir}/index.html");
    let meta = meta(
        catalog,
        "product",
        format!("{} — {}", product.name, catalog.title),
        summary(
            &product.description,
            &format!("{} — {}", product.name, village.name),
        ),
        &format!("{pdir}/"),
    );
    let make = move || {
        let mut ctx = vec![root("../../")];
        let description_html = crate::site::markdown::to_html(&product.description);
        ctx.push((
            "product",
            product_view(
                catalog,
                village,
                product,
                &pdir,
                photos.clone(),
                description_html,
                words,
            ),
        ));
        ctx
    };
    Planned {
        page: Page {
            path,
            template: "product.html",
            meta,
            context: PageContext::Later(std::sync::Arc::new(make)),
        },
        card,
        category: product.category.clone(),
        photo_files,
        first_photo,
    }
}

/// The first paragraph of a Markdown text as plain text (read as
/// [`to_plain`](crate::site::markdown::to_plain) reads it: `*tebal*` is `tebal`), cut to
/// about 160 characters, for `<meta name="description">`; `fallback` when the text is
/// empty.
fn summary(markdown: &str, fallback: &str) -> String {
    const MAX: usize = 160;
    let plain = markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
        .map(|p| crate::site::markdown::to_plain(head(p)))
        .find(|p| !p.is_empty());
    let Some(plain) = plain else {
        return fallback.to_string();
    };
    if plain.chars().count() <= MAX {
        return plain;
    }
    let cut: String = plain.chars().take(MAX - 3).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// The start of a paragraph, enough for [`summary`]'s 160 characters whatever markup
/// is in them: a first paragraph may be pages long, and only its start is read. Cut at
/// a space, so that no word or mark is split.
fn head(paragraph: &str) -> &str {
    const READ: usize = 4096;
    if paragraph.len() <= READ {
        return paragraph;
    }
    paragraph
        .char_indices()
        .skip_while(|&(i, _)| i < READ)
        .find(|&(_, c)| c.is_whitespace())
        .map_or(paragraph, |(i, _)| &paragraph[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The description made from the whole paragraph, as [`summary`] would without
    /// [`head`].
    fn summary_reading_all(markdown: &str, fallback: &str) -> String {
        let plain = markdown
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('#'))
            .map(crate::site::markdown::to_plain)
            .find(|p| !p.is_empty())
            .unwrap_or_else(|| fallback.to_string());
        if plain.chars().count() <= 160 {
            return plain;
        }
        let cut: String = plain.chars().take(157).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
        format!("{cut}…")
    }

    #[test]
    fn a_description_is_the_same_read_to_the_limit_as_read_whole() {
        let pieces = [
            "kata",
            " ",
            "  ",
            "\n",
            "\t",
            "*",
            "**",
            "_",
            "~",
            "#",
            "[a]",
            "é",
            "—",
            "🌶",
            "x",
            "[toko](https://a.id/x_y~z)",
            "`k_`",
            "\n- ",
            "\n* ",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for round in 0..1500 {
            let mut text = String::new();
            // Some past what `head` reads.
            let len = if round % 5 == 0 { 4000 } else { 100 } + next() % 1500;
            while text.chars().count() < len {
                text.push_str(pieces[next() % pieces.len()]);
            }
            // Often exactly at the limit, with spaces around it.
            let spaces = " ".repeat(next() % 4);
            let texts = [
                text.clone(),
                format!("{spaces}{}{spaces}", "a".repeat(158 + next() % 5)),
                format!("# Judul\n\n{text}\n\nlagi"),
                format!("{}{spaces}", "b ".repeat(79 + next() % 3)),
            ];
            for t in &texts {
                assert_eq!(
                    summary(t, "cadangan"),
                    summary_reading_all(t, "cadangan"),
                    "{t:?}"
                );
            }
        }
        assert_eq!(summary("", "cadangan"), "cadangan");
        assert_eq!(summary("   \n\n## x", "cadangan"), "cadangan");
    }

    /// Issue 15, point 7: a description pasted from WhatsApp reads as its words, with
    /// no stray marks, and what only looks like a mark is kept.
    #[test]
    fn a_description_from_whatsapp_is_summarised_without_its_marks() {
        assert_eq!(
            summary(
                "*Keripik Pare* 🌶️\n_renyah_ ~Rp20.000~ Rp15.000\n2 * 3 bungkus, nama_file",
                "cadangan"
            ),
            "Keripik Pare 🌶️ renyah Rp20.000 Rp15.000 2 * 3 bungkus, nama_file"
        );
        assert_eq!(
            summary("**Bahan:** [pare](https://a.id/pare_segar)", "cadangan"),
            "Bahan: pare"
        );
    }
}
