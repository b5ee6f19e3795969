//! Rendering and writing: the last stage of a build. Each page is written as it is
//! rendered, on every core, into the hidden staging folder of [`Staging`], while one
//! core makes the other files (theme assets, photos, icons, robots.txt, sitemap, feed,
//! the product feeds, `_headers`); the service worker, which lists every file with its revision, comes
//! last, and the staging folder becomes the output only when everything is there.
//!
//! `check` and a build whose content has errors only render, to find the templates'
//! errors too, and write nothing.

use crate::catalog::dates::Dates;
use crate::catalog::model::Catalog;
use crate::diag::Diagnostics;
use crate::diag::fsio::IoError;
use crate::output::staging::{self, Contents, Place, Staging, WriteError, WriteStats};
use crate::site::assets::Assets;
use crate::site::offline::{self, SERVICE_WORKER, Written};
use crate::site::plan::{Page, Site};
use crate::site::render::Renderer;
use crate::site::theme::{Theme, Words};
use rayon::prelude::*;

/// What rendering (and writing) did.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The template errors, each once.
    pub diagnostics: Diagnostics,
    /// Pages rendered.
    pub pages: usize,
    /// Files and bytes written; `None` when nothing was.
    pub written: Option<WriteStats>,
}

/// A failure to write (exit status 2).
#[derive(Debug)]
pub enum WriteFailure {
    Io(IoError),
    Write(WriteError),
}

/// What the other files are made from, beside the planned site.
pub struct Sources<'a> {
    pub catalog: &'a Catalog,
    pub theme: &'a Theme,
    pub words: &'a Words,
    pub assets: &'a Assets,
    pub logo: Option<&'a image::DynamicImage>,
    pub dates: &'a Dates,
    /// The processed photos, for the product feeds' images.
    pub photos: &'a std::collections::HashMap<std::path::PathBuf, crate::photos::Processed>,
}

/// Renders every page and throws the result away: the templates' errors only.
pub fn render_only(site: &Site<'_>, theme: &Theme) -> Rendered {
    let mut renderer = match Renderer::new(theme) {
        Ok(r) => r,
        Err(diagnostics) => return failed_templates(diagnostics),
    };
    let discard = |_: &Page<'_>, _: &[u8]| Ok::<(), std::convert::Infallible>(());
    let Ok((made, diagnostics)) = renderer.render_each(site, discard);
    Rendered {
        diagnostics,
        pages: made.len(),
        written: None,
    }
}

/// Renders every page into the staging folder of `place` with every other file, and
/// swaps it in when all is there and no template failed. The caller holds the output's
/// lock. After a failure to write, the staging folder is removed: its space is given
/// back (a full disk) and the next build starts afresh.
pub fn write(site: &Site<'_>, from: &Sources<'_>, place: &Place) -> Result<Rendered, WriteFailure> {
    let mut renderer = match Renderer::new(from.theme) {
        Ok(r) => r,
        Err(diagnostics) => return Ok(failed_templates(diagnostics)),
    };
    let staging = Staging::open(place).map_err(WriteFailure::Write)?;
    match fill(&staging, &mut renderer, site, from) {
        Err(e) => {
            staging.discard();
            Err(WriteFailure::Io(e))
        }
        // A template failed: the hidden folder is left half-written (the next build
        // brings it up to date), the output as it was.
        Ok((rendered, None)) => Ok(rendered),
        Ok((mut rendered, Some(written))) => {
            rendered.written = Some(staging.finish(written).map_err(WriteFailure::Write)?);
            Ok(rendered)
        }
    }
}

