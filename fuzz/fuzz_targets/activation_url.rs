//! The gate's URL check against the browser's own reading: any attribute value the check
//! lets the gate activate, decoded by html5ever's tokenizer (character references, NUL)
//! and parsed by the `url` crate (the WHATWG URL parser, the page's base
//! `https://site.example/dir/page`), is an `http:` or `https:` URL or no URL at all;
//! with an allow-list, its host is on the list or the page's own. Every candidate of a
//! `srcset` likewise.
#![no_main]

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::activatable;

/// The value of the first attribute of the first start tag.
#[derive(Default)]
struct FirstValue(RefCell<Option<String>>);

impl TokenSink for FirstValue {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(Tag {
            kind: TagKind::StartTag,
            attrs,
            ..
        }) = token
        {
            let mut slot = self.0.borrow_mut();
            if slot.is_none() {
                *slot = Some(attrs.first().map_or(String::new(), |a| a.value.to_string()));
            }
        }
        TokenSinkResult::Continue
    }
}

/// The attribute value `raw` as the browser's tokenizer hands it on.
fn decoded(raw: &str) -> Option<String> {
    let quote = if !raw.contains('"') {
        '"'
    } else if !raw.contains('\'') {
        '\''
    } else {
        return None;
    };
    let tokenizer = Tokenizer::new(FirstValue::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(format!("<a x={quote}{raw}{quote}>")));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.borrow_mut().take()
}

fn check(url: &str, hosts: Option<&[String]>) {
    let base = url::Url::parse("https://site.example/dir/page").unwrap();
    let Ok(parsed) = url::Url::options().base_url(Some(&base)).parse(url) else {
        return;
    };
    assert!(
        matches!(parsed.scheme(), "http" | "https"),
        "{url:?} made live as {parsed}"
    );
    if let Some(hosts) = hosts {
        // (A trailing dot names the same host.)
        let host = parsed.host_str().unwrap_or_default().trim_end_matches('.');
        assert!(
            host == "site.example" || hosts.iter().any(|allowed| allowed == host),
            "{url:?} made live on {host:?}"
        );
    }
}

/// The URLs of a `srcset` as HTML's parser reads them (§4.8.4.3.10): skip whitespace
/// and commas, a URL is a run of non-whitespace (trailing commas dropped, and then no
/// descriptors); descriptors run to a comma outside parentheses.
fn srcset_urls(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut urls = Vec::new();
    let mut at = 0;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
            at += 1;
        }
        if at >= bytes.len() {
            return urls;
        }
        let start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let url = &value[start..at];
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed);
        if trimmed.len() < url.len() {
            continue;
        }
        let mut in_parens = false;
        while at < bytes.len() {
            match bytes[at] {
                b'(' => in_parens = true,
                b')' => in_parens = false,
                b',' if !in_parens => break,
                _ => {}
            }
            at += 1;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Some(value) = decoded(raw) else {
        return;
    };
    let hosts = ["allowed.example".to_owned()];
    for allow in [None, Some(&hosts[..])] {
        if activatable(raw.as_bytes(), allow, false) {
            check(&value, allow);
        }
        if activatable(raw.as_bytes(), allow, true) {
            for candidate in srcset_urls(&value) {
                check(candidate, allow);
            }
        }
    }
});
