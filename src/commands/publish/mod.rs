//! Publishing the catalog from the workshop (issue 17, point 1): where the catalog is
//! a git repository with a remote (what `etalase init` makes, what the deploy recipes
//! build from), the catalog is checked as `build` checks it (nothing is published with
//! errors), what changed in the content folder is committed with a message naming the
//! products added, changed and removed, and pushed; the host's recipe then builds and
//! publishes it. A push is never forced: when the remote moved on, its changes are
//! brought in first ([`publish`] with `bring_in`, a merge) and pushed again.
//!
//! Git is the volunteer's own `git` program ([`git`]), so that its credential helpers
//! sign in. Only these steps touch the repository's `.git`: what the workshop shows
//! before ([`pending`]) only reads, taking no lock of git's. The catalog's lock is held
//! exclusively from the check to the commit (and the merge), so no save of the
//! workshop lands between them. The workshop's trash (`.etalase-sampah`) is never
//! added.

pub mod changes;
pub mod git;

use crate::commands::build;
use crate::diag::{Diagnostic, Lang, Text};
use crate::output::lock::{self, Access, Guarded, Wait};
use changes::{File, Item};
use git::Failure;
use std::path::{Path, PathBuf};

/// The workshop's trash folder in the content folder: never committed.
const TRASH: &str = crate::catalog::trash::TRASH;

/// A remote of the repository, as shown: its name and its address without any
/// user name or password written into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub name: String,
    pub url: String,
}

/// The repository that holds a content folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The content folder: where git runs.
    pub content: PathBuf,
    /// The repository's top folder.
    pub top: PathBuf,
    /// The content folder's path in the repository: `content/`, or empty.
    pub prefix: String,
    /// The branch checked out (`None`: no branch, a detached `HEAD`).
    pub branch: Option<String>,
    /// The branch's upstream (`origin/main`), when it has one.
    pub upstream: Option<String>,
    /// The remote to push to: the upstream's, else `origin`, else the only one.
    pub remote: Option<Remote>,
}

/// Where a content folder is, for publishing.
#[derive(Debug, Clone)]
pub enum Found {
    Repo(Repo),
    /// No `git` program on this computer.
    NoGit,
    /// The content folder is in no git repository.
    NotARepo,
}

/// The repository of the content folder `content`.
pub fn find(content: &Path) -> Found {
    // Git runs in the content folder: one that is not there is in no repository (and
    // is not mistaken for a missing git).
    if !content.is_dir() {
        return Found::NotARepo;
    }
    let top = match git::run(
        content,
        &["rev-parse", "--show-toplevel", "--show-prefix"],
        false,
    ) {
        Err(git::RunFailure::Missing) => return Found::NoGit,
        Ok(ran) if ran.ok => ran,
        _ => return Found::NotARepo,
    };
    let out = String::from_utf8_lossy(&top.stdout).into_owned();
    let mut lines = out.lines();
    let top = PathBuf::from(lines.next().unwrap_or("").trim());
    let prefix = lines.next().unwrap_or("").trim().to_string();
    if top.as_os_str().is_empty() {
        return Found::NotARepo;
    }
    let ask = |args: &[&str]| {
        git::run(content, args, false)
            .ok()
            .filter(|r| r.ok)
            .map(|r| r.out())
            .filter(|s| !s.is_empty())
    };
    let branch = ask(&["symbolic-ref", "--quiet", "--short", "HEAD"]);
    let upstream = ask(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"]);
    let remotes: Vec<String> = ask(&["remote"])
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let upstream_remote = branch
        .as_ref()
        .and_then(|b| ask(&["config", "--get", &format!("branch.{b}.remote")]));
    let name = upstream_remote
        .filter(|r| remotes.contains(r))
        .or_else(|| remotes.iter().find(|r| *r == "origin").cloned())
        .or_else(|| remotes.first().cloned());
    let remote = name.map(|name| {
        let url = ask(&["remote", "get-url", &name]).unwrap_or_default();
        Remote {
            url: shown_url(&url),
            name,
        }
    });
    Found::Repo(Repo {
        content: content.to_path_buf(),
        top,
        prefix,
        branch,
        upstream,
        remote,
    })
}

/// A remote's address without the user name and password an `https://` address may
/// carry (`https://user:token@github.com/…`): safe to show.
pub fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.has_host() && (!u.username().is_empty() || u.password().is_some()) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// What a publish would send now.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// The things of the catalog changed since the last commit.
    pub items: Vec<Item>,
    /// Commits made but not yet sent to the remote.
    pub unsent: usize,
}

