//! libFuzzer target `analysis`: the invariants live in `podenv_fuzz::analysis`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podenv_fuzz::analysis(data));
