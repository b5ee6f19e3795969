//! etalase: a static site generator for village product catalogs.
//!
//! The stages, each a module: [`load`] reads the folders, [`resolve`] checks the rules
//! and builds the [`model::Catalog`], [`photos`] processes the photos, [`plan`] lays out
//! the pages, [`render`] runs the theme's templates, [`write`] swaps the new site in.
//! [`build`] runs them in order; [`cli`] is the command line. [`search`] writes the
//! search index, [`pwa`] and [`icons`] the offline app (service worker, manifest, icons),
//! [`host`] what static hosts read (`_headers`, `404.html`) and the size report; [`init`]
//! makes a new catalog repository with its deploy recipes; [`seo`] the link previews and
//! structured data, [`feed`] the sitemap and the Atom feed (with [`dates`]);
//! [`print`] the printed catalog and its PDF.

pub mod build;
pub mod cli;
pub mod crowd;
pub mod dates;
pub mod diag;
pub mod feed;
pub mod fsio;
#[doc(hidden)]
pub mod fuzzing;
pub mod host;
pub mod icons;
pub mod init;
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
pub mod print;
pub mod privacy;
pub mod pwa;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod search;
pub mod seo;
pub mod serve;
pub mod slug;
pub mod synth;
pub mod theme;
pub mod timings;
pub mod write;
pub mod yaml;
