//! `Content-Security-Policy`, read once for everything the layer adds to a page: how the
//! banner's styles may arrive (`style-src-elem`, `style-src`, `default-src`), whether its
//! form may post (`form-action`), and how the Consent Mode script may run
//! (`script-src-elem`, `script-src`, `default-src`: a shared nonce, or its hash added).
//! Every policy of the response is enforced at once (several header lines, or several
//! policies in one line separated by commas); `Content-Security-Policy-Report-Only` is
//! never read or changed. A policy in a `<meta>` before the body is found by the HTML
//! pass (`html::body_start`) and read here too: its style directives make the banner use
//! its stylesheet link, its `form-action` may keep the banner out (a banner whose form
//! cannot post is never shown). The Consent Mode script goes before such a `<meta>` (a
//! policy in a `<meta>` does not apply to what precedes it), and follows the header's
//! policies only. A `<meta>` Report-Only policy is ignored, as browsers ignore it.

use base64::Engine as _;
use http::header::{self, HeaderMap, HeaderValue};

/// How the banner's styles reach the page, decided from the response's CSP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StyleMode<'a> {
    Inline,
    InlineNonce(&'a str),
    Link,
}

/// The directive `name` of one serialized policy, when it has it (the first one counts,
/// as in browsers): its sources, and the byte offset where it ends.
fn directive<'p>(
    policy: &'p [u8],
    name: &[u8],
) -> Option<(usize, impl Iterator<Item = &'p [u8]> + use<'p>)> {
    let mut offset = 0;
    for text in policy.split(|&byte| byte == b';') {
        let end = offset + text.len();
        let mut tokens = text
            .split(u8::is_ascii_whitespace)
            .filter(|token| !token.is_empty());
        if tokens
            .next()
            .is_some_and(|found| found.eq_ignore_ascii_case(name))
        {
            return Some((end, tokens));
        }
        offset = end + 1;
    }
    None
}

/// The first of `names` the policy has: the directive browsers consult for an element,
/// most specific first.
fn first_directive<'p>(
    policy: &'p [u8],
    names: [&[u8]; 3],
) -> Option<(usize, impl Iterator<Item = &'p [u8]> + use<'p>)> {
    names.into_iter().find_map(|name| directive(policy, name))
}

/// A `'nonce-…'` source's value (ASCII case ignored in the keyword), valid or not.
fn nonce_of(source: &[u8]) -> Option<&[u8]> {
    let keyword = b"'nonce-";
    (source.len() > keyword.len()
        && source[..keyword.len()].eq_ignore_ascii_case(keyword)
        && source.ends_with(b"'"))
    .then(|| &source[keyword.len()..source.len() - 1])
}

/// A nonce that may be copied into markup: base64 or base64url characters only.
fn valid_nonce(nonce: &[u8]) -> Option<&str> {
    let valid = !nonce.is_empty()
        && nonce
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+/=_-".contains(byte));
    valid.then(|| std::str::from_utf8(nonce).ok()).flatten()
}

fn starts_with_ignore_case(source: &[u8], prefix: &[u8]) -> bool {
    source.len() > prefix.len() && source[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// How the banner's styles may reach this page under its `Content-Security-Policy`.
/// Several policies (all enforced at once) get the stylesheet link: a nonce would have
/// to satisfy each of them.
pub(crate) fn style_mode(headers: &HeaderMap) -> StyleMode<'_> {
    let mut policies = headers.get_all(header::CONTENT_SECURITY_POLICY).iter();
    match (policies.next(), policies.next()) {
        (None, _) => StyleMode::Inline,
        (Some(policy), None) => style_mode_under(policy.as_bytes()),
        (Some(_), Some(_)) => StyleMode::Link,
    }
}

fn style_mode_under(policy: &[u8]) -> StyleMode<'_> {
    let Some((_, sources)) =
        first_directive(policy, [b"style-src-elem", b"style-src", b"default-src"])
    else {
        return StyleMode::Inline;
    };
    let mut unsafe_inline = false;
    let mut hashes = false;
    for source in sources {
        if let Some(nonce) = nonce_of(source) {
            return valid_nonce(nonce).map_or(StyleMode::Link, StyleMode::InlineNonce);
        }
        hashes |= starts_with_ignore_case(source, b"'sha");
        unsafe_inline |= source.eq_ignore_ascii_case(b"'unsafe-inline'");
    }
    // With a hash present, browsers ignore 'unsafe-inline'.
    if unsafe_inline && !hashes {
        StyleMode::Inline
    } else {
        StyleMode::Link
    }
}

