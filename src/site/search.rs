//! The search index: every product in a few dozen bytes, for the search page's script.
//!
//! It is written as a script (`assets/search.<hash>.js`, setting `etalaseSearch`) rather
//! than JSON so that search also works from `file://`, where `fetch` is refused but a
//! `<script>` loads. Pages load it only when search is used; the service worker keeps it
//! for offline search. Matching (case, accents, prefixes, small misspellings) happens in
//! `app.js`, so the index holds words as written and stays small: a 1,000-product
//! catalog's index is well under 60 KB compressed.
//!
//! Shape: rows are arrays, not objects, to save bytes, and `f` names their fields, so
//! that the script finds each field by its name, never by a number of its own:
//! ```text
//! { "a": ["tersedia", "pre-order", "habis"],  availability keys, in their numbers' order
//!   "c": [[key, name], …],                    categories
//!   "f": { "c": ["key", "name"],              the fields of each kind of row:
//!          "p": ["name", "slug", …],          CATEGORY_FIELDS, PRODUCT_FIELDS and
//!          "v": ["slug", "name"] },           VILLAGE_FIELDS, their one definition
//!   "p": [[name, slug, village, …], …],       products
//!   "v": [[slug, name], …] }                  villages
//! ```
//! A product's `village`/`category` index `v`/`c` (`-1` for none); `price` is the lowest
//! rupiah price (0: none); `from` is 1 when variants' prices differ; `availability`
//! indexes `a` ([`AVAILABILITY`]); `photo` is the smallest web image relative to the
//! product's folder, without extension (`.webp` and `.jpg` both exist), or empty;
//! `words` are the tags and maker, for matching only. Trailing empty strings are left
//! out of a row (the script reads a missing field as empty).

use crate::catalog::model::{Availability, Catalog, Product, Village};
use crate::photos::Processed;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;

/// The availability keys, in the order the index numbers them.
pub const AVAILABILITY: [Availability; 3] = [
    Availability::Available,
    Availability::PreOrder,
    Availability::SoldOut,
];

/// The fields of a product's row, in their order.
pub const PRODUCT_FIELDS: [&str; 10] = [
    "name",
    "slug",
    "village",
    "category",
    "price",
    "from",
    "availability",
    "photo",
    "unit",
    "words",
];
/// The fields of a village's row.
pub const VILLAGE_FIELDS: [&str; 2] = ["slug", "name"];
/// The fields of a category's row.
pub const CATEGORY_FIELDS: [&str; 2] = ["key", "name"];

/// A row: the value of each of `fields`, in their order.
fn row(fields: &[&str], value: impl Fn(&str) -> Value) -> Vec<Value> {
    fields.iter().map(|field| value(field)).collect()
}

/// The index as the script file's bytes.
pub fn index(catalog: &Catalog, photos: &HashMap<PathBuf, Processed>) -> Vec<u8> {
    let villages: Vec<Value> = catalog
        .villages
        .iter()
        .map(|v| {
            Value::Array(row(&VILLAGE_FIELDS, |field| match field {
                "slug" => json!(v.slug),
                "name" => json!(v.name),
                _ => unreachable!("a village has no field {field}"),
            }))
        })
        .collect();
    let categories: Vec<Value> = catalog
        .categories
        .iter()
        .map(|c| {
            Value::Array(row(&CATEGORY_FIELDS, |field| match field {
                "key" => json!(c.key),
                "name" => json!(c.name),
                _ => unreachable!("a category has no field {field}"),
            }))
        })
        .collect();
    // Each product's row is made and written on every core (a catalog may hold
    // thousands), then joined in catalog order.
    let rows: Vec<Vec<String>> = catalog
        .villages
        .par_iter()
        .enumerate()
        .map(|(vi, village)| {
            village
                .products
                .par_iter()
                .with_max_len(64)
                .map(|product| product_row(catalog, vi, village, product, photos))
                .collect()
        })
        .collect();
    let products = rows.concat().join(",");
    let availability = json!(AVAILABILITY.map(Availability::key));
    let fields = json!({ "c": CATEGORY_FIELDS, "p": PRODUCT_FIELDS, "v": VILLAGE_FIELDS });
    let (villages, categories) = (Value::Array(villages), Value::Array(categories));
    // The object's keys in serde_json's order (sorted), as one `json!` gave them.
    // `</script>` cannot appear: the file is loaded by `src`, never inlined.
    format!(
        "self.etalaseSearch={{\"a\":{availability},\"c\":{categories},\"f\":{fields},\"p\":[{products}],\"v\":{villages}}};\n"
    )
    .into_bytes()
}

