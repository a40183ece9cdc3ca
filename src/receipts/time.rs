//! UTC timestamps as receipts write them: whole seconds, RFC 3339 (`2026-11-30T04:31:07Z`),
//! through `humantime` (which knows the calendar), read strictly.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch; times before it count as the epoch (the stores' form).
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
    })
}

/// The time `seconds` after the Unix epoch (negative values count as the epoch).
pub(crate) fn from_unix_seconds(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

/// `time` as `YYYY-MM-DDTHH:MM:SSZ`, its fraction of a second dropped.
pub(crate) fn format_utc(time: SystemTime) -> String {
    // Before the epoch (a clock set wrong) counts as the epoch, as everywhere here.
    let time = time.max(UNIX_EPOCH);
    humantime::format_rfc3339_seconds(time).to_string()
}

/// Reads `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`, the form receipts are
/// written in; `None` for anything else (other offsets, fractions, invalid dates).
pub(crate) fn parse_utc(text: &str) -> Option<SystemTime> {
    // Only the two forms receipts use: `humantime` also reads fractions and `+00:00`.
    let bytes = text.as_bytes();
    let full = match bytes.len() {
        10 => format!("{text}T00:00:00Z"),
        20 if bytes[10] == b'T' && bytes[19] == b'Z' => text.to_owned(),
        _ => return None,
    };
    // Digits where digits go (`humantime` reads them; a sign would not be one).
    let digits_ok = full
        .bytes()
        .enumerate()
        .all(|(at, byte)| matches!(at, 4 | 7 | 10 | 13 | 16 | 19) || byte.is_ascii_digit());
    digits_ok
        .then(|| humantime::parse_rfc3339(&full).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_for_two_centuries_round_trips() {
        // 1970-01-01 to 2169: leap years, century rules (2100 is not a leap year).
        for days in (0..73_000).step_by(7) {
            let time = from_unix_seconds(days * 86_400 + 3_661);
            let text = format_utc(time);
            assert_eq!(parse_utc(&text), Some(time), "{text}");
            assert_eq!(
                parse_utc(&text[..10]),
                Some(from_unix_seconds(days * 86_400))
            );
        }
        assert_eq!(parse_utc("2100-02-29"), None);
        assert!(parse_utc("2000-02-29").is_some());
    }

    #[test]
    fn formats_and_parses_the_receipt_form() {
        assert_eq!(
            format_utc(UNIX_EPOCH + Duration::from_secs(1_764_441_482)),
            "2025-11-29T18:38:02Z"
        );
        assert_eq!(
            format_utc(parse_utc("2026-01-01").unwrap()),
            "2026-01-01T00:00:00Z"
        );
        let time = from_unix_seconds(1_798_761_599);
        assert_eq!(format_utc(time), "2026-12-31T23:59:59Z");
        assert_eq!(parse_utc("2026-12-31T23:59:59Z"), Some(time));
        assert_eq!(format_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_utc("2024-02-29"),
            Some(from_unix_seconds(1_709_164_800))
        );
        for bad in [
            "",
            "2026",
            "2026-1-01",
            "2026-13-01",
            "2026-00-10",
            "2025-02-29",
            "2026-01-01T",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00+01:00",
            "2026-01-01T00:00:00.5Z",
            "2026-01-01 00:00:00Z",
            "+026-01-01",
            "1969-12-31",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }
}
