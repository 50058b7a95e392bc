//! Checks and normalisation of what people type into forms. Each check returns the cleaned value or a
//! Dutch message for that field; forms collect all messages at once with [`Checks`].

use crate::error::{Error, FieldError, Result};
use chrono::NaiveDate;

/// Collects field errors so a form shows every problem in one go.
#[derive(Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    pub fn check<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.extend(e.fields);
                None
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::fields(self.errors))
        }
    }
}

pub fn required(field: &str, label: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::field(field, format!("Vul {label} in.")));
    }
    if v.chars().count() > 200 {
        return Err(Error::field(
            field,
            format!("{} is te lang (meer dan 200 tekens).", capitalise(label)),
        ));
    }
    Ok(v.to_string())
}

pub fn optional(field: &str, label: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        required(field, label, value)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Dutch postcode: four digits (not starting with 0) and two letters (not SA, SD or SS), written
/// `1234 AB`. Empty stays empty.
pub fn postcode(field: &str, value: &str) -> Result<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let bytes = compact.as_bytes();
    let shape_ok = bytes.len() == 6
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[0] != b'0'
        && bytes[4..].iter().all(u8::is_ascii_uppercase)
        && !matches!(&compact[4..], "SA" | "SD" | "SS");
    if !shape_ok {
        return Err(Error::field(field, format!("'{}' is geen Nederlandse postcode. Een postcode is vier cijfers en twee letters, zoals 1234 AB.", value.trim())));
    }
    Ok(format!("{} {}", &compact[..4], &compact[4..]))
}

pub fn house_number(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let starts_with_digit = v
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() && c != '0');
    if !starts_with_digit
        || v.len() > 12
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -/".contains(c))
    {
        return Err(Error::field(
            field,
            format!("'{v}' is geen huisnummer. Schrijf bijvoorbeeld 12, 12A of 12-2."),
        ));
    }
    Ok(v.to_string())
}

pub fn email(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
        }
        None => false,
    };
    if !ok {
        return Err(Error::field(field, format!("'{v}' is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.")));
    }
    Ok(v.to_string())
}

pub fn phone(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(8..=15).contains(&digits) || !v.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        return Err(Error::field(field, format!("'{v}' is geen geldig telefoonnummer. Schrijf bijvoorbeeld 06 12345678 of +31 20 1234567.")));
    }
    Ok(v.to_string())
}

/// A date of birth: a real date, not in the future, not before 1900.
pub fn birth_date(field: &str, value: &str, today: NaiveDate) -> Result<NaiveDate> {
    let date = crate::dates::parse_date(field, value)?;
    if date > today {
        return Err(Error::field(
            field,
            "De geboortedatum ligt in de toekomst. Controleer het jaartal.",
        ));
    }
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid") {
        return Err(Error::field(
            field,
            "De geboortedatum ligt vóór 1900. Controleer het jaartal.",
        ));
    }
    Ok(date)
}

