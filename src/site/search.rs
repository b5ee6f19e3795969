//! The search index, split so that a search loads only what it needs (Pagefind's model):
//! a small entry, the word shards a query's words need, and the rows of the results
//! shown. Every file is a script under `assets/search/` ([`DIR`]) rather than JSON so
//! that search also works from `file://`, where `fetch` is refused but a `<script>`
//! loads; each sets `self.etalaseSearch[<its name>]`. Every file's name carries a hash
//! of its content ([`is_search_file`]), so a file once fetched never changes and the
//! service worker may keep each one it fetched for offline search without a list.
//! Matching (case, accents, prefixes, small misspellings) happens in `app.js`.
//!
//! The files (names in the entry are the hashes only; the script puts the path together):
//! ```text
//! assets/search/index.<hash>.js   "i": the entry, what the search page loads first:
//!   { "a": ["tersedia", "pre-order", "habis"],  availability keys, in their numbers' order
//!     "c": [[key, name], …],                    categories
//!     "f": { "c": […], "p": […], "v": […] },    the fields of each kind of row
//!                                               (CATEGORY_FIELDS, PRODUCT_FIELDS,
//!                                               VILLAGE_FIELDS: their one definition)
//!     "v": [[slug, name], …],                   villages
//!     "w": 2,                                   consonants in a shard key
//!     "o": [0, 25, 50, …, n],                   where each village's products start
//!                                               (products are numbered in catalog
//!                                               order, a village's together), then n
//!     "k": 32,                                  products per row chunk
//!     "r": [hash, …],                           row chunks: r-<i>.<hash>.js
//!     "s": { key: n, … },                       each key's shard file: s-<n>.<hash>.js
//!     "g": [hash, …],                           the shard files' hashes
//!     "x": hash }                               the filters' file: x.<hash>.js
//! assets/search/r-<i>.<hash>.js   "r/<i>": products i·k … i·k+k-1, one row each:
//!   [[name, slug, village, …], …]
//! assets/search/s-<n>.<hash>.js  "s/<n>": every word of its keys and their products:
//!   { word: [[3s], [2s], [1s]], … }   product numbers by weight (3: in the name,
//!                                     2: the category, 1: village, unit, tags, maker),
//!                                     each list ascending and delta-coded (each number
//!                                     is the gap from the one before); empty lists at
//!                                     the end left out
//! assets/search/x.<hash>.js       "x": per product, what the filters read:
//!   { "c": [category…], "a": [availability…], "p": [price…] }
//! ```
//! A product's `village`/`category` index `v`/`c` (`-1` for none); `price` is the lowest
//! rupiah price (0: none); `from` is 1 when variants' prices differ; `availability`
//! indexes `a` ([`AVAILABILITY`]); `photo` is the smallest web image relative to the
//! product's folder, without extension (`.webp` and `.jpg` both exist), or empty.
//! Trailing empty strings are left out of a row (the script reads a missing field as
//! empty). The village filter needs no file (`o`); the others load `x` when used.
//!
//! ## Shards, and why a typo is not lost
//!
//! Words are folded as the buyer's query is ([`words`], the same as `words()` in
//! `app.js`: accents, case, old spellings, doubled letters). A word's shard key is the
//! first [`KEY_CONSONANTS`] letters of its consonant skeleton: the word without its
//! vowels (`keripik` → `krpk` → `kr`; a word of no consonant has the key `_`). The
//! script finds a typed word's matches among the words whose key is the typed word's
//! key, or, when the typed word has fewer consonants than a key (`ke`, `jam`→`jm` has
//! two), every key beginning with its skeleton. So every word is reached that
//!
//! - begins with what was typed (`kerip` → `keripik`: a word beginning with `kerip`
//!   has a skeleton beginning with `krp`), or
//! - differs from it in vowels only, anywhere (`kripik`/`keripik`, `krupuk`/`kerupuk`,
//!   `jamu`/`jamo`: the pepet e and vowel slips of Indonesian, the commonest typos), or
//! - differs in consonants after the first two (`keripk`, `batk` for `batik`).
//!
//! A slip in the first two consonants themselves (`geripik`) is not found: its word is
//! in another shard. Loading every shard a one-consonant edit could reach would cost
//! dozens of shards a query; the first consonants are the ones a buyer types most
//! surely. Keys are put together in files of at least [`SHARD_BYTES`] (a small catalog's
//! words are one file), so a query of a few letters (`kerip`, `jamu`, `batik`) loads one
//! file; it holds every word of that key with all its products, so a search's ranking is
//! the same as with the whole index.

