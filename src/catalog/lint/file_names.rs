//! File and folder names that Windows cannot hold.
//!
//! A catalog is often kept in git and checked out by a volunteer on Windows, or sent
//! as a zip. A name with `<>:"|?*`, a control character, a trailing dot or space, or a
//! reserved device name (`CON`, `aux.jpg`, `COM1`…) builds fine on Linux but cannot be
//! checked out or unzipped there: git stops with "invalid path". So such names are a
//! warning naming the rename, not an error: the site itself is fine.

use crate::diag::{Diagnostic, Pos};
use crate::text;
use std::path::Path;

/// Device names Windows reserves, with or without an extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why Windows refuses `name`, in English and Indonesian, or `None` when it is fine.
pub fn windows_problem(name: &str) -> Option<(String, String)> {
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\') || c.is_control())
    {
        let shown = if c.is_control() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Some((
            format!("it holds the character `{shown}`"),
            format!("ada tanda `{shown}` di dalamnya"),
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some((
            "it ends with a dot or a space".into(),
            "diakhiri titik atau spasi".into(),
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if RESERVED.iter().any(|r| stem.eq_ignore_ascii_case(r)) {
        return Some((
            format!("`{stem}` is a name Windows reserves for a device"),
            format!("`{stem}` adalah nama yang dipakai Windows untuk perangkat"),
        ));
    }
    None
}

/// A warning for the file or folder at `path` when Windows cannot hold its name.
pub fn check(path: &Path, name: &str) -> Option<Diagnostic> {
    let (why_en, why_id) = windows_problem(name)?;
    Some(
        Diagnostic::warning(
            path,
            Pos::START,
            text!(
                en: "this name cannot be used on Windows ({why_en}): the catalog cannot be copied or checked out there",
                id: "nama ini tidak bisa dipakai di Windows ({why_id}): katalog tidak bisa disalin atau di-checkout di sana"
            ),
        )
        .help(text!(
            en: "rename it with only letters, digits, spaces and dashes, like `foto-depan.jpg`",
            id: "ganti namanya dengan huruf, angka, spasi dan tanda minus saja, misalnya `foto-depan.jpg`"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::windows_problem;

    #[test]
    fn names_windows_refuses() {
        for bad in [
            "foto:depan.jpg",
            "a<b",
            "apa?.jpg",
            "x*y",
            "pipa|.png",
            "kutip\".jpg",
            "foto.",
            "foto ",
            "CON",
            "aux.jpg",
            "Com1.png",
            "lpt9",
            "tab\there",
        ] {
            assert!(windows_problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "foto-depan.jpg",
            "Keripik Paré Bu Siti",
            "console.jpg",
            "auxiliary",
            "com10.jpg",
            "product.yaml",
        ] {
            assert_eq!(windows_problem(good), None, "{good:?}");
        }
    }
}
