//! Every YAML call of etalase lives here.
//!
//! `yaml_serde` (the maintained continuation of `serde_yaml`) parses the files into the
//! raw structs of [`crate::catalog::schema`]. It reports syntax and type errors with a
//! position, but it has no spans for values that parsed fine, and rule errors (a bad
//! price, a link to the wrong host) are found later, on parsed values. [`locate`] finds
//! their line and column by walking the document once more to the value in question
//! and raising an error there, which the parser marks with its position. Files are
//! small and this only runs for values that have a problem, so the second parse costs
//! nothing that matters.
//! [`error_diagnostic`] turns the parser's errors into sentences a volunteer can act on.
//!
//! This file holds parsing ([`parse`]), its errors and front matter; `locate.rs` finds
//! a value's position ([`locate`]); `keys.rs` lists a document's keys (the top-level
//! ones, the unknown ones); `error_text.rs` words the parser's errors; `quotes.rs` reads
//! values typed in curly quotes as the straight-quoted text they stand for; `edit.rs`
//! applies field changes to a file's text, keeping the rest byte for byte (the
//! workshop's writes, through `yaml-edit`, checked back with [`parse`]).

mod edit;
mod error_text;
mod keys;
mod locate;
mod quotes;

pub use edit::{Change, EditError, Row, edit_front_matter, edit_yaml, scalar_at};
pub use error_text::error_diagnostic;
pub use keys::{top_level_keys, unknown_keys, unknown_keys_meant, written_value};
pub use locate::{locate, locate_or_parent};
pub use quotes::{CurlyQuoted, straighten_quotes};

use crate::diag::Pos;
use serde::de::DeserializeOwned;
use std::fmt;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A YAML problem: where (when known) and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Option<Pos>,
    /// The parser's message without its position, e.g. "unknown field `prise`, expected
    /// one of `name`, `category`" or "did not find expected key".
    pub message: String,
    /// The dotted path of the value the message is about (`variants[1].price`), when the
    /// parser knew it.
    pub path: Option<String>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Flow collections (`[`, `{`) nested deeper than this are refused before parsing. The
