//! Wiring mistakes the layer can see from inside, each logged once per layer: they
//! compile and run, and would otherwise fail without a word.
//!
//! - An undecided visitor's HTML page arrives already compressed: the layer sits inside
//!   a compression layer, or the page is a precompressed file (`ServeDir`'s
//!   `precompressed_gzip`). Browsers get no banner; a client that does not ask for
//!   compression does.
//! - The layer is on a router nested in another (`Router::nest`): the banner's form and
//!   the preferences link point at the endpoint's absolute path, which the nested
//!   router never sees.
//!
//! - A page's `Content-Security-Policy` has a `form-action` that forbids the banner's
//!   form to post to the endpoint: the page is served without the banner (a banner
//!   whose buttons do nothing is worse than none).
//!
//! - The configuration lacks what visitors should have: the banner has no link to the
//!   site's cookie policy, or a category has no text in an offered language. Warned
//!   when the layer is first applied to a service (after every builder call).
//!
//! `route_layer` cannot be seen from inside: the layer then never sees the endpoint's
//! path at all. The crate docs ("Wiring") show the right and wrong ways.

use http::HeaderMap;
use http::header;

use crate::config::Config;
use crate::headers::is_html;
use crate::warn_once::Cause;

/// Warns, once, when a page that would have taken the banner was already encoded.
pub(crate) fn warn_if_encoded(config: &Config, headers: &HeaderMap) {
    let encoded = headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .any(|coding| !coding.as_bytes().eq_ignore_ascii_case(b"identity"));
    if encoded && is_html(headers) && config.first_warning(Cause::EncodedPage) {
        tracing::warn!(
            "an HTML page for a visitor who has not chosen was already compressed, so it got \
             no consent banner; put ConsentLayer inside the compression layer (the \
             compression layer must wrap it), and do not serve precompressed HTML"
        );
    }
}

/// Warns, once, that a page's CSP `form-action` kept the banner off it.
pub(crate) fn warn_form_action_blocked(config: &Config) {
    if config.first_warning(Cause::FormActionBlocked) {
        tracing::warn!(
            endpoint = config.policy.endpoint(),
            "a page's Content-Security-Policy form-action forbids posting to the consent \
             endpoint, so it was served without the banner; add 'self' to form-action"
        );
    }
}

/// Warns, once, when the layer sits on a router nested at a path: axum marks such
/// requests with the nest's path.
#[cfg(feature = "axum")]
pub(crate) fn warn_if_nested<B>(config: &Config, request: &http::Request<B>) {
    let Some(nested) = request.extensions().get::<axum::extract::NestedPath>() else {
        return;
    };
    if config.first_warning(Cause::NestedRouter) {
        tracing::warn!(
            nested_at = nested.as_str(),
            endpoint = config.policy.endpoint(),
            "ConsentLayer is on a router nested at a path: the banner posts to the endpoint's \
             absolute path, which this router never sees; add the layer to the outer Router"
        );
    }
}

/// Warns, once per layer, about what the configuration lacks.
pub(crate) fn warn_about_configuration(config: &Config) {
    if !config.show_banner || !config.first_warning(Cause::Configuration) {
        return;
    }
    if config.banner.lacks_policy_link() {
        tracing::warn!(
            "the banner has no link to a cookie policy (Banner::policy_link): it links to \
             the preferences page instead"
        );
    }
    if config.lacks_region_source() {
        tracing::warn!(
            "the policy declares regimes by region but the layer reads no region \
             (ConsentLayer::region_from): every visitor gets the strictest regime"
        );
    }
    for (category, languages) in config.banner.untranslated(&config.policy) {
        tracing::warn!(
            category,
            languages = languages.join(" "),
            "the category has no translation in these offered languages: they show its own \
             text (Category::translation)"
        );
    }
}
