//! Fuzz target `slug`: see `etalase::testing::fuzz::slug` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::slug(data));
}
