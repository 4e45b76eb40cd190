//! Fuzz target: any bytes through `hearken::fuzzing::xlsx` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::xlsx(data);
});
