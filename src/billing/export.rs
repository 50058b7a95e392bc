//! Exports for the bookkeeper: a CSV of every issued invoice and credit note in a period (with or
//! without client names), and an SI-UBL 2.0 (NLCIUS, UBL 2.1 syntax) XML per invoice for business
//! clients.
//!
//! CSV format, chosen for what Dutch spreadsheets and bookkeeping imports read without settings: `;`
//! as separator (Excel and LibreOffice with Dutch regional settings split on it), amounts with a decimal
//! comma and no thousands separator (`1234,56`, `-85,00`: a thousands dot is misread as a decimal
//! point by importers), ISO dates (`2026-11-30`, unambiguous and recognised by Excel), UTF-8 with a
//! byte-order mark so Excel shows `ë` correctly, CRLF line ends, RFC 4180 quoting. Text cells that
//! start with `=`, `+`, `-` or `@` get a leading `'` so a spreadsheet never runs them as a formula.

use super::{load_invoice, Invoice, InvoiceStatus, VatMode};
use crate::audit::AuditEvent;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Cents as a plain Dutch decimal: `123456` → `1234,56`, `-8500` → `-85,00`.
pub fn csv_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

fn csv_text(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The CSV columns, in order. `naam` and `bedrijf` are left out with `with_names = false`.
pub fn csv_header(with_names: bool) -> Vec<&'static str> {
    let mut h = vec![
        "factuurnummer",
        "factuurdatum",
        "soort",
        "status",
        "clientnummer",
    ];
    if with_names {
        h.extend(["naam", "bedrijf"]);
    }
    h.extend([
        "crediteert",
        "netto_21",
        "btw_21",
        "netto_vrijgesteld",
        "netto_kor",
        "totaal_excl_btw",
        "btw",
        "totaal",
        "openstaand",
        "betaald_op",
        "betaalwijze",
    ]);
    h
}

impl Store {
    /// Every issued invoice and credit note with an invoice date from `from` to `to` (both included),
    /// as CSV text (see the module doc for the format). Logged with the period and count, no names.
    pub fn export_invoices_csv(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        with_names: bool,
    ) -> Result<String> {
        if to < from {
            return Err(Error::field(
                "to",
                "De einddatum van de periode ligt vóór de begindatum.",
            ));
        }
        self.read_logged(|tx| {
            let mut per_rate: HashMap<(i64, String), i64> = HashMap::new();
            {
                let mut stmt = tx.prepare(
                    "SELECT l.invoice_id, l.vat_mode, sum(l.amount_cents) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id \
                     WHERE i.status <> 'concept' AND i.issue_date BETWEEN ?1 AND ?2 GROUP BY l.invoice_id, l.vat_mode",
                )?;
                let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
                while let Some(r) = rows.next()? {
                    per_rate.insert((r.get(0)?, r.get(1)?), r.get(2)?);
                }
            }
            let mut out = String::with_capacity(256 * 1024);
            out.push('\u{feff}');
            out.push_str(&csv_header(with_names).join(";"));
            out.push_str("\r\n");
            let mut stmt = tx.prepare(&format!(
                "SELECT i.id, i.number, i.issue_date, i.kind, i.status, i.client_number, i.client_name, i.buyer_company, i.credits_number, \
                        i.net_cents, i.vat_cents, i.total_cents, i.paid_on, i.payment_method, \
                        (SELECT coalesce(sum(c.total_cents), 0) FROM invoices c WHERE c.credits_invoice_id = i.id AND c.status <> 'concept'), \
                        {} \
                 FROM invoices i WHERE i.status <> 'concept' AND i.issue_date BETWEEN ?1 AND ?2 ORDER BY i.issue_date, i.number",
                super::ORIGINAL_PAID_SQL
            ))?;
            let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
            let mut count = 0usize;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let status = InvoiceStatus::parse(&r.get::<_, String>(4)?);
                let credits: String = r.get(8)?;
                let net21 = per_rate.get(&(id, "vat21".into())).copied().unwrap_or(0);
                let total: i64 = r.get(11)?;
                let open =
                    super::open_cents(status, !credits.is_empty(), total, r.get(14)?, r.get(15)?);
                let mut cells: Vec<String> = vec![
                    csv_text(&r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                    if credits.is_empty() { r.get::<_, String>(3)? } else { "creditnota".into() },
                    super::status_label(status, !credits.is_empty(), open).into(),
                    csv_text(&r.get::<_, String>(5)?),
                ];
                if with_names {
                    cells.push(csv_text(&r.get::<_, String>(6)?));
                    cells.push(csv_text(&r.get::<_, String>(7)?));
                }
                cells.extend([
                    csv_text(&credits),
                    csv_amount(net21),
                    csv_amount(super::totals::vat_on(net21, 21)),
                    csv_amount(per_rate.get(&(id, "exempt".into())).copied().unwrap_or(0)),
                    csv_amount(per_rate.get(&(id, "kor".into())).copied().unwrap_or(0)),
                    csv_amount(r.get(9)?),
                    csv_amount(r.get(10)?),
                    csv_amount(total),
                    csv_amount(open),
                    r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                    r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                ]);
                out.push_str(&cells.join(";"));
                out.push_str("\r\n");
                count += 1;
            }
            let event = AuditEvent::new("invoices_exported", "invoice", "csv")
                .detail(format!("{from} t/m {to}, {count} facturen, {}", if with_names { "met namen" } else { "zonder namen" }));
            Ok((out, vec![event]))
        })
    }

