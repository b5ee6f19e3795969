//! Where a value stands in a YAML text. The parser has no spans for values that parsed
//! fine, so the document is walked once more along the value's path by a
//! deserializer ([`Seeker`]) that fails on arrival with a marker error, which the
//! parser marks with its position. Only values with a problem are located, so the
//! second parse costs nothing that matters.

use super::{Seg, flow_too_deep};
use crate::diag::Pos;
use serde::Deserialize as _;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

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
    // Whole numbers past 64 bits (`99999999999999999999999`): found as well.
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
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
            locate("q: 99999999999999999999999\n", &[Seg::Key("q")], false),
            Some(Pos::new(1, 4))
        );
        assert_eq!(
            locate_or_parent(DOC, &[Seg::Key("order"), Seg::Key("lazada")]),
            Pos::new(8, 3)
        );
    }
}
