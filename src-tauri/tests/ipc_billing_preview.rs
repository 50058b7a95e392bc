//! `invoice_preview` as the window reaches it (IPC, ACL, JSON, mock runtime): what "Maak nota…"
//! shows is what the concept charges, VAT included, and care and coaching preview as two nota's.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};

#[test]
fn the_preview_shows_the_vat_the_factuur_charges_and_splits_care_from_coaching() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    let id = ok(
        &main,
        "client_add",
        json!({ "input": { "first_names": "Zoë", "last_name": "Vries", "birth_date": "1985-06-01", "street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht" } }),
    );
    for (regime, date, kind) in [
        ("wgbo", "2026-11-23", "Consult"),
        ("coaching", "2026-11-24", "coaching"),
    ] {
        let traject = ok(
            &main,
            "traject_add",
            json!({ "client_id": id, "input": { "regime": regime, "start_date": "2026-11-01", "hulpvraag": "Slaapproblemen" } }),
        );
        ok(
            &main,
            "session_add",
            json!({ "client_id": id, "input": { "traject_id": traject, "date": date, "start_time": "10:00", "duration_minutes": 50, "kind": kind, "fee": "100,00", "status": "held" } }),
        );
    }
    let unbilled = ok(&main, "billing_unbilled", json!({ "client_id": id }));
    let kinds: Vec<&Value> = unbilled
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["invoice_kind"])
        .collect();
    assert_eq!(
        kinds,
        [&json!("zorgnota"), &json!("factuur")],
        "each unbilled session says which nota it goes on: {unbilled}"
    );
    let all: Vec<Value> = unbilled
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["session_id"].clone())
        .collect();
    let preview = ok(
        &main,
        "invoice_preview",
        json!({ "client_id": id, "session_ids": all }),
    );
    let notas = preview.as_array().expect("a list of nota's");
    assert_eq!(
        notas.len(),
        2,
        "care and coaching become two nota's: {preview}"
    );
    assert_eq!(notas[0]["kind"], "zorgnota");
    assert_eq!(notas[0]["total_cents"], 10000, "care is VAT-exempt");
    assert_eq!(notas[1]["kind"], "factuur");
    assert_eq!(
        (&notas[1]["vat_cents"], &notas[1]["total_cents"]),
        (&json!(2100), &json!(12100)),
        "coaching shows € 121,00, not € 100,00: {preview}"
    );
    let coaching = ok(
        &main,
        "invoice_create",
        json!({ "client_id": id, "session_ids": notas[1]["session_ids"] }),
    );
    let concept = ok(&main, "invoice_get", json!({ "invoice_id": coaching }));
    assert_eq!(
        concept["totals"]["total_cents"], notas[1]["total_cents"],
        "the concept charges what the preview showed"
    );
    let err = invoke(
        &main,
        "invoice_preview",
        json!({ "client_id": id, "session_ids": notas[1]["session_ids"] }),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "NotAllowed",
        "a billed session is not previewed again: {err}"
    );
    // "Maak concepten": the remaining care session as the core previews it, in one call.
    let made = ok(
        &main,
        "invoices_create_previewed",
        json!({ "client_id": id, "session_ids": notas[0]["session_ids"] }),
    );
    let made = made.as_array().expect("the ids of the concepts made");
    assert_eq!(made.len(), 1, "one zorgnota for the care session");
    let zorgnota = ok(&main, "invoice_get", json!({ "invoice_id": made[0] }));
    assert_eq!(zorgnota["kind"], "zorgnota");
    assert_eq!(zorgnota["totals"]["total_cents"], notas[0]["total_cents"]);
}
