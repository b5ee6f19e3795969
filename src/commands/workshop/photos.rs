//! The workshop's photo routes (issue 16, points 2 and 4), behind the guard as every
//! route:
//!
//! - `GET /foto/{village}/{product}/{name}`: the photo's thumbnail (`image/jpeg`,
//!   [`upload::thumbnail`]), kept in memory by path, size and modification time;
//! - `POST /foto/{village}/{product}`: the multipart body's `foto` files saved into the
//!   product ([`upload::save_uploads`]), answered as JSON: `{"saved":[names]}`, or
//!   `{"refused":"message"}` (status 422) in the workshop's language.
//!
//! Each of village, product and name must be one plain path component naming a folder
//! (or a photo) inside the content folder: no `..`, no hidden names, no links; anything
//! else is 404, so no request reads or writes outside the catalog.

use super::Workshop;
use super::page;
use crate::catalog::trash::Kind;
use crate::catalog::undo;
use crate::photos::upload::{self, PhotoError};
use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Thumbnails kept at most; more empties the cache (a few hundred products' photos at
/// ~10 KB each: a few megabytes).
const MAX_THUMBNAILS: usize = 600;

/// A photo file as it is now: its path, size and modification time (a photo replaced
/// by hand is another).
type Stamp = (PathBuf, u64, Option<SystemTime>);

/// Thumbnails made, by [`Stamp`].
#[derive(Default)]
pub struct Thumbs {
    made: Mutex<HashMap<Stamp, Arc<Vec<u8>>>>,
}

impl Thumbs {
    fn get(&self, key: &Stamp) -> Option<Arc<Vec<u8>>> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.get(key).cloned()
    }

    fn put(&self, key: Stamp, jpeg: Arc<Vec<u8>>) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if made.len() >= MAX_THUMBNAILS {
            made.clear();
        }
        made.insert(key, jpeg);
    }
}

fn not_found(shop: &Workshop) -> Response {
    page::not_found(shop.lang)
}

/// `GET /foto/{village}/{product}/{name}`.
pub async fn thumbnail(
    State(shop): State<Arc<Workshop>>,
    UrlPath((village, product, name)): UrlPath<(String, String, String)>,
) -> Response {
    let Some(dir) = super::product_dir(&shop.content, &village, &product) else {
        return not_found(&shop);
    };
    if !upload::is_plain_photo_name(&name) {
        return not_found(&shop);
    }
    let path = dir.join(&name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return not_found(&shop);
    };
    if !meta.is_file() {
        return not_found(&shop);
    }
    let key = (path, meta.len(), meta.modified().ok());
    if let Some(jpeg) = shop.thumbs.get(&key) {
        return jpeg_response(&jpeg);
    }
    let made = {
        let name = name.clone();
        tokio::task::spawn_blocking(move || upload::thumbnail(&dir, &name)).await
    };
    match made {
        Ok(Ok(jpeg)) => {
            let jpeg = Arc::new(jpeg);
            shop.thumbs.put(key, jpeg.clone());
            jpeg_response(&jpeg)
        }
        Ok(Err(PhotoError::NoSuchPhoto(_))) => not_found(&shop),
        // A photo the build refuses: said in words, as the build would say it.
        Ok(Err(e)) => {
            let mut response = (
                StatusCode::UNPROCESSABLE_ENTITY,
                e.text().get(shop.lang).to_string(),
            )
                .into_response();
            page::secure_headers(response.headers_mut());
            response
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn jpeg_response(jpeg: &[u8]) -> Response {
    let mut response = jpeg.to_vec().into_response();
    let headers = response.headers_mut();
    page::secure_headers(headers);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    // Private: the photos are the catalog's, seen only by a session. Short: a photo
    // replaced keeps its name.
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=60"),
    );
    response
}

/// `POST /foto/{village}/{product}`: the `foto` files of a multipart body saved.
pub async fn upload(
    State(shop): State<Arc<Workshop>>,
    UrlPath((village, product)): UrlPath<(String, String)>,
    multipart: Multipart,
) -> Response {
    let lang = shop.lang;
    let Some(dir) = super::product_dir(&shop.content, &village, &product) else {
        return not_found(&shop);
    };
    let uploads = match files(multipart, "foto").await {
        Ok(uploads) => uploads,
        Err(status) => return status.into_response(),
    };
    let saved = tokio::task::spawn_blocking(move || {
        let recorded = super::history::recorded(&shop, |rec| {
            rec.file(&dir.join("product.yaml"));
            rec.file(&dir.join("index.md"));
            rec.folder(&dir, Kind::Photo);
            let saved = upload::save_uploads(&shop.content, &dir, &uploads, &super::lock_wait());
            let name = undo::shown_name(&shop.content, &dir, Kind::Product);
            let label = super::words::change_photos(uploads.len(), &name);
            (saved, Some(label))
        });
        recorded.unwrap_or_else(|e| Err(PhotoError::Lock(e)))
    })
    .await;
    let (status, json) = match saved {
        Ok(Ok(names)) => (StatusCode::OK, serde_json::json!({ "saved": names })),
        Ok(Err(e)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            serde_json::json!({ "refused": e.text().get(lang) }),
        ),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut response = (status, json.to_string()).into_response();
    let headers = response.headers_mut();
    page::secure_headers(headers);
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// The files of the multipart field `name`: (file name as sent, bytes), the empty
/// part a browser sends for a file input left empty skipped. The body's own limit is
/// the server's ([`crate::commands::server::Limits::WORKSHOP`]).
pub async fn files(
    mut multipart: Multipart,
    name: &str,
) -> Result<Vec<(String, Vec<u8>)>, StatusCode> {
    let mut out = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(out),
            Err(e) => return Err(e.status()),
        };
        if field.name() != Some(name) {
            continue;
        }
        let sent = field.file_name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|e| e.status())?;
        if sent.is_empty() && bytes.is_empty() {
            continue;
        }
        out.push((sent, bytes.to_vec()));
    }
}
