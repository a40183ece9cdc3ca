//! The demo site: the cookie policy of Customer First Group (the UK cookie policy this
//! crate started from) and a few pages that set its cookies.
//!
//! Shared by `main.rs` and the tests, which serve the same router on a free port.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use tower_cookie_consent::{
    Category, Consent, ConsentLayer, CookieRule, NECESSARY, Policy, PolicyBuilder,
};

/// The seed policy. `cookie_domain` is the `Domain` the demo sets Google Analytics'
/// `_ga` with, as Google's script does, so that deleting it must name that domain too.
pub fn policy(cookie_domain: &str) -> Policy {
    policy_builder(cookie_domain)
        .signing_keys([signing_key()])
        .build()
        .expect("the demo policy is valid (DEMO_CONSENT_KEY needs at least 32 bytes)")
}

/// The seed policy without its signing key.
pub fn policy_builder(cookie_domain: &str) -> PolicyBuilder {
    let google_captcha = [
        "AEC",
        "1P_JAR",
        "ANID",
        "APISID",
        "CONSENT",
        "HSID",
        "NID",
        "OTZ",
        "SAPISID",
        "SEARCH_SAMESITE",
        "SID",
        "SIDCC",
        "SSID",
        "UULE",
    ];
    let analytics = "Used to collect information about how visitors use our website. Data is \
                     used to compile reports and help us improve our website. Data is collected \
                     in de-identified form.";
    let mut builder = Policy::builder()
        .necessary(
            "Strictly necessary",
            "These cookies are essential to enable you to move around our website and use its \
             features. Without these cookies, services you have asked for (such as signing in \
             to your account) cannot be provided and our website won't work properly.",
        )
        .category(Category::new(
            "functionality",
            "Functionality",
            "These cookies allow us to remember the choices you make (such as your username) and \
             provide enhanced, more personal features.",
        ))
        .category(Category::new(
            "performance",
            "Performance",
            "These cookies collect information about how you use our website, for instance which \
             pages you visit most often and if you get error messages from those pages. We only \
             use them to improve how our website works.",
        ))
        .category(Category::new(
            "advertising",
            "Advertising or tracking",
            "We advertise our own products and services. These cookies show us where you saw our \
             advert, help us measure the effectiveness of our campaigns, and limit the number of \
             times you see an advert.",
        ))
        // The seed lists the session cookie as "Functional", but it carries the sign-in
        // ("Authentication info"): that is strictly necessary.
        .cookie(
            CookieRule::new("customer_service_action_session", NECESSARY)
                .with_purpose("Stores client session information. Authentication info.")
                .with_duration("1 hour")
                .with_provider("Customer First Group"),
        )
        .cookie(
            CookieRule::new("CSAVIP", NECESSARY)
                .with_purpose("Prelaunch authorisation.")
                .with_duration("1 month")
                .with_provider("Customer First Group"),
        )
        .cookie(
            CookieRule::new("rantSubmission", "functionality")
                .with_purpose(
                    "Allows you to come back to submitting a case after closing the browser.",
                )
                .with_duration("7 days")
                .with_provider("Customer First Group"),
        )
        .cookie(
            CookieRule::new("_ga", "performance")
                .with_purpose(analytics)
                .with_duration("2 years")
                .with_provider("Google Analytics")
                .with_domain(cookie_domain),
        )
        .cookie(
            CookieRule::new("_ga_*", "performance")
                .with_purpose(analytics)
                .with_duration("2 years")
                .with_provider("Google Analytics")
                .with_domain(cookie_domain),
        )
        .cookie(
            CookieRule::new("_gid", "performance")
                .with_purpose(analytics)
                .with_duration("24 hours")
                .with_provider("Google Analytics"),
        )
        .cookie(
            CookieRule::new("_gat", "performance")
                .with_purpose("Throttles the request rate of Google Analytics.")
                .with_duration("1 minute")
                .with_provider("Google Analytics"),
        )
        .cookie(
            CookieRule::new("_gat_gtag", "performance")
                .with_purpose("Throttles the request rate of Google Analytics.")
                .with_duration("1 minute")
                .with_provider("Google Analytics"),
        )
        .cookie(
            CookieRule::new("_hj*", "performance")
                .with_purpose(
                    "Performance and usage tracking: tracks user activity on the website.",
                )
                .with_duration("1 month")
                .with_provider("Hotjar"),
        )
        .cookie(
            CookieRule::new("_gcl_au", "advertising")
                .with_purpose("Measures how well our adverts lead to visits (conversion linker).")
                .with_duration("90 days")
                .with_provider("Google Ads"),
        );
    // reCAPTCHA's cookies live on Google's domains; they are declared so that visitors
    // see them in the cookie table. Spam protection is a security measure, so necessary.
    for name in google_captcha {
        builder = builder.cookie(
            CookieRule::new(name, NECESSARY)
                .with_purpose("Spam protection: detection of robots (Google reCAPTCHA).")
                .with_duration("1 month")
                .with_provider("Google"),
        );
    }
    // The demo runs over plain http, where browsers drop `Secure` cookies.
    builder.consent_cookie_secure(false)
}

