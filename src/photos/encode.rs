//! Encoding one web image as lossy WebP (libwebp) and as JPEG (jpeg-encoder).
//!
//! Neither encoder is given any metadata, so no EXIF (GPS position, phone
//! model), XMP or ICC profile reaches the site.

use jpeg_encoder::{ColorType, SamplingFactor};
use webp::WebPConfig;

use crate::photos::decode::Pixels;
use crate::photos::error::PhotoError;

/// libwebp's effort setting. At method 2 (faster) WebP needed 104–107% of our
/// JPEG's bytes to reach the JPEG's SSIM; from method 3 on, libwebp optimises the
/// rate against the distortion, and WebP needs 89% of the JPEG's bytes on real
/// photographs and 98% on the benchmark's noisy synthetic ones (`cargo bench --bench
/// catalog -- --only ssim`): the smaller file at the same visual quality, which is
/// the reason to serve it first. Method 4, the default, is as good and 3% slower.
/// The build's cost: 900 photos at 11 a second on 2 cores instead of 17, once (the
/// cache keeps them), for about a tenth fewer WebP bytes at every view on every
/// buyer's phone.
const WEBP_METHOD: i32 = 3;

/// Lossy WebP at `quality` (1..=100), keeping transparency.
pub(crate) fn webp(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut config =
        WebPConfig::new().map_err(|()| PhotoError::internal("setting up the WebP encoder"))?;
    config.lossless = 0;
    config.quality = f32::from(quality);
    config.method = WEBP_METHOD;
    let (w, h) = pixels.dimensions();
    let encoder = match pixels {
        Pixels::Rgb(img) => webp::Encoder::from_rgb(img.as_raw(), w, h),
        Pixels::Rgba(img) => webp::Encoder::from_rgba(img.as_raw(), w, h),
    };
    encoder
        .encode_advanced(&config)
        .map(|memory| memory.to_vec())
        .map_err(|err| PhotoError::internal("encoding WebP").with_detail(format!("{err:?}")))
}

/// Baseline JPEG at `quality` (1..=100), 4:2:0 chroma, optimized Huffman
/// tables; transparency is flattened onto white, as a page background is.
pub(crate) fn jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let (w, h) = pixels.dimensions();
    let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
        return Err(PhotoError::bad_shape(w, h));
    };
    let flattened;
    let rgb: &[u8] = match pixels {
        Pixels::Rgb(img) => img.as_raw(),
        Pixels::Rgba(img) => {
            flattened = flatten_on_white(img.as_raw());
            &flattened
        }
    };
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(rgb, w16, h16, ColorType::Rgb)
        .map_err(|err| PhotoError::internal("encoding JPEG").with_detail(err))?;
    Ok(out)
}

/// RGBA (not premultiplied) over white, to RGB.
pub(crate) fn flatten_on_white(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let alpha = u32::from(px[3]);
        for &c in &px[..3] {
            let v = u32::from(c) * alpha + 255 * (255 - alpha);
            rgb.push(((v + 127) / 255) as u8);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use image::{Rgba, RgbaImage};

    use crate::photos::decode::Pixels;
    use crate::photos::encode::{jpeg, webp};
    use crate::photos::testutil;

    #[test]
    fn jpeg_is_baseline_4_2_0_at_the_given_quality() {
        let pixels = Pixels::Rgb(testutil::textured(320, 240, 1));
        let high = jpeg(&pixels, 90).unwrap();
        let low = jpeg(&pixels, 50).unwrap();
        assert!(low.len() < high.len());
        let sof = testutil::jpeg_sof0(&high).expect("baseline SOF0");
        // Three components; luma sampled 2×2, chroma 1×1: 4:2:0.
        assert_eq!(sof.components, vec![0x22, 0x11, 0x11]);
        // Huffman tables made for this image, not the standard's Annex K
        // ones (whose luma DC table has these code-length counts).
        let annex_k_luma_dc = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
        let tables = testutil::jpeg_huffman_counts(&high);
        assert!(!tables.is_empty() && !tables.contains(&annex_k_luma_dc));
        assert_eq!(testutil::load_rgb(&high).dimensions(), (320, 240));
    }

    #[test]
    fn alpha_is_kept_in_webp_and_flattened_on_white_in_jpeg() {
        let img = RgbaImage::from_fn(64, 64, |x, _| {
            if x < 32 {
                Rgba([0, 0, 0, 0]) // fully transparent black
            } else {
                Rgba([200, 30, 30, 255])
            }
        });
        let pixels = Pixels::Rgba(img);
        let jpeg_back = testutil::load_rgb(&jpeg(&pixels, 85).unwrap());
        let clear = jpeg_back.get_pixel(8, 32).0;
        assert!(
            clear.iter().all(|&c| c > 245),
            "transparent → white, got {clear:?}"
        );
        let webp_back = testutil::load_rgba(&webp(&pixels, 85).unwrap());
        assert_eq!(webp_back.get_pixel(8, 32).0[3], 0);
        assert_eq!(webp_back.get_pixel(56, 32).0[3], 255);
    }
}
