//! Privacy: no published file holds a photo's metadata (EXIF, XMP, IPTC, PNG and WebP
//! chunks) or an original photo; phone numbers and home addresses in descriptions
//! are warned about.

use super::{CatalogTest, LIMIT, PRODUCT, png_chunk, run_limited};
use crate::support::files::files_under;
use crate::support::photos;

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
