//! Refunds after a credit note ("terugbetaling"): when a PAID invoice is credited the client is owed
//! the money back. The credit note shows "terug te betalen" until the refund is recorded with a date
//! and a method, the Facturen totals keep it apart from what clients still owe, and the CSV for the
//! bookkeeper shows it.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::ledger::Period;
use dossierkluis::billing::{status_label, InvoiceStatus, PaymentMethod};
use dossierkluis::dossier::Regime;
use dossierkluis::ErrorCode;

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn november() -> Period {
    Period::parse("2026-11-01", "2026-11-30").unwrap()
}

#[test]
fn a_paid_invoice_credited_is_owed_back_until_the_refund_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Jansen",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    let original = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    store
        .mark_invoice_paid(original.id, date("2026-11-30"), PaymentMethod::Pin)
        .unwrap();
    let credit = store.credit_invoice(original.id, false).unwrap();
    assert_eq!(
        credit.open_cents, -17000,
        "the client paid € 170,00 and the nota was withdrawn: € 170,00 goes back"
    );
    assert_eq!(
        status_label(credit.status, true, credit.open_cents),
        "terug te betalen"
    );
    assert_eq!(
        store.invoice(original.id).unwrap().open_cents,
        0,
        "the original's money is settled through its credit note, not shown twice"
    );
    let listed = store.list_invoices().unwrap();
    let row = listed.iter().find(|r| r.id == credit.id).unwrap();
    assert_eq!(row.open_cents, -17000, "the list shows the refund owed");

    let ledger = store.invoices_in_period(november()).unwrap();
    assert_eq!(ledger.totals.refund_cents, 17000, "terug te betalen");
    assert_eq!(ledger.totals.refund_count, 1);
    assert_eq!(
        ledger.totals.open_cents, 0,
        "a refund owed is not 'openstaand': no client owes anything"
    );
    assert_eq!(ledger.totals.open_count, 0);
    assert_eq!(ledger.totals.paid_cents, 17000);

    // A refund before the credit note or in the future is refused, and changes nothing.
    for wrong in ["2026-11-29", "2026-12-01"] {
        let err = store
            .mark_credit_note_refunded(credit.id, date(wrong), PaymentMethod::Overboeking)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{wrong}: {err:?}");
        assert_eq!(
            store.invoice(credit.id).unwrap().status,
            InvoiceStatus::Issued
        );
    }

    let refunded = store
        .mark_credit_note_refunded(credit.id, date("2026-11-30"), PaymentMethod::Overboeking)
        .unwrap();
    assert_eq!(refunded.open_cents, 0, "nothing left to refund");
    assert_eq!(refunded.paid_on, Some(date("2026-11-30")));
    assert_eq!(refunded.payment_method, Some(PaymentMethod::Overboeking));
    assert_eq!(
        status_label(refunded.status, true, refunded.open_cents),
        "terugbetaald"
    );
    assert_eq!(
        refunded.lines, credit.lines,
        "recording the refund leaves the issued credit note as printed"
    );
    let ledger = store.invoices_in_period(november()).unwrap();
    assert_eq!(ledger.totals.refund_cents, 0);
    assert_eq!(ledger.totals.refund_count, 0);
    assert_eq!(ledger.totals.refunded_cents, 17000, "terugbetaald");
    assert_eq!(
        ledger.totals.paid_cents - ledger.totals.refunded_cents,
        0,
        "paid and paid back: the practice keeps nothing"
    );
    assert_eq!(ledger.totals.invoiced_cents, 0, "invoice and credit cancel");

    assert_eq!(
        store
            .mark_credit_note_refunded(credit.id, date("2026-11-30"), PaymentMethod::Pin)
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed,
        "a refund is recorded once"
    );
    let log = store.audit_for_client(client).unwrap();
    let refund = log
        .iter()
        .find(|r| r.event == "invoice_refunded")
        .expect("the refund is in the client's audit log");
    assert_eq!(refund.detail, "overboeking");
    assert_eq!(refund.object_id, credit.id.to_string());
    assert!(
        refund
            .client_ref
            .as_deref()
            .is_some_and(|c| c.starts_with("K-")),
        "pseudonymous client number only: {refund:?}"
    );
}

