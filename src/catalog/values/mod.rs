//! The values a volunteer writes, parsed and checked one at a time: prices in rupiah,
//! WhatsApp numbers, marketplace and order links, slugs from names, language codes,
//! the placeholders of examples.
//! Pure functions.

pub mod language;
pub mod links;
pub mod phone;
pub mod placeholder;
pub mod price;
pub mod slug;