/// Whether every `Content-Security-Policy` of the response lets the banner's form post
/// to `endpoint` on `host`: a policy without `form-action` does (the directive does not
/// fall back to `default-src`); one with it must list `'self'`, `*`, a scheme, or a
/// source naming this host (and a path covering the endpoint). A banner whose form
/// cannot post is never shown: every click would do nothing.
pub(crate) fn form_action_allows(headers: &HeaderMap, host: Option<&[u8]>, endpoint: &str) -> bool {
    headers
        .get_all(header::CONTENT_SECURITY_POLICY)
        .iter()
        .all(|value| policies_allow_form(value.as_bytes(), host, endpoint.as_bytes()))
}

/// Whether every policy of one serialized list (a header line, or a `<meta>`'s
/// `content`: several policies are separated by commas, all enforced) lets a form post
/// to `endpoint` on `host`.
pub(crate) fn policies_allow_form(list: &[u8], host: Option<&[u8]>, endpoint: &[u8]) -> bool {
    list.split(|&byte| byte == b',')
        .all(|policy| match directive(policy, b"form-action") {
            None => true,
            Some((_, mut sources)) => sources.any(|source| source_allows(source, host, endpoint)),
        })
}

/// Whether a `<meta http-equiv="Content-Security-Policy">`'s `content` keeps the
/// banner's inline `<style>` from applying (the banner then uses its stylesheet link):
/// read as the header's policies are (a nonce in a `<meta>` policy cannot be matched by
/// a banner rendered before the page was read, so it means the link too).
pub(crate) fn meta_restricts_inline_style(list: &[u8]) -> bool {
    list.split(|&byte| byte == b',')
        .any(|policy| style_mode_under(policy) != StyleMode::Inline)
}

/// Whether one CSP source expression matches a same-origin post to `endpoint`.
fn source_allows(source: &[u8], host: Option<&[u8]>, endpoint: &[u8]) -> bool {
    if source.eq_ignore_ascii_case(b"'self'") || source == b"*" {
        return true;
    }
    let is_scheme = |scheme: &[u8]| source.eq_ignore_ascii_case(scheme);
    if is_scheme(b"https:") || is_scheme(b"http:") {
        return true;
    }
    let Some(host) = host else {
        return false;
    };
    // A host source: `[scheme://]host[:port][/path]`.
    let without_scheme = source
        .windows(3)
        .position(|window| window == b"://")
        .map_or(source, |at| &source[at + 3..]);
    let (authority, path) = match without_scheme.iter().position(|&byte| byte == b'/') {
        Some(at) => without_scheme.split_at(at),
        None => (without_scheme, &b""[..]),
    };
    let source_host = authority
        .split(|&byte| byte == b':')
        .next()
        .unwrap_or(authority);
    let request_host = host.split(|&byte| byte == b':').next().unwrap_or(host);
    let host_matches = match source_host.strip_prefix(b"*.") {
        Some(suffix) => {
            request_host.len() > suffix.len() + 1
                && request_host[request_host.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
                && request_host[request_host.len() - suffix.len() - 1] == b'.'
        }
        None => source_host.eq_ignore_ascii_case(request_host),
    };
    let path_matches =
        path.is_empty() || path == endpoint || (path.ends_with(b"/") && endpoint.starts_with(path));
    host_matches && path_matches
}

/// How the Consent Mode script may run under the response's CSP.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ScriptPermit {
    /// No policy restricts inline scripts (none, or one relying on `'unsafe-inline'`).
    Inline,
    /// Every policy that restricts scripts allows this nonce.
    Nonce(String),
    /// The script's hash was added to each restricting policy.
    HashAdded,
}

