//! The response side: what happens to the inner service's response.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::Response;
use http::uri::PathAndQuery;
use http_body::Body;
use pin_project_lite::pin_project;

use crate::banner::PageFacts;
use crate::config::{Config, ShownLanguage};
use crate::consent::{Decision, Undecided};
use crate::csp::{form_action_allows, style_mode};
use crate::endpoint::EndpointFuture;
use crate::headers::{vary_on, vary_on_cookie, vary_on_name};
use crate::html::{ConsentBody, FormTarget, Insert, Pass};
use crate::injection::{fix_headers, keep_out_of_shared_caches, takes_banner};
use crate::policy::CategorySet;
use crate::set_cookie::{
    DeletionScope, RefusedCookie, append_consent_cookie, append_deletions, deletion,
    filter_set_cookies,
};

pin_project! {
    /// Response future of [`ConsentService`](crate::ConsentService).
    pub struct ResponseFuture<F, ReqBody> {
        #[pin]
        kind: Kind<F, ReqBody>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<F, ReqBody> {
        Inner {
            #[pin]
            future: F,
            context: Option<ResponseContext>,
        },
        Endpoint {
            #[pin]
            future: EndpointFuture<ReqBody>,
        },
    }
}

impl<F, ReqBody> std::fmt::Debug for ResponseFuture<F, ReqBody> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            Kind::Inner { .. } => "Inner",
            Kind::Endpoint { .. } => "Endpoint",
        };
        f.debug_struct("ResponseFuture")
            .field("kind", &kind)
            .finish()
    }
}

/// What the response side needs to know about the request.
pub(crate) struct ResponseContext {
    pub(crate) config: Arc<Config>,
    pub(crate) granted: CategorySet,
    /// Cookies the request carried that the visitor has not consented to, and where
    /// they can live.
    pub(crate) refused: Vec<RefusedCookie>,
    pub(crate) scope: DeletionScope,
    /// Whether an HTML answer can carry the banner (for any visitor): it is then kept
    /// out of shared caches.
    pub(crate) may_carry_banner: bool,
    /// Set when the page may get the banner.
    pub(crate) banner: Option<PageBanner>,
    /// A choice read from the legacy consent cookie, to write under the current name.
    pub(crate) reissue: Option<Decision>,
    /// Set when a decided visitor's page gets the "saved" message or the settings link.
    pub(crate) decided_page: Option<DecidedPage>,
    /// HEAD gets the headers of the page as GET would, and no body of ours.
    pub(crate) is_head: bool,
    /// The request loads a whole document (it may get the Consent Mode default).
    pub(crate) document: bool,
    /// What the visitor allows, or the banner, depends on Global Privacy Control.
    pub(crate) gpc_matters: bool,
    /// What the visitor allows, or the banner, depends on the region's regime.
    pub(crate) region_matters: bool,
    /// The page's path and query when the page pass may run (for its warnings).
    pub(crate) page: Option<PathAndQuery>,
}

/// What a decided visitor's page may get: the message that the choice was saved (on
/// the first page after choosing), and the "Cookie settings" link.
pub(crate) struct DecidedPage {
    pub(crate) return_to: Option<PathAndQuery>,
    /// The request carried the endpoint's "saved" cookie.
    pub(crate) saved: bool,
    pub(crate) language: ShownLanguage,
    /// The request carried Global Privacy Control, which the site honours: the
    /// settings link says so.
    pub(crate) gpc: bool,
}

/// The per-request parts of the banner.
pub(crate) struct PageBanner {
    /// The page's path and query, for the form's `return_to`.
    pub(crate) return_to: Option<PathAndQuery>,
    /// Why the visitor is asked: a returning visitor is told what changed.
    pub(crate) reason: Undecided,
    /// The request's `Host`, for a CSP `form-action` that names hosts.
    pub(crate) host: Option<http::HeaderValue>,
    pub(crate) language: ShownLanguage,
    /// The request carried Global Privacy Control.
    pub(crate) gpc: bool,
    /// The visitor's regime: the banner or the opt-out notice.
    pub(crate) regime: crate::policy::Regime,
}

impl<F, ReqBody> ResponseFuture<F, ReqBody> {
    pub(crate) fn inner(future: F, context: ResponseContext) -> Self {
        Self {
            kind: Kind::Inner {
                future,
                context: Some(context),
            },
        }
    }

    pub(crate) fn endpoint(future: EndpointFuture<ReqBody>) -> Self {
        Self {
            kind: Kind::Endpoint { future },
        }
    }
}

impl<F, ReqBody, ResBody, E> Future for ResponseFuture<F, ReqBody>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
    ReqBody: Body,
    ResBody: Body,
{
    type Output = Result<Response<ConsentBody<ResBody>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProj::Inner { future, context } => {
                let response = ready!(future.poll(cx))?;
                let context = context
                    .take()
                    .expect("ResponseFuture polled after completion");
                Poll::Ready(Ok(context.apply(response)))
            }
            KindProj::Endpoint { future } => {
                let response = ready!(future.poll(cx));
                Poll::Ready(Ok(response.map(ConsentBody::full)))
            }
        }
    }
}

/// Whether the page's CSP forbids the banner's form to post (warned about once).
fn form_action_blocks(config: &Config, parts: &http::response::Parts, page: &PageBanner) -> bool {
    let host = page.host.as_ref().map(http::HeaderValue::as_bytes);
    let blocked = !form_action_allows(&parts.headers, host, config.policy.endpoint());
    if blocked {
        crate::wiring::warn_form_action_blocked(config);
    }
    blocked
}

