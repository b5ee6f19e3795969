//! A village's form (issue 16, point 2): the fields of `village.yaml` (or of the front
//! matter of its `index.md`) read with a version, checked by the build's own rules and
//! messages, and saved as a product's are ([`super::save`]); a new village made in a
//! folder named from its name, with the files `etalase new village` makes.
//!
//! The fields are the format's: [`FIELDS`], the list of `photos` (kept as read unless
//! the form is given another), and the village's story, the text of `index.md` after
//! its front matter.

use super::check::{Outcome, all_valid, errors_of, invalid, saved_text, straight, valid};
use super::save::{Edits, body_change, create, save_fields, scalar_changes, with_body};
use super::{Form, FormValues, NotSaved, Saved, form_of};
use crate::catalog::load::{LoadError, read_village_doc};
use crate::catalog::resolve;
use crate::catalog::scaffold;
use crate::catalog::schema::{FileKind, RawVillage};
use crate::catalog::values::slug::slugify;
use crate::catalog::yaml::Change;
use crate::diag::Text;
use crate::output::lock::Wait;
use std::collections::BTreeMap;
use std::path::Path;

/// Why the form was not saved.
pub type SaveError = NotSaved<Values>;

/// The scalar fields of a village's form, as `village.yaml` names them.
pub const FIELDS: &[&str] = &[
    "name", "district", "regency", "province", "group", "whatsapp",
];

/// A village's fields as text, as written in its files or typed in the form; an absent
/// field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// Every one of [`FIELDS`], by its key.
    pub scalars: BTreeMap<String, String>,
    pub photos: Vec<String>,
    /// The village's story: the text of `index.md` after its front matter.
    pub story: String,
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
    const KIND: FileKind = FileKind::Village;

    fn fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = FIELDS
            .iter()
            .map(|k| (k.to_string(), self.get(k).to_string()))
            .collect();
        out.push(("photos".into(), self.photos.join("\n")));
        out.push(("story".into(), super::same_text(&self.story)));
        out
    }
}

/// A village's form as opened.
pub type VillageForm = Form<Values>;

/// Reads the village in the folder `dir` of the catalog in `content` as its form shows
/// it (its products are not read).
pub fn read_form(content: &Path, dir: &Path) -> Result<VillageForm, LoadError> {
    let (found, diags) = read_village_doc(content, dir)?;
    let (values, parsed, photos) = match found {
        Some((doc, story, images)) => {
            let mut values = values_of(&doc.raw);
            values.story = story.replace("\r\n", "\n");
            (values, doc.parsed, images)
        }
        None => (Values::default(), false, Vec::new()),
    };
    Ok(form_of(dir, values, parsed, diags, &photos))
}

/// The fields of a village read by the build, as text as written.
fn values_of(raw: &RawVillage) -> Values {
    let plain = |s: Option<&String>| s.cloned().unwrap_or_default();
    let mut v = Values::default();
    v.set("name", raw.name.as_ref().map_or("", |s| s.as_text()));
    v.set("district", &plain(raw.district.as_ref()));
    v.set("regency", &plain(raw.regency.as_ref()));
    v.set("province", &plain(raw.province.as_ref()));
    v.set("group", &plain(raw.group.as_ref()));
    v.set(
        "whatsapp",
        raw.whatsapp.as_ref().map_or("", |s| s.as_text()),
    );
    v.photos = raw.photos.clone().unwrap_or_default();
    v
}

/// A village's form checked: what was typed, each field's outcome, the photos to save.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The values as typed, kept for the form to show again.
    pub typed: Values,
    /// Every one of [`FIELDS`] by its key.
    pub fields: BTreeMap<String, Outcome>,
    pub photos: Vec<String>,
}

impl Checked {
    /// True when no field is invalid: only then may it be saved.
    pub fn is_valid(&self) -> bool {
        all_valid(&self.fields)
    }

    /// The invalid fields, by key, with the build's message and help.
    pub fn errors(&self) -> Vec<(&str, &Text, &Text)> {
        errors_of(&self.fields)
    }

    /// The text to save for the field `key` (empty when invalid or emptied).
    pub fn save_text(&self, key: &str) -> &str {
        saved_text(&self.fields, key)
    }
}

/// Checks every field of `typed` by the build's rules ([`resolve`]): a name is
/// required, a WhatsApp number must be one; the places and the group are free text.
pub fn check(typed: &Values) -> Checked {
    let mut fields = BTreeMap::new();
    for &key in FIELDS {
        let value = straight(typed.get(key));
        let outcome = match key {
            "name" if value.is_empty() => invalid(resolve::missing("name", "name: Dukuhdempok")),
            _ if value.is_empty() => valid(String::new(), String::new()),
            "whatsapp" => super::check::whatsapp_field(&value),
            _ => valid(value.clone(), value),
        };
        fields.insert(key.to_string(), outcome);
    }
    Checked {
        typed: typed.clone(),
        fields,
        photos: typed
            .photos
            .iter()
            .map(|p| straight(p))
            .filter(|p| !p.is_empty())
            .collect(),
    }
}

/// Saves `checked` into the village in `dir` of the catalog `content`, whose form was
/// opened at `version`: only the fields changed, refused when the files changed since.
pub fn save(
    content: &Path,
    dir: &Path,
    version: &str,
    checked: &Checked,
    wait: &Wait<'_>,
) -> Result<Saved<Values>, SaveError> {
    save_fields(
        content,
        dir,
        version,
        checked.is_valid(),
        || read_form(content, dir),
        |current| Edits {
            fields: changes(checked, Some(&current.values)),
            body: body_change(&checked.typed.story, &current.values.story),
        },
        wait,
    )
}

/// Makes a new village in the catalog `content`: the folder `etalase new village` would
/// make for its name (its slug), holding the `village.yaml` it would write with the
/// fields typed set in it, and an `index.md` of the story typed (else the one it would
/// write).
pub fn new_village(
    content: &Path,
    checked: &Checked,
    wait: &Wait<'_>,
) -> Result<Saved<Values>, SaveError> {
    if !checked.is_valid() {
        return Err(NotSaved::Invalid);
    }
    let name = checked.save_text("name");
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NotSaved::EmptyName);
    }
    let story = super::same_text(&checked.typed.story);
    let index_md = match story.as_str() {
        "" => scaffold::VILLAGE_MD.to_string(),
        _ => with_body(None, &story),
    };
    create(
        content,
        content.join(&slug),
        &scaffold::village_yaml(name),
        &changes(checked, None),
        Some(&index_md),
        |dir| read_form(content, dir),
        wait,
    )
}

/// The changes that bring a village's files from `current` (none: a new file) to
/// `checked`.
fn changes(checked: &Checked, current: Option<&Values>) -> Vec<Change> {
    let mut out = scalar_changes(
        FIELDS,
        &checked.typed.scalars,
        &checked.fields,
        current.map(|c| &c.scalars),
    );
    let photos_changed = match current {
        Some(c) => c.photos != checked.typed.photos,
        None => !checked.photos.is_empty(),
    };
    if photos_changed {
        out.push(Change::List(vec!["photos".into()], checked.photos.clone()));
    }
    out
}
