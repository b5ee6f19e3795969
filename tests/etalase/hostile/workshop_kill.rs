//! The workshop killed mid-write (issue 16, "How it is shown": "a save interrupted (the
//! process killed mid-write) leaves the old or the new file, never half of one").
//!
//! The real `etalase edit` runs under `strace`, whose fault injection kills it (SIGKILL,
//! which nothing can catch) at the `n`th call, in turn, of:
//!
//! - `fchmod`: a temporary file just made beside its target, nothing written in it yet
//!   (where a kill during its `write` leaves it too: the target untouched);
//! - `fsync`: a temporary file written whole and not yet renamed, or, after a rename,
//!   the folder flushed;
//! - the renames (and links) onto each file the save writes in turn, chosen with `-P`
//!   so that the preview's own renames are not counted;
//! - a write to one of those files itself (never made: a save writes a temporary file
//!   and renames it; were it made, a kill there would leave half a file).
//!
//! Only the catalog's writers flush files; only they change a file's mode in a catalog
//! without photos (the photo cache does too, so the upload is killed at the other two
//! only). strace counts each system call apart (`renameat` and `renameat2` have a
//! count each) and per thread; a save's calls are all made on one. After each kill every file is the old one or the new one, byte for
//! byte, and `etalase check` passes; at the end, the temporary files the kills left
//! behind (`.product.yaml.*.tmp`, `.foto.*.tmp`) are neither published nor a warning
//! of `check` or `build`: the catalog's reader ignores hidden and `.tmp` files
//! (`catalog::load::is_ignored`), so the workshop leaves them be.

use crate::support::serve::Preview;
use crate::support::{CatalogTest, photos};
use crate::workshop::{request, sign_in};
use crate::workshop_form::{form_fields, post, with};
use crate::workshop_photos::{multipart, post_photos};
use std::ffi::{OsStr, OsString};
use std::time::{Duration, Instant};

const DIR: &str = "content/desa-contoh/keripik-pare";
const FORM: &str = "/produk/desa-contoh/keripik-pare";
const OLD: &str = "name: Keripik Pare\ncategory: makanan\nprice: 15000\n";
const NEW: &str = "name: Keripik Pare\ncategory: makanan\nprice: 17500\n";
const DESCRIPTION: &str = "Renyah, tanpa pengawet.";

/// The system calls that rename or link a file into place.
const RENAMES: &str = "rename,renameat,renameat2,link,linkat";

/// The system calls that write into an open file, or cut it short.
const WRITES: &str = "write,writev,pwrite64,ftruncate";

/// Where `strace` kills the workshop: the `n`th call of one of `calls` (comma-separated,
/// each counted apart) on one thread, among those touching one of `paths` (none: any).
struct KillAt<'a> {
    calls: &'a str,
    paths: &'a [&'a str],
}

/// `strace …` that kills its program at `at`'s `n`th call, tracing those calls (each
/// with the paths of its file descriptors) into `trace.txt`.
fn strace(t: &CatalogTest, at: &KillAt, n: u32) -> Vec<OsString> {
    let mut args: Vec<OsString> = ["strace", "-f", "-qq", "-y", "-o"]
        .map(OsString::from)
        .into();
    args.push(t.path("trace.txt").into());
    args.push(format!("-etrace={}", at.calls).into());
    args.push(format!("-einject={}:signal=KILL:when={n}", at.calls).into());
    for path in at.paths {
        // As the workshop may name it: relative to the folder it runs in, or whole.
        args.extend(["-P".into(), OsString::from(path)]);
        args.extend(["-P".into(), t.path(path).into()]);
    }
    args
}

