//! Cookie discovery from live traffic: the names in requests (never their values), the
//! names and attributes the application sets, declarations and suggestions, warnings on
//! drift from the declaration, and bounded memory under a flood of names.

mod common;
#[path = "common/log.rs"]
mod log;

use common::*;
use http::{Request, StatusCode};
use http_body_util::Full;
use log::Log;
use tower_cookie_consent::{ConsentLayer, CookieDiscovery, SeenCookie};

fn request(cookie: &str) -> Request<Full<bytes::Bytes>> {
    Request::get("/")
        .header(http::header::COOKIE, cookie)
        .body(Full::default())
        .unwrap()
}

fn setting(set_cookies: &[&str]) -> http::Response<Full<bytes::Bytes>> {
    let mut response = response_with(StatusCode::OK, &[]);
    for value in set_cookies {
        response
            .headers_mut()
            .append(http::header::SET_COOKIE, value.parse().unwrap());
    }
    response
}

fn seen<'a>(cookies: &'a [SeenCookie], name: &str) -> &'a SeenCookie {
    cookies
        .iter()
        .find(|cookie| cookie.name == name)
        .unwrap_or_else(|| panic!("{name} not seen in {cookies:?}"))
}

#[tokio::test]
async fn request_names_are_counted_and_their_values_never_kept() {
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(policy()).discover_cookies(discovery.clone());
    for _ in 0..2 {
        send_through(
            layer.clone(),
            request("_fbp=fb.1.SECRET-ONE; prefs=SECRET-TWO; _ga=GA1.SECRET"),
            setting(&[]),
        )
        .await;
    }
    send_through(layer, request("prefs=SECRET-THREE"), setting(&[])).await;
    let snapshot = discovery.snapshot();
    let names: Vec<&str> = snapshot.cookies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["_fbp", "_ga", "prefs"]);
    assert_eq!(seen(&snapshot.cookies, "prefs").seen_in_requests, 3);
    assert_eq!(seen(&snapshot.cookies, "_fbp").seen_in_requests, 2);
    assert_eq!(seen(&snapshot.cookies, "_fbp").set_by_server, 0);
    let json = serde_json::to_string(&snapshot).unwrap();
    assert!(!json.contains("SECRET"), "{json}");
    // Declared names name their rule; the others get a suggestion.
    let prefs = seen(&snapshot.cookies, "prefs");
    let declared = prefs.declared.as_ref().unwrap();
    assert_eq!(
        (declared.category.as_str(), declared.rule.as_str()),
        ("functionality", "prefs")
    );
    // The database does not know `prefs`; it knows `_ga`, declared here too.
    assert_eq!(prefs.suggestion, None);
    let ga = seen(&snapshot.cookies, "_ga");
    assert_eq!(ga.declared.as_ref().unwrap().rule, "_ga");
    assert_eq!(ga.suggestion.as_ref().unwrap().platform, "Google Analytics");
    let fbp = seen(&snapshot.cookies, "_fbp");
    assert_eq!(fbp.declared, None);
    let suggestion = fbp.suggestion.as_ref().unwrap();
    assert_eq!(suggestion.category.as_deref(), Some("advertising"));
    assert_eq!(
        (
            suggestion.database_category.as_str(),
            suggestion.platform.as_str(),
            suggestion.provider.as_str(),
            suggestion.lifetime.as_str(),
        ),
        ("Marketing", "Facebook", "Facebook", "4 months")
    );
}

