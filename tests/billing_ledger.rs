//! The invoice list by period with its totals, the next number, services typed as euros, the code
//! table's origins and the business clients: what the Facturen and Facturering screens show.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::ledger::{CodeOrigin, Period, ServiceForm, SettingsForm};
use dossierkluis::billing::{
    BillingSettings, InvoiceStatus, PaymentMethod, Prestatiecode, VatMode,
};
use dossierkluis::dossier::Regime;
use dossierkluis::FixedClock;
use std::sync::Arc;

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn set_today(store: &mut dossierkluis::Store, day: &str) {
    store.set_clock(Arc::new(FixedClock::on(date(day))));
}

#[test]
fn the_period_shows_its_invoices_with_totals_and_the_overdue_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-09-10");
    // September: a zorgnota that stays unpaid (due after 14 days, so overdue by the end of November).
    let (a, s) = client_with_sessions(&mut store, "Aarts", Regime::Wgbo, &["2026-09-03"]);
    let unpaid = store
        .create_invoice(a, &s)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    // November: a coaching factuur paid by pin, and a zorgnota that is credited.
    set_today(&mut store, "2026-11-20");
    let (b, s) = client_with_sessions(&mut store, "Bos", Regime::Coaching, &["2026-11-05"]);
    let paid = store
        .create_invoice(b, &s)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    store
        .mark_invoice_paid(paid.id, date("2026-11-20"), PaymentMethod::Pin)
        .unwrap();
    let (c, s) = client_with_sessions(&mut store, "Claes", Regime::Wgbo, &["2026-11-10"]);
    let credited = store
        .create_invoice(c, &s)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let credit = store.credit_invoice(credited.id, false).unwrap();
    // A concept, not yet dated.
    let (d, s) = client_with_sessions(&mut store, "Dijk", Regime::Wgbo, &["2026-11-12"]);
    let concept = store.create_invoice(d, &s).unwrap();
    set_today(&mut store, "2026-11-30");

    let presets = store.invoice_period_presets();
    assert_eq!(
        presets.this_month,
        Period {
            from: date("2026-11-01"),
            to: date("2026-11-30")
        }
    );

    let november = store.invoices_in_period(presets.this_month).unwrap();
    let ids: Vec<i64> = november.rows.iter().map(|r| r.invoice.id).collect();
    assert_eq!(
        ids,
        [concept, credit.id, credited.id, paid.id],
        "the concept on top, then November's invoices newest first; September's is not shown"
    );
    assert_eq!(
        november.totals.invoiced_cents, paid.totals.total_cents,
        "the credit note cancels the credited zorgnota in 'gefactureerd'"
    );
    assert_eq!(november.totals.paid_cents, paid.totals.total_cents);
    assert_eq!(november.totals.open_cents, 0, "nothing open in November");
    assert_eq!(november.totals.overdue_count, 0);

    let quarter = store.invoices_in_period(presets.previous_quarter).unwrap();
    let row = quarter
        .rows
        .iter()
        .find(|r| r.invoice.id == unpaid.id)
        .expect("September's zorgnota is in Q3");
    assert!(row.overdue, "unpaid past its due date ({:?})", row.due_date);
    assert_eq!(
        row.due_date,
        Some(date("2026-09-24")),
        "14 days, the default term"
    );
    assert_eq!(quarter.totals.open_cents, unpaid.totals.total_cents);
    assert_eq!(quarter.totals.open_count, 1);
    assert_eq!(quarter.totals.overdue_count, 1);
    assert_eq!(quarter.totals.overdue_cents, unpaid.totals.total_cents);
    assert_eq!(quarter.totals.paid_cents, 0);

    let year = store.invoices_in_period(presets.this_year).unwrap();
    assert_eq!(year.rows.len(), 5, "the whole year and the concept");
    assert_eq!(
        year.totals.invoiced_cents,
        unpaid.totals.total_cents + paid.totals.total_cents
    );
    assert!(
        year.rows
            .iter()
            .filter(|r| r.invoice.status != InvoiceStatus::Issued || r.invoice.is_credit_note)
            .all(|r| !r.overdue),
        "only issued, unpaid invoices are overdue"
    );

    let empty = store
        .invoices_in_period(Period {
            from: date("2025-01-01"),
            to: date("2025-12-31"),
        })
        .unwrap();
    assert_eq!(
        empty.rows.iter().map(|r| r.invoice.id).collect::<Vec<_>>(),
        [concept],
        "last year: only the concept"
    );
    assert_eq!(
        empty.totals,
        Default::default(),
        "a concept counts in no total"
    );
}

