//! Decoding a photo once, at the smallest scale that still covers the largest
//! web image, into 8-bit RGB (or RGBA when it has real transparency).
//!
//! Pixels stay in the file's stored orientation: turning them upright is done
//! on the small outputs, where it is cheap. Pixels in an embedded colour profile
//! other than sRGB are converted to sRGB here, before any resizing.

use std::io::Cursor;

use image::{DynamicImage, RgbImage, RgbaImage};
use jpeg_decoder::PixelFormat;

use crate::photos::error::{PhotoError, cut_off_or, image_error};
use crate::photos::format::{Format, PhotoInfo, swaps_axes};
use crate::photos::limits::{MAX_ICC_BYTES, MAX_MEGAPIXELS, image_limits};
use crate::photos::{colour, metadata};

/// Decoded pixels, 8 bits a channel.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pixels {
    Rgb(RgbImage),
    /// Only for photos with at least one pixel that is not fully opaque.
    Rgba(RgbaImage),
}

impl Pixels {
    pub(crate) fn dimensions(&self) -> (u32, u32) {
        match self {
            Pixels::Rgb(img) => img.dimensions(),
            Pixels::Rgba(img) => img.dimensions(),
        }
    }

    /// Converted from the embedded colour profile `icc` to sRGB (see [`colour`]).
    fn convert_to_srgb(&mut self, icc: &[u8]) {
        match self {
            Pixels::Rgb(img) => colour::to_srgb(img, false, icc),
            Pixels::Rgba(img) => colour::to_srgb(img, true, icc),
        }
    }
}

/// Decodes `bytes` (already probed as `info`) so that its upright width is at
/// least `largest_width`, using the JPEG decoder's DCT scaling where it can.
pub(crate) fn decode(
    bytes: &[u8],
    info: &PhotoInfo,
    largest_width: u32,
) -> Result<Pixels, PhotoError> {
    match info.format {
        Format::Jpeg => decode_jpeg(bytes, info, largest_width),
        Format::Png => {
            // The profile is read here, bounded; the decoder gets the PNG without it.
            let (png, icc) = metadata::png_without_iccp(bytes);
            let decoder =
                image::codecs::png::PngDecoder::with_limits(Cursor::new(&*png), image_limits())
                    .map_err(image_error)?;
            let mut pixels = DynamicImage::from_decoder(decoder)
                .map(into_pixels)
                .map_err(|err| cut_off_or(bytes, info.format, image_error(err)))?;
            if let Some(icc) = icc {
                pixels.convert_to_srgb(&icc);
            }
            Ok(pixels)
        }
        Format::Webp => {
            let mut decoder =
                image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).map_err(image_error)?;
            image::ImageDecoder::set_limits(&mut decoder, image_limits()).map_err(image_error)?;
            // An animated WebP gives its first frame.
            let mut pixels = DynamicImage::from_decoder(decoder)
                .map(into_pixels)
                .map_err(|err| cut_off_or(bytes, info.format, image_error(err)))?;
            if let Some(icc) = metadata::webp_icc(bytes) {
                pixels.convert_to_srgb(icc);
            }
            Ok(pixels)
        }
    }
}

/// The JPEG DCT scale, in eighths (1, 2, 4 or 8), that `jpeg-decoder` picks
/// for a request of (`width`, `height`): the smallest whose output reaches the
/// request in at least one axis. The output is `ceil(size * scale / 8)`.
pub(crate) fn jpeg_scale_request(info: &PhotoInfo, largest_width: u32) -> (u16, u16) {
    let target = u16::try_from(largest_width).unwrap_or(u16::MAX);
    // A photo turned a quarter to stand upright takes its upright width from
    // the stored height, so the height is what must cover the target. The
    // other axis asks for the impossible so it never decides the scale.
    if swaps_axes(info.orientation) {
        (u16::MAX, target)
    } else {
        (target, u16::MAX)
    }
}

