//! Not part of the API: the crate's own benches (`benches/`) and fuzz targets (`fuzz/`)
//! reach the pieces they measure through here. Hidden from the docs, and free to change
//! in any release.
#![doc(hidden)]

use bytes::Bytes;
use http::HeaderMap;

use crate::body::ConsentBody;
use crate::policy::{CategorySet, Policy};

/// A set of granted categories, by id.
#[derive(Clone, Copy, Debug)]
pub struct Granted(CategorySet);

impl Granted {
    /// `necessary` plus the listed ids that the policy declares.
    pub fn new(policy: &Policy, ids: &[&str]) -> Self {
        let set = ids
            .iter()
            .filter_map(|id| policy.category_index(id.as_bytes()))
            .fold(CategorySet::NECESSARY_ONLY, CategorySet::with);
        Self(set)
    }
}

/// The response side's `Set-Cookie` filter; returns whether the response depended on
/// the visitor's choice.
pub fn filter_set_cookies(headers: &mut HeaderMap, policy: &Policy, granted: Granted) -> bool {
    crate::set_cookie::filter_set_cookies(headers, policy, granted.0)
}

/// `body` with `banner` injected after its `<body>` tag.
pub fn inject<B>(body: B, banner: Bytes) -> ConsentBody<B> {
    ConsentBody::inject(body, banner)
}
