//! The files as written: raw serde structs, one per kind of file.
//!
//! They accept what YAML can hold and nothing more (`deny_unknown_fields`, so a typo
//! like `prise:` is caught); every field is optional so that a missing required field is
//! reported by [`crate::catalog::resolve`] with a message of our own rather than serde's. The
//! rules (what a price may look like, which hosts a Shopee link may have) are applied
//! when resolving, not here.

use indexmap::IndexMap;
use serde::Deserialize;

/// A YAML scalar a volunteer may write several ways: `12000`, `12.000`, `"Rp 12.000"`,
/// `0812…` unquoted (an integer to YAML).
///
/// Deserialised by one visitor rather than `#[serde(untagged)]`: an untagged enum buffers
/// each value and tries the variants in turn, building an error for every miss (about 1%
/// of a 10,000-product build's CPU), and when nothing fits it says only "data did not
/// match any variant", where this says what was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

/// What [`Scalar`] expects, in the parser's "invalid type" message
/// ([`crate::catalog::yaml::error_diagnostic`] words it for volunteers).
pub const SCALAR_EXPECTED: &str = "text or a number";

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> serde::de::Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(SCALAR_EXPECTED)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                // Past i64 a whole number is kept the way the untagged enum kept it.
                Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            // A list or map is read to its end before it is refused: the parser reads
            // as it goes, and a mistake inside (an unclosed `[`) is the one to report.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Scalar, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Seq,
                    &self,
                ))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Scalar, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Map,
                    &self,
                ))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

impl Scalar {
    /// The value as text, the way YAML would print it back.
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub title: Option<Scalar>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub whatsapp: Option<Scalar>,
    pub categories: Option<IndexMap<String, String>>,
    pub images: Option<RawImages>,
    /// A picture file in the content folder for the home-screen icons (read by
    /// [`crate::site::icons::load_logo`]).
    pub logo: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    pub widths: Option<Vec<u32>>,
    pub quality: Option<u8>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVillage {
    pub name: Option<Scalar>,
    pub district: Option<String>,
    pub regency: Option<String>,
    pub province: Option<String>,
    pub group: Option<String>,
    pub whatsapp: Option<Scalar>,
    pub photos: Option<Vec<String>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub name: Option<Scalar>,
    /// The name on an English site (`language: en`).
    pub name_en: Option<Scalar>,
    pub category: Option<String>,
    pub price: Option<Scalar>,
    pub unit: Option<Scalar>,
    pub availability: Option<String>,
    pub variants: Option<Vec<RawVariant>>,
    pub photos: Option<Vec<String>>,
    pub tags: Option<Vec<Scalar>>,
    pub maker: Option<String>,
    pub order: Option<RawOrder>,
    pub labels: Option<RawLabels>,
    /// When the product joined the catalog, `2026-05-01` (for the feed of new products).
    pub added: Option<Scalar>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub name: Option<Scalar>,
    pub price: Option<Scalar>,
}

/// Order channels, in the order buttons are shown.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrder {
    pub whatsapp: Option<Scalar>,
    pub tokopedia: Option<String>,
    pub shopee: Option<String>,
    pub lazada: Option<String>,
    pub tiktok: Option<String>,
    pub bukalapak: Option<String>,
    pub blibli: Option<String>,
    pub instagram: Option<String>,
    pub facebook: Option<String>,
    pub website: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLabels {
    pub pirt: Option<Scalar>,
    pub halal: Option<Scalar>,
    pub bpom: Option<Scalar>,
}

/// The keys each kind of file accepts, by the dotted path of their mapping (`""` the top,
/// `variants[]` each variant). Kept beside the structs they describe; a test checks the
/// two agree.
pub fn allowed_key(kind: FileKind, parent: &str, key: &str) -> bool {
    keys_of(kind, parent).is_none_or(|keys| keys.contains(&key))
}

/// The known keys of one mapping, or `None` where any key goes (the category map).
pub fn keys_of(kind: FileKind, parent: &str) -> Option<&'static [&'static str]> {
    Some(match (kind, parent) {
        (FileKind::Catalog, "") => &[
            "title",
            "description",
            "language",
            "base_url",
            "whatsapp",
            "categories",
            "images",
            "logo",
        ],
        (FileKind::Catalog, "images") => &["widths", "quality"],
        (FileKind::Village, "") => &[
            "name", "district", "regency", "province", "group", "whatsapp", "photos",
        ],
        (FileKind::Product, "") => &[
            "name",
            "name_en",
            "category",
            "price",
            "unit",
            "availability",
            "variants",
            "photos",
            "tags",
            "maker",
            "order",
            "labels",
            "added",
        ],
        (FileKind::Product, "variants[]") => &["name", "price"],
        (FileKind::Product, "order") => ORDER_KEYS,
        (FileKind::Product, "labels") => &["pirt", "halal", "bpom"],
        _ => return None,
    })
}

