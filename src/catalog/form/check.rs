//! The values typed in a product's form checked by the build's own rules (issue 16,
//! points 3 and 5): each field's text to save and to show back, or the build's own
//! message for it, in both languages. The rules and messages are the build's
//! ([`crate::catalog::resolve`], [`crate::catalog::values`]), never a copy.

use super::{SCALARS, Values, VariantRow};
use crate::catalog::model::Category;
use crate::catalog::resolve;
use crate::catalog::values::links::{self, Platform};
use crate::catalog::values::{phone, price};
use crate::diag::Text;
use std::collections::BTreeMap;

/// A warning the build would give about a value it accepts (a share text whose words
/// were dropped): shown beside the field, the value saved all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub message: Text,
    pub help: Text,
}

/// One field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The text to save (empty: the field is taken out of the file) and the value as
    /// the form shows it back (`Rp15.000` for a price typed `15rb`).
    Valid {
        save: String,
        show: String,
        note: Option<Note>,
    },
    /// The build's message and help for the value typed; nothing is saved.
    Invalid { message: Text, help: Text },
}

/// A whole form checked: what was typed, each field's outcome, and the lists to save.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The values as typed, kept for the form to show again.
    pub typed: Values,
    /// Every scalar of [`SCALARS`] by its path, and each variant row's fields as
    /// `variants.1.name`, `variants.1.price` (rows counted from 1, as the build does).
    pub fields: BTreeMap<String, Outcome>,
    /// The rows to save, empty rows left out.
    pub variants: Vec<VariantRow>,
    pub tags: Vec<String>,
    pub photos: Vec<String>,
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

    /// The text to save for the scalar `path` (empty when invalid or emptied).
    pub fn save_text(&self, path: &str) -> &str {
        saved_text(&self.fields, path)
    }
}

/// Whether every field checked is valid (the `is_valid` of every kind of form).
pub(super) fn all_valid(fields: &BTreeMap<String, Outcome>) -> bool {
    fields.values().all(|o| matches!(o, Outcome::Valid { .. }))
}

/// The invalid fields, by path, with the build's message and help.
pub(super) fn errors_of(fields: &BTreeMap<String, Outcome>) -> Vec<(&str, &Text, &Text)> {
    fields
        .iter()
        .filter_map(|(k, o)| match o {
            Outcome::Invalid { message, help } => Some((k.as_str(), message, help)),
            Outcome::Valid { .. } => None,
        })
        .collect()
}

/// The text to save for the field `path` (empty when invalid or emptied).
pub(super) fn saved_text<'a>(fields: &'a BTreeMap<String, Outcome>, path: &str) -> &'a str {
    match fields.get(path) {
        Some(Outcome::Valid { save, .. }) => save,
        _ => "",
    }
}

/// Curly quotes, as phones and word processors type them, made straight: the build
/// reads only straight ones.
pub(super) fn straight(s: &str) -> String {
    s.replace(['\u{201c}', '\u{201d}', '\u{201e}'], "\"")
        .replace(['\u{2018}', '\u{2019}', '\u{201a}'], "'")
        .trim()
        .to_string()
}

pub(super) fn valid(save: String, show: String) -> Outcome {
    Outcome::Valid {
        save,
        show,
        note: None,
    }
}

pub(super) fn invalid((message, help): (Text, Text)) -> Outcome {
    Outcome::Invalid { message, help }
}