/// The key the consent cookie is signed with: `DEMO_CONSENT_KEY`, or a development key
/// everybody can read in this file, with a warning.
fn signing_key() -> Vec<u8> {
    match std::env::var("DEMO_CONSENT_KEY") {
        Ok(key) => key.into_bytes(),
        Err(_) => {
            tracing::warn!(
                "DEMO_CONSENT_KEY is not set: signing consent cookies with the built-in \
                 development key, which anyone can read; set a random key of 32+ bytes"
            );
            b"tower-cookie-consent demo key: not a secret!".to_vec()
        }
    }
}

/// The demo's routes. With `with_consent` false the same routes are served without the
/// layer, as a baseline for load tests.
pub fn router(cookie_domain: &str, with_consent: bool) -> Router {
    router_recording(cookie_domain, with_consent, None)
}

/// [`router`], the layer recording a receipt of every choice in `receipts`.
pub fn router_recording(
    cookie_domain: &str,
    with_consent: bool,
    receipts: Option<tower_cookie_consent::receipts::Receipts>,
) -> Router {
    let domain = cookie_domain.to_owned();
    let gzip = gzip_page();
    let pages = Router::new()
        .route(
            "/",
            get(move |consent: Option<Consent>, request: Request| {
                let domain = domain.clone();
                async move { home(consent, request.headers(), &domain) }
            }),
        )
        .route("/about", get(about))
        .route("/csp", get(csp))
        .route("/stream", get(stream))
        .route(
            "/gzip",
            get(move || {
                let body = gzip.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                            (header::CONTENT_ENCODING, "gzip"),
                        ],
                        body,
                    )
                }
            }),
        )
        .route("/api/status", get(status));
    if with_consent {
        let layer = ConsentLayer::new(policy(cookie_domain));
        match receipts {
            Some(receipts) => pages.layer(layer.with_receipts(receipts)),
            None => pages.layer(layer),
        }
    } else {
        pages
    }
}

/// Serves the demo (with the layer, `_ga` on the `127.0.0.1` domain) on a free loopback
/// port in the background: the tests' server.
#[allow(dead_code)] // Used by the tests, which include this file; not by `main.rs`.
pub async fn spawn_on_free_port() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    tokio::spawn(async move {
        axum::serve(listener, router("127.0.0.1", true))
            .await
            .expect("the demo serves until the test ends");
    });
    addr
}

/// The cookies a real site like the seed's would set on its home page.
fn home(consent: Option<Consent>, request_headers: &HeaderMap, cookie_domain: &str) -> Response {
    let host = request_headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .and_then(|host| {
            host.rsplit_once(':')
                .map_or(Some(host), |(name, _)| Some(name))
        })
        .unwrap_or_default();
    // Google sets `_ga` for the whole site; a browser refuses a Domain it is not on.
    let ga_domain = if host.eq_ignore_ascii_case(cookie_domain) {
        format!("; Domain={cookie_domain}")
    } else {
        String::new()
    };
    let set_cookies = [
        "customer_service_action_session=s3ss10n; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax"
            .to_owned(),
        "rantSubmission=draft-42; Path=/; Max-Age=604800; SameSite=Lax".to_owned(),
        format!(
            "_ga=GA1.1.1234567890.1764441482; Path=/; Max-Age=63072000; SameSite=Lax{ga_domain}"
        ),
        "_gid=GA1.1.987654321.1764441482; Path=/; Max-Age=86400; SameSite=Lax".to_owned(),
        "_hjSessionUser_1234=eyJpZCI6IjEyMzQifQ; Path=/; Max-Age=2592000; SameSite=Lax".to_owned(),
        "_gcl_au=1.1.1234567890.1764441482; Path=/; Max-Age=7776000; SameSite=Lax".to_owned(),
    ];
    let mut response = Html(page("Home", &consent_summary(consent.as_ref()))).into_response();
    for value in set_cookies {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn about() -> Html<String> {
    Html(page(
        "About",
        "<p>Customer First Group helps organisations put their customers first.</p>",
    ))
}

async fn status(consent: Option<Consent>) -> impl IntoResponse {
    let body = match &consent {
        Some(consent) => {
            let granted: Vec<String> = consent
                .granted()
                .map(|c| format!("\"{}\"", c.id()))
                .collect();
            format!(
                "{{\"decided\":{},\"granted\":[{}]}}",
                consent.is_decided(),
                granted.join(",")
            )
        }
        None => "{\"decided\":false,\"granted\":[]}".to_owned(),
    };
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::SET_COOKIE,
                "_ga=GA1.1.1234567890.1764441482; Path=/; Max-Age=63072000",
            ),
        ],
        body,
    )
}

