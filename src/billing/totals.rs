//! VAT treatment and invoice totals, in integer cents.
//!
//! The rounding rule: line amounts are in cents excluding VAT. VAT is computed once per rate over the
//! sum of that rate's lines (Belastingdienst: the VAT may be rounded per invoice per rate), rounded half
//! away from zero to whole cents. Half away from zero keeps a credit note the exact mirror of its
//! invoice, so invoice + credit note is always 0 cents.

use serde::{Deserialize, Serialize};

/// How VAT applies to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatMode {
    /// 21 % btw.
    Vat21,
    /// Vrijgesteld: medische vrijstelling, art. 11 lid 1 onderdeel g onder 1° Wet OB 1968.
    Exempt,
    /// Kleineondernemersregeling: no VAT charged.
    Kor,
}

impl VatMode {
    pub const ALL: [VatMode; 3] = [VatMode::Vat21, VatMode::Exempt, VatMode::Kor];

    pub fn as_str(self) -> &'static str {
        match self {
            VatMode::Vat21 => "vat21",
            VatMode::Exempt => "exempt",
            VatMode::Kor => "kor",
        }
    }

    pub fn parse(text: &str) -> Option<VatMode> {
        VatMode::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// The VAT rate in percent.
    pub fn rate_percent(self) -> i64 {
        match self {
            VatMode::Vat21 => 21,
            VatMode::Exempt | VatMode::Kor => 0,
        }
    }

    /// The rate as printed in the VAT column.
    pub fn label(self) -> &'static str {
        match self {
            VatMode::Vat21 => "21%",
            VatMode::Exempt => "vrijgesteld",
            VatMode::Kor => "KOR",
        }
    }

    /// The sentence an invoice with such lines must carry, if any.
    pub fn invoice_text(self) -> Option<&'static str> {
        match self {
            VatMode::Vat21 => None,
            // The medical exemption for individual health care is sub 1° of art. 11 lid 1 onderdeel g.
            VatMode::Exempt => Some("Vrijgesteld van btw op grond van artikel 11, lid 1, onderdeel g, onder 1°, Wet op de omzetbelasting 1968."),
            VatMode::Kor => Some("Geen btw in rekening gebracht: deelnemer aan de kleineondernemersregeling (KOR), artikel 25 Wet op de omzetbelasting 1968."),
        }
    }
}

/// The net, VAT and total for one VAT treatment on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTotal {
    pub vat_mode: VatMode,
    pub net_cents: i64,
    pub vat_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Totals {
    pub net_cents: i64,
    pub vat_cents: i64,
    pub total_cents: i64,
    /// One entry per VAT treatment present, in the order vat21, exempt, kor.
    pub per_rate: Vec<RateTotal>,
}

/// VAT on `net_cents` at `percent`, rounded half away from zero.
pub fn vat_on(net_cents: i64, percent: i64) -> i64 {
    let exact = i128::from(net_cents) * i128::from(percent);
    let magnitude = (exact.abs() + 50) / 100;
    let vat = if exact < 0 { -magnitude } else { magnitude };
    i64::try_from(vat).expect("VAT of an i64 amount at <= 100 % fits in i64")
}

/// Totals for lines of (amount excluding VAT in cents, VAT treatment).
pub fn totals(lines: impl IntoIterator<Item = (i64, VatMode)>) -> Totals {
    let mut net = [0i64; 3];
    let mut present = [false; 3];
    for (amount, mode) in lines {
        let i = mode as usize;
        net[i] += amount;
        present[i] = true;
    }
    let per_rate: Vec<RateTotal> = VatMode::ALL
        .into_iter()
        .filter(|m| present[*m as usize])
        .map(|m| RateTotal {
            vat_mode: m,
            net_cents: net[m as usize],
            vat_cents: vat_on(net[m as usize], m.rate_percent()),
        })
        .collect();
    let net_cents = per_rate.iter().map(|r| r.net_cents).sum();
    let vat_cents = per_rate.iter().map(|r| r.vat_cents).sum();
    Totals {
        net_cents,
        vat_cents,
        total_cents: net_cents + vat_cents,
        per_rate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mode() -> impl Strategy<Value = VatMode> {
        prop_oneof![
            Just(VatMode::Vat21),
            Just(VatMode::Exempt),
            Just(VatMode::Kor)
        ]
    }

    #[test]
    fn vat_is_rounded_per_rate_not_per_line() {
        // Three lines of 0,10: per line 0,021 rounds to 0,02 each (0,06); per rate 0,30 * 21 % = 0,063 -> 0,06.
        let t = totals([(10, VatMode::Vat21); 3]);
        assert_eq!(t.vat_cents, 6);
        // Two lines of 0,02: per line 0,0042 rounds to 0 each; per rate 0,04 * 21 % = 0,0084 -> 0,01.
        let t = totals([(2, VatMode::Vat21); 2]);
        assert_eq!(t.vat_cents, 1, "VAT is computed on the rate total");
    }

    #[test]
    fn half_cents_round_away_from_zero() {
        assert_eq!(vat_on(50, 21), 11, "10,5 cent is 11 cent");
        assert_eq!(vat_on(-50, 21), -11, "a credit note mirrors the invoice");
        assert_eq!(vat_on(8500, 21), 1785);
        assert_eq!(vat_on(8500, 0), 0);
    }

    proptest! {
        #[test]
        fn totals_add_up_for_any_mix_of_lines(lines in prop::collection::vec((-10_000_000i64..10_000_000, mode()), 0..60)) {
            let t = totals(lines.clone());
            let net: i64 = lines.iter().map(|l| l.0).sum();
            prop_assert_eq!(t.net_cents, net, "net is the sum of the lines");
            prop_assert_eq!(t.total_cents, t.net_cents + t.vat_cents);
            for rate in &t.per_rate {
                let lines_net: i64 = lines.iter().filter(|l| l.1 == rate.vat_mode).map(|l| l.0).sum();
                prop_assert_eq!(rate.net_cents, lines_net);
                // The rounded VAT is within half a cent of the exact VAT.
                let exact_hundredths = i128::from(lines_net) * i128::from(rate.vat_mode.rate_percent());
                prop_assert!((i128::from(rate.vat_cents) * 100 - exact_hundredths).abs() <= 50);
                if rate.vat_mode != VatMode::Vat21 {
                    prop_assert_eq!(rate.vat_cents, 0, "no VAT on exempt or KOR lines");
                }
            }
        }

        #[test]
        fn a_credit_note_brings_the_balance_to_zero(lines in prop::collection::vec((0i64..10_000_000, mode()), 1..60)) {
            let invoice = totals(lines.clone());
            let credit = totals(lines.iter().map(|(a, m)| (-a, *m)));
            prop_assert_eq!(invoice.total_cents + credit.total_cents, 0);
            prop_assert_eq!(invoice.vat_cents + credit.vat_cents, 0);
        }

        #[test]
        fn the_order_of_lines_does_not_change_the_totals(mut lines in prop::collection::vec((0i64..1_000_000, mode()), 0..40)) {
            let before = totals(lines.clone());
            lines.reverse();
            prop_assert_eq!(totals(lines), before);
        }
    }
}
