//! The `git` command-line client, run as the volunteer would run it, so that their own
//! git and its credential helpers (Git Credential Manager, GitHub Desktop's) sign in,
//! but never waiting on a question nobody can see: no terminal prompt, no askpass
//! window, ssh in batch mode, stdin closed, and a time limit after which git is
//! stopped. Its messages are asked for in English (`LC_ALL=C`) so that a failure can
//! be told apart by its words ([`Failure::of`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one git command may run before it is stopped: a push over a slow
/// village connection takes a while, but a phone must not wait forever.
pub const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The identity of a commit in a repository that names none (`user.name`,
/// `user.email`): a commit is made rather than refused.
const FALLBACK_NAME: &str = "etalase";
const FALLBACK_EMAIL: &str = "etalase@localhost";

/// What one git command printed, and whether it succeeded.
#[derive(Debug, Clone)]
pub struct Ran {
    pub ok: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Ran {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim().to_string()
    }
}

/// Why git could not be run at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunFailure {
    /// No `git` program on this computer.
    Missing,
    /// It ran past [`TIME_LIMIT`] and was stopped.
    TimedOut,
    /// Anything else the system said.
    Other(String),
}

/// Runs `git args…` in `dir`, as said in the module's comment. `writes`: the command
/// may change the repository (a status only reads, and takes no optional lock).
pub fn run(dir: &Path, args: &[&str], writes: bool) -> Result<Ran, RunFailure> {
    run_for(dir, args, writes, TIME_LIMIT)
}

fn run_for(dir: &Path, args: &[&str], writes: bool, limit: Duration) -> Result<Ran, RunFailure> {
    let mut cmd = Command::new(program());
    cmd.arg("-c")
        .arg("core.quotepath=off")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GCM_INTERACTIVE", "never")
        .env("GIT_ASKPASS", "")
        .env("SSH_ASKPASS", "")
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no");
    if !writes {
        cmd.env("GIT_OPTIONAL_LOCKS", "0");
    }
    // ssh asks for a passphrase on the terminal even with stdin closed: batch mode
    // makes it fail instead, unless the volunteer chose their own ssh command.
    if reaches_out(args) && !own_ssh(dir) {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    // Its own process group, so that a git stopped at the time limit is stopped with
    // the helpers it started (`git-remote-https`, `ssh`), which hold its pipes.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => RunFailure::Missing,
        _ => RunFailure::Other(e.to_string()),
    })?;
    // Both pipes read on threads of their own, so a git that says much never blocks.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_end(&mut bytes);
        }
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_end(&mut bytes);
        }
        bytes
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                stop(&mut child);
                // The readers are left to end with the last helper: not waited for.
                return Err(RunFailure::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(RunFailure::Other(e.to_string())),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    Ok(Ran {
        ok: status.success(),
        stdout,
        stderr,
    })
}

/// Whether the command may talk to a remote.
fn reaches_out(args: &[&str]) -> bool {
    args.iter()
        .find(|a| !a.starts_with('-') && !a.contains('='))
        .is_some_and(|a| ["push", "fetch", "pull", "ls-remote"].contains(a))
}

/// Whether the volunteer chose their own ssh command (in the environment, or in git's
/// settings as `core.sshCommand`), which is then left as it is.
fn own_ssh(dir: &Path) -> bool {
    std::env::var_os("GIT_SSH_COMMAND").is_some()
        || std::env::var_os("GIT_SSH").is_some()
        || run(dir, &["config", "--get", "core.sshCommand"], false)
            .is_ok_and(|r| r.ok && !r.out().is_empty())
}

/// Stops git and, on Unix, every process of its group.
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: `kill` with a negative pid signals the process group `pid`, which
        // this child leads (`process_group(0)`); no memory is touched.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The git program: `ETALASE_GIT` when set (tests), else `git` on `PATH`.
fn program() -> PathBuf {
    std::env::var_os("ETALASE_GIT")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("git"), PathBuf::from)
}

/// The settings that give a commit an author in a repository without
/// `user.name`/`user.email` (`-c user.name=etalase`…): none when the repository, or the
/// volunteer's own settings, name both.
pub fn identity(dir: &Path) -> Vec<String> {
    let has = |key: &str| {
        run(dir, &["config", "--get", key], false).is_ok_and(|r| r.ok && !r.out().is_empty())
    };
    let mut settings = Vec::new();
    for (key, fallback) in [("user.name", FALLBACK_NAME), ("user.email", FALLBACK_EMAIL)] {
        if !has(key) {
            settings.push("-c".to_string());
            settings.push(format!("{key}={fallback}"));
        }
    }
    settings
}

