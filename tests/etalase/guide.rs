//! The volunteer guide (docs/panduan-relawan.md) against the program and the release
//! archive: every message it quotes is one etalase really prints, and every local file it
//! (or the README) links to is packed into the archive a volunteer downloads.
//!
//! The real messages are the ones pinned by messages.rs (and the other pinned runs) in
//! `snapshots/*_id.snap`: those pins are kept true by their own tests, so a quote found
//! in them is a message the program prints to an Indonesian catalog.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The severities a message line starts with (after its `path:line:col: `), in both
/// the words content problems use and the ones etalase's own failures use.
const SEVERITIES: [&str; 4] = ["error: ", "warning: ", "kesalahan: ", "peringatan: "];

/// A message quoted by the guide, where it was found.
#[derive(Debug)]
struct Quote {
    /// The message, without its `path:line:col: severity: ` or `help: ` start.
    text: String,
    /// Where in the guide: the line of the block or table it is in.
    line: usize,
}

/// The message part of one line of program output (a quote or a pinned line): what
/// follows the severity, or `help: `; None when the line is neither.
fn message_of(line: &str) -> Option<&str> {
    let line = line.trim();
    if let Some(help) = line.strip_prefix("help: ") {
        return Some(help);
    }
    // `kesalahan: …` with no place, or `content/x/product.yaml:3:8: error: …` (a place
    // may hold spaces, as in `sagon - Copy/`, but not `: `).
    SEVERITIES.iter().find_map(|s| {
        line.strip_prefix(s).or_else(|| {
            let at = line.find(&format!(": {s}"))?;
            (!line[..at].contains(": ")).then(|| &line[at + 2 + s.len()..])
        })
    })
}