/// The workshop on `t`, under `strace` killing it at `at`'s `n`th call; `act` signs in
/// and posts a save, returning the status answered. `Some`: the call the workshop was
/// killed at, as traced; `None`: the save was done without reaching it (the workshop is
/// then stopped with Ctrl-C).
fn killed_during(
    t: &CatalogTest,
    at: &KillAt,
    n: u32,
    act: &dyn Fn(&Preview) -> u16,
) -> Option<String> {
    let wrapper = strace(t, at, n);
    let wrapper: Vec<&OsStr> = wrapper.iter().map(OsString::as_os_str).collect();
    let cache = t.path("cache");
    let mut shop = Preview::start_under(
        &wrapper,
        &t.path(""),
        "edit",
        [OsStr::new("--cache"), cache.as_os_str()],
        &[],
    );
    let status = act(&shop);
    if status != 0 {
        assert!(matches!(status, 200 | 303), "answered {status}");
        stop_traced(&mut shop);
        return None;
    }
    let started = Instant::now();
    while shop.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no answer, yet the workshop runs on"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let trace = t.read("trace.txt");
    let names: Vec<String> = at.calls.split(',').map(|c| format!("{c}(")).collect();
    let killed = trace
        .lines()
        .rfind(|l| names.iter().any(|c| l.contains(c.as_str())));
    Some(killed.unwrap_or("(no call traced)").to_string())
}

