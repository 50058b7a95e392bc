//! The zorgnota / factuur / creditnota as an A4 PDF, through the crate's PDF layer
//! (`crate::pdf`, see docs/pdf.md): the content of [`super::document`], Dutch amounts
//! (`crate::format::euro`) and dates, fonts embedded. Identical input gives identical bytes; the bytes
//! of an issued invoice are stored in the vault (`invoice_pdfs`) so a reprint is the same file even
//! after a later version changes the layout or the fonts, or the practice changes its logo.
//!
//! The practice logo ([`crate::logo`]), when set, stands right-aligned at the top of the first page
//! in a box of 60 × 22 mm, its aspect ratio kept.

use super::document::{document, InvoiceDocument};
use super::{Invoice, InvoiceKind};
use crate::error::Result;
use crate::format::euro;
use crate::pdf::{Block, Column, Document, Image, Paragraph, Row, Table};

fn sender_name(invoice: &Invoice) -> String {
    let p = &invoice.practice;
    if p.practice_name.is_empty() {
        p.therapist_name.clone()
    } else {
        p.practice_name.clone()
    }
}

/// The PDF layer's document for `invoice`, without a logo (public for the layout tests and benchmarks).
pub fn pdf_document(invoice: &Invoice) -> Document {
    pdf_document_with_logo(invoice, None)
}

/// The PDF layer's document for `invoice` with the practice logo (as stored, see
/// [`crate::logo`]) at the top.
pub fn pdf_document_with_logo(invoice: &Invoice, logo: Option<&Image>) -> Document {
    let d: InvoiceDocument = document(invoice);
    let p = &invoice.practice;
    let number = invoice.number.clone().unwrap_or_else(|| "concept".into());
    let mut footer = vec![sender_name(invoice)];
    if !p.kvk_number.is_empty() {
        footer.push(format!("KvK {}", p.kvk_number));
    }
    if !p.iban.is_empty() {
        footer.push(format!("IBAN {}", p.iban));
    }
    let mut doc = Document::new(format!("{} {number}", d.title))
        .author(sender_name(invoice))
        .subject(format!("{} {number}", d.title))
        .footer(footer.join(" · "));
    if let Some(date) = invoice.issue_date {
        doc = doc.date(date);
    }
    if let Some(logo) = logo {
        doc = doc.push(crate::logo::for_invoice(logo.clone()));
    }
    doc = doc
        .push(Block::title(d.title.clone()))
        .push(
            Table::new(vec![Column::new("Van", 1.0), Column::new("Aan", 1.0)])
                .row(Row::new([d.sender.join("\n"), d.recipient.join("\n")])),
        )
        .push(Block::Spacer(3.0))
        .push(Block::key_values(
            d.invoice_fields
                .iter()
                .map(|f| (f.label.clone(), f.value.clone())),
        ));
    if !d.practice_fields.is_empty() {
        doc = doc
            .push(Block::heading("Praktijkgegevens"))
            .push(Block::key_values(
                d.practice_fields
                    .iter()
                    .map(|f| (f.label.clone(), f.value.clone())),
            ));
    }
    // Code and description share a cell, so the description does not wrap in a narrow column (a
    // wrapped cell reads back out of order in text extraction). A VAT column only when the rates differ;
    // otherwise the totals and the VAT sentence say it.
    let with_vat = d.lines.windows(2).any(|w| w[0].vat != w[1].vat);
    let mut columns = vec![
        Column::new(
            if invoice.kind == InvoiceKind::Zorgnota {
                "Behandeldatum"
            } else {
                "Datum"
            },
            // Wide enough for the longest Dutch date ("30 september 2026") on one line.
            3.0,
        ),
        Column::new(
            if invoice.kind == InvoiceKind::Zorgnota {
                "Prestatiecode en omschrijving"
            } else {
                "Omschrijving"
            },
            if with_vat { 5.5 } else { 7.0 },
        ),
    ];
    if with_vat {
        columns.push(Column::new("Btw", 1.5));
    }
    columns.push(Column::new("Bedrag", 1.7).right());
    let width = columns.len();
    let mut table = Table::new(columns);
    for line in &d.lines {
        let what = if line.prestatiecode.is_empty() {
            line.description.clone()
        } else {
            format!("{} {}", line.prestatiecode, line.description)
        };
        let mut cells = vec![line.date.clone(), what];
        if with_vat {
            cells.push(line.vat.clone());
        }
        cells.push(euro(line.amount_cents));
        table = table.row(Row::new(cells));
    }
    for (label, cents) in &d.totals {
        let mut cells = vec![String::new(); width - 2];
        cells.push(label.clone());
        cells.push(euro(*cents));
        let row = Row::new(cells);
        table = table.row(if label == "Totaal" { row.bold() } else { row });
    }
    doc = doc
        .push(Block::heading(if invoice.kind == InvoiceKind::Zorgnota {
            "Behandelingen"
        } else {
            "Diensten"
        }))
        .push(table)
        .push(Block::Rule);
    for note in &d.notes {
        doc = doc.push(Paragraph::new(note.clone()).size(9.0));
    }
    doc
}

/// The PDF bytes of `invoice` as it is now, without a logo.
pub fn render(invoice: &Invoice) -> Result<Vec<u8>> {
    pdf_document(invoice).render()
}

/// The PDF bytes of `invoice` with `logo` at the top.
pub fn render_with_logo(invoice: &Invoice, logo: Option<&Image>) -> Result<Vec<u8>> {
    pdf_document_with_logo(invoice, logo).render()
}
