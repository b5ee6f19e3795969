//! Rupiah: reading prices as volunteers write them, printing them as buyers read them.
//!
//! A price is one whole number of rupiah, however it is written:
//! - digits, with dots, commas or spaces grouping thousands: `12000`, `12.000`,
//!   `12,000`, `12 000`;
//! - with the currency before (`Rp`, `Rp.`, `IDR`, any letter case, with or without a
//!   space) and "no cents" after (`,-`, `.-`, `,00`): `Rp 12.000,-`, `Rp12.000,00`;
//! - in thousands or millions, as price tags and chats write them: `15rb`, `15 ribu`,
//!   `15k`, `15K`, `1,5jt`, `1.5 jt`, `2 juta` (any letter case; `Rp 1,5 jt` and
//!   `15rb,-` too). Before such a word one dot or comma is a decimal point (`1,5jt` is
//!   1.500.000, `15.5rb` is 15.500); the result must be whole rupiah.
//!
//! What cannot be one price is named for what it is ([`PriceProblem`]): a price with
//! its unit (`15.000/pcs`), in words (`lima belas ribu`), a range (`15-20rb`), or a
//! fraction of a rupiah (`12.5`, `1,5`: without `rb` or `jt` a dot groups thousands,
//! so a single digit after it is a mistake, and the volunteer is asked which was meant).

/// Reads a price written as text, as the module's doc lists: `12000`, `Rp 12.000,-`,
/// `15rb`, `1,5jt`. Returns `None` for anything else (`dua belas ribu`, `12.5`, a
/// negative number, a number past `u64`).
pub fn parse_rupiah(text: &str) -> Option<u64> {
    amount(text.trim()).ok().flatten()
}

/// The largest price: one trillion rupiah. The cart adds prices up in JavaScript, whose
/// numbers are exact only up to 2^53 (about 9 × 10^15); this leaves room for any quantity
/// a buyer types, and no product of a village costs more.
pub const MAX_PRICE: u64 = 1_000_000_000_000;

/// Why a written price is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceProblem {
    /// Not rupiah in any way volunteers write them (`1.2.3`, `15rb nego`, `0`).
    NotRupiah,
    /// A number in a notation YAML reads but no shop writes: `0x10` (16), `0o17` (15),
    /// `0b1`, `1e3` (1000), `.inf`.
    OtherNotation,
    /// Rupiah, but past [`MAX_PRICE`].
    TooLarge,
    /// A price with what it buys: `15.000/pcs`, `Rp 15.000 per toples`, `15rb bungkus`.
    /// Both parts as written.
    WithUnit { price: String, unit: String },
    /// Written in words: `lima belas ribu`, `sepuluh` (a number word in it).
    InWords,
    /// Two prices: `15-20rb`, `10.000 - 15.000`, `15rb s/d 20rb`.
    Range,
    /// Not whole rupiah: `12.5`, `1,5`, `150.00`, `1,2345rb`.
    Fraction,
}

/// A price as written, in rupiah: [`parse_rupiah`] and more than zero, at most
/// [`MAX_PRICE`]; else what it is instead.
pub fn read_price(text: &str) -> Result<u64, PriceProblem> {
    let text = text.trim();
    match amount(text) {
        Ok(Some(0)) => Err(PriceProblem::NotRupiah),
        Ok(Some(p)) if p <= MAX_PRICE => Ok(p),
        // Digits too many for any integer type are still a (much too large) price.
        Ok(_) => Err(PriceProblem::TooLarge),
        Err(PriceProblem::NotRupiah) => Err(what_instead(text)),
        Err(problem) => Err(problem),
    }
}

/// A price's amount in rupiah (`None`: past `u64`), `Fraction` for a number that is not
/// whole rupiah, or `NotRupiah`.
fn amount(text: &str) -> Result<Option<u64>, PriceProblem> {
    let mut s = text;
    for prefix in ["rp.", "rp", "idr"] {
        if s.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            s = s[prefix.len()..].trim_start();
            break;
        }
    }
    // "rupiah" after the number names the currency too: `15 ribu rupiah`.
    if s.len() > 6
        && s.is_char_boundary(s.len() - 6)
        && s[s.len() - 6..].eq_ignore_ascii_case("rupiah")
    {
        s = s[..s.len() - 6].trim_end();
    }
    // Trailing ",-" or ",00" or ".-" mean "no cents".
    for suffix in [",-", ",00", ".-"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
        }
    }
    let number_end = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ')))
        .unwrap_or(s.len());
    let (number, word) = (s[..number_end].trim_end(), &s[number_end..]);
    if number.is_empty() {
        return Err(PriceProblem::NotRupiah);
    }
    if word.is_empty() {
        return whole_rupiah(number);
    }
    let zeros = match word.to_lowercase().as_str() {
        "rb" | "rb." | "ribu" | "k" => 3,
        "jt" | "jt." | "juta" => 6,
        _ => return Err(PriceProblem::NotRupiah),
    };
    in_thousands(number, zeros)
}

