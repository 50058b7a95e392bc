//! The betaalbewijs: a PDF receipt for a payment recorded after the nota was issued. The issued
//! nota's PDF never changes (it is stored as issued and may still ask for a transfer), so the proof
//! that it was paid is a document of its own: which nota, the amount, the payment date and the method.
//! It is made from the invoice's frozen copies only, so it is the same file every time it is made.
//! A nota paid at issue ("Uitreiken en afrekenen") says "Voldaan" itself and needs none, but may have
//! one.

use super::document::document;
use super::{audit_for, load_invoice, Invoice, InvoiceKind, InvoiceStatus};
use crate::dates::dutch_long;
use crate::error::{Error, ErrorCode, Result};
use crate::format::euro;
use crate::pdf::{Block, Column, Document, Paragraph, Row, Table};
use crate::store::Store;

/// "zorgnota 2026-0001 van 3 februari 2026".
fn nota_reference(invoice: &Invoice) -> String {
    let kind = match invoice.kind {
        InvoiceKind::Zorgnota => "zorgnota",
        InvoiceKind::Factuur => "factuur",
    };
    format!(
        "{kind} {} van {}",
        invoice.number.as_deref().unwrap_or(""),
        invoice.issue_date.map(dutch_long).unwrap_or_default()
    )
}

/// The receipt of a paid invoice; refused for a concept, an unpaid invoice or a credit note.
pub fn receipt_document(invoice: &Invoice) -> Result<Document> {
    let (Some(paid_on), Some(method)) = (invoice.paid_on, invoice.payment_method) else {
        return Err(Error::new(
            ErrorCode::NotAllowed,
            "Er is nog geen betaling vastgelegd voor deze nota, dus er is geen betaalbewijs. Registreer eerst de betaling.",
        ));
    };
    if invoice.is_credit_note() || invoice.status == InvoiceStatus::Concept {
        return Err(Error::new(
            ErrorCode::NotAllowed,
            "Een betaalbewijs hoort bij een betaalde nota, niet bij een creditnota of een concept.",
        ));
    }
    let d = document(invoice);
    let sender_name = d.sender.first().cloned().unwrap_or_default();
    let reference = nota_reference(invoice);
    let amount = euro(invoice.totals.total_cents);
    let title = "Betaalbewijs";
    let number = invoice.number.clone().unwrap_or_default();
    Ok(Document::new(format!("{title} {number}"))
        .author(sender_name.clone())
        .subject(format!("{title} bij {reference}"))
        .date(paid_on)
        .footer(sender_name.clone())
        .push(Block::title(title))
        .push(
            Table::new(vec![Column::new("Van", 1.0), Column::new("Aan", 1.0)])
                .row(Row::new([d.sender.join("\n"), d.recipient.join("\n")])),
        )
        .push(Block::Spacer(3.0))
        .push(Block::key_values([
            ("Betaalbewijs voor", reference.clone()),
            ("Cliëntnummer", invoice.client.client_number.clone()),
            ("Bedrag", amount.clone()),
            ("Betaald op", dutch_long(paid_on)),
            ("Betaalwijze", method.as_str().to_string()),
        ]))
        .push(Block::Rule)
        .push(Paragraph::new(format!(
            "{sender_name} bevestigt de ontvangst van {amount} op {} ({}) voor {reference}. De nota is hiermee voldaan.",
            dutch_long(paid_on),
            method.as_str()
        ))))
}

impl Store {
    /// The betaalbewijs of a paid invoice as PDF bytes ([`receipt_document`]). Logged as
    /// `invoice_receipt_saved` ("betaalbewijs van een nota opgeslagen" in the Logboek).
    pub fn invoice_receipt_pdf(&mut self, id: i64) -> Result<Vec<u8>> {
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            let bytes = receipt_document(&invoice)?.render()?;
            Ok((bytes, vec![audit_for("invoice_receipt_saved", &invoice)]))
        })
    }
}
