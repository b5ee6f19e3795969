//! The catalog's settings as a form (issue 16, point 2): the fields of `catalog.yaml`
//! a volunteer changes (title, description, language, base_url, the default WhatsApp
//! number) and its `categories:` list, read with a version, checked by the build's own
//! rules and messages, and saved as a product's are ([`super::save`]). The keys the
//! form does not show (`images:`, `logo:`, `example:`) stay as written.
//!
//! `feeds:` (issue 19) is shown as a producer thinks of it: for each category, whether
//! it is kept out of Meta's catalog (WhatsApp/Facebook) and out of Google's. The file's
//! three lists (`leave_out`, `meta.leave_out`, `google.leave_out`) are rewritten only
//! when what they leave out changes: a category kept out of both goes in `leave_out`,
//! one kept out of one platform's in that platform's list; a list emptied is taken out,
//! with the maps it leaves empty.
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

/// `feeds:`: the category keys each list leaves out, as written (or as typed:
/// [`FeedLists::chosen`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedLists {
    /// `feeds.leave_out`: out of every feed.
    pub leave_out: Vec<String>,
    /// `feeds.meta.leave_out`: out of Meta's feed only.
    pub meta: Vec<String>,
    /// `feeds.google.leave_out`: out of Google's feed only.
    pub google: Vec<String>,
}

impl FeedLists {
    /// The lists for the categories chosen to be kept out of Meta's feed (`meta`) and
    /// out of Google's (`google`): those in both in `leave_out`, in the order given.
    pub fn chosen(meta: &[String], google: &[String]) -> FeedLists {
        let mut lists = FeedLists::default();
        for key in meta {
            if lists.meta.contains(key) || lists.leave_out.contains(key) {
                continue;
            }
            match google.contains(key) {
                true => lists.leave_out.push(key.clone()),
                false => lists.meta.push(key.clone()),
            }
        }
        for key in google {
            if !meta.contains(key) && !lists.google.contains(key) {
                lists.google.push(key.clone());
            }
        }
        lists
    }

    /// The keys kept out of Meta's feed (`leave_out` and `meta.leave_out`), each once.
    pub fn out_of_meta(&self) -> Vec<String> {
        joined(&self.leave_out, &self.meta)
    }

    /// The keys kept out of Google's feed (`leave_out` and `google.leave_out`).
    pub fn out_of_google(&self) -> Vec<String> {
        joined(&self.leave_out, &self.google)
    }

    /// Every key named in the lists, each once, in the file's order.
    pub fn keys(&self) -> Vec<String> {
        joined(&self.out_of_meta(), &self.google)
    }

    /// Whether both leave out the same categories of each feed, however written.
    fn same_choice(&self, other: &FeedLists) -> bool {
        let set = |v: Vec<String>| v.into_iter().collect::<std::collections::BTreeSet<_>>();
        set(self.out_of_meta()) == set(other.out_of_meta())
            && set(self.out_of_google()) == set(other.out_of_google())
    }
}

/// `a` then the items of `b` not in it, each once.
fn joined(a: &[String], b: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in a.iter().chain(b) {
        if !out.contains(k) {
            out.push(k.clone());
        }
    }
    out
}

/// `new`'s keys, those `old` holds first in `old`'s order (a list saved again keeps the
/// order it was written in).
fn in_old_order(new: &[String], old: &[String]) -> Vec<String> {
    let mut out: Vec<String> = old.iter().filter(|k| new.contains(k)).cloned().collect();
    out.extend(new.iter().filter(|k| !old.contains(k)).cloned());
    out
}

/// The settings as text, as written in `catalog.yaml` or typed in the form; an absent
/// field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// Every one of [`FIELDS`], by its key.
    pub scalars: BTreeMap<String, String>,
    /// The rows of `categories:`, in the file's order.
    pub categories: Vec<CategoryRow>,
    /// `feeds:`, the categories left out of the product feeds.
    pub feeds: FeedLists,
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
        let f = &self.feeds;
        out.push((
            "feeds".into(),
            [&f.leave_out, &f.meta, &f.google]
                .map(|l| l.join("\u{1f}"))
                .join("\n"),
        ));
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
    if let Some(feeds) = &raw.feeds {
        let keys = |list: Option<&Vec<String>>| -> Vec<String> {
            list.into_iter()
                .flatten()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect()
        };
        v.feeds = FeedLists {
            leave_out: keys(feeds.leave_out.as_ref()),
            meta: keys(feeds.meta.as_ref().and_then(|m| m.leave_out.as_ref())),
            google: keys(feeds.google.as_ref().and_then(|g| g.leave_out.as_ref())),
        };
    }
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
    out.extend(feed_changes(&checked.typed.feeds, &current.feeds));
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