fn consent_summary(consent: Option<&Consent>) -> String {
    let Some(consent) = consent else {
        return "<p>The consent layer is off.</p>".to_owned();
    };
    let state = if consent.is_decided() {
        let granted: Vec<&str> = consent.granted().map(|category| category.label()).collect();
        format!("You have chosen. Allowed: {}.", granted.join(", "))
    } else {
        "You have not chosen yet: only strictly necessary cookies are set.".to_owned()
    };
    format!(
        "<p id=\"consent-state\">{state}</p>\
         <p>This page sets a session cookie, a functionality cookie (<code>rantSubmission</code>), \
         Google Analytics and Hotjar cookies and an advertising cookie; the consent layer lets \
         through only those you allowed. Change your mind at any time under \
         <a href=\"/consent?return_to=/\">Cookie settings</a>.</p>"
    )
}

/// A page under a strict Content-Security-Policy: styles only with this response's
/// nonce, no inline script at all. The banner must still be styled.
async fn csp() -> Response {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the system's random source");
    let nonce: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let body = page_with_style(
        "Strict CSP",
        "<p>This page is served with <code>default-src 'none'</code> and a style nonce.</p>",
        &format!("<style nonce=\"{nonce}\">main{{max-width:40rem}}</style>"),
    );
    let policy = format!(
        "default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'"
    );
    let mut response = Html(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// A page sent in small chunks over time, its `<body>` tag cut in two.
async fn stream() -> Response {
    let html = page(
        "Streaming",
        &"<p>A paragraph that arrives on its own.</p>\n".repeat(20),
    );
    let cut = html.find("<body>").expect("the page has a body tag") + 3;
    let mut pieces: Vec<Bytes> = vec![Bytes::copy_from_slice(&html.as_bytes()[..cut])];
    pieces.extend(
        html.as_bytes()[cut..]
            .chunks(97)
            .map(Bytes::copy_from_slice),
    );
    let chunks = futures_util::stream::unfold(pieces.into_iter(), |mut pieces| async move {
        let piece = pieces.next()?;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        Some((Ok::<_, std::convert::Infallible>(piece), pieces))
    });
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        axum::body::Body::from_stream(chunks),
    )
        .into_response()
}

/// The same kind of page, gzip-encoded by the application: the layer leaves encoded
/// bodies alone (it belongs inside compression), so this one never gets a banner.
pub fn gzip_page() -> Bytes {
    use std::io::Write as _;
    let html = page(
        "Compressed",
        "<p>This page was compressed by the application.</p>",
    );
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(html.as_bytes())
        .expect("writing to memory");
    Bytes::from(encoder.finish().expect("writing to memory"))
}

fn page(title: &str, main: &str) -> String {
    page_with_style(title, main, "")
}

fn page_with_style(title: &str, main: &str, head_extra: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - Customer First Group</title>\n{head_extra}</head>\n<body>\n\
         <header><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a> \
         <a href=\"/csp\">Strict CSP</a> <a href=\"/stream\">Streaming</a> \
         <a href=\"/gzip\">Compressed</a> <a href=\"/api/status\">Status (JSON)</a></nav></header>\n\
         <noscript><p id=\"no-script\">JavaScript is off; everything here still works.</p></noscript>\n\
         <main><h1>{title}</h1>{main}</main>\n\
         <footer><a href=\"/consent?return_to=/\">Cookie settings</a></footer>\n</body>\n</html>\n"
    )
}
