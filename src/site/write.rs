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
use crate::output::staging::{
    self, Contents, Fingerprint, Held, Known, Place, Record, Staging, Stamp, WriteError, WriteStats,
};
use crate::site::assets::Assets;
use crate::site::offline::{self, SERVICE_WORKER, Written};
use crate::site::plan::{Page, Site};
use crate::site::render::{self, Renderer};
use crate::site::theme::{Theme, Words};
use rayon::prelude::*;

/// What rendering (and writing) did.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The template errors, each once.
    pub diagnostics: Diagnostics,
    /// Pages in the site.
    pub pages: usize,
    /// Pages rendered: the others were unchanged since the last build, and kept.
    pub rendered: usize,
    /// The paths of the pages rendered, when a warm build rendered few (at most
    /// [`NAMED`]): what the timings name.
    pub rendered_paths: Vec<String>,
    /// Files and bytes written; `None` when nothing was.
    pub written: Option<WriteStats>,
}

/// The most rendered pages [`Rendered::rendered_paths`] names.
pub const NAMED: usize = 20;

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
    let discard = |_, _: &Page<'_>, _: &[u8], _| Ok::<(), std::convert::Infallible>(());
    let Ok((made, diagnostics)) = renderer.render_each(site, None, |_, _| Ok(None), discard);
    Rendered {
        diagnostics,
        pages: made.len(),
        rendered: made.len(),
        rendered_paths: Vec::new(),
        written: None,
    }
}

/// Renders every page into the staging folder of `place` with every other file, and
/// swaps it in when all is there and no template failed. The caller holds the output's
/// lock. After a failure to write, the staging folder is removed: its space is given
/// back (a full disk) and the next build starts afresh.
///
/// A warm build does only what changed: every file's fingerprint (for a page, what
/// makes it: [`render::Fingerprinter`]) is compared with the `record` of what the two
/// folders hold. When the output holds the whole new site already, nothing is written
/// and nothing swapped. Otherwise a page the hidden folder still holds is kept, one
/// only the output holds is copied from it, and only the others are rendered.
pub fn write(
    site: &Site<'_>,
    from: &Sources<'_>,
    place: &Place,
    record: Record,
) -> Result<Rendered, WriteFailure> {
    let mut renderer = match Renderer::new(from.theme) {
        Ok(r) => r,
        Err(diagnostics) => return Ok(failed_templates(diagnostics)),
    };
    let fingerprinter = render::Fingerprinter::new(site, from.theme);
    // With a record of neither folder (a first build, or the record lost) every page is
    // rendered, and fingerprinted from the context it is rendered from: made once.
    let (fingerprints, files) = rayon::join(
        || (!record.folders.is_empty()).then(|| fingerprinter.all(site)),
        || other_files(site, from),
    );
    let out_id = place.out_id();
    if let Some(stats) = record
        .held(out_id)
        .zip(fingerprints.as_deref())
        .and_then(|(held, fps)| unchanged(site, fps, &files, from, held, place))
    {
        return Ok(Rendered {
            diagnostics: Diagnostics::new(),
            pages: site.pages.len(),
            rendered: 0,
            rendered_paths: Vec::new(),
            written: Some(stats),
        });
    }
    let staging = Staging::open(place).map_err(WriteFailure::Write)?;
    let staging_id = staging.id();
    let made = Made {
        fingerprinter: &fingerprinter,
        fingerprints: fingerprints.as_deref(),
        files: &files,
        spare: record.held(staging_id),
        output: record.held(out_id),
    };
    match fill(&staging, &mut renderer, site, from, &made) {
        Err(e) => {
            staging.discard();
            Err(WriteFailure::Io(e))
        }
        // A template failed: the hidden folder is left half-written (the next build
        // brings it up to date), the output as it was.
        Ok((rendered, None)) => Ok(rendered),
        Ok((mut rendered, Some((written, held)))) => {
            let paths: Vec<String> = written.iter().map(|(p, _)| p.clone()).collect();
            rendered.written = Some(staging.finish(written).map_err(WriteFailure::Write)?);
            // The hidden folder is the output now, the output the hidden folder.
            if let Ok(dirs) = place.folder_stamps(paths.iter().map(String::as_str)) {
                let held = Held { dirs, ..held };
                record.save(place.out_id(), held, out_id);
            }
            Ok(rendered)
        }
    }
}

/// What a warm build knows before it writes: each page's fingerprint, the other files,
/// and what the hidden folder (`spare`) and the output hold, as recorded.
struct Made<'a> {
    fingerprinter: &'a render::Fingerprinter,
    /// `None`: nothing recorded to compare with; pages are fingerprinted as rendered.
    fingerprints: Option<&'a [Fingerprint]>,
    files: &'a [(String, Contents)],
    spare: Option<&'a Held>,
    output: Option<&'a Held>,
}

