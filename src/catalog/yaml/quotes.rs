//! Curly quotes typed around a value (or a key): `name: “Keripik Pare”`, as word
//! processors and phone keyboards write `"Keripik Pare"`.
//!
//! To YAML, `“` is a letter like any other: the value would be published with its
//! quotes (on the page and in the WhatsApp message), a number in them would not be a
//! number, and a `:` inside them would break the line. [`straighten_quotes`] reads such a
//! value as the quoted text it stands for, for every field alike, by putting straight
//! quotes in the place of the curly ones before the text is parsed (`"`, or `'` when the
//! text holds a `"` or a `\`, which `"…"` would read otherwise). One character takes the
//! place of one, so every line and column stays where it was.
//!
//! Only a whole value (or key) in curly quotes is changed: it starts with an opening
//! quote, and the first quote of that kind after it ends the value (the end of the line
//! or a comment follows it, a `:` of a key, or in `[ ]` and `{ }` a `,` or the bracket).
//! A quote inside a value (`Keripik “Pedas” Bu Siti`), or at one end only, is text, and
//! stays as written.

use crate::diag::Pos;

/// A value (or key) written in curly quotes, read as straight-quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurlyQuoted {
    /// Where its opening quote stands.
    pub pos: Pos,
    /// The opening and the closing quote as written.
    pub open: char,
    pub close: char,
    /// The text between them.
    pub inner: String,
}

/// The quotes of one kind (double or single): a value may open with any of them and
/// closes at the next one. `„…“` and `”…”` are how some phone keyboards write them.
const DOUBLE: &[char] = &['\u{201C}', '\u{201D}', '\u{201E}'];
const SINGLE: &[char] = &['\u{2018}', '\u{2019}', '\u{201A}'];

fn kind_of(c: char) -> Option<&'static [char]> {
    if DOUBLE.contains(&c) {
        Some(DOUBLE)
    } else if SINGLE.contains(&c) {
        Some(SINGLE)
    } else {
        None
    }
}

