//! How long each dossier is kept ("bewaren tot") and why, as a pure function of the dossier's facts,
//! so the rules can be read and tested apart from the database.
//!
//! The rules (domain-nl §1.3, §4, §5; DESIGN §6):
//! - WGBO care: 20 years from the last substantive change of the dossier (art. 7:454 lid 3). Personalia
//!   edits never move that date (see `dossier::clients`).
//! - Coaching (outside the WGBO, AVG art. 5(1)(e) only): N years after the last traject ended, N set by the
//!   practice (default [`DEFAULT_COACHING_YEARS`]).
//! - People who never became a client (status prospect, no traject, session or entry): 2 years after
//!   the last contact.
//! - Mixed regimes: the longest term applies. A dossier with an open traject is never due.
//! - An extension ("langer als goede zorg dat vereist") keeps the dossier at least until its date.
//! - A legal hold never changes the date but blocks destruction.
//!
//! "Bewaren tot D" means the term ends on D: from D on the dossier is on the due list.

use crate::dossier::{ClientStatus, Regime};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// WGBO art. 7:454 lid 3.
pub const WGBO_YEARS: u32 = 20;
/// Coaching default. Coaching is not care under the WGBO (NOBCO, domain-nl §1.1), so only the AVG's
/// "no longer than necessary" applies. Two years covers a client who returns after a break, which is
/// the only reason a coach needs old notes; the invoices are kept apart for their own 7 fiscal years,
/// so the dossier need not be kept for the tax office. The NIP code for psychologists asks only 1 year
/// after the relationship ends; the practice can set 1 to 20.
pub const DEFAULT_COACHING_YEARS: u32 = 2;
/// People who never became a client: 2 years after the last contact.
pub const DEFAULT_PROSPECT_YEARS: u32 = 2;
/// Financial records: 7 years after the end of their fiscal year (art. 52 lid 4 AWR).
pub const FINANCIAL_YEARS: u32 = 7;
/// The audit log is kept at least this long (NEN 7513); Dossierkluis never purges it.
pub const AUDIT_LOG_MIN_YEARS: u32 = 5;

/// The practice's retention settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSettings {
    pub coaching_years: u32,
    pub prospect_years: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            coaching_years: DEFAULT_COACHING_YEARS,
            prospect_years: DEFAULT_PROSPECT_YEARS,
        }
    }
}

/// `date` plus whole years. 29 February plus a year that has none gives 28 February (chrono clamps a
/// month addition to the month's last day).
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// What the policy needs to know about one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFacts {
    pub status: ClientStatus,
    /// Dates of creation and of the last administrative edit: contact moments for a prospect.
    pub created_on: NaiveDate,
    pub updated_on: NaiveDate,
    pub last_substantive_change: NaiveDate,
    pub sessions: u32,
    pub entries: u32,
    /// Each traject's regime and end date (`None`: still running).
    pub trajecten: Vec<(Regime, Option<NaiveDate>)>,
    /// The practice's regime, for a dossier without trajecten.
    pub default_regime: Regime,
    pub extended_until: Option<NaiveDate>,
    pub extended_reason: String,
}

/// Which rule set the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A traject is still running.
    OpenTraject,
    Wgbo,
    Coaching,
    Prospect,
    Extension,
}

/// The outcome: keep until (exclusive of nothing: the term ends on this date) and a sentence a
/// therapist understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// `None` while a traject runs.
    pub keep_until: Option<NaiveDate>,
    pub basis: Basis,
    pub reason: String,
}

fn nl(date: NaiveDate) -> String {
    crate::dates::dutch_long(date)
}

