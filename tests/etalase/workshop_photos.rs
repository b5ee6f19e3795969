//! The workshop's photos (issue 16, points 2 and 4): multipart uploads through the
//! guard, photos checked by content and saved, thumbnails. The real binary (`etalase
//! edit`), real HTTP on 127.0.0.1, real JPEG, PNG and WebP bytes.

use crate::support::serve::Preview;
use crate::support::{CatalogTest, photos, sample_photo_cache};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

const BOUNDARY: &str = "----etalaseUjiFoto7MA4YWxkTrZu0gW";
const SAGON: &str = "content/dukuhdempok/sagon";

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `method path` with `headers` and a binary `body` on 127.0.0.1:`port`, over a fresh
/// connection read to its end.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nHost: 127.0.0.1:{port}\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    s.write_all(&bytes).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Answer { status, head, body }
}

/// Signs in with the printed key: the session cookie, and the CSRF token of the front
/// page's forms.
pub(crate) fn sign_in(shop: &Preview) -> (String, String) {
    let url = shop.banner.split_whitespace().last().unwrap();
    let path = url
        .strip_prefix(&format!("http://127.0.0.1:{}", shop.port))
        .unwrap();
    let answer = request(shop.port, "GET", path, &[], b"");
    assert_eq!(answer.status, 303, "{}", answer.head);
    let cookie = answer.header("set-cookie").unwrap();
    let cookie = cookie.split(';').next().unwrap().trim().to_string();
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], b"").text();
    let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    let csrf = page[at..].split('"').next().unwrap().to_string();
    (cookie, csrf)
}

/// A `multipart/form-data` body of text fields (`None` file name) and files, in order,
/// as a browser sends the product form.
pub(crate) fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/jpeg\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub(crate) fn post_photos(shop: &Preview, cookie: &str, path: &str, body: &[u8]) -> Answer {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    request(
        shop.port,
        "POST",
        path,
        &[("Cookie", cookie), ("Content-Type", &content_type)],
        body,
    )
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_multipart_post_passes_the_guard_only_with_its_token_and_saves_the_photos() {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    let (cookie, csrf) = sign_in(&shop);
    let before = names_in(&t.path(SAGON));
    let jpeg = photos::phone_jpeg(800, 600);
    let webp = photos::webp(300, 200);

    // No token, a wrong one, or one past the first 64 KB: refused, nothing written.
    let without = multipart(&[("foto", Some("toples.jpg"), &jpeg)]);
    let wrong = multipart(&[("csrf", None, b"0123"), ("foto", Some("toples.jpg"), &jpeg)]);
    let padding = vec![b'x'; 70 * 1024];
    let late = multipart(&[
        ("catatan", None, &padding),
        ("csrf", None, csrf.as_bytes()),
        ("foto", Some("toples.jpg"), &jpeg),
    ]);
    for body in [&without, &wrong, &late] {
        let answer = post_photos(&shop, &cookie, "/foto/dukuhdempok/sagon", body);
        assert_eq!(answer.status, 403, "{}", answer.text());
        assert!(
            answer
                .text()
                .contains("Permintaan ini tidak datang dari halaman ruang kerja")
        );
    }
    assert_eq!(names_in(&t.path(SAGON)), before);

    // With the token first, as the product form sends it: saved under safe names.
    let body = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("nama", None, b"Sagon Kelapa"),
        ("foto", Some("IMG_2041 (1).JPG"), &jpeg),
        ("foto", Some("toples.jpg"), &webp),
        ("foto", Some(""), b""),
    ]);
    let answer = post_photos(&shop, &cookie, "/foto/dukuhdempok/sagon", &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("content-type").as_deref(),
        Some("application/json; charset=utf-8")
    );
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "saved": ["img-2041-1.jpg", "toples.webp"] })
    );
    assert_eq!(
        std::fs::read(t.path(SAGON).join("img-2041-1.jpg")).unwrap(),
        jpeg
    );
    assert_eq!(
        std::fs::read(t.path(SAGON).join("toples.webp")).unwrap(),
        webp
    );
    assert!(t.read(&format!("{SAGON}/product.yaml")).contains(
        "photos: [IMG_20240312_101512.jpg, IMG_20240312_101530.jpg, img-2041-1.jpg, toples.webp]\n"
    ));
    // The catalog still checks, with the new photos.
    t.run(&["check"]).expect_code(0);

    // A photo over the body limit of the preview (64 KB) but within the workshop's.
    let big = etalase::testing::photos::phone_jpeg(
        &etalase::testing::photos::photo(2000, 1500, 9),
        90,
        false,
        1,
    );
    assert!(big.len() > 64 * 1024, "{}", big.len());
    let body = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("foto", Some("besar.jpg"), &big),
    ]);
    let answer = post_photos(&shop, &cookie, "/foto/dukuhdempok/sagon", &body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    // Any other body keeps the preview's limit.
    let form = format!("csrf={csrf}&isi={}", "x".repeat(70 * 1024));
    let answer = request(
        shop.port,
        "POST",
        "/keluar",
        &[
            ("Cookie", &cookie),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        form.as_bytes(),
    );
    assert_eq!(answer.status, 413, "{}", answer.head);
}

#[test]
fn a_non_image_upload_is_refused_with_its_message_and_nothing_is_written() {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    let (cookie, csrf) = sign_in(&shop);
    let before = names_in(&t.path(SAGON));
    let yaml = t.read(&format!("{SAGON}/product.yaml"));
    let jpeg = photos::phone_jpeg(400, 300);
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend(vec![7u8; 4000]);
    for (file, bytes, said) in [
        (
            "daftar-harga.jpg",
            &b"Sagon 15rb, 2 toples 28rb"[..],
            "daftar-harga.jpg: file ini bukan foto yang bisa dibaca etalase (JPEG, PNG atau WebP): simpan ulang sebagai JPEG",
        ),
        (
            "IMG_0001.HEIC",
            &heic,
            "IMG_0001.HEIC: ini foto HEIC dari iPhone, yang tidak bisa dibaca etalase: kirim sebagai JPEG (di iPhone: Pengaturan > Kamera > Format > Paling Kompatibel, lalu ambil fotonya lagi)",
        ),
    ] {
        // A good photo beside it is not saved either.
        let body = multipart(&[
            ("csrf", None, csrf.as_bytes()),
            ("foto", Some("bagus.jpg"), &jpeg),
            ("foto", Some(file), bytes),
        ]);
        let answer = post_photos(&shop, &cookie, "/foto/dukuhdempok/sagon", &body);
        assert_eq!(answer.status, 422, "{}", answer.text());
        let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(json, serde_json::json!({ "refused": said }));
        assert_eq!(names_in(&t.path(SAGON)), before);
        assert_eq!(t.read(&format!("{SAGON}/product.yaml")), yaml);
    }
    // A folder that is not a product inside the content folder is not found.
    let body = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("foto", Some("a.jpg"), &jpeg),
    ]);
    for path in [
        "/foto/dukuhdempok/tidak-ada",
        "/foto/%2e%2e/content",
        "/foto/dukuhdempok/..",
        "/foto/dukuhdempok/.etalase-sampah",
    ] {
        let answer = post_photos(&shop, &cookie, path, &body);
        assert_eq!(answer.status, 404, "{path}: {}", answer.text());
    }
    assert!(!t.path("a.jpg").exists() && !t.path("content/a.jpg").exists());
}

