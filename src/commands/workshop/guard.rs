//! Who may use the workshop (issue 16, point 9), checked on every request before any
//! handler runs:
//!
//! - the `Host` header must be an address the workshop is served at (`127.0.0.1:N`,
//!   `localhost:N`, and with `--lan` this computer's own addresses): a page of another
//!   site whose name was made to point at 127.0.0.1 (DNS rebinding) gets nothing;
//! - every request needs a session: an HttpOnly, SameSite=Strict cookie that only
//!   `/masuk?kunci=SECRET` sets, the secret being made at start (a new start makes a new
//!   one) and printed, with the QR code, in the terminal. Any number of phones may sign
//!   in with it. 127.0.0.1 is no exception: on a shared computer another account can
//!   reach it too, and the computer's own browser is given the same address;
//! - every request that is not `GET`/`HEAD` must come from the workshop's own pages:
//!   its `Origin`, when sent, is the workshop's, and it carries the session's CSRF token
//!   (the `X-CSRF-Token` header, or a `csrf` field of a form, urlencoded or multipart),
//!   which only the workshop's pages hold. A web page open in the same browser can
//!   neither read the token nor send the cookie (SameSite=Strict).
//!
//! Bodies: a `multipart/form-data` post (photos) may be as large as the server's
//! limit ([`crate::commands::server::Limits::WORKSHOP`]); its token is looked for in its
//! first [`SMALL_BODY`] bytes only (the workshop's forms send it first), before the
//! rest is read, and the body is handed on whole. Any other body keeps the preview's
//! limit, [`SMALL_BODY`]: only signed-in photo uploads are large.

use super::page;
use super::words;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST, LOCATION, ORIGIN, SET_COOKIE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The session cookie's name: `etalase_sesi_<port>`. Browsers keep cookies by host,
/// not port, so two workshops at once on one computer (two catalogs) would otherwise
/// sign each other's browser out.
pub fn cookie_name(port: u16) -> String {
    format!("etalase_sesi_{port}")
}
/// The page that trades the secret for a session.
pub const SIGN_IN: &str = "/masuk";
/// The largest body of any request but a multipart post, and how far into a multipart
/// body its `csrf` field is looked for: the preview's limit.
pub const SMALL_BODY: usize = crate::commands::server::Limits::PREVIEW.max_body_bytes;
/// More sessions than this at once are refused: each phone that scanned the code is
/// one, so a few hundred is far more than any workshop needs.
const MAX_SESSIONS: usize = 1000;

/// Who may come in, shared by the workshop and, before a catalog exists, by the page
/// that offers to make one ([`super::start`]): a session opened on one goes on on the
/// other, at the same address. Also the way out: the `Hentikan` button's signal.
pub struct Gate {
    pub lang: crate::diag::Lang,
    /// The `Host` headers answered: `127.0.0.1:N`, `localhost:N`, and with `--lan` this
    /// computer's addresses with the port.
    pub hosts: Vec<String>,
    pub sessions: Sessions,
    /// The session cookie's name ([`cookie_name`]).
    pub cookie: String,
    /// Notified by the `Hentikan` button: the server stops as on Ctrl-C.
    pub stop: tokio::sync::Notify,
}

/// The secret and the sessions it opened.
pub struct Sessions {
    secret: String,
    /// Session id → its CSRF token.
    open: Mutex<HashMap<String, String>>,
}

impl Sessions {
    pub fn new(secret: String) -> Sessions {
        Sessions {
            secret,
            open: Mutex::new(HashMap::new()),
        }
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// A new session for the holder of the secret: (id, CSRF token).
    fn open(&self) -> Option<(String, String)> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= MAX_SESSIONS {
            return None;
        }
        let (id, csrf) = (random_token().ok()?, random_token().ok()?);
        open.insert(id.clone(), csrf.clone());
        Some((id, csrf))
    }

    /// The CSRF token of the session `id`, if it is one.
    fn csrf_of(&self, id: &str) -> Option<String> {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.iter()
            .find(|(k, _)| same(k.as_bytes(), id.as_bytes()))
            .map(|(_, v)| v.clone())
    }

    /// Ends the session `id`.
    pub fn close(&self, id: &str) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(id);
    }
}

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Equal in a time that does not tell how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session a request carries: (id, CSRF token). Put into the request's
/// extensions by [`check`] for the handlers.
#[derive(Clone)]
pub struct Session {
    pub id: String,
    pub csrf: String,
}

