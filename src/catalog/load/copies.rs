//! Product folders that are a copy of another: a file manager's copy of `sagon` is
//! `sagon - Copy` (Windows; `sagon - Salinan` in Indonesian), `sagon (2)`, `sagon copy`
//! (macOS), `sagon (copy)` (GNOME) or `Copy of sagon`. Left unchanged, the copy is a
//! second product page for the same product, so a folder named as a copy of another in
//! the same folder, holding the same product, is a warning naming both. "The same
//! product" is the same `name:` (letter case and spaces around it aside), or, when a
//! name is missing, the very same text in every file: a folder `sagon (2)` holding
//! another product is a volunteer's choice of name, and says nothing.
//!
//! The copy is still published (it is a product like any other): the warning says so,
//! and its help names the two ways out.

use super::ProductSource;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::Path;

/// Warns about each product folder in `products` (one village's) that is named as a
/// copy of another beside it and holds the same product.
pub(super) fn check_copies(products: &[ProductSource], diags: &mut Diagnostics) {
    let by_name: HashMap<(Option<&Path>, String), &ProductSource> =
        products.iter().map(|p| (folder(p), p)).collect();
    for copy in products {
        let (parent, name) = folder(copy);
        let original = copy_bases(&name).into_iter().find_map(|base| {
            by_name
                .get(&(parent, base))
                .filter(|original| same_product(copy, original))
        });
        if let Some(original) = original {
            diags.push(warning(copy, original));
        }
    }
}

/// A product's folder: the folder it is in, and its name in lower case.
fn folder(p: &ProductSource) -> (Option<&Path>, String) {
    let name = p.dir.file_name().unwrap_or_default().to_string_lossy();
    (p.dir.parent(), name.to_lowercase())
}

fn warning(copy: &ProductSource, original: &ProductSource) -> Diagnostic {
    let (path, pos) = copy.doc.at(&[Seg::Key("name")]);
    let name = |p: &ProductSource| {
        p.dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let (copy, original) = (name(copy), name(original));
    Diagnostic::warning(
        &path,
        pos,
        crate::text!(
            en: "the folder `{copy}` looks like a copy of the folder `{original}` and holds the same product: the site shows it twice",
            id: "folder `{copy}` tampaknya salinan folder `{original}` dan berisi produk yang sama: produk ini tampil dua kali di situs"
        ),
    )
    .help(crate::text!(
        en: "if it is a leftover copy, delete the folder `{copy}`; if it is another product, give it its own `name:` and rename its folder (until then, both are published)",
        id: "kalau ini salinan yang tertinggal, hapus folder `{copy}`; kalau ini produk lain, beri `name:` sendiri dan ganti nama foldernya (sampai saat itu keduanya tetap diterbitkan)"
    ))
}

/// Whether two folders hold the same product: the same `name:`, or (a name missing)
/// the same text in every file read.
fn same_product(a: &ProductSource, b: &ProductSource) -> bool {
    let name = |p: &ProductSource| {
        p.doc
            .raw
            .name
            .as_ref()
            .map(|n| n.0.trim().to_lowercase())
            .filter(|n| !n.is_empty())
    };
    match (name(a), name(b)) {
        (Some(x), Some(y)) => x == y,
        _ => {
            a.doc.files.len() == b.doc.files.len()
                && a.doc
                    .files
                    .iter()
                    .zip(&b.doc.files)
                    .all(|(x, y)| x.text == y.text)
        }
    }
}

/// The names (lower-case) of which `name` (lower-case) is a file manager's copy, the
/// first copied first: `sagon - copy (2)` → `sagon`, then `sagon - copy`.
fn copy_bases(name: &str) -> Vec<String> {
    let s = name.trim();
    let mut bases: Vec<&str> = Vec::new();
    // Windows: `Copy of sagon` (older versions), `Copy (2) of sagon`.
    if let Some(rest) = s.strip_prefix("copy of ") {
        bases.push(rest);
    }
    if let Some((n, rest)) = s
        .strip_prefix("copy (")
        .and_then(|rest| rest.split_once(") of "))
        && is_number(n)
    {
        bases.push(rest);
    }
    // Windows: `sagon - Copy`, `sagon - Copy (2)`, `sagon - Salinan`; and `sagon (2)`.
    let numbered = in_parentheses(s).filter(|(_, n)| is_number(n));
    let unnumbered = numbered.map_or(s, |(before, _)| before);
    for word in [" - copy", " - salinan"] {
        bases.extend(unnumbered.strip_suffix(word));
    }
    // macOS: `sagon copy`, `sagon copy 2`, `sagon salinan`, `sagon salinan 2`.
    let unnumbered_mac = match s.rsplit_once(' ') {
        Some((before, n)) if is_number(n) => before,
        _ => s,
    };
    for word in [" copy", " salinan"] {
        bases.extend(unnumbered_mac.strip_suffix(word));
    }
    // GNOME: `sagon (copy)`, `sagon (another copy)`, `sagon (3rd copy)`, and in
    // Indonesian `sagon (salinan)`, `sagon (salinan lain)`, `sagon (salinan ke-3)`.
    if let Some((before, inner)) = in_parentheses(s)
        && is_gnome_copy(inner)
    {
        bases.push(before);
    }
    // Last: `sagon (2)` may also be the second copy of `sagon - copy`'s kind above.
    bases.extend(numbered.map(|(before, _)| before));
    let mut out: Vec<String> = Vec::new();
    for base in bases.into_iter().map(str::trim_end) {
        if !base.is_empty() && !out.iter().any(|b| b == base) {
            out.push(base.to_string());
        }
    }
    out
}

/// `sagon (x)` → (`sagon`, `x`).
fn in_parentheses(s: &str) -> Option<(&str, &str)> {
    s.strip_suffix(')')?.rsplit_once(" (")
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What GNOME's file manager puts in parentheses after a copy's name.
fn is_gnome_copy(inner: &str) -> bool {
    if matches!(inner, "copy" | "another copy" | "salinan" | "salinan lain") {
        return true;
    }
    if let Some(n) = inner.strip_prefix("salinan ke-") {
        return is_number(n);
    }
    inner.strip_suffix(" copy").is_some_and(|nth| {
        ["st", "nd", "rd", "th"]
            .iter()
            .any(|end| nth.strip_suffix(end).is_some_and(is_number))
    })
}

#[cfg(test)]
mod tests {
    use super::copy_bases;

    #[test]
    fn names_of_copies_give_the_original() {
        for name in [
            "sagon - copy",
            "sagon - copy (2)",
            "sagon - salinan",
            "sagon - salinan (3)",
            "sagon (2)",
            "sagon copy",
            "sagon copy 2",
            "sagon salinan",
            "sagon (copy)",
            "sagon (another copy)",
            "sagon (3rd copy)",
            "sagon (salinan)",
            "copy of sagon",
            "copy (2) of sagon",
        ] {
            assert_eq!(
                copy_bases(name).first().map(String::as_str),
                Some("sagon"),
                "{name}"
            );
        }
    }

    #[test]
    fn other_names_are_no_copies() {
        for name in [
            "sagon",
            "sagon 2",
            "sagon kelapa",
            "sagon (besar)",
            "copy",
            "(2)",
        ] {
            assert_eq!(copy_bases(name), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn a_numbered_copy_of_a_copy_also_names_the_copy() {
        assert_eq!(copy_bases("sagon - copy (2)"), ["sagon", "sagon - copy"]);
    }
}