/// Digits whose dots, commas or spaces group thousands: `12.000`, `1.250.000`, `12,000`.
/// One separator followed by one or two digits is a fraction (`12.5`, `150.00`).
fn whole_rupiah(number: &str) -> Result<Option<u64>, PriceProblem> {
    if let Some((whole, cents)) = number.split_once(['.', ','])
        && !whole.is_empty()
        && !number.contains(' ')
        && (1..=2).contains(&cents.len())
        && cents.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(PriceProblem::Fraction);
    }
    let groups: Vec<&str> = number.split(['.', ',', ' ']).collect();
    if groups.len() > 1 {
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(PriceProblem::NotRupiah);
        }
    }
    Ok(groups.concat().parse().ok())
}

/// A number of thousands (`zeros` 3) or millions (6), with one dot or comma as its decimal
/// point: `15`, `1,5`, `15.5`, `1.250`.
fn in_thousands(number: &str, zeros: u32) -> Result<Option<u64>, PriceProblem> {
    let (whole, fraction) = match number.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || number.contains(' ') {
        return Err(PriceProblem::NotRupiah);
    }
    if number.contains(['.', ',']) && fraction.is_empty() {
        return Err(PriceProblem::NotRupiah);
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > zeros as usize {
        return Err(PriceProblem::Fraction);
    }
    let Ok(whole) = whole.parse::<u64>() else {
        return Ok(None);
    };
    let part = if fraction.is_empty() {
        0
    } else {
        // At most `zeros` digits: fits, and is whole once scaled.
        fraction.parse::<u64>().unwrap_or(0) * 10u64.pow(zeros - fraction.len() as u32)
    };
    Ok(whole
        .checked_mul(10u64.pow(zeros))
        .and_then(|w| w.checked_add(part)))
}

/// The words that spell numbers in Indonesian (`lima belas ribu`).
const NUMBER_WORDS: &[&str] = &[
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "belas", "puluh", "ratus", "seratus", "seribu", "sejuta", "setengah",
];

/// Words for what a price buys, recognised after a price without `/` or `per`.
const UNIT_WORDS: &[&str] = &[
    "pcs", "pc", "buah", "bh", "bungkus", "bks", "pack", "pak", "kg", "gram", "gr", "g", "ons",
    "liter", "ltr", "l", "ml", "botol", "btl", "toples", "lembar", "lbr", "biji", "porsi", "kotak",
    "box", "dus", "sachet", "ikat", "meter", "m", "set", "pasang", "potong", "ekor", "renteng",
    "paket", "cup", "mika", "kaleng",
];

/// What a text that is no price is instead: a price with its unit, words, a range, a
/// number in another notation, or none of these.
fn what_instead(text: &str) -> PriceProblem {
    if is_yaml_number_notation(text) {
        return PriceProblem::OtherNotation;
    }
    let is_price = |t: &str| matches!(amount(t.trim()), Ok(Some(_)));
    // A range: a dash, "s/d", "sampai" or "hingga" with digits before it and a number
    // (perhaps after `Rp`) right after it; `15.000,- per 2 pcs` is none.
    let lower = text.to_lowercase();
    let starts_a_number = |t: &str| {
        let t = t.trim_start();
        let t = ["rp.", "rp", "idr"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t);
        t.trim_start().starts_with(|c: char| c.is_ascii_digit())
    };
    for dash in ["s/d", "s.d.", "sampai", "hingga", "-", "–", "—", "~"] {
        for (at, _) in lower.match_indices(dash).take(8) {
            let (left, right) = (&lower[..at], &lower[at + dash.len()..]);
            if left.bytes().any(|b| b.is_ascii_digit()) && starts_a_number(right) {
                return PriceProblem::Range;
            }
        }
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| NUMBER_WORDS.contains(w)) {
        return PriceProblem::InWords;
    }
    // A price and its unit: `15.000/pcs`, `Rp 15.000 per toples`, `15rb bungkus`.
    let with_unit = |price: &str, unit: &str| PriceProblem::WithUnit {
        price: price.trim().to_string(),
        unit: unit.trim().to_string(),
    };
    if let Some((price, unit)) = text.split_once('/')
        && is_price(price)
        && !unit.trim().is_empty()
    {
        return with_unit(price, unit);
    }
    // The unit is at most a few words at the end (`per 250 g`): only those splits are
    // tried, so a long text costs one pass per split, not one per word.
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for k in (tokens.len().saturating_sub(4).max(1)..tokens.len()).rev() {
        let price = tokens[..k].join(" ");
        if !is_price(&price) {
            continue;
        }
        let rest = &tokens[k..];
        if rest.len() > 1 && rest[0].eq_ignore_ascii_case("per") {
            return with_unit(&price, &rest[1..].join(" "));
        }
        if rest.len() == 1 && UNIT_WORDS.contains(&rest[0].to_lowercase().as_str()) {
            return with_unit(&price, rest[0]);
        }
    }
    PriceProblem::NotRupiah
}

/// A number YAML reads in a notation other than decimal digits: hexadecimal (`0x10`),
/// octal (`0o17`), binary (`0b1`), with an exponent (`1e3`, `2.5E4`), or `.inf`/`.nan`.
pub fn is_yaml_number_notation(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let lower = t.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return !rest.is_empty() && rest.chars().all(|c| c.is_digit(radix));
        }
    }
    matches!(lower.as_str(), ".inf" | ".nan")
        || (lower.contains('e')
            && lower.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && lower.parse::<f64>().is_ok())
}

