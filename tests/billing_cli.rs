//! The billing commands as a script (or the README) uses them: `invoice list --json` with the promised
//! fields, the whole flow from unbilled sessions to a credit note, and the exports.

mod common;

use common::cli::*;
use std::process::Command;

#[test]
fn invoice_list_json_has_the_promised_fields_and_the_demo_has_zorgnotas_paid_and_credited() {
    let cli = Cli::demo("30", "2");
    let list = cli.json(&["invoice", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert!(!list.is_empty(), "the demo issues invoices");
    for i in list {
        assert!(
            i["id"].is_i64() && i["number"].is_string() && i["total_cents"].is_i64(),
            "{i}"
        );
        assert!(
            ["zorgnota", "factuur"].contains(&i["kind"].as_str().unwrap()),
            "{i}"
        );
        assert!(
            ["concept", "issued", "paid", "credited"].contains(&i["status"].as_str().unwrap()),
            "{i}"
        );
    }
    assert!(list.iter().any(|i| i["kind"] == "zorgnota"));
    assert!(list.iter().any(|i| i["status"] == "paid"));
    assert_eq!(
        list.iter().filter(|i| i["status"] == "credited").count(),
        1,
        "one credited"
    );
    assert!(
        list.iter()
            .any(|i| i["status"] == "issued" && i["open_cents"].as_i64() > Some(0)),
        "some still open"
    );
}

#[test]
fn from_unbilled_sessions_to_paid_and_credited_and_exported() {
    let cli = Cli::demo("15", "2");
    let unbilled = cli.json(&["invoice", "unbilled", "--json"]);
    let first = &unbilled.as_array().unwrap()[0];
    let client = first["client_id"].as_i64().unwrap().to_string();
    let concept = cli.json(&["invoice", "create", "--client", &client, "--json"]);
    assert_eq!(concept["status"], "concept");
    let id = concept["id"].as_i64().unwrap().to_string();
    let issued = cli.json(&["invoice", "issue", &id, "--json"]);
    assert_eq!(issued["status"], "issued");
    assert!(issued["number"].as_str().unwrap().starts_with("2026-"));
    let paid = cli.json(&["invoice", "pay", &id, "--method", "pin", "--json"]);
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["open_cents"], 0);
    let credit = cli.json(&["invoice", "credit", &id, "--release-sessions", "--json"]);
    assert_eq!(credit["credits_number"], issued["number"]);
    assert_eq!(
        credit["totals"]["total_cents"].as_i64().unwrap(),
        -issued["totals"]["total_cents"].as_i64().unwrap()
    );

    assert_eq!(
        credit["open_cents"].as_i64().unwrap(),
        -issued["totals"]["total_cents"].as_i64().unwrap(),
        "the invoice was paid: its credit note is owed back"
    );
    let credit_id = credit["id"].as_i64().unwrap().to_string();
    let shown = cli.run(&["invoice", "show", &credit_id]);
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("terug te betalen"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
    let refunded = cli.json(&[
        "invoice",
        "refund",
        &credit_id,
        "--method",
        "overboeking",
        "--json",
    ]);
    assert_eq!(refunded["open_cents"], 0, "nothing left to refund");
    assert_eq!(refunded["payment_method"], "overboeking");
    let again = cli.run(&["invoice", "refund", &credit_id, "--method", "pin"]);
    assert!(!again.status.success(), "a refund is recorded once");
    assert!(String::from_utf8_lossy(&again.stderr).contains("al vastgelegd"));

    let bad = cli.run(&["invoice", "pay", &id, "--method", "bitcoin"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("pin, contant of overboeking"));

    let csv = cli.dir().join("facturen.csv");
    let out = cli.json(&[
        "export",
        "csv",
        "--from",
        "2024-01-01",
        "--to",
        "2026-12-31",
        "--no-names",
        "--out",
        csv.to_str().unwrap(),
        "--json",
    ]);
    assert!(out["invoices"].as_u64().unwrap() > 1);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("factuurnummer;factuurdatum;soort;status;clientnummer;crediteert;"),
        "no name columns: {}",
        &text[..200]
    );

    let ubl = cli.run(&[
        "export",
        "ubl",
        &id,
        "--out",
        cli.dir().join("f.xml").to_str().unwrap(),
    ]);
    assert!(!ubl.status.success(), "a private client gets no UBL");
    assert!(String::from_utf8_lossy(&ubl.stderr).contains("zakelijke klanten"));

    let settings = cli.json(&[
        "billing",
        "settings",
        "set",
        r#"{"payment_term_days":30}"#,
        "--json",
    ]);
    assert_eq!(settings["payment_term_days"], 30);
    let codes = cli.json(&["billing", "code", "list", "--json"]);
    assert!(codes
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == "24504"));
}

#[test]
fn invoice_pdf_saves_the_nota_and_with_password_an_email_copy() {
    let cli = Cli::demo("10", "2");
    let list = cli.json(&["invoice", "list", "--json"]);
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "zorgnota")
        .unwrap()["id"]
        .to_string();
    let plain = cli.dir().join("nota.pdf");
    cli.json(&[
        "invoice",
        "pdf",
        &id,
        "--out",
        plain.to_str().unwrap(),
        "--json",
    ]);
    let first = std::fs::read(&plain).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    cli.json(&[
        "invoice",
        "pdf",
        &id,
        "--out",
        plain.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        first,
        "a reprint is byte-identical"
    );
    let copy = cli.dir().join("kopie.pdf");
    let out = cli.json(&[
        "invoice",
        "pdf",
        &id,
        "--out",
        copy.to_str().unwrap(),
        "--password",
        "--json",
    ]);
    let password = out["password"].as_str().unwrap();
    assert_eq!(password.len(), 19, "four groups of four: {password}");
    let check = Command::new("qpdf")
        .arg("--show-encryption")
        .arg(format!("--password={password}"))
        .arg(&copy)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&check.stdout).contains("AESv3"));
    let own = cli.run(&[
        "invoice",
        "pdf",
        &id,
        "--out",
        copy.to_str().unwrap(),
        "--password",
        "geheim",
    ]);
    assert!(!own.status.success(), "an own (weak) password is refused");
}

