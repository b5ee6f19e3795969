//! `build` and `check`: the stages, run in order — read, photos, check, plan, render
//! and write — each a function of its layer, so this file only says the order.
//!
//! `check` runs the same stages but reads only the photos' headers and writes
//! nothing. Content problems come back as diagnostics in the [`Report`]; only a
//! failure to run at all (an unreadable folder, a full disk) is an `Err`.

use crate::commands::Outcome;
use crate::commands::report::{self, Report};
use crate::commands::timings::Timings;
use crate::diag::Text;
use crate::output::lock::{self, Access, Guarded, Lock, LockError, Wait};
use crate::output::staging::{Built, Place, Seen};
use crate::site::assets::Assets;
use crate::site::plan::Inputs;
use crate::site::theme::Theme;
use crate::site::write::{Rendered, Sources, WriteFailure};
use crate::text;
use crate::{catalog, photos, site};
use std::path::PathBuf;

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
    /// The caller holds the catalog's lock already (the workshop's publish, which
    /// holds it exclusively while it checks and commits): the run takes none.
    pub catalog_locked: bool,
}

/// A failure to run at all: exit status 2.
#[derive(Debug)]
pub enum RunError {
    Load(crate::catalog::load::LoadError),
    Io(crate::diag::fsio::IoError),
    Write(crate::output::staging::WriteError),
    Cache(PathBuf, std::io::Error),
    Lock(LockError),
}

impl RunError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> Text {
        match self {
            RunError::Load(e) => e.text(),
            RunError::Io(e) => e.text(),
            RunError::Write(e) => e.text(),
            RunError::Lock(e) => e.text(),
            RunError::Cache(p, e) => {
                let p = crate::diag::display_path(p);
                // The cache's errors may name the path already.
                let e = e.to_string();
                let e = e.strip_prefix(&format!("{p}: ")).unwrap_or(&e);
                text!(
                    en: "could not use the photo cache {p}: {e}; choose another with --cache",
                    id: "cache foto {p} tidak bisa dipakai: {e}; pilih yang lain dengan --cache"
                )
            }
        }
    }
}

impl Options {
    /// A build of `content` into `out` (`None` for `check`), nothing else asked.
    pub fn new(content: PathBuf, out: Option<PathBuf>, cache: PathBuf) -> Options {
        Options {
            content,
            out,
            cache,
            progress: false,
            lang: None,
            last_run: false,
            catalog_locked: false,
        }
    }

    /// The language of messages: `--lang`, else the catalog's.
    pub fn messages_lang(&self) -> crate::diag::Lang {
        self.lang
            .unwrap_or_else(|| crate::catalog::messages_lang(&self.content))
    }
}

/// `etalase build` and `etalase check`: the stages run, the report printed.
pub fn command(opts: &Options, all_warnings: bool) -> Outcome {
    let started = std::time::Instant::now();
    match run(opts) {
        Ok(report) => {
            let lang = report.lang;
            let has_errors =
                report::print_report(report, opts.out.as_deref(), all_warnings, started);
            // After `run`, whose shared lock on the cache is released by now: the
            // pruning needs the cache alone (it only tries, and skips when busy).
            if opts.out.is_some() {
                crate::commands::cache::after_build(&opts.cache, lang);
            }
            match has_errors {
                true => Outcome::ContentErrors,
                false => Outcome::Done,
            }
        }
        Err(e) => {
            report::failure(&e.text(), opts.messages_lang());
            Outcome::CouldNotRun
        }
    }
}

/// The locks a run holds, in the order every process takes them (the catalog, the
/// cache, the output: see [`crate::output::lock`]), and where the site goes.
struct Held {
    _catalog: Option<Lock>,
    _cache: Option<Lock>,
    _output: Option<Lock>,
    place: Option<Place>,
}

/// Takes the run's locks: the catalog shared (no save in the workshop is half-applied
/// while it is read), and for a build the cache shared (builds share it; only pruning
/// excludes them) and the output exclusive (one writer at a time). A swap a killed
/// build left halfway is then put right, before anything else.
fn hold(opts: &Options) -> Result<Held, RunError> {
    let lang = opts.messages_lang();
    let notice = |text: &Text| report::notice(text, lang);
    let wait = Wait {
        limit: super::lock_wait(),
        notice: &notice,
    };
    // A catalog on a read-only disk has no writer to wait for; a missing one is
    // reported when it is read.
    let catalog = match (opts.content.is_dir() && !opts.catalog_locked).then(|| {
        lock::acquire(
            &opts.content,
            &opts.content,
            Guarded::Catalog,
            Access::Shared,
            &wait,
        )
    }) {
        Some(Ok(l)) => Some(l),
        None | Some(Err(LockError::Io(_))) => None,
        Some(Err(e)) => return Err(RunError::Lock(e)),
    };
    let Some(out) = &opts.out else {
        return Ok(Held {
            _catalog: catalog,
            _cache: None,
            _output: None,
            place: None,
        });
    };
    // A cache folder that cannot be made is reported when the cache is opened.
    let cache = match std::fs::create_dir_all(&opts.cache) {
        Ok(()) => Some(
            lock::acquire(
                &opts.cache,
                &opts.cache,
                Guarded::Cache,
                Access::Shared,
                &wait,
            )
            .map_err(RunError::Lock)?,
        ),
        Err(_) => None,
    };
    let place = Place::of(out).map_err(RunError::Write)?;
    let output = place.lock(&wait).map_err(RunError::Lock)?;
    place.recover().map_err(RunError::Write)?;
    Ok(Held {
        _catalog: catalog,
        _cache: cache,
        _output: Some(output),
        place: Some(place),
    })
}

