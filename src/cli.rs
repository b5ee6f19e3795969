//! The command line: arguments in, stages run, diagnostics printed, exit status out.

use crate::commands::build::{self, Options, Report};
use crate::diag::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "etalase",
    version,
    about = "Builds a product catalog site from folders of YAML, Markdown and photos."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
        /// The catalog folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The port [default: the first free one from 1111; 0: any free port].
        #[arg(long)]
        port: Option<u16>,
        /// Reachable from a phone on the same Wi-Fi: prints the address and a QR code.
        #[arg(long)]
        lan: bool,
        /// The processed-photo cache [default: $ETALASE_CACHE or .etalase-cache].
        #[arg(long)]
        cache: Option<PathBuf>,
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
    /// Make a new village or product folder, ready to fill in.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The catalog folder.
        #[arg(long, default_value = "content", global = true)]
        content: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A village: `etalase new village "Sidomulyo"`.
    Village { name: String },
    /// A product in a village: `etalase new product sidomulyo "Keripik Pare"`.
    Product { village: String, name: String },
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
    let started = Instant::now();
    let (opts, all_warnings) = match cli.command {
        Command::Build {
            content,
            out,
            cache,
            lang,
            all_warnings,
        } => (
            Options {
                content,
                out: Some(out),
                cache: cache_dir(cache),
                progress: std::io::stderr().is_terminal(),
                lang: lang.map(Lang::from),
                last_run: true,
            },
            all_warnings,
        ),
        Command::Check {
            content,
            lang,
            all_warnings,
        } => (
            Options {
                content,
                out: None,
                cache: cache_dir(None),
                progress: false,
                lang: lang.map(Lang::from),
                last_run: true,
            },
            all_warnings,
        ),
        Command::Serve {
            content,
            port,
            lan,
            cache,
            lang,
        } => {
            let lang = lang
                .map(Lang::from)
                .unwrap_or_else(|| catalog_lang(&content));
            let opts = crate::commands::serve::ServeOptions {
                content,
                cache: cache_dir(cache),
                port,
                lan,
                lang,
            };
            return match crate::commands::serve::serve(&opts) {
                Ok(()) => ExitCode::from(EXIT_OK),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_RUN)
                }
            };
        }
        Command::Init { dir, lang } => {
            return init(&dir, lang.map_or(Lang::Id, Lang::from));
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
            let lang_of = |content: &std::path::Path| {
                lang.map(Lang::from)
                    .unwrap_or_else(|| catalog_lang(content))
            };
            // Before the build: a volunteer should not wait for the photos to learn that
            // the browser is missing.
            let browser = match crate::commands::print::find_browser(chromium.as_deref()) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {}", e.text().get(lang_of(&content)));
                    return ExitCode::from(EXIT_RUN);
                }
            };
            let opts = Options {
                content,
                out: Some(out.clone()),
                cache: cache_dir(cache),
                progress: std::io::stderr().is_terminal(),
                lang: lang.map(Lang::from),
                last_run: false,
            };
            if !no_build {
                match build::run(&opts) {
                    Ok(report) => {
                        if print_report(report, &opts, false, started) {
                            return ExitCode::from(EXIT_CONTENT);
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(EXIT_RUN);
                    }
                }
            }
            let pdf = crate::commands::print::PdfOptions {
                site: out,
                to: pdf_dir,
                browser,
                timeout: std::time::Duration::from_secs(timeout),
            };
            return print_pdfs(&opts.content, &pdf, lang_of(&opts.content));
        }
        Command::New { what, content } => {
            let made = match &what {
                NewCommand::Village { name } => crate::commands::new::village(&content, name),
                NewCommand::Product { village, name } => {
                    crate::commands::new::product(&content, village, name)
                }
            };
            return match made {
                Ok(dir) => {
                    println!("made {}/", crate::diag::display_path(&dir));
                    println!(
                        "next: fill in the YAML file there, add photos, then run `etalase check`"
                    );
                    ExitCode::from(EXIT_OK)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_RUN)
                }
            };
        }
    };
    match build::run(&opts) {
        Ok(report) => ExitCode::from(if print_report(report, &opts, all_warnings, started) {
            EXIT_CONTENT
        } else {
            EXIT_OK
        }),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_RUN)
        }
    }
}

/// `etalase init DIR`: makes the repository and says what to do next.
fn init(dir: &std::path::Path, lang: Lang) -> ExitCode {
    match crate::commands::init::init(dir) {
        Ok(files) => {
            let shown = crate::diag::display_path(dir);
            let count = files.len();
            let done = crate::text!(
                en: "made {shown}/ with {count} files: an example catalog in content/ and the deploy recipes",
                id: "selesai: {shown}/ berisi {count} file: contoh katalog di content/ dan resep terbit",
            );
            let next = crate::text!(
                en: "next: cd {shown}, replace the example village and product, run `etalase check`, then publish as README.md says",
                id: "berikutnya: cd {shown}, ganti contoh desa dan produk, jalankan `etalase check`, lalu terbitkan seperti tertulis di README.md",
            );
            println!("{}\n{}", done.get(lang), next.get(lang));
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            let label = match lang {
                Lang::En => "error",
                Lang::Id => "kesalahan",
            };
            eprintln!("{label}: {}", e.text().get(lang));
            ExitCode::from(EXIT_RUN)
        }
    }
}

