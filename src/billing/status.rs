//! What an invoice's status is called and what may be done with it, decided here once for the CLI,
//! the CSV, the PDF and the window (which shows [`InvoiceState`] as it is sent and keeps no status
//! table of its own).
//!
//! The vocabulary, the same everywhere: a **concept** is not yet a nota; an issued nota is
//! **openstaand** until it is **betaald**, or **gecrediteerd** once a **creditnota** credits it. A
//! creditnota is **uitgereikt**; when the nota it credits had been paid it reads **terug te betalen**
//! until the refund is recorded, then **terugbetaald**.

use super::{InvoiceKind, InvoiceStatus};
use serde::{Deserialize, Serialize};

/// Something the person may do with an invoice in its current state. The window shows a button per
/// action and no other; the store refuses every action not listed (tested per state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceAction {
    /// Uitreiken.
    Issue,
    /// Uitreiken en afrekenen (pin or contant): issued and paid in one step.
    IssuePaid,
    /// Concept verwijderen.
    DeleteConcept,
    /// Betaling registreren.
    RecordPayment,
    /// Terugbetaling vastleggen (a creditnota of a paid nota).
    RecordRefund,
    /// Creditnota maken.
    Credit,
    /// PDF opslaan (a concept: a preview that is not stored).
    Pdf,
    /// Afdrukken.
    Print,
    /// Kopie voor e-mail.
    EmailCopy,
    /// Betaalbewijs opslaan.
    Receipt,
    /// UBL-bestand opslaan (a business client's nota or creditnota).
    Ubl,
}

/// The label and the allowed actions of one invoice, as every surface shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InvoiceState {
    /// "Concept", "Openstaand", "Betaald", "Gecrediteerd", "Uitgereikt", "Terug te betalen",
    /// "Terugbetaald".
    pub status_label: String,
    pub actions: Vec<InvoiceAction>,
}

/// The facts of an invoice the state depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateFacts {
    pub status: InvoiceStatus,
    pub is_credit_note: bool,
    /// Negative on a creditnota while a refund is owed.
    pub open_cents: i64,
    pub paid: bool,
    pub business: bool,
}

/// The status in lower case, as the CSV and the CLI list print it.
pub fn status_label(status: InvoiceStatus, is_credit_note: bool, open_cents: i64) -> &'static str {
    match (status, is_credit_note) {
        (InvoiceStatus::Concept, _) => "concept",
        (InvoiceStatus::Issued, true) if open_cents < 0 => "terug te betalen",
        (InvoiceStatus::Issued, true) => "uitgereikt",
        (InvoiceStatus::Paid, true) => "terugbetaald",
        (InvoiceStatus::Issued, false) => "openstaand",
        (InvoiceStatus::Paid, false) => "betaald",
        (InvoiceStatus::Credited, _) => "gecrediteerd",
    }
}

/// The same label with a capital, as a badge in the window shows it.
pub fn display_label(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The state of an invoice with these facts.
pub fn invoice_state(f: StateFacts) -> InvoiceState {
    use InvoiceAction::*;
    let mut actions = Vec::new();
    match (f.status, f.is_credit_note) {
        (InvoiceStatus::Concept, _) => actions.extend([Issue, IssuePaid, DeleteConcept]),
        (InvoiceStatus::Issued, false) => actions.extend([RecordPayment, Credit]),
        (InvoiceStatus::Paid, false) => actions.push(Credit),
        (InvoiceStatus::Issued, true) if f.open_cents < 0 => actions.push(RecordRefund),
        _ => {}
    }
    actions.extend([Pdf, Print]);
    if f.status != InvoiceStatus::Concept {
        actions.push(EmailCopy);
        if f.paid && !f.is_credit_note {
            actions.push(Receipt);
        }
        if f.business {
            actions.push(Ubl);
        }
    }
    InvoiceState {
        status_label: display_label(status_label(f.status, f.is_credit_note, f.open_cents)),
        actions,
    }
}

/// "Zorgnota", "Factuur" or "Creditnota": what the invoice is called in titles.
pub fn kind_label(kind: InvoiceKind, is_credit_note: bool) -> &'static str {
    match (is_credit_note, kind) {
        (true, _) => "Creditnota",
        (false, InvoiceKind::Zorgnota) => "Zorgnota",
        (false, InvoiceKind::Factuur) => "Factuur",
    }
}

#[cfg(test)]
mod tests {
    use super::InvoiceAction::*;
    use super::*;

    fn facts(status: InvoiceStatus, credit: bool, open: i64, paid: bool) -> StateFacts {
        StateFacts {
            status,
            is_credit_note: credit,
            open_cents: open,
            paid,
            business: false,
        }
    }

    /// Every status an invoice or creditnota can be in, with its label and its actions.
    #[test]
    fn every_status_has_one_label_and_its_actions() {
        use InvoiceStatus::*;
        let table: [(StateFacts, &str, &[InvoiceAction]); 8] = [
            (
                facts(Concept, false, 0, false),
                "Concept",
                &[Issue, IssuePaid, DeleteConcept, Pdf, Print],
            ),
            (
                facts(Issued, false, 8500, false),
                "Openstaand",
                &[RecordPayment, Credit, Pdf, Print, EmailCopy],
            ),
            (
                facts(Paid, false, 0, true),
                "Betaald",
                &[Credit, Pdf, Print, EmailCopy, Receipt],
            ),
            (
                facts(Credited, false, 0, false),
                "Gecrediteerd",
                &[Pdf, Print, EmailCopy],
            ),
            (
                facts(Credited, false, 0, true),
                "Gecrediteerd",
                &[Pdf, Print, EmailCopy, Receipt],
            ),
            (
                facts(Issued, true, 0, false),
                "Uitgereikt",
                &[Pdf, Print, EmailCopy],
            ),
            (
                facts(Issued, true, -8500, false),
                "Terug te betalen",
                &[RecordRefund, Pdf, Print, EmailCopy],
            ),
            (
                facts(Paid, true, 0, true),
                "Terugbetaald",
                &[Pdf, Print, EmailCopy],
            ),
        ];
        for (f, label, actions) in table {
            let state = invoice_state(f);
            assert_eq!(state.status_label, label, "{f:?}");
            assert_eq!(state.actions, actions, "{f:?}");
            assert_eq!(
                state.status_label.to_lowercase(),
                status_label(f.status, f.is_credit_note, f.open_cents),
                "the window and the CSV use the same word"
            );
        }
        let business = invoice_state(StateFacts {
            business: true,
            ..facts(Issued, true, 0, false)
        });
        assert!(
            business.actions.contains(&Ubl),
            "a business creditnota exports as UBL"
        );
    }
}
