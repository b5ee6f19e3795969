//! The workshop's pages: plain HTML made here, one small stylesheet and one small
//! script of its own (uploads with progress; every form works without it), no file
//! from another host, under a Content-Security-Policy as strict
//! as the site's. Mobile-first: one column at 360 px, wider on a laptop.

use super::words;
use crate::catalog::model::{Catalog, Product};
use crate::diag::{Diagnostic, Diagnostics, Lang};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::Path;

/// The workshop's stylesheet, served at [`STYLE_PATH`].
pub const STYLE: &str = include_str!("workshop.css");
pub const STYLE_PATH: &str = "/gaya.css";

/// The workshop's script, served at [`SCRIPT_PATH`]: a form with photos sent with
/// upload progress (see the file).
pub const SCRIPT: &str = include_str!("workshop.js");
pub const SCRIPT_PATH: &str = "/skrip.js";

/// Nothing but the workshop's own stylesheet, script (and its uploads to the workshop)
/// and forms; no frame may hold its pages.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The headers of every answer of the workshop's own: its CSP, no framing, no
/// `Referer` to another site (the sign-in address holds the secret), never cached.
pub fn secure_headers(headers: &mut HeaderMap) {
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // `same-origin`, not `no-referrer`: under `no-referrer` Chrome sends a form's
    // post with `Origin: null`, which the guard refuses as foreign.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// An HTML answer with the workshop's headers.
pub fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    secure_headers(headers);
    response
}

/// Text made safe inside HTML, in an element or a quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `main` (HTML already escaped).
pub fn document(lang: Lang, title: &str, main: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"same-origin\"><link rel=\"icon\" href=\"data:,\">\
<title>{}</title><link rel=\"stylesheet\" href=\"{STYLE_PATH}\">\
<script src=\"{SCRIPT_PATH}\" defer></script></head>\
<body><main>{main}</main></body></html>",
        words::page_lang(lang),
        escape(title)
    )
}

/// The front page: the catalog at a glance. Each village with its products (thumbnail,
/// name, price as the site shows it, availability, how many problems the build's check
/// finds in its files), and the problems no listed product owns.
pub fn front(
    content: &Path,
    lang: Lang,
    csrf: &str,
    phone_url: Option<&str>,
    deleted: bool,
) -> String {
    let mut main = String::new();
    main.push_str(&format!(
        "<header><h1>{}</h1><nav><a href=\"/pratinjau/\">{}</a>\
<a class=\"publish\" href=\"{}\">{}</a><a href=\"{}\">{}</a>\
<a href=\"{}\">{}</a><a href=\"{}\">{}</a>\
<form method=\"post\" action=\"/keluar\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
<button type=\"submit\">{}</button></form></nav></header>\
<p class=\"actions\"><a class=\"add\" href=\"{}\">{}</a></p>",
        escape(words::title().get(lang)),
        escape(words::preview().get(lang)),
        super::publish::PATH,
        escape(words::publish().get(lang)),
        super::places::SETTINGS,
        escape(words::settings().get(lang)),
        super::history::HISTORY,
        escape(words::history_title().get(lang)),
        super::trash::TRASH,
        escape(words::trash_title().get(lang)),
        escape(csrf),
        escape(words::sign_out().get(lang)),
        super::places::NEW_VILLAGE,
        escape(words::add_village().get(lang)),
    ));
    if deleted {
        main.push_str(&format!(
            "<p class=\"message saved\" role=\"status\">{}</p>",
            escape(words::deleted().get(lang))
        ));
    }
    // With `--lan`: the phone's address as a QR code, for the computer's screen.
    if let Some(url) = phone_url
        && let Some(svg) = crate::site::print::qr_svg(url)
    {
        main.push_str(&format!(
            "<section class=\"phone\"><h2>{}</h2><p>{}</p>{svg}<p class=\"url\">{}</p></section>",
            escape(words::on_a_phone_title().get(lang)),
            escape(words::scan_this().get(lang)),
            escape(url),
        ));
    }
    match crate::catalog::read(content) {
        Ok((_, catalog, diags)) => main.push_str(&glance(content, &catalog, &diags, lang)),
        Err(e) => main.push_str(&format!(
            "<p class=\"problem\">{}</p>",
            escape(words::unreadable(e.text().get(lang)).get(lang))
        )),
    }
    main.push_str(&stop_form(lang, csrf));
    document(lang, words::title().get(lang), &main)
}

