//! Rupiah: reading prices as volunteers write them, printing them as buyers read them.

/// Reads a price written as text: `12000`, `12.000`, `Rp 12.000`, `Rp12.000,-`,
/// `IDR 12,000`, `12.000,00`. Returns `None` for anything else (`dua belas ribu`,
/// `12.5`, a negative number).
pub fn parse_rupiah(text: &str) -> Option<u64> {
    rupiah_digits(text)?.parse().ok()
}

/// The digits of a price written as rupiah (`Rp 12.000` → `12000`), however many.
fn rupiah_digits(text: &str) -> Option<String> {
    let mut s = text.trim();
    for prefix in ["Rp.", "Rp", "rp.", "rp", "RP", "IDR", "idr"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    // Trailing ",-" or ",00" or ".00" mean "no cents".
    for suffix in [",-", ",00", ".-"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
        }
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
    {
        return None;
    }
    // Separators must group thousands: "12.000", "1.250.000", "12,000"; "12.5" is not rupiah.
    let groups: Vec<&str> = s.split(['.', ',', ' ']).collect();
    if groups.len() > 1 {
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    Some(groups.concat())
}

/// The largest price: one trillion rupiah. The cart adds prices up in JavaScript, whose
/// numbers are exact only up to 2^53 (about 9 × 10^15); this leaves room for any quantity
/// a buyer types, and no product of a village costs more.
pub const MAX_PRICE: u64 = 1_000_000_000_000;

/// Why a written price is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceProblem {
    /// Not rupiah in any way volunteers write them (`dua belas ribu`, `12.5`, `0`).
    NotRupiah,
    /// A number in a notation YAML reads but no shop writes: `0x10` (16), `0o17` (15),
    /// `0b1`, `1e3` (1000), `.inf`.
    OtherNotation,
    /// Rupiah, but past [`MAX_PRICE`].
    TooLarge,
}

/// A price as written, in rupiah: [`parse_rupiah`] and more than zero, at most
/// [`MAX_PRICE`].
pub fn read_price(text: &str) -> Result<u64, PriceProblem> {
    match rupiah_digits(text) {
        // Digits too many for any integer type are still a (much too large) price.
        Some(digits) => match digits.parse::<u64>() {
            Ok(0) => Err(PriceProblem::NotRupiah),
            Ok(p) if p <= MAX_PRICE => Ok(p),
            _ => Err(PriceProblem::TooLarge),
        },
        None if is_yaml_number_notation(text) => Err(PriceProblem::OtherNotation),
        None => Err(PriceProblem::NotRupiah),
    }
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
            ("sepuluh", Err(PriceProblem::NotRupiah)),
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
    fn prints_with_thousands_dots() {
        assert_eq!(format_rupiah(0), "Rp0");
        assert_eq!(format_rupiah(500), "Rp500");
        assert_eq!(format_rupiah(12000), "Rp12.000");
        assert_eq!(format_rupiah(1_250_000), "Rp1.250.000");
    }
}
