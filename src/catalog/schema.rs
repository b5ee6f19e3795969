//! The files as written: raw serde structs, one per kind of file.
//!
//! They accept what YAML can hold and nothing more (`deny_unknown_fields`, so a typo
//! like `prise:` is caught); every field is optional so that a missing required field is
//! reported by [`crate::catalog::resolve`] with a message of our own rather than serde's. The
//! rules (what a price may look like, which hosts a Shopee link may have) are applied
//! when resolving, not here.

use indexmap::IndexMap;
use serde::Deserialize;

/// A YAML scalar exactly as the volunteer wrote it: `12000`, `12.500`, `"Rp 12.000"`,
/// `0812…`, `1e3`, `true`, quotes taken off.
///
/// YAML would read `1e3` as the number 1000, `0x10` as 16, `12.500` as 12.5, `0812` unquoted
/// as 812 and `true` as a yes: a programmer's conveniences that no volunteer means. A
/// name stays the text that was typed, and a price is read from what was written (see
/// [`crate::catalog::values::price`]), so it is never turned into a number on the way.
/// The parser gives the text of any scalar when asked for a string; a list or a map
/// where a scalar belongs is refused with [`SCALAR_EXPECTED`]; an empty value (`name:`)
/// is `None` in the `Option` around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar(pub String);

/// What [`Scalar`] expects, in the parser's "invalid type" message
/// ([`crate::catalog::yaml::error_diagnostic`] words it for volunteers).
pub const SCALAR_EXPECTED: &str = "text or a number";

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl serde::de::Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(SCALAR_EXPECTED)
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
        }
        d.deserialize_str(ScalarVisitor)
    }
}

impl Scalar {
    /// The value as written.
    pub fn as_text(&self) -> &str {
        &self.0
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
    /// `example: true`: a catalog made to show etalase (the repository's sample), whose
    /// placeholder numbers and example entries are meant to be there.
    pub example: Option<Scalar>,
    /// The product feeds for Meta's and Google's catalogs (see
    /// [`crate::site::product_feeds`]): which categories they leave out.
    pub feeds: Option<RawFeeds>,
}

/// `feeds:` in `catalog.yaml`: the categories left out of every feed, and of each
/// platform's alone.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeeds {
    pub leave_out: Option<Vec<String>>,
    pub meta: Option<RawPlatformFeed>,
    pub google: Option<RawPlatformFeed>,
}

/// `feeds.meta:` or `feeds.google:`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlatformFeed {
    pub leave_out: Option<Vec<String>>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    /// Whole numbers, checked when resolving (a width past any integer type included).
    pub widths: Option<Vec<Scalar>>,
    pub quality: Option<Scalar>,
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
    /// The day a pre-order's orders ship (`2026-08-17`): Google's
    /// `g:availability_date`, which it requires for a pre-order.
    pub available_from: Option<Scalar>,
    pub variants: Option<Vec<RawVariant>>,
    pub photos: Option<Vec<String>>,
    pub tags: Option<Vec<Scalar>>,
    pub maker: Option<String>,
    pub order: Option<RawOrder>,
    pub labels: Option<RawLabels>,
    /// When the product joined the catalog, `2026-05-01` (for the feed of new products).
    pub added: Option<Scalar>,
    /// The product's id in the product feeds, kept when its folder is renamed (else
    /// `village/product`, its path).
    pub id: Option<Scalar>,
    /// `feeds: false`: the product is in no product feed.
    pub feeds: Option<Scalar>,
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
            "example",
            "feeds",
        ],
        (FileKind::Catalog, "images") => &["widths", "quality"],
        (FileKind::Catalog, "feeds") => &["leave_out", "meta", "google"],
        (FileKind::Catalog, "feeds.meta" | "feeds.google") => &["leave_out"],
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
            "available_from",
            "variants",
            "photos",
            "tags",
            "maker",
            "order",
            "labels",
            "added",
            "id",
            "feeds",
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
        let full_product = "name: a\nname_en: e\ncategory: b\nprice: 1\nunit: c\navailability: d\navailable_from: 2026-08-17\nvariants: [{name: a, price: 1}]\nphotos: []\ntags: []\nmaker: m\norder: {whatsapp: '1', tokopedia: a, shopee: a, lazada: a, tiktok: a, bukalapak: a, blibli: a, instagram: a, facebook: a, website: a}\nlabels: {pirt: a, halal: b, bpom: c}\nadded: 2026-05-01\nid: a\nfeeds: false\n";
        crate::catalog::yaml::parse::<RawProduct>(full_product).unwrap();
        for key in keys_of(FileKind::Product, "").unwrap() {
            assert!(full_product.contains(&format!("{key}:")), "{key}");
        }
        let full_catalog = "title: a\ndescription: b\nlanguage: id\nbase_url: u\nwhatsapp: '1'\ncategories: {a: b}\nimages: {widths: [1], quality: 2}\nlogo: l.png\nexample: true\nfeeds: {leave_out: [a], meta: {leave_out: [b]}, google: {leave_out: []}}\n";
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

    /// Every scalar is kept as it was written, whatever YAML would make of it.
    #[test]
    fn a_scalar_is_kept_as_written() {
        let list = "[12000, 12.000, \"Rp 12.000\", 081234, 0x1F, 0o17, 1e3, .5, true, no, teks, \
                    18446744073709551615, 99999999999999999999999999, -3, 2026-05-01, '7', .nan, -.inf]";
        let ours: Vec<Scalar> = crate::catalog::yaml::parse(list).unwrap();
        let texts: Vec<&str> = ours.iter().map(Scalar::as_text).collect();
        assert_eq!(
            texts,
            [
                "12000",
                "12.000",
                "Rp 12.000",
                "081234",
                "0x1F",
                "0o17",
                "1e3",
                ".5",
                "true",
                "no",
                "teks",
                "18446744073709551615",
                "99999999999999999999999999",
                "-3",
                "2026-05-01",
                "7",
                ".nan",
                "-.inf"
            ]
        );
    }
}
