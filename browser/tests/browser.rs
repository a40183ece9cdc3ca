//! The demo site driven in headless Chromium through ChromeDriver: what a visitor really
//! gets, the cookies the browser really holds, keyboard use, JavaScript off, a strict
//! CSP, and an axe-core accessibility audit.
//!
//! Needs Debian's `chromium` and `chromium-driver` packages and axe-core from npm
//! (`.ci/run` installs all three). Run it from the repository's root with
//! `cargo test -p tower-cookie-consent-browser -- --test-threads=1`.
//! `CHROMIUM` and `CHROMEDRIVER` override the binaries' paths; `CHROMEDRIVER_LOG` names a
//! file for ChromeDriver's verbose log.

mod common;
#[path = "../../examples/discover.rs"]
#[allow(dead_code)]
mod discover;
#[path = "../../examples/demo/site.rs"]
mod site;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::chromium::{Browser, CONSENT, Cdp, Options, SESSION, axe};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};

/// The demo's optional cookies once all are allowed: those its home page sets from the
/// server, and those its analytics and Hotjar stand-ins write from JavaScript.
const OPTIONAL: [&str; 7] = [
    "_ga",
    "_ga_ABC123",
    "_gcl_au",
    "_gid",
    "_hjSessionUser_1234",
    "_hjSession_1234",
    "rantSubmission",
];
/// The same with JavaScript off: only the server's.
const OPTIONAL_FROM_THE_SERVER: [&str; 2] = ["_gcl_au", "rantSubmission"];
/// The cookies the tracker stand-ins write from JavaScript.
const FROM_SCRIPTS: [&str; 5] = [
    "_ga",
    "_ga_ABC123",
    "_gid",
    "_hjSessionUser_1234",
    "_hjSession_1234",
];
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_visit_shows_the_banner_and_only_necessary_cookies() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    assert!(browser.has_banner().await);
    let no_script = browser
        .client
        .find_all(Locator::Css("#no-script"))
        .await
        .unwrap();
    assert!(no_script.is_empty(), "JavaScript is on here");
    let geometry = browser
        .script(
            "const r = document.getElementById('tcc-banner').getBoundingClientRect();
             const size = (s) => { const b = document.querySelector(s).getBoundingClientRect();
                                   return [b.width, b.height]; };
             return { top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                      width: innerWidth, height: innerHeight,
                      accept: size('#tcc-banner button[value=accept_all]'),
                      reject: size('#tcc-banner button[value=reject_all]') };",
        )
        .await;
    let number = |key: &str| geometry[key].as_f64().unwrap();
    assert!(
        number("top") >= 0.0 && number("bottom") <= number("height"),
        "{geometry}"
    );
    assert!(
        number("left") >= 0.0 && number("right") <= number("width"),
        "{geometry}"
    );
    assert_eq!(
        geometry["accept"], geometry["reject"],
        "equal buttons: {geometry}"
    );
    assert!(
        geometry["accept"][1].as_f64().unwrap() >= 24.0,
        "{geometry}"
    );
    assert_eq!(browser.cookie_names().await, [SESSION]);
    assert!(browser.optional_cookies(true).await.is_empty());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reject_all_keeps_optional_cookies_away_on_every_page() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    browser.click("#tcc-banner button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/").await;
    assert_eq!(browser.cookie_names().await, [CONSENT, SESSION]);
    for page in [
        "/",
        "/about",
        "/csp",
        "/stream",
        "/gzip",
        "/api/status",
        "/consent",
        "/",
    ] {
        browser.goto(page).await;
        assert!(!browser.has_banner().await, "{page}");
        assert!(browser.optional_cookies(true).await.is_empty(), "{page}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_all_lets_every_cookie_in() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/about").await;
    let held = browser.choose("/about", "#tcc-banner button[value=accept_all]", true);
    assert_eq!(held.await, OPTIONAL);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customize_grants_only_the_ticked_category() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    browser.click("#tcc-banner summary").await;
    browser
        .click("#tcc-banner input[value=functionality]")
        .await;
    let held = browser.choose("/", "#tcc-banner details button[value=save]", true);
    assert_eq!(held.await, ["rantSubmission"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawing_is_one_click_and_deletes_held_cookies() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    let held = browser.choose("/", "#tcc-banner button[value=accept_all]", true);
    assert_eq!(held.await, OPTIONAL);
    let ga_domain = browser
        .client
        .get_all_cookies()
        .await
        .unwrap()
        .into_iter()
        .find(|cookie| cookie.name() == "_ga")
        .and_then(|cookie| cookie.domain().map(str::to_owned));
    // The demo sets `_ga` with `Domain=127.0.0.1`, the host it runs on; Chromium keeps a
    // `Domain=` cookie of an IP host under that host, and withdrawal must delete it there.
    assert_eq!(ga_domain.as_deref(), Some("127.0.0.1"));

    // The footer's "Cookie settings", then one click.
    browser.click("footer a").await;
    assert!(browser.client.current_url().await.unwrap().path() == "/consent");
    let held = browser.choose("/", "form button[value=reject_all]", true);
    assert!(held.await.is_empty());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_reaches_accept_all_first_and_shows_focus() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    let mut path = Vec::new();
    for _ in 0..10 {
        browser.press(Key::Tab).await;
        let focused = browser
            .script(
                "const e = document.activeElement;
                 const style = getComputedStyle(e);
                 return { inBanner: !!e.closest('#tcc-banner'), tag: e.tagName,
                          value: e.value || e.textContent.trim(),
                          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) };",
            )
            .await;
        path.push(format!("{} {}", focused["tag"], focused["value"]));
        assert_eq!(focused["inBanner"], true, "left the banner first: {path:?}");
        if focused["value"] == "accept_all" {
            assert_ne!(focused["outline"], "none", "focus is visible");
            assert!(
                focused["outlineWidth"].as_f64().unwrap() >= 2.0,
                "{focused}"
            );
            break;
        }
    }
    assert!(path.last().unwrap().ends_with("\"accept_all\""), "{path:?}");
    println!("tab order to Accept all: {path:?}");
    browser.press(Key::Space).await;
    browser.wait_for_page_without_banner("/").await;
    browser.goto("/").await;
    assert_eq!(browser.optional_cookies(true).await, OPTIONAL);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_works_with_javascript_disabled() {
    let browser = Browser::open(Options {
        javascript: false,
        ..Options::default()
    })
    .await;
    browser.goto("/").await;
    assert!(browser.has_banner().await);
    // `<noscript>` content is markup only when scripting is off.
    let no_script = browser
        .client
        .find_all(Locator::Css("#no-script"))
        .await
        .unwrap();
    assert_eq!(no_script.len(), 1, "JavaScript is really off");
    browser.click("#tcc-banner button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/").await;
    assert!(browser.optional_cookies(false).await.is_empty());
    browser.goto("/consent").await;
    let held = browser.choose("/", "form button[value=accept_all]", false);
    assert_eq!(held.await, OPTIONAL_FROM_THE_SERVER);
    browser.goto("/consent").await;
    let held = browser.choose("/", "form button[value=reject_all]", false);
    assert!(held.await.is_empty());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strict_csp_page_gets_a_styled_banner_and_no_violation() {
    let browser = Browser::open(Options::default()).await;
    browser.browser_log().await;
    browser.goto("/csp").await;
    let style = browser
        .script(
            "const s = getComputedStyle(document.getElementById('tcc-banner'));
             return [s.position, s.backgroundColor, s.zIndex];",
        )
        .await;
    assert_eq!(style, json!(["fixed", "rgb(255, 255, 255)", "2147483647"]));
    let log = browser.browser_log().await;
    let violations: Vec<&String> = log
        .iter()
        .filter(|line| line.contains("Content Security Policy") || line.contains("Refused"))
        .collect();
    assert!(violations.is_empty(), "{violations:?}");
    // The preferences page runs under its own strict policy.
    browser.goto("/consent").await;
    let table = browser
        .script("return getComputedStyle(document.querySelector('table')).borderCollapse")
        .await;
    assert_eq!(table, "collapse");
    assert_no_csp_violation(&browser).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_and_compressed_pages_arrive_intact() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/stream").await;
    let stream = browser
        .script(
            "return [document.querySelectorAll('main p').length,
                     document.querySelectorAll('#tcc-banner').length,
                     document.body.firstElementChild.id];",
        )
        .await;
    assert_eq!(stream, json!([20, 1, "tcc-banner"]));
    browser.goto("/gzip").await;
    let gzip = browser
        .script("return [document.querySelector('h1').textContent, document.querySelectorAll('#tcc-banner').length]")
        .await;
    assert_eq!(gzip, json!(["Compressed", 0]));
    browser.close().await;

    // Byte for byte, the encoded page is the application's.
    let addr = site::spawn_on_free_port().await;
    let response = raw_get(addr, "/gzip").await;
    let body_at = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    assert_eq!(&response[body_at..], &site::gzip_page()[..]);
}

async fn raw_get(addr: SocketAddr, path: &str) -> Vec<u8> {
    raw_get_with(addr, path, "").await
}

/// A GET with `headers` (each line ending in CRLF) added to the request.
async fn raw_get_with(addr: SocketAddr, path: &str, headers: &str) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_core_finds_no_wcag_violation() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    let (closed_rules, closed) = axe(&browser, "#tcc-banner").await;
    // Open "Customize" so that the checkboxes and cookie lists are audited too.
    browser.click("#tcc-banner summary").await;
    let (open_rules, open) = axe(&browser, "#tcc-banner").await;
    browser.goto("/consent").await;
    let (page_rules, page) = axe(&browser, "html").await;
    println!(
        "axe-core rules run: banner {closed_rules}, banner opened {open_rules}, preferences page \
         {page_rules}; violations: {}, {}, {}",
        closed.len(),
        open.len(),
        page.len()
    );
    assert!(closed.is_empty(), "{closed:#?}");
    assert!(open.is_empty(), "{open:#?}");
    assert!(page.is_empty(), "{page:#?}");
    browser.close().await;
}

/// Checks that nothing overflows sideways: no horizontal scroll, banner inside the
/// viewport, its content not clipped.
async fn assert_reflows(browser: &Browser, what: &str) {
    let layout = browser
        .script(
            "const b = document.getElementById('tcc-banner');
             const r = b.getBoundingClientRect();
             const inner = [...b.querySelectorAll('*')].map(e => e.getBoundingClientRect())
                 .filter(x => x.width > 0);
             return { scroll: document.documentElement.scrollWidth, width: innerWidth,
                      left: r.left, right: r.right, bannerScroll: b.scrollWidth,
                      bannerClient: b.clientWidth,
                      widest: Math.max(...inner.map(x => x.right)),
                      leftmost: Math.min(...inner.map(x => x.left)) };",
        )
        .await;
    let number = |key: &str| layout[key].as_f64().unwrap();
    assert!(
        number("scroll") <= number("width"),
        "{what}: horizontal scroll {layout}"
    );
    assert!(
        number("left") >= 0.0 && number("right") <= number("width"),
        "{what}: {layout}"
    );
    assert!(
        number("bannerScroll") <= number("bannerClient"),
        "{what}: clipped {layout}"
    );
    assert!(
        number("widest") <= number("width") && number("leftmost") >= 0.0,
        "{what}: {layout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_banner_reflows_at_320_px_and_at_200_percent_zoom() {
    for (what, options) in [
        (
            "320 px",
            Options {
                width: 320,
                height: 640,
                ..Options::default()
            },
        ),
        // 200% zoom of a 1280x800 window: a 640x400 CSS viewport at twice the pixels.
        (
            "200% zoom",
            Options {
                width: 640,
                height: 400,
                scale: 2,
                ..Options::default()
            },
        ),
    ] {
        let browser = Browser::open(options).await;
        browser.goto("/").await;
        let width = browser.script("return innerWidth").await;
        println!("{what}: viewport {width} CSS px");
        assert_reflows(&browser, what).await;
        browser.click("#tcc-banner summary").await;
        assert_reflows(&browser, &format!("{what}, customize open")).await;
        browser.close().await;
    }
}

/// 200 % text (the browser's text size, not zoom) on a 390 px phone: every label
/// wraps, nothing overflows sideways, and both buttons stay in view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_banner_reflows_at_200_percent_text_on_a_phone() {
    let browser = Browser::sized(390, 844).await;
    browser.goto("/").await;
    browser
        .script("document.documentElement.style.fontSize = '200%'; return 0")
        .await;
    assert_reflows(&browser, "200% text").await;
    assert_both_buttons_in_view(&browser, "200% text").await;
    browser.click("#tcc-banner details > summary").await;
    for category in browser
        .client
        .find_all(Locator::Css("#tcc-banner details.tcc-cookies > summary"))
        .await
        .unwrap()
    {
        category.click().await.unwrap();
    }
    assert_reflows(&browser, "200% text, every list open").await;
    assert_both_buttons_in_view(&browser, "200% text, every list open").await;
    browser.close().await;
}

/// Writes the README's screenshots (the root's docs/): `cargo test -p
/// tower-cookie-consent-browser -- --ignored screenshots`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/*.png; run on purpose"]
async fn screenshots() {
    let docs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs"));
    std::fs::create_dir_all(&docs).unwrap();
    for (file, path, width, height, accept_language) in [
        ("banner.png", "/", 1280, 800, None),
        ("banner-mobile.png", "/", 390, 844, None),
        ("banner-phone-320.png", "/", 320, 568, None),
        ("preferences.png", "/consent?return_to=/", 1280, 800, None),
        ("banner-fr.png", "/", 390, 844, Some("fr")),
        ("banner-de.png", "/", 390, 844, Some("de")),
    ] {
        let browser = Browser::open(Options {
            width,
            height,
            accept_language,
            ..Options::default()
        })
        .await;
        browser.goto(path).await;
        if let Some(lang) = accept_language {
            assert_eq!(banner_words(&browser).await, bundled_words(lang), "{file}");
        }
        let png = browser.client.screenshot().await.unwrap();
        std::fs::write(docs.join(file), png).unwrap();
        browser.close().await;
    }
}

/// Every cookie the browser holds, whatever its domain and path (WebDriver lists only
/// those the current page can see): `(name, domain, path)`.
async fn all_cookies(browser: &Browser) -> Vec<(String, String, String)> {
    let answer = browser
        .client
        .issue_cmd(Cdp {
            command: "Network.getAllCookies",
            params: json!({}),
        })
        .await
        .unwrap();
    let mut cookies: Vec<(String, String, String)> = answer["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cookie| {
            let text = |key: &str| cookie[key].as_str().unwrap().to_owned();
            (text("name"), text("domain"), text("path"))
        })
        .collect();
    cookies.sort();
    cookies
}