#[test]
fn a_thumbnail_is_a_small_upright_jpeg_without_exif() {
    let t = CatalogTest::sample();
    // A phone photo with EXIF (camera, orientation 6: stored on its side).
    let original = etalase::testing::photos::phone_jpeg(
        &etalase::testing::photos::photo(1600, 1200, 3),
        90,
        false,
        6,
    );
    assert!(original.windows(4).any(|w| w == b"Exif"));
    t.write(&format!("{SAGON}/miring.jpg"), &original);
    let shop = t.edit(&sample_photo_cache(), &[]);
    let (cookie, _) = sign_in(&shop);

    let without = request(
        shop.port,
        "GET",
        "/foto/dukuhdempok/sagon/miring.jpg",
        &[],
        b"",
    );
    assert_eq!(without.status, 401, "behind the session as every route");

    for _ in 0..2 {
        // Twice: the second from the workshop's memory, the same bytes.
        let answer = request(
            shop.port,
            "GET",
            "/foto/dukuhdempok/sagon/miring.jpg",
            &[("Cookie", &cookie)],
            b"",
        );
        assert_eq!(answer.status, 200, "{}", answer.head);
        assert_eq!(answer.header("content-type").as_deref(), Some("image/jpeg"));
        assert!(answer.body.starts_with(&[0xFF, 0xD8]));
        assert!(
            answer.body.len() < original.len() / 4,
            "{}",
            answer.body.len()
        );
        assert!(!answer.body.windows(4).any(|w| w == b"Exif"), "no EXIF");
        let img = image::load_from_memory(&answer.body).unwrap();
        assert_eq!(
            (img.width(), img.height()),
            (180, 240),
            "upright, 240 on its long side"
        );
    }
    // The sample's own photo.
    let answer = request(
        shop.port,
        "GET",
        "/foto/dukuhdempok/sagon/IMG_20240312_101512.jpg",
        &[("Cookie", &cookie)],
        b"",
    );
    assert_eq!(answer.status, 200);
    // Nothing but a photo of a product's folder inside the content folder.
    t.write("content/dukuhdempok/sagon/.rahasia.jpg", &original);
    for path in [
        "/foto/dukuhdempok/sagon/product.yaml",
        "/foto/dukuhdempok/sagon/.rahasia.jpg",
        "/foto/dukuhdempok/sagon/..%2Fcover.jpg",
        "/foto/dukuhdempok/sagon/%2e%2e",
        "/foto/dukuhdempok/%2e%2e/cover.jpg",
        "/foto/%2e%2e/content/catalog.yaml",
        "/foto/dukuhdempok/sagon/tidak-ada.jpg",
        "/foto/..%2F..%2Fetc/passwd/x.jpg",
    ] {
        let answer = request(shop.port, "GET", path, &[("Cookie", &cookie)], b"");
        assert_eq!(answer.status, 404, "{path}: {}", answer.head);
    }
}

#[test]
fn the_workshops_script_is_served_and_allowed_by_its_policy() {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    let (cookie, _) = sign_in(&shop);
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], b"");
    assert!(
        page.text()
            .contains("<script src=\"/skrip.js\" defer></script>")
    );
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    let script = request(shop.port, "GET", "/skrip.js", &[], b"");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("Mengunggah"));
}
