//! Language codes: the `language:` of `catalog.yaml` and the `<code>` of a translated
//! text's file name (`index.en.md`). One rule for both, so a site language and its
//! translations always agree on what a code is.

/// `id`, `en`, `jv`, `su`: two or three lower-case ASCII letters, as `i18n/<code>.yaml`
/// and `index.<code>.md` name them. Nothing is said about whether the language exists:
/// the theme's words for it are looked for when the site is built.
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::is_language_code;

    #[test]
    fn two_or_three_lower_case_letters() {
        for code in ["id", "en", "jv", "su", "ban"] {
            assert!(is_language_code(code), "{code}");
        }
        for code in ["", "e", "EN", "En", "engl", "e1", "pt-BR", "é", " en"] {
            assert!(!is_language_code(code), "{code:?}");
        }
    }
}