/// The fingerprint of a file that is not a page: its bytes, or the path and stamp of
/// the file it is copied from (a photo in the cache, whose copies carry its time).
fn file_fingerprint(contents: &Contents) -> Fingerprint {
    match contents {
        Contents::Bytes(b) => xxhash_rust::xxh3::xxh3_128(b),
        Contents::File(p) => {
            let s = Stamp::at(p).unwrap_or_default();
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(p.as_os_str().as_encoded_bytes());
            h.update(&s.len.to_le_bytes());
            h.update(&s.modified.to_le_bytes());
            h.digest128()
        }
    }
}

/// The totals of the output when it holds the whole new site already, as `held`
/// records it (every page's fingerprint the recorded one, every other file's bytes,
/// the service worker's too), with nothing else in it: see [`Place::unchanged`].
fn unchanged(
    site: &Site<'_>,
    fingerprints: &[Fingerprint],
    files: &[(String, Contents)],
    from: &Sources<'_>,
    held: &Held,
    place: &Place,
) -> Option<WriteStats> {
    let mut listed: Vec<Written<'_>> = Vec::with_capacity(site.pages.len() + files.len());
    let mut wanted: Vec<(&str, Fingerprint)> =
        Vec::with_capacity(site.pages.len() + files.len() + 1);
    for (page, fp) in site.pages.iter().zip(fingerprints) {
        let known = held
            .files
            .get(&page.path)
            .filter(|k| k.fingerprint == *fp)?;
        listed.push(Written {
            path: &page.path,
            template: Some(page.template),
            revision: known.note.clone(),
            len: known.stamp.len,
        });
        wanted.push((&page.path, *fp));
    }
    let fps: Vec<Fingerprint> = files.par_iter().map(|(_, c)| file_fingerprint(c)).collect();
    for ((path, contents), fp) in files.iter().zip(fps) {
        if let Contents::Bytes(b) = contents {
            listed.push(Written {
                path,
                template: None,
                revision: offline::revision(b),
                len: b.len() as u64,
            });
        }
        wanted.push((path, fp));
    }
    let (lists, worker) = worker(&listed, from);
    for (path, list) in &lists {
        wanted.push((path, xxhash_rust::xxh3::xxh3_128(list)));
    }
    wanted.push((SERVICE_WORKER, xxhash_rust::xxh3::xxh3_128(&worker)));
    place.unchanged(held, &wanted)
}

/// The service worker, which lists the files to keep offline.
/// The lists of the parts to keep offline, and the service worker, which names them.
#[allow(clippy::type_complexity)]
fn worker(listed: &[Written<'_>], from: &Sources<'_>) -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let precache = offline::precache(listed, &from.assets.search_index.path);
    let lists = offline::part_lists(&precache);
    let sw_code = from.theme.file("assets/sw.js").map(|f| f.bytes.as_slice());
    let worker = offline::service_worker(&precache, &lists, sw_code.unwrap_or_default());
    (lists, worker)
}

/// One page as put into the hidden folder: its size, revision and stamp, and whether
/// it was rendered.
struct PagePut {
    fingerprint: Fingerprint,
    len: u64,
    revision: String,
    stamp: Option<Stamp>,
    rendered: bool,
}

/// What [`fill`] gives back: what was rendered, and (unless a template failed) the
/// files with their sizes and what the hidden folder now holds.
type Filled = (Rendered, Option<(Vec<(String, u64)>, Held)>);

