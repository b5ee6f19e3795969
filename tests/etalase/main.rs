//! The one integration test binary: real catalogs in temporary folders, the real
//! `etalase` binary, real image files. One module per area.

mod browser;
mod build;
mod hostile;
mod pwa;
mod serve;
mod support;
