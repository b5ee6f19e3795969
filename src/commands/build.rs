//! The stages, run in order: load → resolve → photos → plan → render and write (each
//! page is written as it is rendered, into the hidden folder of
//! [`crate::output::staging::Staging`]).
//!
//! `build` runs them all; `check` runs the same stages but reads only the photos'
//! headers and writes nothing. Content problems come back as diagnostics in the
//! [`Report`]; only a failure to run at all (an unreadable folder, a full disk) is an
//! `Err`.

use crate::catalog::model::{Catalog, PhotoRef};
use crate::diag::{Diagnostic, Diagnostics, Text};
use crate::output::staging::{self, Contents};
use crate::photos::{self, PhotoCache, Processed};
use crate::site::plan::{self, Inputs};
use crate::site::render::Renderer;
use crate::site::theme::Theme;
use crate::text;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What to build, and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    /// `None` for `check`: write nothing, decode no photo.
    pub out: Option<PathBuf>,
    pub cache: PathBuf,
    /// Show a progress bar while photos are processed.
    pub progress: bool,
    /// The language of messages, over the catalog's `language:` (`--lang`).
    pub lang: Option<crate::diag::Lang>,
    /// The process ends soon after this run (`build`, `check`): the catalog and the
    /// planned site are left for the system to take back at exit instead of being freed
    /// piece by piece, which took tens of milliseconds at 10,000 products. `serve`
    /// builds again and again, and frees them.
    pub last_run: bool,
}

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The language to print the diagnostics in: `--lang`, else the catalog's.
    pub lang: crate::diag::Lang,
    pub villages: usize,
    pub products: usize,
    pub photos: usize,
    /// Photos decoded and encoded in this run.
    pub photos_processed: usize,
    /// Photos whose renditions came from the cache.
    pub photos_cached: usize,
    pub pages: usize,
    /// Files and bytes written (build only).
    pub written: Option<staging::WriteStats>,
    /// The written site measured against the free hosts' limits (build only).
    pub size: Option<crate::site::static_hosts::SizeReport>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// A failure to run at all: exit status 2.
#[derive(Debug)]
pub enum RunError {
    Load(crate::catalog::load::LoadError),
    Io(crate::diag::fsio::IoError),
    Write(staging::WriteError),
    Cache(PathBuf, std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Load(e) => e.fmt(f),
            RunError::Io(e) => e.fmt(f),
            RunError::Write(e) => e.fmt(f),
            RunError::Cache(p, e) => write!(
                f,
                "could not use the photo cache {}: {e}; choose another with --cache",
                crate::diag::display_path(p)
            ),
        }
    }
}

