//! Caching: a page that could carry the banner is one visitor's page, whoever asks;
//! an injected page has no validators; only navigations lose their conditional and
//! range headers, so assets revalidate with 304 for every visitor.

mod common;

use std::convert::Infallible;

use bytes::Bytes;
use common::*;
use http::{Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use tower::{Layer, ServiceExt, service_fn};
use tower_cookie_consent::ConsentLayer;

const PAGE: &str = "<html><head><title>t</title></head><body><p>The stored page.</p></body></html>";
const ETAG: &str = "\"v1\"";
const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";

/// A file server as `ServeDir` behaves: it answers `If-None-Match` with 304 and a
/// `Range` (when `If-Range` is absent or matches) with 206, and sends validators.
async fn file_server(request: Request<Full<Bytes>>) -> Result<Response<Full<Bytes>>, Infallible> {
    let headers = request.headers();
    let content_type = if request.uri().path().ends_with(".css") {
        "text/css"
    } else {
        "text/html; charset=utf-8"
    };
    let body = if content_type == "text/css" {
        "p { color: black }"
    } else {
        PAGE
    };
    let builder = Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ETAG, ETAG)
        .header(header::LAST_MODIFIED, LAST_MODIFIED)
        .header(header::ACCEPT_RANGES, "bytes");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag == ETAG)
    {
        return Ok(builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Full::default())
            .unwrap());
    }
    let range_applies = headers.get(header::IF_RANGE).is_none_or(|tag| tag == ETAG);
    if let Some(range) = headers.get(header::RANGE).filter(|_| range_applies) {
        let start: usize = range
            .to_str()
            .unwrap()
            .trim_start_matches("bytes=")
            .trim_end_matches('-')
            .parse()
            .unwrap();
        let part = &body[start..];
        return Ok(builder
            .status(StatusCode::PARTIAL_CONTENT)
            .header(
                header::CONTENT_RANGE,
                format!("bytes {start}-{}/{}", body.len() - 1, body.len()),
            )
            .header(header::CONTENT_LENGTH, part.len())
            .body(Full::new(Bytes::from(part)))
            .unwrap());
    }
    Ok(builder
        .header(header::CONTENT_LENGTH, body.len())
        .body(Full::new(Bytes::from(body)))
        .unwrap())
}

/// Sends `request` through the layer to [`file_server`].
async fn fetch(request: Request<Full<Bytes>>) -> (StatusCode, Vec<String>, String) {
    let service = ConsentLayer::new(policy()).layer(service_fn(file_server));
    let response = service.oneshot(request).await.unwrap();
    let status = response.status();
    let lines = header_lines(response.headers());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, lines, String::from_utf8(body.to_vec()).unwrap())
}

fn request(path: &str, cookie: Option<&str>, headers: &[(&str, &str)]) -> Request<Full<Bytes>> {
    let mut builder = Request::get(format!("https://example.com{path}"));
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Full::default()).unwrap()
}

const NAVIGATION: [(&str, &str); 2] = [
    ("sec-fetch-dest", "document"),
    ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
];

/// The headers an HTML page that could carry the banner gets, for every visitor.
const PRIVATE: [&str; 3] = ["cache-control: private", "vary: Cookie", "vary: HX-Request"];
/// A page that got the banner varies on `Accept-Language` too: it chose the banner's
/// language.
const BANNER_PAGE: [&str; 4] = [
    "cache-control: private",
    "vary: Cookie",
    "vary: HX-Request",
    "vary: Accept-Language",
];

#[tokio::test]
async fn a_resumed_download_of_a_banner_page_gets_the_whole_page() {
    // Reproduces the audit: `Range` with a matching `If-Range` spliced stored bytes onto
    // the copy with the banner. The navigation loses both, and gets the whole page.
    let headers = [
        NAVIGATION[0],
        NAVIGATION[1],
        ("range", "bytes=20-"),
        ("if-range", ETAG),
    ];
    let (status, lines, body) = fetch(request("/page", None, &headers)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("tcc-banner") && body.ends_with("</html>"),
        "{body}"
    );
    let mut expected = vec![
        "content-type: text/html; charset=utf-8".to_owned(),
        format!("content-length: {}", body.len()),
    ];
    expected.extend(BANNER_PAGE.map(String::from));
    // No `ETag`, `Last-Modified` or `Accept-Ranges`: nothing to revalidate or resume.
    assert_eq!(lines, expected);
}