#[test]
fn only_a_credit_note_of_a_paid_invoice_takes_a_refund() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Vos", Regime::Coaching, &["2026-11-03"]);
    let unpaid = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    assert_eq!(
        store
            .mark_credit_note_refunded(unpaid.id, date("2026-11-30"), PaymentMethod::Pin)
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed,
        "an ordinary invoice is paid, not refunded"
    );
    let credit = store.credit_invoice(unpaid.id, false).unwrap();
    assert_eq!(
        credit.open_cents, 0,
        "the client never paid, so nothing goes back"
    );
    assert_ne!(
        status_label(credit.status, true, credit.open_cents),
        "terug te betalen"
    );
    let err = store
        .mark_credit_note_refunded(credit.id, date("2026-11-30"), PaymentMethod::Pin)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(err.message.contains("niet betaald"), "{}", err.message);
    assert_eq!(
        store
            .mark_invoice_paid(credit.id, date("2026-11-30"), PaymentMethod::Pin)
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed,
        "a credit note is not 'paid' through the payment button"
    );
}

#[test]
fn the_csv_shows_the_refund_owed_and_then_its_date_and_method() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Bakker", Regime::Wgbo, &["2026-11-03"]);
    let original = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    store
        .mark_invoice_paid(original.id, date("2026-11-30"), PaymentMethod::Contant)
        .unwrap();
    let credit = store.credit_invoice(original.id, false).unwrap();
    let row = |csv: &str| {
        csv.split("\r\n")
            .find(|l| l.starts_with(credit.number.as_deref().unwrap()))
            .unwrap()
            .to_string()
    };
    let csv = store
        .export_invoices_csv(date("2026-11-01"), date("2026-11-30"), false)
        .unwrap();
    let owed = row(&csv);
    assert!(
        owed.contains(";terug te betalen;") && owed.ends_with(";-85,00;;"),
        "status and the amount still to refund: {owed}"
    );
    store
        .mark_credit_note_refunded(credit.id, date("2026-11-30"), PaymentMethod::Contant)
        .unwrap();
    let csv = store
        .export_invoices_csv(date("2026-11-01"), date("2026-11-30"), false)
        .unwrap();
    let done = row(&csv);
    assert!(
        done.contains(";terugbetaald;") && done.ends_with(";0,00;2026-11-30;contant"),
        "refunded, with date and method: {done}"
    );
}

mod balance {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

        /// For any number of sessions and any payment method: what the client was charged, minus the
        /// credit note, and what they paid minus what was paid back, both come to zero once the
        /// refund is recorded, and nothing is open or owed anywhere.
        #[test]
        fn invoice_credit_and_refund_balance_to_zero(n in 1usize..5, method in 0usize..3) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = ready_store(dir.path(), "2026-11-30");
            let dates: Vec<String> = (0..n).map(|d| format!("2026-11-{:02}", d + 2)).collect();
            let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
            let (client, sessions) = client_with_sessions(&mut store, "Kuipers", Regime::Coaching, &dates);
            let method = [PaymentMethod::Pin, PaymentMethod::Contant, PaymentMethod::Overboeking][method];
            let invoice = store.create_invoice(client, &sessions).and_then(|i| store.issue_invoice(i)).unwrap();
            store.mark_invoice_paid(invoice.id, date("2026-11-30"), method).unwrap();
            let credit = store.credit_invoice(invoice.id, true).unwrap();
            prop_assert_eq!(credit.open_cents, -invoice.totals.total_cents);
            let refunded = store.mark_credit_note_refunded(credit.id, date("2026-11-30"), method).unwrap();
            prop_assert_eq!(invoice.totals.total_cents + refunded.totals.total_cents, 0);
            let totals = store.invoices_in_period(november()).unwrap().totals;
            prop_assert_eq!(totals.invoiced_cents, 0);
            prop_assert_eq!(totals.paid_cents, invoice.totals.total_cents);
            prop_assert_eq!(totals.paid_cents - totals.refunded_cents, 0);
            prop_assert_eq!((totals.open_cents, totals.refund_cents), (0, 0));
            prop_assert!(store.list_invoices().unwrap().iter().all(|r| r.open_cents == 0));
        }
    }
}
