//! The layer between the workshop's product form and the catalog's folders (issue 16,
//! points 3, 5, 6 and 7): a product's fields read as the form shows them, with a
//! [`version`](ProductForm::version) of the files they came from; the values typed
//! checked by the build's own rules and messages ([`check`]); and a save
//! ([`save_product`], [`new_product`]) that writes only what is valid, whole files
//! only, under the catalog lock, refusing a save based on files that changed since the
//! form was opened.
//!
//! The form's fields are named by their dotted path in the format
//! ([`SCALARS`]: `name`, `price`, `order.tokopedia`, `labels.pirt`, …), plus the three
//! lists: `variants` (rows of a name and a price), `tags` and `photos`.
//!
//! The photos themselves (uploads checked by content, saved under safe names, removed
//! to a trash folder, thumbnails) are [`crate::photos::upload`]'s, a layer up: they
//! read photos as the build does.
//! A village's form ([`village`]) and the catalog's settings ([`settings`]) are made
//! the same way, on the same [`Form`], [`Saved`], [`Conflict`] and [`NotSaved`]: each
//! kind of form has its values ([`FormValues`]), its check, and its changes; reading
//! versions, comparing them, the lock and the writes are one code for the three.

mod check;
mod save;
pub mod settings;
pub mod village;

pub use check::{Checked, Note, Outcome, check};
pub use save::{Conflict, NotSaved, SaveError, Saved, new_product, save_product, write_whole};

use crate::catalog::load::{LoadError, ProductSource, read_product};
use crate::catalog::schema::FileKind;
use crate::catalog::values::links::Platform;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The values of one kind of form (a product's, a village's, the catalog's settings).
pub trait FormValues: Default + Clone + std::fmt::Debug {
    /// The kind of file the values are written in.
    const KIND: FileKind;

    /// Every field's name and its value as one text (list items and rows on lines of
    /// their own), in the form's order: what versions and conflicts compare.
    fn fields(&self) -> Vec<(String, String)>;
}

/// The scalar fields of a product's form, by their dotted path in `product.yaml`.
pub const SCALARS: &[&str] = &[
    "name",
    "name_en",
    "category",
    "price",
    "unit",
    "availability",
    "available_from",
    "maker",
    "added",
    "id",
    "feeds",
    "order.whatsapp",
    "order.tokopedia",
    "order.shopee",
    "order.lazada",
    "order.tiktok",
    "order.bukalapak",
    "order.blibli",
    "order.instagram",
    "order.facebook",
    "order.website",
    "labels.pirt",
    "labels.halal",
    "labels.bpom",
];

/// One row of the variants: its name and price, as written or typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantRow {
    pub name: String,
    pub price: String,
}

/// A product's fields as text, as written in its files or typed in the form; an
/// absent field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// Every one of [`SCALARS`], by its dotted path.
    pub scalars: BTreeMap<String, String>,
    pub variants: Vec<VariantRow>,
    pub tags: Vec<String>,
    pub photos: Vec<String>,
    /// The description: the text of `index.md` after its front matter.
    pub description: String,
}

impl Values {
    /// The text of the scalar field `path` (empty when absent).
    pub fn get(&self, path: &str) -> &str {
        self.scalars.get(path).map_or("", String::as_str)
    }

    /// Sets the scalar field `path`.
    pub fn set(&mut self, path: &str, value: &str) {
        self.scalars.insert(path.to_string(), value.to_string());
    }
}

impl FormValues for Values {
    const KIND: FileKind = FileKind::Product;

    fn fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = SCALARS
            .iter()
            .map(|k| (k.to_string(), self.get(k).to_string()))
            .collect();
        let rows: Vec<String> = self
            .variants
            .iter()
            .map(|r| format!("{}\u{1f}{}", r.name, r.price))
            .collect();
        out.push(("variants".into(), rows.join("\n")));
        out.push(("tags".into(), self.tags.join("\n")));
        out.push(("photos".into(), self.photos.join("\n")));
        out.push(("description".into(), same_text(&self.description)));
        out
    }
}

