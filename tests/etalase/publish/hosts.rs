//! What the static hosts read and show: `_headers` (content-named files kept a year,
//! pages revalidated), the size report against the free hosts' limits, and `404.html`
//! at deep unknown addresses, with and without a `base_url`.

use super::*;

/// One rule of a `_headers` file: its path pattern and its `Name: value` headers.
type Rule = (String, Vec<(String, String)>);

/// Parses `_headers` as Netlify and Cloudflare Pages read it, failing on anything
/// else: `#` comments, a path line starting with `/`, then indented `Name: value`
/// lines, at least one per path.
fn parse_headers(text: &str) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let (name, value) = line
                .trim()
                .split_once(": ")
                .unwrap_or_else(|| panic!("line {n}: not `Name: value`: {line:?}"));
            assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "line {n}: header name {name:?}"
            );
            let rule = rules
                .last_mut()
                .unwrap_or_else(|| panic!("line {n}: a header before any path"));
            rule.1.push((name.to_string(), value.to_string()));
        } else {
            assert!(
                line.starts_with('/'),
                "line {n}: a path starts with /: {line:?}"
            );
            assert!(
                line.matches('*').count() <= 1,
                "line {n}: Cloudflare takes one splat a rule"
            );
            rules.push((line.to_string(), Vec::new()));
        }
    }
    for (path, headers) in &rules {
        assert!(!headers.is_empty(), "{path} has no header");
    }
    assert!(rules.len() <= 100, "Cloudflare reads at most 100 rules");
    rules
}

/// Whether a `_headers` path pattern matches a URL path: `*` matches anything.
fn matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == path,
        Some((head, tail)) => {
            path.len() >= head.len() + tail.len() && path.starts_with(head) && path.ends_with(tail)
        }
    }
}

/// The `Cache-Control` values the rules give a URL path.
fn cache_control(rules: &[Rule], path: &str) -> Vec<String> {
    rules
        .iter()
        .filter(|(p, _)| matches(p, path))
        .flat_map(|(_, h)| h.iter().filter(|(n, _)| n == "Cache-Control"))
        .map(|(_, v)| v.clone())
        .collect()
}

