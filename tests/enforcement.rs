//! Request and response sides of the layer, through `oneshot`: what the application sees
//! and the exact headers a browser receives.

mod common;

use common::*;
use http::StatusCode;
use tower_cookie_consent::{Category, Undecided, UndeclaredCookies};

const APP_COOKIES: [(&str, &str); 7] = [
    ("set-cookie", "session=s1; Path=/; HttpOnly"),
    ("set-cookie", "_ga=GA1.1.1; Domain=example.com"),
    ("set-cookie", "prefs=dark"),
    ("set-cookie", "mystery=1"),
    ("set-cookie", "_hjSession_1=x; Path=/app"),
    (
        "set-cookie",
        "_gcl_au=1.1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ),
    ("set-cookie", "_gcl_au=; Max-Age=0"),
];

fn app_response(status: StatusCode) -> http::Response<http_body_util::Full<bytes::Bytes>> {
    // Not HTML: the banner is tested on its own (tests/banner.rs).
    let mut headers = vec![("content-type", "text/plain")];
    headers.extend(APP_COOKIES);
    headers.push(("x-after", "1"));
    response_with(status, &headers)
}

#[tokio::test]
async fn undecided_visitor_gets_only_necessary_cookies_on_every_status() {
    for status in [200, 201, 204, 301, 302, 303, 304, 400, 403, 404, 500, 503] {
        let status = StatusCode::from_u16(status).unwrap();
        let (response, seen) = send(policy(), get(&[]), app_response(status)).await;
        assert_eq!(response.status(), status);
        assert_eq!(
            header_lines(response.headers()),
            [
                "content-type: text/plain",
                "set-cookie: session=s1; Path=/; HttpOnly",
                // A deletion gets through whatever the category: it removes, never sets
                // (in one canonical form, which every browser reads as a deletion).
                "set-cookie: _gcl_au=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "x-after: 1",
                "vary: Cookie",
            ],
            "status {status}"
        );
        assert_eq!(&response.body()[..], b"<p>hi</p>");
        let consent = seen.consent.unwrap();
        assert!(!consent.is_decided());
        assert_eq!(consent.undecided_reason(), Some(Undecided::NoChoice));
        assert!(consent.allows("necessary"));
        assert!(!consent.allows("performance"));
        assert_eq!(consent.decided_at(), None);
        assert_eq!(consent.consent_id(), None);
    }
}

#[tokio::test]
async fn decided_visitor_keeps_granted_categories_in_order() {
    let cookie = consent("functionality+performance");
    let (response, seen) = send(policy(), get(&[&cookie]), app_response(StatusCode::OK)).await;
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/plain",
            "set-cookie: session=s1; Path=/; HttpOnly",
            "set-cookie: _ga=GA1.1.1; Domain=example.com",
            "set-cookie: prefs=dark",
            "set-cookie: _hjSession_1=x; Path=/app",
            "set-cookie: _gcl_au=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "x-after: 1",
            "vary: Cookie",
        ]
    );
    let consent = seen.consent.unwrap();
    assert!(consent.is_decided());
    assert!(consent.allows("functionality") && consent.allows("performance"));
    assert!(!consent.allows("advertising"));
    assert!(!consent.allows("unknown"));
    let granted: Vec<_> = consent.granted().map(Category::id).collect();
    assert_eq!(granted, ["necessary", "functionality", "performance"]);
    assert_eq!(consent.consent_id().unwrap().to_string(), ID);
    let decided_at = consent.decided_at().unwrap();
    let age = std::time::SystemTime::now()
        .duration_since(decided_at)
        .unwrap();
    assert!(age.as_secs() < 60, "{age:?}");
}

#[tokio::test]
async fn accepting_everything_keeps_every_declared_cookie() {
    let cookie = consent("functionality+performance+advertising");
    let (response, _) = send(policy(), get(&[&cookie]), app_response(StatusCode::OK)).await;
    let kept = values(response.headers(), "set-cookie");
    let mut expected: Vec<String> = APP_COOKIES.iter().map(|(_, v)| v.to_string()).collect();
    expected.retain(|value| value != "mystery=1");
    assert_eq!(kept, expected);
}

#[tokio::test]
async fn the_application_never_sees_refused_cookies() {
    let cookies = [
        "session=s1; _ga=GA1; prefs=dark;  _hjA=1; other=2",
        "_gcl_au=x",
        "theme=light;_gid=undeclared",
    ];
    let (_, seen) = send(policy(), get(&cookies), app_response(StatusCode::OK)).await;
    // Undeclared cookies are not the layer's to hide; the emptied header is gone.
    assert_eq!(
        seen.cookie_headers,
        ["session=s1; other=2", "theme=light;_gid=undeclared"]
    );

    let granted = consent("performance");
    let mut with_consent = vec![granted.as_str()];
    with_consent.extend(cookies);
    let (_, seen) = send(policy(), get(&with_consent), app_response(StatusCode::OK)).await;
    assert_eq!(
        seen.cookie_headers,
        [
            granted.clone(),
            "session=s1; _ga=GA1; _hjA=1; other=2".to_owned(),
            "theme=light;_gid=undeclared".to_owned()
        ]
    );
}

