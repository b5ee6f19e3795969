//! Fuzz target `yaml`: see `etalase::testing::fuzz::yaml` for what it checks.
fn main() {
    afl::fuzz!(|data: &[u8]| etalase::testing::fuzz::yaml(data));
}
