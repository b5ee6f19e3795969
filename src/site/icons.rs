//! Home-screen icons: made from the catalog's logo when it has one, else a shop window
//! (an *etalase*) drawn here, so every catalog installs with an icon of its own or a
//! decent default.
//!
//! Android crops "maskable" icons to a circle or a squircle, keeping only the middle
//! 80 %; iOS rounds the corners of its 180 px icon itself and shows black where it is
//! transparent. So each use gets its own picture: a rounded square for browsers, full
//! bleed with the subject inside the safe zone for Android, full bleed for iOS.

use crate::catalog::load::Source;
use crate::catalog::yaml::Seg;
use crate::diag::{Diagnostic, Diagnostics, fsio};
use image::imageops;
use image::{DynamicImage, RgbaImage};
use std::path::{Component, Path};

/// Where the icons are written, relative to the site root.
pub const DIR: &str = "icons/";
/// The icons the pages' heads name (the others are the manifest's, which a browser
/// fetches and keeps itself when the app is installed): the only ones a phone needs
/// stored for pages to open offline.
pub const IN_PAGES: [&str; 2] = ["apple-touch-icon.png", "favicon-32.png"];

/// One icon file.
#[derive(Debug, Clone)]
pub struct Icon {
    /// Path relative to the site root (`icons/icon-192.png`).
    pub path: String,
    pub size: u32,
    /// Full bleed with its subject in the middle 80 %: `purpose: maskable`.
    pub maskable: bool,
    /// Listed in the manifest (the others are linked from every page's `<head>`).
    pub in_manifest: bool,
    pub png: Vec<u8>,
}

/// How a picture is laid on its square.
#[derive(Clone, Copy)]
enum Layout {
    /// A rounded square, transparent corners (browsers' tabs, desktop installs).
    Rounded,
    /// Full bleed, the subject scaled to `f32` of the side, centred.
    Full(f32),
}

const BROWN: [u8; 3] = [0x5b, 0x34, 0x19];
const CREAM: [u8; 3] = [0xfb, 0xf7, 0xf1];
const TEAL: [u8; 3] = [0x1a, 0x8a, 0x82];
const GOLD: [u8; 3] = [0xe9, 0xc9, 0x8f];
const RUST: [u8; 3] = [0x8a, 0x34, 0x12];
const AMBER: [u8; 3] = [0xd9, 0x8e, 0x04];
const WHITE: [u8; 3] = [255, 255, 255];

/// The most pixels a logo may have: a logo is a small picture; more is a mistake (a
/// photo of a banner) that would take long to decode.
const LOGO_MAX_PIXELS: u64 = 25_000_000;

/// The catalog's logo (`logo:` in `catalog.yaml`: a PNG, JPEG or WebP file in the
/// content folder), decoded. A problem with it is reported at the `logo:` line, and
/// the default icons are used.
pub fn load_logo(source: &Source, diags: &mut Diagnostics) -> Option<DynamicImage> {
    let name = source.catalog.raw.logo.as_deref()?.trim();
    let (path, pos) = source.catalog.at(&[Seg::Key("logo")]);
    let fail = |diags: &mut Diagnostics, en: String, id: String| {
        diags.push(
            Diagnostic::error(path.clone(), pos, crate::diag::Text { en, id }).help(
                crate::diag::Text {
                    en: "put a PNG, JPEG or WebP picture in the content folder and name it, like `logo: logo.png`".into(),
                    id: "taruh gambar PNG, JPEG atau WebP di folder konten dan tulis namanya, seperti `logo: logo.png`".into(),
                },
            ),
        );
        None
    };
    let inside = Path::new(name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if name.is_empty() || !inside {
        return fail(
            diags,
            format!("logo must be a file in the content folder; found {name:?}"),
            format!("logo harus berkas di dalam folder konten; yang tertulis {name:?}"),
        );
    }
    let file = source.root.join(name);
    source.seen.file_at(&file);
    let bytes = match fsio::read(&file) {
        Ok(b) => b,
        Err(err) if err.special().is_some() => {
            let kind = err.special().unwrap_or(fsio::Special::Other);
            let diag = fsio::special_file_diagnostic(&file, kind);
            // Said already when the listing of its folder met it.
            if !diags.iter().any(|d| *d == diag) {
                diags.push(diag);
            }
            return None;
        }
        Err(_) => {
            return fail(
                diags,
                format!("the logo {name} is not in the content folder"),
                format!("logo {name} tidak ada di folder konten"),
            );
        }
    };
    let decoded = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())
        .and_then(|r| {
            let (w, h) = r.into_dimensions().map_err(|e| e.to_string())?;
            if u64::from(w) * u64::from(h) > LOGO_MAX_PIXELS {
                return Err(format!("{w}×{h} pixels"));
            }
            image::load_from_memory(&bytes).map_err(|e| e.to_string())
        });
    match decoded {
        Ok(img) => Some(img),
        Err(e) => fail(
            diags,
            format!("the logo {name} cannot be used: {e}"),
            format!("logo {name} tidak bisa dipakai: {e}"),
        ),
    }
}

