//! The catalog's settings as a form (issue 16, point 2): the fields of `catalog.yaml`
//! a volunteer changes (title, description, language, base_url, the default WhatsApp
//! number) and its `categories:` list, read with a version, checked by the build's own
//! rules and messages, and saved as a product's are ([`super::save`]). The keys the
//! form does not show (`images:`, `logo:`, `example:`) stay as written.
//!
//! `categories:` lists the catalog's own categories: new ones, and new names for
//! built-in ones. It never takes the built-in ones away (issue 15): they stay there for
//! products to use, shown on the site when a product is in them
//! ([`crate::catalog::resolve`]'s `unused_built_ins_left_out`). So the form edits the
//! list as written, and a row taken out of it is only taken out of the file.

use super::check::{Outcome, all_valid, errors_of, invalid, saved_text, straight, valid};
use super::save::{Edits, save_fields, scalar_changes};
use super::{Form, FormValues, NotSaved, Saved, form_of};
use crate::catalog::load::{LoadError, read_catalog};
use crate::catalog::resolve;
use crate::catalog::schema::{FileKind, RawCatalog};
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::Change;
use crate::diag::Text;
use crate::output::lock::Wait;
use crate::text;
use std::collections::BTreeMap;
use std::path::Path;

/// Why the form was not saved.
pub type SaveError = NotSaved<Values>;

/// The scalar fields of the settings' form, as `catalog.yaml` names them.
pub const FIELDS: &[&str] = &["title", "description", "language", "base_url", "whatsapp"];

/// One row of `categories:`: its key (the web address part) and its name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryRow {
    pub key: String,
    pub name: String,
}

/// The settings as text, as written in `catalog.yaml` or typed in the form; an absent
/// field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// Every one of [`FIELDS`], by its key.
    pub scalars: BTreeMap<String, String>,
    /// The rows of `categories:`, in the file's order.
    pub categories: Vec<CategoryRow>,
}

impl Values {
    /// The text of the field `key` (empty when absent).
    pub fn get(&self, key: &str) -> &str {
        self.scalars.get(key).map_or("", String::as_str)
    }

    /// Sets the field `key`.
    pub fn set(&mut self, key: &str, value: &str) {
        self.scalars.insert(key.to_string(), value.to_string());
    }
}

impl FormValues for Values {
    const KIND: FileKind = FileKind::Catalog;

    fn fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = FIELDS
            .iter()
            .map(|k| (k.to_string(), self.get(k).to_string()))
            .collect();
        let rows: Vec<String> = self
            .categories
            .iter()
            .map(|r| format!("{}\u{1f}{}", r.key, r.name))
            .collect();
        out.push(("categories".into(), rows.join("\n")));
        out
    }
}

/// The settings' form as opened (its folder is the content folder).
pub type SettingsForm = Form<Values>;

/// Reads `catalog.yaml` of the catalog in `content` as the settings' form shows it.
pub fn read_form(content: &Path) -> Result<SettingsForm, LoadError> {
    let (doc, diags) = read_catalog(content)?;
    let values = if doc.parsed {
        values_of(&doc.raw)
    } else {
        Values::default()
    };
    Ok(form_of(content, values, doc.parsed, diags, &[]))
}

/// The settings read by the build, as text as written.
fn values_of(raw: &RawCatalog) -> Values {
    let plain = |s: Option<&String>| s.cloned().unwrap_or_default();
    let mut v = Values::default();
    v.set("title", raw.title.as_ref().map_or("", |s| s.as_text()));
    v.set("description", &plain(raw.description.as_ref()));
    v.set("language", &plain(raw.language.as_ref()));
    v.set("base_url", &plain(raw.base_url.as_ref()));
    v.set(
        "whatsapp",
        raw.whatsapp.as_ref().map_or("", |s| s.as_text()),
    );
    v.categories = raw
        .categories
        .iter()
        .flatten()
        .map(|(key, name)| CategoryRow {
            key: key.clone(),
            name: name.clone(),
        })
        .collect();
    v
}

/// The settings' form checked: what was typed, each field's outcome, the categories to
/// save.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The values as typed, kept for the form to show again.
    pub typed: Values,
    /// Every one of [`FIELDS`] by its key, and each category row's fields as
    /// `categories.1.key`, `categories.1.name` (rows counted from 1).
    pub fields: BTreeMap<String, Outcome>,
    /// The rows to save, empty rows left out.
    pub categories: Vec<CategoryRow>,
}

impl Checked {
    /// True when no field is invalid: only then may it be saved.
    pub fn is_valid(&self) -> bool {
        all_valid(&self.fields)
    }

    /// The invalid fields, by path, with the build's message and help.
    pub fn errors(&self) -> Vec<(&str, &Text, &Text)> {
        errors_of(&self.fields)
    }

