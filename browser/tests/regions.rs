//! Regions, Global Privacy Control, the UK exception and small screens, in headless
//! Chromium: a visitor from each regime through nginx adding `CF-IPCountry` as
//! Cloudflare would; the signal's sequence (on, off) and what stays refused; the UK
//! banner's "Object" button in view on a 320x568 phone; and every banner control
//! reached by the keyboard, in view with its focus ring, at 400 % zoom and at 200 %
//! text, with no label broken inside a word.
//!
//! Needs what `browser.rs` needs, and Debian's `nginx-light`. Run it from the
//! repository's root with `cargo test -p tower-cookie-consent-browser --test regions
//! -- --test-threads=1`.

mod common;
#[path = "../../examples/demo/site.rs"]
mod site;

use std::time::{Duration, Instant};

use common::chromium::{Browser, CONSENT, Cdp, Options, axe};
use common::nginx::Nginx;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::{Value, json};

/// The optional cookies the browser holds (by WebDriver and by `document.cookie`,
/// which must agree).
async fn script_cookies(browser: &Browser) -> Vec<String> {
    browser.optional_cookies(true).await
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no `{css}`: {error}"))
        .text()
        .await
        .unwrap()
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser
        .client
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .len()
}

/// Waits until the page's script-visible cookies satisfy `done` (the gated scripts
/// write theirs after the page loads).
async fn wait_for_cookies(browser: &Browser, what: &str, done: impl Fn(&[String]) -> bool) {
    let started = Instant::now();
    loop {
        let cookies = script_cookies(browser).await;
        if done(&cookies) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: {cookies:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_from_each_regime_through_a_cdn() {
    // The demo as a Cloudflare-fronted site runs it (DEMO_REGION_HEADER=cf-ipcountry,
    // DEMO_UK=1), behind an nginx that plays the CDN: it sets the country (and for
    // California the subdivision) by the host name the browser asked for, whatever
    // the browser sent.
    let demo = site::spawn_with(site::Switches {
        uk: true,
        region_header: Some("cf-ipcountry".to_owned()),
    })
    .await;
    let http = "map $host $country { de.demo.test DE; gb.demo.test GB; ca.demo.test US; \
                jp.demo.test JP; default XX; }\n\
                map $host $subdivision { ca.demo.test CA; default \"\"; }";
    let location = "proxy_set_header CF-IPCountry $country;\n\
                    proxy_set_header cf-region-code $subdivision;";
    let nginx = Nginx::with(demo, http, "", location);
    let browser = Browser::open(Options {
        host: Some("de.demo.test"),
        ..Options::default()
    })
    .await;
    let visit = |host: &'static str| {
        let url = format!("http://{host}:{}/", nginx.port);
        let client = browser.client.clone();
        async move { client.goto(&url).await.unwrap() }
    };

    // Germany: the banner, nothing optional, no Object button.
    visit("de.demo.test").await;
    assert_eq!(
        text_of(&browser, "#tcc-title").await,
        "Cookies on this site"
    );
    assert_eq!(count(&browser, "#tcc-banner button[name=object]").await, 0);
    assert_eq!(script_cookies(&browser).await, Vec::<String>::new());

    // The United Kingdom: the banner with "Object (Performance)" in its button row, and
    // the statistics stand-ins running until the visitor objects; advertising off.
    visit("gb.demo.test").await;
    assert_eq!(
        text_of(&browser, "#tcc-banner button[name=object]").await,
        "Object (Performance)"
    );
    let (rules, violations) = axe(&browser, "#tcc-banner").await;
    assert!(violations.is_empty(), "the UK banner: {violations:#?}");
    assert!(rules > 20, "{rules} axe-core rules run");
    wait_for_cookies(&browser, "statistics run before a choice", |cookies| {
        cookies.iter().any(|name| name == "_ga")
    })
    .await;
    assert!(
        !script_cookies(&browser)
            .await
            .contains(&"_gcl_au".to_owned())
    );

    // California: the opt-out notice; everything runs until the one click.
    visit("ca.demo.test").await;
    assert_eq!(
        text_of(&browser, "#tcc-title").await,
        "Your privacy choices"
    );
    assert_eq!(
        text_of(&browser, "#tcc-banner button[value=opt_out]").await,
        "Do not sell or share my personal information"
    );
    assert_eq!(count(&browser, "#tcc-banner input[type=checkbox]").await, 0);
    let (rules, violations) = axe(&browser, "#tcc-banner").await;
    assert!(violations.is_empty(), "the opt-out notice: {violations:#?}");
    assert!(rules > 20, "{rules} axe-core rules run");
    wait_for_cookies(&browser, "everything runs before opting out", |cookies| {
        ["_gcl_au", "_ga", "rantSubmission"]
            .iter()
            .all(|name| cookies.iter().any(|held| held == name))
    })
    .await;
    browser.click("#tcc-banner button[value=opt_out]").await;
    browser.wait_for_page_without_banner("/").await;
    visit("ca.demo.test").await;
    let held = script_cookies(&browser).await;
    assert!(!held.contains(&"_gcl_au".to_owned()), "{held:?}");
    assert!(held.contains(&"_ga".to_owned()) && held.contains(&"rantSubmission".to_owned()));

    // Japan (no rule): no banner, everything runs.
    visit("jp.demo.test").await;
    assert!(!browser.has_banner().await);
    wait_for_cookies(&browser, "no rule", |cookies| {
        cookies.iter().any(|name| name == "_gcl_au")
    })
    .await;
    browser.close().await;
}

/// The consent cookie's granted categories, as the browser holds it.
async fn granted_in_cookie(browser: &Browser) -> String {
    let cookie = browser.client.get_named_cookie(CONSENT).await.unwrap();
    cookie.value().split('.').nth(3).unwrap().to_owned()
}

async fn send_gpc(browser: &Browser, on: bool) {
    let headers = if on {
        json!({ "Sec-GPC": "1" })
    } else {
        json!({})
    };
    for (command, params) in [
        ("Network.enable", json!({})),
        ("Network.setExtraHTTPHeaders", json!({ "headers": headers })),
    ] {
        browser
            .client
            .issue_cmd(Cdp { command, params })
            .await
            .unwrap();
    }
}

/// The consent cookie grants all but advertising, and the advertising cookie is gone.
async fn assert_advertising_refused(browser: &Browser, what: &str) {
    assert_eq!(
        granted_in_cookie(browser).await,
        "functionality+performance",
        "{what}"
    );
    let held = script_cookies(browser).await;
    assert!(!held.contains(&"_gcl_au".to_owned()), "{what}: {held:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_signal_refused_stays_refused_when_it_stops() {
    let browser = Browser::open(Options::default()).await;
    // "Accept all" without the signal: advertising is in.
    browser.goto("/").await;
    browser.click("#tcc-banner button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/").await;
    browser.goto("/").await;
    assert_eq!(
        granted_in_cookie(&browser).await,
        "functionality+performance+advertising"
    );
    assert!(
        script_cookies(&browser)
            .await
            .contains(&"_gcl_au".to_owned())
    );

    // The browser starts sending the signal: the next page writes the choice again
    // without advertising, and deletes its cookie.
    send_gpc(&browser, true).await;
    browser.goto("/about").await;
    assert_advertising_refused(&browser, "/about, with the signal").await;
    // The preferences page lists it as refused, and says why.
    browser.goto("/consent").await;
    assert_eq!(
        text_of(&browser, "#tcc-gpc-refused").await,
        "Refused: Advertising and tracking (Opt-out preference signal honoured)"
    );

    // The signal stops: advertising stays refused (no opt-in), on every page.
    send_gpc(&browser, false).await;
    for page in ["/", "/about", "/"] {
        browser.goto(page).await;
        assert_advertising_refused(&browser, page).await;
    }
    // "Accept all" while sending the signal grants everything but advertising.
    send_gpc(&browser, true).await;
    browser.goto("/consent").await;
    browser.click("button[value=accept_all]").await;
    browser.wait_for_page_without_banner("/").await;
    assert_eq!(
        granted_in_cookie(&browser).await,
        "functionality+performance"
    );
    browser.close().await;
}

/// Whether the element `css` is in view and on top at its centre: not scrolled out of
/// a box, not covered.
async fn on_top_in_view(browser: &Browser, css: &str) -> Value {
    browser
        .client
        .execute(
            "const e = document.querySelector(arguments[0]);
             const r = e.getBoundingClientRect();
             const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
             const top = document.elementFromPoint(x, y);
             return { inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth
                              && r.bottom <= innerHeight,
                      onTop: top === e || e.contains(top), rect: [r.left, r.top, r.right, r.bottom],
                      viewport: [innerWidth, innerHeight] };",
            vec![json!(css)],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_uk_object_button_is_in_view_on_a_320_by_568_phone() {
    let demo = site::spawn_with(site::Switches {
        uk: true,
        region_header: None,
    })
    .await;
    let browser = Browser::open(Options {
        width: 320,
        height: 568,
        server: Some(demo),
        ..Options::default()
    })
    .await;
    for page in ["/", "/about"] {
        browser.goto(page).await;
        let object = on_top_in_view(&browser, "#tcc-banner button[name=object]").await;
        assert_eq!(object["inside"], true, "{page}: {object}");
        assert_eq!(object["onTop"], true, "{page}: {object}");
        // With "Customize" open it stays in view.
        browser.click("#tcc-banner details > summary").await;
        let object = on_top_in_view(&browser, "#tcc-banner button[name=object]").await;
        assert_eq!(
            (object["inside"].clone(), object["onTop"].clone()),
            (json!(true), json!(true)),
            "{page}, customize open: {object}"
        );
    }
    // Objecting is one click: statistics off, the choice recorded.
    browser.goto("/").await;
    browser.click("#tcc-banner button[name=object]").await;
    browser.wait_for_page_without_banner("/").await;
    assert_eq!(granted_in_cookie(&browser).await, "");
    browser.close().await;
}

/// Where the focused element is, and whether its focus ring shows: inside the
/// viewport and inside every box that clips it, with room for the ring (3 px wide, 2 px
/// off the element), and drawn.
const FOCUS_CHECK: &str = "
    const e = document.activeElement;
    const banner = document.getElementById('tcc-banner');
    if (!banner || !banner.contains(e)) { return { inBanner: false }; }
    const ring = 5;
    const r = e.getBoundingClientRect();
    const box = { left: r.left - ring, top: r.top - ring, right: r.right + ring,
                  bottom: r.bottom + ring };
    const problems = [];
    if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight) {
        problems.push('outside the viewport ' + JSON.stringify(box));
    }
    for (let p = e.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') { continue; }
        const c = p.getBoundingClientRect();
        const left = c.left + p.clientLeft, top = c.top + p.clientTop;
        const clip = { left, top, right: left + p.clientWidth, bottom: top + p.clientHeight };
        if (box.left < clip.left - 0.5 || box.top < clip.top - 0.5
            || box.right > clip.right + 0.5 || box.bottom > clip.bottom + 0.5) {
            problems.push('clipped by ' + p.tagName + '.' + p.className + ' '
                          + JSON.stringify(clip) + ' ' + JSON.stringify(box));
        }
    }
    const style = getComputedStyle(e);
    if (style.outlineStyle !== 'solid' || style.outlineWidth !== '3px') {
        problems.push('no focus ring: ' + style.outlineStyle + ' ' + style.outlineWidth);
    }
    const name = e.tagName + (e.value ? '[' + e.value + ']' : '') + ' '
        + (e.textContent || '').trim().slice(0, 30);
    return { inBanner: true, name, problems };";

/// Every word of the banner's buttons, summaries and labels on one line: a label may
/// wrap between words, never inside one.
const BROKEN_WORDS: &str = "
    const broken = [];
    const banner = document.getElementById('tcc-banner');
    for (const element of banner.querySelectorAll('button, summary, label')) {
        if (!element.checkVisibility()) { continue; }
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(x => Math.round(x.top)));
                if (tops.size > 1) { broken.push(match[0]); }
            }
        }
    }
    return broken;";

/// Tabs through the banner from the start of the page: every control it shows (inside
/// a closed `<details>` nothing is shown) is focused in turn, in view
/// with its ring.
async fn tab_through_the_banner(browser: &Browser, what: &str) {
    let expected = browser
        .script(
            "return [...document.querySelectorAll('#tcc-banner a[href], #tcc-banner button, \
             #tcc-banner summary, #tcc-banner input:not([disabled])')]
                 .filter(e => e.checkVisibility()).length",
        )
        .await
        .as_u64()
        .unwrap();
    browser
        .script(
            "const root = document.documentElement; root.tabIndex = -1; root.focus();
             window.scrollTo(0, 0); return 0",
        )
        .await;
    let mut reached = Vec::new();
    let mut problems = Vec::new();
    for _ in 0..200 {
        browser.press(Key::Tab).await;
        let focus = browser.script(FOCUS_CHECK).await;
        if focus["inBanner"] != true {
            if reached.is_empty() {
                continue;
            }
            break;
        }
        let name = focus["name"].as_str().unwrap().to_owned();
        for problem in focus["problems"].as_array().unwrap() {
            problems.push(format!("{name}: {}", problem.as_str().unwrap()));
        }
        reached.push(name);
    }
    assert!(problems.is_empty(), "{what}: {problems:#?}");
    assert_eq!(
        reached.len() as u64,
        expected,
        "{what}: reached {reached:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_banner_control_is_reachable_with_its_focus_in_view_at_400_zoom_and_200_text() {
    for (what, options) in [
        // 400 % zoom of a 1280x800 window: a 320x200 CSS viewport at four times the
        // pixels.
        (
            "400% zoom",
            Options {
                width: 320,
                height: 200,
                scale: 4,
                ..Options::default()
            },
        ),
        // 200 % text on a 320x568 phone: the browser's default font size doubled.
        (
            "200% text at 320x568",
            Options {
                width: 320,
                height: 568,
                default_font_size: Some(32),
                ..Options::default()
            },
        ),
    ] {
        let browser = Browser::open(options).await;
        browser.goto("/").await;
        let broken = browser.script(BROKEN_WORDS).await;
        assert_eq!(broken, json!([]), "{what}: words broken in a label");
        tab_through_the_banner(&browser, what).await;
        // Open "Customize" (Enter on its summary, as a keyboard user does) and go
        // through every checkbox too.
        browser
            .script("document.querySelector('#tcc-banner details > summary').focus(); return 0")
            .await;
        browser.press(Key::Enter).await;
        assert_eq!(
            browser
                .script("return document.querySelector('#tcc-banner details').open")
                .await,
            true
        );
        let broken = browser.script(BROKEN_WORDS).await;
        assert_eq!(broken, json!([]), "{what}, customize open");
        tab_through_the_banner(&browser, &format!("{what}, customize open")).await;
        browser.close().await;
    }
}
