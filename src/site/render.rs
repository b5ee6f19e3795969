//! Rendering: the planned pages through the theme's Tera templates.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::site::plan::{Context, Page, PageContext, Site};
use crate::site::theme::Theme;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// The theme's templates, parsed once.
pub struct Renderer {
    tera: tera::Tera,
    /// Template name → the file it came from, for error messages.
    origins: HashMap<String, PathBuf>,
    /// `nav.html` rendered for each template and `root` met so far (see [`NAV`]).
    navs: Mutex<HashMap<(&'static str, String), tera::Value>>,
    /// The names of what every page is given alike.
    shared: Vec<String>,
}

/// The header's menu, the same on every page of a template at one depth: rendered once
/// for each template and `root`, and given to those pages as `nav_html`, already safe.
/// It sees what every page is given (`t`, `nav`, `js`, …) as that template's pages have
/// it (the 404 page has no script), and `root`.
pub const NAV: &str = "nav.html";

impl Renderer {
    /// Parses every template of the theme; a template that does not parse is reported
    /// at its line.
    pub fn new(theme: &Theme) -> Result<Renderer, Diagnostics> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        let mut origins = HashMap::new();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            origins.insert(name.to_string(), file.origin.clone());
            sources.push((
                name.to_string(),
                String::from_utf8_lossy(&file.bytes).into_owned(),
            ));
        }
        let renderer = |tera| Renderer {
            tera,
            origins: origins.clone(),
            navs: Mutex::default(),
            shared: Vec::new(),
        };
        match tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
            Ok(()) => Ok(renderer(tera)),
            Err(e) => Err(std::iter::once(template_error(
                &renderer(tera::Tera::default()).origins,
                &e,
                "",
            ))
            .collect()),
        }
    }

    /// Renders every page, in parallel, each into a buffer of its thread that `emit`
    /// is given (to write the page and hash it) before the buffer is used again: no
    /// page is kept. Returns what `emit` made of each page, in the order of the pages
    /// (`None` for a page whose template failed), and the template errors, each once per
    /// template and message, not once per page. The first error of `emit` stops it.
    ///
    /// `reuse` is asked first for each page (by its index): what it gives stands for
    /// the page, which is then not rendered (a warm build's unchanged page). `emit` is
    /// given each page rendered with its index; with a `fingerprinter`, also the fingerprint of each page it gets, of
    /// the context it was rendered from: a page's context is then made once, not once
    /// for its fingerprint and again to render it.
    pub fn render_each<T: Send, E: Send>(
        &mut self,
        site: &Site<'_>,
        fingerprinter: Option<&Fingerprinter>,
        reuse: impl Fn(usize, &Page<'_>) -> Result<Option<T>, E> + Sync,
        emit: impl Fn(usize, &Page<'_>, &[u8], Option<u128>) -> Result<T, E> + Sync,
    ) -> Result<(Vec<Option<T>>, Diagnostics), E> {
        // What every page is given alike goes into Tera's global context, once.
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&site.shared) {
            let global = self.tera.global_context();
            for (k, v) in &map {
                global.insert_value(k.clone(), tera::Value::from_serializable(v));
            }
            self.shared = map.keys().cloned().collect();
        }
        let this = &*self;
        // The longest lists first (the front page holds every product's card): started
        // last, one of them would leave a core idle at the end.
        let mut order: Vec<usize> = (0..site.pages.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(list_len(&site.pages[i].context)));
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        // Small jobs: rayon splits a slice only a few times unless work is stolen, and
        // a core that runs dry cannot take pages from a run of thousands the other
        // core is in the middle of (that left one core idle for the last 10% of a
        // 10,000-page build).
        let mut results = order
            .par_iter()
            .with_max_len(16)
            .map(|&i| {
                let page = &site.pages[i];
                if let Some(made) = reuse(i, page)? {
                    return Ok((i, Ok(made)));
                }
                let context = page.context.get();
                let fingerprint = fingerprinter.map(|f| f.of(page, &context));
                let result = BUFFER.with_borrow_mut(|buf| {
                    buf.clear();
                    match this.render_to(page, &context, buf) {
                        Ok(()) => emit(i, page, buf, fingerprint).map(Ok),
                        Err(d) => Ok(Err(d)),
                    }
                })?;
                Ok((i, result))
            })
            .collect::<Result<Vec<_>, E>>()?;
        results.sort_unstable_by_key(|(i, _)| *i);
        let mut out = Vec::with_capacity(site.pages.len());
        let mut diags = Diagnostics::new();
        let mut seen = Vec::new();
        for (_, r) in results {
            match r {
                Ok(made) => out.push(Some(made)),
                Err(d) => {
                    out.push(None);
                    if !seen.contains(&d) {
                        seen.push(d.clone());
                        diags.push(*d);
                    }
                }
            }
        }
        Ok((out, diags))
    }

    /// Renders one page into `buf`.
    fn render_to(
        &self,
        page: &Page<'_>,
        context: &Context,
        buf: &mut Vec<u8>,
    ) -> Result<(), Box<Diagnostic>> {
        // The page's values are Tera's already: putting them in costs a pointer.
        let mut ctx = tera::Context::new();
        ctx.insert_value("page", tera::Value::from_serializable(&page.meta));
        for (k, v) in context.iter() {
            ctx.insert_value(*k, v.clone());
        }
        if let Some(nav) = self.nav(page.template, context)? {
            ctx.insert_value("nav_html", nav);
        }
        self.tera
            .render_to(page.template, &ctx, buf)
            .map_err(|e| Box::new(template_error(&self.origins, &e, page.template)))
    }
}

