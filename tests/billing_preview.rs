//! "Maak nota…" and "Nog te factureren" show what the nota will charge: the core's preview uses the
//! same line and VAT rule as the invoice, and splits care and coaching into separate nota's.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{InvoiceKind, VatMode};
use dossierkluis::dossier::{Regime, SessionInput, SessionStatus, TrajectInput};
use dossierkluis::ErrorCode;

#[test]
fn the_preview_of_coaching_at_21_percent_is_what_the_issued_factuur_charges() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Bakker",
        Regime::Coaching,
        &["2026-11-03", "2026-11-10"],
    );
    let unbilled = store.unbilled_sessions(Some(client)).unwrap();
    assert!(
        unbilled
            .iter()
            .all(|u| u.vat_mode == Some(VatMode::Vat21) && u.invoice_kind == InvoiceKind::Factuur),
        "each coaching session says it goes on a factuur at 21 %: {unbilled:?}"
    );
    let preview = store.invoice_preview(client, &sessions).unwrap();
    assert_eq!(preview.len(), 1, "one kind of session, one nota");
    let issued = store
        .create_invoice(client, &sessions)
        .and_then(|id| store.issue_invoice(id))
        .unwrap();
    assert_eq!(
        (
            preview[0].net_cents,
            preview[0].vat_cents,
            preview[0].total_cents
        ),
        (
            issued.totals.net_cents,
            issued.totals.vat_cents,
            issued.totals.total_cents
        ),
        "the dialog shows exactly what the issued factuur charges, VAT included"
    );
    assert_eq!(
        preview[0].total_cents, 20570,
        "€ 170,00 + 21 % btw, not € 170,00"
    );
    assert_eq!(preview[0].kind, InvoiceKind::Factuur);
}

#[test]
fn care_and_coaching_of_one_client_preview_as_two_nota_s_that_can_each_be_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, care) = client_with_sessions(
        &mut store,
        "Visser",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-17"],
    );
    let coaching = coaching_session(&mut store, client, "2026-11-04");
    let all: Vec<i64> = store
        .unbilled_sessions(Some(client))
        .unwrap()
        .iter()
        .map(|u| u.session_id)
        .collect();
    assert_eq!(all.len(), 3);
    let preview = store.invoice_preview(client, &all).unwrap();
    let kinds: Vec<_> = preview.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [InvoiceKind::Zorgnota, InvoiceKind::Factuur],
        "care and coaching never share a nota, so the choice previews as two"
    );
    assert_eq!(preview[0].session_ids, care);
    assert_eq!(preview[0].total_cents, 17000, "care is VAT-exempt");
    assert_eq!(preview[1].session_ids, [coaching]);
    assert_eq!(
        preview[1].total_cents, 12100,
        "€ 100,00 coaching + 21 % btw"
    );
    // Each previewed nota is accepted as it stands and charges what the preview said.
    for nota in &preview {
        let invoice = store.create_invoice(client, &nota.session_ids).unwrap();
        let invoice = store.invoice(invoice).unwrap();
        assert_eq!(invoice.kind, nota.kind);
        assert_eq!(invoice.totals.total_cents, nota.total_cents);
    }
    assert!(store.unbilled_sessions(Some(client)).unwrap().is_empty());
}

#[test]
fn the_preview_refuses_what_the_concept_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-11-03"]);
    let (other, _) = client_with_sessions(&mut store, "Smit", Regime::Wgbo, &["2026-11-04"]);
    assert!(
        store.invoice_preview(client, &[]).unwrap().is_empty(),
        "nothing chosen, no nota"
    );
    let err = store.invoice_preview(other, &sessions).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::InvalidInput,
        "another client's session: {}",
        err.message
    );
    store.create_invoice(client, &sessions).unwrap();
    let err = store.invoice_preview(client, &sessions).unwrap_err();
    assert!(
        err.message.contains("staat al op factuur"),
        "a billed session is not previewed again: {}",
        err.message
    );
}

#[test]
fn the_previewed_nota_s_are_made_together_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, care) = client_with_sessions(&mut store, "Visser", Regime::Wgbo, &["2026-11-03"]);
    let (_, coaching) =
        client_with_sessions(&mut store, "Visser", Regime::Coaching, &["2026-11-04"]);
    // The second helper call made another client; give this client a coaching session of its own.
    let own_coaching = coaching_session(&mut store, client, "2026-11-05");

    // Another client's session among the chosen ones: the whole choice is refused, so no concept
    // is made for this client's care session either.
    let mut chosen = care.clone();
    chosen.extend(&coaching);
    let err = store
        .create_invoices_as_previewed(client, &chosen)
        .unwrap_err();
    assert!(
        !err.message.is_empty(),
        "a refusal says why: {}",
        err.message
    );
    assert_eq!(
        store.unbilled_sessions(Some(client)).unwrap().len(),
        2,
        "nothing of this client was billed by the refused attempt"
    );
    let err = store.create_invoices_as_previewed(client, &[]).unwrap_err();
    assert_eq!(
        err.fields[0].field, "sessions",
        "nothing chosen is refused at its field"
    );

    let mut chosen = care.clone();
    chosen.push(own_coaching);
    let ids = store.create_invoices_as_previewed(client, &chosen).unwrap();
    let kinds: Vec<_> = ids
        .iter()
        .map(|id| store.invoice(*id).unwrap().kind)
        .collect();
    assert_eq!(
        kinds,
        [InvoiceKind::Zorgnota, InvoiceKind::Factuur],
        "care and coaching became a zorgnota and a factuur, in the preview's order"
    );
    assert!(store.unbilled_sessions(Some(client)).unwrap().is_empty());
}

/// A held coaching session of € 100,00 (excl. btw) for `client`, in a coaching traject of its own.
fn coaching_session(store: &mut dossierkluis::Store, client: i64, date: &str) -> i64 {
    let traject = store
        .add_traject(
            client,
            &TrajectInput {
                regime: Regime::Coaching,
                start_date: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
    store
        .add_session(
            client,
            &SessionInput {
                traject_id: Some(traject),
                date: date.into(),
                duration_minutes: 60,
                kind: "coaching".into(),
                fee: "100,00".into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap()
}