/// The audit: trackers set their cookies on the parent domain and on deep paths
/// (`Domain=.demo.test`, `Path=/account`); after "Reject all" none of them may be left,
/// at any domain or path, once the visitor has been where they are sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reject_all_deletes_every_copy_under_a_parent_domain() {
    let browser = Browser::open(Options {
        host: Some("www.demo.test"),
        ..Options::default()
    })
    .await;
    browser.goto("/").await;
    assert!(browser.has_banner().await);
    // What Google Analytics, Hotjar and an ad tag write from JavaScript.
    browser
        .script(
            "document.cookie = '_ga=GA1.1.1; domain=demo.test; path=/; max-age=9999';
             document.cookie = '_ga_ABC123=GS1; domain=.demo.test; path=/; max-age=9999';
             document.cookie = '_gid=GA1.2; path=/; max-age=9999';
             document.cookie = '_hjSession_1234=x; domain=demo.test; path=/about; max-age=9999';
             document.cookie = '_hjSessionUser_1234=y; path=/about/team; max-age=9999';
             document.cookie = '_gcl_au=1.1; domain=www.demo.test; path=/; max-age=9999';",
        )
        .await;
    let before = all_cookies(&browser).await;
    assert_eq!(before.len(), 7, "{before:?}");
    browser.click("#tcc-banner button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/").await;
    // The visitor browses on, through the pages where the deep copies are sent.
    for page in ["/", "/about", "/about/team", "/"] {
        browser.goto(page).await;
    }
    let left: Vec<(String, String, String)> = all_cookies(&browser)
        .await
        .into_iter()
        .filter(|(name, _, _)| name != SESSION && name != CONSENT)
        .collect();
    assert!(left.is_empty(), "left after Reject all: {left:?}");
    browser.close().await;
}