/// What changed in the content folder and what is not yet sent; reads only.
pub fn pending(repo: &Repo) -> Pending {
    let files = status(repo);
    Pending {
        items: name_items(repo, &files),
        unsent: unsent(repo),
    }
}

/// The files changed under the content folder, the trash left out.
fn status(repo: &Repo) -> Vec<File> {
    let exclude = format!(":(exclude){TRASH}");
    let args = [
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
        ".",
        &exclude,
    ];
    match git::run(&repo.content, &args, false) {
        Ok(ran) if ran.ok => changes::parse(&ran.stdout, &repo.prefix, false).0,
        _ => Vec::new(),
    }
}

/// The things `files` changed, named as their files name them: a thing removed by
/// the name its last commit gave it.
fn name_items(repo: &Repo, files: &[File]) -> Vec<Item> {
    changes::items(files, &|kind, village, product| {
        changes::name_on_disk(&repo.content, kind, village, product).or_else(|| {
            let file = match kind {
                changes::Kind::Product => format!("{village}/{product}/product.yaml"),
                _ => format!("{village}/village.yaml"),
            };
            let spec = format!("HEAD:{}{file}", repo.prefix);
            let ran = git::run(&repo.content, &["show", &spec], false).ok()?;
            ran.ok
                .then(|| changes::name_in(&String::from_utf8_lossy(&ran.stdout)))
                .flatten()
        })
    })
}