#[tokio::test]
async fn refused_cookies_the_browser_holds_are_deleted_everywhere_declared() {
    let request = get(&[
        "_ga=1; session=2; _hjX=3; prefs=4",
        "_ga=again; __Host-cookie_consent=junk",
    ]);
    let response = response_with(StatusCode::OK, &[("set-cookie", "session=s1")]);
    let (response, seen) = send(policy(), request, response).await;
    assert_eq!(
        seen.consent.unwrap().undecided_reason(),
        Some(Undecided::Invalid)
    );
    assert_eq!(
        header_lines(response.headers()),
        lines_with(
            &["set-cookie: session=s1", "vary: Cookie"],
            1,
            &[
                // The policy declares `_ga` at Domain=example.com (already listed)
                // and `_hj*` at /app.
                deleted("_ga", "/page", &[]),
                deleted("_hjX", "/page", &[(None, "/app")]),
                deleted("prefs", "/page", &[]),
            ]
        )
    );
}

#[tokio::test]
async fn nothing_consent_related_means_no_vary() {
    let response = response_with(
        StatusCode::OK,
        &[("set-cookie", "session=1"), ("vary", "Accept-Encoding")],
    );
    let (response, _) = send(policy(), get(&["session=1; other=2"]), response).await;
    assert_eq!(
        header_lines(response.headers()),
        ["set-cookie: session=1", "vary: Accept-Encoding"]
    );
}

#[tokio::test]
async fn vary_gains_cookie_beside_the_applications() {
    let response = response_with(
        StatusCode::OK,
        &[("vary", "Accept-Encoding"), ("set-cookie", "_ga=1")],
    );
    let (response, _) = send(policy(), get(&[]), response).await;
    assert_eq!(
        header_lines(response.headers()),
        ["vary: Accept-Encoding", "vary: Cookie"]
    );

    let response = response_with(
        StatusCode::OK,
        &[("vary", "cookie"), ("set-cookie", "_ga=1")],
    );
    let (response, _) = send(policy(), get(&[]), response).await;
    assert_eq!(header_lines(response.headers()), ["vary: cookie"]);
}

#[tokio::test]
async fn undeclared_cookies_follow_the_policy() {
    let response = || {
        response_with(
            StatusCode::OK,
            &[("set-cookie", "mystery=1"), ("set-cookie", "nameless")],
        )
    };
    let (blocked, _) = send(policy(), get(&[]), response()).await;
    assert_eq!(header_lines(blocked.headers()), Vec::<String>::new());

    let allow = policy_builder()
        .undeclared(UndeclaredCookies::Allow)
        .build()
        .unwrap();
    let (allowed, _) = send(allow, get(&[]), response()).await;
    assert_eq!(
        header_lines(allowed.headers()),
        ["set-cookie: mystery=1", "set-cookie: nameless"]
    );

    let counted = || {
        policy_builder()
            .undeclared(UndeclaredCookies::Category("performance".into()))
            .build()
            .unwrap()
    };
    let (refused, _) = send(counted(), get(&["mystery=old"]), response()).await;
    // Counted as performance: dropped, and the held one deleted wherever it can live.
    assert_eq!(
        header_lines(refused.headers()),
        lines_with(&["vary: Cookie"], 0, &[deleted("mystery", "/page", &[])])
    );
    let (granted, _) = send(counted(), get(&[&consent("performance")]), response()).await;
    assert_eq!(
        header_lines(granted.headers()),
        [
            "set-cookie: mystery=1",
            "set-cookie: nameless",
            "vary: Cookie"
        ]
    );
}

#[tokio::test]
async fn the_consent_cookie_set_by_the_application_is_kept() {
    let response = response_with(
        StatusCode::OK,
        &[("set-cookie", "__Host-cookie_consent=x; Path=/")],
    );
    let (response, _) = send(policy(), get(&[]), response).await;
    assert_eq!(
        header_lines(response.headers()),
        ["set-cookie: __Host-cookie_consent=x; Path=/"]
    );
}

#[tokio::test]
async fn untrustworthy_consent_cookies_mean_undecided() {
    let now = now();
    let cases = [
        (
            format!("__Host-cookie_consent=1.1.{now}.performance.{ID}"),
            Undecided::PolicyChanged,
        ),
        (
            format!(
                "__Host-cookie_consent=1.2.{}.performance.{ID}",
                now - 181 * 86_400
            ),
            Undecided::Expired,
        ),
        (
            format!("__Host-cookie_consent=1.3.{now}.performance.{ID}"),
            Undecided::Invalid,
        ),
        (
            format!("__Host-cookie_consent=1.2.{now}.social.{ID}"),
            Undecided::Invalid,
        ),
        (
            format!("__Host-cookie_consent=9.2.{now}.performance.{ID}"),
            Undecided::Invalid,
        ),
        (
            format!("{}; {}", consent("performance"), consent("")),
            Undecided::Invalid,
        ),
        (
            format!("__Host-cookie_consent={}", "1".repeat(2000)),
            Undecided::Invalid,
        ),
    ];
    for (cookie, reason) in cases {
        let response = response_with(StatusCode::OK, &[("set-cookie", "_ga=1")]);
        let (response, seen) = send(policy(), get(&[&cookie]), response).await;
        let consent = seen.consent.unwrap();
        assert_eq!(consent.undecided_reason(), Some(reason), "{cookie}");
        assert!(!consent.allows("performance"));
        assert_eq!(
            header_lines(response.headers()),
            ["vary: Cookie"],
            "{cookie}"
        );
    }
}

#[tokio::test]
async fn a_consent_cookie_split_over_two_headers_is_still_a_duplicate() {
    let first = consent("performance");
    let second = consent("performance");
    let (_, seen) = send(
        policy(),
        get(&[&first, &second]),
        app_response(StatusCode::OK),
    )
    .await;
    assert_eq!(
        seen.consent.unwrap().undecided_reason(),
        Some(Undecided::Invalid)
    );
}
