//! The request side: reading the visitor's choice and answering the endpoint.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{self, HeaderValue};
use http::{HeaderMap, Request, Response};
use http_body::Body;
use tower_service::Service;

use crate::body::ConsentBody;
use crate::consent::{Consent, read_consent, unix_now};
use crate::cookie_header::without_pairs;
use crate::endpoint;
use crate::future::{PageBanner, ResponseContext, ResponseFuture};
use crate::header_map::rewrite_values;
use crate::injection::{is_htmx_partial, strip_conditional_headers};
use crate::layer::Shared;
use crate::policy::{CategorySet, Policy};
use crate::set_cookie::{refusal, refused_cookies};

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
    shared: Arc<Shared>,
}

impl<S> ConsentService<S> {
    pub(crate) fn new(inner: S, shared: Arc<Shared>) -> Self {
        Self { inner, shared }
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

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let shared = &self.shared;
        let policy = &shared.policy;
        if endpoint::route(policy, request.uri().path()).is_some() {
            return ResponseFuture::endpoint(endpoint::answer(shared.clone(), request));
        }

        let headers = request.headers();
        let cookie_headers = || {
            headers
                .get_all(header::COOKIE)
                .iter()
                .map(HeaderValue::as_bytes)
        };
        let decision = read_consent(cookie_headers(), policy, unix_now());
        let consent = Consent::new(policy.clone(), decision);
        let granted = consent.granted_set();
        let refused = refused_cookies(cookie_headers(), policy, granted);
        let banner = page_banner(shared, &request, &consent);
        if !refused.is_empty() {
            strip_refused_cookies(request.headers_mut(), policy, granted);
        }
        if banner.is_some() {
            strip_conditional_headers(request.headers_mut());
        }
        request.extensions_mut().insert(consent);

        let context = ResponseContext {
            shared: shared.clone(),
            granted,
            refused,
            banner,
        };
        ResponseFuture::inner(self.inner.call(request), context)
    }
}

/// What the response side needs to inject the banner, when this request may get one:
/// an undecided visitor, the banner on, not an htmx partial, not excluded.
fn page_banner<B>(shared: &Shared, request: &Request<B>, consent: &Consent) -> Option<PageBanner> {
    let reason = consent.undecided_reason()?;
    if !shared.show_banner
        || is_htmx_partial(request.headers())
        || shared.is_excluded(request.uri())
    {
        return None;
    }
    let uri = request.uri();
    Some(PageBanner {
        return_to: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |path| path.as_str().to_owned()),
        is_head: request.method() == http::Method::HEAD,
        reason,
    })
}

/// Rewrites the `Cookie` headers without the refused cookies, so that the application
/// cannot read what the visitor did not agree to. A header left empty is removed.
fn strip_refused_cookies(headers: &mut HeaderMap, policy: &Policy, granted: CategorySet) {
    rewrite_values(headers, &header::COOKIE, |value| {
        let kept = without_pairs(value.as_bytes(), |pair| {
            refusal(policy, granted, pair.name).is_none()
        })?;
        // Bytes taken from a valid header value still make one.
        HeaderValue::from_bytes(&kept).ok()
    });
}
