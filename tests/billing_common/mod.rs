//! Set-up shared by the billing tests: a plain (unencrypted, fast) store with a complete practice
//! profile, billing settings, and clients with held sessions.
#![allow(dead_code)]

use dossierkluis::dossier::{ClientInput, Regime, SessionInput, SessionStatus, TrajectInput};
use dossierkluis::practice::Practice;
use dossierkluis::store::Keying;
use dossierkluis::{Context, Store};
use std::path::Path;

pub fn ctx_on(date: &str) -> Context {
    Context {
        clock: std::sync::Arc::new(dossierkluis::FixedClock::on(date.parse().unwrap())),
        actor: dossierkluis::Actor {
            user: "tester".into(),
            device: "testmachine".into(),
        },
    }
}

pub fn open(path: &Path, today: &str) -> Store {
    Store::open(path, Keying::Plain, true, ctx_on(today)).unwrap()
}

pub fn practice() -> Practice {
    Practice {
        therapist_name: "Marieke de Wit".into(),
        practice_name: "Praktijk De Wit".into(),
        street: "Lindelaan".into(),
        house_number: "12".into(),
        postcode: "3511 AB".into(),
        city: "Utrecht".into(),
        phone: "030 1234567".into(),
        email: "praktijk@voorbeeld.nl".into(),
        agb_zorgverlener: "90123456".into(),
        agb_praktijk: "90654321".into(),
        beroepsvereniging: "VIV Nederland".into(),
        member_number: "VIV-12345".into(),
        rbcz_number: "403336R".into(),
        kvk_number: "12345678".into(),
        btw_id: "NL001234567B01".into(),
        iban: "NL91 ABNA 0417 1643 00".into(),
        ..Practice::default()
    }
}

pub fn client_input(first: &str, last: &str) -> ClientInput {
    ClientInput {
        first_names: first.into(),
        last_name: last.into(),
        birth_date: "1985-06-01".into(),
        street: "Kerkstraat".into(),
        house_number: "5".into(),
        postcode: "1234 AB".into(),
        city: "Amersfoort".into(),
        ..Default::default()
    }
}

/// A client with a traject of `regime` and held sessions on `dates` (fee € 85,00, kind 24504 or
/// `coaching`). Returns (client id, session ids).
pub fn client_with_sessions(
    store: &mut Store,
    last: &str,
    regime: Regime,
    dates: &[&str],
) -> (i64, Vec<i64>) {
    let client = store.add_client(&client_input("Zoë", last)).unwrap();
    let traject = store
        .add_traject(
            client,
            &TrajectInput {
                regime,
                start_date: "2026-01-01".into(),
                agreed_fee: "85,00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let kind = if regime == Regime::Wgbo {
        "24504"
    } else {
        "coaching"
    };
    let sessions = dates
        .iter()
        .map(|d| {
            store
                .add_session(
                    client,
                    &SessionInput {
                        traject_id: Some(traject),
                        date: d.to_string(),
                        duration_minutes: 60,
                        kind: kind.into(),
                        status: SessionStatus::Held,
                        ..Default::default()
                    },
                )
                .unwrap()
        })
        .collect();
    (client, sessions)
}

/// A fresh plain store in `dir` with the complete practice profile and its VAT choices (care
/// exempt, coaching 21 %): a new practice has none until it chooses.
pub fn ready_store(dir: &Path, today: &str) -> Store {
    let mut store = open(&dir.join("vault.db"), today);
    store.update_practice(&practice()).unwrap();
    store
        .update_billing_settings(&dossierkluis::billing::BillingSettings {
            care_vat_mode: Some(dossierkluis::billing::VatMode::Exempt),
            coaching_vat_mode: Some(dossierkluis::billing::VatMode::Vat21),
            ..Default::default()
        })
        .unwrap();
    store
}

/// A company paying for a client, at its own address (never the client's home, Kerkstraat 5 in
/// Amersfoort from [`client_input`]).
pub fn business(
    company: &str,
    kvk: &str,
    btw: &str,
    reference: &str,
) -> dossierkluis::billing::BusinessClient {
    dossierkluis::billing::BusinessClient {
        company_name: company.into(),
        kvk_number: kvk.into(),
        btw_id: btw.into(),
        reference: reference.into(),
        street: "Stationsplein".into(),
        house_number: "1".into(),
        postcode: "3511 ED".into(),
        city: "Utrecht".into(),
        attention: String::new(),
    }
}
