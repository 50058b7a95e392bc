//! Issue 11: an invoice's status label and allowed actions come from the core with each invoice,
//! and they are true: for every state an invoice or creditnota can be in, each action the core
//! lists is one the store carries out, and each it leaves out is one the store refuses.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{InvoiceAction, PaymentMethod};
use dossierkluis::dossier::Regime;
use dossierkluis::Store;

const TODAY: &str = "2026-03-10";

/// A store with one client's invoice brought into the state `name`; returns it and the invoice id.
fn in_state(dir: &std::path::Path, name: &str) -> (Store, i64) {
    let mut store = ready_store(dir, TODAY);
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-03-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let day = TODAY.parse().unwrap();
    let id = match name {
        "concept" => id,
        "openstaand" => store.issue_invoice(id).unwrap().id,
        "betaald" => {
            store
                .issue_invoice_paid(id, day, PaymentMethod::Pin)
                .unwrap()
                .id
        }
        "gecrediteerd" => {
            store.issue_invoice(id).unwrap();
            store.credit_invoice(id, false).unwrap();
            id
        }
        "creditnota" => {
            store.issue_invoice(id).unwrap();
            store.credit_invoice(id, false).unwrap().id
        }
        "terug te betalen" => {
            store
                .issue_invoice_paid(id, day, PaymentMethod::Pin)
                .unwrap();
            store.credit_invoice(id, false).unwrap().id
        }
        "terugbetaald" => {
            store
                .issue_invoice_paid(id, day, PaymentMethod::Pin)
                .unwrap();
            let credit = store.credit_invoice(id, false).unwrap().id;
            store
                .mark_credit_note_refunded(credit, day, PaymentMethod::Contant)
                .unwrap()
                .id
        }
        other => panic!("unknown state {other}"),
    };
    (store, id)
}

/// Whether the store carries out `action` on invoice `id` (the store is thrown away afterwards).
fn store_allows(store: &mut Store, id: i64, action: InvoiceAction) -> bool {
    let day = TODAY.parse().unwrap();
    match action {
        InvoiceAction::Issue => store.issue_invoice(id).is_ok(),
        InvoiceAction::IssuePaid => store
            .issue_invoice_paid(id, day, PaymentMethod::Pin)
            .is_ok(),
        InvoiceAction::DeleteConcept => store.delete_concept_invoice(id).is_ok(),
        InvoiceAction::RecordPayment => {
            store.mark_invoice_paid(id, day, PaymentMethod::Pin).is_ok()
        }
        InvoiceAction::RecordRefund => store
            .mark_credit_note_refunded(id, day, PaymentMethod::Pin)
            .is_ok(),
        InvoiceAction::Credit => store.credit_invoice(id, false).is_ok(),
        InvoiceAction::Pdf | InvoiceAction::Print => store.invoice_pdf(id).is_ok(),
        InvoiceAction::EmailCopy => store.invoice_email_copy(id).is_ok(),
        InvoiceAction::Receipt => store.invoice_receipt_pdf(id).is_ok(),
        InvoiceAction::Ubl => store.export_invoice_ubl(id).is_ok(),
    }
}

#[test]
fn every_status_shows_the_core_label_and_only_actions_the_store_allows() {
    use InvoiceAction::*;
    let all = [
        Issue,
        IssuePaid,
        DeleteConcept,
        RecordPayment,
        RecordRefund,
        Credit,
        Pdf,
        Print,
        EmailCopy,
        Receipt,
        Ubl,
    ];
    for (state, label) in [
        ("concept", "Concept"),
        ("openstaand", "Openstaand"),
        ("betaald", "Betaald"),
        ("gecrediteerd", "Gecrediteerd"),
        ("creditnota", "Uitgereikt"),
        ("terug te betalen", "Terug te betalen"),
        ("terugbetaald", "Terugbetaald"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (store, id) = in_state(dir.path(), state);
        let invoice = store.invoice(id).unwrap();
        assert_eq!(invoice.state.status_label, label, "{state}");
        let listed = store
            .list_invoices()
            .unwrap()
            .into_iter()
            .find(|s| s.id == id)
            .unwrap();
        assert_eq!(
            listed.status_label, label,
            "the list says the same for {state}"
        );
        let json = serde_json::to_value(&invoice).unwrap();
        assert_eq!(json["status_label"], label, "sent with the invoice");
        assert!(json["actions"].is_array(), "sent with the invoice");
        drop(store);
        for action in all {
            let copy = tempfile::tempdir().unwrap();
            std::fs::copy(dir.path().join("vault.db"), copy.path().join("vault.db")).unwrap();
            let mut store = open(&copy.path().join("vault.db"), TODAY);
            let listed = invoice.state.actions.contains(&action);
            assert_eq!(
                store_allows(&mut store, id, action),
                listed,
                "{state}: {action:?} is {} by the core and must be {} by the store",
                if listed { "offered" } else { "not offered" },
                if listed { "carried out" } else { "refused" },
            );
        }
    }
}
