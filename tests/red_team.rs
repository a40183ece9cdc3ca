//! The red team's findings, one test each, with the exact outcome: each failed on the
//! code before the fix.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::{ConsentLayer, Policy, Undecided};

/// A `Cookie` header of `count` distinct refused cookies (`_hj…`, performance).
fn refused_jar(count: usize) -> String {
    (0..count)
        .map(|n| format!("_hj{n}=1"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// 30,000 distinct refused names in one 350 KB header (hyper accepts about 400 KB of
/// request head): before, the list of refused cookies was built by searching it for
/// every name (quadratic: seconds of CPU per request in release builds, minutes in
/// debug), and it answered with 60,000 deletions. Now it is linear and capped: the
/// exact outcome here; the work, counted (allocations past the cap stay flat), in
/// `tests/alloc.rs`, `refused_cookies_past_the_cap_cost_nothing_more`.
#[tokio::test]
async fn thirty_thousand_refused_cookies_cost_linear_work() {
    let jar = refused_jar(30_000);
    assert!(jar.len() > 340_000 && jar.len() < 400_000, "{}", jar.len());
    let (response, seen) = send(policy(), get(&[&jar]), response_with(StatusCode::OK, &[])).await;
    // The application sees none of them...
    assert!(seen.cookie_headers.is_empty());
    // ...and the response deletes as many whole cookies as the head's budget holds, in
    // the jar's order, each at its five places; the rest are still in the jar on the
    // next request, and deleted then.
    let deletions = values(response.headers(), "set-cookie");
    assert!(head_bytes(response.headers()) <= HEAD_BUDGET);
    assert_eq!(deletions.len() % 5, 0);
    assert!(deletions.len() >= 5 * 8, "{}", deletions.len());
    for (index, group) in deletions.chunks(5).enumerate() {
        let lines: Vec<String> = group.iter().map(|v| format!("set-cookie: {v}")).collect();
        assert_eq!(
            lines,
            deleted(&format!("_hj{index}"), "/page", &[(None, "/app")])
        );
    }
}

/// 12,300 refused cookies sent to a banner page with `Accept-Ranges: bytes` (as
/// `ServeDir` sends): removing that header rebuilt the header map with a reservation
/// for every value, and `HeaderMap::reserve` panicked ("size overflows MAX_SIZE").
#[tokio::test]
async fn a_stuffed_jar_on_a_banner_page_with_accept_ranges_does_not_panic() {
    let jar = refused_jar(12_300);
    let page = html(
        "<html><body>page</body></html>",
        &[("content-type", "text/html"), ("accept-ranges", "bytes")],
    );
    let (response, _) = send(policy(), get(&[&jar]), page).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!response.headers().contains_key(header::ACCEPT_RANGES));
    let deletions = values(response.headers(), "set-cookie");
    assert!(!deletions.is_empty() && head_bytes(response.headers()) <= HEAD_BUDGET);
    let body = std::str::from_utf8(response.body()).unwrap();
    assert!(body.starts_with("<html><body><section class=\"tcc tcc-banner\""));
}

/// The default consent cookie is `__Host-` prefixed whenever it can be: no sibling
/// subdomain and no plain-http page can set such a cookie, so none can toss in a choice.
#[test]
fn the_default_consent_cookie_is_host_prefixed_when_it_can_be() {
    let name = |builder: tower_cookie_consent::PolicyBuilder| {
        builder.build().unwrap().consent_cookie_name().to_owned()
    };
    assert_eq!(name(Policy::builder()), "__Host-cookie_consent");
    // Plain-http development, and a cookie shared with subdomains, cannot be prefixed.
    assert_eq!(
        name(Policy::builder().consent_cookie_secure(false)),
        "cookie_consent"
    );
    assert_eq!(
        name(Policy::builder().consent_cookie_domain("example.com")),
        "cookie_consent"
    );
    assert_eq!(name(Policy::builder().consent_cookie_name("mine")), "mine");
}

/// A choice made on this site before the prefix, under the old name and signed: read
/// once, written under the new name, and the old cookie deleted. The visitor is not
/// asked again.
#[tokio::test]
async fn a_signed_choice_under_the_old_name_moves_to_the_new_one() {
    let old_site = policy_builder()
        .consent_cookie_name("cookie_consent")
        .signing_keys([SIGNING_KEY]);
    let old_cookie = recorded_consent(ConsentLayer::new(old_site.build().unwrap())).await;
    assert!(
        old_cookie.starts_with("cookie_consent=1.2."),
        "{old_cookie}"
    );

    let (response, seen) = send(
        signed_policy(),
        get(&[&format!("a=1; {old_cookie}")]),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert!(consent.is_decided() && consent.allows("performance"));
    let lines = values(response.headers(), "set-cookie");
    assert_eq!(lines.len(), 2, "{lines:?}");
    let value = old_cookie.strip_prefix("cookie_consent=").unwrap();
    let (payload, _old_signature) = value.rsplit_once('.').unwrap();
    assert!(
        lines[0].starts_with(&format!("__Host-cookie_consent={payload}.")),
        "the same choice, signed for the new name: {}",
        lines[0]
    );
    assert!(lines[0].ends_with("; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=15552000"));
    assert_eq!(lines[1], format!("cookie_consent=; Path=/; {EPOCH}"));
    assert_eq!(values(response.headers(), "vary"), ["Cookie"]);

    // The moved cookie is read as it is, with nothing more to move.
    let new_cookie = lines[0].split(';').next().unwrap().to_owned();
    let (response, seen) = send(
        signed_policy(),
        get(&[&new_cookie]),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    assert!(seen.consent.unwrap().allows("performance"));
    assert!(!response.headers().contains_key(header::SET_COOKIE));
}

/// What a sibling subdomain can set under the old name is never a choice: a value
/// anyone can mint (unsigned), or one signed for the prefixed name and relabelled.
#[tokio::test]
async fn a_tossed_consent_cookie_leaves_a_first_visit_undecided() {
    // A sibling mints a choice on this site (accept all), then tosses the value in with
    // `Domain=` the parent, under the only name it can set: the unprefixed one.
    let minted = recorded_consent(ConsentLayer::new(signed_policy())).await;
    let value = minted.strip_prefix("__Host-cookie_consent=").unwrap();
    let tossed = format!("cookie_consent={value}");
    let (response, seen) = send(
        signed_policy(),
        get(&[&tossed]),
        html(
            "<html><body>x</body></html>",
            &[("content-type", "text/html"), ("set-cookie", "_ga=1")],
        ),
    )
    .await;
    let consent = seen.consent.unwrap();
    assert_eq!(consent.undecided_reason(), Some(Undecided::Invalid));
    assert!(!consent.allows("performance"));
    assert!(values(response.headers(), "set-cookie").is_empty());
    assert!(
        std::str::from_utf8(response.body())
            .unwrap()
            .contains("tcc-banner")
    );

    // Unsigned, anyone can write any value: the old name is not read at all.
    let unsigned = format!("cookie_consent=1.2.{}.performance.{ID}", now());
    let (_, seen) = send(
        policy(),
        get(&[&unsigned]),
        response_with(StatusCode::OK, &[]),
    )
    .await;
    assert_eq!(
        seen.consent.unwrap().undecided_reason(),
        Some(Undecided::NoChoice)
    );
}

/// The consent cookie a layer's endpoint records for "accept all", as `name=value`.
async fn recorded_consent(layer: ConsentLayer) -> String {
    let request: Request<Full<Bytes>> = post(
        "application/x-www-form-urlencoded",
        "action=accept_all",
        &[("sec-fetch-site", "same-origin")],
    );
    let (response, _) = send_through(layer, request, response_with(StatusCode::OK, &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    values(response.headers(), "set-cookie")[0]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Deletions of refused cookies that the layer let through as they were, and that
/// Chromium stores instead (some for 400 days): each goes out in one canonical form.
#[tokio::test]
async fn deletions_of_refused_cookies_go_out_in_one_canonical_form() {
    let epoch = "Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    let odd = [
        "_ga=x; Max-Age=0; Max-Age=x",
        "_ga=x; Max-Age=0; Max-Age",
        &format!("_ga=x; {epoch}; Expires=junk"),
        &format!("_ga=x; {epoch}; Expires="),
        &format!("_ga=x; {epoch}; Max-Age=99999999999999999999x"),
        &format!("_ga=x; {epoch}; Max-Age=+3600"),
    ];
    for value in odd {
        let response = response_with(StatusCode::OK, &[("set-cookie", value)]);
        let (response, _) = send(policy(), get(&[]), response).await;
        assert_eq!(
            values(response.headers(), "set-cookie"),
            [format!("_ga=; Max-Age=0; {epoch}")],
            "{value}"
        );
    }
    // The attributes that say which cookie is deleted stay (the last of each, as in
    // browsers); everything else goes. An undeclared name's deletion too.
    let response = response_with(
        StatusCode::OK,
        &[
            (
                "set-cookie",
                "_ga=x; Path=/a; Domain=other.example; Path=/shop; Domain=.example.com; \
                 Secure; HttpOnly; Max-Age=0; Max-Age=x",
            ),
            ("set-cookie", "mystery=1; Path=relative; Max-Age=-1"),
            ("set-cookie", "session=1; Max-Age=0; Max-Age=x"),
        ],
    );
    let (response, _) = send(policy(), get(&[]), response).await;
    assert_eq!(
        values(response.headers(), "set-cookie"),
        [
            format!("_ga=; Path=/shop; Domain=example.com; Max-Age=0; {epoch}"),
            format!("mystery=; Max-Age=0; {epoch}"),
            // A necessary cookie's own header is the application's business: untouched.
            "session=1; Max-Age=0; Max-Age=x".to_owned(),
        ]
    );
}

/// A consent post that sends ten bytes and then nothing held its request for as long as
/// the client liked: now the endpoint answers 408 after its body timeout.
#[tokio::test]
async fn a_stalled_consent_post_gets_408() {
    use futures_util::StreamExt as _;
    use http_body::Frame;

    let ten_bytes = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Frame::data(
        Bytes::from_static(b"action=acc"),
    ))]);
    let stalled = http_body_util::StreamBody::new(ten_bytes.chain(futures_util::stream::pending()));
    let mut request = Request::post("/consent")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(stalled)
        .unwrap();
    request
        .headers_mut()
        .insert(header::HOST, "example.com".parse().unwrap());
    let layer = ConsentLayer::new(policy()).endpoint_body_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let (response, seen) = send_through(layer, request, response_with(StatusCode::OK, &[])).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(seen.calls, 0);
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/plain; charset=utf-8",
            "cache-control: no-store",
            "content-language: en",
            "vary: Accept-Language"
        ]
    );
    assert_eq!(
        response.body(),
        "The cookie choice form took too long to arrive.\n".as_bytes()
    );
}

const PAGE: &str = "<html><body>page</body></html>";

/// Whether the first visit to `PAGE` served with these headers got the banner; the
/// headers are unchanged when it did not, but for those keeping the page (which could
/// carry the banner) out of shared caches.
async fn gets_banner(headers: &[(&str, &str)], host: &str) -> bool {
    let mut all = vec![("content-type", "text/html; charset=utf-8")];
    all.extend_from_slice(headers);
    let mut request = get(&[]);
    request
        .headers_mut()
        .insert(header::HOST, host.parse().unwrap());
    let (response, _) = send(policy(), request, html(PAGE, &all)).await;
    let body = std::str::from_utf8(response.body()).unwrap();
    if body == PAGE {
        let mut seen: Vec<String> = all.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        seen.extend(
            ["cache-control: private", "vary: Cookie", "vary: HX-Request"].map(String::from),
        );
        assert_eq!(header_lines(response.headers()), seen);
        false
    } else {
        assert!(body.contains("tcc-banner"));
        true
    }
}

/// A banner under a CSP whose `form-action` forbids posting to the endpoint showed,
/// and no click on it recorded anything: such pages now go without it.
#[tokio::test]
async fn no_banner_where_the_csp_forbids_its_form_to_post() {
    let csp = |policy: &'static str| [("content-security-policy", policy)];
    let host = "www.example.com";
    for (policy, shown) in [
        ("default-src 'self'", true),
        ("form-action 'self'", true),
        ("form-action 'none'", false),
        ("default-src 'none'; FORM-ACTION 'SELF'", true),
        ("form-action https://pay.example", false),
        ("form-action https://www.example.com", true),
        ("form-action www.example.com:443", true),
        ("form-action *.example.com", true),
        ("form-action *.www.example.com", false),
        ("form-action https://www.example.com/consent", true),
        ("form-action https://www.example.com/other/", false),
        ("form-action https:", true),
        ("form-action 'self', form-action https://pay.example", false),
    ] {
        assert_eq!(gets_banner(&csp(policy), host).await, shown, "{policy}");
    }
    // Two headers are two policies, both enforced.
    let both = [
        ("content-security-policy", "form-action 'self'"),
        ("content-security-policy", "form-action 'none'"),
    ];
    assert!(!gets_banner(&both, host).await);
}

/// A UTF-16 page got 8 KB of ASCII appended (no `<body>` is found in UTF-16 bytes),
/// which browsers render as CJK text.
#[tokio::test]
async fn no_banner_in_a_page_declared_utf16() {
    for charset in ["utf-16", "UTF-16LE", "utf-16be", "\"utf-16\""] {
        let content_type = format!("text/html; charset={charset}");
        let page = html(PAGE, &[("content-type", &content_type)]);
        let (response, _) = send(policy(), get(&[]), page).await;
        assert_eq!(response.body(), PAGE.as_bytes(), "{charset}");
    }
    let page = html(PAGE, &[("content-type", "text/html; charset=utf-8")]);
    let (response, _) = send(policy(), get(&[]), page).await;
    assert_ne!(response.body(), PAGE.as_bytes());
}
