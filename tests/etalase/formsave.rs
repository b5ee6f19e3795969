//! The workshop's saves (issue 16, points 6 and 7) beside other writers and readers:
//! a real process holding the catalog lock as a build does, real `etalase check` runs
//! reading while saves land, and two saves from one opened form.

use crate::support::CatalogTest;
use etalase::catalog::form::{self, SaveError};
use etalase::catalog::resolve::categories_of;
use etalase::output::lock::{LockError, Wait};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn wait(limit: Duration) -> Wait<'static> {
    Wait {
        limit,
        notice: &|_| {},
    }
}

fn save_price(
    root: &Path,
    dir: &Path,
    price: &str,
    limit: Duration,
) -> Result<form::Saved, SaveError> {
    let opened = form::read_form(root, dir).unwrap();
    let mut typed = opened.values.clone();
    typed.set("price", price);
    let checked = form::check(&typed, categories_of(root).as_deref());
    form::save_product(root, dir, &opened.version, &checked, &wait(limit))
}

/// A process holding the catalog folder's lock shared, as `etalase build` holds it
/// while it reads: the save waits for it, and gives up at its limit with nothing
/// written; once the reader is gone, the save goes through.
#[test]
fn a_save_waits_for_a_reader_holding_the_catalog() {
    let t = CatalogTest::sample();
    let root = t.path("content");
    let dir = root.join("dukuhdempok/sagon");
    let before = t.read("content/dukuhdempok/sagon/product.yaml");
    let mut reader = Command::new("flock")
        .args(["--shared"])
        .arg(&root)
        .args(["-c", "echo held; read line"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(reader.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, "held\n");
    let err = save_price(&root, &dir, "16rb", Duration::from_millis(300)).unwrap_err();
    assert!(
        matches!(err, SaveError::Lock(LockError::TimedOut { .. })),
        "{err:?}"
    );
    assert_eq!(t.read("content/dukuhdempok/sagon/product.yaml"), before);
    reader.stdin.take().unwrap().write_all(b"\n").unwrap();
    assert!(reader.wait().unwrap().success());
    save_price(&root, &dir, "16rb", Duration::from_secs(30)).unwrap();
    assert_eq!(
        t.read("content/dukuhdempok/sagon/product.yaml"),
        before.replace("price: 15000\nunit", "price: 16000\nunit")
    );
}

/// Saves landing while `etalase check` processes read the catalog: every check reads
/// whole files (the old or the new), so each passes, and the last save stands.
#[test]
fn checks_running_beside_saves_read_whole_files() {
    let t = CatalogTest::sample();
    let root = t.path("content");
    let dir = root.join("dukuhdempok/sagon");
    let saver = {
        let (root, dir) = (root.clone(), dir.clone());
        std::thread::spawn(move || {
            for i in 0..40u64 {
                save_price(
                    &root,
                    &dir,
                    &format!("{}rb", 15 + i),
                    Duration::from_secs(60),
                )
                .unwrap();
            }
        })
    };
    let mut runs = 0;
    while !saver.is_finished() || runs == 0 {
        let run = t.run(&["check"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        runs += 1;
    }
    saver.join().unwrap();
    assert!(
        t.read("content/dukuhdempok/sagon/product.yaml")
            .contains("price: 54000\n")
    );
}

/// Two phones save from the same opened form at once: one save lands, the other is
/// refused with the field the first changed and its newer value: no lost update.
#[test]
fn two_saves_from_one_form_one_is_refused() {
    let t = CatalogTest::sample();
    let root = t.path("content");
    let dir = root.join("dukuhdempok/sagon");
    let opened = form::read_form(&root, &dir).unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let phones: Vec<_> = [("price", "16000"), ("maker", "Ibu Sumarni")]
        .into_iter()
        .map(|(field, value)| {
            let (root, dir, opened, barrier) =
                (root.clone(), dir.clone(), opened.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut typed = opened.values.clone();
                typed.set(field, value);
                let checked = form::check(&typed, categories_of(&root).as_deref());
                barrier.wait();
                form::save_product(
                    &root,
                    &dir,
                    &opened.version,
                    &checked,
                    &wait(Duration::from_secs(60)),
                )
            })
        })
        .collect();
    let results: Vec<_> = phones.into_iter().map(|p| p.join().unwrap()).collect();
    let text = t.read("content/dukuhdempok/sagon/product.yaml");
    match (&results[0], &results[1]) {
        (Ok(_), Err(SaveError::Conflict(c))) => {
            assert_eq!(c.changed, ["price"]);
            assert_eq!(c.newer.values.get("price"), "16000");
            assert!(text.contains("price: 16000\n") && text.contains("maker: Ibu Sumiati\n"));
        }
        (Err(SaveError::Conflict(c)), Ok(_)) => {
            assert_eq!(c.changed, ["maker"]);
            assert_eq!(c.newer.values.get("maker"), "Ibu Sumarni");
            assert!(text.contains("price: 15000\n") && text.contains("maker: Ibu Sumarni\n"));
        }
        other => panic!("{other:?}"),
    }
}
