//! One module per command of the command line. `build` (and `check`) runs the stages in
//! order; `serve` reruns them on every save; `new` and `init` write catalog folders;
//! `print` turns the printed catalog into PDFs; `cache` prunes the photo cache.

pub mod build;
pub mod cache;
pub mod init;
pub mod new;
pub mod print;
pub mod report;
pub mod serve;
pub mod timings;

/// How a command ended; the command line makes it the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done (warnings allowed): exit status 0.
    Done,
    /// The content has errors: exit status 1.
    ContentErrors,
    /// etalase could not run: exit status 2.
    CouldNotRun,
}