/// What one policy asks of an inline script: `None` if it lets any run; else where
/// its directive ends (for a hash to be added) and the first valid nonce it allows.
fn script_restriction(policy: &[u8]) -> Option<(usize, Option<&str>)> {
    let (end, sources) =
        first_directive(policy, [b"script-src-elem", b"script-src", b"default-src"])?;
    let mut nonce = None;
    let mut unsafe_inline = false;
    let mut overrides_inline = false;
    for source in sources {
        if let Some(value) = nonce_of(source) {
            if let Some(valid) = valid_nonce(value) {
                nonce.get_or_insert(valid);
            }
            overrides_inline = true;
        } else if starts_with_ignore_case(source, b"'sha")
            || source.eq_ignore_ascii_case(b"'strict-dynamic'")
        {
            overrides_inline = true;
        } else if source.eq_ignore_ascii_case(b"'unsafe-inline'") {
            unsafe_inline = true;
        }
    }
    if unsafe_inline && !overrides_inline {
        // Relies on 'unsafe-inline': a hash would switch it off for every other script.
        return None;
    }
    Some((end, nonce))
}

/// Makes the response's CSP let `script` run inline (see [`ScriptPermit`]).
pub(crate) fn permit_inline_script(headers: &mut HeaderMap, script: &str) -> ScriptPermit {
    let values: Vec<HeaderValue> = headers
        .get_all(header::CONTENT_SECURITY_POLICY)
        .iter()
        .cloned()
        .collect();
    let texts: Vec<&str> = values
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    let policies = texts.iter().flat_map(|text| text.split(','));
    let mut shared_nonce: Option<Option<&str>> = None;
    let mut restricted = false;
    for policy in policies {
        if let Some((_, nonce)) = script_restriction(policy.as_bytes()) {
            restricted = true;
            shared_nonce = match shared_nonce {
                None => Some(nonce),
                Some(known) if known == nonce => Some(known),
                Some(_) => Some(None),
            };
        }
    }
    if !restricted {
        return ScriptPermit::Inline;
    }
    if let Some(Some(nonce)) = shared_nonce {
        return ScriptPermit::Nonce(nonce.to_owned());
    }
    let hash = format!("'sha256-{}'", sha256_base64(script.as_bytes()));
    headers.remove(header::CONTENT_SECURITY_POLICY);
    for text in &texts {
        let rewritten: Vec<String> = text
            .split(',')
            .map(|policy| match script_restriction(policy.as_bytes()) {
                Some((end, _)) => {
                    let mut policy = policy.to_owned();
                    policy.insert_str(end, &format!(" {hash}"));
                    policy
                }
                None => policy.to_owned(),
            })
            .collect();
        if let Ok(value) = HeaderValue::from_str(&rewritten.join(",")) {
            headers.append(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    // Values that were not text pass as they were.
    for value in values.iter().filter(|value| value.to_str().is_err()) {
        headers.append(header::CONTENT_SECURITY_POLICY, value.clone());
    }
    ScriptPermit::HashAdded
}

/// A CSP hash source's value: the SHA-256 of `bytes`, standard base64 with padding.
pub(crate) fn sha256_base64(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_sources_match_the_csp_specs_example() {
        // The CSP spec's example: sha256 of `alert('Hello, world.');`.
        assert_eq!(
            sha256_base64(b"alert('Hello, world.');"),
            "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        )
    }

    fn csp(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(value),
            );
        }
        headers
    }

    fn after(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(header::CONTENT_SECURITY_POLICY)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect()
    }

    #[test]
    fn the_script_is_permitted_as_each_policy_allows() {
        let hash = format!("'sha256-{}'", sha256_base64(b"x()"));
        let mut none = HeaderMap::new();
        assert_eq!(permit_inline_script(&mut none, "x()"), ScriptPermit::Inline);
        assert!(none.is_empty());

        let mut unsafe_inline = csp(&["script-src 'self' 'unsafe-inline'"]);
        assert_eq!(
            permit_inline_script(&mut unsafe_inline, "x()"),
            ScriptPermit::Inline
        );
        assert_eq!(after(&unsafe_inline), ["script-src 'self' 'unsafe-inline'"]);

        let mut styles_only = csp(&["style-src 'self'"]);
        assert_eq!(
            permit_inline_script(&mut styles_only, "x()"),
            ScriptPermit::Inline
        );

        let mut nonce = csp(&["default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'"]);
        assert_eq!(
            permit_inline_script(&mut nonce, "x()"),
            ScriptPermit::Nonce("r4nd0m".to_owned())
        );
        assert_eq!(
            after(&nonce),
            ["default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'"]
        );

        let mut hashes = csp(&["script-src 'sha256-abc=' 'unsafe-inline'; img-src *"]);
        assert_eq!(
            permit_inline_script(&mut hashes, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(
            after(&hashes),
            [format!(
                "script-src 'sha256-abc=' 'unsafe-inline' {hash}; img-src *"
            )]
        );

        let mut default_only = csp(&["default-src 'self'"]);
        assert_eq!(
            permit_inline_script(&mut default_only, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(after(&default_only), [format!("default-src 'self' {hash}")]);

        // The element directive is the one browsers read for a <script>.
        let mut elem = csp(&["script-src 'self'; script-src-elem 'self'"]);
        permit_inline_script(&mut elem, "x()");
        assert_eq!(
            after(&elem),
            [format!("script-src 'self'; script-src-elem 'self' {hash}")]
        );

        // Two policies with different nonces: no nonce serves both, the hash goes in each.
        let mut two = csp(&[
            "script-src 'nonce-a'",
            "script-src 'nonce-b', style-src 'self'",
        ]);
        assert_eq!(
            permit_inline_script(&mut two, "x()"),
            ScriptPermit::HashAdded
        );
        assert_eq!(
            after(&two),
            [
                format!("script-src 'nonce-a' {hash}"),
                format!("script-src 'nonce-b' {hash}, style-src 'self'"),
            ]
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn style_mode_follows_the_csp() {
        let mode =
            |csp: &'static str| match style_mode(&headers(&[("content-security-policy", csp)])) {
                StyleMode::Inline => "inline".to_owned(),
                StyleMode::InlineNonce(nonce) => format!("nonce {nonce}"),
                StyleMode::Link => "link".to_owned(),
            };
        assert!(matches!(style_mode(&HeaderMap::new()), StyleMode::Inline));
        assert_eq!(mode("script-src 'self'"), "inline");
        assert_eq!(mode("default-src 'self'"), "link");
        assert_eq!(
            mode("default-src 'self'; style-src 'nonce-abc+/=' 'self'"),
            "nonce abc+/="
        );
        assert_eq!(mode("style-src 'NONCE-xyz'"), "nonce xyz");
        assert_eq!(
            mode("style-src 'self'; style-src-elem 'nonce-e'"),
            "nonce e"
        );
        assert_eq!(mode("style-src 'unsafe-inline'"), "inline");
        assert_eq!(mode("style-src 'unsafe-inline' 'sha256-abc'"), "link");
        assert_eq!(mode("style-src 'nonce-\"><x'"), "link");
        assert_eq!(mode("style-src 'nonce-'"), "link");
        let two = headers(&[
            ("content-security-policy", "style-src 'nonce-a'"),
            ("content-security-policy", "style-src 'nonce-a'"),
        ]);
        assert!(matches!(style_mode(&two), StyleMode::Link));
    }
}