/// The foot of the front page: where the workshop runs and how to stop it, with the
/// `Hentikan` button (a workshop started by a double-click has no terminal to press
/// Ctrl-C in).
pub fn stop_form(lang: Lang, csrf: &str) -> String {
    format!(
        "<footer class=\"stop\"><p>{}</p><form method=\"post\" action=\"{}\">\
<input type=\"hidden\" name=\"csrf\" value=\"{}\"><button type=\"submit\">{}</button>\
</form></footer>",
        escape(words::how_to_stop_page().get(lang)),
        super::STOP,
        escape(csrf),
        escape(words::stop_workshop().get(lang)),
    )
}

/// After `Hentikan ruang kerja`.
pub fn stopped(lang: Lang) -> String {
    document(
        lang,
        words::title().get(lang),
        &format!(
            "<h1>{}</h1><p role=\"status\">{}</p>",
            escape(words::title().get(lang)),
            escape(words::stopped_page().get(lang))
        ),
    )
}

/// A path as the diagnostics name it, made comparable with a folder of the catalog.
fn inside(content: &Path, path: &Path) -> std::path::PathBuf {
    path.strip_prefix(content).unwrap_or(path).to_path_buf()
}

fn glance(content: &Path, catalog: &Catalog, diags: &Diagnostics, lang: Lang) -> String {
    let mut words_diags = Diagnostics::new();
    let words = crate::site::theme::Theme::load(content)
        .map(|t| t.words(&catalog.site_lang, &mut words_diags))
        .unwrap_or_default();
    let files: Vec<std::path::PathBuf> = diags
        .iter()
        .map(|d: &Diagnostic| inside(content, &d.path))
        .collect();
    let count = |dir: &Path| files.iter().filter(|f| f.starts_with(dir)).count();
    let mut out = String::new();
    let mut owned = 0;
    let mut villages_html = String::new();
    for village in &catalog.villages {
        let dir = village
            .products
            .first()
            .and_then(|p| inside(content, &p.dir).parent().map(Path::to_path_buf))
            .unwrap_or_else(|| Path::new(&village.slug).to_path_buf());
        let in_village = count(&dir);
        owned += in_village;
        let folder = folder_name(content, &dir);
        villages_html.push_str(&format!(
            "<section class=\"village\"><h2>{}</h2><a class=\"add\" href=\"{}\">{}</a> \
<a class=\"edit\" href=\"{}\">{}</a>",
            escape(&village.name),
            escape(&super::product::new_url(&folder)),
            escape(words::add_product().get(lang)),
            escape(&super::places::village_url(&folder)),
            escape(words::edit_village_link().get(lang)),
        ));
        if village.products.is_empty() {
            villages_html.push_str(&format!(
                "<p>{}</p>",
                escape(words::no_products().get(lang))
            ));
        }
        villages_html.push_str("<ul class=\"products\">");
        let mut in_products = 0;
        for product in &village.products {
            let problems = count(&inside(content, &product.dir));
            in_products += problems;
            let availability = crate::site::plan::views::availability(product.availability, &words);
            let (class, said) = if problems == 0 {
                ("ok", words::no_problems())
            } else {
                ("problem", words::problems(problems))
            };
            let product_folder = folder_name(content, &inside(content, &product.dir));
            villages_html.push_str(&format!(
                "<li class=\"product\" data-slug=\"{}\">{}<a class=\"name\" href=\"{}\">{}</a>\
<span class=\"price\">{}</span><span class=\"availability {}\">{}</span>\
<span class=\"problems {class}\" data-count=\"{problems}\">{}</span></li>",
                escape(&product.slug),
                thumbnail(product, &folder, &product_folder, lang),
                escape(&super::product::form_url(&folder, &product_folder)),
                escape(&product.name),
                escape(&crate::site::plan::views::price_line(product, &words)),
                escape(availability.key),
                escape(&availability.label),
                escape(said.get(lang)),
            ));
        }
        villages_html.push_str("</ul>");
        let other = in_village - in_products;
        if other > 0 {
            villages_html.push_str(&format!(
                "<p class=\"problem\" data-count=\"{other}\">{}</p>",
                escape(words::other_problems(other).get(lang))
            ));
        }
        villages_html.push_str("</section>");
    }
    let rest = files.len() - owned;
    if rest > 0 {
        out.push_str(&format!(
            "<p class=\"problem\" data-count=\"{rest}\">{}</p>",
            escape(words::catalog_problems(rest).get(lang))
        ));
    }
    out.push_str(&format!(
        "<p class=\"catalog\">{}</p>",
        escape(&catalog.title)
    ));
    if catalog.villages.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>",
            escape(words::no_villages().get(lang))
        ));
    }
    out.push_str(&villages_html);
    out
}

