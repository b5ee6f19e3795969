//! The fuzz targets' corpora, run as a test: the inputs a fuzzer found stay fixed.

use std::path::Path;

/// Every file of every fuzz target's corpus (`fuzz/corpus/<target>/`: the seeds and
/// every input a fuzzer found to fail, kept as a regression) through the same code the
/// fuzzers run. CI runs this instead of the fuzzers, which need afl.rs installed.
#[test]
fn the_fuzz_corpora_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, target) in etalase::testing::fuzz::TARGETS {
        let dir = root.join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let result = std::panic::catch_unwind(|| target(&bytes));
            assert!(
                result.is_ok(),
                "fuzz target {name} fails on {}",
                path.display()
            );
            count += 1;
        }
        assert!(count >= 3, "{name}: only {count} corpus files");
    }
}
