//! `build` and `check`: the catalog format read whole, photos, diagnostics, and the
//! last good site kept.

use crate::support::{CatalogTest, photos};

/// Adds the photos the `full` fixture's jamu product lists.
fn full_catalog() -> CatalogTest {
    let t = CatalogTest::new("full");
    let jamu = "content/dukuhdempok/jamu-kunyit-asam";
    t.write(
        &format!("{jamu}/portrait.jpg"),
        photos::phone_jpeg(1600, 1200),
    )
    .write(&format!("{jamu}/gray.jpg"), photos::gray_jpeg(700, 500))
    .write(&format!("{jamu}/cmyk.jpg"), photos::cmyk_jpeg(400, 300))
    .write(&format!("{jamu}/alpha.png"), photos::alpha_png(500, 400))
    .write(&format!("{jamu}/deep.png"), photos::png16(400, 400))
    .write(&format!("{jamu}/input.webp"), photos::webp(800, 600))
    .write(
        &format!("{jamu}/tiny.jpg"),
        photos::jpeg(&photos::halves(200, 150)),
    )
    // Folders and files the format says to ignore or skip.
    .write("content/.git/config", "[core]\n")
    .write("content/dukuhdempok/tas-ecoprint/.DS_Store", "junk")
    .write(
        "content/wonoasri/tas-ecoprint/DSC_0042.JPG",
        photos::jpeg(&photos::halves(900, 600)),
    )
    .write("content/wonoasri/tas-ecoprint/Thumbs.db", "junk")
    .write("content/wonoasri/tas-ecoprint/~$catatan.docx", "junk");
    std::fs::create_dir_all(t.path("content/dukuhdempok/kosong")).unwrap();
    t
}

