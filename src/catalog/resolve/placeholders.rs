//! Placeholders left in a group's catalog: a number of the made-up `0812-0000-xxxx`
//! range, and the example village and product `etalase init` writes
//! ([`crate::catalog::values::placeholder`]). Left in, they send buyers' orders to no
//! one and show a made-up product beside the real ones. A catalog that says it is an
//! example (`example: true`, as the repository's sample does) may hold them; any other
//! gets a warning at each, which becomes an error once `base_url` is set: the site is
//! then about to be published.

use crate::catalog::load::Doc;
use crate::catalog::model::Catalog;
use crate::catalog::values::placeholder::{
    EXAMPLE_PRODUCT, EXAMPLE_VILLAGE, is_placeholder_number,
};
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::text;

/// What a placeholder is in this catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placeholders {
    /// `example: true`: they are meant to be there.
    Allowed,
    /// No `base_url` yet: a warning.
    Warn,
    /// `base_url` is set, the site is about to be published: an error.
    Refuse,
}

impl Placeholders {
    pub(super) fn of(catalog: &Catalog) -> Self {
        if catalog.example {
            Placeholders::Allowed
        } else if catalog.base_url.is_some() {
            Placeholders::Refuse
        } else {
            Placeholders::Warn
        }
    }

    /// `d` (made as an error) as this catalog reports it, if at all.
    fn report(self, d: Diagnostic, diags: &mut Diagnostics) {
        match self {
            Placeholders::Allowed => {}
            Placeholders::Warn => diags.push(Diagnostic {
                severity: Severity::Warning,
                ..d
            }),
            Placeholders::Refuse => diags.push(d),
        }
    }
}

/// A WhatsApp number (normalised) written at `at` in `doc`, as `found`.
pub(super) fn number<R>(
    doc: &Doc<R>,
    at: &[Seg<'_>],
    normalised: &str,
    found: &str,
    policy: Placeholders,
    diags: &mut Diagnostics,
) {
    if policy == Placeholders::Allowed || !is_placeholder_number(normalised) {
        return;
    }
    let (path, pos) = doc.at(at);
    let found = found.trim();
    policy.report(
        Diagnostic::error(
            path,
            pos,
            text!(
                en: "{found} is a made-up number from the examples (0812-0000-xxxx): buyers' orders would reach no one",
                id: "{found} adalah nomor rekaan dari contoh (0812-0000-xxxx): pesanan pembeli tidak akan sampai ke siapa pun"
            ),
        )
        .help(text!(
            en: "write the group's real WhatsApp number, the one that takes orders",
            id: "ganti dengan nomor WhatsApp asli kelompok, yang menerima pesanan"
        )),
        diags,
    );
}

/// Which example `init` wrote.
#[derive(Debug, Clone, Copy)]
pub(super) enum Example {
    Village,
    Product,
}

/// A village or a product that may be `init`'s example: known by its folder's name, as
/// `init` wrote it (a folder renamed to the group's own is the group's, whatever it
/// still holds).
pub(super) fn entry<R>(
    doc: &Doc<R>,
    kind: Example,
    slug: &str,
    name: &str,
    policy: Placeholders,
    diags: &mut Diagnostics,
) {
    let example = match kind {
        Example::Village => EXAMPLE_VILLAGE,
        Example::Product => EXAMPLE_PRODUCT,
    };
    if policy == Placeholders::Allowed || slug != example {
        return;
    }
    let (path, pos) = doc.at(&[Seg::Key("name")]);
    let (message, help) = match kind {
        Example::Village => (
            text!(
                en: "this is the example village `etalase init` made ({slug}, {name:?}): it would be published as one of the group's villages",
                id: "ini desa contoh buatan `etalase init` ({slug}, {name:?}): desa ini akan terbit seolah desa kelompok"
            ),
            text!(
                en: "make it your village: rename the folder (like `dukuhdempok`) and write the village's name in village.yaml; or delete the folder",
                id: "jadikan desa Anda: ganti nama foldernya (misalnya `dukuhdempok`) dan tulis nama desa di village.yaml; atau hapus foldernya"
            ),
        ),
        Example::Product => (
            text!(
                en: "this is the example product `etalase init` made ({slug}, {name:?}): it would be published as one of the group's products",
                id: "ini produk contoh buatan `etalase init` ({slug}, {name:?}): produk ini akan terbit seolah produk kelompok"
            ),
            text!(
                en: "make it your product: rename the folder (like `keripik-pisang`), write its name, price and photo; or delete the folder",
                id: "jadikan produk Anda: ganti nama foldernya (misalnya `keripik-pisang`), tulis nama, harga dan fotonya; atau hapus foldernya"
            ),
        ),
    };
    policy.report(Diagnostic::error(path, pos, message).help(help), diags);
}
