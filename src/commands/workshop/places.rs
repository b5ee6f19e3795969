//! The forms of a village and of the catalog's settings (issue 16, point 2):
//! `GET/POST /desa/{village}`, `GET/POST /desa-baru` (a new village, `Tambah desa` on
//! the front page) and `GET/POST /pengaturan` (`catalog.yaml`). Plain HTML forms with
//! the fields of [`crate::catalog::form::village`] and
//! [`crate::catalog::form::settings`], drawn by [`super::fields`]: what was typed is
//! checked by the build's rules, shown again with the build's message beside a field
//! it refuses, and only a valid form is saved; a save on files changed since is refused
//! with the fields named and the newer values shown. A good save goes (303) to the
//! form again with a "Tersimpan" note.

use super::fields::{self, Field, Input};
use super::guard::Session;
use super::page::{self, escape};
use super::{Workshop, posted::Posted, words};
use crate::catalog::form::settings::{self, CategoryRow};
use crate::catalog::form::village;
use crate::catalog::form::{Form, FormValues, NotSaved, Outcome, Saved};
use crate::catalog::trash::Kind;
use crate::catalog::values::slug::slugify;
use crate::diag::Lang;
use axum::extract::{Extension, Path as UrlPath, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The address of a village's form.
pub fn village_url(folder: &str) -> String {
    format!("/desa/{}", super::url_part(folder))
}

/// The address of the new village's form.
pub const NEW_VILLAGE: &str = "/desa-baru";
/// The address of the catalog's settings.
pub const SETTINGS: &str = "/pengaturan";

/// `GET /desa/{village}`.
pub async fn village_form(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath(folder): UrlPath<String>,
    uri: Uri,
) -> Response {
    let saved = page::saved_note(&uri);
    page::blocking(move || {
        let Some(dir) = super::village_dir(&shop.content, &folder) else {
            return page::not_found(shop.lang);
        };
        match village::read_form(&shop.content, &dir) {
            Ok(form) => {
                let mut view = View::new(&shop, &session, village_url(&folder));
                view.opened(&form);
                view.saved = saved;
                view.delete = Some(super::trash::delete_village_url(&folder));
                page::html(StatusCode::OK, view.village(&form.values, None))
            }
            Err(e) => page::failure(shop.lang, e.text().get(shop.lang)),
        }
    })
    .await
}

/// `POST /desa/{village}`.
pub async fn village_post(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath(folder): UrlPath<String>,
    posted: Posted,
) -> Response {
    page::blocking(move || {
        let Some(dir) = super::village_dir(&shop.content, &folder) else {
            return page::not_found(shop.lang);
        };
        // The fields the form does not show (the photos) as the files hold them.
        let current = match village::read_form(&shop.content, &dir) {
            Ok(form) => form.values,
            Err(e) => return page::failure(shop.lang, e.text().get(shop.lang)),
        };
        let typed = village_typed(&posted, current);
        let checked = village::check(&typed);
        let version = posted.get("version").to_string();
        let view = View::new(&shop, &session, village_url(&folder));
        let mut view = view;
        view.delete = Some(super::trash::delete_village_url(&folder));
        let name = typed.get("name").trim().to_string();
        let saved = super::history::recorded(&shop, |rec| {
            rec.file(&dir.join("village.yaml"));
            rec.file(&dir.join("index.md"));
            let saved = village::save(&shop.content, &dir, &version, &checked, &super::lock_wait());
            (saved, Some(words::change_village(&name)))
        });
        let saved = match saved {
            Ok(saved) => saved,
            Err(e) => return page::failure(shop.lang, e.text().get(shop.lang)),
        };
        answer(
            view,
            saved,
            &version,
            &checked.fields,
            &typed,
            |view, values, fields| view.village(values, fields),
        )
    })
    .await
}

/// `GET /desa-baru`.
pub async fn new_village_form(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
) -> Response {
    page::blocking(move || {
        let view = View::new(&shop, &session, NEW_VILLAGE.to_string());
        page::html(
            StatusCode::OK,
            view.village(&village::Values::default(), None),
        )
    })
    .await
}

/// `POST /desa-baru`.
pub async fn new_village_post(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    posted: Posted,
) -> Response {
    page::blocking(move || {
        let typed = village_typed(&posted, village::Values::default());
        let checked = village::check(&typed);
        let view = View::new(&shop, &session, NEW_VILLAGE.to_string());
        let name = typed.get("name").trim().to_string();
        let made = super::history::recorded(&shop, |rec| {
            rec.folder(&shop.content, Kind::Village);
            let slug = slugify(&name);
            if !slug.is_empty() {
                let dir = shop.content.join(slug);
                rec.file(&dir.join("village.yaml"));
                rec.file(&dir.join("index.md"));
                rec.folder(&dir, Kind::Product);
            }
            let made = village::new_village(&shop.content, &checked, &super::lock_wait());
            (made, Some(words::change_new_village(&name)))
        });
        let made = match made {
            Ok(made) => made,
            Err(e) => return page::failure(shop.lang, e.text().get(shop.lang)),
        };
        answer(
            view,
            made,
            "",
            &checked.fields,
            &typed,
            |view, values, fields| view.village(values, fields),
        )
    })
    .await
}

/// `GET /pengaturan`.
pub async fn settings_form(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Response {
    let saved = page::saved_note(&uri);
    page::blocking(move || match settings::read_form(&shop.content) {
        Ok(form) => {
            let mut view = View::new(&shop, &session, SETTINGS.to_string());
            view.opened(&form);
            view.saved = saved;
            page::html(StatusCode::OK, view.settings(&form.values, None))
        }
        Err(e) => page::failure(shop.lang, e.text().get(shop.lang)),
    })
    .await
}

/// `POST /pengaturan`.
pub async fn settings_post(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    posted: Posted,
) -> Response {
    page::blocking(move || {
        let mut typed = settings_typed(&posted);
        if !posted.has(FEEDS_SHOWN) {
            // A post from a page without the feeds' choices changes none of them.
            typed.feeds = settings::read_form(&shop.content)
                .map(|f| f.values.feeds)
                .unwrap_or_default();
        }
        let checked = settings::check(&typed);
        let version = posted.get("version").to_string();
        let view = View::new(&shop, &session, SETTINGS.to_string());
        let saved = super::history::recorded(&shop, |rec| {
            rec.file(&shop.content.join("catalog.yaml"));
            let saved = settings::save(&shop.content, &version, &checked, &super::lock_wait());
            (saved, Some(words::change_settings()))
        });
        let saved = match saved {
            Ok(saved) => saved,
            Err(e) => return page::failure(shop.lang, e.text().get(shop.lang)),
        };
        answer(
            view,
            saved,
            &version,
            &checked.fields,
            &typed,
            |view, values, fields| view.settings(values, fields),
        )
    })
    .await
}

/// A village's fields as posted, over `base` (the fields the form does not show).
fn village_typed(posted: &Posted, base: village::Values) -> village::Values {
    let mut typed = base;
    for &key in village::FIELDS {
        typed.set(key, posted.get(key));
    }
    typed.story = posted.get("story").to_string();
    typed
}

/// The settings as posted: the scalars, and the category rows `categories.N.key` and
/// `categories.N.name` from 1 up to the last row sent.
fn settings_typed(posted: &Posted) -> settings::Values {
    let mut typed = settings::Values::default();
    for &key in settings::FIELDS {
        typed.set(key, posted.get(key));
    }
    let mut n = 1;
    while posted.has(&format!("categories.{n}.key")) || posted.has(&format!("categories.{n}.name"))
    {
        typed.categories.push(CategoryRow {
            key: posted.get(&format!("categories.{n}.key")).to_string(),
            name: posted.get(&format!("categories.{n}.name")).to_string(),
        });
        n += 1;
    }
    let owned =
        |name: &str| -> Vec<String> { posted.all(name).into_iter().map(str::to_string).collect() };
    typed.feeds = settings::FeedLists::chosen(&owned(FEEDS_META), &owned(FEEDS_GOOGLE));
    typed
}

/// The settings form's checkboxes of the categories kept out of Meta's feed and out of
/// Google's (each checked one sends its category's key), and the hidden field that says
/// the form showed them.
const FEEDS_META: &str = "feeds.meta";
const FEEDS_GOOGLE: &str = "feeds.google";
const FEEDS_SHOWN: &str = "feeds.shown";

/// The answer to a post: after a save, to the saved form (303) with its note; refused
/// fields shown with the build's messages (422), a conflict with the newer values and
/// the fields changed (409), any other failure with its message.
fn answer<V: FormValues>(
    mut view: View<'_>,
    result: Result<Saved<V>, NotSaved<V>>,
    version: &str,
    fields: &BTreeMap<String, Outcome>,
    typed: &V,
    render: impl Fn(&View<'_>, &V, Option<&BTreeMap<String, Outcome>>) -> String,
) -> Response {
    let lang = view.shop.lang;
    view.version = version.to_string();
    match result {
        Ok(saved) => {
            let to = match V::KIND {
                crate::catalog::schema::FileKind::Catalog => SETTINGS.to_string(),
                _ => village_url(&super::folder_of(&saved.dir)),
            };
            page::to_saved(&to)
        }
        Err(NotSaved::Invalid) => {
            view.failed = Some(NotSaved::<V>::Invalid.text().get(lang).to_string());
            page::html(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&view, typed, Some(fields)),
            )
        }
        Err(NotSaved::Conflict(conflict)) => {
            let why = NotSaved::Conflict(conflict.clone()).text();
            view.opened(&conflict.newer);
            view.failed = Some(format!(
                "{} {}",
                why.get(lang),
                words::newer_shown().get(lang)
            ));
            page::html(
                StatusCode::CONFLICT,
                render(&view, &conflict.newer.values, None),
            )
        }
        Err(e) => {
            if let NotSaved::Unparsable(problems) = &e {
                view.problems = problems.iter().map(|d| d.render(lang)).collect();
            }
            view.failed = Some(e.text().get(lang).to_string());
            page::html(StatusCode::CONFLICT, render(&view, typed, Some(fields)))
        }
    }
}

/// A form page being drawn.
struct View<'a> {
    shop: &'a Workshop,
    session: &'a Session,
    /// Where the form posts.
    action: String,
    version: String,
    /// The problems of files that do not parse, as the build words them.
    problems: Vec<String>,
    saved: bool,
    failed: Option<String>,
    /// The address that deletes the village shown (after asking).
    delete: Option<String>,
}

impl<'a> View<'a> {
    fn new(shop: &'a Workshop, session: &'a Session, action: String) -> View<'a> {
        View {
            shop,
            session,
            action,
            version: String::new(),
            problems: Vec::new(),
            saved: false,
            failed: None,
            delete: None,
        }
    }

    /// The version and the problems of a form as read.
    fn opened<V>(&mut self, form: &Form<V>) {
        self.version = form.version.clone();
        self.problems = form
            .problems
            .iter()
            .map(|d| d.render(self.shop.lang))
            .collect();
    }

    /// A village's form: its fields, the build's message beside each refused one.
    fn village(
        &self,
        values: &village::Values,
        checked: Option<&BTreeMap<String, Outcome>>,
    ) -> String {
        let lang = self.shop.lang;
        let title = if self.action == NEW_VILLAGE {
            words::add_village().get(lang).to_string()
        } else {
            words::edit_village(values.get("name"))
                .get(lang)
                .to_string()
        };
        let mut body = String::new();
        for &key in village::FIELDS {
            let input = if key == "whatsapp" {
                Input::Tel
            } else {
                Input::Text
            };
            body.push_str(&field(
                lang,
                key,
                words::village_label(key),
                words::village_hint(key),
                values.get(key),
                input,
                checked,
            ));
        }
        body.push_str(&field(
            lang,
            "story",
            words::village_label("story"),
            words::village_hint("story"),
            &values.story,
            Input::Area { rows: 6 },
            checked,
        ));
        self.render(&title, &body)
    }

    /// The catalog's settings: the fields, then the category rows and two empty ones
    /// to add categories with.
    fn settings(
        &self,
        values: &settings::Values,
        checked: Option<&BTreeMap<String, Outcome>>,
    ) -> String {
        let lang = self.shop.lang;
        let mut body = String::new();
        for &key in settings::FIELDS {
            let input = match key {
                "whatsapp" => Input::Tel,
                "description" => Input::Area { rows: 4 },
                "language" => Input::Choice(
                    ["", "id", "en"]
                        .iter()
                        .map(|c| (c.to_string(), words::language_choice(c).get(lang).into()))
                        .collect(),
                ),
                _ => Input::Text,
            };
            body.push_str(&field(
                lang,
                key,
                words::settings_label(key),
                words::settings_hint(key),
                values.get(key),
                input,
                checked,
            ));
        }
        let built_in: Vec<&str> = crate::catalog::resolve::DEFAULT_CATEGORIES
            .iter()
            .map(|(k, _, _)| *k)
            .collect();
        body.push_str(&format!(
            "<fieldset><legend>{}</legend><p class=\"hint\">{}</p>",
            escape(words::settings_label("categories").get(lang)),
            escape(words::categories_hint(&built_in.join(", ")).get(lang)),
        ));
        let empty = CategoryRow::default();
        let rows = values.categories.iter().chain([&empty, &empty]);
        for (i, row) in rows.enumerate() {
            let n = i + 1;
            body.push_str("<div class=\"row\">");
            for (part, label, value) in [
                ("name", words::category_name(n), &row.name),
                ("key", words::category_key(n), &row.key),
            ] {
                let name = format!("categories.{n}.{part}");
                let label = label.get(lang).to_string();
                body.push_str(
                    &Field::new(&name, &label, value)
                        .checked(checked.and_then(|c| c.get(&name)))
                        .html(lang),
                );
            }
            body.push_str("</div>");
        }
        body.push_str("</fieldset>");
        body.push_str(&self.feeds_choice(values));
        self.render(words::settings().get(lang), &body)
    }

    /// `feeds:` as a producer thinks of it: for each of the catalog's categories (and
    /// any other key the lists name), a checkbox to keep it out of Meta's catalog
    /// (WhatsApp/Facebook) and one to keep it out of Google's.
    fn feeds_choice(&self, values: &settings::Values) -> String {
        let lang = self.shop.lang;
        let mut categories: Vec<(String, String)> =
            crate::catalog::resolve::categories_of(&self.shop.content)
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.key, c.name))
                .collect();
        for key in values.feeds.keys() {
            if !categories.iter().any(|(k, _)| *k == key) {
                categories.push((key.clone(), key));
            }
        }
        let (meta, google) = (values.feeds.out_of_meta(), values.feeds.out_of_google());
        let mut html = format!(
            "<fieldset class=\"feeds\"><legend>{}</legend><p class=\"hint\">{}</p>{}",
            escape(words::settings_label("feeds").get(lang)),
            escape(words::feeds_settings_hint().get(lang)),
            fields::hidden(FEEDS_SHOWN, "1"),
        );
        for (key, name) in &categories {
            let group = fields::id_of(&format!("feeds.row.{key}"));
            html.push_str(&format!(
                "<div class=\"row\" role=\"group\" aria-labelledby=\"{group}\"><p class=\"category\" id=\"{group}\">{}</p>",
                escape(name)
            ));
            for (field, chosen, label) in [
                (FEEDS_META, &meta, words::feeds_leave_out_meta()),
                (FEEDS_GOOGLE, &google, words::feeds_leave_out_google()),
            ] {
                let id = fields::id_of(&format!("{field}.{key}"));
                let checked = if chosen.contains(key) { " checked" } else { "" };
                html.push_str(&format!(
                    "<label class=\"check\" for=\"{id}\"><input type=\"checkbox\" id=\"{id}\" name=\"{field}\" value=\"{}\"{checked}> {}</label>",
                    escape(key),
                    escape(label.get(lang)),
                ));
            }
            html.push_str("</div>");
        }
        html.push_str("</fieldset>");
        html
    }

    /// The page around a form's fields.
    fn render(&self, title: &str, fields_html: &str) -> String {
        let lang = self.shop.lang;
        let mut main = page::form_header(lang, title);
        if self.saved {
            main.push_str(&format!(
                "<p class=\"message saved\" role=\"status\">{}</p>",
                escape(words::saved().get(lang))
            ));
        }
        if let Some(why) = &self.failed {
            main.push_str(&format!(
                "<p class=\"message problem\" role=\"alert\">{}</p>",
                escape(why)
            ));
        }
        main.push_str(&page::problems_list(lang, &self.problems));
        main.push_str(&format!(
            "<form method=\"post\" action=\"{}\" class=\"place-form\">",
            escape(&self.action)
        ));
        main.push_str(&fields::csrf(&self.session.csrf));
        main.push_str(&fields::hidden("version", &self.version));
        main.push_str(fields_html);
        main.push_str(&format!(
            "<div class=\"bar\">{}</div></form>",
            fields::action("simpan", words::save().get(lang), "primary")
        ));
        if let Some(delete) = &self.delete {
            main.push_str(&format!(
                "<p class=\"actions\"><a class=\"delete\" href=\"{}\">{}</a></p>",
                escape(delete),
                escape(words::delete_village().get(lang)),
            ));
        }
        page::document(lang, title, &main)
    }
}

/// One field drawn by [`Field`], with its label and hint in `lang` and its outcome.
fn field(
    lang: Lang,
    key: &str,
    label: crate::diag::Text,
    hint: Option<crate::diag::Text>,
    value: &str,
    input: Input,
    checked: Option<&BTreeMap<String, Outcome>>,
) -> String {
    let mut f = Field::new(key, label.get(lang), value)
        .input(input)
        .checked(checked.and_then(|c| c.get(key)));
    if let Some(hint) = &hint {
        f = f.hint(hint.get(lang));
    }
    f.html(lang)
}