#[test]
fn minimal_catalog_builds_every_page_at_its_path() {
    let t = CatalogTest::new("minimal");
    let run = t.run(&["build"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "", "diagnostics and the summary go to stderr");
    for page in [
        "public/index.html",
        "public/desa-contoh/index.html",
        "public/desa-contoh/keripik-pare/index.html",
        "public/kategori/makanan/index.html",
        "public/404.html",
        "public/robots.txt",
    ] {
        assert!(t.path(page).is_file(), "{page} missing");
    }
    let product = t.read("public/desa-contoh/keripik-pare/index.html");
    assert!(product.contains("Keripik Pare"));
    assert!(product.contains("Rp15.000"), "price in rupiah");
    assert!(
        product.contains("https://wa.me/6281200000001?text="),
        "catalog WhatsApp as fallback"
    );
    t.check_site("public");
}

#[test]
fn full_catalog_reads_every_part_of_the_format() {
    let t = full_catalog();
    let run = t.run(&["build", "--lang", "en"]);
    run.expect_code(0);
    // Skipped folder: a warning, not an error.
    run.expect_stderr_contains(
        "content/dukuhdempok/kosong:1:1: warning: no product.yaml here: skipped",
    );
    // A photo smaller than the smallest width: a warning.
    run.expect_stderr_contains("tiny.jpg is only 200 pixels wide");

    // Accents folded in slugs; front matter with BOM and CRLF; nested grouping folder.
    let keripik = t.read("public/dukuhdempok/keripik-pare-bu-siti/index.html");
    assert!(keripik.contains("Keripik Paré Bu Siti"));
    assert!(keripik.contains("Rp12.000"));
    assert!(keripik.contains("Renyah dan pahit sedikit."));
    // `price: 12.500` unquoted is a float to YAML; it means Rp12.500.
    let sagon = t.read("public/dukuhdempok/sagon/index.html");
    assert!(sagon.contains("Rp12.500"), "12.500 read as rupiah");
    assert!(
        sagon.contains("https://wa.me/6281200000202?text="),
        "unquoted 0812… normalised"
    );
    // Ignored: drafts, junk.
    assert!(!t.path("public/dukuhdempok/rahasia").exists());
    assert!(!t.path("public/dukuhdempok/_drafts").exists());

    let jamu = t.read("public/dukuhdempok/jamu-kunyit-asam/index.html");
    for text in [
        "Jamu Kunyit Asam",
        "Rp12.000",
        "Rp40.000",
        "250 ml",
        "2063509010123-25",
        "ID35110000123450521",
        "MD 123456789012",
        "Ibu Contoh",
        "<strong>segar</strong>",
        "https://www.tokopedia.com/kubmelati/jamu-kunyit-asam-250ml",
        "https://id.shp.ee/abc123",
        "https://shop-id.tokopedia.com/view/product/123",
        // The village's number, one link per variant, naming product and variant.
        "https://wa.me/6281200000101?text=",
        "%2AJamu%20Kunyit%20Asam%2A%20%28250%20ml%29",
        "%2AJamu%20Kunyit%20Asam%2A%20%281%20liter%29",
        // …and the page, from base_url.
        "https%3A%2F%2Fkub-melati.github.io%2Fkatalog%2Fdukuhdempok%2Fjamu-kunyit-asam%2F",
        "<picture>",
        "type=\"image/webp\"",
        "loading=\"lazy\"",
    ] {
        assert!(jamu.contains(text), "product page lacks {text:?}");
    }
    assert!(
        !jamu.contains("<script>alert"),
        "raw script in Markdown is dropped"
    );
    // The theme override from content/_theme replaced one template only.
    assert!(
        t.read("public/kategori/jamu/index.html")
            .contains("Halaman kategori buatan sendiri: Jamu")
    );
    assert!(
        t.read("public/sitemap.xml").contains(
            "<loc>https://kub-melati.github.io/katalog/dukuhdempok/jamu-kunyit-asam/</loc>"
        )
    );
    t.check_site("public");
}

#[test]
fn photos_come_out_upright_resized_and_without_metadata() {
    let t = full_catalog();
    t.run(&["build"]).expect_code(0);
    let dir = t.path("public/dukuhdempok/jamu-kunyit-asam");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let find = |stem: &str, w: u32, ext: &str| -> std::path::PathBuf {
        let n = names
            .iter()
            .find(|n| n.starts_with(&format!("{stem}.")) && n.ends_with(&format!("-{w}.{ext}")))
            .unwrap_or_else(|| panic!("no {stem} at {w} as {ext} in {names:?}"));
        dir.join(n)
    };
    // 1600×1200 stored, orientation 6: upright it is 1200×1600, so 320 and 640 wide;
    // 1280 would enlarge it and is left out.
    let img = decode_jpeg(&find("portrait", 640, "jpg"));
    assert_eq!((img.width(), img.height()), (640, 853));
    // Stored left half red → upright top half red.
    let top = img.get_pixel(320, 100);
    let bottom = img.get_pixel(320, 750);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with("portrait.") || !n.contains("-1280.")),
        "never enlarged"
    );
    for ext in ["jpg", "webp"] {
        let bytes = std::fs::read(find("portrait", 320, ext)).unwrap();
        assert!(!contains(&bytes, b"Exif"), "no EXIF in {ext}");
        assert!(!contains(&bytes, b"TestPhone"), "no camera make in {ext}");
    }
    // Every other kind of input made it through.
    for stem in ["gray", "cmyk", "alpha", "deep", "input"] {
        decode_jpeg(&find(stem, 320, "jpg"));
        image::open(find(stem, 320, "webp")).unwrap_or_else(|e| panic!("{stem}: {e}"));
    }
    // CMYK mostly cyan comes out cyan, not inverted.
    let cmyk = decode_jpeg(&find("cmyk", 320, "jpg"));
    let px = cmyk.get_pixel(100, 100);
    assert!(px[0] < 100 && px[1] > 150 && px[2] > 150, "cyan: {px:?}");
    // Smaller than every width: one rendition at its own width.
    let tiny = decode_jpeg(&find("tiny", 200, "jpg"));
    assert_eq!(tiny.width(), 200);
    // The original is never copied.
    assert!(!names.iter().any(|n| n == "portrait.jpg"));
}