/// The icons of a catalog: from `logo` when given, else the default drawing.
pub fn icons(logo: Option<&DynamicImage>) -> Vec<Icon> {
    let draw = |size: u32, layout: Layout| match logo {
        Some(l) => from_logo(l, size, layout),
        None => default_icon(size, layout),
    };
    // Each drawn at its own size: sharper than shrinking, and quicker.
    let icon = |name: &str, size, layout, maskable, in_manifest| Icon {
        path: format!("{DIR}{name}"),
        size,
        maskable,
        in_manifest,
        png: png(&draw(size, layout)),
    };
    debug_assert_eq!(IN_PAGES, ["apple-touch-icon.png", "favicon-32.png"]);
    vec![
        icon("icon-192.png", 192, Layout::Rounded, false, true),
        icon("icon-512.png", 512, Layout::Rounded, false, true),
        icon("icon-maskable-512.png", 512, Layout::Full(0.78), true, true),
        icon("apple-touch-icon.png", 180, Layout::Full(0.9), false, false),
        icon("favicon-32.png", 32, Layout::Rounded, false, false),
    ]
}

/// The logo, contained in the middle of a white square.
fn from_logo(logo: &DynamicImage, size: u32, layout: Layout) -> RgbaImage {
    let (canvas, scale) = match layout {
        Layout::Rounded => {
            let mut c = Canvas::new(size);
            c.fill(Shape::rounded((0.0, 0.0, 1.0, 1.0), 0.18), 1.0, WHITE);
            (c, 0.84)
        }
        // A logo is not made for a safe zone: inside the circle Android keeps, a square
        // logo may be 56 % of the side.
        Layout::Full(s) => (Canvas::filled(size, WHITE), s * 0.72),
    };
    let mut img = canvas.into_image();
    let rgba = logo.to_rgba8();
    let side = (size as f32 * scale).round().max(1.0);
    let k = side / rgba.width().max(rgba.height()).max(1) as f32;
    let (w, h) = (
        ((rgba.width() as f32 * k).round() as u32).max(1),
        ((rgba.height() as f32 * k).round() as u32).max(1),
    );
    let fitted = resize(&rgba, w, h);
    imageops::overlay(
        &mut img,
        &fitted,
        i64::from((size - w) / 2),
        i64::from((size - h) / 2),
    );
    img
}

/// A shop window: a striped awning over a counter with three products on it, in the
/// default theme's colours.
fn default_icon(size: u32, layout: Layout) -> RgbaImage {
    let (mut c, s) = match layout {
        Layout::Rounded => {
            let mut c = Canvas::new(size);
            c.fill(Shape::rounded((0.0, 0.0, 1.0, 1.0), 0.18), 1.0, BROWN);
            (c, 1.0)
        }
        Layout::Full(s) => (Canvas::filled(size, BROWN), s),
    };
    // The awning: a rod, then stripes with scalloped ends.
    c.fill(Shape::rounded((0.12, 0.16, 0.88, 0.21), 0.025), s, GOLD);
    for i in 0..6 {
        let x0 = 0.14 + 0.12 * i as f32;
        let colour = if i % 2 == 0 { CREAM } else { TEAL };
        c.fill(Shape::rounded((x0, 0.2, x0 + 0.12, 0.36), 0.0), s, colour);
        c.fill(Shape::Disc((x0 + 0.06, 0.36), 0.06), s, colour);
    }
    // The counter and its window; a jar with a lid, a bag, a bottle.
    for (b, r, colour) in [
        ((0.18, 0.47, 0.82, 0.85), 0.035, CREAM),
        ((0.24, 0.53, 0.76, 0.79), 0.02, GOLD),
        ((0.29, 0.6, 0.39, 0.77), 0.02, TEAL),
        ((0.28, 0.57, 0.40, 0.61), 0.01, BROWN),
        ((0.44, 0.62, 0.57, 0.77), 0.02, RUST),
        ((0.62, 0.6, 0.71, 0.77), 0.02, AMBER),
        ((0.645, 0.54, 0.685, 0.61), 0.008, AMBER),
    ] {
        c.fill(Shape::rounded(b, r), s, colour);
    }
    c.into_image()
}