/// Where the two choice buttons are: fully inside the viewport, side by side, the same
/// size.
async fn assert_both_buttons_in_view(browser: &Browser, what: &str) {
    if let Err(problem) = both_buttons_in_view(browser).await {
        panic!("{what}: {problem}");
    }
}

/// What is wrong with the two choice buttons, if anything: each must be fully inside
/// the viewport with its label inside it (no overflow), and the two side by side (the
/// same top, "Accept all" left of "Reject all"), the same size.
async fn both_buttons_in_view(browser: &Browser) -> Result<(), String> {
    let geometry = browser
        .script(
            "const rect = (s) => { const e = document.querySelector(s);
                                   const r = e.getBoundingClientRect();
                                   return [r.left, r.top, r.right, r.bottom,
                                           e.scrollWidth - e.clientWidth,
                                           e.scrollHeight - e.clientHeight]; };
             return { width: innerWidth, height: innerHeight,
                      accept: rect('#tcc-banner button[value=accept_all]'),
                      reject: rect('#tcc-banner button[value=reject_all]') };",
        )
        .await;
    let (width, height) = (
        geometry["width"].as_f64().unwrap(),
        geometry["height"].as_f64().unwrap(),
    );
    let edges = |button: &str| -> Vec<f64> {
        geometry[button]
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| edge.as_f64().unwrap())
            .collect()
    };
    let (accept, reject) = (edges("accept"), edges("reject"));
    for (button, edges) in [("accept", &accept), ("reject", &reject)] {
        if edges[0] < 0.0 || edges[2] > width {
            return Err(format!(
                "{button} overflows the viewport sideways: {geometry}"
            ));
        }
        if edges[1] < 0.0 || edges[3] > height {
            return Err(format!(
                "{button} is not fully in view vertically: {geometry}"
            ));
        }
        if edges[4] > 0.0 || edges[5] > 0.0 {
            return Err(format!("{button}'s label overflows the button: {geometry}"));
        }
    }
    if accept[1] != reject[1] || accept[2] > reject[0] {
        return Err(format!("not side by side: {geometry}"));
    }
    let size = |edges: &[f64]| (edges[2] - edges[0], edges[3] - edges[1]);
    if size(&accept) != size(&reject) {
        return Err(format!("not the same size: {geometry}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_buttons_are_in_view_on_small_phones() {
    for (width, height) in [(320, 568), (375, 548)] {
        let browser = Browser::sized(width, height).await;
        for page in ["/", "/about", "/csp"] {
            browser.goto(page).await;
            let what = format!("{width}x{height} {page}");
            assert_both_buttons_in_view(&browser, &what).await;
            // With "Customize" open the buttons stay in view too.
            browser.click("#tcc-banner details > summary").await;
            assert_both_buttons_in_view(&browser, &format!("{what}, customize open")).await;
        }
        browser.close().await;
    }
}

// Languages: the banner in the browser's language, and every bundled language audited.

/// The banner's language, heading and choice button labels, as the browser shows them.
async fn banner_words(browser: &Browser) -> Value {
    browser
        .script(
            "const b = document.getElementById('tcc-banner');
             const text = (s) => b.querySelector(s).textContent;
             return [b.lang, text('#tcc-title'), text('button[value=accept_all]'),
                     text('button[value=reject_all]')];",
        )
        .await
}

/// The same from the bundled texts of `lang`.
fn bundled_words(lang: &str) -> Value {
    let texts = tower_cookie_consent::BannerTexts::bundled(lang)
        .unwrap_or_else(|| panic!("{lang} is not bundled"));
    json!([texts.lang, texts.title, texts.accept_all, texts.reject_all])
}

/// The values of every `name` header of a raw response, lower-cased, split at commas.
fn header_values(response: &[u8], name: &str) -> Vec<String> {
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = std::str::from_utf8(&response[..head_end]).unwrap();
    head.lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .filter(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .flat_map(|(_, value)| value.split(','))
        .map(|value| value.trim().to_ascii_lowercase())
        .collect()
}

/// A first visit from a browser set to French: the French banner, and a response that
/// says it varies on `Accept-Language`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_browser_gets_the_french_banner() {
    let addr = site::spawn_on_free_port().await;
    let browser = Browser::open(Options {
        server: Some(addr),
        accept_language: Some("fr"),
        ..Options::default()
    })
    .await;
    browser.goto("/").await;
    // The preference reached the browser's requests, not only `navigator.languages`.
    assert_eq!(
        browser.script("return navigator.languages").await,
        json!(["fr"])
    );
    assert_eq!(banner_words(&browser).await, bundled_words("fr"));
    assert_ne!(
        bundled_words("fr"),
        bundled_words("en"),
        "the French texts differ from the policy's language's"
    );
    // The page's response as the browser fetches it, with its own `Accept-Language`
    // (same origin: every header but `Set-Cookie` is readable).
    let fetched = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/').then(r => r.text().then(body => done({
                 vary: r.headers.get('vary'), language: r.headers.get('content-language'),
                 french: body.includes('lang=\"fr\"') })))
               .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    assert!(fetched.get("error").is_none(), "{fetched}");
    let vary = fetched["vary"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        vary.split(',')
            .any(|value| value.trim() == "accept-language"),
        "the browser's fetch: {fetched}"
    );
    assert_eq!(fetched["french"], true, "{fetched}");
    browser.close().await;

    // The same request without a browser.
    let response = raw_get_with(addr, "/", "Accept-Language: fr\r\n").await;
    assert!(
        response.starts_with(b"HTTP/1.1 200"),
        "{:?}",
        &response[..40]
    );
    let vary = header_values(&response, "vary");
    assert!(
        vary.contains(&"accept-language".to_owned()),
        "Vary: {vary:?}"
    );
    let body = String::from_utf8_lossy(&response);
    assert!(
        body.contains("id=\"tcc-banner\" lang=\"fr\""),
        "not the French banner"
    );
}