/// How many commits of the branch the remote lacks.
fn unsent(repo: &Repo) -> usize {
    let Some(remote) = &repo.remote else {
        return 0;
    };
    let args: Vec<String> = match &repo.upstream {
        Some(_) => vec!["rev-list".into(), "--count".into(), "@{u}..HEAD".into()],
        None => vec![
            "rev-list".into(),
            "--count".into(),
            "HEAD".into(),
            "--not".into(),
            format!("--remotes={}", remote.name),
        ],
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    git::run(&repo.content, &args, false)
        .ok()
        .filter(|r| r.ok)
        .and_then(|r| r.out().parse().ok())
        .unwrap_or(0)
}

/// A commit made.
#[derive(Debug, Clone)]
pub struct Commit {
    /// Its short id.
    pub id: String,
    /// Its message's first line.
    pub subject: String,
}

/// A publish that went through.
#[derive(Debug, Clone)]
pub struct Published {
    pub remote: Remote,
    /// The commit made of the changes, when there were any.
    pub commit: Option<Commit>,
    /// What it holds.
    pub items: Vec<Item>,
    /// The commits sent (0: the remote had everything already).
    pub sent: usize,
    /// The remote's changes were brought in first.
    pub merged: bool,
}

/// Why nothing, or not everything, was published.
#[derive(Debug)]
pub enum NotPublished {
    /// No `git` program: the site is published by hand.
    NoGit,
    /// The content folder is in no repository: the site is published by hand.
    NotARepo,
    /// A repository without a remote to push to.
    NoRemote,
    /// No branch is checked out.
    NoBranch,
    /// The catalog's lock was not had (another save, a long build).
    Busy(Text),
    /// The check could not run at all.
    CheckFailed(Text),
    /// The check found errors: nothing was committed or sent.
    Errors(Vec<Diagnostic>),
    /// A git step failed. `committed`: the commit made on this computer before the
    /// failure, kept there, sent at the next try.
    Git {
        failure: Failure,
        committed: Option<Commit>,
        remote: Remote,
    },
    /// The remote's changes and these changed the same lines: the merge was undone.
    Conflict { remote: Remote },
}

/// Publishes the catalog in `content`: checks it under the catalog's lock, commits
/// what changed, and pushes; with `bring_in`, the remote's changes are fetched and
/// merged first (never a forced push). `wait`: how long to wait for the catalog's lock.
pub fn publish(
    content: &Path,
    lang: Lang,
    bring_in: bool,
    wait: &Wait<'_>,
) -> Result<Published, NotPublished> {
    let repo = match find(content) {
        Found::Repo(repo) => repo,
        Found::NoGit => return Err(NotPublished::NoGit),
        Found::NotARepo => return Err(NotPublished::NotARepo),
    };
    let Some(remote) = repo.remote.clone() else {
        return Err(NotPublished::NoRemote);
    };
    let Some(branch) = repo.branch.clone() else {
        return Err(NotPublished::NoBranch);
    };
    let failed = |failure: Failure, committed: Option<Commit>| NotPublished::Git {
        failure,
        committed,
        remote: remote.clone(),
    };
    // The remote's commits, fetched before the lock: the network may be slow.
    if bring_in {
        let ran = git::run(&repo.content, &["fetch", "--quiet", &remote.name], true)
            .map_err(|e| failed(e.into(), None))?;
        if !ran.ok {
            return Err(failed(Failure::of(&ran.stderr), None));
        }
    }
    let identity = git::identity(&repo.content);
    let (commit, items, merged) = {
        let _held = lock::acquire(content, content, Guarded::Catalog, Access::Exclusive, wait)
            .map_err(|e| NotPublished::Busy(e.text()))?;
        check(content, lang)?;
        let (commit, items) = commit(&repo, &identity, lang).map_err(|f| failed(f, None))?;
        let merged = if bring_in {
            merge(&repo, &remote, &branch, &identity).map_err(|e| match e {
                MergeFailure::Conflict => NotPublished::Conflict {
                    remote: remote.clone(),
                },
                MergeFailure::Git(f) => failed(f, commit.clone()),
            })?
        } else {
            false
        };
        (commit, items, merged)
    };
    // Sent without the lock: saves go on while the network is slow.
    let sent = unsent(&repo);
    let has_remote_branch = repo.upstream.is_some();
    if sent > 0 || !has_remote_branch {
        let ran = match &repo.upstream {
            Some(_) => git::run(&repo.content, &["push", "--quiet"], true),
            None => git::run(
                &repo.content,
                &["push", "--quiet", "-u", &remote.name, "HEAD"],
                true,
            ),
        }
        .map_err(|e| failed(e.into(), commit.clone()))?;
        if !ran.ok {
            return Err(failed(Failure::of(&ran.stderr), commit));
        }
    }
    Ok(Published {
        remote,
        commit,
        items,
        sent,
        merged,
    })
}

/// The check of `etalase check`, on the catalog whose lock the caller holds: its
/// errors, as the build prints them.
fn check(content: &Path, lang: Lang) -> Result<(), NotPublished> {
    let opts = build::Options {
        lang: Some(lang),
        catalog_locked: true,
        ..build::Options::new(content.to_path_buf(), None, PathBuf::new())
    };
    let report = build::run(&opts).map_err(|e| NotPublished::CheckFailed(e.text()))?;
    if report.has_errors() {
        let errors: Vec<Diagnostic> = report
            .diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .collect();
        return Err(NotPublished::Errors(errors));
    }
    Ok(())
}

/// Adds what changed under the content folder (the trash left out) and commits it
/// with a message naming it; nothing when nothing changed.
fn commit(
    repo: &Repo,
    identity: &[String],
    lang: Lang,
) -> Result<(Option<Commit>, Vec<Item>), Failure> {
    // The trash ignores itself (its `.gitignore` of `*`). Not an `:(exclude)` pathspec
    // here: `git add` refuses one that names a folder the repository's `.gitignore`
    // lists too (init's does), "The following paths are ignored…", exit status 1.
    if let Err(e) = crate::catalog::trash::keep_out_of_git(&repo.content) {
        return Err(Failure::Other(e.text().get(lang).to_string()));
    }
    let ran = git::run(&repo.content, &["add", "-A", "--", "."], true)?;
    if !ran.ok {
        return Err(Failure::of(&ran.stderr));
    }
    let staged = git::run(
        &repo.content,
        &["diff", "--cached", "--name-status", "-z", "--no-renames"],
        false,
    )?;
    if !staged.ok {
        return Err(Failure::of(&staged.stderr));
    }
    let (files, elsewhere) = changes::parse(&staged.stdout, &repo.prefix, true);
    if files.is_empty() && elsewhere == 0 {
        return Ok((None, Vec::new()));
    }
    let items = name_items(repo, &files);
    let (subject, body) = changes::message(&items, lang);
    let mut args = vec!["commit", "--quiet", "--no-verify", "-m", &subject];
    if !body.is_empty() {
        args.extend(["-m", &body]);
    }
    let ran = git::run_as(&repo.content, identity, &args)?;
    if !ran.ok {
        return Err(Failure::of(&ran.stderr));
    }
    let id = git::run(&repo.content, &["rev-parse", "--short", "HEAD"], false)?.out();
    Ok((Some(Commit { id, subject }), items))
}

enum MergeFailure {
    Conflict,
    Git(Failure),
}

/// Merges the remote's branch, fetched already; a conflict is undone. Whether a
/// merge (or a fast-forward) was made.
fn merge(
    repo: &Repo,
    remote: &Remote,
    branch: &str,
    identity: &[String],
) -> Result<bool, MergeFailure> {
    let theirs = repo
        .upstream
        .clone()
        .unwrap_or_else(|| format!("{}/{branch}", remote.name));
    let exists = git::run(
        &repo.content,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{theirs}^{{commit}}"),
        ],
        false,
    )
    .is_ok_and(|r| r.ok);
    if !exists {
        return Ok(false);
    }
    let ran = git::run_as(&repo.content, identity, &["merge", "--no-edit", &theirs])
        .map_err(|e| MergeFailure::Git(e.into()))?;
    if ran.ok {
        return Ok(true);
    }
    let merging = git::run(
        &repo.content,
        &["rev-parse", "--verify", "--quiet", "MERGE_HEAD"],
        false,
    )
    .is_ok_and(|r| r.ok);
    if merging {
        let _ = git::run(&repo.content, &["merge", "--abort"], true);
    }
    let said = format!("{}{}", String::from_utf8_lossy(&ran.stdout), ran.stderr);
    if said.contains("CONFLICT") || said.contains("Automatic merge failed") {
        Err(MergeFailure::Conflict)
    } else {
        Err(MergeFailure::Git(Failure::Other(git::last_lines(&said))))
    }
}

