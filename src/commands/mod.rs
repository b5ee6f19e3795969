//! One module per command of the command line. `build` (and `check`) runs the stages in
//! order; `serve` reruns them on every save; `new` and `init` write catalog folders;
//! `print` turns the printed catalog into PDFs.

pub mod build;
pub mod init;
pub mod new;
pub mod print;
pub mod serve;
pub mod timings;
