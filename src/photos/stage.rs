//! The photo stage of a build: every photo the catalog names, processed into its web
//! images (`build`) or only read to its header (`check`), each problem reported where
//! the photo was named (its `photos:` entry, or the file itself).

use super::{PhotoCache, Processed};
use crate::catalog::model::{Catalog, PhotoRef};
use crate::diag::{Diagnostic, Diagnostics, Lang, Text};
use crate::text;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The catalog's photos after the stage.
#[derive(Debug, Default)]
pub struct CatalogPhotos {
    /// The processed photos, by source file (`build`).
    pub processed: HashMap<PathBuf, Processed>,
    /// The photos whose headers read well (`check`), with their upright sizes.
    probed: HashMap<PathBuf, (u32, u32)>,
    /// The photos the catalog names, each place it names one counted.
    pub count: usize,
    /// Photos decoded and encoded in this run.
    pub decoded: usize,
    /// Photos whose web images came from the cache.
    pub cached: usize,
}

impl CatalogPhotos {
    /// Whether the photo at `source` can be shown: processed, or (`check`) read well.
    pub fn usable(&self, source: &Path) -> bool {
        self.processed.contains_key(source) || self.probed.contains_key(source)
    }

    /// The upright size of the photo at `source`, when it can be shown.
    pub fn size(&self, source: &Path) -> Option<(u32, u32)> {
        match self.processed.get(source) {
            Some(p) => Some((p.width, p.height)),
            None => self.probed.get(source).copied(),
        }
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

/// `build`: every photo processed (or taken from the cache in `cache_dir`), with a link
/// preview for the first of each page that gets one (`previews`, see
/// [`crate::site::seo`]). Only a cache that cannot be used is an `Err` — opened, or
/// written for any photo (a folder where a cache file should be, a full disk): the
/// machine's fault, not the photo's ([`super::ErrorKind::is_content_problem`]).
pub fn process(
    catalog: &Catalog,
    previews: &HashSet<PathBuf>,
    cache_dir: &Path,
    progress: Option<Lang>,
    diags: &mut Diagnostics,
) -> std::io::Result<CatalogPhotos> {
    let refs = photo_refs(catalog);
    let refs = refs.as_slice();
    let cache = PhotoCache::open(cache_dir)?;
    let mut photos = CatalogPhotos {
        count: refs.len(),
        ..CatalogPhotos::default()
    };
    let mut sources: Vec<PathBuf> = refs.iter().map(|r| r.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let previews: Vec<bool> = sources.iter().map(|s| previews.contains(s)).collect();
    let bar = progress_bar(progress, sources.len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let results = cache.process_all_with_previews(&sources, &previews, &catalog.images, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for (source, result) in sources.into_iter().zip(results) {
        match result {
            Ok(p) => {
                if p.decoded {
                    photos.decoded += 1;
                } else {
                    photos.cached += 1;
                }
                warn_if_small(refs, &source, p.width, catalog.images.widths[0], diags);
                photos.processed.insert(source, p);
            }
            Err(e) if !e.kind.is_content_problem() => {
                let detail = e.detail.unwrap_or_else(|| e.message.clone());
                return Err(std::io::Error::other(detail));
            }
            Err(e) => photo_error(refs, &source, &e.text(), diags),
        }
    }
    cache.save_index()?;
    Ok(photos)
}

/// `check`: every photo's header is read, nothing decoded.
pub fn probe(catalog: &Catalog, diags: &mut Diagnostics) -> CatalogPhotos {
    let refs = photo_refs(catalog);
    let refs = refs.as_slice();
    let mut good = HashMap::new();
    let mut sources: Vec<&Path> = refs.iter().map(|r| r.source.as_path()).collect();
    sources.sort();
    sources.dedup();
    let results: Vec<_> = sources
        .par_iter()
        .map(|s| {
            crate::diag::fsio::read(s)
                .map_err(|e| {
                    let e = e.source;
                    text!(en: "cannot read the photo: {e}", id: "foto tidak bisa dibaca: {e}")
                })
                .and_then(|b| {
                    let info = super::probe(&b).map_err(|e| e.text())?;
                    if super::is_complete(&b, info.format) {
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
                good.insert(source.to_path_buf(), (info.width, info.height));
            }
            Err(message) => photo_error(refs, source, &message, diags),
        }
    }
    CatalogPhotos {
        count: refs.len(),
        probed: good,
        ..CatalogPhotos::default()
    }
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

/// A bar counting the photos processed, its word in `lang`: on a terminal only
/// (`lang` is `None` elsewhere), and only when there are photos.
fn progress_bar(lang: Option<Lang>, len: usize) -> Option<indicatif::ProgressBar> {
    let lang = lang.filter(|_| len > 0)?;
    let photos = match lang {
        Lang::En => "photos",
        Lang::Id => "foto",
    };
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {photos} {{pos}}/{{len}} [{{bar:30}}] {{eta}}"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(bar)
}
