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
    Banner, Category, Consent, ConsentLayer, ConsentMode, CookieRule, Gating, NECESSARY, Policy,
    PolicyBuilder, Regime, RegionSource,
};

/// The demo's switches, read from the environment by `main.rs` (and set by the tests).
#[derive(Clone, Debug, Default)]
pub struct Switches {
    /// `DEMO_UK=1`: the performance category runs until the visitor objects (the UK's
    /// statistics exception; its providers are declared as processing on the site's
    /// behalf, which a real site must check in its contracts).
    pub uk: bool,
    /// `DEMO_REGION_HEADER`: the CDN header the demo trusts for the visitor's region
    /// (`cf-ipcountry` trusts Cloudflare's `CF-IPCountry` and `cf-region-code`), and
    /// the suggested regimes by region, `none` where no rule names the region. Unset:
    /// no regions (everyone gets the banner).
    pub region_header: Option<String>,
}

impl Switches {
    /// The switches `DEMO_UK` and `DEMO_REGION_HEADER` set.
    #[allow(dead_code)] // Used by `main.rs`, not by the tests that include this file.
    pub fn from_env() -> Self {
        Self {
            uk: std::env::var("DEMO_UK").is_ok_and(|value| value == "1"),
            region_header: std::env::var("DEMO_REGION_HEADER")
                .ok()
                .filter(|name| !name.is_empty()),
        }
    }

    /// The region source of `region_header`: a known CDN's (both its headers), or the
    /// header alone as the country.
    fn region_source(&self) -> Option<RegionSource> {
        let name = self.region_header.as_deref()?.to_ascii_lowercase();
        Some(match name.as_str() {
            "cf-ipcountry" => RegionSource::cloudflare(),
            "cloudfront-viewer-country" => RegionSource::cloudfront(),
            "x-vercel-ip-country" => RegionSource::vercel(),
            "x-akamai-edgescape" => RegionSource::akamai(),
            other => RegionSource::headers(other, None),
        })
    }
}

/// The seed policy. `cookie_domain` is the `Domain` the demo's analytics script sets
/// Google Analytics' `_ga` and `_ga_<id>` with, as Google's script does, so that deleting
/// them must name that domain too.
#[allow(dead_code)] // Used by the tests and benches, which include this file.
pub fn policy(cookie_domain: &str) -> Policy {
    policy_with(cookie_domain, &Switches::default())
}

/// The seed policy, as the switches change it.
pub fn policy_with(cookie_domain: &str, switches: &Switches) -> Policy {
    let mut builder = policy_builder_with(cookie_domain, switches.uk);
    if switches.region_header.is_some() {
        builder = builder.suggested_regimes().other_regions(Regime::None);
    }
    builder
        .signing_keys([signing_key()])
        .build()
        .expect("the demo policy is valid (DEMO_CONSENT_KEY needs at least 32 bytes)")
}

/// The seed policy without its signing key.
#[allow(dead_code)] // Used by the tests and benches, which include this file.
pub fn policy_builder(cookie_domain: &str) -> PolicyBuilder {
    policy_builder_with(cookie_domain, false)
}

