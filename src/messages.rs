//! Turning parser messages into sentences a volunteer can act on.
//!
//! The YAML parser speaks of "invalid type: string, expected a sequence"; a volunteer
//! needs "`tags` must be a list, like [segar, tanpa pengawet]". Each message keeps the
//! parser's meaning and adds the fix.

use crate::diag::{Diagnostic, Pos};
use crate::yaml::YamlError;
use std::path::Path;

/// A diagnostic for a YAML file the parser refused.
pub fn yaml_error(path: &Path, pos: Pos, e: &YamlError, text: &str) -> Diagnostic {
    let m = e.message.as_str();
    let field = e.path.as_deref().unwrap_or("");
    let line_text = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let (message, help) = if line_text.starts_with('\t')
        || m.contains("cannot start any token") && line_text.contains('\t')
    {
        (
            "a Tab is used for indentation; YAML allows only spaces".to_string(),
            "replace the Tab at the start of the line with spaces".to_string(),
        )
    } else if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let what = field_name(field);
        (
            format!(
                "{what} must be {}; found {}",
                describe_expected(expected),
                found
            ),
            example_for(field),
        )
    } else if m.contains("expected ',' or ']'") || m.contains("expected ',' or '}'") {
        let (open, close) = if m.contains(']') {
            ('[', ']')
        } else {
            ('{', '}')
        };
        (
            format!("a `{open}` is not closed with `{close}` before the end"),
            format!("add the `{close}` at the end of the value, or put the value in quotes"),
        )
    } else if m.starts_with("mapping values are not allowed") {
        (
            "a `:` inside a value: this line cannot be read".to_string(),
            "put the value in quotes, like name: \"Jamu: Kunyit Asam\"".to_string(),
        )
    } else if m.starts_with("did not find expected key")
        || m.starts_with("did not find expected node content")
        || m.starts_with("block sequence entries are not allowed")
    {
        (
            format!("the lines here are not lined up ({m})"),
            "indent the lines under a key by the same number of spaces".to_string(),
        )
    } else if m.starts_with("found character that cannot start any token") {
        (
            "a value starts with a character YAML reserves (like @ or `)".to_string(),
            "put the value in quotes".to_string(),
        )
    } else if m.starts_with("found unexpected end of stream")
        || m.starts_with("found unknown escape")
        || m.contains("quoted scalar")
    {
        (
            format!("a quoted value is not closed ({m})"),
            "close the quote at the end of the value".to_string(),
        )
    } else if m.starts_with("duplicate entry") {
        (
            format!("a key is given twice ({m})"),
            "delete one of the two lines".to_string(),
        )
    } else if m.contains("recursion limit") || m.contains("repetition limit") {
        (
            "this YAML nests or repeats too deeply to be a catalog file".to_string(),
            "write the values out plainly, without anchors (&) and aliases (*)".to_string(),
        )
    } else {
        (
            format!("this YAML cannot be read: {m}"),
            "compare this file with the example in the volunteer guide".to_string(),
        )
    };
    let d = Diagnostic::error(path, pos, message);
    if help.is_empty() { d } else { d.help(help) }
}

fn field_name(path: &str) -> String {
    if path.is_empty() || path == "." {
        "the file".to_string()
    } else {
        format!("`{path}`")
    }
}

fn describe_expected(expected: &str) -> &str {
    match expected {
        "a sequence" => "a list",
        "a string" => "text",
        "u8" | "u32" | "u64" | "i64" => "a whole number",
        e if e.starts_with("struct") || e.starts_with("a map") => "a group of `key: value` lines",
        "" => "something else",
        e => e,
    }
}

/// An example of the value a field takes, for the help line.
fn example_for(path: &str) -> String {
    let last = path.rsplit(['.', '[']).next().unwrap_or(path);
    let example = match last {
        "tags" => "tags: [segar, tanpa pengawet]",
        "photos" => "photos: [botol.jpg, DSC_0042.JPG]",
        "variants" => "variants:\n  - { name: 250 ml, price: 12000 }",
        "order" => "order:\n    whatsapp: \"0812-3456-7890\"",
        "labels" => "labels:\n    pirt: \"2063509010123-25\"",
        "categories" => "categories:\n    makanan: Makanan",
        "images" => "images:\n    widths: [320, 640, 1280]",
        "widths" => "widths: [320, 640, 1280]",
        "quality" => "quality: 75",
        _ => return String::from("compare this line with the example in the volunteer guide"),
    };
    format!("write it like: {example}")
}
