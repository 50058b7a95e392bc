//! Paid on the spot and paid later (issue 11): a nota issued with "Uitreiken en afrekenen" says
//! "Voldaan" in its stored PDF and asks for no transfer; a payment recorded later leaves the issued
//! PDF byte-identical and gets a betaalbewijs of its own. Read back with `pdftotext`, as a client or
//! an insurer reads it.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{InvoiceStatus, PaymentMethod};
use dossierkluis::dossier::Regime;
use std::process::Command;

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nota.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads the PDF");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_nota_issued_paid_by_pin_says_voldaan_and_asks_for_no_transfer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-17");
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-02-17"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let paid = store
        .issue_invoice_paid(id, "2026-02-17".parse().unwrap(), PaymentMethod::Pin)
        .unwrap();
    assert_eq!(
        paid.status,
        InvoiceStatus::Paid,
        "issued and paid in one step"
    );
    assert_eq!(paid.number.as_deref(), Some("2026-0001"));
    assert_eq!(paid.open_cents, 0, "nothing is left to pay");
    let text = pdftotext(&store.invoice_pdf(id).unwrap());
    assert!(
        text.contains("Voldaan op 17 februari 2026 (pin)"),
        "the stored PDF says it was paid: {text}"
    );
    assert!(
        !text.contains("overmaken") && !text.contains("Te betalen"),
        "a paid nota asks for no transfer: {text}"
    );
}

#[test]
fn paying_on_the_spot_is_pin_or_contant_never_a_transfer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-17");
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-02-17"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let err = store
        .issue_invoice_paid(
            id,
            "2026-02-17".parse().unwrap(),
            PaymentMethod::Overboeking,
        )
        .unwrap_err();
    assert_eq!(err.fields[0].field, "paid");
    assert!(err.message.contains("pin of contant"), "{}", err.message);
    assert_eq!(
        store.invoice(id).unwrap().status,
        InvoiceStatus::Concept,
        "a refused settle-at-issue leaves the concept as it was"
    );
    assert_eq!(store.next_invoice_number().unwrap(), "2026-0001");
    assert!(
        PaymentMethod::at_issue("PIN").is_err(),
        "as typed, not guessed"
    );
}

#[test]
fn paying_on_the_spot_may_be_dated_before_the_nota_but_not_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-18");
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-02-17"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let err = store
        .issue_invoice_paid(id, "2026-02-19".parse().unwrap(), PaymentMethod::Contant)
        .unwrap_err();
    assert_eq!(err.fields[0].field, "paid_on");
    assert_eq!(
        store.next_invoice_number().unwrap(),
        "2026-0001",
        "a refused issue uses no number"
    );
    let paid = store
        .issue_invoice_paid(id, "2026-02-17".parse().unwrap(), PaymentMethod::Contant)
        .unwrap();
    let text = pdftotext(&store.invoice_pdf(paid.id).unwrap());
    assert!(
        text.contains("Voldaan op 17 februari 2026 (contant)"),
        "{text}"
    );
}

#[test]
fn a_later_payment_leaves_the_issued_pdf_as_it_was_and_yields_a_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-02-17");
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-02-10"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    let issued_pdf = store.invoice_pdf(id).unwrap();
    assert!(
        store.invoice_receipt_pdf(id).is_err(),
        "no receipt before a payment is recorded"
    );
    drop(store);
    let mut store = open(&dir.path().join("vault.db"), "2026-03-02");
    store
        .mark_invoice_paid(
            id,
            "2026-02-27".parse().unwrap(),
            PaymentMethod::Overboeking,
        )
        .unwrap();
    assert_eq!(
        store.invoice_pdf(id).unwrap(),
        issued_pdf,
        "the nota's PDF stays byte-identical after the payment"
    );
    let receipt = store.invoice_receipt_pdf(id).unwrap();
    assert_eq!(
        receipt,
        store.invoice_receipt_pdf(id).unwrap(),
        "the receipt is the same file every time"
    );
    let text = pdftotext(&receipt);
    for expected in [
        "Betaalbewijs",
        "zorgnota 2026-0001 van 17 februari 2026",
        "€ 85,00",
        "27 februari 2026",
        "overboeking",
        "Praktijk De Wit",
    ] {
        assert!(
            text.contains(expected),
            "the receipt names {expected}: {text}"
        );
    }
}
