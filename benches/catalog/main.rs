//! The catalog benchmark: `cargo bench --bench catalog` (options after `--`).
//!
//! Generates synthetic catalogs once (kept under `--work`, on tmpfs by default), then
//! runs the real release `etalase` binary as a child process and reports medians of
//! `--runs` runs: cold build (no cache, no output), warm rebuild (nothing changed),
//! one product edited, one photo added; photos/s, pages/s, the child's peak RSS, and
//! bytes of output per photo. Then the quality check: for a sample of photos, SSIM of
//! each web image against a reference made by full decode + Lanczos3, and WebP bytes
//! against JPEG's. Then, when `hugo` is installed, the same catalogs built by Hugo.
//!
//! ```text
//! --runs N            runs per measurement (3)
//! --villages N --products N --photos N    the photo catalog (10 × 30 × 3)
//! --pages N           products in the catalog without photos (10000, in 10 villages)
//! --samples N         photos in the SSIM sample (12)
//! --hugo-villages N   villages of the photo catalog Hugo builds (1: 90 photos; Hugo
//!                     takes about 2 s a photo)
//! --buyer-products N what a buyer downloads, at N products in 50 villages (10000)
//! --only LIST         some of: photos,pages,ssim,hugo,buyer
//! --work DIR          where catalogs and builds go (/dev/shm/etalase-bench)
//! ```
//!
//! `ETALASE_BIN=PATH` measures another etalase binary (an earlier build, for a
//! before/after comparison) instead of this tree's.

mod buyer;
mod hugo;
mod run;
mod ssim;

use etalase::testing::photos::{CatalogSpec, write_catalog};
use run::{count_before, median, run};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const ETALASE: &str = env!("CARGO_BIN_EXE_etalase");
const WIDTHS: [u32; 3] = [320, 640, 1280];
const QUALITY: u8 = 75;

struct Args {
    runs: usize,
    villages: usize,
    products: usize,
    photos: usize,
    pages: usize,
    buyer_products: usize,
    samples: usize,
    hugo_villages: usize,
    only: Vec<String>,
    work: PathBuf,
}

impl Args {
    fn parse() -> Args {
        let mut a = Args {
            runs: 3,
            villages: 10,
            products: 30,
            photos: 3,
            pages: 10_000,
            buyer_products: 10_000,
            samples: 12,
            hugo_villages: 1,
            only: ["photos", "pages", "ssim", "hugo", "buyer"]
                .map(String::from)
                .to_vec(),
            work: if Path::new("/dev/shm").is_dir() {
                PathBuf::from("/dev/shm/etalase-bench")
            } else {
                std::env::temp_dir().join("etalase-bench")
            },
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            if flag == "--bench" {
                continue; // cargo bench passes it to every bench target
            }
            let value = args
                .next()
                .unwrap_or_else(|| panic!("{flag} needs a value"));
            let n = || value.parse::<usize>().expect("a number");
            match flag.as_str() {
                "--runs" => a.runs = n().max(1),
                "--villages" => a.villages = n(),
                "--products" => a.products = n(),
                "--photos" => a.photos = n(),
                "--pages" => a.pages = n(),
                "--buyer-products" => a.buyer_products = n(),
                "--samples" => a.samples = n(),
                "--hugo-villages" => a.hugo_villages = n(),
                "--only" => a.only = value.split(',').map(String::from).collect(),
                "--work" => a.work = PathBuf::from(value),
                other => panic!("unknown option {other}; see benches/catalog/main.rs"),
            }
        }
        a
    }

    fn wants(&self, part: &str) -> bool {
        self.only.iter().any(|o| o == part)
    }
}

/// The report, as Markdown, printed as it grows and saved at the end.
#[derive(Default)]
struct Report(String);

impl Report {
    fn line(&mut self, s: impl AsRef<str>) {
        println!("{}", s.as_ref());
        let _ = writeln!(self.0, "{}", s.as_ref());
    }
}

