//! `etalase edit`, the workshop (issue 16, points 1, 2 and 9): its front page, and who
//! may use it. The real binary, real HTTP on 127.0.0.1 only (`--lan` is tested by what
//! it prints, without traffic to the LAN address).

use crate::support::serve::Preview;
use crate::support::{CatalogTest, sample_photo_cache};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// What the workshop answered.
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// The header lines, lowercased names kept as sent.
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Answer {
    /// The value of the first header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// `method path` on 127.0.0.1:`port` with the headers given (`Host` defaults to the
/// workshop's own), over a fresh connection read to its end.
pub(crate) fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The sign-in path with the key, from the workshop's first line.
fn sign_in_path(shop: &Preview) -> String {
    let url = shop.banner.split_whitespace().last().unwrap();
    let path = url
        .strip_prefix(&format!("http://127.0.0.1:{}", shop.port))
        .unwrap_or_else(|| panic!("{}", shop.banner));
    assert!(path.starts_with("/masuk?kunci="), "{}", shop.banner);
    path.to_string()
}

/// Signs in with the printed key: the session cookie (`etalase_sesi_<port>=…`).
pub(crate) fn sign_in(shop: &Preview) -> String {
    let answer = request(shop.port, "GET", &sign_in_path(shop), &[], "");
    assert_eq!(answer.status, 303, "{}", answer.head);
    let cookie = answer.header("set-cookie").expect("a session cookie");
    cookie.split(';').next().unwrap().trim().to_string()
}

/// What the QR code drawn on a page as SVG (`M{x} {y}h{w}v1H{x}z` rectangles, one
/// module each unit) reads as, drawn at 8 pixels a module and read by `rqrr`.
fn qr_of(page: &str) -> Option<String> {
    let svg = page.split("<svg class=\"qr\"").nth(1)?;
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    let d = svg.split(" d=\"").nth(1)?.split('"').next()?;
    const SCALE: usize = 8;
    let px = size * SCALE;
    let mut dark = vec![false; px * px];
    for rect in d.split('M').filter(|r| !r.is_empty()) {
        let (x, rest) = rect.split_once(' ')?;
        let (y, rest) = rest.split_once('h')?;
        let w = rest.split('v').next()?;
        let (x, y, w): (usize, usize, usize) = (x.parse().ok()?, y.parse().ok()?, w.parse().ok()?);
        for row in y * SCALE..(y + 1) * SCALE {
            for col in x * SCALE..(x + w) * SCALE {
                dark[row * px + col] = true;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(
            px,
            px,
            |x, y| {
                if dark[y * px + x] { 0 } else { 255 }
            },
        );
    let grid = image.detect_grids().into_iter().next()?;
    grid.decode().ok().map(|(_, text)| text)
}

/// The CSRF token of the front page's forms.
pub(crate) fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    page[at..].split('"').next().unwrap().to_string()
}

#[test]
fn the_front_page_lists_the_villages_and_products_with_their_problems() {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    assert!(
        shop.banner.starts_with("ruang kerja di http://127.0.0.1:"),
        "{}",
        shop.banner
    );
    let cookie = sign_in(&shop);
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(page.status, 200, "{}", page.head);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = scraper::Html::parse_document(&page.body);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(
        html.root_element().value().attr("lang"),
        Some("id"),
        "Indonesian by default"
    );
    let villages: Vec<String> = html
        .select(&sel(".village h2"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        villages,
        [
            "Dukuhdempok",
            "Lipursari",
            "Sabrang",
            "Tamansari",
            "Wonoasri"
        ]
    );
    let product = |slug: &str| {
        let li = html
            .select(&sel(&format!("li.product[data-slug=\"{slug}\"]")))
            .next()
            .unwrap_or_else(|| panic!("no {slug}"));
        let part = |class: &str| -> String {
            li.select(&sel(&format!(".{class}")))
                .next()
                .unwrap()
                .text()
                .collect()
        };
        let count = li
            .select(&sel(".problems"))
            .next()
            .unwrap()
            .value()
            .attr("data-count")
            .unwrap()
            .to_string();
        (
            part("name"),
            part("price"),
            part("availability"),
            count,
            part("problems"),
        )
    };
    assert_eq!(
        product("abon-kelapa-krispi"),
        (
            "Abon Kelapa Krispi".into(),
            "Rp18.000".into(),
            "Tersedia".into(),
            "0".into(),
            "tidak ada masalah".into()
        )
    );
    // The sample's one warning: a Bukalapak link in Sabrang's tiwul.
    assert_eq!(
        product("tiwul-instan"),
        (
            "Tiwul Instan".into(),
            "mulai Rp15.000".into(),
            "Tersedia".into(),
            "1".into(),
            "1 masalah".into()
        )
    );
    assert_eq!(
        html.select(&sel("li.product")).count(),
        22,
        "every product of the sample"
    );
    // Each product's thumbnail: its first photo as the site shows it, the first of
    // `photos:` when listed (the hampers list theirs), else the folder's first by name.
    let thumb = |slug: &str| {
        let img = html
            .select(&sel(&format!("li.product[data-slug=\"{slug}\"] img.thumb")))
            .next()
            .unwrap_or_else(|| panic!("no thumbnail for {slug}"));
        let a = |k: &str| img.value().attr(k).unwrap_or("").to_string();
        (a("src"), a("width"), a("height"), a("loading"), a("alt"))
    };
    assert_eq!(
        thumb("abon-kelapa-krispi"),
        (
            "/foto/dukuhdempok/abon-kelapa-krispi/IMG_20240312_104208.jpg".into(),
            "64".into(),
            "64".into(),
            "lazy".into(),
            "Abon Kelapa Krispi".into()
        )
    );
    let (hampers, ..) = thumb("kue-kering-hampers");
    assert_eq!(
        hampers,
        "/foto/dukuhdempok/kue-kering-hampers/hampers-depan.jpg"
    );
    assert_eq!(html.select(&sel("li.product img.thumb")).count(), 22);
    assert_eq!(html.select(&sel(".thumb.none")).count(), 0);
    let photo = request(shop.port, "GET", &hampers, &[("Cookie", &cookie)], "");
    assert_eq!(photo.status, 200, "{}", photo.head);
    assert_eq!(photo.header("content-type").as_deref(), Some("image/jpeg"));
    // No file from another host.
    for (tag, attr) in [
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("a", "href"),
    ] {
        for e in html.select(&sel(tag)) {
            let v = e.value().attr(attr).unwrap_or("/");
            assert!(v.starts_with('/') || v == "data:,", "{tag} {v}");
        }
    }

    // A price broken on disk: its product's problems are counted on the next read.
    let yaml = "content/dukuhdempok/abon-kelapa-krispi/product.yaml";
    let good = t.read(yaml);
    let broken = good
        .lines()
        .map(|l| {
            if l.starts_with("price:") {
                "price: delapan belas ribu"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(broken.trim(), good.trim(), "the sample's abon has a price");
    t.write(yaml, broken);
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], "");
    let html = scraper::Html::parse_document(&page.body);
    let abon = html
        .select(&sel(
            "li.product[data-slug=\"abon-kelapa-krispi\"] .problems",
        ))
        .next()
        .unwrap();
    assert_eq!(abon.value().attr("data-count"), Some("1"), "{}", page.body);
    assert_eq!(abon.text().collect::<String>(), "1 masalah");

    // A product without photos: a plain box in the thumbnail's place, no image.
    t.write(
        "content/wonoasri/gula-aren/product.yaml",
        "name: Gula Aren\nprice: 20000\n",
    );
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], "");
    let html = scraper::Html::parse_document(&page.body);
    let li = html
        .select(&sel("li.product[data-slug=\"gula-aren\"]"))
        .next()
        .unwrap_or_else(|| panic!("no gula-aren: {}", page.body));
    assert_eq!(li.select(&sel("img")).count(), 0);
    let none = li
        .select(&sel(".thumb.none"))
        .next()
        .expect("a placeholder");
    assert_eq!(none.value().attr("aria-label"), Some("belum ada foto"));
}

#[test]
fn only_the_holder_of_the_key_gets_in_and_only_the_workshops_pages_can_post() {
    let t = CatalogTest::new("minimal");
    t.write("secret.txt", "RAHASIA-DI-LUAR-KONTEN");
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let port = shop.port;

    // Without a session: refused, with a page saying how to get in; the preview too.
    for path in ["/", "/pratinjau/", "/pratinjau/_etalase/events"] {
        let a = request(port, "GET", path, &[], "");
        assert_eq!(a.status, 401, "{path}");
        assert!(a.body.contains("pindai kode QR"), "{path}: {}", a.body);
    }
    // The stylesheet alone is open (the refusal page uses it): it holds nothing.
    assert_eq!(request(port, "GET", "/gaya.css", &[], "").status, 200);
    // A wrong key, or none: refused, no cookie.
    for path in [
        "/masuk?kunci=salah",
        "/masuk",
        "/masuk?kunci=",
        &format!("{}x", sign_in_path(&shop)),
    ] {
        let a = request(port, "GET", path, &[], "");
        assert_eq!(a.status, 403, "{path}");
        assert!(a.header("set-cookie").is_none(), "{path}");
        assert!(
            a.body.contains("Kunci ini bukan kunci ruang kerja"),
            "{}",
            a.body
        );
    }
    // The right key: a session cookie only this workshop's pages send, then `/`.
    let a = request(port, "GET", &sign_in_path(&shop), &[], "");
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location").as_deref(), Some("/"));
    let set = a.header("set-cookie").unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert_eq!(a.header("referrer-policy").as_deref(), Some("same-origin"));
    let cookie = set.split(';').next().unwrap().to_string();
    let front = request(port, "GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(front.status, 200);
    assert!(front.body.contains("Desa Contoh"), "{}", front.body);
    assert!(front.body.contains("Keripik Pare"), "{}", front.body);
    // Any number of phones: a second sign-in is a second session.
    let other = sign_in(&shop);
    assert_ne!(other, cookie);
    assert_eq!(
        request(port, "GET", "/", &[("Cookie", &other)], "").status,
        200
    );
    // The preview, under /pratinjau/, behind the same session.
    let preview = request(port, "GET", "/pratinjau/", &[("Cookie", &cookie)], "");
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("/pratinjau/_etalase/events"));

    // Another name pointed at 127.0.0.1 (DNS rebinding): refused even with the cookie.
    let a = request(
        port,
        "GET",
        "/",
        &[("Host", "evil.example"), ("Cookie", &cookie)],
        "",
    );
    assert_eq!(a.status, 403);

    // Nothing outside the content folder (nor outside the preview's site).
    for path in [
        "/../secret.txt",
        "/pratinjau/../secret.txt",
        "/pratinjau/../../secret.txt",
        "/pratinjau/%2e%2e/%2e%2e/secret.txt",
        "/pratinjau/..%2f..%2fsecret.txt",
        "/pratinjau/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/pratinjau/../../../../../../etc/passwd",
        "/pratinjau/..%5c..%5csecret.txt",
        &format!("/pratinjau/{}", t.path("secret.txt").display()),
        &format!("/pratinjau//{}", t.path("secret.txt").display()),
        "/secret.txt",
        "/content/catalog.yaml",
        "/pratinjau/catalog.yaml",
    ] {
        let a = request(port, "GET", path, &[("Cookie", &cookie)], "");
        assert!(a.status == 404 || a.status == 400, "{path}: {}", a.status);
        assert!(!a.body.contains("RAHASIA"), "{path}");
        assert!(!a.body.contains("root:"), "{path}");
        assert!(!a.body.contains("example: true"), "{path}");
    }

    // Posting: the CSRF token of the page, the workshop's own Origin and Host.
    let csrf = csrf_of(&front.body);
    let form = "application/x-www-form-urlencoded";
    let own = format!("http://127.0.0.1:{port}");
    let post = |headers: &[(&str, &str)], body: &str| {
        let mut all = vec![("Cookie", cookie.as_str()), ("Content-Type", form)];
        all.extend_from_slice(headers);
        request(port, "POST", "/keluar", &all, body)
    };
    let no_token = post(&[("Origin", &own)], "");
    assert_eq!(no_token.status, 403);
    assert!(
        no_token
            .body
            .contains("tidak datang dari halaman ruang kerja")
    );
    assert_eq!(post(&[("Origin", &own)], "csrf=salah").status, 403);
    assert_eq!(
        post(&[("Origin", &own), ("X-CSRF-Token", "salah")], "").status,
        403
    );
    // The other phone's token is not this session's.
    let other_front = request(port, "GET", "/", &[("Cookie", &other)], "");
    assert_eq!(
        post(&[], &format!("csrf={}", csrf_of(&other_front.body))).status,
        403
    );
    let foreign = post(
        &[("Origin", "http://evil.example")],
        &format!("csrf={csrf}"),
    );
    assert_eq!(foreign.status, 403);
    assert!(foreign.body.contains("datang dari situs lain"));
    assert_eq!(
        post(&[("Origin", "null")], &format!("csrf={csrf}")).status,
        403
    );
    assert_eq!(
        post(
            &[("Host", "evil.example"), ("Origin", "http://evil.example")],
            &format!("csrf={csrf}")
        )
        .status,
        403
    );
    assert_eq!(
        post(
            &[("Host", &format!("127.0.0.1:{}", port + 1))],
            &format!("csrf={csrf}")
        )
        .status,
        403
    );
    // Still signed in after every refused post.
    assert_eq!(
        request(port, "GET", "/", &[("Cookie", &cookie)], "").status,
        200
    );
    // The page's own form: signed out, that session is gone, the other stays.
    let out = post(&[("Origin", &own)], &format!("csrf={csrf}"));
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(out.body.contains("Anda sudah keluar"));
    assert_eq!(
        request(port, "GET", "/", &[("Cookie", &cookie)], "").status,
        401
    );
    assert_eq!(
        request(port, "GET", "/", &[("Cookie", &other)], "").status,
        200
    );
}

#[test]
fn lan_prints_an_address_with_a_new_key_and_a_qr_code() {
    let t = CatalogTest::new("minimal");
    let cache = t.path("cache");
    let mut keys = Vec::new();
    let mut lan_hosts = Vec::new();
    for _ in 0..2 {
        let shop = t.edit(cache.to_str().unwrap(), &["--lan"]);
        let mut lines = vec![shop.banner.clone()];
        lines.extend(shop.stdout_until("tekan Ctrl-C"));
        let text = lines.join("\n");
        let key = sign_in_path(&shop)
            .strip_prefix("/masuk?kunci=")
            .unwrap()
            .to_string();
        assert_eq!(key.len(), 64, "{text}");
        assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{text}");
        match lines.iter().find(|l| {
            l.starts_with("di HP yang tersambung ke Wi-Fi yang sama, buka atau pindai: http://")
        }) {
            Some(phone) => {
                // The phone's address carries the same key, and its QR code follows.
                // Its Host is the workshop's own (sent to 127.0.0.1: no LAN traffic).
                let host = phone
                    .split("http://")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .unwrap()
                    .to_string();
                let cookie = sign_in(&shop);
                let front = request(
                    shop.port,
                    "GET",
                    "/",
                    &[("Host", &host), ("Cookie", &cookie)],
                    "",
                );
                assert_eq!(front.status, 200, "{host}");
                // The front page shows the phone's address as a QR code too (for the
                // computer's screen), which reads back as that address.
                let url = phone.split_whitespace().last().unwrap();
                assert_eq!(qr_of(&front.body).as_deref(), Some(url), "{}", front.body);
                lan_hosts.push(host);
                assert!(
                    phone.ends_with(&format!(":{}/masuk?kunci={key}", shop.port)),
                    "{text}"
                );
                assert!(
                    lines
                        .iter()
                        .filter(|l| l.contains('█') || l.contains('▀') || l.contains('▄'))
                        .count()
                        > 10,
                    "{text}"
                );
            }
            None => assert!(
                text.contains("tidak ada alamat Wi-Fi atau jaringan"),
                "{text}"
            ),
        }
        assert!(
            text.contains("bagikan hanya kepada para pembuat produk"),
            "{text}"
        );
        // On 127.0.0.1 the key works as on the phone.
        assert_eq!(
            request(shop.port, "GET", &sign_in_path(&shop), &[], "").status,
            303
        );
        keys.push(key);
    }
    assert_ne!(keys[0], keys[1], "a new start makes a new key");
    // Two workshops at once (two catalogs): cookies of their own names, as browsers
    // keep cookies by host and not by port; each knows only its own.
    let (one, two) = (
        t.edit(cache.to_str().unwrap(), &[]),
        t.edit(cache.to_str().unwrap(), &[]),
    );
    let (c1, c2) = (sign_in(&one), sign_in(&two));
    assert!(
        c1.starts_with(&format!("etalase_sesi_{}=", one.port)),
        "{c1}"
    );
    assert!(
        c2.starts_with(&format!("etalase_sesi_{}=", two.port)),
        "{c2}"
    );
    let both = format!("{c1}; {c2}");
    assert_eq!(
        request(one.port, "GET", "/", &[("Cookie", &both)], "").status,
        200
    );
    assert_eq!(
        request(two.port, "GET", "/", &[("Cookie", &both)], "").status,
        200
    );
    let swapped = format!(
        "etalase_sesi_{}={}",
        one.port,
        c2.split_once('=').unwrap().1
    );
    assert_eq!(
        request(one.port, "GET", "/", &[("Cookie", &swapped)], "").status,
        401
    );
    // Without --lan, the LAN address is no address of the workshop's.
    if let Some(host) = lan_hosts.first() {
        let shop = t.edit(cache.to_str().unwrap(), &[]);
        let cookie = sign_in(&shop);
        let port = shop.port;
        let lan_host = format!("{}:{port}", host.rsplit_once(':').unwrap().0);
        let a = request(
            port,
            "GET",
            "/",
            &[("Host", &lan_host), ("Cookie", &cookie)],
            "",
        );
        assert_eq!(a.status, 403, "{lan_host}");
    }
}

#[test]
fn an_english_catalog_gets_an_english_workshop() {
    let t = CatalogTest::new("minimal");
    let catalog = t.read("content/catalog.yaml");
    t.write("content/catalog.yaml", format!("{catalog}language: en\n"));
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    assert!(
        shop.banner.starts_with("workshop at http://127.0.0.1:"),
        "{}",
        shop.banner
    );
    let refused = request(shop.port, "GET", "/", &[], "");
    assert_eq!(refused.status, 401);
    assert!(
        refused.body.contains("scan its QR code"),
        "{}",
        refused.body
    );
    let cookie = sign_in(&shop);
    let page = request(shop.port, "GET", "/", &[("Cookie", &cookie)], "");
    assert!(page.body.starts_with("<!doctype html><html lang=\"en\""));
    for word in [
        "Workshop",
        "See the site",
        "Sign out",
        "Available",
        "1 problem",
    ] {
        assert!(page.body.contains(word), "{word}: {}", page.body);
    }
    for word in ["Ruang kerja", "Keluar", "Tersedia", "masalah"] {
        assert!(!page.body.contains(word), "{word}: {}", page.body);
    }
}

/// As a phone in headless Chromium (360×800, touch): the printed address signs in and
/// lands on the front page, which lists the sample's villages without sideways
/// scrolling or a policy violation; the preview opens from it; `Keluar` signs out; a
/// second browser without the session is refused.
#[test]
fn a_phone_signs_in_with_the_address_and_sees_the_catalog_at_a_glance() {
    let t = CatalogTest::sample();
    let shop = t.edit(&sample_photo_cache(), &[]);
    let base = format!("http://127.0.0.1:{}", shop.port);
    let shot = t.path("workshop-360.png");
    let out = crate::support::browser_script(
        "workshop.mjs",
        &serde_json::json!({
            "signIn": format!("{base}{}", sign_in_path(&shop)),
            "front": format!("{base}/"),
            "shot": shot,
        }),
    );
    assert_eq!(out["landed"], format!("{base}/"), "{out}");
    assert_eq!(out["status"], 200, "{out}");
    let villages: Vec<&str> = out["front"]["villages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        villages,
        [
            "Dukuhdempok",
            "Lipursari",
            "Sabrang",
            "Tamansari",
            "Wonoasri"
        ]
    );
    let products = out["front"]["products"].as_array().unwrap();
    assert_eq!(products.len(), 22, "{out}");
    let tiwul = products
        .iter()
        .find(|p| p["slug"] == "tiwul-instan")
        .unwrap();
    assert_eq!(tiwul["problems"], "1");
    assert_eq!(tiwul["price"], "mulai Rp15.000");
    assert!(out["front"]["width"].as_u64().unwrap() <= 360, "{out}");
    assert_eq!(out["thumb"]["shown"], 64, "{out}");
    assert!(out["thumb"]["natural"].as_u64().unwrap() > 64, "{out}");
    assert_eq!(out["front"]["cookie"], "", "the session is HttpOnly");
    assert_ne!(
        out["front"]["styled"], "0px",
        "its stylesheet applies: {out}"
    );
    assert_eq!(out["front"]["violations"], serde_json::json!([]), "{out}");
    assert_eq!(
        out["cookies"],
        serde_json::json!([{ "name": format!("etalase_sesi_{}", shop.port), "httpOnly": true, "sameSite": "Strict" }])
    );
    assert_eq!(out["preview"]["url"], format!("{base}/pratinjau/"), "{out}");
    assert!(out["preview"]["villages"].as_u64().unwrap() >= 1, "{out}");
    assert!(
        out["signedOut"]
            .as_str()
            .unwrap()
            .contains("Anda sudah keluar"),
        "{out}"
    );
    assert_eq!(out["afterSignOut"], 401, "{out}");
    assert_eq!(out["errors"].as_array().unwrap().len(), 0, "{out}");
    assert_eq!(out["stranger"]["status"], 401, "{out}");
    assert!(
        out["stranger"]["text"]
            .as_str()
            .unwrap()
            .contains("pindai kode QR"),
        "{out}"
    );
    assert!(shot.is_file());
    let _ = std::fs::copy(&shot, "/tmp/ws_workshop-360.png");
}

/// `edit` opens the computer's browser on the address with the key (here a script
/// named by `ETALASE_BROWSER`, which writes down what it was given), once; with the
/// variable empty, or with no terminal, none is opened.
#[test]
fn the_computers_browser_is_opened_signed_in() {
    let t = CatalogTest::new("minimal");
    let opened = t.path("opened.txt");
    t.write(
        "browser.sh",
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    );
    let script = t.path("browser.sh");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cache = t.path("cache");
    let cache = cache.to_str().unwrap();
    let shop = Preview::start_command_env(
        &t.path(""),
        "edit",
        ["--cache", cache],
        &[("ETALASE_BROWSER", script.to_str().unwrap())],
    );
    let want = format!("http://127.0.0.1:{}{}", shop.port, sign_in_path(&shop));
    // The opener runs beside the server: wait for its line (bounded).
    let mut seen = String::new();
    for _ in 0..100 {
        seen = std::fs::read_to_string(&opened).unwrap_or_default();
        if !seen.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(seen, format!("{want}\n"));
    drop(shop);

    // Empty: never; and without the variable the tests' piped stdout is no terminal.
    std::fs::remove_file(&opened).unwrap();
    for env in [&[("ETALASE_BROWSER", "")][..], &[][..]] {
        let shop = Preview::start_command_env(&t.path(""), "edit", ["--cache", cache], env);
        assert_eq!(
            request(shop.port, "GET", &sign_in_path(&shop), &[], "").status,
            303
        );
        drop(shop);
        assert!(!opened.exists());
    }
}

/// On the Wi-Fi anyone can connect: many connections sending their headers a byte at
/// a time do not keep a signed-in phone from being answered (the workshop runs on the
/// preview's server, within its limits). Bounded: 40 connections, 4 s at most.
#[test]
fn slow_clients_do_not_keep_the_workshop_from_answering() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let t = CatalogTest::new("minimal");
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let port = shop.port;
    let done = Arc::new(AtomicBool::new(false));
    let slow: Vec<_> = (0..40)
        .map(|_| {
            let done = done.clone();
            std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                    return;
                };
                let _ = write!(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ");
                for _ in 0..20 {
                    if done.load(Ordering::SeqCst) || s.write_all(b"a").is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let cookie = sign_in(&shop);
    let front = request(port, "GET", "/", &[("Cookie", &cookie)], "");
    assert_eq!(front.status, 200);
    assert!(front.body.contains("Keripik Pare"));
    let preview = request(port, "GET", "/pratinjau/", &[("Cookie", &cookie)], "");
    assert_eq!(preview.status, 200);
    done.store(true, Ordering::SeqCst);
    for s in slow {
        s.join().unwrap();
    }
}

/// The preview under `/pratinjau/` is `serve`'s: a save rebuilds it, and its event
/// stream (behind the session) says `reload`; the rebuilt page shows the change.
#[test]
fn a_save_rebuilds_the_preview_and_reloads_its_pages() {
    use std::io::{BufRead, BufReader};
    let t = CatalogTest::new("minimal");
    let cache = t.path("cache");
    let shop = t.edit(cache.to_str().unwrap(), &[]);
    let port = shop.port;
    let cookie = sign_in(&shop);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET /pratinjau/_etalase/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
    )
    .unwrap();
    let mut lines = BufReader::new(s).lines();
    let status = lines.next().unwrap().unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    // The stream is open once its first comment is in.
    for line in lines.by_ref() {
        if line.unwrap().starts_with(": etalase") {
            break;
        }
    }
    let yaml = "content/desa-contoh/keripik-pare/product.yaml";
    let changed = t.read(yaml).replace("Keripik Pare", "Keripik Pare Pedas");
    t.write(yaml, changed);
    let event = lines
        .map(Result::unwrap)
        .find(|l| l.starts_with("event: "))
        .unwrap();
    assert_eq!(event, "event: reload");
    let page = request(
        port,
        "GET",
        "/pratinjau/desa-contoh/keripik-pare/",
        &[("Cookie", &cookie)],
        "",
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Keripik Pare Pedas"));
}