/// The text with every value (and key) in curly quotes put in straight quotes, and
/// those values; `None` when there are none (the text is used as it is).
pub fn straighten_quotes(text: &str) -> Option<(String, Vec<CurlyQuoted>)> {
    if !text.contains(|c| kind_of(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut depth = 0usize;
    // The indentation of a key whose value is a block of text (`|`, `>`), while inside it.
    let mut block: Option<usize> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(b) = block {
            if body.trim().is_empty() || indent > b {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let mut chars: Vec<char> = body.chars().collect();
        if scan_line(&mut chars, i + 1, &mut depth, &mut found) {
            block = Some(indent);
        }
        out.extend(chars);
        out.push_str(end);
    }
    (!found.is_empty()).then_some((out, found))
}

fn blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Scans one line, changing the curly quotes of each value that stands in them and
/// noting it in `found`. `depth` is how deep in `[ ]` and `{ }` the line starts and
/// ends. True when a block of text (`|`, `>`) starts after the line.
fn scan_line(
    chars: &mut [char],
    line: usize,
    depth: &mut usize,
    found: &mut Vec<CurlyQuoted>,
) -> bool {
    let n = chars.len();
    let mut i = 0;
    // Whether a value (or key) may start here: at the start of the line, after `- `, a
    // key's `: `, or `[`, `{`, `,` in brackets.
    let mut value_start = true;
    while i < n {
        let c = chars[i];
        if blank(c) {
            i += 1;
            continue;
        }
        if c == '#' && (i == 0 || blank(chars[i - 1])) {
            break;
        }
        match c {
            '[' | '{' if value_start => {
                *depth += 1;
                i += 1;
                continue;
            }
            ']' | '}' if *depth > 0 => {
                *depth -= 1;
                value_start = false;
                i += 1;
                continue;
            }
            ',' if *depth > 0 => {
                value_start = true;
                i += 1;
                continue;
            }
            ':' if !value_start && (*depth > 0 || i + 1 == n || blank(chars[i + 1])) => {
                value_start = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        if !value_start {
            i = end_of_plain(chars, i, *depth);
            continue;
        }
        value_start = false;
        if (c == '-' || c == '?') && *depth == 0 && (i + 1 == n || blank(chars[i + 1])) {
            value_start = true;
            i += 1;
        } else if (c == '|' || c == '>') && *depth == 0 {
            return true;
        } else if c == '"' || c == '\'' {
            i = end_of_quoted(chars, i);
        } else if let Some(kind) = kind_of(c)
            && let Some(close) = closing_quote(chars, i, kind, *depth)
        {
            let inner: String = chars[i + 1..close].iter().collect();
            let straight = if !inner.contains(['"', '\\']) {
                '"'
            } else if !inner.contains('\'') {
                '\''
            } else {
                // Neither kind of straight quote can hold it as it is: left as written.
                i = close + 1;
                continue;
            };
            found.push(CurlyQuoted {
                pos: Pos::new(line, i + 1),
                open: c,
                close: chars[close],
                inner,
            });
            chars[i] = straight;
            chars[close] = straight;
            i = close + 1;
        } else {
            i = end_of_plain(chars, i, *depth);
        }
    }
    false
}

/// The curly quote that closes the one at `open`: the next quote of its kind, when what
/// follows it ends a value.
fn closing_quote(chars: &[char], open: usize, kind: &[char], depth: usize) -> Option<usize> {
    let close = open + 1 + chars[open + 1..].iter().position(|c| kind.contains(c))?;
    let mut k = close + 1;
    while k < chars.len() && blank(chars[k]) {
        k += 1;
    }
    let ends = match chars.get(k) {
        None => true,
        Some('#') => k > close + 1,
        Some(':') => depth > 0 || chars.get(k + 1).is_none_or(|c| blank(*c)),
        Some(',' | ']' | '}') => depth > 0,
        Some(_) => false,
    };
    ends.then_some(close)
}

/// Past a straight-quoted value starting at `i` (to the end of the line if it is not
/// closed on it).
fn end_of_quoted(chars: &[char], i: usize) -> usize {
    let q = chars[i];
    let mut j = i + 1;
    while j < chars.len() {
        if q == '"' && chars[j] == '\\' {
            j += 2;
            continue;
        }
        if chars[j] == q {
            if q == '\'' && chars.get(j + 1) == Some(&'\'') {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    chars.len()
}

/// Where a plain (unquoted) value starting at `i` ends: at a key's `: `, a comment, and
/// in brackets at `,` or a bracket. Always past `i`.
fn end_of_plain(chars: &[char], i: usize, depth: usize) -> usize {
    let n = chars.len();
    let mut j = i + 1;
    while j < n {
        let c = chars[j];
        let next_blank = j + 1 == n || blank(chars[j + 1]);
        let ends = match c {
            ':' => next_blank || (depth > 0 && matches!(chars[j + 1], ',' | ']' | '}')),
            '#' => blank(chars[j - 1]),
            ',' | '[' | ']' | '{' | '}' => depth > 0,
            _ => false,
        };
        if ends {
            break;
        }
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn straight(text: &str) -> String {
        straighten_quotes(text).map_or_else(|| text.to_string(), |(t, _)| t)
    }

    #[test]
    fn a_whole_value_in_curly_quotes_is_straight_quoted() {
        assert_eq!(
            straight("name: “Keripik Pare”\nprice: „15000“ # harga\n"),
            "name: \"Keripik Pare\"\nprice: \"15000\" # harga\n"
        );
        assert_eq!(straight("- ”a”\n- ‘b’\n"), "- \"a\"\n- \"b\"\n");
        assert_eq!(
            straight("name: “A”\r\nunit: B\r\n"),
            "name: \"A\"\r\nunit: B\r\n"
        );
        assert_eq!(
            straight("tags: [“segar, renyah”, “manis”]\nv: {name: “Kecil”, price: “1”}\n"),
            "tags: [\"segar, renyah\", \"manis\"]\nv: {name: \"Kecil\", price: \"1\"}\n"
        );
        // A key, and values holding a straight quote or a backslash.
        assert_eq!(
            straight("“name”: “Kopi Jum'at”\nunit: “1\\2 \"kg\"”\n"),
            "\"name\": \"Kopi Jum'at\"\nunit: '1\\2 \"kg\"'\n"
        );
        let (_, found) = straighten_quotes("name: A\nprice:  “15000”\n").unwrap();
        assert_eq!(
            found,
            vec![CurlyQuoted {
                pos: Pos::new(2, 9),
                open: '“',
                close: '”',
                inner: "15000".into()
            }]
        );
    }

    #[test]
    fn a_curly_quote_inside_or_at_one_end_is_text() {
        for text in [
            "name: Keripik “Pedas” Bu Siti\n",
            "name: “Keripik” Pedas\n",
            "name: “Keripik” “Pedas”\n",
            "name: Keripik “Pedas”\n",
            "name: ‘Mak’e’\n",
            "desc: |\n  “kutipan”\n",
            "# “komentar”\n",
            "name: \"“dalam kutip”\"\n",
        ] {
            assert!(straighten_quotes(text).is_none(), "{text}");
        }
    }

    /// Every short text of the characters that matter: no panic, and one character for
    /// one (lines and columns stay).
    #[test]
    fn any_text_keeps_its_shape() {
        let alphabet = [
            ' ', ':', '-', '[', ']', '{', '}', ',', '#', '"', '\'', '\\', '“', '”', '„', '‘', '’',
            'a', '\n', '|',
        ];
        let n = alphabet.len();
        for mut i in 0..n.pow(4) {
            let mut text = String::new();
            for _ in 0..4 {
                text.push(alphabet[i % n]);
                i /= n;
            }
            if let Some((straight, found)) = straighten_quotes(&text) {
                assert_eq!(straight.chars().count(), text.chars().count(), "{text:?}");
                assert_eq!(straight.lines().count(), text.lines().count(), "{text:?}");
                assert!(!found.is_empty());
            }
        }
    }
}
