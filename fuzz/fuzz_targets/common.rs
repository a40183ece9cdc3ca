//! The policy every target checks against: four categories, exact names and prefixes.
use tower_cookie_consent::{Category, CookieRule, NECESSARY, Policy};

#[allow(dead_code)] // Not every target reads the clock.
pub const NOW: u64 = 1_764_441_482;

pub fn policy(signed: bool) -> Policy {
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance())
        .category(Category::advertising())
        .cookie(CookieRule::new("session", NECESSARY))
        .cookie(CookieRule::new("prefs", "functionality"))
        .cookie(CookieRule::new("_ga", "performance").with_domain("example.com"))
        .cookie(CookieRule::new("_hj*", "performance").with_location(None, "/app"))
        .cookie(CookieRule::new("_gcl_au", "advertising"))
        .revision(2);
    if signed {
        builder = builder.signing_keys([[7u8; 32]]);
    }
    builder.build().expect("a valid policy")
}
