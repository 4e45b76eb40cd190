//! Fuzz target: any bytes through `hearken::fuzzing::csv` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::csv(data);
});