#[test]
fn the_next_number_shown_is_the_number_the_next_invoice_gets() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    assert_eq!(
        store.next_invoice_number().unwrap(),
        "2026-0001",
        "a new series starts at 1"
    );
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Eek",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    let first = store.create_invoice(client, &sessions[..1]).unwrap();
    let predicted = store.next_invoice_number().unwrap();
    let issued = store.issue_invoice(first).unwrap();
    assert_eq!(issued.number.as_deref(), Some(predicted.as_str()));

    store
        .update_billing_settings(&BillingSettings {
            number_prefix: "DW".into(),
            payment_term_days: 30,
            ..store.billing_settings().unwrap()
        })
        .unwrap();
    let predicted = store.next_invoice_number().unwrap();
    assert_eq!(
        predicted, "DW2026-0002",
        "the prefix goes in front; the count goes on"
    );
    let second = store
        .create_invoice(client, &sessions[1..])
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    assert_eq!(second.number.as_deref(), Some(predicted.as_str()));
    assert_eq!(
        second.due_date,
        Some(date("2026-12-30")),
        "the new 30-day term is used"
    );
    assert_eq!(store.next_invoice_number().unwrap(), "DW2026-0003");
}

#[test]
fn a_service_is_typed_in_euros_and_every_wrong_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let saved = store
        .save_service_form(&ServiceForm {
            kind: "intake".into(),
            description: "Intakegesprek".into(),
            tariff: "€ 1.234,5".into(),
            prestatiecode: "24504".into(),
            vat_mode: Some(VatMode::Exempt),
            change: false,
        })
        .unwrap();
    assert_eq!(saved.tariff_cents, 123_450, "Dutch comma and thousands dot");
    let saved = store
        .save_service_form(&ServiceForm {
            kind: "intake".into(),
            description: "Intakegesprek".into(),
            tariff: "85,00".into(),
            prestatiecode: "24504".into(),
            vat_mode: Some(VatMode::Exempt),
            change: true,
        })
        .unwrap();
    assert_eq!(
        saved.tariff_cents, 8500,
        "'Wijzigen' (change: true) changes the kind's service"
    );
    let err = store
        .save_service_form(&ServiceForm {
            kind: "intake".into(),
            description: "Iets anders".into(),
            tariff: "10,00".into(),
            prestatiecode: String::new(),
            vat_mode: Some(VatMode::Vat21),
            change: false,
        })
        .unwrap_err();
    assert_eq!(
        (err.fields[0].field.as_str(), err.fields[0].message.as_str()),
        ("kind", "Er is al een dienst ‘intake’; kies Wijzigen."),
        "'Dienst toevoegen' with a kind that exists is refused at the kind field: {err:?}"
    );
    assert_eq!(store.services().unwrap(), std::slice::from_ref(&saved));

    let err = store
        .save_service_form(&ServiceForm {
            kind: "coaching".into(),
            description: " ".into(),
            tariff: "85 euro".into(),
            prestatiecode: String::new(),
            vat_mode: None,
            change: false,
        })
        .unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["description", "tariff", "vat_mode"],
        "all three are named: {err:?}"
    );
    assert!(
        err.fields[1].message.contains("85,00"),
        "the tariff message shows the right shape"
    );
    let err = store
        .save_service_form(&ServiceForm {
            kind: "coaching".into(),
            description: "Coaching".into(),
            tariff: "200000".into(),
            prestatiecode: String::new(),
            vat_mode: Some(VatMode::Vat21),
            change: false,
        })
        .unwrap_err();
    assert_eq!(
        err.fields[0].field, "tariff",
        "over € 100.000 is refused at the tariff"
    );
    assert_eq!(
        store.services().unwrap(),
        [saved],
        "refused forms saved nothing"
    );
}

