//! Writing the site: the hidden staging folder that becomes the output only when a
//! build succeeded (the atomic swap), the output paths, and the locks that keep two
//! writers of one output, cache or catalog apart. Knows nothing of catalogs or pages:
//! it is given paths and bytes.

pub mod lock;
pub mod paths;
pub mod staging;