fn decode_jpeg(bytes: &[u8], info: &PhotoInfo, largest_width: u32) -> Result<Pixels, PhotoError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // Four bytes a pixel (CMYK) at full size is the most a legal photo needs.
    decoder.set_max_decoding_buffer_size((MAX_MEGAPIXELS * 4_000_000) as usize);
    let (req_w, req_h) = jpeg_scale_request(info, largest_width);
    decoder.scale(req_w, req_h).map_err(jpeg_error)?;
    let data = decoder.decode().map_err(jpeg_error)?;
    let Some(frame) = decoder.info() else {
        return Err(PhotoError::damaged().with_detail("JPEG decoder gave no frame info"));
    };
    let (w, h) = (u32::from(frame.width), u32::from(frame.height));
    let pixels = w as usize * h as usize;
    if data.len() != pixels * frame.pixel_format.pixel_bytes() {
        return Err(PhotoError::damaged().with_detail("JPEG decoder output has the wrong size"));
    }
    let rgb = match frame.pixel_format {
        PixelFormat::RGB24 => data,
        PixelFormat::L8 => data.iter().flat_map(|&l| [l, l, l]).collect(),
        PixelFormat::CMYK32 => cmyk_to_rgb(&data),
        // Lossless 16-bit JPEGs are refused by `probe` (precision != 8).
        PixelFormat::L16 => return Err(PhotoError::rare_jpeg()),
    };
    let mut pixels = RgbImage::from_raw(w, h, rgb)
        .map(Pixels::Rgb)
        .ok_or_else(|| PhotoError::damaged().with_detail("JPEG buffer size mismatch"))?;
    // The profile's APP2 segments (at most 255 of 64 KB), as `jpeg-decoder` joined them.
    // A CMYK or grey photo's profile is not for RGB pixels: `to_srgb` leaves those.
    if frame.pixel_format == PixelFormat::RGB24
        && let Some(icc) = decoder.icc_profile()
        && icc.len() <= MAX_ICC_BYTES
    {
        pixels.convert_to_srgb(&icc);
    }
    Ok(pixels)
}

/// `jpeg-decoder` hands back CMYK as ink amounts (0 = no ink), having already
/// undone Adobe's inverted storage and its YCCK transform; ink subtracts from
/// white. This is the naive conversion: without the file's ICC profile it is
/// the best available, and it is what browsers do for untagged CMYK.
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let white = 255 - u32::from(px[3]);
        for &ink in &px[..3] {
            let v = (255 - u32::from(ink)) * white;
            rgb.push(((v + 127) / 255) as u8);
        }
    }
    rgb
}

/// 8-bit RGB, or RGBA when some pixel is actually see-through: an opaque PNG
/// saved with an alpha channel then costs no alpha plane in the WebP.
fn into_pixels(img: DynamicImage) -> Pixels {
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        if rgba.pixels().any(|p| p[3] != 255) {
            return Pixels::Rgba(rgba);
        }
        Pixels::Rgb(DynamicImage::ImageRgba8(rgba).into_rgb8())
    } else {
        Pixels::Rgb(img.into_rgb8())
    }
}

fn jpeg_error(err: jpeg_decoder::Error) -> PhotoError {
    match err {
        jpeg_decoder::Error::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::truncated().with_detail(err)
        }
        jpeg_decoder::Error::Unsupported(_) => PhotoError::rare_jpeg().with_detail(err),
        _ => PhotoError::damaged().with_detail(err),
    }
}

#[cfg(test)]
mod tests {
    use image::metadata::Orientation;

    use crate::photos::decode::{Pixels, decode, jpeg_scale_request};
    use crate::photos::probe::probe;
    use crate::photos::testutil;

    fn decoded_size(bytes: &[u8], largest: u32) -> (u32, u32) {
        let info = probe(bytes).unwrap();
        decode(bytes, &info, largest).unwrap().dimensions()
    }

    #[test]
    fn jpeg_is_decoded_at_the_smallest_dct_scale_that_covers_the_largest_width() {
        let jpeg = testutil::jpeg(&testutil::textured(1600, 800, 1), 85);
        assert_eq!(decoded_size(&jpeg, 200), (200, 100)); // 1/8
        assert_eq!(decoded_size(&jpeg, 201), (400, 200)); // 1/4
        assert_eq!(decoded_size(&jpeg, 400), (400, 200)); // 1/4
        assert_eq!(decoded_size(&jpeg, 640), (800, 400)); // 1/2
        assert_eq!(decoded_size(&jpeg, 1280), (1600, 800)); // full
    }

    #[test]
    fn rotated_jpeg_scale_is_chosen_by_the_stored_height() {
        // Stored 1600×800, shown upright as 800×1600. A 160-wide output needs
        // 160 of stored height: 1/4 (400×200). Picking by stored width would
        // choose 1/8 (200×100), only 100 wide once upright.
        let plain = testutil::jpeg(&testutil::textured(1600, 800, 2), 85);
        let jpeg = testutil::with_exif(&plain, &testutil::exif_tiff(6, false));
        let info = probe(&jpeg).unwrap();
        assert_eq!(info.orientation, Orientation::Rotate90);
        assert_eq!(jpeg_scale_request(&info, 160), (u16::MAX, 160));
        assert_eq!(decoded_size(&jpeg, 160), (400, 200));
        assert_eq!(decoded_size(&jpeg, 100), (200, 100));
    }

