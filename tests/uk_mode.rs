//! UK mode (PECR Schedule A1): a category marked as used only for statistics or the
//! site's appearance is allowed before any choice, the banner says so with an "Object"
//! button, and objecting refuses it exactly like a refusal.

mod common;
#[path = "common/receipts.rs"]
mod suite;

use std::sync::Arc;

use common::*;
use http::StatusCode;
use suite::*;
use tower_cookie_consent::receipts::{
    Event, Method, ReceiptOptions, ReceiptStore, Receipts, SqliteStore,
};
use tower_cookie_consent::{Category, ConsentLayer, CookieRule, Policy};

const PAGE: &str =
    "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";

fn uk_policy() -> Policy {
    let mut builder = Policy::builder()
        .category(Category::functionality())
        .category(Category::performance().allowed_until_objected(true))
        .category(Category::advertising())
        .revision(2);
    // The statistics cookies' providers process on the site's behalf only: what the
    // exception requires of them.
    for rule in policy().rules() {
        let rule = rule.clone();
        let statistics = rule.category() == "performance";
        builder = builder.cookie(rule.processor_only(statistics));
    }
    builder.build().unwrap()
}

#[test]
fn the_builder_refuses_what_the_exception_does_not_cover() {
    let refused =
        |builder: tower_cookie_consent::PolicyBuilder| builder.build().unwrap_err().to_string();
    assert_eq!(
        refused(
            Policy::builder().category(
                Category::performance()
                    .allowed_until_objected(true)
                    .sells_or_shares(true)
            )
        ),
        "the category `performance` cannot run until visitors object (the UK's statistics \
         exception): it sells or shares data (Category::sells_or_shares)"
    );
    assert_eq!(
        refused(Policy::builder().category(Category::advertising().allowed_until_objected(true))),
        "the category `advertising` cannot run until visitors object (the UK's statistics \
         exception): advertising is not the site's own statistics"
    );
    let with_ga = |rule: CookieRule| {
        Policy::builder()
            .category(Category::performance().allowed_until_objected(true))
            .cookie(CookieRule::new("_sitestats", "performance"))
            .cookie(rule)
    };
    assert_eq!(
        refused(with_ga(
            CookieRule::new("_ga", "performance").provider("Google")
        )),
        "the category `performance` cannot run until visitors object (the UK's statistics \
         exception): the cookie `_ga` goes to Google, not declared as processing on the \
         site's behalf only (CookieRule::processor_only)"
    );
    // A processor, or the site's own controller, qualifies.
    assert!(
        with_ga(
            CookieRule::new("_ga", "performance")
                .provider("Google")
                .processor_only(true)
        )
        .build()
        .is_ok()
    );
    assert!(
        with_ga(CookieRule::new("_own", "performance").provider("Example Ltd"))
            .controller("Example Ltd")
            .build()
            .is_ok()
    );
    // The same checks for a policy file.
    let file = r#"
        [[categories]]
        id = "performance"
        allowed_until_objected = true
        [[cookies]]
        name = "_hjSession*"
        category = "performance"
        provider = "Hotjar"
    "#;
    let error = toml::from_str::<Policy>(file).unwrap_err().to_string();
    assert!(
        error.contains("the cookie `_hjSession*` goes to Hotjar"),
        "{error}"
    );
    let processor = file.replace(
        "provider = \"Hotjar\"",
        "provider = \"Hotjar\"\nprocessor_only = true",
    );
    assert!(toml::from_str::<Policy>(&processor).is_ok());
}

