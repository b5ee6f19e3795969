//! `etalase print`: the printed catalog and the label sheet of a built site as PDF, by
//! headless Chromium (or Chrome), which already lays out print CSS (`@page`, page
//! breaks) better than any PDF library would.
//!
//! Each page is printed by its own Chromium run with a fresh profile in a temporary
//! folder, into that folder first, then copied to where it belongs: a run that fails
//! or hangs (killed after the timeout) leaves no half-written PDF behind.

use crate::commands::Outcome;
use crate::diag::fsio;
use crate::diag::{Lang, Text, display_path};
use crate::text;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The names tried on `PATH`, in order, when `--chromium` is not given.
pub const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The PDFs `etalase print` writes, and the page of the site each is printed from.
pub const OUTPUTS: [(&str, &str); 2] = [
    ("katalog.pdf", crate::site::print::CATALOG_DIR),
    ("label.pdf", crate::site::print::LABELS_DIR),
];

/// What `etalase print` was asked for, beside the build's options.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// Build the site first (not `--no-build`).
    pub build: bool,
    /// The built site (`public/`).
    pub site: PathBuf,
    /// The folder the PDFs are written into.
    pub to: PathBuf,
    /// `--chromium`, else the first browser found on `PATH`.
    pub chromium: Option<PathBuf>,
    /// How long one page may take before the browser is stopped.
    pub timeout: Duration,
    /// The language of messages.
    pub lang: Lang,
}

/// `etalase print`: the browser found first (a volunteer should not wait for the photos
/// to learn that it is missing), the site built unless `--no-build`, then the PDFs.
pub fn command(build: &crate::commands::build::Options, print: &PrintOptions) -> Outcome {
    let lang = print.lang;
    let browser = match find_browser(print.chromium.as_deref()) {
        Ok(b) => b,
        Err(e) => {
            crate::commands::report::failure(&e.text(), lang);
            return Outcome::CouldNotRun;
        }
    };
    if print.build {
        let outcome = crate::commands::build::command(build, false);
        if outcome != Outcome::Done {
            return outcome;
        }
    }
    if let Some(w) = crate::site::print::base_url_warning(&build.content) {
        eprintln!("{}", w.render(lang));
    }
    let pdf = PdfOptions {
        site: print.site.clone(),
        to: print.to.clone(),
        browser,
        timeout: print.timeout,
    };
    match print_pdfs(&pdf) {
        Ok(written) => {
            for (path, bytes) in written {
                let (path, kb) = (display_path(&path), bytes.div_ceil(1024));
                let line = text!(en: "wrote {path} ({kb} KB)", id: "PDF ditulis: {path} ({kb} KB)");
                eprintln!("{}", line.get(lang));
            }
            Outcome::Done
        }
        Err(e) => {
            crate::commands::report::failure(&e.text(), lang);
            Outcome::CouldNotRun
        }
    }
}

/// What to print, with what, and where to.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The built site (`public/`).
    pub site: PathBuf,
    /// The folder the PDFs are written into.
    pub to: PathBuf,
    /// The browser, as [`find_browser`] found it.
    pub browser: PathBuf,
    /// How long one page may take before the browser is stopped.
    pub timeout: Duration,
}

/// Why no PDF was made: exit status 2.
#[derive(Debug)]
pub enum PdfError {
    /// No browser found on `PATH`, or `--chromium` names no file.
    NoBrowser(Option<PathBuf>),
    /// The site has no printed catalog (not built yet, or built before it existed).
    NotBuilt(PathBuf),
    Io(fsio::IoError),
    /// The browser could not be started.
    Start(PathBuf, std::io::Error),
    /// The browser ran past the timeout and was stopped.
    Timeout(Duration),
    /// The browser ended without writing the PDF: its exit status and last words.
    Failed(String, String),
}

impl PdfError {
    pub fn text(&self) -> Text {
        match self {
            PdfError::NoBrowser(None) => {
                let names = BROWSERS.join(", ");
                text!(
                    en: "printing to PDF needs Chromium or Google Chrome, and none was found (looked for {names} on PATH): install it (Debian/Ubuntu: sudo apt install chromium; Windows and macOS: Google Chrome), or name it with --chromium PATH",
                    id: "mencetak ke PDF butuh Chromium atau Google Chrome, dan tidak ditemukan (dicari {names} di PATH): pasang dulu (Debian/Ubuntu: sudo apt install chromium; Windows dan macOS: Google Chrome), atau sebutkan letaknya dengan --chromium PATH"
                )
            }
            PdfError::NoBrowser(Some(p)) => {
                let p = display_path(p);
                text!(
                    en: "--chromium {p}: no such program; give the path of Chromium or Google Chrome",
                    id: "--chromium {p}: program itu tidak ada; tulis letak Chromium atau Google Chrome"
                )
            }
            PdfError::NotBuilt(p) => {
                let p = display_path(p);
                text!(
                    en: "{p} does not exist: build the site first (etalase print without --no-build does)",
                    id: "{p} tidak ada: bangun situsnya dulu (etalase print tanpa --no-build melakukannya)"
                )
            }
            PdfError::Io(e) => e.text(),
            PdfError::Start(p, e) => {
                let p = display_path(p);
                text!(
                    en: "could not start {p}: {e}",
                    id: "{p} tidak bisa dijalankan: {e}"
                )
            }
            PdfError::Timeout(t) => {
                let s = t.as_secs();
                text!(
                    en: "the browser did not finish the PDF in {s} s and was stopped; try again, or allow longer with --timeout",
                    id: "browser tidak selesai membuat PDF dalam {s} detik dan dihentikan; coba lagi, atau beri waktu lebih dengan --timeout"
                )
            }
            PdfError::Failed(status, said) => text!(
                en: "the browser ended ({status}) without writing the PDF:\n{said}",
                id: "browser berhenti ({status}) tanpa menulis PDF:\n{said}"
            ),
        }
    }
}

