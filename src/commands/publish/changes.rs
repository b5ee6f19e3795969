//! What changed in the catalog since its last commit, in the catalog's own terms:
//! products and villages added, changed and removed, the catalog's settings, and the
//! commit message that names them.

use crate::diag::{Lang, Text};
use crate::text;
use std::collections::BTreeMap;
use std::path::Path;

/// How a file changed, as `git status` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    Added,
    Changed,
    Deleted,
}

/// One file changed, its path inside the content folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub change: FileChange,
}

/// What a thing of the catalog is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Product,
    Village,
    /// `catalog.yaml`, the theme and the catalog's other own files (`_…`).
    Catalog,
    /// Any other file.
    Other,
}

/// How a thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    Added,
    Changed,
    Removed,
}

/// A thing of the catalog that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    pub how: How,
    /// Its name: a product's or village's `name:`, else its folder's name; the path of
    /// another file.
    pub name: String,
    /// The village folder (products and villages), and the product folder.
    pub village: String,
    pub product: String,
}

/// The files of `git status --porcelain=v1 -z` (or `git diff --name-status -z`, with
/// `name_status`), paths relative to the repository's top, kept when under `prefix`
/// (the content folder's path in the repository, `content/` or empty) and made
/// relative to it. Files elsewhere in the repository are counted in the second value.
pub fn parse(out: &[u8], prefix: &str, name_status: bool) -> (Vec<File>, usize) {
    let text = String::from_utf8_lossy(out);
    let mut parts = text.split('\0').filter(|p| !p.is_empty());
    let mut files = Vec::new();
    let mut elsewhere = 0;
    while let Some(part) = parts.next() {
        let (code, path) = if name_status {
            (part.to_string(), parts.next().unwrap_or("").to_string())
        } else if part.len() > 3 {
            (part[..2].to_string(), part[3..].to_string())
        } else {
            continue;
        };
        let change = if code.contains('D') {
            FileChange::Deleted
        } else if code.contains('?') || code.starts_with('A') {
            FileChange::Added
        } else {
            FileChange::Changed
        };
        match path.strip_prefix(prefix) {
            Some(rest) if !rest.is_empty() => files.push(File {
                path: rest.to_string(),
                change,
            }),
            _ => elsewhere += 1,
        }
    }
    (files, elsewhere)
}

/// The things that changed, products first, each once; `name_of` reads a product's or
/// village's name from its folder (its file's `name:`), `None` when it cannot.
pub fn items(files: &[File], name_of: &dyn Fn(Kind, &str, &str) -> Option<String>) -> Vec<Item> {
    // (kind, village, product) → its files.
    let mut groups: BTreeMap<(Kind, String, String), Vec<&File>> = BTreeMap::new();
    for f in files {
        let parts: Vec<&str> = f.path.split('/').collect();
        let key = match parts.as_slice() {
            [first, ..] if first.starts_with('_') => (Kind::Catalog, String::new(), String::new()),
            ["catalog.yaml"] => (Kind::Catalog, String::new(), String::new()),
            // Hidden files and folders are no village's.
            [first, ..] if first.starts_with('.') => (Kind::Other, String::new(), f.path.clone()),
            [_] => (Kind::Other, String::new(), f.path.clone()),
            [village, _] => (Kind::Village, village.to_string(), String::new()),
            [village, product, ..] => (Kind::Product, village.to_string(), product.to_string()),
            [] => continue,
        };
        groups.entry(key).or_default().push(f);
    }
    let mut items: Vec<Item> = groups
        .into_iter()
        .map(|((kind, village, product), files)| {
            let own = match kind {
                Kind::Product => Some("product.yaml"),
                Kind::Village => Some("village.yaml"),
                _ => None,
            };
            let main = own.and_then(|name| {
                files
                    .iter()
                    .find(|f| f.path.rsplit('/').next() == Some(name))
            });
            let how = match main.map(|f| f.change) {
                Some(FileChange::Added) => How::Added,
                Some(FileChange::Deleted) => How::Removed,
                // A photo removed is a change of its product; another file removed, a
                // removal.
                _ if kind == Kind::Other
                    && files.iter().all(|f| f.change == FileChange::Deleted) =>
                {
                    How::Removed
                }
                _ => How::Changed,
            };
            let name = match kind {
                Kind::Product => name_of(kind, &village, &product).unwrap_or(product.clone()),
                Kind::Village => name_of(kind, &village, "").unwrap_or(village.clone()),
                Kind::Catalog => String::new(),
                Kind::Other => product.clone(),
            };
            Item {
                kind,
                how,
                name,
                village,
                product: if kind == Kind::Other {
                    String::new()
                } else {
                    product
                },
            }
        })
        .collect();
    items.sort_by_key(|a| (a.kind, a.how));
    items
}