/// The side, in CSS pixels, of a product's thumbnail on the front page (the image
/// served is larger, [`crate::photos::upload::THUMBNAIL_SIDE`], for sharp screens).
const THUMB_SIDE: u32 = 64;

/// A product's thumbnail on the front page: its first photo, the one the site shows
/// first ([`crate::catalog::model::Product::photos`]: the first of `photos:`, else the
/// folder's first image by name), through the workshop's thumbnail route; loaded
/// lazily, a catalog has hundreds. A product without photos (or whose first photo is
/// not in its own folder, which the route does not serve) gets a plain box, drawn by
/// the stylesheet alone.
fn thumbnail(product: &Product, village: &str, folder: &str, lang: Lang) -> String {
    let first = product
        .photos
        .first()
        .filter(|p| p.source.parent() == Some(product.dir.as_path()))
        .and_then(|p| p.source.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    match first {
        Some(name) => format!(
            "<img class=\"thumb\" src=\"{}\" width=\"{THUMB_SIDE}\" height=\"{THUMB_SIDE}\" \
loading=\"lazy\" alt=\"{}\">",
            escape(&super::thumbnail_url(village, folder, &name)),
            escape(&product.name),
        ),
        None => format!(
            "<span class=\"thumb none\" role=\"img\" aria-label=\"{}\"></span>",
            escape(words::no_photo().get(lang)),
        ),
    }
}

/// The name of a folder of the catalog, given inside it: its last part. A village
/// without products is named by its slug, which is its folder's name slugified: the
/// folder whose name slugifies to it is found.
fn folder_name(content: &Path, dir: &Path) -> String {
    let last = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if content.join(dir).is_dir() {
        return last;
    }
    std::fs::read_dir(content)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| crate::catalog::values::slug::slugify(name) == last)
        .unwrap_or(last)
}

/// Reading and writing the catalog blocks: off the threads that serve connections.
pub(super) async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A form's address that names no folder of the catalog (404).
pub(super) fn not_found(lang: Lang) -> Response {
    let title = words::not_found().get(lang).to_string();
    html(
        StatusCode::NOT_FOUND,
        document(lang, &title, &format!("<h1>{}</h1>", escape(&title))),
    )
}

/// A form that could not be read at all (500), with why.
pub(super) fn failure(lang: Lang, why: &str) -> Response {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        document(
            lang,
            why,
            &format!("<p class=\"problem\">{}</p>", escape(why)),
        ),
    )
}

/// The answer to a good save: to the saved form at `to` (303), which shows its
/// "saved" note (see [`saved_note`]).
pub(super) fn to_saved(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("{to}?disimpan")) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}

/// To `location` (303), after a post.
pub(super) fn to(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}

/// Whether the address asks for the "saved" note (`?disimpan`, after a save).
pub(super) fn saved_note(uri: &Uri) -> bool {
    uri.query()
        .is_some_and(|q| q.split('&').any(|p| p == "disimpan"))
}

/// The top of a form's page: its title and the way back to the front page.
pub(super) fn form_header(lang: Lang, title: &str) -> String {
    format!(
        "<header><h1>{}</h1><nav><a href=\"/\">{}</a></nav></header>",
        escape(title),
        escape(words::back().get(lang)),
    )
}

/// The problems that keep a form's files from being read, as the build words them
/// (nothing when there are none).
pub(super) fn problems_list(lang: Lang, problems: &[String]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"problems-list\"><p class=\"problem\">{}</p><pre>{}</pre></section>",
        escape(words::file_problems().get(lang)),
        escape(&problems.join("\n")),
    )
}

/// After `Keluar`.
pub fn signed_out(lang: Lang) -> String {
    document(
        lang,
        words::title().get(lang),
        &format!("<p>{}</p>", escape(words::signed_out().get(lang))),
    )
}