fn main() {
    let args = Args::parse();
    fs::create_dir_all(&args.work).unwrap();
    let mut report = Report::default();
    report.line(format!(
        "# etalase catalog benchmark\n\n{} threads available; medians of {} runs; work in {}\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        args.runs,
        args.work.display()
    ));
    let spec = CatalogSpec {
        villages: args.villages,
        products: args.products,
        photos: args.photos,
        ..CatalogSpec::default()
    };
    let photo_catalog = (args.wants("photos") || args.wants("ssim") || args.wants("hugo"))
        .then(|| catalog(&args.work, &spec));
    let pages_spec = CatalogSpec {
        villages: 10,
        products: args.pages.div_ceil(10),
        photos: 0,
        ..CatalogSpec::default()
    };
    let pages_catalog =
        (args.wants("pages") || args.wants("hugo")).then(|| catalog(&args.work, &pages_spec));

    let mut rows = Vec::new();
    if let (true, Some(c)) = (args.wants("photos"), &photo_catalog) {
        rows.extend(bench_etalase(&args, c, "photos", true, &mut report));
    }
    if let (true, Some(c)) = (args.wants("pages"), &pages_catalog) {
        rows.extend(bench_etalase(&args, c, "pages", false, &mut report));
    }
    if !rows.is_empty() {
        report.line("\n## etalase\n");
        report.line("| catalog | step | median s | runs (s) | photos/s | pages/s | peak RSS MB |");
        report.line("|---|---|---|---|---|---|---|");
        for r in &rows {
            report.line(r);
        }
    }
    if let (true, Some(c)) = (args.wants("ssim"), &photo_catalog) {
        quality(&args, c, &mut report);
    }
    if args.wants("buyer") {
        buyer::bench(&args.work, args.buyer_products, &mut report);
    }
    if args.wants("hugo") {
        match hugo::version() {
            None => report
                .line("\n## Hugo\n\nhugo is not installed: skipped (Debian: apt-get install hugo)"),
            Some(v) => compare_hugo(&args, &v, &spec, pages_catalog.as_deref(), &mut report),
        }
    }
    let saved = args.work.join("results.md");
    fs::write(&saved, &report.0).unwrap();
    eprintln!("\nsaved to {}", saved.display());
}

