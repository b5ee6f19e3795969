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
    let events: Vec<pulldown_cmark::Event<'_>> = parser.collect();
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let plain = events.iter().all(is_plain);
    html::push_html(&mut html, events.into_iter());
    if plain {
        // Only text (escaped by the renderer) and tags without attributes: nothing to
        // clean, and cleaning is most of the cost of a description.
        html
    } else {
        SANITIZER.clean(&html).to_string()
    }
}

/// Whether an event renders as escaped text or a tag without attributes: no raw HTML,
/// no link or image (their addresses are for the sanitiser to judge), no table (its
/// alignment is an inline style) and no code block naming a language (a class).
fn is_plain(event: &pulldown_cmark::Event<'_>) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    match event {
        // (A rule or a hard break would come out as `<hr />`, `<br />`: safe, but the
        // sanitiser writes `<hr>`, and a page should not depend on which path it took.)
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::End(_) => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(None)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough => true,
            Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            _ => false,
        },
        _ => false,
    }
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

    #[test]
    fn plain_markdown_skips_the_sanitiser_and_says_the_same() {
        // Byte for byte what the sanitiser would have made of it.
        for md in [
            "Keripik **renyah** dan _gurih_.\n\n- 250 g\n- 500 g\n\n1. goreng\n2. angkat",
            "## Bahan\n\nKunyit & asam < 5% gula > 0\n\n> kata pembeli\n\n    kode\n\n~~lama~~ `x` \"kutip\" 'satu'",
            "1. satu\n   - dua\n\n     lanjut\n3) tiga\n\n```\nkode\n```",
        ] {
            let fast = to_html(md);
            let cleaned = super::SANITIZER.clean(&fast).to_string();
            assert_eq!(fast, cleaned, "{md}");
        }
    }

    #[test]
    fn anything_but_plain_markdown_is_sanitised() {
        for (md, gone) in [
            ("[x](javascript:alert(1))", "javascript"),
            ("![x](data:image/svg+xml,<svg onload=alert(1)>)", "<img"),
            ("a <i onmouseover=\"x()\">b</i>", "onmouseover"),
            ("| a |\n|:-|\n| b |", "style="),
            ("```js\nx\n```", "class="),
            ("> [!WARNING]\n> <script>x</script>", "<script"),
        ] {
            let html = to_html(md);
            assert!(!html.contains(gone), "{md} gave {html}");
        }
        assert!(to_html("[toko](https://contoh.id)").contains("rel=\"noopener noreferrer\""));
    }
}