/// The order channels a product may name.
pub const ORDER_KEYS: &[&str] = &[
    "whatsapp",
    "tokopedia",
    "shopee",
    "lazada",
    "tiktok",
    "bukalapak",
    "blibli",
    "instagram",
    "facebook",
    "website",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Catalog,
    Village,
    Product,
}

impl FileKind {
    /// The YAML file of this kind, as the format names it.
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Catalog => "catalog.yaml",
            FileKind::Village => "village.yaml",
            FileKind::Product => "product.yaml",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each struct's fields and the key list must agree, or unknown-key reports lie.
    #[test]
    fn key_lists_match_the_structs() {
        let full_product = "name: a\nname_en: e\ncategory: b\nprice: 1\nunit: c\navailability: d\nvariants: [{name: a, price: 1}]\nphotos: []\ntags: []\nmaker: m\norder: {whatsapp: '1', tokopedia: a, shopee: a, lazada: a, tiktok: a, bukalapak: a, blibli: a, instagram: a, facebook: a, website: a}\nlabels: {pirt: a, halal: b, bpom: c}\nadded: 2026-05-01\n";
        crate::catalog::yaml::parse::<RawProduct>(full_product).unwrap();
        for key in keys_of(FileKind::Product, "").unwrap() {
            assert!(full_product.contains(&format!("{key}:")), "{key}");
        }
        let full_catalog = "title: a\ndescription: b\nlanguage: id\nbase_url: u\nwhatsapp: '1'\ncategories: {a: b}\nimages: {widths: [1], quality: 2}\nlogo: l.png\n";
        crate::catalog::yaml::parse::<RawCatalog>(full_catalog).unwrap();
        for key in keys_of(FileKind::Catalog, "").unwrap() {
            assert!(full_catalog.contains(&format!("{key}:")), "{key}");
        }
        let full_village =
            "name: a\ndistrict: b\nregency: c\nprovince: d\ngroup: e\nwhatsapp: '1'\nphotos: []\n";
        crate::catalog::yaml::parse::<RawVillage>(full_village).unwrap();
        for key in keys_of(FileKind::Village, "").unwrap() {
            assert!(full_village.contains(&format!("{key}:")), "{key}");
        }
    }

    /// The one visitor reads each form a volunteer writes as the untagged enum it
    /// replaced did.
    #[test]
    fn a_scalar_keeps_the_kind_the_untagged_enum_gave_it() {
        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        enum Untagged {
            Int(i64),
            Float(f64),
            Bool(bool),
            Text(String),
        }
        let list = "[12000, 12.000, \"Rp 12.000\", 081234, 0x1F, 1e3, .5, true, True, no, teks, \
                    1.5, 18446744073709551615, -3, 2026-05-01, '7', .nan, -.inf]";
        let ours: Vec<Scalar> = crate::catalog::yaml::parse(list).unwrap();
        let theirs: Vec<Untagged> = crate::catalog::yaml::parse(list).unwrap();
        assert_eq!(ours.len(), theirs.len());
        for (o, t) in ours.iter().zip(&theirs) {
            let same = match (o, t) {
                (Scalar::Int(a), Untagged::Int(b)) => a == b,
                (Scalar::Float(a), Untagged::Float(b)) => a.to_bits() == b.to_bits(),
                (Scalar::Bool(a), Untagged::Bool(b)) => a == b,
                (Scalar::Text(a), Untagged::Text(b)) => a == b,
                _ => false,
            };
            assert!(same, "{o:?} vs {t:?}");
        }
        assert_eq!(ours[0], Scalar::Int(12000));
        assert_eq!(ours[2], Scalar::Text("Rp 12.000".into()));
    }
}
