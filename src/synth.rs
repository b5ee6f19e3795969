//! Synthetic photos for tests and benchmarks: textured like real photographs, so that
//! encoders and resizers work as hard as on a phone's pictures (flat colours compress
//! unrealistically well).

use image::{Rgb, RgbImage};

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
