//! One module per command of the command line. `build` (and `check`) runs the stages in
//! order; `serve` reruns them on every save; `new` and `init` write catalog folders;
//! `edit` serves the workshop (forms for the catalog) beside the preview;
//! `publish` commits and pushes the catalog for the workshop's `Terbitkan`;
//! `print` turns the printed catalog into PDFs; `cache` prunes the photo cache.

pub mod build;
pub mod cache;
pub mod init;
pub mod new;
pub mod print;
pub mod publish;
pub mod report;
pub mod serve;
pub mod server;
pub mod timings;
pub mod usage;
pub mod workshop;

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

/// How long a run waits for another holder of a lock it needs (another build writing
/// the same output, a cache being pruned) before it gives up with exit status 2: ten
/// minutes, longer than a cold build of a large catalog takes; `ETALASE_LOCK_WAIT`
/// sets it in seconds (CI jobs that would rather fail fast).
pub fn lock_wait() -> std::time::Duration {
    let secs = std::env::var("ETALASE_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(600.0);
    std::time::Duration::from_secs_f64(secs)
}
