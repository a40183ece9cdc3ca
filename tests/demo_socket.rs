//! The demo site over a real socket: raw HTTP/1.1 bytes in and out, as a browser sees
//! them.

#[path = "../examples/demo/site.rs"]
mod site;

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn serve() -> SocketAddr {
    site::spawn_on_free_port().await
}

struct Answer {
    status_line: String,
    /// Header lines in the order they came, `date` left out (it changes).
    headers: Vec<String>,
    body: String,
}

async fn exchange(addr: SocketAddr, request: String) -> Answer {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap().to_owned();
    let headers: Vec<String> = lines
        .filter(|line| !line.starts_with("date: "))
        .map(str::to_owned)
        .collect();
    let body = if headers
        .iter()
        .any(|line| line == "transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Answer {
        status_line,
        headers,
        body,
    }
}

/// A chunked body's data, as a browser reads it (every chunk whole, up to the last).
fn dechunk(mut raw: &str) -> String {
    let mut body = String::new();
    loop {
        let (size, rest) = raw.split_once("\r\n").expect("a chunk's size line");
        let size = usize::from_str_radix(size, 16).expect("a hexadecimal chunk size");
        if size == 0 {
            assert_eq!(rest, "\r\n", "nothing after the last chunk");
            return body;
        }
        body.push_str(&rest[..size]);
        raw = rest[size..]
            .strip_prefix("\r\n")
            .expect("CRLF after a chunk");
    }
}

fn get(addr: SocketAddr, path: &str, cookie: &str) -> String {
    let cookie = if cookie.is_empty() {
        String::new()
    } else {
        format!("Cookie: {cookie}\r\n")
    };
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie}Connection: close\r\n\r\n")
}

/// `name=value` of a `set-cookie: ...` header line, as a browser would send it back.
fn cookie_pair(set_cookie_line: &str) -> String {
    let value = set_cookie_line.strip_prefix("set-cookie: ").unwrap();
    value.split(';').next().unwrap().to_owned()
}

const EPOCH: &str = "Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

#[tokio::test]
async fn a_visit_a_choice_and_the_next_visit() {
    let addr = serve().await;

    let first = exchange(addr, get(addr, "/", "")).await;
    assert_eq!(first.status_line, "HTTP/1.1 200 OK");
    assert_eq!(
        first.headers,
        [
            "content-type: text/html; charset=utf-8".to_owned(),
            "set-cookie: customer_service_action_session=s3ss10n; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax".to_owned(),
            "cache-control: private".to_owned(),
            "vary: Cookie".to_owned(),
            "vary: HX-Request".to_owned(),
            "vary: Accept-Language".to_owned(),
            "vary: Sec-GPC".to_owned(),
            // The demo's click-to-load placeholders may add bytes to any HTML page:
            // no length can be promised before the page is read.
            "connection: close".to_owned(),
            "transfer-encoding: chunked".to_owned(),
        ]
    );
    assert!(
        first.body.contains("You have not chosen yet"),
        "{}",
        first.body
    );
    // The banner follows the body tag, and posts back to this page.
    let banner_at = first.body.find("<body>").unwrap() + "<body>".len();
    assert!(first.body[banner_at..].starts_with("<section class=\"tcc tcc-banner\""));
    assert!(
        first
            .body
            .contains("<input type=\"hidden\" name=\"return_to\" value=\"/\">")
    );

    let form = "action=save&category=functionality&return_to=%2Fabout";
    let post = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let chosen = exchange(addr, post).await;
    assert_eq!(chosen.status_line, "HTTP/1.1 303 See Other");
    assert_eq!(chosen.headers[0], "location: /about");
    let consent = cookie_pair(&chosen.headers[1]);
    assert!(consent.starts_with("cookie_consent=1.1."), "{consent}");
    assert!(consent.contains(".functionality."), "{consent}");
    assert_eq!(
        chosen.headers[1],
        format!("set-cookie: {consent}; HttpOnly; SameSite=Lax; Path=/; Max-Age=15552000")
    );
    assert_eq!(
        chosen.headers[2..],
        [
            "set-cookie: cookie_consent_saved=1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
            "cache-control: no-store",
            "connection: close",
            "content-length: 0"
        ]
    );

    // The browser still holds an old `_ga`: it is deleted, on the host and on its Domain.
    let next = exchange(addr, get(addr, "/", &format!("{consent}; _ga=GA1.1.old"))).await;
    assert_eq!(next.status_line, "HTTP/1.1 200 OK");
    // The page is gated for this choice: private, and varying with the cookie.
    assert_eq!(
        next.headers,
        [
            "content-type: text/html; charset=utf-8".to_owned(),
            "set-cookie: customer_service_action_session=s3ss10n; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax".to_owned(),
            "set-cookie: rantSubmission=draft-42; Path=/; Max-Age=604800; SameSite=Lax".to_owned(),
            format!("set-cookie: _ga=; Path=/; {EPOCH}"),
            format!("set-cookie: _ga=; Path=/; Domain=127.0.0.1; {EPOCH}"),
            "cache-control: private".to_owned(),
            "vary: Cookie".to_owned(),
            "vary: HX-Request".to_owned(),
            // The demo's click-to-load placeholders may add bytes to any HTML page:
            // no length can be promised before the page is read.
            "connection: close".to_owned(),
            "transfer-encoding: chunked".to_owned(),
        ]
    );
    assert!(
        next.body
            .contains("Allowed: Strictly necessary, Functionality."),
        "{}",
        next.body
    );
}

