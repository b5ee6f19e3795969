//! Real image files made in code: JPEG with EXIF orientation and GPS, grayscale, CMYK,
//! PNG with alpha, 16-bit PNG, WebP.

use image::{ImageBuffer, Luma, Rgb, Rgba};
use std::io::Cursor;

/// A textured RGB image: left half reddish, right half bluish, with noise so encoders
/// behave as on photos.
pub fn halves(w: u32, h: u32) -> image::RgbImage {
    ImageBuffer::from_fn(w, h, |x, y| {
        let n = ((x * 7919 + y * 104729) % 23) as u8;
        if x < w / 2 {
            Rgb([220 - n, 30 + n, 30])
        } else {
            Rgb([30, 40 + n, 220 - n])
        }
    })
}

pub fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

/// A JPEG whose EXIF says "rotate 90° clockwise to show" (orientation 6), with GPS
/// coordinates and a camera make, as phones write them.
pub fn phone_jpeg(w: u32, h: u32) -> Vec<u8> {
    let plain = jpeg(&halves(w, h));
    let exif = exif_orientation_6_with_gps();
    let mut out = Vec::with_capacity(plain.len() + exif.len() + 4);
    out.extend_from_slice(&plain[..2]); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

/// `Exif\0\0` + a big-endian TIFF with IFD0 {Make, Orientation=6, GPS pointer} and a GPS
/// IFD {LatitudeRef=S, Latitude=8°10'0"}.
fn exif_orientation_6_with_gps() -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\0\x2a");
    t.extend_from_slice(&8u32.to_be_bytes());
    // IFD0 at 8: 3 entries → ends at 8 + 2 + 36 + 4 = 50.
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, 10, 50); // Make, ASCII[10] at 50
    t.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation, SHORT, 1, value 6
    t.extend_from_slice(&3u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&[0, 6, 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 60); // GPS IFD pointer → 60
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(b"TestPhone\0"); // 50..60
    // GPS IFD at 60: 2 entries → ends at 60 + 2 + 24 + 4 = 90.
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&0x0001u16.to_be_bytes()); // GPSLatitudeRef ASCII[2] "S"
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&2u32.to_be_bytes());
    t.extend_from_slice(b"S\0\0\0");
    entry(&mut t, 0x0002, 5, 3, 90); // GPSLatitude RATIONAL[3] at 90
    t.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in [(8u32, 1u32), (10, 1), (0, 1)] {
        t.extend_from_slice(&n.to_be_bytes());
        t.extend_from_slice(&d.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&t);
    app1
}

fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    t.extend_from_slice(&tag.to_be_bytes());
    t.extend_from_slice(&kind.to_be_bytes());
    t.extend_from_slice(&count.to_be_bytes());
    t.extend_from_slice(&value.to_be_bytes());
}

pub fn gray_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img: image::GrayImage = ImageBuffer::from_fn(w, h, |x, y| Luma([((x + y) % 256) as u8]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

/// A CMYK JPEG (as print shops and some scanners save), mostly cyan.
pub fn cmyk_jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut px = Vec::with_capacity(w as usize * h as usize * 4);
    for _ in 0..(w as usize * h as usize) {
        px.extend_from_slice(&[200, 0, 0, 0]);
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&px, w, h, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    out
}

pub fn alpha_png(w: u32, h: u32) -> Vec<u8> {
    let img: image::RgbaImage = ImageBuffer::from_fn(w, h, |x, _| {
        Rgba([0, 128, 0, if x < w / 2 { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn png16(w: u32, h: u32) -> Vec<u8> {
    let img: ImageBuffer<Rgb<u16>, Vec<u16>> =
        ImageBuffer::from_fn(w, h, |x, y| Rgb([(x * 60) as u16, (y * 60) as u16, 30000]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

pub fn webp(w: u32, h: u32) -> Vec<u8> {
    let img = halves(w, h);
    webp::Encoder::from_rgb(img.as_raw(), w, h)
        .encode(80.0)
        .to_vec()
}