/// `etalase print` after the build: the PDFs, or why none was made.
fn print_pdfs(
    content: &std::path::Path,
    pdf: &crate::commands::print::PdfOptions,
    lang: Lang,
) -> ExitCode {
    if let Some(w) = crate::site::print::base_url_warning(content) {
        eprintln!("{}", w.render(lang));
    }
    match crate::commands::print::print_pdfs(pdf) {
        Ok(written) => {
            for (path, bytes) in written {
                let (path, kb) = (crate::diag::display_path(&path), bytes.div_ceil(1024));
                let line =
                    crate::text!(en: "wrote {path} ({kb} KB)", id: "PDF ditulis: {path} ({kb} KB)");
                eprintln!("{}", line.get(lang));
            }
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!("error: {}", e.text().get(lang));
            ExitCode::from(EXIT_RUN)
        }
    }
}

/// The catalog's `language:`, for messages printed before any build.
fn catalog_lang(content: &std::path::Path) -> Lang {
    crate::catalog::load::settings(content).map_or(Lang::Id, |s| s.lang())
}

fn cache_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os("ETALASE_CACHE").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(".etalase-cache"))
}

/// Prints the diagnostics and the closing lines; says whether there were errors.
fn print_report(mut report: Report, opts: &Options, all_warnings: bool, started: Instant) -> bool {
    let lang = report.lang;
    let terminal = std::io::stderr().is_terminal();
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    // The closing line counts them before they are cut down for showing.
    let closing = summary(&report, opts, started.elapsed().as_secs_f64());
    let has_errors = report.has_errors();
    let mut shown = std::mem::take(&mut report.diagnostics).sorted();
    if !all_warnings {
        shown = crate::diag::collapse::collapse(shown);
    }
    for d in shown {
        let shown = if terminal {
            let source = std::fs::read_to_string(&d.path).ok();
            d.render_snippet(lang, source.as_deref(), color)
        } else {
            d.render(lang)
        };
        let _ = writeln!(err, "{shown}");
    }
    let _ = writeln!(err, "{closing}");
    if let Some(size) = &report.size {
        for line in crate::site::static_hosts::report_lines(
            size,
            &crate::site::static_hosts::Limits::FREE_HOSTS,
            lang,
        ) {
            let _ = writeln!(err, "{line}");
        }
    }
    has_errors
}

/// The closing line: what was read, what was found, what was written.
fn summary(report: &Report, opts: &Options, secs: f64) -> String {
    let (v, p, f) = (report.villages, report.products, report.photos);
    let (e, w) = (
        report.diagnostics.error_count(),
        report.diagnostics.warning_count(),
    );
    // Indonesian nouns have no plural form; English ones do.
    let counts = match report.lang {
        Lang::En => format!(
            "{}, {}, {}",
            plural(v, "village"),
            plural(p, "product"),
            plural(f, "photo")
        ),
        Lang::Id => format!("{v} desa, {p} produk, {f} foto"),
    };
    let problems = match report.lang {
        Lang::En => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        Lang::Id => format!("{e} kesalahan, {w} peringatan"),
    };
    let line = match (&opts.out, &report.written) {
        (Some(out), Some(wr)) => {
            let (done, cached, pages, files) = (
                report.photos_processed,
                report.photos_cached,
                report.pages,
                wr.files,
            );
            let (mb, out) = (
                format!("{:.1}", wr.bytes as f64 / 1e6),
                crate::diag::display_path(out),
            );
            crate::text!(
                en: "built {counts} ({done} processed, {cached} from cache), {pages} pages, {files} files, {mb} MB into {out} in {secs:.2} s; {problems}",
                id: "selesai dibangun: {counts} ({done} diproses, {cached} dari cache), {pages} halaman, {files} file, {mb} MB di {out} dalam {secs:.2} detik; {problems}",
            )
        }
        (Some(out), None) => {
            let out = crate::diag::display_path(out);
            crate::text!(
                en: "not built: {counts}: {problems}; {out} is unchanged",
                id: "tidak dibangun: {counts}: {problems}; {out} tidak diubah",
            )
        }
        (None, _) => {
            crate::text!(en: "checked {counts}: {problems}", id: "diperiksa: {counts}: {problems}")
        }
    };
    line.get(report.lang).to_string()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
