//! The consent endpoint, through `oneshot`: every answer's exact status and headers, and
//! that the inner service is never called.

mod common;

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::{Category, ConsentLayer};

const FORM: &str = "application/x-www-form-urlencoded";
const CONSENT_ATTRIBUTES: &str = "HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=15552000";

async fn answer(request: Request<Full<Bytes>>) -> http::Response<Bytes> {
    let unused = response_with(StatusCode::OK, &[]);
    let (response, seen) = send(policy(), request, unused).await;
    assert_eq!(
        seen.calls, 0,
        "the endpoint must not call the inner service"
    );
    response
}

/// The header lines, with the consent cookie's decision time and random id replaced by
/// `{time}` and `{id}` after checking their shape.
fn normalized_lines(response: &http::Response<Bytes>) -> Vec<String> {
    header_lines(response.headers())
        .into_iter()
        .map(|line| {
            let Some(value) = line.strip_prefix("set-cookie: __Host-cookie_consent=") else {
                return line;
            };
            let (value, attributes) = value.split_once(';').unwrap();
            let fields: Vec<&str> = value.split('.').collect();
            assert_eq!(fields.len(), 5, "{value}");
            let time: u64 = fields[2].parse().unwrap();
            assert!(now().abs_diff(time) < 60, "{value}");
            assert_eq!(fields[4].len(), 32);
            assert!(
                fields[4]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            format!(
                "set-cookie: __Host-cookie_consent={}.{}.{{time}}.{}.{{id}};{attributes}",
                fields[0], fields[1], fields[3]
            )
        })
        .collect()
}

fn consent_line(granted: &str) -> String {
    format!("set-cookie: __Host-cookie_consent=1.2.{{time}}.{granted}.{{id}}; {CONSENT_ATTRIBUTES}")
}

/// The one-minute cookie that makes the next page say the choice was saved.
const SAVED_LINE: &str =
    "set-cookie: __Host-cookie_consent_saved=1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure";

#[tokio::test]
async fn accept_all_records_the_choice_and_redirects_back() {
    let request = post(FORM, "action=accept_all&return_to=%2Fshop%3Fitem%3D3", &[]);
    let response = answer(request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        normalized_lines(&response),
        [
            "location: /shop?item=3".to_owned(),
            consent_line("functionality+performance+advertising"),
            SAVED_LINE.to_owned(),
            "cache-control: no-store".to_owned(),
        ]
    );
    assert!(response.body().is_empty());
}

#[tokio::test]
async fn reject_all_deletes_what_the_browser_holds() {
    let request = post(
        FORM,
        "action=reject_all&category=performance&return_to=/",
        &[("cookie", "_ga=1; session=2; prefs=3; _hjX=4; _gcl_au=5")],
    );
    let response = answer(request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        normalized_lines(&response),
        lines_with(
            &[
                "location: /",
                &consent_line(""),
                SAVED_LINE,
                "cache-control: no-store"
            ],
            3,
            &[
                deleted("_ga", "/consent", &[]),
                deleted("prefs", "/consent", &[]),
                deleted("_hjX", "/consent", &[(None, "/app")]),
                deleted("_gcl_au", "/consent", &[]),
            ]
        )
    );
}

#[tokio::test]
async fn save_grants_exactly_the_ticked_categories() {
    let request = post(
        FORM,
        "category=necessary&category=functionality&action=save&return_to=/about",
        &[("cookie", "prefs=1; _ga=2")],
    );
    let response = answer(request).await;
    assert_eq!(
        normalized_lines(&response),
        lines_with(
            &[
                "location: /about",
                &consent_line("functionality"),
                SAVED_LINE,
                "cache-control: no-store"
            ],
            3,
            &[deleted("_ga", "/consent", &[])]
        )
    );
}

#[tokio::test]
async fn json_clients_get_204() {
    let body = r#"{"action":"save","categories":["performance","advertising"],"return_to":"/x"}"#;
    let response = answer(post("application/json", body, &[])).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        normalized_lines(&response),
        [
            consent_line("performance+advertising"),
            "cache-control: no-store".to_owned()
        ]
    );

    let accept_json = post(FORM, "action=reject_all", &[("accept", "application/json")]);
    let response = answer(accept_json).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        normalized_lines(&response),
        [consent_line(""), "cache-control: no-store".to_owned()]
    );
}

