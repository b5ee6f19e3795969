//! The report printer: a run's diagnostics, each in the contract's
//! `path:line:col: error|warning: message` form (with the line and a caret under the
//! spot on a terminal), a crowd of one kind of warning cut to a few lines, then the
//! closing line counting everything and the size report; and a failure to run, in the
//! same language.

use crate::diag::{Diagnostics, Lang, Text};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The language to print the diagnostics in: `--lang`, else the catalog's.
    pub lang: crate::diag::Lang,
    pub villages: usize,
    pub products: usize,
    /// Folders that look like villages or products but were not read (each has its
    /// warning): counted in the closing line, so that a build that "succeeded" does
    /// not hide a product that is missing from the site.
    pub skipped: usize,
    pub photos: usize,
    /// Photos decoded and encoded in this run.
    pub photos_processed: usize,
    /// Photos whose renditions came from the cache.
    pub photos_cached: usize,
    pub pages: usize,
    /// Pages rendered in this run: a warm build renders only the pages whose
    /// templates, words or context changed since the last build.
    pub rendered: usize,
    /// Files and bytes written (build only).
    pub written: Option<crate::output::staging::WriteStats>,
    /// The written site measured against the free hosts' limits (build only).
    pub size: Option<crate::site::static_hosts::SizeReport>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// A failure to run (exit status 2), printed: `kesalahan: …` or `error: …`.
pub fn failure(text: &Text, lang: Lang) {
    eprintln!("{}", failure_line(text, lang));
}

/// How a command that says nothing more when it is done ended (`serve` and `edit`,
/// which run until Ctrl-C): done, or its failure to run printed as [`failure`] says it.
pub fn outcome(ran: Result<(), Text>, lang: Lang) -> crate::commands::Outcome {
    match ran {
        Ok(()) => crate::commands::Outcome::Done,
        Err(text) => {
            failure(&text, lang);
            crate::commands::Outcome::CouldNotRun
        }
    }
}

/// A line saying what the run waits for (another build holding a lock), in `lang`.
pub fn notice(text: &Text, lang: Lang) {
    eprintln!("{}", text.get(lang));
}

/// A failure to run as one line, in `lang`.
pub fn failure_line(text: &Text, lang: Lang) -> String {
    let label = match lang {
        Lang::En => "error",
        Lang::Id => "kesalahan",
    };
    format!("{label}: {}", text.get(lang))
}

/// Prints the diagnostics and the closing lines; says whether there were errors.
pub fn print_report(
    mut report: Report,
    out: Option<&Path>,
    all_warnings: bool,
    started: Instant,
) -> bool {
    let lang = report.lang;
    let terminal = std::io::stderr().is_terminal();
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    // The closing line counts them before they are cut down for showing.
    let closing = summary(&report, out, started.elapsed().as_secs_f64());
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
pub fn summary(report: &Report, out: Option<&Path>, secs: f64) -> String {
    let (v, p, f) = (report.villages, report.products, report.photos);
    let (e, w) = (
        report.diagnostics.error_count(),
        report.diagnostics.warning_count(),
    );
    // Indonesian nouns have no plural form; English ones do.
    let counts = match report.lang {
        Lang::En => format!(
            "{}, {}, {}{}",
            plural(v, "village"),
            plural(p, "product"),
            skipped_part(report.skipped, Lang::En),
            plural(f, "photo")
        ),
        Lang::Id => format!(
            "{v} desa, {p} produk, {}{f} foto",
            skipped_part(report.skipped, Lang::Id)
        ),
    };
    let problems = match report.lang {
        Lang::En => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        Lang::Id => format!("{e} kesalahan, {w} peringatan"),
    };
    let line = match (out, &report.written) {
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

/// The folders skipped, for the closing line: `2 folders skipped (see the warnings
/// above), `; nothing when none was.
fn skipped_part(n: usize, lang: Lang) -> String {
    match n {
        0 => String::new(),
        n => format!("{}, ", skipped_text(n).get(lang)),
    }
}

/// `2 folders skipped (see the warnings above)`, in both languages.
pub fn skipped_text(n: usize) -> Text {
    let folders = plural(n, "folder");
    crate::text!(
        en: "{folders} skipped (see the warnings above)",
        id: "{n} folder dilewati (lihat peringatan di atas)"
    )
}

/// `1 photo`, `2 photos`: for the English lines (Indonesian nouns have no plural).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
