//! `etalase start`, which is also what `etalase` does when started with no arguments
//! and no terminal (a double-click in a file manager; see [`crate::cli`]): the
//! workshop, reachable from phones on the same Wi-Fi, on the catalog found beside the
//! program or in the current folder, with a message the size of a window saying what
//! it is doing and how to stop it. The computer's browser opens on it.
//!
//! Where there is no catalog yet, the browser opens on a page that offers to make one
//! as `etalase init` does (a folder of the name given, beside the program); once made,
//! the workshop opens on it at the same address, the phone's session going on.

use super::{Door, EditOptions, Stopped, guard, page, words};
use crate::commands::Outcome;
use crate::commands::serve::ServeError;
use crate::diag::Lang;
use axum::Router;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use page::escape;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What `etalase start` was asked for.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// Where a catalog is looked for, first first: the current folder, then the
    /// program's.
    pub places: Vec<PathBuf>,
    /// `None`: the first free port from the preview's.
    pub port: Option<u16>,
    /// `--lang`, if given; else the catalog's.
    pub lang: Option<Lang>,
    /// Started from a file manager: the browser is opened even with no terminal.
    pub double_clicked: bool,
}

impl StartOptions {
    /// The places a catalog is looked for: the current folder, then the folder of
    /// this program (where the release archive puts the sample catalog, `content/`).
    pub fn places_here() -> Vec<PathBuf> {
        let mut places = Vec::new();
        if let Ok(here) = std::env::current_dir() {
            places.push(here);
        }
        if let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf))
            && !places.contains(&dir)
        {
            places.push(dir);
        }
        places
    }
}

/// The name of the folder a catalog is read from, in a repository `etalase init` made.
const CONTENT: &str = "content";
/// The name of a catalog's settings file, which makes a folder a catalog.
const CATALOG_FILE: &str = "catalog.yaml";
/// The name the offer suggests for a new catalog's folder.
const NEW_NAME: &str = "katalog-kami";
/// The offer's form's address.
const MAKE: &str = "/buat";

/// The catalog folder (the one holding `catalog.yaml`) `etalase start` opens: in the
/// first place that is a catalog or holds `content/` that is one; else, among the
/// folders directly inside the places (`katalog-kami/content/`, as `init` makes it
/// beside the program), the one whose `catalog.yaml` changed last.
pub fn find_catalog(places: &[PathBuf]) -> Option<PathBuf> {
    let catalog_in = |dir: &Path| {
        [dir.to_path_buf(), dir.join(CONTENT)]
            .into_iter()
            .find(|d| d.join(CATALOG_FILE).is_file())
    };
    if let Some(found) = places.iter().find_map(|p| catalog_in(p)) {
        return Some(found);
    }
    places
        .iter()
        .flat_map(|p| std::fs::read_dir(p).into_iter().flatten().flatten())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| catalog_in(&e.path()))
        .max_by_key(|dir| {
            std::fs::metadata(dir.join(CATALOG_FILE))
                .and_then(|m| m.modified())
                .ok()
        })
}