/// Every message the guide quotes: program-output lines in its fenced blocks (a
/// severity line or a `help:` line), inline code that starts with a severity, and the
/// first cell of the table of other messages (section 13), which quotes a message in
/// backticks.
fn quotes(guide: &str) -> Vec<Quote> {
    let line_of = |offset: usize| guide[..offset].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut in_block = false;
    let mut in_table_head = false;
    let mut cell = 0usize;
    let mut heading = String::new();
    let mut in_heading = false;
    for (event, range) in Parser::new_ext(guide, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading.clear();
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => heading.push_str(&t),
            Event::Code(t) if in_heading => heading.push_str(&t),
            Event::Start(Tag::CodeBlock(kind)) => {
                // Output is shown in plain fences; ```yaml, ```sh … are files and commands.
                in_block = matches!(kind, CodeBlockKind::Fenced(ref lang) if lang.is_empty());
            }
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Text(t) if in_block => {
                let first = line_of(range.start);
                for (i, l) in t.lines().enumerate() {
                    if let Some(m) = message_of(l) {
                        out.push(Quote {
                            text: m.to_string(),
                            line: first + i,
                        });
                    }
                }
            }
            Event::Start(Tag::TableHead) => in_table_head = true,
            Event::End(TagEnd::TableHead) => in_table_head = false,
            Event::Start(Tag::TableRow) => cell = 0,
            Event::End(TagEnd::TableCell) => cell += 1,
            Event::Code(t) => {
                let in_message_table =
                    heading.starts_with("Pesan lain") && !in_table_head && cell == 0;
                if in_message_table {
                    out.push(Quote {
                        text: t.trim().to_string(),
                        line: line_of(range.start),
                    });
                } else if let Some(m) = SEVERITIES.iter().find_map(|s| t.strip_prefix(s)) {
                    out.push(Quote {
                        text: m.to_string(),
                        line: line_of(range.start),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `quote` is `message`, `…` in the quote standing for any text.
fn matches(quote: &str, message: &str) -> bool {
    let parts: Vec<&str> = quote.split('…').map(str::trim).collect();
    let mut rest = message;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if last {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    rest.is_empty()
}

/// The message part of every line in the pinned Indonesian runs.
fn pinned_messages() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["tests/etalase/snapshots", "tests/etalase/hostile/snapshots"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with("_id.snap") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 20, "the pinned runs were not found");
    let mut out = Vec::new();
    for f in files {
        for line in read(&f).lines() {
            if let Some(m) = message_of(line) {
                out.push(m.to_string());
            }
        }
    }
    out
}

#[test]
fn every_message_the_guide_quotes_is_one_etalase_prints() {
    let guide = read(&root().join("docs/panduan-relawan.md"));
    let quotes = quotes(&guide);
    // The guide quotes messages in all three forms; finding fewer means the reading broke.
    assert!(quotes.len() > 40, "only {} quotes found", quotes.len());
    let pinned = pinned_messages();
    let wrong: Vec<String> = quotes
        .iter()
        .filter(|q| !pinned.iter().any(|m| matches(&q.text, m)))
        .map(|q| format!("docs/panduan-relawan.md:{}: {}", q.line, q.text))
        .collect();
    assert!(
        wrong.is_empty(),
        "the guide quotes messages etalase does not print to an Indonesian catalog (none \
         of the pinned runs in tests/etalase/snapshots/*_id.snap has them): quote the real \
         message (`…` stands for any text), or pin it in messages.rs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn quotes_match_whole_messages_with_the_ellipsis_standing_for_any_text() {
    assert!(matches(
        "`price` ditulis dua kali: …",
        "`price` ditulis dua kali: di baris 2 dan di sini"
    ));
    assert!(matches(
        "… hanya selebar 200 piksel: …",
        "foto ini hanya selebar 200 piksel: akan buram"
    ));
    assert!(!matches(
        "`price` ditulis dua kali",
        "`price` ditulis dua kali: di baris 2"
    ));
    assert!(!matches(
        "duplicate field `price`",
        "`price` ditulis dua kali: di baris 2"
    ));
    assert_eq!(
        message_of("content/a/product.yaml:3:8: error: harga x"),
        Some("harga x")
    );
    assert_eq!(
        message_of("kesalahan: katalog tidak kosong"),
        Some("katalog tidak kosong")
    );
    assert_eq!(message_of("  help: tulis `price:`"), Some("tulis `price:`"));
    assert_eq!(
        message_of("content/d/sagon - Copy/product.yaml:1:7: warning: folder x"),
        Some("folder x")
    );
    assert_eq!(message_of("name: Keripik Pare"), None);
}

/// What the release workflow's "Pack the archive" step puts in the archive: each path
/// inside the archive's folder, from the `cp` lines of the step (`cp SRC… "dist/$name/"`
/// copies each source there under its own name, `cp -R SRC "dist/$name/DEST"` copies a
/// folder as DEST), with every file of a copied folder.
fn archive() -> BTreeSet<String> {
    let workflow = root().join(".github/workflows/release.yml");
    let yaml: serde_json::Value = etalase::catalog::yaml::parse(&read(&workflow))
        .unwrap_or_else(|e| panic!("{}: {e:?}", workflow.display()));
    let steps = yaml["jobs"]["build"]["steps"]
        .as_array()
        .expect("build steps");
    let pack = steps
        .iter()
        .find(|s| s["name"] == "Pack the archive")
        .expect("a step named \"Pack the archive\"");
    let script = pack["run"].as_str().expect("the step's run script");
    let mut out = BTreeSet::new();
    for line in script.lines().map(str::trim) {
        let Some(args) = line.strip_prefix("cp ") else {
            continue;
        };
        let words: Vec<&str> = args
            .split_whitespace()
            .filter(|w| !w.starts_with('-'))
            .map(|w| w.trim_matches('"'))
            .collect();
        let (dest, sources) = words.split_last().expect("cp with a destination");
        let Some(dest) = dest.strip_prefix("dist/$name") else {
            continue; // the binary's copy and anything else not from the repository
        };
        let dest = dest.trim_start_matches('/');
        for src in sources {
            if src.contains('$') {
                continue; // the built binary
            }
            let into = if dest.is_empty() || dest.ends_with('/') {
                let name = Path::new(src).file_name().unwrap().to_string_lossy();
                format!("{dest}{name}")
            } else {
                dest.to_string()
            };
            let from = root().join(src);
            assert!(
                from.exists(),
                "the pack step copies {src}, which does not exist"
            );
            for file in files_under(&from) {
                let rel = file
                    .strip_prefix(&from)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(if rel.is_empty() {
                    into.clone()
                } else {
                    format!("{into}/{rel}")
                });
            }
        }
    }
    out
}

/// `path` if it is a file, or every file under it.
fn files_under(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        out.extend(files_under(&entry.unwrap().path()));
    }
    out
}

/// The local files a Markdown file links to: its links' targets (without `#…`, resolved
/// from the file's folder) and the `docs/….md` paths it names in backticks (as a
/// volunteer reads them, from the archive's folder). Paths are inside the archive.
fn local_links(text: &str, folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = dest_url.split('#').next().unwrap_or_default();
                if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                out.push(normalise(&format!("{folder}{target}")));
            }
            Event::Code(code) if code.starts_with("docs/") && code.ends_with(".md") => {
                out.push(code.to_string());
            }
            _ => {}
        }
    }
    out
}

/// `a/b/../c` as `a/c`, `a/./b` as `a/b`.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn the_release_archive_holds_every_file_the_readme_and_the_guide_link_to() {
    let archive = archive();
    let mut missing = BTreeSet::new();
    for doc in ["README.md", "docs/panduan-relawan.md"] {
        if !archive.contains(doc) {
            missing.insert(format!("{doc} itself"));
        }
        let folder = match doc.rfind('/') {
            Some(i) => &doc[..=i],
            None => "",
        };
        for target in local_links(&read(&root().join(doc)), folder) {
            let folder_target = format!("{}/", target.trim_end_matches('/'));
            let there =
                archive.contains(&target) || archive.iter().any(|f| f.starts_with(&folder_target));
            if !there {
                missing.insert(format!("{doc} links to {target}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the release archive (.github/workflows/release.yml, step \"Pack the archive\") \
         lacks files its documents link to:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}
