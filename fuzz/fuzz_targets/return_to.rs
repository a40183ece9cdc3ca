//! Any `return_to`: what is accepted is a path on this site, before and after decoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tower_cookie_consent::internals::safe_return_to;

fn stays(path: &[u8]) -> bool {
    path.first() == Some(&b'/')
        && !matches!(path.get(1), Some(b'/' | b'\\'))
        && !path.iter().any(|byte| byte.is_ascii_control())
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(safe) = safe_return_to(raw) {
        assert_eq!(safe, raw);
        assert!(stays(raw.as_bytes()));
        assert!(
            raw.bytes()
                .all(|byte| byte.is_ascii_graphic() && byte != b'\\')
        );
        let once: Vec<u8> = percent_decode(raw.as_bytes());
        assert!(stays(&once));
        assert!(stays(&percent_decode(&once)));
        assert!(http::HeaderValue::from_str(raw).is_ok());
    }
});

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let hex = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%'
            && at + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[at + 1]), hex(bytes[at + 2]))
        {
            out.push(high << 4 | low);
            at += 3;
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    out
}
