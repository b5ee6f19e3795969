//! The workshop's form fields as HTML, one way for every form (product, village,
//! catalog settings): a visible `<label for>` naming the field (its accessible name,
//! for people and for tests), the value as typed, the value as it will be read
//! ("Rp15.000" for `15rb`), a note the build would give, and the build's own message
//! and help next to a field it refuses (`aria-invalid`, `aria-describedby`).

use super::page::escape;
use crate::catalog::form::Outcome;
use crate::diag::Lang;

/// How a field is typed.
#[derive(Debug, Clone)]
pub enum Input {
    Text,
    /// A phone number: the phone's number keyboard.
    Tel,
    /// Text with line breaks.
    Area {
        rows: u8,
    },
    /// One of a list of (value, label).
    Choice(Vec<(String, String)>),
    Date,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// The form's field name (a dotted path of the format: `order.tokopedia`).
    pub name: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub input: Input,
    /// A short line under the label: what to write.
    pub hint: Option<&'a str>,
    /// The field as checked, when it was.
    pub outcome: Option<&'a Outcome>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str, value: &'a str) -> Field<'a> {
        Field {
            name,
            label,
            value,
            input: Input::Text,
            hint: None,
            outcome: None,
        }
    }

    pub fn input(mut self, input: Input) -> Self {
        self.input = input;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn checked(mut self, outcome: Option<&'a Outcome>) -> Self {
        self.outcome = outcome;
        self
    }

    /// The field as HTML, its messages in `lang`.
    pub fn html(&self, lang: Lang) -> String {
        let id = id_of(self.name);
        let mut below = String::new();
        let mut described = Vec::new();
        if let Some(hint) = self.hint {
            below.push_str(&format!(
                "<p class=\"hint\" id=\"{id}-hint\">{}</p>",
                escape(hint)
            ));
            described.push(format!("{id}-hint"));
        }
        let mut invalid = false;
        match self.outcome {
            Some(Outcome::Invalid { message, help }) => {
                invalid = true;
                below.push_str(&format!(
                    "<p class=\"error\" id=\"{id}-error\">{}<span class=\"help\">{}</span></p>",
                    escape(message.get(lang)),
                    escape(help.get(lang)),
                ));
                described.push(format!("{id}-error"));
            }
            Some(Outcome::Valid { show, note, .. }) => {
                if !show.is_empty() && show.trim() != self.value.trim() {
                    below.push_str(&format!(
                        "<p class=\"shown\" id=\"{id}-shown\">{} <output>{}</output></p>",
                        escape(super::words::read_as().get(lang)),
                        escape(show),
                    ));
                    described.push(format!("{id}-shown"));
                }
                if let Some(note) = note {
                    below.push_str(&format!(
                        "<p class=\"note\" id=\"{id}-note\">{}<span class=\"help\">{}</span></p>",
                        escape(note.message.get(lang)),
                        escape(note.help.get(lang)),
                    ));
                    described.push(format!("{id}-note"));
                }
            }
            None => {}
        }
        let mut attrs = format!("id=\"{id}\" name=\"{}\"", escape(self.name));
        if invalid {
            attrs.push_str(" aria-invalid=\"true\"");
        }
        if !described.is_empty() {
            attrs.push_str(&format!(" aria-describedby=\"{}\"", described.join(" ")));
        }
        let control = match &self.input {
            Input::Text => format!(
                "<input type=\"text\" {attrs} value=\"{}\">",
                escape(self.value)
            ),
            Input::Tel => format!(
                "<input type=\"tel\" inputmode=\"tel\" autocomplete=\"off\" {attrs} value=\"{}\">",
                escape(self.value)
            ),
            Input::Date => format!(
                "<input type=\"date\" {attrs} value=\"{}\">",
                escape(self.value)
            ),
            Input::Area { rows } => format!(
                "<textarea rows=\"{rows}\" {attrs}>{}</textarea>",
                escape(self.value)
            ),
            Input::Choice(options) => {
                let mut html = format!("<select {attrs}>");
                let known = options.iter().any(|(v, _)| v == self.value);
                if !known {
                    // What the file holds stays chosen, even when it is no choice.
                    html.push_str(&format!(
                        "<option value=\"{0}\" selected>{0}</option>",
                        escape(self.value)
                    ));
                }
                for (value, label) in options {
                    let selected = if value == self.value { " selected" } else { "" };
                    html.push_str(&format!(
                        "<option value=\"{}\"{selected}>{}</option>",
                        escape(value),
                        escape(label)
                    ));
                }
                html.push_str("</select>");
                html
            }
        };
        let class = if invalid { "field invalid" } else { "field" };
        format!(
            "<div class=\"{class}\"><label for=\"{id}\">{}</label>{control}{below}</div>",
            escape(self.label)
        )
    }
}

/// The element id of the field `name`: `f-order-tokopedia`.
pub fn id_of(name: &str) -> String {
    let mut id = String::from("f-");
    id.extend(
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// The hidden field that carries the session's CSRF token (first in every form).
pub fn csrf(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escape(token)
    )
}

/// A hidden field.
pub fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
        escape(name),
        escape(value)
    )
}

/// A button that submits its form with `aksi=VALUE`.
pub fn action(value: &str, label: &str, class: &str) -> String {
    format!(
        "<button type=\"submit\" name=\"aksi\" value=\"{}\" class=\"{class}\">{}</button>",
        escape(value),
        escape(label)
    )
}
