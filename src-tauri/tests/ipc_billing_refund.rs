//! "Terugbetaling vastleggen" as the window reaches it (IPC, ACL, JSON, mock runtime): a paid zorgnota
//! credited shows its credit note as owed back; the refund is recorded once, with date and method.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

/// Issues a zorgnota for one held session of a new client and returns its id.
fn issued_zorgnota(main: &WebviewWindow<MockRuntime>) -> Value {
    let mut practice = ok(main, "practice_get", json!({}));
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
    ok(main, "practice_set", json!({ "input": practice }));
    let client = ok(
        main,
        "client_add",
        json!({ "input": { "first_names": "Zoë", "last_name": "Vries", "birth_date": "1985-06-01", "street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht" } }),
    );
    let traject = ok(
        main,
        "traject_add",
        json!({ "client_id": client, "input": { "regime": "wgbo", "start_date": "2026-11-01", "hulpvraag": "Slaapproblemen", "agreed_fee": "85,00" } }),
    );
    ok(
        main,
        "session_add",
        json!({ "client_id": client, "input": { "traject_id": traject, "date": "2026-11-02", "start_time": "10:00", "duration_minutes": 50, "kind": "Consult", "fee": "", "status": "held" } }),
    );
    let session =
        ok(main, "billing_unbilled", json!({ "client_id": client }))[0]["session_id"].clone();
    let invoice = ok(
        main,
        "invoice_create",
        json!({ "client_id": client, "session_ids": [session] }),
    );
    ok(main, "invoice_issue", json!({ "invoice_id": invoice }));
    invoice
}

#[test]
fn a_paid_zorgnota_credited_is_refunded_once_with_date_and_method() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    consult_service(&main);
    let invoice = issued_zorgnota(&main);
    let issued = ok(&main, "invoice_get", json!({ "invoice_id": invoice }));
    let day = issued["issue_date"].as_str().unwrap().to_string();
    ok(
        &main,
        "invoice_mark_paid",
        json!({ "invoice_id": invoice, "paid_on": day, "method": "pin" }),
    );
    let credit = ok(
        &main,
        "invoice_credit",
        json!({ "invoice_id": invoice, "release_sessions": false }),
    );
    assert_eq!(
        credit["open_cents"], -8500,
        "the client paid: € 85,00 goes back: {credit}"
    );
    let list = ok(&main, "invoices_list", json!({}));
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == credit["id"])
        .unwrap();
    assert_eq!(row["open_cents"], -8500, "the list shows it too: {row}");

    let err = invoke(
        &main,
        "invoice_refund",
        json!({ "invoice_id": credit["id"], "refunded_on": day, "method": "cheque" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "method", "{err}");
    let err = invoke(
        &main,
        "invoice_refund",
        json!({ "invoice_id": credit["id"], "refunded_on": "2099-01-01", "method": "pin" }),
    )
    .unwrap_err();
    assert_eq!(
        err["fields"][0]["field"], "paid_on",
        "a date in the future is named: {err}"
    );
    let err = invoke(
        &main,
        "invoice_refund",
        json!({ "invoice_id": invoice, "refunded_on": day, "method": "pin" }),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "NotAllowed",
        "an ordinary invoice is not refunded: {err}"
    );

    let refunded = ok(
        &main,
        "invoice_refund",
        json!({ "invoice_id": credit["id"], "refunded_on": day, "method": "contant" }),
    );
    assert_eq!(refunded["status"], "paid", "{refunded}");
    assert_eq!(refunded["open_cents"], 0, "nothing left to refund");
    assert_eq!(refunded["paid_on"], json!(day));
    assert_eq!(refunded["payment_method"], "contant");
    let again = invoke(
        &main,
        "invoice_refund",
        json!({ "invoice_id": credit["id"], "refunded_on": day, "method": "pin" }),
    )
    .unwrap_err();
    assert_eq!(again["code"], "NotAllowed", "recorded once: {again}");
}
