//! Fuzz target: any bytes through `hearken::fuzzing::serve_request` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::serve_request(data);
});
