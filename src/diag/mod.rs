//! Diagnostics: content problems as data.
//!
//! Every problem found in a catalog becomes a [`Diagnostic`] carrying the file, line and
//! column it is about, a one-line message and, where there is one, a one-line fix. The
//! stages collect them into [`Diagnostics`] and never stop at the first; the command line
//! prints them all in the format the catalog contract fixes:
//! `path:line:col: error|warning: message`.
//!
//! Messages are written in English and Indonesian side by side ([`Text`], made with
//! the [`text!`](crate::text) macro) and printed in the catalog's language.
//!
//! Below every other module: the catalog, photos, site and output stages all report
//! through it. [`fsio`] wraps file access so every I/O error names its path;
//! [`collapse`] cuts a crowd of one kind of warning to a few lines and a count.

pub mod collapse;
pub mod fsio;
mod lang;

pub use lang::Lang;

use std::fmt;
use std::path::{Path, PathBuf};

/// A sentence in both interface languages.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Text {
    pub en: String,
    pub id: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }

    /// The same words in both languages: for names and for messages meant for
    /// developers (template errors), which stay in English.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            id: s.clone(),
            en: s,
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::same(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::same(s)
    }
}

/// `text!(en: "price {p}", id: "harga {p}")`: a [`Text`], each side a `format!` string
/// with the caller's variables.
#[macro_export]
macro_rules! text {
    (en: $en:literal, id: $id:literal $(,)?) => {
        $crate::diag::Text {
            en: format!($en),
            id: format!($id),
        }
    };
}

/// How bad a problem is: errors fail the build (exit 1), warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a content file, 1-based.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The start of a file, for problems about a whole file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }
}

/// One problem in the content.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user would name it: the content folder as given on the command
    /// line joined with the file's path inside it.
    pub path: PathBuf,
    pub pos: Pos,
    pub message: Text,
    /// A one-line fix, shown after the message when there is one.
    pub help: Option<Text>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// Adds a one-line fix.
    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The contract's line, `path:line:col: error: message`, in `lang`.
    pub fn headline(&self, lang: Lang) -> String {
        // The contract fixes these two words in every language.
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {}: {}",
            display_path(&self.path),
            self.pos.line,
            self.pos.col,
            kind,
            self.message.get(lang)
        )
    }

    /// The headline and, on the next line, `  help: ...` when there is a fix.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.headline(lang);
        if let Some(help) = &self.help {
            out.push_str("\n  help: ");
            out.push_str(help.get(lang));
        }
        out
    }

    /// For a terminal: the headline, then the offending line of the file with a caret
    /// under the spot, then the fix, like a compiler's messages. `source` is the file's
    /// text (None for folders and unreadable files, which get no snippet).
    pub fn render_snippet(&self, lang: Lang, source: Option<&str>, color: bool) -> String {
        let (bold, red, yellow, blue, cyan, reset) = if color {
            (
                "\x1b[1m",
                "\x1b[1;31m",
                "\x1b[1;33m",
                "\x1b[1;34m",
                "\x1b[1;36m",
                "\x1b[0m",
            )
        } else {
            ("", "", "", "", "", "")
        };
        let kind_color = if self.is_error() { red } else { yellow };
        let headline = self.headline(lang);
        // Colour the "error"/"warning" word only; the text stays as the contract says.
        let marker = if self.is_error() {
            ": error: "
        } else {
            ": warning: "
        };
        let mut out = match headline.split_once(marker) {
            Some((place, msg)) => format!(
                "{bold}{place}{reset}: {kind_color}{}{reset}: {bold}{msg}{reset}",
                marker.trim_matches([':', ' '])
            ),
            None => headline.clone(),
        };
        let line_text = source.and_then(|s| s.lines().nth(self.pos.line.saturating_sub(1)));
        if let Some(line_text) = line_text.filter(|l| !l.trim().is_empty()) {
            let line_text = line_text
                .trim_end_matches('\r')
                .trim_start_matches('\u{feff}');
            let number = self.pos.line.to_string();
            let pad = " ".repeat(number.len());
            let before: String = line_text
                .chars()
                .take(self.pos.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let rest: String = line_text
                .chars()
                .skip(self.pos.col.saturating_sub(1))
                .collect();
            let token = rest.split(" #").next().unwrap_or("").trim_end();
            let width = token.chars().count().max(1);
            out.push_str(&format!("\n{blue}{pad} |{reset}\n{blue}{number} |{reset} {line_text}\n{blue}{pad} |{reset} {before}{kind_color}{}{reset}", "^".repeat(width)));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  {cyan}help{reset}: {}", help.get(lang)));
        }
        out
    }
}

/// In English, for logs and debugging; the command line prints with [`Diagnostic::render`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A path with `/` separators on every system, as the contract's examples show.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// All the problems of one run, in the order found.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, then position, so output is stable whatever order the stages
    /// ran in (photos are processed in parallel).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.path.as_path(), a.pos, a.severity).cmp(&(b.path.as_path(), b.pos, b.severity))
        });
        self.items.dedup();
        self.items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_the_contract_says() {
        let d = Diagnostic::error(
            "content/dukuhdempok/jamu/product.yaml",
            Pos::new(4, 8),
            crate::text!(en: "price must be rupiah", id: "harga harus dalam rupiah"),
        );
        assert_eq!(
            d.to_string(),
            "content/dukuhdempok/jamu/product.yaml:4:8: error: price must be rupiah"
        );
        assert_eq!(
            d.render(Lang::Id),
            "content/dukuhdempok/jamu/product.yaml:4:8: error: harga harus dalam rupiah"
        );
        let w = Diagnostic::warning("a.yaml", Pos::START, "m").help("do x");
        assert_eq!(w.to_string(), "a.yaml:1:1: warning: m\n  help: do x");
    }

    #[test]
    fn snippet_points_at_the_value() {
        let d = Diagnostic::error("p.yaml", Pos::new(2, 8), "bad price").help("write 12000");
        let shown = d.render_snippet(
            Lang::En,
            Some("name: A\nprice: dua belas ribu # x\n"),
            false,
        );
        assert_eq!(
            shown,
            "p.yaml:2:8: error: bad price\n  |\n2 | price: dua belas ribu # x\n  |        ^^^^^^^^^^^^^^\n  help: write 12000"
        );
    }
}
