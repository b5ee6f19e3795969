//! Synthetic photos for tests and benchmarks: textured like real photographs, so that
//! encoders and resizers work as hard as on a phone's pictures (flat colours compress
//! unrealistically well).

use image::{Rgb, RgbImage};
use std::path::Path;

/// A deterministic xorshift step.
pub fn next_random(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// A photo-like picture: gradients, soft shapes, fine mid-frequency detail
/// (like fabric or leaves) and sensor-like noise, mostly in brightness, so
/// that encoders and resizers work as hard as on real photos. At 4000×3000
/// and JPEG quality 92 it is about the size of a phone photo.
pub fn textured(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut x_rand = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    let phase = (seed % 17) as f32;
    RgbImage::from_fn(width, height, |x, y| {
        x_rand = next_random(x_rand);
        let noise =
            |shift: u32, range: u64| ((x_rand >> shift) % range) as f32 - (range / 2) as f32;
        let (fx, fy) = (x as f32 / w, y as f32 / h);
        let (dx, dy) = (fx - 0.6, fy - 0.4);
        let blob = 70.0 * (-(dx * dx + dy * dy) * 30.0).exp();
        let weave = 14.0
            * (x as f32 * 0.21 + 3.0 * (y as f32 * 0.05 + phase).sin()).sin()
            * (y as f32 * 0.17).sin();
        let edge = if (x / 301 + y / 217) % 2 == 0 {
            18.0
        } else {
            -18.0
        };
        let luma = weave + edge + noise(8, 13);
        let r = 40.0 + 150.0 * fx + blob + luma + noise(20, 5);
        let g = 60.0 + 120.0 * fy + luma + noise(28, 5);
        let b = 190.0 - 120.0 * fx * fy - blob + luma + noise(36, 5);
        Rgb([r, g, b].map(|c| c.clamp(0.0, 255.0) as u8))
    })
}

/// A photo of a product on a table, different for every `seed`: a soft background
/// gradient, a wood-grain table, and a textured subject (woven, printed or crumbly,
/// like batik, a basket or a snack) with sensor-like noise everywhere. Palette,
/// layout and texture frequencies all come from the seed, so no two products look
/// alike and the encoders see as much detail as in a phone's photo. At 4000×3000
/// and JPEG quality 90 it is about 3 MB, like a phone's.
///
/// Every term is separable in x and y, so a 12 MP photo takes well under a second.
pub fn photo(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut r = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut unit = || {
        r = next_random(r | 1);
        (r >> 11) as f32 / (1u64 << 53) as f32
    };
    let colour = |u: &mut dyn FnMut() -> f32, lo: f32, hi: f32| {
        [
            lo + (hi - lo) * u(),
            lo + (hi - lo) * u(),
            lo + (hi - lo) * u(),
        ]
    };
    let bg_top = colour(&mut unit, 150.0, 235.0);
    let bg_bottom = colour(&mut unit, 90.0, 200.0);
    let wood = colour(&mut unit, 70.0, 160.0);
    let subject = colour(&mut unit, 30.0, 220.0);
    let accent = colour(&mut unit, 20.0, 240.0);
    let (cx, cy) = (0.35 + 0.3 * unit(), 0.35 + 0.25 * unit());
    let (rx, ry) = (0.18 + 0.17 * unit(), 0.2 + 0.2 * unit());
    let table = 0.6 + 0.25 * unit();
    let (fx, fy) = (0.06 + 0.25 * unit(), 0.05 + 0.2 * unit());
    let grain = 0.02 + 0.05 * unit();
    let (bw, bh) = (60 + (unit() * 300.0) as u32, 60 + (unit() * 300.0) as u32);
    let detail = 8.0 + 22.0 * unit();

    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    let col = |f: &dyn Fn(f32) -> f32| (0..width).map(|x| f(x as f32)).collect::<Vec<f32>>();
    let row = |f: &dyn Fn(f32) -> f32| (0..height).map(|y| f(y as f32)).collect::<Vec<f32>>();
    let (sx, cxs) = (col(&|x| (x * fx).sin()), col(&|x| (x * fx).cos()));
    let wave = row(&|y| 3.0 * (y * 0.013 + cy * 9.0).sin());
    let (swave, cwave) = (
        wave.iter().map(|v| v.sin()).collect::<Vec<_>>(),
        wave.iter().map(|v| v.cos()).collect::<Vec<_>>(),
    );
    let sy = row(&|y| (y * fy).sin());
    let ex = col(&|x| ((x / w - cx) / rx).powi(2));
    let ey = row(&|y| ((y / h - cy) / ry).powi(2));
    let gx = col(&|x| 2.0 * (x * 0.004).sin());
    let (sgrain, cgrain) = (row(&|y| (y * grain).sin()), row(&|y| (y * grain).cos()));
    let (sgx, cgx) = (
        gx.iter().map(|v| v.sin()).collect::<Vec<_>>(),
        gx.iter().map(|v| v.cos()).collect::<Vec<_>>(),
    );
    let vignette_x = col(&|x| 1.0 - 0.25 * (x / w - 0.5).powi(2));
    // Detail at every scale, as in photographs (whose spectrum falls off as 1/f):
    // a sum of products of sines, coarse to fine, each at a random slant.
    let octaves: Vec<(Vec<f32>, Vec<f32>, f32)> = (0..10)
        .map(|k| {
            let f = 0.004 * 1.7f32.powi(k);
            let (ax, ay) = (f * (0.5 + unit()), f * (0.5 + unit()));
            let (px, py) = (6.3 * unit(), 6.3 * unit());
            let amp = 24.0 / (1.0 + k as f32).powf(0.5);
            (
                col(&|x| (x * ax + px).sin()),
                row(&|y| (y * ay + py).sin()),
                amp,
            )
        })
        .collect();
    let mut x_rand = seed.wrapping_mul(0xBF58_476D_1CE4_E5B9) | 1;
    RgbImage::from_fn(width, height, |x, y| {
        let (xi, yi) = (x as usize, y as usize);
        x_rand = next_random(x_rand);
        let noise =
            |shift: u32, amp: f32| ((x_rand >> shift) & 0xFF) as f32 / 255.0 * amp - amp / 2.0;
        let fyv = y as f32 / h;
        let shade = vignette_x[xi] * (1.0 - 0.2 * (fyv - 0.5).powi(2));
        let mut px = if fyv > table {
            // The table: wood grain along x, wavy.
            let g = sgrain[yi] * cgx[xi] + cgrain[yi] * sgx[xi];
            wood.map(|c| c + 18.0 * g)
        } else {
            let t = fyv / table;
            [0, 1, 2].map(|i| bg_top[i] * (1.0 - t) + bg_bottom[i] * t)
        };
        let texture: f32 = octaves.iter().map(|(ox, oy, a)| a * ox[xi] * oy[yi]).sum();
        let d = ex[xi] + ey[yi];
        let inside = d < 1.0;
        if inside {
            // The subject: a weave crossed with a print, its edge soft.
            let mask = ((1.0 - d) * 12.0).min(1.0);
            let weave = (sx[xi] * cwave[yi] + cxs[xi] * swave[yi]) * sy[yi];
            let print = if (x / bw + y / bh) % 2 == 0 { 1.0 } else { 0.0 };
            let lit = 1.0 - 0.35 * d;
            for (i, c) in px.iter_mut().enumerate() {
                let s = (subject[i] * (1.0 - 0.6 * print) + accent[i] * 0.6 * print) * lit
                    + detail * weave;
                *c = *c * (1.0 - mask) + s * mask;
            }
        }
        let luma = noise(8, 12.0) + if inside { texture } else { 0.4 * texture };
        let mut k = 16;
        px.map(|c| {
            k += 8;
            (c * shade + luma + noise(k, 3.0)).clamp(0.0, 255.0) as u8
        })
        .into()
    })
}

/// A phone-like JPEG of `img`: 4:2:0, baseline or progressive, with an EXIF block
/// naming the camera and, unless 1, the orientation the picture must be turned by.
pub fn phone_jpeg(img: &RgbImage, quality: u8, progressive: bool, orientation: u16) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(img.as_raw().len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder.set_progressive(progressive);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(exif_tiff(orientation));
    encoder
        .add_app_segment(1, app1)
        .expect("an EXIF block under 64 KB");
    let (w, h) = img.dimensions();
    encoder
        .encode(
            img.as_raw(),
            u16::try_from(w).expect("width under 65536"),
            u16::try_from(h).expect("height under 65536"),
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encoding to memory");
    bytes
}

/// A little-endian TIFF block with Make, Model and Orientation, as a phone writes.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    let make = b"Synthphone\0";
    let model = b"SP-12\0";
    let entries: u16 = 3;
    let data_at = 8 + 2 + 12 * u32::from(entries) + 4;
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(entries.to_le_bytes());
    let mut entry = |tag: u16, kind: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    entry(0x010F, 2, make.len() as u32, data_at);
    entry(0x0110, 2, model.len() as u32, data_at + make.len() as u32);
    entry(0x0112, 3, 1, u32::from(orientation));
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    t.extend(model);
    t
}

/// The shape of a synthetic catalog: how many of each, and what the photos are like.
#[derive(Debug, Clone)]
pub struct CatalogSpec {
    pub villages: usize,
    /// Products in each village.
    pub products: usize,
    /// Photos of each product.
    pub photos: usize,
    /// Stored size of each photo (4000×3000 is a 12 MP phone photo).
    pub width: u32,
    pub height: u32,
    /// JPEG quality of the photos; phones write about 90.
    pub quality: u8,
    /// Every n-th photo is progressive (0: none, as phones write them).
    pub progressive_every: usize,
    /// Every n-th photo is a portrait, stored sideways with EXIF orientation 6 (0: none).
    pub portrait_every: usize,
    /// Changes every photo and text while keeping the shape.
    pub seed: u64,
}

impl Default for CatalogSpec {
    fn default() -> CatalogSpec {
        CatalogSpec {
            villages: 10,
            products: 30,
            photos: 3,
            width: 4000,
            height: 3000,
            quality: 90,
            progressive_every: 0,
            portrait_every: 5,
            seed: 1,
        }
    }
}

/// What [`write_catalog`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct CatalogStats {
    pub villages: usize,
    pub products: usize,
    pub photos: usize,
    pub photo_bytes: u64,
}

