//! The code and the behandelwijze the therapist chose (issue 11): no default prestatiecode. A care
//! session whose kind has no chosen code makes the zorgnota refuse to be issued, naming the session
//! by date and the screen where the code is set, without using a number; once chosen, the line
//! prints the Vektis code, its description and the practice's own name for the therapy.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{Service, ServiceSave, VatMode};
use dossierkluis::dossier::{Regime, SessionInput, SessionStatus, TrajectInput};
use dossierkluis::Store;
use std::process::Command;

/// A care client with one held session of `kind` on `date`; returns (client, session).
fn care_session(store: &mut Store, kind: &str, date: &str) -> (i64, i64) {
    let client = store.add_client(&client_input("Zoë", "Visser")).unwrap();
    let traject = store
        .add_traject(
            client,
            &TrajectInput {
                regime: Regime::Wgbo,
                start_date: "2026-01-01".into(),
                agreed_fee: "85,00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let session = store
        .add_session(
            client,
            &SessionInput {
                traject_id: Some(traject),
                date: date.into(),
                duration_minutes: 60,
                kind: kind.into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    (client, session)
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nota.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_care_session_without_a_chosen_code_is_refused_by_date_and_uses_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-20");
    let (client, session) = care_session(&mut store, "gestalt", "2026-02-03");
    let id = store.create_invoice(client, &[session]).unwrap();
    let concept = store.invoice(id).unwrap();
    assert_eq!(
        concept.lines[0].prestatiecode, "",
        "no code is assumed for a kind without one"
    );
    let err = store.issue_invoice(id).unwrap_err();
    let line = err
        .fields
        .iter()
        .find(|f| f.field == "lines[0].prestatiecode")
        .unwrap_or_else(|| panic!("the missing code is named: {:?}", err.fields));
    assert!(
        line.message.contains("3 februari 2026"),
        "the session is named by its date: {}",
        line.message
    );
    assert!(
        line.message.contains("Diensten en tarieven"),
        "and the screen where the code is set: {}",
        line.message
    );
    assert_eq!(
        store.next_invoice_number().unwrap(),
        "2026-0001",
        "a refused issue uses no number"
    );

    // The therapist chooses the code for the service; the concept takes it when issued.
    store
        .set_service(
            &Service {
                kind: "gestalt".into(),
                description: "gestalttherapie".into(),
                tariff_cents: 8500,
                prestatiecode: "24504".into(),
                vat_mode: VatMode::Exempt,
            },
            ServiceSave::Add,
        )
        .unwrap();
    let issued = store.issue_invoice(id).unwrap();
    assert_eq!(issued.number.as_deref(), Some("2026-0001"));
    assert_eq!(issued.lines[0].prestatiecode, "24504");
    assert_eq!(
        issued.lines[0].description, "Behandeling overige psychosociale therapie — gestalttherapie",
        "the Vektis text and the practice's own name for the therapy"
    );
    let text = pdftotext(&store.invoice_pdf(id).unwrap());
    assert!(
        text.contains("24504 Behandeling overige psychosociale therapie — gestalttherapie"),
        "the nota prints code, Vektis text and behandelwijze: {text}"
    );
}

#[test]
fn a_session_kind_that_is_itself_a_code_keeps_that_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-20");
    let (client, session) = care_session(&mut store, "24513", "2026-02-03");
    let id = store.create_invoice(client, &[session]).unwrap();
    let issued = store.issue_invoice(id).unwrap();
    assert_eq!(issued.lines[0].prestatiecode, "24513");
    assert_eq!(
        issued.lines[0].description,
        "Behandeling lichaamsgerichte psychotherapie"
    );
}
