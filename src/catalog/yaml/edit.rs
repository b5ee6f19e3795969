//! Field changes applied to the text of a hand-written file (issue 16, point 6): a
//! `product.yaml`, a `village.yaml`, a `catalog.yaml`, or the front matter of an
//! `index.md`. Everything the change does not touch stays byte for byte: comments above
//! and beside (a comment beside a changed scalar stays beside it), blank lines, key
//! order, keys no form shows, CRLF line ends (a changed or added line takes the file's),
//! a UTF-8 BOM, the `---` lines and the Markdown body.
//!
//! # The editor: `yaml-edit`, guarded by the build's own parser
//!
//! The text is edited through the `yaml-edit` crate (0.3.6: a lossless, rowan-based
//! syntax tree that prints back exactly what it read). It was weighed against a line
//! editor of our own built on [`super::locate`]. On the files of the sample and the
//! fixtures, LF, CRLF and BOM, `yaml-edit` already changed only the value's text on the
//! value's line, kept the comment beside it, kept flow lists flow and block lists block,
//! kept the spacing of `{ name: X, price: Y }` rows, placed a new key after the field
//! that precedes it in a given order, indented a new nested map like its siblings, and
//! wrote added lines with the file's line end. A line editor would have had to
//! re-implement flow-list splitting, quoting inside flow maps, the indentation of new
//! blocks and comments beside values, each a new place for a mistake; the crate has an
//! edit-invariant suite run on LF and CRLF inputs (its lists of known failures, CRLF
//! included, are empty as of 0.3.6). It adds little: `rowan` and three small crates; it
//! is used with no default features.
//!
//! Its parser is not the build's, so nothing is taken on its word, and the output is
//! predictable because every step is checked with the build's parser ([`super::parse`]):
//! - a file the build cannot read as YAML is refused with the build's own error (the
//!   caller shows its problems; never a guess), and so is one that `yaml-edit` does not
//!   print back byte for byte;
//! - a value is written from text made here ([`scalar_text`]), not by the crate: in
//!   the quotes of the value it replaces when that one was quoted (a volunteer who
//!   quoted her prices keeps them quoted); else plain when the build reads it plain as exactly the text given (or as the number whose
//!   text it is, `15000`) and no other YAML reader would take it for a number, a yes/no
//!   or a null; otherwise in double quotes, as the sample quotes (`"0812…"`, `"true"`,
//!   `"y"`, `"1e3"`, `"12.500"`, `"*x"`, `"a: b"`, `"a #b"`, and in a flow list
//!   `"b, c"`);
//! - after the edit the whole new text is parsed again by the build's parser and must
//!   read as the old document with exactly the requested changes (every other key and
//!   value the same): any difference is [`EditError::Mismatch`] and no text is given (a
//!   value shared through a YAML anchor is refused so, as changing it would change the
//!   other place too);
//! - setting a value to the text the file already holds changes nothing, not even
//!   quotes, so saving an unchanged form leaves the file byte-identical.
//!
//! # Where things go
//!
//! A missing key is inserted in the format's order ([`crate::catalog::schema::keys_of`]):
//! after the nearest key present that the format lists before it, else before the first
//! present key listed after it, else at the end. A missing parent map (`order:`,
//! `labels:`) is made, in the same way, holding the new key. Removing the last key of a
//! nested map removes the map. Text of several lines is written as a literal block
//! (`|-`) when it can be one. A list set to no items and variants set to no rows remove
//! their key. A new list is written in flow style (`tags: [a, b]`), a new variant row in
//! the style of the list's first row (`- { name: X, price: Y }` when there is none), as
//! the sample writes them.
//!
//! # Using it
//!
//! A form may send every field it shows on every save: a field left as it was changes
//! nothing, so the file changes only where the volunteer changed something. An emptied
//! field is a [`Change::Remove`]. The result is text to write (whole, to a temporary file
//! renamed into place: the caller's part), after the build's checks have run on it; an
//! [`EditError::Parse`] is the file's own problem, to show with the build's message.
//! Files of a new product made by `etalase new product` keep their commented-out keys
//! after the keys set. Anchors and aliases (`&p`, `*p`) are not edited through.

use super::{YamlError, parse, split_front_matter};
use crate::catalog::schema::{FileKind, keys_of};
use serde_yaml::Value;
use std::str::FromStr as _;
use yaml_edit::{Document, Mapping, Sequence, YamlNode};

/// One change to one field. Paths are keys from the top: `["price"]`,
/// `["order", "tokopedia"]`, `["labels", "pirt"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A scalar field set to this text (read back by the build as exactly this text).
    Set(Vec<String>, String),
    /// A key taken out (its parent map too when nothing is left in it).
    Remove(Vec<String>),
    /// A list of scalars (`tags`, `photos`); no items removes the key.
    List(Vec<String>, Vec<String>),
    /// The rows of `variants`, in order; no rows removes the key.
    Variants(Vec<Row>),
}

/// One variant row: `{ name: X, price: Y }`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub name: Option<String>,
    pub price: Option<String>,
}

impl Change {
    /// [`Change::Set`] from string slices: `Change::set(&["order", "shopee"], "https://…")`.
    pub fn set(path: &[&str], value: &str) -> Change {
        Change::Set(owned(path), value.to_string())
    }
    /// [`Change::Remove`] from string slices.
    pub fn remove(path: &[&str]) -> Change {
        Change::Remove(owned(path))
    }
    /// [`Change::List`] from string slices.
    pub fn list(path: &[&str], items: &[&str]) -> Change {
        Change::List(owned(path), items.iter().map(|s| s.to_string()).collect())
    }
}

impl Row {
    pub fn new(name: &str, price: &str) -> Row {
        Row {
            name: Some(name.to_string()),
            price: Some(price.to_string()),
        }
    }
}

fn owned(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

/// Why a file was not edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The build cannot read the file: its own error, to show as the file's problem.
    Parse(YamlError),
    /// The document is not a mapping of keys (an empty file, a list, a bare text).
    NotAMapping,
    /// An `index.md` without front matter (`---` lines) to hold fields.
    NoFrontMatter,
    /// The change cannot be made where the file has something else: the dotted path and
    /// what stands there (`order` is a text, not a map; a value written as an alias).
    Unsupported { path: String, reason: String },
    /// The edited text would not read back as the requested change (a safety net: it
    /// is a bug of this module, and nothing is written).
    Mismatch(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Parse(e) => write!(f, "the file does not parse: {e}"),
            EditError::NotAMapping => f.write_str("the file is not a mapping of keys"),
            EditError::NoFrontMatter => f.write_str("the file has no front matter"),
            EditError::Unsupported { path, reason } => write!(f, "cannot edit {path}: {reason}"),
            EditError::Mismatch(why) => write!(f, "the edit would not read back: {why}"),
        }
    }
}

const BOM: char = '\u{feff}';

/// Applies `changes`, in order, to the text of a YAML file of `kind` and returns the new
/// text. A file that does not parse is refused ([`EditError::Parse`]).
pub fn edit_yaml(text: &str, kind: FileKind, changes: &[Change]) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let edited = edit_document(body, kind, changes)?;
    Ok(format!("{bom}{edited}"))
}

/// Applies `changes` to the front matter of an `index.md` (the fields of a village or a
/// product written there); the `---` lines and the Markdown body are kept as they are.
pub fn edit_front_matter(
    text: &str,
    kind: FileKind,
    changes: &[Change],
) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (yaml, _, _) = split_front_matter(body).ok_or(EditError::NoFrontMatter)?;
    let start = yaml.as_ptr() as usize - body.as_ptr() as usize;
    let end = start + yaml.len();
    let edited = edit_document(yaml, kind, changes)?;
    Ok(format!("{bom}{}{edited}{}", &body[..start], &body[end..]))
}

/// The text of the scalar at `path`, quotes taken off, as the editor reads it (what
/// [`Change::Set`] compares with to leave a value alone; on every file of the sample and
/// the fixtures it is the text the build reads), `None` when absent or not a scalar.
pub fn scalar_at(text: &str, path: &[&str]) -> Option<String> {
    let doc = Document::from_str(text.strip_prefix(BOM).unwrap_or(text)).ok()?;
    let (last, parents) = path.split_last()?;
    let mut map = doc.as_mapping()?;
    for key in parents {
        map = map.get_mapping(*key)?;
    }
    map.get(*last)?.as_scalar().map(|s| s.as_string())
}

fn edit_document(text: &str, kind: FileKind, changes: &[Change]) -> Result<String, EditError> {
    let before: Value = parse(text).map_err(EditError::Parse)?;
    if !matches!(before, Value::Mapping(_)) {
        return Err(EditError::NotAMapping);
    }
    let doc = Document::from_str(text).map_err(|e| {
        EditError::Parse(YamlError {
            pos: None,
            message: e.to_string(),
            path: None,
        })
    })?;
    if doc.to_string() != text {
        return Err(EditError::Unsupported {
            path: String::new(),
            reason: "the editor does not read this file back as written".into(),
        });
    }
    let root = doc.as_mapping().ok_or(EditError::NotAMapping)?;
    let mut expected = as_texts(before);
    for change in changes {
        let plan = apply(&root, kind, change)?;
        expect(&mut expected, change, &plan)?;
    }
    let out = doc.to_string();
    let after = as_texts(parse(&out).map_err(|e| EditError::Mismatch(e.to_string()))?);
    if after != expected {
        return Err(EditError::Mismatch(format!(
            "read back as {after:?}, expected {expected:?}"
        )));
    }
    Ok(out)
}

/// The format's order of the keys of the map at `parents` (`""`, `order`, `labels`).
fn order_of(kind: FileKind, parents: &[String]) -> &'static [&'static str] {
    keys_of(kind, &parents.join(".")).unwrap_or(&[])
}

