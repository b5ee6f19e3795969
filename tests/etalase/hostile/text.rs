//! YAML and text files made to hurt: an alias bomb, nesting deep enough to overflow a
//! stack, files of ten megabytes, text saved as Latin-1 or with broken UTF-8.

use super::{CatalogTest, LIMIT, PRODUCT, run_limited};
use std::time::Duration;

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let mut yaml = String::from("name: Keripik Pare\ncategory: makanan\nprice: 15000\n");
    yaml.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let t = CatalogTest::new("minimal");
    t.write(&format!("{PRODUCT}/product.yaml"), &yaml);
    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(20));
    run.expect(1, "keripik-pare/product.yaml:");
    assert!(run.peak_rss_mb < 200, "peak RSS {} MB", run.peak_rss_mb);
}

#[test]
fn deeply_nested_yaml_is_refused_without_overflowing_the_stack() {
    for doc in [
        format!(
            "name: Keripik Pare\ncategory: makanan\nprice: 15000\ntags: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "name: Keripik Pare\ncategory: makanan\nprice: 15000\norder: {}x{}\n",
            "{a: ".repeat(50_000),
            "}".repeat(50_000)
        ),
    ] {
        let t = CatalogTest::new("minimal");
        t.write(&format!("{PRODUCT}/product.yaml"), &doc);
        run_limited(&t, &["check", "--lang", "en"], Duration::from_secs(20))
            .expect(1, "keripik-pare/product.yaml:4:");
    }
}

#[test]
fn ten_megabyte_files_are_refused_with_the_size_named() {
    let t = CatalogTest::new("minimal");
    let huge = "a".repeat(10 << 20);
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        format!("name: \"{huge}\"\ncategory: makanan\nprice: 15000\n"),
    );
    t.write(
        "content/desa-contoh/index.md",
        format!("Cerita desa.\n\n{huge}\n"),
    );
    let run = run_limited(&t, &["check", "--lang", "en"], Duration::from_secs(30));
    run.expect(
        1,
        "keripik-pare/product.yaml:1:1: error: this file is too large",
    )
    .expect(1, "desa-contoh/index.md:1:1: error: this file is too large");
}

#[test]
fn invalid_utf8_and_latin1_files_are_read_with_a_warning_at_the_first_bad_byte() {
    let t = CatalogTest::new("minimal");
    // "Paré" in Latin-1 (é = 0xE9), as an old Windows editor saves it.
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        b"name: Keripik Par\xe9\ncategory: makanan\nprice: 15000\n",
    );
    t.write(
        &format!("{PRODUCT}/index.md"),
        b"Renyah.\n\nBytes \xff\xfe\xc3 broken\n",
    );
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(
        0,
        "keripik-pare/product.yaml:1:18: warning: this file is not saved as UTF-8 text",
    )
    .expect(
        0,
        "keripik-pare/index.md:3:7: warning: this file is not saved as UTF-8 text",
    );
    let page = t.read("public/desa-contoh/keripik-pare/index.html");
    assert!(page.contains("Keripik Paré"), "Latin-1 read as Latin-1");
    t.check_site("public");
}

/// Text is published as it was written (issue 14, finding 13): YAML would read `1e3` as
/// 1000, `0x10` as 16 and `true` as a yes, and the page showed "1000"; a name, a unit,
/// tags and label numbers keep the volunteer's characters. Prices are read from what
/// was written too, so `12.500` is Rp12.500.
#[test]
fn text_values_are_published_as_written() {
    let t = CatalogTest::new("minimal");
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        "name: 1e3\ncategory: makanan\nprice: 12.500\nunit: 0x10\ntags: [007, true, 2e5]\n\
         labels:\n  pirt: 0012345\nvariants:\n  - { name: 1e3, price: 15000 }\n  - { name: 0o17 }\n",
    );
    run_limited(&t, &["build", "--lang", "en"], LIMIT).expect(0, "");
    let page = t.read("public/desa-contoh/keripik-pare/index.html");
    for written in [
        ">1e3<", "0x10", "007", ">true<", "2e5", "0012345", "0o17", "Rp12.500",
    ] {
        assert!(
            page.contains(written),
            "{written} is not on the page:\n{page}"
        );
    }
    assert!(!page.contains(">1000<"), "{page}");
}