#[test]
fn the_code_table_tells_shipped_edited_and_added_codes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let table = store.prestatiecode_table().unwrap();
    assert!(table.codes.len() >= 10);
    assert!(
        table.codes.iter().all(|c| c.origin == CodeOrigin::Shipped),
        "a new vault has the shipped table"
    );
    assert!(
        table.source.contains("Vektis"),
        "the source is shown: {}",
        table.source
    );

    let mut edited = table
        .codes
        .iter()
        .find(|c| c.code.code == "24504")
        .unwrap()
        .code
        .clone();
    edited.description = "Behandeling psychosociale therapie (eigen omschrijving)".into();
    store.set_prestatiecode(&edited).unwrap();
    store
        .set_prestatiecode(&Prestatiecode {
            code: "24006".into(),
            description: "Behandeling voedingstherapie".into(),
            category: "natuurgeneeskunde".into(),
            source: "Eigen invoer".into(),
        })
        .unwrap();
    let table = store.prestatiecode_table().unwrap();
    let origin = |code: &str| {
        table
            .codes
            .iter()
            .find(|c| c.code.code == code)
            .unwrap()
            .origin
    };
    assert_eq!(origin("24504"), CodeOrigin::Edited);
    assert_eq!(origin("24006"), CodeOrigin::Added);
    assert_eq!(origin("24000"), CodeOrigin::Shipped);
}

#[test]
fn business_clients_are_listed_by_number_with_their_company() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, _) = client_with_sessions(&mut store, "Faber", Regime::Coaching, &[]);
    let (_other, _) = client_with_sessions(&mut store, "Gerrits", Regime::Coaching, &[]);
    assert!(store.business_clients().unwrap().is_empty());
    store
        .set_business_client(
            client,
            Some(&business(
                "Faber Advies B.V.",
                "8765 4321",
                "nl 8765.43210 B01",
                "PO-17",
            )),
        )
        .unwrap();
    let list = store.business_clients().unwrap();
    assert_eq!(list.len(), 1, "only the client marked as a business");
    assert_eq!(list[0].client_id, client);
    assert_eq!(list[0].client_name, "Zoë Faber");
    assert_eq!(
        list[0].business.kvk_number, "87654321",
        "stored as the core cleaned it"
    );
    assert_eq!(list[0].business.btw_id, "NL876543210B01");
    store.set_business_client(client, None).unwrap();
    assert!(
        store.business_clients().unwrap().is_empty(),
        "a private person again"
    );
}

#[test]
fn the_settings_form_names_a_payment_term_that_is_not_a_number_of_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let form = |days: &str| SettingsForm {
        number_prefix: "DW".into(),
        payment_term_days: days.into(),
        care_vat_mode: Some(VatMode::Exempt),
        coaching_vat_mode: Some(VatMode::Kor),
    };
    for bad in ["veertien", "-1", "366", ""] {
        let err = store.save_billing_settings_form(&form(bad)).unwrap_err();
        assert_eq!(
            err.fields[0].field, "payment_term_days",
            "'{bad}' is refused at its field"
        );
        assert!(
            err.message.contains("14"),
            "with an example: {}",
            err.message
        );
    }
    let before = store.billing_settings().unwrap();
    assert_eq!(before.number_prefix, "", "refusals saved nothing");
    assert_eq!(
        before.payment_term_days,
        BillingSettings::default().payment_term_days
    );
    let saved = store.save_billing_settings_form(&form(" 30 ")).unwrap();
    assert_eq!(saved.payment_term_days, 30);
    assert_eq!(saved.number_prefix, "DW");
    assert_eq!(
        saved.coaching_vat_mode,
        Some(VatMode::Kor),
        "KOR chosen for coaching"
    );
    assert_eq!(store.billing_settings().unwrap(), saved);
}
