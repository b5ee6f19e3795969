//! Fuzz target `image`: see `etalase::fuzzing::image` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::image(data));
}