/// A form as opened: where its files are, its fields, the version of its files, and
/// the problems of files that do not parse (then it must not be saved).
#[derive(Debug, Clone)]
pub struct Form<V> {
    /// The folder of the product or village; the content folder for the settings.
    pub dir: PathBuf,
    pub values: V,
    /// Names the bytes of the files the fields are read from (`product.yaml` and
    /// `index.md`, `village.yaml` and `index.md`, or `catalog.yaml`), the list of photo
    /// files, and each field's value: a save hands it back, so that one made on files
    /// changed since is refused, naming the fields changed ([`Conflict`]).
    pub version: String,
    /// The problems that keep the files from being read (their parse errors, with the
    /// build's messages); a form with problems is shown but not saved.
    pub problems: Vec<Diagnostic>,
    /// Whether the folder holds an entry whose files parsed.
    pub parsed: bool,
    /// The folder's image files, by name: the photos published when `photos:` does
    /// not list them (none for the settings).
    pub images: Vec<String>,
}

/// A product's form.
pub type ProductForm = Form<Values>;

impl<V> Form<V> {
    /// Whether the files parsed, so that the form may be saved.
    pub fn savable(&self) -> bool {
        self.parsed && self.problems.is_empty()
    }
}

/// Reads the product in the folder `dir` of the catalog in `content` as its form
/// shows it.
pub fn read_form(content: &Path, dir: &Path) -> Result<ProductForm, LoadError> {
    let (source, diags) = read_product(content, dir)?;
    let (values, parsed) = match &source {
        Some(p) => (values_of(p), p.doc.parsed),
        None => (Values::default(), false),
    };
    let photos = source
        .as_ref()
        .map(|p| p.images.clone())
        .unwrap_or_default();
    Ok(form_of(dir, values, parsed, diags, &photos))
}

/// A form of the values read from the files in `dir`: with their version, and the
/// problems that kept the files from being read when they did not parse (their errors,
/// or the build's warning that the folder holds no entry).
pub(super) fn form_of<V: FormValues>(
    dir: &Path,
    values: V,
    parsed: bool,
    diags: crate::diag::Diagnostics,
    photos: &[String],
) -> Form<V> {
    let problems: Vec<Diagnostic> = if parsed {
        Vec::new()
    } else {
        let all = diags.sorted();
        let errors: Vec<Diagnostic> = all.iter().filter(|d| d.is_error()).cloned().collect();
        if errors.is_empty() { all } else { errors }
    };
    Form {
        dir: dir.to_path_buf(),
        version: version(dir, photos, &values),
        values,
        problems,
        parsed,
        images: photos.to_vec(),
    }
}

/// The files a form of `kind` reads its fields from, in its folder.
fn files_of(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Catalog => &["catalog.yaml"],
        FileKind::Village => &["village.yaml", "index.md"],
        FileKind::Product => &["product.yaml", "index.md"],
    }
}

