//! The logo and print commands as the window reaches them (IPC, ACL, JSON, mock runtime), with the
//! debug-only seams: the open dialog answers from DOSSIERKLUIS_TEST_DIALOG_DIR/logo, and a fake
//! `lpstat`/`lp` (tests/e2e/fake-cups) stands in for CUPS and records what it was sent.

mod mock_app;
use mock_app::*;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

/// The seam folder, set once for this test process (env vars are process-wide).
fn seams() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let fake = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/fake-cups");
        std::fs::create_dir_all(dir.join("logo")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("icons/icon.png"),
            dir.join("logo/logo.png"),
        )
        .unwrap();
        // Set once, before any test of this process reads them (OnceLock).
        std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &dir);
        std::env::set_var("DOSSIERKLUIS_TEST_LPSTAT", fake.join("lpstat"));
        std::env::set_var("DOSSIERKLUIS_TEST_LP", fake.join("lp"));
        dir
    })
}

/// A vault with a client with two held sessions and a concept zorgnota for the first; its id.
fn concept(main: &WebviewWindow<MockRuntime>) -> Value {
    let id = ok(
        main,
        "client_add",
        json!({ "input": { "first_names": "Zoë", "last_name": "Vries", "birth_date": "1985-06-01", "street": "Dorpsstraat", "house_number": "1", "postcode": "1234 AB", "city": "Utrecht" } }),
    );
    let traject = ok(
        main,
        "traject_add",
        json!({ "client_id": id, "input": { "regime": "wgbo", "start_date": "2026-11-01", "hulpvraag": "Slaapproblemen", "agreed_fee": "85,00" } }),
    );
    for date in ["2026-11-23", "2026-11-30"] {
        ok(
            main,
            "session_add",
            json!({ "client_id": id, "input": { "traject_id": traject, "date": date, "start_time": "10:00", "duration_minutes": 50, "kind": "Consult", "fee": "", "status": "held" } }),
        );
    }
    let unbilled = ok(main, "billing_unbilled", json!({ "client_id": id }));
    let first = unbilled[0]["session_id"].clone();
    ok(
        main,
        "invoice_create",
        json!({ "client_id": id, "session_ids": [first] }),
    )
}

#[test]
fn a_logo_chosen_in_the_dialog_is_kept_shown_and_removed() {
    seams();
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    assert_eq!(ok(&main, "practice_logo_get", json!({})), Value::Null);
    let logo = ok(&main, "practice_logo_choose", json!({}));
    assert_eq!(
        (logo["width_px"].as_u64(), logo["height_px"].as_u64()),
        (Some(256), Some(256)),
        "the chosen file is read and checked: {}",
        logo["media_type"]
    );
    assert!(
        logo["data_url"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,"),
        "the page gets a data: URL for the preview"
    );
    assert_eq!(ok(&main, "practice_logo_get", json!({})), logo);
    assert_eq!(ok(&main, "practice_logo_clear", json!({})), json!(true));
    assert_eq!(ok(&main, "practice_logo_get", json!({})), Value::Null);
}

#[test]
fn printing_hands_the_pdf_to_lp_on_stdin_and_refuses_unknown_printers() {
    let seam = seams();
    let (_dir, _app, main) = created_vault();
    choose_vat(&main);
    let printers = ok(&main, "printers_list", json!({}));
    assert_eq!(
        printers,
        json!({ "printers": ["Kantoor_HP", "Praktijkprinter", "Kapotte_printer"], "default": "Praktijkprinter" }),
        "lpstat's printers and default"
    );
    let invoice = concept(&main);

    let err = invoke(
        &main,
        "invoice_print",
        json!({ "invoice_id": invoice, "printer": "--weg", "copies": 1 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "InvalidInput", "{err}");
    assert_eq!(err["fields"][0]["field"], "printer");

    let err = invoke(
        &main,
        "invoice_print",
        json!({ "invoice_id": invoice, "printer": "Kapotte_printer", "copies": 1 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Io", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("De printer heeft de opdracht niet aangenomen."),
        "a refused job gives a calm Dutch sentence: {err}"
    );

    ok(
        &main,
        "invoice_print",
        json!({ "invoice_id": invoice, "printer": "Praktijkprinter", "copies": 2 }),
    );
    let jobs = seam.join("printer");
    let args = std::fs::read_to_string(jobs.join("job-1.args")).expect("lp ran once");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        vec![
            "-d",
            "Praktijkprinter",
            "-n",
            "2",
            "-t",
            "Zorgnota concept",
            "-o",
            "document-format=application/pdf"
        ],
        "no file name: the PDF came on stdin"
    );
    let sent = std::fs::read(jobs.join("job-1.pdf")).unwrap();
    assert!(sent.starts_with(b"%PDF-"), "lp got a PDF");

    // The same bytes the page would save with "PDF opslaan…" (a concept renders the same each time).
    let name = ok(&main, "invoice_pdf_save", json!({ "invoice_id": invoice }));
    let saved = std::fs::read(seam.join("opgeslagen").join(name.as_str().unwrap())).unwrap();
    assert!(sent == saved, "the printer got exactly the invoice's PDF");
}