/// A shape of the design, in its unit square.
#[derive(Clone, Copy)]
enum Shape {
    /// A box (x0, y0, x1, y1) with corners rounded by a radius.
    Rounded((f32, f32, f32, f32), f32),
    /// A disc: centre and radius.
    Disc((f32, f32), f32),
}

impl Shape {
    fn rounded(b: (f32, f32, f32, f32), r: f32) -> Shape {
        Shape::Rounded(b, r)
    }

    fn bounds(self) -> (f32, f32, f32, f32) {
        match self {
            Shape::Rounded(b, _) => b,
            Shape::Disc((x, y), r) => (x - r, y - r, x + r, y + r),
        }
    }

    /// Signed distance from `p` (negative inside).
    fn distance(self, p: (f32, f32)) -> f32 {
        match self {
            Shape::Rounded(b, r) => {
                let (cx, cy) = ((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0);
                let (hx, hy) = ((b.2 - b.0) / 2.0 - r, (b.3 - b.1) / 2.0 - r);
                let (qx, qy) = ((p.0 - cx).abs() - hx, (p.1 - cy).abs() - hy);
                let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
                outside + qx.max(qy).min(0.0) - r
            }
            Shape::Disc(c, r) => ((p.0 - c.0).powi(2) + (p.1 - c.1).powi(2)).sqrt() - r,
        }
    }

    /// The x range wholly inside the shape along the horizontal line at `y`, if any.
    fn inside_at(self, y: f32) -> Option<(f32, f32)> {
        match self {
            Shape::Rounded(b, r) => {
                let dy = (b.1 + r - y).max(y - (b.3 - r)).max(0.0);
                if dy >= r && r > 0.0 || y <= b.1 || y >= b.3 {
                    return None;
                }
                let inset = r - (r * r - dy * dy).max(0.0).sqrt();
                Some((b.0 + inset, b.2 - inset))
            }
            Shape::Disc(c, r) => {
                let dy = (y - c.1).abs();
                (dy < r).then(|| {
                    let half = (r * r - dy * dy).sqrt();
                    (c.0 - half, c.0 + half)
                })
            }
        }
    }
}

/// A square RGBA picture, painted shape by shape with anti-aliased edges: coverage
/// from the signed distance near the edges, the inside filled row by row (which keeps
/// even a debug build quick).
struct Canvas {
    size: u32,
    px: Vec<[u8; 4]>,
}

impl Canvas {
    fn new(size: u32) -> Canvas {
        Canvas {
            size,
            px: vec![[0; 4]; (size * size) as usize],
        }
    }

    fn filled(size: u32, rgb: [u8; 3]) -> Canvas {
        Canvas {
            size,
            px: vec![[rgb[0], rgb[1], rgb[2], 255]; (size * size) as usize],
        }
    }

    /// Paints `shape`, the design being scaled by `scale` about the centre.
    fn fill(&mut self, shape: Shape, scale: f32, rgb: [u8; 3]) {
        let n = self.size as f32;
        let size = self.size as i64;
        let to_px = |v: f32| ((v - 0.5) * scale + 0.5) * n;
        let to_design = |px: f32| (px / n - 0.5) / scale + 0.5;
        let b = shape.bounds();
        let lo = |v: f32| (to_px(v).floor() as i64 - 1).clamp(0, size) as usize;
        let hi = |v: f32| (to_px(v).ceil() as i64 + 1).clamp(0, size) as usize;
        let solid = [rgb[0], rgb[1], rgb[2], 255];
        for y in lo(b.1)..hi(b.3) {
            let row = y * self.size as usize;
            // Pixels whose square is wholly inside: between the row's inside ranges at
            // its top and bottom edges (the shapes are convex), less a pixel.
            let span = match (
                shape.inside_at(to_design(y as f32)),
                shape.inside_at(to_design(y as f32 + 1.0)),
            ) {
                (Some(a), Some(c)) => {
                    let x0 = (to_px(a.0.max(c.0)).ceil() as i64 + 1).clamp(0, size) as usize;
                    let x1 = (to_px(a.1.min(c.1)).floor() as i64 - 1).clamp(0, size) as usize;
                    (x0 < x1).then_some((x0, x1))
                }
                _ => None,
            };
            let mut x = lo(b.0);
            while x < hi(b.2) {
                if let Some((s0, s1)) = span
                    && x == s0
                {
                    self.px[row + s0..row + s1].fill(solid);
                    x = s1;
                    continue;
                }
                let p = (to_design(x as f32 + 0.5), to_design(y as f32 + 0.5));
                let cover = (0.5 - shape.distance(p) * scale * n).clamp(0.0, 1.0);
                if cover > 0.0 {
                    let d = &mut self.px[row + x];
                    let da = f32::from(d[3]) / 255.0;
                    let a = cover + da * (1.0 - cover);
                    for i in 0..3 {
                        let mixed =
                            (f32::from(rgb[i]) * cover + f32::from(d[i]) * da * (1.0 - cover)) / a;
                        d[i] = mixed.round() as u8;
                    }
                    d[3] = (a * 255.0).round() as u8;
                }
                x += 1;
            }
        }
    }