/// The checks of this module, before every handler.
pub async fn check(State(shop): State<Arc<Gate>>, mut req: Request, next: Next) -> Response {
    let lang = shop.lang;
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !shop.hosts.contains(&host) {
        return refuse(StatusCode::FORBIDDEN, words::wrong_host(), lang);
    }
    if req.uri().path() == SIGN_IN {
        return sign_in(&shop, &req);
    }
    // The stylesheet and the script hold nothing of the catalog's: the refusal pages
    // name them too.
    let own_file = [page::STYLE_PATH, page::SCRIPT_PATH].contains(&req.uri().path());
    if own_file && req.method() == Method::GET {
        return next.run(req).await;
    }
    let Some(session) = session_of(&shop.sessions, &shop.cookie, &req) else {
        return refuse(StatusCode::UNAUTHORIZED, words::no_session(), lang);
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if let Some(origin) = req.headers().get(ORIGIN)
            && origin.to_str().ok() != Some(&format!("http://{host}"))
        {
            return refuse(StatusCode::FORBIDDEN, words::foreign_origin(), lang);
        }
        let (parts, body) = req.into_parts();
        let header = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        let multipart = is_multipart(&content_type);
        let body = if multipart {
            body
        } else {
            Body::new(http_body_util::Limited::new(body, SMALL_BODY))
        };
        // A form's body is read to find its token (within [`SMALL_BODY`]), then handed
        // on as it was.
        let (token, body) = match header {
            Some(t) => (Some(t), body),
            None if multipart => match multipart_token(body, &content_type).await {
                Some(found) => found,
                None => return StatusCode::BAD_REQUEST.into_response(),
            },
            None if is_form => match axum::body::to_bytes(body, SMALL_BODY).await {
                Ok(bytes) => {
                    let token = url::form_urlencoded::parse(&bytes)
                        .find(|(k, _)| k == "csrf")
                        .map(|(_, v)| v.into_owned());
                    (token, Body::from(bytes))
                }
                Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            },
            None => (None, body),
        };
        if !token.is_some_and(|t| same(t.as_bytes(), session.csrf.as_bytes())) {
            return refuse(StatusCode::FORBIDDEN, words::no_csrf(), lang);
        }
        req = Request::from_parts(parts, body);
    } else if !is_multipart(
        req.headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    ) {
        let (parts, body) = req.into_parts();
        req = Request::from_parts(
            parts,
            Body::new(http_body_util::Limited::new(body, SMALL_BODY)),
        );
    }
    req.extensions_mut().insert(session);
    next.run(req).await
}

fn is_multipart(content_type: &str) -> bool {
    content_type
        .get(..19)
        .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
}

/// The `csrf` field of a multipart body, looked for in its first [`SMALL_BODY`] bytes
/// (read as they come, the field parsed by `multer` as axum's `Multipart` parses it),
/// and the body whole again: what was read, then the rest, still unread. `None` when
/// the body cannot be read (a client gone, a body over the server's limit).
async fn multipart_token(body: Body, content_type: &str) -> Option<(Option<String>, Body)> {
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return Some((None, body));
    };
    let mut rest = body.into_data_stream();
    let mut head: Vec<u8> = Vec::new();
    let token = loop {
        let within = &head[..head.len().min(SMALL_BODY)];
        if let Some(token) = csrf_field(within, &boundary).await {
            break Some(token);
        }
        if head.len() >= SMALL_BODY {
            break None;
        }
        match rest.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return None,
            None => break None,
        }
    };
    let head = futures_util::stream::once(async move { Ok::<_, axum::Error>(Bytes::from(head)) });
    Some((token, Body::from_stream(head.chain(rest))))
}

/// The value of the `csrf` field among the fields complete in `head`, the start of a
/// multipart body.
async fn csrf_field(head: &[u8], boundary: &str) -> Option<String> {
    if head.is_empty() {
        return None;
    }
    let bytes = Bytes::copy_from_slice(head);
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut fields = multer::Multipart::new(stream, boundary);
    // A field cut off by the end of `head` is an error, not a shorter value.
    while let Ok(Some(field)) = fields.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

/// `/masuk?kunci=SECRET`: the right secret opens a session and goes to the front page.
fn sign_in(shop: &Gate, req: &Request) -> Response {
    let lang = shop.lang;
    let key = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "kunci")
            .map(|(_, v)| v.into_owned())
    });
    if !key.is_some_and(|k| same(k.as_bytes(), shop.sessions.secret().as_bytes())) {
        return refuse(StatusCode::FORBIDDEN, words::wrong_key(), lang);
    }
    let Some((id, _)) = shop.sessions.open() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let cookie = format!("{}={id}; Path=/; HttpOnly; SameSite=Strict", shop.cookie);
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(LOCATION, HeaderValue::from_static("/"));
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.insert(SET_COOKIE, v);
    }
    page::secure_headers(headers);
    response
}

/// The session named by the request's cookie, if it is open.
fn session_of(sessions: &Sessions, name: &str, req: &Request) -> Option<Session> {
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .find_map(|(_, id)| {
            sessions.csrf_of(id).map(|csrf| Session {
                id: id.to_string(),
                csrf,
            })
        })
}

/// A refusal, as a page saying why and how to get in.
fn refuse(status: StatusCode, why: crate::diag::Text, lang: crate::diag::Lang) -> Response {
    let body = page::document(
        lang,
        words::refused_title().get(lang),
        &format!(
            "<h1>{}</h1><p>{}</p><p>{}</p>",
            page::escape(words::refused_title().get(lang)),
            page::escape(why.get(lang)),
            page::escape(words::how_to_get_in().get(lang))
        ),
    );
    page::html(status, body)
}
