//! Rendering: the planned pages through the theme's Tera templates.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::site::plan::{Page, PageContext, Site};
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
    pub fn render_each<T: Send, E: Send>(
        &mut self,
        site: &Site<'_>,
        emit: impl Fn(&Page<'_>, &[u8]) -> Result<T, E> + Sync,
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
                let result = BUFFER.with_borrow_mut(|buf| {
                    buf.clear();
                    match this.render_to(page, buf) {
                        Ok(()) => emit(page, buf).map(Ok),
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
    fn render_to(&self, page: &Page<'_>, buf: &mut Vec<u8>) -> Result<(), Box<Diagnostic>> {
        // The page's values are Tera's already: putting them in costs a pointer.
        let mut ctx = tera::Context::new();
        ctx.insert_value("page", tera::Value::from_serializable(&page.meta));
        let context = page.context.get();
        for (k, v) in context.iter() {
            ctx.insert_value(*k, v.clone());
        }
        if let Some(nav) = self.nav(page.template, &context)? {
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