use crate::catalog::model::{Availability, Catalog, Product, Village};
use crate::photos::Processed;
use crate::site::assets::{Asset, asset_path};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Where every search file is written.
pub const DIR: &str = "assets/search/";

/// Whether a written file (its path in the output, as `assets/search/s-kr.1a2b3c4d.js`)
/// is a search file: named by its content, never changed once written, fetched by the
/// search page as it needs it.
pub fn is_search_file(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// The least bytes of a shard file: keys are put together, in their order, until their
/// words take this many bytes (a small catalog's words are one file; 16 KB is about
/// 4 KB sent gzipped, a small part of a first query's budget).
pub const SHARD_BYTES: usize = 16 * 1024;

/// How many consonants of a word's skeleton make its shard key.
pub const KEY_CONSONANTS: usize = 2;

/// How many products' rows a row chunk holds: the first results shown (24) are spread
/// over a few chunks; smaller chunks waste fewer rows, larger ones fewer requests.
pub const ROWS_PER_CHUNK: usize = 32;

/// The availability keys, in the order the index numbers them.
pub const AVAILABILITY: [Availability; 3] = [
    Availability::Available,
    Availability::PreOrder,
    Availability::SoldOut,
];

/// The fields of a product's row, in their order.
pub const PRODUCT_FIELDS: [&str; 9] = [
    "name",
    "slug",
    "village",
    "category",
    "price",
    "from",
    "availability",
    "photo",
    "unit",
];
/// The fields of a village's row.
pub const VILLAGE_FIELDS: [&str; 2] = ["slug", "name"];
/// The fields of a category's row.
pub const CATEGORY_FIELDS: [&str; 2] = ["key", "name"];

/// The search files of a build: the entry the search page names, and the others.
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub entry: Asset,
    pub others: Vec<Asset>,
}

/// A row: the value of each of `fields`, in their order.
fn row(fields: &[&str], value: impl Fn(&str) -> Value) -> Vec<Value> {
    fields.iter().map(|field| value(field)).collect()
}

/// A search file: the script setting `name` to `json`, named by its content.
fn file(name: &str, file_stem: &str, json: &str) -> (Asset, String) {
    let bytes = format!("(self.etalaseSearch||(self.etalaseSearch={{}}))[\"{name}\"]={json};\n")
        .into_bytes();
    let path = asset_path(&format!("search/{file_stem}.js"), &bytes);
    let hash = path
        .rsplit('.')
        .nth(1)
        .expect("asset_path names a file stem.hash.ext")
        .to_string();
    (Asset { path, bytes }, hash)
}

/// Text folded as a buyer's query is folded in `app.js` (`words()`): accents off, lower
/// case, old spellings (`oe` → `u`, `dj` → `j`, `tj` → `c`), doubled letters single, then
/// split at every character that is not a–z or 0–9 (`"Djamoe Paré"` → `jamu`, `pare`).
/// A letter with an accent is its base letter (as Unicode's decomposition gives it); a
/// letter of another script is a separator, as in the script.
pub fn words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            base_letter(c).unwrap_or(' ')
        };
        folded.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    let folded = folded
        .replace("oe", "u")
        .replace("dj", "j")
        .replace("tj", "c");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_lowercase() && out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out.split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A Latin letter with marks as its base letter, lower case (`É` → `e`), as `NFD` and
