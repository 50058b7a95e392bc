//! The rest of the Privacy tab through IPC, the ACL and JSON on the mock runtime: a request's term
//! extended (and refused beyond the limit at its field), langer bewaren, the copy for the client with
//! a withheld entry absent from the saved file, the intervision summary (refused, then saved), and the
//! copy for a waarnemer refused without consent (no file) and made with it.
//!
//! The save dialog answers from the test seam (`DOSSIERKLUIS_TEST_DIALOG_DIR`, debug builds): this
//! binary sets it once, and only the one test that saves files uses it.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};
use std::path::PathBuf;

fn entry(
    main: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    id: i64,
    kind: &str,
    text: &str,
) -> i64 {
    ok(
        main,
        "entry_add",
        json!({ "client_id": id, "input": { "kind": kind, "text": text } }),
    )
    .as_i64()
    .expect("entry_add returns the new id")
}

fn consent(main: &tauri::WebviewWindow<tauri::test::MockRuntime>, id: i64, purpose: &str) {
    ok(
        main,
        "consent_add",
        json!({ "client_id": id, "input": { "purpose": purpose, "given_on": "2026-11-01" } }),
    );
}

#[test]
fn a_request_is_extended_within_the_limit_and_refused_beyond_it_at_its_field() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"))
        .as_i64()
        .unwrap();
    let request = ok(
        &main,
        "request_add",
        json!({ "client_id": id, "kind": "inzage", "received_on": "2026-11-20", "identity_check": "" }),
    );
    let request_id = request["id"].clone();

    let err = invoke(
        &main,
        "request_extend",
        json!({ "request_id": request_id, "months": 3, "reason": "veel stukken" }),
    )
    .expect_err("more than two extra months is not allowed (AVG art. 12(3))");
    assert_eq!(err["code"], "InvalidInput", "{err}");
    assert_eq!(err["fields"][0]["field"], "months", "at its field: {err}");
    assert!(
        err["message"].as_str().unwrap().contains("1 of 2 maanden"),
        "the limit is said in Dutch: {err}"
    );

    let err = invoke(
        &main,
        "request_extend",
        json!({ "request_id": request_id, "months": 1, "reason": " " }),
    )
    .expect_err("a reason is required");
    assert_eq!(err["fields"][0]["field"], "reason");

    let extended = ok(
        &main,
        "request_extend",
        json!({ "request_id": request_id, "months": 2, "reason": "veel stukken bij elkaar zoeken" }),
    );
    assert_eq!(
        extended["extended_deadline"], "2027-02-20",
        "two extra months count from receipt: {extended}"
    );
    assert_eq!(
        extended["extension_reason"],
        "veel stukken bij elkaar zoeken"
    );
    assert_eq!(
        extended["deadline"], "2026-12-20",
        "the first deadline stays"
    );
    let due = ok(&main, "requests_due", json!({}));
    assert_eq!(
        due[0]["deadline"], "2027-02-20",
        "the overview counts the new deadline"
    );
}

#[test]
fn langer_bewaren_by_years_shows_the_new_date_and_reason_and_refuses_an_earlier_date() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Jansen", "3511 AB"))
        .as_i64()
        .unwrap();
    entry(&main, id, "intake", "intake");
    let before = ok(&main, "retention_status", json!({ "client_id": id }));
    let term = before["keep_until"].as_str().unwrap().to_string();

    let err = invoke(
        &main,
        "retention_keep_longer",
        json!({ "client_id": id, "until": term, "years": null, "reason": "erfelijkheid" }),
    )
    .expect_err("the same date lengthens nothing");
    assert_eq!(err["fields"][0]["field"], "until", "{err}");

    for typed in ["5,5", "-1", "99999999999", "tien"] {
        let err = invoke(
            &main,
            "retention_keep_longer",
            json!({ "client_id": id, "until": null, "years": typed, "reason": "erfelijkheid" }),
        )
        .expect_err("not a number of years");
        assert_eq!(
            err["fields"][0]["field"], "years",
            "'{typed}' is refused at the years field, in Dutch: {err}"
        );
    }
    let after = ok(
        &main,
        "retention_keep_longer",
        json!({ "client_id": id, "until": null, "years": "10", "reason": "erfelijke aandoening" }),
    );
    let new = after["keep_until"].as_str().unwrap();
    assert!(new > term.as_str(), "{new} is after {term}");
    assert_eq!(&new[4..], &term[4..], "ten whole years later");
    assert!(
        after["reason"]
            .as_str()
            .unwrap()
            .contains("erfelijke aandoening"),
        "{after}"
    );
}

