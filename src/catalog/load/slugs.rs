//! The web addresses folders become: a village's or product's slug is its folder
//! name's ([`crate::catalog::values::slug`]), so two folders that give one slug at one
//! level, a folder that gives none, or a village folder named like a folder of the site
//! itself are reported here, at the folder.

use crate::catalog::values::slug::{shorten, slugify};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::output::paths::MAX_SLUG_BYTES;
use std::path::{Path, PathBuf};

pub(super) fn slug_of(dir: &Path) -> String {
    slugify(&dir.file_name().unwrap_or_default().to_string_lossy())
}

/// The folders at the root of the site that etalase writes itself: a village folder
/// with one of these names would be overwritten by them.
pub const RESERVED_FOLDERS: &[&str] = &[
    "assets",
    "icons",
    "kategori",
    "cari",
    "keranjang",
    "cetak",
    "feeds",
    VILLAGES_FOLDER,
];

/// The folder of a long list's further pages: page 2 of the front page is
/// `halaman/2/`, of a village `<village>/halaman/2/`, of a category
/// `kategori/<key>/halaman/2/`. A village or a product folder of this name would take
/// the address of those pages' folder (a village `halaman` holding a product `2` would
/// be written over the front page's second page), so both are refused, with a word of
/// their own ([`check_slugs`]).
pub const PAGES_FOLDER: &str = "halaman";

/// The list of every village, for a catalog of more villages than its front page shows.
pub const VILLAGES_FOLDER: &str = "semua-desa";

/// Which folders [`check_slugs`] is given: a village's name becomes a folder at the
/// site's root, a product's a folder in its village's.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Village,
    Product,
}

/// Two folders that give one slug at one level, or a folder that gives none or one too
/// long for a file name, or one named [`PAGES_FOLDER`], or (for villages) a folder
/// named like one of [`RESERVED_FOLDERS`].
pub(super) fn check_slugs(dirs: &[PathBuf], level: Level, diags: &mut Diagnostics) {
    let reserved: &[&str] = match level {
        Level::Village => RESERVED_FOLDERS,
        Level::Product => &[],
    };
    let mut seen: Vec<(String, &PathBuf)> = Vec::new();
    for dir in dirs {
        let slug = slug_of(dir);
        if slug == PAGES_FOLDER {
            let fix = match level {
                Level::Village => "desa-halaman",
                Level::Product => "produk-halaman",
            };
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder would become the web address `halaman/`, where the site puts the further pages of a long list of products",
                        id: "folder ini akan menjadi alamat web `halaman/`, tempat situs menaruh halaman lanjutan dari daftar produk yang panjang"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder, for example to {fix}",
                    id: "ganti nama folder, misalnya menjadi {fix}"
                )),
            );
            continue;
        }
        if reserved.contains(&slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder would become the web address `{slug}/`, which the site uses itself",
                        id: "folder ini akan menjadi alamat web `{slug}/`, yang sudah dipakai situs sendiri"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder, for example to desa-{slug}",
                    id: "ganti nama folder, misalnya menjadi desa-{slug}"
                )),
            );
            continue;
        }
        if slug.is_empty() {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder name has no letters or digits to make a web address from",
                        id: "nama folder ini tidak punya huruf atau angka untuk dijadikan alamat web"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder using letters, like jamu-kunyit-asam",
                    id: "ganti nama folder dengan huruf, misalnya jamu-kunyit-asam"
                )),
            );
            continue;
        }
        if slug.len() > MAX_SLUG_BYTES {
            // The web address is a folder of the site: past the longest name a file
            // system holds, the build would fail while writing it.
            let (n, max) = (slug.len(), MAX_SLUG_BYTES);
            let start = shorten(&slug, 40);
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    crate::text!(
                        en: "this folder's name makes a web address of {n} characters ({start}-…), longer than the {max} a name on disk can hold",
                        id: "nama folder ini menjadi alamat web sepanjang {n} karakter ({start}-…), lebih dari {max} yang muat sebagai nama di disk"
                    ),
                )
                .help(crate::text!(
                    en: "rename the folder with a shorter name: the full name can stay in the `name:` of its YAML file",
                    id: "ganti nama folder dengan nama yang lebih pendek: nama lengkapnya tetap bisa ditulis di `name:` pada file YAML-nya"
                )),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == slug) {
            diags.push(
                Diagnostic::error(
                    dir,
                    Pos::START,
                    {
                        let first = crate::diag::display_path(first);
                        crate::text!(
                            en: "this folder and {first} both become the web address `{slug}`",
                            id: "folder ini dan {first} sama-sama menjadi alamat web `{slug}`"
                        )
                    },
                )
                .help(crate::text!(en: "rename one of the two folders", id: "ganti nama salah satu folder")),
            );
        } else {
            seen.push((slug, dir));
        }
    }
}
