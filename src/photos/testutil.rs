//! Test photos made in code: textured pictures, every format and colour
//! model the pipeline reads, EXIF written by hand, and damaged files.

use image::metadata::Orientation;
use image::{DynamicImage, GrayImage, ImageFormat, Rgb, RgbImage};

pub use crate::testing::photos::{next_random, textured};

pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x = next_random(x);
            (x >> 24) as u8
        })
        .collect()
}

/// Four flat quadrants (red, green / blue, white) with a light texture: an
/// upside-down or mirrored output is easy to tell.
pub fn quadrants(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let shade = ((x * 7 + y * 13) % 9) as u8;
        match (x < width / 2, y < height / 2) {
            (true, true) => Rgb([230 + shade, 20, 20]),
            (false, true) => Rgb([20, 200 + shade, 20]),
            (true, false) => Rgb([20, 20, 230 + shade]),
            (false, false) => Rgb([240 + shade, 240, 240]),
        }
    })
}

/// Checks the colours of [`quadrants`] at the centre of each quadrant.
pub fn assert_quadrants(img: &RgbImage, context: &str) {
    let (w, h) = img.dimensions();
    let want = [
        ((w / 4, h / 4), [230, 20, 20]),
        ((3 * w / 4, h / 4), [20, 200, 20]),
        ((w / 4, 3 * h / 4), [20, 20, 230]),
        ((3 * w / 4, 3 * h / 4), [240, 240, 240]),
    ];
    for ((x, y), colour) in want {
        let got = img.get_pixel(x, y).0;
        let close = got.iter().zip(colour).all(|(g, c)| g.abs_diff(c) < 40);
        assert!(
            close,
            "{context}: at ({x},{y}) got {got:?}, want about {colour:?}"
        );
    }
}

/// What a camera stores so that `orientation` shows `upright`.
pub fn stored_for(upright: &RgbImage, orientation: Orientation) -> RgbImage {
    let inverse = match orientation {
        Orientation::Rotate90 => Orientation::Rotate270,
        Orientation::Rotate270 => Orientation::Rotate90,
        other => other, // flips, 180° and the transposes undo themselves
    };
    let mut img = DynamicImage::ImageRgb8(upright.clone());
    img.apply_orientation(inverse);
    img.into_rgb8()
}

