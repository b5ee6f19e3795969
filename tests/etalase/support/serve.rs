//! `etalase serve` started for a test or a bench: on a free port (`--port 0`), ready
//! once it has printed its address, stopped with Ctrl-C when dropped. The one copy of
//! it, for the tests (`CatalogTest::serve`) and `benches/serve.rs`, which includes this
//! file by path beside `http.rs`.

use super::http;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running `etalase serve`. Its output is read all along (so it never writes into a
/// full pipe): stdout line by line, stderr kept for [`Preview::stop`].
pub struct Preview {
    pub child: Child,
    pub port: u16,
    /// The first line it printed, the address its last word: `pratinjau di
    /// http://127.0.0.1:<port>/` (`serving at …` in English).
    pub banner: String,
    stdout: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

/// One event of the live-reload stream, and when it arrived.
pub struct Event {
    pub name: String,
    /// Read by `benches/serve.rs`, which measures save-to-reload time.
    #[allow(dead_code)]
    pub at: Instant,
}

impl Preview {
    /// Starts `etalase serve --port 0 args…` in `dir` and waits for its address.
    pub fn start<S: AsRef<OsStr>>(dir: &Path, args: impl IntoIterator<Item = S>) -> Preview {
        Preview::start_command(dir, "serve", args)
    }

    /// Starts `etalase <command> --port 0 args…` (`serve`, `edit`) in `dir` and waits
    /// for its address: the last word of its first line, on 127.0.0.1.
    pub fn start_command<S: AsRef<OsStr>>(
        dir: &Path,
        command: &str,
        args: impl IntoIterator<Item = S>,
    ) -> Preview {
        Preview::start_command_env(dir, command, args, &[])
    }

    /// [`Preview::start_command`] with these environment variables set (without the
    /// tests' own `ETALASE_BROWSER`, which would open a browser from `edit`).
    pub fn start_command_env<S: AsRef<OsStr>>(
        dir: &Path,
        command: &str,
        args: impl IntoIterator<Item = S>,
        env: &[(&str, &str)],
    ) -> Preview {
        Preview::start_under(&[], dir, command, args, env)
    }

    /// [`Preview::start_command_env`] run by another program: `wrapper` (its program
    /// and arguments, e.g. `strace …`) followed by the etalase binary and its
    /// arguments. `child` is then the wrapper's process.
    pub fn start_under<S: AsRef<OsStr>>(
        wrapper: &[&OsStr],
        dir: &Path,
        command: &str,
        args: impl IntoIterator<Item = S>,
        env: &[(&str, &str)],
    ) -> Preview {
        let bin = OsStr::new(env!("CARGO_BIN_EXE_etalase"));
        let (program, before) = match wrapper.split_first() {
            Some((program, rest)) => (*program, rest),
            None => (bin, &[][..]),
        };
        let mut run = Command::new(program);
        run.args(before)
            .args((!wrapper.is_empty()).then_some(bin))
            .args([command, "--port", "0"])
            .args(args)
            .env_remove("ETALASE_BROWSER")
            .envs(env.iter().copied())
            .current_dir(dir);
        Preview::spawn(run)
    }

    /// `etalase` started as a file manager starts it: no arguments, standard input
    /// not a terminal (nothing), in `dir`, with these environment variables.
    pub fn double_clicked(dir: &Path, env: &[(&str, &str)]) -> Preview {
        let mut run = Command::new(env!("CARGO_BIN_EXE_etalase"));
        run.env_remove("ETALASE_BROWSER")
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdin(Stdio::null());
        Preview::spawn(run)
    }

    /// Starts `run` with its output read, and waits for its address.
    pub fn spawn(mut run: Command) -> Preview {
        let mut child = run
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = err.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        out.read_line(&mut banner).unwrap();
        let (tx, stdout) = channel();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                // Read on even when no one listens any more.
                let _ = tx.send(line);
            }
        });
        let port = banner
            .split_whitespace()
            .last()
            .and_then(|url| url.strip_prefix("http://127.0.0.1:"))
            .and_then(|p| {
                let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .unwrap_or_else(|| panic!("first line: {banner:?}"));
        Preview {
            child,
            port,
            banner: banner.trim_end().to_string(),
            stdout,
            stderr: Some(stderr),
        }
    }

    /// `GET path` over a fresh connection: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let response = http::get(self.port, path, Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        (response.status, response.body)
    }

    /// Subscribes to the live-reload event stream; each `event:` arrives on the
    /// channel. Returns once the stream is open, before anything changes.
    pub fn events(&self) -> Receiver<Event> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /_etalase/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ") {
                    let event = Event {
                        name: name.to_string(),
                        at: Instant::now(),
                    };
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        std::thread::sleep(Duration::from_millis(300));
        rx
    }

    /// The lines printed after the first, up to the one beginning with `prefix` (left
    /// out) or the end of its output.
    pub fn stdout_until(&self, prefix: &str) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            match self.stdout.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.starts_with(prefix) => return lines,
                Ok(line) => lines.push(line),
                Err(RecvTimeoutError::Disconnected) => return lines,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no line beginning {prefix:?} after:\n{}", lines.join("\n"))
                }
            }
        }
    }

    /// [`Preview::stdout_until`] with the line beginning with `prefix` kept, last.
    pub fn stdout_through(&self, prefix: &str) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            match self.stdout.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    let last = line.starts_with(prefix);
                    lines.push(line);
                    if last {
                        return lines;
                    }
                }
                Err(e) => panic!(
                    "no line beginning {prefix:?} ({e:?}) after:\n{}",
                    lines.join("\n")
                ),
            }
        }
    }

    /// Stops it with Ctrl-C, as [`Preview::stop`]: (exit code, the lines it printed to
    /// stdout after the first, everything it wrote to stderr).
    pub fn stop_with_stdout(mut self) -> (Option<i32>, Vec<String>, String) {
        let (_, none) = channel();
        let stdout = std::mem::replace(&mut self.stdout, none);
        let (code, stderr) = self.stop();
        // The process has ended: its stdout is read to the end.
        (code, stdout.iter().collect(), stderr)
    }

    /// Stops it with Ctrl-C, which must end it within ten seconds: (exit code,
    /// everything it wrote to stderr).
    pub fn stop(mut self) -> (Option<i32>, String) {
        if self.child.try_wait().unwrap().is_none() {
            // SAFETY: a signal to our own child process, still running (not reaped).
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        }
        let started = Instant::now();
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (code, stderr)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        interrupt(&mut self.child);
    }
}

/// Stops a preview as a volunteer does, with Ctrl-C (so that it removes its working
/// folder); killed only when that does not stop it within ten seconds.
fn interrupt(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return; // already ended and reaped: its number may be another process's now
    }
    // SAFETY: sends a signal to our own child process, still running (not reaped).
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}