/// The `name:` of a YAML file's text, when it has one.
pub fn name_in(yaml: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
    let name = value.get("name")?.as_str()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The name of a product or village from its file in the content folder.
pub fn name_on_disk(content: &Path, kind: Kind, village: &str, product: &str) -> Option<String> {
    let file = match kind {
        Kind::Product => content.join(village).join(product).join("product.yaml"),
        Kind::Village => content.join(village).join("village.yaml"),
        _ => return None,
    };
    name_in(&std::fs::read_to_string(file).ok()?)
}

/// An item in a sentence: `Keripik Pare (sidomulyo)`, `desa Sidomulyo`, `pengaturan
/// katalog`, a file's path.
pub fn item_words(item: &Item) -> Text {
    let (name, village) = (&item.name, &item.village);
    match item.kind {
        Kind::Product => text!(en: "{name} ({village})", id: "{name} ({village})"),
        Kind::Village => text!(en: "village {name}", id: "desa {name}"),
        Kind::Catalog => text!(en: "catalog settings", id: "pengaturan katalog"),
        Kind::Other => text!(en: "{name}", id: "{name}"),
    }
}

/// A verb for how a thing changed.
pub fn how_words(how: How) -> Text {
    match how {
        How::Added => text!(en: "add", id: "tambah"),
        How::Changed => text!(en: "change", id: "ubah"),
        How::Removed => text!(en: "remove", id: "hapus"),
    }
}

/// At most this many things are named in a commit's first line; more are counted
/// there and named in its body, one a line.
const NAMED: usize = 5;

/// The commit message: its first line and its body (empty when the first line names
/// everything). `Katalog: tambah Keripik Pare (sidomulyo); ubah Sagon Kelapa
/// (dukuhdempok); hapus …`.
pub fn message(items: &[Item], lang: Lang) -> (String, String) {
    let head = text!(en: "Catalog", id: "Katalog").get(lang).to_string();
    let mut clauses = Vec::new();
    for how in [How::Added, How::Changed, How::Removed] {
        let these: Vec<&Item> = items.iter().filter(|i| i.how == how).collect();
        if these.is_empty() {
            continue;
        }
        let verb = how_words(how).get(lang).to_string();
        if items.len() <= NAMED {
            let names: Vec<String> = these
                .iter()
                .map(|i| item_words(i).get(lang).to_string())
                .collect();
            clauses.push(format!("{verb} {}", names.join(", ")));
        } else {
            let products = these.iter().filter(|i| i.kind == Kind::Product).count();
            let others = these.len() - products;
            let mut counted = Vec::new();
            if products > 0 {
                counted.push(
                    text!(en: "{products} products", id: "{products} produk")
                        .get(lang)
                        .to_string(),
                );
            }
            if others > 0 {
                counted.push(
                    text!(en: "{others} other things", id: "{others} lainnya")
                        .get(lang)
                        .to_string(),
                );
            }
            clauses.push(format!("{verb} {}", counted.join(", ")));
        }
    }
    if clauses.is_empty() {
        clauses.push(text!(en: "update", id: "perbarui").get(lang).to_string());
    }
    let subject = format!("{head}: {}", clauses.join("; "));
    let body = if items.len() > NAMED {
        items
            .iter()
            .map(|i| {
                format!(
                    "- {} {}",
                    how_words(i.how).get(lang),
                    item_words(i).get(lang)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        String::new()
    };
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, change: FileChange) -> File {
        File {
            path: path.into(),
            change,
        }
    }

    #[test]
    fn statuses_are_read_under_the_content_folder() {
        let out = b"?? content/sidomulyo/keripik-pare/product.yaml\0 M content/catalog.yaml\0 D content/a/b/foto.jpg\0 M README.md\0";
        let (files, elsewhere) = parse(out, "content/", false);
        assert_eq!(
            files,
            vec![
                file("sidomulyo/keripik-pare/product.yaml", FileChange::Added),
                file("catalog.yaml", FileChange::Changed),
                file("a/b/foto.jpg", FileChange::Deleted),
            ]
        );
        assert_eq!(elsewhere, 1);
        let staged = b"A\0content/v/p/product.yaml\0D\0content/v/q/index.md\0";
        let (files, _) = parse(staged, "content/", true);
        assert_eq!(files[0].change, FileChange::Added);
        assert_eq!(files[1].change, FileChange::Deleted);
    }

    #[test]
    fn the_message_names_what_was_added_changed_and_removed() {
        let files = vec![
            file("sidomulyo/keripik-pare/product.yaml", FileChange::Added),
            file("sidomulyo/keripik-pare/foto.jpg", FileChange::Added),
            file("dukuhdempok/sagon/foto-2.jpg", FileChange::Added),
            file("dukuhdempok/sagon/foto-1.jpg", FileChange::Deleted),
            file("dukuhdempok/lama/product.yaml", FileChange::Deleted),
            file("dukuhdempok/lama/index.md", FileChange::Deleted),
            file("sidomulyo/village.yaml", FileChange::Added),
        ];
        let names = |kind: Kind, _: &str, product: &str| match (kind, product) {
            (Kind::Product, "keripik-pare") => Some("Keripik Pare".to_string()),
            (Kind::Village, _) => Some("Sidomulyo".to_string()),
            _ => None,
        };
        let items = items(&files, &names);
        let (subject, body) = message(&items, Lang::Id);
        assert_eq!(
            subject,
            "Katalog: tambah Keripik Pare (sidomulyo), desa Sidomulyo; ubah sagon (dukuhdempok); hapus lama (dukuhdempok)"
        );
        assert_eq!(body, "");
        let (subject, _) = message(&items, Lang::En);
        assert!(subject.starts_with("Catalog: add Keripik Pare (sidomulyo)"));
    }

    #[test]
    fn many_changes_are_counted_in_the_first_line_and_named_below() {
        let files: Vec<File> = (0..8)
            .map(|n| file(&format!("v/p{n}/product.yaml"), FileChange::Added))
            .collect();
        let items = items(&files, &|_, _, _| None);
        let (subject, body) = message(&items, Lang::Id);
        assert_eq!(subject, "Katalog: tambah 8 produk");
        assert_eq!(body.lines().count(), 8);
        assert!(body.starts_with("- tambah p0 (v)"));
    }
}
