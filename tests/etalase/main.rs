//! The one integration test binary: real catalogs in temporary folders, the real
//! `etalase` binary, real image files. One module per area.

mod browser;
mod build;
mod cache;
mod english;
mod feeds;
mod feeds_limits;
mod folders;
mod formsave;
mod guide;
mod hostile;
mod house;
#[cfg(target_os = "linux")]
mod messages;
mod pages;
mod perf;
mod places;
mod print;
mod publish;
mod pwa;
mod seo;
mod serve;
mod start;
mod support;
mod typed;
mod undo;
mod volunteers;
mod warm;
mod workshop;
mod workshop_feeds;
mod workshop_form;
mod workshop_phone;
mod workshop_photos;
mod workshop_publish;