const PRODUCTS: &[(&str, &str, &str)] = &[
    ("Keripik Pisang", "makanan", "bungkus 200 g"),
    ("Sambal Bawang", "makanan", "botol 150 ml"),
    ("Rengginang Ketan", "makanan", "bungkus 250 g"),
    ("Abon Ikan Tuna", "makanan", "toples 100 g"),
    ("Kopi Robusta", "minuman", "bungkus 250 g"),
    ("Wedang Uwuh", "minuman", "kotak 10 sachet"),
    ("Jamu Kunyit Asam", "jamu", "botol 250 ml"),
    ("Beras Kencur", "jamu", "botol 250 ml"),
    ("Kain Batik Ecoprint", "tekstil", "lembar 2 × 1,15 m"),
    ("Selendang Tenun", "tekstil", "lembar"),
    ("Tas Anyaman Pandan", "kerajinan", "buah"),
    ("Tempat Tisu Bambu", "kerajinan", "buah"),
    ("Sabun Sereh", "lainnya", "batang 100 g"),
];
const WORDS: &[&str] = &[
    "dibuat",
    "dari",
    "bahan",
    "pilihan",
    "desa",
    "kami",
    "tanpa",
    "pengawet",
    "dengan",
    "resep",
    "turun-temurun",
    "oleh",
    "ibu-ibu",
    "kelompok",
    "segar",
    "setiap",
    "minggu",
    "cocok",
    "untuk",
    "oleh-oleh",
    "dan",
    "hampers",
    "dikemas",
    "rapi",
    "tahan",
    "lama",
];

