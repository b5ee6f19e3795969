//! When products were added and changed: `added:` dates (and their errors), the first
//! commit of a product's folder in git, and what follows from them: the Atom feed's
//! order and the sitemap's `lastmod`.

use super::*;

#[test]
fn the_feed_lists_products_newest_first_with_added_dates_and_the_sitemap_has_lastmod() {
    let t = seo_catalog();
    t.run(&["build"]).expect_code(0);
    let feed = t.read("public/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let atom = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(atom));
    assert_eq!(root.tag_name().name(), "feed");
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(child(root, "id"), BASE);
    let entries: Vec<(String, String, String)> = root
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .map(|e| (child(e, "title"), child(e, "published"), child(e, "id")))
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                "Keripik Pare".into(),
                "2026-05-01T00:00:00Z".into(),
                format!("{BASE}dukuhdempok/keripik/")
            ),
            (
                "Tas Ecoprint".into(),
                "2026-04-15T00:00:00Z".into(),
                format!("{BASE}wonoasri/tas/")
            ),
            (
                "Sagon Kelapa".into(),
                "2026-04-01T00:00:00Z".into(),
                format!("{BASE}dukuhdempok/sagon/")
            ),
            (
                "Jamu Kunyit Asam".into(),
                "2026-03-01T00:00:00Z".into(),
                format!("{BASE}dukuhdempok/jamu/")
            ),
        ]
    );
    for e in root.children().filter(|c| c.has_tag_name((atom, "entry"))) {
        assert!(child(e, "updated") >= child(e, "published"));
        assert!(
            child(e, "summary").starts_with("Rp") || child(e, "summary").starts_with("mulai Rp")
        );
    }

    let sitemap = t.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls: HashMap<String, String> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ns, "url")))
        .map(|u| {
            let get = |n: &str| {
                u.children()
                    .find(|c| c.has_tag_name((ns, n)))
                    .and_then(|c| c.text())
                    .unwrap()
                    .to_string()
            };
            (get("loc"), get("lastmod"))
        })
        .collect();
    assert_eq!(urls.len(), 1 + 2 + 4 + 3, "{sitemap}");
    for (loc, lastmod) in &urls {
        assert!(loc.starts_with(BASE));
        assert!(
            lastmod.parse::<jiff::Timestamp>().is_ok(),
            "{loc}: {lastmod}"
        );
    }
    // The front page's lastmod is the newest of all.
    assert_eq!(&urls[BASE], urls.values().max().unwrap());
}

#[test]
fn a_bad_added_date_is_an_error_at_its_place() {
    let t = seo_catalog();
    t.write(
        "content/dukuhdempok/keripik/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nadded: 2026-13-45\n",
    );
    t.write(
        "content/wonoasri/tas/product.yaml",
        "name: Tas Ecoprint\ncategory: tekstil\nprice: 150000\nadded: kemarin\n",
    );
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr_contains("content/dukuhdempok/keripik/product.yaml:4:8: error: added harus tanggal, tahun-bulan-tanggal seperti 2026-05-01; yang tertulis \"2026-13-45\"")
        .expect_stderr_contains("content/wonoasri/tas/product.yaml:4:8: error: added harus tanggal");
    t.run(&["check", "--lang", "en"])
        .expect_stderr_contains("product.yaml:4:8: error: added must be a date, year-month-day like 2026-05-01; found \"kemarin\"");
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Relawan",
            "-c",
            "user.email=relawan@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn without_added_a_product_is_dated_by_its_first_commit() {
    let t = seo_catalog();
    // No `added:` anywhere: git decides.
    for p in ["dukuhdempok/jamu", "dukuhdempok/keripik", "wonoasri/tas"] {
        let file = format!("content/{p}/product.yaml");
        let text = t.read(&file);
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("added:"))
            .map(|l| format!("{l}\n"))
            .collect();
        t.write(&file, kept);
    }
    let content = t.path("content");
    let dir = content.as_path();
    git(dir, &["init", "-q"], "2025-01-01T08:00:00+07:00");
    git(
        dir,
        &[
            "add",
            "catalog.yaml",
            "dukuhdempok/village.yaml",
            "wonoasri",
            "dukuhdempok/jamu",
        ],
        "2025-01-01T08:00:00+07:00",
    );
    git(
        dir,
        &["commit", "-qm", "jamu dan tas"],
        "2025-01-01T08:00:00+07:00",
    );
    git(
        dir,
        &["add", "dukuhdempok/keripik"],
        "2025-03-10T09:00:00+07:00",
    );
    git(
        dir,
        &["commit", "-qm", "keripik"],
        "2025-03-10T09:00:00+07:00",
    );
    // A later edit changes lastmod, not the date the product was added.
    t.write("content/dukuhdempok/jamu/index.md", "Segar.\n");
    git(
        dir,
        &["commit", "-qam", "jamu diperbarui"],
        "2025-06-01T10:00:00+07:00",
    );
    // Sagon is not committed: its file time (2026-04-01) counts.
    t.run(&["build"]).expect_code(0);
    let feed = t.read("public/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<(String, String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let get = |name: &str| {
                e.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap()
                    .to_string()
            };
            (get("title"), get("published"), get("updated"))
        })
        .collect();
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Sagon Kelapa",
            "Keripik Pare",
            "Jamu Kunyit Asam",
            "Tas Ecoprint"
        ]
    );
    assert_eq!(entries[1].1, "2025-03-10T02:00:00Z");
    assert_eq!(entries[2].1, "2025-01-01T01:00:00Z");
    assert_eq!(
        entries[2].2, "2025-06-01T03:00:00Z",
        "jamu's lastmod: its last commit"
    );
    let sitemap = t.read("public/sitemap.xml");
    assert!(
        sitemap.contains(&format!(
            "<loc>{BASE}dukuhdempok/jamu/</loc><lastmod>2025-06-01T03:00:00Z</lastmod>"
        )),
        "{sitemap}"
    );
}