/// Puts every file of the site into `staging`: what was rendered, and the files with
/// their sizes, or `None` when a template failed.
#[allow(clippy::type_complexity)]
fn fill(
    staging: &Staging,
    renderer: &mut Renderer,
    site: &Site<'_>,
    from: &Sources<'_>,
) -> Result<(Rendered, Option<Vec<(String, u64)>>), IoError> {
    staging.prepare(site.pages.iter().map(|p| p.path.as_str()))?;
    let emit = |page: &Page<'_>, bytes: &[u8]| {
        let len = staging.put(&page.path, staging::Data::Bytes(bytes))?;
        Ok::<_, IoError>((len, offline::revision(bytes)))
    };
    let (rendered, files) = rayon::join(
        || renderer.render_each(site, emit),
        || other_files(site, from),
    );
    let (made, diagnostics) = rendered?;
    let pages = made.len();
    let rendered = Rendered {
        diagnostics,
        pages,
        written: None,
    };
    if rendered.diagnostics.has_errors() {
        return Ok((rendered, None));
    }
    staging.prepare(
        files
            .iter()
            .map(|(p, _)| p.as_str())
            .chain([SERVICE_WORKER]),
    )?;
    let put_files: Vec<(u64, Option<String>)> = files
        .par_iter()
        .map(|(rel, contents)| {
            let len = staging.put(rel, contents.data())?;
            let revision = match contents {
                Contents::Bytes(b) => Some(offline::revision(b)),
                Contents::File(_) => None,
            };
            Ok((len, revision))
        })
        .collect::<Result<_, IoError>>()?;

    let mut listed: Vec<Written<'_>> = Vec::with_capacity(made.len() + files.len());
    let mut written: Vec<(String, u64)> = Vec::with_capacity(made.len() + files.len() + 1);
    for (page, (len, revision)) in site.pages.iter().zip(made.into_iter().flatten()) {
        written.push((page.path.clone(), len));
        listed.push(Written {
            path: &page.path,
            template: Some(page.template),
            revision,
            len,
        });
    }
    for ((path, _), (len, revision)) in files.iter().zip(put_files) {
        written.push((path.clone(), len));
        if let Some(revision) = revision {
            listed.push(Written {
                path,
                template: None,
                revision,
                len,
            });
        }
    }
    let mut precache = offline::precache(&listed, &from.assets.search_index.path);
    // Until the worker keeps each search file it fetched (they are named by their
    // content), every search file is warmed up as the one index file was, after the
    // entry: offline search works as before. Not in the shell: a first visit does not
    // pay for search.
    let (search, shell): (Vec<_>, Vec<_>) = std::mem::take(&mut precache.shell)
        .into_iter()
        .partition(|(url, _)| crate::site::search::is_search_file(url));
    precache.shell = shell;
    let moved: u64 = from
        .assets
        .search_files
        .iter()
        .map(|a| a.bytes.len() as u64)
        .sum();
    precache.shell_bytes = precache.shell_bytes.saturating_sub(moved);
    precache.warm_bytes += moved;
    let at = usize::from(!precache.warm.is_empty());
    precache.warm.splice(at..at, search);
    let sw_code = from.theme.file("assets/sw.js").map(|f| f.bytes.as_slice());
    let worker = offline::service_worker(&precache, sw_code.unwrap_or_default());
    let len = staging.put(SERVICE_WORKER, staging::Data::Bytes(&worker))?;
    written.push((SERVICE_WORKER.into(), len));
    Ok((rendered, Some(written)))
}

fn failed_templates(diagnostics: Diagnostics) -> Rendered {
    Rendered {
        diagnostics,
        ..Rendered::default()
    }
}

/// Every file but the pages, the worker and `_headers` is made here, then `_headers`
/// from them.
fn other_files(site: &Site<'_>, from: &Sources<'_>) -> Vec<(String, Contents)> {
    let (catalog, assets) = (from.catalog, from.assets);
    let mut files: Vec<(String, Contents)> = Vec::with_capacity(site.photos.len() + 16);
    for asset in [&assets.css, &assets.js, &assets.search_index]
        .into_iter()
        .chain(&assets.search_files)
    {
        files.push((asset.path.clone(), Contents::Bytes(asset.bytes.clone())));
    }
    for (name, file) in from.theme.assets() {
        if name != "style.css" && !offline::THEME_SCRIPTS.contains(&name) {
            files.push((
                format!("assets/{name}"),
                Contents::Bytes(file.bytes.clone()),
            ));
        }
    }
    files.extend(
        site.photos
            .iter()
            .map(|(p, f)| (p.clone(), Contents::File(f.clone()))),
    );
    files.extend(offline::app_files(catalog, from.logo));
    files.push((
        "robots.txt".into(),
        Contents::Bytes(robots(catalog).into_bytes()),
    ));
    if let Some(sitemap) = crate::site::feed::sitemap(catalog, from.dates) {
        files.push(("sitemap.xml".into(), Contents::Bytes(sitemap.into_bytes())));
    }
    if let Some(feed) = crate::site::feed::atom(catalog, from.dates, &site.pages, from.words) {
        files.push((
            crate::site::seo::FEED.into(),
            Contents::Bytes(feed.into_bytes()),
        ));
    }
    let feeds = crate::site::product_feeds::meta_csv(catalog, from.photos, from.dates)
        .map(|csv| (crate::site::product_feeds::META, csv))
        .into_iter()
        .chain(
            crate::site::product_feeds::google_xml(catalog, from.photos, from.dates)
                .map(|xml| (crate::site::product_feeds::GOOGLE, xml)),
        );
    for (path, text) in feeds {
        files.push((path.into(), Contents::Bytes(text.into_bytes())));
    }
    files.push((
        crate::site::static_hosts::HEADERS.into(),
        Contents::Bytes(crate::site::static_hosts::headers_file(&files)),
    ));
    staging::last_of_each(files)
}

/// `robots.txt`: everything may be crawled; the sitemap is named when there is one.
fn robots(catalog: &Catalog) -> String {
    match &catalog.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