/// Runs the stages. With `opts.out` set, writes the site when there are no errors.
///
/// A build whose inputs are all as the last build of the same output read them, into
/// an output that still holds what that build wrote, runs no stage: it gives the last
/// report again ([`Built`]).
pub fn run(opts: &Options) -> Result<Report, RunError> {
    let held = hold(opts)?;
    let mut time = Timings::start();
    let key = held.place.as_ref().map(|_| inputs_key(opts));
    if let (Some(place), Some(key)) = (&held.place, key)
        && let Some((report, checked)) = as_last_built(opts, place, key)
    {
        time.mark("unchanged");
        time.note(&format!("pages rendered: 0 of {}", report.pages));
        time.note(&format!(
            "nothing changed: {} files and folders read last time, {} files of the output, as they were",
            checked.0, checked.1
        ));
        return Ok(report);
    }
    let theme = Theme::load(&opts.content).map_err(RunError::Io)?;
    let (mut source, catalog, mut diags) = catalog::read(&opts.content).map_err(RunError::Load)?;
    stamp_photos_beyond_listings(&source, &catalog);
    time.mark("read");
    let photos = match &opts.out {
        Some(_) => photos::stage::process(
            &catalog,
            &site::seo::preview_sources(&catalog),
            &opts.cache,
            opts.progress.then(|| opts.lang.unwrap_or(catalog.lang)),
            &mut diags,
        )
        .map_err(|e| RunError::Cache(opts.cache.clone(), e))?,
        None => photos::stage::probe(&catalog, &mut diags),
    };
    let logo = site::icons::load_logo(&source, &mut diags);
    time.mark("photos");
    diags.extend(site::check::check(
        &source,
        &catalog,
        &theme,
        &|p| photos.usable(p),
        &|p| photos.size(p),
    ));
    let skipped = source.skipped.len();
    let mut seen = std::mem::take(&mut source.seen);
    seen.absorb(theme.seen.clone());
    source.free();
    time.mark("check");
    let words = theme.words(&catalog.site_lang, &mut diags);
    let search = site::search::index(&catalog, &photos.processed);
    let assets = Assets::new(&theme, search.entry, search.others);
    let inputs = Inputs {
        photos: &photos.processed,
        words: &words,
        assets: &assets,
    };
    let (site, dates) = rayon::join(
        || site::plan(&catalog, &inputs),
        || catalog::dates::collect(&opts.content, &catalog),
    );
    time.mark("plan");
    let rendered = match &held.place {
        Some(place) if !diags.has_errors() => {
            let from = Sources {
                catalog: &catalog,
                theme: &theme,
                words: &words,
                assets: &assets,
                logo: logo.as_ref(),
                dates: &dates,
                photos: &photos.processed,
            };
            let record = crate::output::staging::Record::load(&opts.cache, place.out());
            site::write::write(&site, &from, place, record).map_err(RunError::from)?
        }
        _ => site::write::render_only(&site, &theme),
    };
    time.mark("write");
    // `pages rendered: 2 of 10061: a/b/index.html a/index.html` (paths when few).
    let mut line = format!(
        "pages rendered: {} of {}",
        rendered.rendered, rendered.pages
    );
    if !rendered.rendered_paths.is_empty() {
        line.push_str(": ");
        line.push_str(&rendered.rendered_paths.join(" "));
    }
    time.note(&line);
    let report = Report::new(opts, &catalog, skipped, diags, &photos, rendered);
    if let (Some(place), Some(key), Some(_)) = (&held.place, key, &report.written)
        && !report.has_errors()
    {
        keep_built(opts, place, key, &seen, &report, catalog.lang);
    }
    if opts.last_run {
        // The process ends soon: the catalog and the planned site are left for the
        // system to take back at exit instead of being freed piece by piece (tens of
        // milliseconds at 10,000 products).
        std::mem::forget(site);
        std::mem::forget(catalog);
    }
    Ok(report)
}

