//! Date and time text as the database stores it, and parsing of what people type.

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};

/// RFC 3339 in UTC with milliseconds: sorts as text in time order.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses `YYYY-MM-DD` (also `DD-MM-YYYY`, as Dutch forms write it) for `field`.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d-%m-%Y"))
        .map_err(|_| {
            Error::field(
                field,
                format!(
                    "'{text}' is geen geldige datum. Schrijf die als 2026-11-21 of 21-11-2026."
                ),
            )
        })
}

/// Parses `HH:MM` for `field`.
pub fn parse_time(field: &str, text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
        Error::field(
            field,
            format!(
                "'{}' is geen geldige tijd. Schrijf die als 14:30.",
                text.trim()
            ),
        )
    })
}

/// Age in whole years on `on`; a 29 February birthday counts from 1 March in common years.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Dutch long date: `21 november 2026`.
pub fn dutch_long(date: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn age_turns_on_the_birthday_and_leap_day_children_age_on_1_march() {
        assert_eq!(age_on(d("2010-05-10"), d("2022-05-09")), 11);
        assert_eq!(age_on(d("2010-05-10"), d("2022-05-10")), 12);
        assert_eq!(age_on(d("2008-02-29"), d("2024-02-28")), 15);
        assert_eq!(age_on(d("2008-02-29"), d("2024-02-29")), 16);
        assert_eq!(
            age_on(d("2008-02-29"), d("2023-02-28")),
            14,
            "no 29 February in 2023: still 14 on the 28th"
        );
        assert_eq!(age_on(d("2008-02-29"), d("2023-03-01")), 15);
    }

    #[test]
    fn dates_parse_in_both_dutch_orders() {
        assert_eq!(parse_date("d", "2026-11-21").unwrap(), d("2026-11-21"));
        assert_eq!(parse_date("d", "21-11-2026").unwrap(), d("2026-11-21"));
        assert_eq!(
            parse_date("d", "31-02-2026").unwrap_err().fields[0].field,
            "d"
        );
        assert_eq!(dutch_long(d("2026-11-21")), "21 november 2026");
    }

    proptest! {
        #[test]
        fn age_never_decreases_and_rises_by_one_per_year(b in 0i64..40_000, gap in 0i64..40_000) {
            let birth = d("1920-01-01") + chrono::Days::new(b as u64);
            let on = birth + chrono::Days::new(gap as u64);
            let age = age_on(birth, on);
            prop_assert!(age >= 0);
            prop_assert!(age_on(birth, on + chrono::Days::new(1)) - age <= 1);
            prop_assert!((age as i64) <= gap / 365 && (age as i64) >= gap / 366 - 1);
        }
    }
}
