//! What a photo's decoders could be made to allocate or wait on: metadata bombs (a PNG
//! whose colour profile inflates to 256 MB, a WebP chunk claiming 4 GB, a JPEG full of
//! EXIF, XMP and ICC segments) run under a 512 MB address-space limit, the most one
//! photo may take; named pipes and devices where the catalog has files, refused at the
//! file without being opened; JPEG codings the decoder refuses, refused by `check` too.

use super::{LIMIT, PRODUCT, good_jpeg, png_chunk, run_capped, run_limited, with_photo};
use crate::support::photos;
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// `RLIMIT_AS` for the bounded runs: the 512 MB SECURITY.md promises for one photo.
const ADDRESS_SPACE: u64 = 512 << 20;

/// A real 640×480 PNG with an `iCCP` chunk whose profile inflates to 256 MB of zeros:
/// about 255 KB on disk.
fn png_with_profile_bomb() -> Vec<u8> {
    let flat = image::RgbImage::from_pixel(640, 480, image::Rgb([230, 120, 30]));
    let mut png = Vec::new();
    flat.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..256 {
        z.write_all(&zeros).unwrap();
    }
    let mut iccp = b"bom\0\0".to_vec();
    iccp.extend(z.finish().unwrap());
    // The signature and IHDR (8 + 25 bytes), the profile, the rest.
    let mut out = png[..33].to_vec();
    out.extend(png_chunk(b"iCCP", &iccp));
    out.extend_from_slice(&png[33..]);
    out
}

/// A real WebP in the extended format (VP8X) whose EXIF chunk claims 4 GB and holds a
/// few bytes, at the file's end.
fn webp_with_huge_exif_claim() -> Vec<u8> {
    let simple = photos::webp(400, 300);
    let vp8 = &simple[12..]; // the VP8 chunk, after RIFF....WEBP
    let mut body = b"WEBP".to_vec();
    body.extend(b"VP8X");
    body.extend(10u32.to_le_bytes());
    body.push(0x08); // EXIF present
    body.extend([0, 0, 0]);
    body.extend(&(400u32 - 1).to_le_bytes()[..3]);
    body.extend(&(300u32 - 1).to_le_bytes()[..3]);
    body.extend(vp8);
    body.extend(b"EXIF");
    body.extend(0xFFFF_FFF0u32.to_le_bytes());
    body.extend(b"II*\0");
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// A real JPEG with the most metadata its segments can hold: a 64 KB EXIF, 16 XMP
/// segments of 64 KB, and 255 ICC segments of 64 KB (a 16 MB "profile" of junk).
fn jpeg_full_of_metadata() -> Vec<u8> {
    let plain = good_jpeg();
    let segment = |marker: u8, head: &[u8], fill: u8| {
        let mut data = head.to_vec();
        data.resize(65_533, fill);
        let mut s = vec![0xFF, marker];
        s.extend(((data.len() + 2) as u16).to_be_bytes());
        s.extend(data);
        s
    };
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, b"Exif\0\0II*\0\x08\0\0\0\xff\xff", 0x41));
    for _ in 0..16 {
        out.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta ",
            b'x',
        ));
    }
    for seq in 1..=255u8 {
        let mut head = b"ICC_PROFILE\0".to_vec();
        head.extend([seq, 255]);
        out.extend(segment(0xE2, &head, seq));
    }
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn metadata_bombs_are_read_within_the_memory_limit() {
    let cases = [
        ("profil.png", png_with_profile_bomb()),
        ("exif.webp", webp_with_huge_exif_claim()),
        ("metadata.jpg", jpeg_full_of_metadata()),
    ];
    assert!(cases[0].1.len() < 300 << 10, "{} bytes", cases[0].1.len());
    for (name, bytes) in cases {
        eprintln!("case {name}");
        let t = with_photo(name, &bytes);
        for command in ["check", "build"] {
            let run = run_capped(&t, &[command, "--lang", "en"], LIMIT, Some(ADDRESS_SPACE));
            // Processed as a photo without a profile (or its EXIF): nothing to refuse.
            run.expect(0, "1 photo");
            assert!(!run.stderr.contains(name), "{name}: {}", run.stderr);
            assert!(
                run.peak_rss_mb < 200,
                "{name}, {command}: peak RSS {} MB",
                run.peak_rss_mb
            );
        }
        let published = crate::support::files::files_under(&t.path("public"));
        let stem = name.split('.').next().unwrap();
        assert!(
            published
                .iter()
                .any(|(p, _)| p.contains(&format!("/{stem}.")) && p.ends_with(".webp")),
            "{name}: no web image published"
        );
    }
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn named_pipes_where_files_should_be_are_errors_at_the_file() {
    let t = with_photo("foto.jpg", &good_jpeg());
    // A photo, a description and a logo: each a named pipe, which `open` would wait on
    // forever (the run's time limit turns that into a failure).
    mkfifo(&t.path(&format!("{PRODUCT}/pipa.jpg")));
    mkfifo(&t.path(&format!("{PRODUCT}/index.md")));
    mkfifo(&t.path("content/logo.png"));
    mkfifo(&t.path("content/_theme/static/pipa.css"));
    let catalog = t.read("content/catalog.yaml");
    t.write("content/catalog.yaml", format!("{catalog}logo: logo.png\n"));
    // A product whose product.yaml is a pipe, listing its photo.
    mkfifo(&t.path("content/desa-contoh/sagon/product.yaml"));
    for command in ["check", "build"] {
        let run = run_limited(&t, &[command, "--lang", "en"], LIMIT);
        for file in [
            format!("{PRODUCT}/pipa.jpg"),
            format!("{PRODUCT}/index.md"),
            "content/logo.png".to_string(),
            "content/desa-contoh/sagon/product.yaml".to_string(),
        ] {
            run.expect(
                1,
                &format!(
                    "{file}:1:1: error: this is not a regular file but a named pipe (FIFO): \
                     etalase does not open it"
                ),
            );
        }
        run.expect(1, "help: delete it, and put the real file");
        // The good photo is still processed.
        assert!(!run.stderr.contains("foto.jpg"), "{}", run.stderr);
    }
    assert!(!t.path("public").exists(), "nothing published with errors");
}

/// A real arithmetic-coded JPEG made by libjpeg-turbo's `cjpeg -arithmetic`.
fn arithmetic_jpeg(dir: &Path) -> Vec<u8> {
    let img = photos::halves(320, 240);
    let mut ppm = format!("P6\n{} {}\n255\n", img.width(), img.height()).into_bytes();
    ppm.extend_from_slice(img.as_raw());
    let ppm_path = dir.join("foto.ppm");
    std::fs::write(&ppm_path, ppm).unwrap();
    let out = Command::new("cjpeg")
        .args(["-arithmetic", "-quality", "85"])
        .arg(&ppm_path)
        .output()
        .expect("cjpeg runs: install libjpeg-turbo-progs (apt-get install libjpeg-turbo-progs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // SOF9: extended sequential DCT, arithmetic coding.
    assert!(out.stdout.windows(2).any(|w| w == [0xFF, 0xC9]));
    out.stdout
}

#[test]
fn check_refuses_an_arithmetic_jpeg_as_build_does() {
    let tmp = tempfile::tempdir().unwrap();
    let t = with_photo("aritmetika.jpg", &arithmetic_jpeg(tmp.path()));
    let said = "keripik-pare/aritmetika.jpg:1:1: error: this JPEG uses a rare kind of \
                compression etalase cannot read: open it and save it again as an ordinary JPEG";
    for command in ["check", "build"] {
        run_limited(&t, &[command, "--lang", "en"], LIMIT).expect(1, said);
    }
}
