//! The banner through `oneshot`: which pages get it, the exact bytes and headers they
//! get, the default markup and styles, the preferences page and the stylesheet.

mod common;
#[path = "../examples/demo/site.rs"]
#[allow(dead_code)]
mod site;

use bytes::Bytes;
use common::*;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use tower_cookie_consent::{
    Banner, BannerContext, BannerTexts, Category, Colors, ConsentLayer, CookieRule, NoBanner,
    Policy, Position,
};

/// A layer whose banner is a short, known string, so bodies can be compared exactly.
fn marked_layer() -> ConsentLayer {
    with_banner(Banner::default().renderer(|context| {
        format!(
            "[banner return_to={} nonce={:?} reason={:?}]",
            BannerContext::escape(context.return_to),
            context.nonce,
            context.reason
        )
    }))
}

/// A layer with the test policy and this banner.
fn with_banner(banner: Banner) -> ConsentLayer {
    ConsentLayer::new(policy_builder().banner(banner).build().unwrap())
}

const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body class=\"x\"><p>hi</p></body></html>";
const MARK: &str = "[banner return_to=/page nonce=None reason=NoChoice]";

fn with_mark(page: &str, mark: &str) -> String {
    let at = page.find("<body class=\"x\">").unwrap() + "<body class=\"x\">".len();
    format!("{}{mark}{}", &page[..at], &page[at..])
}

#[tokio::test]
async fn a_first_visit_gets_the_banner_and_true_headers() {
    let length = PAGE.len().to_string();
    let response = html(
        PAGE,
        &[
            ("content-type", "text/html; charset=utf-8"),
            ("content-length", &length),
            ("etag", "\"strong\""),
            ("accept-ranges", "bytes"),
            ("content-digest", "sha-256=:abc=:"),
            ("cache-control", "public, max-age=600"),
            ("vary", "Accept-Encoding"),
            ("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ("cdn-cache-control", "max-age=3600"),
            ("surrogate-control", "max-age=3600"),
        ],
    );
    let (response, seen) = send_through(marked_layer(), get(&[]), response).await;
    assert_eq!(seen.calls, 1);
    let body = with_mark(PAGE, MARK);
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/html; charset=utf-8".to_owned(),
            format!("content-length: {}", body.len()),
            "cache-control: private, max-age=600".to_owned(),
            "vary: Accept-Encoding".to_owned(),
            "vary: Cookie".to_owned(),
            "vary: HX-Request".to_owned(),
            "vary: Accept-Language".to_owned(),
        ]
    );
}

#[tokio::test]
async fn weak_etags_go_too_and_a_missing_length_stays_missing() {
    let response = html(
        PAGE,
        &[("content-type", "text/html"), ("etag", "W/\"weak\"")],
    );
    let (response, _) = send_through(marked_layer(), get(&[]), response).await;
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/html",
            "cache-control: private",
            "vary: Cookie",
            "vary: HX-Request",
            "vary: Accept-Language"
        ]
    );
    assert_eq!(&response.body()[..], with_mark(PAGE, MARK).as_bytes());
}

#[tokio::test]
async fn head_gets_the_same_headers_and_no_body() {
    let length = PAGE.len().to_string();
    let headers = [
        ("content-type", "text/html"),
        ("content-length", length.as_str()),
    ];
    let (get_response, _) = send_through(marked_layer(), get(&[]), html(PAGE, &headers)).await;
    let mut head = get(&[]);
    *head.method_mut() = http::Method::HEAD;
    let (head_response, _) = send_through(marked_layer(), head, html("", &headers)).await;
    assert_eq!(head_response.headers(), get_response.headers());
    assert!(head_response.body().is_empty());
    assert_eq!(
        get_response.headers()[header::CONTENT_LENGTH],
        (PAGE.len() + MARK.len()).to_string()
    );
}

#[tokio::test]
async fn pages_without_a_body_tag_get_the_banner_where_the_body_starts() {
    // The first token a browser would not keep in the head starts the body: the
    // banner goes right before it, first in the body as with a `<body>` tag.
    let head = "<!doctype html><title>t</title><meta charset=utf-8>";
    let page = format!("{head}<p>fragment <!-- <body> --></p>");
    let (response, _) = send_through(
        marked_layer(),
        get(&[]),
        html(
            Box::leak(page.into_boxed_str()),
            &[("content-type", "text/html")],
        ),
    )
    .await;
    assert_eq!(
        &response.body()[..],
        format!("{head}{MARK}<p>fragment <!-- <body> --></p>").as_bytes()
    );
    // A page that is all head: the body starts at its end.
    let (response, _) = send_through(
        marked_layer(),
        get(&[]),
        html(head, &[("content-type", "text/html")]),
    )
    .await;
    assert_eq!(&response.body()[..], format!("{head}{MARK}").as_bytes());
}

