//! Not part of the API: the crate's own benches, conformance tests and fuzz targets
//! reach the pieces they measure through here, behind the unstable `__internals`
//! feature. Hidden from the docs, and free to change in any release.
#![doc(hidden)]

use bytes::Bytes;
use http::HeaderMap;

use crate::html::ConsentBody;
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

/// `body` with `banner` injected where its body starts.
pub fn inject<B: http_body::Body>(body: B, banner: Bytes) -> ConsentBody<B> {
    ConsentBody::inject(body, banner)
}

/// Where the banner goes in a whole `document`: its offset, or `None` when no place can
/// work (the body then ends with a filler as long as the banner).
pub fn banner_offset(document: &[u8]) -> Option<usize> {
    let banner = crate::html::Insert::from(Bytes::from_static(b"<banner>"));
    let mut pass = crate::html::Pass::new(None, Some(banner), None, None);
    let mut out = std::collections::VecDeque::new();
    pass.feed(Bytes::copy_from_slice(document), &mut out);
    pass.finish(&mut out);
    pass.banner_placed_at().map(|at| at as usize)
}

pub use crate::html::{Token, tokens, tokens_read_in_full};

/// The `(name, value)` pairs of one `Cookie` header value, and their spans.
pub fn cookie_pairs(header: &[u8]) -> Vec<(&[u8], &[u8], std::ops::Range<usize>)> {
    crate::cookie_header::cookie_pairs(header)
        .map(|pair| (pair.name, pair.value, pair.span))
        .collect()
}

/// A `Cookie` header value without the pairs `keep` refuses.
pub fn without_pairs(header: &[u8], keep: impl FnMut(&[u8]) -> bool) -> Option<Vec<u8>> {
    let mut keep = keep;
    crate::cookie_header::without_pairs(header, |pair| keep(pair.name))
}

/// Reads the consent cookie from `Cookie` header values: `Ok(granted category ids)`, or
/// why the visitor is undecided.
pub fn read_consent(
    headers: &[&[u8]],
    policy: &Policy,
    now: u64,
) -> Result<Vec<String>, crate::Undecided> {
    let decision = crate::consent::read_consent(|| headers.iter().copied(), policy, now)?;
    Ok(ids(policy, decision.granted))
}

/// Decodes a consent cookie value and, when it is valid, encodes it again.
pub fn consent_round_trip(value: &[u8], policy: &Policy, now: u64) -> Option<String> {
    let decision = crate::consent::Decision::decode(value, policy, now).ok()?;
    Some(decision.encode(policy))
}

/// The name of a `Set-Cookie` value.
pub fn set_cookie_name(value: &[u8]) -> &[u8] {
    crate::set_cookie::set_cookie_name(value)
}

/// Parses a posted choice (a form, or JSON): the granted category ids and `return_to`,
/// or the 400 message.
pub fn parse_choice(
    body: &[u8],
    json: bool,
    policy: &Policy,
) -> Result<(Vec<String>, Option<String>), String> {
    let (granted, return_to) = crate::endpoint::parse_choice(body, json, policy)?;
    Ok((ids(policy, granted), return_to))
}

fn ids(policy: &Policy, set: CategorySet) -> Vec<String> {
    policy
        .categories_in(set)
        .map(|category| category.id().to_owned())
        .collect()
}

/// `return_to` when it is a safe same-site path.
pub fn safe_return_to(raw: &str) -> Option<&str> {
    crate::endpoint::safe_return_to(raw)
}

/// The page pass over `chunks` for a visitor granting `granted`, with gating set as
/// `gating` (off with `None`), `head` as the first child of `<head>`, and the layer's
/// placeholder markup for `policy`: the bytes it sends, in order.
pub fn gate_chunks(
    policy: &std::sync::Arc<Policy>,
    granted: Granted,
    gating: Option<&crate::Gating>,
    head: Option<&str>,
    chunks: &[&[u8]],
) -> Vec<u8> {
    let mut pass = new_pass(policy, granted, gating, head, None);
    let mut out = std::collections::VecDeque::new();
    let mut bytes = Vec::new();
    for chunk in chunks {
        pass.feed(Bytes::copy_from_slice(chunk), &mut out);
        bytes.extend(out.drain(..).flatten());
    }
    pass.finish(&mut out);
    bytes.extend(out.drain(..).flatten());
    bytes
}

/// `body` through the page pass (see [`gate_chunks`]), with `banner` where its body
/// starts when given.
pub fn gate_body<B: http_body::Body>(
    body: B,
    policy: &std::sync::Arc<Policy>,
    granted: Granted,
    gating: Option<&crate::Gating>,
    head: Option<&str>,
    banner: Option<Bytes>,
) -> ConsentBody<B> {
    let banner = banner.map(crate::html::Insert::from);
    ConsentBody::pass(body, new_pass(policy, granted, gating, head, banner))
}

fn new_pass(
    policy: &std::sync::Arc<Policy>,
    granted: Granted,
    gating: Option<&crate::Gating>,
    head: Option<&str>,
    banner: Option<crate::html::Insert>,
) -> crate::html::Pass {
    let placeholder = gating
        .and_then(|gating| crate::banner::placeholder_markup(gating, policy.endpoint()))
        .map(Bytes::from);
    let gate = gating.and_then(|gating| {
        let context = crate::html::GateContext {
            placeholder,
            ..Default::default()
        };
        crate::html::Gate::new(policy.clone(), granted.0, gating, context)
    });
    crate::html::Pass::new(
        head.map(|head| Bytes::from(head.to_owned())),
        banner,
        gate,
        None,
    )
}

/// Whether the gate may make the attribute value `raw` (as written in a page) a live
/// URL; `srcset` reads it as a list of candidates. See `html/url.rs`.
pub fn activatable(raw: &[u8], allow_hosts: Option<&[String]>, srcset: bool) -> bool {
    if srcset {
        crate::html::url::activatable_srcset(raw, allow_hosts)
    } else {
        crate::html::url::activatable(raw, allow_hosts)
    }
}

/// The Consent Mode script for a visitor who granted these category ids, when the
/// policy has Consent Mode.
pub fn consent_mode_script(policy: &Policy, granted: &[&str]) -> Option<String> {
    Some(policy.consent_mode_state_for(granted)?.script())
}

/// The built-in category a known tracker loaded from `url` needs (the tracker table of
/// automatic gating), for the bench's lol_html rewrite of the same trackers.
pub fn tracker_category_for_url(url: &[u8]) -> Option<&'static str> {
    crate::trackers::tracker_for_url(url).map(|tracker| tracker.purpose.built_in_category())
}

/// The built-in category of the known tracker whose snippet `text` (an inline script's)
/// holds, as automatic gating reads it.
pub fn tracker_category_in_snippet(text: &[u8]) -> Option<&'static str> {
    crate::trackers::tracker_in_snippet(text).map(|tracker| tracker.purpose.built_in_category())
}
