//! The layout of `src/` keeps its shape: no module cycle, and every `crate::` path
//! goes down the layers, never up:
//!
//! ```text
//! cli → commands → site → photos → catalog → output → diag
//! ```
//!
//! (`testing`, behind the `testing` feature, may be used by tests anywhere.) The check
//! reads the source as text: each file is a module (`src/site/plan/mod.rs` is
//! `site::plan`), and each `crate::a::b` path outside a comment, and each top-level
//! `use super::…`, is an edge to the longest module it names. A new cycle or an upward
//! path fails here with the file and line that made it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first: a module may use its own layer and those before it.
const LAYERS: [&str; 7] = [
    "diag", "output", "catalog", "photos", "site", "commands", "cli",
];

/// One use of another module: (from, to, file, line).
type Edge = (String, String, String, usize);

/// The modules of a source tree and the edges between them.
struct Graph {
    modules: BTreeSet<String>,
    edges: Vec<Edge>,
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn read_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    // The longest known module that `path` (segments after `crate::`) starts with.
    let target = |segments: &[&str]| {
        (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| modules.contains(m))
    };
    let mut edges = Vec::new();
    for file in &files {
        let from = module_of(src, file);
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file).unwrap();
        // Comment lines blanked (their line breaks kept, for line numbers).
        let code: String = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("//") {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut from_at = 0;
        while let Some(found) = code[from_at..].find("crate::") {
            let at = from_at + found;
            from_at = at + 7;
            // `$crate::` in a macro, or part of a longer name.
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c == '$' || c.is_alphanumeric() || c == '_') {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            for path in paths_at(&code[at + 7..]) {
                let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
                if let Some(to) = target(&segments)
                    && to != from
                {
                    edges.push((from.clone(), to, shown.clone(), line));
                }
            }
        }
        for (i, line) in text.lines().enumerate() {
            // `use super::x` at the top of a file names its parent's items (inside a
            // file's own `mod tests`, indented, it names the file's module).
            if let Some(rest) = line.strip_prefix("use super::") {
                let parent = from.rsplit_once("::").map_or("", |(p, _)| p);
                let mut segments: Vec<&str> =
                    parent.split("::").filter(|s| !s.is_empty()).collect();
                let first = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next();
                segments.extend(first);
                if let Some(to) = target(&segments)
                    && to != from
                {
                    edges.push((from.clone(), to, shown.clone(), i + 1));
                }
            }
        }
    }
    Graph { modules, edges }
}

/// The paths a `crate::` path names, read from just after `crate::`: one for
/// `a::b::c`, one per item for a group `a::{b, c::{d, e}}`, over several lines too.
fn paths_at(text: &str) -> Vec<String> {
    let head: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let rest = &text[head.len()..];
    if !(head.is_empty() || head.ends_with("::")) || !rest.starts_with('{') {
        return vec![head];
    }
    // The group's items, split at the commas of its own level.
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 1);
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => {
                items.push(&rest[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 1 => {
                items.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .map(str::trim_start)
        .filter(|item| !item.is_empty())
        .flat_map(|item| paths_at(item).into_iter().map(|p| format!("{head}{p}")))
        .collect()
}

/// The groups of modules that reach each other (Tarjan's strongly connected components
/// with more than one module).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to, _, _) in &graph.edges {
        next.entry(from).or_default().insert(to);
    }
    struct State<'a> {
        next: &'a BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in s.next.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        next: &next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for m in &graph.modules {
        if !state.index.contains_key(m.as_str()) {
            visit(&mut state, m);
        }
    }
    state.found
}

/// The edges that go up the layers.
fn upward(graph: &Graph) -> Vec<&Edge> {
    let rank = |module: &str| {
        let top = module.split("::").next().unwrap_or_default();
        LAYERS.iter().position(|l| *l == top)
    };
    graph
        .edges
        .iter()
        .filter(|(from, to, _, _)| match (rank(from), rank(to)) {
            (Some(f), Some(t)) => t > f,
            _ => false,
        })
        .collect()
}

fn explain(graph: &Graph, group: &[String]) -> String {
    let mut lines = vec![format!("cycle: {}", group.join(" <-> "))];
    for (from, to, file, line) in &graph.edges {
        if group.contains(from) && group.contains(to) {
            lines.push(format!("  {file}:{line}: {from} uses {to}"));
        }
    }
    lines.join("\n")
}

#[test]
fn the_modules_of_src_form_no_cycle_and_depend_only_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = read_graph(&src);
    assert!(
        graph.modules.len() > 40 && graph.edges.len() > 100,
        "the check read too little of src/: {} modules, {} edges",
        graph.modules.len(),
        graph.edges.len()
    );
    let found = cycles(&graph);
    let report: Vec<String> = found.iter().map(|g| explain(&graph, g)).collect();
    assert!(
        found.is_empty(),
        "module cycles (move the shared item down a layer):\n{}",
        report.join("\n")
    );
    let up: Vec<String> = upward(&graph)
        .iter()
        .map(|(from, to, file, line)| format!("  {file}:{line}: {from} uses {to}"))
        .collect();
    assert!(
        up.is_empty(),
        "paths up the layers ({}):\n{}",
        LAYERS.join(" < "),
        up.join("\n")
    );
}

#[test]
fn the_layout_check_finds_a_cycle_and_an_upward_path() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let file = |rel: &str, text: &str| {
        let path = src.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    file(
        "lib.rs",
        "pub mod diag;\npub mod site;\npub mod commands;\n",
    );
    // A cycle through a grouped import spread over lines.
    file("commands/mod.rs", "pub mod build;\npub mod report;\n");
    file(
        "commands/build.rs",
        "use crate::commands::{\n    Outcome,\n    report::{self, print},\n};\n",
    );
    file(
        "commands/report.rs",
        "use crate::commands::build::Report;\n",
    );
    file(
        "diag/mod.rs",
        "pub mod lang;\nuse crate::site::Page; // up\n",
    );
    file("diag/lang.rs", "use super::Diagnostic;\n");
    file(
        "site/mod.rs",
        "/// [`crate::diag`] in a comment is no edge\nuse crate::diag::Diagnostic;\n",
    );
    let graph = read_graph(&src);
    let found = cycles(&graph);
    assert_eq!(
        found,
        vec![
            vec![
                "commands::build".to_string(),
                "commands::report".to_string()
            ],
            vec!["diag".to_string(), "site".to_string()],
        ]
    );
    let up = upward(&graph);
    assert_eq!(up.len(), 1);
    assert_eq!(
        (up[0].0.as_str(), up[0].1.as_str(), up[0].3),
        ("diag", "site", 2)
    );
    // `use super::` at the top of diag/lang.rs names diag.
    assert!(
        graph
            .edges
            .iter()
            .any(|(f, t, _, _)| f == "diag::lang" && t == "diag")
    );
    // The doc comment in site/mod.rs made no edge of its own: one site → diag edge.
    assert_eq!(
        graph
            .edges
            .iter()
            .filter(|(f, t, _, _)| f == "site" && t == "diag")
            .count(),
        1
    );
}