#[tokio::test]
async fn only_undecided_visitors_on_plain_html_pages_get_it() {
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("text/plain", vec![("content-type", "text/plain")]),
        ("no content type", vec![]),
        ("xhtml", vec![("content-type", "application/xhtml+xml")]),
        (
            "gzip",
            vec![("content-type", "text/html"), ("content-encoding", "gzip")],
        ),
        (
            "range",
            vec![
                ("content-type", "text/html"),
                ("content-range", "bytes 0-10/100"),
            ],
        ),
        (
            "attachment",
            vec![
                ("content-type", "text/html"),
                ("content-disposition", "Attachment; filename=a.html"),
            ],
        ),
        (
            "no-transform",
            vec![
                ("content-type", "text/html"),
                ("cache-control", "max-age=5, No-Transform"),
            ],
        ),
    ];
    for (name, headers) in cases {
        let (response, _) = send_through(marked_layer(), get(&[]), html(PAGE, &headers)).await;
        assert_eq!(&response.body()[..], PAGE.as_bytes(), "{name}");
        let expected: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        assert_eq!(header_lines(response.headers()), expected, "{name}");
    }

    let with_html = || html(PAGE, &[("content-type", "TEXT/HTML;charset=utf-8")]);
    let (identity, _) = send_through(
        marked_layer(),
        get(&[]),
        html(
            PAGE,
            &[
                ("content-type", "text/html"),
                ("content-encoding", "identity"),
            ],
        ),
    )
    .await;
    assert_eq!(&identity.body()[..], with_mark(PAGE, MARK).as_bytes());

    for status in [204, 206, 304] {
        let mut response = with_html();
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        let (response, _) = send_through(marked_layer(), get(&[]), response).await;
        assert_eq!(&response.body()[..], PAGE.as_bytes(), "{status}");
    }
    for status in [200, 201, 404, 500] {
        let mut response = with_html();
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        let (response, _) = send_through(marked_layer(), get(&[]), response).await;
        assert_eq!(
            &response.body()[..],
            with_mark(PAGE, MARK).as_bytes(),
            "{status}"
        );
    }

    let decided = consent("");
    let (response, _) = send_through(marked_layer(), get(&[&decided]), with_html()).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());
    // No banner for a decided visitor, but the page could carry one for another
    // visitor: it stays out of shared caches all the same.
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: TEXT/HTML;charset=utf-8",
            "cache-control: private",
            "vary: Cookie",
            "vary: HX-Request"
        ]
    );

    let mut opted_out = with_html();
    opted_out.extensions_mut().insert(NoBanner);
    let (response, _) = send_through(marked_layer(), get(&[]), opted_out).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());

    let off = with_banner(Banner::default().shown(false));
    let (response, _) = send_through(off, get(&[]), with_html()).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());
}

#[tokio::test]
async fn htmx_partials_and_excluded_paths_do_not_get_it() {
    let with_html = || html(PAGE, &[("content-type", "text/html")]);
    let mut partial = get(&[]);
    partial
        .headers_mut()
        .insert("hx-request", "true".parse().unwrap());
    let (response, _) = send_through(marked_layer(), partial, with_html()).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());

    let mut boosted = get(&[]);
    boosted
        .headers_mut()
        .insert("hx-request", "true".parse().unwrap());
    boosted
        .headers_mut()
        .insert("hx-boosted", "true".parse().unwrap());
    let (response, _) = send_through(marked_layer(), boosted, with_html()).await;
    assert_eq!(&response.body()[..], with_mark(PAGE, MARK).as_bytes());

    let excluding = || marked_layer().skip_banner_when(|uri| uri.path().starts_with("/admin"));
    let admin = Request::get("/admin/users")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) = send_through(excluding(), admin, with_html()).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());
    let (response, _) = send_through(excluding(), get(&[]), with_html()).await;
    assert_eq!(&response.body()[..], with_mark(PAGE, MARK).as_bytes());
}