/// [`run`] of a command that writes, with `settings` (an [`identity`]) before it.
pub fn run_as(dir: &Path, settings: &[String], args: &[&str]) -> Result<Ran, RunFailure> {
    let all: Vec<&str> = settings
        .iter()
        .map(String::as_str)
        .chain(args.iter().copied())
        .collect();
    run(dir, &all, true)
}

/// Why a push or a pull failed, told apart by git's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The remote holds commits this repository lacks: the push was refused.
    MovedOn,
    /// The host wants a sign-in that was not given.
    NoCredentials,
    /// The host could not be reached.
    NoNetwork,
    /// Git ran out of time and was stopped.
    TimedOut,
    /// No `git` program.
    NoGit,
    /// Anything else: git's own last lines.
    Other(String),
}

impl Failure {
    /// The failure a git command's error output says.
    pub fn of(stderr: &str) -> Failure {
        let s = stderr.to_ascii_lowercase();
        let any = |words: &[&str]| words.iter().any(|w| s.contains(w));
        if any(&[
            "[rejected]",
            "fetch first",
            "non-fast-forward",
            "updates were rejected",
        ]) {
            Failure::MovedOn
        } else if any(&[
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "authentication failed",
            "permission denied (publickey",
            "permission denied, please try again",
            "host key verification failed",
            "the requested url returned error: 401",
            "the requested url returned error: 403",
            "http 401",
            "http 403",
            "invalid username or password",
            "invalid username or token",
            "password authentication is not supported",
            "interactivity has been disabled",
            "cannot prompt because",
            "access denied",
        ]) {
            Failure::NoCredentials
        } else if any(&[
            "could not resolve host",
            "could not resolve hostname",
            "failed to connect",
            "connection refused",
            "network is unreachable",
            "no route to host",
            "timed out",
            "connection reset",
            "could not read from remote repository",
            "unable to access",
            "temporary failure in name resolution",
        ]) {
            Failure::NoNetwork
        } else {
            Failure::Other(last_lines(stderr))
        }
    }
}

impl From<RunFailure> for Failure {
    fn from(e: RunFailure) -> Failure {
        match e {
            RunFailure::Missing => Failure::NoGit,
            RunFailure::TimedOut => Failure::TimedOut,
            RunFailure::Other(why) => Failure::Other(why),
        }
    }
}

/// The last few lines git printed, without its hints: what it said went wrong.
pub fn last_lines(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    lines[lines.len().saturating_sub(4)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_told_apart_by_gits_words() {
        let moved = "To ../bare.git\n ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to '../bare.git'\nhint: Updates were rejected because the remote contains work that you do not\n";
        assert_eq!(Failure::of(moved), Failure::MovedOn);
        let auth =
            "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n";
        assert_eq!(Failure::of(auth), Failure::NoCredentials);
        let ssh = "git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
        assert_eq!(Failure::of(ssh), Failure::NoCredentials);
        let http = "fatal: unable to access 'http://127.0.0.1:1/x.git/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server\n";
        assert_eq!(Failure::of(http), Failure::NoNetwork);
        let dns = "fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com\n";
        assert_eq!(Failure::of(dns), Failure::NoNetwork);
        let other = "hint: something\nfatal: You are not currently on a branch.\n";
        assert_eq!(
            Failure::of(other),
            Failure::Other("fatal: You are not currently on a branch.".into())
        );
    }

    #[test]
    fn only_commands_that_talk_to_a_remote_get_ssh_in_batch_mode() {
        assert!(reaches_out(&["push", "--quiet", "-u", "origin", "HEAD"]));
        assert!(reaches_out(&["-c", "user.name=etalase", "fetch", "origin"]));
        assert!(!reaches_out(&[
            "-c",
            "user.name=etalase",
            "merge",
            "origin/main"
        ]));
        assert!(!reaches_out(&["status", "--porcelain=v1"]));
    }

    #[test]
    fn a_command_past_its_limit_is_stopped() {
        // `git` with an alias that waits: run through `sh` so no network is needed.
        let dir = tempfile::tempdir().unwrap();
        let slow = run_for(
            dir.path(),
            &["-c", "alias.wait=!sleep 5", "wait"],
            false,
            Duration::from_millis(300),
        );
        match slow {
            Err(RunFailure::TimedOut) => {}
            // A computer without git: nothing to time.
            Err(RunFailure::Missing) => {}
            other => panic!("{other:?}"),
        }
    }
}
