//! Colours as the photo's maker saw them: pixels in an embedded colour profile other
//! than sRGB (Adobe RGB and ProPhoto from cameras and editors, Display P3 from phones)
//! are converted to sRGB, the colour space of the web images, before resizing. Without
//! it an orange (230,120,30) in Adobe RGB is shown as (206,119,42), and batik and jamu
//! colours matter to buyers. The web images carry no profile, as before.
//!
//! `moxcms` does the conversion: pure Rust (nothing to build beside the crate), already
//! in the build as `image`'s colour manager, and within ΔE 2 of Little CMS on the tests'
//! colours once encoded as WebP and JPEG (see `tests/etalase/hostile/colours.rs`). A photo without a profile, or with
//! an sRGB one, is left as it is and costs nothing.

use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions, Xyzd};

/// Converts 8-bit RGB (or, with `alpha`, RGBA) pixels from the colour space `icc`
/// describes to sRGB, in place. A profile that cannot be read, is not for RGB pixels,
/// or is sRGB already leaves them as they are: shown as sRGB, as browsers show a photo
/// without a profile.
pub(crate) fn to_srgb(raw: &mut [u8], alpha: bool, icc: &[u8]) {
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb || is_srgb(&profile) {
        return;
    }
    let srgb = ColorProfile::new_srgb();
    let layout = if alpha { Layout::Rgba } else { Layout::Rgb };
    let Ok(transform) =
        profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default())
    else {
        return;
    };
    let mut out = vec![0u8; raw.len()];
    if transform.transform(raw, &mut out).is_ok() {
        raw.copy_from_slice(&out);
    }
}

/// Whether a matrix-and-curves profile has sRGB's primaries (as most phones' "sRGB"
/// profiles do, some with their own tone curve tables): such a photo is shown as it is.
fn is_srgb(profile: &ColorProfile) -> bool {
    let srgb = ColorProfile::new_srgb();
    let near = |a: Xyzd, b: Xyzd| {
        (a.x - b.x).abs() < 0.0015 && (a.y - b.y).abs() < 0.0015 && (a.z - b.z).abs() < 0.0015
    };
    profile.is_matrix_shaper()
        && near(profile.red_colorant, srgb.red_colorant)
        && near(profile.green_colorant, srgb.green_colorant)
        && near(profile.blue_colorant, srgb.blue_colorant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(profile: &ColorProfile, rgb: [u8; 3]) -> [u8; 3] {
        let icc = profile.encode().unwrap();
        let mut raw = rgb.repeat(4);
        to_srgb(&mut raw, false, &icc);
        [raw[9], raw[10], raw[11]]
    }

    #[test]
    fn wide_gamut_orange_becomes_a_more_saturated_srgb_orange() {
        // Adobe RGB's (206,119,42) is about sRGB's (230,120,30): the finding reversed.
        let got = converted(&ColorProfile::new_adobe_rgb(), [206, 119, 42]);
        assert!(
            got.iter()
                .zip([230u8, 120, 30])
                .all(|(g, w)| g.abs_diff(w) <= 4),
            "{got:?}"
        );
        // An sRGB profile changes nothing; an unreadable one neither.
        assert_eq!(
            converted(&ColorProfile::new_srgb(), [206, 119, 42]),
            [206, 119, 42]
        );
        let mut raw = [1, 2, 3, 255];
        to_srgb(&mut raw, true, b"not a profile");
        assert_eq!(raw, [1, 2, 3, 255]);
    }
}
