//! Issue 12 item 2 (the financial purge in the window): the Bewaren screen lists exactly the notas the
//! purge removes — the list and `retention purge-financial` share one rule — and the purge is logged.

mod common;

use common::retention::set_today;
use common::*;
use dossierkluis::dossier::{ClientInput, SessionInput, SessionStatus};
use dossierkluis::practice::Practice;
use dossierkluis::Vault;

fn issued_on(vault: &mut Vault, day: &str) -> i64 {
    set_today(vault, day);
    let s = vault.store_mut();
    let client = s
        .add_client(&ClientInput {
            first_names: "Zoë".into(),
            last_name: "Jansen".into(),
            birth_date: "1980-01-01".into(),
            street: "Kerkstraat".into(),
            house_number: "1".into(),
            postcode: "1234 AB".into(),
            city: "Amersfoort".into(),
            ..Default::default()
        })
        .unwrap();
    let session = s
        .add_session(
            client,
            &SessionInput {
                date: day.into(),
                duration_minutes: 60,
                kind: "24504".into(),
                fee: "80".into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    let id = s.create_invoice(client, &[session]).unwrap();
    s.issue_invoice(id).unwrap().id
}

#[test]
fn the_expired_list_is_what_the_purge_removes_and_the_purge_is_logged() {
    let (_tmp, mut vault, _) = new_vault();
    vault
        .store_mut()
        .update_practice(&Practice {
            therapist_name: "M. de Wit".into(),
            street: "Lindelaan".into(),
            house_number: "12".into(),
            postcode: "3511 AB".into(),
            city: "Utrecht".into(),
            agb_zorgverlener: "90123456".into(),
            agb_praktijk: "90654321".into(),
            beroepsvereniging: "VIV".into(),
            member_number: "1".into(),
            kvk_number: "12345678".into(),
            iban: "NL91ABNA0417164300".into(),
            ..Default::default()
        })
        .unwrap();
    // A new practice issues nothing before it has chosen its VAT treatment (issue 11).
    vault
        .store_mut()
        .update_billing_settings(&dossierkluis::billing::BillingSettings {
            care_vat_mode: Some(dossierkluis::billing::VatMode::Exempt),
            ..Default::default()
        })
        .unwrap();
    let old = issued_on(&mut vault, "2018-12-31");
    let young = issued_on(&mut vault, "2019-01-02");

    set_today(&mut vault, "2025-12-31");
    assert!(
        vault
            .store()
            .expired_financial_records()
            .unwrap()
            .is_empty(),
        "kept on the last day"
    );

    set_today(&mut vault, "2026-01-01");
    let expired = vault.store().expired_financial_records().unwrap();
    assert_eq!(expired.iter().map(|e| e.id).collect::<Vec<_>>(), [old]);
    assert_eq!(expired[0].issue_date, "2018-12-31");
    assert!(!expired[0].number.is_empty() && expired[0].total_cents > 0);
    let purged = vault.store_mut().purge_financial_records().unwrap();
    assert_eq!(
        purged as usize,
        expired.len(),
        "the list is exactly what goes"
    );
    assert!(vault.store().invoice(old).is_err());
    assert!(vault.store().invoice(young).is_ok());
    assert!(vault
        .store()
        .expired_financial_records()
        .unwrap()
        .is_empty());
    let logged: i64 = vault
        .store()
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE event = 'financial_records_purged'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1, "the purge leaves a line in the log");
}
