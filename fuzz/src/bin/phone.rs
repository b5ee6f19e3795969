//! Fuzz target `phone`: see `etalase::testing::fuzz::phone` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::phone(data));
}
