//! The page's encoding and the layer's inserts (the head insert of Consent Mode and the
//! banner), through the whole layer at every chunk boundary: nothing visible goes into a
//! page that is not ASCII-compatible, the head insert goes after a UTF-8 byte-order mark
//! and after a `<meta charset>` that starts the head, and the response is exactly as
//! long as `Content-Length` says.

mod common;

use common::*;
use tower_cookie_consent::{Banner, ConsentLayer, ConsentMode, Gating};

const BANNER: &str = "<div id=\"BANNER\">B</div>";

/// Built once: building renders the banner in every language.
static LAYER: std::sync::LazyLock<ConsentLayer> = std::sync::LazyLock::new(|| {
    let policy = policy_builder()
        .gating(Gating::new())
        .consent_mode(ConsentMode::new())
        .banner(Banner::default().renderer(|_| BANNER.to_owned()))
        .build()
        .unwrap();
    ConsentLayer::new(policy)
});

/// The Consent Mode element for a visitor who granted nothing.
fn head_insert() -> String {
    concat!(
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}",
        "gtag('consent','default',{\"ad_storage\":\"denied\",\"ad_user_data\":\"denied\",",
        "\"ad_personalization\":\"denied\",\"analytics_storage\":\"denied\",",
        "\"functionality_storage\":\"denied\",\"personalization_storage\":\"denied\",",
        "\"security_storage\":\"granted\"});</script>"
    )
    .to_owned()
}

/// What a first-time visitor gets for `page` (`content_type`, its length announced), cut
/// at `cuts`: the headers and the body, checked against `Content-Length`.
async fn first_visit(
    page: &[u8],
    content_type: &str,
    cuts: &[usize],
) -> (http::HeaderMap, Vec<u8>) {
    let mut response = http::Response::new(Frames::cut(page, cuts));
    let headers = response.headers_mut();
    headers.insert("content-type", content_type.parse().unwrap());
    headers.insert("content-length", page.len().into());
    let (response, _) = send_through(LAYER.clone(), get(&[]), response).await;
    let (parts, body) = response.into_parts();
    let body = body.to_vec();
    if let Some(length) = parts.headers.get("content-length") {
        assert_eq!(
            length.to_str().unwrap(),
            body.len().to_string(),
            "cuts {cuts:?}"
        );
    }
    (parts.headers, body)
}

/// The body for `page`, the same whole, at every single cut and at every pair of cuts.
async fn at_every_cut(page: &[u8], content_type: &str) -> Vec<u8> {
    let (_, whole) = first_visit(page, content_type, &[]).await;
    for first in 0..=page.len() {
        let (_, cut) = first_visit(page, content_type, &[first]).await;
        assert_eq!(cut, whole, "cut at {first}");
        for second in (first..=page.len()).step_by(11) {
            let (_, cut) = first_visit(page, content_type, &[first, second]).await;
            assert_eq!(cut, whole, "cuts {first}, {second}");
        }
    }
    whole
}

#[tokio::test]
async fn a_utf16_page_gets_nothing_visible_whichever_its_byte_order() {
    let utf16 = |text: &str, little: bool| -> Vec<u8> {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    };
    let text = "<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";
    let added = head_insert().len() + BANNER.len();
    for little in [true, false] {
        let page = utf16(text, little);
        // The announced length counted both inserts: UTF-16 spaces stand for them at the
        // end, in the page's byte order, whole code units where the total allows.
        let mut want = page.clone();
        let space: [u8; 2] = if little { *b" \0" } else { *b"\0 " };
        for n in 0..added {
            want.push(space[n % 2]);
        }
        if added % 2 == 1 {
            *want.last_mut().unwrap() = b' ';
        }
        assert_eq!(
            at_every_cut(&page, "text/html").await,
            want,
            "little endian {little}"
        );
        let decoded: String =
            char::decode_utf16(want[2..want.len() - added % 2].chunks(2).map(|pair| {
                if little {
                    u16::from_le_bytes([pair[0], pair[1]])
                } else {
                    u16::from_be_bytes([pair[0], pair[1]])
                }
            }))
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            decoded.trim_end_matches(' '),
            text,
            "nothing but spaces is added"
        );
    }
}

#[tokio::test]
async fn a_page_declared_in_an_encoding_that_is_not_ascii_compatible_is_left_alone() {
    let page = b"<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";
    for charset in [
        "utf-16",
        "UTF-16LE",
        "utf-16be",
        "\"utf-16\"",
        "unicode",
        "ucs-2",
        "unicodeFFFE",
        "ISO-2022-JP",
        "csiso2022jp",
        "iso-2022-kr",
        "hz-gb-2312",
        "replacement",
    ] {
        let content_type = format!("text/html; charset={charset}");
        let (headers, body) = first_visit(page, &content_type, &[]).await;
        assert_eq!(body, page, "{charset}");
        assert_eq!(
            headers.get("content-length").unwrap(),
            &page.len().to_string(),
            "{charset}"
        );
    }
    // ASCII-compatible ones get both inserts.
    for charset in ["utf-8", "windows-1252", "shift_jis", "euc-jp", "iso-8859-1"] {
        let content_type = format!("text/html; charset={charset}");
        let (_, body) = first_visit(page, &content_type, &[]).await;
        assert_eq!(
            body.len(),
            page.len() + head_insert().len() + BANNER.len(),
            "{charset}"
        );
    }
}

#[tokio::test]
async fn the_head_insert_follows_a_utf8_byte_order_mark() {
    let page =
        "\u{feff}<!doctype html><html><head><title>t</title></head><body><p>hi</p></body></html>";
    let want = page
        .replacen("<title>", &format!("{}<title>", head_insert()), 1)
        .replacen("<body>", &format!("<body>{BANNER}"), 1);
    assert_eq!(
        String::from_utf8(at_every_cut(page.as_bytes(), "text/html").await).unwrap(),
        want
    );
    // With nothing but the mark and text.
    let bare = "\u{feff}hello";
    let want = format!("\u{feff}{}{BANNER}hello", head_insert());
    assert_eq!(
        String::from_utf8(at_every_cut(bare.as_bytes(), "text/html").await).unwrap(),
        want
    );
}

#[tokio::test]
async fn a_leading_meta_charset_stays_in_the_prescans_1024_bytes() {
    // The red team's page: a long comment, then the head's `<meta charset>` at byte 736.
    let comment = format!("<!-- {} -->", "x".repeat(700));
    let page = format!(
        "<!doctype html><html>{comment}<head><meta charset=\"windows-1252\"><title>t</title></head><body>caf\u{e9}</body></html>"
    );
    let meta_at = page.find("<meta").unwrap();
    assert!(meta_at > 700 && meta_at + 30 < 1024, "{meta_at}");
    let body = at_every_cut(page.as_bytes(), "text/html").await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(body.find("<meta"), Some(meta_at));
    let want = page
        .replacen(
            "<meta charset=\"windows-1252\">",
            &format!("<meta charset=\"windows-1252\">{}", head_insert()),
            1,
        )
        .replacen("<body>", &format!("<body>{BANNER}"), 1);
    assert_eq!(body, want);
}