/// The seed policy without its signing key; with `uk`, its performance category under
/// the UK's statistics exception.
fn policy_builder_with(cookie_domain: &str, uk: bool) -> PolicyBuilder {
    // Under the exception, a statistics provider must process on the site's behalf only.
    let statistics = |rule: CookieRule| rule.processor_only(uk);
    // Google's account and advertising cookies, set on Google's domains by its embedded
    // services (maps, reCAPTCHA's iframe, sign-in): they identify the visitor to Google
    // and personalise its ads, which is not strictly necessary for this site.
    let google_account_and_ads = [
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
    // The built-in categories: the seed's four, with their texts in the 24 bundled
    // languages (the seed's own wording, shortened). Advertising sells or shares data
    // in the sense of Global Privacy Control: the signal refuses it.
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance().allowed_until_objected(uk))
        .category(Category::advertising().sells_or_shares(true))
        .gpc_last_update("2026-11-30")
        // The seed lists the session cookie as "Functional", but it carries the sign-in
        // ("Authentication info"): that is strictly necessary.
        .cookie(
            CookieRule::new("customer_service_action_session", NECESSARY)
                .purpose("Stores client session information. Authentication info.")
                .duration("1 hour")
                .provider("Customer First Group"),
        )
        .cookie(
            CookieRule::new("CSAVIP", NECESSARY)
                .purpose("Prelaunch authorisation.")
                .duration("1 month")
                .provider("Customer First Group"),
        )
        .cookie(
            CookieRule::new("rantSubmission", "functionality")
                .purpose("Allows you to come back to submitting a case after closing the browser.")
                .duration("7 days")
                .provider("Customer First Group"),
        )
        .cookie(statistics(
            CookieRule::new("_ga", "performance")
                .purpose(analytics)
                .duration("2 years")
                .provider("Google Analytics")
                .domain(cookie_domain),
        ))
        .cookie(statistics(
            CookieRule::new("_ga_*", "performance")
                .purpose(analytics)
                .duration("2 years")
                .provider("Google Analytics")
                .domain(cookie_domain),
        ))
        .cookie(statistics(
            CookieRule::new("_gid", "performance")
                .purpose(analytics)
                .duration("24 hours")
                .provider("Google Analytics"),
        ))
        .cookie(statistics(
            CookieRule::new("_gat", "performance")
                .purpose("Throttles the request rate of Google Analytics.")
                .duration("1 minute")
                .provider("Google Analytics"),
        ))
        .cookie(statistics(
            CookieRule::new("_gat_gtag_UA_*", "performance")
                .purpose("Throttles the request rate of Google Analytics.")
                .duration("1 minute")
                .provider("Google Analytics"),
        ))
        .cookie(statistics(
            CookieRule::new("_dc_gtm_*", "performance")
                .purpose("Throttles the request rate of Google Tag Manager.")
                .duration("1 minute")
                .provider("Google Tag Manager"),
        ))
        .cookie(statistics(
            CookieRule::new("_hj*", "performance")
                .purpose("Performance and usage tracking: tracks user activity on the website.")
                .duration("1 month")
                .provider("Hotjar"),
        ))
        .cookie(
            CookieRule::new("_gcl_au", "advertising")
                .purpose("Measures how well our adverts lead to visits (conversion linker).")
                .duration("90 days")
                .provider("Google Ads"),
        )
        .cookie(
            CookieRule::new("VISITOR_INFO1_LIVE", "advertising")
                .purpose(
                    "Set by the embedded video player: estimates bandwidth and profiles viewers \
                     for its adverts.",
                )
                .duration("6 months")
                .provider("Video player (a local stand-in for YouTube)"),
        )
        // reCAPTCHA's own cookie, set on its iframe's domain: it tells robots from people
        // (a security measure), the one Google cookie that can count as necessary.
        .cookie(
            CookieRule::new("_GRECAPTCHA", NECESSARY)
                .purpose("Spam protection: detection of robots (Google reCAPTCHA).")
                .duration("6 months")
                .provider("Google reCAPTCHA"),
        );
    for name in google_account_and_ads {
        builder = builder.cookie(
            CookieRule::new(name, "advertising")
                .purpose(
                    "Google account and advertising cookie, set on Google's domains by its \
                     embedded services: identifies you to Google and personalises its adverts.",
                )
                .duration("up to 13 months")
                .provider("Google"),
        );
    }
    builder
        // Marked scripts and embeds run only once their category is granted (an embed
        // shows a click-to-load placeholder until then), and Google's tags learn the
        // visitor's choice from the page itself.
        .gating(Gating::new().click_to_load(true))
        .consent_mode(ConsentMode::new())
        // The banner's first layer links the site's cookie policy.
        .banner(Banner::default().policy_link("/cookie-policy"))
        // The demo runs over plain http, where browsers drop `Secure` cookies.
        .consent_cookie_secure(false)
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

/// The cookies the demo's layer sees (served at `/discovery.json`: a real site keeps
/// its snapshot to its operators).
pub static DISCOVERY: std::sync::LazyLock<tower_cookie_consent::CookieDiscovery> =
    std::sync::LazyLock::new(tower_cookie_consent::CookieDiscovery::new);

/// Requests for the embedded video player, counted: a visitor who has not granted
/// advertising must never load it (the browser tests read this).
pub static EMBED_REQUESTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The demo's routes. With `with_consent` false the same routes are served without the
/// layer, as a baseline for load tests.
#[allow(dead_code)] // Used by the tests and benches, which include this file.
pub fn router(cookie_domain: &str, with_consent: bool) -> Router {
    router_recording(cookie_domain, with_consent, None)
}

/// [`router`], the layer recording a receipt of every choice in `receipts`.
#[allow(dead_code)] // Used by the tests and benches, which include this file.
pub fn router_recording(
    cookie_domain: &str,
    with_consent: bool,
    receipts: Option<tower_cookie_consent::receipts::Receipts>,
) -> Router {
    router_with(cookie_domain, with_consent, receipts, &Switches::default())
}

/// [`router_recording`], the policy and the layer as the switches set them.
pub fn router_with(
    cookie_domain: &str,
    with_consent: bool,
    receipts: Option<tower_cookie_consent::receipts::Receipts>,
    switches: &Switches,
) -> Router {
    let gzip = gzip_page();
    let pages = Router::new()
        .route("/", get(home))
        .route("/about", get(about))
        .route("/cookie-policy", get(cookie_policy))
        .route("/video", get(video))
        .route("/embed/player", get(embed_player))
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
        .route(
            "/static/analytics.js",
            get(|request: Request| async move {
                static_file(
                    request.headers(),
                    "text/javascript",
                    ANALYTICS_JS.as_bytes(),
                )
            }),
        )
        .route(
            "/static/hotjar.js",
            get(|request: Request| async move {
                static_file(request.headers(), "text/javascript", HOTJAR_JS.as_bytes())
            }),
        )
        .route(
            "/static/pixel.gif",
            get(|request: Request| async move {
                static_file(request.headers(), "image/gif", PIXEL_GIF)
            }),
        )
        .route("/api/status", get(status))
        .route(
            "/discovery.json",
            get(|| async {
                let json = serde_json::to_string_pretty(&DISCOVERY.snapshot())
                    .expect("a snapshot is plain data");
                ([(header::CONTENT_TYPE, "application/json")], json)
            }),
        );
    if with_consent {
        let mut layer = ConsentLayer::new(policy_with(cookie_domain, switches))
            .discover_cookies(DISCOVERY.clone());
        if let Some(source) = switches.region_source() {
            layer = layer.region_from(source);
        }
        if let Some(access) = admin_access() {
            layer = layer.admin_access(access);
        }
        match receipts {
            Some(receipts) => pages.layer(layer.record_receipts(receipts)),
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
    spawn_with(Switches::default()).await
}

/// [`spawn_on_free_port`], with these switches.
#[allow(dead_code)] // Used by the tests, which include this file; not by `main.rs`.
pub async fn spawn_with(switches: Switches) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    tokio::spawn(async move {
        axum::serve(listener, router_with("127.0.0.1", true, None, &switches))
            .await
            .expect("the demo serves until the test ends");
    });
    addr
}

/// A local stand-in for Google Analytics' gtag.js: it writes `_ga`, `_ga_<id>` and
/// `_gid` with `document.cookie`, as gtag.js does (on the site's whole domain for `_ga`
/// and `_ga_<id>`), and queues its commands on `dataLayer`.
pub const ANALYTICS_JS: &str = "(function () {
  var host = location.hostname;
  var id = Math.floor(Math.random() * 1e9) + '.' + Math.floor(Date.now() / 1000);
  document.cookie = '_ga=GA1.1.' + id + '; path=/; max-age=63072000; SameSite=Lax; domain=' + host;
  document.cookie = '_ga_ABC123=GS1.1.' + id + '; path=/; max-age=63072000; SameSite=Lax; domain=' + host;
  document.cookie = '_gid=GA1.1.' + id + '; path=/; max-age=86400; SameSite=Lax';
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push(['js', new Date()], ['config', 'G-ABC123']);
})();
";

