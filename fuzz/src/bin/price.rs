//! Fuzz target `price`: see `etalase::fuzzing::price` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::price(data));
}