    /// The SI-UBL 2.0 XML of an issued invoice to a business client. Logged.
    pub fn export_invoice_ubl(&mut self, id: i64) -> Result<String> {
        self.read_logged(|tx| {
            let invoice = load_invoice(tx, id)?;
            let xml = ubl_xml(&invoice)?;
            Ok((
                xml,
                vec![super::audit_for("invoice_exported", &invoice).detail("ubl")],
            ))
        })
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Cents as a UBL amount: `8500` → `85.00`.
fn ubl_amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// UNCL 5305 category: S = standard rate, E = exempt (the medical exemption and the KOR both mean
/// no VAT is charged on this supply; the reason text says which).
fn category(mode: VatMode) -> &'static str {
    match mode {
        VatMode::Vat21 => "S",
        VatMode::Exempt | VatMode::Kor => "E",
    }
}

fn tax_category(out: &mut String, element: &str, mode: VatMode, with_reason: bool) {
    let _ = write!(
        out,
        "<cac:{element}><cbc:ID>{}</cbc:ID><cbc:Percent>{}</cbc:Percent>",
        category(mode),
        mode.rate_percent()
    );
    if with_reason {
        if let Some(text) = mode.invoice_text() {
            let _ = write!(
                out,
                "<cbc:TaxExemptionReason>{}</cbc:TaxExemptionReason>",
                esc(text)
            );
        }
    }
    let _ = write!(
        out,
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{element}>"
    );
}

#[allow(clippy::too_many_arguments)]
fn party(
    out: &mut String,
    element: &str,
    name: &str,
    street: &str,
    postcode: &str,
    city: &str,
    kvk: &str,
    btw_id: &str,
    contact: Option<(&str, &str)>,
) {
    let _ = write!(out, "<cac:{element}><cac:Party>");
    if !kvk.is_empty() {
        let _ = write!(
            out,
            "<cbc:EndpointID schemeID=\"0106\">{}</cbc:EndpointID>",
            esc(kvk)
        );
        let _ = write!(out, "<cac:PartyIdentification><cbc:ID schemeID=\"0106\">{}</cbc:ID></cac:PartyIdentification>", esc(kvk));
    }
    let _ = write!(
        out,
        "<cac:PartyName><cbc:Name>{}</cbc:Name></cac:PartyName><cac:PostalAddress><cbc:StreetName>{}</cbc:StreetName>\
         <cbc:CityName>{}</cbc:CityName><cbc:PostalZone>{}</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress>",
        esc(name),
        esc(street),
        esc(city),
        esc(postcode)
    );
    if !btw_id.is_empty() {
        let _ = write!(
            out,
            "<cac:PartyTaxScheme><cbc:CompanyID>{}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
            esc(btw_id)
        );
    }
    let _ = write!(
        out,
        "<cac:PartyLegalEntity><cbc:RegistrationName>{}</cbc:RegistrationName>",
        esc(name)
    );
    if !kvk.is_empty() {
        let _ = write!(
            out,
            "<cbc:CompanyID schemeID=\"0106\">{}</cbc:CompanyID>",
            esc(kvk)
        );
    }
    out.push_str("</cac:PartyLegalEntity>");
    if let Some((phone, email)) = contact {
        if !phone.is_empty() || !email.is_empty() {
            out.push_str("<cac:Contact>");
            if !phone.is_empty() {
                let _ = write!(out, "<cbc:Telephone>{}</cbc:Telephone>", esc(phone));
            }
            if !email.is_empty() {
                let _ = write!(
                    out,
                    "<cbc:ElectronicMail>{}</cbc:ElectronicMail>",
                    esc(email)
                );
            }
            out.push_str("</cac:Contact>");
        }
    }
    let _ = write!(out, "</cac:Party></cac:{element}>");
}

/// Builds the SI-UBL 2.0 document (an Invoice, or a CreditNote for a credit note) for an issued
/// invoice to a business client.
pub fn ubl_xml(invoice: &Invoice) -> Result<String> {
    if invoice.status == InvoiceStatus::Concept {
        return Err(Error::new(
            ErrorCode::NotAllowed,
            "Een concept heeft nog geen nummer. Reik de factuur eerst uit en exporteer hem daarna.",
        ));
    }
    if invoice.client.company.is_empty() {
        return Err(Error::new(
            ErrorCode::NotAllowed,
            "Een UBL-factuur is voor zakelijke klanten. Leg eerst de bedrijfsgegevens van deze cliënt vast (bedrijfsnaam en KvK-nummer).",
        ));
    }
    // A credit note is a UBL CreditNote with positive amounts (the document type says it credits)
    // and a BillingReference to the original invoice.
    let credit = invoice.is_credit_note();
    let (root, type_code, line_element, quantity) = if credit {
        (
            "CreditNote",
            "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>",
            "CreditNoteLine",
            "CreditedQuantity",
        )
    } else {
        (
            "Invoice",
            "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
            "InvoiceLine",
            "InvoicedQuantity",
        )
    };
    let sign = if credit { -1 } else { 1 };
    let p = &invoice.practice;
    let c = &invoice.client;
    let number = invoice.number.clone().unwrap_or_default();
    let issue = invoice
        .issue_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut x = String::with_capacity(8 * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<{root} xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:{root}-2\" \
        xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" \
        xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
    ));
    x.push_str("<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0</cbc:CustomizationID>");
    x.push_str("<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>");
    let _ = write!(
        x,
        "<cbc:ID>{}</cbc:ID><cbc:IssueDate>{issue}</cbc:IssueDate>",
        esc(&number)
    );
    // UBL 2.1 CreditNote has no DueDate element.
    if let (false, Some(due)) = (credit, invoice.due_date) {
        let _ = write!(x, "<cbc:DueDate>{due}</cbc:DueDate>");
    }
    x.push_str(type_code);
    for text in invoice.vat_texts() {
        let _ = write!(x, "<cbc:Note>{}</cbc:Note>", esc(text));
    }
    x.push_str("<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>");
    let buyer_reference = if c.reference.is_empty() {
        &c.client_number
    } else {
        &c.reference
    };
    let _ = write!(
        x,
        "<cbc:BuyerReference>{}</cbc:BuyerReference>",
        esc(buyer_reference)
    );
    if let (Some(first), Some(last)) = (invoice.lines.first(), invoice.lines.last()) {
        let _ = write!(
            x,
            "<cac:InvoicePeriod><cbc:StartDate>{}</cbc:StartDate><cbc:EndDate>{}</cbc:EndDate></cac:InvoicePeriod>",
            first.service_date, last.service_date
        );
    }
    if credit {
        let _ = write!(
            x,
            "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{}</cbc:ID><cbc:IssueDate>{}</cbc:IssueDate>\
             </cac:InvoiceDocumentReference></cac:BillingReference>",
            esc(&invoice.credits_number),
            esc(&invoice.credits_date)
        );
    }
    let seller_name = if p.practice_name.is_empty() {
        &p.therapist_name
    } else {
        &p.practice_name
    };
    party(
        &mut x,
        "AccountingSupplierParty",
        seller_name,
        &format!("{} {}", p.street, p.house_number),
        &p.postcode,
        &p.city,
        &p.kvk_number,
        &p.btw_id,
        Some((&p.phone, &p.email)),
    );
    party(
        &mut x,
        "AccountingCustomerParty",
        &c.company,
        &c.street,
        &c.postcode,
        &c.city,
        &c.kvk_number,
        &c.btw_id,
        None,
    );
    if !credit && !p.iban.is_empty() {
        let _ = write!(
            x,
            "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>{}</cbc:PaymentID>\
             <cac:PayeeFinancialAccount><cbc:ID>{}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>",
            esc(&number),
            esc(&p.iban.replace(' ', ""))
        );
    }
    if let (false, Some(due)) = (credit, invoice.due_date) {
        let _ = write!(
            x,
            "<cac:PaymentTerms><cbc:Note>Te betalen uiterlijk {}</cbc:Note></cac:PaymentTerms>",
            esc(&crate::dates::dutch_long(due))
        );
    }
    let t = &invoice.totals;
    let _ = write!(
        x,
        "<cac:TaxTotal><cbc:TaxAmount currencyID=\"EUR\">{}</cbc:TaxAmount>",
        ubl_amount(sign * t.vat_cents)
    );
    for rate in &t.per_rate {
        let _ = write!(
            x,
            "<cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">{}</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">{}</cbc:TaxAmount>",
            ubl_amount(sign * rate.net_cents),
            ubl_amount(sign * rate.vat_cents)
        );
        tax_category(&mut x, "TaxCategory", rate.vat_mode, true);
        x.push_str("</cac:TaxSubtotal>");
    }
    x.push_str("</cac:TaxTotal>");
    let _ = write!(
        x,
        "<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"EUR\">{net}</cbc:LineExtensionAmount>\
         <cbc:TaxExclusiveAmount currencyID=\"EUR\">{net}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"EUR\">{total}</cbc:TaxInclusiveAmount>\
         <cbc:PayableAmount currencyID=\"EUR\">{open}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
        net = ubl_amount(sign * t.net_cents),
        total = ubl_amount(sign * t.total_cents),
        open = ubl_amount(sign * t.total_cents),
    );
    for line in &invoice.lines {
        let _ = write!(
            x,
            "<cac:{line_element}><cbc:ID>{}</cbc:ID><cbc:{quantity} unitCode=\"C62\">1</cbc:{quantity}>\
             <cbc:LineExtensionAmount currencyID=\"EUR\">{}</cbc:LineExtensionAmount>\
             <cac:InvoicePeriod><cbc:StartDate>{d}</cbc:StartDate><cbc:EndDate>{d}</cbc:EndDate></cac:InvoicePeriod>\
             <cac:Item><cbc:Name>{}</cbc:Name>",
            line.position,
            ubl_amount(sign * line.amount_cents),
            esc(&line.description),
            d = line.service_date,
        );
        if !line.prestatiecode.is_empty() {
            let _ = write!(x, "<cac:SellersItemIdentification><cbc:ID>{}</cbc:ID></cac:SellersItemIdentification>", esc(&line.prestatiecode));
        }
        tax_category(&mut x, "ClassifiedTaxCategory", line.vat_mode, false);
        let _ = write!(
            x,
            "</cac:Item><cac:Price><cbc:PriceAmount currencyID=\"EUR\">{}</cbc:PriceAmount></cac:Price></cac:{line_element}>",
            ubl_amount(sign * line.amount_cents)
        );
    }
    let _ = writeln!(x, "</{root}>");
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_a_decimal_comma_without_thousands_dots() {
        assert_eq!(csv_amount(123456), "1234,56");
        assert_eq!(csv_amount(-8500), "-85,00");
        assert_eq!(csv_amount(7), "0,07");
        assert_eq!(ubl_amount(-7), "-0.07");
    }

    #[test]
    fn text_cells_are_quoted_and_never_run_as_formulas() {
        assert_eq!(csv_text("de Vries; Jan"), "\"de Vries; Jan\"");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("-1"), "'-1");
        assert_eq!(csv_text("Zoë"), "Zoë");
    }
}
