//! Printing from the app: the bytes handed to the printer are exactly the stored PDF of the issued
//! zorgnota, the print is logged with printer and copies (never a name), and a refused print job
//! leaves no log line.

mod billing_common;

use billing_common::*;
use dossierkluis::dossier::Regime;
use dossierkluis::ErrorCode;
use std::time::{Duration, Instant};

#[test]
fn the_printer_gets_the_stored_pdf_and_the_print_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Visser", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let issued = store.issue_invoice(id).unwrap();
    let stored = store.invoice_pdf(id).unwrap();

    let mut sent = Vec::new();
    store
        .print_invoice(id, "Kantoor_HP", 2, |bytes| {
            sent = bytes.to_vec();
            Ok(())
        })
        .unwrap();
    assert!(
        sent == stored,
        "the printer gets the stored PDF, byte for byte"
    );

    let title = store.invoice_print_title(id).unwrap();
    assert_eq!(
        title,
        format!("Zorgnota {}", issued.number.clone().unwrap()),
        "the job title is kind and number"
    );
    assert!(!title.contains("Visser"), "never the client's name");

    let line = store
        .audit_recent(5)
        .unwrap()
        .into_iter()
        .find(|r| r.event == "invoice_sent_to_printer")
        .expect("the print is logged");
    assert_eq!(line.detail, "printer Kantoor_HP, 2 exemplaren");
    assert_eq!(
        line.client_ref.as_deref(),
        Some(issued.client.client_number.as_str())
    );
}

#[test]
fn a_refused_print_job_is_not_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Smit", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    let err = store
        .print_invoice(id, "Kantoor_HP", 1, |_| {
            Err(dossierkluis::print::lp_failed())
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err.message.contains("niet aangenomen"));
    assert!(
        !store
            .audit_recent(10)
            .unwrap()
            .iter()
            .any(|r| r.event == "invoice_sent_to_printer"),
        "no log line claims a print that did not happen"
    );
}

/// A fake program: a shell script `name` in `dir` with `body`, executable.
fn fake_program(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn lp_gets_the_pdf_on_its_standard_input_and_a_refusal_is_a_dutch_message() {
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("got.pdf");
    let args = dir.path().join("args");
    let lp = fake_program(
        dir.path(),
        "lp",
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\ncat > '{}'",
            args.display(),
            got.display()
        ),
    );
    let pdf = b"%PDF-1.7 zorgnota".repeat(10_000); // larger than a pipe's buffer
    let lp_args = vec!["-d".to_string(), "Kantoor_HP".to_string()];
    dossierkluis::print::run_lp(lp.as_os_str(), &lp_args, &pdf, Duration::from_secs(10)).unwrap();
    assert!(
        std::fs::read(&got).unwrap() == pdf,
        "lp read the PDF, all of it, from stdin"
    );
    assert_eq!(std::fs::read_to_string(&args).unwrap(), "-d\nKantoor_HP\n");

    let refusing = fake_program(dir.path(), "lp-weigert", "cat >/dev/null\nexit 1");
    let err = dossierkluis::print::run_lp(
        refusing.as_os_str(),
        &lp_args,
        &pdf,
        Duration::from_secs(10),
    )
    .unwrap_err();
    assert!(
        err.message.contains("niet aangenomen"),
        "a refused job says so: {}",
        err.message
    );
}

#[test]
fn an_lp_that_hangs_is_stopped_at_the_deadline_and_nothing_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    // Never reads, never ends (exec: no orphan keeps the pipe open after it is stopped).
    let lp = fake_program(dir.path(), "lp", "exec sleep 30");
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Mulder", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();

    let started = Instant::now();
    let err = store
        .print_invoice(id, "Kantoor_HP", 1, |pdf| {
            dossierkluis::print::run_lp(lp.as_os_str(), &[], pdf, Duration::from_millis(300))
        })
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(
        err.message.contains("niet op tijd") && err.message.contains("afgebroken"),
        "the person is told the printer did not answer in time: {}",
        err.message
    );
    assert!(
        waited < Duration::from_secs(5),
        "stopped at the deadline, not after lp's 30 seconds ({waited:?})"
    );
    assert!(
        !store
            .audit_recent(10)
            .unwrap()
            .iter()
            .any(|r| r.event == "invoice_sent_to_printer"),
        "a print that timed out is not logged"
    );
}

#[test]
fn an_lpstat_that_hangs_gives_a_dutch_message_and_no_cups_gives_no_printers() {
    let dir = tempfile::tempdir().unwrap();
    let hanging = fake_program(dir.path(), "lpstat", "exec sleep 30");
    let started = Instant::now();
    let err = dossierkluis::print::list_printers(hanging.as_os_str(), Duration::from_millis(300))
        .unwrap_err();
    assert!(
        err.message.contains("niet op tijd"),
        "the person is told CUPS did not answer: {}",
        err.message
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped at the deadline"
    );

    let answering = fake_program(
        dir.path(),
        "lpstat-ok",
        "if [ \"$1\" = -e ]; then echo Kantoor_HP; else echo 'system default destination: Kantoor_HP'; exit 1; fi",
    );
    let printers =
        dossierkluis::print::list_printers(answering.as_os_str(), Duration::from_secs(10)).unwrap();
    assert_eq!(printers.printers, vec!["Kantoor_HP"]);
    assert_eq!(
        printers.default.as_deref(),
        Some("Kantoor_HP"),
        "lpstat -d's answer counts even when it exits non-zero"
    );

    let missing = dir.path().join("geen-cups");
    let none =
        dossierkluis::print::list_printers(missing.as_os_str(), Duration::from_secs(1)).unwrap();
    assert!(none.printers.is_empty(), "no CUPS reads as no printer");
}

#[test]
fn the_vault_is_not_held_while_the_printer_gets_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Peters", Regime::Wgbo, &["2026-11-02"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    store
        .print_invoice(id, "Kantoor_HP", 1, |_| {
            // Another connection writes while "lp" runs: it would wait for (and fail on) an open
            // write transaction if the print held one.
            let mut other = open(&dir.path().join("vault.db"), "2026-11-30");
            other.clear_practice_logo().map(|_| ())
        })
        .unwrap();
    assert!(store
        .audit_recent(5)
        .unwrap()
        .iter()
        .any(|r| r.event == "invoice_sent_to_printer"));
}
