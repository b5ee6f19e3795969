//! etalase: a static site generator for village product catalogs.
//!
//! The folders show the layers, each depending only on those below it:
//!
//! - [`cli`] — the command line: parse, dispatch, exit code.
//! - [`commands`] — one module per command (`build` and `check`, `serve`, `new`,
//!   `init`, `print`); `build` runs the stages in order.
//! - [`site`] — planning the pages and everything written beside them (link previews,
//!   structured data, search index, feed, offline app, printed catalog, the files static
//!   hosts read), and rendering them with the theme.
//! - [`photos`] — decoding, resizing and encoding photos, with their cache.
//! - [`catalog`] — reading the folders and resolving them into the checked
//!   [`catalog::model::Catalog`], with the value parsers and content lints.
//! - [`output`] — the staging folder and its atomic swap, output paths.
//! - [`diag`] — diagnostics and their localized text; file access that names its path.
//!
//! [`testing`] (behind the `testing` feature) holds what tests, benchmarks and fuzz
//! targets share: synthetic photos and catalogs, the fuzz entry points.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod output;
pub mod photos;
pub mod site;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
