//! Entry points for the fuzz targets in `fuzz/` and for the test that runs their
//! corpora (`tests/etalase/hostile/fuzz.rs`): each takes arbitrary bytes, runs one reader of
//! untrusted input and checks what must hold of its answer. A panic is a finding.
//!
//! Kept in the library so that the fuzzers and the ordinary tests run the very same
//! code; nothing else calls it.

use crate::catalog::schema::{RawCatalog, RawProduct, RawVillage};
use crate::catalog::yaml::{self, Seg};
use crate::diag::Pos;
use std::path::Path;

/// The YAML and front-matter reader, and everything it does for an error message.
pub fn yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (front, body) = match yaml::split_front_matter(&text) {
        Some((front, body, line)) => {
            assert!(line >= 1);
            (front, body)
        }
        None => (&*text, ""),
    };
    crate::catalog::lint::personal_data::scan(body);
    for result in [
        yaml::parse::<RawProduct>(front).map(|_| ()),
        yaml::parse::<RawVillage>(front).map(|_| ()),
        yaml::parse::<RawCatalog>(front).map(|_| ()),
    ] {
        if let Err(e) = result {
            let pos = e.pos.unwrap_or(Pos::START);
            let d =
                crate::catalog::yaml::error_diagnostic(Path::new("product.yaml"), pos, &e, front);
            assert!(!d.message.en.is_empty() && !d.message.id.is_empty());
        }
    }
    // Curly quotes: one character for one, so every line and column stays.
    let straightened = yaml::straighten_quotes(front);
    if let Some((straight, found)) = &straightened {
        assert_eq!(straight.chars().count(), front.chars().count());
        assert_eq!(straight.lines().count(), front.lines().count());
        assert!(!found.is_empty());
    }
    let front = straightened.as_ref().map_or(front, |(s, _)| s.as_str());
    use crate::catalog::key_words::{Meant, meant_key};
    use crate::catalog::schema::FileKind;
    let unknown = yaml::unknown_keys_meant(
        front,
        &|parent, key| crate::catalog::schema::allowed_key(FileKind::Product, parent, key),
        &|parent, key| match meant_key(FileKind::Product, parent, key) {
            Some(Meant::Key(k)) => Some(k.to_string()),
            _ => None,
        },
    );
    for (_, key, pos) in unknown {
        yaml::written_value(front, pos, &key);
    }
    yaml::top_level_keys(front);
    for path in [
        &[Seg::Key("price")][..],
        &[Seg::Key("variants"), Seg::Index(1), Seg::Key("price")],
        &[Seg::Key("order"), Seg::Key("shopee")],
    ] {
        yaml::locate(front, path, true);
        yaml::locate_or_parent(front, path);
    }
}

/// Prices: whatever is read formats back to the same number; a price refused for its
/// unit names a price part that reads (`15.000/pcs` → `15.000`).
pub fn price(data: &[u8]) {
    use crate::catalog::values::price::{PriceProblem, format_rupiah, read_price};
    let text = String::from_utf8_lossy(data);
    match read_price(&text) {
        Ok(value) => assert_eq!(read_price(&format_rupiah(value)), Ok(value), "{text:?}"),
        Err(PriceProblem::WithUnit { price, .. }) => {
            assert!(
                crate::catalog::values::price::parse_rupiah(&price).is_some(),
                "{text:?} → {price:?}"
            );
        }
        Err(_) => {}
    }
    if let Some(value) = crate::catalog::values::price::parse_rupiah(&text) {
        let shown = crate::catalog::values::price::format_rupiah(value);
        assert_eq!(
            crate::catalog::values::price::parse_rupiah(&shown),
            Some(value),
            "{text:?} → {shown}"
        );
    }
}

/// WhatsApp numbers: a normalised number is digits only and normalises to itself.
pub fn phone(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(number) = crate::catalog::values::phone::normalise(&text) {
        assert!(number.bytes().all(|b| b.is_ascii_digit()), "{number}");
        assert!((8..=15).contains(&number.len()), "{number}");
        assert_eq!(
            crate::catalog::values::phone::normalise(&format!("+{number}")),
            Ok(number.clone())
        );
    }
}

/// Slugs: lower-case ASCII words joined by single dashes; a slug is its own slug.
pub fn slug(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let slug = crate::catalog::values::slug::slugify(&text);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    assert_eq!(crate::catalog::values::slug::slugify(&slug), slug);
}

/// The photo path: header probe, then decoding with limits and resizing, for inputs of
/// at most 2 megapixels (bigger legal photos only make the fuzzer slow; the limits
/// themselves are checked from the header, which every input goes through).
pub fn image(data: &[u8]) {
    let Ok(info) = crate::photos::probe(data) else {
        return;
    };
    assert!(info.width > 0 && info.height > 0);
    assert!(
        u64::from(info.width) * u64::from(info.height) <= crate::photos::MAX_MEGAPIXELS * 1_000_000
    );
    if u64::from(info.width) * u64::from(info.height) > 2_000_000 {
        return;
    }
    crate::photos::is_complete(data, info.format);
    let settings = crate::photos::ImageSettings {
        widths: vec![16, 64],
        quality: 50,
    };
    if let Ok(images) = crate::photos::web_pixels(data.to_vec(), &settings) {
        for img in &images {
            assert!(img.width() <= info.width.max(16) && img.height() > 0);
        }
    }
}

/// Markdown from contributors: no tag or attribute that can run script comes out.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = crate::site::markdown::to_html(&text);
    for (tag, attrs) in tags(&html) {
        assert!(
            ![
                "script", "iframe", "form", "object", "embed", "style", "svg", "math", "base",
                "meta", "link"
            ]
            .contains(&tag.as_str()),
            "<{tag}> in {html}"
        );
        for (name, value) in attrs {
            assert!(!name.starts_with("on"), "{name}= in {html}");
            // Only attributes a browser follows as a URL; `title="javascript:x"` is text.
            let url_attr = [
                "href",
                "src",
                "action",
                "formaction",
                "cite",
                "background",
                "poster",
                "data",
                "xlink:href",
            ];
            if !url_attr.contains(&name.as_str()) {
                continue;
            }
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !(v.starts_with("javascript:")
                    || v.starts_with("data:")
                    || v.starts_with("vbscript:")),
                "{name}={value} in {html}"
            );
        }
    }
}

/// The start tags of serialised HTML (what etalase writes: attribute values quoted), lower-case, with their attributes. Text never
/// holds a raw `<` (the serialiser escapes it), so every `<` opens a tag.
pub fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || b.get(i + 1).is_some_and(|c| *c == b'/' || *c == b'!') {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let a = i;
            while i < b.len() && !b"= />".contains(&b[i]) && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            let attr = html[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
                if let Some(q) = quote {
                    i += 1;
                    let v = i;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                    i += 1;
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

/// A fuzz target: arbitrary bytes in, a panic when something does not hold.
pub type Target = fn(&[u8]);

/// The targets by name, for the corpus test.
pub const TARGETS: &[(&str, Target)] = &[
    ("yaml", yaml),
    ("price", price),
    ("phone", phone),
    ("slug", slug),
    ("image", image),
    ("markdown", markdown),
];