/// Prints the catalog and the label sheet of `opts.site`; returns each PDF written and
/// its size in bytes.
pub fn print_pdfs(opts: &PdfOptions) -> Result<Vec<(PathBuf, u64)>, PdfError> {
    let mut written = Vec::new();
    fsio::create_dir_all(&opts.to).map_err(PdfError::Io)?;
    for (name, dir) in OUTPUTS {
        let page = crate::output::paths::out_path(&opts.site, &format!("{dir}index.html"));
        if !page.is_file() {
            return Err(PdfError::NotBuilt(page));
        }
        let pdf = opts.to.join(name);
        print_page(&opts.browser, &page, &pdf, opts.timeout)?;
        let size = fsio::metadata(&pdf).map_err(PdfError::Io)?.len();
        written.push((pdf, size));
    }
    Ok(written)
}

/// The browser: `flag` when given (a path, or a name on `PATH`), else the first of
/// [`BROWSERS`] on `PATH`.
pub fn find_browser(flag: Option<&Path>) -> Result<PathBuf, PdfError> {
    match flag {
        Some(p) if p.is_file() => Ok(p.to_path_buf()),
        Some(p) => p
            .to_str()
            .filter(|s| !s.contains(['/', '\\']))
            .and_then(on_path)
            .ok_or_else(|| PdfError::NoBrowser(Some(p.to_path_buf()))),
        None => BROWSERS
            .iter()
            .find_map(|n| on_path(n))
            .ok_or(PdfError::NoBrowser(None)),
    }
}

/// A program's file in a folder of `PATH` (`name.exe` too, on Windows).
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        [name.to_string(), format!("{name}.exe")]
            .into_iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    })
}

/// Prints one HTML file to one PDF with the browser, stopping it after `timeout`.
pub fn print_page(
    browser: &Path,
    html: &Path,
    pdf: &Path,
    timeout: Duration,
) -> Result<(), PdfError> {
    let html = std::path::absolute(html).map_err(|source| {
        PdfError::Io(fsio::IoError {
            path: html.to_path_buf(),
            action: "find",
            source,
        })
    })?;
    let url = url::Url::from_file_path(&html).map_err(|()| PdfError::NotBuilt(html.clone()))?;
    let work = tempfile::Builder::new()
        .prefix("etalase-print-")
        .tempdir()
        .map_err(|source| {
            PdfError::Io(fsio::IoError {
                path: std::env::temp_dir(),
                action: "make a folder in",
                source,
            })
        })?;
    let out = work.path().join("out.pdf");
    let log_path = work.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).map_err(|source| {
        PdfError::Io(fsio::IoError {
            path: log_path.clone(),
            action: "write",
            source,
        })
    })?;
    let mut child = Command::new(browser)
        .args([
            "--headless",
            // Root in a container has no sandbox to drop into; the page is our own file.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| PdfError::Start(browser.to_path_buf(), e))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(PdfError::Start(browser.to_path_buf(), e)),
        }
    };
    let made = std::fs::metadata(&out).is_ok_and(|m| m.len() > 0);
    if !status.success() || !made {
        let said = std::fs::read_to_string(&log_path).unwrap_or_default();
        return Err(PdfError::Failed(status.to_string(), last_lines(&said, 8)));
    }
    // Beside the target first, then renamed over it: a reader never sees half a PDF.
    let part = pdf.with_extension("pdf.part");
    fsio::link_or_copy(&out, &part).map_err(PdfError::Io)?;
    fsio::rename(&part, pdf).map_err(PdfError::Io)
}

/// The last `n` lines of the browser's log that are not its usual noise about D-Bus
/// (absent in containers and on servers, and harmless).
fn last_lines(log: &str, n: usize) -> String {
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_browser_is_named_and_so_is_the_fix() {
        let e = find_browser(Some(Path::new("/no/such/chromium"))).unwrap_err();
        assert!(matches!(e, PdfError::NoBrowser(Some(_))));
        assert!(e.text().en.contains("--chromium /no/such/chromium"));
        let none = PdfError::NoBrowser(None).text();
        assert!(none.en.contains("apt install chromium"), "{}", none.en);
        assert!(none.id.contains("pasang dulu"), "{}", none.id);
    }

    #[test]
    fn the_log_keeps_what_matters() {
        let log = "a\n[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\nb\n\nc\n";
        assert_eq!(last_lines(log, 2), "b\nc");
    }
}
