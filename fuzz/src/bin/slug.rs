//! Fuzz target `slug`: see `etalase::fuzzing::slug` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::slug(data));
}
