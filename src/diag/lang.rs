//! The language etalase speaks to the volunteer in: messages, help lines and the
//! closing summary. Below every other module, since every stage writes messages.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The message language for a site language: English for `en`, else Indonesian
    /// (a group writing Javanese reads etalase's messages in Indonesian).
    pub fn for_site(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Id }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}
