//! Fuzz target `phone`: see `etalase::fuzzing::phone` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::phone(data));
}