/// The folder a site is built into by hand: `public/` beside the content folder, as
/// `etalase build` run beside it writes.
pub fn site_folder(content: &Path) -> PathBuf {
    let beside = content.parent().unwrap_or(Path::new(""));
    let folder = beside.join("public");
    std::path::absolute(&folder).unwrap_or(folder)
}

/// Builds the site into [`site_folder`], as `etalase build` does, with the photo cache
/// `cache`: the build's report.
pub fn build_by_hand(
    content: &Path,
    cache: &Path,
    lang: Lang,
) -> Result<(PathBuf, crate::commands::report::Report), Text> {
    let out = site_folder(content);
    let opts = build::Options {
        lang: Some(lang),
        ..build::Options::new(
            content.to_path_buf(),
            Some(out.clone()),
            cache.to_path_buf(),
        )
    };
    let report = build::run(&opts).map_err(|e| e.text())?;
    crate::commands::cache::after_build(cache, lang);
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remotes_address_is_shown_without_its_credentials() {
        assert_eq!(
            shown_url("https://budi:ghp_rahasia@github.com/budi/katalog.git"),
            "https://github.com/budi/katalog.git"
        );
        assert_eq!(
            shown_url("git@github.com:budi/katalog.git"),
            "git@github.com:budi/katalog.git"
        );
        assert_eq!(shown_url("/srv/katalog.git"), "/srv/katalog.git");
    }
}
