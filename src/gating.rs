//! The page pass for one response: whether it runs (gating or Consent Mode declared,
//! an HTML page the layer can rewrite), the Consent Mode element for this visitor under
//! the page's CSP, and the headers of a rewritten page. What the site declares is
//! `policy::page`; the streaming rewrite itself is `html::gate`.

use http::header::{self, HeaderMap};

use crate::csp::{ScriptPermit, permit_inline_script};
use crate::policy::{CategorySet, ConsentModeState, Policy};

/// The Consent Mode `<script>` element for `state` under the response's CSP (whose
/// restricting policies get the script's hash when no shared nonce serves).
pub(crate) fn consent_mode_element(state: &ConsentModeState, headers: &mut HeaderMap) -> String {
    let script = state.script();
    match permit_inline_script(headers, &script) {
        ScriptPermit::Nonce(nonce) => format!("<script nonce=\"{nonce}\">{script}</script>"),
        ScriptPermit::Inline | ScriptPermit::HashAdded => format!("<script>{script}</script>"),
    }
}

/// What the page pass does to one page: the insert at the start of `<head>` (the
/// Consent Mode default) and gating, when either has work for this visitor.
#[derive(Debug)]
pub(crate) struct PageEdits {
    pub(crate) head: Option<bytes::Bytes>,
    pub(crate) gate: Option<crate::html::Gate>,
}

/// The page pass for this response, when the policy turns gating or Consent Mode on and
/// the response is an HTML page the layer can rewrite, with the headers made true for
/// the page it will produce (see [`fix_gated_headers`]). A page the policy gates is
/// rewritten for every visitor (its headers too), even one with nothing to activate.
///
/// `document` says whether the request loads a whole document (see [`loads_document`]):
/// only those get the Consent Mode default; fragments are gated all the same.
pub(crate) fn page_gate(
    config: &crate::config::Config,
    granted: CategorySet,
    document: bool,
    page: Option<http::uri::PathAndQuery>,
    language: Option<crate::banner::LanguageIndex>,
    parts: &mut http::response::Parts,
) -> Option<PageEdits> {
    let settings = config.policy.page_settings();
    if settings.gating.is_none() && settings.consent_mode.is_none() {
        return None;
    }
    if !crate::injection::is_rewritable(parts) {
        crate::wiring::warn_if_encoded(config, &parts.headers);
        return None;
    }
    let head = settings
        .consent_mode
        .as_ref()
        .filter(|_| document)
        .map(|mode| consent_mode_element(&mode.state(granted), &mut parts.headers));
    let insert_len = head.as_ref().map_or(0, String::len);
    let gate = settings.gating.as_ref().and_then(|gating| {
        let context = crate::html::GateContext {
            placeholder: config.placeholder.clone(),
            // In the visitor's language when the request chose one (a visitor who gets
            // the banner), else the policy's default language.
            placeholders: config.banner.placeholders(language),
            page,
            log: config
                .discovery
                .as_ref()
                .map(|discovery| discovery.trackers().clone()),
        };
        crate::html::Gate::new(config.policy.clone(), granted, gating, context)
    });
    fix_gated_headers(
        &mut parts.headers,
        insert_len,
        gate.as_ref().is_some_and(crate::html::Gate::may_grow),
    );
    Some(PageEdits {
        head: head.map(bytes::Bytes::from),
        gate,
    })
}

/// Whether a request loads a whole document, which gets the Consent Mode default: not an
/// htmx partial (`HX-Request` without `HX-Boosted`), and a `Sec-Fetch-Dest` of
/// `document`, `iframe`, `frame`, `embed` or `object` when it is sent (a `fetch` of a
/// fragment sends `empty`).
pub(crate) fn loads_document(headers: &HeaderMap) -> bool {
    !crate::injection::is_htmx_partial(headers)
        && headers
            .get(crate::headers::SEC_FETCH_DEST)
            .is_none_or(|destination| {
                matches!(
                    destination.as_bytes(),
                    b"document" | b"iframe" | b"frame" | b"embed" | b"object"
                )
            })
}

/// Whether gating or Consent Mode rewrites the policy's pages, for every visitor: a
/// navigation then loses its conditional headers (see the service), or a 304 could keep
/// a copy rewritten for another choice.
pub(crate) fn rewrites_pages(policy: &Policy) -> bool {
    let settings = policy.page_settings();
    settings.gating.is_some() || settings.consent_mode.is_some()
}

/// The headers of a page the pass rewrites: `Content-Length` grown by the head insert
/// (or removed when placeholders may add bytes), no validators (`ETag`, weak or strong,
/// `Last-Modified`: a 304 would bring back a page rewritten for another choice), no
/// ranges or digests, `Cache-Control: private` and `Vary: Cookie`.
fn fix_gated_headers(headers: &mut HeaderMap, insert_len: usize, may_grow: bool) {
    // Validators go with the length fix; the page is this visitor's whoever asks.
    crate::injection::fix_headers(headers, insert_len);
    crate::injection::keep_out_of_shared_caches(headers);
    if may_grow {
        headers.remove(header::CONTENT_LENGTH);
    }
}
