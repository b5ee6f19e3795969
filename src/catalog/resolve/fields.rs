//! What the parts share: one value as written turned into a checked one, or a
//! diagnostic at its line (a WhatsApp number, a price, a required or optional text),
//! and the text in the site's language.

use super::placeholders::Placeholders;
use crate::catalog::load::Doc;
use crate::catalog::schema::Scalar;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text;

/// The text in the site's language (`index.en.md`), else the one in `index.md`.
pub(super) fn translated(translations: &[(String, String)], lang: &str, default: &str) -> String {
    translations
        .iter()
        .find(|(code, _)| code == lang)
        .map_or(default, |(_, text)| text)
        .to_string()
}

/// The number at the start of `text` when words follow it (`0812-3456-7890 (Bu
/// Siti)`), as written, if it is a number on its own.
fn number_before_words(text: &str) -> Option<&str> {
    let end = text.find(|c: char| c.is_alphabetic() || c == '(')?;
    let number = text[..end]
        .trim_end_matches([' ', ',', '-', '/', ':'])
        .trim();
    crate::catalog::values::phone::normalise(number).ok()?;
    Some(number)
}

/// A WhatsApp number, normalised, or a diagnostic at its line; a placeholder is
/// reported as the catalog says ([`super::placeholders`]).
pub(super) fn whatsapp_number<R>(
    doc: &Doc<R>,
    at: &[Seg<'_>],
    value: &Scalar,
    placeholders: Placeholders,
    diags: &mut Diagnostics,
) -> Option<String> {
    match crate::catalog::values::phone::normalise(value.as_text()) {
        Ok(n) => {
            super::placeholders::number(doc, at, &n, value.as_text(), placeholders, diags);
            Some(n)
        }
        Err(e) => {
            let (path, pos) = doc.at(at);
            let (message, help) = whatsapp_problem(value.as_text(), &e);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            None
        }
    }
}

/// What is wrong with a WhatsApp number as written, `found`, that
/// [`crate::catalog::values::phone::normalise`] refused: the build's message and help
/// (the workshop shows them beside its field).
pub fn whatsapp_problem(
    found: &str,
    e: &crate::catalog::values::phone::PhoneError,
) -> (crate::diag::Text, crate::diag::Text) {
    let message = {
        let reason = e.text();
        let (reason_en, reason_id) = (&reason.en, &reason.id);
        text!(en: "{reason_en}; found {found:?}", id: "{reason_id}; yang tertulis {found:?}")
    };
    let help = if found.contains(['\u{201c}', '\u{201d}']) {
        text!(
            en: "the quotes are curly (“ ”), as word processors write them: type straight quotes \" in a plain text editor",
            id: "tanda kutipnya melengkung (“ ”), seperti buatan pengolah kata: ketik tanda kutip lurus \" di editor teks biasa"
        )
    } else if let Some(number) = number_before_words(found) {
        // `0812-3456-7890 (Bu Siti)`: the number is there, with words.
        text!(
            en: "keep only the number, like whatsapp: \"{number}\"; the name of whoever answers can go in the village's or the product's text",
            id: "tulis nomornya saja, misalnya whatsapp: \"{number}\"; nama yang menjawab bisa ditulis di teks desa atau produk"
        )
    } else {
        text!(en: "write the number in quotes, like whatsapp: \"0812-0000-1234\"", id: "tulis nomornya dengan tanda kutip, misalnya whatsapp: \"0812-0000-1234\"")
    };
    (message, help)
}

/// A price in rupiah, or a diagnostic at its line naming what the text is instead (a
/// price with its unit, words, a range, a fraction). Read from the text as written, so
/// `12.500` is twelve thousand five hundred, `15rb` fifteen thousand, and `0x10` or
/// `1e3` (numbers to YAML) are not prices at all.
pub(super) fn parse_price<R>(
    doc: &Doc<R>,
    at: &[Seg<'_>],
    value: &Scalar,
    diags: &mut Diagnostics,
) -> Option<u64> {
    use crate::catalog::values::price;
    let found = value.as_text().trim();
    let problem = match price::read_price(found) {
        Ok(p) => return Some(p),
        Err(problem) => problem,
    };
    // Where the value stands is only looked up when it has a problem: finding it parses
    // the file again, which for every price of thousands of products added up.
    let (path, pos) = doc.at(at);
    let (message, help) = price_problem(found, problem, matches!(at, [Seg::Key("price")]));
    diags.push(Diagnostic::error(path, pos, message).help(help));
    None
}

/// What is wrong with a price as written, `found`, that
/// [`crate::catalog::values::price::read_price`] refused: the build's message and help.
/// `product_price` is the product's own `price:` (a variant's has no `unit:`).
pub fn price_problem(
    found: &str,
    problem: crate::catalog::values::price::PriceProblem,
    product_price: bool,
) -> (crate::diag::Text, crate::diag::Text) {
    use crate::catalog::values::price::{self, PriceProblem};
    match problem {
        PriceProblem::NotRupiah => (
            text!(
                en: "price must be rupiah, like 12000 or \"Rp 12.000\"; found {found:?}",
                id: "harga harus dalam rupiah, seperti 12000 atau \"Rp 12.000\"; yang tertulis {found:?}"
            ),
            text!(en: "write the price as a number, like 12000", id: "tulis harga sebagai angka, misalnya 12000"),
        ),
        PriceProblem::OtherNotation => (
            text!(
                en: "price must be written in decimal digits; found {found:?}, which YAML would read as another number",
                id: "harga harus ditulis dengan angka desimal; yang tertulis {found:?}, yang dibaca YAML sebagai angka lain"
            ),
            text!(
                en: "write the price with the digits 0 to 9 only, like price: 12000",
                id: "tulis harga hanya dengan angka 0 sampai 9, misalnya price: 12000"
            ),
        ),
        PriceProblem::TooLarge => {
            let largest = price::format_rupiah(price::MAX_PRICE);
            (
                text!(
                    en: "price {found} is too large: the largest a price can be is {largest}",
                    id: "harga {found} terlalu besar: harga paling besar {largest}"
                ),
                text!(en: "check the number of zeros", id: "periksa jumlah angka nolnya"),
            )
        }
        PriceProblem::WithUnit { price, unit } => (
            text!(
                en: "price {found:?} holds what it buys; the price is the number alone",
                id: "harga {found:?} memuat satuannya; price hanya berisi angkanya"
            ),
            // A variant has no `unit:` of its own: its name says what it is.
            if product_price {
                text!(
                    en: "write `price: {price}` and the unit on a line of its own, `unit: {unit}`",
                    id: "tulis `price: {price}` dan satuannya di baris sendiri, `unit: {unit}`"
                )
            } else {
                text!(
                    en: "write `price: {price}` and the unit in the variant's name, like `name: {unit}`",
                    id: "tulis `price: {price}` dan satuannya di nama pilihan, misalnya `name: {unit}`"
                )
            },
        ),
        PriceProblem::InWords => (
            text!(
                en: "price {found:?} is written in words; a price is written in digits",
                id: "harga {found:?} ditulis dengan huruf; harga ditulis dengan angka"
            ),
            text!(
                en: "write the number, like 15000 or 15rb",
                id: "tulis angkanya, misalnya 15000 atau 15rb"
            ),
        ),
        PriceProblem::Range => (
            text!(
                en: "price {found:?} is a range; a price is one number",
                id: "harga {found:?} berupa kisaran; harga hanya satu angka"
            ),
            text!(
                en: "for several prices, give each its variant under `variants:`, like `- {{ name: Kecil, price: 15000 }}`",
                id: "untuk beberapa harga, tulis setiap harga sebagai pilihan di bawah `variants:`, misalnya `- {{ name: Kecil, price: 15000 }}`"
            ),
        ),
        PriceProblem::Fraction => (
            text!(
                en: "price {found:?} has a fraction of a rupiah; a price is whole rupiah",
                id: "harga {found:?} memuat pecahan rupiah; harga harus rupiah utuh"
            ),
            text!(
                en: "a dot groups thousands (12.500); for a part of a thousand or a million write rb or jt (\"12,5rb\", \"1,5jt\")",
                id: "titik memisahkan ribuan (12.500); untuk pecahan ribu atau juta tulis rb atau jt (\"12,5rb\", \"1,5jt\")"
            ),
        ),
    }
}

/// The build's message and help for a required field left empty: `key` and a line
/// that fills it, like `name: Jamu Kunyit Asam`.
pub fn missing(key: &str, example: &str) -> (crate::diag::Text, crate::diag::Text) {
    (
        text!(en: "`{key}` is missing", id: "`{key}` belum diisi"),
        text!(en: "add a line like `{example}`", id: "tambahkan baris seperti `{example}`"),
    )
}

pub(super) fn required_text<R>(
    doc: &Doc<R>,
    key: &str,
    value: Option<&Scalar>,
    example: &str,
    diags: &mut Diagnostics,
) -> String {
    match value.map(Scalar::as_text) {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            let (path, pos) = doc.at(&[Seg::Key(key)]);
            let (message, help) = missing(key, example);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            String::new()
        }
    }
}

pub(super) fn optional_text(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
