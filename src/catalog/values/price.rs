//! Rupiah: reading prices as volunteers write them, printing them as buyers read them.

/// Reads a price written as text: `12000`, `12.000`, `Rp 12.000`, `Rp12.000,-`,
/// `IDR 12,000`, `12.000,00`. Returns `None` for anything else (`dua belas ribu`,
/// `12.5`, a negative number).
pub fn parse_rupiah(text: &str) -> Option<u64> {
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
    let digits: String = groups.concat();
    let value: u64 = digits.parse().ok()?;
    Some(value)
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
    fn prints_with_thousands_dots() {
        assert_eq!(format_rupiah(0), "Rp0");
        assert_eq!(format_rupiah(500), "Rp500");
        assert_eq!(format_rupiah(12000), "Rp12.000");
        assert_eq!(format_rupiah(1_250_000), "Rp1.250.000");
    }
}
