//! Fuzz target `markdown`: see `etalase::fuzzing::markdown` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::markdown(data));
}