#[test]
fn headers_keep_hashed_files_a_year_and_revalidate_pages() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/keripik-pare/depan.jpg",
        crate::support::photos::phone_jpeg(900, 600),
    );
    t.run(&["build"]).expect_code(0);
    let rules = parse_headers(&t.read("public/_headers"));
    let year = "public, max-age=31536000, immutable";
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(t.path("public")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(t.path("public"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let url = format!("/{rel}");
        let values = cache_control(&rules, &url);
        assert!(
            values.len() <= 1,
            "{url}: two rules set Cache-Control: {values:?}"
        );
        let is_photo = rel.ends_with(".webp") || rel.ends_with(".jpg");
        let hashed_asset = (rel.starts_with("assets/") && rel.matches('.').count() == 2)
            || rel.starts_with("assets/offline/");
        let kind = if is_photo || hashed_asset {
            assert_eq!(values, [year], "{url}");
            "immutable"
        } else if rel.ends_with(".html") || rel == "sw.js" {
            assert_eq!(values, ["no-cache"], "{url}");
            if let Some(dir) = url.strip_suffix("index.html") {
                assert_eq!(cache_control(&rules, dir), ["no-cache"], "{dir}");
            }
            "revalidated"
        } else {
            assert!(values.is_empty(), "{url}: {values:?}");
            "host default"
        };
        seen.insert((kind, is_photo));
    }
    assert!(seen.contains(&("immutable", true)), "photos: {seen:?}");
    assert!(seen.contains(&("immutable", false)), "assets: {seen:?}");
    assert!(seen.contains(&("revalidated", false)));
    assert!(seen.contains(&("host default", false)), "icons, manifest");
}

#[test]
fn the_size_report_counts_the_site_and_warns_near_a_host_limit() {
    let t = CatalogTest::new("minimal");
    let run = t.run(&["build"]);
    run.expect_code(0);
    let files = walkdir::WalkDir::new(t.path("public"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("ukuran: "))
        .unwrap_or_else(|| panic!("no size line:\n{}", run.stderr));
    assert!(
        line.starts_with(&format!("ukuran: {files} file, semuanya ")),
        "{line}"
    );
    assert!(!run.stderr.contains("peringatan: "), "{}", run.stderr);

    // A 21 MiB file (a video a volunteer put in the theme's assets): past 80% of the
    // 25 MiB that Cloudflare Pages takes a file.
    let big: Vec<u8> = (0..21 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    t.write("content/_theme/assets/video.mp4", &big);
    let run = t.run(&["build", "--lang", "en"]);
    run.expect_code(0);
    let size = run
        .stderr
        .lines()
        .find(|l| l.starts_with("size: "))
        .unwrap_or_else(|| panic!("no size line:\n{}", run.stderr));
    assert!(
        size.ends_with("the largest is assets/video.mp4 (22.0 MB)"),
        "{size}"
    );
    run.expect_stderr_contains(
        "warning: assets/video.mp4 is 21.0 MiB, near or past Cloudflare Pages' limit of 25.0 MiB a file",
    );
    let id = t.run(&["build"]);
    id.expect_stderr_contains("peringatan: assets/video.mp4 berukuran 21.0 MiB");
}

#[test]
fn the_404_page_links_to_absolute_addresses_with_a_base_url() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/catalog.yaml",
        "title: Katalog Uji\nexample: true\nwhatsapp: \"0812-0000-0001\"\nbase_url: https://kub.example.org/katalog/\n",
    );
    t.run(&["build"]).expect_code(0);
    let html = t.read("public/404.html");
    assert!(html.contains("<style>") && !html.contains("rel=\"stylesheet\""));
    assert!(
        !html.contains("<script"),
        "no script: the links are absolute"
    );
    let hrefs: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert!(
        hrefs.contains(&"https://kub.example.org/katalog/"),
        "{hrefs:?}"
    );
    for h in hrefs.iter().filter(|h| !h.starts_with('#')) {
        assert!(h.starts_with("https://kub.example.org/katalog/"), "{h}");
    }
}

#[test]
fn the_404_page_works_at_a_deep_unknown_address_on_any_host() {
    let (_t, repo) = initialised();
    run_in(&repo, &["build"]).expect_code(0);
    let public = repo.join("public");
    let html = read(&public.join("404.html"));
    assert!(html.contains("<style>") && !html.contains("rel=\"stylesheet\""));
    // As GitHub Pages serves a project site (only under /katalog/), and as Cloudflare,
    // Netlify and GitLab serve a site at the root of its own domain.
    let project = StaticHost::at(&public, &["/katalog/"]);
    let domain = StaticHost::at(&public, &["/"]);
    let cases = [
        (
            project.url("/katalog/a/b/c/nonexistent"),
            project.url("/katalog/"),
        ),
        (
            project.url("/katalog/desa-contoh/tidak-ada/"),
            project.url("/katalog/"),
        ),
        (
            project.url("/katalog/produk-lama"),
            project.url("/katalog/"),
        ),
        (domain.url("/a/b/c/nonexistent"), domain.url("/")),
        (domain.url("/kategori/tidak-ada/lagi/"), domain.url("/")),
    ];
    let out = browse(&json!({ "urls": cases.iter().map(|c| &c.0).collect::<Vec<_>>() }));
    assert_eq!(out["pageErrors"], json!([]), "{out}");
    for ((url, root), page) in cases.iter().zip(out["pages"].as_array().unwrap()) {
        assert_eq!(page["status"], 404, "{url}: {page}");
        assert_eq!(page["kind"], "k-404", "{url}");
        assert_eq!(page["base"], root.as_str(), "{url}: {page}");
        assert_eq!(page["styled"], true, "{url}: the inlined CSS applies");
        assert_eq!(page["stylesheets"], 0);
        assert_eq!(page["scripts"], json!([]), "{url}");
        assert_eq!(page["home"], root.as_str(), "{url}");
        assert_eq!(page["after"]["url"], root.as_str(), "{url}: {page}");
        assert_eq!(page["after"]["kind"], "k-index", "{url}: home reached");
        // Every link of the page leads to a page of the site.
        let links = page["links"].as_array().unwrap();
        assert!(
            links
                .iter()
                .any(|l| l.as_str() == Some(&format!("{root}desa-contoh/"))),
            "{links:?}"
        );
        for link in links {
            let link = link.as_str().unwrap();
            if let Some((page_url, _)) = link.split_once('#') {
                assert_eq!(page_url, url, "a link within the page stays on it");
                continue;
            }
            assert_eq!(
                http::get_url(link).unwrap().status,
                200,
                "{url}: link {link}"
            );
        }
    }
}

/// Runs `tests/browser/notfound.mjs` with `plan`; its JSON.
fn browse(plan: &Value) -> Value {
    crate::support::browser_script("notfound.mjs", plan)
}
