//! The keys of a YAML document: those at the top level (to find a key given both in
//! `product.yaml` and in `index.md`'s front matter), and every key a schema rejects
//! (to report all the unknown keys of a file in one run, not the parser's first).

use super::{Seg, flow_too_deep, locate};
use crate::diag::Pos;

/// The keys of the top-level mapping, in order, with their positions; empty when the
/// document is not a mapping.
pub fn top_level_keys(text: &str) -> Vec<(String, Pos)> {
    if flow_too_deep(text).is_some() {
        return Vec::new();
    }
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return Vec::new();
    };
    map.keys()
        .filter_map(|k| k.as_str())
        .map(|k| {
            let pos = locate(text, &[Seg::Key(k)], true).unwrap_or(Pos::START);
            (k.to_string(), pos)
        })
        .collect()
}

/// Every key in the document that `allowed` rejects: `allowed(parent_path, key)` gets
/// the dotted path of the mapping (`""` for the top, `order`, `variants[]`) and a key.
/// Used after a parse failed on an unknown key, to report all of them in one run.
pub fn unknown_keys(
    text: &str,
    allowed: &dyn Fn(&str, &str) -> bool,
) -> Vec<(String, String, Pos)> {
    unknown_keys_meant(text, allowed, &|_, _| None)
}

/// [`unknown_keys`], looking inside an unknown key too when `meant(parent_path, key)`
/// names the key it stands for (`varian` for `variants`): its keys are checked as that
/// key's, so `nama:` in a `varian:` entry is found in the same run.
pub fn unknown_keys_meant(
    text: &str,
    allowed: &dyn Fn(&str, &str) -> bool,
    meant: &dyn Fn(&str, &str) -> Option<String>,
) -> Vec<(String, String, Pos)> {
    if flow_too_deep(text).is_some() {
        return Vec::new();
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let rules = Rules { allowed, meant };
    walk_keys(text, &value, &mut Vec::new(), "", &rules, &mut found);
    found
}

struct Rules<'a> {
    allowed: &'a dyn Fn(&str, &str) -> bool,
    meant: &'a dyn Fn(&str, &str) -> Option<String>,
}

fn walk_keys(
    text: &str,
    value: &serde_yaml::Value,
    path: &mut Vec<PathPart>,
    dotted: &str,
    rules: &Rules<'_>,
    found: &mut Vec<(String, String, Pos)>,
) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let Some(k) = k.as_str() else { continue };
                path.push(PathPart::Key(k.to_string()));
                let known = (rules.allowed)(dotted, k);
                if !known {
                    let segs: Vec<Seg<'_>> = path.iter().map(PathPart::seg).collect();
                    let pos = locate(text, &segs, true).unwrap_or(Pos::START);
                    found.push((dotted.to_string(), k.to_string(), pos));
                }
                let as_key = if known {
                    Some(k.to_string())
                } else {
                    (rules.meant)(dotted, k)
                };
                if let Some(as_key) = as_key {
                    let child = if dotted.is_empty() {
                        as_key
                    } else {
                        format!("{dotted}.{as_key}")
                    };
                    walk_keys(text, v, path, &child, rules, found);
                }
                path.pop();
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(PathPart::Index(i));
                walk_keys(text, v, path, &format!("{dotted}[]"), rules, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The value written after the key at `pos` (`key: value`, or `{ key: value, … }`), as
/// written, comment left out; `None` when the key is not found there or nothing follows
/// it on its line (its value is on the lines below).
pub fn written_value<'t>(text: &'t str, pos: Pos, key: &str) -> Option<&'t str> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let at = line
        .char_indices()
        .nth(pos.col.checked_sub(1)?)
        .map(|(b, _)| b)?;
    let value = line[at..].strip_prefix(key)?.strip_prefix(':')?;
    let in_braces = line[..at].trim_end().ends_with(['{', ',']);
    let value = value.trim_start();
    let end = if value.starts_with(['"', '\'']) {
        // A quoted value ends at its closing quote.
        let q = &value[..1];
        value[1..].find(q).map_or(value.len(), |i| i + 2)
    } else if in_braces {
        value.find([',', '}']).unwrap_or(value.len())
    } else {
        value.find(" #").unwrap_or(value.len())
    };
    let value = value[..end].trim();
    (!value.is_empty()).then_some(value)
}

enum PathPart {
    Key(String),
    Index(usize),
}

impl PathPart {
    fn seg(&self) -> Seg<'_> {
        match self {
            PathPart::Key(k) => Seg::Key(k),
            PathPart::Index(i) => Seg::Index(*i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_after_a_key_is_found_as_written() {
        let doc = "harga: 15.000 # murah\nvarian:\n  - { nama: Kecil, harga: \"1,5rb\" }\npesan:\n";
        assert_eq!(written_value(doc, Pos::new(1, 1), "harga"), Some("15.000"));
        assert_eq!(written_value(doc, Pos::new(3, 7), "nama"), Some("Kecil"));
        assert_eq!(
            written_value(doc, Pos::new(3, 20), "harga"),
            Some("\"1,5rb\"")
        );
        assert_eq!(written_value(doc, Pos::new(4, 1), "pesan"), None);
        assert_eq!(written_value(doc, Pos::new(3, 8), "nama"), None);
    }

    #[test]
    fn finds_every_unknown_key() {
        let doc = "name: a\nprise: 1\norder:\n  shopee: x\n  tokopedai: y\n";
        let found = unknown_keys(doc, &|parent, key| match parent {
            "" => ["name", "price", "order"].contains(&key),
            "order" => key == "shopee",
            _ => true,
        });
        assert_eq!(
            found,
            vec![
                (String::new(), "prise".to_string(), Pos::new(2, 1)),
                ("order".to_string(), "tokopedai".to_string(), Pos::new(5, 3)),
            ]
        );
    }
}