    #[test]
    fn grayscale_and_progressive_jpegs_decode_to_rgb() {
        let gray = testutil::jpeg_gray(&image::GrayImage::from_fn(64, 48, |x, _| {
            image::Luma([(x * 4) as u8])
        }));
        let info = probe(&gray).unwrap();
        let Pixels::Rgb(rgb) = decode(&gray, &info, 64).unwrap() else {
            panic!("gray JPEG should decode to RGB");
        };
        let p = rgb.get_pixel(40, 10);
        assert!(
            p[0] == p[1] && p[1] == p[2] && p[0].abs_diff(160) < 6,
            "{p:?}"
        );

        let rgb = testutil::textured(300, 200, 3);
        let progressive = testutil::jpeg_progressive(&rgb);
        let info = probe(&progressive).unwrap();
        assert_eq!(
            decode(&progressive, &info, 300).unwrap().dimensions(),
            (300, 200)
        );
    }

    #[test]
    fn cmyk_and_adobe_ycck_jpegs_come_out_in_the_right_colours() {
        // Ink amounts: pure magenta+yellow is red, cyan+yellow is green,
        // half black is mid grey.
        let cmyk = testutil::cmyk_quadrants(64, 64);
        for ycck in [false, true] {
            let jpeg = testutil::jpeg_cmyk(&cmyk, 64, 64, ycck);
            let info = probe(&jpeg).unwrap();
            let Pixels::Rgb(rgb) = decode(&jpeg, &info, 64).unwrap() else {
                panic!("CMYK should decode to RGB");
            };
            let near = |x, y, want: [u8; 3]| {
                let got = rgb.get_pixel(x, y).0;
                let ok = got.iter().zip(want).all(|(g, w)| g.abs_diff(w) < 24);
                assert!(ok, "ycck={ycck} at ({x},{y}): got {got:?}, want {want:?}");
            };
            near(16, 16, [255, 0, 0]);
            near(48, 16, [0, 255, 0]);
            near(16, 48, [128, 128, 128]);
            near(48, 48, [255, 255, 255]);
        }
    }

    #[test]
    fn png_16_bit_and_alpha_and_webp_inputs_decode() {
        let rgb = testutil::textured(40, 30, 4);
        let wide = image::DynamicImage::ImageRgb8(rgb.clone()).into_rgb16();
        let png16 = testutil::png(&image::DynamicImage::ImageRgb16(wide));
        let info = probe(&png16).unwrap();
        let Pixels::Rgb(back) = decode(&png16, &info, 40).unwrap() else {
            panic!("16-bit PNG should decode to RGB");
        };
        assert_eq!(back, rgb);

        let mut rgba = image::DynamicImage::ImageRgb8(rgb.clone()).into_rgba8();
        rgba.get_pixel_mut(0, 0).0[3] = 0;
        let png = testutil::png(&image::DynamicImage::ImageRgba8(rgba.clone()));
        let info = probe(&png).unwrap();
        assert_eq!(decode(&png, &info, 40).unwrap(), Pixels::Rgba(rgba));

        // An alpha channel with every pixel opaque costs nothing downstream.
        let opaque = image::DynamicImage::ImageRgb8(rgb.clone()).into_rgba8();
        let png = testutil::png(&image::DynamicImage::ImageRgba8(opaque));
        let info = probe(&png).unwrap();
        assert!(matches!(decode(&png, &info, 40).unwrap(), Pixels::Rgb(_)));

        let webp = testutil::webp(&rgb);
        let info = probe(&webp).unwrap();
        assert_eq!(decode(&webp, &info, 40).unwrap().dimensions(), (40, 30));
    }

    #[test]
    fn animated_webp_gives_its_first_frame() {
        let webp = testutil::animated_webp_red_then_blue(32, 24);
        let info = probe(&webp).unwrap();
        let pixels = decode(&webp, &info, 32).unwrap();
        let px = match &pixels {
            Pixels::Rgb(img) => img.get_pixel(10, 10).0,
            Pixels::Rgba(img) => {
                let p = img.get_pixel(10, 10).0;
                [p[0], p[1], p[2]]
            }
        };
        assert!(px[0] > 200 && px[2] < 60, "first frame is red, got {px:?}");
    }
}