#[tokio::test]
async fn a_conditional_navigation_of_an_undecided_visitor_gets_the_banner_not_a_304() {
    for conditional in [
        ("if-none-match", ETAG),
        ("if-modified-since", LAST_MODIFIED),
    ] {
        let headers = [NAVIGATION[0], NAVIGATION[1], conditional];
        let (status, _, body) = fetch(request("/page", None, &headers)).await;
        assert_eq!(status, StatusCode::OK, "{conditional:?}");
        assert!(body.contains("tcc-banner"));
    }
}

#[tokio::test]
async fn assets_revalidate_with_304_for_undecided_visitors() {
    let assets: [&[(&str, &str)]; 4] = [
        &[
            ("sec-fetch-dest", "style"),
            ("accept", "text/css,*/*;q=0.1"),
        ],
        &[
            ("sec-fetch-dest", "image"),
            ("accept", "image/avif,image/webp,*/*"),
        ],
        &[("sec-fetch-dest", "empty"), ("accept", "*/*")],
        // No Fetch Metadata: an `Accept` that does not admit HTML.
        &[("accept", "text/css")],
    ];
    for asset in assets {
        let mut headers = asset.to_vec();
        headers.push(("if-none-match", ETAG));
        let (status, lines, body) = fetch(request("/site.css", None, &headers)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{asset:?}");
        assert_eq!(body, "");
        assert_eq!(
            lines,
            [
                "content-type: text/css",
                "etag: \"v1\"",
                "last-modified: Wed, 21 Oct 2015 07:28:00 GMT",
                "accept-ranges: bytes"
            ]
        );
        // A range of an asset is served as a range.
        let mut headers = asset.to_vec();
        headers.push(("range", "bytes=2-"));
        let (status, _, body) = fetch(request("/site.css", None, &headers)).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{asset:?}");
        assert_eq!(body, "{ color: black }");
    }
}

#[tokio::test]
async fn what_counts_as_a_navigation() {
    let navigations: [&[(&str, &str)]; 6] = [
        &[("sec-fetch-dest", "document")],
        &[("sec-fetch-dest", "iframe"), ("accept", "image/png")],
        // Old browsers, bots, curl: no Fetch Metadata, an `Accept` admitting HTML.
        &[],
        &[("accept", "*/*")],
        &[("accept", "text/*;q=0.5")],
        &[("accept", "application/json, TEXT/HTML;q=0.9")],
    ];
    for headers in navigations {
        let mut all = headers.to_vec();
        all.push(("if-none-match", ETAG));
        let (status, _, _) = fetch(request("/page", None, &all)).await;
        assert_eq!(status, StatusCode::OK, "{headers:?}");
    }
    let not_navigations: [&[(&str, &str)]; 4] = [
        &[("sec-fetch-dest", "script"), ("accept", "text/html")],
        &[("accept", "application/json")],
        &[("accept", "text/html;q=0, */*;q=0")],
        &[("accept", "text/html;q=0.0")],
    ];
    for headers in not_navigations {
        let mut all = headers.to_vec();
        all.push(("if-none-match", ETAG));
        let (status, _, _) = fetch(request("/page", None, &all)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{headers:?}");
    }
    // A POST is never stripped.
    let mut post = request("/page", None, &[("if-none-match", ETAG)]);
    *post.method_mut() = http::Method::POST;
    let (status, _, _) = fetch(post).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn decided_visitors_keep_their_validators_and_304s() {
    let decided = consent("performance");
    let headers = [NAVIGATION[0], NAVIGATION[1]];
    let (status, lines, body) = fetch(request("/page", Some(&decided), &headers)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, PAGE);
    let mut expected: Vec<String> = [
        "content-type: text/html; charset=utf-8",
        "etag: \"v1\"",
        "last-modified: Wed, 21 Oct 2015 07:28:00 GMT",
        "accept-ranges: bytes",
    ]
    .map(String::from)
    .to_vec();
    expected.push(format!("content-length: {}", PAGE.len()));
    expected.extend(PRIVATE.map(String::from));
    assert_eq!(lines, expected);

    let headers = [NAVIGATION[0], NAVIGATION[1], ("if-none-match", ETAG)];
    let (status, _, _) = fetch(request("/page", Some(&decided), &headers)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn shared_cache_directives_go_and_private_ones_stay() {
    // The page's own headers, and the caching headers it goes out with.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 6] = [
        (&[], &["cache-control: private"]),
        (
            &[("cache-control", "public, max-age=600, s-maxage=3600")],
            &["cache-control: private, max-age=600"],
        ),
        (
            &[
                ("cache-control", "max-age=60"),
                ("cdn-cache-control", "max-age=86400"),
                ("surrogate-control", "max-age=86400"),
            ],
            &["cache-control: private, max-age=60"],
        ),
        (
            &[("cache-control", "no-store")],
            &["cache-control: no-store"],
        ),
        (
            &[("cache-control", "private, max-age=5")],
            &["cache-control: private, max-age=5"],
        ),
        (
            &[
                ("vary", "Accept-Encoding, hx-request"),
                ("cache-control", "no-cache"),
            ],
            &["cache-control: private, no-cache"],
        ),
    ];
    for (headers, cache_control) in cases {
        for cookie in [None, Some(consent("").as_str())] {
            let mut all = vec![("content-type", "text/html")];
            all.extend_from_slice(headers);
            let (response, _) = send(policy(), get_with(cookie), html(PAGE, &all)).await;
            let lines = header_lines(response.headers());
            let cache: Vec<&String> = lines
                .iter()
                .filter(|line| line.starts_with("cache-control") || line.contains("control:"))
                .collect();
            assert_eq!(cache, cache_control, "{headers:?} {cookie:?}");
            let vary: Vec<&String> = lines.iter().filter(|l| l.starts_with("vary")).collect();
            let mut expected_vary: Vec<&str> = if headers.iter().any(|(name, _)| *name == "vary") {
                vec!["vary: Accept-Encoding, hx-request", "vary: Cookie"]
            } else {
                vec!["vary: Cookie", "vary: HX-Request"]
            };
            // The undecided visitor's page has the banner, in the language the header chose.
            if cookie.is_none() {
                expected_vary.push("vary: Accept-Language");
            }
            assert_eq!(vary, expected_vary, "{headers:?} {cookie:?}");
        }
    }
}

fn get_with(cookie: Option<&str>) -> Request<Full<Bytes>> {
    get(cookie.as_slice())
}

#[tokio::test]
async fn htmx_partials_vary_too_and_other_responses_are_left_alone() {
    let mut partial = get(&[]);
    partial
        .headers_mut()
        .insert("hx-request", "true".parse().unwrap());
    let (response, _) = send(
        policy(),
        partial,
        html("<p>partial</p>", &[("content-type", "text/html")]),
    )
    .await;
    assert_eq!(&response.body()[..], b"<p>partial</p>");
    let mut expected = vec!["content-type: text/html"];
    expected.extend(PRIVATE);
    assert_eq!(header_lines(response.headers()), expected);

    // Not HTML, a skipped path, the banner off: nothing to vary on.
    let json = [
        ("content-type", "application/json"),
        ("cache-control", "public, max-age=60"),
    ];
    let (response, _) = send(policy(), get(&[]), html("{}", &json)).await;
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: application/json",
            "cache-control: public, max-age=60"
        ]
    );
    let page = || html(PAGE, &[("content-type", "text/html")]);
    let skipping = ConsentLayer::new(policy()).skip_banner_when(|uri| uri.path() == "/page");
    let (response, _) = send_through(skipping, get(&[]), page()).await;
    assert_eq!(
        header_lines(response.headers()),
        ["content-type: text/html"]
    );
    let off = ConsentLayer::new(
        policy_builder()
            .banner(tower_cookie_consent::Banner::default().shown(false))
            .build()
            .unwrap(),
    );
    let (response, _) = send_through(off, get(&[]), page()).await;
    assert_eq!(
        header_lines(response.headers()),
        ["content-type: text/html"]
    );
}