impl ResponseContext {
    fn apply<B: Body>(self, response: Response<B>) -> Response<ConsentBody<B>> {
        let (mut parts, body) = response.into_parts();
        let policy = &self.config.policy;
        let headers = &mut parts.headers;
        // What the application sets, before the layer removes or adds anything.
        if let Some(discovery) = &self.config.discovery {
            let now = crate::consent::unix_now();
            for value in headers.get_all(http::header::SET_COOKIE) {
                discovery.record_set_cookie(value.as_bytes(), now);
            }
        }
        let mut consent_dependent = filter_set_cookies(headers, policy, self.granted);
        // Automatic gating's `Link` headers (every response), and the tracker links
        // discovery reports.
        let automatic = policy
            .page_settings()
            .gating
            .as_ref()
            .is_some_and(crate::policy::Gating::is_automatic);
        let log = self.config.discovery.as_ref().map(|discovery| {
            let page = self.page.as_ref().map_or("", PathAndQuery::as_str);
            (discovery.trackers(), page.as_bytes())
        });
        if (automatic || log.is_some())
            && crate::link_header::gate_links(headers, policy, self.granted, automatic, log)
        {
            consent_dependent = true;
        }
        if !self.refused.is_empty() {
            append_deletions(headers, policy, &self.refused, &self.scope);
            consent_dependent = true;
        }
        if let Some(decision) = &self.reissue {
            append_consent_cookie(headers, policy, decision, decision.from_legacy);
            consent_dependent = true;
        }
        let private = self.may_carry_banner && takes_banner(&parts);
        if private {
            keep_out_of_shared_caches(&mut parts.headers);
        } else if consent_dependent {
            vary_on_cookie(&mut parts.headers);
        }
        // Gating and Consent Mode: decided visitors too, since the page depends on their
        // choice. The banner is placed in the same pass.
        let gate = crate::gating::page_gate(
            &self.config,
            self.granted,
            self.document,
            self.page,
            self.banner.as_ref().map(|page| page.language.index),
            &mut parts,
        );
        let (banner, tail) = match self.banner {
            Some(page)
                if takes_banner(&parts) && !form_action_blocks(&self.config, &parts, &page) =>
            {
                let facts = PageFacts {
                    language: page.language.index,
                    gpc: page.gpc,
                    return_to: page.return_to.as_ref().map_or("/", PathAndQuery::as_str),
                    style: style_mode(&parts.headers),
                    reason: page.reason,
                    regime: page.regime,
                };
                let banner = self.config.banner.for_page(policy, &facts);
                if let Some(banner) = &banner {
                    if page.language.from_header {
                        vary_on(&mut parts.headers, "Accept-Language");
                    }
                    // (A length the gate removed stays removed.)
                    fix_headers(&mut parts.headers, banner.len());
                }
                // A `<meta>` policy in the page may forbid the form's post too.
                let banner = banner.map(|banner| Insert {
                    form_target: Some(FormTarget {
                        host: page.host,
                        policy: self.config.policy.clone(),
                    }),
                    ..banner
                });
                (banner, None)
            }
            Some(_) => {
                if gate.is_none() {
                    crate::wiring::warn_if_encoded(&self.config, &parts.headers);
                }
                (None, None)
            }
            None => match self.decided_page {
                Some(page) if takes_banner(&parts) => {
                    decided_page(&self.config, page, &mut parts.headers)
                }
                _ => (None, None),
            },
        };
        // What the visitor allows (so the cookies and the page) or the banner depended
        // on the signal.
        let depends = private || consent_dependent || gate.is_some();
        if self.gpc_matters && depends {
            vary_on(&mut parts.headers, "Sec-GPC");
        }
        // The same for the region's regime: the region source's headers.
        if self.region_matters && depends {
            for name in self.config.region_vary() {
                vary_on_name(&mut parts.headers, name);
            }
        }
        // HEAD: an empty body stays empty. A full one (axum runs the GET handler and drops
        // the body above this layer, after sizing it) gets the edits, so that the length
        // measured from it matches GET's.
        let body = if self.is_head && body.is_end_stream() {
            ConsentBody::passthrough(body)
        } else {
            let (head, gate) = gate.map_or((None, None), |edits| (edits.head, edits.gate));
            if head.is_none() && gate.is_none() && banner.is_none() && tail.is_none() {
                ConsentBody::passthrough(body)
            } else {
                ConsentBody::pass(body, Pass::new(head, banner, gate, tail))
            }
        };
        Response::from_parts(parts, body)
    }
}

/// The "saved" message (at the start of the body) and the settings link (at its end)
/// for a decided visitor's page, as the request and the layer ask, with the headers
/// fixed for them; the "saved" cookie goes.
fn decided_page(
    config: &Config,
    page: DecidedPage,
    headers: &mut http::HeaderMap,
) -> (Option<Insert>, Option<Bytes>) {
    let banner = &config.banner;
    let language = page.language.index;
    let message = page.saved.then(|| {
        let deletion = deletion(&config.saved_cookie, None, Some("/"));
        if let Ok(value) = http::HeaderValue::try_from(deletion) {
            headers.append(http::header::SET_COOKIE, value);
        }
        banner.saved_message(language)
    });
    let return_to = page.return_to.as_ref().map_or("/", PathAndQuery::as_str);
    let link = config
        .settings_link
        .then(|| banner.settings_link(language, return_to, page.gpc));
    let added = message.as_ref().map_or(0, Bytes::len) + link.as_ref().map_or(0, Bytes::len);
    if added == 0 {
        return (None, None);
    }
    if page.language.from_header {
        vary_on(headers, "Accept-Language");
    }
    // The link says when the signal is honoured: a page for a browser that sends it
    // differs.
    if link.is_some() && config.policy.honours_gpc() {
        vary_on(headers, "Sec-GPC");
    }
    fix_headers(headers, added);
    (message.map(Insert::from), link)
}