    fn into_image(self) -> RgbaImage {
        RgbaImage::from_raw(self.size, self.size, self.px.into_flattened())
            .expect("size × size pixels")
    }
}

/// Lanczos3 resizing with alpha, by `fast_image_resize` (whose code is compiled
/// optimised even in a debug build, unlike the generic `image::imageops::resize`).
fn resize(img: &RgbaImage, w: u32, h: u32) -> RgbaImage {
    let mut out = RgbaImage::new(w, h);
    let done = fast_image_resize::Resizer::new().resize(
        img,
        &mut out,
        &fast_image_resize::ResizeOptions::new(),
    );
    // Both images are RGBA8 of non-zero size: resizing cannot fail.
    done.expect("resizing an RGBA image");
    out
}

/// PNG bytes, RGB when nothing is transparent.
fn png(img: &RgbaImage) -> Vec<u8> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive);
    let opaque = img.pixels().all(|p| p[3] == 255);
    let result = if opaque {
        let rgb = DynamicImage::ImageRgba8(img.clone()).to_rgb8();
        encoder.write_image(
            rgb.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
    } else {
        encoder.write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
    };
    // Encoding to memory fails only on an impossible size.
    result.expect("PNG encoding to memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgba;

    fn decode(png: &[u8]) -> RgbaImage {
        image::load_from_memory(png).unwrap().to_rgba8()
    }

    #[test]
    fn the_default_icons_have_their_sizes_and_shapes() {
        let icons = icons(None);
        let sizes: Vec<_> = icons.iter().map(|i| (i.path.as_str(), i.size)).collect();
        assert_eq!(
            sizes,
            [
                ("icons/icon-192.png", 192),
                ("icons/icon-512.png", 512),
                ("icons/icon-maskable-512.png", 512),
                ("icons/apple-touch-icon.png", 180),
                ("icons/favicon-32.png", 32),
            ]
        );
        let rounded = decode(&icons[1].png);
        assert_eq!(rounded.dimensions(), (512, 512));
        assert_eq!(
            rounded.get_pixel(0, 0)[3],
            0,
            "rounded corners are transparent"
        );
        assert_eq!(rounded.get_pixel(256, 10)[3], 255);
        let maskable = decode(&icons[2].png);
        assert_eq!(
            maskable.get_pixel(0, 0),
            &Rgba([0x5b, 0x34, 0x19, 255]),
            "full bleed"
        );
        // Nothing but background outside the safe zone (a circle of 40 % radius).
        for (x, y) in [(40, 256), (256, 40), (472, 256), (256, 472)] {
            assert_eq!(maskable.get_pixel(x, y), &Rgba([0x5b, 0x34, 0x19, 255]));
        }
        assert_ne!(
            maskable.get_pixel(256, 330),
            &Rgba([0x5b, 0x34, 0x19, 255]),
            "the counter is drawn"
        );
        let apple = decode(&icons[3].png);
        assert!(
            apple.pixels().all(|p| p[3] == 255),
            "iOS shows black for alpha"
        );
    }

    #[test]
    fn a_logo_is_contained_on_white() {
        let logo =
            DynamicImage::ImageRgba8(RgbaImage::from_pixel(300, 100, Rgba([200, 0, 0, 255])));
        let icons = icons(Some(&logo));
        let maskable = decode(&icons[2].png);
        assert_eq!(maskable.get_pixel(0, 0), &Rgba([255, 255, 255, 255]));
        assert_eq!(maskable.get_pixel(256, 256), &Rgba([200, 0, 0, 255]));
        // A wide logo keeps its shape: white above and below it.
        assert_eq!(maskable.get_pixel(256, 180), &Rgba([255, 255, 255, 255]));
    }
}
