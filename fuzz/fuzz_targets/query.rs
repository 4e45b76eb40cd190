//! Fuzz target: any bytes through `hearken::fuzzing::query` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::query(data);
});
