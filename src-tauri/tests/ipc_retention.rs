//! The retention and client-rights commands through IPC, the ACL and JSON on the mock runtime: the
//! happy path (a vernietiging request with its deadline, destruction, the register line), the shape
//! of a refused destruction, and the due list for a typed future date.

mod mock_app;
use mock_app::*;

use serde_json::json;

#[test]
fn a_vernietiging_request_lets_the_dossier_be_destroyed_and_the_register_shows_it() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"));
    let id = id.as_i64().expect("client_add returns the new id");

    let status = ok(&main, "retention_status", json!({ "client_id": id }));
    let number = status["client_number"].as_str().unwrap().to_string();
    assert!(
        !status["reason"].as_str().unwrap_or("").is_empty(),
        "the status says why it is kept: {status}"
    );

    let request = ok(
        &main,
        "request_add",
        json!({ "client_id": id, "kind": "vernietiging", "received_on": "2026-11-30", "identity_check": "legitimatie gezien" }),
    );
    assert_eq!(
        request["deadline"], "2026-12-30",
        "a request received today must be answered within a month: {request}"
    );
    let due = ok(&main, "requests_due", json!({}));
    assert_eq!(
        due[0]["request"]["id"], request["id"],
        "the overview lists the open request"
    );
    assert_eq!(due[0]["days_left"], 30);
    assert_eq!(due[0]["overdue"], false);
    let listed = ok(
        &main,
        "requests_for_client",
        json!({ "client_number": number }),
    );
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "the dossier lists its request"
    );

    let destroyed = ok(
        &main,
        "client_destroy",
        json!({ "client_id": id, "reason": "op verzoek van de cliënt", "request_id": request["id"] }),
    );
    assert_eq!(destroyed["client_number"], number.as_str());

    let clients = ok(&main, "clients_list", json!({}));
    assert!(
        clients.as_array().unwrap().is_empty(),
        "the destroyed client is gone from the list: {clients}"
    );
    let register = ok(&main, "destruction_register", json!({}));
    let line = &register[0];
    assert_eq!(
        line["client_number"],
        number.as_str(),
        "the register names the client number"
    );
    assert_eq!(line["ground"], "verzoek", "on the client's request");
    assert!(
        !register.to_string().contains("Zoë") && !register.to_string().contains("Jansen"),
        "the register holds no name: {register}"
    );
}

#[test]
fn a_destruction_without_grounds_is_refused_in_dutch_and_keeps_the_dossier() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"))
        .as_i64()
        .unwrap();
    let err = invoke(
        &main,
        "client_destroy",
        json!({ "client_id": id, "reason": "wil weg", "request_id": null }),
    )
    .expect_err("an active dossier within its term and without a request may not be destroyed");
    assert_eq!(err["code"], "NotAllowed", "a refusal, not a crash: {err}");
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("vernietig"),
        "the refusal says, in Dutch, what is not allowed: {message}"
    );
    let clients = ok(&main, "clients_list", json!({}));
    assert_eq!(
        clients.as_array().unwrap().len(),
        1,
        "the refused dossier is still there"
    );
    assert!(
        ok(&main, "destruction_register", json!({}))
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing entered the register"
    );

    let err = invoke(
        &main,
        "request_add",
        json!({ "client_id": id, "kind": "inzage", "received_on": "2027-01-01", "identity_check": "" }),
    )
    .expect_err("a request received in the future is refused");
    assert_eq!(err["code"], "InvalidInput");
    assert_eq!(
        err["fields"][0]["field"], "received_on",
        "at its field: {err}"
    );
}

#[test]
fn a_legal_hold_blocks_destruction_until_cleared_and_restriction_and_views_show() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"))
        .as_i64()
        .unwrap();
    let request = ok(
        &main,
        "request_add",
        json!({ "client_id": id, "kind": "vernietiging", "received_on": "2026-11-30", "identity_check": "" }),
    );
    ok(
        &main,
        "retention_hold",
        json!({ "client_id": id, "reason": "klacht loopt" }),
    );
    let err = invoke(
        &main,
        "client_destroy",
        json!({ "client_id": id, "reason": "op verzoek", "request_id": request["id"] }),
    )
    .expect_err("a legal hold outranks the client's request");
    assert_eq!(err["code"], "NotAllowed");
    assert!(
        err["message"].as_str().unwrap().contains("blokkade"),
        "the refusal names the hold: {err}"
    );
    ok(
        &main,
        "retention_hold",
        json!({ "client_id": id, "reason": null }),
    );
    let status = ok(&main, "retention_status", json!({ "client_id": id }));
    assert!(status["hold"].is_null(), "the hold is cleared: {status}");

    ok(
        &main,
        "retention_restrict",
        json!({ "client_id": id, "restricted": true }),
    );
    let status = ok(&main, "retention_status", json!({ "client_id": id }));
    assert_eq!(status["restricted"], true, "the dossier is restricted");
    ok(
        &main,
        "retention_restrict",
        json!({ "client_id": id, "restricted": false }),
    );

    ok(&main, "dossier_open", json!({ "client_id": id }));
    let viewed = ok(&main, "dossier_viewed", json!({ "client_id": id }));
    assert!(
        !viewed.as_array().unwrap().is_empty(),
        "opening the dossier shows in 'wie heeft ingezien': {viewed}"
    );

    ok(
        &main,
        "request_answer",
        json!({ "request_id": request["id"], "status": "uitgevoerd", "note": "" }),
    );
    assert!(
        ok(&main, "requests_due", json!({}))
            .as_array()
            .unwrap()
            .is_empty(),
        "an answered request leaves the overview"
    );
}

#[test]
fn the_due_list_looks_ahead_to_a_typed_date_and_a_future_term_is_not_yet_destroyable() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"))
        .as_i64()
        .unwrap();
    // Coaching that ended today (the mock clock's 2026-11-30) is kept two years.
    ok(
        &main,
        "traject_add",
        json!({ "client_id": id, "input": { "regime": "coaching", "start_date": "2025-01-01", "end_date": "2026-11-30", "hulpvraag": "", "agreed_fee": "" } }),
    );
    assert_eq!(
        ok(&main, "retention_due", json!({})),
        json!([]),
        "the old call without a date still asks for today, when nothing is due"
    );
    let ahead = ok(&main, "retention_due", json!({ "on": "31-12-2028" }));
    assert_eq!(
        ahead.as_array().map(Vec::len),
        Some(1),
        "looking ahead lists the dossier: {ahead}"
    );
    assert_eq!(ahead[0]["client_id"], id);
    assert_eq!(ahead[0]["keep_until"], "2028-11-30", "{ahead}");
    assert_eq!(
        ahead[0]["due_today"], false,
        "the line says 'nog niet': {ahead}"
    );

    let err = invoke(
        &main,
        "client_destroy",
        json!({ "client_id": id, "reason": "termijn verstreken", "request_id": null }),
    )
    .expect_err("a term that ends in 2028 does not allow destruction today");
    assert_eq!(err["code"], "NotAllowed", "{err}");
    ok(&main, "retention_status", json!({ "client_id": id }));

    let err = invoke(&main, "retention_due", json!({ "on": "eind van het jaar" }))
        .expect_err("free text is not a date");
    assert_eq!(
        err["fields"][0]["field"], "on",
        "the refusal belongs to the date field: {err}"
    );
}