/// dropping the marks give it; `None` for what has no such base (`ø`, `ß`, other
/// scripts).
fn base_letter(c: char) -> Option<char> {
    let latin = matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF);
    // Latin letters that Unicode does not decompose: the script splits at them.
    const WHOLE: &str = "ÆæÐðØøÞþßĐđĦħıĸŁłŊŋŒœŦŧƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƕƖƗƘƙƚƛƜƝƞƟƢƣƤƥƦƧƨƩƪƫƬƭƮƱƲƳƴƵƶƷƸƹƺƻƼƽƾƿǀǁǂǃǄǅǆǇǈǉǊǋǌǝǤǥǱǲǳȜȝȠȡȢȣȤȥȴȵȶȷȸȹȺȻȼȽȾȿɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏ";
    if !latin || WHOLE.contains(c) {
        return None;
    }
    let ascii = deunicode::deunicode_char(c)?;
    let mut chars = ascii.chars();
    match (chars.next(), chars.next()) {
        (Some(b), None) if b.is_ascii_alphabetic() => Some(b.to_ascii_lowercase()),
        _ => None,
    }
}

/// A folded word's shard key: the first [`KEY_CONSONANTS`] letters of its consonant
/// skeleton (the word without a, e, i, o, u), or `_` when it has none.
pub fn shard_key(word: &str) -> String {
    let key: String = word
        .chars()
        .filter(|c| !"aeiou".contains(*c))
        .take(KEY_CONSONANTS)
        .collect();
    if key.is_empty() { "_".into() } else { key }
}

/// The index as its files.
pub fn index(catalog: &Catalog, photos: &HashMap<PathBuf, Processed>) -> Files {
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
    let mut starts = vec![0usize];
    for v in &catalog.villages {
        starts.push(starts.last().copied().unwrap_or(0) + v.products.len());
    }
    // Each product's row and words are made on every core (a catalog may hold
    // thousands), then joined in catalog order.
    let made: Vec<Vec<Made>> = catalog
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
    let made: Vec<Made> = made.into_iter().flatten().collect();

    let mut others = Vec::new();
    // Rows, in chunks.
    let chunks: Vec<(Asset, String)> = made
        .par_chunks(ROWS_PER_CHUNK)
        .enumerate()
        .map(|(i, chunk)| {
            let rows: Vec<&str> = chunk.iter().map(|m| m.row.as_str()).collect();
            file(
                &format!("r/{i}"),
                &format!("r-{i}"),
                &format!("[{}]", rows.join(",")),
            )
        })
        .collect();
    let (assets, row_hashes): (Vec<Asset>, Vec<String>) = chunks.into_iter().unzip();
    others.extend(assets);
    // The filters' file.
    let facets = json!({
        "a": made.iter().map(|m| m.availability).collect::<Vec<_>>(),
        "c": made.iter().map(|m| m.category).collect::<Vec<_>>(),
        "p": made.iter().map(|m| m.price).collect::<Vec<_>>(),
    });
    let (asset, facets_hash) = file("x", "x", &facets.to_string());
    others.push(asset);
    // Words: word → product → its best weight, then shards by key.
    let mut postings: BTreeMap<String, BTreeMap<usize, u8>> = BTreeMap::new();
    for (p, m) in made.iter().enumerate() {
        let vi = starts.partition_point(|&s| s <= p) - 1;
        let category = usize::try_from(m.category)
            .ok()
            .and_then(|c| catalog.categories.get(c));
        let mut add = |text: &str, weight: u8| {
            for w in words(text) {
                let best = postings.entry(w).or_default().entry(p).or_insert(0);
                *best = (*best).max(weight);
            }
        };
        add(&m.name, 3);
        add(category.map_or("", |c| c.name.as_str()), 2);
        add(catalog.villages.get(vi).map_or("", |v| v.name.as_str()), 1);
        add(&m.words, 1);
    }
    let mut shards: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
    for (word, products) in postings {
        let mut lists: Vec<Value> = (1..=3u8)
            .rev()
            .map(|weight| {
                let mut last = 0;
                let gaps: Vec<usize> = products
                    .iter()
                    .filter(|(_, w)| **w == weight)
                    .map(|(p, _)| {
                        let gap = p - last;
                        last = *p;
                        gap
                    })
                    .collect();
                json!(gaps)
            })
            .collect();
        while lists
            .last()
            .is_some_and(|l| l.as_array().is_some_and(Vec::is_empty))
        {
            lists.pop();
        }
        shards
            .entry(shard_key(&word))
            .or_default()
            .push((word, Value::Array(lists)));
    }
    // Keys in groups of at least SHARD_BYTES, in key order (a small catalog's words
    // are one file; a large one's most common keys are a file each).
    let mut groups: Vec<serde_json::Map<String, Value>> = Vec::new();
    let mut group_of = BTreeMap::new();
    let mut open = 0usize;
    for (key, entries) in shards {
        if groups.is_empty() || open >= SHARD_BYTES {
            groups.push(serde_json::Map::new());
            open = 0;
        }
        let group = groups.last_mut().expect("a group is open");
        for (word, lists) in entries {
            open += word.len() + lists.to_string().len() + 4;
            group.insert(word, lists);
        }
        group_of.insert(key, groups.len() - 1);
    }
    let made_groups: Vec<(Asset, String)> = groups
        .into_par_iter()
        .enumerate()
        .map(|(n, map)| {
            file(
                &format!("s/{n}"),
                &format!("s-{n}"),
                &Value::Object(map).to_string(),
            )
        })
        .collect();
    let (assets, group_hashes): (Vec<Asset>, Vec<String>) = made_groups.into_iter().unzip();
    others.extend(assets);
    let entry = json!({
        "a": AVAILABILITY.map(Availability::key),
        "c": categories,
        "f": { "c": CATEGORY_FIELDS, "p": PRODUCT_FIELDS, "v": VILLAGE_FIELDS },
        "k": ROWS_PER_CHUNK,
        "o": starts,
        "r": row_hashes,
        "g": group_hashes,
        "s": group_of,
        "v": villages,
        "w": KEY_CONSONANTS,
        "x": facets_hash,
    });
    let (entry, _) = file("i", "index", &entry.to_string());
    Files { entry, others }
}

