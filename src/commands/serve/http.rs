//! The preview's HTTP side: files of the last good build, the live-reload script
//! injected into pages, the event stream, and nothing outside the site folder.

use super::Shared;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// At most this many requests are handled at once (event streams included); more get
/// 503, so a misbehaving client cannot exhaust threads.
const MAX_IN_FLIGHT: usize = 64;
/// The event stream's path: outside any catalog's URL space (slugs cannot start with
/// `_`).
pub const EVENTS: &str = "/_etalase/events";
const LIVE_JS: &str = include_str!("live.js");

/// Serves requests until the server is unblocked (Ctrl-C).
pub fn run(server: &Arc<tiny_http::Server>, shared: &Arc<Shared>) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
            in_flight.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::from_string("busy").with_status_code(503));
            continue;
        }
        let shared = shared.clone();
        let in_flight = in_flight.clone();
        std::thread::spawn(move || {
            handle(request, &shared);
            in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn handle(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        return events(request, shared);
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(tiny_http::Response::from_string("").with_status_code(405));
        return;
    }
    if path == "/sw.js" {
        // Whatever the published site's service worker does, the preview replaces it
        // with one that clears its caches and unregisters itself.
        return respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            UNREGISTER_SW.as_bytes().to_vec(),
        );
    }
    match file_for_url(&shared.site, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let mime = mime_of(&file);
                let body = if mime.starts_with("text/html") {
                    inject(bytes, shared)
                } else {
                    bytes
                };
                respond(request, 200, mime, body)
            }
            Err(_) => not_found(request, shared),
        },
        None => not_found(request, shared),
    }
}

fn not_found(request: tiny_http::Request, shared: &Shared) {
    let body = std::fs::read(shared.site.join("404.html"))
        .unwrap_or_else(|_| b"<!doctype html><title>404</title><p>404".to_vec());
    respond(
        request,
        404,
        "text/html; charset=utf-8",
        inject(body, shared),
    );
}

fn respond(request: tiny_http::Request, status: u16, mime: &str, body: Vec<u8>) {
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
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
    let problems = shared
        .status
        .lock()
        .map(|s| s.problems.clone())
        .unwrap_or_default();
    let title = match shared.lang {
        crate::diag::Lang::Id => {
            "Situs belum dibangun ulang: perbaiki masalah ini, lalu simpan lagi."
        }
        crate::diag::Lang::En => "The site was not rebuilt: fix these problems, then save again.",
    };
    let data = serde_json::json!(problems)
        .to_string()
        .replace("</", "<\\/");
    let script = format!(
        "<script>window.__etalaseProblems={data};window.__etalaseTitle={};window.__etalaseEvents=\"{EVENTS}\";\n{LIVE_JS}</script>",
        serde_json::json!(title)
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
/// as JSON) after each failed one, a comment every 15 s to notice closed tabs.
fn events(request: tiny_http::Request, shared: &Shared) {
    let mut seen = shared.status.lock().map(|s| s.generation).unwrap_or(0);
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: etalase\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let guard = shared.status.lock().unwrap_or_else(|e| e.into_inner());
        let (status, _) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |s| {
                s.generation == seen && !shared.stop.load(Ordering::SeqCst)
            })
            .unwrap_or_else(|e| e.into_inner());
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let message = if status.generation == seen {
            ": ping\n\n".to_string()
        } else {
            seen = status.generation;
            if status.problems.is_empty() {
                format!("event: reload\ndata: {seen}\n\n")
            } else {
                format!(
                    "event: problems\ndata: {}\n\n",
                    serde_json::json!(status.problems)
                )
            }
        };
        drop(status);
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
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
