//! The 25-year simulation (issue 5, first "done when"): a practice's dossiers spread over 25 years
//! (WGBO, coaching, prospects, mixed regimes, open trajecten, legal holds, extensions, administrative
//! edits that must not restart the clock, a destruction on request), then retention run on 1 January of
//! every year from 2001 to 2052 with an injected date. Each year exactly the expected dossiers are due;
//! they are destroyed; afterwards no canary of a destroyed client is found anywhere (vault files, WAL,
//! decrypted pages, every table, FTS), the others are intact, and the register lists every destruction.
//!
//! The expected due date of each dossier is written down here from the rules (20 years after the last
//! care, coaching years after the last traject, 2 years after a prospect's last contact, …), not taken
//! from the code under test.

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::retention::*;
use common::*;
use dossierkluis::dossier::{
    ClientStatus, EntryKind, Regime, SessionInput, SessionStatus, TrajectInput,
};
use dossierkluis::retention::{RequestKind, RetentionSettings};
use std::collections::BTreeSet;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The same day N years later; 29 February becomes 28 February in a year without one.
fn plus_years(d: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + years, d.month(), d.day())
        .unwrap_or_else(|| ymd(d.year() + years, 2, 28))
}

#[derive(Debug)]
struct Case {
    id: i64,
    canary: String,
    /// When it must first appear on the due list; `None`: never during the simulation.
    due_from: Option<NaiveDate>,
    /// A legal hold set until this date (then cleared).
    hold_until: Option<NaiveDate>,
    /// Destroyed on a vernietiging request on this date.
    request_on: Option<NaiveDate>,
    destroyed: bool,
}

fn session(date: NaiveDate, traject: Option<i64>) -> SessionInput {
    SessionInput {
        traject_id: traject,
        date: date.to_string(),
        duration_minutes: 50,
        kind: "24504".into(),
        status: SessionStatus::Held,
        ..Default::default()
    }
}