/// What the index keeps of one product.
struct Made {
    /// Its row, written.
    row: String,
    name: String,
    category: i64,
    availability: usize,
    price: u64,
    /// Its tags, unit and maker: found by them, not shown.
    words: String,
}

/// One product's row ([`PRODUCT_FIELDS`], less the empty ones at the end) and what the
/// other files need of it.
fn product_row(
    catalog: &Catalog,
    vi: usize,
    village: &Village,
    product: &Product,
    photos: &HashMap<PathBuf, Processed>,
) -> Made {
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
    words.extend(product.unit.as_deref());
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
        _ => unreachable!("a product has no field {field}"),
    });
    while cells.last().is_some_and(|v| v == "") {
        cells.pop();
    }
    Made {
        row: Value::Array(cells).to_string(),
        name: product.name.clone(),
        category: ci,
        availability: av,
        price,
        words: words.join(" "),
    }
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

    /// A search file's name and value.
    fn parse(asset: &Asset) -> (String, Value) {
        let text = std::str::from_utf8(&asset.bytes).unwrap();
        let rest = text
            .strip_prefix("(self.etalaseSearch||(self.etalaseSearch={}))[\"")
            .unwrap();
        let (name, json) = rest.split_once("\"]=").unwrap();
        let json = json.trim_end().strip_suffix(';').unwrap();
        (name.to_string(), serde_json::from_str(json).unwrap())
    }

    /// Every file of an index by its name.
    fn all(files: &Files) -> HashMap<String, Value> {
        std::iter::once(&files.entry)
            .chain(&files.others)
            .map(parse)
            .collect()
    }

    fn gzip_len(bytes: &[u8]) -> usize {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap().len()
    }

    /// A row's field by the name the index gives it in `f`.
    fn field<'a>(index: &Value, kind: &str, row: &'a Value, name: &str) -> &'a Value {
        let names = index["f"][kind].as_array().unwrap();
        let at = names.iter().position(|n| n == name);
        &row[at.unwrap_or_else(|| panic!("{kind} has no field {name}"))]
    }

    /// The products of `word` in a shard, by weight, gaps undone.
    fn products_of(shard: &Value, word: &str) -> Vec<Vec<u64>> {
        shard[word]
            .as_array()
            .unwrap_or_else(|| panic!("{word} not in {shard}"))
            .iter()
            .map(|gaps| {
                let mut p = 0;
                gaps.as_array()
                    .unwrap()
                    .iter()
                    .map(|g| {
                        p += g.as_u64().unwrap();
                        p
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_product_is_one_row_with_its_smallest_photo() {
        let (cat, photos) = catalog(1, 1);
        let files = all(&index(&cat, &photos));
        let v = &files["i"];
        assert_eq!(v["f"]["v"], json!(["slug", "name"]));
        assert_eq!(v["v"], json!([["desa-000", "Desa 000"]]));
        assert_eq!(v["o"], json!([0, 1]));
        assert_eq!(v["f"]["c"], json!(["key", "name"]));
        assert_eq!(v["c"][0], json!(["makanan", "Makanan"]));
        assert_eq!(v["f"]["p"], json!(PRODUCT_FIELDS));
        assert_eq!(v["r"].as_array().unwrap().len(), 1);
        let row = &files["r/0"][0];
        let f = |name| field(v, "p", row, name);
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
        // The filters' file, and the words it is found by, with their weights.
        assert_eq!(files["x"], json!({"a": [1], "c": [0], "p": [12_500]}));
        let weight = |word: &str| {
            let shard = &files[&format!("s/{}", files["i"]["s"][shard_key(word)])];
            let lists = products_of(shard, word);
            3 - lists.iter().position(|l| l == &[0]).unwrap()
        };
        assert_eq!(weight("keripik"), 3, "in the name");
        assert_eq!(weight("makanan"), 2, "the category");
        for word in ["desa", "renyah", "pengawet", "siti", "bungkus"] {
            assert_eq!(weight(word), 1, "{word}");
        }
    }

    /// Empty fields at a row's end are left out: a product without photo or unit ends
    /// with its availability.
    #[test]
    fn a_row_ends_at_its_last_field_with_a_value() {
        let (mut cat, photos) = catalog(1, 1);
        let p = &mut cat.villages[0].products[0];
        (p.unit, p.maker, p.tags, p.photos) = (None, None, Vec::new(), Vec::new());
        let files = all(&index(&cat, &photos));
        let row = files["r/0"][0].as_array().unwrap();
        assert_eq!(row.len(), 7, "{row:?}");
        assert_eq!(files["i"]["f"]["p"][6], "availability");
    }

    /// Words are folded as the script folds a query.
    #[test]
    fn words_fold_as_the_script_folds_a_query() {
        assert_eq!(words("Djamoe Paré"), ["jamu", "pare"]);
        assert_eq!(
            words("KERRUPUK  tjabe-rawit!"),
            ["kerupuk", "cabe", "rawit"]
        );
        assert_eq!(words("Kue Ñam Øl 100g"), ["kue", "nam", "l", "100g"]);
        assert_eq!(words("纸 ?"), Vec::<String>::new());
    }

    /// The typos the search forgives land in the shard of the word they stand for: a
    /// beginning, a vowel slipped in or out, a consonant after the first two.
    #[test]
    fn typo_variants_share_a_shard() {
        for (word, typed) in [
            ("keripik", "kripik"),
            ("keripik", "kerip"),
            ("keripik", "krip"),
            ("keripik", "keripk"),
            ("kerupuk", "krupuk"),
            ("kerupuk", "kerupk"),
            ("jamu", "jamo"),
            ("jamu", "jam"),
            ("batik", "batk"),
            ("batik", "bati"),
        ] {
            assert_eq!(shard_key(word), shard_key(typed), "{word} / {typed}");
        }
        assert_eq!(shard_key("keripik"), "kr");
        assert_eq!(shard_key("ia"), "_");
        assert_eq!(shard_key("kue"), "k");
        // In a built index, the words are in the shards of their keys, each shard the
        // words of one key.
        let (cat, photos) = catalog(4, 25);
        let files = all(&index(&cat, &photos));
        let kr = &files[&format!("s/{}", files["i"]["s"]["kr"])];
        for word in ["keripik", "krispi"] {
            assert!(kr.get(word).is_some(), "{word} in {kr}");
        }
        let groups = files["i"]["g"].as_array().unwrap().len();
        for (name, v) in &files {
            if let Some(n) = name.strip_prefix("s/") {
                for word in v.as_object().unwrap().keys() {
                    assert_eq!(
                        files["i"]["s"][shard_key(word)],
                        n.parse::<u64>().unwrap(),
                        "{word} in s/{n}"
                    );
                }
            }
        }
        assert_eq!(groups, files.keys().filter(|n| n.starts_with("s/")).count());
        // A small catalog's words are one file.
        assert_eq!(groups, 1);
    }

    /// Every file under `assets/search/`, named by its content.
    #[test]
    fn every_file_is_named_by_its_content() {
        let (cat, photos) = catalog(10, 20);
        let made = index(&cat, &photos);
        let files: Vec<&Asset> = std::iter::once(&made.entry).chain(&made.others).collect();
        assert!(made.entry.path.starts_with("assets/search/index."));
        for f in &files {
            assert!(is_search_file(&f.path), "{}", f.path);
            let stem = f.path.strip_prefix(DIR).unwrap();
            let stem = stem.rsplit_once('.').unwrap().0;
            let (name, hash) = stem.rsplit_once('.').unwrap();
            assert_eq!(asset_path(&format!("search/{name}.js"), &f.bytes), f.path);
            assert_eq!(hash.len(), 8);
        }
        assert!(!is_search_file("assets/search.1a2b3c4d.js"));
        assert!(!is_search_file("assets/app.1a2b3c4d.js"));
        // 200 products: rows in chunks.
        assert_eq!(
            files.iter().filter(|f| f.path.contains("/r-")).count(),
            200usize.div_ceil(ROWS_PER_CHUNK)
        );
    }

    /// The budget of the issue at 10,000 products: what a first query of a few letters
    /// loads besides the rows shown (the entry and the shards of its key) stays well
    /// under 50 KB gzip-compressed, leaving room for the rows of 24 results (a chunk
    /// at most 2 KB); the whole index is many times that.
    #[test]
    fn a_first_query_loads_a_small_part_of_ten_thousand_products() {
        let (cat, photos) = catalog(400, 25);
        let made = index(&cat, &photos);
        let entry = gzip_len(&made.entry.bytes);
        let made_entry = parse(&made.entry).1;
        let size = |stem: &str| {
            let f = made.others.iter().find(|f| f.path.contains(stem)).unwrap();
            gzip_len(&f.bytes)
        };
        let whole: usize = made.others.iter().map(|f| gzip_len(&f.bytes)).sum();
        let chunk = made
            .others
            .iter()
            .filter(|f| f.path.contains("/r-"))
            .map(|f| gzip_len(&f.bytes))
            .max()
            .unwrap();
        assert!(chunk < 2 * 1024, "a row chunk: {chunk} bytes gzipped");
        for (query, key) in [("kerip", "kr"), ("jamu", "jm"), ("batik", "bt")] {
            let n = &made_entry["s"][key];
            let first = entry + size(&format!("/s-{n}."));
            assert!(
                first < 30 * 1024,
                "{query}: entry {entry} + shard {} bytes gzipped (whole index {whole})",
                first - entry
            );
        }
        assert!(whole > 100 * 1024, "{whole}");
    }
}