    /// The text to save for the field `key` (empty when invalid or emptied).
    pub fn save_text(&self, key: &str) -> &str {
        saved_text(&self.fields, key)
    }
}

/// Checks every field of `typed` by the build's rules ([`resolve`]).
pub fn check(typed: &Values) -> Checked {
    let mut fields = BTreeMap::new();
    for &key in FIELDS {
        let value = straight(typed.get(key));
        let outcome = match key {
            "title" if value.is_empty() => invalid(resolve::missing_title()),
            _ if value.is_empty() => valid(String::new(), String::new()),
            "language" => match resolve::read_language(&value) {
                Ok(code) => valid(code.clone(), code),
                Err(problem) => invalid(problem),
            },
            // Saved as typed; shown as the build uses it (ending in `/`).
            "base_url" => match resolve::read_base_url(&value) {
                Ok(url) => valid(value, url),
                Err(problem) => invalid(problem),
            },
            "whatsapp" => super::check::whatsapp_field(&value),
            _ => valid(value.clone(), value),
        };
        fields.insert(key.to_string(), outcome);
    }
    let categories = check_categories(&typed.categories, &mut fields);
    Checked {
        typed: typed.clone(),
        fields,
        categories,
    }
}

/// The category rows checked into `fields`: a row with a name and no key gets its key
/// from its name, as folders get theirs (adding a category is typing its name); a row
/// with a key and no name is named by its key. Each key by the build's rule.
fn check_categories(
    rows: &[CategoryRow],
    fields: &mut BTreeMap<String, Outcome>,
) -> Vec<CategoryRow> {
    let mut out: Vec<CategoryRow> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let (key, name) = (straight(&row.key), straight(&row.name));
        if key.is_empty() && name.is_empty() {
            continue;
        }
        let n = i + 1;
        let key = if key.is_empty() { slugify(&name) } else { key };
        let name = if name.is_empty() { key.clone() } else { name };
        let problem = if key.is_empty() {
            Some(no_key(&name))
        } else if out.iter().any(|r| r.key == key) {
            Some(twice(&key))
        } else {
            resolve::category_key_problem(&key, &name)
        };
        fields.insert(
            format!("categories.{n}.key"),
            match problem {
                Some(problem) => invalid(problem),
                None => valid(key.clone(), key.clone()),
            },
        );
        fields.insert(
            format!("categories.{n}.name"),
            valid(name.clone(), name.clone()),
        );
        out.push(CategoryRow { key, name });
    }
    out
}

/// A category typed with neither a key nor a name with letters or digits to make one.
fn no_key(name: &str) -> (Text, Text) {
    (
        text!(
            en: "category {name:?} needs a key of letters or digits for its web address",
            id: "kategori {name:?} perlu kunci berupa huruf atau angka untuk alamat webnya"
        ),
        text!(
            en: "write a key like `makanan-ringan`, or a name with letters in it",
            id: "tulis kunci seperti `makanan-ringan`, atau nama yang berisi huruf"
        ),
    )
}

/// A key typed in two rows: a YAML map holds each key once.
fn twice(key: &str) -> (Text, Text) {
    (
        text!(
            en: "category key {key:?} is listed twice",
            id: "kunci kategori {key:?} tertulis dua kali"
        ),
        text!(
            en: "give each category its own key, or remove one of the two rows",
            id: "beri setiap kategori kuncinya sendiri, atau hapus salah satu baris"
        ),
    )
}

/// Saves `checked` into `catalog.yaml` of the catalog `content`, whose form was opened
/// at `version`: only the fields changed, refused when the file changed since.
pub fn save(
    content: &Path,
    version: &str,
    checked: &Checked,
    wait: &Wait<'_>,
) -> Result<Saved<Values>, SaveError> {
    save_fields(
        content,
        content,
        version,
        checked.is_valid(),
        || read_form(content),
        |current| Edits {
            fields: changes(checked, &current.values),
            body: None,
        },
        wait,
    )
}

/// The changes that bring `catalog.yaml` from `current` to `checked`: the scalars
/// typed differently, and for `categories:` the rows taken out removed and the rows
/// new or renamed set (new ones at the end of the list).
fn changes(checked: &Checked, current: &Values) -> Vec<Change> {
    let mut out = scalar_changes(
        FIELDS,
        &checked.typed.scalars,
        &checked.fields,
        Some(&current.scalars),
    );
    if checked.categories == current.categories {
        return out;
    }
    for old in &current.categories {
        if !checked.categories.iter().any(|r| r.key == old.key) {
            out.push(Change::remove(&["categories", &old.key]));
        }
    }
    for row in &checked.categories {
        if !current.categories.contains(row) {
            out.push(Change::set(&["categories", &row.key], &row.name));
        }
    }
    out
}