/// Stops the workshop traced by `shop.child` (`strace`, which ignores Ctrl-C when it
/// writes to a file) with Ctrl-C sent to the workshop itself, its one child.
fn stop_traced(shop: &mut Preview) {
    let id = shop.child.id();
    // None when it has ended meanwhile.
    let children =
        std::fs::read_to_string(format!("/proc/{id}/task/{id}/children")).unwrap_or_default();
    for pid in children.split_whitespace() {
        // SAFETY: a signal to the traced workshop, a child of our child that is still
        // running (strace waits for it).
        unsafe { libc::kill(pid.parse().unwrap(), libc::SIGINT) };
    }
    let started = Instant::now();
    while shop.child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the workshop did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// For each kind of kill point: the workshop killed at its 1st, 2nd… call, until a save
/// is done without reaching it. Before each run `reset` puts the old files back; after
/// each kill `inspect` checks what it left, given the call killed. The calls killed.
fn sweep(
    t: &CatalogTest,
    points: &[KillAt],
    reset: &dyn Fn(),
    act: &dyn Fn(&Preview) -> u16,
    inspect: &dyn Fn(&str),
) -> Vec<String> {
    let mut killed = Vec::new();
    for at in points {
        for n in 1.. {
            reset();
            let Some(call) = killed_during(t, at, n, act) else {
                break;
            };
            inspect(&call);
            killed.push(call);
            assert!(n < 20, "the save never ended: {killed:#?}");
        }
    }
    killed
}

/// The files whose names end `.tmp` in `DIR`.
fn temporary_files(t: &CatalogTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(t.path(DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

/// `etalase check` passes, saying nothing of a temporary file.
fn checks(t: &CatalogTest, when: &str) {
    let run = t.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 0, "after a kill at {when}:\n{}", run.stderr);
    assert!(!run.stderr.contains(".tmp"), "{when}:\n{}", run.stderr);
}

/// The temporary files left are there, and neither `check` nor `build` fails, warns of
/// them or publishes them.
fn leftovers_are_ignored(t: &CatalogTest, prefix: &str) {
    let left = temporary_files(t);
    assert!(
        left.iter().any(|n| n.starts_with(prefix)),
        "no {prefix}*.tmp was left: {left:?}"
    );
    checks(t, "the end");
    let built = t.run(&["build", "--lang", "en"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!built.stderr.contains(".tmp"), "{}", built.stderr);
    let published = crate::support::files::files_under(&t.path("public"));
    assert!(
        published.iter().all(|(rel, _)| !rel.contains(".tmp")),
        "published: {:?}",
        published.iter().map(|(rel, _)| rel).collect::<Vec<_>>()
    );
}

#[test]
fn a_product_save_killed_mid_write_leaves_each_file_old_or_new() {
    let t = CatalogTest::new("minimal");
    let yaml = format!("{DIR}/product.yaml");
    let index = format!("{DIR}/index.md");
    let reset = || {
        t.write(&yaml, OLD);
        let _ = std::fs::remove_file(t.path(&index));
    };
    // The price (a line of `product.yaml`) and the description (a new `index.md`).
    let act = |shop: &Preview| {
        let cookie = sign_in(shop);
        let page = request(shop.port, "GET", FORM, &[("Cookie", &cookie)], "");
        assert_eq!(page.status, 200, "{}", page.body);
        let fields = with(form_fields(&page.body), "price", "17500");
        let fields = with(fields, "description", DESCRIPTION);
        post(shop, &cookie, FORM, &fields, "simpan").status
    };
    let inspect = |call: &str| {
        let now = t.read(&yaml);
        assert!(now == OLD || now == NEW, "killed at {call}: {now:?}");
        match std::fs::read_to_string(t.path(&index)) {
            Ok(text) => assert_eq!(text, format!("{DESCRIPTION}\n"), "killed at {call}"),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{call}"),
        }
        checks(&t, call);
    };
    let points = [
        KillAt {
            calls: "fchmod",
            paths: &[],
        },
        KillAt {
            calls: "fsync",
            paths: &[],
        },
        KillAt {
            calls: RENAMES,
            paths: &[&yaml],
        },
        KillAt {
            calls: RENAMES,
            paths: &[&index],
        },
        KillAt {
            calls: WRITES,
            paths: &[&yaml, &index],
        },
    ];
    let killed = sweep(&t, &points, &reset, &act, &inspect);
    // The last run of the sweep saved: the new files, whole.
    assert_eq!(t.read(&yaml), NEW);
    assert_eq!(t.read(&index), format!("{DESCRIPTION}\n"));
    let at = |call: &str, file: &str| killed.iter().any(|l| l.contains(call) && l.contains(file));
    assert!(at("fchmod(", "/.product.yaml."), "{killed:#?}");
    assert!(at("fsync(", "/.product.yaml."), "{killed:#?}");
    assert!(at("fsync(", "/.index.md."), "{killed:#?}");
    assert!(at("rename", "product.yaml\""), "{killed:#?}");
    assert!(at("rename", "index.md\""), "{killed:#?}");
    leftovers_are_ignored(&t, ".product.yaml.");
}

#[test]
fn a_photo_upload_killed_mid_write_leaves_each_file_old_or_new() {
    let t = CatalogTest::new("minimal");
    let yaml = format!("{DIR}/product.yaml");
    let photo = format!("{DIR}/toples.jpg");
    let listed = format!("{OLD}photos: [foto.jpg]\n");
    let relisted = format!("{OLD}photos: [foto.jpg, toples.jpg]\n");
    t.write(
        &format!("{DIR}/foto.jpg"),
        photos::jpeg(&photos::halves(640, 480)),
    );
    let jpeg = photos::phone_jpeg(800, 600);
    let reset = || {
        t.write(&yaml, &listed);
        let _ = std::fs::remove_file(t.path(&photo));
    };
    let act = |shop: &Preview| {
        let (cookie, csrf) = crate::workshop_photos::sign_in(shop);
        let body = multipart(&[
            ("csrf", None, csrf.as_bytes()),
            ("foto", Some("toples.jpg"), &jpeg),
        ]);
        post_photos(shop, &cookie, "/foto/desa-contoh/keripik-pare", &body).status
    };
    let inspect = |call: &str| {
        let now = t.read(&yaml);
        assert!(
            now == listed || now == relisted,
            "killed at {call}: {now:?}"
        );
        match std::fs::read(t.path(&photo)) {
            Ok(bytes) => assert!(bytes == jpeg, "killed at {call}: the photo is not whole"),
            // The list never names a photo that is not there yet.
            Err(_) => assert_eq!(now, listed, "killed at {call}"),
        }
        checks(&t, call);
    };
    let points = [
        KillAt {
            calls: "fsync",
            paths: &[],
        },
        KillAt {
            calls: RENAMES,
            paths: &[&photo],
        },
        KillAt {
            calls: RENAMES,
            paths: &[&yaml],
        },
        KillAt {
            calls: WRITES,
            paths: &[&yaml, &photo],
        },
    ];
    let killed = sweep(&t, &points, &reset, &act, &inspect);
    assert_eq!(t.read(&yaml), relisted);
    assert!(std::fs::read(t.path(&photo)).unwrap() == jpeg);
    let at = |call: &str, file: &str| killed.iter().any(|l| l.contains(call) && l.contains(file));
    assert!(at("fsync(", "/.foto."), "{killed:#?}");
    assert!(at("fsync(", "/.product.yaml."), "{killed:#?}");
    assert!(at("rename", "toples.jpg\""), "{killed:#?}");
    assert!(at("rename", "product.yaml\""), "{killed:#?}");
    leftovers_are_ignored(&t, ".foto.");
}
