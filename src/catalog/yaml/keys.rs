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
    if flow_too_deep(text).is_some() {
        return Vec::new();
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk_keys(text, &value, &mut Vec::new(), "", allowed, &mut found);
    found
}

fn walk_keys(
    text: &str,
    value: &serde_yaml::Value,
    path: &mut Vec<PathPart>,
    dotted: &str,
    allowed: &dyn Fn(&str, &str) -> bool,
    found: &mut Vec<(String, String, Pos)>,
) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let Some(k) = k.as_str() else { continue };
                path.push(PathPart::Key(k.to_string()));
                if !allowed(dotted, k) {
                    let segs: Vec<Seg<'_>> = path.iter().map(PathPart::seg).collect();
                    let pos = locate(text, &segs, true).unwrap_or(Pos::START);
                    found.push((dotted.to_string(), k.to_string(), pos));
                } else {
                    let child = if dotted.is_empty() {
                        k.to_string()
                    } else {
                        format!("{dotted}.{k}")
                    };
                    walk_keys(text, v, path, &child, allowed, found);
                }
                path.pop();
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(PathPart::Index(i));
                walk_keys(text, v, path, &format!("{dotted}[]"), allowed, found);
                path.pop();
            }
        }
        _ => {}
    }
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
