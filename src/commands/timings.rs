//! Where a build's time goes, stage by stage: printed to stderr when the environment
//! variable `ETALASE_TIMINGS` is set (to anything). For developers measuring the build;
//! off by default, and then it costs one environment lookup.
//!
//! Each line gives the stage's wall time, the CPU time the whole process spent in it
//! (user + system, all threads) and the memory in use at its end (Linux only, from
//! `/proc/self/`): on a machine shared with other work the wall time drifts, the CPU
//! time much less.

use std::time::Instant;

/// A stopwatch over the stages of one run.
pub struct Timings {
    on: bool,
    wall: Instant,
    cpu: Option<f64>,
}

impl Timings {
    pub fn start() -> Timings {
        let on = std::env::var_os("ETALASE_TIMINGS").is_some();
        Timings {
            on,
            wall: Instant::now(),
            cpu: if on { cpu_secs() } else { None },
        }
    }

    /// Ends the stage `name` and starts the next one.
    pub fn mark(&mut self, name: &str) {
        if !self.on {
            return;
        }
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = cpu_secs();
        let used = match (self.cpu, cpu) {
            (Some(a), Some(b)) => format!(", cpu {:6.3} s", b - a),
            _ => String::new(),
        };
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(format!(", rss {:4.0} MB", kb / 1024.0))
            })
            .unwrap_or_default();
        eprintln!("timing: {name:<8} wall {wall:6.3} s{used}{rss}");
        self.wall = Instant::now();
        self.cpu = cpu;
    }
}

impl Timings {
    /// A line of what the run did (`pages rendered: 3 of 10061`), printed when the
    /// timings are.
    pub fn note(&self, line: &str) {
        if self.on {
            eprintln!("timing: {line}");
        }
    }
}

/// User + system CPU time of this process so far, in seconds.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the file, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel counts in USER_HZ, 100 on every Linux platform Rust supports.
    Some(ticks / 100.0)
}
