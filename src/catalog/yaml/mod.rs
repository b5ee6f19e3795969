//! Every YAML call of etalase lives here.
//!
//! `yaml_serde` (the maintained continuation of `serde_yaml`) parses the files into the
//! raw structs of [`crate::catalog::schema`]. It reports syntax and type errors with a position, but
//! it has no spans for values that parsed fine, and rule errors (a bad price, a link to
//! the wrong host) are found later, on parsed values. [`locate`] finds their line and
//! column by walking the document once more to the value in question and raising an
//! error there, which the parser marks with its position. Files are small and this only
//! runs for values that have a problem, so the second parse costs nothing that matters.
//! [`messages`] turns the parser's errors into sentences a volunteer can act on.

pub mod messages;

use crate::diag::Pos;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use std::fmt;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A YAML problem: where (when known) and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Option<Pos>,
    /// The parser's message without its position, e.g. "unknown field `prise`, expected
    /// one of `name`, `category`" or "did not find expected key".
    pub message: String,
    /// The dotted path of the value the message is about (`variants[1].price`), when the
    /// parser knew it.
    pub path: Option<String>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing. The
/// deserializer stops at 128 levels by itself, but the scanner before it takes time
/// quadratic in the depth: 100,000 `[` would take minutes.
const MAX_FLOW_DEPTH: usize = 128;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`]. Brackets inside
/// quoted text count too: no catalog value holds 128 unclosed ones.
fn flow_too_deep(text: &str) -> Option<Pos> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1, 0);
    for c in text.chars() {
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(Pos::new(line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a whole document into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(pos) = flow_too_deep(text) {
        return Err(YamlError {
            pos: Some(pos),
            message: "recursion limit exceeded".into(),
            path: None,
        });
    }
    // An empty file (or one holding only comments) is an empty mapping to a volunteer.
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return serde_yaml::from_str("{}").map_err(|e| to_error(&e));
    }
    serde_yaml::from_str(text).map_err(|e| to_error(&e))
}

/// Parses a small YAML file of the theme (the interface words): a flat map of text.
pub fn parse_words(text: &str) -> Result<indexmap::IndexMap<String, String>, YamlError> {
    parse(text)
}

fn to_error(e: &serde_yaml::Error) -> YamlError {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line().max(1), l.column().max(1)));
    let mut text = e.to_string();
    // Drop the position the parser appends: we print our own in front.
    if let Some(i) = text.find(" at line ") {
        text.truncate(i);
    }
    // Message errors come as "path: message"; keep the path apart.
    let mut path = None;
    if let Some((p, rest)) = text.split_once(": ")
        && !p.contains(' ')
        && (p.contains('.')
            || p.contains('[')
            || p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && !rest.is_empty()
    {
        path = Some(p.to_string());
        text = rest.to_string();
    }
    YamlError {
        pos,
        message: text,
        path,
    }
}

/// The position of the value at `path` (of the key itself when `key` is true), or `None`
/// when the document does not hold that path.
pub fn locate(text: &str, path: &[Seg<'_>], key: bool) -> Option<Pos> {
    let value = locate_value(text, path)?;
    match (key, path.last()) {
        (true, Some(Seg::Key(k))) => Some(key_before(text, value, k).unwrap_or(value)),
        _ => Some(value),
    }
}

/// The parser marks a map key with the position of the event before it, so a key is
/// found from its value instead: the last occurrence of the key text before the value.
fn key_before(text: &str, value: Pos, key: &str) -> Option<Pos> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == value.line {
            offset += line
                .char_indices()
                .nth(value.col - 1)
                .map_or(line.len(), |(b, _)| b);
            break;
        }
        offset += line.len();
    }
    let before = &text[..offset.min(text.len())];
    let at = before.rfind(key)?;
    let line_start = before[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = before[..at].matches('\n').count() + 1;
    let col = before[line_start..at].chars().count() + 1;
    Some(Pos::new(line, col))
}

fn locate_value(text: &str, path: &[Seg<'_>]) -> Option<Pos> {
    if flow_too_deep(text).is_some() {
        return None;
    }
    let de = serde_yaml::Deserializer::from_str(text);
    match (Seeker { path, key: false }).deserialize(de) {
        Err(e) if e.to_string().contains(FOUND) => e
            .location()
            .map(|l| Pos::new(l.line().max(1), l.column().max(1))),
        _ => None,
    }
}

/// The position of the value at `path`, else of the nearest parent that exists, else
/// the start of the file: a rule error always has somewhere to point.
pub fn locate_or_parent(text: &str, path: &[Seg<'_>]) -> Pos {
    (0..=path.len())
        .rev()
        .find_map(|n| {
            if n == 0 {
                None
            } else {
                locate(text, &path[..n], false)
            }
        })
        .unwrap_or(Pos::START)
}

/// The raw text of the scalar at `pos` as written in the file (up to the end of the line
/// or a comment), for values whose parsed form lost what the volunteer meant: `12.500`
/// parses as the float 12.5 but means twelve thousand five hundred rupiah.
pub fn raw_scalar_at(text: &str, pos: Pos) -> Option<&str> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let start = line.char_indices().nth(pos.col.checked_sub(1)?)?.0;
    let rest = &line[start..];
    let end = rest
        .find(" #")
        .or_else(|| rest.find([',', '}', ']']))
        .unwrap_or(rest.len());
    Some(rest[..end].trim())
}

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

/// Splits a Markdown file into its YAML front matter and body: `Some((yaml, body,
/// first_yaml_line))` when the file starts with a `---` line and has a closing `---`
/// (or `...`) line. `first_yaml_line` is the 1-based line of the YAML's first line in
/// the file, to shift positions by.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, 2));
        }
        offset += line.len();
    }
    None
}

