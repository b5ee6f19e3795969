//! Photos in a wide colour space, as cameras, editors and phones save them (Adobe RGB,
//! ProPhoto, Display P3, the profile embedded in a JPEG, PNG or WebP), are published in
//! sRGB: each test colour of the published WebP and JPEG is within ΔE 2 (CIE76) of Little
//! CMS's conversion (Pillow's ImageCms) of the same colour, where without conversion an
//! Adobe RGB orange (230,120,30) came out (206,119,42).

use super::{LIMIT, PRODUCT, run_limited};
use crate::support::CatalogTest;
use crate::support::files::files_under;
use moxcms::ColorProfile;
use std::process::Command;

/// The test colours, as stored in the photo (in its profile's space): an orange, a
/// batik indigo, a turmeric (jamu) yellow, a leaf green, a soga brown, a red, a grey
/// and a warm white.
const COLOURS: [[u8; 3]; 8] = [
    [230, 120, 30],
    [40, 60, 120],
    [220, 170, 40],
    [60, 140, 60],
    [120, 70, 40],
    [200, 30, 40],
    [128, 128, 128],
    [240, 235, 225],
];
/// Each colour is a square patch of this side, four to a row.
const PATCH: u32 = 160;

/// Makes the photos with Pillow (each colour a flat patch, the profile embedded) and
/// prints Little CMS's sRGB for each colour and profile, one line per profile.
const MAKE: &str = r#"
import io, sys
from PIL import Image, ImageCms
out, colours, patch = sys.argv[1], eval(sys.argv[2]), int(sys.argv[3])
srgb = ImageCms.createProfile("sRGB")
for name in sys.argv[4:]:
    icc = open(f"{out}/{name}.icc", "rb").read()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    img = Image.new("RGB", (4 * patch, 2 * patch))
    for i, c in enumerate(colours):
        img.paste(tuple(c), (i % 4 * patch, i // 4 * patch, (i % 4 + 1) * patch, (i // 4 + 1) * patch))
    img.save(f"{out}/{name}-jpg.jpg", quality=95, subsampling=0, icc_profile=icc)
    img.save(f"{out}/{name}-png.png", icc_profile=icc)
    img.save(f"{out}/{name}-webp.webp", lossless=True, icc_profile=icc)
    row = Image.new("RGB", (len(colours), 1))
    row.putdata([tuple(c) for c in colours])
    ref = ImageCms.profileToProfile(row, profile, srgb,
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    print(name, " ".join(",".join(map(str, p)) for p in ref.getdata()))
"#;

/// CIE L*a*b* (D65) of an sRGB colour.
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb.map(lin);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (a, b) = (lab(a), lab(b));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// A published image's pixels. JPEG through `jpeg-decoder` (libjpeg's reading):
/// `image`'s own JPEG decoder reads these files as green (see the report of issue 14).
fn decode(bytes: &[u8]) -> image::RgbImage {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let pixels = decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        image::RgbImage::from_raw(u32::from(info.width), u32::from(info.height), pixels).unwrap()
    } else {
        image::load_from_memory(bytes).unwrap().into_rgb8()
    }
}

/// The mean colour of a 20×20 box at the centre of patch `i` of a published image.
fn patch_colour(img: &image::RgbImage, i: usize) -> [f64; 3] {
    let scale = f64::from(img.width()) / f64::from(4 * PATCH);
    let cx = ((i % 4) as f64 + 0.5) * f64::from(PATCH) * scale;
    let cy = ((i / 4) as f64 + 0.5) * f64::from(PATCH) * scale;
    let mut sum = [0.0; 3];
    for y in (cy as u32 - 10)..(cy as u32 + 10) {
        for x in (cx as u32 - 10)..(cx as u32 + 10) {
            let p = img.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += f64::from(p[c]) / 400.0;
            }
        }
    }
    sum
}

#[test]
fn wide_gamut_photos_are_published_in_srgb() {
    let t = CatalogTest::new("minimal");
    let dir = t.path(PRODUCT);
    let profiles = [
        ("adobe", ColorProfile::new_adobe_rgb()),
        ("prophoto", ColorProfile::new_pro_photo_rgb()),
        ("p3", ColorProfile::new_display_p3()),
    ];
    for (name, profile) in &profiles {
        std::fs::write(dir.join(format!("{name}.icc")), profile.encode().unwrap()).unwrap();
    }
    let out = Command::new("python3")
        .args(["-c", MAKE])
        .arg(&dir)
        .arg(format!("{COLOURS:?}"))
        .arg(PATCH.to_string())
        .args(profiles.iter().map(|(n, _)| *n))
        .output()
        .expect("python3 with Pillow runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (name, _) in &profiles {
        std::fs::remove_file(dir.join(format!("{name}.icc"))).unwrap();
    }
    let run = run_limited(&t, &["build", "--lang", "en"], LIMIT);
    run.expect(0, "9 processed");

    let published = files_under(&t.path("public"));
    let mut worst: f64 = 0.0;
    let mut report = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (name, refs) = line.split_once(' ').unwrap();
        let refs: Vec<[f64; 3]> = refs
            .split(' ')
            .map(|p| {
                let v: Vec<f64> = p.split(',').map(|c| c.parse().unwrap()).collect();
                [v[0], v[1], v[2]]
            })
            .collect();
        for source in ["jpg", "png", "webp"] {
            for ext in ["webp", "jpg"] {
                // The widest web image of this photo in this format.
                let stem = format!("/{name}-{source}.");
                let (path, bytes) = published
                    .iter()
                    .filter(|(p, _)| p.contains(&stem) && p.ends_with(&format!(".{ext}")))
                    .max_by_key(|(p, _)| {
                        let (rest, _) = p.rsplit_once('.').unwrap();
                        rest.rsplit_once('-').unwrap().1.parse::<u32>().unwrap()
                    })
                    .unwrap_or_else(|| panic!("no {ext} of {name}-{source}"));
                let img = decode(bytes);
                for (i, want) in refs.iter().enumerate() {
                    let got = patch_colour(&img, i);
                    let de = delta_e(got, *want);
                    worst = worst.max(de);
                    if de >= 2.0 {
                        report.push(format!(
                            "{path}: colour {:?} is {got:.0?}, Little CMS says {want:?}: ΔE {de:.1}",
                            COLOURS[i]
                        ));
                    }
                }
            }
        }
    }
    eprintln!("largest ΔE over every colour, profile and format: {worst:.2}");
    assert!(report.is_empty(), "{}", report.join("\n"));
}
