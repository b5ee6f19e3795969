//! Fuzz target `markdown`: see `etalase::testing::fuzz::markdown` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::markdown(data));
}