/// deserializer stops at 128 levels by itself, but the scanner before it takes time
/// quadratic in the depth: 100,000 `[` would take minutes.
const MAX_FLOW_DEPTH: usize = 128;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`]. Brackets inside
/// quoted text count too: no catalog value holds 128 unclosed ones.
fn flow_too_deep(text: &str) -> Option<Pos> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1, 0);
    for c in text.chars() {
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(Pos::new(line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a whole document into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(pos) = flow_too_deep(text) {
        return Err(YamlError {
            pos: Some(pos),
            message: "recursion limit exceeded".into(),
            path: None,
        });
    }
    // An empty file (or one holding only comments) is an empty mapping to a volunteer.
    if text
        .trim()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return serde_yaml::from_str("{}").map_err(|e| to_error(&e));
    }
    serde_yaml::from_str(text).map_err(|e| {
        // The parser reads the whole text before the values are taken, but a value of
        // the wrong type is refused before a syntax error after it is raised: the syntax
        // error (an unclosed `[`, a second document) is the one to fix first.
        let e = match serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
            Err(syntax) => syntax,
            Ok(_) => e,
        };
        if let Some(error) = missing_space(text) {
            // `price:15000` is one word to YAML, not a key and its value: what the parser
            // says about it (at another line, or of a file that is not a mapping) follows
            // from that.
            return error;
        }
        let mut error = to_error(&e);
        place(text, &mut error);
        error
    })
}

/// The message of a key written without a space after its colon, followed by how many
/// other lines are written so, the key and the value: `no space after the colon 2
/// price:15000`.
const MISSING_SPACE: &str = "no space after the colon";

/// The first line whose key has no space after its colon (`price:15000`, `- name:kecil`),
/// as an error at the colon, counting the other such lines. Lines inside a block of
/// text (`|`, `>`), comments, and links (`https://`) are not keys.
fn missing_space(text: &str) -> Option<YamlError> {
    let mut first: Option<(Pos, String)> = None;
    let mut others = 0usize;
    // The indentation of a key whose value is a block of text, while inside it.
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(b) = block {
            if trimmed.is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let rest = key_part(trimmed);
        let key_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if key_len == 0 || !rest.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let Some(value) = rest[key_len..].strip_prefix(':') else {
            continue;
        };
        match value.chars().next() {
            None | Some('/' | ':') => {}
            Some(' ' | '\t') => {
                if value.trim_start().starts_with(['|', '>']) {
                    block = Some(indent);
                }
            }
            Some(_) => {
                if first.is_some() {
                    others += 1;
                    continue;
                }
                let before = line.len() - rest.len() + key_len;
                let col = line[..before].chars().count() + 1;
                let written = format!("{}:{}", &rest[..key_len], value.trim_end());
                first = Some((Pos::new(i + 1, col), written));
            }
        }
    }
    first.map(|(pos, written)| YamlError {
        pos: Some(pos),
        message: format!("{MISSING_SPACE} {others} {written}"),
        path: None,
    })
}

/// The parser gives no line for two of its errors: a control character (only its byte
/// offset) and a second document. Both are found in the text.
fn place(text: &str, error: &mut YamlError) {
    if error
        .message
        .starts_with("control characters are not allowed")
    {
        if let Some((pos, c)) = control_character(text) {
            error.pos = Some(pos);
            error.message = format!("{CONTROL_CHARACTER} U+{:04X}", u32::from(c));
        }
    } else if let Some(key) = duplicate_key(&error.message) {
        if let Some((first, second)) = duplicate_lines(text, &key) {
            error.pos = Some(second);
            error.message = format!("{DUPLICATE_KEY} {first} {key}");
        }
    } else if error.message.contains("more than one document") {
        error.pos = Some(second_document(text).unwrap_or(Pos::START));
        error.message = MORE_THAN_ONE_DOCUMENT.to_string();
    }
}

/// A line from where its key would stand: past the indentation and the `- ` of list
/// items (`  - - name: a` gives `name: a`).
fn key_part(line: &str) -> &str {
    let mut rest = line.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    rest
}

/// The message of a key written twice in one mapping, followed by the line of the first
/// and the key: `key written twice 3 base_url`.
const DUPLICATE_KEY: &str = "key written twice";

/// The key the parser's "duplicate entry with key \"a\"" or "duplicate field `a`" names.
fn duplicate_key(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("duplicate entry with key ")
        .or_else(|| message.strip_prefix("duplicate field "))?;
    let quoted = rest.trim_matches(|c| c == '"' || c == '`');
    (!quoted.is_empty()).then(|| quoted.to_string())
}

/// The line of the first of two `key:` lines of one mapping (the same column) and the
/// position of the second (the parser gives neither: it reports the mapping's start).
fn duplicate_lines(text: &str, key: &str) -> Option<(usize, Pos)> {
    let mut seen: Vec<(usize, usize)> = Vec::new(); // (column, line)
    for (i, line) in text.lines().enumerate() {
        let rest = key_part(line);
        let col = line[..line.len() - rest.len()].chars().count() + 1;
        let bare = rest
            .strip_prefix(key)
            .filter(|r| r.starts_with(':'))
            .is_some();
        let quoted = [format!("\"{key}\":"), format!("'{key}':")]
            .iter()
            .any(|q| rest.starts_with(q.as_str()));
        if !(bare || quoted) {
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == col) {
            return Some((*first, Pos::new(i + 1, col)));
        }
        seen.push((col, i + 1));
    }
    None
}

/// The message of a character YAML does not allow, followed by its code point.
const CONTROL_CHARACTER: &str = "control character";
/// The message of a file of more than one document.
const MORE_THAN_ONE_DOCUMENT: &str = "more than one document";

/// The first character YAML refuses (the C0 and C1 controls but Tab, line ends and
/// NEL; DEL; U+FFFE and U+FFFF), with its position: they come invisibly with text
/// copied from other programs.
fn control_character(text: &str) -> Option<(Pos, char)> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || ('\u{A0}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    text.lines().enumerate().find_map(|(i, line)| {
        line.trim_end_matches('\r')
            .chars()
            .enumerate()
            .find(|(_, c)| !allowed(*c))
            .map(|(col, c)| (Pos::new(i + 1, col + 1), c))
    })
}

/// The `---` line that starts a second document: the second such line, or the first
/// when content stands before it.
fn second_document(text: &str) -> Option<Pos> {
    let mut content = false;
    let mut markers = 0;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_end();
        if t == "---" || t.starts_with("--- ") || t.starts_with("---\t") {
            markers += 1;
            if content || markers == 2 {
                return Some(Pos::new(i + 1, 1));
            }
        } else if !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') {
            content = true;
        }
    }
    None
}