/// The catalog of `spec` under `work`, generated the first time (a few minutes for
/// 900 photos) and reused while its marker says it is complete and of this spec.
fn catalog(work: &Path, spec: &CatalogSpec) -> PathBuf {
    let dir = work.join(format!(
        "catalog-{}x{}x{}-s{}",
        spec.villages, spec.products, spec.photos, spec.seed
    ));
    let marker = dir.join(".complete");
    let want = format!("{spec:?}");
    if fs::read_to_string(&marker).ok().as_deref() == Some(want.as_str()) {
        return dir;
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    eprintln!("generating {} ...", dir.display());
    let start = std::time::Instant::now();
    let stats = write_catalog(spec, &dir).unwrap();
    eprintln!(
        "  {} products, {} photos, {:.0} MB of photos in {:.0} s",
        stats.products,
        stats.photos,
        stats.photo_bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    fs::write(&marker, want).unwrap();
    // A build trusts the stamps of files changed two seconds or more before it began
    // (see `etalase::output::staging::Built`): a catalog just written is read whole
    // by every build until then, which is not what a warm rebuild measures.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    dir
}

fn etalase_build(content: &Path, out: &Path, cache: &Path) -> Command {
    let binary = std::env::var_os("ETALASE_BIN").unwrap_or_else(|| ETALASE.into());
    let mut cmd = Command::new(binary);
    cmd.arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache)
        // The summary line is read for its counts: in English whatever the catalog's
        // language.
        .args(["--lang", "en"]);
    cmd
}

/// Cold, warm, one product edited, one photo added: a table row for each.
fn bench_etalase(
    args: &Args,
    content: &Path,
    label: &str,
    with_photos: bool,
    report: &mut Report,
) -> Vec<String> {
    let base = args.work.join(format!("build-{label}"));
    let (out, cache) = (base.join("public"), base.join("cache"));
    let name = content.file_name().unwrap().to_string_lossy().into_owned();
    let mut rows = Vec::new();
    let mut row = |step: &str, runs: &[run::Run], photos: usize, pages: usize| {
        let secs: Vec<f64> = runs.iter().map(|r| r.secs).collect();
        let m = median(&secs);
        let rss = median(&runs.iter().map(|r| r.peak_rss as f64).collect::<Vec<_>>());
        let rate = |n: usize| {
            if n == 0 {
                "–".to_string()
            } else {
                format!("{:.1}", n as f64 / m)
            }
        };
        let line = format!(
            "| {name} | {step} | {m:.3} | {} | {} | {} | {:.0} |",
            secs.iter()
                .map(|s| format!("{s:.3}"))
                .collect::<Vec<_>>()
                .join(", "),
            rate(photos),
            rate(pages),
            rss / 1e6
        );
        eprintln!("{line}");
        rows.push(line);
    };

    // Cold: nothing cached, no output.
    let mut cold = Vec::new();
    for i in 0..args.runs {
        let _ = fs::remove_dir_all(&base);
        eprintln!("{label}: cold build {}/{}", i + 1, args.runs);
        cold.push(run(&mut etalase_build(content, &out, &cache)).ok("cold build"));
    }
    let processed = count_before(&cold[0].stderr, "processed").unwrap_or(0);
    let pages = count_before(&cold[0].stderr, "pages").unwrap_or(0);
    row("cold build", &cold, processed, pages);
    let per_photo = with_photos.then(|| output_bytes(&cache, processed));

    // Warm: nothing changed.
    let warm: Vec<_> = (0..args.runs.max(5))
        .map(|_| run(&mut etalase_build(content, &out, &cache)).ok("warm rebuild"))
        .collect();
    if with_photos {
        assert_eq!(count_before(&warm[0].stderr, "processed"), Some(0));
    }
    row("warm rebuild", &warm, 0, pages);

    // One product's text edited: its price changes on several pages.
    // The catalog is changed below and put back after; until then it does not count
    // as complete, so an interrupted run makes the next one generate it again.
    let marker = content.join(".complete");
    let spec_text = fs::read_to_string(&marker).ok();
    let _ = fs::remove_file(&marker);
    let product = first_product(content);
    let yaml = product.join("product.yaml");
    let original = fs::read_to_string(&yaml).unwrap();
    let edited: Vec<_> = (0..args.runs.max(5))
        .map(|i| {
            let text = original.replacen("price: ", &format!("price: {}", i + 1), 1);
            fs::write(&yaml, text).unwrap();
            run(&mut etalase_build(content, &out, &cache)).ok("rebuild after an edit")
        })
        .collect();
    fs::write(&yaml, &original).unwrap();
    row("one product edited", &edited, 0, pages);

    // One new photo in a product: exactly one photo to process.
    if with_photos {
        let photo = product.join("IMG_bench_new.jpg");
        let added: Vec<_> = (0..args.runs)
            .map(|i| {
                let img = etalase::testing::photos::photo(4000, 3000, 0xBE4C_0000 + i as u64);
                fs::write(
                    &photo,
                    etalase::testing::photos::phone_jpeg(&img, 90, false, 1),
                )
                .unwrap();
                let r = run(&mut etalase_build(content, &out, &cache)).ok("rebuild with a photo");
                assert_eq!(count_before(&r.stderr, "processed"), Some(1));
                r
            })
            .collect();
        fs::remove_file(&photo).unwrap();
        row("one photo added", &added, 0, 0);
    }
    if let Some(text) = spec_text {
        fs::write(&marker, text).unwrap();
    }
    if let Some((webp, jpeg)) = per_photo {
        report.line(format!(
            "{name}: output per photo {:.0} KB (WebP {:.0} KB + JPEG {:.0} KB, widths {WIDTHS:?})",
            (webp + jpeg) / 1e3,
            webp / 1e3,
            jpeg / 1e3
        ));
    }
    rows
}

/// Mean bytes per processed photo in the cache: (WebP, JPEG), all widths together.
fn output_bytes(cache: &Path, photos: usize) -> (f64, f64) {
    let (mut webp, mut jpeg) = (0u64, 0u64);
    for entry in walk(&cache.join("photos")) {
        let len = fs::metadata(&entry).map_or(0, |m| m.len());
        match entry.extension().and_then(|e| e.to_str()) {
            Some("webp") => webp += len,
            Some("jpg") => jpeg += len,
            _ => {}
        }
    }
    let n = photos.max(1) as f64;
    (webp as f64 / n, jpeg as f64 / n)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn first_product(content: &Path) -> PathBuf {
    walk(content)
        .into_iter()
        .find(|p| p.ends_with("product.yaml"))
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .expect("a product")
}

/// SSIM of the pipeline's web images against full decode + Lanczos3, and bytes.
fn quality(args: &Args, content: &Path, report: &mut Report) {
    let photos: Vec<PathBuf> = walk(content)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    let step = (photos.len() / args.samples.max(1)).max(1);
    let sample: Vec<PathBuf> = photos
        .into_iter()
        .step_by(step)
        .take(args.samples)
        .collect();
    quality_of("synthetic photos of the catalog", &sample, report);
    let real = real_photographs();
    if real.is_empty() {
        report.line(
            "
(no real photographs found in the cargo registry: skipped)",
        );
    } else {
        quality_of("real photographs shipped by crates", &real, report);
    }
}

/// Real photographs that crates of etalase's build ship, found in the cargo registry:
/// the `webp` crate's lake (4000 × 2250) and `jpeg-decoder`'s street (2268 × 1512).
/// The synthetic photos are noise-heavy texture, where WebP's smoothing costs SSIM;
/// these are what a phone sees.
fn real_photographs() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry").join("src")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for index in fs::read_dir(&src).into_iter().flatten().flatten() {
        for krate in fs::read_dir(index.path()).into_iter().flatten().flatten() {
            let name = krate.file_name().to_string_lossy().into_owned();
            let photo = if name.starts_with("webp-") {
                krate.path().join("assets").join("lake.jpg")
            } else if name.starts_with("jpeg-decoder-") {
                krate.path().join("benches").join("large_image.jpg")
            } else {
                continue;
            };
            if photo.is_file()
                && !found
                    .iter()
                    .any(|f: &PathBuf| f.file_name() == photo.file_name())
            {
                found.push(photo);
            }
        }
    }
    found.sort();
    found
}

