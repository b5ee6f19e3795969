//! The site in English (`language: en`), and in a language a group adds itself.

use crate::support::{CatalogTest, sample_photo_cache};
use std::collections::BTreeMap;
use std::path::Path;

/// Keys of the format whose values are the catalog's own words, not the interface's.
const OWN_WORDS: &[&str] = &[
    "title",
    "description",
    "name",
    "name_en",
    "unit",
    "group",
    "maker",
    "district",
    "regency",
    "province",
];

/// The sample catalog in English, with every text its people wrote replaced by a
/// neutral token: what is left of Indonesian on the pages can only be etalase's.
#[test]
fn the_sample_catalog_in_english_has_no_indonesian_interface_word_left() {
    let t = CatalogTest::sample();
    let mut n = 0;
    for entry in walkdir::WalkDir::new(t.path("content")) {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".yaml") {
            let text = std::fs::read_to_string(path).unwrap();
            std::fs::write(path, neutral_yaml(&text, &mut n)).unwrap();
        } else if name.ends_with(".md") {
            let text = std::fs::read_to_string(path).unwrap();
            let front = text
                .strip_prefix("---\n")
                .and_then(|rest| rest.split_once("\n---\n"))
                .map(|(front, _)| format!("---\n{}---\n", neutral_yaml(front, &mut n)));
            std::fs::write(
                path,
                format!("{}Qz lorem ipsum.\n", front.unwrap_or_default()),
            )
            .unwrap();
        }
    }
    let catalog = t.read("content/catalog.yaml");
    t.write(
        "content/catalog.yaml",
        catalog.replace("language: id", "language: en"),
    );
    assert!(t.read("content/catalog.yaml").contains("language: en"));
    let cache = sample_photo_cache();
    let run = t.run(&["build", "--cache", &cache]);
    run.expect_code(0);
    // The summary and the messages are English too.
    assert!(run.stderr.contains("built 5 villages"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Bukalapak no longer sells"),
        "{}",
        run.stderr
    );

    let indonesian = interface_phrases("id", "en");
    let english = interface_phrases("en", "id");
    assert!(indonesian.len() > 60, "{indonesian:?}");
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut english_seen = 0;
    let public = t.path("public");
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy();
        let text = match Path::new(&*rel).extension().and_then(|e| e.to_str()) {
            Some("html") => visible_text(&std::fs::read_to_string(entry.path()).unwrap()),
            Some("js" | "webmanifest" | "xml" | "txt") => {
                std::fs::read_to_string(entry.path()).unwrap()
            }
            _ => continue,
        };
        for phrase in &indonesian {
            if contains_word(&text, phrase) {
                found
                    .entry(phrase.clone())
                    .or_default()
                    .push(rel.to_string());
            }
        }
        english_seen += english.iter().filter(|p| contains_word(&text, p)).count();
    }
    assert_eq!(
        found,
        BTreeMap::new(),
        "Indonesian interface words on the English site"
    );
    assert!(
        english_seen > 500,
        "the English words are on the pages: {english_seen}"
    );

    // The default words of a product page, in English.
    let page = std::fs::read_to_string(public.join("dukuhdempok/sagon/index.html")).unwrap();
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("Order via WhatsApp") || page.contains("Order on WhatsApp"));
    let order = whatsapp_texts(&page);
    assert!(!order.is_empty());
    for text in order {
        assert!(text.starts_with("Hello"), "{text}");
    }
}

/// `name_en` and `index.en.md` on an English site; the Indonesian site keeps `name`
/// and `index.md`.
#[test]
fn english_names_and_descriptions_are_used_when_present() {
    let t = CatalogTest::sample();
    let cache = sample_photo_cache();
    t.run(&["build", "--cache", &cache]).expect_code(0);
    let id_page = t.read("public/dukuhdempok/sagon/index.html");
    assert!(id_page.contains("<h1>Sagon Kelapa</h1>"), "{id_page}");
    assert!(id_page.contains("dipanggang pelan-pelan"));
    assert!(!id_page.contains("Coconut Shortbread"));

    let catalog = t.read("content/catalog.yaml");
    t.write(
        "content/catalog.yaml",
        catalog.replace("language: id", "language: en"),
    );
    t.run(&["build", "--cache", &cache]).expect_code(0);
    let en_page = t.read("public/dukuhdempok/sagon/index.html");
    assert!(
        en_page.contains("<h1>Sagon, Coconut Shortbread</h1>"),
        "{en_page}"
    );
    assert!(en_page.contains("baked slowly on clay moulds"));
    assert!(!en_page.contains("dipanggang pelan-pelan"));
    // A product without translations keeps its own name and text.
    let other = t.read("public/dukuhdempok/abon-kelapa-krispi/index.html");
    assert!(other.contains("Abon"), "{other}");
    // The English name is what the order message and the search index say.
    assert!(
        whatsapp_texts(&en_page)
            .iter()
            .all(|m| m.contains("Sagon, Coconut Shortbread"))
    );
    let index = crate::support::search::text(&t.path("public"));
    assert!(index.contains("Bitter Gourd Chips"));
}

