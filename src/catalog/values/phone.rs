//! WhatsApp numbers: normalised to the international form `62…` that `wa.me` wants.

/// Normalises an Indonesian mobile number: `0812-3456-7890`, `+62 812 3456 7890`,
/// `62812…`, `(0812) 3456 7890` and `812…` (a number YAML read as an integer, having
/// dropped its leading zero) all become `6281234567890`. Foreign numbers written with
/// `+` and a country code (a relative in Hong Kong: `+852 …`) are kept as they are.
pub fn normalise(text: &str) -> Result<String, PhoneError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(PhoneError::Empty);
    }
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_ascii_digit() || " -.()+/".contains(*c)))
    {
        return Err(PhoneError::BadCharacter(c));
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    // `+` or the prefix `00` (once) as dialled from abroad; what follows is a country
    // code, which never starts with 0. Stripping every leading `00` (as before) made
    // `0000 62 814…` a "foreign" number that was really a short Indonesian one.
    let (international, digits) = if t.starts_with('+') {
        (true, digits)
    } else if t.starts_with("00") {
        (true, digits[2..].to_string())
    } else {
        (false, digits)
    };
    if international && digits.starts_with('0') {
        return Err(PhoneError::NotMobile);
    }
    let number = if international && !digits.starts_with("62") {
        // Another country: trust the country code, check only the length.
        return if (8..=15).contains(&digits.len()) {
            Ok(digits)
        } else {
            Err(PhoneError::Length(digits.len()))
        };
    } else if let Some(rest) = digits.strip_prefix("62") {
        format!("62{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("62{rest}")
    } else if digits.starts_with('8') {
        format!("62{digits}")
    } else {
        return Err(PhoneError::NotMobile);
    };
    // Indonesian mobile numbers: 62 8xx, 9 to 12 digits after 62.
    let national = &number[2..];
    if !national.starts_with('8') {
        return Err(PhoneError::NotMobile);
    }
    if !(9..=12).contains(&national.len()) {
        return Err(PhoneError::Length(national.len() + 1));
    }
    Ok(number)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    BadCharacter(char),
    /// Not a mobile number (WhatsApp needs one): does not start with 08 / +62 8.
    NotMobile,
    /// Too short or too long, with the count of digits found (as written locally).
    Length(usize),
}

impl PhoneError {
    /// What is wrong, in both interface languages.
    pub fn text(&self) -> crate::diag::Text {
        use crate::text;
        match self {
            PhoneError::Empty => {
                text!(en: "the WhatsApp number is empty", id: "nomor WhatsApp kosong")
            }
            PhoneError::BadCharacter(c) => text!(
                en: "a WhatsApp number holds only digits, spaces and -, not {c:?}",
                id: "nomor WhatsApp hanya boleh berisi angka, spasi dan -, bukan {c:?}"
            ),
            PhoneError::NotMobile => text!(
                en: "a WhatsApp number must be a mobile number starting with 08 or +62 8",
                id: "nomor WhatsApp harus nomor HP yang diawali 08 atau +62 8"
            ),
            PhoneError::Length(n) => text!(
                en: "a WhatsApp number has 10 to 13 digits, not {n}",
                id: "nomor WhatsApp terdiri dari 10 sampai 13 angka, bukan {n}"
            ),
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_usual_ways() {
        for text in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "(0812) 3456 7890",
            "812 3456 7890",
            "0062 812-3456-7890",
            "+62 (812) 3456.7890",
        ] {
            assert_eq!(normalise(text).as_deref(), Ok("6281234567890"), "{text}");
        }
        assert_eq!(normalise("+852 9123 4567").as_deref(), Ok("85291234567"));
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        assert_eq!(normalise(""), Err(PhoneError::Empty));
        assert_eq!(normalise("0812-abc"), Err(PhoneError::BadCharacter('a')));
        assert_eq!(normalise("021 555 1234"), Err(PhoneError::NotMobile));
        assert_eq!(normalise("0812 34"), Err(PhoneError::Length(6)));
        // Found by the fuzzer: leading zeros beyond the `00` prefix are no country.
        assert_eq!(normalise("0000628145678"), Err(PhoneError::NotMobile));
        assert_eq!(normalise("+00000062812345+"), Err(PhoneError::NotMobile));
        assert_eq!(normalise("00628145678"), Err(PhoneError::Length(8)));
        assert_eq!(
            normalise("0812 3456 7890 1234"),
            Err(PhoneError::Length(16))
        );
    }
}
