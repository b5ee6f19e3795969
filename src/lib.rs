//! etalase: a static site generator for village product catalogs.
//!
//! The stages, each a module: [`load`] reads the folders, [`resolve`] checks the rules
//! and builds the [`model::Catalog`], [`photos`] processes the photos, [`plan`] lays out
//! the pages, [`render`] runs the theme's templates, [`write`] swaps the new site in.
//! [`build`] runs them in order; [`cli`] is the command line. [`search`] writes the
//! search index, [`pwa`] and [`icons`] the offline app (service worker, manifest, icons).

pub mod build;
pub mod cli;
pub mod diag;
pub mod fsio;
#[doc(hidden)]
pub mod fuzzing;
pub mod icons;
pub mod links;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod new;
pub mod phone;
pub mod photos;
pub mod plan;
pub mod portable;
pub mod price;
pub mod privacy;
pub mod pwa;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod slug;
pub mod synth;
pub mod theme;
pub mod write;
pub mod yaml;
