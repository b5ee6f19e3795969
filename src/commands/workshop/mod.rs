//! `etalase edit`: the workshop (issue 16), web pages served on the volunteer's
//! computer that edit the catalog folders from a phone.
//!
//! One server, one port, one session: the workshop's pages at `/`, and the live preview
//! of `serve` (the same [`crate::commands::serve::Live`]: built into a private folder,
//! rebuilt on every change under the content folder, pages reloaded by its event
//! stream) under [`PREVIEW`], so a phone signed in once sees both, and a save seen by
//! the watcher reloads the preview's open pages. The site's links are relative, so it
//! works under a prefix as on a host's sub-folder. Every request passes [`guard`]
//! first: the preview is behind the session too.
//!
//! It listens on 127.0.0.1 unless `--lan`. The address printed (and, with `--lan`, its
//! QR code) carries the secret made at start: `/masuk?kunci=SECRET`.

mod fields;
mod guard;
mod history;
mod page;
mod photos;
mod places;
mod posted;
mod product;
mod publish;
mod start;
mod trash;
mod words;

pub use start::{StartOptions, start};

use crate::commands::Outcome;
use crate::commands::serve::{self, Live, ServeError};
use crate::commands::server;
use crate::diag::Lang;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The path the live preview is served under.
pub const PREVIEW: &str = "/pratinjau";

/// What `etalase edit` was asked for.
#[derive(Debug, Clone)]
pub struct EditOptions {
    pub content: PathBuf,
    pub cache: PathBuf,
    /// `None`: the first free port from [`serve::DEFAULT_PORT`]; `Some(0)`: any.
    pub port: Option<u16>,
    /// Listen on every address; print the phone's address and its QR code.
    pub lan: bool,
    pub lang: Lang,
}

/// What the handlers share.
pub struct Workshop {
    pub content: PathBuf,
    /// The photo cache, for a site built to publish by hand.
    pub cache: PathBuf,
    pub lang: Lang,
    /// Who may come in (the guard's state), and the `Hentikan` button's signal.
    pub gate: Arc<guard::Gate>,
    /// With `--lan`: the phone's address with the secret, shown on the front page as a
    /// QR code for the computer's screen.
    pub phone_url: Option<String>,
    /// The live preview's state, answered under [`PREVIEW`].
    pub preview: Arc<serve::Shared>,
    /// Photos' thumbnails made, kept in memory.
    pub thumbs: photos::Thumbs,
    /// The changes made in this run, to undo ([`history`]).
    pub history: history::History,
}

/// `etalase edit`: the workshop until Ctrl-C, or why it could not start.
pub fn command(opts: &EditOptions) -> Outcome {
    crate::commands::report::outcome(run(opts).map_err(|e| e.text()), opts.lang)
}

/// The workshop's address before its catalog is read: the socket listened on, who may
/// come in, the phone's address. [`start`] opens one to offer to make a catalog, then
/// runs the workshop on the same one.
pub struct Door {
    listener: std::net::TcpListener,
    port: u16,
    gate: Arc<guard::Gate>,
    /// With `--lan`: the address a phone opens, with the secret.
    phone_url: Option<String>,
    lan: bool,
}

impl Door {
    /// Listens on 127.0.0.1 (every address with `lan`) at `port`, or the first free
    /// port from [`serve::DEFAULT_PORT`]; makes the secret.
    pub fn open(port: Option<u16>, lan: bool, lang: Lang) -> Result<Door, ServeError> {
        let secret = guard::random_token().map_err(|e| ServeError::Bind(e.to_string()))?;
        let ip = if lan {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let ports: Vec<u16> = match port {
            Some(p) => vec![p],
            None => (serve::DEFAULT_PORT..serve::DEFAULT_PORT + 50).collect(),
        };
        let listener = server::bind(ip, ports).map_err(ServeError::Bind)?;
        let port = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(e.to_string()))?
            .port();
        let lan_ip = if lan { serve::lan_address() } else { None };
        let phone_url = lan_ip.map(|ip| sign_in_url(&ip.to_string(), port, &secret));
        Ok(Door {
            listener,
            port,
            gate: Arc::new(guard::Gate {
                lang,
                hosts: hosts(port, lan),
                sessions: guard::Sessions::new(secret),
                cookie: guard::cookie_name(port),
                stop: tokio::sync::Notify::new(),
            }),
            phone_url,
            lan,
        })
    }