#[tokio::test]
async fn statistics_run_until_the_visitor_objects() {
    let store: Arc<dyn ReceiptStore> = Arc::new(SqliteStore::open(temp_db("uk")).await.unwrap());
    let layer = ConsentLayer::new(uk_policy()).record_receipts(Receipts::from_shared_store(
        store.clone(),
        ReceiptOptions::default(),
    ));
    let app = || {
        html(
            PAGE,
            &[
                ("content-type", "text/html"),
                ("set-cookie", "_ga=1; Path=/"),
                ("set-cookie", "_gcl_au=1; Path=/"),
            ],
        )
    };
    // Before any choice: the statistics cookie is allowed, advertising is not.
    let (response, seen) = send_through(layer.clone(), get(&["_ga=0"]), app()).await;
    let consent = seen.consent.unwrap();
    assert!(consent.allows("performance") && !consent.allows("advertising"));
    assert!(!consent.is_decided());
    assert_eq!(
        values(&response.headers().clone(), "set-cookie"),
        ["_ga=1; Path=/"]
    );
    let body = String::from_utf8(response.body().to_vec()).unwrap();
    assert!(
        body.contains(
            "<li><strong>Performance</strong>: These cookies collect information about how you use \
         the website, for instance which pages you visit most often, so that we can improve how \
         it works. Used only for statistics or for how the site looks: on unless you object.</li>"
        ),
        "{body}"
    );
    // The Object button is in the form's button row, after "Accept all" and "Reject all".
    assert!(
        body.contains(
            "class=\"tcc-button\">Reject all</button></div><div class=\"tcc-actions\"><button \
             type=\"submit\" name=\"object\" value=\"performance\" class=\"tcc-object\">Object \
             (Performance)</button></div><details>"
        ),
        "{body}"
    );
    // On in the banner's choices; consent categories are never pre-ticked.
    assert!(body.contains("name=\"category\" value=\"performance\" checked>"));
    assert!(body.contains("name=\"category\" value=\"advertising\">"));

    // "Object": the form sends the ticked boxes and the button.
    let objected = post(
        "application/x-www-form-urlencoded",
        "return_to=%2Fpage&category=performance&object=performance",
        &[("cookie", "_ga=0")],
    );
    let (response, _) = send_through(layer.clone(), objected, app()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookies = values(response.headers(), "set-cookie");
    let consent_cookie = cookies
        .iter()
        .find(|c| c.starts_with("__Host-cookie_consent=1.2."))
        .unwrap();
    let fields: Vec<&str> = consent_cookie
        .split(';')
        .next()
        .unwrap()
        .split('.')
        .collect();
    assert_eq!(
        fields[3], "",
        "objecting refuses the category: {consent_cookie}"
    );
    // The copy the browser holds is deleted, as for any refusal.
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("_ga=; Path=/; Max-Age=0")),
        "{cookies:?}"
    );
    let id = fields[4].to_owned();
    eventually("the objection's receipt", async || {
        store.receipts_of(consent_id(&id)).await.unwrap().len() == 1
    })
    .await;
    let receipt = store.receipts_of(consent_id(&id)).await.unwrap().remove(0);
    assert_eq!(
        (receipt.event, receipt.method),
        (Event::Given, Method::Object)
    );
    assert_eq!(
        receipt.refused,
        ["functionality", "performance", "advertising"]
    );

    // After it, the statistics cookie is refused like any other.
    let chosen = format!(
        "__Host-cookie_consent={}",
        consent_cookie
            .split(';')
            .next()
            .unwrap()
            .split_once('=')
            .unwrap()
            .1
    );
    let (response, seen) = send_through(layer.clone(), get(&[&chosen]), app()).await;
    assert!(!seen.consent.unwrap().allows("performance"));
    assert!(values(response.headers(), "set-cookie").is_empty());

    // Objecting by JSON is recorded as an objection too.
    let json = post("application/json", r#"{"object":"performance"}"#, &[]);
    let (response, _) = send_through(layer.clone(), json, app()).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let json_id = consent_id_set(response.headers());
    eventually("the JSON objection's receipt", async || {
        store.receipts_of(consent_id(&json_id)).await.unwrap().len() == 1
    })
    .await;
    let receipt = store
        .receipts_of(consent_id(&json_id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(receipt.method, Method::Object);

    // An unknown category, or an objection with an action, is a bad form.
    let bad = post("application/x-www-form-urlencoded", "object=nope", &[]);
    let (response, _) = send_through(layer.clone(), bad, app()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let both = post(
        "application/x-www-form-urlencoded",
        "object=performance&action=accept_all",
        &[],
    );
    let (response, _) = send_through(layer, both, app()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // The EU default: without the mark, nothing optional runs before a choice.
    let (response, seen) = send(policy(), get(&[]), app()).await;
    assert!(!seen.consent.unwrap().allows("performance"));
    assert!(values(response.headers(), "set-cookie").is_empty());
}