/// Writes a catalog of `spec`'s shape under `out` (which must not exist, or be
/// empty): `catalog.yaml`, villages with a story, products with a description,
/// variants, order links and labels, and photos like a phone's. Photos are made on
/// every core; the same spec always gives the same bytes.
pub fn write_catalog(spec: &CatalogSpec, out: &Path) -> std::io::Result<CatalogStats> {
    use rayon::prelude::*;
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join("catalog.yaml"),
        format!(
            "title: Katalog Sintetis {v}×{p}×{f}\n\
             description: A synthetic catalog made by etalase's benchmark (seed {s}).\n\
             language: id\n\
             example: true\n\
             base_url: https://contoh.github.io/katalog/\n\
             whatsapp: \"0812-0000-0001\"\n",
            v = spec.villages,
            p = spec.products,
            f = spec.photos,
            s = spec.seed
        ),
    )?;
    let mut jobs = Vec::new();
    let mut rand = spec.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
    let mut pick = |n: usize| {
        rand = next_random(rand);
        (rand >> 17) as usize % n
    };
    for v in 0..spec.villages {
        let vdir = out.join(format!("desa-{:03}", v + 1));
        std::fs::create_dir_all(&vdir)?;
        std::fs::write(
            vdir.join("village.yaml"),
            format!(
                "name: Desa {n:03}\ndistrict: Kecamatan {d}\nregency: Jember\nprovince: Jawa Timur\n\
                 group: KUB Melati {n:03}\nwhatsapp: \"0812-1000-{n:04}\"\n",
                n = v + 1,
                d = v % 7 + 1
            ),
        )?;
        std::fs::write(
            vdir.join("index.md"),
            paragraph(&mut pick, 80) + "\n\n" + &paragraph(&mut pick, 60) + "\n",
        )?;
        for p in 0..spec.products {
            let (name, category, unit) = PRODUCTS[(v * 7 + p) % PRODUCTS.len()];
            let pdir = vdir.join(format!(
                "{}-{:04}",
                crate::catalog::values::slug::slugify(name),
                p + 1
            ));
            std::fs::create_dir_all(&pdir)?;
            let price = 5_000 + 500 * pick(400);
            let variants = if p % 3 == 0 {
                format!(
                    "variants:\n  - {{ name: Kecil, price: {price} }}\n  - {{ name: Besar, price: {} }}\n",
                    price * 2 + 2_000
                )
            } else {
                String::new()
            };
            std::fs::write(
                pdir.join("product.yaml"),
                format!(
                    "name: {name} {n}\ncategory: {category}\nprice: {price}\nunit: {unit}\n{variants}\
                     tags: [{t1}, {t2}]\nmaker: Ibu Sri {v}\norder:\n  \
                     tokopedia: https://www.tokopedia.com/kub-{v}/produk-{n}\n  \
                     shopee: https://shopee.co.id/produk-i.{v}.{n}\n\
                     labels:\n  pirt: \"2063509010{v:03}-{n:02}\"\n",
                    n = p + 1,
                    v = v + 1,
                    t1 = WORDS[pick(WORDS.len())],
                    t2 = WORDS[pick(WORDS.len())],
                ),
            )?;
            std::fs::write(
                pdir.join("index.md"),
                format!(
                    "{}\n\n**Bahan:** {}.\n\n- {}\n- {}\n",
                    paragraph(&mut pick, 70),
                    paragraph(&mut pick, 8),
                    paragraph(&mut pick, 6),
                    paragraph(&mut pick, 6)
                ),
            )?;
            for _ in 0..spec.photos {
                let n = jobs.len();
                jobs.push((
                    pdir.join(format!(
                        "IMG_2024{:02}{:02}_{:06}.jpg",
                        n % 12 + 1,
                        n % 28 + 1,
                        n
                    )),
                    n,
                ));
            }
        }
    }
    let bytes: std::io::Result<Vec<u64>> = jobs
        .par_iter()
        .map(|(path, n)| {
            let n1 = n + 1;
            let portrait = spec.portrait_every > 0 && n1 % spec.portrait_every == 0;
            let progressive = spec.progressive_every > 0 && n1 % spec.progressive_every == 0;
            let img = photo(
                spec.width,
                spec.height,
                spec.seed.wrapping_mul(1_000_003) + *n as u64,
            );
            let jpeg = phone_jpeg(
                &img,
                spec.quality,
                progressive,
                if portrait { 6 } else { 1 },
            );
            std::fs::write(path, &jpeg)?;
            Ok(jpeg.len() as u64)
        })
        .collect();
    Ok(CatalogStats {
        villages: spec.villages,
        products: spec.villages * spec.products,
        photos: jobs.len(),
        photo_bytes: bytes?.iter().sum(),
    })
}

/// `words` words of filler text, capitalised, ending in a full stop.
fn paragraph(pick: &mut dyn FnMut(usize) -> usize, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words.max(1) {
        let w = WORDS[pick(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|c| c.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}
