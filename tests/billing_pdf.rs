//! The zorgnota on paper: a demo zorgnota read back with `pdftotext` shows every field insurers check,
//! the PDF as issued is stored so a reprint is byte-identical (also after the practice details or the
//! dossier change), and the e-mail copy is AES-256 and opens with its password only.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{InvoiceKind, InvoiceStatus};
use dossierkluis::dates::dutch_long;
use dossierkluis::demo::DemoSpec;
use dossierkluis::dossier::Regime;
use dossierkluis::format::euro;
use std::process::Command;

fn pdftotext(pdf: &[u8], password: Option<&str>) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nota.pdf");
    std::fs::write(&file, pdf).unwrap();
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(pw) = password {
        cmd.arg("-upw").arg(pw);
    }
    let out = cmd
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn qpdf(args: &[&str], pdf: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kopie.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("qpdf")
        .args(args)
        .arg(&file)
        .output()
        .expect("qpdf is installed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// pdftotext -layout may spread a line's words; compare with runs of spaces collapsed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_demo_zorgnota_read_back_from_the_pdf_has_every_required_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("vault.db"), "2026-11-30");
    store
        .generate_demo(
            DemoSpec {
                clients: 12,
                years: 2,
                seed: 7,
            },
            |_, _| {},
        )
        .unwrap();
    let summary = store
        .list_invoices()
        .unwrap()
        .into_iter()
        .find(|i| i.kind == InvoiceKind::Zorgnota && !i.is_credit_note)
        .expect("the demo has zorgnota's");
    let invoice = store.invoice(summary.id).unwrap();
    let pdf = store.invoice_pdf(invoice.id).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = squash(&pdftotext(&pdf, None).unwrap());
    let p = &invoice.practice;
    let c = &invoice.client;
    let mut required = vec![
        "Zorgnota".to_string(),
        p.agb_zorgverlener.clone(),
        p.agb_praktijk.clone(),
        p.beroepsvereniging.clone(),
        p.member_number.clone(),
        p.kvk_number.clone(),
        p.iban.clone(),
        c.name.clone(),
        c.street.clone(),
        c.postcode.clone(),
        c.city.clone(),
        dutch_long(c.birth_date.parse().unwrap()),
        invoice.number.clone().unwrap(),
        dutch_long(invoice.issue_date.unwrap()),
        "Vrijgesteld van btw".into(),
        euro(invoice.totals.total_cents),
    ];
    for line in &invoice.lines {
        required.extend([
            dutch_long(line.service_date),
            line.prestatiecode.clone(),
            line.description.clone(),
            euro(line.amount_cents),
        ]);
    }
    for field in required {
        assert!(!field.is_empty());
        assert!(
            text.contains(&squash(&field)),
            "the printed zorgnota shows '{field}':\n{text}"
        );
    }
    assert!(!text.contains("BSN"), "no BSN on the nota");
}

#[test]
fn the_pdf_as_issued_is_stored_and_a_reprint_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Jansen",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    let id = store.create_invoice(client, &sessions).unwrap();
    let preview = store.invoice_pdf(id).unwrap();
    assert!(
        squash(&pdftotext(&preview, None).unwrap()).contains("concept"),
        "a concept prints as concept"
    );
    let issued = store.issue_invoice(id).unwrap();
    let stored: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM invoice_pdfs WHERE invoice_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1, "the PDF is stored when the invoice is issued");
    let first = store.invoice_pdf(id).unwrap();
    assert_eq!(
        dossierkluis::billing::pdf::render(&issued).unwrap(),
        first,
        "identical input gives identical bytes"
    );
    // The practice moves and the client is destroyed: the reprint is still the nota as issued.
    let mut moved = practice();
    moved.street = "Nieuwe Gracht".into();
    store.update_practice(&moved).unwrap();
    store
        .mark_invoice_paid(
            id,
            "2026-11-30".parse().unwrap(),
            dossierkluis::billing::PaymentMethod::Pin,
        )
        .unwrap();
    store
        .connection()
        .execute("DELETE FROM clients WHERE id = ?1", [client])
        .unwrap();
    assert_eq!(store.invoice(id).unwrap().status, InvoiceStatus::Paid);
    assert_eq!(
        store.invoice_pdf(id).unwrap(),
        first,
        "byte-identical reprint"
    );
    let changed = store.connection().execute(
        "UPDATE invoice_pdfs SET pdf = x'00' WHERE invoice_id = ?1",
        [id],
    );
    assert!(changed.is_err(), "the stored PDF cannot be replaced");
    assert!(store
        .connection()
        .execute("DELETE FROM invoice_pdfs WHERE invoice_id = ?1", [id])
        .is_err());
}

#[test]
fn the_email_copy_is_aes_256_and_opens_with_its_password_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "de Vries", Regime::Wgbo, &["2026-11-03"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    assert!(
        store.invoice_email_copy(id).is_err(),
        "a concept is not e-mailed"
    );
    store.issue_invoice(id).unwrap();
    let (copy, password) = store.invoice_email_copy(id).unwrap();
    let pw = password.expose_secret().to_string();
    let (ok, report) = qpdf(&["--show-encryption", &format!("--password={pw}")], &copy);
    assert!(ok, "{report}");
    assert!(
        report.contains("R = 6") && report.contains("AESv3"),
        "AES-256 (R6, AESv3): {report}"
    );
    let text = pdftotext(&copy, Some(&pw)).unwrap();
    assert!(text.contains("Zorgnota"));
    assert!(pdftotext(&copy, None).is_err(), "no password, no text");
    assert!(
        pdftotext(&copy, Some("VERK-EERD-WACH-TW00")).is_err(),
        "a wrong password does not open it"
    );
    assert!(
        !dossierkluis::billing::pdf::render(&store.invoice(id).unwrap())
            .unwrap()
            .is_empty()
    );
    // Both the print and the copy are logged, without names or the password.
    store.invoice_pdf(id).unwrap();
    let log: Vec<String> = store
        .connection()
        .prepare("SELECT event || ' ' || coalesce(client_ref, '') || ' ' || detail FROM audit_log WHERE object_type = 'invoice'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let log = log.join("\n");
    assert!(
        log.contains("invoice_email_copy K-") && log.contains("invoice_printed K-"),
        "{log}"
    );
    assert!(!log.contains("Vries") && !log.contains(&pw), "{log}");
}

/// Issue 11: the date column fits the longest Dutch dates on one line (a wrapped date reads as
/// "30 september" and, a line later, "2026").
#[test]
fn the_date_column_fits_a_long_dutch_date_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Jansen",
        Regime::Wgbo,
        &["2026-09-30", "2026-11-14"],
    );
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    let text = pdftotext(&store.invoice_pdf(id).unwrap(), None).unwrap();
    for date in ["30 september 2026", "14 november 2026"] {
        assert!(
            text.lines().any(|l| l.contains(date)),
            "{date} stands on one line:\n{text}"
        );
    }
}
