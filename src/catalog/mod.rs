//! The catalog: reading the folders a volunteer keeps and resolving them into the
//! checked model the site is built from.
//!
//! [`load`] lists the folders and parses each file ([`schema`] is the raw shape of the
//! YAML files, [`key_words`] the keys written in Indonesian and the key each means,
//! [`yaml`] every call to the YAML parser and its messages); [`resolve`]
//! checks the rules and builds the [`model::Catalog`]; [`values`] parses the values a
//! volunteer writes (prices, WhatsApp numbers, links, slugs); [`lint`] finds what is not
//! wrong but should not be published (personal data, file names other systems refuse);
//! [`dates`] tells when each product was added and changed; [`form`] is what the
//! workshop's forms read, check and save, [`scaffold`] the files of a new entry,
//! [`trash`] where the workshop's deletions go and [`undo`] how its changes are taken
//! back.

pub mod dates;
pub mod form;
pub mod key_words;
pub mod lint;
pub mod load;
pub mod model;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod trash;
pub mod undo;
pub mod values;
pub mod yaml;

/// The read stage: the folders listed and parsed, then resolved into the checked
/// catalog, with every problem found on the way. Only a folder that cannot be read at
/// all is an `Err`.
pub fn read(
    content: &std::path::Path,
) -> Result<(load::Source, model::Catalog, crate::diag::Diagnostics), load::LoadError> {
    let (source, mut diags) = load::load(content)?;
    let (catalog, resolved) = resolve::resolve(&source);
    diags.extend(resolved);
    Ok((source, catalog, diags))
}

impl load::Source {
    /// Frees the files as read on every core, once checked: their memory is then there
    /// for planning to reuse instead of asking the system for more.
    pub fn free(self) {
        use rayon::prelude::*;
        self.villages.into_par_iter().for_each(drop);
    }
}

/// The language of messages for a catalog, from its `catalog.yaml` alone
/// ([`load::settings`]): for what a command says before (or without) reading the whole
/// catalog. Indonesian when there is none.
pub fn messages_lang(content: &std::path::Path) -> crate::diag::Lang {
    load::settings(content).map_or(crate::diag::Lang::Id, |s| s.lang())
}