fn dotted(path: &[String]) -> String {
    path.join(".")
}

fn unsupported(path: &[String], reason: &str) -> EditError {
    EditError::Unsupported {
        path: dotted(path),
        reason: reason.to_string(),
    }
}

/// The map at `parents`, or `None` when one of them is missing; an error when one is
/// there but is not a map.
fn map_at(root: &Mapping, parents: &[String]) -> Result<Option<Mapping>, EditError> {
    let mut map = root.clone();
    for (i, key) in parents.iter().enumerate() {
        match map.get(key.as_str()) {
            None => return Ok(None),
            Some(node) => match node.as_mapping() {
                Some(m) => map = m.clone(),
                None => return Err(unsupported(&parents[..=i], "it is not a map")),
            },
        }
    }
    Ok(Some(map))
}

/// Whether the build reads `text`, written plain (in a flow collection when `flow`), as
/// exactly `text`: as that text, or as the number whose text it is.
fn plain_reads_back(text: &str, flow: bool) -> bool {
    if text.is_empty() || text.contains(['\n', '\r', '\t']) || text.trim() != text {
        return false;
    }
    let doc = if flow {
        format!("k: [{text}]\n")
    } else {
        format!("k: {text}\n")
    };
    let Ok(Value::Mapping(map)) = parse::<Value>(&doc) else {
        return false;
    };
    let value = match map.get("k") {
        Some(Value::Sequence(items)) if flow && items.len() == 1 => &items[0],
        Some(v) if !flow => v,
        _ => return false,
    };
    match value {
        Value::String(s) => s == text && !looks_typed(text),
        Value::Number(n) => n.to_string() == text,
        _ => false,
    }
}

/// Whether another YAML reader (YAML 1.1, or 1.2's core schema) could take `text`,
/// written plain, for something else than text: a yes/no, a null, a number (`0812…`,
/// `0x1F`, `1_000`, `.5`, `1:30`). The build reads these as text, but a volunteer who
/// opens the file with another tool should find the same; a date (`2026-05-01`) stays
/// plain, as the format writes it.
fn looks_typed(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan",
    ];
    if WORDS.contains(&text.to_ascii_lowercase().as_str()) {
        return true;
    }
    let b = text.as_bytes();
    let date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    let unsigned = text.trim_start_matches(['+', '-']);
    !date
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "_.+-:xXoO".contains(c))
}

/// The scalar to write for `text`: plain when it reads back as itself, else in double
/// quotes (as the sample quotes). The node is parsed from its text, so that it is
/// written exactly so.
fn scalar(text: &str, flow: bool, quote: Option<char>) -> Result<YamlNode, EditError> {
    let written = scalar_text(text, flow, quote);
    Document::from_str(&format!("- {written}\n"))
        .ok()
        .and_then(|d| d.as_sequence()?.first())
        .ok_or_else(|| EditError::Mismatch(format!("cannot write {written}")))
}

/// Text of several lines as a literal block (`|-` and its lines, indented by
/// `indent`), as a volunteer writes a long description; `None` when it would not read
/// back as a block (a first line starting with a space, control characters, blank
/// lines at its end), and it is quoted instead.
fn literal_block(text: &str, indent: usize) -> Option<String> {
    if !text.contains('\n')
        || text.starts_with([' ', '\n'])
        || text.ends_with("\n\n")
        || text.chars().any(|c| c.is_control() && c != '\n')
    {
        return None;
    }
    let (header, body) = match text.strip_suffix('\n') {
        Some(body) => ("|", body),
        None => ("|-", text),
    };
    let pad = " ".repeat(indent);
    let lines: Vec<String> = body
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    Some(format!("{header}\n{}\n", lines.join("\n")))
}

/// The node of a literal block made by [`literal_block`].
fn block_node(block: &str) -> Result<YamlNode, EditError> {
    Document::from_str(&format!("k: {block}"))
        .ok()
        .and_then(|d| d.get("k"))
        .ok_or_else(|| EditError::Mismatch(format!("cannot write {block}")))
}

/// The build's reading of a document with numbers taken as their text: a value set
/// is text (`15000` written plain reads as the number whose text it is), and a value
/// left alone reads the same on both sides.
fn as_texts(value: Value) -> Value {
    match value {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(as_texts).collect()),
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (as_texts(k), as_texts(v)))
                .collect(),
        ),
        other => other,
    }
}

fn scalar_value(text: &str) -> Value {
    Value::String(text.to_string())
}

fn split(path: &[String]) -> Result<(&String, &[String]), EditError> {
    path.split_last()
        .ok_or_else(|| unsupported(path, "an empty path"))
}

/// What an edit did, for [`expect`] to do the same on the build's reading: whether a
/// scalar was rewritten, which list items were kept, how the rows were matched. Both
/// follow the editor's reading of the old values (`12.500` as written, not 12.5).
#[derive(Default)]
struct Plan {
    changed: bool,
    kept: Vec<bool>,
    gaps: Vec<Gap>,
    /// For each row changed in place (by its new index): whether its name and its price
    /// were rewritten.
    rows: Vec<(usize, [bool; 2])>,
}

fn apply(root: &Mapping, kind: FileKind, change: &Change) -> Result<Plan, EditError> {
    let mut plan = Plan::default();
    match change {
        Change::Set(path, text) => plan.changed = set_scalar(root, kind, path, text)?,
        Change::Remove(path) => remove(root, path)?,
        Change::List(path, items) => plan.kept = set_list(root, kind, path, items)?,
        Change::Variants(rows) => (plan.gaps, plan.rows) = set_variants(root, kind, rows)?,
    }
    Ok(plan)
}

fn set_scalar(
    root: &Mapping,
    kind: FileKind,
    path: &[String],
    text: &str,
) -> Result<bool, EditError> {
    let (last, parents) = split(path)?;
    match map_at(root, parents)? {
        Some(map) => {
            if let Some(node) = map.get(last.as_str()) {
                match node.as_scalar() {
                    Some(s) if s.as_string() == text => return Ok(false),
                    Some(_) => {}
                    None if node.as_mapping().is_some() || node.as_sequence().is_some() => {
                        return Err(unsupported(path, "it is a list or a map, not a value"));
                    }
                    // An empty value (`name:`) is set like a missing one.
                    None => {}
                }
            }
            let quote = quote_of(map.get(last.as_str()).as_ref());
            let indent = map.detect_indentation_level() + 2;
            let node = match literal_block(text, indent) {
                Some(block) if !map.is_flow_style() => block_node(&block)?,
                _ => scalar(text, map.is_flow_style(), quote)?,
            };
            map.set_with_field_order(last.as_str(), node, order_of(kind, parents).iter().copied());
            Ok(true)
        }
        None => insert_missing(
            root,
            kind,
            path,
            &scalar_text(text, false, None),
            &scalar_text(text, true, None),
        )
        .map(|()| true),
    }
}

/// Sets `path`, whose parent map is missing, to the value written `block` (or `flow`,
/// in a flow map): the nearest parent present gets the missing ones, written as text
/// and parsed (`labels:\n  pirt: "…"`, `feeds:\n  meta:\n    leave_out: [jamu]`), in
/// the style of that parent (`{ meta: { leave_out: [jamu] } }` in a flow map).
fn insert_missing(
    root: &Mapping,
    kind: FileKind,
    path: &[String],
    block: &str,
    flow: &str,
) -> Result<(), EditError> {
    let (last, parents) = split(path)?;
    let mut depth = parents.len();
    while depth > 0 && map_at(root, &parents[..depth - 1])?.is_none() {
        depth -= 1;
    }
    if depth == 0 {
        return Err(unsupported(path, "its parent map is missing"));
    }
    let at = &parents[..depth - 1];
    let map = map_at(root, at)?.ok_or(EditError::NotAMapping)?;
    let keys: Vec<&String> = parents[depth - 1..].iter().chain([last]).collect();
    let snippet = if map.is_flow_style() {
        let mut value = flow.to_string();
        for key in keys[1..].iter().rev() {
            value = format!("{{ {key}: {value} }}");
        }
        format!("{}: {value}\n", keys[0])
    } else {
        let mut snippet = String::new();
        for (level, key) in keys.iter().enumerate() {
            snippet.push_str(&"  ".repeat(level));
            snippet.push_str(key);
            snippet.push(':');
            if level == keys.len() - 1 {
                snippet.push(' ');
                snippet.push_str(block);
            }
            snippet.push('\n');
        }
        snippet
    };
    let doc = Document::from_str(&snippet).map_err(|e| unsupported(path, &e.to_string()))?;
    let new = doc
        .get_mapping(keys[0].as_str())
        .ok_or_else(|| unsupported(path, "could not build the map"))?;
    map.set_with_field_order(keys[0].as_str(), new, order_of(kind, at).iter().copied());
    Ok(())
}

fn remove(root: &Mapping, path: &[String]) -> Result<(), EditError> {
    let (last, parents) = split(path)?;
    let Some(map) = map_at(root, parents)? else {
        return Ok(());
    };
    map.remove(last.as_str());
    // A parent map left empty goes too.
    let mut depth = parents.len();
    while depth > 0 {
        let Some(map) = map_at(root, &parents[..depth])? else {
            break;
        };
        if map.keys().next().is_some() {
            break;
        }
        if let Some(parent) = map_at(root, &parents[..depth - 1])? {
            parent.remove(parents[depth - 1].as_str());
        }
        depth -= 1;
    }
    Ok(())
}

fn texts(seq: &Sequence) -> Vec<Option<String>> {
    seq.values()
        .map(|v| v.as_scalar().map(|s| s.as_string()))
        .collect()
}

