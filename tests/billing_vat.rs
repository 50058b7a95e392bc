//! The VAT the practice qualifies for (issue 11): nothing is assumed. A fresh practice cannot make
//! or issue a nota of a kind it chose no VAT treatment for; the refusal says what is missing and
//! where to choose it; once chosen, the exemption sentence cites the article exactly.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{BillingSettings, VatMode};
use dossierkluis::dossier::Regime;

#[test]
fn a_fresh_practice_cannot_issue_a_care_nota_before_choosing_its_vat_treatment() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("vault.db"), "2026-03-10");
    store.update_practice(&practice()).unwrap();
    let settings = store.billing_settings().unwrap();
    assert_eq!(
        (settings.care_vat_mode, settings.coaching_vat_mode),
        (None, None),
        "a new practice has no VAT treatment assumed"
    );
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-03-02"]);
    let err = store.create_invoice(client, &sessions).unwrap_err();
    assert_eq!(err.fields[0].field, "care_vat_mode", "{err:?}");
    assert!(
        err.message.contains("btw-keuze voor zorg")
            && err.message.contains("Instellingen → Facturering")
            && err
                .message
                .contains(r#"billing settings set '{"care_vat_mode":"exempt"}'"#),
        "the refusal says what is missing and where to choose it: {}",
        err.message
    );
    assert!(
        store.invoice_preview(client, &sessions).is_err(),
        "the preview does not show an assumed VAT either"
    );
    assert_eq!(store.next_invoice_number().unwrap(), "2026-0001");

    // Choosing for coaching does not choose for care.
    store
        .update_billing_settings(&BillingSettings {
            coaching_vat_mode: Some(VatMode::Vat21),
            ..store.billing_settings().unwrap()
        })
        .unwrap();
    assert_eq!(
        store.create_invoice(client, &sessions).unwrap_err().fields[0].field,
        "care_vat_mode"
    );

    store
        .update_billing_settings(&BillingSettings {
            care_vat_mode: Some(VatMode::Exempt),
            ..store.billing_settings().unwrap()
        })
        .unwrap();
    let id = store.create_invoice(client, &sessions).unwrap();
    let issued = store.issue_invoice(id).unwrap();
    assert_eq!(
        issued.vat_texts(),
        vec!["Vrijgesteld van btw op grond van artikel 11, lid 1, onderdeel g, onder 1°, Wet op de omzetbelasting 1968."],
        "the exemption cites the article exactly"
    );
}

#[test]
fn a_service_with_its_own_vat_still_needs_the_practice_choice_for_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("vault.db"), "2026-03-10");
    store.update_practice(&practice()).unwrap();
    let (client, sessions) =
        client_with_sessions(&mut store, "Jansen", Regime::Coaching, &["2026-03-02"]);
    store
        .set_service(
            &dossierkluis::billing::Service {
                kind: "coaching".into(),
                description: "Coachingsgesprek".into(),
                tariff_cents: 9000,
                prestatiecode: String::new(),
                vat_mode: VatMode::Vat21,
            },
            dossierkluis::billing::ServiceSave::Add,
        )
        .unwrap();
    // The concept can be made (the line's VAT is the service's), but not issued.
    let id = store.create_invoice(client, &sessions).unwrap();
    let err = store.issue_invoice(id).unwrap_err();
    assert!(
        err.fields.iter().any(|f| f.field == "coaching_vat_mode"
            && f.message
                .contains(r#"billing settings set '{"coaching_vat_mode":"vat21"}'"#)),
        "{err:?}"
    );
    assert_eq!(
        store.next_invoice_number().unwrap(),
        "2026-0001",
        "no number used"
    );
}