/// The demo under a layer that takes the banner's language from `?lang=xx` (else
/// `Accept-Language`, as the demo does): one browser can see every language.
async fn spawn_demo_with_language_query() -> SocketAddr {
    use tower_cookie_consent::ConsentLayer;
    let layer = ConsentLayer::new(site::policy("127.0.0.1")).language_from(|uri, _headers| {
        let query = uri.query()?;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(str::to_owned)
    });
    let router = site::router("127.0.0.1", false).layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// Every bundled language at 320x568: axe-core finds no WCAG 2.0/2.1/2.2 A or AA
/// violation in the banner (closed, and with "Customize" open), and "Accept all" and "Reject all" are side by side, the same
/// size, fully in view with their labels inside them (also with "Customize" open). All
/// languages are checked before the test fails, and it names each failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bundled_language_passes_axe_and_keeps_both_buttons_in_view_at_320_px() {
    let browser = Browser::open(Options {
        width: 320,
        height: 568,
        server: Some(spawn_demo_with_language_query().await),
        ..Options::default()
    })
    .await;
    let started = Instant::now();
    let languages: Vec<&str> = tower_cookie_consent::BannerTexts::bundled_languages().collect();
    assert_eq!(languages.len(), 24, "{languages:?}");
    let mut failures = Vec::new();
    let mut rules_run = 0;
    for lang in &languages {
        browser.goto(&format!("/?lang={lang}")).await;
        let words = banner_words(&browser).await;
        if words != bundled_words(lang) {
            failures.push(format!("{lang}: not the bundled texts: {words}"));
            continue;
        }
        let (rules, violations) = axe(&browser, "#tcc-banner").await;
        rules_run = rules_run.max(rules);
        for violation in &violations {
            failures.push(format!(
                "{lang}, closed: axe {} ({}) at {}",
                violation["id"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or(""),
                violation["nodes"]
            ));
        }
        if let Err(problem) = both_buttons_in_view(&browser).await {
            failures.push(format!("{lang} 320x568: {problem}"));
        }
        browser.click("#tcc-banner details > summary").await;
        if let Err(problem) = both_buttons_in_view(&browser).await {
            failures.push(format!("{lang} 320x568, customize open: {problem}"));
        }
        // Opened, the checkboxes, their labels and the cookie lists are audited too.
        let (_, violations) = axe(&browser, "#tcc-banner").await;
        for violation in &violations {
            failures.push(format!(
                "{lang}, customize open: axe {} ({}) at {}",
                violation["id"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or(""),
                violation["nodes"]
            ));
        }
    }
    println!(
        "{} languages, axe-core rules run per language: {rules_run}, in {:.1} s",
        languages.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(rules_run > 0, "axe-core ran no rule");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    browser.close().await;
}

/// WCAG 2.2 SC 2.4.11: tabbing through the longest demo page, the banner never hides
/// the focused element entirely (the page reserves the bar's height at its end).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_banner_never_hides_the_focused_element() {
    let browser = Browser::sized(375, 548).await;
    browser.goto("/stream").await;
    let mut page_elements = 0;
    for _ in 0..60 {
        browser.press(Key::Tab).await;
        let focus = browser
            .script(
                "const e = document.activeElement;
                 const b = document.getElementById('tcc-banner').getBoundingClientRect();
                 const r = e.getBoundingClientRect();
                 return { inBanner: !!e.closest('#tcc-banner'), body: e === document.body,
                          text: (e.textContent || '').trim().slice(0, 40),
                          covered: r.top >= b.top && r.bottom <= b.bottom
                                   && r.left >= b.left && r.right <= b.right,
                          top: r.top, bottom: r.bottom, bannerTop: b.top };",
            )
            .await;
        if focus["body"] == true {
            break;
        }
        if focus["inBanner"] == false {
            page_elements += 1;
            assert_eq!(focus["covered"], false, "hidden under the banner: {focus}");
        }
    }
    // The navigation's six links and the footer's.
    assert!(page_elements >= 7, "{page_elements}");
    browser.close().await;
}

/// SC 4.1.3: after each choice the page the visitor returns to has a status message in
/// the accessibility tree, and the page after it does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_choice_is_announced_as_saved() {
    async fn status_nodes(browser: &Browser) -> Vec<String> {
        let tree = browser
            .client
            .issue_cmd(Cdp {
                command: "Accessibility.getFullAXTree",
                params: json!({}),
            })
            .await
            .unwrap();
        let nodes = tree["nodes"].as_array().unwrap();
        nodes
            .iter()
            .filter(|node| node["role"]["value"] == "status")
            .map(|node| {
                // The region's text: its own name, or its text children's.
                let id = node["nodeId"].clone();
                nodes
                    .iter()
                    .filter(|child| child["parentId"] == id)
                    .filter_map(|child| child["name"]["value"].as_str())
                    .collect::<Vec<_>>()
                    .join("")
            })
            .collect()
    }
    let browser = Browser::open(Options::default()).await;
    for (start, button) in [
        ("/about", "#tcc-banner button[value=accept_all]"),
        ("/consent", "form button[value=reject_all]"),
        ("/consent", "form > .tcc-actions button[value=save]"),
    ] {
        browser.goto(start).await;
        browser.click(button).await;
        let back_to = if start == "/about" { "/about" } else { "/" };
        browser.wait_for_page_without_banner(back_to).await;
        assert_eq!(
            status_nodes(&browser).await,
            ["Your cookie choices were saved."],
            "after {button}"
        );
        browser.goto(back_to).await;
        assert!(status_nodes(&browser).await.is_empty(), "said twice");
    }
    browser.close().await;
}

/// A server of the test's own: a page declared `iso-8859-1` and one with a `<meta>` CSP,
/// under a banner whose operator text is not ASCII.
async fn spawn_charset_and_meta_csp_site() -> SocketAddr {
    use axum::response::IntoResponse;
    use tower_cookie_consent::{Banner, BannerTexts, ConsentLayer, Policy};
    let mut texts = BannerTexts::default();
    texts.lang = "de".to_owned();
    texts.title = "Cookies auf dieser Website – Ihre Wahl".to_owned();
    texts.statement = "Wir verwenden notwendige Cookies. Optionale nur, wenn Sie zustimmen: Sie \
                       können alle akzeptieren oder ablehnen, und Ihre Wahl jederzeit ändern."
        .to_owned();
    texts.accept_all = "Alle akzeptieren".to_owned();
    texts.reject_all = "Alle ablehnen".to_owned();
    // A German-only site: with the bundled languages offered too, the browser's
    // `Accept-Language` (en-US) would get the bundled English banner instead.
    let policy = Policy::builder()
        .language("de")
        .consent_cookie_secure(false)
        .languages(["de"])
        .banner(Banner::default().texts(texts))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy);
    let latin1 = |body: &'static [u8]| {
        (
            [(http::header::CONTENT_TYPE, "text/html; charset=iso-8859-1")],
            body,
        )
            .into_response()
    };
    let router = axum::Router::new()
        .route(
            "/latin1",
            axum::routing::get(move || async move {
                // "Größe" in ISO-8859-1.
                latin1(b"<!doctype html><html lang=de><head><title>Gr\xf6\xdfe</title></head><body><p id=own>Gr\xf6\xdfe</p></body></html>")
            }),
        )
        .route(
            "/meta-csp",
            axum::routing::get(|| async {
                axum::response::Html(
                    "<!doctype html><html lang=de><head><meta charset=utf-8>\
                     <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\
                     <title>Meta CSP</title></head><body><p>Strenge Richtlinie im Kopf.</p></body></html>",
                )
            }),
        )
        .layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_ascii_text_reads_right_in_a_latin1_page() {
    let browser = Browser::open(Options {
        server: Some(spawn_charset_and_meta_csp_site().await),
        ..Options::default()
    })
    .await;
    browser.goto("/latin1").await;
    let text = browser
        .script(
            "return [document.characterSet, document.getElementById('own').textContent,
                     document.getElementById('tcc-title').textContent,
                     document.querySelector('#tcc-banner .tcc-text p').textContent.slice(0, 60)];",
        )
        .await;
    assert_eq!(
        text,
        json!([
            "windows-1252",
            "Größe",
            "Cookies auf dieser Website – Ihre Wahl",
            "Wir verwenden notwendige Cookies. Optionale nur, wenn Sie zu"
        ])
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meta_csp_page_shows_the_banner_styled_with_no_violation() {
    let browser = Browser::open(Options {
        server: Some(spawn_charset_and_meta_csp_site().await),
        ..Options::default()
    })
    .await;
    browser.browser_log().await;
    browser.goto("/meta-csp").await;
    let style = browser
        .script(
            "const s = getComputedStyle(document.getElementById('tcc-banner'));
             return [s.position, s.backgroundColor, s.zIndex,
                     !!document.querySelector('#tcc-banner link[rel=stylesheet]'),
                     !!document.querySelector('#tcc-banner style')];",
        )
        .await;
    assert_eq!(
        style,
        json!(["fixed", "rgb(255, 255, 255)", "2147483647", true, false])
    );
    let log = browser.browser_log().await;
    let violations: Vec<&String> = log
        .iter()
        .filter(|line| line.contains("Content Security Policy") || line.contains("Refused"))
        .collect();
    assert!(violations.is_empty(), "{violations:?}");
    browser.close().await;
}

// Gating and Consent Mode (issue 13): trackers that set their cookies from JavaScript.

/// The consent default `window.dataLayer` starts with, and what follows it.
async fn data_layer(browser: &Browser) -> (Value, Vec<Value>) {
    let layer = browser
        .script(
            "return (window.dataLayer || []).map(entry => Array.from(entry).map(
                 value => value instanceof Date ? 'date' : value));",
        )
        .await;
    let entries = layer.as_array().cloned().unwrap_or_default();
    let first = entries.first().cloned().unwrap_or(Value::Null);
    (first, entries.into_iter().skip(1).collect())
}

