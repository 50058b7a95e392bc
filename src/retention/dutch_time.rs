//! Dates in Dutch time. Every date the retention and request rules use is the Europe/Amsterdam
//! calendar date of the moment, whatever time zone the laptop is set to: a note written at 00:30 in
//! Utrecht belongs to that day, not to the day before (its UTC date).
//!
//! The rule is the EU summer-time rule (Directive 2000/84/EC), in force for the Netherlands since
//! 1996: CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//! October, CET (UTC+1) otherwise. Written out here instead of adding a time-zone database crate:
//! it is a few lines, has no data to keep up to date, and the tests below pin every switch. Should
//! the EU ever abolish the switch, this is the one place to change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("a valid month");
    let last = next - Duration::days(1);
    let back = last.weekday().num_days_from_sunday() as i64;
    let sunday = last - Duration::days(back);
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    sunday
}

/// The offset from UTC of Dutch time at `at`: one hour, or two in summer time.
pub fn amsterdam_offset_hours(at: DateTime<Utc>) -> i64 {
    let year = at.year();
    let start = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .expect("01:00")
        .and_utc();
    let end = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .expect("01:00")
        .and_utc();
    if at >= start && at < end {
        2
    } else {
        1
    }
}

/// The calendar date in the Netherlands at the instant `at`.
pub fn amsterdam_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(amsterdam_offset_hours(at))).date_naive()
}

/// The Dutch date of a stored text: an RFC 3339 instant (`2026-11-20T23:30:00.000Z`) is converted;
/// a plain date (`2026-11-21`) is taken as it is. Unreadable text gives `NaiveDate::MIN`.
pub fn dutch_date_of(text: &str) -> NaiveDate {
    if text.len() > 10 {
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return amsterdam_date(at.with_timezone(&Utc));
        }
    }
    text.get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_switch_days_are_the_last_sundays_of_march_and_october() {
        assert_eq!(last_sunday(2026, 3), d("2026-03-29"));
        assert_eq!(last_sunday(2026, 10), d("2026-10-25"));
        assert_eq!(
            last_sunday(2024, 3),
            d("2024-03-31"),
            "the month's last day itself"
        );
        assert_eq!(last_sunday(2027, 10), d("2027-10-31"));
        assert_eq!(last_sunday(2025, 12), d("2025-12-28"));
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc() {
        assert_eq!(amsterdam_offset_hours(at("2026-03-29T00:59:59Z")), 1);
        assert_eq!(amsterdam_offset_hours(at("2026-03-29T01:00:00Z")), 2);
        assert_eq!(amsterdam_offset_hours(at("2026-10-25T00:59:59Z")), 2);
        assert_eq!(amsterdam_offset_hours(at("2026-10-25T01:00:00Z")), 1);
        assert_eq!(amsterdam_offset_hours(at("2026-07-01T12:00:00Z")), 2);
        assert_eq!(amsterdam_offset_hours(at("2026-01-15T12:00:00Z")), 1);
    }

    #[test]
    fn half_past_midnight_in_amsterdam_is_that_dutch_day() {
        // Winter: 00:30 CET is 23:30 UTC the day before.
        assert_eq!(amsterdam_date(at("2026-11-20T23:30:00Z")), d("2026-11-21"));
        // Summer: 00:30 CEST is 22:30 UTC the day before; 01:30 CEST is 23:30 UTC.
        assert_eq!(amsterdam_date(at("2026-06-14T22:30:00Z")), d("2026-06-15"));
        assert_eq!(amsterdam_date(at("2026-06-14T21:59:59Z")), d("2026-06-14"));
        // New Year's Eve.
        assert_eq!(amsterdam_date(at("2026-12-31T23:00:00Z")), d("2027-01-01"));
        assert_eq!(amsterdam_date(at("2026-12-31T22:59:59Z")), d("2026-12-31"));
    }

    #[test]
    fn stored_text_is_read_as_a_dutch_date() {
        assert_eq!(dutch_date_of("2026-11-20T23:30:00.000Z"), d("2026-11-21"));
        assert_eq!(dutch_date_of("2026-11-20T12:00:00.000Z"), d("2026-11-20"));
        assert_eq!(dutch_date_of("2026-11-21"), d("2026-11-21"));
        assert_eq!(dutch_date_of(""), NaiveDate::MIN);
    }
}
