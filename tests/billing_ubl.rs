//! The SI-UBL 2.0 export validates against the official OASIS UBL 2.1 Invoice schema
//! (tests/fixtures/ubl-2.1, see SOURCE.md there) with `xmllint --schema` (Debian libxml2-utils,
//! installed by scripts/install-deps.sh).

mod billing_common;

use billing_common::*;
use dossierkluis::billing::BusinessClient;
use dossierkluis::dossier::Regime;
use dossierkluis::ErrorCode;
use std::path::{Path, PathBuf};
use std::process::Command;

fn schema(document: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "tests/fixtures/ubl-2.1/maindoc/UBL-{document}-2.1.xsd"
    ))
}

/// Runs xmllint; Ok(()) if valid, Err(its report) if not.
fn validate(xml: &str) -> Result<(), String> {
    let document = if xml.contains("<CreditNote ") {
        "CreditNote"
    } else {
        "Invoice"
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("factuur.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(document))
        .arg(&file)
        .output()
        .expect(
            "xmllint is installed (apt-get install libxml2-utils; scripts/install-deps.sh does it)",
        );
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn the_ubl_of_a_business_invoice_validates_against_the_ubl_2_1_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "de Groot & Zn",
        Regime::Coaching,
        &["2026-11-03", "2026-11-10"],
    );
    let private = store
        .create_invoice(client, &sessions[..1])
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let err = store.export_invoice_ubl(private.id).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::NotAllowed,
        "UBL is for business clients"
    );
    store
        .set_business_client(
            client,
            Some(&BusinessClient {
                company_name: "Werkgever <Noord> B.V.".into(),
                kvk_number: "87654321".into(),
                btw_id: "NL859999999B01".into(),
                reference: "PO-2026-17".into(),
            }),
        )
        .unwrap();
    let invoice = store
        .create_invoice(client, &sessions[1..])
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let xml = store.export_invoice_ubl(invoice.id).unwrap();
    validate(&xml).unwrap_or_else(|report| panic!("schema-valid UBL 2.1:\n{report}\n{xml}"));
    for expected in [
        "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0</cbc:CustomizationID>",
        "<cbc:ID>2026-0002</cbc:ID>",
        "<cbc:IssueDate>2026-11-30</cbc:IssueDate>",
        "<cbc:BuyerReference>PO-2026-17</cbc:BuyerReference>",
        "Werkgever &lt;Noord&gt; B.V.",
        "<cbc:EndpointID schemeID=\"0106\">87654321</cbc:EndpointID>",
        "<cbc:ID>NL91ABNA0417164300</cbc:ID>",
        "<cbc:TaxAmount currencyID=\"EUR\">17.85</cbc:TaxAmount>",
        "<cbc:PayableAmount currencyID=\"EUR\">102.85</cbc:PayableAmount>",
    ] {
        assert!(xml.contains(expected), "{expected} in:\n{xml}");
    }
    // The validator is real: the same document with two elements swapped is refused.
    let broken = xml
        .replacen(
            "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
            "",
            1,
        )
        .replacen(
            "<cbc:ProfileID>",
            "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:ProfileID>",
            1,
        );
    assert!(
        validate(&broken).is_err(),
        "elements out of schema order are refused"
    );
}

#[test]
fn an_exempt_invoice_carries_the_exemption_reason_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Mertens", Regime::Wgbo, &["2026-11-03"]);
    store
        .set_business_client(
            client,
            Some(&BusinessClient {
                company_name: "Gemeente Voorbeeld".into(),
                kvk_number: "12312312".into(),
                ..Default::default()
            }),
        )
        .unwrap();
    let invoice = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let xml = store.export_invoice_ubl(invoice.id).unwrap();
    validate(&xml).unwrap_or_else(|report| panic!("{report}\n{xml}"));
    assert!(xml.contains("<cbc:ID>E</cbc:ID><cbc:Percent>0</cbc:Percent><cbc:TaxExemptionReason>Vrijgesteld van btw"), "{xml}");
}
