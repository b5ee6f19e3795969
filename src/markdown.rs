//! Markdown descriptions and stories to safe HTML.
//!
//! Content is written by many hands: raw HTML in Markdown is allowed for formatting but
//! goes through `ammonia`, which keeps tags like `<b>` and drops script, event handlers,
//! `javascript:` links, iframes and forms. External links open in a new tab without
//! giving the opened page a handle on ours.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;

/// Renders Markdown to sanitised HTML. Headings are shifted down one level (`#` becomes
/// `<h2>`) because the page's `<h1>` is the product or village name.
pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let parser = Parser::new_ext(markdown, options).map(|event| match event {
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(demote(level)))
        }
        e => e,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// The sanitiser's rules, made once: a new `ammonia::Builder` fills sets of every
/// allowed tag and attribute, which cost more than cleaning a product's description.
/// A constant, never changed after it is made.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
    std::sync::LazyLock::new(sanitizer);

fn demote(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => H2,
        H2 => H3,
        H3 => H4,
        H4 => H5,
        _ => H6,
    }
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["https", "http", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img"]);
    b
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_and_sanitises() {
        let html = to_html(
            "# Bahan\n\n- kunyit\n- asam\n\n<script>alert(1)</script><b onclick=\"x()\">tebal</b> [a](javascript:alert)",
        );
        assert!(html.contains("<h2>Bahan</h2>"), "{html}");
        assert!(html.contains("<li>kunyit</li>"));
        assert!(html.contains("<b>tebal</b>"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"));
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("alert(1)"), "{html}");
    }
}
