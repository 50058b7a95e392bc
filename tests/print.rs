//! Printing from the app: the bytes handed to the printer are exactly the stored PDF of the issued
//! zorgnota, the print is logged with printer and copies (never a name), and a refused print job
//! leaves no log line.

mod billing_common;

use billing_common::*;
use dossierkluis::dossier::Regime;
use dossierkluis::ErrorCode;

#[test]
fn the_printer_gets_the_stored_pdf_and_the_print_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Visser", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let issued = store.issue_invoice(id).unwrap();
    let stored = store.invoice_pdf(id).unwrap();

    let mut sent = Vec::new();
    store
        .print_invoice(id, "Kantoor_HP", 2, |bytes| {
            sent = bytes.to_vec();
            Ok(())
        })
        .unwrap();
    assert!(
        sent == stored,
        "the printer gets the stored PDF, byte for byte"
    );

    let title = store.invoice_print_title(id).unwrap();
    assert_eq!(
        title,
        format!("Zorgnota {}", issued.number.clone().unwrap()),
        "the job title is kind and number"
    );
    assert!(!title.contains("Visser"), "never the client's name");

    let line = store
        .audit_recent(5)
        .unwrap()
        .into_iter()
        .find(|r| r.event == "invoice_sent_to_printer")
        .expect("the print is logged");
    assert_eq!(line.detail, "printer Kantoor_HP, 2 exemplaren");
    assert_eq!(
        line.client_ref.as_deref(),
        Some(issued.client.client_number.as_str())
    );
}

#[test]
fn a_refused_print_job_is_not_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Smit", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    let err = store
        .print_invoice(id, "Kantoor_HP", 1, |_| {
            Err(dossierkluis::print::lp_failed())
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err.message.contains("niet aangenomen"));
    assert!(
        !store
            .audit_recent(10)
            .unwrap()
            .iter()
            .any(|r| r.event == "invoice_sent_to_printer"),
        "no log line claims a print that did not happen"
    );
}
