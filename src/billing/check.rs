//! What must be on an invoice before it may be issued.
//!
//! A zorgnota carries what insurers check (domain facts §2.1–2.2: CZ, Zilveren Kruis, VGZ, VIV): the
//! therapist's name and address, both AGB codes (8 digits), beroepsvereniging and member number, KvK
//! number, IBAN, the client's name, address and date of birth, and per treatment date the Vektis
//! prestatiecode with its description and the amount; plus invoice number and date. A factuur carries
//! the Belastingdienst fields (art. 35a Wet OB, domain facts §3.3): the practice's name, address and KvK
//! number, the btw-id when VAT is charged, the client's name and address, number, date, and per line
//! the date, description and amount. Every missing field is named, so the form can mark them all.

use super::{Invoice, InvoiceKind};
use crate::error::FieldError;

fn eight_digits(value: &str) -> bool {
    value.len() == 8 && value.chars().all(|c| c.is_ascii_digit())
}

fn missing(fields: &mut Vec<FieldError>, field: &str, message: &str) {
    fields.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

/// Every field that keeps `invoice` from being issued, in the order of the printed page.
pub fn missing_fields(invoice: &Invoice) -> Vec<FieldError> {
    let mut f = Vec::new();
    let p = &invoice.practice;
    let zorgnota = invoice.kind == InvoiceKind::Zorgnota;
    if p.therapist_name.trim().is_empty() && (zorgnota || p.practice_name.trim().is_empty()) {
        missing(
            &mut f,
            "practice.therapist_name",
            "De naam van de behandelaar ontbreekt. Vul die in bij Instellingen.",
        );
    }
    if p.street.trim().is_empty()
        || p.house_number.trim().is_empty()
        || p.postcode.trim().is_empty()
        || p.city.trim().is_empty()
    {
        missing(&mut f, "practice.address", "Het adres van de praktijk (straat, huisnummer, postcode en plaats) is niet compleet. Vul het aan bij Instellingen.");
    }
    if !eight_digits(&p.kvk_number) {
        missing(
            &mut f,
            "practice.kvk_number",
            "Het KvK-nummer van de praktijk (8 cijfers) ontbreekt. Vul het in bij Instellingen.",
        );
    }
    if zorgnota {
        if !eight_digits(&p.agb_zorgverlener) {
            missing(&mut f, "practice.agb_zorgverlener", "De AGB-code van de zorgverlener (8 cijfers) ontbreekt. Zorgverzekeraars weigeren een nota zonder deze code; vul hem in bij Instellingen.");
        }
        if !eight_digits(&p.agb_praktijk) {
            missing(&mut f, "practice.agb_praktijk", "De AGB-code van de praktijk (8 cijfers) ontbreekt. Zorgverzekeraars weigeren een nota zonder deze code; vul hem in bij Instellingen.");
        }
        if p.beroepsvereniging.trim().is_empty() {
            missing(
                &mut f,
                "practice.beroepsvereniging",
                "De beroepsvereniging ontbreekt. Vul die in bij Instellingen.",
            );
        }
        if p.member_number.trim().is_empty() {
            missing(
                &mut f,
                "practice.member_number",
                "Het lidnummer bij de beroepsvereniging ontbreekt. Vul het in bij Instellingen.",
            );
        }
        if p.iban.trim().is_empty() {
            missing(
                &mut f,
                "practice.iban",
                "Het IBAN van de praktijk ontbreekt. Vul het in bij Instellingen → Registraties.",
            );
        }
    }
    let charges_vat = invoice
        .lines
        .iter()
        .any(|l| l.vat_mode == super::VatMode::Vat21);
    if charges_vat && p.btw_id.trim().is_empty() {
        missing(&mut f, "practice.btw_id", "Op deze factuur staat btw, maar het btw-id van de praktijk ontbreekt. Vul het in bij Instellingen.");
    }
    let c = &invoice.client;
    if c.name.trim().is_empty() {
        missing(&mut f, "client.name", "De naam van de cliënt ontbreekt.");
    }
    if c.street.trim().is_empty() || c.postcode.trim().is_empty() || c.city.trim().is_empty() {
        if c.company.is_empty() {
            missing(&mut f, "client.address", "Het adres van de cliënt (straat en huisnummer, postcode en plaats) is niet compleet. Vul het aan in de personalia van de cliënt.");
        } else {
            missing(&mut f, "client.company_address", "Het adres van het bedrijf dat betaalt (straat, huisnummer, postcode en plaats) ontbreekt. Vul het aan bij Instellingen → Facturering → Zakelijke afnemers; het huisadres van de cliënt komt nooit op een zakelijke factuur.");
        }
    }
    if zorgnota && c.birth_date.trim().is_empty() {
        missing(
            &mut f,
            "client.birth_date",
            "De geboortedatum van de cliënt ontbreekt.",
        );
    }
    if invoice.number.as_deref().unwrap_or("").is_empty() {
        missing(&mut f, "number", "Het factuurnummer ontbreekt.");
    }
    if invoice.issue_date.is_none() {
        missing(&mut f, "issue_date", "De factuurdatum ontbreekt.");
    }
    if invoice.lines.is_empty() {
        missing(
            &mut f,
            "lines",
            "Er staat geen enkele behandeling op deze nota.",
        );
    }
    for (i, line) in invoice.lines.iter().enumerate() {
        let date = crate::dates::dutch_long(line.service_date);
        if zorgnota && line.prestatiecode.trim().is_empty() {
            f.push(FieldError {
                field: format!("lines[{i}].prestatiecode"),
                message: format!("De behandeling van {date} ({}) heeft geen prestatiecode. Dossierkluis kiest er geen voor u: kies de prestatiecode bij de dienst voor deze soort sessie in Instellingen → Facturering → Diensten en tarieven.", line.description),
            });
        }
        if line.description.trim().is_empty() {
            f.push(FieldError {
                field: format!("lines[{i}].description"),
                message: format!("Bij de behandeling van {date} ontbreekt de omschrijving."),
            });
        }
        if line.amount_cents <= 0 {
            f.push(FieldError {
                field: format!("lines[{i}].amount"),
                message: format!("Bij de behandeling van {date} ontbreekt het bedrag. Stel een tarief in bij Instellingen → Facturering → Diensten en tarieven, of bij de sessie."),
            });
        }
    }
    f
}
