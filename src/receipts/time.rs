//! UTC timestamps as receipts write them: whole seconds, RFC 3339 (`2026-11-30T04:31:07Z`).
//!
//! A few lines of calendar arithmetic (Howard Hinnant's `days_from_civil` and
//! `civil_from_days`) instead of a date crate: receipts need one format, in UTC only.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch; times before it count as the epoch.
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
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tower_cookie_consent::receipts::format_utc;
///
/// assert_eq!(format_utc(UNIX_EPOCH + Duration::from_secs(1_764_441_482)), "2025-11-29T18:38:02Z");
/// ```
pub fn format_utc(time: SystemTime) -> String {
    let seconds = unix_seconds(time);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Reads `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`, the form receipts are
/// written in; `None` for anything else (other offsets, fractions, invalid dates).
///
/// ```
/// use tower_cookie_consent::receipts::{format_utc, parse_utc};
///
/// let since = parse_utc("2026-01-01").unwrap();
/// assert_eq!(format_utc(since), "2026-01-01T00:00:00Z");
/// assert_eq!(parse_utc("2026-02-30"), None);
/// ```
pub fn parse_utc(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |value, digit| value * 10 + i64::from(digit - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let of_day = match bytes.len() {
        10 => 0,
        20 if bytes[10] == b'T' && bytes[13] == b':' && bytes[16] == b':' && bytes[19] == b'Z' => {
            let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
            if hour > 23 || minute > 59 || second > 59 {
                return None;
            }
            hour * 3600 + minute * 60 + second
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    // An invalid date (February 30th) does not survive the round trip.
    if !(1..=12).contains(&month) || civil_from_days(days) != (year, month, day) {
        return None;
    }
    let seconds = days * 86_400 + of_day;
    (seconds >= 0).then(|| from_unix_seconds(seconds))
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_for_two_centuries_round_trips() {
        // 1970-01-01 to 2169: leap years, century rules (2100 is not a leap year).
        let mut previous = None;
        for days in 0..73_000 {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
            if let Some((p_year, p_month, p_day)) = previous {
                assert!((year, month, day) > (p_year, p_month, p_day));
            }
            previous = Some((year, month, day));
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(
            civil_from_days(days_from_civil(2100, 3, 1) - 1),
            (2100, 2, 28)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2000, 3, 1) - 1),
            (2000, 2, 29)
        );
    }

    #[test]
    fn formats_and_parses_the_receipt_form() {
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
