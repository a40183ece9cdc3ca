//! User content through a real sanitizer (`ammonia`), then through the layer with gating
//! on: the red team's forum. A sanitizer that keeps `data-*` attributes and iframes (a
//! common configuration for embeds) checks the scheme of `src`, not of `data-src`; the
//! layer must never turn what it let through into script, for any visitor. With the
//! crate's list of attributes stripped, nothing a user wrote is gated at all.
//!
//! The judge is the DOM a browser builds (html5ever, which decodes character references
//! as a browser does): every live `src`, `srcset` and `href` in it is read with the URL
//! parser's clean-up and must not have a script-capable scheme.

#[path = "../../tests/common/mod.rs"]
mod common;
mod dom;

use std::future::Future;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use common::*;
use http_body::Body as _;
use markup5ever_rcdom::{Handle, NodeData};
use tower_cookie_consent::{CONSENT_MARKUP_ATTRIBUTES, ConsentLayer, Gating};
use tower_layer::Layer;
use tower_service::Service;

/// What the red team posted as comments: every disguise of `javascript:`, `data:` and
/// `vbscript:` in the attributes the gate activates.
const PAYLOADS: &[&str] = &[
    r#"<iframe data-consent="necessary" data-src="javascript:top.document.getElementById('end').textContent='XSS '+top.document.domain"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="javascript:alert(1)"></iframe>"#,
    r#"<iframe data-consent="performance" data-src="JaVaScRiPt:alert(1)"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="&#106;avascript&#58;alert(1)"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="&#x6A;avascript&colon;alert(1)"></iframe>"#,
    "<iframe data-consent=\"advertising\" data-src=\"\tjava\tscript:alert(1)\"></iframe>",
    "<iframe data-consent=\"advertising\" data-src=\"java\nscript:alert(1)\"></iframe>",
    "<iframe data-consent=\"advertising\" data-src=\" \x0c javascript:alert(1)\"></iframe>",
    r#"<iframe data-consent="advertising" data-src="java&Tab;script:alert(1)"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="data:text/html,<script>alert(1)</script>"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="vbscript:msgbox(1)"></iframe>"#,
    r#"<iframe data-consent="advertising" data-src="VBScript&#x3A;msgbox(1)"></iframe>"#,
    r#"<img data-consent="advertising" data-src="javascript:alert(1)" alt="">"#,
    r#"<img data-consent="advertising" data-srcset="/a.png 1x, javascript:alert(1) 2x" alt="">"#,
    r#"<img data-consent="necessary" data-src="https://tracker.example/pixel.gif" alt="">"#,
    r#"<img data-category="advertising" data-src="data:image/svg+xml,<svg onload=alert(1)>" alt="">"#,
];

/// The embed markup the sanitizer lets through in the first configuration.
fn keeps_data_and_iframes() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["iframe"])
        .add_tag_attributes("iframe", ["src", "width", "height"])
        .add_generic_attribute_prefixes(["data-"]);
    builder
}

/// The same, with the crate's list stripped (the configuration the crate docs give).
fn strips_consent_markup() -> ammonia::Builder<'static> {
    let mut builder = keeps_data_and_iframes();
    builder.attribute_filter(|_element, attribute, value| {
        (!CONSENT_MARKUP_ATTRIBUTES
            .iter()
            .any(|name| name.eq_ignore_ascii_case(attribute)))
        .then(|| value.into())
    });
    builder
}

/// The forum's page: the operator's own marked embed, then the comments.
fn page(comments: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Forum</title></head><body>\
         <iframe data-consent=\"advertising\" data-src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\
         <section id=\"comments\">{comments}</section><p id=\"end\">end</p></body></html>"
    )
}

/// The page a visitor with `cookie` gets, the page cut into frames at `cuts`.
fn serve(layer: &ConsentLayer, page: &str, cookie: Option<&str>, cuts: &[usize]) -> Vec<u8> {
    let frames = Frames::cut(page.as_bytes(), cuts);
    let slot = std::sync::Mutex::new(Some(frames));
    let inner = tower::service_fn(
        move |_request: http::Request<http_body_util::Empty<Bytes>>| {
            let mut response = http::Response::new(slot.lock().unwrap().take().unwrap());
            response
                .headers_mut()
                .insert("content-type", "text/html; charset=utf-8".parse().unwrap());
            std::future::ready(Ok::<_, std::convert::Infallible>(response))
        },
    );
    let mut service = layer.layer(inner);
    let mut request = http::Request::get("/thread/1")
        .body(http_body_util::Empty::new())
        .unwrap();
    if let Some(cookie) = cookie {
        request
            .headers_mut()
            .insert(http::header::COOKIE, cookie.parse().unwrap());
    }
    let mut future = service.call(request);
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(Ok(response)) = std::pin::Pin::new(&mut future).poll(&mut cx) else {
        panic!("the inner service answers at once");
    };
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    loop {
        match std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            Poll::Ready(Some(frame)) => {
                if let Ok(data) = frame.unwrap().into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
            Poll::Ready(None) => return bytes,
            Poll::Pending => panic!("test bodies are always ready"),
        }
    }
}

