//! The product form (issue 16, points 3 to 8): `GET /produk/{village}/{product}` shows a
//! product's fields as its files hold them, `POST` checks what was typed by the build's
//! rules ([`form::check`]) and saves it ([`form::save_product`]), with the photos chosen
//! in the same request; `/produk-baru/{village}` does the same for a new product
//! ([`form::new_product`]).
//!
//! Plain HTML forms that work without a script: the rows of variants and the photos
//! are moved and removed by buttons that post the form back (`aksi=…`) and show it
//! again unsaved; `Periksa` shows every value as it will be read, saving nothing; only
//! `Simpan` writes. The form carries the version of the files it was opened on, so a
//! save on files changed since (by hand, or from another phone) is refused with the
//! newer values shown.

use super::fields::{self, Field, Input};
use super::guard::Session;
use super::page::{self, escape};
use super::words;
use super::{Workshop, posted::Posted};
use crate::catalog::form::settings::{self, NewCategory};
use crate::catalog::form::{
    self, Checked, Outcome, ProductForm, SCALARS, SaveError, Values, VariantRow,
};
use crate::catalog::model::Category;
use crate::catalog::trash::Kind;
use crate::catalog::undo::Recorder;
use crate::catalog::values::slug::slugify;
use crate::photos::upload;
use axum::extract::{Extension, Path as UrlPath, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use std::path::PathBuf;
use std::sync::Arc;

/// The address of a product's form.
pub fn form_url(village: &str, product: &str) -> String {
    format!(
        "/produk/{}/{}",
        super::url_part(village),
        super::url_part(product)
    )
}

/// The address of a new product's form in a village.
pub fn new_url(village: &str) -> String {
    format!("/produk-baru/{}", super::url_part(village))
}

/// `GET /produk/{village}/{product}`.
pub async fn edit(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath((village, product)): UrlPath<(String, String)>,
    uri: Uri,
) -> Response {
    let saved = page::saved_note(&uri);
    page::blocking(move || {
        let Some(dir) = super::product_dir(&shop.content, &village, &product) else {
            return page::not_found(shop.lang);
        };
        let opened = match form::read_form(&shop.content, &dir) {
            Ok(f) => f,
            Err(e) => return page::failure(shop.lang, e.text().get(shop.lang)),
        };
        let mut view = View::opened(&shop, &session, &village, Some(&product), &opened);
        if saved {
            view.message = Some(Message::Saved);
        }
        page::html(StatusCode::OK, view.render())
    })
    .await
}

/// `GET /produk-baru/{village}`.
pub async fn blank(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath(village): UrlPath<String>,
) -> Response {
    page::blocking(move || {
        if super::village_dir(&shop.content, &village).is_none() {
            return page::not_found(shop.lang);
        }
        let mut values = Values::default();
        values.set("availability", "tersedia");
        let opened = ProductForm {
            dir: PathBuf::new(),
            values,
            version: String::new(),
            problems: Vec::new(),
            parsed: true,
            images: Vec::new(),
        };
        let view = View::opened(&shop, &session, &village, None, &opened);
        page::html(StatusCode::OK, view.render())
    })
    .await
}

/// `POST /produk/{village}/{product}`.
pub async fn post_edit(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath((village, product)): UrlPath<(String, String)>,
    posted: Posted,
) -> Response {
    page::blocking(move || submit(&shop, &session, &village, Some(&product), posted)).await
}

/// `POST /produk-baru/{village}`.
pub async fn post_new(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath(village): UrlPath<String>,
    posted: Posted,
) -> Response {
    page::blocking(move || submit(&shop, &session, &village, None, posted)).await
}

/// What was posted, acted on: a button's action shows the form again unsaved;
/// `Periksa` checks; `Simpan` checks, saves and goes to the saved form.
fn submit(
    shop: &Workshop,
    session: &Session,
    village: &str,
    product: Option<&str>,
    posted: Posted,
) -> Response {
    let Some(village_dir) = super::village_dir(&shop.content, village) else {
        return page::not_found(shop.lang);
    };
    let dir = match product {
        Some(p) => match super::product_dir(&shop.content, village, p) {
            Some(d) => Some(d),
            None => return page::not_found(shop.lang),
        },
        None => None,
    };
    let mut state = FormState::from_posted(&posted);
    let action = posted.get("aksi").to_string();
    if state.act(&action) {
        let mut view = View::new(shop, session, village, product, state);
        view.message = Some(Message::NotSaved {
            photos_dropped: !posted.files.is_empty(),
        });
        return page::html(StatusCode::OK, view.render());
    }
    let (checked, new_category) = check(&shop.content, &state);
    let refused: Vec<String> = posted
        .files
        .iter()
        .filter_map(|(name, bytes)| upload::check_upload(name, bytes).err())
        .map(|e| e.text().get(shop.lang).to_string())
        .collect();
    let good = checked.is_valid() && refused.is_empty();
    if action == "periksa" || !good {
        let mut view = View::new(shop, session, village, product, state);
        view.checked = Some(checked);
        view.refused = refused;
        view.message = Some(if good {
            Message::CheckedOk {
                photos_dropped: !posted.files.is_empty(),
            }
        } else {
            Message::Invalid {
                photos_dropped: !posted.files.is_empty(),
            }
        });
        let status = if good {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return page::html(status, view.render());
    }
    // Everything below is one change of the history, for undo: the files it may write
    // noted first, under the catalog lock held until it is recorded.
    let name = checked.save_text("name").trim().to_string();
    let recorded = super::history::recorded(shop, |rec| {
        rec.file(&shop.content.join("catalog.yaml"));
        let noted = match &dir {
            Some(dir) => Some(dir.clone()),
            None => {
                rec.folder(&village_dir, Kind::Product);
                let slug = slugify(&name);
                (!slug.is_empty()).then(|| village_dir.join(slug))
            }
        };
        if let Some(dir) = &noted {
            rec.file(&dir.join("product.yaml"));
            rec.file(&dir.join("index.md"));
            rec.folder(dir, Kind::Photo);
        }
        let label = match &dir {
            Some(_) => words::edit_product(&name),
            None => words::change_new_product(&name),
        };
        let answer = save(
            shop,
            session,
            village,
            product,
            Saving {
                village_dir: &village_dir,
                dir: dir.as_deref(),
                state,
                checked,
                new_category,
                files: &posted.files,
            },
            rec,
        );
        (answer, Some(label))
    });
    recorded.unwrap_or_else(|e| page::failure(shop.lang, e.text().get(shop.lang)))
}

/// What a `Simpan` saves, checked.
struct Saving<'a> {
    village_dir: &'a std::path::Path,
    dir: Option<&'a std::path::Path>,
    state: FormState,
    checked: Checked,
    new_category: Option<NewCategory>,
    files: &'a [(String, Vec<u8>)],
}

/// Saves a checked form (with its new category, photos chosen and photos removed),
/// the photos removed recorded on `rec`; to the saved form, or the form again with
/// what failed.
fn save(
    shop: &Workshop,
    session: &Session,
    village: &str,
    product: Option<&str>,
    saving: Saving<'_>,
    rec: &mut Recorder,
) -> Response {
    let Saving {
        village_dir,
        dir,
        state,
        checked,
        new_category,
        files,
    } = saving;
    let wait = super::lock_wait();
    // The new category first: a product is never saved in a category the catalog
    // does not have.
    if let Some(category) = &new_category
        && let Err(e) = settings::add_category(&shop.content, category, &wait)
    {
        let mut view = View::new(shop, session, village, product, state);
        view.checked = Some(checked);
        view.message = Some(Message::Failed(e.text().get(shop.lang).to_string()));
        return page::html(StatusCode::CONFLICT, view.render());
    }
    let saved = match dir {
        Some(dir) => form::save_product(&shop.content, dir, &state.version, &checked, &wait),
        None => form::new_product(&shop.content, village_dir, &checked, &wait),
    };
    let saved = match saved {
        Ok(saved) => saved,
        Err(SaveError::Conflict(conflict)) => {
            let mut view = View::opened(shop, session, village, product, &conflict.newer);
            view.message = Some(Message::Failed(
                SaveError::Conflict(conflict.clone())
                    .text()
                    .get(shop.lang)
                    .to_string(),
            ));
            return page::html(StatusCode::CONFLICT, view.render());
        }
        Err(e) => {
            let mut view = View::new(shop, session, village, product, state);
            if let SaveError::Unparsable(problems) = &e {
                view.problems = problems.iter().map(|d| d.render(shop.lang)).collect();
            }
            view.checked = Some(checked);
            view.message = Some(Message::Failed(e.text().get(shop.lang).to_string()));
            return page::html(StatusCode::CONFLICT, view.render());
        }
    };
    let mut trouble = Vec::new();
    if !files.is_empty()
        && let Err(e) = upload::save_uploads(&shop.content, &saved.dir, files, &wait)
    {
        trouble.push(e.text().get(shop.lang).to_string());
    }
    for name in &state.removed {
        match upload::remove_photo(&shop.content, &saved.dir, name, &wait) {
            Ok(entry) => rec.trashed(&entry),
            Err(e) => trouble.push(e.text().get(shop.lang).to_string()),
        }
    }
    let folder = super::folder_of(&saved.dir);
    if !trouble.is_empty() {
        let opened = form::read_form(&shop.content, &saved.dir).unwrap_or(saved.form);
        let mut view = View::opened(shop, session, village, Some(&folder), &opened);
        view.refused = trouble;
        view.message = Some(Message::Saved);
        return page::html(StatusCode::OK, view.render());
    }
    page::to_saved(&form_url(village, &folder))
}

/// The form's values checked by the build's rules, with the category typed under
/// `Kategori baru` when there is one: checked as the settings form checks a new row
/// (its message beside the field when refused), and chosen as the product's category
/// (returned, to be added to the catalog before the product is saved).
fn check(content: &std::path::Path, state: &FormState) -> (Checked, Option<NewCategory>) {
    let mut categories = crate::catalog::resolve::categories_of(content);
    let mut values = state.values();
    let new = match state.new_category.trim() {
        "" => None,
        name => Some(settings::check_new_category(content, name)),
    };
    if let Some(Ok(category)) = &new {
        values.set("category", &category.key);
        if let Some(list) = categories.as_mut().filter(|_| !category.known) {
            list.push(Category {
                key: category.key.clone(),
                name: category.name.clone(),
            });
        }
    }
    let mut checked = form::check(&values, categories.as_deref());
    match new {
        Some(Ok(category)) => (checked, Some(category)),
        Some(Err(refused)) => {
            checked.fields.insert(NEW_CATEGORY.to_string(), *refused);
            (checked, None)
        }
        None => (checked, None),
    }
}

/// The field of a category to add, typed by its name beside `Kategori`.
const NEW_CATEGORY: &str = "new_category";

/// The form's fields as posted: the values and what the hidden fields carry (the
/// version, the photos in their order, those to remove).
#[derive(Debug, Clone, Default)]
struct FormState {
    values: Values,
    version: String,
    /// The photos as shown, in their order.
    photos: Vec<String>,
    /// Photos to move out of the folder on `Simpan`.
    removed: Vec<String>,
    /// Whether `product.yaml` lists its photos (`photos:`); else the folder's images
    /// by name are the order, and it is written only once it changes.
    listed: bool,
    /// The folder's images, by name: the order when none is listed.
    images: Vec<String>,
    /// A category to add, by its name, as typed ([`NEW_CATEGORY`]).
    new_category: String,
}

impl FormState {
    fn opened(form: &ProductForm) -> FormState {
        let listed = !form.values.photos.is_empty();
        FormState {
            values: form.values.clone(),
            version: form.version.clone(),
            photos: if listed {
                form.values.photos.clone()
            } else {
                form.images.clone()
            },
            removed: Vec::new(),
            listed,
            images: form.images.clone(),
            new_category: String::new(),
        }
    }

    fn from_posted(posted: &Posted) -> FormState {
        let mut values = Values::default();
        for &path in SCALARS {
            values.set(path, posted.get(path));
        }
        let mut n = 1;
        while posted.has(&format!("variants.{n}.name")) {
            values.variants.push(VariantRow {
                name: posted.get(&format!("variants.{n}.name")).to_string(),
                price: posted.get(&format!("variants.{n}.price")).to_string(),
            });
            n += 1;
        }
        values.tags = posted
            .get("tags")
            .split([',', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        values.description = posted.get("description").to_string();
        let list = |name: &str| -> Vec<String> {
            posted
                .all(name)
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        FormState {
            values,
            version: posted.get("version").to_string(),
            photos: list("photo"),
            removed: list("photo.removed"),
            listed: posted.get("photos.listed") == "1",
            images: list("photo.image"),
            new_category: posted.get(NEW_CATEGORY).to_string(),
        }
    }

    /// The values to check and save, the photos' order among them: a `photos:` list
    /// only when one was written or the order differs from the folder's.
    fn values(&self) -> Values {
        let mut values = self.values.clone();
        let default: Vec<String> = self
            .images
            .iter()
            .filter(|i| !self.removed.contains(i))
            .cloned()
            .collect();
        values.photos = if self.listed || self.photos != default {
            self.photos.clone()
        } else {
            Vec::new()
        };
        values
    }

    /// Does what a row's or a photo's button asks (`varian-naik-2`, `foto-hapus-1`…):
    /// true when it was such a button (the form is then shown again, unsaved).
    fn act(&mut self, action: &str) -> bool {
        let numbered = |prefix: &str| {
            action
                .strip_prefix(prefix)
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1)
                .map(|n| n - 1)
        };
        let rows = &mut self.values.variants;
        if action == "varian-tambah" {
            rows.push(VariantRow::default());
        } else if let Some(i) = numbered("varian-hapus-").filter(|i| *i < rows.len()) {
            rows.remove(i);
        } else if let Some(i) = numbered("varian-naik-").filter(|i| *i > 0 && *i < rows.len()) {
            rows.swap(i - 1, i);
        } else if let Some(i) = numbered("foto-utama-").filter(|i| *i < self.photos.len()) {
            let photo = self.photos.remove(i);
            self.photos.insert(0, photo);
        } else if let Some(i) = numbered("foto-naik-").filter(|i| *i > 0 && *i < self.photos.len())
        {
            self.photos.swap(i - 1, i);
        } else if let Some(i) = numbered("foto-hapus-").filter(|i| *i < self.photos.len()) {
            let photo = self.photos.remove(i);
            self.removed.push(photo);
        } else if let Some(i) = numbered("foto-batal-").filter(|i| *i < self.removed.len()) {
            let photo = self.removed.remove(i);
            self.photos.push(photo);
        } else {
            return false;
        }
        true
    }
}

/// The line at the top of the form after a post.
enum Message {
    Saved,
    NotSaved { photos_dropped: bool },
    CheckedOk { photos_dropped: bool },
    Invalid { photos_dropped: bool },
    Failed(String),
}

/// A product's form as shown.
struct View<'a> {
    shop: &'a Workshop,
    session: &'a Session,
    village: &'a str,
    /// The product's folder; `None` for a new product.
    product: Option<&'a str>,
    state: FormState,
    checked: Option<Checked>,
    /// Photos refused, with why.
    refused: Vec<String>,
    /// Problems that keep the files from being read.
    problems: Vec<String>,
    message: Option<Message>,
}

impl<'a> View<'a> {
    fn new(
        shop: &'a Workshop,
        session: &'a Session,
        village: &'a str,
        product: Option<&'a str>,
        state: FormState,
    ) -> View<'a> {
        View {
            shop,
            session,
            village,
            product,
            state,
            checked: None,
            refused: Vec::new(),
            problems: Vec::new(),
            message: None,
        }
    }

    fn opened(
        shop: &'a Workshop,
        session: &'a Session,
        village: &'a str,
        product: Option<&'a str>,
        form: &ProductForm,
    ) -> View<'a> {
        let mut view = View::new(shop, session, village, product, FormState::opened(form));
        view.problems = form.problems.iter().map(|d| d.render(shop.lang)).collect();
        view
    }

    fn outcome(&self, path: &str) -> Option<&Outcome> {
        self.checked.as_ref().and_then(|c| c.fields.get(path))
    }

    fn field(&self, path: &'a str, value: &'a str) -> String {
        let lang = self.shop.lang;
        let label = words::product_label(path).get(lang).to_string();
        let hint = words::product_hint(path).map(|h| h.get(lang).to_string());
        let mut field = Field::new(path, &label, value).checked(self.outcome(path));
        if let Some(h) = &hint {
            field = field.hint(h);
        }
        field = match path {
            "order.whatsapp" => field.input(Input::Tel),
            "added" | "available_from" => field.input(Input::Date),
            "feeds" => field.input(Input::Choice(
                ["", "false"]
                    .iter()
                    .map(|k| (k.to_string(), words::feeds_choice(k).get(lang).into()))
                    .collect(),
            )),
            "availability" => field.input(Input::Choice(
                ["tersedia", "pre-order", "habis"]
                    .iter()
                    .map(|k| {
                        (
                            k.to_string(),
                            words::availability_choice(k).get(lang).into(),
                        )
                    })
                    .collect(),
            )),
            _ => field,
        };
        field.html(lang)
    }

    fn render(&self) -> String {
        let lang = self.shop.lang;
        let v = &self.state.values;
        // The village by its name, as the front page shows it (its folder's when unread).
        let village_name = super::village_dir(&self.shop.content, self.village)
            .and_then(|dir| form::village::read_form(&self.shop.content, &dir).ok())
            .map(|f| f.values.get("name").trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.village.to_string());
        let village_name = village_name.as_str();
        let title = match self.product {
            Some(_) => words::edit_product(v.get("name")).get(lang).to_string(),
            None => words::new_product_in(village_name).get(lang).to_string(),
        };
        let action = match self.product {
            Some(p) => form_url(self.village, p),
            None => new_url(self.village),
        };
        let mut main = page::form_header(lang, &title);
        main.push_str(&self.message_html());
        main.push_str(&page::problems_list(lang, &self.problems));
        main.push_str(&format!(
            "<form method=\"post\" action=\"{}\" enctype=\"multipart/form-data\" class=\"product-form\">",
            escape(&action)
        ));
        main.push_str(&fields::csrf(&self.session.csrf));
        main.push_str(&fields::hidden("version", &self.state.version));
        // First in the form, so that Enter in a field saves (the first submit button
        // is the one Enter presses); kept in sight at the top of the screen.
        main.push_str(&format!(
            "<div class=\"bar\">{}{}</div>",
            fields::action("simpan", words::save().get(lang), "primary"),
            fields::action("periksa", words::check_only().get(lang), ""),
        ));
        main.push_str(&self.field("name", v.get("name")));
        main.push_str(&self.category_field());
        main.push_str(&self.field("price", v.get("price")));
        main.push_str(&self.field("unit", v.get("unit")));
        main.push_str(&self.field("availability", v.get("availability")));
        main.push_str(&self.field("available_from", v.get("available_from")));
        main.push_str(&self.photos_html());
        let description = v.description.clone();
        main.push_str(
            &Field::new(
                "description",
                words::product_label("description").get(lang),
                &description,
            )
            .input(Input::Area { rows: 6 })
            .hint(words::product_hint("description").unwrap().get(lang))
            .html(lang),
        );
        main.push_str(&self.variants_html());
        main.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            escape(words::order_section().get(lang))
        ));
        for path in SCALARS.iter().filter(|p| p.starts_with("order.")) {
            main.push_str(&self.field(path, v.get(path)));
        }
        main.push_str("</fieldset>");
        main.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            escape(words::labels_section().get(lang))
        ));
        for path in SCALARS.iter().filter(|p| p.starts_with("labels.")) {
            main.push_str(&self.field(path, v.get(path)));
        }
        main.push_str("</fieldset>");
        main.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            escape(words::more_section().get(lang))
        ));
        main.push_str(&self.field("maker", v.get("maker")));
        let tags = v.tags.join(", ");
        main.push_str(
            &Field::new("tags", words::product_label("tags").get(lang), &tags)
                .hint(words::product_hint("tags").unwrap().get(lang))
                .html(lang),
        );
        main.push_str(&self.field("name_en", v.get("name_en")));
        main.push_str(&self.field("added", v.get("added")));
        main.push_str(&self.field("feeds", v.get("feeds")));
        main.push_str(&self.field("id", v.get("id")));
        main.push_str("</fieldset>");
        main.push_str("</form>");
        if let Some(p) = self.product {
            main.push_str(&format!(
                "<p class=\"actions\"><a class=\"delete\" href=\"{}\">{}</a></p>",
                escape(&super::trash::delete_product_url(self.village, p)),
                escape(words::delete_product().get(lang)),
            ));
        }
        page::document(lang, &title, &main)
    }

    fn message_html(&self) -> String {
        let lang = self.shop.lang;
        let dropped = |dropped: bool| {
            if dropped {
                format!(" {}", words::choose_again().get(lang))
            } else {
                String::new()
            }
        };
        let (class, text, link) = match &self.message {
            None => return String::new(),
            Some(Message::Saved) => ("saved", words::saved().get(lang).to_string(), true),
            Some(Message::NotSaved { photos_dropped }) => (
                "unsaved",
                format!(
                    "{}{}",
                    words::not_saved_yet().get(lang),
                    dropped(*photos_dropped)
                ),
                false,
            ),
            Some(Message::CheckedOk { photos_dropped }) => (
                "unsaved",
                format!(
                    "{}{}",
                    words::checked_ok().get(lang),
                    dropped(*photos_dropped)
                ),
                false,
            ),
            Some(Message::Invalid { photos_dropped }) => (
                "problem",
                format!(
                    "{}{}",
                    SaveError::Invalid.text().get(lang),
                    dropped(*photos_dropped)
                ),
                false,
            ),
            Some(Message::Failed(why)) => ("problem", why.clone(), false),
        };
        let link = match (link, self.product) {
            (true, Some(p)) => format!(
                " <a href=\"{}\" class=\"see\">{}</a>",
                escape(&preview_url(self.village, p)),
                escape(words::see_on_site().get(lang))
            ),
            _ => String::new(),
        };
        format!(
            "<p class=\"message {class}\" role=\"status\">{}{link}</p>",
            escape(&capitalised(&text))
        )
    }

    /// The category: one of the catalog's, or a new one typed by its name beside it.
    fn category_field(&self) -> String {
        let lang = self.shop.lang;
        let categories: Vec<Category> =
            crate::catalog::resolve::categories_of(&self.shop.content).unwrap_or_default();
        let mut options = vec![(String::new(), "—".to_string())];
        options.extend(categories.into_iter().map(|c| (c.key, c.name)));
        let value = self.state.values.get("category");
        let chosen = Field::new(
            "category",
            words::product_label("category").get(lang),
            value,
        )
        .input(Input::Choice(options))
        .checked(self.outcome("category"))
        .html(lang);
        let label = words::product_label(NEW_CATEGORY).get(lang).to_string();
        let hint = words::product_hint(NEW_CATEGORY).map(|h| h.get(lang).to_string());
        let mut new = Field::new(NEW_CATEGORY, &label, &self.state.new_category)
            .checked(self.outcome(NEW_CATEGORY));
        if let Some(hint) = &hint {
            new = new.hint(hint);
        }
        format!("{chosen}{}", new.html(lang))
    }

    /// The photos: each with its thumbnail and buttons, then the file chooser.
    fn photos_html(&self) -> String {
        let lang = self.shop.lang;
        let mut html = format!(
            "<fieldset class=\"photos\"><legend>{}</legend>",
            escape(words::photos_section().get(lang))
        );
        html.push_str(&fields::hidden(
            "photos.listed",
            if self.state.listed { "1" } else { "0" },
        ));
        for image in &self.state.images {
            html.push_str(&fields::hidden("photo.image", image));
        }
        if !self.state.photos.is_empty() {
            html.push_str("<ol class=\"photo-list\">");
            for (i, name) in self.state.photos.iter().enumerate() {
                let n = i + 1;
                let thumb = match self.product {
                    Some(p) => format!(
                        "<img src=\"{}\" alt=\"{}\" width=\"96\" height=\"96\">",
                        escape(&super::thumbnail_url(self.village, p, name)),
                        escape(name)
                    ),
                    None => String::new(),
                };
                let cover = if i == 0 {
                    format!(
                        "<span class=\"cover\">{}</span>",
                        escape(words::cover().get(lang))
                    )
                } else {
                    format!(
                        "{}{}",
                        fields::action(
                            &format!("foto-utama-{n}"),
                            words::make_cover().get(lang),
                            "small"
                        ),
                        fields::action(
                            &format!("foto-naik-{n}"),
                            words::move_up().get(lang),
                            "small"
                        )
                    )
                };
                html.push_str(&format!(
                    "<li data-name=\"{}\">{thumb}<span class=\"file\">{}</span>{}{cover}{}</li>",
                    escape(name),
                    escape(name),
                    fields::hidden("photo", name),
                    fields::action(
                        &format!("foto-hapus-{n}"),
                        words::remove().get(lang),
                        "small"
                    ),
                ));
            }
            html.push_str("</ol>");
        }
        for (i, name) in self.state.removed.iter().enumerate() {
            html.push_str(&format!(
                "<p class=\"removed\">{} — {}{}{}</p>",
                escape(name),
                escape(words::to_be_removed().get(lang)),
                fields::hidden("photo.removed", name),
                fields::action(&format!("foto-batal-{}", i + 1), "↩", "small"),
            ));
        }
        for why in &self.refused {
            html.push_str(&format!(
                "<p class=\"error\" id=\"f-foto-error\">{}</p>",
                escape(why)
            ));
        }
        let described = if self.refused.is_empty() {
            "f-foto-hint"
        } else {
            "f-foto-hint f-foto-error"
        };
        html.push_str(&format!(
            "<div class=\"field\"><label for=\"f-foto\">{}</label>\
<input type=\"file\" id=\"f-foto\" name=\"foto\" accept=\"image/jpeg,image/png,image/webp\" multiple aria-describedby=\"{described}\">\
<p class=\"hint\" id=\"f-foto-hint\">{}</p></div></fieldset>",
            escape(words::product_label("photos").get(lang)),
            escape(words::photos_hint().get(lang)),
        ));
        html
    }

    /// The variants: a row of a name and a price each, moved and removed by buttons.
    fn variants_html(&self) -> String {
        let lang = self.shop.lang;
        let mut html = format!(
            "<fieldset class=\"variants\"><legend>{}</legend>",
            escape(words::variants_section().get(lang))
        );
        for (i, row) in self.state.values.variants.iter().enumerate() {
            let n = i + 1;
            let name_path = format!("variants.{n}.name");
            let price_path = format!("variants.{n}.price");
            let name_label = words::variant_name(n).get(lang).to_string();
            let price_label = words::variant_price(n).get(lang).to_string();
            html.push_str("<div class=\"row\">");
            html.push_str(
                &Field::new(&name_path, &name_label, &row.name)
                    .checked(self.outcome(&name_path))
                    .html(lang),
            );
            html.push_str(
                &Field::new(&price_path, &price_label, &row.price)
                    .checked(self.outcome(&price_path))
                    .html(lang),
            );
            if n > 1 {
                html.push_str(&fields::action(
                    &format!("varian-naik-{n}"),
                    words::move_up().get(lang),
                    "small",
                ));
            }
            html.push_str(&fields::action(
                &format!("varian-hapus-{n}"),
                words::remove().get(lang),
                "small",
            ));
            html.push_str("</div>");
        }
        html.push_str(&fields::action(
            "varian-tambah",
            words::add_row().get(lang),
            "",
        ));
        html.push_str("</fieldset>");
        html
    }
}

/// The product's page in the preview.
pub fn preview_url(village: &str, product: &str) -> String {
    format!(
        "{}/{}/{}/",
        super::PREVIEW,
        slugify(village),
        slugify(product)
    )
}

/// A message as the first words of a line: its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
