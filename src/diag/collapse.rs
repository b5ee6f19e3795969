//! Many warnings of one kind, shown as a few and a count.
//!
//! A catalog of thousands of products, none photographed yet, would print thousands of
//! identical "no photo yet" lines, burying everything else. Before printing, a kind of
//! warning (same message and fix) found more than [`LIMIT`] times is cut to its first
//! [`SHOWN`] lines, each in the contract's `path:line:col: warning: message` form, and
//! one more line in that same form counting the rest, at the folder that holds them all,
//! naming the first few. Errors are never collapsed: each must be fixed. The counts in
//! the closing summary line stay the real totals, and `--all-warnings` prints every one.

use crate::diag::{Diagnostic, Pos, Severity, Text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A kind of warning found at most this many times is printed whole.
pub const LIMIT: usize = 20;
/// How many of a larger kind are printed one by one.
pub const SHOWN: usize = 5;
/// How many more of the rest the counting line names.
const NAMED: usize = 3;

/// `sorted` (as [`crate::diag::Diagnostics::sorted`] gives them) with every crowded
/// kind of warning cut down; the counting line follows the last one shown of its kind.
pub fn collapse(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Each warning's kind, numbered in order of first sight, and how many of each.
    let mut ids: HashMap<(&Text, Option<&Text>), usize> = HashMap::new();
    let mut counts: Vec<usize> = Vec::new();
    let kinds: Vec<Option<usize>> = sorted
        .iter()
        .map(|d| {
            (d.severity == Severity::Warning).then(|| {
                let id = *ids
                    .entry((&d.message, d.help.as_ref()))
                    .or_insert(counts.len());
                if id == counts.len() {
                    counts.push(0);
                }
                counts[id] += 1;
                id
            })
        })
        .collect();
    drop(ids);
    if counts.iter().all(|&n| n <= LIMIT) {
        return sorted;
    }
    // Per crowded kind: how many were shown so far, and the rest.
    let mut seen = vec![0; counts.len()];
    let mut rest: Vec<Vec<PathBuf>> = vec![Vec::new(); counts.len()];
    let mut out = Vec::new();
    for (d, kind) in sorted.into_iter().zip(kinds) {
        let Some(id) = kind.filter(|&id| counts[id] > LIMIT) else {
            out.push(Slot::Shown(d));
            continue;
        };
        seen[id] += 1;
        if seen[id] < SHOWN {
            out.push(Slot::Shown(d));
        } else if seen[id] == SHOWN {
            let message = d.message.clone();
            out.push(Slot::Shown(d));
            out.push(Slot::Count(id, message));
        } else {
            rest[id].push(d.path);
        }
    }
    out.into_iter()
        .map(|slot| match slot {
            Slot::Shown(d) => d,
            Slot::Count(id, message) => counting_line(&message, &rest[id]),
        })
        .collect()
}

enum Slot {
    Shown(Diagnostic),
    /// The counting line of a kind, by its number, and its message.
    Count(usize, Text),
}

/// "N more like this" at the folder holding them all, naming the first few.
fn counting_line(message: &Text, paths: &[PathBuf]) -> Diagnostic {
    let n = paths.len();
    let folder = common_folder(paths);
    let mut named: Vec<String> = paths
        .iter()
        .take(NAMED)
        .map(|p| crate::diag::display_path(p))
        .collect();
    if n > NAMED {
        named.push("…".into());
    }
    let named = named.join(", ");
    let (en, id) = (&message.en, &message.id);
    Diagnostic::warning(
        folder,
        Pos::START,
        crate::text!(
            en: "{n} more like the ones above: {en}",
            id: "{n} lagi seperti di atas: {id}"
        ),
    )
    .help(crate::text!(
        en: "they are {named}; list every one with `etalase check --all-warnings`",
        id: "yaitu {named}; tampilkan semuanya dengan `etalase check --all-warnings`"
    ))
}

/// The deepest folder holding every path.
fn common_folder(paths: &[PathBuf]) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for p in paths {
        let dir = p.parent().unwrap_or(Path::new(""));
        common = Some(match common {
            None => dir.to_path_buf(),
            Some(c) => c
                .components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    fn no_photo(path: &str) -> Diagnostic {
        Diagnostic::warning(path, Pos::START, "the product has no photo yet").help("copy photos")
    }

    #[test]
    fn a_crowd_of_one_warning_becomes_a_few_lines_and_a_count() {
        let mut all: Vec<Diagnostic> = (0..100)
            .map(|i| no_photo(&format!("content/desa-{}/p-{i:03}/product.yaml", i / 50)))
            .collect();
        all.push(Diagnostic::error(
            "content/desa-0/p-007/product.yaml",
            Pos::new(3, 8),
            "bad price",
        ));
        all.push(Diagnostic::warning(
            "content/desa-1/x.heic",
            Pos::START,
            "odd format",
        ));
        let mut d = crate::diag::Diagnostics::new();
        for x in all {
            d.push(x);
        }
        let shown: Vec<String> = collapse(d.sorted())
            .iter()
            .map(|d| d.render(Lang::En))
            .collect();
        let lines: Vec<&str> = shown.iter().flat_map(|s| s.lines()).collect();
        // Every headline keeps the contract's form.
        for l in lines.iter().filter(|l| !l.starts_with("  help: ")) {
            let mut parts = l.splitn(4, ':');
            let (_, line, col) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
            assert!(
                line.parse::<usize>().is_ok() && col.parse::<usize>().is_ok(),
                "{l}"
            );
        }
        let no_photo_lines = lines
            .iter()
            .filter(|l| l.ends_with("warning: the product has no photo yet"))
            .count();
        assert_eq!(no_photo_lines, SHOWN);
        assert!(
            lines.contains(
                &"content:1:1: warning: 95 more like the ones above: the product has no photo yet"
            ),
            "{lines:#?}"
        );
        assert!(lines.contains(&"  help: they are content/desa-0/p-005/product.yaml, content/desa-0/p-006/product.yaml, content/desa-0/p-007/product.yaml, …; list every one with `etalase check --all-warnings`"));
        // Errors and other warnings are all still there.
        assert!(lines.contains(&"content/desa-0/p-007/product.yaml:3:8: error: bad price"));
        assert!(lines.contains(&"content/desa-1/x.heic:1:1: warning: odd format"));
    }

    #[test]
    fn a_few_warnings_of_a_kind_are_all_shown() {
        let few: Vec<Diagnostic> = (0..LIMIT)
            .map(|i| no_photo(&format!("content/d/p{i:02}/product.yaml")))
            .collect();
        assert_eq!(collapse(few.clone()), few);
    }
}
