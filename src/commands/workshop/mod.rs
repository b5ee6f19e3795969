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
mod page;
mod photos;
mod places;
mod posted;
mod product;
mod publish;
mod words;

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
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
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
    /// The `Host` headers the workshop answers: `127.0.0.1:N`, `localhost:N`, and
    /// with `--lan` this computer's addresses with the port.
    pub hosts: Vec<String>,
    pub sessions: guard::Sessions,
    /// With `--lan`: the phone's address with the secret, shown on the front page as a
    /// QR code for the computer's screen.
    pub phone_url: Option<String>,
    /// The session cookie's name ([`guard::cookie_name`]).
    pub cookie: String,
    /// The live preview's state, answered under [`PREVIEW`].
    pub preview: Arc<serve::Shared>,
    /// Photos' thumbnails made, kept in memory.
    pub thumbs: photos::Thumbs,
}

/// `etalase edit`: the workshop until Ctrl-C, or why it could not start.
pub fn command(opts: &EditOptions) -> Outcome {
    crate::commands::report::outcome(run(opts).map_err(|e| e.text()), opts.lang)
}

/// Runs the workshop until Ctrl-C.
pub fn run(opts: &EditOptions) -> Result<(), ServeError> {
    // The catalog's own words for the workshop, from its words file for its language.
    let language = crate::catalog::read(&opts.content)
        .map(|(_, catalog, _)| catalog.site_lang)
        .unwrap_or_else(|_| opts.lang.code().to_string());
    words::use_own_words(&opts.content, &language);
    let secret = guard::random_token().map_err(|e| ServeError::Bind(e.to_string()))?;
    let live = Live::start(&opts.content, &opts.cache, opts.lang, PREVIEW)?;
    let ip = if opts.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (serve::DEFAULT_PORT..serve::DEFAULT_PORT + 50).collect(),
    };
    let listener = server::bind(ip, ports).map_err(ServeError::Bind)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(e.to_string()))?;
    let runtime = server::runtime().map_err(|e| ServeError::Bind(e.to_string()))?;
    let stop = {
        let _inside = runtime.enter();
        server::stop_signal().map_err(|e| ServeError::Bind(e.to_string()))?
    };
    let lan_ip = if opts.lan { serve::lan_address() } else { None };
    let phone = lan_ip.map(|ip| sign_in_url(&ip.to_string(), addr.port(), &secret));
    let shop = Arc::new(Workshop {
        content: opts.content.clone(),
        cache: opts.cache.clone(),
        lang: opts.lang,
        hosts: hosts(addr.port(), opts.lan),
        sessions: guard::Sessions::new(secret),
        cookie: guard::cookie_name(addr.port()),
        phone_url: phone,
        preview: live.shared().clone(),
        thumbs: photos::Thumbs::default(),
    });
    announce(addr, opts.lan, &shop);
    open_browser(&sign_in_url(
        "127.0.0.1",
        addr.port(),
        shop.sessions.secret(),
    ));
    let watch = live.watch();
    let routes = routes(shop);
    let served = runtime.block_on(server::run(
        listener,
        routes,
        server::Limits::WORKSHOP,
        stop,
    ));
    runtime.shutdown_timeout(Duration::from_secs(1));
    live.finish(watch);
    served.map_err(|e| ServeError::Bind(e.to_string()))?;
    eprintln!("{}", words::stopped().get(opts.lang));
    Ok(())
}

/// Opens this computer's browser on the workshop, signed in: with the program
/// `ETALASE_BROWSER` names when it is set (empty: never; tests name a script), else
/// with the system's opener, but only from a terminal and, on Linux and the BSDs, with
/// a desktop to show it on (not on a server, over ssh without one, or in CI). Whatever
/// it does, the address stays printed.
fn open_browser(url: &str) {
    use std::io::IsTerminal;
    let opener = match std::env::var_os("ETALASE_BROWSER") {
        Some(program) if program.is_empty() => return,
        Some(program) => program,
        None => {
            if !std::io::stdout().is_terminal() {
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

/// The workshop's handlers and the preview's under [`PREVIEW`], all behind the guard.
fn routes(shop: Arc<Workshop>) -> Router {
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
        .route(publish::PATH, get(publish::page).post(publish::post))
        .fallback(preview)
        // Multipart extractors may read up to the server's limit; the guard keeps any
        // other body to [`guard::SMALL_BODY`].
        .layer(DefaultBodyLimit::max(
            server::Limits::WORKSHOP.max_body_bytes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            shop.clone(),
            guard::check,
        ))
        .with_state(shop)
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
) -> Response {
    // Reading the catalog blocks: off the thread that serves every connection.
    let body = tokio::task::spawn_blocking(move || {
        page::front(
            &shop.content,
            shop.lang,
            &session,
            shop.phone_url.as_deref(),
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
    shop.sessions.close(&session.id);
    let mut response = page::html(StatusCode::OK, page::signed_out(shop.lang));
    let expired = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        shop.cookie
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
fn announce(addr: SocketAddr, lan: bool, shop: &Workshop) {
    let lang = shop.lang;
    let key = shop.sessions.secret();
    let local = format!(
        "http://127.0.0.1:{}{}?kunci={key}",
        addr.port(),
        guard::SIGN_IN
    );
    println!("{}", words::open_at(&local).get(lang));
    if lan {
        match &shop.phone_url {
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
