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

/// The demo practice over 25 years (with administrative edits on some dossiers afterwards): at every
/// yearly step the due list is exactly what the rules give when applied here, from the raw rows, by
/// code written for this test.
#[test]
fn the_demo_practice_comes_due_year_by_year_exactly_as_the_rules_say() {
    let (_tmp, mut vault, _) = new_vault();
    set_today(&mut vault, "2026-11-30");
    vault
        .store_mut()
        .generate_demo(
            dossierkluis::demo::DemoSpec {
                clients: 80,
                years: 25,
                seed: 7,
            },
            |_, _| {},
        )
        .unwrap();
    // Administrative edits on every fifth client (not the prospects, whose edits count as contact): a
    // new phone number in 2026 restarts nothing.
    let clients = vault.store().list_clients(None).unwrap();
    let ids: Vec<i64> = clients.iter().map(|c| c.id).collect();
    let edited: Vec<i64> = clients
        .iter()
        .filter(|c| c.id % 5 == 0 && c.status != ClientStatus::Prospect)
        .map(|c| c.id)
        .collect();
    assert!(edited.len() > 10);
    for id in &edited {
        let c = vault.store_mut().client(*id).unwrap();
        let input = ClientInputFrom(&c).input("06 99999999");
        vault.store_mut().update_client(*id, &input).unwrap();
    }
    let coaching_years = vault.store().retention_settings().unwrap().coaching_years as i32;

    // The expected "due from" date of each dossier, from the raw rows.
    let conn = vault.store().connection();
    let mut expected_due: Vec<(i64, Option<NaiveDate>)> = Vec::new();
    for id in &ids {
        let (status, created, lsc, sessions, entries): (String, String, String, i64, i64) = conn
            .query_row(
                "SELECT status, created_at, last_substantive_change, \
                 (SELECT count(*) FROM sessions WHERE client_id = c.id), (SELECT count(*) FROM entries WHERE client_id = c.id) \
                 FROM clients c WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        let trajecten: Vec<(String, Option<String>)> = conn
            .prepare("SELECT regime, end_date FROM trajecten WHERE client_id = ?1")
            .unwrap()
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let day = |s: &str| -> NaiveDate { s[..10].parse().unwrap() };
        let due = if trajecten.iter().any(|(_, end)| end.is_none()) {
            None
        } else if status == "prospect" && trajecten.is_empty() && sessions == 0 && entries == 0 {
            // Demo prospects are never edited, so the last contact is the day they were added.
            Some(plus_years(day(&created), 2))
        } else {
            let wgbo = trajecten.is_empty() || trajecten.iter().any(|(r, _)| r == "wgbo");
            let mut d = if wgbo {
                Some(plus_years(day(&lsc), 20))
            } else {
                None
            };
            if trajecten.iter().any(|(r, _)| r == "coaching") {
                let last_end = trajecten
                    .iter()
                    .filter_map(|(_, e)| e.as_deref())
                    .map(day)
                    .max()
                    .unwrap();
                d = d.max(Some(plus_years(last_end, coaching_years)));
            }
            d
        };
        expected_due.push((*id, due));
    }
    assert!(
        expected_due.iter().any(|(_, d)| d.is_none())
            && expected_due.iter().filter(|(_, d)| d.is_some()).count() > 40,
        "the demo has open trajecten and many closed dossiers"
    );

    let mut destroyed: BTreeSet<i64> = BTreeSet::new();
    for year in 2027..=2050 {
        let today = ymd(year, 1, 1);
        set_today(&mut vault, &today.to_string());
        let expected: BTreeSet<i64> = expected_due
            .iter()
            .filter(|(id, d)| !destroyed.contains(id) && d.is_some_and(|d| d <= today))
            .map(|(id, _)| *id)
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
            destroyed.insert(id);
        }
    }
    let register = vault.store_mut().destruction_register().unwrap();
    assert_eq!(
        register.len(),
        destroyed.len(),
        "one register line per destruction"
    );
    let left: i64 = vault
        .store()
        .connection()
        .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left as usize, ids.len() - destroyed.len());
}

/// A client's current personalia as form input, with a new phone number.
struct ClientInputFrom<'a>(&'a dossierkluis::dossier::Client);

impl ClientInputFrom<'_> {
    fn input(&self, phone: &str) -> dossierkluis::dossier::ClientInput {
        let c = self.0;
        dossierkluis::dossier::ClientInput {
            first_names: c.first_names.clone(),
            call_name: c.call_name.clone(),
            tussenvoegsel: c.tussenvoegsel.clone(),
            last_name: c.last_name.clone(),
            birth_date: c.birth_date.to_string(),
            street: c.street.clone(),
            house_number: c.house_number.clone(),
            postcode: c.postcode.clone(),
            city: c.city.clone(),
            email: c.email.clone(),
            phone: phone.into(),
            huisarts: c.huisarts.clone(),
            insurer: c.insurer.clone(),
            polisnummer: c.polisnummer.clone(),
            status: c.status,
        }
    }
}
