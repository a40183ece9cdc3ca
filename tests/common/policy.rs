//! The test policy, once for every test, bench and fuzz target: three optional
//! categories, exact names, prefixes and declared locations. It needs nothing but the
//! crate, so that fuzz targets and benches can include it with `#[path]`.
#![allow(dead_code, unreachable_pub)]

use tower_cookie_consent::{Category, CookieRule, NECESSARY, Policy, PolicyBuilder};

/// A consent id, for consent cookies written by hand.
pub const ID: &str = "0123456789abcdef0123456789abcdef";

/// A fixed "now" for code that takes the time as an argument.
pub const NOW: u64 = 1_764_441_482;

/// The key of [`signed_policy`].
pub const SIGNING_KEY: [u8; 32] = [7u8; 32];

pub fn policy_builder() -> PolicyBuilder {
    Policy::builder()
        .category(Category::functionality())
        .category(Category::performance())
        .category(Category::advertising())
        .cookie(CookieRule::new("session", NECESSARY))
        .cookie(CookieRule::new("prefs", "functionality"))
        .cookie(CookieRule::new("_ga", "performance").domain("example.com"))
        .cookie(CookieRule::new("_hj*", "performance").location(None, "/app"))
        .cookie(CookieRule::new("_gcl_au", "advertising"))
        .revision(2)
}

pub fn policy() -> Policy {
    policy_builder().build().expect("the test policy is valid")
}

/// The test policy, its consent cookie signed with [`SIGNING_KEY`].
pub fn signed_policy() -> Policy {
    policy_builder()
        .signing_keys([SIGNING_KEY])
        .build()
        .expect("the test policy is valid")
}