/// The changes of `feeds:` from `current` to `typed`: none when both leave out the same
/// categories of each feed; else each of the three lists that differs set (a list
/// emptied is taken out, and the maps it leaves empty).
fn feed_changes(typed: &FeedLists, current: &FeedLists) -> Vec<Change> {
    if typed.same_choice(current) {
        return Vec::new();
    }
    let new = FeedLists::chosen(&typed.out_of_meta(), &typed.out_of_google());
    // Lists set first, then those emptied: a `feeds:` map is never taken out to be made
    // again (with the comments around it lost) in one save.
    let (mut out, mut emptied) = (Vec::new(), Vec::new());
    for (path, new, old) in [
        (
            &["feeds", "leave_out"][..],
            &new.leave_out,
            &current.leave_out,
        ),
        (
            &["feeds", "meta", "leave_out"][..],
            &new.meta,
            &current.meta,
        ),
        (
            &["feeds", "google", "leave_out"][..],
            &new.google,
            &current.google,
        ),
    ] {
        let new = in_old_order(new, old);
        if &new != old {
            let items: Vec<&str> = new.iter().map(String::as_str).collect();
            match items.is_empty() {
                true => emptied.push(Change::list(path, &items)),
                false => out.push(Change::list(path, &items)),
            }
        }
    }
    out.extend(emptied);
    out
}

/// A category typed by its name in a product's form (issue 16, point 3: a category
/// "and adding one"), checked to be added to the catalog's `categories:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCategory {
    /// Its key, made from the name as the settings form makes a new row's.
    pub key: String,
    pub name: String,
    /// Whether the catalog has the key already (listed, or built in): the category is
    /// then only chosen, and nothing is written.
    pub known: bool,
}

/// Checks the category named `name` as the settings form checks a row added with that
/// name and no key: its key made from the name, by the build's rules. A name whose key
/// the catalog has already (listed or built in) chooses that category. `Err`: the
/// build's message for the field (a name with no letters to make a key of, a key too
/// long for a web address).
pub fn check_new_category(content: &Path, name: &str) -> Result<NewCategory, Box<Outcome>> {
    let name = straight(name);
    let key = slugify(&name);
    let known = resolve::categories_of(content).unwrap_or_default();
    if let Some(c) = known.iter().find(|c| !key.is_empty() && c.key == key) {
        return Ok(NewCategory {
            key,
            name: c.name.clone(),
            known: true,
        });
    }
    let mut typed = read_form(content).map(|f| f.values).unwrap_or_default();
    typed.categories.push(CategoryRow {
        key: String::new(),
        name,
    });
    let checked = check(&typed);
    let n = typed.categories.len();
    match checked.fields.get(&format!("categories.{n}.key")) {
        Some(Outcome::Valid { .. }) => {}
        Some(invalid) => return Err(Box::new(invalid.clone())),
        None => return Err(Box::new(super::check::invalid(no_key("")))),
    }
    let row = checked.categories.last().cloned().unwrap_or_default();
    Ok(NewCategory {
        key: row.key,
        name: row.name,
        known: false,
    })
}

/// Adds `category` to `catalog.yaml`'s `categories:` (nothing when the catalog knows
/// it): read, the row checked, added and saved, as the settings form saves a row typed in
/// it, under the catalog lock; only that line is written. The other fields are not
/// checked: they are not changed, and a problem of theirs is the settings form's to
/// show, not a reason to refuse a product its category.
pub fn add_category(
    content: &Path,
    category: &NewCategory,
    wait: &Wait<'_>,
) -> Result<(), SaveError> {
    // Checked again as the file is now: added since (by hand, or from another phone),
    // it is only chosen.
    match check_new_category(content, &category.name) {
        Ok(now) if now.known && now.key == category.key => return Ok(()),
        Ok(now) if now.key == category.key => {}
        _ => return Err(NotSaved::Invalid),
    }
    let opened = read_form(content).map_err(NotSaved::Load)?;
    save_fields(
        content,
        content,
        &opened.version,
        true,
        || read_form(content),
        |_| Edits {
            fields: vec![Change::set(&["categories", &category.key], &category.name)],
            body: None,
        },
        wait,
    )
    .map(drop)
}
