//! Fuzz target: any bytes through `hearken::fuzzing::review` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::review(data);
});
