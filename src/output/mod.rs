//! Writing the site: the hidden staging folder that becomes the output only when a
//! build succeeded (the atomic swap), and the output paths. Knows nothing of catalogs or
//! pages: it is given paths and bytes.

pub mod lock;
pub mod paths;
pub mod staging;

impl staging::WriteError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> crate::diag::Text {
        match self {
            staging::WriteError::Io(e) => e.text(),
            staging::WriteError::NotOurs(p) => {
                let p = crate::diag::display_path(p);
                crate::text!(
                    en: "{p} already exists and was not made by etalase: refusing to replace it; choose another --out, or empty that folder",
                    id: "{p} sudah ada dan bukan buatan etalase: tidak akan diganti; pilih --out yang lain, atau kosongkan folder itu"
                )
            }
        }
    }
}
