//! How a buyer orders a product: its WhatsApp number (else its village's, else the
//! catalog's) and its marketplace links, each checked against its platform's hosts
//! ([`crate::catalog::values::links`]; a link found in a pasted share text is kept with
//! a warning); a product with no way to order is an error.

use super::fields::whatsapp_number;
use super::placeholders::Placeholders;
use crate::catalog::load::Doc;
use crate::catalog::model::Order;
use crate::catalog::schema::RawOrder;
use crate::catalog::values::links::{self, Platform};
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::text;
use std::path::Path;

/// The WhatsApp number a product without its own gets from its village or catalog.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fallback<'a> {
    Number(&'a str),
    None,
    /// The village's or the catalog's file did not parse: whether it holds a number is
    /// unknown, and its own problem is what is reported.
    Unknown,
}

pub(super) fn resolve_order<R>(
    doc: &Doc<R>,
    raw: Option<&RawOrder>,
    fallback: Fallback<'_>,
    placeholders: Placeholders,
    diags: &mut Diagnostics,
) -> Order {
    let fallback_whatsapp = match fallback {
        Fallback::Number(n) => Some(n),
        _ => None,
    };
    let mut order = Order::default();
    let empty = RawOrder::default();
    let raw = raw.unwrap_or(&empty);
    order.whatsapp = match &raw.whatsapp {
        Some(w) => whatsapp_number(
            doc,
            &[Seg::Key("order"), Seg::Key("whatsapp")],
            w,
            placeholders,
            diags,
        ),
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
        match links::find_link(platform, link) {
            Ok(found) => {
                let url = found.url;
                if found.words_dropped {
                    let (path, pos) = doc.at(&at);
                    let (message, help) = words_dropped(platform, &url);
                    diags.push(Diagnostic::warning(path, pos, message).help(help));
                }
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
                let hidden = matches!(e, links::LinkError::NoLinkInText)
                    && comment_hides_a_link(doc, &path, pos);
                let (message, help) = link_problem(platform, link, &e, hidden);
                diags.push(Diagnostic::error(path, pos, message).help(help));
            }
        }
    }
    let unknown = matches!(fallback, Fallback::Unknown);
    if order.whatsapp.is_none() && order.marketplaces.is_empty() && !any_given && !unknown {
        let (path, pos) = doc.at(&[Seg::Key("order")]);
        diags.push(
            Diagnostic::error(path, pos, text!(en: "buyers have no way to order this product", id: "pembeli tidak punya cara untuk memesan produk ini"))
                .help(text!(en: "add `order:` with `whatsapp: \"0812-0000-1234\"` or a marketplace link, or a `whatsapp:` number in village.yaml or catalog.yaml", id: "tambahkan `order:` berisi `whatsapp: \"0812-0000-1234\"` atau tautan marketplace, atau nomor `whatsapp:` di village.yaml atau catalog.yaml")),
        );
    }
    order
}

/// The build's warning when a link was kept from a pasted share text, the words around
/// it dropped (the workshop shows it beside the field).
pub fn words_dropped(platform: Platform, url: &str) -> (crate::diag::Text, crate::diag::Text) {
    let key = platform.key();
    (
        text!(en: "{key}: only the link {url} is kept; the words around it were dropped", id: "{key}: hanya tautan {url} yang dipakai; kata-kata di sekitarnya dibuang"),
        text!(en: "nothing to do; next time, paste only the link", id: "tidak perlu diubah; lain kali, tempel tautannya saja"),
    )
}

/// The build's message and help for a marketplace link refused by
/// [`links::find_link`]; `comment_hides_a_link` when YAML read a ` #` before the link as
/// a comment (only in a file, never in a form).
pub fn link_problem(
    platform: Platform,
    link: &str,
    e: &links::LinkError,
    comment_hides_a_link: bool,
) -> (crate::diag::Text, crate::diag::Text) {
    let key = platform.key();
    let reason = e.text();
    let (reason_en, reason_id) = (&reason.en, &reason.id);
    let message = match e {
        links::LinkError::WrongHost { .. } => {
            let hosts_en = platform.domains().join(" or ");
            let hosts_id = platform.domains().join(" atau ");
            text!(
                en: "a {key} link must be on {hosts_en}; {reason_en}",
                id: "tautan {key} harus ke {hosts_id}; {reason_id}"
            )
        }
        // The words are on the line shown; quoting them all again helps no one.
        links::LinkError::TwoLinks { .. } | links::LinkError::NoLinkInText => {
            text!(en: "{key}: {reason_en}", id: "{key}: {reason_id}")
        }
        _ => {
            text!(en: "{key}: {reason_en}; found {link:?}", id: "{key}: {reason_id}; yang tertulis {link:?}")
        }
    };
    let example = platform.example();
    let name = platform.display_name();
    let help = match (e, platform) {
        (links::LinkError::NoLinkInText, _) if comment_hides_a_link => {
            text!(
                en: "YAML reads ` #` as the start of a comment, so the link after it was not read: put the whole text in double quotes, \"like this\"",
                id: "YAML membaca ` #` sebagai awal komentar, jadi tautan sesudahnya tidak terbaca: beri tanda kutip di awal dan akhir seluruh teksnya, \"seperti ini\""
            )
        }
        (links::LinkError::TwoLinks { .. }, _) => text!(
            en: "keep only the link to this product on {name} and delete the other",
            id: "sisakan hanya tautan ke produk ini di {name} dan hapus yang lain"
        ),
        (_, Platform::Website) => text!(
            en: "write the full address, like {example}",
            id: "tulis alamat lengkapnya, misalnya {example}"
        ),
        _ => text!(
            en: "copy the link from the {name} app or site, like {example}",
            id: "salin tautan dari aplikasi atau situs {name}, misalnya {example}"
        ),
    };
    (message, help)
}

/// True when the line at `pos` holds a link after a ` #` (a hashtag in a pasted share
/// text): YAML took it for a comment, and the value it gave ends before the link.
fn comment_hides_a_link<R>(doc: &Doc<R>, path: &Path, pos: Pos) -> bool {
    let Some(file) = doc.files.iter().find(|f| f.path == path) else {
        return false;
    };
    let Some(line) = pos
        .line
        .checked_sub(file.line_offset + 1)
        .and_then(|n| file.text.lines().nth(n))
    else {
        return false;
    };
    line.char_indices().any(|(i, c)| {
        c == '#' && line[..i].ends_with(char::is_whitespace) && line[i..].contains("://")
    })
}