/// A group adds a language by adding its words: `language: jv` and
/// `content/_theme/i18n/jv.yaml`. Words it lacks are the Indonesian ones; without the
/// file the build names the fix.
#[test]
fn a_language_is_added_with_a_file_of_words() {
    let t = CatalogTest::new("minimal");
    let catalog = t.read("content/catalog.yaml");
    t.write("content/catalog.yaml", format!("{catalog}language: jv\n"));
    let run = t.run(&["build"]);
    run.expect_code(1);
    let line = catalog.lines().count() + 1;
    run.expect_stderr_contains(&format!(
        "content/catalog.yaml:{line}:11: error: belum ada kata-kata antarmuka untuk bahasa \"jv\""
    ));
    run.expect_stderr_contains("content/_theme/i18n/jv.yaml");
    assert!(!t.path("public").exists());

    t.write(
        "content/_theme/i18n/jv.yaml",
        "home: Ngarep\nvillages: Desa-desa\nall_products: Sedaya produk\n",
    );
    t.run(&["build"]).expect_code(0);
    let front = t.read("public/index.html");
    assert!(front.contains("<html lang=\"jv\""));
    assert!(front.contains("Sedaya produk"), "{front}");
    // What the file leaves out stays Indonesian.
    assert!(front.contains("Langsung ke isi"));
}

/// The interface phrases of one language that the other says differently: the
/// values of `i18n/<lang>.yaml`, cut at placeholders and sentence punctuation, of four
/// letters or more.
fn interface_phrases(lang: &str, other: &str) -> Vec<String> {
    let words = |l: &str| -> BTreeMap<String, String> {
        let path = format!(
            "{}/themes/default/i18n/{l}.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (mine, theirs) = (words(lang), words(other));
    let mut out: Vec<String> = mine
        .iter()
        .filter(|(k, v)| theirs.get(*k) != Some(v))
        .flat_map(|(_, v)| {
            v.split(|c: char| "{}:;,.!?()…—\"«»".contains(c))
                .map(str::trim)
                .filter(|p| p.chars().filter(|c| c.is_alphabetic()).count() >= 4)
                .filter(|p| !theirs.values().any(|t| t.contains(*p)))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The text a reader sees or hears on a page: text between tags, and the attributes
/// that are read out or shown (alt, title, aria-label, placeholder, content, value),
/// and the messages of WhatsApp links. Scripts are left out (they are checked as files).
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        for attr in [
            "alt",
            "title",
            "aria-label",
            "placeholder",
            "content",
            "value",
            "label",
        ] {
            let key = format!(" {attr}=\"");
            if let Some(i) = tag.find(&key) {
                let v = &tag[i + key.len()..];
                out.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                out.push(' ');
            }
        }
        rest = &rest[tag_end..];
        for closing in ["script", "style"] {
            if tag.starts_with(&format!("<{closing}")) {
                let end = rest.find(&format!("</{closing}>")).unwrap_or(rest.len());
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    for text in whatsapp_texts(html) {
        out.push(' ');
        out.push_str(&text);
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The messages of the page's `wa.me` links.
fn whatsapp_texts(html: &str) -> Vec<String> {
    html.split("https://wa.me/")
        .skip(1)
        .filter_map(|link| {
            let link = &link[..link.find('"').unwrap_or(link.len())];
            let text = link.split_once("text=")?.1.replace("&amp;", "&");
            Some(
                percent_encoding::percent_decode_str(&text)
                    .decode_utf8_lossy()
                    .into_owned(),
            )
        })
        .collect()
}

/// Whether `phrase` stands in `text` as whole words.
fn contains_word(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The YAML with every value a person wrote (names, units, descriptions, tags and
/// category names) replaced by a neutral token `Qz<n>`.
fn neutral_yaml(text: &str, n: &mut usize) -> String {
    fn walk(v: &mut serde_yaml::Value, key: Option<&str>, n: &mut usize) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m.iter_mut() {
                    let k = k.as_str().map(str::to_string);
                    if key == Some("categories") {
                        *n += 1;
                        *v = serde_yaml::Value::String(format!("Qz{n}"));
                    } else {
                        walk(v, k.as_deref(), n);
                    }
                }
            }
            serde_yaml::Value::Sequence(s) => {
                for item in s {
                    walk(
                        item,
                        if key == Some("tags") {
                            Some("name")
                        } else {
                            key
                        },
                        n,
                    );
                }
            }
            serde_yaml::Value::String(s) if key.is_some_and(|k| OWN_WORDS.contains(&k)) => {
                *n += 1;
                *s = format!("Qz{n}");
            }
            _ => {}
        }
    }
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    walk(&mut value, None, n);
    serde_yaml::to_string(&value).unwrap()
}
