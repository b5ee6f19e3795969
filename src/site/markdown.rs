//! Markdown descriptions and stories to safe HTML, and to plain text.
//!
//! Content is written by many hands: raw HTML in Markdown is allowed for formatting but
//! goes through `ammonia`, which keeps tags like `<b>` and drops script, event handlers,
//! `javascript:` links, iframes and forms. External links open in a new tab without
//! giving the opened page a handle on ours.
//!
//! Volunteers paste descriptions from WhatsApp, so where WhatsApp and Markdown differ
//! the text is read the WhatsApp way: `*tebal*` is bold (Markdown's italic), `_miring_`
//! italic, `~coret~` struck through, and every line break is kept (a single newline is
//! a `<br>`; a blank line still starts a paragraph). As in WhatsApp, a single `*`, `_`
//! or `~` only counts when it hugs a word at both ends and has no letter or digit
//! outside it (`2 * 3 * 4`, `nama_file_ini`, `harga*murah*` stay as written), and
//! nothing inside a bare web address is formatted. The rest is Markdown as before:
//! `**tebal**`, headings, lists, links, code. This is done on pulldown-cmark's events,
//! not by rewriting the text, so code spans and link addresses are never touched.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;

/// How every description and story is parsed.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// What a line break becomes in HTML: WhatsApp keeps every line. Written as the
/// sanitiser writes it, so that a page says the same whichever path it took.
const BREAK: &str = "<br>\n";

/// Renders Markdown to sanitised HTML. Headings are shifted down one level (`#` becomes
/// `<h2>`) because the page's `<h1>` is the product or village name.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event<'_>> = events(markdown).collect();
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    let plain = events.iter().all(is_plain);
    // A break is ours, not the writer's HTML: it is made after `is_plain` has judged.
    let events = events.into_iter().map(|e| match e {
        Event::SoftBreak | Event::HardBreak => Event::InlineHtml(CowStr::Borrowed(BREAK)),
        e => e,
    });
    html::push_html(&mut html, events);
    if plain {
        // Only text (escaped by the renderer) and tags without attributes: nothing to
        // clean, and cleaning is most of the cost of a description.
        html
    } else {
        SANITIZER.clean(&html).to_string()
    }
}

/// The text of Markdown as a reader sees it, on one line: no markup, no raw HTML,
/// blocks and lines joined by single spaces. For meta descriptions and feeds.
pub fn to_plain(markdown: &str) -> String {
    plain(markdown, false)
}

/// [`to_plain`], with each list item ended by `;` and each list by `.` (where the item
/// ends with no mark of its own): a list read on one line keeps its items apart. For
/// the product feeds, whose descriptions are read as a paragraph.
pub fn to_plain_listed(markdown: &str) -> String {
    plain(markdown, true)
}

fn plain(markdown: &str, listed: bool) -> String {
    let mark = |out: &mut String, mark: char| {
        out.truncate(out.trim_end().len());
        if out.ends_with(';') && mark == '.' {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with(['.', ',', ';', ':', '!', '?']) {
            out.push(mark);
        }
    };
    let mut out = String::with_capacity(markdown.len());
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for event in events(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                for (i, word) in t.split(char::is_whitespace).enumerate() {
                    if i > 0 {
                        space(&mut out);
                    }
                    out.push_str(word);
                }
            }
            // The end of a word's formatting is no space; the end of a block is.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::End(TagEnd::Item) if listed => {
                mark(&mut out, ';');
                space(&mut out);
            }
            Event::End(TagEnd::List(_)) if listed => {
                mark(&mut out, '.');
                space(&mut out);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => space(&mut out),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The parser's events, headings demoted one level, emphasis read the WhatsApp way
/// (see the module's doc). Line breaks are left as they come: `to_html` keeps them,
/// `to_plain` makes them spaces.
fn events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    // What each open emphasis, strong or strikethrough became, innermost last: these
    // tags nest properly among themselves, so each end closes the last one opened.
    let mut open: Vec<Delimited> = Vec::new();
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .map(move |(event, range)| match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                let d = delimited(markdown, range, &tag);
                let event = match &d {
                    Delimited::Literal(marks) => Event::Text(CowStr::Borrowed(marks)),
                    Delimited::Tag(end) => Event::Start(start_of(*end)),
                };
                open.push(d);
                event
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                match open.pop() {
                    Some(Delimited::Literal(marks)) => Event::Text(CowStr::Borrowed(marks)),
                    Some(Delimited::Tag(end)) => Event::End(end),
                    // Unreachable: every end follows its start.
                    None => Event::Text(CowStr::Borrowed("")),
                }
            }
            e => e,
        })
}

