//! The workshop's last changes, and undo (issue 17, point 2): every save it makes —
//! a form, a photo upload, a deletion, a restore — is recorded
//! ([`crate::catalog::undo::Recorder`]) in memory for this run, shared by every phone;
//! `GET /riwayat` lists them newest first, and `POST /riwayat` (`Batalkan`, on the
//! newest only) takes the newest back when every file is still as it left it.

use super::guard::Session;
use super::page::{self, escape};
use super::{Workshop, posted::Posted, words};
use crate::catalog::undo::{self, Change, Recorder};
use crate::diag::Text;
use crate::output::lock::LockError;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use std::sync::{Arc, Mutex};

/// The address of the last changes.
pub const HISTORY: &str = "/riwayat";

/// The most changes kept (the oldest are forgotten; they hold the files' old bytes).
const KEPT: usize = 100;

/// One change made, to show and to take back.
struct Done {
    /// Its number in this run, posted back by `Batalkan` (a second post does not undo
    /// the one before).
    number: u64,
    label: Text,
    change: Change,
}

/// The changes made in this run, oldest first.
#[derive(Default)]
pub struct History {
    done: Mutex<(u64, Vec<Done>)>,
}

impl History {
    fn push(&self, label: Text, change: Change) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        done.0 += 1;
        let number = done.0;
        done.1.push(Done {
            number,
            label,
            change,
        });
        if done.1.len() > KEPT {
            done.1.remove(0);
        }
    }
}

/// Runs `work` with the catalog locked and what it changes recorded: `work` notes what
/// it may change on the [`Recorder`] before it saves, and names the change (`None`: not
/// recorded). The change joins the history before the lock is released, so that the
/// history's order is the saves' order.
pub(super) fn recorded<T>(
    shop: &Workshop,
    work: impl FnOnce(&mut Recorder) -> (T, Option<Text>),
) -> Result<T, LockError> {
    let mut rec = Recorder::start(&shop.content, &super::lock_wait())?;
    let (out, label) = work(&mut rec);
    let change = rec.finish();
    if let Some(label) = label
        && !change.is_empty()
    {
        shop.history.push(label, change);
    }
    drop(rec);
    Ok(out)
}

/// `GET /riwayat`.
pub async fn page(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Response {
    let undone = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "dibatalkan"));
    let note = undone.then(|| ("saved", words::undone().get(shop.lang).to_string()));
    page::html(StatusCode::OK, render(&shop, &session, note))
}

/// `POST /riwayat`: the newest change taken back, when its number is the one posted.
pub async fn undo_post(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<Session>,
    posted: Posted,
) -> Response {
    let number: Option<u64> = posted.get("nomor").parse().ok();
    page::blocking(move || {
        let lang = shop.lang;
        // The catalog's lock before the history's, in the order of every save
        // ([`recorded`]).
        let _held = match crate::catalog::trash::catalog_lock(&shop.content, &super::lock_wait()) {
            Ok(held) => held,
            Err(e) => return page::failure(lang, e.text().get(lang)),
        };
        let mut done = shop.history.done.lock().unwrap_or_else(|e| e.into_inner());
        let newest = done.1.last().filter(|d| Some(d.number) == number);
        let Some(newest) = newest else {
            drop(done);
            let why = words::undo_stale().get(lang).to_string();
            return page::html(
                StatusCode::CONFLICT,
                render(&shop, &session, Some(("problem", why))),
            );
        };
        match undo::undo(&shop.content, &newest.change, &super::lock_wait()) {
            Ok(()) => {
                done.1.pop();
                drop(done);
                page::to(&format!("{HISTORY}?dibatalkan"))
            }
            Err(e) => {
                drop(done);
                let why = e.text().get(lang).to_string();
                page::html(
                    StatusCode::CONFLICT,
                    render(&shop, &session, Some(("problem", why))),
                )
            }
        }
    })
    .await
}

/// The page: the changes newest first, `Batalkan` beside the newest.
fn render(shop: &Workshop, session: &Session, note: Option<(&str, String)>) -> String {
    let lang = shop.lang;
    let title = words::history_title().get(lang).to_string();
    let mut main = page::form_header(lang, &title);
    if let Some((class, text)) = note {
        main.push_str(&format!(
            "<p class=\"message {class}\" role=\"status\">{}</p>",
            escape(&text)
        ));
    }
    main.push_str(&format!(
        "<p class=\"hint\">{}</p>",
        escape(words::history_hint().get(lang))
    ));
    let done = shop.history.done.lock().unwrap_or_else(|e| e.into_inner());
    if done.1.is_empty() {
        main.push_str(&format!(
            "<p>{}</p>",
            escape(words::history_empty().get(lang))
        ));
    }
    main.push_str("<ol class=\"history\">");
    for (i, d) in done.1.iter().rev().enumerate() {
        let button = if i == 0 {
            format!(
                "<form method=\"post\" action=\"{HISTORY}\">{}{}\
<button type=\"submit\" class=\"undo\">{}</button></form>",
                super::fields::csrf(&session.csrf),
                super::fields::hidden("nomor", &d.number.to_string()),
                escape(words::undo().get(lang)),
            )
        } else {
            String::new()
        };
        let files: Vec<String> = d
            .change
            .paths()
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        main.push_str(&format!(
            "<li data-number=\"{}\"><span class=\"label\">{}</span>\
<span class=\"files\">{}</span>{button}</li>",
            d.number,
            escape(d.label.get(lang)),
            escape(&files.join(", ")),
        ));
    }
    main.push_str("</ol>");
    page::document(lang, &title, &main)
}
