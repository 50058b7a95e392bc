//! The practice-privacy commands through IPC, the ACL and JSON on the mock runtime: the retention
//! settings round-trip and their per-field refusal, the generated documents with the configured term,
//! the datalekregister, and the consent warnings of a 14-year-old without the parents' consent.

mod mock_app;
use mock_app::*;

use serde_json::json;

/// A client with a coaching traject: the documents name the coaching term only for a practice that
/// has coaching clients (they follow the trajecten registered, issue 12).
fn with_a_coaching_traject(main: &tauri::WebviewWindow<tauri::test::MockRuntime>) {
    let id = ok(main, "client_add", client("Vries", "1234 AB"));
    ok(
        main,
        "traject_add",
        json!({ "client_id": id, "input": { "regime": "coaching", "start_date": "2026-11-01", "hulpvraag": "Loopbaan", "agreed_fee": "95,00" } }),
    );
}

#[test]
fn the_coaching_term_round_trips_and_appears_in_the_privacyverklaring_and_register() {
    let (_dir, _app, main) = created_vault();
    let before = ok(&main, "retention_settings_get", json!({}));
    assert_eq!(
        before,
        json!({ "coaching_years": 2, "prospect_years": 2 }),
        "a new practice starts with the core's defaults"
    );
    let saved = ok(
        &main,
        "retention_settings_set",
        json!({ "input": { "coaching_years": "6", "prospect_years": "3" } }),
    );
    assert_eq!(saved, json!({ "coaching_years": 6, "prospect_years": 3 }));
    assert_eq!(ok(&main, "retention_settings_get", json!({})), saved);
    with_a_coaching_traject(&main);

    let doc = ok(
        &main,
        "practice_document",
        json!({ "kind": "privacyverklaring" }),
    );
    let markdown = doc["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("coachingstrajecten: 6 jaar na het einde van het laatste traject"),
        "the statement carries the term just set: {markdown}"
    );
    assert_eq!(
        doc["blocks"][0]["kind"], "title",
        "the screen gets blocks: {doc}"
    );
    assert!(
        doc["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["kind"] == "list" && b["text"].to_string().contains("6 jaar na het einde")),
        "the term is a list item on screen: {doc}"
    );
    let missing = doc["missing"].as_array().unwrap();
    assert!(
        missing.contains(&json!("practice_name")),
        "an empty profile is named, so the screen can say what to fill in: {missing:?}"
    );

    let register = ok(
        &main,
        "practice_document",
        json!({ "kind": "verwerkingsregister" }),
    );
    assert!(register["markdown"]
        .as_str()
        .unwrap()
        .contains("coaching: 6 jaar na laatste traject"));
}

#[test]
fn an_impossible_term_is_refused_at_its_field_and_nothing_changes() {
    let (_dir, _app, main) = created_vault();
    for (coaching, prospect, field) in [
        ("0", "2", "coaching_years"),
        ("tien", "2", "coaching_years"),
        ("2", "25", "prospect_years"),
    ] {
        let err = invoke(
            &main,
            "retention_settings_set",
            json!({ "input": { "coaching_years": coaching, "prospect_years": prospect } }),
        )
        .expect_err("an impossible term is refused");
        assert_eq!(err["code"], "InvalidInput", "{err}");
        assert_eq!(
            err["fields"][0]["field"], field,
            "the refusal is shown at its field: {err}"
        );
    }
    assert_eq!(
        ok(&main, "retention_settings_get", json!({})),
        json!({ "coaching_years": 2, "prospect_years": 2 }),
        "nothing was saved"
    );
}

#[test]
fn a_datalek_is_recorded_listed_and_in_the_register_text() {
    let (_dir, _app, main) = created_vault();
    assert!(ok(&main, "data_breaches", json!({}))
        .as_array()
        .unwrap()
        .is_empty());
    let err = invoke(
        &main,
        "data_breach_add",
        json!({ "input": { "discovered_on": "2026-11-29", "description": "", "people_affected": "veel" } }),
    )
    .expect_err("an empty description and a number that is no number are refused");
    assert_eq!(err["code"], "InvalidInput", "{err}");
    let line = ok(
        &main,
        "data_breach_add",
        json!({ "input": {
            "discovered_on": "2026-11-29",
            "description": "nota naar een verkeerd e-mailadres gestuurd",
            "data_kinds": "naam, adres, behandeldata",
            "people_affected": "1",
            "measures": "ontvanger gevraagd de mail te verwijderen",
            "reported_to_ap_on": "",
            "reported_to_ap_why": "klein risico",
            "clients_informed_on": "2026-11-30"
        } }),
    );
    assert_eq!(line["discovered_on"], "2026-11-29");
    assert_eq!(line["people_affected"], 1);
    assert_eq!(line["reported_to_ap_on"], serde_json::Value::Null);
    let all = ok(&main, "data_breaches", json!({}));
    assert_eq!(all.as_array().unwrap().len(), 1, "the list shows it: {all}");
    assert_eq!(all[0]["id"], line["id"]);
    let register = ok(
        &main,
        "practice_document",
        json!({ "kind": "datalekregister" }),
    );
    let text = register["markdown"].as_str().unwrap();
    assert!(
        text.contains("nota naar een verkeerd e-mailadres gestuurd")
            && text.contains("Gemeld bij de Autoriteit Persoonsgegevens: niet gemeld"),
        "the register text holds the datalek: {text}"
    );
}

#[test]
fn a_session_of_a_14_year_old_without_the_parents_consent_is_warned_about() {
    let (_dir, _app, main) = created_vault();
    let id = ok(
        &main,
        "client_add",
        json!({ "input": { "first_names": "Tim", "last_name": "Bakker", "birth_date": "2012-05-01" } }),
    );
    ok(
        &main,
        "representative_add",
        json!({ "client_id": id, "input": { "name": "Anna Bakker", "relation": "moeder", "has_gezag": true } }),
    );
    ok(
        &main,
        "consent_add",
        json!({ "client_id": id, "input": { "purpose": "behandeling", "description": "", "representative_id": null, "given_on": "2026-11-01" } }),
    );
    assert!(
        ok(&main, "consent_warnings", json!({ "client_id": id }))
            .as_array()
            .unwrap()
            .is_empty(),
        "no session, no warning"
    );
    let session = ok(
        &main,
        "session_add",
        json!({ "client_id": id, "input": { "traject_id": null, "date": "2026-11-30", "start_time": "10:00", "duration_minutes": 50, "kind": "Consult", "fee": "", "status": "held" } }),
    );
    let warnings = ok(&main, "consent_warnings", json!({ "client_id": id }));
    assert_eq!(
        warnings.as_array().unwrap().len(),
        1,
        "one session: {warnings}"
    );
    let w = &warnings[0];
    assert_eq!(w["session_id"], session);
    assert_eq!(w["date"], "2026-11-30");
    assert_eq!(w["age_band"], "from12_to15");
    let missing = w["missing"].to_string();
    assert!(
        missing.contains("Anna Bakker") && !missing.contains("cliënt"),
        "the mother's consent is missing, the child's was given: {missing}"
    );
    let counts = ok(&main, "consent_warning_counts", json!({}));
    assert_eq!(
        counts,
        json!([{ "client_id": id, "client_number": counts[0]["client_number"], "sessions": 1 }]),
        "the overview counts the one session: {counts}"
    );
    assert!(counts[0]["client_number"]
        .as_str()
        .is_some_and(|n| n.starts_with("K-")));
}

/// The dialog seam (debug builds): a save goes to `<seam>/opgeslagen/<suggested name>`. The only test
/// in this file that sets the variable, and the only one that opens a dialog.
#[test]
fn the_documents_are_saved_as_pdf_and_markdown_where_the_dialog_points() {
    let (dir, _app, main) = created_vault();
    let seam = dir.path().join("seam");
    std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &seam);
    ok(
        &main,
        "retention_settings_set",
        json!({ "input": { "coaching_years": "4", "prospect_years": "2" } }),
    );
    with_a_coaching_traject(&main);
    let name = ok(
        &main,
        "practice_document_save",
        json!({ "kind": "privacyverklaring", "format": "pdf" }),
    );
    assert_eq!(
        name, "privacyverklaring.pdf",
        "the page gets the file name only"
    );
    let pdf = std::fs::read(seam.join("opgeslagen/privacyverklaring.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");

    let name = ok(
        &main,
        "practice_document_save",
        json!({ "kind": "verwerkingsregister", "format": "markdown" }),
    );
    assert_eq!(name, "verwerkingsregister.md");
    let text = std::fs::read_to_string(seam.join("opgeslagen/verwerkingsregister.md")).unwrap();
    assert!(
        text.starts_with("# Register van verwerkingsactiviteiten")
            && text.contains("coaching: 4 jaar na laatste traject"),
        "the Markdown file is the register with the practice's term: {text}"
    );
}