/// Checks every field of `typed` by the build's rules. `categories` are the catalog's
/// ([`crate::catalog::resolve::categories_of`]); `None` when they are unknown
/// (`catalog.yaml` does not parse), and then a category is not checked, as in a build.
pub fn check(typed: &Values, categories: Option<&[Category]>) -> Checked {
    let mut fields = BTreeMap::new();
    for &path in SCALARS {
        let value = straight(typed.get(path));
        fields.insert(path.to_string(), scalar(path, &value, categories));
    }
    let mut variants = Vec::new();
    for (i, row) in typed.variants.iter().enumerate() {
        let (name, price_text) = (straight(&row.name), straight(&row.price));
        if name.is_empty() && price_text.is_empty() {
            continue;
        }
        let n = i + 1;
        fields.insert(
            format!("variants.{n}.name"),
            if name.is_empty() {
                invalid(resolve::unnamed_variant(n))
            } else {
                valid(name.clone(), name.clone())
            },
        );
        let price_outcome = price_field(&price_text, false);
        let saved_price = match &price_outcome {
            Outcome::Valid { save, .. } => save.clone(),
            Outcome::Invalid { .. } => String::new(),
        };
        fields.insert(format!("variants.{n}.price"), price_outcome);
        variants.push(VariantRow {
            name,
            price: saved_price,
        });
    }
    let list = |items: &[String]| {
        items
            .iter()
            .map(|t| straight(t))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    };
    Checked {
        typed: typed.clone(),
        fields,
        variants,
        tags: list(&typed.tags),
        photos: list(&typed.photos),
    }
}

/// One scalar field by its rule.
fn scalar(path: &str, value: &str, categories: Option<&[Category]>) -> Outcome {
    match path {
        "name" if value.is_empty() => invalid(resolve::missing("name", "name: Jamu Kunyit Asam")),
        "category" => match categories {
            Some(known) => {
                match resolve::category_problem(Some(value).filter(|v| !v.is_empty()), known) {
                    Some(problem) => invalid(problem),
                    None => valid(value.to_string(), value.to_string()),
                }
            }
            None => valid(value.to_string(), value.to_string()),
        },
        _ if value.is_empty() => valid(String::new(), String::new()),
        "price" => price_field(value, true),
        "availability" => match resolve::read_availability(value) {
            Ok(a) => valid(a.key().to_string(), a.key().to_string()),
            Err(problem) => invalid(problem),
        },
        "available_from" => match resolve::read_available_from(value) {
            Ok(date) => valid(date.to_string(), date.to_string()),
            Err(problem) => invalid(problem),
        },
        "added" => match resolve::read_added(value) {
            Ok(date) => valid(date.to_string(), date.to_string()),
            Err(problem) => invalid(problem),
        },
        "feeds" => match resolve::read_in_feeds(value) {
            Ok(b) => valid(b.to_string(), b.to_string()),
            Err(problem) => invalid(problem),
        },
        "order.whatsapp" => whatsapp_field(value),
        _ if path.starts_with("order.") => {
            let key = &path["order.".len()..];
            let Some(platform) = Platform::ALL.into_iter().find(|p| p.key() == key) else {
                return valid(value.to_string(), value.to_string());
            };
            match links::find_link(platform, value) {
                Ok(found) => {
                    let note = found.words_dropped.then(|| {
                        let (message, help) = resolve::words_dropped(platform, &found.url);
                        Note { message, help }
                    });
                    Outcome::Valid {
                        save: found.url.clone(),
                        show: found.url,
                        note,
                    }
                }
                Err(e) => invalid(resolve::link_problem(platform, value, &e, false)),
            }
        }
        _ => valid(value.to_string(), value.to_string()),
    }
}

/// A WhatsApp number by the build's reading ([`phone::normalise`]): saved as typed
/// (`0812-3456-7890`, as volunteers know it), shown as the number buyers' phones dial.
pub(super) fn whatsapp_field(value: &str) -> Outcome {
    match phone::normalise(value) {
        Ok(number) => valid(value.to_string(), format!("+{number}")),
        Err(e) => invalid(resolve::whatsapp_problem(value, &e)),
    }
}

/// A price by the build's reading ([`price::read_price`]): saved as digits, shown as
/// `Rp15.000`. `product_price`: the product's own, not a variant's.
fn price_field(value: &str, product_price: bool) -> Outcome {
    if value.is_empty() {
        return valid(String::new(), String::new());
    }
    match price::read_price(value) {
        Ok(p) => valid(p.to_string(), price::format_rupiah(p)),
        Err(problem) => invalid(resolve::price_problem(value, problem, product_price)),
    }
}