    /// The address that signs this computer's browser in.
    pub fn local_url(&self) -> String {
        sign_in_url("127.0.0.1", self.port, self.gate.sessions.secret())
    }

    /// Serves `routes` behind the guard until Ctrl-C, the `Hentikan` button, or
    /// `until`; the socket stays open for the next server on this door. `ready` runs
    /// once Ctrl-C is listened for, before the first request is answered: what it
    /// prints may be followed by Ctrl-C at once.
    fn serve(
        &self,
        routes: Router<Arc<guard::Gate>>,
        until: impl std::future::Future<Output = ()>,
        ready: impl FnOnce(),
    ) -> Result<Stopped, ServeError> {
        let bind = |e: std::io::Error| ServeError::Bind(e.to_string());
        let listener = self.listener.try_clone().map_err(bind)?;
        let runtime = server::runtime().map_err(bind)?;
        let signal = {
            let _inside = runtime.enter();
            server::stop_signal().map_err(bind)?
        };
        ready();
        let gate = self.gate.clone();
        let routes = routes
            .layer(DefaultBodyLimit::max(
                server::Limits::WORKSHOP.max_body_bytes,
            ))
            .layer(axum::middleware::from_fn_with_state(
                gate.clone(),
                guard::check,
            ))
            .with_state(gate.clone());
        let stopped = std::cell::Cell::new(Stopped::Asked);
        let stop = async {
            tokio::select! {
                _ = signal => {}
                _ = gate.stop.notified() => {}
                _ = until => stopped.set(Stopped::Done),
            }
        };
        let served = runtime.block_on(server::run(
            listener,
            routes,
            server::Limits::WORKSHOP,
            stop,
        ));
        runtime.shutdown_timeout(Duration::from_secs(1));
        served.map_err(bind)?;
        Ok(stopped.get())
    }
}

/// Why a server on a [`Door`] stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stopped {
    /// Ctrl-C, a closed window, or the `Hentikan` button: the process ends.
    Asked,
    /// What it was there for is done (a catalog was made): the next one goes on.
    Done,
}

/// Runs the workshop until Ctrl-C.
pub fn run(opts: &EditOptions) -> Result<(), ServeError> {
    let door = Door::open(opts.port, opts.lan, opts.lang)?;
    run_at(opts, &door, || {
        announce(&door, opts.lang);
        open_browser(&door.local_url(), false);
    })
}

/// Runs the workshop on `opts.content` at `door` until it is asked to stop; `ready`
/// runs once the catalog has been read and built (a catalog folder that is none is
/// said before any address is given).
fn run_at(opts: &EditOptions, door: &Door, ready: impl FnOnce()) -> Result<(), ServeError> {
    // The catalog's own words for the workshop, from its words file for its language.
    let language = crate::catalog::read(&opts.content)
        .map(|(_, catalog, _)| catalog.site_lang)
        .unwrap_or_else(|_| opts.lang.code().to_string());
    words::use_own_words(&opts.content, &language);
    let live = Live::start(&opts.content, &opts.cache, opts.lang, PREVIEW)?;
    let shop = Arc::new(Workshop {
        content: opts.content.clone(),
        cache: opts.cache.clone(),
        lang: opts.lang,
        gate: door.gate.clone(),
        phone_url: door.phone_url.clone(),
        preview: live.shared().clone(),
        thumbs: photos::Thumbs::default(),
        history: history::History::default(),
    });
    let watch = live.watch();
    let served = door.serve(routes(shop), std::future::pending(), ready);
    live.finish(watch);
    served?;
    eprintln!("{}", words::stopped().get(opts.lang));
    Ok(())
}

