//! The test harness: a catalog in a temporary folder, the real `etalase` binary run on
//! it, and what it printed and wrote. Beside it, one copy of each thing several test
//! modules need: copying and reading folders (`files`), the preview server (`serve`),
//! a static host for built sites (`static_host`) and an HTTP client for both (`http`),
//! image files made in code (`photos`).

pub mod files;
pub mod http;
pub mod photos;
pub mod search;
pub mod serve;
pub mod static_host;

use files::{copy_tree, files_under};
use serve::Preview;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A catalog folder in a fresh temporary directory, from a fixture under
/// `tests/fixtures/`, with files added in code.
pub struct CatalogTest {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn expect_stderr_contains(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// The numbers of the summary line `built … (N processed, M from cache)` (or its
    /// Indonesian `… (N diproses, M dari cache)`).
    pub fn processed_and_cached(&self) -> (usize, usize) {
        let line = self
            .stderr
            .lines()
            .find(|l| l.starts_with("built ") || l.starts_with("selesai dibangun: "))
            .unwrap_or_else(|| panic!("no summary line in:\n{}", self.stderr));
        // The parentheses that count the photos (another may count folders skipped).
        let inner = line
            .split('(')
            .filter_map(|part| part.split_once(')').map(|(inner, _)| inner))
            .find(|inner| inner.contains("processed") || inner.contains("diproses"))
            .unwrap_or_else(|| panic!("no photo counts in {line:?}"));
        let nums: Vec<usize> = inner
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        (nums[0], nums[1])
    }
}

impl CatalogTest {
    /// An empty temporary folder.
    pub fn empty() -> Self {
        CatalogTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Copies `tests/fixtures/<name>` to `<tmp>/content`.
    pub fn new(fixture: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        copy_tree(&from, &dir.path().join("content"));
        CatalogTest { dir }
    }

    /// The repository's sample catalog (`content/`), copied to `<tmp>/content`.
    pub fn sample() -> Self {
        let t = CatalogTest::empty();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &t.path("content"),
        );
        t
    }

    /// Copies another fixture beside the first, at `<tmp>/<to>`.
    pub fn with_fixture(self, fixture: &str, to: &str) -> Self {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        copy_tree(&from, &self.path(to));
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (text or bytes) at `rel`, making folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `etalase args…` in the temporary folder, so the defaults (`content/`,
    /// `public/`, `.etalase-cache/`) are inside it.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }

    /// Every file under `rel` with a hash of its bytes, to show a folder is unchanged.
    pub fn snapshot(&self, rel: &str) -> Vec<(String, String)> {
        let mut files: Vec<_> = files_under(&self.path(rel))
            .into_iter()
            .map(|(rel, bytes)| (rel, blake3::hash(&bytes).to_hex().to_string()))
            .collect();
        files.sort();
        files
    }

    /// `etalase serve --cache <tmp>/cache args…` in the temporary folder, on a free
    /// port; stopped with Ctrl-C when dropped.
    pub fn serve(&self, args: &[&str]) -> Preview {
        let cache = self.path("cache");
        let cache = cache.to_str().unwrap();
        Preview::start(self.dir.path(), ["--cache", cache].iter().chain(args))
    }

    /// `etalase edit --cache <cache> args…` (the workshop) in the temporary folder, on
    /// a free port; stopped with Ctrl-C when dropped.
    pub fn edit(&self, cache: &str, args: &[&str]) -> Preview {
        Preview::start_command(
            self.dir.path(),
            "edit",
            ["--cache", cache].iter().chain(args),
        )
    }

    /// Runs the catalog format's own output checker (`tools/check-site.py`) on `rel`.
    pub fn check_site(&self, rel: &str) {
        check_site_with(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/check-site.py"),
            &self.path(rel),
        );
    }

    /// [`CatalogTest::check_site`], and the contract's checker in `../shared/` too
    /// when it is beside the repository (a clone alone has only its own copy).
    pub fn check_site_and_shared(&self, rel: &str) {
        self.check_site(rel);
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/check-site.py");
        if shared.is_file() {
            check_site_with(&shared, &self.path(rel));
        }
    }
}

/// Runs the output checker `tool` on the built site `public`.
fn check_site_with(tool: &Path, public: &Path) {
    let out = Command::new("python3")
        .arg(tool)
        .arg(public)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{} failed:\n{}{}",
        tool.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `etalase args…` in `dir`, without a cache folder from the environment.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(args)
        .current_dir(dir)
        .env_remove("ETALASE_CACHE")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One photo cache for the sample catalog's photos, kept between runs so they are
/// processed once per machine (entries are written whole, then renamed, so tests
/// running at once can share it).
pub fn sample_photo_cache() -> String {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sample-photo-cache")
        .to_string_lossy()
        .into_owned()
}

/// `https://wa.me/<number>?text=<message>` → (number, message).
pub fn whatsapp(link: &str) -> (String, String) {
    let rest = link.strip_prefix("https://wa.me/").expect(link);
    let (number, query) = rest.split_once("?text=").expect(link);
    let text = percent_encoding::percent_decode_str(query)
        .decode_utf8()
        .unwrap()
        .into_owned();
    (number.to_string(), text)
}

/// `sw.js`'s lists, from the line it was generated with (`{budget, parts: {name: [list
/// file, bytes, count]}, shell: {url: revision}, shellBytes, version}`), with `warm`: every
/// part's list merged, `{url: revision}`.
pub fn worker_lists(public: &Path) -> serde_json::Value {
    let sw = std::fs::read_to_string(public.join("sw.js")).unwrap();
    let line = sw.lines().nth(1).expect("the generated line");
    let json = line
        .strip_prefix("const ETALASE = ")
        .and_then(|l| l.strip_suffix(';'))
        .expect("const ETALASE = {…};");
    let mut lists: serde_json::Value = serde_json::from_str(json).unwrap();
    // Every part's list read and merged into one `warm` list: {url: revision}.
    let mut warm = serde_json::Map::new();
    for (_, part) in lists["parts"].as_object().unwrap() {
        let file = part[0].as_str().unwrap();
        let list: serde_json::Value =
            serde_json::from_slice(&std::fs::read(public.join(file)).unwrap()).unwrap();
        for (url, entry) in list.as_object().unwrap() {
            warm.insert(url.clone(), entry[0].clone());
        }
    }
    lists["warm"] = serde_json::Value::Object(warm);
    lists
}

/// Runs `tests/browser/<script>` (playwright-core driving Debian's chromium) with `plan`
/// as its argument; the JSON on its last line.
pub fn browser_script(script: &str, plan: &serde_json::Value) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` (scripts/test does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is missing: install Debian's chromium (`apt-get install chromium`; .ci/run does)"
    );
    let out = Command::new("node")
        .arg(script)
        .arg(plan.to_string())
        .current_dir(&dir)
        .output()
        .expect("node: install Node.js to run the browser tests");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap_or(""))
        .unwrap_or_else(|e| panic!("{script} printed no JSON ({e}):\n{stdout}"))
}