/// Parses a small YAML file of the theme (the interface words): a flat map of text.
pub fn parse_words(text: &str) -> Result<indexmap::IndexMap<String, String>, YamlError> {
    parse(text)
}

fn to_error(e: &serde_yaml::Error) -> YamlError {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line().max(1), l.column().max(1)));
    let mut text = e.to_string();
    // Drop the position the parser appends: we print our own in front.
    if let Some(i) = text.find(" at line ") {
        text.truncate(i);
    }
    // Message errors come as "path: message"; keep the path apart.
    let mut path = None;
    if let Some((p, rest)) = text.split_once(": ")
        && !p.contains(' ')
        && (p.contains('.')
            || p.contains('[')
            || p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && !rest.is_empty()
    {
        path = Some(p.to_string());
        text = rest.to_string();
    }
    YamlError {
        pos,
        message: text,
        path,
    }
}

/// Splits a Markdown file into its YAML front matter and body: `Some((yaml, body,
/// first_yaml_line))` when the file starts with a `---` line and has a closing `---`
/// (or `...`) line. `first_yaml_line` is the 1-based line of the YAML's first line in
/// the file, to shift positions by.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, 2));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf() {
        let md = "---\r\nname: A\r\n---\r\nBody\r\n";
        let (yaml, body, line) = split_front_matter(md).unwrap();
        assert_eq!(yaml, "name: A\r\n");
        assert_eq!(body, "Body\r\n");
        assert_eq!(line, 2);
        assert!(split_front_matter("# Title\n").is_none());
    }

    #[test]
    fn errors_without_a_line_from_the_parser_are_placed() {
        let e = parse::<serde_yaml::Value>("name: A\ncategory: ma\u{1}kan\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(2, 13)), "{e:?}");
        assert_eq!(e.message, "control character U+0001");
        let e = parse::<serde_yaml::Value>("name: A\n---\nname: B\n").unwrap_err();
        assert_eq!(
            (e.pos, e.message.as_str()),
            (Some(Pos::new(2, 1)), MORE_THAN_ONE_DOCUMENT)
        );
        let e = parse::<serde_yaml::Value>("---\nname: A\n---\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(3, 1)), "{e:?}");
    }

    /// A syntax error is named before a value of the wrong type earlier in the file.
    #[test]
    fn a_key_without_a_space_after_its_colon_is_found_at_its_colon() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct P {
            name: String,
            price: Option<u64>,
            variants: Option<Vec<V>>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct V {
            name: String,
        }
        // The last line: the parser says "could not find expected ':'" past the end.
        let e = parse::<P>("name: Keripik\ncategory: makanan\nprice:15000\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(3, 6)));
        assert_eq!(e.message, "no space after the colon 0 price:15000");
        // The first line: the parser blames the second.
        let e = parse::<P>("name:Keripik\nprice: 15000\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(1, 5)));
        // A whole file so: one scalar to YAML.
        let e = parse::<P>("name:Keripik\ncategory:makanan\nprice:15000\n").unwrap_err();
        assert_eq!(e.message, "no space after the colon 2 name:Keripik");
        // In a list of variants, beside a block of text and a link, which are no keys.
        let e = parse::<P>(
            "name: K\ndesc: |\n  buka:08.00\nlink: https://x.example/a\nvariants:\n  - name:kecil\n",
        )
        .unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(6, 9)));
        assert_eq!(e.message, "no space after the colon 0 name:kecil");
    }

    #[test]
    fn a_key_written_twice_is_found_at_its_second_line_naming_the_first() {
        let e =
            parse::<serde_yaml::Value>("title: T\nbase_url: a\nx: 1\nbase_url: b\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(4, 1)));
        assert_eq!(e.message, "key written twice 2 base_url");
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct V {
            name: String,
        }
        // In a list item: the first key of an item stands after its `- `.
        let e = parse::<Vec<V>>("- name: a\n  name: b\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(2, 3)));
        assert_eq!(e.message, "key written twice 1 name");
    }

    #[test]
    fn a_syntax_error_comes_before_a_type_error() {
        let e = parse::<std::collections::BTreeMap<String, String>>("tags: teks\nprice: [10000\n")
            .unwrap_err();
        assert!(e.message.contains("expected ',' or ']'"), "{e:?}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse::<serde_yaml::Value>("name: a\n  bad: [\n").unwrap_err();
        assert!(e.pos.is_some());
        assert!(!e.message.contains(" at line "));
    }
}
