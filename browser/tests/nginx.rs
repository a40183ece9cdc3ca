//! The demo behind a stock nginx with a shared cache (`proxy_cache`), as many sites run:
//! a page cached from one visitor must never reach another, and a stuffed cookie jar
//! must never make nginx answer 502 ("upstream sent too big header").
//!
//! Needs Debian's `nginx-light` (`.ci/run` installs it); `NGINX` overrides the binary's
//! path. nginx runs in the foreground with one process, on a free port, with a config
//! file and cache folder written here, and is killed when the test ends.

mod common;
#[path = "../../examples/demo/site.rs"]
mod site;

use std::net::SocketAddr;

use common::nginx::Nginx;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// One HTTP/1.1 exchange with nginx, `Connection: close`.
async fn exchange(port: u16, head: &str, body: &str) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let request = format!("{head}Host: www.demo.test\r\nConnection: close\r\n\r\n{body}");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_ascii_lowercase(), value.to_owned())
        })
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

async fn get(port: u16, path: &str, extra: &str) -> Answer {
    exchange(port, &format!("GET {path} HTTP/1.1\r\n{extra}"), "").await
}

const BANNER: &str = "tcc-banner";

#[tokio::test]
async fn a_shared_cache_never_serves_one_visitors_page_to_another() {
    let demo = site::spawn_on_free_port().await;
    let nginx = Nginx::in_front_of(demo);

    // The cache works: a page that can never carry the banner (encoded by the
    // application) is stored and served again.
    let stored = get(nginx.port, "/gzip", "").await;
    assert_eq!(stored.header("x-cache-status"), ["MISS"]);
    let again = get(nginx.port, "/gzip", "").await;
    assert_eq!(again.header("x-cache-status"), ["HIT"]);

    // A decided visitor's page, then an htmx request's: neither may be stored for others.
    let form = "action=accept_all&return_to=/about";
    let post = exchange(
        nginx.port,
        &format!(
            "POST /consent HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            form.len()
        ),
        form,
    )
    .await;
    assert_eq!(post.status, 303);
    let consent = post.header("set-cookie")[0]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let decided = get(nginx.port, "/about", &format!("Cookie: {consent}\r\n")).await;
    assert_eq!(decided.status, 200);
    assert!(!decided.body.contains(BANNER));
    // The page said `public, max-age=600`; the layer made it one visitor's page.
    assert_eq!(decided.header("cache-control"), ["private, max-age=600"]);
    // "Accept all" granted advertising, which Global Privacy Control would refuse.
    assert_eq!(decided.header("vary"), ["Cookie", "HX-Request", "Sec-GPC"]);
    let htmx = get(nginx.port, "/about", "HX-Request: true\r\n").await;
    assert_eq!(htmx.status, 200);
    assert!(!htmx.body.contains(BANNER));

    for visit in 0..2 {
        let first_time = get(nginx.port, "/about", "").await;
        assert_eq!(first_time.status, 200);
        assert!(first_time.body.contains(BANNER), "visit {visit}");
        assert_eq!(
            first_time.header("x-cache-status"),
            ["MISS"],
            "visit {visit}"
        );
    }
}

#[tokio::test]
async fn a_stuffed_jar_never_turns_into_a_502() {
    let demo = site::spawn_on_free_port().await;
    let nginx = Nginx::in_front_of(demo);
    // The audit's jars: 25 refused `_ga_…` cookies (4.6 KB of deletions before the
    // budget, a 502), and 650 (117 KB). Names short enough for nginx's 8 KB request
    // header line.
    for count in [25, 650] {
        let jar: Vec<String> = (0..count).map(|n| format!("_ga_{n}=1")).collect();
        let cookie = format!("Cookie: {}\r\n", jar.join("; "));
        for path in ["/", "/about", "/about/team/deep/page"] {
            let answer = get(nginx.port, path, &cookie).await;
            assert_ne!(answer.status, 502, "{count} cookies at {path}");
            assert!(
                answer.status == 200 || answer.status == 404,
                "{count} cookies at {path}: {}",
                answer.status
            );
            let deletions = answer
                .header("set-cookie")
                .iter()
                .filter(|value| value.starts_with("_ga_"))
                .count();
            assert!(deletions > 0, "{count} cookies at {path}");
        }
    }
}

/// The README's nginx block (production section), split at its `location`: what goes in
/// the `http` block, and what goes in the `server` block, proxying to `upstream`.
fn readme_limit_block(upstream: SocketAddr) -> (String, String) {
    let readme = include_str!("../../README.md");
    let marker = "<!-- nginx-consent-limit";
    let start = readme.find(marker).expect("the README's nginx block");
    let code = &readme[start..];
    let code = &code[code.find("```nginx\n").unwrap() + "```nginx\n".len()..];
    let code = &code[..code.find("```").unwrap()];
    let split = code.find("location = /consent").unwrap();
    // The comment line introducing the `server` part stays with it.
    let comment = code[..split].trim_end().rfind('\n').unwrap();
    let server = code[comment..].replace("http://127.0.0.1:3000", &format!("http://{upstream}"));
    (code[..comment].to_owned(), server)
}

/// One form post to the endpoint, from the same address (loopback) each time.
async fn post_choice(port: u16, body: &str) -> Answer {
    exchange(
        port,
        &format!(
            "POST /consent HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ),
        body,
    )
    .await
}

#[tokio::test]
async fn the_readmes_rate_limit_stops_a_client_posting_choices_in_bulk() {
    let demo = site::spawn_on_free_port().await;
    let (http_extra, server_extra) = readme_limit_block(demo);
    assert!(http_extra.contains("limit_req_zone"), "{http_extra}");
    let nginx = Nginx::with(demo, &http_extra, &server_extra, "");

    // A burst of 5 beyond the first: six posts pass, the rest get nginx's 429.
    let mut statuses = Vec::new();
    for _ in 0..9 {
        statuses.push(post_choice(nginx.port, "action=accept_all").await.status);
    }
    assert_eq!(statuses, [303, 303, 303, 303, 303, 303, 429, 429, 429]);
    // Reading the preferences page is not counted.
    for _ in 0..3 {
        assert_eq!(get(nginx.port, "/consent", "").await.status, 200);
    }
}
