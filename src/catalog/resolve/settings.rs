//! `catalog.yaml`: the title, the site's language (and so the language of messages),
//! the web address, the categories and the web image sizes. Resolved first, since
//! every village and product is checked against it.

use crate::catalog::load::Doc;
use crate::catalog::model::{Catalog, Category, FeedSettings, ImageSettings};
use crate::catalog::schema::RawCatalog;
use crate::catalog::values::language::is_language_code;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics};
use crate::diag::{Lang, Text};
use crate::output::paths::MAX_SLUG_BYTES;
use crate::text;

/// The categories of a catalog that lists none: key, Indonesian name, English name.
pub const DEFAULT_CATEGORIES: &[(&str, &str, &str)] = &[
    ("makanan", "Makanan", "Food"),
    ("minuman", "Minuman", "Drinks"),
    ("jamu", "Jamu & Herbal", "Jamu & Herbal Drinks"),
    ("tekstil", "Tekstil & Batik", "Textiles & Batik"),
    ("kerajinan", "Kerajinan Tangan", "Handicrafts"),
    ("lainnya", "Lainnya", "Other"),
];

/// `catalog.yaml`'s settings, checked, as a catalog without villages yet.
pub(super) fn resolve_settings(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> Catalog {
    let title = title(doc, diags);
    let site_lang = site_language(doc, diags);
    let lang = Lang::for_site(&site_lang);
    let base_url = base_url(doc, diags);
    let categories = categories(doc, lang, diags);
    let images = image_settings(doc, diags);
    let example = example(doc, diags);
    Catalog {
        title,
        description: doc
            .raw
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string(),
        lang,
        site_lang,
        base_url,
        categories,
        images,
        example,
        feeds: feed_settings(doc),
        villages: Vec::new(),
    }
}

/// `feeds:`: the category keys each product feed leaves out, as written (a key that
/// is no category leaves nothing out).
fn feed_settings(doc: &Doc<RawCatalog>) -> FeedSettings {
    let keys = |list: Option<&Vec<String>>| -> Vec<String> {
        list.into_iter()
            .flatten()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect()
    };
    let Some(feeds) = &doc.raw.feeds else {
        return FeedSettings::default();
    };
    FeedSettings {
        leave_out: keys(feeds.leave_out.as_ref()),
        meta_leave_out: keys(feeds.meta.as_ref().and_then(|m| m.leave_out.as_ref())),
        google_leave_out: keys(feeds.google.as_ref().and_then(|g| g.leave_out.as_ref())),
    }
}

/// `example:`, whether the catalog is an example of etalase (`true`), as the
/// repository's sample is; `false` when not written.
fn example(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> bool {
    let Some(value) = &doc.raw.example else {
        return false;
    };
    match value.as_text().trim().to_lowercase().as_str() {
        "true" | "ya" => true,
        "false" | "tidak" => false,
        _ => {
            let found = value.as_text();
            let (path, pos) = doc.at(&[Seg::Key("example")]);
            diags.push(
                Diagnostic::error(
                    path,
                    pos,
                    text!(
                        en: "example must be true or false; found {found:?}",
                        id: "example harus true atau false; yang tertulis {found:?}"
                    ),
                )
                .help(text!(
                    en: "write `example: true` only in a catalog made to show etalase, whose names and numbers are made up; a group's catalog leaves the line out",
                    id: "tulis `example: true` hanya di katalog untuk memperkenalkan etalase, yang nama dan nomornya rekaan; katalog kelompok tidak memakai baris ini"
                )),
            );
            false
        }
    }
}

/// `title:`, required.
fn title(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> String {
    match &doc.raw.title {
        Some(t) if !t.as_text().trim().is_empty() => t.as_text().trim().to_string(),
        _ => {
            // A catalog.yaml that did not parse has its problem reported; its title may
            // well be there.
            if doc.parsed && !doc.files.is_empty() {
                let (path, pos) = doc.at(&[Seg::Key("title")]);
                let (message, help) = missing_title();
                diags.push(Diagnostic::error(path, pos, message).help(help));
            }
            String::new()
        }
    }
}

/// The build's message and help for a catalog without a title (the workshop shows them
/// beside its field).
pub fn missing_title() -> (Text, Text) {
    (
        text!(en: "catalog.yaml has no `title`", id: "catalog.yaml belum punya `title`"),
        text!(en: "add a line like `title: Katalog Produk Desa Kami`", id: "tambahkan baris seperti `title: Katalog Produk Desa Kami`"),
    )
}

/// `language:`, a language code; `id` when none is given (or it is not a code).
fn site_language(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> String {
    let Some(written) = doc.raw.language.as_deref() else {
        return "id".to_string();
    };
    read_language(written).unwrap_or_else(|(message, help)| {
        let (path, pos) = doc.at(&[Seg::Key("language")]);
        diags.push(Diagnostic::error(path, pos, message).help(help));
        "id".to_string()
    })
}

/// A site language as written: its code, or the build's message and help.
pub fn read_language(written: &str) -> Result<String, (Text, Text)> {
    // Any language code goes: its interface words must exist in the theme, which the
    // build checks (`i18n/<code>.yaml`; id and en are built in).
    let code = written.trim();
    if is_language_code(code) {
        return Ok(code.to_string());
    }
    Err((
        text!(en: "language must be a language code like id or en; found {code:?}", id: "language harus kode bahasa seperti id atau en; yang tertulis {code:?}"),
        text!(en: "write `language: id` for Bahasa Indonesia or `language: en` for English", id: "tulis `language: id` untuk Bahasa Indonesia atau `language: en` untuk bahasa Inggris"),
    ))
}

/// `base_url:` as [`read_base_url`] reads it.
fn base_url(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> Option<String> {
    let written = doc.raw.base_url.as_deref()?;
    match read_base_url(written) {
        Ok(url) => Some(url),
        Err((message, help)) => {
            let (path, pos) = doc.at(&[Seg::Key("base_url")]);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            None
        }
    }
}

/// A `base_url` as written: an absolute `http(s)` address, made to end in `/`, and
/// nothing else: a query, a fragment or a user name in it would end up inside every
/// absolute URL the site writes (sitemap, `og:url`, the page link in WhatsApp
/// messages), and a password would be published. Else the build's message and help.
pub fn read_base_url(written: &str) -> Result<String, (Text, Text)> {
    let u = written.trim();
    let problem = match url::Url::parse(u) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
            if url.query().is_none()
                && url.fragment().is_none()
                && url.username().is_empty()
                && url.password().is_none()
            {
                let mut s = url.to_string();
                if !s.ends_with('/') {
                    s.push('/');
                }
                return Ok(s);
            }
            text!(
                en: "base_url must be the site's address alone, without `?…`, `#…` or a user name; found {u:?}",
                id: "base_url harus alamat situsnya saja, tanpa `?…`, `#…` atau nama pengguna; yang tertulis {u:?}"
            )
        }
        _ => text!(
            en: "base_url must be a full web address; found {u:?}",
            id: "base_url harus alamat web lengkap; yang tertulis {u:?}"
        ),
    };
    Err((
        problem,
        text!(
            en: "write it like `base_url: https://kub-melati.github.io/katalog/`",
            id: "tulis seperti `base_url: https://kub-melati.github.io/katalog/`"
        ),
    ))
}

/// `categories:`, each key usable in a web address, then the [`DEFAULT_CATEGORIES`] it
/// does not name (named in the language of messages). A catalog's list adds categories
/// and renames built-in ones; it never takes the built-in ones away, so that adding one
/// category does not leave every product of `makanan` without its category. A built-in
/// category no product uses is left out once the products are known
/// ([`unused_built_ins_left_out`]).
fn categories(doc: &Doc<RawCatalog>, lang: Lang, diags: &mut Diagnostics) -> Vec<Category> {
    let mut out = listed_categories(doc, diags);
    for (k, id, en) in DEFAULT_CATEGORIES {
        if !out.iter().any(|c| c.key == *k) {
            out.push(Category {
                key: k.to_string(),
                name: if lang == Lang::En { en } else { id }.to_string(),
            });
        }
    }
    out
}

/// The built-in categories that `catalog.yaml` does not list and no product uses are
/// left out of `categories`: a site's categories are the ones it lists and the ones its
/// products are in.
pub(super) fn unused_built_ins_left_out(
    doc: &Doc<RawCatalog>,
    categories: &mut Vec<Category>,
    used: &std::collections::HashSet<&str>,
) {
    let listed = |key: &str| {
        doc.raw
            .categories
            .as_ref()
            .is_some_and(|map| map.contains_key(key))
    };
    if doc.raw.categories.is_some() {
        categories.retain(|c| listed(&c.key) || used.contains(c.key.as_str()));
    }
}

/// The categories `categories:` lists, each checked.
fn listed_categories(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> Vec<Category> {
    let mut out = Vec::new();
    for (key, name) in doc.raw.categories.iter().flatten() {
        if let Some((message, help)) = category_key_problem(key, name) {
            let at = [Seg::Key("categories"), Seg::Key(key.as_str())];
            let (path, pos) = doc.at(&at);
            let pos = doc
                .files
                .first()
                .and_then(|f| f.locate(&at, true))
                .unwrap_or(pos);
            diags.push(Diagnostic::error(path, pos, message).help(help));
            continue;
        }
        out.push(Category {
            key: key.clone(),
            name: name.trim().to_string(),
        });
    }
    out
}

/// What is wrong with a category key of `categories:` (written with its `name`), if
/// anything: the build's message and help. A key is used in web addresses: lower-case
/// letters, digits and `-`, and no longer than a folder of the site may be
/// (`kategori/<key>/`).
pub fn category_key_problem(key: &str, name: &str) -> Option<(Text, Text)> {
    let slug = crate::catalog::values::slug::slugify(key);
    if slug != key {
        return Some((
            text!(en: "category key {key:?} is used in web addresses and must be lower-case letters, digits and -", id: "kunci kategori {key:?} dipakai di alamat web dan hanya boleh berisi huruf kecil, angka dan -"),
            text!(en: "write it as `{slug}: {name}`", id: "tulis sebagai `{slug}: {name}`"),
        ));
    }
    if key.len() > MAX_SLUG_BYTES {
        let (n, max) = (key.len(), MAX_SLUG_BYTES);
        return Some((
            text!(en: "category key of {n} characters: it is used in web addresses, which hold at most {max}", id: "kunci kategori sepanjang {n} karakter: kunci dipakai di alamat web, yang paling panjang {max}"),
            text!(en: "write a shorter key; the name after the `:` can stay as long as it is", id: "tulis kunci yang lebih pendek; nama sesudah `:` boleh tetap sepanjang itu"),
        ));
    }
    None
}

/// `images:`, the web image widths (16 to 4096 pixels) and quality (1 to 100); the
/// defaults for what is not given or not right.
fn image_settings(doc: &Doc<RawCatalog>, diags: &mut Diagnostics) -> ImageSettings {
    let mut images = ImageSettings::default();
    if let Some(im) = &doc.raw.images {
        if let Some(widths) = &im.widths {
            // Written as text: a number past any integer type, `1.5` or `640px` is named
            // with the range, not with the parser's words.
            let read: Vec<Option<u32>> = widths
                .iter()
                .map(|w| w.as_text().trim().parse::<u32>().ok())
                .collect();
            if let Some(i) = read
                .iter()
                .position(|w| !w.is_some_and(|w| (16..=4096).contains(&w)))
            {
                let bad = widths[i].as_text();
                let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("widths"), Seg::Index(i)]);
                diags.push(
                    Diagnostic::error(
                        path,
                        pos,
                        text!(en: "a photo width must be between 16 and 4096 pixels, a whole number; found {bad}", id: "lebar foto harus antara 16 dan 4096 piksel, bilangan bulat; yang tertulis {bad}"),
                    )
                    .help(text!(en: "the usual widths are [320, 640, 1280]", id: "lebar yang biasa dipakai: [320, 640, 1280]")),
                );
            } else if read.is_empty() {
                let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("widths")]);
                diags.push(
                    Diagnostic::error(path, pos, text!(en: "images.widths is empty", id: "images.widths kosong"))
                        .help(text!(en: "write `widths: [320, 640, 1280]`", id: "tulis `widths: [320, 640, 1280]`")),
                );
            } else {
                let mut w: Vec<u32> = read.into_iter().flatten().collect();
                w.sort_unstable();
                w.dedup();
                images.widths = w;
            }
        }
        if let Some(q) = &im.quality {
            match q.as_text().trim().parse::<u8>() {
                Ok(q) if (1..=100).contains(&q) => images.quality = q,
                _ => {
                    let q = q.as_text();
                    let (path, pos) = doc.at(&[Seg::Key("images"), Seg::Key("quality")]);
                    diags.push(
                        Diagnostic::error(
                            path,
                            pos,
                            text!(en: "quality must be between 1 and 100, a whole number; found {q}", id: "quality harus antara 1 dan 100, bilangan bulat; yang tertulis {q}"),
                        )
                        .help(text!(en: "75 is a good balance of size and sharpness", id: "75 adalah keseimbangan yang baik antara ukuran dan ketajaman")),
                    );
                }
            }
        }
    }
    images
}