/// Opens this computer's browser on the workshop, signed in: with the program
/// `ETALASE_BROWSER` names when it is set (empty: never; tests name a script), else
/// with the system's opener, but only from a terminal (or, `double_clicked`, when
/// started from a file manager) and, on Linux and the BSDs, with a desktop to show it
/// on (not on a server, over ssh without one, or in CI). Whatever it does, the address
/// stays printed.
fn open_browser(url: &str, double_clicked: bool) {
    use std::io::IsTerminal;
    let opener = match std::env::var_os("ETALASE_BROWSER") {
        Some(program) if program.is_empty() => return,
        Some(program) => program,
        None => {
            if !double_clicked && !std::io::stdout().is_terminal() {
                return;
            }
            let desktop = ["DISPLAY", "WAYLAND_DISPLAY"]
                .iter()
                .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
            match system_opener() {
                Some(program) if desktop || !cfg!(unix) || cfg!(target_os = "macos") => {
                    program.into()
                }
                _ => return,
            }
        }
    };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    // Reaped on a thread of its own: an opener that lingers holds nothing up.
    if let Ok(mut child) = child {
        std::thread::spawn(move || child.wait());
    }
}

/// The program that opens an address in the user's browser.
fn system_opener() -> Option<&'static str> {
    if cfg!(target_os = "macos") {
        Some("open")
    } else if cfg!(windows) {
        Some("explorer")
    } else if cfg!(unix) {
        Some("xdg-open")
    } else {
        None
    }
}

/// The `Host` headers the workshop answers.
fn hosts(port: u16, lan: bool) -> Vec<String> {
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    if lan && let Ok(addrs) = if_addrs::get_if_addrs() {
        for a in addrs {
            hosts.push(match a.ip() {
                IpAddr::V4(ip) => format!("{ip}:{port}"),
                IpAddr::V6(ip) => format!("[{ip}]:{port}"),
            });
        }
    }
    hosts
}

/// The workshop's handlers and the preview's under [`PREVIEW`] (the door puts the
/// guard before them all).
fn routes(shop: Arc<Workshop>) -> Router<Arc<guard::Gate>> {
    Router::new()
        .route("/", get(front))
        .route(page::STYLE_PATH, get(style))
        .route(page::SCRIPT_PATH, get(script))
        .route("/keluar", post(sign_out))
        .route(
            "/produk/{village}/{product}",
            get(product::edit).post(product::post_edit),
        )
        .route(
            "/produk-baru/{village}",
            get(product::blank).post(product::post_new),
        )
        .route("/foto/{village}/{product}", post(photos::upload))
        .route("/foto/{village}/{product}/{name}", get(photos::thumbnail))
        .route(
            "/desa/{village}",
            get(places::village_form).post(places::village_post),
        )
        .route(
            places::NEW_VILLAGE,
            get(places::new_village_form).post(places::new_village_post),
        )
        .route(
            places::SETTINGS,
            get(places::settings_form).post(places::settings_post),
        )
        .route(
            "/hapus/produk/{village}/{product}",
            get(trash::ask_product).post(trash::delete_product),
        )
        .route(
            "/hapus/desa/{village}",
            get(trash::ask_village).post(trash::delete_village),
        )
        .route(trash::TRASH, get(trash::list).post(trash::restore))
        .route(
            history::HISTORY,
            get(history::page).post(history::undo_post),
        )
        .route(publish::PATH, get(publish::page).post(publish::post))
        .fallback(preview)
        .with_state(shop)
        .route(STOP, post(stop))
}

/// The `Hentikan` button's address: stops the workshop as Ctrl-C does, for a workshop
/// started without a terminal to press it in.
pub const STOP: &str = "/berhenti";

/// `Hentikan ruang kerja`: the page says it stopped, then the server stops.
async fn stop(State(gate): State<Arc<guard::Gate>>) -> Response {
    after_this_answer(&gate, |gate| gate.stop.notify_one());
    page::html(StatusCode::OK, page::stopped(gate.lang))
}

/// Runs `then` a moment after the handler's answer has gone out: a server stopped at
/// once would drop the connection the answer is on.
fn after_this_answer<T: Send + Sync + 'static>(
    on: &Arc<T>,
    then: impl FnOnce(&T) + Send + 'static,
) {
    let on = on.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        then(&on);
    });
}