/// One product's row: its [`PRODUCT_FIELDS`], less the empty ones at the end.
fn product_row(
    catalog: &Catalog,
    vi: usize,
    village: &Village,
    product: &Product,
    photos: &HashMap<PathBuf, Processed>,
) -> String {
    let ci = catalog
        .categories
        .iter()
        .position(|c| c.key == product.category)
        .map_or(-1, |i| i as i64);
    let (price, from) = product.price_range().unwrap_or((0, false));
    let av = AVAILABILITY
        .iter()
        .position(|a| *a == product.availability)
        .unwrap_or(0);
    let pdir = format!("{}/{}", village.slug, product.slug);
    let photo = product
        .photos
        .iter()
        .find_map(|p| {
            let processed = photos.get(&p.source)?;
            let smallest = processed.renditions.first()?;
            let base = crate::site::plan::rendition_base(p, processed, &pdir, smallest.width);
            Some(base[pdir.len() + 1..].to_string())
        })
        .unwrap_or_default();
    let mut words: Vec<&str> = product.tags.iter().map(String::as_str).collect();
    words.extend(product.maker.as_deref());
    let mut cells = row(&PRODUCT_FIELDS, |field| match field {
        "name" => json!(product.name),
        "slug" => json!(product.slug),
        "village" => json!(vi),
        "category" => json!(ci),
        "price" => json!(price),
        "from" => json!(u8::from(from)),
        "availability" => json!(av),
        "photo" => json!(photo),
        "unit" => json!(product.unit.as_deref().unwrap_or("")),
        "words" => json!(words.join(" ")),
        _ => unreachable!("a product has no field {field}"),
    });
    while cells.last().is_some_and(|v| v == "") {
        cells.pop();
    }
    Value::Array(cells).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::*;
    use crate::diag::Lang;
    use crate::photos::Rendition;
    use std::io::Write;

    fn product(name: &str, slug: &str, photo: Option<&str>) -> Product {
        Product {
            slug: slug.into(),
            name: name.into(),
            category: "makanan".into(),
            price: Some(12_500),
            unit: Some("bungkus 100 g".into()),
            availability: Availability::PreOrder,
            variants: vec![Variant {
                name: "besar".into(),
                price: Some(20_000),
            }],
            photos: photo
                .map(|stem| PhotoRef {
                    source: PathBuf::from(format!("/c/{slug}/{stem}.jpg")),
                    stem: stem.into(),
                    origin: (PathBuf::from("p.yaml"), crate::diag::Pos::START),
                })
                .into_iter()
                .collect(),
            tags: vec!["renyah".into(), "tanpa pengawet".into()],
            maker: Some("Ibu Siti".into()),
            order: Order::default(),
            labels: Labels::default(),
            description: String::new(),
            dir: PathBuf::from(format!("/c/{slug}")),
            added: None,
            file_times: FileTimes::default(),
            id: None,
            in_feeds: true,
            available_from: None,
        }
    }

    fn catalog(villages: usize, per_village: usize) -> (Catalog, HashMap<PathBuf, Processed>) {
        // Names like a real catalog's: a few dozen product kinds, each made in many
        // villages with its own twist, so the index compresses as a real one would.
        const KINDS: &[&str] = &[
            "Keripik Pare",
            "Keripik Tempe",
            "Sagon Kelapa",
            "Abon Kelapa Krispi",
            "Stick Bawang",
            "Tiwul Instan",
            "Manggleng Singkong",
            "Rengginang Ketela",
            "Jamu Kunyit Asam",
            "Jamu Beras Kencur",
            "Wedang Jahe Merah",
            "Kain Batik Ecoprint",
            "Tas Anyaman Pandan",
            "Tas Rajut",
            "Kopi Robusta",
            "Sirup Jahe Sereh",
        ];
        const TWISTS: &[&str] = &[
            "Original", "Pedas", "Balado", "Manis", "Bu Siti", "Lestari", "Premium", "Mini",
        ];
        let mut photos = HashMap::new();
        let mut vs = Vec::new();
        for v in 0..villages {
            let mut ps = Vec::new();
            for p in 0..per_village {
                let n = v * per_village + p;
                let name = format!(
                    "{} {}",
                    KINDS[n % KINDS.len()],
                    TWISTS[(n / KINDS.len()) % TWISTS.len()]
                );
                let slug = crate::catalog::values::slug::slugify(&format!("{name} {n}"));
                let stem = format!("img-2024{:04}-{n:06}", n % 1231);
                let prod = product(&name, &slug, Some(&stem));
                let key = blake3::hash(slug.as_bytes()).to_hex().to_string();
                photos.insert(
                    prod.photos[0].source.clone(),
                    Processed {
                        hash: key.clone(),
                        key: key[..32].to_string(),
                        width: 4000,
                        height: 3000,
                        renditions: vec![Rendition {
                            width: 320,
                            height: 240,
                            webp: PathBuf::new(),
                            jpeg: PathBuf::new(),
                        }],
                        decoded: true,
                        preview: None,
                    },
                );
                ps.push(prod);
            }
            vs.push(Village {
                slug: format!("desa-{v:03}"),
                name: format!("Desa {v:03}"),
                district: None,
                regency: None,
                province: None,
                group: None,
                whatsapp: None,
                story: String::new(),
                photos: Vec::new(),
                products: ps,
            });
        }
        let cat = Catalog {
            title: "T".into(),
            description: String::new(),
            lang: Lang::Id,
            site_lang: "id".into(),
            base_url: None,
            categories: crate::catalog::resolve::DEFAULT_CATEGORIES
                .iter()
                .map(|(k, n, _)| Category {
                    key: k.to_string(),
                    name: n.to_string(),
                })
                .collect(),
            images: ImageSettings::default(),
            example: false,
            feeds: Default::default(),
            villages: vs,
        };
        (cat, photos)
    }

    fn parse(bytes: &[u8]) -> Value {
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text
            .strip_prefix("self.etalaseSearch=")
            .unwrap()
            .trim_end()
            .strip_suffix(';')
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    /// A row's field by the name the index gives it in `f`.
    fn field<'a>(index: &Value, kind: &str, row: &'a Value, name: &str) -> &'a Value {
        let names = index["f"][kind].as_array().unwrap();
        let at = names.iter().position(|n| n == name);
        &row[at.unwrap_or_else(|| panic!("{kind} has no field {name}"))]
    }

    #[test]
    fn a_product_is_one_row_with_its_smallest_photo() {
        let (cat, photos) = catalog(1, 1);
        let v = parse(&index(&cat, &photos));
        assert_eq!(v["f"]["v"], json!(["slug", "name"]));
        assert_eq!(v["v"], json!([["desa-000", "Desa 000"]]));
        assert_eq!(v["f"]["c"], json!(["key", "name"]));
        assert_eq!(v["c"][0], json!(["makanan", "Makanan"]));
        assert_eq!(v["f"]["p"], json!(PRODUCT_FIELDS));
        let row = &v["p"][0];
        let f = |name| field(&v, "p", row, name);
        assert_eq!(f("name"), "Keripik Pare Original");
        assert_eq!(f("slug"), "keripik-pare-original-0");
        assert_eq!((f("village"), f("category")), (&json!(0), &json!(0)));
        assert_eq!(f("price"), 12_500, "the lowest price");
        assert_eq!(f("from"), 1, "variants' prices differ: `from`");
        assert_eq!(
            v["a"][f("availability").as_u64().unwrap() as usize],
            "pre-order"
        );
        assert_eq!(v["a"], json!(["tersedia", "pre-order", "habis"]));
        let photo = f("photo").as_str().unwrap();
        assert!(
            photo.starts_with("img-20240000-000000.") && photo.ends_with("-320"),
            "{photo}"
        );
        assert_eq!(f("unit"), "bungkus 100 g");
        assert_eq!(f("words"), "renyah tanpa pengawet Ibu Siti");
    }

    /// Empty fields at a row's end are left out: a product without photo, unit, tags
    /// or maker ends with its availability.
    #[test]
    fn a_row_ends_at_its_last_field_with_a_value() {
        let (mut cat, photos) = catalog(1, 1);
        let p = &mut cat.villages[0].products[0];
        (p.unit, p.maker, p.tags, p.photos) = (None, None, Vec::new(), Vec::new());
        let v = parse(&index(&cat, &photos));
        let row = v["p"][0].as_array().unwrap();
        assert_eq!(row.len(), 7, "{row:?}");
        assert_eq!(v["f"]["p"][6], "availability");
    }

    /// The budget of the issue: a 1,000-product catalog's index, photos included, under
    /// 60 KB gzip-compressed (what hosts send).
    #[test]
    fn a_thousand_products_fit_in_the_budget() {
        let (cat, photos) = catalog(40, 25);
        let bytes = index(&cat, &photos);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).unwrap();
        let gz = gz.finish().unwrap();
        assert!(
            gz.len() < 60 * 1024,
            "{} bytes, {} gzipped",
            bytes.len(),
            gz.len()
        );
    }
}
