//! Fuzz target `image`: see `etalase::testing::fuzz::image` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::image(data));
}
