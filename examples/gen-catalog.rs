//! Writes a synthetic catalog for benchmarks and trials:
//!
//! ```sh
//! cargo run --release --example gen-catalog -- --villages 10 --products 30 --photos 3 --out /dev/shm/katalog
//! cargo run --release --example gen-catalog -- --villages 10 --products 1000 --photos 0 --out /dev/shm/halaman
//! ```
//!
//! Photos are 12 MP phone-like JPEGs (quality 90, EXIF, every fifth a portrait stored
//! sideways), each of a different textured picture; see `etalase::testing::photos`.

use clap::Parser;
use etalase::testing::photos::{CatalogSpec, write_catalog};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Writes a synthetic etalase catalog with phone-size photos.")]
struct Args {
    /// Villages in the catalog.
    #[arg(long, default_value_t = 10)]
    villages: usize,
    /// Products in each village.
    #[arg(long, default_value_t = 30)]
    products: usize,
    /// Photos of each product (0 for a catalog of pages only).
    #[arg(long, default_value_t = 3)]
    photos: usize,
    /// Stored photo width and height.
    #[arg(long, default_value_t = 4000)]
    width: u32,
    #[arg(long, default_value_t = 3000)]
    height: u32,
    /// JPEG quality of the photos.
    #[arg(long, default_value_t = 90)]
    quality: u8,
    /// Make every n-th photo progressive (0: none, as phones write them).
    #[arg(long, default_value_t = 0)]
    progressive_every: usize,
    /// Make every n-th photo a portrait stored sideways (EXIF orientation 6; 0: none).
    #[arg(long, default_value_t = 5)]
    portrait_every: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write; must not exist or be empty.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let a = Args::parse();
    if std::fs::read_dir(&a.out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("gen-catalog: {} is not empty", a.out.display());
        return ExitCode::from(2);
    }
    let spec = CatalogSpec {
        villages: a.villages,
        products: a.products,
        photos: a.photos,
        width: a.width,
        height: a.height,
        quality: a.quality,
        progressive_every: a.progressive_every,
        portrait_every: a.portrait_every,
        seed: a.seed,
    };
    let start = Instant::now();
    match write_catalog(&spec, &a.out) {
        Ok(s) => {
            eprintln!(
                "wrote {} villages, {} products, {} photos ({:.0} MB, {:.2} MB each) into {} in {:.1} s",
                s.villages,
                s.products,
                s.photos,
                s.photo_bytes as f64 / 1e6,
                s.photo_bytes as f64 / 1e6 / s.photos.max(1) as f64,
                a.out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-catalog: {}: {e}", a.out.display());
            ExitCode::from(2)
        }
    }
}
