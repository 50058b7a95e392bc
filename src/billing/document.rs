//! What a printed zorgnota or factuur says, before any layout: the title, the sender and recipient
//! blocks, the insurer fields, the lines, totals and VAT sentences, in Dutch formats. The PDF renders
//! exactly this, so tests can check the content without reading a PDF, and the same data feeds a
//! future screen preview.

use super::{Invoice, InvoiceKind};
use crate::dates::dutch_long;
use serde::Serialize;

/// One labelled value, e.g. ("AGB-code zorgverlener", "90123456").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

fn field(label: &str, value: impl Into<String>) -> Field {
    Field {
        label: label.into(),
        value: value.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentLine {
    /// `21 november 2026`.
    pub date: String,
    pub prestatiecode: String,
    pub description: String,
    pub amount_cents: i64,
    /// `21%`, `vrijgesteld`, `KOR`.
    pub vat: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceDocument {
    /// `Zorgnota`, `Factuur` or `Creditnota` ([`super::status::kind_label`]).
    pub title: String,
    /// Practice name, therapist, address lines, contact.
    pub sender: Vec<String>,
    /// Client (or business buyer) name and address lines.
    pub recipient: Vec<String>,
    /// Number, date, due date, client number, date of birth (zorgnota), reference to the original.
    pub invoice_fields: Vec<Field>,
    /// AGB codes, beroepsvereniging, RBCZ, KvK, btw-id, IBAN.
    pub practice_fields: Vec<Field>,
    pub lines: Vec<DocumentLine>,
    /// (label, cents): subtotals per rate, VAT, total.
    pub totals: Vec<(String, i64)>,
    /// Exemption / KOR sentences, payment instruction.
    pub notes: Vec<String>,
}

/// The printed content of `invoice`.
pub fn document(invoice: &Invoice) -> InvoiceDocument {
    let p = &invoice.practice;
    let c = &invoice.client;
    let credit = invoice.is_credit_note();
    let title = super::status::kind_label(invoice.kind, credit);
    let mut sender = Vec::new();
    if !p.practice_name.is_empty() {
        sender.push(p.practice_name.clone());
    }
    if !p.therapist_name.is_empty() && p.therapist_name != p.practice_name {
        sender.push(p.therapist_name.clone());
    }
    sender.push(
        format!("{} {}", p.street, p.house_number)
            .trim()
            .to_string(),
    );
    sender.push(format!("{} {}", p.postcode, p.city).trim().to_string());
    for contact in [&p.phone, &p.email, &p.website] {
        if !contact.is_empty() {
            sender.push(contact.clone());
        }
    }
    let mut recipient = Vec::new();
    if !c.company.is_empty() {
        // The company is the customer, at its own address; the coachee's name appears only in the
        // reference the therapist chose (or an attention line she typed).
        recipient.push(c.company.clone());
        if !c.attention.is_empty() {
            recipient.push(format!("t.a.v. {}", c.attention));
        }
    } else {
        recipient.push(c.name.clone());
    }
    recipient.push(c.street.clone());
    recipient.push(format!("{} {}", c.postcode, c.city).trim().to_string());

    let mut invoice_fields = vec![
        field(
            if credit {
                "Creditnotanummer"
            } else {
                "Factuurnummer"
            },
            invoice.number.clone().unwrap_or_else(|| "concept".into()),
        ),
        field(
            "Factuurdatum",
            invoice.issue_date.map(dutch_long).unwrap_or_default(),
        ),
    ];
    if credit {
        let original_date = invoice
            .credits_date
            .parse()
            .map(dutch_long)
            .unwrap_or_else(|_| invoice.credits_date.clone());
        invoice_fields.push(field(
            "Crediteert",
            format!(
                "{} {} van {}",
                invoice.kind.as_str(),
                invoice.credits_number,
                original_date
            ),
        ));
    } else if let (Some(due), None) = (invoice.due_date, invoice.paid_on) {
        // A nota paid at issue ("Uitreiken en afrekenen") asks for nothing: no due date.
        invoice_fields.push(field("Te betalen vóór", dutch_long(due)));
    }
    invoice_fields.push(field("Cliëntnummer", c.client_number.clone()));
    if invoice.kind == InvoiceKind::Zorgnota {
        invoice_fields.push(field("Naam cliënt", c.name.clone()));
        invoice_fields.push(field(
            "Geboortedatum",
            c.birth_date
                .parse()
                .map(dutch_long)
                .unwrap_or_else(|_| c.birth_date.clone()),
        ));
    }
    if !c.kvk_number.is_empty() {
        invoice_fields.push(field("KvK-nummer afnemer", c.kvk_number.clone()));
    }
    if !c.btw_id.is_empty() {
        invoice_fields.push(field("Btw-id afnemer", c.btw_id.clone()));
    }
    if !c.reference.is_empty() {
        invoice_fields.push(field("Uw referentie", c.reference.clone()));
    }

    let mut practice_fields = Vec::new();
    let mut add = |label: &str, value: &str| {
        if !value.is_empty() {
            practice_fields.push(field(label, value));
        }
    };
    if invoice.kind == InvoiceKind::Zorgnota {
        add("AGB-code zorgverlener", &p.agb_zorgverlener);
        add("AGB-code praktijk", &p.agb_praktijk);
        add("Beroepsvereniging", &p.beroepsvereniging);
        add("Lidnummer", &p.member_number);
        add("RBCZ-nummer", &p.rbcz_number);
    }
    add("KvK-nummer", &p.kvk_number);
    add("Btw-id", &p.btw_id);
    add("IBAN", &p.iban);

    let lines = invoice
        .lines
        .iter()
        .map(|l| DocumentLine {
            date: dutch_long(l.service_date),
            prestatiecode: l.prestatiecode.clone(),
            description: l.description.clone(),
            amount_cents: l.amount_cents,
            vat: l.vat_mode.label().into(),
        })
        .collect();

    let t = &invoice.totals;
    let mut totals = Vec::new();
    let several = t.per_rate.len() > 1;
    for rate in &t.per_rate {
        if several || rate.vat_cents != 0 {
            totals.push((
                format!("Subtotaal {}", rate.vat_mode.label()),
                rate.net_cents,
            ));
        }
        if rate.vat_cents != 0 || rate.vat_mode == super::VatMode::Vat21 {
            totals.push((format!("Btw {}", rate.vat_mode.label()), rate.vat_cents));
        }
    }
    totals.push(("Totaal".into(), t.total_cents));

    let mut notes: Vec<String> = invoice.vat_texts().into_iter().map(String::from).collect();
    if !credit && invoice.paid_on.is_none() && !p.iban.is_empty() {
        if let (Some(due), Some(number)) = (invoice.due_date, &invoice.number) {
            notes.push(format!(
                "Graag voor {} overmaken naar {} t.n.v. {}, onder vermelding van {}.",
                dutch_long(due),
                p.iban,
                if p.practice_name.is_empty() {
                    &p.therapist_name
                } else {
                    &p.practice_name
                },
                number
            ));
        }
    }
    if let (Some(paid), Some(method)) = (invoice.paid_on, invoice.payment_method) {
        notes.push(format!(
            "Voldaan op {} ({}).",
            dutch_long(paid),
            method.as_str()
        ));
    }
    if credit {
        notes.push(format!(
            "Deze creditnota crediteert {} {}; het bedrag wordt verrekend of terugbetaald.",
            invoice.kind.as_str(),
            invoice.credits_number
        ));
    }
    InvoiceDocument {
        title: title.into(),
        sender,
        recipient,
        invoice_fields,
        practice_fields,
        lines,
        totals,
        notes,
    }
}