/// A local stand-in for Hotjar's script: it writes `_hjSessionUser_<site>` and
/// `_hjSession_<site>` with `document.cookie`.
pub const HOTJAR_JS: &str = "(function () {
  var id = Math.random().toString(16).slice(2);
  document.cookie = '_hjSessionUser_1234=' + id + '; path=/; max-age=31536000; SameSite=Lax';
  document.cookie = '_hjSession_1234=' + id + '; path=/; max-age=1800; SameSite=Lax';
})();
";

/// A transparent 1x1 GIF: the advertising pixel.
const PIXEL_GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// The static files' validators: they never change while the demo runs.
const STATIC_ETAG: &str = "\"demo-static-1\"";
const STATIC_LAST_MODIFIED: &str = "Sun, 29 Nov 2026 12:00:00 GMT";

/// A static file with `ETag` and `Last-Modified`, answering `If-None-Match` with a 304
/// (the layer keeps a script's or an image's conditional headers).
fn static_file(
    request_headers: &HeaderMap,
    content_type: &'static str,
    body: &'static [u8],
) -> Response {
    let validators = [
        (header::ETAG, STATIC_ETAG),
        (header::LAST_MODIFIED, STATIC_LAST_MODIFIED),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag.as_bytes() == STATIC_ETAG.as_bytes());
    if fresh {
        return (axum::http::StatusCode::NOT_MODIFIED, validators).into_response();
    }
    (validators, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// The cookies a real site like the seed's would set from the server on its home page
/// (its analytics and Hotjar cookies come from their scripts).
async fn home(consent: Option<Consent>) -> Response {
    let set_cookies = [
        "customer_service_action_session=s3ss10n; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
        "rantSubmission=draft-42; Path=/; Max-Age=604800; SameSite=Lax",
        "_gcl_au=1.1.1234567890.1764441482; Path=/; Max-Age=7776000; SameSite=Lax",
    ];
    let mut response = Html(page("Home", &consent_summary(consent.as_ref()))).into_response();
    for value in set_cookies {
        response
            .headers_mut()
            .append(header::SET_COOKIE, HeaderValue::from_static(value));
    }
    response
}

/// A page with an embedded video: the player loads only for visitors who granted
/// advertising.
async fn video() -> Html<String> {
    Html(page(
        "Video",
        "<p>Our customer service in two minutes. The player below is an embed that sets an \
         advertising cookie: it loads once you allow advertising cookies.</p>\
         <iframe data-consent=\"advertising\" data-src=\"/embed/player\" width=\"560\" \
         height=\"315\" title=\"Video: our customer service in two minutes\"></iframe>",
    ))
}

/// The embedded player: a page of its own that sets an advertising cookie.
async fn embed_player() -> Response {
    EMBED_REQUESTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let mut response = Html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Player</title>\
         </head><body><p>&#9654; Customer service in two minutes</p></body></html>",
    )
    .into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "VISITOR_INFO1_LIVE=p1ay3r; Path=/; Max-Age=15552000; SameSite=Lax",
        ),
    );
    response
}

