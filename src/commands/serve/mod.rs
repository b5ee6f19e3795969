//! `etalase serve`: a local preview that rebuilds on every save.
//!
//! The site is built into a private folder (never `public/`), served over HTTP on
//! `127.0.0.1` (or the LAN address with `--lan`), and rebuilt when anything under the
//! content folder changes, theme overrides included. Open tabs reload through
//! server-sent events. A failed rebuild keeps the last good site and shows its problems
//! in an overlay on every page until the next good build.
//!
//! The HTTP side is [`crate::commands::server`] (axum on tokio, within its limits)
//! serving the handlers of `http`; the builds run on a thread of their own, as
//! `build` runs them (rayon, synchronous), and hand each outcome over a `watch`
//! channel.

mod http;
mod said;

use crate::commands::Outcome;
use crate::commands::build::{self, Options};
use crate::commands::server;
use crate::diag::{Diagnostic, Lang, Text};
use crate::text;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What `etalase serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub content: PathBuf,
    pub cache: PathBuf,
    /// `None`: the first free port from [`DEFAULT_PORT`]; `Some(0)`: any free port.
    pub port: Option<u16>,
    /// Listen on every address and print the LAN URL and a QR code.
    pub lan: bool,
    pub lang: crate::diag::Lang,
}

/// The first port tried when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// The state the HTTP side reads: the problems of the last build (empty after a good
/// one) and a counter that moves on with every build, which event streams wait on.
#[derive(Debug, Default)]
pub struct Status {
    pub generation: u64,
    pub problems: Vec<String>,
}

/// Shared between the build loop and the HTTP side.
pub struct Shared {
    pub site: PathBuf,
    /// The last build's [`Status`]; event streams wait on its changes.
    pub status: tokio::sync::watch::Sender<Status>,
    /// Set on Ctrl-C: the build loop ends.
    pub stop: AtomicBool,
    pub lang: crate::diag::Lang,
    /// The path the preview is served under: `""` (`serve`), `"/pratinjau"` (`edit`).
    pub base: String,
}

#[derive(Debug)]
pub enum ServeError {
    /// `--content` names no folder.
    NotAFolder(PathBuf),
    Bind(String),
    Watch(String),
    Io(std::io::Error),
}

impl ServeError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> Text {
        match self {
            ServeError::NotAFolder(p) => {
                crate::catalog::load::LoadError::NotAFolder(p.clone()).text()
            }
            ServeError::Bind(e) => text!(
                en: "could not start the preview server: {e}",
                id: "server pratinjau tidak bisa dimulai: {e}"
            ),
            ServeError::Watch(e) => text!(
                en: "could not watch the content folder for changes: {e}",
                id: "folder konten tidak bisa diawasi perubahannya: {e}"
            ),
            ServeError::Io(e) => text!(
                en: "could not make the preview's working folder: {e}",
                id: "folder kerja pratinjau tidak bisa dibuat: {e}"
            ),
        }
    }
}

/// `etalase serve`: the preview until Ctrl-C, or why it could not start.
pub fn command(opts: &ServeOptions) -> Outcome {
    crate::commands::report::outcome(serve(opts).map_err(|e| e.text()), opts.lang)
}

/// Runs the preview until Ctrl-C.
pub fn serve(opts: &ServeOptions) -> Result<(), ServeError> {
    let live = Live::start(&opts.content, &opts.cache, opts.lang, "")?;
    let listener = bind(opts)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(e.to_string()))?;
    let runtime = server::runtime().map_err(|e| ServeError::Bind(e.to_string()))?;
    // Before the address is shown: a stop asked for as soon as the preview is up
    // still removes the working folder.
    let stop = {
        let _inside = runtime.enter();
        server::stop_signal().map_err(|e| ServeError::Bind(e.to_string()))?
    };
    announce(addr, opts.lan, opts.lang);
    let watch = live.watch();
    let routes = live.routes();
    let served = runtime.block_on(server::run(listener, routes, server::Limits::PREVIEW, stop));
    // Ctrl-C: the server has stopped accepting; open connections (event streams) are
    // dropped with the runtime, and the watcher ends.
    runtime.shutdown_timeout(Duration::from_secs(1));
    live.finish(watch);
    served.map_err(|e| ServeError::Bind(e.to_string()))?;
    eprintln!("{}", said::stopped().get(opts.lang));
    Ok(())
}

/// The live preview without its server: the site built into a private working folder,
/// rebuilt on every change under the content folder, and its handlers. `serve` serves
/// them at `/`; the workshop (`etalase edit`) beside its own pages, under a prefix.
pub struct Live {
    work: tempfile::TempDir,
    shared: Arc<Shared>,
    build_opts: Options,
    content: PathBuf,
}

impl Live {
    /// Makes the working folder and builds the site once. `base` is the path the
    /// preview is served under (`""` for `/`, `"/pratinjau"`): its pages' event stream
    /// is there.
    pub fn start(content: &Path, cache: &Path, lang: Lang, base: &str) -> Result<Live, ServeError> {
        if !content.is_dir() {
            return Err(ServeError::NotAFolder(content.to_path_buf()));
        }
        // The preview's pages are rewritten on every save: in memory (/dev/shm) where the
        // system has it, as disks with online discard make many small writes slow.
        // A preview stopped by Ctrl-C, by closing its terminal or by `kill` removes its
        // folder; one killed outright cannot, and its folder is removed by the next one.
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix(WORK_PREFIX);
        let work = if shm.is_dir() {
            remove_stale_work(shm);
            builder.tempdir_in(shm).or_else(|_| builder.tempdir())
        } else {
            builder.tempdir()
        }
        .map_err(ServeError::Io)?;
        remove_stale_work(&std::env::temp_dir());
        std::fs::write(work.path().join(PID_FILE), std::process::id().to_string())
            .map_err(ServeError::Io)?;
        let shared = Arc::new(Shared {
            site: work.path().join("site"),
            status: tokio::sync::watch::Sender::new(Status::default()),
            stop: AtomicBool::new(false),
            lang,
            base: base.to_string(),
        });
        let build_opts = Options {
            content: content.to_path_buf(),
            out: Some(shared.site.clone()),
            cache: cache.to_path_buf(),
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            lang: Some(lang),
            last_run: false,
            catalog_locked: false,
        };
        rebuild(&build_opts, &shared);
        Ok(Live {
            work,
            shared,
            build_opts,
            content: content.to_path_buf(),
        })
    }

    /// Starts rebuilding on every change, on a thread of its own. The folder is
    /// watched before this returns, so a change made once the server answers (a save
    /// in the workshop, a file written by a test) is never missed.
    pub fn watch(&self) -> std::thread::JoinHandle<()> {
        let shared = self.shared.clone();
        let opts = self.build_opts.clone();
        let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
        let watcher = notify::recommended_watcher(tx).and_then(|mut w| {
            notify::Watcher::watch(&mut w, &self.content, notify::RecursiveMode::Recursive)
                .map(|()| w)
        });
        std::thread::spawn(move || match watcher {
            Ok(watcher) => watch_and_rebuild(watcher, rx, &opts, &shared),
            Err(e) => {
                // The preview runs on, without rebuilding on save.
                let why = ServeError::Watch(e.to_string()).text();
                eprintln!(
                    "{}",
                    crate::commands::report::failure_line(&why, shared.lang)
                );
            }
        })
    }

    /// The preview's handlers, for paths below its `base`.
    pub fn routes(&self) -> axum::Router {
        http::routes(self.shared.clone())
    }

    /// The state the handlers read: the last build's outcome.
    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }
}

/// The preview's answer to `method path` (the path below its base), as
/// [`Live::routes`] answers it.
pub async fn answer(
    shared: Arc<Shared>,
    method: axum::http::Method,
    path: &str,
) -> axum::response::Response {
    http::answer(shared, method, path).await
}

impl Live {
    /// After the server stopped: ends the watcher and removes the working folder.
    pub fn finish(self, watch: std::thread::JoinHandle<()>) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = watch.join();
        drop(self.work);
    }
}

/// The start of the name of a preview's working folder, in /dev/shm or the temp folder.
const WORK_PREFIX: &str = "etalase-serve-";
/// The file in a preview's working folder naming the process that owns it.
const PID_FILE: &str = "pid";

/// Removes the working folders in `dir` of previews whose process is gone (killed
/// outright, so that it could not remove its own: in /dev/shm that is memory kept
/// until the next restart). A folder without its process number is left alone: it may
/// be one being made right now.
fn remove_stale_work(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(WORK_PREFIX) {
            continue;
        }
        let pid = std::fs::read_to_string(entry.path().join(PID_FILE))
            .ok()
            .and_then(|p| p.trim().parse::<i32>().ok());
        if pid.is_some_and(|pid| !process_alive(pid)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this number runs (or may: when unsure, it does).
fn process_alive(pid: i32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let gone = unsafe { libc::kill(pid, 0) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        !gone
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Builds once and publishes the outcome to the HTTP side.
fn rebuild(opts: &Options, shared: &Shared) {
    let started = Instant::now();
    let outcome = build::run(opts);
    let mut status = Status {
        generation: shared.status.borrow().generation + 1,
        problems: Vec::new(),
    };
    match outcome {
        Ok(report) => {
            let errors: Vec<&Diagnostic> =
                report.diagnostics.iter().filter(|d| d.is_error()).collect();
            for d in report.diagnostics.clone().sorted() {
                eprintln!("{}", d.render(shared.lang));
            }
            status.problems = errors.iter().map(|d| d.render(shared.lang)).collect();
            let said = if errors.is_empty() {
                said::rebuilt(
                    started.elapsed().as_millis(),
                    report.pages,
                    report.photos_processed,
                    report.photos_cached,
                )
            } else if shared.site.join("index.html").is_file() {
                said::not_rebuilt(errors.len())
            } else {
                said::not_built(errors.len())
            };
            eprintln!("{}", said.get(shared.lang));
            // A folder left out of the preview is said after every build, as `build`
            // says it in its closing line.
            if report.skipped > 0 {
                let skipped = crate::commands::report::skipped_text(report.skipped);
                eprintln!("{}", skipped.get(shared.lang));
            }
        }
        Err(e) => {
            let line = crate::commands::report::failure_line(&e.text(), shared.lang);
            eprintln!("{line}");
            status.problems = vec![line];
        }
    }
    // Wakes every event stream; kept for the pages served next.
    shared.status.send_replace(status);
}

/// Watches the content folder (theme overrides in `_theme/` included) and rebuilds
/// after each burst of changes: created, changed, renamed and deleted files all count.
fn watch_and_rebuild(
    _watcher: notify::RecommendedWatcher,
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    opts: &Options,
    shared: &Shared,
) {
    while !shared.stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) if is_change(&event) => {
                // Editors save through temporary files and several writes: wait until
                // the burst is over (quiet for DEBOUNCE), then rebuild once.
                while rx.recv_timeout(DEBOUNCE).is_ok() {}
                rebuild(opts, shared);
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("{}", said::watch_trouble(&e.to_string()).get(shared.lang)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// How long the folder must be quiet after a change before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// Whether an event changes what a build reads. Reading files (which the build itself
/// does) and metadata-only changes (access times) do not.
fn is_change(event: &notify::Event) -> bool {
    use notify::EventKind::*;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match event.kind {
        Create(_) | Remove(_) => true,
        Modify(ModifyKind::Metadata(_)) => false,
        Modify(_) => true,
        Access(AccessKind::Close(AccessMode::Write)) => true,
        Access(_) | Any | Other => false,
    }
}

fn bind(opts: &ServeOptions) -> Result<std::net::TcpListener, ServeError> {
    let ip: IpAddr = if opts.lan {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 50).collect(),
    };
    server::bind(ip, ports).map_err(ServeError::Bind)
}

/// Prints where the preview is (first line of stdout, the address its last word, for
/// scripts and tests) and, with `--lan`, the address a phone on the same Wi-Fi can
/// open, as a QR code too; in `lang`.
fn announce(addr: SocketAddr, lan: bool, lang: Lang) {
    let local = format!("http://127.0.0.1:{}/", addr.port());
    println!("{}", said::serving_at(&local).get(lang));
    if lan {
        match lan_address() {
            Some(ip) => {
                let url = format!("http://{ip}:{}/", addr.port());
                println!("{}", said::on_a_phone(&url).get(lang));
                print_qr(&url);
            }
            None => println!("{}", said::no_lan_address().get(lang)),
        }
    }
    println!("{}", said::press_ctrl_c().get(lang));
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// With `--lan`, on a computer with no address but its own.
pub fn said_no_lan_address() -> Text {
    said::no_lan_address()
}

/// Prints `url` as a QR code drawn with half blocks, light on dark, for a phone's
/// camera.
pub fn print_qr(url: &str) {
    if let Ok(code) = qrcode::QrCode::new(url.as_bytes()) {
        let art = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build();
        println!("{art}");
    }
}

/// The first private IPv4 address of this machine (the one a phone on the same network
/// reaches it at).
pub fn lan_address() -> Option<Ipv4Addr> {
    let addrs = if_addrs::get_if_addrs().ok()?;
    let v4: Vec<Ipv4Addr> = addrs
        .iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(ip) => Some(ip),
            IpAddr::V6(_) => None,
        })
        .collect();
    v4.iter()
        .copied()
        .find(|ip| ip.is_private())
        .or_else(|| v4.first().copied())
}
