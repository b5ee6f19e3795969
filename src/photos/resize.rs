//! Choosing the web image sizes for a photo and making them from one decode,
//! then turning each small image upright.

use fast_image_resize::{ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage, RgbaImage};

use crate::photos::decode::Pixels;
use crate::photos::error::PhotoError;
use crate::photos::format::swaps_axes;

/// The largest side libwebp can encode; a web page has no use for more.
pub(crate) const MAX_SIDE: u32 = 16383;

/// Upright (width, height) of each web image, ascending. `widths` must be
/// sorted and free of zeros. Never enlarges: a width above the photo's is
/// dropped, and a photo narrower than every width gets one image at its own
/// width. Heights keep the aspect ratio.
pub(crate) fn rendition_sizes(width: u32, height: u32, widths: &[u32]) -> Vec<(u32, u32)> {
    let mut chosen: Vec<u32> = widths.iter().copied().filter(|&w| w <= width).collect();
    if chosen.is_empty() {
        chosen.push(width);
    }
    chosen
        .into_iter()
        .map(|w| {
            let h = (u64::from(w) * u64::from(height) + u64::from(width) / 2) / u64::from(width);
            (w, u32::try_from(h).unwrap_or(u32::MAX).max(1))
        })
        .collect()
}

/// Makes every size in `sizes` (upright, ascending) from `src` (stored
/// orientation), largest first, each from the one before: a cascade costs a
/// fraction of resizing each from the full decode and looks the same.
/// The results stay in stored orientation; see [`upright`].
pub(crate) fn resize_cascade(
    src: Pixels,
    orientation: Orientation,
    sizes: &[(u32, u32)],
) -> Result<Vec<Pixels>, PhotoError> {
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new(); // Lanczos3 convolution, SIMD
    let mut out: Vec<Pixels> = Vec::with_capacity(sizes.len());
    let mut decoded = Some(src);
    for &(w, h) in sizes.iter().rev() {
        let target = if swaps_axes(orientation) {
            (h, w)
        } else {
            (w, h)
        };
        let next = match (out.last(), decoded.take()) {
            (Some(previous), _) => resize(&mut resizer, previous, target, &options)?,
            // The decode of exactly the right size is taken as it is; else it
            // is freed here, once the largest size is made from it.
            (None, Some(decoded)) if decoded.dimensions() == target => decoded,
            (None, Some(decoded)) => resize(&mut resizer, &decoded, target, &options)?,
            (None, None) => return Err(PhotoError::internal("resizing")),
        };
        out.push(next);
    }
    out.reverse();
    Ok(out)
}

fn resize(
    resizer: &mut Resizer,
    from: &Pixels,
    (w, h): (u32, u32),
    options: &ResizeOptions,
) -> Result<Pixels, PhotoError> {
    let result = match from {
        Pixels::Rgb(img) => {
            let mut dst = RgbImage::new(w, h);
            resizer
                .resize(img, &mut dst, options)
                .map(|()| Pixels::Rgb(dst))
        }
        Pixels::Rgba(img) => {
            // Alpha is premultiplied for the filter and divided out after,
            // so transparent pixels don't bleed dark fringes.
            let mut dst = RgbaImage::new(w, h);
            resizer
                .resize(img, &mut dst, options)
                .map(|()| Pixels::Rgba(dst))
        }
    };
    result.map_err(|err| PhotoError::internal("resizing").with_detail(err))
}

/// Turns a small image upright as its EXIF orientation says.
pub(crate) fn upright(pixels: Pixels, orientation: Orientation) -> Pixels {
    if orientation == Orientation::NoTransforms {
        return pixels;
    }
    let mut img = match pixels {
        Pixels::Rgb(img) => DynamicImage::ImageRgb8(img),
        Pixels::Rgba(img) => DynamicImage::ImageRgba8(img),
    };
    img.apply_orientation(orientation);
    match img {
        DynamicImage::ImageRgba8(img) => Pixels::Rgba(img),
        other => Pixels::Rgb(other.into_rgb8()),
    }
}

#[cfg(test)]
mod tests {
    use image::metadata::Orientation;

    use crate::photos::decode::Pixels;
    use crate::photos::resize::{rendition_sizes, resize_cascade, upright};
    use crate::photos::testutil;

    #[test]
    fn sizes_never_enlarge_and_keep_the_aspect_ratio() {
        let widths = [320, 640, 1280];
        assert_eq!(
            rendition_sizes(4000, 3000, &widths),
            vec![(320, 240), (640, 480), (1280, 960)]
        );
        assert_eq!(
            rendition_sizes(1000, 750, &widths),
            vec![(320, 240), (640, 480)]
        );
        assert_eq!(
            rendition_sizes(640, 427, &widths),
            vec![(320, 214), (640, 427)]
        );
        // Smaller than every width: one image at its own size.
        assert_eq!(rendition_sizes(200, 150, &widths), vec![(200, 150)]);
        // No widths configured: the same.
        assert_eq!(rendition_sizes(200, 150, &[]), vec![(200, 150)]);
        // A very wide panorama never rounds a height to zero.
        assert_eq!(rendition_sizes(10000, 10, &[320]), vec![(320, 1)]);
    }

    #[test]
    fn cascade_makes_each_size_in_stored_orientation() {
        let src = Pixels::Rgb(testutil::textured(1000, 500, 1));
        let sizes = rendition_sizes(500, 1000, &[100, 250]); // upright portrait
        assert_eq!(sizes, vec![(100, 200), (250, 500)]);
        let out = resize_cascade(src, Orientation::Rotate90, &sizes).unwrap();
        let dims: Vec<_> = out.iter().map(Pixels::dimensions).collect();
        assert_eq!(dims, vec![(200, 100), (500, 250)]);
        let upright: Vec<_> = out
            .into_iter()
            .map(|p| upright(p, Orientation::Rotate90).dimensions())
            .collect();
        assert_eq!(upright, vec![(100, 200), (250, 500)]);
    }

    #[test]
    fn cascade_reuses_a_decode_of_exactly_the_right_size() {
        let img = testutil::textured(200, 150, 2);
        let out = resize_cascade(
            Pixels::Rgb(img.clone()),
            Orientation::NoTransforms,
            &[(200, 150)],
        )
        .unwrap();
        assert_eq!(out, vec![Pixels::Rgb(img)]);
    }
}