#[tokio::test]
async fn conditional_requests_cannot_hide_the_banner() {
    let conditional = |cookie: &str| {
        let mut request = get(&[cookie]);
        let headers = request.headers_mut();
        headers.insert(header::IF_NONE_MATCH, "\"v1\"".parse().unwrap());
        headers.insert(
            header::IF_MODIFIED_SINCE,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        request
    };
    let response = || html(PAGE, &[("content-type", "text/html")]);
    let (_, seen) = send_through(marked_layer(), conditional("a=1"), response()).await;
    assert!(!seen.headers.contains_key(header::IF_NONE_MATCH));
    assert!(!seen.headers.contains_key(header::IF_MODIFIED_SINCE));

    let decided = consent("performance");
    let (_, seen) = send_through(marked_layer(), conditional(&decided), response()).await;
    assert_eq!(seen.headers[header::IF_NONE_MATCH], "\"v1\"");
    assert_eq!(
        seen.headers[header::IF_MODIFIED_SINCE],
        "Wed, 21 Oct 2015 07:28:00 GMT"
    );
}

#[tokio::test]
async fn returning_visitors_are_told_why_they_are_asked_again() {
    let old_revision = format!("__Host-cookie_consent=1.1.{}.performance.{ID}", now());
    let expired = format!(
        "__Host-cookie_consent=1.2.{}.performance.{ID}",
        now() - 200 * 86_400
    );
    let response = || html(PAGE, &[("content-type", "text/html")]);
    let (changed, _) = send_through(marked_layer(), get(&[&old_revision]), response()).await;
    let (old, _) = send_through(marked_layer(), get(&[&expired]), response()).await;
    let mark = |reason: &str| format!("[banner return_to=/page nonce=None reason={reason}]");
    assert_eq!(
        &changed.body()[..],
        with_mark(PAGE, &mark("PolicyChanged")).as_bytes()
    );
    assert_eq!(
        &old.body()[..],
        with_mark(PAGE, &mark("Expired")).as_bytes()
    );

    let layer = || ConsentLayer::new(policy());
    let (changed, _) = send_through(layer(), get(&[&old_revision]), response()).await;
    let text = std::str::from_utf8(changed.body()).unwrap();
    assert!(text.contains(
        "<p class=\"tcc-notice\">Our cookie policy has changed since you last chose, so we are asking again.</p>"
    ));
    let (old, _) = send_through(layer(), get(&[&expired]), response()).await;
    let text = std::str::from_utf8(old.body()).unwrap();
    assert!(text.contains(
        "<p class=\"tcc-notice\">It has been a while since you last chose, so we are asking again.</p>"
    ));
    let (fresh, _) = send_through(layer(), get(&[]), response()).await;
    assert!(
        !std::str::from_utf8(fresh.body())
            .unwrap()
            .contains("<p class=\"tcc-notice\">")
    );
}

/// The default banner injected into `PAGE` for a first visit, with these response
/// headers.
async fn default_banner(headers: &[(&str, &str)]) -> String {
    let mut all = vec![("content-type", "text/html")];
    all.extend_from_slice(headers);
    let (response, _) = send(policy(), get(&[]), html(PAGE, &all)).await;
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    let start = body.find("<section").unwrap();
    let end = body.find("</section>").unwrap() + "</section>".len();
    assert_eq!(format!("{}{}", &body[..start], &body[end..]), PAGE);
    body[start..end].to_owned()
}

#[tokio::test]
async fn the_default_banner_is_an_honest_form() {
    let banner = default_banner(&[]).await;
    // Every byte, reviewed in tests/golden/banner.html: equal buttons side by side,
    // necessary ticked and disabled, every optional category unticked, the hidden
    // default button first (Enter saves what is ticked), each category's cookies.
    golden::assert_golden_markup("banner.html", &banner);
    let default_button =
        "<button type=\"submit\" form=\"tcc-banner-form\" name=\"action\" value=\"save\" hidden>";
    assert!(banner.find(default_button).unwrap() < banner.find("accept_all").unwrap());
    assert!(!banner.contains(" checked>") && !banner.contains("checked aria"));
    // No script, no inline style attributes, no event handlers.
    for forbidden in ["<script", " style=", " onclick", " onload"] {
        assert!(!banner.contains(forbidden), "{forbidden}");
    }
}

#[tokio::test]
async fn styles_follow_the_pages_content_security_policy() {
    let inline = default_banner(&[]).await;
    assert!(inline.contains("<style>html{scroll-padding-bottom:"));

    let nonce = default_banner(&[(
        "content-security-policy",
        "default-src 'none'; style-src 'nonce-r4nd0m'",
    )])
    .await;
    assert!(nonce.contains("<style nonce=\"r4nd0m\">html{"), "{nonce}");

    let strict = default_banner(&[("content-security-policy", "default-src 'self'")]).await;
    assert!(!strict.contains("<style"));
    // The link replaces the inline style in the same place, the rest unchanged.
    let style = &inline[inline.find("<style>").unwrap()..inline.find("</style>").unwrap() + 8];
    let link = format!(
        "<link rel=\"stylesheet\" href=\"{}\">",
        stylesheet_href(&strict)
    );
    assert_eq!(strict, inline.replace(style, &link));
    assert!(link.starts_with("<link rel=\"stylesheet\" href=\"/consent/banner.css?v="));

    let (css, _) = send(
        policy(),
        Request::get(stylesheet_href(&strict))
            .body(Full::<Bytes>::default())
            .unwrap(),
        html("", &[]),
    )
    .await;
    assert_eq!(
        header_lines(css.headers()),
        [
            "content-type: text/css; charset=utf-8".to_owned(),
            format!("content-length: {}", css.body().len()),
            "cache-control: public, max-age=31536000, immutable".to_owned(),
        ]
    );
    // The stylesheet is the inline one, byte for byte.
    let inline_css = &inline[inline.find("<style>").unwrap() + 7..inline.find("</style>").unwrap()];
    assert_eq!(&css.body()[..], inline_css.as_bytes());

    let stale = Request::get("/consent/banner.css?v=0")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (stale, _) = send(policy(), stale, html("", &[])).await;
    assert_eq!(stale.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(stale.body(), css.body());
}

fn stylesheet_href(banner: &str) -> String {
    let start = banner.find("href=\"/consent/banner.css").unwrap() + "href=\"".len();
    let end = start + banner[start..].find('"').unwrap();
    banner[start..end].to_owned()
}

#[tokio::test]
async fn operator_text_and_the_page_path_are_escaped() {
    let hostile = "\"><script>alert(1)</script></style><b x='";
    let mut texts = BannerTexts::default();
    texts.title = hostile.to_owned();
    texts.accept_all = hostile.to_owned();
    let policy = Policy::builder()
        .category(Category::new("x", hostile, hostile))
        .cookie(
            CookieRule::new("c", "x")
                .purpose(hostile)
                .provider(hostile)
                .duration(hostile),
        )
        .banner(Banner::default().texts(texts).policy_link("/p?a=1&b=\"><x"))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let request = Request::get("/search?q='x'&y=%3C1%3E")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) =
        send_through(layer, request, html(PAGE, &[("content-type", "text/html")])).await;
    let body = std::str::from_utf8(response.body()).unwrap();
    assert!(!body.contains("<script>"));
    assert!(!body.contains("</style><b"));
    assert!(!body.contains("\"><x"));
    assert!(
        body.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;&lt;b x=&#39;")
    );
    assert!(body.contains("href=\"/p?a=1&amp;b=&quot;&gt;&lt;x\""));
    assert!(body.contains("value=\"/search?q=&#39;x&#39;&amp;y=%3C1%3E\""));
}

#[tokio::test]
async fn position_and_colours_are_the_operators() {
    let colors = Colors::default()
        .background("#000")
        .and_then(|colors| colors.text("#FFFFFF"))
        .and_then(|colors| colors.accent("#ffdd00"))
        .and_then(|colors| colors.accent_text("#0b0c0c"))
        .unwrap();
    let layer = with_banner(Banner::default().position(Position::Top).colors(colors));
    let (response, _) = send_through(
        layer,
        get(&[]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    let body = std::str::from_utf8(response.body()).unwrap();
    assert!(body.contains("html{scroll-padding-top:"));
    assert!(body.contains("top:0;z-index"));
    assert!(body.contains("background:#000;color:#ffffff"));
    assert!(body.contains("background:#ffdd00;color:#0b0c0c"));
    assert_eq!(
        Colors::default().background("red").unwrap_err().to_string(),
        "`red` is not a colour of the form #rgb or #rrggbb"
    );
    assert!(Colors::default().text("#12345").is_err());
    assert!(Colors::default().accent("#fff;}").is_err());
    assert!(Colors::default().accent_text("fff").is_err());
}

#[tokio::test]
async fn the_default_banner_stays_under_5_kb_gzipped() {
    use std::io::Write as _;
    // The demo's policy is a real site's: 4 categories, 27 declared cookies, all listed.
    let (response, _) = send(
        site::policy("127.0.0.1"),
        get(&[]),
        html("<body>", &[("content-type", "text/html")]),
    )
    .await;
    // (The demo's policy has Consent Mode on: its default goes before the body.)
    let body = response.body();
    let body_at = body.windows(6).position(|w| w == b"<body>").unwrap();
    let banner = &body[body_at + "<body>".len()..];
    assert!(banner.starts_with(b"<section") && banner.ends_with(b"</section>"));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(banner).unwrap();
    let gzipped = encoder.finish().unwrap().len();
    println!("default banner: {} bytes, {gzipped} gzipped", banner.len());
    assert!(gzipped < 5 * 1024, "{gzipped}");
}

#[tokio::test]
async fn the_preferences_page_shows_the_current_choice() {
    let request = |cookie: &str, method: http::Method| {
        let mut request = Request::get("/consent?return_to=%2Fshop")
            .body(Full::<Bytes>::default())
            .unwrap();
        *request.method_mut() = method;
        if !cookie.is_empty() {
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        request
    };
    let chosen = consent("performance");
    let (page, seen) = send(policy(), request(&chosen, http::Method::GET), html("", &[])).await;
    assert_eq!(seen.calls, 0);
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        header_lines(page.headers()),
        [
            "content-type: text/html; charset=utf-8".to_owned(),
            format!("content-length: {}", page.body().len()),
            "cache-control: no-store".to_owned(),
            "content-security-policy: default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'".to_owned(),
            "content-language: en".to_owned(),
            "vary: Accept-Language".to_owned(),
        ]
    );
    let body = std::str::from_utf8(page.body()).unwrap();
    golden::assert_golden_markup("preferences-decided.html", body);
    assert!(!body.contains("<style") && !body.contains("<script"));

    let (head, _) = send(
        policy(),
        request(&chosen, http::Method::HEAD),
        html("", &[]),
    )
    .await;
    assert_eq!(head.headers(), page.headers());
    assert!(head.body().is_empty());

    let (first, _) = send(policy(), request("", http::Method::GET), html("", &[])).await;
    let body = std::str::from_utf8(first.body()).unwrap();
    golden::assert_golden_markup("preferences-undecided.html", body);

    let unsafe_return = Request::get("/consent?return_to=//evil.example")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (page, _) = send(policy(), unsafe_return, html("", &[])).await;
    assert!(
        std::str::from_utf8(page.body())
            .unwrap()
            .contains("name=\"return_to\" value=\"/\"")
    );
}

#[tokio::test]
async fn the_stylesheet_answers_only_reads() {
    let request = Request::post("/consent/banner.css")
        .body(Full::<Bytes>::default())
        .unwrap();
    let (response, _) = send(policy(), request, html("", &[])).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[header::ALLOW], "GET, HEAD");
}

/// The page a visitor returns to after choosing says so, once, in a status region; the
/// "saved" cookie that asked for it goes.
#[tokio::test]
async fn the_page_after_a_choice_says_it_was_saved_once() {
    let decided = consent("performance");
    let saved = format!("{decided}; __Host-cookie_consent_saved=1");
    let length = PAGE.len().to_string();
    let page = || {
        html(
            PAGE,
            &[
                ("content-type", "text/html"),
                ("content-length", &length),
                ("etag", "W/\"1\""),
            ],
        )
    };
    let (response, _) = send(policy(), get(&[&saved]), page()).await;
    let message =
        "<p class=\"tcc-status\" role=\"status\" lang=\"en\">Your cookie choices were saved.</p>";
    let body = PAGE.replace(
        "<body class=\"x\">",
        &format!("<body class=\"x\">{message}"),
    );
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
    assert_eq!(
        header_lines(response.headers()),
        [
            "content-type: text/html".to_owned(),
            format!("content-length: {}", body.len()),
            "cache-control: private".to_owned(),
            "vary: Cookie".to_owned(),
            "vary: HX-Request".to_owned(),
            "vary: Accept-Language".to_owned(),
            "set-cookie: __Host-cookie_consent_saved=; Secure; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned(),
        ]
    );
    // The next page, without the cookie, is the application's, validator and all.
    let (response, _) = send(policy(), get(&[&decided]), page()).await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());
    assert_eq!(response.headers()["etag"], "W/\"1\"");
}

#[tokio::test]
async fn decided_visitors_can_get_a_settings_link_at_the_end_of_each_page() {
    let layer = || with_banner(Banner::default().settings_link(true));
    let mut request = get(&[&consent("")]);
    *request.uri_mut() = "https://example.com/shop?item=3&q=a%20b".parse().unwrap();
    let (response, _) = send_through(
        layer(),
        request,
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    let link = "<p class=\"tcc-settings\" lang=\"en\"><a href=\"/consent?lang=en&amp;return_to=%2Fshop%3Fitem%3D3%26q%3Da%2520b\">Cookie settings</a></p>";
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        format!("{PAGE}{link}")
    );
    // Undecided visitors get the banner instead; the link is off by default.
    let (response, _) = send_through(
        layer(),
        get(&[]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    assert!(
        !std::str::from_utf8(response.body())
            .unwrap()
            .contains("tcc-settings")
    );
    let (response, _) = send(
        policy(),
        get(&[&consent("")]),
        html(PAGE, &[("content-type", "text/html")]),
    )
    .await;
    assert_eq!(&response.body()[..], PAGE.as_bytes());
    // Not on what is not a page.
    let (response, _) = send_through(
        layer(),
        get(&[&consent("")]),
        html("{}", &[("content-type", "application/json")]),
    )
    .await;
    assert_eq!(&response.body()[..], b"{}");
}

/// A `<meta>` CSP in the head puts the page under a policy its headers do not show: the
/// banner swaps its inline style for the stylesheet link, padded with spaces to the
/// same length, so that the `Content-Length` set before the body was read stays true.
/// At every cut of the page.
#[tokio::test]
async fn a_meta_csp_gets_the_stylesheet_link_at_every_cut() {
    let page = "<!doctype html><html><head><meta charset=utf-8>\
                <meta http-equiv=\"Content-Security-Policy\" content=\"style-src 'self'\">\
                <title>t</title></head><body><p>hi</p></body></html>";
    let plain = page.replace(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"style-src 'self'\">",
        "<meta name=\"description\" content=\"style-src 'self' here is just text\">",
    );
    let layer = || ConsentLayer::new(policy());
    let (inline, _) = send_through(
        layer(),
        get(&[]),
        html(
            Box::leak(plain.clone().into_boxed_str()),
            &[("content-type", "text/html")],
        ),
    )
    .await;
    let inline_body = std::str::from_utf8(inline.body()).unwrap().to_owned();
    let banner_at = inline_body.find("<section").unwrap();
    let banner_end = inline_body.find("</section>").unwrap() + "</section>".len();
    let inline_banner = &inline_body[banner_at..banner_end];
    assert!(inline_banner.contains("<style>"));
    let style_at = inline_banner.find("<style>").unwrap();
    let style_end = inline_banner.find("</style>").unwrap() + "</style>".len();
    let link = "<link rel=\"stylesheet\" href=\"/consent/banner.css?v=";
    for cut in 0..=page.len() {
        let body = Frames::cut(page.as_bytes(), &[cut]);
        let response = http::Response::builder()
            .header("content-type", "text/html")
            .header("content-length", page.len())
            .body(body)
            .unwrap();
        let (response, _) = send_through(layer(), get(&[]), response).await;
        let body = std::str::from_utf8(response.body()).unwrap();
        assert_eq!(
            response.headers()["content-length"],
            body.len().to_string().as_str(),
            "cut {cut}"
        );
        let at = body.find("<section").unwrap();
        let banner = &body[at..at + inline_banner.len()];
        // The same banner, but for the style: the link, then spaces.
        assert_eq!(banner[..style_at], inline_banner[..style_at], "cut {cut}");
        assert!(banner[style_at..].starts_with(link), "cut {cut}");
        let link_end = style_at + banner[style_at..].find('>').unwrap() + 1;
        assert!(
            banner[link_end..style_end].bytes().all(|b| b == b' '),
            "cut {cut}"
        );
        assert_eq!(banner[style_end..], inline_banner[style_end..], "cut {cut}");
        // And the page around it as it was.
        assert_eq!(
            format!("{}{}", &body[..at], &body[at + banner.len()..]),
            page
        );
    }
}
