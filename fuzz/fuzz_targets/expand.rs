//! libFuzzer target `expand`: the invariants live in `podenv_fuzz::expand`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podenv_fuzz::expand(data));