#[tokio::test]
async fn unsafe_return_to_goes_home() {
    for target in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:%20x=1",
        "",
    ] {
        let body = format!("action=accept_all&return_to={}", form_encode(target));
        let response = answer(post(FORM, &body, &[])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[header::LOCATION], "/", "{target:?}");
    }
}

async fn assert_error(request: Request<Full<Bytes>>, status: StatusCode, message: &str) {
    let response = answer(request).await;
    assert_eq!(response.status(), status, "{message}");
    let mut expected = vec![
        "content-type: text/plain; charset=utf-8".to_owned(),
        "cache-control: no-store".to_owned(),
        "content-language: en".to_owned(),
        "vary: Accept-Language".to_owned(),
    ];
    if status == StatusCode::METHOD_NOT_ALLOWED {
        expected.push("allow: GET, HEAD, POST".to_owned());
    }
    assert_eq!(header_lines(response.headers()), expected);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        format!("{message}\n")
    );
}

#[tokio::test]
async fn bad_choices_are_400_with_a_message() {
    let cases = [
        (
            post(FORM, "action=save&category=social", &[]),
            "unknown category `social`",
        ),
        (
            post(FORM, "action=maybe", &[]),
            "unknown action `maybe`; use accept_all, reject_all, opt_out, save or placeholder",
        ),
        (
            post(FORM, "action=save&action=accept_all", &[]),
            "the field `action` is given more than once",
        ),
        (
            post("application/json", r#"{"categories":["Performance"]}"#, &[]),
            "unknown category `Performance`",
        ),
        (
            post("application/json", r#"{"category":["performance"]}"#, &[]),
            "invalid JSON: unknown field `category`, expected one of `action`, `categories`, `return_to`, `object` at line 1 column 11",
        ),
        (
            post("application/json", "{", &[]),
            "invalid JSON: EOF while parsing an object at line 1 column 1",
        ),
    ];
    for (request, detail) in cases {
        // The visitor's words, then the detail for developers.
        let message = format!("The cookie choice form could not be read. ({detail})");
        assert_error(request, StatusCode::BAD_REQUEST, &message).await;
    }
}

#[tokio::test]
async fn cross_site_posts_are_forbidden() {
    let forbidden = [
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
        vec![("origin", "https://example.com.evil.example")],
        vec![("sec-fetch-site", "same-site")],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://example.com"),
        ],
        vec![
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-site", "same-origin"),
        ],
    ];
    for headers in forbidden {
        let request = post(FORM, "action=accept_all", &headers);
        assert_error(
            request,
            StatusCode::FORBIDDEN,
            "Cookie choices can only be saved from this site's own pages.",
        )
        .await;
    }
    let allowed = [
        vec![],
        vec![
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://example.com"),
        ],
        vec![("origin", "https://EXAMPLE.com:443")],
        vec![("sec-fetch-site", "none")],
        // Sec-Fetch-Site decides when present: browsers set it, pages cannot.
        vec![
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://evil.example"),
        ],
    ];
    for headers in allowed {
        let response = answer(post(FORM, "action=accept_all", &headers)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{headers:?}");
    }
}

/// Behind a proxy that rewrites `Host` (nginx's default `proxy_set_header Host
/// $proxy_host`), every browser's post still passes, by its `Sec-Fetch-Site`.
#[tokio::test]
async fn a_proxy_rewriting_host_does_not_break_the_endpoint() {
    let through_proxy = |extra: &[(&'static str, &'static str)]| {
        let mut request = post(FORM, "action=accept_all", extra);
        request
            .headers_mut()
            .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        request
    };
    let browser = [
        ("sec-fetch-site", "same-origin"),
        ("origin", "https://example.com"),
    ];
    let response = answer(through_proxy(&browser)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // A browser without Fetch Metadata: Origin against the rewritten Host fails...
    let old_browser = [
        ("origin", "https://example.com"),
        ("x-forwarded-host", "example.com"),
        ("forwarded", "for=192.0.2.1;host=example.com;proto=https"),
    ];
    let response = answer(through_proxy(&old_browser)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // ...unless the operator trusts the proxy's forwarded host, from either header.
    let trusting = || ConsentLayer::new(policy()).trust_forwarded_host(true);
    for forwarded in [
        ("x-forwarded-host", "example.com, proxy.internal"),
        (
            "forwarded",
            "for=192.0.2.1;host=\"example.com\";proto=https, for=10.0.0.1",
        ),
    ] {
        let request = through_proxy(&[("origin", "https://example.com"), forwarded]);
        let (response, _) =
            send_through(trusting(), request, response_with(StatusCode::OK, &[])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{forwarded:?}");
    }
    // A forwarded host is never trusted by default: a client could send its own.
    let forged = through_proxy(&[
        ("origin", "https://evil.example"),
        ("x-forwarded-host", "evil.example"),
    ]);
    assert_eq!(answer(forged).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bodies_over_8_kib_are_413() {
    let message = "The cookie choice form was too large.";
    let padding = "x".repeat(8192 - "action=accept_all&pad=".len());
    let exactly = format!("action=accept_all&pad={padding}");
    assert_eq!(exactly.len(), 8192);
    let response = answer(post(FORM, &exactly, &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let over = format!("{exactly}x");
    let declared = post(FORM, &over, &[("content-length", "8193")]);
    assert_error(declared, StatusCode::PAYLOAD_TOO_LARGE, message).await;
    // No length announced: the limit holds while reading.
    let undeclared = post(FORM, &over, &[]);
    assert_error(undeclared, StatusCode::PAYLOAD_TOO_LARGE, message).await;

    let streamed = Request::post("/consent")
        .header(header::CONTENT_TYPE, FORM)
        .body(Chunks {
            left: 9,
            chunk: Bytes::from(vec![b'a'; 1024]),
        })
        .unwrap();
    let (response, seen) = send(policy(), streamed, response_with(StatusCode::OK, &[])).await;
    assert_eq!(seen.calls, 0);
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn other_methods_are_405_and_other_types_415() {
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
        let request = Request::builder()
            .method(method)
            .uri("/consent")
            .body(Full::default())
            .unwrap();
        assert_error(
            request,
            StatusCode::METHOD_NOT_ALLOWED,
            "This address only shows and saves cookie choices.",
        )
        .await;
    }
    assert_error(
        post("text/plain", "action=accept_all", &[]),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Cookie choices must be sent as a form or as JSON.",
    )
    .await;
}

#[tokio::test]
async fn a_recorded_choice_is_read_back_on_the_next_request() {
    let response = answer(post(FORM, "action=save&category=advertising", &[])).await;
    let set_cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    let pair = set_cookie.split(';').next().unwrap();
    let app = response_with(
        StatusCode::OK,
        &[("set-cookie", "_gcl_au=1"), ("set-cookie", "_ga=1")],
    );
    let (response, seen) = send(policy(), get(&[pair]), app).await;
    let consent = seen.consent.unwrap();
    assert!(consent.is_decided());
    let granted: Vec<_> = consent.granted().map(Category::id).collect();
    assert_eq!(granted, ["necessary", "advertising"]);
    assert_eq!(
        header_lines(response.headers()),
        ["set-cookie: _gcl_au=1", "vary: Cookie"]
    );
}

#[tokio::test]
async fn the_endpoint_path_and_cookie_attributes_are_configurable() {
    let policy = policy_builder()
        .endpoint("/privacy/choice")
        .consent_cookie_name("site_consent")
        .consent_cookie_domain("example.com")
        .build()
        .unwrap();
    let request = Request::post("/privacy/choice")
        .header(header::CONTENT_TYPE, FORM)
        .body(Full::new(Bytes::from_static(b"action=reject_all")))
        .unwrap();
    let (response, seen) = send(policy, request, response_with(StatusCode::OK, &[])).await;
    assert_eq!(seen.calls, 0);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("site_consent=1.2."), "{cookie}");
    assert!(
        cookie.ends_with(
            "; HttpOnly; SameSite=Lax; Secure; Path=/; Domain=example.com; Max-Age=15552000"
        ),
        "{cookie}"
    );

    // The old path is now an ordinary page.
    let policy = policy_builder()
        .endpoint("/privacy/choice")
        .consent_cookie_secure(false)
        .build()
        .unwrap();
    let request = post(FORM, "action=accept_all", &[]);
    let (response, seen) = send(policy, request, response_with(StatusCode::OK, &[])).await;
    assert_eq!(seen.calls, 1);
    assert_eq!(response.status(), StatusCode::OK);
}
