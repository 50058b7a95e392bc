//! The billing commands as the window reaches them (IPC, ACL, JSON, mock runtime): from a held session
//! to a concept, a refused issue that names what is missing, issue, payment and a credit note.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::{App, WebviewWindow};

/// A new vault with one WGBO client who had one held session today; returns the client id.
fn vault_with_held_session() -> (
    tempfile::TempDir,
    App<MockRuntime>,
    WebviewWindow<MockRuntime>,
    Value,
) {
    let (dir, app, main) = created_vault();
    choose_vat(&main);
    consult_service(&main);
    let id = ok(
        &main,
        "client_add",
        json!({ "input": { "first_names": "Zoë", "last_name": "Vries", "birth_date": "1985-06-01", "street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht" } }),
    );
    let traject = ok(
        &main,
        "traject_add",
        json!({ "client_id": id, "input": { "regime": "wgbo", "start_date": "2026-11-01", "hulpvraag": "Slaapproblemen", "agreed_fee": "85,00" } }),
    );
    ok(
        &main,
        "session_add",
        json!({ "client_id": id, "input": { "traject_id": traject, "date": "2026-11-30", "start_time": "10:00", "duration_minutes": 50, "kind": "Consult", "fee": "", "status": "held" } }),
    );
    (dir, app, main, id)
}

#[test]
fn a_zorgnota_without_practice_details_is_refused_and_names_every_missing_field() {
    let (_dir, _app, main, client) = vault_with_held_session();
    let unbilled = ok(&main, "billing_unbilled", json!({ "client_id": null }));
    let session = unbilled[0]["session_id"].clone();
    assert_eq!(
        unbilled.as_array().unwrap().len(),
        1,
        "the held session waits to be billed: {unbilled}"
    );
    let invoice = ok(
        &main,
        "invoice_create",
        json!({ "client_id": client, "session_ids": [session] }),
    );
    let err = invoice_issue_err(&main, &invoice);
    assert_eq!(
        err["code"], "InvalidInput",
        "a refusal the form can mark: {err}"
    );
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"practice.agb_zorgverlener") && fields.contains(&"practice.kvk_number"),
        "each missing field is named: {fields:?}"
    );
    let still = ok(&main, "invoice_get", json!({ "invoice_id": invoice }));
    assert_eq!(
        still["status"], "concept",
        "a refused issue leaves the concept as it was"
    );
    assert_eq!(still["number"], Value::Null, "and takes no number");
}

fn invoice_issue_err(main: &WebviewWindow<MockRuntime>, invoice: &Value) -> Value {
    invoke(main, "invoice_issue", json!({ "invoice_id": invoice })).unwrap_err()
}

#[test]
fn concept_issue_pay_credit_and_the_sessions_come_back() {
    let (_dir, _app, main, client) = vault_with_held_session();
    let mut practice = ok(&main, "practice_get", json!({}));
    for (k, v) in [
        ("therapist_name", "A. de Boer"),
        ("practice_name", "Praktijk De Boer"),
        ("street", "Laan"),
        ("house_number", "2"),
        ("postcode", "3511 AA"),
        ("city", "Utrecht"),
        ("agb_zorgverlener", "90012345"),
        ("agb_praktijk", "94012345"),
        ("beroepsvereniging", "NVPA"),
        ("member_number", "123"),
        ("kvk_number", "12345678"),
        ("iban", "NL91ABNA0417164300"),
    ] {
        practice[k] = json!(v);
    }
    ok(&main, "practice_set", json!({ "input": practice }));
    let session =
        ok(&main, "billing_unbilled", json!({ "client_id": client }))[0]["session_id"].clone();
    let invoice = ok(
        &main,
        "invoice_create",
        json!({ "client_id": client, "session_ids": [session] }),
    );
    assert_eq!(
        ok(&main, "billing_unbilled", json!({ "client_id": null })),
        json!([]),
        "a session on a concept is no longer unbilled"
    );
    let issued = ok(&main, "invoice_issue", json!({ "invoice_id": invoice }));
    assert_eq!(issued["status"], "issued");
    assert_eq!(
        issued["number"], "2026-0001",
        "the first number of the year's series"
    );
    assert_eq!(issued["kind"], "zorgnota");
    assert_eq!(issued["totals"]["total_cents"], 8500, "{issued}");
    assert!(
        !issued["vat_texts"].as_array().unwrap().is_empty(),
        "care is VAT-exempt and says so: {issued}"
    );
    let err = invoke(
        &main,
        "invoice_mark_paid",
        json!({ "invoice_id": invoice, "paid_on": "2026-11-30", "method": "cheque" }),
    )
    .unwrap_err();
    assert_eq!(
        err["fields"][0]["field"], "method",
        "an unknown payment method is named: {err}"
    );
    let paid = ok(
        &main,
        "invoice_mark_paid",
        json!({ "invoice_id": invoice, "paid_on": "2026-11-30", "method": "pin" }),
    );
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["open_cents"], 0, "nothing left to pay");
    let credit = ok(
        &main,
        "invoice_credit",
        json!({ "invoice_id": invoice, "release_sessions": true }),
    );
    assert_eq!(credit["credits_number"], "2026-0001");
    assert_eq!(
        credit["number"], "2026-0002",
        "the credit note takes the next number"
    );
    assert_eq!(credit["totals"]["total_cents"], -8500);
    let list = ok(&main, "invoices_list", json!({}));
    let original = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == invoice)
        .unwrap();
    assert_eq!(original["status"], "credited", "{list}");
    assert_eq!(
        ok(&main, "billing_unbilled", json!({ "client_id": client }))
            .as_array()
            .unwrap()
            .len(),
        1,
        "released sessions can be billed again"
    );
}
