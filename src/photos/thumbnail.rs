//! A photo's thumbnail for the workshop's pages (issue 16, point 2): the build's own
//! probe, decode, resize and JPEG encoder, so a thumbnail shows what the site will
//! (upright by its EXIF orientation, colours in sRGB) and carries no metadata (no GPS
//! position, no phone model), as the site's images carry none. Made on request, not
//! cached on disk: the workshop keeps recent ones in memory.

use crate::photos::decode::{self, Pixels};
use crate::photos::encode;
use crate::photos::error::PhotoError;
use crate::photos::probe::probe;
use crate::photos::resize::{resize_cascade, upright};

/// A thumbnail's JPEG quality: small pictures in a list, not the product's page.
const QUALITY: u8 = 75;

/// A JPEG of the photo `bytes` no longer than `long_side` pixels on its long side
/// (never enlarged), upright, without metadata; or the build's refusal of the photo.
pub fn thumbnail(bytes: &[u8], long_side: u32) -> Result<Vec<u8>, PhotoError> {
    let info = probe(bytes)?;
    let (w, h) = fit(info.width, info.height, long_side.max(1));
    let decoded = decode::decode(bytes, &info, w)?;
    let small = resize_cascade(decoded, info.orientation, &[(w, h)])?
        .pop()
        .ok_or_else(|| PhotoError::internal("making a thumbnail"))?;
    let small: Pixels = upright(small, info.orientation);
    encode::jpeg(&small, QUALITY)
}

/// The upright size of `width`×`height` scaled to fit `long_side`, never enlarged,
/// never below one pixel.
fn fit(width: u32, height: u32, long_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_side {
        return (width, height);
    }
    let scale = |side: u32| {
        let s = (u64::from(side) * u64::from(long_side) + u64::from(long) / 2) / u64::from(long);
        u32::try_from(s).unwrap_or(long_side).max(1)
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::{fit, thumbnail};
    use crate::photos::testutil;
    use image::metadata::Orientation;

    #[test]
    fn fits_the_long_side_and_never_enlarges() {
        assert_eq!(fit(4000, 3000, 240), (240, 180));
        assert_eq!(fit(3000, 4000, 240), (180, 240));
        assert_eq!(fit(100, 50, 240), (100, 50));
        assert_eq!(fit(10000, 10, 240), (240, 1));
    }

    #[test]
    fn a_turned_phone_photo_comes_out_upright_and_bare() {
        // Stored on its side with EXIF orientation 6 (turn 90° clockwise to show).
        let upright_img = testutil::quadrants(400, 600);
        let stored = testutil::stored_for(&upright_img, Orientation::Rotate90);
        let jpeg = testutil::with_exif(&testutil::jpeg(&stored, 92), &testutil::exif_tiff(6, true));
        let thumb = thumbnail(&jpeg, 240).unwrap();
        let img = testutil::load_rgb(&thumb);
        assert_eq!(img.dimensions(), (160, 240));
        testutil::assert_quadrants(&img, "thumbnail of a turned photo");
        assert!(!testutil::contains(&thumb, b"Exif"), "no EXIF left");
        assert!(thumb.len() < jpeg.len());
    }

    #[test]
    fn png_and_webp_too_and_a_non_photo_is_refused_as_the_build_refuses_it() {
        let img = testutil::quadrants(500, 300);
        for bytes in [
            testutil::png(&image::DynamicImage::ImageRgb8(img.clone())),
            testutil::webp(&img),
        ] {
            let thumb = thumbnail(&bytes, 240).unwrap();
            assert_eq!(testutil::load_rgb(&thumb).dimensions(), (240, 144));
        }
        let err = thumbnail(b"hello", 240).unwrap_err();
        assert_eq!(err.kind, crate::photos::ErrorKind::NotAPhoto);
    }
}