/// Runs the stages. With `opts.out` set, writes the site when there are no errors.
pub fn run(opts: &Options) -> Result<Report, RunError> {
    let mut report = Report::default();
    let mut timings = crate::commands::timings::Timings::start();
    let (source, diags) = crate::catalog::load::load(&opts.content).map_err(RunError::Load)?;
    report.diagnostics.extend(diags);
    timings.mark("read");
    report
        .diagnostics
        .extend(crate::catalog::lint::personal_data::check(&source));
    timings.mark("privacy");
    let theme = Theme::load(&opts.content).map_err(RunError::Io)?;
    timings.mark("theme");
    let (catalog, diags) = crate::catalog::resolve::resolve(&source);
    report.diagnostics.extend(diags);
    timings.mark("resolve");
    let logo = crate::site::icons::load_logo(&source, &mut report.diagnostics);
    report.lang = opts.lang.unwrap_or(catalog.lang);
    let words = theme.words(&catalog.site_lang, &mut report.diagnostics);
    if theme
        .file(&format!("i18n/{}.yaml", catalog.site_lang))
        .is_none()
    {
        let code = &catalog.site_lang;
        let (path, pos) = source
            .catalog
            .at(&[crate::catalog::yaml::Seg::Key("language")]);
        report.diagnostics.push(
            Diagnostic::error(
                path,
                pos,
                text!(en: "there are no interface words for language {code:?}", id: "belum ada kata-kata antarmuka untuk bahasa {code:?}"),
            )
            .help(text!(
                en: "copy the theme's i18n/id.yaml to content/_theme/i18n/{code}.yaml and translate it, or write `language: id`",
                id: "salin i18n/id.yaml dari tema ke content/_theme/i18n/{code}.yaml lalu terjemahkan, atau tulis `language: id`"
            )),
        );
    }

    report.villages = catalog.villages.len();
    report.products = catalog.villages.iter().map(|v| v.products.len()).sum();
    let refs = photo_refs(&catalog);
    report.photos = refs.len();

    // The photos that are good: processed (build) or whose headers read well (check).
    let (processed, probed) = match &opts.out {
        Some(_) => (
            process_photos(&catalog, &refs, opts, &mut report)?,
            HashSet::new(),
        ),
        None => (
            HashMap::new(),
            probe_photos(&catalog, &refs, &mut report.diagnostics),
        ),
    };
    let usable = |p: &Path| processed.contains_key(p) || probed.contains(p);
    if let Some(d) = crate::site::seo::base_url_warning(&catalog, &source, &usable) {
        report.diagnostics.push(d);
    }
    // The files as read are not needed any more: freed on the cores that read them, their
    // memory is there for planning to reuse instead of asking the system for more.
    source.villages.into_par_iter().for_each(drop);

    let css_file = theme.file("assets/style.css");
    let css_bytes = css_file.map(|f| f.bytes.clone()).unwrap_or_default();
    let css = plan::asset_path("style.css", &css_bytes);
    let js_bytes = theme
        .file("assets/app.js")
        .map(|f| f.bytes.clone())
        .unwrap_or_default();
    let js = plan::asset_path("app.js", &js_bytes);
    timings.mark("photos");
    let search_bytes = crate::site::search::index(&catalog, &processed);
    let search = plan::asset_path("search.js", &search_bytes);
    timings.mark("search");
    let mut site = plan::plan(
        &catalog,
        &Inputs {
            photos: &processed,
            words: &words,
            css: &css,
            js: &js,
            search: &search,
        },
    );
    crate::site::seo::annotate(&mut site, &catalog, &processed, &words);
    crate::site::static_hosts::prepare_not_found(&mut site, &catalog, &css, &css_bytes);
    crate::site::print::add_pages(
        &mut site,
        &catalog,
        &words,
        &opts.content,
        &mut report.diagnostics,
    );
    timings.mark("plan");
    let mut renderer = match Renderer::new(&theme) {
        Ok(r) => r,
        Err(d) => {
            report.diagnostics.extend(d);
            return Ok(report);
        }
    };
    let out = match &opts.out {
        Some(out) if !report.has_errors() => out,
        _ => {
            // `check`, or a build whose content has errors: the pages are rendered only
            // to find the templates' errors too.
            let discard = |_: &plan::Page<'_>, _: &[u8]| Ok::<(), std::convert::Infallible>(());
            let Ok((made, diags)) = renderer.render_each(&site, discard);
            report.diagnostics.extend(diags);
            report.pages = made.len();
            timings.mark("render");
            leave(opts, site);
            leave(opts, catalog);
            return Ok(report);
        }
    };

    // The pages are written as they are rendered, on every core, into the hidden
    // folder that becomes the output only when everything is there. Meanwhile the
    // other files are made (icons, sitemap, feed: work for one core).
    let staging = staging::Staging::open(out).map_err(RunError::Write)?;
    staging
        .prepare(site.pages.iter().map(|p| p.path.as_str()))
        .map_err(RunError::Io)?;
    timings.mark("folders");
    let photos = std::mem::take(&mut site.photos);
    let planned = &site;
    let other_files = || {
        // Every file but the pages, the worker and `_headers`.
        let mut files: Vec<(String, Contents)> = Vec::with_capacity(photos.len() + 16);
        files.push((css.clone(), Contents::Bytes(css_bytes)));
        files.push((js.clone(), Contents::Bytes(js_bytes)));
        files.push((search.clone(), Contents::Bytes(search_bytes)));
        for (name, file) in theme.assets() {
            if name != "style.css" && !crate::site::offline::THEME_SCRIPTS.contains(&name) {
                files.push((
                    format!("assets/{name}"),
                    Contents::Bytes(file.bytes.clone()),
                ));
            }
        }
        files.extend(photos.into_iter().map(|(p, f)| (p, Contents::File(f))));
        files.extend(crate::site::offline::app_files(&catalog, logo.as_ref()));
        files.push((
            "robots.txt".into(),
            Contents::Bytes(robots(&catalog).into_bytes()),
        ));
        let dates = crate::catalog::dates::collect(&opts.content, &catalog);
        if let Some(sitemap) = crate::site::feed::sitemap(&catalog, &dates) {
            files.push(("sitemap.xml".into(), Contents::Bytes(sitemap.into_bytes())));
        }
        if let Some(feed) = crate::site::feed::atom(&catalog, &dates, &planned.pages, &words) {
            files.push((
                crate::site::seo::FEED.into(),
                Contents::Bytes(feed.into_bytes()),
            ));
        }
        files.push((
            crate::site::static_hosts::HEADERS.into(),
            Contents::Bytes(crate::site::static_hosts::headers_file(&files)),
        ));
        staging::last_of_each(files)
    };
    let emit = |page: &plan::Page<'_>, bytes: &[u8]| {
        let len = staging.put(&page.path, staging::Data::Bytes(bytes))?;
        Ok::<_, crate::diag::fsio::IoError>((len, crate::site::offline::revision(bytes)))
    };
    let (rendered, files) = rayon::join(|| renderer.render_each(planned, emit), other_files);
    let (made, diags) = rendered.map_err(RunError::Io)?;
    report.diagnostics.extend(diags);
    report.pages = made.len();
    timings.mark("render");
    if report.has_errors() {
        // A template failed: the hidden folder is left half-written, the output as it was.
        return Ok(report);
    }
    staging
        .prepare(
            files
                .iter()
                .map(|(p, _)| p.as_str())
                .chain([crate::site::offline::SERVICE_WORKER]),
        )
        .map_err(RunError::Io)?;
    let put_files: Vec<(u64, Option<String>)> = files
        .par_iter()
        .map(|(rel, contents)| {
            let len = staging.put(rel, contents.data())?;
            let revision = match contents {
                Contents::Bytes(b) => Some(crate::site::offline::revision(b)),
                Contents::File(_) => None,
            };
            Ok((len, revision))
        })
        .collect::<Result<_, crate::diag::fsio::IoError>>()
        .map_err(RunError::Io)?;

    let mut listed: Vec<crate::site::offline::Written<'_>> =
        Vec::with_capacity(made.len() + files.len());
    let mut written: Vec<(String, u64)> = Vec::with_capacity(made.len() + files.len() + 1);
    for (page, (len, revision)) in site.pages.iter().zip(made.into_iter().flatten()) {
        written.push((page.path.clone(), len));
        listed.push(crate::site::offline::Written {
            path: &page.path,
            template: Some(page.template),
            revision,
            len,
        });
    }
    for ((path, _), (len, revision)) in files.iter().zip(put_files) {
        written.push((path.clone(), len));
        if let Some(revision) = revision {
            listed.push(crate::site::offline::Written {
                path,
                template: None,
                revision,
                len,
            });
        }
    }
    let precache = crate::site::offline::precache(&listed, &search);
    let sw_code = theme.file("assets/sw.js").map(|f| f.bytes.as_slice());
    let worker = crate::site::offline::service_worker(&precache, sw_code.unwrap_or_default());
    let len = staging
        .put(
            crate::site::offline::SERVICE_WORKER,
            staging::Data::Bytes(&worker),
        )
        .map_err(RunError::Io)?;
    written.push((crate::site::offline::SERVICE_WORKER.into(), len));
    timings.mark("offline");
    let stats = staging.finish(written).map_err(RunError::Write)?;
    report.size = Some(crate::site::static_hosts::SizeReport {
        files: stats.files as u64,
        total_bytes: stats.bytes,
        largest: stats.largest.clone(),
    });
    report.written = Some(stats);
    timings.mark("finish");
    leave(opts, site);
    leave(opts, catalog);
    Ok(report)
}