/// Puts every file of the site into `staging`: what was rendered, and the files with
/// their sizes, or `None` when a template failed. A page the hidden folder holds
/// already, or the output does, is not rendered.
fn fill(
    staging: &Staging,
    renderer: &mut Renderer,
    site: &Site<'_>,
    from: &Sources<'_>,
    made: &Made<'_>,
) -> Result<Filled, IoError> {
    staging.prepare(site.pages.iter().map(|p| p.path.as_str()))?;
    let reuse = |i: usize, page: &Page<'_>| {
        let Some(fp) = made.fingerprints.map(|f| f[i]) else {
            return Ok(None);
        };
        fn known<'h>(held: Option<&'h Held>, path: &str, fp: Fingerprint) -> Option<&'h Known> {
            held.and_then(|h| h.files.get(path))
                .filter(|k| k.fingerprint == fp)
        }
        if let Some(k) =
            known(made.spare, &page.path, fp).filter(|k| staging.still(&page.path, &k.stamp))
        {
            return Ok(Some(PagePut {
                fingerprint: fp,
                len: k.stamp.len,
                revision: k.note.clone(),
                stamp: Some(k.stamp),
                rendered: false,
            }));
        }
        if let Some(k) = known(made.output, &page.path, fp)
            && let Some(stamp) = staging.copy_from_output(&page.path, &k.stamp)?
        {
            return Ok(Some(PagePut {
                fingerprint: fp,
                len: k.stamp.len,
                revision: k.note.clone(),
                stamp: Some(stamp),
                rendered: false,
            }));
        }
        Ok(None)
    };
    let emit = |i: usize, page: &Page<'_>, bytes: &[u8], fingerprint: Option<Fingerprint>| {
        let len = staging.put(&page.path, staging::Data::Bytes(bytes))?;
        let fingerprint = fingerprint
            .or_else(|| made.fingerprints.map(|f| f[i]))
            .unwrap_or_default();
        Ok::<_, IoError>(PagePut {
            fingerprint,
            len,
            revision: offline::revision(bytes),
            stamp: staging.stamp(&page.path),
            rendered: true,
        })
    };
    let files = made.files;
    let (rendered, fps) = rayon::join(
        || {
            let fingerprinter = made.fingerprints.is_none().then_some(made.fingerprinter);
            renderer.render_each(site, fingerprinter, reuse, emit)
        },
        || {
            files
                .par_iter()
                .map(|(_, c)| file_fingerprint(c))
                .collect::<Vec<_>>()
        },
    );
    let (made_pages, diagnostics) = rendered?;
    let rendered_paths: Vec<String> = site
        .pages
        .iter()
        .zip(&made_pages)
        .filter(|(_, p)| p.as_ref().is_none_or(|p| p.rendered))
        .map(|(page, _)| page.path.clone())
        .take(NAMED + 1)
        .collect();
    let rendered = Rendered {
        diagnostics,
        pages: made_pages.len(),
        rendered: made_pages
            .iter()
            .filter(|p| p.as_ref().is_none_or(|p| p.rendered))
            .count(),
        rendered_paths: match rendered_paths.len() > NAMED {
            true => Vec::new(),
            false => rendered_paths,
        },
        written: None,
    };
    if rendered.diagnostics.has_errors() {
        return Ok((rendered, None));
    }
    staging.prepare(
        files
            .iter()
            .map(|(p, _)| p.as_str())
            .chain([SERVICE_WORKER, PARTS_LIST_PLACE]),
    )?;
    let put_files: Vec<(u64, Option<String>, Option<Stamp>)> = files
        .par_iter()
        .map(|(rel, contents)| {
            let len = staging.put(rel, contents.data())?;
            let revision = match contents {
                Contents::Bytes(b) => Some(offline::revision(b)),
                Contents::File(_) => None,
            };
            Ok((len, revision, staging.stamp(rel)))
        })
        .collect::<Result<_, IoError>>()?;

    let count = made_pages.len() + files.len() + 1;
    let mut listed: Vec<Written<'_>> = Vec::with_capacity(count);
    let mut written: Vec<(String, u64)> = Vec::with_capacity(count);
    let mut held = Held::default();
    held.files.reserve(count);
    let mut hold = |path: &str, fingerprint: Fingerprint, stamp: Option<Stamp>, note: &str| {
        if let Some(stamp) = stamp {
            held.files.insert(
                path.to_string(),
                Known {
                    fingerprint,
                    stamp,
                    note: note.to_string(),
                },
            );
        }
    };
    for (page, put) in site.pages.iter().zip(made_pages.into_iter().flatten()) {
        written.push((page.path.clone(), put.len));
        hold(&page.path, put.fingerprint, put.stamp, &put.revision);
        listed.push(Written {
            path: &page.path,
            template: Some(page.template),
            revision: put.revision,
            len: put.len,
        });
    }
    for (((path, _), (len, revision, stamp)), fp) in files.iter().zip(put_files).zip(fps) {
        written.push((path.clone(), len));
        hold(path, fp, stamp, "");
        if let Some(revision) = revision {
            listed.push(Written {
                path,
                template: None,
                revision,
                len,
            });
        }
    }
    let (lists, worker) = worker(&listed, from);
    for (path, list) in &lists {
        let len = staging.put(path, staging::Data::Bytes(list))?;
        hold(
            path,
            xxhash_rust::xxh3::xxh3_128(list),
            staging.stamp(path),
            "",
        );
        written.push((path.clone(), len));
    }
    let len = staging.put(SERVICE_WORKER, staging::Data::Bytes(&worker))?;
    hold(
        SERVICE_WORKER,
        xxhash_rust::xxh3::xxh3_128(&worker),
        staging.stamp(SERVICE_WORKER),
        "",
    );
    written.push((SERVICE_WORKER.into(), len));
    Ok((rendered, Some((written, held))))
}

/// A path in the folder of the parts' lists ([`offline::PARTS_DIR`]), for
/// [`Staging::prepare`] to make the folder: only its folders are used.
const PARTS_LIST_PLACE: &str = "assets/offline/-";

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
    let feeds = crate::site::product_feeds::meta_csv(catalog, from.photos)
        .map(|csv| (crate::site::product_feeds::META, csv))
        .into_iter()
        .chain(
            crate::site::product_feeds::google_xml(catalog, from.photos)
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
