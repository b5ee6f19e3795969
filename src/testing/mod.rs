//! What tests, benchmarks, examples and fuzz targets share, behind the `testing`
//! feature so it is not part of the library's API: [`photos`] makes phone-like test
//! photos and synthetic catalogs, [`fuzz`] is the fuzz targets' entry points.

pub mod fuzz;
pub mod photos;