#[test]
fn twenty_five_years_of_retention() {
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    const COACHING_YEARS: i32 = 3;
    vault
        .store_mut()
        .set_retention_settings(RetentionSettings {
            coaching_years: COACHING_YEARS as u32,
            prospect_years: 2,
        })
        .unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for i in 0..48u32 {
        let start = ymd(2000 + (i * 7 % 25) as i32, 1 + i % 12, 1 + (i * 5 % 28));
        let canary = format!("kanarie{i:03}qz");
        let name = client(&canary, "Simulatie");
        let mut case = Case {
            id: 0,
            canary: canary.clone(),
            due_from: None,
            hold_until: None,
            request_on: None,
            destroyed: false,
        };
        set_today(&mut vault, &start.to_string());
        let note = |s: &mut dossierkluis::Store, c: i64| {
            s.add_entry(
                c,
                &entry(
                    EntryKind::Sessieverslag,
                    &format!("Sessie met {canary}: {}", "inhoud ".repeat(50)),
                ),
            )
            .unwrap();
        };
        match i % 8 {
            // WGBO, then an address change three years later: 20 years from the care, not the edit.
            0 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                let t = s.add_traject(c, &wgbo(start, Some(start))).unwrap();
                s.add_session(c, &session(start, Some(t))).unwrap();
                note(s, c);
                let later = plus_years(start, 3);
                set_today(&mut vault, &later.to_string());
                let mut moved = client(&canary, "Simulatie");
                moved.city = "Zwolle".into();
                vault.store_mut().update_client(c, &moved).unwrap();
                case.id = c;
                case.due_from = Some(plus_years(start, 20));
            }
            // Coaching: N years after the traject ended (100 days after it started).
            1 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                let t = s.add_traject(c, &coaching(start, None)).unwrap();
                s.add_session(c, &session(start, Some(t))).unwrap();
                note(s, c);
                let end = start + Days::new(100);
                set_today(&mut vault, &end.to_string());
                vault
                    .store_mut()
                    .close_traject(t, &end.to_string())
                    .unwrap();
                case.id = c;
                case.due_from = Some(plus_years(end, COACHING_YEARS));
            }
            // A prospect: one contact, a phone number added 200 days later (a contact), nothing else.
            2 => {
                let mut p = name.clone();
                p.status = ClientStatus::Prospect;
                let c = vault.store_mut().add_client(&p).unwrap();
                let contact = start + Days::new(200);
                set_today(&mut vault, &contact.to_string());
                p.phone = "0612345678".into();
                vault.store_mut().update_client(c, &p).unwrap();
                case.id = c;
                case.due_from = Some(plus_years(contact, 2));
            }
            // Mixed: a WGBO traject, then a coaching traject closed a year later: the longest term.
            3 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                s.add_traject(c, &wgbo(start, Some(start))).unwrap();
                note(s, c);
                let end = plus_years(start, 1);
                set_today(&mut vault, &end.to_string());
                vault
                    .store_mut()
                    .add_traject(c, &coaching(start, Some(end)))
                    .unwrap();
                case.id = c;
                case.due_from = Some(plus_years(end, 20));
            }
            // A legal hold from the start until two years after the term ended.
            4 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                s.add_traject(c, &wgbo(start, Some(start))).unwrap();
                note(s, c);
                s.set_legal_hold(c, Some("claim aangekondigd")).unwrap();
                case.id = c;
                let hold_until = plus_years(start, 22);
                case.hold_until = Some(hold_until);
                case.due_from = Some(hold_until);
            }
            // An open traject: never due.
            5 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                let t = s.add_traject(c, &wgbo(start, None)).unwrap();
                s.add_session(c, &session(start, Some(t))).unwrap();
                note(s, c);
                case.id = c;
            }
            // Kept longer because good care requires it: 23 years.
            6 => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                s.add_traject(c, &wgbo(start, Some(start))).unwrap();
                note(s, c);
                s.extend_retention(c, Some(plus_years(start, 23)), "erfelijke aandoening")
                    .unwrap();
                case.id = c;
                case.due_from = Some(plus_years(start, 23));
            }
            // Destroyed on the client's request two years after the care.
            _ => {
                let s = vault.store_mut();
                let c = s.add_client(&name).unwrap();
                s.add_traject(c, &wgbo(start, Some(start))).unwrap();
                note(s, c);
                case.id = c;
                case.request_on = Some(plus_years(start, 2));
            }
        }
        cases.push(case);
    }

    let mut destructions = 0usize;
    for year in 2001..=2052 {
        let today = ymd(year, 1, 1);
        // Events of the past year: holds lifted, destruction requests handled.
        for case in cases.iter_mut().filter(|c| !c.destroyed) {
            if let Some(until) = case
                .hold_until
                .filter(|u| *u < today && *u >= ymd(year - 1, 1, 1))
            {
                set_today(&mut vault, &until.to_string());
                vault.store_mut().set_legal_hold(case.id, None).unwrap();
            }
            if let Some(on) = case
                .request_on
                .filter(|o| *o < today && *o >= ymd(year - 1, 1, 1))
            {
                set_today(&mut vault, &on.to_string());
                let req = vault
                    .store_mut()
                    .add_request(
                        case.id,
                        RequestKind::Vernietiging,
                        &on.to_string(),
                        "paspoort gezien",
                    )
                    .unwrap();
                vault
                    .store_mut()
                    .destroy_client(case.id, "verzoek van de cliënt", Some(req))
                    .unwrap();
                case.destroyed = true;
                destructions += 1;
            }
        }
        set_today(&mut vault, &today.to_string());
        let expected: BTreeSet<i64> = cases
            .iter()
            .filter(|c| !c.destroyed && c.due_from.is_some_and(|d| d <= today))
            .map(|c| c.id)
            .collect();
        let due: BTreeSet<i64> = vault
            .store()
            .due_for_destruction(today)
            .unwrap()
            .into_iter()
            .map(|s| s.client_id)
            .collect();
        assert_eq!(due, expected, "the due list on {today}");
        for id in due {
            vault
                .store_mut()
                .destroy_client(id, "bewaartermijn verstreken", None)
                .unwrap();
            cases.iter_mut().find(|c| c.id == id).unwrap().destroyed = true;
            destructions += 1;
        }
        if year == 2026 {
            check_traces(&mut vault, &dir, &cases);
        }
    }
    assert!(
        destructions >= 30,
        "the simulation really destroyed dossiers ({destructions})"
    );
    assert_eq!(
        cases.iter().filter(|c| !c.destroyed).count(),
        6,
        "only the open trajecten remain"
    );
    check_traces(&mut vault, &dir, &cases);
    let register = vault.store_mut().destruction_register().unwrap();
    assert_eq!(
        register.len(),
        destructions,
        "one register line per destruction"
    );
    let numbers: BTreeSet<String> = register.iter().map(|l| l.client_number.clone()).collect();
    assert_eq!(
        numbers.len(),
        destructions,
        "every destruction has its own line"
    );
    assert_eq!(
        register.iter().filter(|l| l.ground == "verzoek").count(),
        cases.iter().filter(|c| c.request_on.is_some()).count()
    );
    assert!(vault.store_mut().verify_audit().unwrap().intact);
    assert!(vault.store().integrity_check().unwrap().is_ok());
}

fn check_traces(vault: &mut dossierkluis::Vault, dir: &std::path::Path, cases: &[Case]) {
    for case in cases {
        let traces = canary_traces(vault, dir, &case.canary);
        if case.destroyed {
            assert!(
                traces.is_empty(),
                "{} destroyed but found in {traces:?}",
                case.canary
            );
        } else {
            assert!(
                traces.iter().any(|t| t.starts_with("table")),
                "{} is kept and still readable",
                case.canary
            );
        }
    }
}

fn wgbo(start: NaiveDate, end: Option<NaiveDate>) -> TrajectInput {
    TrajectInput {
        regime: Regime::Wgbo,
        start_date: start.to_string(),
        end_date: end.map(|e| e.to_string()).unwrap_or_default(),
        ..Default::default()
    }
}

fn coaching(start: NaiveDate, end: Option<NaiveDate>) -> TrajectInput {
    TrajectInput {
        regime: Regime::Coaching,
        ..wgbo(start, end)
    }
}