/// A sum of money typed as euros to integer cents. Dutch first: `85`, `85,5`, `85,00`, `€ 1.234,56`
/// (a `.` groups thousands, the `,` starts the cents). Because many keyboards give a `.` on the
/// numeric keypad, a single `.` followed by one or two digits at the end is read as the decimal point
/// (`95.50` is € 95,50, never € 9.550). Anything else with a `.` (`1.2.3`, `12.3456`) is refused rather
/// than guessed: a wrong tariff would land on every nota.
pub fn euros_to_cents(field: &str, value: &str) -> Result<i64> {
    let cleaned: String = value
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{a0}')
        .collect();
    let bad = || {
        Error::field(
            field,
            format!(
                "'{}' is geen bedrag. Schrijf bijvoorbeeld 85,00 of 1.234,50.",
                value.trim()
            ),
        )
    };
    let (whole, frac) = match cleaned.split_once(',') {
        Some((whole, frac)) => (whole, frac),
        None => match cleaned.rsplit_once('.') {
            // One dot and one or two digits after it: a decimal point.
            Some((whole, frac)) if !whole.contains('.') && (1..=2).contains(&frac.len()) => {
                (whole, frac)
            }
            _ => (cleaned.as_str(), ""),
        },
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    // Thousands groups: 1.234 or 1.234.567, never 1.23 or 12.3456.
    let whole_ok = if whole.contains('.') {
        let mut groups = whole.split('.');
        let first = groups.next().unwrap_or("");
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    } else {
        digits(whole)
    };
    if !whole_ok || frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.replace('.', "").parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised_or_explained() {
        assert_eq!(postcode("p", "1234ab").unwrap(), "1234 AB");
        assert_eq!(postcode("p", " 1234  AB ").unwrap(), "1234 AB");
        assert_eq!(postcode("p", "").unwrap(), "");
        for bad in [
            "0123 AB", "123 AB", "1234 A", "1234 SS", "12345", "ABCD EF", "1234 ÄB",
        ] {
            let err = postcode("postcode", bad).unwrap_err();
            assert_eq!(err.fields[0].field, "postcode", "{bad} should be refused");
            assert!(
                err.message.contains("1234 AB"),
                "the message shows the right shape: {}",
                err.message
            );
        }
    }

    #[test]
    fn amounts_are_read_as_dutch_euros() {
        assert_eq!(euros_to_cents("f", "85").unwrap(), 8500);
        assert_eq!(euros_to_cents("f", "85,5").unwrap(), 8550);
        assert_eq!(euros_to_cents("f", "€ 1.234,56").unwrap(), 123456);
        assert!(euros_to_cents("f", "-5").is_err());
        assert!(euros_to_cents("f", "12,345").is_err());
    }

    #[test]
    fn a_dot_is_a_thousands_separator_or_a_decimal_point_never_a_guess() {
        // The numeric keypad's dot: a decimal point, not € 9.550 (the review found "95.50" read so).
        assert_eq!(euros_to_cents("f", "95.50").unwrap(), 9550);
        assert_eq!(euros_to_cents("f", "12.5").unwrap(), 1250);
        assert_eq!(
            euros_to_cents("f", "1.234").unwrap(),
            123_400,
            "three digits: thousands"
        );
        assert_eq!(euros_to_cents("f", "1.234.567,8").unwrap(), 123_456_780);
        assert_eq!(euros_to_cents("f", "€\u{a0}1.234,50").unwrap(), 123_450);
        for refused in [
            "1.2.3,4", "1.23,4", "12.3456", "1.2.3", ".50", "1,2,3", "95.", "1.23.45",
        ] {
            let err = euros_to_cents("tariff", refused).unwrap_err();
            assert_eq!(
                err.fields[0].field, "tariff",
                "{refused} is refused at its field"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the app prints as an amount reads back as the same cents, with or without the
        /// euro sign and the thousands dots, and with a keypad dot for the cents.
        #[test]
        fn printed_amounts_read_back(cents in 0i64..10_000_000_000) {
            let printed = crate::format::euro(cents);
            proptest::prop_assert_eq!(euros_to_cents("f", &printed).unwrap(), cents);
            let bare = format!("{},{:02}", cents / 100, cents % 100);
            proptest::prop_assert_eq!(euros_to_cents("f", &bare).unwrap(), cents);
            let keypad = format!("{}.{:02}", cents / 100, cents % 100);
            proptest::prop_assert_eq!(euros_to_cents("f", &keypad).unwrap(), cents);
        }
    }

    #[test]
    fn contact_details() {
        assert!(email("e", "a@b.nl").is_ok());
        assert!(email("e", "a@b").is_err());
        assert!(phone("t", "06 12345678").is_ok());
        assert!(phone("t", "bel me").is_err());
        assert!(house_number("h", "12A").is_ok());
        assert!(house_number("h", "A12").is_err());
    }
}
