//! Instellingen → Facturering and the Facturen period as the window reaches them (IPC, ACL, JSON, mock
//! runtime): settings round-trip with the next number, a refused payment term, tariff and IBAN at
//! their fields, services in euros, the code table, business clients, and the period's totals.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};

fn fields(err: &Value) -> Vec<String> {
    err["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn billing_settings_round_trip_and_a_bad_payment_term_is_refused_at_its_field() {
    let (_dir, _app, main) = created_vault();
    let view = ok(&main, "billing_settings_get", json!({}));
    assert_eq!(
        view["settings"]["payment_term_days"], 14,
        "the default term: {view}"
    );
    assert_eq!(
        view["next_number"], "2026-0001",
        "a new vault starts its series at 1"
    );
    let choices = view["vat_choices"].as_array().unwrap();
    assert_eq!(choices.len(), 3, "21 %, vrijgesteld, KOR: {choices:?}");
    assert!(
        choices.iter().any(|c| c["value"] == "exempt"
            && c["invoice_text"]
                .as_str()
                .unwrap()
                .contains("artikel 11, lid 1, onderdeel g")),
        "the exemption's invoice text comes from the core"
    );

    let saved = ok(
        &main,
        "billing_settings_set",
        json!({ "input": { "number_prefix": "DW", "payment_term_days": "30", "care_vat_mode": "exempt", "coaching_vat_mode": "kor" } }),
    );
    assert_eq!(saved["settings"]["payment_term_days"], 30);
    assert_eq!(
        saved["next_number"], "DW2026-0001",
        "the prefix shows in the next number"
    );
    let again = ok(&main, "billing_settings_get", json!({}));
    assert_eq!(
        again["settings"], saved["settings"],
        "what was saved is what is read back"
    );
    assert_eq!(again["settings"]["coaching_vat_mode"], "kor");

    let err = invoke(
        &main,
        "billing_settings_set",
        json!({ "input": { "number_prefix": "DW", "payment_term_days": "veertien", "care_vat_mode": "exempt", "coaching_vat_mode": "kor" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "InvalidInput", "{err}");
    assert_eq!(fields(&err), ["payment_term_days"]);
    assert_eq!(
        ok(&main, "billing_settings_get", json!({}))["settings"]["payment_term_days"],
        30,
        "the refused term changed nothing"
    );
}

#[test]
fn a_service_with_a_dutch_tariff_is_saved_and_a_bad_tariff_is_refused_at_its_field() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    let saved = ok(
        &main,
        "billing_service_save",
        json!({ "input": { "kind": "intake", "description": "Intakegesprek", "tariff": "95,50", "prestatiecode": "24504", "vat_mode": "exempt" } }),
    );
    assert_eq!(
        saved["tariff_cents"], 9550,
        "85,00-style input becomes cents: {saved}"
    );
    let list = ok(&main, "billing_services", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["kind"], "intake");

    let err = invoke(
        &main,
        "billing_service_save",
        json!({ "input": { "kind": "coaching", "description": "Coaching", "tariff": "negentig", "prestatiecode": "", "vat_mode": "vat21" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "InvalidInput");
    assert_eq!(fields(&err), ["tariff"], "the tariff is named: {err}");
    assert!(
        err["message"].as_str().unwrap().contains("85,00"),
        "with an example"
    );
    assert_eq!(
        ok(&main, "billing_services", json!({}))
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing saved"
    );
}

#[test]
fn a_bad_iban_is_refused_at_its_field_and_the_practice_keeps_the_old_one() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    let mut practice = ok(&main, "practice_get", json!({}));
    practice["iban"] = json!("NL91ABNA0417164300");
    let saved = ok(&main, "practice_set", json!({ "input": practice }));
    assert_eq!(
        saved["iban"], "NL91 ABNA 0417 1643 00",
        "stored in groups of four"
    );
    let mut bad = saved.clone();
    bad["iban"] = json!("NL92ABNA0417164300");
    let err = invoke(&main, "practice_set", json!({ "input": bad })).unwrap_err();
    assert_eq!(
        fields(&err),
        ["iban"],
        "the mod-97 check names the IBAN: {err}"
    );
    assert_eq!(
        ok(&main, "practice_get", json!({}))["iban"],
        "NL91 ABNA 0417 1643 00"
    );
}

#[test]
fn codes_business_clients_and_the_period_with_its_totals() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    let table = ok(&main, "billing_codes", json!({}));
    assert!(
        table["source"].as_str().unwrap().contains("Vektis"),
        "the source is shown"
    );
    assert!(table["codes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["origin"] == "shipped"));
    let table = ok(
        &main,
        "billing_code_save",
        json!({ "input": { "code": "24006", "description": "Behandeling voedingstherapie", "category": "natuurgeneeskunde", "source": "Eigen invoer" } }),
    );
    let added = table["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "24006")
        .cloned();
    assert_eq!(added.unwrap()["origin"], "added");
    let err = invoke(
        &main,
        "billing_code_save",
        json!({ "input": { "code": "24 006!", "description": "", "category": "", "source": "" } }),
    )
    .unwrap_err();
    assert_eq!(fields(&err), ["code", "description"], "{err}");

    let client = ok(&main, "client_add", client("Faber", "1234 AB"));
    let err = invoke(
        &main,
        "billing_business_set",
        json!({ "client_id": client, "business": { "street": "Stationsplein", "house_number": "1", "postcode": "3511 ED", "city": "Utrecht", "company_name": "Faber B.V.", "kvk_number": "123", "btw_id": "", "reference": "" } }),
    )
    .unwrap_err();
    assert_eq!(fields(&err), ["kvk_number"]);
    let list = ok(
        &main,
        "billing_business_set",
        json!({ "client_id": client, "business": { "street": "Stationsplein", "house_number": "1", "postcode": "3511 ED", "city": "Utrecht", "company_name": "Faber B.V.", "kvk_number": "12345678", "btw_id": "", "reference": "PO-1" } }),
    );
    assert_eq!(list[0]["company_name"], "Faber B.V.");
    assert_eq!(list[0]["client_id"], client);
    let list = ok(
        &main,
        "billing_business_set",
        json!({ "client_id": client, "business": null }),
    );
    assert_eq!(list, json!([]), "a private person again");

    let presets = ok(&main, "invoice_periods", json!({}));
    assert_eq!(
        presets["this_year"],
        json!({ "from": "2026-01-01", "to": "2026-12-31" })
    );
    assert_eq!(
        presets["previous_quarter"],
        json!({ "from": "2026-07-01", "to": "2026-09-30" })
    );
    let ledger = ok(
        &main,
        "invoices_period",
        json!({ "from": "2026-01-01", "to": "2026-12-31" }),
    );
    assert_eq!(ledger["rows"], json!([]));
    assert_eq!(ledger["totals"]["invoiced_cents"], 0);
    let err = invoke(
        &main,
        "invoices_period",
        json!({ "from": "2026-12-31", "to": "2026-01-01" }),
    )
    .unwrap_err();
    assert_eq!(
        fields(&err),
        ["to"],
        "an end before the start is refused at 'tot': {err}"
    );
}

/// The exports through the save dialog's test seam (debug builds): the CSV of the period with and
/// without names, and the UBL file of an invoice to a business client; a private client's invoice is
/// refused before any dialog. The only test in this file that uses the seam (it sets the process's
/// environment).
#[test]
fn csv_with_and_without_names_and_the_ubl_file_of_a_business_invoice() {
    let (dir, _app, main) = created_vault();
    choose_vat(&main);
    let seam = dir.path().join("dialoog");
    std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &seam);
    let mut practice = ok(&main, "practice_get", json!({}));
    for (k, v) in [
        ("therapist_name", "A. de Boer"),
        ("practice_name", "Praktijk De Boer"),
        ("street", "Laan"),
        ("house_number", "2"),
        ("postcode", "3511 AA"),
        ("city", "Utrecht"),
        ("kvk_number", "12345678"),
        ("btw_id", "NL001234567B01"),
        ("iban", "NL91ABNA0417164300"),
    ] {
        practice[k] = json!(v);
    }
    ok(&main, "practice_set", json!({ "input": practice }));
    let bill = |last: &str| {
        let id = ok(
            &main,
            "client_add",
            json!({ "input": { "first_names": "Zoë", "last_name": last, "birth_date": "1985-06-01", "street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht" } }),
        );
        let traject = ok(
            &main,
            "traject_add",
            json!({ "client_id": id, "input": { "regime": "coaching", "start_date": "2026-11-01", "hulpvraag": "Loopbaan", "agreed_fee": "100,00" } }),
        );
        ok(
            &main,
            "session_add",
            json!({ "client_id": id, "input": { "traject_id": traject, "date": "2026-11-30", "start_time": "10:00", "duration_minutes": 60, "kind": "coaching", "fee": "", "status": "held" } }),
        );
        (id, traject)
    };
    let (business, _) = bill("Faber");
    let (private, _) = bill("Gerrits");
    ok(
        &main,
        "billing_business_set",
        json!({ "client_id": business, "business": { "street": "Stationsplein", "house_number": "1", "postcode": "3511 ED", "city": "Utrecht", "company_name": "Faber Advies B.V.", "kvk_number": "87654321", "btw_id": "", "reference": "PO-17" } }),
    );
    let issue = |client: &Value| {
        let session =
            ok(&main, "billing_unbilled", json!({ "client_id": client }))[0]["session_id"].clone();
        let id = ok(
            &main,
            "invoice_create",
            json!({ "client_id": client, "session_ids": [session] }),
        );
        ok(&main, "invoice_issue", json!({ "invoice_id": id }))
    };
    let to_business = issue(&business);
    let to_private = issue(&private);

    let err = invoke(
        &main,
        "invoice_ubl_save",
        json!({ "invoice_id": to_private["id"] }),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "NotAllowed",
        "UBL is for business clients: {err}"
    );
    assert!(
        !seam.join("opgeslagen").exists(),
        "refused before the dialog: no file"
    );
    let name = ok(
        &main,
        "invoice_ubl_save",
        json!({ "invoice_id": to_business["id"] }),
    );
    let number = to_business["number"].as_str().unwrap();
    assert_eq!(name, format!("factuur-{number}.xml"));
    let xml =
        std::fs::read_to_string(seam.join("opgeslagen").join(name.as_str().unwrap())).unwrap();
    assert!(
        xml.contains("<Invoice") && xml.contains("Faber Advies B.V.") && xml.contains("PO-17"),
        "{xml}"
    );

    let with = ok(
        &main,
        "invoices_export_csv",
        json!({ "from": "2026-11-01", "to": "2026-11-30", "with_names": true }),
    );
    assert_eq!(with, "facturen-2026-11-01-tot-2026-11-30.csv");
    let csv =
        std::fs::read_to_string(seam.join("opgeslagen").join(with.as_str().unwrap())).unwrap();
    assert!(csv.starts_with("\u{feff}factuurnummer;"), "header first");
    assert_eq!(
        csv.lines().count(),
        3,
        "the header and both invoices: {csv}"
    );
    assert!(
        csv.contains("Zoë Faber") && csv.contains("Faber Advies B.V."),
        "with names: {csv}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = seam.join("opgeslagen").join(with.as_str().unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "an export with client names is readable by its owner only"
        );
    }
    let without = ok(
        &main,
        "invoices_export_csv",
        json!({ "from": "2026-11-01", "to": "2026-11-30", "with_names": false }),
    );
    assert_eq!(
        without,
        "facturen-2026-11-01-tot-2026-11-30-zonder-namen.csv"
    );
    let csv =
        std::fs::read_to_string(seam.join("opgeslagen").join(without.as_str().unwrap())).unwrap();
    assert!(csv.contains(number), "the invoice's line is there");
    assert!(
        !csv.contains("Faber") && !csv.contains("Gerrits"),
        "no names: {csv}"
    );

    let err = invoke(
        &main,
        "invoices_export_csv",
        json!({ "from": "2026-11-30", "to": "2026-11-01", "with_names": false }),
    )
    .unwrap_err();
    assert_eq!(
        fields(&err),
        ["to"],
        "a reversed period is refused before the dialog"
    );
}

#[test]
fn adding_a_service_whose_kind_exists_is_refused_and_changing_it_needs_the_flag() {
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    ok(
        &main,
        "billing_service_save",
        json!({ "input": { "kind": "Consult", "description": "Consult", "tariff": "85,00", "prestatiecode": "24504", "vat_mode": "exempt" } }),
    );
    let err = invoke(
        &main,
        "billing_service_save",
        json!({ "input": { "kind": "Consult", "description": "Ander consult", "tariff": "10,00", "prestatiecode": "", "vat_mode": "vat21" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "InvalidInput");
    assert_eq!(fields(&err), ["kind"], "refused at the kind field: {err}");
    assert_eq!(
        err["fields"][0]["message"],
        "Er is al een dienst ‘Consult’; kies Wijzigen."
    );
    assert_eq!(
        ok(&main, "billing_services", json!({}))[0]["tariff_cents"],
        8500,
        "'Dienst toevoegen' did not overwrite the existing service"
    );
    let changed = ok(
        &main,
        "billing_service_save",
        json!({ "input": { "kind": "Consult", "description": "Consult", "tariff": "90,00", "prestatiecode": "24504", "vat_mode": "exempt", "change": true } }),
    );
    assert_eq!(
        changed["tariff_cents"], 9000,
        "'Wijzigen' passes change: true and changes the service"
    );
}
