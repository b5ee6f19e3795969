//! The preview's handlers: files of the last good build, the live-reload script
//! injected into pages, the event stream, and nothing outside the site folder. Served
//! by [`crate::commands::server`], within its limits.

use super::{Shared, Status};
use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{Method, StatusCode, Uri};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, StreamExt};
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The event stream's path: outside any catalog's URL space (slugs cannot start with
/// `_`).
pub const EVENTS: &str = "/_etalase/events";
const LIVE_JS: &str = include_str!("live.js");
/// How often an idle event stream sends a comment, to notice closed tabs.
const PING: Duration = Duration::from_secs(15);

/// The preview's handler set.
pub fn routes(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .route("/sw.js", get(service_worker))
        .fallback(file)
        .with_state(shared)
}

/// The preview's answer to `method path`, the path below where the preview is served
/// (`/`, `/desa/`, `/_etalase/events`): what [`routes`] answers, for a server that
/// routes to the preview itself (the workshop, under its prefix).
pub async fn answer(shared: Arc<Shared>, method: Method, path: &str) -> Response {
    match path {
        EVENTS if method == Method::GET => events(State(shared)).await.into_response(),
        "/sw.js" if method == Method::GET => service_worker().await,
        _ => {
            let uri = Uri::try_from(path).unwrap_or_else(|_| Uri::from_static("/"));
            file(State(shared), method, uri).await
        }
    }
}

/// Whatever the published site's service worker does, the preview replaces it with
/// one that clears its caches and unregisters itself.
async fn service_worker() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        UNREGISTER_SW.as_bytes().to_vec(),
    )
}

/// A file of the site (pages with the live-reload script), else the site's 404 page.
async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", Vec::new());
    }
    let path = uri.path().to_string();
    // Reading a file blocks: off the thread that serves every connection.
    tokio::task::spawn_blocking(move || file_response(&shared, &path))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn file_response(shared: &Shared, path: &str) -> Response {
    if let Some(file) = file_for_url(&shared.site, path)
        && let Ok(bytes) = std::fs::read(&file)
    {
        let mime = mime_of(&file);
        let body = if mime.starts_with("text/html") {
            inject(bytes, shared)
        } else {
            bytes
        };
        return respond(StatusCode::OK, mime, body);
    }
    let body = std::fs::read(shared.site.join("404.html"))
        .unwrap_or_else(|_| b"<!doctype html><title>404</title><p>404".to_vec());
    respond(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        inject(body, shared),
    )
}

fn respond(status: StatusCode, mime: &'static str, body: Vec<u8>) -> Response {
    (
        status,
        [(CONTENT_TYPE, mime), (CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response()
}

/// The file for a URL path, or `None` for anything outside the site folder: `..`
/// segments, encoded ones (`%2e%2e`, `%2f`), backslashes, NUL. Folders give their
/// `index.html`.
pub fn file_for_url(site: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut path = site.to_path_buf();
    for part in decoded.split('/') {
        match Path::new(part).components().next() {
            None => continue,
            Some(Component::Normal(p)) if Path::new(part).components().count() == 1 => path.push(p),
            Some(Component::CurDir) => continue,
            _ => return None,
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    // A symlink inside the site must not lead out of it either.
    let real = path.canonicalize().ok()?;
    let root = site.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn mime_of(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script, with the current problems, before `</body>`.
fn inject(html: Vec<u8>, shared: &Shared) -> Vec<u8> {
    let problems = shared.status.borrow().problems.clone();
    let title = match shared.lang {
        crate::diag::Lang::Id => {
            "Situs belum dibangun ulang: perbaiki masalah ini, lalu simpan lagi."
        }
        crate::diag::Lang::En => "The site was not rebuilt: fix these problems, then save again.",
    };
    // As JSON with `<`, `>` and `&` escaped: a problem quoting `</script>` or
    // `<!--<script>` cannot end the script or turn the rest of the page into it.
    let data = crate::site::seo::to_json(&problems);
    let script = format!(
        "<script>window.__etalaseProblems={data};window.__etalaseTitle={};window.__etalaseEvents=\"{}{EVENTS}\";\n{LIVE_JS}</script>",
        crate::site::seo::to_json(title),
        shared.base
    );
    // The page's Content-Security-Policy allows only the site's own script files; the
    // preview (never published) lets this one inline script through as well.
    let mut html = String::from_utf8_lossy(&html).replacen(
        "script-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        1,
    );
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &script),
        None => html.push_str(&script),
    }
    html.into_bytes()
}

/// A server-sent event stream: `reload` after each good build, `problems` (the list,
/// as JSON) after each failed one, a comment every [`PING`] to notice closed tabs.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let builds = shared.status.subscribe();
    let hello = stream::once(async { Ok::<_, Infallible>(Event::default().comment("etalase")) });
    let next = stream::unfold(builds, |mut builds| async move {
        let event = tokio::select! {
            changed = builds.changed() => {
                // The build loop is gone: the preview is stopping.
                changed.ok()?;
                event_of(&builds.borrow_and_update())
            }
            () = tokio::time::sleep(PING) => Event::default().comment("ping"),
        };
        Some((Ok(event), builds))
    });
    ([(CACHE_CONTROL, "no-store")], Sse::new(hello.chain(next)))
}

fn event_of(status: &Status) -> Event {
    if status.problems.is_empty() {
        Event::default()
            .event("reload")
            .data(status.generation.to_string())
    } else {
        Event::default()
            .event("problems")
            .data(serde_json::json!(status.problems).to_string())
    }
}

const UNREGISTER_SW: &str = "self.addEventListener('install',function(){self.skipWaiting()});\
self.addEventListener('activate',function(e){e.waitUntil(caches.keys().then(function(k){return Promise.all(k.map(function(c){return caches.delete(c)}))}).then(function(){return self.registration.unregister()}))});\n";
#[cfg(test)]
mod tests {
    use super::file_for_url;

    #[test]
    fn nothing_outside_the_site_is_served() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("desa")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("desa/index.html"), "desa").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        assert_eq!(
            file_for_url(&site, "/").unwrap(),
            site.join("index.html").canonicalize().unwrap()
        );
        assert_eq!(
            file_for_url(&site, "/desa/").unwrap(),
            site.join("desa/index.html").canonicalize().unwrap()
        );
        assert!(file_for_url(&site, "/desa").is_some());
        for bad in [
            "/../secret.txt",
            "/desa/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/desa/..%5c..%5csecret.txt",
            "/%00",
            "/nope.html",
        ] {
            assert!(file_for_url(&site, bad).is_none(), "{bad}");
        }
    }
}