pub fn jpeg(rgb: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    let (w, h) = rgb.dimensions();
    encoder
        .encode(
            rgb.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

pub fn jpeg_progressive(rgb: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.set_progressive(true);
    let (w, h) = rgb.dimensions();
    encoder
        .encode(
            rgb.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

pub fn jpeg_gray(gray: &GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    let (w, h) = gray.dimensions();
    encoder
        .encode(
            gray.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Luma,
        )
        .unwrap();
    out
}

/// A JPEG carrying a (dummy) ICC profile in APP2.
pub fn jpeg_with_icc(rgb: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.add_icc_profile(&[7u8; 600]).unwrap();
    let (w, h) = rgb.dimensions();
    encoder
        .encode(
            rgb.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// CMYK ink amounts: red (M+Y), green (C+Y), half black, no ink.
pub fn cmyk_quadrants(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for y in 0..height {
        for x in 0..width {
            out.extend_from_slice(match (x < width / 2, y < height / 2) {
                (true, true) => &[0, 255, 255, 0],
                (false, true) => &[255, 0, 255, 0],
                (true, false) => &[0, 0, 0, 127],
                (false, false) => &[0, 0, 0, 0],
            });
        }
    }
    out
}

/// A 4-component JPEG as Photoshop writes them: Adobe APP14, inverted CMYK
/// (transform 0) or YCCK (transform 2).
pub fn jpeg_cmyk(cmyk: &[u8], width: u32, height: u32, ycck: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, 95);
    let colour = if ycck {
        jpeg_encoder::ColorType::CmykAsYcck
    } else {
        jpeg_encoder::ColorType::Cmyk
    };
    encoder
        .encode(cmyk, width as u16, height as u16, colour)
        .unwrap();
    assert!(contains(&out, b"Adobe"));
    out
}

/// SOI and a baseline frame header claiming `width`×`height`, then nothing.
pub fn jpeg_header_only(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8];
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    out
}

/// A little-endian TIFF block as found in EXIF: IFD0 with Orientation; with
/// `extras`, also Make ("TestPhone") and a GPS IFD (latitude ref "S").
pub fn exif_tiff(orientation: u16, extras: bool) -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    let entries = if extras { 3 } else { 1 };
    let ifd0_end = 8 + 2 + 12 * entries + 4;
    let make_at = ifd0_end;
    let make = b"TestPhone\0";
    let gps_at = make_at + make.len() as u32;
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&(entries as u16).to_le_bytes());
    if extras {
        out.extend(entry(0x010F, ASCII, make.len() as u32, make_at));
    }
    out.extend(entry(0x0112, SHORT, 1, u32::from(orientation)));
    if extras {
        out.extend(entry(0x8825, LONG, 1, gps_at));
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    if extras {
        out.extend_from_slice(make);
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend(entry(0x0001, ASCII, 2, u32::from_le_bytes(*b"S\0\0\0")));
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

/// Inserts an `Exif` APP1 segment right after SOI.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG with an `eXIf` chunk right after IHDR.
pub fn png_with_exif(img: &DynamicImage, tiff: &[u8]) -> Vec<u8> {
    let plain = png(img);
    let ihdr_end = 8 + 8 + 13 + 4;
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(chunk(b"eXIf", tiff, false));
    out.extend_from_slice(&plain[ihdr_end..]);
    out
}

pub fn webp(rgb: &RgbImage) -> Vec<u8> {
    let (w, h) = rgb.dimensions();
    webp::Encoder::from_rgb(rgb.as_raw(), w, h)
        .encode(90.0)
        .to_vec()
}

/// An extended WebP (VP8X) carrying an EXIF chunk.
pub fn webp_with_exif(rgb: &RgbImage, tiff: &[u8]) -> Vec<u8> {
    let simple = webp(rgb);
    assert_eq!(&simple[12..16], b"VP8 ");
    let (w, h) = rgb.dimensions();
    let mut vp8x = vec![0x08, 0, 0, 0]; // flags: EXIF present
    vp8x.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(chunk(b"VP8X", &vp8x, true));
    body.extend_from_slice(&simple[12..]);
    body.extend(chunk(b"EXIF", tiff, true));
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// Two frames, red then blue.
pub fn animated_webp_red_then_blue(width: u32, height: u32) -> Vec<u8> {
    let red = RgbImage::from_pixel(width, height, Rgb([230, 10, 10]));
    let blue = RgbImage::from_pixel(width, height, Rgb([10, 10, 230]));
    let config = webp::WebPConfig::new().unwrap();
    let mut encoder = webp::AnimEncoder::new(width, height, &config);
    encoder.add_frame(webp::AnimFrame::from_rgb(red.as_raw(), width, height, 0));
    encoder.add_frame(webp::AnimFrame::from_rgb(blue.as_raw(), width, height, 100));
    let out = encoder.encode().to_vec();
    assert!(contains(&out, b"ANMF"));
    out
}

/// The start of an iPhone HEIC file: an ISO media `ftyp` box, brand heic.
pub fn heic_like() -> Vec<u8> {
    let mut out = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    out.extend(random_bytes(3000, 99));
    out
}

/// A PNG chunk (big-endian, CRC) or a RIFF chunk (little-endian, padded).
fn chunk(kind: &[u8; 4], data: &[u8], riff: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if riff {
        out.extend_from_slice(kind);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
    } else {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[4..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Decodes a web image the pipeline wrote. JPEGs go through `jpeg-decoder`:
/// `image`'s JPEG decoder (zune-jpeg 0.5) gets the colours of jpeg-encoder's
/// optimized-Huffman files wrong (they hold one scan per component, which is
/// legal and which libjpeg-turbo, and so every browser, reads correctly).
pub fn load_rgba(bytes: &[u8]) -> image::RgbaImage {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let pixels = decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
        let rgb =
            RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels).unwrap();
        DynamicImage::ImageRgb8(rgb).into_rgba8()
    } else {
        image::load_from_memory(bytes).unwrap().into_rgba8()
    }
}

pub fn load_rgb(bytes: &[u8]) -> RgbImage {
    DynamicImage::ImageRgba8(load_rgba(bytes)).into_rgb8()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The markers of a JPEG's segments up to its first scan.
pub fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    jpeg_segments(jpeg).iter().map(|(m, _)| *m).collect()
}

/// The chunk names of a WebP file.
pub fn webp_chunks(webp: &[u8]) -> Vec<&[u8; 4]> {
    let mut out = Vec::new();
    let mut pos = 12;
    while pos + 8 <= webp.len() {
        let name: &[u8; 4] = webp[pos..pos + 4].try_into().unwrap();
        let len = u32::from_le_bytes(webp[pos + 4..pos + 8].try_into().unwrap()) as usize;
        out.push(name);
        pos += 8 + len + len % 2;
    }
    out
}

pub struct Sof {
    /// Sampling byte (H << 4 | V) of each component.
    pub components: Vec<u8>,
}

/// The baseline frame header, if the JPEG is baseline.
pub fn jpeg_sof0(jpeg: &[u8]) -> Option<Sof> {
    let (_, data) = jpeg_segments(jpeg).into_iter().find(|(m, _)| *m == 0xC0)?;
    let n = usize::from(data[5]);
    Some(Sof {
        components: (0..n).map(|i| data[6 + i * 3 + 1]).collect(),
    })
}

fn jpeg_segments(jpeg: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    let mut pos = 2;
    while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF {
        let marker = jpeg[pos + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        out.push((marker, &jpeg[pos + 4..pos + 2 + len]));
        if marker == 0xDA {
            break;
        }
        pos += 2 + len;
    }
    out
}

/// The 16 code-length counts of each Huffman table in a JPEG's DHT segments.
pub fn jpeg_huffman_counts(jpeg: &[u8]) -> Vec<[u8; 16]> {
    let mut out = Vec::new();
    for (marker, data) in jpeg_segments(jpeg) {
        if marker != 0xC4 {
            continue;
        }
        let mut pos = 0;
        while pos + 17 <= data.len() {
            let counts: [u8; 16] = data[pos + 1..pos + 17].try_into().unwrap();
            pos += 17 + counts.iter().map(|&c| usize::from(c)).sum::<usize>();
            out.push(counts);
        }
    }
    out
}
