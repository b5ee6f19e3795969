//! Content lints: what is not an error in the catalog's format but should not be
//! published as it is. Warnings, each at its file and line.

pub mod file_names;
pub mod personal_data;