/// Decodes an output JPEG with `jpeg-decoder` (libjpeg-compatible). `image`'s own JPEG
/// decoder mis-reads the one-scan-per-component files that optimised Huffman coding
/// writes, which browsers and libjpeg read fine.
fn decode_jpeg(path: &std::path::Path) -> image::RgbImage {
    let bytes = std::fs::read(path).unwrap();
    let mut d = jpeg_decoder::Decoder::new(&bytes[..]);
    let px = d
        .decode()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let info = d.info().unwrap();
    assert_eq!(
        info.pixel_format,
        jpeg_decoder::PixelFormat::RGB24,
        "{}",
        path.display()
    );
    image::RgbImage::from_raw(info.width.into(), info.height.into(), px).unwrap()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn second_build_processes_no_photo_and_renames_cost_nothing() {
    let t = full_catalog();
    let first = t.run(&["build", "--lang", "en"]);
    first.expect_code(0);
    let (processed, cached) = first.processed_and_cached();
    assert_eq!((processed, cached), (8, 0));

    // Indonesian, the default: the same counts.
    let second = t.run(&["build"]);
    second.expect_code(0);
    assert_eq!(second.processed_and_cached(), (0, 8));

    // Renaming a photo: same bytes, so nothing to process.
    std::fs::rename(
        t.path("content/wonoasri/tas-ecoprint/DSC_0042.JPG"),
        t.path("content/wonoasri/tas-ecoprint/tas-depan.jpg"),
    )
    .unwrap();
    let third = t.run(&["build", "--lang", "en"]);
    third.expect_code(0);
    assert_eq!(third.processed_and_cached(), (0, 8));
    assert!(
        t.read("public/wonoasri/tas-ecoprint/index.html")
            .contains("tas-depan.")
    );
    // The cache lives where the format says, outside content/ and public/.
    assert!(t.path(".etalase-cache").is_dir());
}

#[test]
fn every_mistake_is_reported_at_its_line_in_one_run() {
    let t = CatalogTest::new("mistakes");
    t.write(
        "content/desa/foto-rusak/abon.jpg",
        "this is not a photo, only text named .jpg",
    );
    // Indonesian by default; English with --lang en (or `language: en`).
    let run = t.run(&["check"]);
    run.expect_code(1);
    insta::assert_snapshot!("mistakes_check_id", run.stderr);
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(1);
    insta::assert_snapshot!("mistakes_check_en", run.stderr);
}

#[test]
fn a_build_with_every_mistake_reports_them_all_and_keeps_the_last_good_site() {
    let t = CatalogTest::new("mistakes").with_fixture("minimal", "good");
    t.write(
        "content/desa/foto-rusak/abon.jpg",
        "this is not a photo, only text named .jpg",
    );
    t.run(&["build", "--content", "good"]).expect_code(0);
    let before = t.snapshot("public");
    let check = t.run(&["check", "--lang", "en"]);
    let build = t.run(&["build", "--lang", "en"]);
    build.expect_code(1);
    let diagnostics = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("checked") && !l.starts_with("not built"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        diagnostics(&build.stderr),
        diagnostics(&check.stderr),
        "build reports what check reports"
    );
    build.expect_stderr_contains(
        "not built: 1 village, 9 products, 1 photo: 11 errors, 6 warnings; public is unchanged",
    );
    assert_eq!(t.snapshot("public"), before);
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    let before = t.snapshot("public");
    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: dua belas ribu\n",
    );
    let run = t.run(&["build"]);
    run.expect_code(1);
    run.expect_stderr_contains(
        "content/desa-contoh/keripik-pare/product.yaml:3:8: error: harga \"dua belas ribu\" ditulis dengan huruf",
    );
    run.expect_stderr_contains("public tidak diubah");
    assert_eq!(t.snapshot("public"), before);
}

#[test]
fn a_template_failing_while_pages_are_written_leaves_the_previous_site_untouched() {
    // Pages are written as they are rendered, into the hidden folder: a template that
    // fails on one page must still leave the output as the last good build left it.
    let t = CatalogTest::new("minimal");
    t.run(&["build"]).expect_code(0);
    let before = t.snapshot("public");
    t.write(
        "content/_theme/templates/product.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ product.name | int }}</h1>\n{% endblock content %}\n",
    );
    let run = t.run(&["build"]);
    run.expect_code(1);
    run.expect_stderr_contains("content/_theme/templates/product.html:3:");
    run.expect_stderr_contains("error: kesalahan template");
    assert_eq!(t.snapshot("public"), before);

    std::fs::remove_file(t.path("content/_theme/templates/product.html")).unwrap();
    t.run(&["build"]).expect_code(0);
    assert_eq!(t.snapshot("public"), before, "the next good build is whole");
    t.check_site("public");
}