/// The fields of a product read by the build, as text as written.
fn values_of(p: &ProductSource) -> Values {
    let raw = &p.doc.raw;
    let mut v = Values::default();
    let text = |s: Option<&crate::catalog::schema::Scalar>| {
        s.map(|s| s.as_text().to_string()).unwrap_or_default()
    };
    let plain = |s: Option<&String>| s.cloned().unwrap_or_default();
    v.set("name", &text(raw.name.as_ref()));
    v.set("name_en", &text(raw.name_en.as_ref()));
    v.set("category", &plain(raw.category.as_ref()));
    v.set("price", &text(raw.price.as_ref()));
    v.set("unit", &text(raw.unit.as_ref()));
    v.set("availability", &plain(raw.availability.as_ref()));
    v.set("available_from", &text(raw.available_from.as_ref()));
    v.set("maker", &plain(raw.maker.as_ref()));
    v.set("added", &text(raw.added.as_ref()));
    v.set("id", &text(raw.id.as_ref()));
    v.set("feeds", &text(raw.feeds.as_ref()));
    if let Some(order) = &raw.order {
        v.set("order.whatsapp", &text(order.whatsapp.as_ref()));
        for platform in Platform::ALL {
            let link = match platform {
                Platform::Tokopedia => &order.tokopedia,
                Platform::Shopee => &order.shopee,
                Platform::Lazada => &order.lazada,
                Platform::Tiktok => &order.tiktok,
                Platform::Bukalapak => &order.bukalapak,
                Platform::Blibli => &order.blibli,
                Platform::Instagram => &order.instagram,
                Platform::Facebook => &order.facebook,
                Platform::Website => &order.website,
            };
            v.set(&format!("order.{}", platform.key()), &plain(link.as_ref()));
        }
    }
    if let Some(labels) = &raw.labels {
        v.set("labels.pirt", &text(labels.pirt.as_ref()));
        v.set("labels.halal", &text(labels.halal.as_ref()));
        v.set("labels.bpom", &text(labels.bpom.as_ref()));
    }
    for k in SCALARS {
        v.scalars.entry(k.to_string()).or_default();
    }
    v.variants = raw
        .variants
        .iter()
        .flatten()
        .map(|r| VariantRow {
            name: text(r.name.as_ref()),
            price: text(r.price.as_ref()),
        })
        .collect();
    v.tags = raw
        .tags
        .iter()
        .flatten()
        .map(|t| t.as_text().to_string())
        .collect();
    v.photos = raw.photos.clone().unwrap_or_default();
    v.description = p.description.replace("\r\n", "\n");
    v
}

/// A description as compared: line ends made `\n` (a browser sends a text area's
/// lines with `\r\n`), without the blank space around it.
pub(crate) fn same_text(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

/// How many hexadecimal digits name each field's value in a version.
const FIELD_DIGITS: usize = 8;

/// The version of a form's files: a hash of the bytes of the files its fields are read
/// from ([`files_of`]; absent ones marked so) and of the photo names, then a short hash
/// of each field's value, so that a conflict can name the fields changed.
fn version<V: FormValues>(dir: &Path, photos: &[String], values: &V) -> String {
    let mut files = blake3::Hasher::new();
    for &name in files_of(V::KIND) {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => {
                files.update(name.as_bytes());
                files.update(&(bytes.len() as u64).to_le_bytes());
                files.update(&bytes);
            }
            Err(_) => {
                files.update(b"\0absent\0");
            }
        }
    }
    let mut photos = photos.to_vec();
    photos.sort();
    for p in &photos {
        files.update(p.as_bytes());
        files.update(b"\0");
    }
    let mut out = files.finalize().to_hex()[..32].to_string();
    out.push('-');
    for (_, value) in values.fields() {
        out.push_str(&blake3::hash(value.as_bytes()).to_hex()[..FIELD_DIGITS]);
    }
    out
}

/// The fields whose value differs between two versions (all of them when a version is
/// not one this module made).
fn fields_changed<V: FormValues>(before: &str, after: &str) -> Vec<String> {
    let names: Vec<String> = V::default().fields().into_iter().map(|(k, _)| k).collect();
    let digits = |v: &str| v.split_once('-').map(|(_, d)| d.to_string());
    match (digits(before), digits(after)) {
        (Some(a), Some(b)) if a.len() == names.len() * FIELD_DIGITS && a.len() == b.len() => names
            .into_iter()
            .enumerate()
            .filter(|(i, _)| {
                let r = i * FIELD_DIGITS..(i + 1) * FIELD_DIGITS;
                a[r.clone()] != b[r]
            })
            .map(|(_, k)| k)
            .collect(),
        _ => names,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_settings;
#[cfg(test)]
mod tests_village;
