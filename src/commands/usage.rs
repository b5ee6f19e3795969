//! A command line etalase cannot read, said in the volunteer's language: clap finds
//! the mistake (an extra word, a missing name, a value it does not know, a command
//! that does not exist), and it is said here as every failure to run is, with the fix
//! a volunteer most often needs (quotes around a name with spaces). Kinds of mistakes
//! not listed here, and `--help` and `--version`, keep clap's own English words.

use crate::diag::{Lang, Text};
use crate::text;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The whole message for `e` in `lang`, ending in a line break: `None` to let clap
/// print its own (help, version, the kinds not listed here).
pub fn said(e: &clap::Error, lang: Lang) -> Option<String> {
    let string = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let usage = e.get(ContextKind::Usage).map(|u| u.to_string());
    let usage = usage
        .as_deref()
        .map(|u| u.trim().trim_start_matches("Usage:").trim());
    // A command that takes names (`new product <VILLAGE> <NAME>`, `init <DIR>`).
    let takes_names = usage.is_some_and(|u| u.contains(" <") && !u.ends_with(" <COMMAND>"));
    let what: Text = match e.kind() {
        ErrorKind::UnknownArgument => {
            let word = string(ContextKind::InvalidArg)?;
            let hint = strings(ContextKind::SuggestedArg);
            if let Some(like) = hint.first() {
                text!(
                    en: "there is no {word} here; did you mean {like}?",
                    id: "tidak ada {word} di sini; maksudnya {like}?"
                )
            } else if word.starts_with('-') {
                text!(
                    en: "there is no {word} here",
                    id: "tidak ada {word} di sini"
                )
            } else if !takes_names {
                text!(
                    en: "this command takes no '{word}'",
                    id: "perintah ini tidak memakai '{word}'"
                )
            } else {
                text!(
                    en: "one word too many: '{word}'; a name with spaces goes in quotes, like \"Keripik Pare\"",
                    id: "ada kata lebih: '{word}'; nama yang berisi spasi ditulis di antara tanda kutip, misalnya \"Keripik Pare\""
                )
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(ContextKind::InvalidArg).join(", ");
            text!(
                en: "this command needs {missing}",
                id: "perintah ini masih perlu {missing}"
            )
        }
        ErrorKind::InvalidValue => {
            let arg = string(ContextKind::InvalidArg)?;
            let value = string(ContextKind::InvalidValue)?;
            let valid = strings(ContextKind::ValidValue).join(", ");
            match (value.is_empty(), valid.is_empty()) {
                (true, _) => text!(
                    en: "{arg} needs a value after it",
                    id: "{arg} perlu diikuti nilainya"
                ),
                (false, true) => text!(
                    en: "'{value}' is not a value for {arg}",
                    id: "'{value}' bukan nilai untuk {arg}"
                ),
                (false, false) => text!(
                    en: "'{value}' is not a value for {arg}; it can be: {valid}",
                    id: "'{value}' bukan nilai untuk {arg}; yang bisa: {valid}"
                ),
            }
        }
        ErrorKind::ValueValidation => {
            let arg = string(ContextKind::InvalidArg)?;
            let value = string(ContextKind::InvalidValue)?;
            text!(
                en: "'{value}' is not a value for {arg}",
                id: "'{value}' bukan nilai untuk {arg}"
            )
        }
        ErrorKind::InvalidSubcommand => {
            let word = string(ContextKind::InvalidSubcommand)?;
            match strings(ContextKind::SuggestedSubcommand).first() {
                Some(like) => text!(
                    en: "there is no command '{word}'; did you mean '{like}'?",
                    id: "tidak ada perintah '{word}'; maksudnya '{like}'?"
                ),
                None => text!(
                    en: "there is no command '{word}'",
                    id: "tidak ada perintah '{word}'"
                ),
            }
        }
        _ => return None,
    };
    let mut out = crate::commands::report::failure_line(&what, lang);
    out.push('\n');
    if let Some(usage) = usage {
        let how = text!(en: "usage: {usage}", id: "cara pakai: {usage}");
        out.push_str(how.get(lang));
        out.push('\n');
        let command: String = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect::<Vec<_>>()
            .join(" ");
        let more = text!(
            en: "more: {command} --help",
            id: "keterangan lengkap: {command} --help"
        );
        out.push_str(more.get(lang));
        out.push('\n');
    }
    Some(out)
}
