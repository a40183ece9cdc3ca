//! The request side: reading the visitor's choice and answering the endpoint.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{self, HeaderValue};
use http::{HeaderMap, Request, Response};
use http_body::Body;
use tower_service::Service;

use crate::config::Config;
use crate::consent::{Consent, read_consent, unix_now};
use crate::cookie_header::without_pairs;
use crate::endpoint;
use crate::future::{DecidedPage, PageBanner, ResponseContext, ResponseFuture};
use crate::headers::{rewrite_values, sends_gpc};
use crate::host::visible_host;
use crate::html::ConsentBody;
use crate::injection::{is_htmx_partial, is_navigation, strip_conditional_headers};
use crate::policy::{CategorySet, Policy};
use crate::set_cookie::{DeletionScope, Refusal, refusal, refused_cookies};

/// Enforces a cookie [`Policy`] on an inner service; built by
/// [`ConsentLayer`](crate::ConsentLayer).
///
/// For every request it reads the consent cookie once, puts a [`Consent`] in the
/// request's extensions, and removes the cookies the visitor has not consented to from
/// the `Cookie` header the inner service sees. On the way back it drops `Set-Cookie`
/// headers of refused categories, deletes refused cookies the browser sent, and adds
/// `Vary: Cookie` where the response depended on the choice. HTML pages for a visitor
/// who has not chosen get the banner. Requests to the policy's endpoint are answered
/// without calling the inner service.
#[derive(Clone, Debug)]
pub struct ConsentService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> ConsentService<S> {
    pub(crate) fn new(inner: S, config: Arc<Config>) -> Self {
        Self { inner, config }
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ConsentService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ReqBody: Body,
    ResBody: Body,
{
    type Response = Response<ConsentBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ReqBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let config = &self.config;
        let policy = &config.policy;
        #[cfg(feature = "axum")]
        crate::wiring::warn_if_nested(config, &request);
        let mut request = match endpoint::answer_if_ours(config, request) {
            endpoint::Addressed::Endpoint(answer) => return ResponseFuture::endpoint(answer),
            endpoint::Addressed::Application(request) => request,
        };

        let headers = request.headers();
        let cookie_headers = || {
            headers
                .get_all(header::COOKIE)
                .iter()
                .map(HeaderValue::as_bytes)
        };
        let now = unix_now();
        let decision = read_consent(cookie_headers, policy, now);
        if let Some(discovery) = &config.discovery {
            for value in cookie_headers() {
                discovery.record_request(value, now);
            }
        }
        let gpc = sends_gpc(headers);
        let place = config.place(request.uri(), headers);
        // A choice read from the legacy consent cookie is moved to the current one.
        let mut reissue = decision
            .as_ref()
            .ok()
            .filter(|decision| decision.from_legacy)
            .cloned();
        let consent = Consent::new(policy.clone(), decision, gpc, place.region, place.regime);
        let granted = consent.granted_set();
        // Only an undecided visitor's page depends on the region (a choice applies
        // wherever it is read).
        let region_matters = !consent.is_decided() && !config.region_vary().is_empty();
        let gpc_matters = consent.depends_on_gpc();
        let refused = refused_cookies(cookie_headers(), policy, granted);
        // Only a response that deletes needs to know where: nothing to build otherwise.
        let scope = if refused.is_empty() {
            DeletionScope::default()
        } else {
            let host = visible_host(headers, request.uri(), &config.post_origins);
            DeletionScope::new(host, request.uri().path())
        };
        // Whether an HTML answer to this request is a page that can carry the banner,
        // for this visitor or another: its caching then depends on the visitor.
        let may_carry_banner = config.show_banner && !config.skips_banner(request.uri());
        // (One or neither: the first is for undecided visitors, the second for decided
        // ones. Each reads the language, only when the page may show words.)
        let banner = page_banner(config, may_carry_banner, &request, &consent);
        let decided_page = decided_page(config, may_carry_banner, &request, &consent);
        if consent.refused_by_gpc().has_optional() {
            // What the signal refused stays refused once it stops (a later request
            // without it is no opt-in): the choice is written again without those
            // categories, once, with its `gpc_applied` receipt.
            let applied = crate::gpc_applied::apply_gpc(&consent, now);
            crate::gpc_applied::record_gpc_applied(
                config,
                &consent,
                &applied,
                request.uri(),
                request.headers(),
            );
            reissue = Some(applied);
        }
        if !refused.is_empty() {
            strip_refused_cookies(request.headers_mut(), policy, granted);
        }
        let is_head = request.method() == http::Method::HEAD;
        let document = crate::gating::loads_document(request.headers());
        // A page rewritten for this visitor (the banner, or gating for their choice) must
        // be answered in full: no 304 or range of a copy made for another.
        let rewrites_pages = crate::gating::rewrites_pages(policy);
        let rewritten = banner.is_some() || rewrites_pages;
        if rewritten && is_navigation(request.method(), request.headers()) {
            strip_conditional_headers(request.headers_mut());
        }
        request.extensions_mut().insert(consent);

        let context = ResponseContext {
            config: config.clone(),
            granted,
            refused,
            scope,
            may_carry_banner,
            banner,
            reissue,
            decided_page,
            is_head,
            document,
            gpc_matters,
            region_matters,
            page: (rewrites_pages || config.discovery.is_some())
                .then(|| request.uri().path_and_query().cloned())
                .flatten(),
        };
        ResponseFuture::inner(self.inner.call(request), context)
    }
}

/// What the response side needs to inject the banner, when this request may get one:
/// an undecided visitor, the banner on and not skipped here, not an htmx partial.
fn page_banner<B>(
    config: &Config,
    may_carry_banner: bool,
    request: &Request<B>,
    consent: &Consent,
) -> Option<PageBanner> {
    let reason = consent.undecided_reason()?;
    let regime = consent.regime();
    if !may_carry_banner
        || !crate::banner::shows_words(regime)
        || is_htmx_partial(request.headers())
    {
        return None;
    }
    Some(PageBanner {
        // A cheap clone (the URI's bytes are shared), turned into text only when the
        // response is a page that takes the banner.
        return_to: request.uri().path_and_query().cloned(),
        reason,
        host: request.headers().get(header::HOST).cloned(),
        language: config.language_for(request.uri(), request.headers()),
        gpc: consent.gpc(),
        regime,
    })
}

/// What a decided visitor's page may get: the "saved" message when the request carries
/// the endpoint's "saved" cookie, the settings link when the layer adds it.
fn decided_page<B>(
    config: &Config,
    may_carry_banner: bool,
    request: &Request<B>,
    consent: &Consent,
) -> Option<DecidedPage> {
    if !consent.is_decided() || !may_carry_banner || is_htmx_partial(request.headers()) {
        return None;
    }
    // Every decided visitor's page asks this: a SIMD search for the name first, so that
    // the pairs are read again only in the rare request that may carry the cookie.
    let name = config.saved_cookie.as_bytes();
    let saved = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter(|value| config.saved_finder.find(value.as_bytes()).is_some())
        .flat_map(|value| crate::cookie_header::cookie_pairs(value.as_bytes()))
        .any(|pair| pair.name == name);
    (saved || config.settings_link).then(|| DecidedPage {
        return_to: request.uri().path_and_query().cloned(),
        saved,
        language: config.language_for(request.uri(), request.headers()),
        gpc: consent.gpc() && config.policy.honours_gpc(),
    })
}

/// Rewrites the `Cookie` headers without the refused cookies, so that the application
/// cannot read what the visitor did not agree to. A header left empty is removed.
fn strip_refused_cookies(headers: &mut HeaderMap, policy: &Policy, granted: CategorySet) {
    rewrite_values(headers, &header::COOKIE, |value| {
        let kept = without_pairs(value.as_bytes(), |pair| {
            refusal(policy, granted, pair.name) == Refusal::Allowed
        })?;
        // Bytes taken from a valid header value still make one.
        HeaderValue::from_bytes(&kept).ok()
    });
}