/// Frees `value`, or on a [`Options::last_run`] leaves it to the system to take back
/// when the process exits.
fn leave<T>(opts: &Options, value: T) {
    if opts.last_run {
        std::mem::forget(value);
    }
}

/// Every photo of the catalog, villages' and products'.
fn photo_refs(catalog: &Catalog) -> Vec<&PhotoRef> {
    catalog
        .villages
        .iter()
        .flat_map(|v| {
            v.photos
                .iter()
                .chain(v.products.iter().flat_map(|p| &p.photos))
        })
        .collect()
}

/// Processes every photo, with a link preview for the first of each page (see
/// [`crate::site::seo`]).
fn process_photos(
    catalog: &Catalog,
    refs: &[&PhotoRef],
    opts: &Options,
    report: &mut Report,
) -> Result<HashMap<PathBuf, Processed>, RunError> {
    let cache =
        PhotoCache::open(&opts.cache).map_err(|e| RunError::Cache(opts.cache.clone(), e))?;
    let mut sources: Vec<PathBuf> = refs.iter().map(|r| r.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let want = crate::site::seo::preview_sources(catalog);
    let previews: Vec<bool> = sources.iter().map(|s| want.contains(s)).collect();
    let bar = progress_bar(opts.progress, sources.len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let results = cache.process_all_with_previews(&sources, &previews, &catalog.images, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut processed = HashMap::new();
    for (source, result) in sources.into_iter().zip(results) {
        match result {
            Ok(p) => {
                if p.decoded {
                    report.photos_processed += 1;
                } else {
                    report.photos_cached += 1;
                }
                warn_if_small(
                    refs,
                    &source,
                    p.width,
                    catalog.images.widths[0],
                    &mut report.diagnostics,
                );
                processed.insert(source, p);
            }
            Err(e) => photo_error(refs, &source, &e.text(), &mut report.diagnostics),
        }
    }
    cache
        .save_index()
        .map_err(|e| RunError::Cache(opts.cache.clone(), e))?;
    Ok(processed)
}

/// `check`: every photo's header is read, nothing decoded. Gives the good ones.
fn probe_photos(
    catalog: &Catalog,
    refs: &[&PhotoRef],
    diags: &mut Diagnostics,
) -> HashSet<PathBuf> {
    let mut good = HashSet::new();
    let mut sources: Vec<&Path> = refs.iter().map(|r| r.source.as_path()).collect();
    sources.sort();
    sources.dedup();
    let results: Vec<_> = sources
        .par_iter()
        .map(|s| {
            std::fs::read(s)
                .map_err(
                    |e| text!(en: "cannot read the photo: {e}", id: "foto tidak bisa dibaca: {e}"),
                )
                .and_then(|b| {
                    let info = photos::probe(&b).map_err(|e| e.text())?;
                    if photos::is_complete(&b, info.format) {
                        Ok(info)
                    } else {
                        Err(text!(
                            en: "the photo is cut off (truncated): copy it from the phone again",
                            id: "foto ini terpotong: salin lagi dari HP"
                        ))
                    }
                })
        })
        .collect();
    for (source, r) in sources.into_iter().zip(results) {
        match r {
            Ok(info) => {
                warn_if_small(refs, source, info.width, catalog.images.widths[0], diags);
                good.insert(source.to_path_buf());
            }
            Err(message) => photo_error(refs, source, &message, diags),
        }
    }
    good
}

fn origin_of<'a>(refs: &'a [&PhotoRef], source: &Path) -> impl Iterator<Item = &'a PhotoRef> {
    refs.iter().copied().filter(move |r| r.source == source)
}

/// A photo that cannot be used, reported where it was named (its `photos:` entry, naming
/// the file) or at the file itself.
fn photo_error(refs: &[&PhotoRef], source: &Path, message: &Text, diags: &mut Diagnostics) {
    for r in origin_of(refs, source) {
        let (path, pos) = &r.origin;
        let mut message = message.clone();
        if path != &r.source {
            let file = crate::diag::display_path(&r.source);
            message.en = format!("{file}: {}", message.en);
            message.id = format!("{file}: {}", message.id);
        }
        diags.push(Diagnostic::error(path.clone(), *pos, message));
    }
}

fn warn_if_small(
    refs: &[&PhotoRef],
    source: &Path,
    width: u32,
    smallest: u32,
    diags: &mut Diagnostics,
) {
    if width >= smallest {
        return;
    }
    for r in origin_of(refs, source) {
        let (path, pos) = &r.origin;
        diags.push(
            Diagnostic::warning(path.clone(), *pos, {
                let file = crate::diag::display_path(&r.source);
                text!(
                    en: "{file} is only {width} pixels wide: it will look blurry",
                    id: "{file} hanya selebar {width} piksel: akan terlihat buram"
                )
            })
            .help(text!(
                en: "use the original photo from the phone (at least {smallest} pixels wide)",
                id: "pakai foto asli dari HP (paling sedikit {smallest} piksel lebarnya)"
            )),
        );
    }
}

fn progress_bar(show: bool, len: usize) -> Option<indicatif::ProgressBar> {
    if !show || len == 0 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} photos {pos}/{len} [{bar:30}] {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    Some(bar)
}

fn robots(catalog: &Catalog) -> String {
    match &catalog.base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
