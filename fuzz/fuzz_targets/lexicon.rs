//! Fuzz target: any bytes through `hearken::fuzzing::lexicon` (see that function).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hearken::fuzzing::lexicon(data);
});