/// Paths under [`PREVIEW`]: the preview's (which reads nothing outside its site
/// folder); `/pratinjau` goes to `/pratinjau/` (the site's links are relative); any
/// other path is not found.
async fn preview(State(shop): State<Arc<Workshop>>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == PREVIEW {
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        response
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/pratinjau/"));
        return response;
    }
    match path.strip_prefix(PREVIEW) {
        Some(rest) if rest.starts_with('/') => {
            serve::answer(shop.preview.clone(), method, rest).await
        }
        _ => page::html(
            StatusCode::NOT_FOUND,
            page::document(shop.lang, "404", "<h1>404</h1>"),
        ),
    }
}

async fn front(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<guard::Session>,
    uri: Uri,
) -> Response {
    let deleted = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "dihapus"));
    // Reading the catalog blocks: off the thread that serves every connection.
    let body = tokio::task::spawn_blocking(move || {
        page::front(
            &shop.content,
            shop.lang,
            &session.csrf,
            shop.phone_url.as_deref(),
            deleted,
        )
    })
    .await;
    match body {
        Ok(body) => page::html(StatusCode::OK, body),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn style() -> Response {
    let mut response = page::STYLE.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    page::secure_headers(headers);
    response
}

async fn script() -> Response {
    let mut response = page::SCRIPT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    page::secure_headers(headers);
    response
}

/// `Keluar`: ends this phone's session (the secret still opens new ones).
async fn sign_out(
    State(shop): State<Arc<Workshop>>,
    Extension(session): Extension<guard::Session>,
) -> Response {
    shop.gate.sessions.close(&session.id);
    let mut response = page::html(StatusCode::OK, page::signed_out(shop.lang));
    let expired = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        shop.gate.cookie
    );
    if let Ok(v) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(SET_COOKIE, v);
    }
    response
}

/// A folder name as one part of a workshop address (percent-encoded).
pub fn url_part(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The address of a photo's thumbnail.
pub fn thumbnail_url(village: &str, product: &str, photo: &str) -> String {
    format!(
        "/foto/{}/{}/{}",
        url_part(village),
        url_part(product),
        url_part(photo)
    )
}

/// How long a save waits for another writer of the catalog (a build holds the lock
/// shared for seconds, a save for less).
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The wait of every save of the workshop: up to [`LOCK_WAIT`], said to no one (the
/// phone waits on its request).
fn lock_wait() -> crate::output::lock::Wait<'static> {
    crate::output::lock::Wait {
        limit: LOCK_WAIT,
        notice: &|_| {},
    }
}

/// The last part of a folder's path: its name in the workshop's addresses.
fn folder_of(dir: &std::path::Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One plain name of a folder or file: no separator, not `.`/`..`, not hidden (the
/// catalog's own hidden folders, the cache and the trash, are not the workshop's): the
/// names the build reads.
fn plain(name: &str) -> bool {
    crate::photos::upload::is_plain_name(name)
}

/// The village folder `village` of the catalog, when it is one (a folder, not a link).
pub fn village_dir(content: &std::path::Path, village: &str) -> Option<PathBuf> {
    let dir = content.join(village);
    (plain(village) && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())).then_some(dir)
}

/// The product folder `product` of the village `village`, when it is one.
pub fn product_dir(content: &std::path::Path, village: &str, product: &str) -> Option<PathBuf> {
    let dir = village_dir(content, village)?.join(product);
    (plain(product) && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())).then_some(dir)
}

/// The address that signs in: `http://HOST:PORT/masuk?kunci=SECRET`.
fn sign_in_url(host: &str, port: u16, key: &str) -> String {
    format!("http://{host}:{port}{}?kunci={key}", guard::SIGN_IN)
}

/// Prints the address with the secret for this computer's browser (first line of
/// stdout, the address its last word), and with `--lan` the phone's, as a QR code too.
fn announce(door: &Door, lang: Lang) {
    println!("{}", words::open_at(&door.local_url()).get(lang));
    if door.lan {
        match &door.phone_url {
            Some(url) => {
                println!("{}", words::on_a_phone(url).get(lang));
                serve::print_qr(url);
            }
            None => println!("{}", serve::said_no_lan_address().get(lang)),
        }
    }
    println!("{}", words::keep_it_secret().get(lang));
    println!("{}", words::press_ctrl_c().get(lang));
    use std::io::Write;
    let _ = std::io::stdout().flush();
}
