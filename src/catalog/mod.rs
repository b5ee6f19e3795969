//! The catalog: reading the folders a volunteer keeps and resolving them into the
//! checked model the site is built from.
//!
//! [`load`] lists the folders and parses each file ([`schema`] is the raw shape of the
//! YAML files, [`yaml`] every call to the YAML parser and its messages); [`resolve`]
//! checks the rules and builds the [`model::Catalog`]; [`values`] parses the values a
//! volunteer writes (prices, WhatsApp numbers, links, slugs); [`lint`] finds what is not
//! wrong but should not be published (personal data, file names other systems refuse);
//! [`dates`] tells when each product was added and changed.

pub mod dates;
pub mod lint;
pub mod load;
pub mod model;
pub mod resolve;
pub mod schema;
pub mod values;
pub mod yaml;
