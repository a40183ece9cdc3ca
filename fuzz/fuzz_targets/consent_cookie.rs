//! Any bytes as a consent cookie value: never a panic, and whatever decodes re-encodes
//! to the same bytes (the format has one spelling per decision).
#![no_main]
#[path = "../../tests/common/policy.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::consent_round_trip;

fuzz_target!(|value: &[u8]| {
    for signed in [false, true] {
        let policy = if signed {
            common::signed_policy()
        } else {
            common::policy()
        };
        if let Some(encoded) = consent_round_trip(value, &policy, common::NOW) {
            assert_eq!(encoded.as_bytes(), value);
        }
    }
});
