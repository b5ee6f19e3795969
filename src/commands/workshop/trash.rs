//! Deleting a product or a village, and the trash (issue 17, point 2):
//!
//! - `GET /hapus/produk/{village}/{product}` and `GET /hapus/desa/{village}`: "are you
//!   sure?", with a form that posts to the same address; the post moves the folder
//!   into the catalog's trash ([`crate::catalog::trash`]), recorded for undo, and goes
//!   to the front page;
//! - `GET /sampah`: the trash, newest first, a `Pulihkan` button on each entry;
//!   `POST /sampah` (`entri`) restores one ([`crate::photos::upload::restore`]: beside
//!   its old name when that is taken, said so; a photo back into its product's list).

use super::guard::Session;
use super::page::{self, escape};
use super::{Workshop, history, posted::Posted, words};
use crate::catalog::trash::{self, Entry, Kind};
use crate::catalog::undo;
use crate::photos::upload;
use axum::extract::{Extension, Path as UrlPath, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The address of the trash.
pub const TRASH: &str = "/sampah";

/// The address that deletes a product (after asking).
pub fn delete_product_url(village: &str, product: &str) -> String {
    format!(
        "/hapus/produk/{}/{}",
        super::url_part(village),
        super::url_part(product)
    )
}

/// The address that deletes a village (after asking).
pub fn delete_village_url(village: &str) -> String {
    format!("/hapus/desa/{}", super::url_part(village))
}

/// `GET /hapus/produk/{village}/{product}`.
pub async fn ask_product(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath((village, product)): UrlPath<(String, String)>,
) -> Response {
    page::blocking(move || {
        let Some(dir) = super::product_dir(&shop.content, &village, &product) else {
            return page::not_found(shop.lang);
        };
        let name = undo::shown_name(&shop.content, &dir, Kind::Product);
        let photos = crate::catalog::form::read_form(&shop.content, &dir)
            .map(|f| f.images.len())
            .unwrap_or(0);
        let question = words::sure_delete_product(&name, photos);
        ask(
            &shop,
            &session,
            words::delete_product_titled(&name).get(shop.lang),
            question.get(shop.lang),
            &delete_product_url(&village, &product),
            &super::product::form_url(&village, &product),
        )
    })
    .await
}

/// `GET /hapus/desa/{village}`.
pub async fn ask_village(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    UrlPath(village): UrlPath<String>,
) -> Response {
    page::blocking(move || {
        let Some(dir) = super::village_dir(&shop.content, &village) else {
            return page::not_found(shop.lang);
        };
        let name = undo::shown_name(&shop.content, &dir, Kind::Village);
        let products = products_in(&dir);
        let question = words::sure_delete_village(&name, products);
        ask(
            &shop,
            &session,
            words::delete_village_titled(&name).get(shop.lang),
            question.get(shop.lang),
            &delete_village_url(&village),
            &super::places::village_url(&village),
        )
    })
    .await
}

/// `POST /hapus/produk/{village}/{product}`.
pub async fn delete_product(
    State(shop): State<Arc<Workshop>>,
    UrlPath((village, product)): UrlPath<(String, String)>,
    // The post is read (its fields checked by the guard) and holds nothing more.
    _posted: Posted,
) -> Response {
    page::blocking(move || {
        let Some(dir) = super::product_dir(&shop.content, &village, &product) else {
            return page::not_found(shop.lang);
        };
        delete(&shop, &dir, Kind::Product)
    })
    .await
}

/// `POST /hapus/desa/{village}`.
pub async fn delete_village(
    State(shop): State<Arc<Workshop>>,
    UrlPath(village): UrlPath<String>,
    // The post is read (its fields checked by the guard) and holds nothing more.
    _posted: Posted,
) -> Response {
    page::blocking(move || {
        let Some(dir) = super::village_dir(&shop.content, &village) else {
            return page::not_found(shop.lang);
        };
        delete(&shop, &dir, Kind::Village)
    })
    .await
}

/// Moves the folder `dir` (a product's or a village's) into the trash, recorded for
/// undo; to the front page, which says where it went.
fn delete(shop: &Workshop, dir: &Path, kind: Kind) -> Response {
    let lang = shop.lang;
    let relative = inside(shop, dir);
    let done = history::recorded(shop, |rec| {
        let name = undo::shown_name(&shop.content, dir, kind);
        match trash::put(&shop.content, &relative, kind, &name, &super::lock_wait()) {
            Ok(entry) => {
                rec.trashed(&entry);
                let label = match kind {
                    Kind::Village => words::change_delete_village(&name),
                    _ => words::change_delete_product(&name),
                };
                (Ok(()), Some(label))
            }
            Err(e) => (Err(e.text()), None),
        }
    });
    match done {
        Ok(Ok(())) => page::to("/?dihapus"),
        Ok(Err(why)) => page::failure(lang, why.get(lang)),
        Err(e) => page::failure(lang, e.text().get(lang)),
    }
}

/// `GET /sampah`.
pub async fn list(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Response {
    page::blocking(move || {
        let lang = shop.lang;
        let mut restored = None;
        let mut beside = false;
        for (k, v) in url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
            match &*k {
                "dipulihkan" => restored = Some(v.into_owned()),
                "sebelah" => beside = true,
                _ => {}
            }
        }
        let note = restored.map(|path| {
            let said = if beside {
                words::restored_beside(&path)
            } else {
                words::restored_to(&path)
            };
            ("saved", said.get(lang).to_string())
        });
        page::html(StatusCode::OK, render(&shop, &session, note))
    })
    .await
}

/// `POST /sampah`: the entry `entri` restored, recorded for undo.
pub async fn restore(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    posted: Posted,
) -> Response {
    let id = posted.get("entri").to_string();
    page::blocking(move || {
        let lang = shop.lang;
        let done = history::recorded(&shop, |rec| {
            let Some(entry) = trash::read_entry(&shop.content, &id) else {
                let why = trash::TrashError::NoSuchEntry(id.clone()).text();
                return (Err(why), None);
            };
            // A photo goes back into its product's list: its files noted first.
            if let Some(parent) = Path::new(&entry.original).parent() {
                for file in ["product.yaml", "index.md"] {
                    rec.file(&shop.content.join(parent).join(file));
                }
            }
            match upload::restore(&shop.content, &id, &super::lock_wait()) {
                Ok(restored) => {
                    rec.restored(&restored);
                    let label = words::change_restore(&shown(&entry, lang));
                    (Ok(restored), Some(label))
                }
                Err(e) => (Err(e.text()), None),
            }
        });
        match done {
            Ok(Ok(restored)) => {
                let path = restored.path.to_string_lossy().into_owned();
                let query: String = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("dipulihkan", &path)
                    .finish();
                let beside = if restored.beside { "&sebelah" } else { "" };
                page::to(&format!("{TRASH}?{query}{beside}"))
            }
            Ok(Err(why)) => page::html(
                StatusCode::CONFLICT,
                render(
                    &shop,
                    &session,
                    Some(("problem", why.get(lang).to_string())),
                ),
            ),
            Err(e) => page::failure(lang, e.text().get(lang)),
        }
    })
    .await
}

/// An entry as the trash page names it: "Produk Keripik Pare", "Foto a.jpg (Sagon)".
fn shown(entry: &Entry, lang: crate::diag::Lang) -> String {
    let name = entry.name.as_str();
    let file = entry.file_name();
    match entry.kind {
        Kind::Product => words::trash_product(name),
        Kind::Village => words::trash_village(name),
        Kind::Photo => words::trash_photo(file, name),
        Kind::File => words::trash_file(file, name),
    }
    .get(lang)
    .to_string()
}

/// The trash page.
fn render(shop: &Workshop, session: &Session, note: Option<(&str, String)>) -> String {
    let lang = shop.lang;
    let title = words::trash_title().get(lang).to_string();
    let mut main = page::form_header(lang, &title);
    if let Some((class, text)) = note {
        main.push_str(&format!(
            "<p class=\"message {class}\" role=\"status\">{}</p>",
            escape(&text)
        ));
    }
    main.push_str(&format!(
        "<p class=\"hint\">{}</p>",
        escape(words::trash_hint().get(lang))
    ));
    let entries = trash::list(&shop.content);
    if entries.is_empty() {
        main.push_str(&format!(
            "<p>{}</p>",
            escape(words::trash_empty().get(lang))
        ));
    }
    main.push_str("<ul class=\"trash\">");
    for entry in &entries {
        main.push_str(&format!(
            "<li data-entry=\"{}\"><span class=\"label\">{}</span>\
<span class=\"files\">{}</span><span class=\"when\">{}</span>\
<form method=\"post\" action=\"{TRASH}\">{}{}<button type=\"submit\">{}</button></form></li>",
            escape(&entry.id),
            escape(&shown(entry, lang)),
            escape(&entry.original),
            escape(&when(&entry.when)),
            super::fields::csrf(&session.csrf),
            super::fields::hidden("entri", &entry.id),
            escape(words::restore().get(lang)),
        ));
    }
    main.push_str("</ul>");
    page::document(lang, &title, &main)
}

/// A record's time as this computer's clock reads it: `2026-12-04 23:40`.
fn when(recorded: &str) -> String {
    recorded
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| recorded.to_string())
}

/// "Are you sure?": the question, a button that posts to `action`, and the way back.
fn ask(
    shop: &Workshop,
    session: &Session,
    title: &str,
    question: &str,
    action: &str,
    back: &str,
) -> Response {
    let lang = shop.lang;
    let mut main = page::form_header(lang, title);
    main.push_str(&format!(
        "<p class=\"question\">{}</p><form method=\"post\" action=\"{}\" class=\"delete-form\">{}\
<div class=\"bar\"><button type=\"submit\" class=\"danger\">{}</button>\
<a href=\"{}\">{}</a></div></form>",
        escape(question),
        escape(action),
        super::fields::csrf(&session.csrf),
        escape(words::yes_delete().get(lang)),
        escape(back),
        escape(words::cancel().get(lang)),
    ));
    page::html(StatusCode::OK, page::document(lang, title, &main))
}

/// `dir` inside the content folder.
fn inside(shop: &Workshop, dir: &Path) -> PathBuf {
    dir.strip_prefix(&shop.content).unwrap_or(dir).to_path_buf()
}

/// How many product folders a village folder holds.
fn products_in(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("product.yaml").is_file() || e.path().join("index.md").is_file())
        .count()
}
