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
            Some(&business(
                "Werkgever <Noord> B.V.",
                "87654321",
                "NL859999999B01",
                "PO-2026-17",
            )),
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
            Some(&business("Gemeente Voorbeeld", "12312312", "", "")),
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

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("factuur.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issue 11: the employer is the customer (art. 35a Wet OB), at its own address; the coachee's home
/// address and name are no business of the employer's.
#[test]
fn a_business_invoice_carries_the_company_address_and_never_the_home_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Brouwer", Regime::Coaching, &["2026-11-03"]);
    // Without the company's address the invoice is not issued, and says where to add it.
    store
        .set_business_client(
            client,
            Some(&BusinessClient {
                company_name: "Werkgever B.V.".into(),
                ..Default::default()
            }),
        )
        .map(|_| ())
        .expect_err("the company's address is required");
    let company = BusinessClient {
        attention: "afdeling HR".into(),
        ..business("Werkgever B.V.", "87654321", "NL859999999B01", "PO-9")
    };
    store.set_business_client(client, Some(&company)).unwrap();
    let invoice = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let text = pdftotext(&store.invoice_pdf(invoice.id).unwrap());
    assert!(
        text.contains("Werkgever B.V. t.a.v. afdeling HR Stationsplein 1 3511 ED Utrecht"),
        "the PDF is addressed to the company: {text}"
    );
    for private in ["Kerkstraat", "Amersfoort", "Zoë", "Brouwer"] {
        assert!(
            !text.contains(private),
            "the PDF does not show {private}: {text}"
        );
    }
    let xml = store.export_invoice_ubl(invoice.id).unwrap();
    validate(&xml).unwrap_or_else(|report| panic!("{report}\n{xml}"));
    let customer = &xml[xml.find("<cac:AccountingCustomerParty>").unwrap()
        ..xml.find("</cac:AccountingCustomerParty>").unwrap()];
    assert!(
        customer.contains("<cbc:StreetName>Stationsplein 1</cbc:StreetName>")
            && customer.contains("<cbc:CityName>Utrecht</cbc:CityName>")
            && customer.contains("<cbc:PostalZone>3511 ED</cbc:PostalZone>"),
        "the UBL customer is at the company address: {customer}"
    );
    for private in ["Kerkstraat", "Amersfoort", "Zoë", "Brouwer"] {
        assert!(
            !xml.contains(private),
            "the UBL does not carry {private}: {xml}"
        );
    }
    // Its credit note exports as a UBL CreditNote, at the same address.
    let credit = store.credit_invoice(invoice.id, false).unwrap();
    let xml = store.export_invoice_ubl(credit.id).unwrap();
    assert!(
        xml.contains("<CreditNote ") && xml.contains("Stationsplein 1"),
        "{xml}"
    );
    validate(&xml).unwrap_or_else(|report| panic!("{report}\n{xml}"));
}
