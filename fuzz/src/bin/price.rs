//! Fuzz target `price`: see `etalase::testing::fuzz::price` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::price(data));
}