/// The retention term of one dossier.
pub fn term(facts: &DossierFacts, settings: RetentionSettings) -> Term {
    if facts.trajecten.iter().any(|(_, end)| end.is_none()) {
        return Term {
            keep_until: None,
            basis: Basis::OpenTraject,
            reason: "Er loopt nog een traject. De bewaartermijn begint pas als alle trajecten zijn afgesloten.".into(),
        };
    }
    let never_client = facts.status == ClientStatus::Prospect
        && facts.trajecten.is_empty()
        && facts.sessions == 0
        && facts.entries == 0;
    let base = if never_client {
        let last_contact = facts
            .created_on
            .max(facts.updated_on)
            .max(facts.last_substantive_change);
        Term {
            keep_until: Some(add_years(last_contact, settings.prospect_years)),
            basis: Basis::Prospect,
            reason: format!(
                "Nooit cliënt geworden: bewaren tot {} jaar na het laatste contact ({}).",
                settings.prospect_years,
                nl(last_contact)
            ),
        }
    } else {
        let (wgbo, coaching) = if facts.trajecten.is_empty() {
            (
                facts.default_regime == Regime::Wgbo,
                facts.default_regime == Regime::Coaching,
            )
        } else {
            (
                facts.trajecten.iter().any(|(r, _)| *r == Regime::Wgbo),
                facts.trajecten.iter().any(|(r, _)| *r == Regime::Coaching),
            )
        };
        let mut terms = Vec::new();
        if wgbo {
            terms.push(Term {
                keep_until: Some(add_years(facts.last_substantive_change, WGBO_YEARS)),
                basis: Basis::Wgbo,
                reason: format!(
                    "WGBO: bewaren tot {WGBO_YEARS} jaar na de laatste inhoudelijke wijziging van het dossier ({}).",
                    nl(facts.last_substantive_change)
                ),
            });
        }
        if coaching {
            let last_end = facts
                .trajecten
                .iter()
                .filter_map(|(_, end)| *end)
                .max()
                .unwrap_or(facts.last_substantive_change);
            terms.push(Term {
                keep_until: Some(add_years(last_end, settings.coaching_years)),
                basis: Basis::Coaching,
                reason: format!(
                    "Coaching: bewaren tot {} jaar na het einde van het laatste traject ({}).",
                    settings.coaching_years,
                    nl(last_end)
                ),
            });
        }
        terms
            .into_iter()
            .max_by_key(|t| t.keep_until)
            .expect("a dossier is WGBO or coaching")
    };
    match facts.extended_until {
        Some(until) if base.keep_until.is_some_and(|k| until > k) => Term {
            keep_until: Some(until),
            basis: Basis::Extension,
            reason: format!(
                "Langer bewaard omdat goede zorg dat vereist: {} (zonder verlenging: {})",
                facts.extended_reason, base.reason
            ),
        },
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts() -> DossierFacts {
        DossierFacts {
            status: ClientStatus::Closed,
            created_on: d("2020-01-10"),
            updated_on: d("2020-01-10"),
            last_substantive_change: d("2021-03-05"),
            sessions: 3,
            entries: 4,
            trajecten: vec![(Regime::Wgbo, Some(d("2021-03-01")))],
            default_regime: Regime::Wgbo,
            extended_until: None,
            extended_reason: String::new(),
        }
    }

    #[test]
    fn wgbo_runs_twenty_years_from_the_last_substantive_change() {
        let t = term(&facts(), RetentionSettings::default());
        assert_eq!(t.keep_until, Some(d("2041-03-05")));
        assert_eq!(t.basis, Basis::Wgbo);
        assert!(t.reason.contains("20 jaar"), "{}", t.reason);
    }

    #[test]
    fn an_administrative_edit_does_not_move_the_wgbo_date() {
        let mut f = facts();
        f.updated_on = d("2030-06-01");
        assert_eq!(
            term(&f, RetentionSettings::default()).keep_until,
            Some(d("2041-03-05"))
        );
    }

    #[test]
    fn an_open_traject_is_never_due() {
        let mut f = facts();
        f.trajecten.push((Regime::Coaching, None));
        let t = term(&f, RetentionSettings::default());
        assert_eq!(t.keep_until, None);
        assert_eq!(t.basis, Basis::OpenTraject);
    }

    #[test]
    fn coaching_counts_from_the_last_traject_end() {
        let mut f = facts();
        f.trajecten = vec![
            (Regime::Coaching, Some(d("2019-05-01"))),
            (Regime::Coaching, Some(d("2021-02-15"))),
        ];
        let s = RetentionSettings {
            coaching_years: 3,
            prospect_years: 2,
        };
        let t = term(&f, s);
        assert_eq!(t.keep_until, Some(d("2024-02-15")));
        assert_eq!(t.basis, Basis::Coaching);
    }

    #[test]
    fn mixed_regimes_take_the_longest() {
        let mut f = facts();
        f.trajecten.push((Regime::Coaching, Some(d("2021-03-01"))));
        assert_eq!(
            term(&f, RetentionSettings::default()).basis,
            Basis::Wgbo,
            "20 years beat the coaching term"
        );
    }

    #[test]
    fn a_prospect_goes_two_years_after_last_contact() {
        let mut f = facts();
        f.status = ClientStatus::Prospect;
        f.trajecten.clear();
        f.sessions = 0;
        f.entries = 0;
        f.last_substantive_change = d("2020-01-10");
        f.updated_on = d("2020-04-02");
        let t = term(&f, RetentionSettings::default());
        assert_eq!(t.keep_until, Some(d("2022-04-02")));
        assert_eq!(t.basis, Basis::Prospect);
    }

    #[test]
    fn a_prospect_with_a_session_is_a_client() {
        let mut f = facts();
        f.status = ClientStatus::Prospect;
        f.trajecten.clear();
        f.entries = 0;
        assert_eq!(term(&f, RetentionSettings::default()).basis, Basis::Wgbo);
    }

    #[test]
    fn an_extension_only_lengthens() {
        let mut f = facts();
        f.extended_until = Some(d("2050-01-01"));
        f.extended_reason = "erfelijke aandoening in de familie".into();
        let t = term(&f, RetentionSettings::default());
        assert_eq!(t.keep_until, Some(d("2050-01-01")));
        assert!(t.reason.contains("erfelijke"));
        f.extended_until = Some(d("2030-01-01"));
        assert_eq!(
            term(&f, RetentionSettings::default()).keep_until,
            Some(d("2041-03-05")),
            "an earlier date never shortens the legal term"
        );
    }

    #[test]
    fn leap_day_plus_twenty_years_stays_a_leap_day_and_plus_one_clamps() {
        assert_eq!(add_years(d("2024-02-29"), 20), d("2044-02-29"));
        assert_eq!(add_years(d("2024-02-29"), 1), d("2025-02-28"));
    }

    proptest! {
        #[test]
        fn add_years_is_monotone_and_keeps_day_within_clamp(
            days in 0i64..40_000, years in 0u32..30
        ) {
            let base = d("1990-01-01") + chrono::Duration::days(days);
            let later = add_years(base, years);
            prop_assert!(later >= base);
            prop_assert!(add_years(base, years + 1) > later);
            use chrono::Datelike;
            prop_assert_eq!(later.year(), base.year() + years as i32);
            prop_assert_eq!(later.month(), base.month());
            prop_assert!(later.day() == base.day() || (base.month() == 2 && base.day() == 29 && later.day() == 28));
        }

        #[test]
        fn the_term_never_ends_before_the_last_change(
            change in 0i64..20_000, extra in 0i64..3000, coaching_years in 1u32..20
        ) {
            let mut f = facts();
            f.last_substantive_change = d("1990-01-01") + chrono::Duration::days(change);
            f.trajecten = vec![(Regime::Coaching, Some(f.last_substantive_change - chrono::Duration::days(extra)))];
            let s = RetentionSettings { coaching_years, prospect_years: 2 };
            let t = term(&f, s);
            prop_assert!(t.keep_until.unwrap() > f.last_substantive_change - chrono::Duration::days(extra));
        }
    }
}
