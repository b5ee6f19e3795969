//! The command line only: the arguments parsed, the command they name run
//! ([`crate::commands`]), its outcome turned into the exit status.

use crate::commands::{self, Outcome, build::Options};
use crate::diag::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "etalase",
    version,
    about = "Builds a product catalog site from folders of YAML, Markdown and photos."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Started with no arguments from a file manager, not a terminal: `start`.
    #[arg(skip)]
    pub double_clicked: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site from the catalog folder.
    Build {
        /// The catalog folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The output folder; replaced whole, and only when the build succeeds.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// The processed-photo cache [default: $ETALASE_CACHE or .etalase-cache].
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Language of messages [default: the catalog's language].
        #[arg(long)]
        lang: Option<LangArg>,
        /// Print every warning, even when thousands are alike.
        #[arg(long)]
        all_warnings: bool,
    },
    /// Check everything a build checks; write nothing.
    Check {
        /// The catalog folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Language of messages [default: the catalog's language].
        #[arg(long)]
        lang: Option<LangArg>,
        /// Print every warning, even when thousands are alike.
        #[arg(long)]
        all_warnings: bool,
    },
    /// Preview the site in a browser, rebuilt on every save.
    Serve {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Edit the catalog from a browser or a phone (the workshop), beside the live preview.
    // `--lan` prints the workshop's own address (with its secret), said so here.
    #[command(mut_arg("lan", |a| a.help(
        "Reachable from a phone on the same Wi-Fi: prints its address and a QR code"
    )))]
    Edit {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Open the workshop, reachable from phones on the same Wi-Fi, on the catalog in
    /// this folder or beside the program, or offer to make one: what a double-click on
    /// etalase does.
    Start {
        /// The port [default: the first free one from 1111; 0: any free port].
        #[arg(long)]
        port: Option<u16>,
        /// Language of messages [default: the catalog's language].
        #[arg(long)]
        lang: Option<LangArg>,
    },
    /// Make a new catalog repository, ready to publish: an example catalog, a
    /// .gitignore and deploy recipes for the free hosts.
    Init {
        /// The new folder (must not exist, or be empty).
        dir: PathBuf,
        /// Language of messages [default: id].
        #[arg(long)]
        lang: Option<LangArg>,
    },
    /// Build the site, then print its catalog (cetak/) and label sheet as PDF with
    /// headless Chromium: katalog.pdf and label.pdf.
    Print {
        /// The catalog folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The site folder: built first, unless --no-build.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Print the site already in --out; do not build it.
        #[arg(long)]
        no_build: bool,
        /// The folder the PDFs are written into.
        #[arg(long, default_value = ".")]
        pdf_dir: PathBuf,
        /// Chromium or Google Chrome [default: the first of chromium, chromium-browser,
        /// google-chrome, google-chrome-stable on PATH].
        #[arg(long)]
        chromium: Option<PathBuf>,
        /// Seconds one page may take before the browser is stopped.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// The processed-photo cache [default: $ETALASE_CACHE or .etalase-cache].
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Language of messages [default: the catalog's language].
        #[arg(long)]
        lang: Option<LangArg>,
    },
    /// Look after the processed-photo cache.
    Cache {
        #[command(subcommand)]
        what: CacheCommand,
    },
    /// Make a new village or product folder, ready to fill in.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The catalog folder.
        #[arg(long, default_value = "content", global = true)]
        content: PathBuf,
        /// Language of messages [default: the catalog's language].
        #[arg(long, global = true)]
        lang: Option<LangArg>,
    },
}

/// The arguments `serve` and `edit` share: both serve the catalog's live preview.
#[derive(Args, Debug)]
pub struct ServerArgs {
    /// The catalog folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// The port [default: the first free one from 1111; 0: any free port].
    #[arg(long)]
    pub port: Option<u16>,
    /// Reachable from a phone on the same Wi-Fi: prints the address and a QR code.
    #[arg(long)]
    pub lan: bool,
    /// The processed-photo cache [default: $ETALASE_CACHE or .etalase-cache].
    #[arg(long)]
    pub cache: Option<PathBuf>,
    /// Language of messages [default: the catalog's language].
    #[arg(long)]
    pub lang: Option<LangArg>,
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A village: `etalase new village "Sidomulyo"`.
    Village { name: String },
    /// A product in a village: `etalase new product sidomulyo "Keripik Pare"`.
    Product { village: String, name: String },
}

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Remove what no build uses any more; waits while builds are using the cache.
    Prune {
        /// The processed-photo cache [default: $ETALASE_CACHE or .etalase-cache].
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Remove the entries no build used for this many days.
        #[arg(long, value_name = "DAYS", default_value_t = crate::photos::prune::KEEP_UNUSED_DAYS)]
        older_than: u64,
        /// Remove every entry: the next build processes every photo again.
        #[arg(long, conflicts_with = "older_than")]
        all: bool,
        /// Seconds to wait for the builds using the cache to finish.
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        wait: u64,
        /// Language of messages [default: the language of the catalog in content/].
        #[arg(long)]
        lang: Option<LangArg>,
    },
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum LangArg {
    Id,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Id => Lang::Id,
            LangArg::En => Lang::En,
        }
    }
}

