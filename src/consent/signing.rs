//! The consent cookie's optional signature: HMAC-SHA256 over the cookie's name and
//! value, in lowercase hex, checked in constant time.

use super::{Undecided, lowercase_hex};
use crate::policy::{Policy, SigningKey};

/// Appends `.` and the signature of `value` with the policy's signing key, if it has
/// one.
pub(super) fn sign(value: &mut String, policy: &Policy) {
    if let Some(key) = policy.signing_keys().first() {
        use hmac::Mac as _;
        let name = policy.consent_cookie_name();
        let signature: [u8; 32] = keyed(key, name, value.as_bytes())
            .finalize()
            .into_bytes()
            .into();
        value.push('.');
        value.push_str(&hex::encode(signature));
    }
}

/// The MAC over `payload`, bound to the consent cookie's name so that a value cannot be
/// replayed under another cookie.
fn keyed(key: &SigningKey, name: &str, payload: &[u8]) -> hmac::Hmac<sha2::Sha256> {
    use hmac::Mac as _;
    let mut mac = key.mac();
    mac.update(name.as_bytes());
    mac.update(b"=");
    mac.update(payload);
    mac
}

/// Without keys, the value as it is. With keys, the value less its signature, once the
/// signature of `name=value` checks out with one of them.
pub(super) fn verify<'v>(
    value: &'v [u8],
    name: &str,
    policy: &Policy,
) -> Result<&'v [u8], Undecided> {
    let keys = policy.signing_keys();
    if keys.is_empty() {
        return Ok(value);
    }
    const HEX_LEN: usize = 64;
    let split = value
        .len()
        .checked_sub(HEX_LEN + 1)
        .ok_or(Undecided::Invalid)?;
    let (payload, dot_and_hex) = value.split_at(split);
    let hex = dot_and_hex.strip_prefix(b".").ok_or(Undecided::Invalid)?;
    let claimed: [u8; 32] = lowercase_hex(hex).ok_or(Undecided::Invalid)?;
    let genuine = keys.iter().any(|key| {
        use hmac::Mac as _;
        keyed(key, name, payload).verify_slice(&claimed).is_ok()
    });
    if genuine {
        Ok(payload)
    } else {
        Err(Undecided::Invalid)
    }
}