#[tokio::test]
async fn the_json_api_sees_the_choice_too() {
    let addr = serve().await;
    let before = exchange(addr, get(addr, "/api/status", "")).await;
    assert_eq!(before.body, r#"{"decided":false,"granted":["necessary"]}"#);
    assert!(
        !before
            .headers
            .iter()
            .any(|line| line.starts_with("set-cookie"))
    );

    let post = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: 25\r\nConnection: close\r\n\r\n{{\"action\":\"accept_all\"}}  "
    );
    let chosen = exchange(addr, post).await;
    assert_eq!(chosen.status_line, "HTTP/1.1 204 No Content");
    let consent = cookie_pair(&chosen.headers[0]);
    let after = exchange(addr, get(addr, "/api/status", &consent)).await;
    assert_eq!(
        after.body,
        r#"{"decided":true,"granted":["necessary","functionality","performance","advertising"]}"#
    );
    // Not a page: nothing to gate, and no cookie of its own any more (the analytics
    // script sets `_ga`).
    assert_eq!(
        after.headers,
        [
            "content-type: application/json",
            "content-length: 84",
            "connection: close"
        ]
    );
}

/// The Consent Mode default the demo's pages start their head with, for a visitor who
/// granted these Consent Mode types (and `security_storage`).
fn consent_default(granted: &[&str]) -> String {
    let types = [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "analytics_storage",
        "functionality_storage",
        "personalization_storage",
        "security_storage",
    ];
    let state: Vec<String> = types
        .iter()
        .map(|name| {
            let value = if granted.contains(name) || *name == "security_storage" {
                "granted"
            } else {
                "denied"
            };
            format!("\"{name}\":\"{value}\"")
        })
        .collect();
    format!(
        "<head>\n<meta charset=\"utf-8\"><script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}\
         gtag('consent','default',{{{}}});</script>",
        state.join(",")
    )
}

#[tokio::test]
async fn trackers_stay_inert_until_granted_and_consent_mode_says_so_first() {
    let addr = serve().await;
    let analytics = r#"<script type="text/plain" data-consent="performance" src="/static/analytics.js"></script>"#;
    let hotjar = r#"<script type="text/plain" data-category="performance" src="/static/hotjar.js"></script>"#;
    let pixel = r#"<img data-consent="advertising" data-src="/static/pixel.gif?id=42""#;

    let first = exchange(addr, get(addr, "/about", "")).await;
    assert!(first.body.contains(&consent_default(&[])), "{}", first.body);
    assert!(first.body.contains(analytics) && first.body.contains(hotjar));
    assert!(first.body.contains(pixel));
    let video = exchange(addr, get(addr, "/video", "")).await;
    assert!(
        video
            .body
            .contains(r#"<iframe data-consent="advertising" data-src="/embed/player""#)
    );

    let post = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: 23\r\nConnection: close\r\n\r\n{{\"action\":\"accept_all\"}}"
    );
    let consent = cookie_pair(&exchange(addr, post).await.headers[0]);
    let accepted = exchange(addr, get(addr, "/about", &consent)).await;
    assert!(accepted.body.contains(&consent_default(&[
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "analytics_storage",
        "functionality_storage",
        "personalization_storage",
    ])));
    assert!(accepted.body.contains(
        r#"<script                   data-consent="performance" src="/static/analytics.js"></script>"#
    ));
    assert!(accepted.body.contains(
        r#"<script                   data-category="performance" src="/static/hotjar.js"></script>"#
    ));
    assert!(
        accepted
            .body
            .contains(r#"<img data-consent="advertising"      src="/static/pixel.gif?id=42""#)
    );
    assert!(
        accepted
            .headers
            .contains(&"transfer-encoding: chunked".to_owned())
    );
    let video = exchange(addr, get(addr, "/video", &consent)).await;
    assert!(
        video
            .body
            .contains(r#"<iframe data-consent="advertising"      src="/embed/player""#)
    );
}

#[tokio::test]
async fn static_files_keep_their_validators_and_revalidate() {
    let addr = serve().await;
    let script = exchange(addr, get(addr, "/static/analytics.js", "")).await;
    assert_eq!(script.status_line, "HTTP/1.1 200 OK");
    assert_eq!(
        script.headers[..4],
        [
            "content-type: text/javascript",
            "etag: \"demo-static-1\"",
            "last-modified: Sun, 29 Nov 2026 12:00:00 GMT",
            "cache-control: no-cache",
        ]
    );
    assert!(script.body.contains("document.cookie = '_ga=GA1.1.'"));
    // Conditional headers are dropped only where the answer could be a page rewritten
    // for this visitor: a navigation (`Sec-Fetch-Dest: document` or `iframe`, or a
    // request that says nothing of what it is for). A script's request keeps them,
    // undecided visitor or not (as the crate docs and tests/caching.rs say).
    let revalidate = |cookie: &str, destination: &str| {
        let cookie = if cookie.is_empty() {
            String::new()
        } else {
            format!("Cookie: {cookie}\r\n")
        };
        format!(
            "GET /static/analytics.js HTTP/1.1\r\nHost: {addr}\r\n{cookie}{destination}\
             If-None-Match: \"demo-static-1\"\r\nConnection: close\r\n\r\n"
        )
    };
    let script = "Sec-Fetch-Dest: script\r\n";
    let undecided = exchange(addr, revalidate("", script)).await;
    assert_eq!(undecided.status_line, "HTTP/1.1 304 Not Modified");
    let post = format!(
        "POST /consent HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: 23\r\nConnection: close\r\n\r\n{{\"action\":\"reject_all\"}}"
    );
    let consent = cookie_pair(&exchange(addr, post).await.headers[0]);
    let decided = exchange(addr, revalidate(&consent, script)).await;
    assert_eq!(decided.status_line, "HTTP/1.1 304 Not Modified");
    // Saying nothing of what it is for, an undecided visitor's request is answered whole.
    let unknown = exchange(addr, revalidate("", "")).await;
    assert_eq!(unknown.status_line, "HTTP/1.1 200 OK");
}
