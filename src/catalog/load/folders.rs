//! Which folders are villages and which are products: a village folder has
//! `village.yaml` (or an `index.md` with front matter), a product folder `product.yaml`
//! (or the same); a folder with neither but with sub-folders groups products. Folders
//! are read on every core and their results joined in folder order, so the diagnostics
//! come out as if read one by one.

use super::copies::check_copies;
use super::doc::read_doc;
use super::files::read_translations;
use super::listing::{list_dir, warn_about_odd_files};
use super::slugs::{Level, check_slugs, slug_of};
use super::{ProductSource, VillageSource};
use crate::catalog::schema::{FileKind, RawProduct, RawVillage};
use crate::diag::fsio;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::output::staging::Seen;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One village folder of [`load`] with its products; `None` (and a warning) for a
/// folder that is not a village. Each folder skipped with a warning (this one, or a
/// product folder in it) is added to `skipped`, for the closing line to count.
pub(super) fn read_village(
    bounds: &Path,
    seen: &Seen,
    dir: &Path,
    skipped: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> fsio::Result<Option<VillageSource>> {
    // What the listing finds to say counts only for a folder that is a village.
    let mut listed = Diagnostics::new();
    let inner = list_dir(dir, bounds, seen, &mut listed)?;
    let (doc, body) = read_doc::<RawVillage>(
        &inner,
        &dir.join("village.yaml"),
        &dir.join("index.md"),
        FileKind::Village,
        diags,
    )?;
    let Some(doc) = doc else {
        diags.push(
            Diagnostic::warning(
                dir,
                Pos::START,
                crate::text!(en: "no village.yaml here: skipped", id: "tidak ada village.yaml di sini: folder dilewati"),
            )
            .help(crate::text!(
                en: "a village folder needs a village.yaml with at least `name:`",
                id: "folder desa perlu file village.yaml berisi paling sedikit `name:`"
            )),
        );
        skipped.push(dir.to_path_buf());
        return Ok(None);
    };
    diags.extend(listed);
    warn_about_odd_files(&inner, diags);
    let mut products = Vec::new();
    collect_products(bounds, seen, &inner.dirs, &mut products, skipped, diags)?;
    check_copies(&products, diags);
    let product_dirs: Vec<PathBuf> = products.iter().map(|p| p.dir.clone()).collect();
    check_slugs(&product_dirs, Level::Product, diags);
    Ok(Some(VillageSource {
        slug: slug_of(dir),
        dir: dir.to_path_buf(),
        doc,
        story: body,
        translations: read_translations(&inner, diags)?,
        images: inner.images,
        products,
    }))
}

/// Finds product folders under a village: folders with `product.yaml` or an `index.md`
/// with front matter. A folder with neither but with sub-folders is a grouping
/// (`makanan/sagon/`) and is searched in turn; one with neither is skipped with a
/// warning (and added to `skipped`).
pub(super) fn collect_products(
    bounds: &Path,
    seen: &Seen,
    dirs: &[PathBuf],
    out: &mut Vec<ProductSource>,
    skipped: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> fsio::Result<()> {
    // Folders are read on every core (a catalog may hold thousands); their products
    // and diagnostics are then joined in folder order, as if read one by one.
    type Found = (Vec<ProductSource>, Vec<PathBuf>, Diagnostics);
    let found: Vec<fsio::Result<Found>> = dirs
        .par_iter()
        .with_max_len(16)
        .map(|dir| {
            let mut found: Found = Default::default();
            collect_product(bounds, seen, dir, &mut found.0, &mut found.1, &mut found.2)?;
            Ok(found)
        })
        .collect();
    for result in found {
        let (products, found_skipped, found_diags) = result?;
        out.extend(products);
        skipped.extend(found_skipped);
        diags.extend(found_diags);
    }
    Ok(())
}

/// One folder of [`collect_products`]: a product, a grouping, or a warning.
pub(super) fn collect_product(
    bounds: &Path,
    seen: &Seen,
    dir: &Path,
    out: &mut Vec<ProductSource>,
    skipped: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> fsio::Result<()> {
    {
        let listing = list_dir(dir, bounds, seen, diags)?;
        let (doc, body) = read_doc::<RawProduct>(
            &listing,
            &dir.join("product.yaml"),
            &dir.join("index.md"),
            FileKind::Product,
            diags,
        )?;
        match doc {
            Some(doc) => {
                warn_about_odd_files(&listing, diags);
                let modified = |name| listing.files.get(name).and_then(|f| f.modified);
                out.push(ProductSource {
                    modified: listing.newest(),
                    main_modified: modified("product.yaml").or_else(|| modified("index.md")),
                    slug: slug_of(dir),
                    dir: dir.to_path_buf(),
                    doc,
                    description: body,
                    translations: read_translations(&listing, diags)?,
                    images: listing.images,
                });
            }
            None if !listing.dirs.is_empty() => {
                collect_products(bounds, seen, &listing.dirs, out, skipped, diags)?;
            }
            None => {
                skipped.push(dir.to_path_buf());
                diags.push(
                Diagnostic::warning(
                    dir,
                    Pos::START,
                    crate::text!(en: "no product.yaml here: skipped", id: "tidak ada product.yaml di sini: folder dilewati"),
                )
                .help(crate::text!(
                    en: "a product folder needs a product.yaml with at least `name:` and `category:`",
                    id: "folder produk perlu file product.yaml berisi paling sedikit `name:` dan `category:`"
                ),
                ),
            );
            }
        }
    }
    Ok(())
}
