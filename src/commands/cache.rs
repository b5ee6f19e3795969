//! `etalase cache prune`: removes from the photo cache what no build uses any more,
//! alone — it waits for the builds using the cache (each holds a shared lock on the
//! folder) to finish, so it never removes an entry a running build is using; and the
//! line a build prints when its own pruning removed something.

use crate::commands::Outcome;
use crate::diag::{Lang, Text};
use crate::output::lock::{self, Access, Guarded, LockError, Wait};
use crate::photos::prune::{self, Pruned, Rule};
use crate::text;
use std::path::Path;
use std::time::Duration;

/// `etalase cache prune`: entries unused for `rule`, or all of them, removed from the
/// cache at `dir` once no build is using it (waiting up to `wait`, saying so once).
pub fn prune(dir: &Path, rule: Rule, wait: Duration, lang: Lang) -> Outcome {
    let p = crate::diag::display_path(dir);
    let notice = |_: &Text| {
        let waiting = text!(
            en: "waiting: a build is using the photo cache {p} …",
            id: "menunggu: cache foto {p} sedang dipakai build …"
        );
        eprintln!("{}", waiting.get(lang));
    };
    let wait = Wait {
        limit: wait,
        notice: &notice,
    };
    let pruned = match dir.exists() {
        false => Ok(Pruned::default()),
        true => match lock::acquire(dir, dir, Guarded::Cache, Access::Exclusive, &wait) {
            Ok(_alone) => prune::prune(dir, rule).map_err(|e| {
                let e = e.to_string();
                // The error names the path; the cache folder itself is named already.
                let e = e.strip_prefix(&format!("{p}: ")).unwrap_or(&e);
                text!(
                    en: "could not prune the photo cache {p}: {e}",
                    id: "cache foto {p} tidak bisa dibersihkan: {e}"
                )
            }),
            Err(LockError::TimedOut { waited, .. }) => {
                let s = waited.as_secs();
                Err(text!(
                    en: "a build was still using the photo cache {p} after {s} s: let it finish, then prune again (or wait longer with --wait)",
                    id: "cache foto {p} masih dipakai build setelah {s} detik: biarkan selesai, lalu bersihkan lagi (atau tunggu lebih lama dengan --wait)"
                ))
            }
            Err(e) => Err(e.text()),
        },
    };
    match pruned {
        Ok(pruned) => {
            let (n, k, mb) = (pruned.removed, pruned.kept, megabytes(pruned.bytes));
            let entries = entries(n);
            let done = text!(
                en: "photo cache {p}: removed {entries} ({mb} MB), kept {k}",
                id: "cache foto {p}: {n} entri dihapus ({mb} MB), {k} disimpan"
            );
            println!("{}", done.get(lang));
            Outcome::Done
        }
        Err(text) => {
            crate::commands::report::failure(&text, lang);
            Outcome::CouldNotRun
        }
    }
}

/// After a build: its pruning of the cache at `dir` (see [`prune::after_build`]), one
/// line when it removed something. A pruning that fails only says so: the site is built.
pub fn after_build(dir: &Path, lang: Lang) {
    let p = crate::diag::display_path(dir);
    let line = match prune::after_build(dir) {
        Ok(Some(pruned)) if pruned.removed > 0 => {
            let (n, mb, days) = (
                pruned.removed,
                megabytes(pruned.bytes),
                prune::KEEP_UNUSED_DAYS,
            );
            let entries = entries(n);
            text!(
                en: "photo cache {p}: removed {entries} no build used for {days} days ({mb} MB)",
                id: "cache foto {p}: {n} entri yang {days} hari tidak dipakai build dihapus ({mb} MB)"
            )
        }
        Ok(_) => return,
        Err(e) => {
            let e = e.to_string();
            text!(
                en: "warning: could not prune the photo cache {p}: {e}",
                id: "peringatan: cache foto {p} tidak bisa dibersihkan: {e}"
            )
        }
    };
    eprintln!("{}", line.get(lang));
}

/// `n` entries, in English (Indonesian nouns have no plural form).
fn entries(n: usize) -> String {
    match n {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}