/// What a build's outcome depends on beside the files it reads: the program (its
/// version and its file: the default theme is inside it), today's date (a pre-order's
/// day is checked against it), the catalog's git history (the sitemap's dates), and
/// where the catalog and the cache are, as given (the paths the messages name).
fn inputs_key(opts: &Options) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    add(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().ok();
    let exe_stamp = exe.as_deref().and_then(crate::output::staging::Stamp::at);
    add(format!("{exe:?} {exe_stamp:?}").as_bytes());
    add(catalog::dates::today().to_string().as_bytes());
    add(catalog::dates::history_head(&opts.content)
        .unwrap_or_default()
        .as_bytes());
    for path in [&opts.content, &opts.cache] {
        add(path.as_os_str().as_encoded_bytes());
        let whole = std::path::absolute(path).unwrap_or_default();
        add(whole.as_os_str().as_encoded_bytes());
    }
    h.digest128()
}

/// What a build keeps of its report for the next one to give again.
#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    diagnostics: crate::diag::Diagnostics,
    /// The catalog's language of messages.
    lang: crate::diag::Lang,
    villages: usize,
    products: usize,
    skipped: usize,
    photos: usize,
    pages: usize,
}

/// The last build's report, and how many inputs and output files were checked, when
/// every file and folder it read is as it was, the key is the same and the output
/// still holds what it wrote.
fn as_last_built(opts: &Options, place: &Place, key: u128) -> Option<(Report, (usize, usize))> {
    let built = Built::load(&opts.cache, place.out())?;
    if !built.still(key, place.out_id(), &opts.content) {
        return None;
    }
    let record = crate::output::staging::Record::load(&opts.cache, place.out());
    let held = record.held(Some(built.out()))?;
    let stats = place.intact(held)?;
    let kept: Kept = serde_json::from_str(&built.report).ok()?;
    let checked = (built.inputs(), held.files.len());
    let report = Report {
        diagnostics: kept.diagnostics,
        lang: opts.lang.unwrap_or(kept.lang),
        villages: kept.villages,
        products: kept.products,
        skipped: kept.skipped,
        photos: kept.photos,
        photos_processed: 0,
        photos_cached: kept.photos,
        pages: kept.pages,
        rendered: 0,
        size: Some(crate::site::static_hosts::SizeReport {
            files: stats.files as u64,
            total_bytes: stats.bytes,
            largest: stats.largest.clone(),
        }),
        written: Some(stats),
    };
    Some((report, checked))
}

/// Keeps what this build read and its report, for the next build to know nothing
/// changed ([`Built::save`]).
fn keep_built(
    opts: &Options,
    place: &Place,
    key: u128,
    seen: &Seen,
    report: &Report,
    lang: crate::diag::Lang,
) {
    let kept = Kept {
        diagnostics: report.diagnostics.clone(),
        lang,
        villages: report.villages,
        products: report.products,
        skipped: report.skipped,
        photos: report.photos,
        pages: report.pages,
    };
    if let Ok(json) = serde_json::to_string(&kept) {
        Built::save(
            &opts.cache,
            place.out(),
            place.out_id(),
            key,
            &opts.content,
            seen,
            &json,
        );
    }
}

/// Stamps the photos a product or village names in a sub-folder of its own, which no
/// listing found, before they are read.
fn stamp_photos_beyond_listings(source: &catalog::load::Source, catalog: &catalog::model::Catalog) {
    for village in &catalog.villages {
        // A village's few photos are all stamped: the model does not keep its folder.
        let own = village.photos.iter();
        let products = village.products.iter().flat_map(|product| {
            product
                .photos
                .iter()
                .filter(|p| p.source.parent() != Some(product.dir.as_path()))
        });
        for photo in own.chain(products) {
            source.seen.file_at(&photo.source);
        }
    }
}

impl Report {
    fn new(
        opts: &Options,
        catalog: &crate::catalog::model::Catalog,
        skipped: usize,
        mut diagnostics: crate::diag::Diagnostics,
        photos: &photos::stage::CatalogPhotos,
        rendered: Rendered,
    ) -> Report {
        diagnostics.extend(rendered.diagnostics);
        let written = rendered.written;
        Report {
            diagnostics,
            lang: opts.lang.unwrap_or(catalog.lang),
            villages: catalog.villages.len(),
            products: catalog.villages.iter().map(|v| v.products.len()).sum(),
            skipped,
            photos: photos.count,
            photos_processed: photos.decoded,
            photos_cached: photos.cached,
            pages: rendered.pages,
            rendered: rendered.rendered,
            size: written
                .as_ref()
                .map(|stats| crate::site::static_hosts::SizeReport {
                    files: stats.files as u64,
                    total_bytes: stats.bytes,
                    largest: stats.largest.clone(),
                }),
            written,
        }
    }
}

impl From<WriteFailure> for RunError {
    fn from(e: WriteFailure) -> RunError {
        match e {
            WriteFailure::Io(e) => RunError::Io(e),
            WriteFailure::Write(e) => RunError::Write(e),
        }
    }
}