/// What one emphasis, strong or strikethrough span of the text becomes.
enum Delimited<'a> {
    /// Formatting, closed by this end.
    Tag(TagEnd),
    /// No formatting: its marks (`*`, `~~`, …) are written as text, at both ends.
    Literal(&'a str),
}

fn start_of(end: TagEnd) -> Tag<'static> {
    match end {
        TagEnd::Strong => Tag::Strong,
        TagEnd::Strikethrough => Tag::Strikethrough,
        _ => Tag::Emphasis,
    }
}

/// Reads one span (`range` covers it with its marks) the WhatsApp way: a single `*` is
/// bold; a single mark with a letter or digit just outside it (`harga*murah*`), or any
/// span inside a bare web address, is no formatting at all; the rest as Markdown says.
fn delimited<'a>(text: &'a str, range: std::ops::Range<usize>, tag: &Tag<'_>) -> Delimited<'a> {
    let mark = text[range.start..].chars().next().unwrap_or('*');
    let run = text[range.start..range.end]
        .chars()
        .take_while(|&c| c == mark)
        .count();
    let (width, end) = match tag {
        Tag::Strong => (2, TagEnd::Strong),
        Tag::Strikethrough => (run.min(2), TagEnd::Strikethrough),
        _ if mark == '*' => (1, TagEnd::Strong),
        _ => (1, TagEnd::Emphasis),
    };
    let word_outside = text[..range.start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        || text[range.end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    if width == 1 && word_outside || in_bare_address(text, range.start) {
        // The marks are ASCII, one byte each.
        Delimited::Literal(&text[range.start..range.start + width])
    } else {
        Delimited::Tag(end)
    }
}

/// Whether byte `at` is inside a web address written out in the text (not a link's
/// target, which the parser never reads for emphasis): the word it stands in holds
/// `://` or starts with `www.` before it.
fn in_bare_address(text: &str, at: usize) -> bool {
    let word = text[..at]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    word.contains("://") || word.trim_start_matches(['(', '<', '[']).starts_with("www.")
}

/// Whether an event renders as escaped text or a tag without attributes: no raw HTML,
/// no link or image (their addresses are for the sanitiser to judge), no table (its
/// alignment is an inline style) and no code block naming a language (a class).
fn is_plain(event: &Event<'_>) -> bool {
    use pulldown_cmark::CodeBlockKind;
    match event {
        // (A rule would come out as `<hr />`: safe, but the sanitiser writes `<hr>`, and a
        // page should not depend on which path it took. Breaks become [`BREAK`].)
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::End(_) => {
            true
        }
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
    use super::{to_html, to_plain, to_plain_listed};

    #[test]
    fn a_list_read_on_one_line_keeps_its_items_apart() {
        let md = "Bahan:\n\n- tepung ketan\n- kelapa parut\n- gula pasir.\n\nSimpan rapat.\n\n1. satu\n2. dua\n";
        assert_eq!(
            to_plain_listed(md),
            "Bahan: tepung ketan; kelapa parut; gula pasir. Simpan rapat. satu; dua."
        );
        assert_eq!(
            to_plain(md),
            "Bahan: tepung ketan kelapa parut gula pasir. Simpan rapat. satu dua"
        );
    }

    /// The HTML of one line of text, without its paragraph.
    fn inline(md: &str) -> String {
        let html = to_html(md);
        html.trim_end()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or_else(|| panic!("{md} gave {html}"))
            .to_string()
    }

    #[test]
    fn single_marks_are_read_as_whatsapp_writes_them() {
        for (md, html) in [
            ("*tebal*", "<strong>tebal</strong>"),
            ("_miring_", "<em>miring</em>"),
            ("~coret~", "<del>coret</del>"),
            (
                "*tebal*, _miring_.",
                "<strong>tebal</strong>, <em>miring</em>.",
            ),
            ("(*tebal*)", "(<strong>tebal</strong>)"),
            ("✅ *Halal* 🌶️", "✅ <strong>Halal</strong> 🌶️"),
            (
                "*tebal dan _miring_*",
                "<strong>tebal dan <em>miring</em></strong>",
            ),
            // Markdown's own doubles are as before.
            ("**tebal**", "<strong>tebal</strong>"),
            ("__tebal__", "<strong>tebal</strong>"),
            ("~~coret~~", "<del>coret</del>"),
            ("Rp**15.000**", "Rp<strong>15.000</strong>"),
        ] {
            assert_eq!(inline(md), html, "{md}");
        }
    }

    #[test]
    fn a_mark_that_does_not_hug_a_word_stays_as_written() {
        for md in [
            "2 * 3 * 4",
            "5* dan 6*",
            "nama_file_ini dan nama_file",
            "harga*murah* di sini",
            "*murah*nya",
            "a~b~c",
            "_a_b",
            "~ 5 ~ 6 ~",
        ] {
            assert_eq!(inline(md), md, "{md}");
        }
    }

    #[test]
    fn code_links_and_web_addresses_are_untouched() {
        assert_eq!(
            inline("`*x*` dan `_y_`"),
            "<code>*x*</code> dan <code>_y_</code>"
        );
        let html = to_html("[toko *kami*](https://contoh.id/~siti/_a_/nama_file~b~)");
        assert!(
            html.contains("href=\"https://contoh.id/~siti/_a_/nama_file~b~\""),
            "{html}"
        );
        assert!(html.contains("toko <strong>kami</strong>"), "{html}");
        for md in [
            "https://contoh.id/~siti/_a_/",
            "lihat https://contoh.id/_promo_ ya",
            "(www.contoh.id/*a*)",
            "https://contoh.id/**a**",
        ] {
            assert_eq!(inline(md), md, "{md}");
        }
        // A mark after the address, with a space between, is formatting again.
        assert_eq!(
            inline("https://contoh.id/ *promo*"),
            "https://contoh.id/ <strong>promo</strong>"
        );
    }

    #[test]
    fn every_line_break_is_kept_and_blank_lines_still_make_paragraphs() {
        assert_eq!(
            to_html("🌶️ Pedas\n✅ *Halal*\nisi 250 g\n\nParagraf baru"),
            "<p>🌶️ Pedas<br>\n✅ <strong>Halal</strong><br>\nisi 250 g</p>\n<p>Paragraf baru</p>\n"
        );
        // Lines starting with `* ` or `- ` are still a list, even right after a line.
        let html = to_html("Ukuran:\n* kecil\n* besar\n\n- satu\n- dua");
        assert!(
            html.contains("<p>Ukuran:</p>\n<ul>\n<li>kecil</li>\n<li>besar</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<li>satu</li>"), "{html}");
        // A Markdown hard break (two spaces) is the same `<br>`.
        assert_eq!(to_html("a  \nb"), to_html("a\nb"));
    }

    #[test]
    fn plain_text_has_no_marks_of_either_kind() {
        assert_eq!(
            to_plain(
                "🌶️ *Keripik* _pedas_ ~lama~\n**baru** `kode` [toko](https://a.id/x_y)\n\n## Judul\n\n- satu\n- dua <b>tiga</b>"
            ),
            "🌶️ Keripik pedas lama baru kode toko Judul satu dua tiga"
        );
        assert_eq!(
            to_plain("2 * 3 * 4, nama_file_ini\n https://a.id/_b_"),
            "2 * 3 * 4, nama_file_ini https://a.id/_b_"
        );
        assert_eq!(
            to_plain("*Rp15.000*, [toko](https://a.id)! ~lama~."),
            "Rp15.000, toko! lama."
        );
    }

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
            "🌶️ *Pedas*\n✅ _Halal_\n~lama~ 2 * 3\nbaris  \ntiga\\\nempat",
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