/// Every visitor the layer treats differently: undecided, refused all, granted all.
fn visitors() -> Vec<Option<String>> {
    vec![
        None,
        Some(consent("")),
        Some(consent("functionality+performance+advertising")),
    ]
}

fn layers() -> Vec<ConsentLayer> {
    [Gating::new(), Gating::new().strict(true)]
        .into_iter()
        .map(|gating| ConsentLayer::new(policy_builder().gating(gating).build().unwrap()))
        .collect()
}

/// Live URL attributes with a script-capable scheme in the DOM a browser builds.
fn live_scripts(document: &[u8]) -> Vec<String> {
    fn walk(node: &Handle, found: &mut Vec<String>) {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            for attribute in attrs.borrow().iter() {
                let attribute_name = attribute.name.local.as_ref();
                if !matches!(attribute_name, "src" | "srcset" | "href") {
                    continue;
                }
                // The URL parser's clean-up, then the scheme of every candidate.
                let value: String = attribute
                    .value
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                for url in value.split([',', ' ']) {
                    let url = url.trim_matches(|c: char| c <= ' ').to_ascii_lowercase();
                    if ["javascript:", "data:", "vbscript:"]
                        .iter()
                        .any(|scheme| url.starts_with(scheme))
                    {
                        found.push(format!("<{} {attribute_name}={url:?}>", name.local));
                    }
                }
            }
        }
        for child in node.children.borrow().iter() {
            walk(child, found);
        }
    }
    let dom = dom::parse(document);
    let mut found = Vec::new();
    walk(&dom.document, &mut found);
    found
}

#[test]
fn the_sanitizer_keeps_the_attack_and_the_layer_never_makes_it_live() {
    let sanitizer = keeps_data_and_iframes();
    let comments: String = PAYLOADS
        .iter()
        .map(|payload| sanitizer.clean(payload).to_string())
        .collect();
    // The configuration is the dangerous one: it passes the inert URLs on.
    assert_eq!(comments.matches("data-src=").count(), 16, "{comments}");
    assert!(comments.contains("javascript:alert(1)"), "{comments}");
    // The raw payloads too, as a page that trusts its markup might hold them.
    let raw: String = PAYLOADS.concat();
    for content in [comments, raw] {
        let page = page(&content);
        assert!(live_scripts(page.as_bytes()).is_empty());
        for layer in layers() {
            for cookie in visitors() {
                let whole = serve(&layer, &page, cookie.as_deref(), &[]);
                assert_eq!(
                    live_scripts(&whole),
                    Vec::<String>::new(),
                    "visitor {cookie:?}"
                );
                // The operator's own embed still works for a visitor who allows it.
                let operator_embed = "      src=\"https://www.youtube-nocookie.com/embed/x\"";
                let granted = cookie.as_deref().is_some_and(|c| c.contains("advertising"));
                assert_eq!(
                    String::from_utf8_lossy(&whole).contains(operator_embed),
                    granted,
                    "visitor {cookie:?}"
                );
                // At every chunk boundary, the same bytes.
                for cut in (0..page.len()).step_by(7) {
                    assert_eq!(
                        serve(&layer, &page, cookie.as_deref(), &[cut]),
                        whole,
                        "cut at {cut}, visitor {cookie:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn with_the_crates_list_stripped_nothing_a_user_wrote_is_gated() {
    let sanitizer = strips_consent_markup();
    let legitimate = concat!(
        r#"<iframe data-consent="advertising" data-src="https://www.youtube-nocookie.com/embed/user" width="320"></iframe>"#,
        r#"<img data-category="performance" data-src="/u.gif" data-srcset="/u2.gif 2x" data-id="7" alt="">"#,
    );
    let comments: String = PAYLOADS
        .iter()
        .chain([&legitimate])
        .map(|payload| sanitizer.clean(payload).to_string())
        .collect();
    for name in CONSENT_MARKUP_ATTRIBUTES {
        assert!(!comments.contains(name), "{name} in {comments}");
    }
    // What other `data-*` the site uses stays.
    assert!(comments.contains("data-id=\"7\""), "{comments}");
    let page = page(&comments);
    for layer in layers() {
        for cookie in visitors() {
            let served = String::from_utf8(serve(&layer, &page, cookie.as_deref(), &[])).unwrap();
            let start = served.find("<section id=\"comments\">").unwrap();
            let end = served.find("<p id=\"end\">").unwrap();
            let written = page.find("<section id=\"comments\">").unwrap()
                ..page.find("<p id=\"end\">").unwrap();
            assert_eq!(&served[start..end], &page[written], "visitor {cookie:?}");
        }
    }
}