impl Renderer {
    /// [`NAV`] for the pages of `template` at the `root` of `context`, rendered the
    /// first time it is asked for; `None` when the theme has no such template.
    fn nav(
        &self,
        template: &'static str,
        context: &crate::site::plan::Context,
    ) -> Result<Option<tera::Value>, Box<Diagnostic>> {
        if !self.origins.contains_key(NAV) {
            return Ok(None);
        }
        let root = context
            .iter()
            .find(|(k, _)| *k == "root")
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default();
        let key = (template, root.to_string());
        let navs = || self.navs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(nav) = navs().get(&key) {
            return Ok(Some(nav.clone()));
        }
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        for (k, v) in context.iter() {
            if self.shared.iter().any(|s| s == k) {
                ctx.insert_value(*k, v.clone());
            }
        }
        let html = self
            .tera
            .render(NAV, &ctx)
            .map_err(|e| Box::new(template_error(&self.origins, &e, template)))?;
        let nav = tera::Value::safe_string(html.trim_end());
        navs().insert(key, nav.clone());
        Ok(Some(nav))
    }
}

/// The length of the longest list a page's context holds (0 for one made on demand:
/// a product page's, which holds no list of products).
fn list_len(context: &PageContext<'_>) -> usize {
    let PageContext::Ready(context) = context else {
        return 0;
    };
    context
        .iter()
        .filter_map(|(_, v)| v.as_array().map(<[tera::Value]>::len))
        .max()
        .unwrap_or(0)
}

fn template_error(
    origins: &HashMap<String, PathBuf>,
    e: &tera::Error,
    template: &str,
) -> Diagnostic {
    let (name, pos, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let s = r.span();
            (
                r.filename().to_string(),
                Pos::new(s.start_line.max(1), s.start_col + 1),
                r.message().to_string(),
            )
        }
        other => (template.to_string(), Pos::START, other.to_string()),
    };
    let path = origins
        .get(&name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("themes/default/templates/{name}")));
    Diagnostic::error(
        path,
        pos,
        crate::text!(en: "template error: {message}", id: "kesalahan template: {message}"),
    )
    .help(crate::text!(
        en: "fix the template, or delete the override in _theme/ to use the default theme",
        id: "perbaiki templatnya, atau hapus salinannya di _theme/ agar tema bawaan dipakai"
    ))
}

/// What makes each page: equal fingerprints render equal bytes. A page's fingerprint
/// covers this program (its version and its executable's size and time: another build
/// of etalase renders anew), every template of the theme, what every page is given
/// alike (the words, the menu, the assets' paths) as far as its templates name it, and
/// the page's own path, template, `page` and context.
pub struct Fingerprinter {
    /// For each template: the program, the templates and the shared values it names.
    globals: HashMap<&'static str, [u8; 16]>,
}

