//! Placeholders: what examples write where a group's own details belong. The numbers
//! of the made-up range every example and help line uses (`0812-0000-xxxx`), and the
//! example village and product that `etalase init` writes for a volunteer to replace.

/// The folder of the example village `etalase init` writes.
pub const EXAMPLE_VILLAGE: &str = "desa-contoh";
/// The folder of the example product `etalase init` writes.
pub const EXAMPLE_PRODUCT: &str = "produk-contoh";

/// Whether a normalised WhatsApp number (`62…`, see [`super::phone::normalise`]) is one
/// of the made-up `0812-0000-xxxx`.
pub fn is_placeholder_number(normalised: &str) -> bool {
    normalised.len() == 13
        && normalised.starts_with("628120000")
        && normalised.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::values::phone::normalise;

    #[test]
    fn the_made_up_range_is_a_placeholder_in_every_spelling() {
        for written in [
            "0812-0000-0000",
            "0812 0000 1234",
            "+62 812-0000-9999",
            "6281200000001",
            "812-0000-0042",
        ] {
            let n = normalise(written).unwrap();
            assert!(is_placeholder_number(&n), "{written} → {n}");
        }
        for real in [
            "0812-3456-7890",
            "0812-0000-12345",
            "0813-0000-0000",
            "0812-0001-0000",
            "+852 6123 4567",
        ] {
            let n = normalise(real).unwrap();
            assert!(!is_placeholder_number(&n), "{real} → {n}");
        }
    }
}