/// Consent Mode's default for the demo's mapping, with these types granted.
fn consent_default(granted: &[&str]) -> Value {
    let mut state = serde_json::Map::new();
    for name in [
        "ad_storage",
        "ad_user_data",
        "ad_personalization",
        "analytics_storage",
        "functionality_storage",
        "personalization_storage",
        "security_storage",
    ] {
        let value = if granted.contains(&name) || name == "security_storage" {
            "granted"
        } else {
            "denied"
        };
        state.insert(name.to_owned(), json!(value));
    }
    json!(["consent", "default", state])
}

const EVERY_TYPE: [&str; 6] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
];

fn embed_requests() -> usize {
    site::EMBED_REQUESTS.load(std::sync::atomic::Ordering::SeqCst)
}

/// The tracker cookies the browser holds, by WebDriver and by `document.cookie`.
async fn tracker_cookies(browser: &Browser) -> Vec<String> {
    browser
        .optional_cookies(true)
        .await
        .into_iter()
        .filter(|name| FROM_SCRIPTS.contains(&name.as_str()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_runs_no_tracker_and_loads_no_embed() {
    let browser = Browser::open(Options::default()).await;
    let embeds = embed_requests();
    for page in ["/", "/about", "/video", "/stream", "/"] {
        browser.goto(page).await;
        assert!(browser.has_banner().await, "{page}");
        assert!(tracker_cookies(&browser).await.is_empty(), "{page}");
        let (first, rest) = data_layer(&browser).await;
        assert_eq!(first, consent_default(&[]), "{page}");
        assert!(rest.is_empty(), "no tag ran on {page}: {rest:?}");
    }
    assert_eq!(embed_requests(), embeds, "the player was never requested");
    assert_eq!(browser.cookie_names().await, [SESSION]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_video_placeholder_allows_advertising_and_returns_to_the_player() {
    let browser = Browser::open(Options::default()).await;
    let embeds = embed_requests();
    browser.goto("/video").await;
    assert!(browser.has_banner().await);
    // The placeholder stands where the player will be, at its size, without a style.
    let size = browser
        .script(
            "const t = document.querySelector('table.cookie-consent-embed');\
             return t && [t.id, t.getAttribute('width'), t.getAttribute('height'), \
             t.hasAttribute('style'), t.querySelector('button').textContent]",
        )
        .await;
    assert_eq!(
        size,
        json!([
            "cookie-consent-embed-1",
            "560",
            "315",
            false,
            "Allow these cookies and show the content"
        ])
    );
    assert_eq!(embed_requests(), embeds, "no player before the grant");
    // (The banner sits at the bottom of the window: the visitor scrolls the embed up.)
    browser
        .script(
            "document.querySelector('table.cookie-consent-embed').scrollIntoView({block: 'start'})",
        )
        .await;
    browser.click("table.cookie-consent-embed button").await;
    browser.wait_for_page_without_banner("/video").await;
    // Back at the embed: the fragment names the anchor before the live player.
    let at = browser
        .script(
            "return [location.hash, !!document.getElementById('cookie-consent-embed-1'), \
             !!document.querySelector('iframe[src=\"/embed/player\"]'), \
             !!document.querySelector('table.cookie-consent-embed')]",
        )
        .await;
    assert_eq!(at, json!(["#cookie-consent-embed-1", true, true, false]));
    let loaded = {
        let started = std::time::Instant::now();
        while embed_requests() == embeds && started.elapsed() < std::time::Duration::from_secs(10) {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        embed_requests() > embeds
    };
    assert!(loaded, "the player was requested after the grant");
    // Only advertising was granted: the other optional categories stay refused.
    let (first, _) = data_layer(&browser).await;
    assert_eq!(
        first,
        consent_default(&["ad_storage", "ad_user_data", "ad_personalization"])
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_all_runs_the_trackers_after_the_consent_default() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/video").await;
    let embeds = embed_requests();
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/video").await;
    // The player loaded in its iframe and set its advertising cookie.
    let started = Instant::now();
    while embed_requests() == embeds
        || !browser
            .cookie_names()
            .await
            .contains(&"VISITOR_INFO1_LIVE".to_owned())
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the player never loaded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(tracker_cookies(&browser).await, FROM_SCRIPTS);
    let (first, rest) = data_layer(&browser).await;
    assert_eq!(first, consent_default(&EVERY_TYPE));
    assert_eq!(rest, [json!(["js", "date"]), json!(["config", "G-ABC123"])]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reject_all_after_accept_all_deletes_tracker_cookies_for_good() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    let held = browser.choose("/", "#tcc-banner button[value=accept_all]", true);
    assert_eq!(held.await, OPTIONAL);
    browser.goto("/consent").await;
    browser.click("form button[value=reject_all]").await;
    browser.wait_for_page_without_banner("/").await;
    let embeds = embed_requests();
    for page in ["/", "/about", "/video", "/csp", "/stream", "/consent", "/"] {
        browser.goto(page).await;
        assert!(browser.optional_cookies(true).await.is_empty(), "{page}");
        if page != "/consent" {
            let (first, rest) = data_layer(&browser).await;
            assert_eq!(first, consent_default(&[]), "{page}");
            assert!(rest.is_empty(), "no tag ran on {page}: {rest:?}");
        }
    }
    assert_eq!(embed_requests(), embeds);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strict_csp_page_runs_consent_mode_and_granted_scripts_without_violation() {
    let browser = Browser::open(Options::default()).await;
    browser.browser_log().await;
    browser.goto("/csp").await;
    let (first, _) = data_layer(&browser).await;
    assert_eq!(first, consent_default(&[]));
    let log = browser.browser_log().await;
    assert!(
        !log.iter()
            .any(|line| line.contains("Content Security Policy")),
        "{log:?}"
    );
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/csp").await;
    let (first, rest) = data_layer(&browser).await;
    assert_eq!(first, consent_default(&EVERY_TYPE));
    assert_eq!(rest, [json!(["js", "date"]), json!(["config", "G-ABC123"])]);
    assert_eq!(tracker_cookies(&browser).await, FROM_SCRIPTS);
    let log = browser.browser_log().await;
    assert!(
        !log.iter()
            .any(|line| line.contains("Content Security Policy")),
        "{log:?}"
    );
    browser.close().await;
}

/// The operator's page: signed in through its login form, it renders one chart per
/// series (SVG with a title) beside its table, axe-core finds no violation on it, and
/// the browser reports no CSP violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_page_renders_its_charts_accessibly_under_its_csp() {
    use tower_cookie_consent::receipts::{ReceiptStore, Receipts, SqliteStore};
    use tower_cookie_consent::{AdminAccess, ConsentLayer};
    let file = std::env::temp_dir().join(format!("tcc-browser-admin-{}.db", std::process::id()));
    let store = SqliteStore::open(&file).await.unwrap();
    let layer = ConsentLayer::new(site::policy("127.0.0.1"))
        .record_receipts(Receipts::new(store.clone()))
        .admin_access(AdminAccess::bearer_token("browser test token, long enough"));
    let router = site::router("127.0.0.1", false).layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let browser = Browser::open(Options {
        server: Some(addr),
        ..Options::default()
    })
    .await;
    // A choice of today's, so that the charts have a bar.
    browser.goto("/").await;
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/").await;
    let today = std::time::SystemTime::now() - Duration::from_secs(86_400);
    let recorded = store
        .receipts_between(today, today + Duration::from_secs(2 * 86_400), None, 10)
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1);

    // Not signed in: the page does not exist.
    browser.goto("/consent/admin").await;
    let title = browser.script("return document.title").await;
    assert_ne!(title, "Consent figures");
    browser.browser_log().await;
    browser.goto("/consent/admin/login").await;
    browser
        .client
        .find(Locator::Css("#token"))
        .await
        .unwrap()
        .send_keys("browser test token, long enough")
        .await
        .unwrap();
    browser.click("form button[type=submit]").await;
    let started = Instant::now();
    while browser.client.current_url().await.unwrap().path() != "/consent/admin" {
        assert!(started.elapsed() < Duration::from_secs(10), "not signed in");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let title = browser.script("return document.title").await;
    assert_eq!(title, "Consent figures");
    // One chart per optional category, language and method used, each with its title
    // and its table; today's bar is drawn, and styled by the page's stylesheet.
    let charts = browser
        .script(
            "return [...document.querySelectorAll('figure.series')].map(f => [
               f.querySelector('svg[role=img] > title').textContent.split(':')[0],
               f.querySelectorAll('svg rect').length > 0,
               f.querySelector('table caption').textContent,
               f.querySelector('svg').getBoundingClientRect().width > 100])",
        )
        .await;
    let charts = charts.as_array().unwrap();
    assert_eq!(charts.len(), 3 + 1 + 1, "{charts:?}");
    for chart in charts {
        assert_eq!(chart[1], json!(true), "{chart}");
        assert_eq!(chart[3], json!(true), "{chart}");
        assert!(chart[2].as_str().unwrap().ends_with(", by day"), "{chart}");
    }
    let fill = browser
        .script("return getComputedStyle(document.querySelector('rect.accepted')).fill")
        .await;
    assert_eq!(fill, "rgb(27, 94, 32)");
    let (rules, violations) = axe(&browser, "html").await;
    println!("axe-core rules run on the admin page: {rules}");
    assert!(violations.is_empty(), "{violations:#?}");
    assert_no_csp_violation(&browser).await;
    browser.close().await;
    store.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

/// The browser reported no Content Security Policy violation since its log was last read.
async fn assert_no_csp_violation(browser: &Browser) {
    let log = browser.browser_log().await;
    assert!(
        !log.iter()
            .any(|line| line.contains("Content Security Policy")),
        "{log:?}"
    );
}

/// Cookie discovery after a walk of the demo: every cookie its stand-in trackers set from
/// JavaScript (which no `Set-Cookie` shows) is listed, seen in requests, with the Open
/// Cookie Database's suggestion; and the `discover` example's draft from that snapshot
/// loads as a policy file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_lists_the_cookies_set_from_javascript() {
    let browser = Browser::open(Options::default()).await;
    browser.goto("/").await;
    let held = browser.choose("/", "#tcc-banner button[value=accept_all]", true);
    assert_eq!(held.await, OPTIONAL);
    // The next pages carry what the scripts wrote back in `Cookie`.
    browser.goto("/about").await;
    browser.goto("/discovery.json").await;
    let text = browser
        .script("return document.body.innerText")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    browser.close().await;
    let snapshot: tower_cookie_consent::DiscoverySnapshot = serde_json::from_str(&text).unwrap();
    for name in FROM_SCRIPTS {
        let platform = if name.starts_with("_hj") {
            "Hotjar"
        } else {
            "Google Analytics"
        };
        let seen = snapshot
            .cookies
            .iter()
            .find(|cookie| cookie.name == name)
            .unwrap_or_else(|| panic!("{name} not discovered: {text}"));
        assert!(seen.seen_in_requests >= 1, "{name}: {seen:?}");
        let suggestion = seen.suggestion.as_ref().unwrap();
        assert_eq!(suggestion.platform, platform, "{name}");
        assert!(seen.declared.is_some(), "the demo declares {name}");
    }
    let draft = discover::draft(&snapshot);
    let builder: tower_cookie_consent::PolicyBuilder = toml::from_str(&draft).unwrap();
    builder.build().unwrap();
}
