//! libFuzzer target `manifest`: the invariants live in `podenv_fuzz::manifest`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| podenv_fuzz::manifest(data));