/// Exit status: content is fine (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit status: the content has errors.
pub const EXIT_CONTENT: u8 = 1;
/// Exit status: etalase could not run.
pub const EXIT_RUN: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Build {
            content,
            out,
            cache,
            lang,
            all_warnings,
        } => {
            let opts = Options {
                lang: lang.map(Lang::from),
                progress: std::io::stderr().is_terminal(),
                last_run: true,
                ..Options::new(content, Some(out), cache_dir(cache))
            };
            commands::build::command(&opts, all_warnings)
        }
        Command::Check {
            content,
            lang,
            all_warnings,
        } => {
            let opts = Options {
                lang: lang.map(Lang::from),
                last_run: true,
                ..Options::new(content, None, cache_dir(None))
            };
            commands::build::command(&opts, all_warnings)
        }
        Command::Serve { server: s } => commands::serve::command(&commands::serve::ServeOptions {
            lang: messages_lang(s.lang, &s.content),
            content: s.content,
            cache: cache_dir(s.cache),
            port: s.port,
            lan: s.lan,
        }),
        Command::Edit { server: s } => {
            commands::workshop::command(&commands::workshop::EditOptions {
                lang: messages_lang(s.lang, &s.content),
                content: s.content,
                cache: cache_dir(s.cache),
                port: s.port,
                lan: s.lan,
            })
        }
        Command::Start { port, lang } => {
            commands::workshop::start(&commands::workshop::StartOptions {
                places: commands::workshop::StartOptions::places_here(),
                port,
                lang: lang.map(Lang::from),
                double_clicked: cli.double_clicked,
            })
        }
        Command::Init { dir, lang } => {
            commands::init::command(&dir, lang.map_or(Lang::Id, Lang::from))
        }
        Command::Print {
            content,
            out,
            no_build,
            pdf_dir,
            chromium,
            timeout,
            cache,
            lang,
        } => {
            let opts = Options {
                lang: lang.map(Lang::from),
                progress: std::io::stderr().is_terminal(),
                ..Options::new(content, Some(out.clone()), cache_dir(cache))
            };
            let pdf = commands::print::PrintOptions {
                build: !no_build,
                site: out,
                to: pdf_dir,
                chromium,
                timeout: std::time::Duration::from_secs(timeout),
                lang: messages_lang(lang, &opts.content),
            };
            commands::print::command(&opts, &pdf)
        }
        Command::Cache {
            what:
                CacheCommand::Prune {
                    cache,
                    older_than,
                    all,
                    wait,
                    lang,
                },
        } => {
            let rule = match all {
                true => crate::photos::prune::Rule::All,
                false => crate::photos::prune::Rule::unused_for_days(older_than),
            };
            let lang = messages_lang(lang, std::path::Path::new("content"));
            let wait = std::time::Duration::from_secs(wait);
            commands::cache::prune(&cache_dir(cache), rule, wait, lang)
        }
        Command::New {
            what,
            content,
            lang,
        } => {
            let lang = messages_lang(lang, &content);
            match &what {
                NewCommand::Village { name } => commands::new::command(&content, None, name, lang),
                NewCommand::Product { village, name } => {
                    commands::new::command(&content, Some(village), name, lang)
                }
            }
        }
    };
    ExitCode::from(match outcome {
        Outcome::Done => EXIT_OK,
        Outcome::ContentErrors => EXIT_CONTENT,
        Outcome::CouldNotRun => EXIT_RUN,
    })
}

/// The command line of this process, parsed; a mistake in it is said in the
/// volunteer's language (`--lang`, else the catalog's in `--content`) and ends the
/// process with exit status 2, `--help` and `--version` as clap prints them.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() == 1 && double_clicked() {
        return Cli {
            command: Command::Start {
                port: None,
                lang: None,
            },
            double_clicked: true,
        };
    }
    Cli::try_parse_from(&args).unwrap_or_else(|e| {
        match commands::usage::said(&e, lang_of_args(&args)) {
            Some(said) => {
                eprint!("{said}");
                std::process::exit(i32::from(EXIT_RUN));
            }
            None => e.exit(),
        }
    })
}

/// Whether this process was started from a file manager rather than typed in a
/// terminal: its standard input is no terminal (Linux, BSDs: a double-click runs it with
/// none), or, on Windows, the console window it has was made for it alone (a double-click
/// in Explorer; from Command Prompt the console is shared with the shell).
fn double_clicked() -> bool {
    if !std::io::stdin().is_terminal() {
        return true;
    }
    #[cfg(windows)]
    {
        let mut ids = [0u32; 2];
        // SAFETY: the buffer holds the 2 process ids the call is told it may write.
        let attached = unsafe {
            windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), 2)
        };
        if attached == 1 {
            return true;
        }
    }
    false
}

/// The language a command line asks for, read without clap (which could not read it):
/// the last `--lang id|en`, else the language of the catalog in `--content` (default
/// `content`).
fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let (mut lang, mut content) = (None, PathBuf::from("content"));
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    for (i, arg) in args.iter().enumerate() {
        let next = args.get(i + 1).map(String::as_str);
        let value = |name: &str| match arg.strip_prefix(name) {
            Some("") => next,
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value("--lang") {
            Some("en") => lang = Some(LangArg::En),
            Some("id") => lang = Some(LangArg::Id),
            _ => {}
        }
        if let Some(dir) = value("--content") {
            content = PathBuf::from(dir);
        }
    }
    messages_lang(lang, &content)
}

/// The language of messages: `--lang`, else the catalog's.
fn messages_lang(flag: Option<LangArg>, content: &std::path::Path) -> Lang {
    flag.map(Lang::from)
        .unwrap_or_else(|| crate::catalog::messages_lang(content))
}

fn cache_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("ETALASE_CACHE").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(".etalase-cache"))
}