#[tokio::test]
async fn set_cookie_forms_are_recorded_before_the_layer_filters_them() {
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(policy()).discover_cookies(discovery.clone());
    let (response, _) = send_through(
        layer,
        request(""),
        setting(&[
            "_ga=GA1.1.1; Domain=.Example.com; Path=/; Max-Age=63072000; Secure; SameSite=Lax",
            "_hjSessionUser_42=x; Path=/app; Max-Age=3600; HttpOnly",
            "gone=; Max-Age=0",
            "session=abc",
        ]),
    )
    .await;
    // The visitor has not chosen: only the necessary cookie (and the deletion) reach the
    // browser.
    assert_eq!(
        values(response.headers(), "set-cookie"),
        [
            "gone=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "session=abc"
        ]
    );
    let snapshot = discovery.snapshot();
    let names: Vec<&str> = snapshot.cookies.iter().map(|c| c.name.as_str()).collect();
    // A deletion sets nothing: not recorded.
    assert_eq!(names, ["_ga", "_hjSessionUser_42", "session"]);
    let ga = seen(&snapshot.cookies, "_ga");
    assert_eq!(ga.set_by_server, 1);
    let form = &ga.set_cookie[0];
    assert_eq!(
        (
            form.domain.as_deref(),
            form.path.as_deref(),
            form.lifetime_seconds,
            form.secure,
            form.http_only,
            form.same_site.as_deref()
        ),
        (
            Some(".Example.com"),
            Some("/"),
            Some(63_072_000),
            true,
            false,
            Some("Lax")
        )
    );
    let hotjar = seen(&snapshot.cookies, "_hjSessionUser_42");
    // `_hj*` is declared in the test policy.
    assert_eq!(hotjar.declared.as_ref().unwrap().rule, "_hj*");
    assert!(
        seen(&snapshot.cookies, "session").set_cookie[0]
            .lifetime_seconds
            .is_none()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn drift_from_the_declaration_is_warned_about_once() {
    let log = Log::default();
    let _guard = log.capture();
    let policy = policy_builder()
        .cookie(tower_cookie_consent::CookieRule::new("basket", "functionality").duration("1 day"))
        .build()
        .unwrap();
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(policy).discover_cookies(discovery);
    for lifetime in ["86400", "864000", "8640000"] {
        let long = format!("basket=1; Max-Age={lifetime}");
        send_through(layer.clone(), request(""), setting(&[&long])).await;
    }
    // Declared with `Domain=example.com` at `/`: `shop.example.com` is elsewhere.
    for _ in 0..2 {
        send_through(
            layer.clone(),
            request(""),
            setting(&["_ga=1; Domain=shop.example.com\" evil=\"1; Max-Age=60"]),
        )
        .await;
    }
    send_through(
        layer.clone(),
        request(""),
        setting(&["_ga=1; Domain=EXAMPLE.com"]),
    )
    .await;
    let lifetime = log.lines_containing("live longer than its declaration");
    assert_eq!(lifetime.len(), 1, "{lifetime:?}");
    assert!(lifetime[0].contains("cookie=\"basket\""), "{}", lifetime[0]);
    assert!(lifetime[0].contains("seconds=864000"), "{}", lifetime[0]);
    let location = log.lines_containing("Domain or Path its declaration does not list");
    assert_eq!(location.len(), 1, "{location:?}");
    // The domain (the application's, or a request's) is shown quoted and escaped: it
    // cannot add a field of its own to the line.
    assert!(!location[0].contains(" evil=\"1"), "{}", location[0]);
    assert!(location[0].contains(r#"\" evil=\"1"#), "{}", location[0]);
    assert!(location[0].contains("cookie=\"_ga\""), "{}", location[0]);
}

#[tokio::test]
async fn a_flood_of_request_names_cannot_crowd_out_what_the_application_sets() {
    let discovery = CookieDiscovery::with_capacity(8);
    let layer = ConsentLayer::new(policy()).discover_cookies(discovery.clone());
    let flood: Vec<String> = (0..200).map(|n| format!("junk{n}=1")).collect();
    send_through(layer.clone(), request(&flood.join("; ")), setting(&[])).await;
    let long_name = format!("{}=1", "n".repeat(200));
    send_through(layer.clone(), request(&long_name), setting(&[])).await;
    send_through(
        layer.clone(),
        request(""),
        setting(&["session=1", "prefs=2"]),
    )
    .await;
    let snapshot = discovery.snapshot();
    let from_requests = snapshot
        .cookies
        .iter()
        .filter(|cookie| cookie.name.starts_with("junk"))
        .count();
    assert_eq!(from_requests, 4, "half of the capacity");
    assert!(
        snapshot
            .cookies
            .iter()
            .any(|cookie| cookie.name == "session")
    );
    assert!(snapshot.cookies.iter().any(|cookie| cookie.name == "prefs"));
    // 196 names past the half, and the overlong one.
    assert_eq!(snapshot.left_out, 197);
    assert_eq!(snapshot.cookies.len(), 6);
}

#[path = "../examples/discover.rs"]
#[allow(dead_code)]
mod discover;

/// The `discover` example's draft from a snapshot loads as a policy file, declaring
/// the undeclared cookies the database knows, in the categories it suggests.
#[tokio::test]
async fn the_draft_policy_loads_and_declares_what_was_seen_undeclared() {
    let discovery = CookieDiscovery::new();
    // A policy without advertising: the draft declares the category too.
    let policy = tower_cookie_consent::Policy::builder()
        .category(tower_cookie_consent::Category::performance())
        .cookie(tower_cookie_consent::CookieRule::new("_ga", "performance"))
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy).discover_cookies(discovery.clone());
    send_through(
        layer.clone(),
        request("_ga=1; _fbp=2; _hjSessionUser_9=3; mystery=4; bad\"name=5"),
        setting(&["_gid=GA1; Max-Age=86400"]),
    )
    .await;
    // Through JSON, as the example reads it.
    let json = serde_json::to_string(&discovery.snapshot()).unwrap();
    let snapshot: tower_cookie_consent::DiscoverySnapshot = serde_json::from_str(&json).unwrap();
    let draft = discover::draft(&snapshot);
    let builder: tower_cookie_consent::PolicyBuilder = toml::from_str(&draft).unwrap();
    let drafted = builder.build().unwrap();
    let declared: Vec<(String, &str, &str, &str)> = drafted
        .rules()
        .iter()
        .map(|rule| {
            (
                rule.pattern().to_string(),
                rule.category(),
                rule.provider.as_str(),
                rule.duration.as_str(),
            )
        })
        .collect();
    assert_eq!(
        declared,
        [
            ("_fbp".to_owned(), "advertising", "Facebook", "4 months"),
            ("_gid".to_owned(), "performance", "Google", "24 hours"),
            (
                "_hjSessionUser_9".to_owned(),
                "functionality",
                "Hotjar",
                "365 days"
            ),
        ]
    );
    let ids: Vec<&str> = drafted.categories().iter().map(|c| c.id()).collect();
    assert_eq!(
        ids,
        ["necessary", "advertising", "functionality", "performance"]
    );
    assert!(draft.contains("# Seen undeclared, not in the database: \"mystery\""));
    assert!(!draft.contains("bad"), "{draft}");
}

/// Trackers found in responses (here a `Link` header's preconnect) reach the draft: their
/// category is declared and the markup that gates them is written in a comment.
#[tokio::test]
async fn the_draft_lists_unmarked_trackers_with_their_markup() {
    let discovery = CookieDiscovery::new();
    let policy = tower_cookie_consent::Policy::builder()
        .category(tower_cookie_consent::Category::performance())
        .build()
        .unwrap();
    let layer = ConsentLayer::new(policy).discover_cookies(discovery.clone());
    let mut answer = setting(&[]);
    answer.headers_mut().append(
        "link",
        "<https://connect.facebook.net/en_US/fbevents.js>; rel=preload; as=script"
            .parse()
            .unwrap(),
    );
    let mut asked = request("");
    // The page is recorded without its query.
    *asked.uri_mut() = "https://example.com/shop?email=a@example.com"
        .parse()
        .unwrap();
    send_through(layer, asked, answer).await;
    let json = serde_json::to_string(&discovery.snapshot()).unwrap();
    let snapshot: tower_cookie_consent::DiscoverySnapshot = serde_json::from_str(&json).unwrap();
    let draft = discover::draft(&snapshot);
    let drafted = toml::from_str::<tower_cookie_consent::PolicyBuilder>(&draft)
        .unwrap()
        .build()
        .unwrap();
    let ids: Vec<&str> = drafted.categories().iter().map(|c| c.id()).collect();
    assert_eq!(ids, ["necessary", "advertising"]);
    assert!(
        draft.contains(
            "# - link rel=preload \"Meta Pixel\" (\"connect.facebook.net\") on \"/shop\", 1 times: \
             <link rel=\"preload\" data-consent=\"advertising\" data-href=\"…\"> (in a Link header: \
             send it only to visitors who allow advertising)\n"
        ),
        "{draft}"
    );
    // An older snapshot, without `trackers`, still reads.
    let old: tower_cookie_consent::DiscoverySnapshot =
        serde_json::from_str(r#"{"cookies":[],"left_out":0}"#).unwrap();
    assert!(old.trackers.findings.is_empty());
}

/// Names chosen to collide (review finding 5: names of one length differing only in the
/// top bytes of their last 8-byte word shared a start slot whatever the key, so one
/// request of 61 names like `session`'s filled the 32 slots a lookup probes and the name
/// the application then set was left out): every bit of a name now reaches its slot.
#[tokio::test]
async fn names_chosen_to_collide_cannot_crowd_out_what_the_application_sets() {
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(policy()).discover_cookies(discovery.clone());
    let flood: Vec<String> = (b'0'..=b'z')
        .filter(|byte| byte.is_ascii_alphanumeric() && *byte != b'n')
        .map(|byte| format!("sessio{}=1", byte as char))
        .collect();
    send_through(layer.clone(), request(&flood.join("; ")), setting(&[])).await;
    send_through(layer, request(""), setting(&["session=1"])).await;
    let snapshot = discovery.snapshot();
    assert!(snapshot.cookies.len() < 100, "far from the capacity");
    assert!(
        snapshot
            .cookies
            .iter()
            .any(|cookie| cookie.name == "session"),
        "left out: {}",
        snapshot.left_out
    );
}

/// A `Set-Cookie` value is bytes: browsers take a value (or a `Path`) in Latin-1 or any
/// other obs-text as they come, and set the cookie; discovery records its name and
/// attributes all the same (review finding 7: it read the whole header as UTF-8 and
/// dropped it otherwise).
#[tokio::test]
async fn a_set_cookie_with_a_value_in_latin_1_is_recorded() {
    let discovery = CookieDiscovery::new();
    let layer = ConsentLayer::new(policy()).discover_cookies(discovery.clone());
    let mut response = setting(&[]);
    response.headers_mut().append(
        http::header::SET_COOKIE,
        http::HeaderValue::from_bytes(b"pref=caf\xe9; Path=/; Max-Age=3600").unwrap(),
    );
    send_through(layer, request(""), response).await;
    let snapshot = discovery.snapshot();
    assert_eq!(seen(&snapshot.cookies, "pref").set_by_server, 1);
    assert_eq!(
        seen(&snapshot.cookies, "pref").set_cookie[0].lifetime_seconds,
        Some(3600)
    );
    let mut response = setting(&[]);
    response.headers_mut().append(
        http::header::SET_COOKIE,
        http::HeaderValue::from_bytes(b"caf\xe9=1; Path=/").unwrap(),
    );
    send_through(
        ConsentLayer::new(policy()).discover_cookies(discovery.clone()),
        request(""),
        response,
    )
    .await;
    assert_eq!(discovery.snapshot().cookies.len(), 1);
}

/// A huge capacity is clamped (review finding 8: sizing the table as twice the capacity
/// overflowed, a panic in debug builds and a wrapped size in release).
#[test]
fn a_huge_capacity_is_clamped() {
    let built = std::panic::catch_unwind(|| CookieDiscovery::with_capacity(usize::MAX));
    assert!(built.is_ok(), "with_capacity(usize::MAX) panicked");
}
