//! Photos that are not what they seem: empty, cut off, corrupt, text or HEIC under a
//! photo's name, scrambled; decompression bombs (refused before any large
//! allocation); animated GIF (refused) and animated WebP (its first frame shown).

use super::{LIMIT, good_jpeg, good_png, png_chunk, run_limited, with_photo};
use crate::support::files::files_under;
use crate::support::photos;
use std::io::Write;

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