/// `Rp12.000`, `Rp1.250.000`: the way Indonesian shops print prices.
pub fn format_rupiah(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    out.push_str("Rp");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_prices_are_written() {
        for (text, want) in [
            ("12000", Some(12000)),
            ("12.000", Some(12000)),
            ("Rp 12.000", Some(12000)),
            ("Rp12.000", Some(12000)),
            ("Rp. 12.000,-", Some(12000)),
            ("rp 1.250.000", Some(1_250_000)),
            ("IDR 12,000", Some(12000)),
            ("12.000,00", Some(12000)),
            ("Rp 5 000", Some(5000)),
            ("dua belas ribu", None),
            ("12.5", None),
            ("12.50", None),
            ("-5000", None),
            ("", None),
            ("Rp", None),
            ("1.2.3", None),
            ("12000.000", None),
        ] {
            assert_eq!(parse_rupiah(text), want, "{text}");
        }
    }

    #[test]
    fn numbers_yaml_reads_in_other_notations_are_not_prices() {
        for (text, want) in [
            ("12000", Ok(12000)),
            ("12.500", Ok(12500)),
            ("0x10", Err(PriceProblem::OtherNotation)),
            ("0o17", Err(PriceProblem::OtherNotation)),
            ("0b101", Err(PriceProblem::OtherNotation)),
            ("1e3", Err(PriceProblem::OtherNotation)),
            ("1.5E4", Err(PriceProblem::OtherNotation)),
            (".inf", Err(PriceProblem::OtherNotation)),
            ("0", Err(PriceProblem::NotRupiah)),
            ("0xZZ", Err(PriceProblem::NotRupiah)),
            ("sepuluh", Err(PriceProblem::InWords)),
            ("1000000000000", Ok(MAX_PRICE)),
            ("1000000000001", Err(PriceProblem::TooLarge)),
            (
                "99999999999999999999999999999999999999999",
                Err(PriceProblem::TooLarge),
            ),
            (
                "Rp 99.999.999.999.999.999.999.999",
                Err(PriceProblem::TooLarge),
            ),
        ] {
            assert_eq!(read_price(text), want, "{text}");
        }
    }

    #[test]
    fn reads_prices_as_indonesians_write_them() {
        // Issue 15, point 3: every row of the table, each one number.
        for (texts, want) in [
            (
                &["15rb", "15 rb", "15ribu", "15 ribu", "15k", "15K"][..],
                15_000,
            ),
            (&["Rp 15.000,-", "Rp15.000,00", "IDR 15.000"], 15_000),
            (&["1,5jt", "1.5 jt", "1,5 juta"], 1_500_000),
            (&["2jt", "2 juta"], 2_000_000),
        ] {
            for text in texts {
                assert_eq!(read_price(text), Ok(want), "{text}");
                assert_eq!(parse_rupiah(text), Some(want), "{text}");
            }
        }
    }

    #[test]
    fn reads_the_spellings_between_the_rows() {
        // The ambiguous ones, decided as a volunteer would expect.
        for (text, want) in [
            ("15.5rb", 15_500),
            ("12,5 rb", 12_500),
            ("Rp 1,5 jt", 1_500_000),
            ("Rp1,5jt", 1_500_000),
            ("15rb,-", 15_000),
            ("Rp 15rb", 15_000),
            ("15 RB", 15_000),
            ("15 Ribu", 15_000),
            ("2 JT", 2_000_000),
            ("2jt.", 2_000_000),
            ("1.250 jt", 1_250_000),
            ("0,5jt", 500_000),
            ("1,50jt", 1_500_000),
            ("15 ribu rupiah", 15_000),
            ("15.000 rupiah", 15_000),
            ("rp. 15.000", 15_000),
            ("idr 15.000", 15_000),
            ("1000000jt", MAX_PRICE),
        ] {
            assert_eq!(read_price(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn names_what_cannot_be_a_price() {
        let with_unit = |price: &str, unit: &str| {
            Err(PriceProblem::WithUnit {
                price: price.into(),
                unit: unit.into(),
            })
        };
        for (text, want) in [
            // The unit goes in `unit:`.
            ("15.000/pcs", with_unit("15.000", "pcs")),
            ("15rb / bungkus", with_unit("15rb", "bungkus")),
            ("Rp 15.000 per toples", with_unit("Rp 15.000", "toples")),
            ("15rb per 250 g", with_unit("15rb", "250 g")),
            ("15.000 pcs", with_unit("15.000", "pcs")),
            ("Rp 12.000 botol", with_unit("Rp 12.000", "botol")),
            // Write the number.
            ("lima belas ribu", Err(PriceProblem::InWords)),
            ("dua belas ribu", Err(PriceProblem::InWords)),
            ("seribu", Err(PriceProblem::InWords)),
            ("Rp sepuluh ribu", Err(PriceProblem::InWords)),
            ("12 ribu lima ratus", Err(PriceProblem::InWords)),
            ("nego", Err(PriceProblem::NotRupiah)),
            // A range is variants.
            ("15-20rb", Err(PriceProblem::Range)),
            ("15rb-20rb", Err(PriceProblem::Range)),
            ("10.000 - 15.000", Err(PriceProblem::Range)),
            ("Rp10.000–Rp15.000", Err(PriceProblem::Range)),
            ("15 s/d 20rb", Err(PriceProblem::Range)),
            ("15 sampai 20 ribu", Err(PriceProblem::Range)),
            ("Rp 15.000,- - Rp 20.000,-", Err(PriceProblem::Range)),
            ("15.000,- per 2 pcs", with_unit("15.000,-", "2 pcs")),
            // A fraction of a rupiah.
            ("12.5", Err(PriceProblem::Fraction)),
            ("1.5", Err(PriceProblem::Fraction)),
            ("1,5", Err(PriceProblem::Fraction)),
            ("150.00", Err(PriceProblem::Fraction)),
            ("12,50", Err(PriceProblem::Fraction)),
            ("1,2345rb", Err(PriceProblem::Fraction)),
            ("1,0000005jt", Err(PriceProblem::Fraction)),
            // None of these.
            ("15rb nego", Err(PriceProblem::NotRupiah)),
            ("1.2.3", Err(PriceProblem::NotRupiah)),
            ("-5000", Err(PriceProblem::NotRupiah)),
            ("0rb", Err(PriceProblem::NotRupiah)),
            ("15 000rb", Err(PriceProblem::NotRupiah)),
            ("1,5,0jt", Err(PriceProblem::NotRupiah)),
            ("15.rb", Err(PriceProblem::NotRupiah)),
            ("rb", Err(PriceProblem::NotRupiah)),
            ("1e3", Err(PriceProblem::OtherNotation)),
            ("1e-3", Err(PriceProblem::OtherNotation)),
            ("1000001jt", Err(PriceProblem::TooLarge)),
            ("99999999999999999999jt", Err(PriceProblem::TooLarge)),
            ("18446744073709551615jt", Err(PriceProblem::TooLarge)),
        ] {
            assert_eq!(read_price(text), want, "{text}");
        }
    }

    #[test]
    fn prints_with_thousands_dots() {
        assert_eq!(format_rupiah(0), "Rp0");
        assert_eq!(format_rupiah(500), "Rp500");
        assert_eq!(format_rupiah(12000), "Rp12.000");
        assert_eq!(format_rupiah(1_250_000), "Rp1.250.000");
    }
}
