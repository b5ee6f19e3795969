//! Hostile and broken input: every case gives a clear `path:line:col` diagnostic and a
//! normal exit (1 for errors, 0 for warnings), never a panic (101), a hang or a
//! runaway allocation. Each run has a time limit, and the etalase process's own peak
//! memory is read from the kernel (`wait4`).
//!
//! This file holds what the topics share: the limited run, the minimal catalog with a
//! photo dropped in, the sample site built once per test, and the one test pinning the
//! words of every hardening diagnostic. The cases, by topic:
//!
//! - `photos`: empty, cut-off, corrupt, disguised and animated photos; decompression bombs
//! - `decoders`: metadata bombs (a PNG's colour profile, a WebP's chunks, a JPEG's
//!   segments) under a memory limit; named pipes and devices where files should be;
//!   JPEG codings the decoder refuses, refused by `check` too
//! - `colours`: photos in Adobe RGB, ProPhoto and Display P3 published in sRGB
//! - `text`: YAML bombs and nesting, files too large, text not saved as UTF-8
//! - `paths`: photo paths and links leading out of the catalog, names Windows cannot hold
//! - `pages`: contributor text that cannot run script; the content security policy,
//!   in the files and in a real browser; links to other sites
//! - `privacy`: photo metadata and originals never published; phone numbers and addresses
//! - `preview`: the preview server refusing a header that never ends and a slow-loris
//! - `resources`: the preview under idle and slow clients; 10,000 products; peak memory
//! - `interrupted`: builds killed midway or at any moment; a damaged photo cache
//! - `together`: writers at once (locks), a kill at each rename of the swap, a full
//!   disk, an output that is a symbolic link
//! - `workshop_kill`: the workshop killed at each step of a save and of a photo upload
//! - `fuzz`: the fuzz targets' corpora

mod colours;
mod decoders;
mod fuzz;
pub(crate) mod interrupted;
mod pages;
mod paths;
mod photos;
mod preview;
mod privacy;
mod resources;
mod text;
mod together;
mod workshop_kill;

use crate::support::files::files_under;
use crate::support::{CatalogTest, sample_photo_cache};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run did, with the etalase process's peak resident memory.
#[derive(Debug)]
struct Limited {
    code: i32,
    stderr: String,
    peak_rss_mb: u64,
    secs: f64,
}

impl Limited {
    /// Asserts the run ended by itself with `code` and names `text` in its diagnostics.
    #[track_caller]
    fn expect(&self, code: i32, text: &str) -> &Self {
        assert_ne!(self.code, 101, "panicked:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `etalase args…` in the test folder, killing it after `limit`; returns its exit
/// status (-1 when killed), stderr and peak RSS.
///
/// A small Python process starts it and reads its rusage: a process started straight
/// from this test binary would report the binary's own peak memory as its own (Linux
/// keeps the larger high-water mark across the vfork and exec), and the other tests
/// running at once make that high.
fn run_limited(t: &CatalogTest, args: &[&str], limit: Duration) -> Limited {
    run_capped(t, args, limit, None)
}

/// [`run_limited`] with the process's address space limited to `address_space` bytes
/// (`RLIMIT_AS`, as `prlimit --as` sets it): an allocation past it fails in the
/// process, which must then refuse the photo rather than abort.
fn run_capped(
    t: &CatalogTest,
    args: &[&str],
    limit: Duration,
    address_space: Option<u64>,
) -> Limited {
    const WATCH: &str = r#"
import os, resource, sys, time
limit, cap, report, argv = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
if cap > 0:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
pid = os.posix_spawn(argv[0], argv, os.environ)
start, killed = time.monotonic(), False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done == pid:
        break
    if time.monotonic() - start > limit and not killed:
        os.kill(pid, 9)
        killed = True
    time.sleep(0.01)
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    f.write(f"{code if code >= 0 else -1} {usage.ru_maxrss} {int(killed)}")
"#;
    let err_path = t.path("stderr.txt");
    let report = t.path("rusage.txt");
    let err = std::fs::File::create(&err_path).unwrap();
    let start = Instant::now();
    let status = Command::new("python3")
        .args(["-c", WATCH, &limit.as_secs_f64().to_string()])
        .arg(address_space.unwrap_or(0).to_string())
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_etalase"))
        .args(args)
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .stdout(Stdio::null())
        .stderr(err)
        .status()
        .expect("python3 runs the hostile-input builds");
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "the watcher failed: {status}\n{stderr}");
    let report = std::fs::read_to_string(&report).unwrap();
    let fields: Vec<i64> = report.split(' ').map(|f| f.parse().unwrap()).collect();
    assert_eq!(
        fields[2], 0,
        "still running after {limit:?}: a hang\n{stderr}"
    );
    Limited {
        code: fields[0] as i32,
        stderr,
        peak_rss_mb: u64::try_from(fields[1]).unwrap_or(0) / 1024,
        secs: start.elapsed().as_secs_f64(),
    }
}

const PRODUCT: &str = "content/desa-contoh/keripik-pare";
const LIMIT: Duration = Duration::from_secs(60);

/// The minimal catalog with `file` (bytes) dropped in its one product folder.
fn with_photo(name: &str, bytes: &[u8]) -> CatalogTest {
    let t = CatalogTest::new("minimal");
    t.write(&format!("{PRODUCT}/{name}"), bytes);
    t
}

fn good_jpeg() -> Vec<u8> {
    crate::support::photos::jpeg(&crate::support::photos::halves(640, 480))
}

fn good_png() -> Vec<u8> {
    crate::support::photos::alpha_png(320, 240)
}

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

fn html_pages(dir: &Path) -> Vec<(String, String)> {
    files_under(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// The sample catalog, built into `<tmp>/public` with the shared photo cache.
fn sample_site() -> CatalogTest {
    let t = CatalogTest::sample();
    run_limited(
        &t,
        &["build", "--cache", &sample_photo_cache()],
        Duration::from_secs(180),
    )
    .expect(0, "");
    t
}

/// The exact words of the hardening diagnostics, in both languages.
#[test]
fn hardening_messages_are_pinned() {
    let t = CatalogTest::new("minimal");
    t.write(
        &format!("{PRODUCT}/index.md"),
        "Pesan ke 0812-3456-7890, Jl. Melati No. 12.\n",
    );
    t.write(&format!("{PRODUCT}/aux.jpg"), good_jpeg());
    t.write(
        "content/desa-contoh/besar/product.yaml",
        "x".repeat(2 << 20),
    );
    for (lang, name) in [("id", "hardening_check_id"), ("en", "hardening_check_en")] {
        let run = run_limited(&t, &["check", "--lang", lang], LIMIT);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let stderr = run.stderr.replace(&t.path("").display().to_string(), "");
        insta::assert_snapshot!(name, stderr);
    }
}