fn set_list(
    root: &Mapping,
    kind: FileKind,
    path: &[String],
    items: &[String],
) -> Result<Vec<bool>, EditError> {
    if items.is_empty() {
        remove(root, path)?;
        return Ok(Vec::new());
    }
    let (last, parents) = split(path)?;
    let existing = match map_at(root, parents)? {
        Some(map) => map.get(last.as_str()),
        None => None,
    };
    let Some(node) = existing else {
        // A new list, written in flow style as the sample writes its lists.
        let flow = items
            .iter()
            .map(|t| scalar_text(t, true, None))
            .collect::<Vec<_>>()
            .join(", ");
        if map_at(root, parents)?.is_none() {
            let list = format!("[{flow}]");
            insert_missing(root, kind, path, &list, &list)?;
            return Ok(Vec::new());
        }
        let snippet = Document::from_str(&format!("k: [{flow}]\n"))
            .map_err(|e| unsupported(path, &e.to_string()))?;
        let seq = snippet
            .get_sequence("k")
            .ok_or_else(|| unsupported(path, "could not build the list"))?;
        set_node(root, kind, path, seq)?;
        return Ok(Vec::new());
    };
    let Some(seq) = node.as_sequence() else {
        return Err(unsupported(path, "it is not a list"));
    };
    let flow = seq.is_flow_style();
    let old = texts(seq);
    let mut kept = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match old.get(i) {
            Some(Some(t)) if t == item => kept.push(true),
            Some(_) => {
                let quote = quote_of(seq.get(i).as_ref());
                seq.set(i, scalar(item, flow, quote)?);
                kept.push(false);
            }
            None => {
                seq.push(scalar(item, flow, None)?);
                kept.push(false);
            }
        }
    }
    for i in (items.len()..old.len()).rev() {
        seq.remove(i);
    }
    Ok(kept)
}

/// The quote a scalar node is written in (`"` or `'`), to write its new value in the
/// same: a volunteer who quoted a price keeps it quoted.
fn quote_of(node: Option<&YamlNode>) -> Option<char> {
    let text = node?.as_scalar()?.value();
    text.chars().next().filter(|c| *c == '"' || *c == '\'')
}