/// A page any shared cache may keep, as a static site's pages are: the layer makes it
/// private, since it may carry the banner.
async fn about() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=600")],
        Html(page(
            "About",
            "<p>Customer First Group helps organisations put their customers first.</p>",
        )),
    )
}

/// The site's cookie policy: what the banner's first layer links to.
async fn cookie_policy() -> impl IntoResponse {
    Html(page(
        "Cookie policy",
        "<p>Customer First Group uses cookies in four categories: strictly necessary, \
         functionality, performance, and advertising or tracking. Only strictly necessary \
         cookies are set until you choose; you can change or withdraw your choice at any \
         time on the <a href=\"/consent\">cookie settings</a> page, which lists every \
         cookie with its purpose, duration and provider. The same list is available as \
         <a href=\"/consent/cookies.json\">JSON</a>.</p>\
         <p>We honour Global Privacy Control: if your browser sends it, advertising and \
         tracking cookies stay off unless you tick them yourself.</p>",
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
    ([(header::CONTENT_TYPE, "application/json")], body)
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
         <p>This page sets a session cookie, a functionality cookie (<code>rantSubmission</code>) \
         and an advertising cookie from the server, and every page carries Google Analytics and \
         Hotjar scripts that set their cookies from JavaScript; the consent layer lets through \
         only the cookies you allowed, and runs only the scripts you allowed. Change your mind at any time under \
         <a href=\"/consent?return_to=/\">Cookie settings</a>.</p>"
    )
}

/// A page under a strict Content-Security-Policy: scripts and styles only with this
/// response's nonce (the marked analytics scripts carry it), no inline script without
/// it. The banner must still be styled, and the Consent Mode default must still run.
async fn csp() -> Response {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the system's random source");
    let nonce: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let body = page_under_nonce(
        "Strict CSP",
        "<p>This page is served with <code>default-src 'none'</code>, a script nonce and a \
         style nonce.</p>",
        &format!("<style nonce=\"{nonce}\">main{{max-width:40rem}}</style>"),
        Some(&nonce),
    );
    let policy = format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; \
         img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
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
    page_under_nonce(title, main, "", None)
}

/// A demo page: its trackers written inert and marked with the category they need (the
/// consent layer activates them), `nonce` on its scripts when the page has a CSP nonce.
fn page_under_nonce(title: &str, main: &str, head_extra: &str, nonce: Option<&str>) -> String {
    let nonce = nonce.map_or(String::new(), |nonce| format!(" nonce=\"{nonce}\""));
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} - Customer First Group</title>\n{head_extra}\
         <script type=\"text/plain\" data-consent=\"performance\" src=\"/static/analytics.js\"{nonce}></script>\n\
         <script type=\"text/plain\" data-category=\"performance\" src=\"/static/hotjar.js\"{nonce}></script>\n\
         </head>\n<body>\n\
         <header><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a> \
         <a href=\"/video\">Video</a> \
         <a href=\"/csp\">Strict CSP</a> <a href=\"/stream\">Streaming</a> \
         <a href=\"/gzip\">Compressed</a> <a href=\"/api/status\">Status (JSON)</a></nav></header>\n\
         <noscript><p id=\"no-script\">JavaScript is off; everything here still works.</p></noscript>\n\
         <main><h1>{title}</h1>{main}</main>\n\
         <img data-consent=\"advertising\" data-src=\"/static/pixel.gif?id=42\" width=\"1\" height=\"1\" alt=\"\">\n\
         <noscript data-consent=\"advertising\"><img data-src=\"/static/pixel.gif?noscript=1\" width=\"1\" height=\"1\" alt=\"\"></noscript>\n\
         <footer><a href=\"/consent?return_to=/\">Cookie settings</a></footer>\n</body>\n</html>\n"
    )
}

/// The demo's operator pages (`/consent/admin`): open to `DEMO_ADMIN_TOKEN`, sent as a
/// bearer token or typed into the login form at `/consent/admin/login`; closed when it
/// is not set.
pub fn admin_access() -> Option<tower_cookie_consent::AdminAccess> {
    let token = std::env::var("DEMO_ADMIN_TOKEN").ok()?;
    (!token.is_empty()).then(|| tower_cookie_consent::AdminAccess::bearer_token(token))
}
