//! Fuzz target `yaml`: see `etalase::fuzzing::yaml` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::fuzzing::yaml(data));
}