#[test]
fn invoice_issue_paid_by_pin_and_invoice_receipt_save_pdfs_that_say_so() {
    let cli = Cli::demo("15", "2");
    let unbilled = cli.json(&["invoice", "unbilled", "--json"]);
    let client = unbilled[0]["client_id"].as_i64().unwrap().to_string();
    let concept = cli.json(&["invoice", "create", "--client", &client, "--json"]);
    let id = concept["id"].as_i64().unwrap().to_string();
    let out = cli.run(&["invoice", "issue", &id, "--paid", "overboeking", "--json"]);
    assert_eq!(
        err_code(&out),
        "invalid_input",
        "a transfer is not paid on the spot"
    );
    assert!(stderr(&out).contains("pin of contant"), "{}", stderr(&out));
    let paid = cli.json(&["invoice", "issue", &id, "--paid", "pin", "--json"]);
    assert_eq!(paid["status"], "paid", "issued and paid in one step");
    let nota = cli.dir().join("nota.pdf");
    cli.json(&[
        "invoice",
        "pdf",
        &id,
        "--out",
        nota.to_str().unwrap(),
        "--json",
    ]);
    let text = pdftotext(&nota);
    assert!(
        text.contains("Voldaan op") && text.contains("(pin)"),
        "{text}"
    );
    assert!(!text.contains("overmaken"), "no transfer request: {text}");
    let receipt = cli.dir().join("bewijs.pdf");
    cli.json(&[
        "invoice",
        "receipt",
        &id,
        "--out",
        receipt.to_str().unwrap(),
        "--json",
    ]);
    let text = pdftotext(&receipt);
    assert!(
        text.contains("Betaalbewijs") && text.contains("(pin)"),
        "{text}"
    );
}

fn pdftotext(file: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issue 11: a JSON value that cannot be read is named, with what it allows.
#[test]
fn a_mistyped_json_value_names_the_field_and_the_allowed_values() {
    let cli = Cli::new();
    cli.init();
    let service = |vat: &str, tariff: &str| {
        format!(
            r#"{{"kind":"intake","description":"Intake","tariff_cents":{tariff},"prestatiecode":"24504","vat_mode":{vat}}}"#
        )
    };
    let out = cli.run(&[
        "billing",
        "service",
        "set",
        &service("\"btw\"", "9000"),
        "--json",
    ]);
    assert_eq!(err_code(&out), "invalid_input");
    let said = stderr(&out);
    assert!(
        said.contains("vat_mode") && said.contains("vat21, exempt, kor"),
        "names the field and the allowed values: {said}"
    );
    let out = cli.run(&[
        "billing",
        "service",
        "set",
        &service("\"exempt\"", "\"90\""),
        "--json",
    ]);
    let said = stderr(&out);
    assert!(
        said.contains("tariff_cents") && said.contains("geheel getal"),
        "names the field and its form: {said}"
    );
    let out = cli.run(&[
        "billing",
        "settings",
        "set",
        r#"{"care_vat_mode":"vrijgesteld"}"#,
        "--json",
    ]);
    let said = stderr(&out);
    assert!(
        said.contains("care_vat_mode") && said.contains("vat21, exempt, kor"),
        "{said}"
    );
    let out = cli.run(&[
        "billing",
        "settings",
        "set",
        r#"{"care_vat_mod":"exempt"}"#,
        "--json",
    ]);
    let said = stderr(&out);
    assert!(
        said.contains("care_vat_mod") && said.contains("bestaat niet"),
        "a mistyped field name is not ignored: {said}"
    );
    let saved = cli.json(&[
        "billing",
        "settings",
        "set",
        r#"{"care_vat_mode":"exempt"}"#,
        "--json",
    ]);
    assert_eq!(saved["care_vat_mode"], "exempt");
    assert_eq!(
        saved["coaching_vat_mode"],
        serde_json::Value::Null,
        "still not chosen"
    );
}