#[test]
fn the_menu_is_a_template_of_its_own_rendered_once_for_each_depth() {
    // nav.html is rendered once per template and depth and given to base.html; an
    // override of it changes the menu of every page, with links relative to each page.
    let t = CatalogTest::new("minimal");
    t.write(
        "content/_theme/templates/nav.html",
        "<nav class=\"mine\">{% for v in nav.villages %}<a href=\"{{ root }}{{ v.href }}\">{{ v.name }}</a>{% endfor %}{% if js %} cart{% endif %}</nav>\n",
    );
    t.run(&["build"]).expect_code(0);
    for (page, root) in [
        ("public/index.html", ""),
        ("public/desa-contoh/index.html", "../"),
        ("public/desa-contoh/keripik-pare/index.html", "../../"),
    ] {
        let html = t.read(page);
        let menu = format!("<nav class=\"mine\"><a href=\"{root}desa-contoh/\">");
        assert!(html.contains(&menu), "{page}: {html}");
        assert!(html.contains(" cart</nav>"), "{page}");
    }
    // The 404 page has no script: its menu is rendered as its own.
    let not_found = t.read("public/404.html");
    assert!(not_found.contains("<nav class=\"mine\">"), "{not_found}");
    assert!(!not_found.contains(" cart</nav>"), "{not_found}");
    t.check_site("public");
}

