//! Locks between the processes that write one catalog, one cache or one output at once:
//! two builds, a build and `serve`, a CI job and a volunteer, later the workshop saving.
//!
//! Each lock is an advisory `flock` on a file or a folder (on Linux a folder can be
//! locked as it is, so the catalog gets no lock file of ours), held by an open file: the
//! system releases it when the process ends however it ends, so no lock outlives its
//! holder. A writer takes [`Access::Exclusive`]; readers that may run side by side (builds
//! sharing a cache, builds reading one catalog) take [`Access::Shared`]. A lock is held
//! for one build or one save, never for the life of `serve`. A thread that holds a lock
//! exclusively and asks for it again gets it at once (see [`HELD`]): the workshop holds
//! the catalog's around a save it records for undo.
//!
//! A second writer waits, saying once what it waits for, up to a limit, then gives up
//! with [`LockError::TimedOut`] (exit status 2): never two writers at once. To never
//! wait for each other in a circle, every process takes its locks in one order: the
//! catalog, then the cache, then the output.

use crate::diag::Text;
use crate::diag::fsio::IoError;
use crate::text;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a lock guards, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// The site folder a build writes (`public/`).
    Output,
    /// The photo cache.
    Cache,
    /// The catalog's folders, which a save in the workshop changes.
    Catalog,
}

/// Who may hold the lock beside this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Others with shared access, no writer.
    Shared,
    /// Nobody else.
    Exclusive,
}

/// A lock held; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Lock {
    /// `None` for a lock taken again by the thread that holds it exclusively.
    _file: Option<File>,
    /// The target, for an exclusive lock: its entry in [`HELD`].
    held: Option<PathBuf>,
}

/// The exclusive locks held by this process: each target, the thread that holds it,
/// and how many times that thread took it. A thread that holds a lock exclusively and
/// asks for it again gets it at once (a second `flock` of the same process on another
/// open file would wait for the first, for ever): the workshop takes the catalog's lock
/// around a save to record it for undo, and the save takes it again inside.
static HELD: std::sync::Mutex<Vec<(PathBuf, std::thread::ThreadId, usize)>> =
    std::sync::Mutex::new(Vec::new());

fn held() -> std::sync::MutexGuard<'static, Vec<(PathBuf, std::thread::ThreadId, usize)>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

/// The path that names `target` in [`HELD`]: the same folder however it was named.
fn held_key(target: &Path) -> PathBuf {
    std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf())
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(key) = &self.held {
            let mut held = held();
            if let Some(i) = held.iter().position(|(k, _, _)| k == key) {
                held[i].2 -= 1;
                if held[i].2 == 0 {
                    held.remove(i);
                }
            }
        }
    }
}

/// How long to wait for another holder, and what to say once while waiting.
pub struct Wait<'a> {
    pub limit: Duration,
    pub notice: &'a dyn Fn(&Text),
}

#[derive(Debug)]
pub enum LockError {
    Io(IoError),
    /// Another process held the lock for the whole of the wait.
    TimedOut {
        guarded: Guarded,
        /// The folder guarded, as the user named it.
        what: PathBuf,
        waited: Duration,
    },
}

/// How often a waiting process asks again.
const POLL: Duration = Duration::from_millis(50);

/// Locks `target` — a folder locked as itself, or the lock file of an output — for
/// `access`, waiting for another holder as `wait` says. `what` is the folder guarded,
/// as the user named it, for the messages.
pub fn acquire(
    target: &Path,
    what: &Path,
    guarded: Guarded,
    access: Access,
    wait: &Wait<'_>,
) -> Result<Lock, LockError> {
    let key = held_key(target);
    let me = std::thread::current().id();
    {
        let mut held = held();
        if let Some(entry) = held.iter_mut().find(|(k, t, _)| *k == key && *t == me) {
            entry.2 += 1;
            return Ok(Lock {
                _file: None,
                held: Some(key),
            });
        }
    }
    let file = open(target).map_err(|source| {
        LockError::Io(IoError {
            path: target.to_path_buf(),
            action: "lock",
            source,
        })
    })?;
    let start = Instant::now();
    let mut told = false;
    loop {
        let tried = match access {
            Access::Shared => file.try_lock_shared(),
            Access::Exclusive => file.try_lock(),
        };
        match tried {
            Ok(()) => {
                let held = (access == Access::Exclusive).then(|| {
                    self::held().push((key.clone(), me, 1));
                    key
                });
                return Ok(Lock {
                    _file: Some(file),
                    held,
                });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(source)) => {
                return Err(LockError::Io(IoError {
                    path: target.to_path_buf(),
                    action: "lock",
                    source,
                }));
            }
        }
        let waited = start.elapsed();
        if waited >= wait.limit {
            return Err(LockError::TimedOut {
                guarded,
                what: what.to_path_buf(),
                waited,
            });
        }
        if !told {
            (wait.notice)(&waiting(guarded, what));
            told = true;
        }
        std::thread::sleep(POLL.min(wait.limit - waited));
    }
}

