//! Running a program as a child process and measuring it: wall time, and its own
//! peak resident memory from `wait4` (the kernel's `ru_maxrss` of that child alone).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One run of a program.
pub struct Run {
    pub secs: f64,
    /// Peak resident set size of the child, in bytes.
    pub peak_rss: u64,
    pub stderr: String,
    /// Exit status, or -1 when killed by a signal.
    pub code: i32,
}

impl Run {
    /// Panics with the program's own words when it failed: a benchmark of a failed
    /// build measures nothing.
    pub fn ok(self, what: &str) -> Run {
        assert!(
            self.code == 0,
            "{what} failed with status {}:\n{}",
            self.code,
            self.stderr
        );
        self
    }
}

/// Runs `cmd` to the end, its stdout thrown away and its stderr kept.
pub fn run(cmd: &mut Command) -> Run {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data that wait4 fills in; the pid is our own
    // child, which std's `Child` has not waited for (dropping a `Child` never waits).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Run {
        secs,
        // Linux reports ru_maxrss in kilobytes.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        stderr,
        code,
    }
}

/// The number just before `word` in etalase's summary line ("900 processed,",
/// "10009 pages,"), if the line says it.
pub fn count_before(stderr: &str, word: &str) -> Option<usize> {
    let line = stderr.lines().rev().find(|l| l.starts_with("built"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let next = w[1].trim_matches(|c: char| !c.is_alphanumeric());
        (next == word)
            .then(|| w[0].trim_start_matches('(').parse().ok())
            .flatten()
    })
}

/// The median of some measurements (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}
