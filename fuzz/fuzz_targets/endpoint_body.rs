//! Any posted body, as a form and as JSON: a choice or a message, never a panic; what is
//! granted always includes `necessary`.
#![no_main]
#[path = "../../tests/common/policy.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::parse_choice;

fuzz_target!(|body: &[u8]| {
    let policy = common::policy();
    for json in [false, true] {
        if let Ok((granted, _return_to)) = parse_choice(body, json, &policy) {
            assert_eq!(granted.first().map(String::as_str), Some("necessary"));
        }
    }
});