/// `etalase start`: the workshop until it is stopped, or why it could not start.
pub fn start(opts: &StartOptions) -> Outcome {
    let lang = |content: Option<&Path>| {
        opts.lang
            .unwrap_or_else(|| content.map_or(Lang::Id, crate::catalog::messages_lang))
    };
    let found = find_catalog(&opts.places);
    let lang = lang(found.as_deref());
    let outcome =
        crate::commands::report::outcome(run(opts, found, lang).map_err(|e| e.text()), lang);
    if opts.double_clicked && outcome != Outcome::Done {
        // A window opened for etalase closes with it: the problem stays to be read.
        println!("{}", words::press_enter_to_close().get(lang));
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    outcome
}

fn run(opts: &StartOptions, found: Option<PathBuf>, lang: Lang) -> Result<(), ServeError> {
    // With the phone's address: the workshop is for the group's phones.
    let door = Door::open(opts.port, true, lang)?;
    let mut said = false;
    let content = match found {
        Some(content) => content,
        None => {
            let base = opts.places.first().cloned().unwrap_or_else(|| ".".into());
            said = true;
            let ready = || {
                announce(&door, lang, &words::no_catalog_here(&shown(&base)));
                super::open_browser(&door.local_url(), opts.double_clicked);
            };
            match offer(&door, &base, lang, ready)? {
                Some(made) => {
                    println!("{}", words::catalog_made(&shown(&made)).get(lang));
                    made
                }
                None => {
                    eprintln!("{}", words::stopped().get(lang));
                    return Ok(());
                }
            }
        }
    };
    let cache = std::env::var_os("ETALASE_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| beside(&content).join(".etalase-cache"));
    let edit = EditOptions {
        content,
        cache,
        port: Some(door.port),
        lan: true,
        lang,
    };
    super::run_at(&edit, &door, || {
        if !said {
            announce(&door, lang, &words::opening(&shown(&edit.content)));
            super::open_browser(&door.local_url(), opts.double_clicked);
        }
    })
}

/// The folder a catalog's repository is: the one holding `content/`, else the
/// catalog's own parent (where the photo cache goes, as `etalase build` run there puts
/// it).
fn beside(content: &Path) -> PathBuf {
    content
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// A folder as the messages name it: its full path, for a volunteer to find it.
fn shown(dir: &Path) -> String {
    let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    crate::diag::display_path(&full)
}

/// The window-sized message: the address (the first line, as `etalase edit` prints
/// it), what is being done, the phone's address (its QR code is on the page), and how
/// to stop.
fn announce(door: &Door, lang: Lang, doing: &crate::diag::Text) {
    println!("{}", words::open_at(&door.local_url()).get(lang));
    println!("{}", doing.get(lang));
    if let Some(url) = &door.phone_url {
        println!("{}", words::on_a_phone(url).get(lang));
    }
    println!("{}", words::keep_it_secret().get(lang));
    println!("{}", words::how_to_stop().get(lang));
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// The offer's state: where a catalog would be made, and the one made.
struct Offer {
    base: PathBuf,
    lang: Lang,
    made: Mutex<Option<PathBuf>>,
    done: tokio::sync::Notify,
}

/// Serves the page that offers to make a catalog in `base` until one is made (its
/// catalog folder) or the workshop is stopped (`None`).
fn offer(
    door: &Door,
    base: &Path,
    lang: Lang,
    ready: impl FnOnce(),
) -> Result<Option<PathBuf>, ServeError> {
    let offer = Arc::new(Offer {
        base: base.to_path_buf(),
        lang,
        made: Mutex::new(None),
        done: tokio::sync::Notify::new(),
    });
    let routes = Router::new()
        .route("/", get(offer_page))
        .route(MAKE, post(make))
        .route(page::STYLE_PATH, get(super::style))
        .route(page::SCRIPT_PATH, get(super::script))
        .fallback(to_front)
        .with_state(offer.clone())
        .route(super::STOP, post(super::stop));
    let stopped = door.serve(routes, offer.done.notified(), ready)?;
    let made = offer.made.lock().unwrap_or_else(|e| e.into_inner()).take();
    Ok(made.filter(|_| stopped == Stopped::Done))
}

/// Any other address (the preview, a product's form) before there is a catalog: the
/// offer.
async fn to_front() -> Response {
    let mut response = axum::response::IntoResponse::into_response(StatusCode::SEE_OTHER);
    response.headers_mut().insert(
        axum::http::header::LOCATION,
        axum::http::HeaderValue::from_static("/"),
    );
    response
}

async fn offer_page(
    State(offer): State<Arc<Offer>>,
    Extension(session): Extension<guard::Session>,
) -> Response {
    page::html(
        StatusCode::OK,
        offer_document(&offer, &session, NEW_NAME, None),
    )
}

/// The offer: no catalog here, make one (a name for its folder), or stop.
fn offer_document(offer: &Offer, session: &Session, name: &str, problem: Option<&str>) -> String {
    let lang = offer.lang;
    let error = problem.map_or(String::new(), |p| {
        format!("<p class=\"error\" id=\"f-nama-error\">{}</p>", escape(p))
    });
    let described = if problem.is_some() {
        " aria-invalid=\"true\" aria-describedby=\"f-nama-error\""
    } else {
        ""
    };
    let main = format!(
        "<header><h1>{title}</h1></header>\
<section class=\"offer\"><p>{none}</p><p>{what}</p>\
<form method=\"post\" action=\"{MAKE}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
<div class=\"field\"><label for=\"f-nama\">{label}</label>\
<input id=\"f-nama\" name=\"nama\" value=\"{name}\" required autocapitalize=\"none\"{described}>\
{error}<p class=\"hint\">{hint}</p></div>\
<p class=\"actions\"><button class=\"primary\" type=\"submit\" name=\"aksi\" value=\"simpan\">{make}</button></p>\
</form></section>{stop}",
        title = escape(words::title().get(lang)),
        none = escape(words::no_catalog_in(&shown(&offer.base)).get(lang)),
        what = escape(words::what_a_new_catalog_holds().get(lang)),
        csrf = escape(&session.csrf),
        label = escape(words::new_catalog_name().get(lang)),
        name = escape(name),
        hint = escape(words::new_catalog_where(&shown(&offer.base)).get(lang)),
        make = escape(words::make_catalog().get(lang)),
        stop = page::stop_form(lang, &session.csrf),
    );
    page::document(lang, words::title().get(lang), &main)
}

use guard::Session;

/// A line as the terminal says it, as a sentence on a page: its first letter capital,
/// a full stop at its end.
fn sentence(line: &str) -> String {
    let mut chars = line.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

/// `Buat katalog`: makes the repository as `etalase init` does in `base/NAME`, then the
/// workshop opens on it (the page reloads onto it).
async fn make(
    State(offer): State<Arc<Offer>>,
    Extension(session): Extension<guard::Session>,
    body: axum::body::Bytes,
) -> Response {
    let name = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "nama")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let lang = offer.lang;
    let worker = offer.clone();
    let tried = name.clone();
    let made = tokio::task::spawn_blocking(move || {
        if !crate::photos::upload::is_plain_name(&tried) {
            return Err(words::not_a_folder_name().get(lang).to_string());
        }
        let dir = worker.base.join(&tried);
        crate::commands::init::init(&dir)
            .map(|_| dir.join(CONTENT))
            .map_err(|e| e.text().get(lang).to_string())
    })
    .await;
    match made {
        Ok(Ok(content)) => {
            let said = sentence(words::catalog_made(&shown(&content)).get(lang));
            *offer.made.lock().unwrap_or_else(|e| e.into_inner()) = Some(content);
            // The answer is sent before the server makes way for the workshop.
            super::after_this_answer(&offer, |offer| offer.done.notify_one());
            let main = format!(
                "<header><h1>{}</h1></header><p class=\"message saved\" role=\"status\">{}</p>\
<p>{}</p><p class=\"actions\"><a class=\"add\" href=\"/\">{}</a></p>",
                escape(words::title().get(lang)),
                escape(&said),
                escape(words::opening_soon().get(lang)),
                escape(words::open_workshop().get(lang)),
            );
            let mut doc = page::document(lang, words::title().get(lang), &main);
            // Onto the workshop once it answers (the form's link does the same).
            doc = doc.replacen(
                "<meta charset=\"utf-8\">",
                "<meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2;url=/\">",
                1,
            );
            page::html(StatusCode::OK, doc)
        }
        Ok(Err(problem)) => page::html(
            StatusCode::UNPROCESSABLE_ENTITY,
            offer_document(&offer, &session, &name, Some(&problem)),
        ),
        Err(_) => page::failure(lang, "internal error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(CATALOG_FILE), "title: X\n").unwrap();
    }

    #[test]
    fn a_catalog_is_found_here_in_content_or_one_folder_down() {
        let tmp = tempfile::tempdir().unwrap();
        let (here, program) = (tmp.path().join("here"), tmp.path().join("program"));
        std::fs::create_dir_all(&here).unwrap();
        std::fs::create_dir_all(&program).unwrap();
        let places = vec![here.clone(), program.clone()];
        assert_eq!(find_catalog(&places), None);
        // A repository `init` made beside the program.
        catalog(&program.join("katalog-kami/content"));
        assert_eq!(
            find_catalog(&places),
            Some(program.join("katalog-kami/content"))
        );
        // The sample catalog beside the program, as the release archive holds it,
        // comes before one a folder down.
        catalog(&program.join("content"));
        assert_eq!(find_catalog(&places), Some(program.join("content")));
        // The current folder comes first.
        catalog(&here);
        assert_eq!(find_catalog(&places), Some(here.clone()));
    }

    #[test]
    fn of_two_catalogs_a_folder_down_the_one_changed_last_is_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().to_path_buf();
        catalog(&base.join("lama/content"));
        catalog(&base.join("baru/content"));
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let f = std::fs::File::options()
            .write(true)
            .open(base.join("lama/content/catalog.yaml"))
            .unwrap();
        f.set_modified(old).unwrap();
        assert_eq!(
            find_catalog(std::slice::from_ref(&base)),
            Some(base.join("baru/content"))
        );
        // A hidden folder (the trash, a cache) is not looked in.
        catalog(&base.join(".tersembunyi/content"));
        assert_eq!(
            find_catalog(std::slice::from_ref(&base)),
            Some(base.join("baru/content"))
        );
    }
}
