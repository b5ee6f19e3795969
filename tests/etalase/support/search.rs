//! A built site's search index read back whole (`src/site/search.rs` writes it in
//! pieces under `assets/search/`): the entry with every product's row in `p`, in
//! catalog order, as the search page sees them once every file is loaded.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The entry of the search index the site ships (`assets/search/index.<hash>.js`).
pub fn entry_path(public: &Path) -> PathBuf {
    std::fs::read_dir(public.join("assets/search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("index.") && name.ends_with(".js")
        })
        .expect("assets/search/index.<hash>.js")
}

/// A search file's name (what it sets) and value.
pub fn read(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text
        .strip_prefix("(self.etalaseSearch||(self.etalaseSearch={}))[\"")
        .unwrap_or_else(|| panic!("a search file: {}", path.display()));
    let (name, json) = rest.split_once("\"]=").unwrap();
    let json = json.trim_end().strip_suffix(';').expect("…;");
    (name.to_string(), serde_json::from_str(json).unwrap())
}

/// The whole index: the entry, with `p` every product's row.
pub fn whole(public: &Path) -> Value {
    let entry = entry_path(public);
    let (_, mut index) = read(&entry);
    let dir = entry.parent().unwrap();
    let mut rows = Vec::new();
    for (i, hash) in index["r"].as_array().unwrap().iter().enumerate() {
        let (name, chunk) = read(&dir.join(format!("r-{i}.{}.js", hash.as_str().unwrap())));
        assert_eq!(name, format!("r/{i}"));
        rows.extend(chunk.as_array().unwrap().iter().cloned());
    }
    index["p"] = Value::Array(rows);
    index
}

/// Every search file's text, joined: to see what the index says at all.
pub fn text(public: &Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(public.join("assets/search")).unwrap() {
        out.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    out
}
