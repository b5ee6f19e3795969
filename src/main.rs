//! The `etalase` binary: a shim over the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    etalase::cli::run(etalase::cli::Cli::parse())
}