/// SSIM and bytes of the pipeline's images of `sample` (see [`quality`]).
fn quality_of(label: &str, sample: &[PathBuf], report: &mut Report) {
    let settings = etalase::photos::ImageSettings {
        widths: WIDTHS.to_vec(),
        quality: QUALITY,
    };
    // Per width: SSIM of pixels, of the WebP and JPEG files, of the same encoders
    // given the reference, and bytes.
    #[derive(Default, Clone)]
    struct Acc {
        pixels: Vec<f64>,
        webp: Vec<f64>,
        jpeg: Vec<f64>,
        ref_webp: Vec<f64>,
        ref_jpeg: Vec<f64>,
        webp_bytes: Vec<f64>,
        jpeg_bytes: Vec<f64>,
        /// WebP bytes at the lowest quality whose SSIM reaches the JPEG file's.
        webp_matched: Vec<f64>,
        webp_matched_q: Vec<f64>,
    }
    let mut acc = vec![Acc::default(); WIDTHS.len()];
    let probe = etalase::testing::photos::textured(64, 48, 1);
    assert!(
        (ssim::ssim(&probe, &probe) - 1.0).abs() < 1e-9,
        "SSIM of a picture with itself"
    );
    let mut portraits = 0;
    for path in sample {
        eprintln!("ssim: {}", path.display());
        let bytes = fs::read(path).unwrap();
        let reference = reference_upright(&bytes);
        if reference.height() > reference.width() {
            portraits += 1;
        }
        let ours = etalase::photos::web_pixels(bytes, &settings).unwrap();
        assert_eq!(ours.len(), WIDTHS.len());
        for (i, mine) in ours.iter().enumerate() {
            let (w, h) = mine.dimensions();
            let want =
                image::imageops::resize(&reference, w, h, image::imageops::FilterType::Lanczos3);
            let a = &mut acc[i];
            a.pixels.push(ssim::ssim(mine, &want));
            let (webp, jpeg) = etalase::photos::encode_web(mine, QUALITY).unwrap();
            a.webp.push(ssim::ssim(&load(&webp), &want));
            a.jpeg.push(ssim::ssim(&load(&jpeg), &want));
            a.webp_bytes.push(webp.len() as f64);
            a.jpeg_bytes.push(jpeg.len() as f64);
            // Same visual quality: the lowest WebP quality whose SSIM reaches JPEG's,
            // found by bisection (SSIM grows with the quality setting).
            let jpeg_ssim = *a.jpeg.last().unwrap();
            let webp_at = |q: u8| {
                let (w, _) = etalase::photos::encode_web(mine, q).unwrap();
                (ssim::ssim(&load(&w), &want), w.len())
            };
            let (mut lo, mut hi) = (1u8, 100u8);
            let mut best = webp_at(100);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                let got = webp_at(mid);
                if got.0 >= jpeg_ssim {
                    (hi, best) = (mid, got);
                } else {
                    lo = mid + 1;
                }
            }
            let (q, bytes) = (hi, best.1);
            a.webp_matched.push(bytes as f64);
            a.webp_matched_q.push(f64::from(q));
            let (rwebp, rjpeg) = etalase::photos::encode_web(&want, QUALITY).unwrap();
            a.ref_webp.push(ssim::ssim(&load(&rwebp), &want));
            a.ref_jpeg.push(ssim::ssim(&load(&rjpeg), &want));
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    report.line(format!(
        "\n## Quality: SSIM against full decode + Lanczos3, {label} ({} photos, {portraits} portraits, quality {QUALITY})\n",
        sample.len()
    ));
    report.line("SSIM of luma, mean (min). *pixels*: the pipeline's resized image before encoding (DCT-scaled decode + cascade); *file*: what the site gets; *same encoder on reference*: the encoder's own loss, so file − reference is what the fast decode costs.\n");
    report.line("| width | pixels | WebP file | WebP on reference | JPEG file | JPEG on reference | WebP KB | JPEG KB | WebP KB at JPEG's SSIM (quality) |");
    report.line("|---|---|---|---|---|---|---|---|---|");
    for (w, a) in WIDTHS.iter().zip(&acc) {
        report.line(format!(
            "| {w} | {:.4} ({:.4}) | {:.4} ({:.4}) | {:.4} | {:.4} ({:.4}) | {:.4} | {:.1} | {:.1} | {:.1} ({:.0}) |",
            mean(&a.pixels),
            min(&a.pixels),
            mean(&a.webp),
            min(&a.webp),
            mean(&a.ref_webp),
            mean(&a.jpeg),
            min(&a.jpeg),
            mean(&a.ref_jpeg),
            mean(&a.webp_bytes) / 1e3,
            mean(&a.jpeg_bytes) / 1e3,
            mean(&a.webp_matched) / 1e3,
            mean(&a.webp_matched_q)
        ));
    }
    let worst = acc.iter().map(|a| 1.0 - min(&a.pixels)).fold(0.0, f64::max);
    let webp: f64 = acc.iter().map(|a| mean(&a.webp_bytes)).sum();
    let jpeg: f64 = acc.iter().map(|a| mean(&a.jpeg_bytes)).sum();
    report.line(format!(
        "\nlargest loss of the fast decode, 1 − SSIM: {worst:.4} (limit 0.005): {}",
        if worst <= 0.005 { "ok" } else { "TOO MUCH" }
    ));
    let matched: f64 = acc.iter().map(|a| mean(&a.webp_matched)).sum();
    report.line(format!(
        "WebP is {:.0}% of JPEG's bytes at the same quality setting ({:.0} KB vs {:.0} KB a photo, all widths), {:.0}% at the same SSIM ({:.0} KB): {}",
        100.0 * webp / jpeg,
        webp / 1e3,
        jpeg / 1e3,
        100.0 * matched / jpeg,
        matched / 1e3,
        if matched < jpeg {
            "ok, fewer bytes at the same visual quality"
        } else {
            "NOT SMALLER at the same visual quality"
        }
    ));
}

/// The reference: `image`'s full decode, turned upright by the EXIF orientation.
fn reference_upright(bytes: &[u8]) -> image::RgbImage {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    let orientation = decoder.orientation().unwrap();
    let mut img = image::DynamicImage::from_decoder(decoder).unwrap();
    img.apply_orientation(orientation);
    img.into_rgb8()
}

/// Decodes a web image. JPEGs go through `jpeg-decoder`, as in the tests: `image`'s
/// JPEG decoder misreads `jpeg-encoder`'s optimized-Huffman files (SSIM near 0.17).
fn load(bytes: &[u8]) -> image::RgbImage {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let pixels = decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
        image::RgbImage::from_raw(info.width.into(), info.height.into(), pixels).unwrap()
    } else {
        image::load_from_memory(bytes).unwrap().into_rgb8()
    }
}