#[test]
fn copies_for_the_client_intervision_and_waarnemer_are_written_through_the_save_dialog() {
    let (dir, _app, main) = created_vault();
    let seam = dir.path().join("seam");
    std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &seam);
    let saved = |name: &str| -> PathBuf { seam.join("opgeslagen").join(name) };

    let id = ok(&main, "client_add", client("Verhoeven", "3511 AB"))
        .as_i64()
        .unwrap();
    let number = ok(&main, "retention_status", json!({ "client_id": id }))["client_number"]
        .as_str()
        .unwrap()
        .to_string();
    let kept = entry(&main, id, "intake", "ZICHTBAAR intakegesprek over slapen");
    let withheld = entry(&main, id, "correspondentie", "DERDENPASSAGE over de zus");
    entry(&main, id, "werkaantekening", "WERKNOTITIE eigen hypothese");

    let plan = ok(&main, "copy_plan", json!({ "client_id": id }));
    let listed: Vec<i64> = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        listed,
        vec![kept, withheld],
        "no werkaantekening to choose: {plan}"
    );
    assert_eq!(plan["work_notes_left_out"], 1);

    let inzage = ok(
        &main,
        "request_add",
        json!({ "client_id": id, "kind": "inzage", "received_on": "2026-11-30", "identity_check": "" }),
    );

    // The JSON copy, one entry withheld.
    let done = ok(
        &main,
        "client_copy_save",
        json!({ "client_id": id, "format": "json", "withhold": [withheld] }),
    );
    let file = format!("dossierkopie-{number}.json");
    assert_eq!(done["file_name"], file.as_str());
    assert_eq!(
        done["answers"][0]["id"], inzage["id"],
        "the open inzage request is offered as answered: {done}"
    );
    let written = std::fs::read_to_string(saved(&file)).unwrap();
    assert!(
        written.contains("ZICHTBAAR"),
        "the kept entry is in the copy"
    );
    assert!(
        !written.contains("DERDENPASSAGE"),
        "the withheld entry is not"
    );
    assert!(!written.contains("WERKNOTITIE"), "no werkaantekening");
    let copy: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        copy["withheld_entries"], 1,
        "the copy says one was left out"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(saved(&file))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "a dossier copy is readable by its owner only");
    }

    // The PDF copy.
    let done = ok(
        &main,
        "client_copy_save",
        json!({ "client_id": id, "format": "pdf", "withhold": [withheld] }),
    );
    let pdf = std::fs::read(saved(done["file_name"].as_str().unwrap())).unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // Intervision: refused without consent (no file), saved with it, logged.
    let review = ok(&main, "intervision_review", json!({ "client_id": id }));
    assert!(
        !review["text"].as_str().unwrap().contains("Verhoeven"),
        "the preview is anonymised: {review}"
    );
    assert!(review["refusal"].as_str().unwrap().contains("toestemming"));
    let err = invoke(&main, "intervision_save", json!({ "client_id": id }))
        .expect_err("no intervisie consent");
    assert_eq!(err["code"], "NotAllowed");
    let name = "intervisie-casus-2026-11-30.txt";
    assert!(!saved(name).exists(), "nothing written when refused");
    consent(&main, id, "intervisie");
    assert_eq!(
        ok(&main, "intervision_save", json!({ "client_id": id })),
        name
    );
    let text = std::fs::read_to_string(saved(name)).unwrap();
    assert_eq!(
        text,
        ok(&main, "intervision_review", json!({ "client_id": id }))["text"],
        "what is saved is what was shown"
    );

    // The waarnemer copy: refused without consent, saying where to record it; then made.
    let err = invoke(
        &main,
        "shared_copy_save",
        json!({ "client_id": id, "purpose": "waarnemer", "format": "pdf" }),
    )
    .expect_err("no waarnemer consent");
    assert_eq!(err["code"], "NotAllowed");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Leg de toestemming eerst vast"),
        "{err}"
    );
    let file = format!("dossierkopie-waarnemer-{number}.pdf");
    assert!(!saved(&file).exists(), "nothing written when refused");
    consent(&main, id, "waarnemer");
    assert_eq!(
        ok(
            &main,
            "shared_copy_save",
            json!({ "client_id": id, "purpose": "waarnemer", "format": "pdf" }),
        ),
        file.as_str()
    );
    assert!(std::fs::read(saved(&file)).unwrap().starts_with(b"%PDF"));

    let log = ok(&main, "dossier_viewed", json!({ "client_id": id }));
    let events: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events.iter().filter(|e| **e == "copy_exported").count(),
        2,
        "both copies for the client are logged: {events:?}"
    );
    assert!(events.contains(&"intervision_shared") && events.contains(&"copy_shared"));
}
