//! Any bytes as `Cookie` headers: the consent lookup agrees with splitting every pair
//! (no consent cookie: no choice; one: exactly what decoding its value says; several:
//! invalid), pairs come in order inside the header, and removing none keeps every pair.
#![no_main]
#[path = "../../tests/common/policy.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::Undecided;
use tower_cookie_consent::internals::{
    consent_round_trip, cookie_pairs, read_consent, without_pairs,
};

fuzz_target!(|data: &[u8]| {
    let headers: Vec<&[u8]> = data.split(|&byte| byte == b'\n').collect();
    let policy = common::policy();
    let found = read_consent(&headers, &policy, common::NOW);
    // The reference: split every pair, look for the name.
    let mut values = Vec::new();
    for header in &headers {
        let pairs = cookie_pairs(header);
        let mut end = 0;
        for (name, value, span) in &pairs {
            assert!(span.start >= end && span.end <= header.len() && span.start < span.end);
            end = span.end;
            if *name == b"cookie_consent" {
                values.push(*value);
            }
        }
        if let Some(kept) = without_pairs(header, |_| true) {
            let kept_pairs = cookie_pairs(&kept);
            assert_eq!(kept_pairs.len(), pairs.len());
            for ((a, b, _), (c, d, _)) in kept_pairs.iter().zip(&pairs) {
                assert_eq!((a, b), (c, d));
            }
        } else {
            assert!(pairs.is_empty());
        }
    }
    match values.as_slice() {
        [] => assert_eq!(found, Err(Undecided::NoChoice)),
        [value] => {
            let decodes = consent_round_trip(value, &policy, common::NOW).is_some();
            assert_eq!(found.is_ok(), decodes, "{value:?}");
            assert_ne!(found, Err(Undecided::NoChoice));
        }
        _ => assert_eq!(found, Err(Undecided::Invalid)),
    }
});