impl Fingerprinter {
    pub fn new(site: &Site<'_>, theme: &Theme) -> Fingerprinter {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Some(stamp) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok())
        {
            h.update(&stamp.len().to_le_bytes());
            let time = stamp
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(&time.to_le_bytes());
        }
        let mut templates: Vec<(&str, &[u8])> = theme
            .templates()
            .map(|(name, file)| (name, file.bytes.as_slice()))
            .collect();
        templates.sort_by(|a, b| a.0.cmp(b.0));
        for (name, bytes) in &templates {
            hash_bytes(&mut h, name.as_bytes());
            hash_bytes(&mut h, bytes);
        }
        let base = h.digest128().to_le_bytes();
        // What every page is given alike counts for a page only when its templates name
        // it: the search page names the search index's path, which every edit of a
        // product changes; the other pages do not.
        let shared = tera::Value::from_serializable(&site.shared);
        let mut names: Vec<(String, u128)> = shared
            .as_map()
            .map(|map| {
                map.iter()
                    .map(|(k, v)| {
                        let mut h = Xxh3::new();
                        hash_value(&mut h, v);
                        (k.to_string(), h.digest128())
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let global = |template: &str| -> [u8; 16] {
            let sources = reached(&templates, template);
            let mut h = Xxh3::new();
            h.update(&base);
            for (name, digest) in &names {
                if sources.iter().any(|s| names_word(s, name)) {
                    hash_bytes(&mut h, name.as_bytes());
                    h.update(&digest.to_le_bytes());
                }
            }
            h.digest128().to_le_bytes()
        };
        let globals = site
            .pages
            .iter()
            .map(|p| p.template)
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .map(|t| (t, global(t)))
            .collect();
        Fingerprinter { globals }
    }

    /// The fingerprint of `page`, whose context is `context`.
    pub fn of(&self, page: &Page<'_>, context: &Context) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(self.globals.get(page.template).unwrap_or(&[0; 16]));
        hash_bytes(&mut h, page.path.as_bytes());
        hash_bytes(&mut h, page.template.as_bytes());
        let _ = serde_json::to_writer(HashWriter(&mut h), &page.meta);
        for (k, v) in context.iter() {
            hash_bytes(&mut h, k.as_bytes());
            hash_value(&mut h, v);
        }
        h.digest128()
    }

    /// Every page's fingerprint, in the order of the pages, made on every core; a
    /// product page's context is made for it and dropped.
    pub fn all(&self, site: &Site<'_>) -> Vec<u128> {
        site.pages
            .par_iter()
            .with_max_len(16)
            .map(|page| self.of(page, &page.context.get()))
            .collect()
    }
}

/// The sources of `template` and of every template it may reach (a quoted name of
/// another template: what it extends, includes or imports), and of the header's menu
/// ([`NAV`]), which every page is given. Every template when one of them may dump the
/// whole context, or when `template` is not the theme's.
fn reached<'t>(templates: &[(&str, &'t [u8])], template: &str) -> Vec<&'t [u8]> {
    let all = || templates.iter().map(|(_, b)| *b).collect();
    if !templates.iter().any(|(n, _)| *n == template) {
        return all();
    }
    let mut seen: Vec<&str> = vec![template, NAV];
    let mut i = 0;
    while i < seen.len() {
        if let Some((_, bytes)) = templates.iter().find(|(n, _)| *n == seen[i]) {
            if names_word(bytes, "__tera_context") {
                return all();
            }
            for (name, _) in templates {
                if seen.contains(name) {
                    continue;
                }
                let quoted = |q: char| {
                    let needle = format!("{q}{name}{q}");
                    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
                };
                if quoted('"') || quoted('\'') {
                    seen.push(name);
                }
            }
        }
        i += 1;
    }
    templates
        .iter()
        .filter(|(n, _)| seen.contains(n))
        .map(|(_, b)| *b)
        .collect()
}

/// Whether `source` holds `word` as a whole word (not inside a longer name).
fn names_word(source: &[u8], word: &str) -> bool {
    let w = word.as_bytes();
    let part = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    source.windows(w.len()).enumerate().any(|(i, win)| {
        win == w
            && (i == 0 || !part(source[i - 1]))
            && source.get(i + w.len()).is_none_or(|b| !part(*b))
    })
}

/// Feeds a hasher as a writer.
struct HashWriter<'a>(&'a mut xxhash_rust::xxh3::Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hash_bytes(h: &mut xxhash_rust::xxh3::Xxh3, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Feeds a value to the hasher, each kind told apart and a map's entries in the order
/// of their keys (Tera's maps have none of their own).
fn hash_value(h: &mut xxhash_rust::xxh3::Xxh3, v: &tera::Value) {
    if let Some(s) = v.as_str() {
        h.update(if v.is_safe() { b"S" } else { b"s" });
        hash_bytes(h, s.as_bytes());
    } else if let Some(items) = v.as_array() {
        h.update(b"a");
        h.update(&(items.len() as u64).to_le_bytes());
        for item in items {
            hash_value(h, item);
        }
    } else if let Some(map) = v.as_map() {
        h.update(b"m");
        h.update(&(map.len() as u64).to_le_bytes());
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (k, v) in entries {
            match k.as_str() {
                Some(k) => hash_bytes(h, k.as_bytes()),
                None => hash_bytes(h, k.to_string().as_bytes()),
            }
            hash_value(h, v);
        }
    } else if let Some(n) = v.as_number() {
        h.update(b"n");
        hash_bytes(h, n.to_string().as_bytes());
    } else if let Some(b) = v.as_bool() {
        h.update(if b { b"T" } else { b"F" });
    } else if let Some(b) = v.as_bytes() {
        h.update(b"b");
        hash_bytes(h, b);
    } else {
        // None, undefined, and a number too large for Tera's arithmetic.
        h.update(b"u");
        hash_bytes(h, v.name().as_bytes());
        hash_bytes(h, v.to_string().as_bytes());
    }
}