#[test]
fn check_writes_nothing() {
    let t = CatalogTest::new("minimal");
    t.run(&["check", "--lang", "en"])
        .expect_code(0)
        .expect_stderr_contains("checked 1 village, 1 product, 0 photos: 0 errors, 1 warning");
    assert!(!t.path("public").exists());
    assert!(!t.path(".etalase-cache").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let t = CatalogTest::new("minimal");
    t.write("public/precious.txt", "mine");
    t.run(&["build"])
        .expect_code(2)
        .expect_stderr_contains("kesalahan: public sudah ada dan bukan buatan etalase");
    t.run(&["build", "--lang", "en"])
        .expect_code(2)
        .expect_stderr_contains("error: public already exists and was not made by etalase");
    assert_eq!(t.read("public/precious.txt"), "mine");
}

#[test]
fn a_missing_content_folder_is_exit_2() {
    let t = CatalogTest::new("minimal");
    // Said in the language of the catalog it could not find: Indonesian.
    t.run(&["build", "--content", "nowhere"])
        .expect_code(2)
        .expect_stderr_contains("kesalahan: nowhere bukan folder");
}

#[test]
fn the_sample_catalog_builds_cleanly() {
    let t = CatalogTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["build", "--content"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .args(["--out"])
        .arg(t.path("public"))
        .args(["--cache"])
        .arg(t.path("cache"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error:"), "{stderr}");
    t.check_site("public");
}

#[test]
fn messages_follow_the_catalog_language() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/catalog.yaml",
        "title: Test Catalog\nlanguage: en\nexample: true\nwhatsapp: \"0812-0000-0001\"\n",
    );
    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: dua belas ribu\n",
    );
    let run = t.run(&["check"]);
    run.expect_code(1);
    run.expect_stderr_contains(
        "product.yaml:3:8: error: price \"dua belas ribu\" is written in words",
    );
    run.expect_stderr_contains("checked 1 village, 1 product, 0 photos: 1 error, 1 warning");
    // --lang overrides the catalog's language.
    t.run(&["check", "--lang", "id"])
        .expect_stderr_contains("error: harga \"dua belas ribu\" ditulis dengan huruf");
}

#[test]
fn a_misnamed_yaml_file_is_an_error_naming_the_rename() {
    let t = CatalogTest::new("minimal");
    std::fs::rename(
        t.path("content/desa-contoh/keripik-pare/product.yaml"),
        t.path("content/desa-contoh/keripik-pare/Product.yaml.txt"),
    )
    .unwrap();
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(1);
    run.expect_stderr_contains("content/desa-contoh/keripik-pare/Product.yaml.txt:1:1: error: this file must be named exactly product.yaml to be read");
    run.expect_stderr_contains("rename Product.yaml.txt to product.yaml");
}

#[test]
fn check_finds_a_truncated_photo_without_decoding_it() {
    let t = CatalogTest::new("minimal");
    let whole = photos::jpeg(&photos::halves(800, 600));
    t.write(
        "content/desa-contoh/keripik-pare/cut.jpg",
        &whole[..whole.len() / 2],
    );
    t.write("content/desa-contoh/keripik-pare/whole.jpg", &whole);
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(1);
    run.expect_stderr_contains(
        "content/desa-contoh/keripik-pare/cut.jpg:1:1: error: the photo is cut off (truncated)",
    );
    assert!(!run.stderr.contains("whole.jpg"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_catalog_and_link_loops_are_refused() {
    use std::os::unix::fs::symlink;
    let t = CatalogTest::new("minimal");
    let product = t.path("content/desa-contoh/keripik-pare");
    t.write("private/home.jpg", photos::jpeg(&photos::halves(700, 500)));
    symlink(t.path("private/home.jpg"), product.join("rumah.jpg")).unwrap();
    // A folder linking to its own parent: following it would never end.
    symlink(
        t.path("content/desa-contoh"),
        t.path("content/desa-contoh/lingkaran"),
    )
    .unwrap();
    let run = t.run(&["check", "--lang", "en"]);
    run.expect_code(1);
    run.expect_stderr_contains(
        "keripik-pare/rumah.jpg:1:1: error: this link leads outside the catalog folder: skipped",
    );
    run.expect_stderr_contains(
        "desa-contoh/lingkaran:1:1: error: links to folders are not followed: skipped",
    );
    // Listed by name, it is refused too.
    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos: [rumah.jpg]\n",
    );
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains("product.yaml:4:10: error: the photo \"rumah.jpg\" is a link to a file outside the catalog folder");
}

#[test]
fn a_village_folder_cannot_take_an_address_the_site_uses() {
    let t = CatalogTest::new("minimal");
    t.write("content/Kategori/village.yaml", "name: Kategori\n");
    t.write("content/cari/village.yaml", "name: Cari\n");
    let run = t.run(&["check"]);
    run.expect_code(1);
    run.expect_stderr_contains(
        "content/Kategori:1:1: error: folder ini akan menjadi alamat web `kategori/`, yang sudah dipakai situs sendiri",
    );
    run.expect_stderr_contains("content/cari:1:1: error:");
    run.expect_stderr_contains("desa-cari");
}

/// Issue 15, point 2: marketplace links pasted as the apps' Share buttons copy them,
/// words, emoji and line breaks around the link, publish the bare link with a warning.
#[test]
fn a_pasted_share_text_publishes_the_bare_link_with_a_warning() {
    let t = CatalogTest::new("minimal");
    t.write(
        "content/desa-contoh/keripik-pare/product.yaml",
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\norder:\n  \
         tokopedia: \"Cek Keripik Pare Bu Siti seharga Rp15.000. Dapatkan di Tokopedia sekarang! https://tk.tokopedia.com/ZSabc123/\"\n  \
         shopee: |\n    Lihat Keripik Pare 😋 di Shopee!\n    https://id.shp.ee/abc123\n",
    );
    let run = t.run(&["build"]);
    run.expect_code(0);
    run.expect_stderr_contains(
        "content/desa-contoh/keripik-pare/product.yaml:5:14: warning: tokopedia: hanya tautan https://tk.tokopedia.com/ZSabc123/ yang dipakai; kata-kata di sekitarnya dibuang",
    );
    run.expect_stderr_contains(
        "content/desa-contoh/keripik-pare/product.yaml:6:11: warning: shopee: hanya tautan https://id.shp.ee/abc123 yang dipakai",
    );
    run.expect_stderr_contains("help: tidak perlu diubah; lain kali, tempel tautannya saja");
    let page = scraper::Html::parse_document(&t.read("public/desa-contoh/keripik-pare/index.html"));
    let hrefs: Vec<&str> = page
        .select(&scraper::Selector::parse("a[href]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    // Every marketplace link on the page is the bare link, nothing of the words.
    let marketplace: Vec<&str> = hrefs
        .into_iter()
        .filter(|h| h.contains("tokopedia") || h.contains("shp.ee"))
        .collect();
    assert_eq!(
        marketplace,
        [
            "https://tk.tokopedia.com/ZSabc123/",
            "https://id.shp.ee/abc123"
        ]
    );
    t.check_site("public");
}

/// The `data-item` of a product page's cart form, as JSON.
fn cart_data(page: &str) -> serde_json::Value {
    let start = page.find("data-item=\"").expect("a cart form") + "data-item=\"".len();
    let end = start + page[start..].find('"').unwrap();
    let json = page[start..end]
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// Issue 15, point 3: prices written as price tags and chats write them are published
/// as the numbers they mean, on the page and in the cart's data, for a product's price
/// and a variant's alike.
#[test]
fn prices_as_indonesians_write_them_are_published_as_numbers() {
    let t = CatalogTest::new("minimal");
    for (slug, price, variants) in [
        ("rebu", "15rb", ""),
        ("ka", "15K", ""),
        ("rupiah", "\"Rp 15.000,-\"", ""),
        ("sen-nol", "Rp15.000,00", ""),
        ("idr", "IDR 15.000", ""),
        ("juta-koma", "\"1,5jt\"", ""),
        ("juta-titik", "1.5 jt", ""),
        ("dua-juta", "2 juta", ""),
        (
            "pilihan",
            "15 ribu",
            "variants:\n  - name: Kecil\n  - name: Besar\n    price: 12,5 rb\n  - { name: Jumbo, price: \"Rp 1,5 jt\" }\n",
        ),
    ] {
        t.write(
            &format!("content/desa-contoh/{slug}/product.yaml"),
            format!("name: Produk {slug}\ncategory: makanan\nprice: {price}\n{variants}"),
        );
    }
    t.run(&["build"]).expect_code(0);
    for (slug, shown, number) in [
        ("rebu", "Rp15.000", 15_000),
        ("ka", "Rp15.000", 15_000),
        ("rupiah", "Rp15.000", 15_000),
        ("sen-nol", "Rp15.000", 15_000),
        ("idr", "Rp15.000", 15_000),
        ("juta-koma", "Rp1.500.000", 1_500_000),
        ("juta-titik", "Rp1.500.000", 1_500_000),
        ("dua-juta", "Rp2.000.000", 2_000_000),
        ("pilihan", "Rp15.000", 15_000),
    ] {
        let page = t.read(&format!("public/desa-contoh/{slug}/index.html"));
        assert!(page.contains(shown), "{slug}: {shown} not on its page");
        assert_eq!(cart_data(&page)["price"], number, "{slug}");
    }
    let page = t.read("public/desa-contoh/pilihan/index.html");
    assert!(
        page.contains("Rp12.500") && page.contains("Rp1.500.000"),
        "{page}"
    );
    assert_eq!(
        cart_data(&page)["variants"],
        serde_json::json!([["Kecil", 15_000], ["Besar", 12_500], ["Jumbo", 1_500_000]])
    );
}

/// Windows hides known extensions: `photos:` entries written as the file names show
/// there (`belakang` for `belakang.JPG`) name the one photo with that name, in the
/// order listed (issue 15, point 10).
#[test]
fn photos_listed_without_their_extension_are_found() {
    let t = CatalogTest::new("minimal");
    let dir = "content/desa-contoh/keripik-pare";
    t.write(
        &format!("{dir}/product.yaml"),
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos: [belakang, depan]\n",
    )
    .write(
        &format!("{dir}/depan.jpg"),
        photos::jpeg(&photos::halves(800, 600)),
    )
    .write(
        &format!("{dir}/belakang.JPG"),
        photos::jpeg(&photos::halves(600, 800)),
    );
    t.run(&["build"]).expect_code(0);
    let page = t.read("public/desa-contoh/keripik-pare/index.html");
    let (back, front) = (page.find("belakang."), page.find("depan."));
    assert!(
        back.is_some() && front.is_some() && back < front,
        "both photos, in the order listed"
    );
    // A name that matches no photo is still not found.
    t.write(
        &format!("{dir}/product.yaml"),
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos: [samping]\n",
    );
    t.run(&["check", "--lang", "en"])
        .expect_code(1)
        .expect_stderr_contains("photo not found: samping");
}

/// The description section of a product page, as HTML.
fn description_html(page: &str) -> String {
    let page = scraper::Html::parse_document(page);
    let section = scraper::Selector::parse("section.prose").unwrap();
    page.select(&section)
        .next()
        .expect("a description section")
        .inner_html()
}

/// What a page says of itself in `<meta>` (`name` or `property`) and in its JSON-LD
/// product.
fn plain_descriptions(page: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(page);
    let mut found: Vec<String> = ["meta[name=description]", "meta[property='og:description']"]
        .into_iter()
        .map(|sel| {
            let sel = scraper::Selector::parse(sel).unwrap();
            let meta = page
                .select(&sel)
                .next()
                .unwrap_or_else(|| panic!("{sel:?}"));
            meta.value().attr("content").unwrap().to_string()
        })
        .collect();
    let ld = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    let ld: serde_json::Value =
        serde_json::from_str(&page.select(&ld).next().unwrap().inner_html()).unwrap();
    let product = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "Product")
        .expect("a Product in the JSON-LD");
    found.push(product["description"].as_str().unwrap().to_string());
    found
}

/// Issue 15, point 7: a description pasted from WhatsApp keeps its bold, italic,
/// strikethrough and every line; one written in Markdown keeps its headings, lists,
/// links and paragraphs; and the plain text made of either (meta description, link
/// preview, JSON-LD) carries none of their marks.
#[test]
fn descriptions_from_whatsapp_and_in_markdown_both_come_out_as_written() {
    let t = CatalogTest::new("descriptions");
    t.run(&["build"]).expect_code(0);

    let page = t.read("public/desa-contoh/dari-whatsapp/index.html");
    let html = description_html(&page);
    for part in [
        "<strong>Keripik Pare Bu Siti</strong> 🌶️<br>",
        "<em>Renyah, pahitnya tinggal sedikit</em><br>",
        "<del>Rp20.000</del> sekarang <strong>Rp15.000</strong>, hemat!<br>",
        "✅ Tanpa pengawet<br>",
        // Marks that hug no word, and web addresses, stay as written.
        "Isi 250 g = 2 * 125 g<br>",
        "nama_kelompok_kami https://contoh.id/~siti/promo_baru_</p>",
    ] {
        assert!(html.contains(part), "{part} not in {html}");
    }
    assert_eq!(
        html.matches("<br>").count(),
        6,
        "one break per line: {html}"
    );
    assert_eq!(html.matches("<p>").count(), 1, "{html}");
    let [meta, og, ld] = <[String; 3]>::try_from(plain_descriptions(&page)).unwrap();
    assert_eq!(
        meta,
        "Keripik Pare Bu Siti 🌶️ Renyah, pahitnya tinggal sedikit Rp20.000 sekarang \
         Rp15.000, hemat! ✅ Tanpa pengawet ✅ Digoreng minyak baru 📦 Isi 250 g = 2 * 125 g…"
    );
    assert_eq!(og, format!("Rp15.000 · {meta}"));
    assert_eq!(ld, meta);

    let page = t.read("public/desa-contoh/markdown/index.html");
    let html = description_html(&page);
    for part in [
        "<p>Sagon kelapa <strong>renyah</strong> dengan gula <em>aren</em> asli.</p>",
        "<h2>Bahan</h2>",
        "<ul>\n<li>kelapa parut</li>\n<li>tepung ketan</li>\n</ul>",
        "<h3>Cara simpan</h3>",
        "<ol>\n<li>Tutup rapat</li>\n<li>Simpan di tempat kering</li>\n</ol>",
        "<a href=\"https://contoh.id/toko_kami~baru~\" rel=\"noopener noreferrer\">toko kami</a>",
        "<del>harga lama</del>",
    ] {
        assert!(html.contains(part), "{part} not in {html}");
    }
    assert!(!html.contains("<br>"), "{html}");
    let [meta, og, ld] = <[String; 3]>::try_from(plain_descriptions(&page)).unwrap();
    assert_eq!(meta, "Sagon kelapa renyah dengan gula aren asli.");
    assert_eq!(og, format!("Rp12.000 · {meta}"));
    assert_eq!(ld, meta);
    t.check_site("public");
}