/// Hugo and etalase on the same catalogs: photos (a smaller catalog by default: Hugo
/// is slow) and pages.
fn compare_hugo(
    args: &Args,
    version: &str,
    spec: &CatalogSpec,
    pages_catalog: Option<&Path>,
    report: &mut Report,
) {
    report.line(format!("\n## Hugo against etalase\n\n{version}\n"));
    report.line("| catalog | program | cold s | warm s | photos/s | peak RSS MB |");
    report.line("|---|---|---|---|---|---|");
    let photo_spec = CatalogSpec {
        villages: args.hugo_villages.min(spec.villages),
        ..spec.clone()
    };
    let mut catalogs = vec![(
        catalog(&args.work, &photo_spec),
        photo_spec.villages * photo_spec.products * photo_spec.photos,
    )];
    if let Some(p) = pages_catalog {
        catalogs.push((p.to_path_buf(), 0));
    }
    for (content, photos) in catalogs {
        let name = content.file_name().unwrap().to_string_lossy().into_owned();
        let rate = |s: f64| {
            if photos == 0 {
                "–".to_string()
            } else {
                format!("{:.2}", photos as f64 / s)
            }
        };
        // Hugo: cold runs are long with photos (about 2 s each), so one of them.
        let site = hugo::make_site(
            &content,
            &args.work.join(format!("hugo-{name}")),
            &WIDTHS,
            QUALITY,
        );
        let cold_runs = if photos > 0 { 1 } else { args.runs };
        let mut cold = Vec::new();
        for i in 0..cold_runs {
            hugo::clean(&site);
            eprintln!("hugo {name}: cold build {}/{cold_runs}", i + 1);
            cold.push(run(&mut hugo::command(&site)).ok("hugo"));
        }
        let warm: Vec<_> = (0..args.runs)
            .map(|_| run(&mut hugo::command(&site)).ok("hugo warm"))
            .collect();
        let line = |program: &str, cold: &[run::Run], warm: &[run::Run]| {
            let c = median(&cold.iter().map(|r| r.secs).collect::<Vec<_>>());
            let w = median(&warm.iter().map(|r| r.secs).collect::<Vec<_>>());
            let rss = cold
                .iter()
                .chain(warm)
                .map(|r| r.peak_rss)
                .max()
                .unwrap_or(0);
            format!(
                "| {name} | {program} | {c:.3} | {w:.3} | {} | {:.0} |",
                rate(c),
                rss as f64 / 1e6
            )
        };
        let hugo_line = line("hugo", &cold, &warm);
        // etalase on the same catalog.
        let base = args.work.join(format!("build-hugo-{name}"));
        let (out, cache) = (base.join("public"), base.join("cache"));
        let mut cold = Vec::new();
        for _ in 0..args.runs {
            let _ = fs::remove_dir_all(&base);
            cold.push(run(&mut etalase_build(&content, &out, &cache)).ok("etalase"));
        }
        let warm: Vec<_> = (0..args.runs)
            .map(|_| run(&mut etalase_build(&content, &out, &cache)).ok("etalase warm"))
            .collect();
        report.line(hugo_line);
        report.line(line("etalase", &cold, &warm));
    }
}
