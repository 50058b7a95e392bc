//! Dutch text for numbers people read on paper and screen: amounts in euro. Used by the PDFs, the CSV
//! exports and the UI alike, so one amount looks the same everywhere. Dates: [`crate::dates::dutch_long`].
//!
//! Amounts are integer cents, so formatting never rounds: `euro(123456)` is always `€ 1.234,56`.
//! Negative amounts (credit notes) are written `€ -12,50`, the Dutch locale's currency pattern
//! (CLDR `nl`: `¤ #,##0.00;¤ -#,##0.00`), which is also what Dutch spreadsheet and bookkeeping software
//! print; the minus stays next to the digits, so a right-aligned column of amounts keeps the euro signs
//! lined up.

/// `€ 1.234,56`: a euro sign, a normal space, thousands separated by dots, always two decimals.
pub fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("€ {sign}{}", amount(cents.unsigned_abs()))
}

/// The number alone, as in a column headed "Bedrag (€)": `1.234,56`, negative `-12,50`.
pub fn euro_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}", amount(cents.unsigned_abs()))
}

fn amount(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{grouped},{:02}", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_read_as_on_a_dutch_invoice() {
        assert_eq!(euro(0), "€ 0,00");
        assert_eq!(euro(5), "€ 0,05", "cents below ten keep their leading zero");
        assert_eq!(euro(8500), "€ 85,00");
        assert_eq!(euro(123_456), "€ 1.234,56");
        assert_eq!(euro(100_000_000), "€ 1.000.000,00");
        assert_eq!(
            euro(-1250),
            "€ -12,50",
            "a credit note shows the minus after the euro sign"
        );
        assert_eq!(euro_amount(-123_456), "-1.234,56");
        assert_eq!(
            euro(i64::MIN),
            "€ -92.233.720.368.547.758,08",
            "the extreme never panics"
        );
    }

    /// Parses our own output back, the way a person reads it: drop dots, comma is the decimal mark.
    fn read_back(text: &str) -> i64 {
        let body = text
            .strip_prefix("€ ")
            .expect("starts with the euro sign and a space");
        let (negative, digits) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let (whole, fraction) = digits.split_once(',').expect("one decimal comma");
        assert_eq!(fraction.len(), 2, "always two decimals: {text}");
        let groups: Vec<&str> = whole.split('.').collect();
        assert!(
            groups[0].len() <= 3 && !groups[0].is_empty(),
            "first group 1-3 digits: {text}"
        );
        assert!(
            groups[1..].iter().all(|g| g.len() == 3),
            "later groups exactly 3 digits: {text}"
        );
        let value: i64 = format!("{}{}", groups.concat(), fraction).parse().unwrap();
        if negative {
            -value
        } else {
            value
        }
    }

    proptest! {
        #[test]
        fn every_amount_reads_back_exactly(cents in (i64::MIN + 1)..=i64::MAX) {
            prop_assert_eq!(read_back(&euro(cents)), cents);
        }

        #[test]
        fn no_leading_zeros_or_stray_separators(cents in 0i64..10_000_000_000) {
            let text = euro(cents);
            let body = &text["€ ".len()..];
            prop_assert!(!body.starts_with('.'));
            prop_assert!(body == "0,00" || !body.starts_with('0') || body.starts_with("0,"));
            prop_assert_eq!(text.matches(',').count(), 1);
        }
    }
}
