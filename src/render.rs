//! Rendering: the planned pages through the theme's Tera templates.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::plan::{Page, PageContext, Site};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// The theme's templates, parsed once.
pub struct Renderer {
    tera: tera::Tera,
    /// Template name → the file it came from, for error messages.
    origins: HashMap<String, PathBuf>,
}

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
        if let serde_json::Value::Object(map) = &site.shared {
            let global = self.tera.global_context();
            for (k, v) in map {
                global.insert_value(k.clone(), tera::Value::from_serializable(v));
            }
        }
        let this = &*self;
        // The longest lists first (the front page holds every product's card): started
        // last, one of them would leave a core idle at the end.
        let mut order: Vec<usize> = (0..site.pages.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(list_len(&site.pages[i].context)));
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut results = order
            .par_iter()
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
        for (k, v) in page.context.get().iter() {
            ctx.insert_value(*k, v.clone());
        }
        self.tera
            .render_to(page.template, &ctx, buf)
            .map_err(|e| Box::new(template_error(&self.origins, &e, page.template)))
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
    Diagnostic::error(path, pos, format!("template error: {message}"))
        .help("fix the template, or delete the override in _theme/ to use the default theme")
}
