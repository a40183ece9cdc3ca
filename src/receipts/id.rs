//! Receipt ids: UUIDv7 (RFC 9562), so that ids sort by the time they were made.

use std::fmt;

/// The id of one receipt: a UUIDv7 (RFC 9562), written in its usual hyphenated lowercase
/// form. Ids made by one process sort in the order they were made (a millisecond time,
/// then a counter within it: the `uuid` crate's shared context); ids from several
/// servers sort by their millisecond.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceiptId([u8; 16]);

impl ReceiptId {
    /// A fresh id for now.
    pub(crate) fn now() -> Self {
        Self(uuid::Uuid::now_v7().into_bytes())
    }

    /// The same id every time for the same `seed`: a UUIDv7 at `millis` whose other
    /// bits are the seed's SHA-256, so that an event recorded from several requests (or
    /// servers) is stored once (writes are idempotent by receipt id).
    pub(crate) fn derived(millis: u64, seed: &[u8]) -> Self {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(seed);
        let mut bits = [0u8; 10];
        bits.copy_from_slice(&hash[..10]);
        Self(
            uuid::Builder::from_unix_timestamp_millis(millis, &bits)
                .into_uuid()
                .into_bytes(),
        )
    }

    /// Reads the hyphenated lowercase form (`0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6`).
    pub fn parse(text: &str) -> Option<Self> {
        // Only the form receipts write (the `uuid` crate also reads braces, URNs and
        // upper case).
        let hyphenated = text.len() == 36 && !text.bytes().any(|byte| byte.is_ascii_uppercase());
        hyphenated
            .then(|| uuid::Uuid::try_parse(text).ok())
            .flatten()
            .map(|id| Self(id.into_bytes()))
    }

    /// The id's 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&uuid::Uuid::from_bytes(self.0).hyphenated(), f)
    }
}

impl fmt::Debug for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReceiptId({self})")
    }
}

impl serde::Serialize for ReceiptId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ReceiptId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a lowercase UUID"))
    }
}

#[cfg(test)]
mod tests {
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::*;

    #[test]
    fn ids_are_version_7_and_increase() {
        let ids: Vec<ReceiptId> = (0..10_000).map(|_| ReceiptId::now()).collect();
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "{:?} {:?}", pair[0], pair[1]);
            assert!(pair[0].to_string() < pair[1].to_string());
        }
        let text = ids[0].to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "7", "{text}");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "{text}");
        assert_eq!(ReceiptId::parse(&text), Some(ids[0]));
        let millis = u64::from_be_bytes([
            0,
            0,
            ids[0].0[0],
            ids[0].0[1],
            ids[0].0[2],
            ids[0].0[3],
            ids[0].0[4],
            ids[0].0[5],
        ]);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        assert!(now.abs_diff(millis) < 60_000);
    }

    #[test]
    fn only_the_hyphenated_lowercase_form_parses() {
        let good = "0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6";
        assert_eq!(ReceiptId::parse(good).unwrap().to_string(), good);
        for bad in [
            "",
            "0192F3C4-5B6A-7C8D-9E0F-A1B2C3D4E5F6",
            "0192f3c45b6a7c8d9e0fa1b2c3d4e5f6",
            "0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f",
            "0192f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5fg",
            "0192f3c4+5b6a-7c8d-9e0f-a1b2c3d4e5f6",
        ] {
            assert_eq!(ReceiptId::parse(bad), None, "{bad}");
        }
    }
}
