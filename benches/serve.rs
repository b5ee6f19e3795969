//! Save-to-reload latency of `etalase serve`: `cargo bench --bench serve`.
//!
//! Starts the real binary on the sample catalog and on a synthetic catalog of 1,000
//! products, subscribes to the live-reload event stream, then saves a product's YAML
//! again and again and measures the time from the write to the `reload` event. Prints
//! figures; asserts only that every save was followed by a reload. Then serving
//! itself: the time of one `GET` of a product page on a fresh connection, and the
//! requests per second of 8 clients at once.
//!
//! The preview is started, and the sample catalog copied, by the integration tests'
//! own helpers (`tests/etalase/support/`), included here by path.

#[allow(dead_code)]
#[path = "../tests/etalase/support/files.rs"]
mod files;
#[allow(dead_code)]
#[path = "../tests/etalase/support/http.rs"]
mod http;
#[allow(dead_code)]
#[path = "../tests/etalase/support/serve.rs"]
mod serve;

use files::copy_tree;
use serve::Preview;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SAVES: usize = 15;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = tmp.path().join("sample");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &sample,
    );
    let product = sample.join("wonoasri/jamu-kunyit-asam/product.yaml");
    report(
        "sample catalog (22 products, 38 photos)",
        &sample,
        &product,
        tmp.path(),
    );

    let synthetic = tmp.path().join("synthetic");
    let product = synthetic_catalog(&synthetic, 20, 50);
    report(
        "synthetic catalog (1,000 products, no photos)",
        &synthetic,
        &product,
        tmp.path(),
    );
}

fn report(name: &str, content: &Path, product: &Path, tmp: &Path) {
    let cache = tmp.join("cache");
    let args = [content.as_os_str(), "--cache".as_ref(), cache.as_os_str()];
    let preview = Preview::start(tmp, ["--content".as_ref()].into_iter().chain(args));
    let events = preview.events();
    // The tests wait 300 ms for the stream to open; the figures were taken after 500.
    std::thread::sleep(Duration::from_millis(200));

    let original = std::fs::read_to_string(product).unwrap();
    let mut times = Vec::new();
    for i in 0..SAVES {
        let text = original.replacen("name: ", &format!("name: Edit {i} "), 1);
        let saved = Instant::now();
        std::fs::write(product, text).unwrap();
        let reloaded = loop {
            let event = events
                .recv_timeout(Duration::from_secs(30))
                .expect("a reload after each save");
            if event.name == "reload" {
                break event.at;
            }
        };
        times.push(reloaded.duration_since(saved).as_secs_f64() * 1e3);
        // Let the watcher settle so each save is measured alone.
        std::thread::sleep(Duration::from_millis(300));
        while events.try_recv().is_ok() {}
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{name}: save → reload event, median {:.0} ms (min {:.0}, max {:.0}) over {SAVES} saves",
        times[SAVES / 2],
        times[0],
        times[SAVES - 1]
    );
    requests(name, &preview, product);
    drop(preview); // Ctrl-C
}

/// One client's `GET`s one after the other (the latency of a page), then 8 clients at
/// once (what the server sustains), each on a fresh connection as the tests' client
/// makes them.
fn requests(name: &str, preview: &Preview, product: &Path) {
    let folder = product.parent().unwrap();
    let page = format!(
        "/{}/{}/",
        folder
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        folder.file_name().unwrap().to_string_lossy()
    );
    let port = preview.port;
    let get = |path: &str| {
        let r = http::get(port, path, Duration::from_secs(10)).expect("an answer");
        assert_eq!(r.status, 200, "GET {path}");
    };
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let start = Instant::now();
            get(&page);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    const CLIENTS: usize = 8;
    const EACH: usize = 250;
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| (0..EACH).for_each(|_| get(&page)));
        }
    });
    let rate = (CLIENTS * EACH) as f64 / start.elapsed().as_secs_f64();
    println!(
        "{name}: GET {page}: median {:.2} ms (p90 {:.2}) over 200; {CLIENTS} clients at once: {rate:.0} requests/s",
        times[100], times[180]
    );
}

/// `villages × products` products, text only; returns one product's YAML file.
fn synthetic_catalog(root: &Path, villages: usize, products: usize) -> PathBuf {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(
        root.join("catalog.yaml"),
        "title: Katalog Sintetis\nwhatsapp: \"0812-0000-0001\"\n",
    )
    .unwrap();
    let mut one = PathBuf::new();
    for v in 0..villages {
        let vdir = root.join(format!("desa-{v:02}"));
        std::fs::create_dir_all(&vdir).unwrap();
        std::fs::write(
            vdir.join("village.yaml"),
            format!("name: Desa {v}\nregency: Jember\n"),
        )
        .unwrap();
        for p in 0..products {
            let pdir = vdir.join(format!("produk-{p:03}"));
            std::fs::create_dir_all(&pdir).unwrap();
            let yaml = pdir.join("product.yaml");
            std::fs::write(
                &yaml,
                format!(
                    "name: Keripik {v}-{p}\ncategory: makanan\nprice: {}\nunit: bungkus\n",
                    10000 + p * 500
                ),
            )
            .unwrap();
            std::fs::write(
                pdir.join("index.md"),
                "Renyah, gurih, tanpa pengawet.\n\n- bahan: singkong\n- berat: 250 g\n",
            )
            .unwrap();
            one = yaml;
        }
    }
    one
}
