//! SSIM (Wang, Bovik, Sheikh & Simoncelli 2004) on luma: an 11×11 Gaussian window
//! of σ = 1.5, the paper's constants, averaged over the picture. 1.0 is identical;
//! a JPEG at quality 75 typically scores 0.95–0.99 against its source.

use image::RgbImage;

/// Mean SSIM of the luma of `a` and `b`, which must be the same size.
pub fn ssim(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "SSIM of different sizes");
    let (w, h) = (a.width() as usize, a.height() as usize);
    let (x, y) = (luma(a), luma(b));
    let product = |p: &[f32], q: &[f32]| p.iter().zip(q).map(|(a, b)| a * b).collect::<Vec<_>>();
    let mx = blur(&x, w, h);
    let my = blur(&y, w, h);
    let sxx = blur(&product(&x, &x), w, h);
    let syy = blur(&product(&y, &y), w, h);
    let sxy = blur(&product(&x, &y), w, h);
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    let mut total = 0.0;
    for i in 0..w * h {
        let (mx, my) = (f64::from(mx[i]), f64::from(my[i]));
        let vx = f64::from(sxx[i]) - mx * mx;
        let vy = f64::from(syy[i]) - my * my;
        let cov = f64::from(sxy[i]) - mx * my;
        total +=
            ((2.0 * mx * my + c1) * (2.0 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
    total / (w * h) as f64
}

/// BT.601 luma, 0..255.
fn luma(img: &RgbImage) -> Vec<f32> {
    img.pixels()
        .map(|p| 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]))
        .collect()
}

/// Reads one tap of the blur: (plane, x, y, offset) → value.
type Tap<'a> = dyn Fn(&[f32], usize, usize, isize) -> f32 + 'a;

/// Separable Gaussian blur, edges clamped.
fn blur(v: &[f32], w: usize, h: usize) -> Vec<f32> {
    let kernel: Vec<f32> = {
        let k: Vec<f32> = (-5i32..=5)
            .map(|i| (-(i * i) as f32 / (2.0 * 1.5 * 1.5)).exp())
            .collect();
        let sum: f32 = k.iter().sum();
        k.into_iter().map(|x| x / sum).collect()
    };
    let pass = |src: &[f32], get: &Tap<'_>| {
        let mut out = vec![0.0f32; w * h];
        for y in 0..h {
            for x in 0..w {
                out[y * w + x] = kernel
                    .iter()
                    .enumerate()
                    .map(|(k, c)| c * get(src, x, y, k as isize - 5))
                    .sum();
            }
        }
        out
    };
    let along_x = |s: &[f32], x: usize, y: usize, d: isize| {
        s[y * w + (x as isize + d).clamp(0, w as isize - 1) as usize]
    };
    let along_y = |s: &[f32], x: usize, y: usize, d: isize| {
        s[(y as isize + d).clamp(0, h as isize - 1) as usize * w + x]
    };
    pass(&pass(v, &along_x), &along_y)
}
