//! Slugs: the URL part made from a folder name.
//!
//! Lower-case ASCII, words joined by `-`, accents folded: `Keripik Paré Bu Siti` →
//! `keripik-pare-bu-siti`.

/// The slug of a folder or file name; empty when nothing usable is left (a name of only
/// symbols), which the caller reports.
pub fn slugify(name: &str) -> String {
    let folded = deunicode::deunicode(name);
    let mut slug = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Bu Siti's" → "bu-sitis": an apostrophe joins, it does not split.
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// `slug` cut to at most `max` bytes, at a word's end where one is near (slugs are
/// ASCII, so any byte is a boundary).
pub fn shorten(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(i) if i >= max / 2 => &cut[..i],
        _ => cut.trim_end_matches('-'),
    }
}

#[cfg(test)]
mod tests {
    use super::{shorten, slugify};

    #[test]
    fn shortens_at_a_word_end() {
        assert_eq!(shorten("keripik-pare", 20), "keripik-pare");
        assert_eq!(shorten("keripik-pare-bu-siti", 14), "keripik-pare");
        assert_eq!(shorten("aaaaaaaaaa-b", 8), "aaaaaaaa");
        assert_eq!(shorten("zhong-zhong-zhong", 12), "zhong-zhong");
    }

    #[test]
    fn folds_accents_and_joins_words() {
        assert_eq!(slugify("Keripik Paré Bu Siti"), "keripik-pare-bu-siti");
        assert_eq!(slugify("  Jamu  Kunyit__Asam!! "), "jamu-kunyit-asam");
        assert_eq!(slugify("DSC_0042"), "dsc-0042");
        assert_eq!(slugify("Bu Siti's"), "bu-sitis");
        assert_eq!(slugify("Crème brûlée"), "creme-brulee");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("---"), "");
    }
}