/// Opens what is to be locked: a folder as itself, any other path as a lock file, made
/// if missing (never truncated: another process may hold it).
fn open(target: &Path) -> std::io::Result<File> {
    if target.is_dir() {
        return File::open(target);
    }
    File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(target)
}

/// What the waiting process says once, in the volunteer's words.
fn waiting(guarded: Guarded, what: &Path) -> Text {
    let p = crate::diag::display_path(what);
    match guarded {
        Guarded::Output => text!(
            en: "waiting: another build is writing {p} …",
            id: "menunggu: build lain sedang menulis {p} …"
        ),
        Guarded::Cache => text!(
            en: "waiting: the photo cache {p} is being cleaned up …",
            id: "menunggu: cache foto {p} sedang dibersihkan …"
        ),
        Guarded::Catalog => text!(
            en: "waiting: a change to the catalog {p} is being saved …",
            id: "menunggu: perubahan katalog {p} sedang disimpan …"
        ),
    }
}

impl LockError {
    /// The failure in the volunteer's language.
    pub fn text(&self) -> Text {
        match self {
            LockError::Io(e) => e.text(),
            LockError::TimedOut {
                guarded,
                what,
                waited,
            } => {
                let p = crate::diag::display_path(what);
                // Whole seconds, never "0 s".
                let s = (waited.as_secs_f64().round() as u64).max(1);
                match guarded {
                    Guarded::Output => text!(
                        en: "another etalase (a build, or serve rebuilding) was still writing {p} after {s} s: let it finish, then build again",
                        id: "etalase lain (build, atau serve yang sedang membangun ulang) masih menulis {p} setelah {s} detik: biarkan selesai, lalu build lagi"
                    ),
                    Guarded::Cache => text!(
                        en: "the photo cache {p} was still being cleaned up after {s} s: let it finish, then build again, or choose another cache with --cache",
                        id: "cache foto {p} masih dibersihkan setelah {s} detik: biarkan selesai, lalu build lagi, atau pilih cache lain dengan --cache"
                    ),
                    Guarded::Catalog => text!(
                        en: "a change to the catalog {p} was still being saved after {s} s: let it finish, then try again",
                        id: "perubahan katalog {p} masih disimpan setelah {s} detik: biarkan selesai, lalu coba lagi"
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_second_writer_waits_says_so_once_and_gives_up_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let said = Cell::new(0);
        let notice = |_: &Text| said.set(said.get() + 1);
        let wait = Wait {
            limit: Duration::from_millis(300),
            notice: &notice,
        };
        let target = dir.path().join(".public.etalase-lock");
        let what = dir.path().join("public");
        // Held by another thread, as another process would hold it.
        let (taken, release) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
        let holder = {
            let (target, what) = (target.clone(), what.clone());
            std::thread::spawn(move || {
                let quiet = Wait {
                    limit: Duration::from_secs(5),
                    notice: &|_| {},
                };
                let held = acquire(&target, &what, Guarded::Output, Access::Exclusive, &quiet);
                taken.0.send(held.is_ok()).unwrap();
                release.1.recv().ok();
            })
        };
        assert!(taken.1.recv().unwrap());
        let second = acquire(&target, &what, Guarded::Output, Access::Exclusive, &wait);
        assert!(matches!(second, Err(LockError::TimedOut { .. })));
        assert_eq!(said.get(), 1);
        release.0.send(()).unwrap();
        holder.join().unwrap();
        acquire(&target, &what, Guarded::Output, Access::Exclusive, &wait).unwrap();
    }

    #[test]
    fn the_thread_that_holds_a_lock_takes_it_again_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let wait = Wait {
            limit: Duration::from_millis(100),
            notice: &|_| {},
        };
        let d = dir.path();
        let outer = acquire(d, d, Guarded::Catalog, Access::Exclusive, &wait).unwrap();
        let inner = acquire(d, d, Guarded::Catalog, Access::Exclusive, &wait).unwrap();
        drop(inner);
        // Still held: another thread waits.
        let other = std::thread::scope(|s| {
            s.spawn(|| {
                let wait = Wait {
                    limit: Duration::from_millis(100),
                    notice: &|_| {},
                };
                acquire(d, d, Guarded::Catalog, Access::Exclusive, &wait).is_ok()
            })
            .join()
            .unwrap()
        });
        assert!(!other);
        drop(outer);
        assert!(
            HELD.lock()
                .unwrap()
                .iter()
                .all(|(k, _, _)| k != &held_key(d))
        );
    }

    #[test]
    fn readers_share_a_folder_and_keep_a_writer_out() {
        let dir = tempfile::tempdir().unwrap();
        let notice = |_: &Text| {};
        let wait = Wait {
            limit: Duration::from_millis(100),
            notice: &notice,
        };
        let d = dir.path();
        let one = acquire(d, d, Guarded::Cache, Access::Shared, &wait).unwrap();
        let two = acquire(d, d, Guarded::Cache, Access::Shared, &wait).unwrap();
        assert!(acquire(d, d, Guarded::Cache, Access::Exclusive, &wait).is_err());
        drop((one, two));
        acquire(d, d, Guarded::Cache, Access::Exclusive, &wait).unwrap();
    }
}