const FOUND: &str = "\u{1}etalase-found";

/// Walks the document along `path` and fails at its end, so the parser marks the spot.
struct Seeker<'p, 'a> {
    path: &'p [Seg<'a>],
    key: bool,
}

struct Found;

impl<'de> DeserializeSeed<'de> for Found {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        // Deserialize as anything; the visitor refuses at once, raising the marker error
        // at this node's position.
        d.deserialize_any(FoundVisitor)
    }
}

struct FoundVisitor;

impl<'de> Visitor<'de> for FoundVisitor {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

/// A map key: fails with the marker when it is the key sought and its own position is
/// wanted; otherwise says whether it matched.
struct KeySeed<'a> {
    want: &'a str,
    fail_here: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        let key = serde_yaml::Value::deserialize(d)?;
        let matched = match &key {
            serde_yaml::Value::String(s) => s == self.want,
            serde_yaml::Value::Number(n) => n.to_string() == self.want,
            serde_yaml::Value::Bool(b) => b.to_string() == self.want,
            _ => false,
        };
        if matched && self.fail_here {
            return Err(de::Error::custom(FOUND));
        }
        Ok(matched)
    }
}

use serde::Deserialize as _;

impl<'de> DeserializeSeed<'de> for Seeker<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            return Found.deserialize(d);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seeker<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping or a sequence")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Seg::Key(want) = self.path[0] else {
            return Err(de::Error::custom("not here"));
        };
        let last = self.path.len() == 1;
        while let Some(matched) = map.next_key_seed(KeySeed {
            want,
            fail_here: last && self.key,
        })? {
            if matched {
                return map.next_value_seed(Seeker {
                    path: &self.path[1..],
                    key: self.key,
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom("not here"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Seg::Index(want) = self.path[0] else {
            return Err(de::Error::custom("not here"));
        };
        for _ in 0..want {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom("not here"));
            }
        }
        seq.next_element_seed(Seeker {
            path: &self.path[1..],
            key: self.key,
        })?;
        Err(de::Error::custom("not here"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: Jamu\nprice: dua belas ribu\nvariants:\n  - { name: 250 ml, price: 12000 }\n  - name: 1 liter\n    price: x\norder:\n  shopee: https://example.com\n";

    #[test]
    fn locates_values_and_keys() {
        assert_eq!(
            locate(DOC, &[Seg::Key("price")], false),
            Some(Pos::new(2, 8))
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("price")], true),
            Some(Pos::new(2, 1))
        );
        assert_eq!(
            locate(
                DOC,
                &[Seg::Key("variants"), Seg::Index(0), Seg::Key("price")],
                false
            ),
            Some(Pos::new(4, 28))
        );
        assert_eq!(
            locate(
                DOC,
                &[Seg::Key("variants"), Seg::Index(1), Seg::Key("price")],
                false
            ),
            Some(Pos::new(6, 12))
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("order"), Seg::Key("shopee")], false),
            Some(Pos::new(8, 11))
        );
        assert_eq!(locate(DOC, &[Seg::Key("nope")], false), None);
        assert_eq!(
            locate_or_parent(DOC, &[Seg::Key("order"), Seg::Key("lazada")]),
            Pos::new(8, 3)
        );
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

    #[test]
    fn reads_the_raw_scalar() {
        let doc = "price: 12.500 # rupiah\n";
        assert_eq!(raw_scalar_at(doc, Pos::new(1, 8)), Some("12.500"));
    }

    #[test]
    fn splits_front_matter_with_crlf() {
        let md = "---\r\nname: A\r\n---\r\nBody\r\n";
        let (yaml, body, line) = split_front_matter(md).unwrap();
        assert_eq!(yaml, "name: A\r\n");
        assert_eq!(body, "Body\r\n");
        assert_eq!(line, 2);
        assert!(split_front_matter("# Title\n").is_none());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse::<serde_yaml::Value>("name: a\n  bad: [\n").unwrap_err();
        assert!(e.pos.is_some());
        assert!(!e.message.contains(" at line "));
    }
}