/// A scalar's text as written in YAML: in the quotes the old value had, else plain when
/// it reads back as itself, else in double quotes.
fn scalar_text(text: &str, flow: bool, quote: Option<char>) -> String {
    let simple = !text.chars().any(char::is_control);
    if quote == Some('\'') && simple {
        format!("'{}'", text.replace('\'', "''"))
    } else if quote.is_none() && plain_reads_back(text, flow) {
        text.to_string()
    } else {
        let mut out = String::from('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// Sets `path` to a new collection node, making missing parents.
fn set_node(
    root: &Mapping,
    kind: FileKind,
    path: &[String],
    node: impl yaml_edit::AsYaml,
) -> Result<(), EditError> {
    let (last, parents) = split(path)?;
    match map_at(root, parents)? {
        Some(map) => {
            map.set_with_field_order(last.as_str(), node, order_of(kind, parents).iter().copied());
            Ok(())
        }
        None => Err(unsupported(path, "its parent map is missing")),
    }
}

/// A row as written in a flow map: `{ name: X, price: Y }`.
fn flow_row(row: &Row) -> String {
    let mut parts = Vec::new();
    if let Some(name) = &row.name {
        parts.push(format!("name: {}", scalar_text(name, true, None)));
    }
    if let Some(price) = &row.price {
        parts.push(format!("price: {}", scalar_text(price, true, None)));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn block_row(row: &Row) -> String {
    let mut lines = Vec::new();
    if let Some(name) = &row.name {
        lines.push(format!("name: {}", scalar_text(name, false, None)));
    }
    if let Some(price) = &row.price {
        lines.push(format!("price: {}", scalar_text(price, false, None)));
    }
    lines.join("\n  ")
}

/// The row a node holds, when it is a map of scalars.
fn row_of(node: &yaml_edit::YamlNode) -> Option<Row> {
    let map = node.as_mapping()?;
    let text = |key: &str| {
        map.get(key)
            .and_then(|v| v.as_scalar().map(|s| s.as_string()))
    };
    Some(Row {
        name: text("name"),
        price: text("price"),
    })
}

/// How old rows become the new ones: the longest run of rows left as they are, and in
/// each gap between them old rows changed in place, then removed or new ones inserted.
struct Gap {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

fn gaps(old: &[Option<Row>], new: &[Row]) -> Vec<Gap> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: the longest common run of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i].as_ref() == Some(&new[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j, mut gi, mut gj) = (0, 0, 0, 0);
    while i < n && j < m {
        if old[i].as_ref() == Some(&new[j]) {
            if gi < i || gj < j {
                out.push(Gap {
                    old: gi..i,
                    new: gj..j,
                });
            }
            i += 1;
            j += 1;
            gi = i;
            gj = j;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    if gi < n || gj < m {
        out.push(Gap {
            old: gi..n,
            new: gj..m,
        });
    }
    out
}

type RowChanges = Vec<(usize, [bool; 2])>;

fn set_variants(
    root: &Mapping,
    kind: FileKind,
    rows: &[Row],
) -> Result<(Vec<Gap>, RowChanges), EditError> {
    let path = vec!["variants".to_string()];
    if rows.is_empty() {
        remove(root, &path)?;
        return Ok(Default::default());
    }
    let Some(node) = root.get("variants") else {
        let text = rows
            .iter()
            .map(|r| format!("  - {}\n", flow_row(r)))
            .collect::<String>();
        let snippet = Document::from_str(&format!("variants:\n{text}"))
            .map_err(|e| unsupported(&path, &e.to_string()))?;
        let seq = snippet
            .get_sequence("variants")
            .ok_or_else(|| unsupported(&path, "could not build the rows"))?;
        set_node(root, kind, &path, seq)?;
        let gap = Gap {
            old: 0..0,
            new: 0..rows.len(),
        };
        return Ok((vec![gap], Vec::new()));
    };
    let Some(seq) = node.as_sequence() else {
        return Err(unsupported(&path, "it is not a list"));
    };
    let old: Vec<Option<Row>> = seq.values().map(|v| row_of(&v)).collect();
    // New rows take the style of the first row (flow when there is none).
    let flow_rows = seq
        .first()
        .is_none_or(|f| f.as_mapping().is_none_or(|m| m.is_flow_style()));
    let gaps = gaps(&old, rows);
    let mut changed = Vec::new();
    // From the last gap back, so that the indices of earlier rows stay valid.
    for gap in gaps.iter().rev() {
        let same = gap.old.len().min(gap.new.len());
        for k in 0..same {
            let (i, row) = (gap.old.start + k, &rows[gap.new.start + k]);
            let item = seq
                .get(i)
                .ok_or_else(|| unsupported(&path, "a row went missing"))?;
            let Some(map) = item.as_mapping() else {
                return Err(unsupported(&path, "a row is not a map"));
            };
            changed.push((gap.new.start + k, set_row(map, kind, row)?));
        }
        for i in (gap.old.start + same..gap.old.end).rev() {
            seq.remove(i);
        }
        for (k, row) in rows[gap.new.start + same..gap.new.end].iter().enumerate() {
            let at = gap.old.start + same + k;
            let snippet = if flow_rows {
                format!("- {}\n", flow_row(row))
            } else {
                format!("- {}\n", block_row(row))
            };
            let doc =
                Document::from_str(&snippet).map_err(|e| unsupported(&path, &e.to_string()))?;
            let new = doc
                .as_sequence()
                .and_then(|s| s.first())
                .ok_or_else(|| unsupported(&path, "could not build a row"))?;
            seq.insert(at, new);
        }
    }
    Ok((gaps, changed))
}

/// Sets a row's name and price in place; says which of the two were rewritten.
fn set_row(map: &Mapping, kind: FileKind, row: &Row) -> Result<[bool; 2], EditError> {
    let order = keys_of(kind, "variants[]").unwrap_or(&[]);
    let mut changed = [false; 2];
    for (n, (key, value)) in [("name", &row.name), ("price", &row.price)]
        .into_iter()
        .enumerate()
    {
        let current = map
            .get(key)
            .and_then(|v| v.as_scalar().map(|s| s.as_string()));
        match value {
            Some(text) if current.as_deref() != Some(text.as_str()) => {
                let quote = quote_of(map.get(key).as_ref());
                map.set_with_field_order(
                    key,
                    scalar(text, map.is_flow_style(), quote)?,
                    order.iter().copied(),
                );
                changed[n] = true;
            }
            Some(_) => {}
            None => {
                changed[n] = map.remove(key).is_some();
            }
        }
    }
    Ok(changed)
}

// The same changes on the build's reading of the file, to check the edited text against.

fn value_map_at<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut serde_yaml::Mapping> {
    let mut map = value.as_mapping_mut()?;
    for key in path {
        map = map.get_mut(key.as_str())?.as_mapping_mut()?;
    }
    Some(map)
}

fn expect(value: &mut Value, change: &Change, plan: &Plan) -> Result<(), EditError> {
    let key = |k: &String| Value::String(k.clone());
    match change {
        Change::Set(path, text) => {
            if !plan.changed {
                return Ok(());
            }
            let (last, parents) = split(path)?;
            let mut map = value.as_mapping_mut().ok_or(EditError::NotAMapping)?;
            for p in parents {
                let entry = map
                    .entry(key(p))
                    .or_insert_with(|| Value::Mapping(Default::default()));
                map = entry
                    .as_mapping_mut()
                    .ok_or_else(|| unsupported(path, "it is not a map"))?;
            }
            map.insert(key(last), scalar_value(text));
        }
        Change::Remove(path) => {
            let (last, parents) = split(path)?;
            if let Some(map) = value_map_at(value, parents) {
                map.remove(last.as_str());
            }
            for depth in (1..=parents.len()).rev() {
                let empty = value_map_at(value, &parents[..depth]).is_some_and(|m| m.is_empty());
                if !empty {
                    break;
                }
                if let Some(parent) = value_map_at(value, &parents[..depth - 1]) {
                    parent.remove(parents[depth - 1].as_str());
                }
            }
        }
        Change::List(path, items) => {
            if items.is_empty() {
                return expect(value, &Change::Remove(path.clone()), plan);
            }
            let (last, parents) = split(path)?;
            let mut map = value.as_mapping_mut().ok_or(EditError::NotAMapping)?;
            for p in parents {
                let entry = map
                    .entry(key(p))
                    .or_insert_with(|| Value::Mapping(Default::default()));
                map = entry
                    .as_mapping_mut()
                    .ok_or_else(|| unsupported(path, "it is not a map"))?;
            }
            let old = map.get(last.as_str()).and_then(Value::as_sequence).cloned();
            let new = items
                .iter()
                .enumerate()
                .map(|(i, t)| match old.as_ref().and_then(|o| o.get(i)) {
                    Some(v) if plan.kept.get(i) == Some(&true) => v.clone(),
                    _ => scalar_value(t),
                })
                .collect();
            map.insert(key(last), Value::Sequence(new));
        }
        Change::Variants(rows) => {
            let path = vec!["variants".to_string()];
            if rows.is_empty() {
                return expect(value, &Change::Remove(path), plan);
            }
            let map = value.as_mapping_mut().ok_or(EditError::NotAMapping)?;
            let old: Vec<Value> = map
                .get("variants")
                .and_then(Value::as_sequence)
                .cloned()
                .unwrap_or_default();
            let mut new: Vec<Value> = vec![Value::Null; rows.len()];
            // Rows between the gaps are kept as they are.
            let mut prev = (0, 0);
            for gap in &plan.gaps {
                for k in 0..gap.old.start - prev.0 {
                    new[prev.1 + k] = old[prev.0 + k].clone();
                }
                let same = gap.old.len().min(gap.new.len());
                for k in 0..gap.new.len() {
                    let at = gap.new.start + k;
                    new[at] = if k < same {
                        let flags = plan
                            .rows
                            .iter()
                            .find(|(i, _)| *i == at)
                            .map_or([false; 2], |(_, f)| *f);
                        row_value(old[gap.old.start + k].clone(), &rows[at], flags)
                    } else {
                        row_value(Value::Mapping(Default::default()), &rows[at], [true; 2])
                    };
                }
                prev = (gap.old.end, gap.new.end);
            }
            for k in 0..old.len() - prev.0 {
                new[prev.1 + k] = old[prev.0 + k].clone();
            }
            map.insert(key(&path[0]), Value::Sequence(new));
        }
    }
    Ok(())
}

fn row_value(mut base: Value, row: &Row, changed: [bool; 2]) -> Value {
    if let Some(map) = base.as_mapping_mut() {
        for (n, (key, value)) in [("name", &row.name), ("price", &row.price)]
            .into_iter()
            .enumerate()
        {
            if !changed[n] {
                continue;
            }
            match value {
                Some(text) => {
                    map.insert(Value::String(key.into()), scalar_value(text));
                }
                None => {
                    map.remove(key);
                }
            }
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::schema::{RawCatalog, RawProduct, RawVillage};

    /// The text of a file of the repository (the sample or a fixture).
    fn file(path: &str) -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        std::fs::read_to_string(format!("{root}/{path}")).unwrap()
    }

    /// The same text with Windows line ends and a BOM, as Notepad saves it.
    fn crlf_bom(text: &str) -> String {
        format!("\u{feff}{}", text.replace('\n', "\r\n"))
    }

    /// Applies `changes` to `before` (LF, then CRLF with a BOM) and compares with
    /// `after`, written by hand.
    fn check(kind: FileKind, before: &str, changes: &[Change], after: &str) {
        assert_eq!(edit_yaml(before, kind, changes).unwrap(), after);
        assert_eq!(
            edit_yaml(&crlf_bom(before), kind, changes).unwrap(),
            crlf_bom(after)
        );
    }

    fn product(path: &str, changes: &[Change], after: &str) {
        check(FileKind::Product, &file(path), changes, after);
    }

    const RENGGINANG: &str = "content/wonoasri/rengginang-ketela/product.yaml";
    const SAGON: &str = "content/dukuhdempok/sagon/product.yaml";
    const STICK: &str = "content/dukuhdempok/stick-bawang/product.yaml";
    const MASKER: &str = "content/sabrang/masker-kain/product.yaml";

    /// A scalar with a comment beside it: the comment stays beside the new value.
    #[test]
    fn a_scalar_beside_a_comment() {
        product(
            RENGGINANG,
            &[Change::set(&["availability"], "tersedia")],
            "name: Rengginang Ketela
category: makanan
price: \"Rp 14.000\"
unit: bungkus 250 g (mentah)
availability: tersedia   # stok habis, produksi lagi setelah panen singkong
tags: [singkong, goreng sendiri, oleh-oleh]
maker: Ibu Endang
labels:
  pirt: \"2063509020457-26\"
",
        );
        // A price read as text by the build keeps its quotes' need: 12.500 is quoted.
        product(
            RENGGINANG,
            &[Change::set(&["price"], "12.500")],
            "name: Rengginang Ketela
category: makanan
price: \"12.500\"
unit: bungkus 250 g (mentah)
availability: habis   # stok habis, produksi lagi setelah panen singkong
tags: [singkong, goreng sendiri, oleh-oleh]
maker: Ibu Endang
labels:
  pirt: \"2063509020457-26\"
",
        );
    }

    /// An order link under a comment: the comment above stays, the line alone changes.
    #[test]
    fn an_order_link_below_a_comment() {
        product(
            SAGON,
            &[Change::set(
                &["order", "tokopedia"],
                "https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-500-g",
            )],
            "name: Sagon Kelapa
name_en: Sagon, Coconut Shortbread
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
  - { name: toples 250 g, price: 15000 }
  - { name: toples 500 g, price: 28000 }
photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg]
tags: [kelapa, camilan tradisional, oleh-oleh]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-500-g
labels:
  pirt: \"2063509010123-27\"
  halal: \"ID35110000000120524\"
",
        );
    }

    /// A missing order channel goes in the format's order (whatsapp before tokopedia),
    /// after the comment above the map's first key, quoted: `0812…` is text.
    #[test]
    fn a_missing_order_channel_is_added_where_the_format_puts_it() {
        product(
            SAGON,
            &[Change::set(&["order", "whatsapp"], "081200000131")],
            "name: Sagon Kelapa
name_en: Sagon, Coconut Shortbread
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
  - { name: toples 250 g, price: 15000 }
  - { name: toples 500 g, price: 28000 }
photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg]
tags: [kelapa, camilan tradisional, oleh-oleh]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  whatsapp: \"081200000131\"
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g
labels:
  pirt: \"2063509010123-27\"
  halal: \"ID35110000000120524\"
",
        );
    }

    /// A flow list keeps its brackets; one item changes, one is added.
    #[test]
    fn a_flow_list() {
        product(
            SAGON,
            &[Change::list(
                &["tags"],
                &["kelapa", "camilan", "oleh-oleh", "Banyumas"],
            )],
            "name: Sagon Kelapa
name_en: Sagon, Coconut Shortbread
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
  - { name: toples 250 g, price: 15000 }
  - { name: toples 500 g, price: 28000 }
photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg]
tags: [kelapa, camilan, oleh-oleh, Banyumas]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g
labels:
  pirt: \"2063509010123-27\"
  halal: \"ID35110000000120524\"
",
        );
        // Photos reordered (a new cover), one quoted because of its comma.
        product(
            SAGON,
            &[Change::list(
                &["photos"],
                &["IMG_20240312_101530.jpg", "sagon, toples.jpg"],
            )],
            "name: Sagon Kelapa
name_en: Sagon, Coconut Shortbread
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
  - { name: toples 250 g, price: 15000 }
  - { name: toples 500 g, price: 28000 }
photos: [IMG_20240312_101530.jpg, \"sagon, toples.jpg\"]
tags: [kelapa, camilan tradisional, oleh-oleh]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g
labels:
  pirt: \"2063509010123-27\"
  halal: \"ID35110000000120524\"
",
        );
    }

    /// A block list keeps one item a line, with the comments among them.
    #[test]
    fn a_block_list_with_comments() {
        let before = "name: Keripik Pare\nphotos:\n  # sampul dulu\n  - depan.jpg   # terang\n  - belakang.jpg\nprice: 15000\n";
        check(
            FileKind::Product,
            before,
            &[Change::list(
                &["photos"],
                &["depan.jpg", "samping.jpg", "atas.jpg"],
            )],
            "name: Keripik Pare\nphotos:\n  # sampul dulu\n  - depan.jpg   # terang\n  - samping.jpg\n  - atas.jpg\nprice: 15000\n",
        );
        check(
            FileKind::Product,
            before,
            &[Change::list(&["photos"], &["baru.jpg", "belakang.jpg"])],
            "name: Keripik Pare\nphotos:\n  # sampul dulu\n  - baru.jpg   # terang\n  - belakang.jpg\nprice: 15000\n",
        );
    }

    fn sagon_with_variants(rows: &str) -> String {
        format!(
            "name: Sagon Kelapa
name_en: Sagon, Coconut Shortbread
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
{rows}photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg]
tags: [kelapa, camilan tradisional, oleh-oleh]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g
labels:
  pirt: \"2063509010123-27\"
  halal: \"ID35110000000120524\"
"
        )
    }

    /// One variant row's price changes in place, in its `{ … }` style; a row is added
    /// in the same style; a row is removed; rows are swapped.
    #[test]
    fn variant_rows() {
        let both = [
            Row::new("toples 250 g", "15000"),
            Row::new("toples 500 g", "29000"),
        ];
        product(
            SAGON,
            &[Change::Variants(both.to_vec())],
            &sagon_with_variants(
                "  - { name: toples 250 g, price: 15000 }\n  - { name: toples 500 g, price: 29000 }\n",
            ),
        );
        let three = [
            Row::new("toples 250 g", "15000"),
            Row::new("toples 500 g", "28000"),
            Row::new("toples 1 kg", "Rp 52.000"),
        ];
        product(
            SAGON,
            &[Change::Variants(three.to_vec())],
            &sagon_with_variants(
                "  - { name: toples 250 g, price: 15000 }\n  - { name: toples 500 g, price: 28000 }\n  - { name: toples 1 kg, price: Rp 52.000 }\n",
            ),
        );
        product(
            SAGON,
            &[Change::Variants(vec![Row::new("toples 500 g", "28000")])],
            &sagon_with_variants("  - { name: toples 500 g, price: 28000 }\n"),
        );
        product(
            SAGON,
            &[Change::Variants(vec![
                Row::new("toples 500 g", "28000"),
                Row::new("toples 250 g", "15000"),
            ])],
            &sagon_with_variants(
                "  - { name: toples 500 g, price: 28000 }\n  - { name: toples 250 g, price: 15000 }\n",
            ),
        );
    }

    /// Rows of both styles in one list (`- name: Dewasa` and `- { … }`): each keeps its
    /// own; a row given a price gets it on a line of its own.
    #[test]
    fn variant_rows_of_both_styles() {
        let rows = |first: Row| {
            Change::Variants(vec![
                first,
                Row {
                    name: Some("Anak".into()),
                    price: None,
                },
                Row::new("Isi 10 lembar campur motif", "40000"),
            ])
        };
        let head =
            "name: Masker Kain 3 Lapis\ncategory: lainnya\nprice: 5000\nunit: lembar\nvariants:\n";
        let tail = "tags: [masker, kain katun, bisa dicuci]\nmaker: Kelompok Jahit Sabrang\n";
        product(
            MASKER,
            &[rows(Row {
                name: Some("Dewasa".into()),
                price: None,
            })],
            &format!(
                "{head}  - name: Dewasa\n  - name: Anak\n  - {{ name: Isi 10 lembar campur motif, price: 40000 }}\n{tail}"
            ),
        );
        product(
            MASKER,
            &[rows(Row::new("Dewasa", "6000"))],
            &format!(
                "{head}  - name: Dewasa\n    price: 6000\n  - name: Anak\n  - {{ name: Isi 10 lembar campur motif, price: 40000 }}\n{tail}"
            ),
        );
    }

    /// Block rows with comments above and beside: a price changes beside its comment.
    #[test]
    fn block_variant_rows_with_comments() {
        let before = "name: A\nvariants:\n  # kecil dulu\n  - name: kecil   # paling laku\n    price: 1000   # naik bulan depan\n  - name: besar\n    price: 2000\n";
        check(
            FileKind::Product,
            before,
            &[Change::Variants(vec![
                Row::new("kecil", "1500"),
                Row::new("besar", "2000"),
            ])],
            "name: A\nvariants:\n  # kecil dulu\n  - name: kecil   # paling laku\n    price: 1500   # naik bulan depan\n  - name: besar\n    price: 2000\n",
        );
        check(
            FileKind::Product,
            before,
            &[Change::Variants(vec![
                Row::new("kecil", "1000"),
                Row::new("besar", "2000"),
                Row::new("jumbo", "3000"),
            ])],
            "name: A\nvariants:\n  # kecil dulu\n  - name: kecil   # paling laku\n    price: 1000   # naik bulan depan\n  - name: besar\n    price: 2000\n  - name: jumbo\n    price: 3000\n",
        );
    }

    /// A missing nested key makes its parent map, in the format's order (`labels`
    /// after `order`, before `added`); a file ending without a line end gets one.
    #[test]
    fn a_missing_parent_map_is_made() {
        check(
            FileKind::Product,
            &file("tests/fixtures/seo/dukuhdempok/keripik/product.yaml"),
            &[Change::set(&["labels", "halal"], "ID35110000000120524")],
            "name: Keripik Pare
category: makanan
price: 15000
unit: bungkus 100 g
labels:
  halal: ID35110000000120524
added: 2026-05-01
",
        );
        product(
            STICK,
            &[Change::set(&["added"], "2026-05-01")],
            "name: Stick Bawang
category: makanan
price: \"12.000\"
unit: pouch 150 g
variants:
  - { name: Original, price: \"12.000\" }
  - { name: Pedas daun jeruk, price: \"13.000\" }
  - { name: Kemasan 500 g, price: \"Rp 35.000\" }
tags: [camilan, gurih, renyah]
maker: Ibu Lilik Suryani
order:
  whatsapp: \"0812-0000-0111\"   # nomor pembuat sendiri, bukan nomor desa
added: 2026-05-01
",
        );
    }

    /// Removing a key; removing the last key of a map removes the map.
    #[test]
    fn removing_keys() {
        product(
            SAGON,
            &[
                Change::remove(&["labels", "halal"]),
                Change::remove(&["name_en"]),
            ],
            "name: Sagon Kelapa
category: makanan
price: 15000
unit: toples 250 g
availability: tersedia
variants:
  - { name: toples 250 g, price: 15000 }
  - { name: toples 500 g, price: 28000 }
photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg]
tags: [kelapa, camilan tradisional, oleh-oleh]
maker: Ibu Sumiati
order:
  # whatsapp tidak ditulis: memakai nomor desa (village.yaml)
  tokopedia: https://www.tokopedia.com/kubmelati-contoh/sagon-kelapa-toples-250-g
labels:
  pirt: \"2063509010123-27\"
",
        );
        product(
            RENGGINANG,
            &[Change::remove(&["labels", "pirt"])],
            "name: Rengginang Ketela
category: makanan
price: \"Rp 14.000\"
unit: bungkus 250 g (mentah)
availability: habis   # stok habis, produksi lagi setelah panen singkong
tags: [singkong, goreng sendiri, oleh-oleh]
maker: Ibu Endang
",
        );
        // Removing what is not there changes nothing.
        let text = file(RENGGINANG);
        assert_eq!(
            edit_yaml(
                &text,
                FileKind::Product,
                &[Change::remove(&["order", "shopee"])]
            )
            .unwrap(),
            text
        );
    }

    /// Values YAML would read otherwise are quoted, and the build reads back exactly
    /// the text set, in a block map and in a flow list.
    #[test]
    fn values_are_quoted_when_yaml_would_read_them_otherwise() {
        let cases = [
            ("0812-0000-0111", "\"0812-0000-0111\""),
            ("081234", "\"081234\""),
            ("true", "\"true\""),
            ("No", "\"No\""),
            ("null", "\"null\""),
            ("~", "\"~\""),
            ("1e3", "\"1e3\""),
            ("12.500", "\"12.500\""),
            ("0x1F", "\"0x1F\""),
            ("*bintang", "\"*bintang\""),
            ("&dan", "\"&dan\""),
            ("#1 di desa", "\"#1 di desa\""),
            ("Harga: nego", "\"Harga: nego\""),
            ("Enak #mantap", "\"Enak #mantap\""),
            ("- strip", "\"- strip\""),
            ("[promo]", "\"[promo]\""),
            ("\"Segar\" sekali", "\"\\\"Segar\\\" sekali\""),
            ("baris\nkedua", "|-\n  baris\n  kedua"),
            (" spasi", "\" spasi\""),
            ("", "\"\""),
            ("15000", "15000"),
            ("Rp 15.000", "Rp 15.000"),
            ("Jamu Kunyit Asam \"Segar\"", "Jamu Kunyit Asam \"Segar\""),
            ("2026-05-01", "2026-05-01"),
            (
                "https://wa.me/62812?text=a#b",
                "https://wa.me/62812?text=a#b",
            ),
        ];
        for (value, written) in cases {
            let out = edit_yaml(
                "name: A\nunit: b\n",
                FileKind::Product,
                &[Change::set(&["unit"], value)],
            )
            .unwrap();
            assert_eq!(out, format!("name: A\nunit: {written}\n"), "{value:?}");
            let raw: RawProduct = parse(&out).unwrap();
            assert_eq!(raw.unit.unwrap().as_text(), value);
            let out = edit_yaml(
                "name: A\ntags: [a, b]\n",
                FileKind::Product,
                &[Change::list(&["tags"], &["a", value])],
            )
            .unwrap();
            let raw: RawProduct = parse(&out).unwrap();
            let tags: Vec<&str> = raw
                .tags
                .as_ref()
                .unwrap()
                .iter()
                .map(|t| t.as_text())
                .collect();
            assert_eq!(tags, ["a", value], "{out}");
        }
        // In a flow list, a comma or a bracket needs quotes too.
        check(
            FileKind::Product,
            "tags: [a]\n",
            &[Change::list(&["tags"], &["a", "b, c", "d]", "{e}"])],
            "tags: [a, \"b, c\", \"d]\", \"{e}\"]\n",
        );
    }

    /// A file that does not parse is refused with the build's own error; nothing is
    /// guessed.
    #[test]
    fn a_file_that_does_not_parse_is_refused() {
        let text = file("tests/fixtures/mistakes/desa/sintaks/product.yaml");
        let change = [Change::set(&["price"], "10000")];
        match edit_yaml(&text, FileKind::Product, &change) {
            Err(EditError::Parse(e)) => assert_eq!(e, parse::<Value>(&text).unwrap_err()),
            other => panic!("{other:?}"),
        }
        for bad in [
            "price:15000\nname: A\n",
            "name: A\n\tunit: b\n",
            "- a\n- b\n",
            "",
        ] {
            assert!(
                edit_yaml(bad, FileKind::Product, &change).is_err(),
                "{bad:?}"
            );
        }
        // A field where a map stands (or a map where a text stands) is not overwritten.
        let text = "name: A\norder: https://x.example\n";
        assert!(matches!(
            edit_yaml(
                text,
                FileKind::Product,
                &[Change::set(&["order", "shopee"], "s")]
            ),
            Err(EditError::Unsupported { .. })
        ));
        let text = "name: A\norder:\n  shopee: s\n";
        assert!(matches!(
            edit_yaml(text, FileKind::Product, &[Change::set(&["order"], "s")]),
            Err(EditError::Unsupported { .. })
        ));
    }

    /// The front matter of an index.md: the `---` lines, the comment and the Markdown
    /// body are kept.
    #[test]
    fn front_matter_keeps_its_body() {
        let text = file("content/wonoasri/jamu-beras-kencur/index.md");
        let (_, body, _) = split_front_matter(&text).unwrap();
        let changes = [
            Change::set(&["price"], "Rp 11.000"),
            Change::set(&["order", "shopee"], "https://shopee.co.id/jamu"),
        ];
        let front = "---
# Produk ini tidak punya product.yaml: datanya ditulis di sini, di antara dua
# garis ---, seperti yang dibuat editor web (Decap CMS dan sejenisnya).
name: Jamu Beras Kencur
category: jamu
price: \"Rp 11.000\"
unit: botol 250 ml
variants:
  - { name: 250 ml, price: \"Rp 10.000\" }
  - { name: 1 liter, price: \"Rp 35.000\" }
tags: [pegal linu, segar, tanpa pengawet]
maker: Ibu Wartini
order:
  whatsapp: \"0812-0000-0121\"
  shopee: https://shopee.co.id/jamu
labels:
  pirt: \"2063509030790-26\"
---
";
        let out = edit_front_matter(&text, FileKind::Product, &changes).unwrap();
        assert_eq!(out, format!("{front}{body}"));
        let out = edit_front_matter(&crlf_bom(&text), FileKind::Product, &changes).unwrap();
        assert_eq!(out, crlf_bom(&format!("{front}{body}")));
        assert_eq!(
            edit_front_matter("# Judul\n", FileKind::Product, &changes),
            Err(EditError::NoFrontMatter)
        );
    }

    /// catalog.yaml and village.yaml: comments beside and around kept.
    #[test]
    fn catalog_and_village() {
        let catalog = file("content/catalog.yaml");
        let out = edit_yaml(
            &catalog,
            FileKind::Catalog,
            &[Change::set(&["whatsapp"], "0812-0000-0002")],
        )
        .unwrap();
        assert_eq!(
            out,
            catalog.replace(
                "whatsapp: \"0812-0000-0001\"   # nomor contoh",
                "whatsapp: \"0812-0000-0002\"   # nomor contoh"
            )
        );
        assert_ne!(out, catalog);
        let raw: RawCatalog = parse(&out).unwrap();
        assert_eq!(raw.whatsapp.unwrap().as_text(), "0812-0000-0002");
        check(
            FileKind::Village,
            &file("content/wonoasri/village.yaml"),
            &[
                Change::set(&["group"], "KUB Sekar Arum Wonoasri"),
                Change::list(&["photos"], &["cover.jpg"]),
            ],
            "name: Wonoasri
district: Tempurejo
regency: Jember
province: Jawa Timur
group: KUB Sekar Arum Wonoasri
whatsapp: \"0812-0000-0102\"
photos: [cover.jpg]
# photos tidak ditulis: semua foto di folder ini dipakai (cover.jpg)
",
        );
    }

    /// Every product.yaml of the sample and the fixtures: each field set to the value
    /// the build reads changes nothing, byte for byte, LF and CRLF with a BOM.
    #[test]
    fn setting_every_field_to_its_value_changes_nothing() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut seen = 0;
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(format!("{root}/{dir}")) {
                let entry = entry.unwrap();
                if entry.file_name() != "product.yaml" {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let Ok(raw) = parse::<RawProduct>(&text) else {
                    continue;
                };
                let mut changes = Vec::new();
                let scalars = [
                    ("name", &raw.name),
                    ("name_en", &raw.name_en),
                    ("price", &raw.price),
                    ("unit", &raw.unit),
                    ("added", &raw.added),
                ];
                for (key, value) in scalars {
                    if let Some(v) = value {
                        changes.push(Change::set(&[key], v.as_text()));
                    }
                }
                for (key, value) in [
                    ("category", &raw.category),
                    ("availability", &raw.availability),
                    ("maker", &raw.maker),
                ] {
                    if let Some(v) = value {
                        changes.push(Change::set(&[key], v));
                    }
                }
                if let Some(tags) = &raw.tags {
                    let tags: Vec<&str> = tags.iter().map(|t| t.as_text()).collect();
                    changes.push(Change::list(&["tags"], &tags));
                }
                if let Some(photos) = &raw.photos {
                    let photos: Vec<&str> = photos.iter().map(String::as_str).collect();
                    changes.push(Change::list(&["photos"], &photos));
                }
                if let Some(variants) = &raw.variants {
                    let rows = variants
                        .iter()
                        .map(|v| Row {
                            name: v.name.as_ref().map(|s| s.as_text().to_string()),
                            price: v.price.as_ref().map(|s| s.as_text().to_string()),
                        })
                        .collect();
                    changes.push(Change::Variants(rows));
                }
                if let Some(order) = &raw.order {
                    if let Some(w) = &order.whatsapp {
                        changes.push(Change::set(&["order", "whatsapp"], w.as_text()));
                    }
                    for (key, link) in [
                        ("tokopedia", &order.tokopedia),
                        ("shopee", &order.shopee),
                        ("tiktok", &order.tiktok),
                        ("instagram", &order.instagram),
                        ("facebook", &order.facebook),
                        ("website", &order.website),
                    ] {
                        if let Some(link) = link {
                            changes.push(Change::set(&["order", key], link));
                        }
                    }
                }
                if let Some(labels) = &raw.labels {
                    for (key, v) in [
                        ("pirt", &labels.pirt),
                        ("halal", &labels.halal),
                        ("bpom", &labels.bpom),
                    ] {
                        if let Some(v) = v {
                            changes.push(Change::set(&["labels", key], v.as_text()));
                        }
                    }
                }
                assert!(changes.len() >= 2, "{}", entry.path().display());
                for text in [text.clone(), crlf_bom(&text)] {
                    let out = edit_yaml(&text, FileKind::Product, &changes)
                        .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
                    assert_eq!(out, text, "{}", entry.path().display());
                }
                seen += 1;
            }
        }
        assert!(seen >= 30, "{seen}");
    }

    /// A change to a value made of another value (a changed row) is read back by the
    /// build's own parse of the whole file, with every other field unchanged.
    #[test]
    fn the_build_reads_back_the_values_set() {
        let text = file(STICK);
        let out = edit_yaml(
            &text,
            FileKind::Product,
            &[
                Change::set(&["price"], "13.000"),
                Change::Variants(vec![
                    Row::new("Original", "13.000"),
                    Row::new("Pedas daun jeruk", "14000"),
                ]),
                Change::set(&["order", "shopee"], "https://shopee.co.id/stick"),
            ],
        )
        .unwrap();
        let raw: RawProduct = parse(&out).unwrap();
        assert_eq!(raw.price.unwrap().as_text(), "13.000");
        let rows: Vec<(&str, &str)> = raw
            .variants
            .as_ref()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v.name.as_ref().unwrap().as_text(),
                    v.price.as_ref().unwrap().as_text(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [("Original", "13.000"), ("Pedas daun jeruk", "14000")]
        );
        let order = raw.order.unwrap();
        assert_eq!(order.whatsapp.unwrap().as_text(), "0812-0000-0111");
        assert_eq!(order.shopee.as_deref(), Some("https://shopee.co.id/stick"));
        let village: RawVillage = parse(&file("content/wonoasri/village.yaml")).unwrap();
        assert_eq!(village.name.unwrap().as_text(), "Wonoasri");
        assert_eq!(
            scalar_at(&crlf_bom(&text), &["order", "whatsapp"]).as_deref(),
            Some("0812-0000-0111")
        );
    }

    /// Text of several lines (the catalog's description) is written as a literal
    /// block indented under its key, its lines with the file's line end; text that
    /// cannot be one is quoted.
    #[test]
    fn text_of_several_lines_is_a_block() {
        let catalog = file("content/catalog.yaml");
        let old = "description: >-
  Contoh katalog: nama, nomor dan produk di sini fiktif. Katalog ini memperlihatkan
  bagaimana kelompok perempuan purna pekerja migran di desa-desa Desbumi memajang
  makanan olahan, minuman, jamu, batik ecoprint dan kerajinan tangan mereka, dan
  bagaimana pembeli memesan lewat WhatsApp atau toko online.
";
        let new = "description: |-
  Baris satu.

    Baris dua, menjorok.
  Tiga
";
        assert!(catalog.contains(old));
        check(
            FileKind::Catalog,
            &catalog,
            &[Change::set(
                &["description"],
                "Baris satu.\n\n  Baris dua, menjorok.\nTiga",
            )],
            &catalog.replacen(old, new, 1),
        );
        let cases = [
            (
                "name: A\norder:\n  shopee: x\nunit: b\n",
                Change::set(&["order", "shopee"], "a\nb\n"),
                "name: A\norder:\n  shopee: |\n    a\n    b\nunit: b\n",
            ),
            (
                "name: A\nunit: b\n",
                Change::set(&["unit"], " a\nb"),
                "name: A\nunit: \" a\\nb\"\n",
            ),
            (
                "name: A\nunit: b\n",
                Change::set(&["unit"], "a\nb\n\n"),
                "name: A\nunit: \"a\\nb\\n\\n\"\n",
            ),
        ];
        for (before, change, after) in cases {
            let out = edit_yaml(before, FileKind::Product, std::slice::from_ref(&change));
            assert_eq!(out.as_deref(), Ok(after), "{before:?}");
        }
    }

    /// Other shapes a hand-written file may have, each written as it should be.
    #[test]
    fn other_shapes() {
        let cases: &[(&str, Change, &str)] = &[
            // An empty value is filled in; text in curly quotes needs no quotes.
            (
                "name:\nprice: 1\n",
                Change::set(&["name"], "Kue “Lebaran” 🎉"),
                "name: Kue “Lebaran” 🎉\nprice: 1\n",
            ),
            // Quoted keys are found.
            (
                "\"name\": A\n'price': 1\n",
                Change::set(&["price"], "2"),
                "\"name\": A\n'price': 2\n",
            ),
            // A comment beside a map's key stays; the new key goes in the format's order.
            (
                "name: A\norder:   # toko\n  shopee: x\n",
                Change::set(&["order", "tokopedia"], "t"),
                "name: A\norder:   # toko\n  tokopedia: t\n  shopee: x\n",
            ),
            // A flow map stays one; a comma is quoted in it.
            (
                "name: A\norder: { shopee: x }\n",
                Change::set(&["order", "tokopedia"], "t, u"),
                "name: A\norder: { tokopedia: \"t, u\", shopee: x }\n",
            ),
            // A document start line and a closing comment stay.
            (
                "---\nname: A\n",
                Change::set(&["price"], "1"),
                "---\nname: A\nprice: 1\n",
            ),
            (
                "name: A\n\n\n# akhir\n",
                Change::set(&["price"], "1"),
                "name: A\nprice: 1\n\n\n# akhir\n",
            ),
            // Setting the text a quoted value already stands for changes nothing.
            (
                "name: 'it''s'\nprice: 1\n",
                Change::set(&["name"], "it's"),
                "name: 'it''s'\nprice: 1\n",
            ),
            // A quoted value keeps its quotes, single or double, even where none are
            // needed.
            (
                "name: 'Kue'\nprice: \"15000\"\n",
                Change::set(&["name"], "Kue Bu'e"),
                "name: 'Kue Bu''e'\nprice: \"15000\"\n",
            ),
            (
                "name: 'Kue'\nprice: \"15000\"\n",
                Change::set(&["price"], "16000"),
                "name: 'Kue'\nprice: \"16000\"\n",
            ),
            (
                "tags: ['a', b]\n",
                Change::list(&["tags"], &["c", "d", "e"]),
                "tags: ['c', d, e]\n",
            ),
            // A value on two lines is replaced whole.
            (
                "name: Satu\n  dua\nprice: 1\n",
                Change::set(&["name"], "Tiga"),
                "name: Tiga\nprice: 1\n",
            ),
            // A comment beside a value needing quotes now.
            (
                "name: A   # nama\nprice: 1\n",
                Change::set(&["name"], "B #1"),
                "name: \"B #1\"   # nama\nprice: 1\n",
            ),
            // A file ending without a line end (CRLF): the new line takes CRLF.
            (
                "name: A\r\nprice: 1",
                Change::set(&["unit"], "kg"),
                "name: A\r\nprice: 1\r\nunit: kg",
            ),
            // An empty flow list is filled; `y` is a yes to YAML 1.1 and is quoted.
            (
                "name: A\ntags: []\n",
                Change::list(&["tags"], &["x", "y"]),
                "name: A\ntags: [x, \"y\"]\n",
            ),
            // A block list not indented under its key stays so.
            (
                "name: A\ntags:\n- x\n- y\n",
                Change::list(&["tags"], &["x", "z", "w"]),
                "name: A\ntags:\n- x\n- z\n- w\n",
            ),
            // No items, no rows: the key goes; a new list or rows are written as the
            // sample writes them.
            (
                "name: A\ntags: [x, y]\n",
                Change::list(&["tags"], &[]),
                "name: A\n",
            ),
            (
                "name: A\nvariants:\n  - { name: a, price: 1 }\n",
                Change::Variants(vec![]),
                "name: A\n",
            ),
            (
                "name: A\n",
                Change::list(&["tags"], &["a", "b"]),
                "name: A\ntags: [a, b]\n",
            ),
            (
                "name: A\nadded: 2026-01-01\n",
                Change::Variants(vec![Row::new("a", "1"), Row::new("b: c", "Rp 2.000")]),
                "name: A\nvariants:\n  - { name: a, price: 1 }\n  - { name: \"b: c\", price: Rp 2.000 }\nadded: 2026-01-01\n",
            ),
            // The last key of a map goes with the map, and the comment inside it.
            (
                "name: A\norder:\n  # komentar\n  shopee: x\nadded: 2026-01-01\n",
                Change::remove(&["order", "shopee"]),
                "name: A\nadded: 2026-01-01\n",
            ),
        ];
        for (before, change, after) in cases {
            let out = edit_yaml(before, FileKind::Product, std::slice::from_ref(change));
            assert_eq!(out.as_deref(), Ok(*after), "{before:?}");
        }
        // A value shared through an anchor is not changed behind the volunteer's back:
        // the check of the result refuses it.
        let shared = "name: A\nprice: &p 1\nvariants: [{name: a, price: *p}]\n";
        assert!(matches!(
            edit_yaml(shared, FileKind::Product, &[Change::set(&["price"], "2")]),
            Err(EditError::Mismatch(_))
        ));
    }

    /// A fixture with every kind of field: one change of each kind rewrites its line
    /// alone (the expected texts are the file's, written out here, with that line
    /// replaced by hand).
    #[test]
    fn one_change_of_each_kind_on_a_fixture() {
        const JAMU: &str = "name: Jamu Kunyit Asam
category: jamu
unit: botol
availability: pre-order
variants:
  - { name: 250 ml, price: 12000 }
  - { name: 1 liter, price: \"Rp 40.000\" }
photos: [portrait.jpg, gray.jpg, cmyk.jpg, alpha.png, deep.png, input.webp, tiny.jpg]
tags: [segar, tanpa pengawet]
maker: Ibu Contoh
order:
  tokopedia: https://www.tokopedia.com/kubmelati/jamu-kunyit-asam-250ml
  shopee: https://id.shp.ee/abc123
  tiktok: https://shop-id.tokopedia.com/view/product/123
labels:
  pirt: \"2063509010123-25\"
  halal: \"ID35110000123450521\"
  bpom: \"MD 123456789012\"
";
        let path = "tests/fixtures/full/dukuhdempok/jamu-kunyit-asam/product.yaml";
        assert_eq!(file(path), JAMU);
        let one = |change: Change, old: &str, new: &str| {
            assert!(JAMU.contains(old), "{old}");
            product(path, &[change], &JAMU.replacen(old, new, 1));
        };
        one(
            Change::set(&["availability"], "tersedia"),
            "availability: pre-order\n",
            "availability: tersedia\n",
        );
        one(
            Change::list(&["tags"], &["segar", "tanpa gula"]),
            "tags: [segar, tanpa pengawet]\n",
            "tags: [segar, tanpa gula]\n",
        );
        one(
            Change::set(&["order", "shopee"], "https://shopee.co.id/jamu-i.1.2"),
            "  shopee: https://id.shp.ee/abc123\n",
            "  shopee: https://shopee.co.id/jamu-i.1.2\n",
        );
        one(
            Change::Variants(vec![
                Row::new("250 ml", "12000"),
                Row::new("1 liter", "Rp 42.000"),
            ]),
            "  - { name: 1 liter, price: \"Rp 40.000\" }\n",
            "  - { name: 1 liter, price: \"Rp 42.000\" }\n",
        );
        one(
            Change::set(&["labels", "bpom"], "MD 123456789013"),
            "  bpom: \"MD 123456789012\"\n",
            "  bpom: \"MD 123456789013\"\n",
        );
    }

    /// The files of the sample and the fixtures, with their paths.
    fn catalog_files(name: &str) -> Vec<(String, String)> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = Vec::new();
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(format!("{root}/{dir}")).sort_by_file_name() {
                let entry = entry.unwrap();
                if entry.file_name() == name {
                    let text = std::fs::read_to_string(entry.path()).unwrap();
                    files.push((entry.path().display().to_string(), text));
                }
            }
        }
        files
    }

    /// In every product.yaml of the sample and the fixtures, each scalar field set to a
    /// new value changes its own line and no other, LF and CRLF with a BOM.
    #[test]
    fn a_new_value_changes_its_line_alone_in_every_product() {
        let mut changed = 0;
        for (path, text) in catalog_files("product.yaml") {
            let Ok(raw) = parse::<RawProduct>(&text) else {
                continue;
            };
            let mut fields: Vec<Vec<&str>> = Vec::new();
            for (key, present) in [
                ("name", raw.name.is_some()),
                ("price", raw.price.is_some()),
                ("unit", raw.unit.is_some()),
                ("category", raw.category.is_some()),
                ("maker", raw.maker.is_some()),
            ] {
                if present {
                    fields.push(vec![key]);
                }
            }
            if let Some(order) = &raw.order {
                for (key, present) in [
                    ("whatsapp", order.whatsapp.is_some()),
                    ("tokopedia", order.tokopedia.is_some()),
                    ("shopee", order.shopee.is_some()),
                    ("instagram", order.instagram.is_some()),
                ] {
                    if present {
                        fields.push(vec!["order", key]);
                    }
                }
            }
            if raw.labels.as_ref().is_some_and(|l| l.pirt.is_some()) {
                fields.push(vec!["labels", "pirt"]);
            }
            for field in fields {
                for text in [text.clone(), crlf_bom(&text)] {
                    let out = edit_yaml(
                        &text,
                        FileKind::Product,
                        &[Change::set(&field, "Nilai baru: 0812")],
                    )
                    .unwrap_or_else(|e| panic!("{path} {field:?}: {e}"));
                    let before: Vec<&str> = text.split_inclusive('\n').collect();
                    let after: Vec<&str> = out.split_inclusive('\n').collect();
                    assert_eq!(before.len(), after.len(), "{path} {field:?}:\n{out}");
                    let differ: Vec<usize> = (0..before.len())
                        .filter(|i| before[*i] != after[*i])
                        .collect();
                    assert_eq!(differ.len(), 1, "{path} {field:?}:\n{out}");
                    let line = after[differ[0]];
                    let key = field.last().unwrap();
                    assert!(
                        line.trim_start_matches('\u{feff}')
                            .trim_start()
                            .starts_with(&format!("{key}: \"Nilai baru: 0812\"")),
                        "{path}: {line:?}"
                    );
                    assert_eq!(
                        line.ends_with("\r\n"),
                        before[differ[0]].ends_with("\r\n"),
                        "{path}"
                    );
                    changed += 1;
                }
            }
        }
        assert!(changed >= 100, "{changed}");
    }

    /// Every village.yaml, catalog.yaml and index.md front matter: each scalar set to
    /// its own value changes nothing.
    #[test]
    fn setting_other_files_to_their_values_changes_nothing() {
        let mut seen = 0;
        for (name, kind, keys) in [
            (
                "village.yaml",
                FileKind::Village,
                &[
                    "name", "district", "regency", "province", "group", "whatsapp",
                ][..],
            ),
            (
                "catalog.yaml",
                FileKind::Catalog,
                &["title", "language", "base_url", "whatsapp", "logo"][..],
            ),
        ] {
            for (path, text) in catalog_files(name) {
                if parse::<Value>(&text).is_err() {
                    continue;
                }
                let changes: Vec<Change> = keys
                    .iter()
                    .filter_map(|k| scalar_at(&text, &[k]).map(|v| Change::set(&[k], &v)))
                    .collect();
                for text in [text.clone(), crlf_bom(&text)] {
                    match edit_yaml(&text, kind, &changes) {
                        Ok(out) => assert_eq!(out, text, "{path}"),
                        Err(e) => panic!("{path}: {e}"),
                    }
                }
                seen += 1;
            }
        }
        for (path, text) in catalog_files("index.md") {
            let Some((front, _, _)) = split_front_matter(&text) else {
                continue;
            };
            if parse::<Value>(front).is_err() || front.trim().is_empty() {
                continue;
            }
            let changes: Vec<Change> = ["name", "price", "unit", "category"]
                .iter()
                .filter_map(|k| scalar_at(front, &[k]).map(|v| Change::set(&[k], &v)))
                .collect();
            let out = edit_front_matter(&text, FileKind::Product, &changes);
            assert_eq!(out.as_deref(), Ok(text.as_str()), "{path}");
            seen += 1;
        }
        assert!(seen >= 15, "{seen}");
    }

    /// The fuzz corpus of the YAML reader (hostile and broken files): the editor answers
    /// with a text or an error, never a panic, and a text it gives reads back.
    #[test]
    fn hostile_files_are_refused_or_edited_never_a_panic() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut inputs: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(format!("{root}/fuzz/corpus/yaml")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        inputs.extend(catalog_files("product.yaml").into_iter().map(|(_, t)| t));
        let changes = [
            Change::set(&["price"], "15000"),
            Change::set(&["order", "whatsapp"], "0812"),
            Change::remove(&["name"]),
            Change::list(&["tags"], &["a", "b, c"]),
            Change::Variants(vec![Row::new("a", "1"), Row::default()]),
        ];
        let mut edited = 0;
        for text in &inputs {
            for change in &changes {
                let change = std::slice::from_ref(change);
                for out in [
                    edit_yaml(text, FileKind::Product, change),
                    edit_front_matter(text, FileKind::Product, change),
                ]
                .into_iter()
                .flatten()
                {
                    let yaml = split_front_matter(&out).map_or(out.as_str(), |(y, _, _)| y);
                    parse::<Value>(yaml.trim_start_matches('\u{feff}')).unwrap();
                    edited += 1;
                }
            }
        }
        assert!(edited >= 100, "{edited}");
    }

    /// Sample files with characters that matter to YAML put in and taken out at
    /// pseudo-random places (a fixed seed): the editor gives a text that reads back,
    /// or an error, never a panic. `EDIT_MUTATIONS=100000` runs more (100,000 found
    /// none).
    #[test]
    fn mutated_files_are_refused_or_edited_never_a_panic() {
        let n: u64 = std::env::var("EDIT_MUTATIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3000);
        let files: Vec<String> = catalog_files("product.yaml")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let pieces = [
            ":", ": ", "- ", " ", "\n", "\r\n", "  ", "#", "'", "\"", "[", "]", "{", "}", ",",
            "\t", "*a", "&a ", "|", ">", "---\n", "? ", "!", "%", "\u{feff}", "“", "\\",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % m.max(1)
        };
        let changes = [
            Change::set(&["price"], "15000"),
            Change::set(&["order", "shopee"], "https://shopee.co.id/x"),
            Change::remove(&["labels", "pirt"]),
            Change::list(&["tags"], &["a", "b"]),
            Change::Variants(vec![Row::new("a", "1")]),
        ];
        let mut edited = 0;
        for _ in 0..n {
            let mut text = files[next(files.len())].clone();
            for _ in 0..1 + next(3) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(2) == 0 {
                    text.insert_str(at, pieces[next(pieces.len())]);
                } else {
                    let mut end = (at + 1 + next(4)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
            }
            let change = &changes[next(changes.len())];
            if let Ok(out) = edit_yaml(&text, FileKind::Product, std::slice::from_ref(change)) {
                parse::<Value>(out.trim_start_matches('\u{feff}')).unwrap();
                edited += 1;
            }
        }
        assert!(edited > 0);
    }

    /// A product made by `etalase new product` (its keys to fill in are commented
    /// out): the keys set go after the last key written, before the commented ones.
    #[test]
    fn a_new_products_scaffold() {
        let head = "# Produk baru. Lengkapi baris-baris di bawah, lalu jalankan: etalase check

name: Keripik Tempe            # nama produk, seperti yang dilihat pembeli (wajib)
category: lainnya     # pilih satu: makanan, lainnya (wajib)
";
        let tail =
            "# price: 12000               # harga dalam rupiah: 12000, \"Rp 12.000\" atau 12rb
# order:                     # tempat memesan; tanpa ini dipakai nomor WhatsApp desa atau katalog
#   whatsapp: \"0812-0000-1234\"
";
        check(
            FileKind::Product,
            &format!("{head}{tail}"),
            &[
                Change::set(&["price"], "15000"),
                Change::set(&["order", "whatsapp"], "0812-0000-1234"),
                Change::set(&["added"], "2026-12-04"),
            ],
            &format!(
                "{head}price: 15000\norder:\n  whatsapp: \"0812-0000-1234\"\nadded: 2026-12-04\n{tail}"
            ),
        );
    }

    /// `feeds:` of catalog.yaml (issue 19): a list under maps that are not there yet is
    /// written with its maps, beside a map that is; emptied, it goes with the maps left
    /// empty. In a flow map, the new maps are flow too.
    #[test]
    fn nested_lists_make_and_remove_their_maps() {
        let head = "title: Katalog   # judul\nimages:\n  widths: [320]\n";
        let meta = Change::list(&["feeds", "meta", "leave_out"], &["jamu"]);
        let made = format!("{head}feeds:\n  meta:\n    leave_out: [jamu]\n");
        check(FileKind::Catalog, head, std::slice::from_ref(&meta), &made);
        let google = Change::list(&["feeds", "google", "leave_out"], &["jamu", "lain-lain"]);
        let both = format!("{made}  google:\n    leave_out: [jamu, lain-lain]\n");
        check(
            FileKind::Catalog,
            &made,
            std::slice::from_ref(&google),
            &both,
        );
        let none = Change::list(&["feeds", "meta", "leave_out"], &[]);
        let only_google = format!("{head}feeds:\n  google:\n    leave_out: [jamu, lain-lain]\n");
        check(
            FileKind::Catalog,
            &both,
            std::slice::from_ref(&none),
            &only_google,
        );
        let all_gone = Change::list(&["feeds", "google", "leave_out"], &[]);
        check(FileKind::Catalog, &only_google, &[all_gone], head);
        let flow = format!("{head}feeds: {{ meta: {{ leave_out: [jamu] }} }}\n");
        let out = edit_yaml(&flow, FileKind::Catalog, &[google]).unwrap();
        let raw: RawCatalog = parse(&out).unwrap();
        let feeds = raw.feeds.unwrap();
        assert_eq!(feeds.meta.unwrap().leave_out.unwrap(), ["jamu"]);
        assert_eq!(
            feeds.google.unwrap().leave_out.unwrap(),
            ["jamu", "lain-lain"]
        );
        assert!(out.starts_with(head), "{out}");
    }
}
