//! libFuzzer target `context`: the invariants live in `podenv_fuzz::context`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podenv_fuzz::context(data));
