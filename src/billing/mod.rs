//! Zorgnota's and invoices (DESIGN §5): from held, unbilled sessions of one client to a concept, then
//! issued with the next number of a gap-free series, paid, or corrected with a credit note.
//!
//! Invariants kept here and in the schema (migration 0002):
//! - an issued invoice never changes: the database refuses UPDATE and DELETE of its printed columns,
//!   its lines and its PDF; only its status moves (issued → paid → credited) and the foreign-key
//!   actions of a destroyed dossier set `client_id` / `session_id` to NULL. Corrections are credit
//!   notes that reference the original;
//! - a credit note of a PAID invoice means the client is owed the money back: the credit note shows
//!   it as "terug te betalen" (negative `open_cents`) until the refund is recorded on the credit
//!   note's own payment fields ([`Store::mark_credit_note_refunded`]: status issued → paid, read as
//!   "terugbetaald"). Invoice + credit note + refund balance to zero;
//! - an issued invoice stands alone: it keeps a frozen copy of everything printed on it (client,
//!   practice, lines), so WGBO destruction of the dossier leaves the financial record intact;
//! - numbers run per year without gaps (`2026-0001`): the number is taken in the issuing transaction,
//!   so a refused or failed issue takes no number, and SQLite's write lock serialises issuers;
//! - a session is billed at most once (primary key of `billed_sessions`);
//! - money is integer cents; VAT is rounded per invoice per rate ([`totals`]).

pub mod check;
mod demo;
pub mod document;
pub mod export;
pub mod ledger;
pub mod pdf;
mod preview;
pub mod receipt;
mod retention;
pub mod settings;
pub mod status;
pub mod totals;

pub(crate) use demo::fill_demo;
pub use demo::DemoBilling;
pub use preview::PreviewNota;
// The 7-year purge of financial records; retention calls it (retention::destroy).
pub(crate) use retention::purge_expired_financial_records;
pub use settings::{BillingSettings, BusinessClient, Prestatiecode, Service, ServiceSave};
pub use status::{status_label, InvoiceAction, InvoiceState};
pub use totals::{RateTotal, Totals, VatMode};

use crate::audit::AuditEvent;
use crate::dossier::Regime;
use crate::error::{Error, ErrorCode, Result};
use crate::practice::Practice;
use crate::store::Store;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// `zorgnota` for care under the WGBO (carries the insurer fields), `factuur` for coaching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    Zorgnota,
    Factuur,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Zorgnota => "zorgnota",
            InvoiceKind::Factuur => "factuur",
        }
    }
    fn parse(s: &str) -> InvoiceKind {
        if s == "factuur" {
            InvoiceKind::Factuur
        } else {
            InvoiceKind::Zorgnota
        }
    }
    /// Care under the WGBO is billed with a zorgnota; coaching with a factuur.
    pub fn for_regime(regime: Regime) -> InvoiceKind {
        match regime {
            Regime::Wgbo => InvoiceKind::Zorgnota,
            Regime::Coaching => InvoiceKind::Factuur,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Concept,
    Issued,
    Paid,
    Credited,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Concept => "concept",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Credited => "credited",
        }
    }
    fn parse(s: &str) -> InvoiceStatus {
        match s {
            "issued" => InvoiceStatus::Issued,
            "paid" => InvoiceStatus::Paid,
            "credited" => InvoiceStatus::Credited,
            _ => InvoiceStatus::Concept,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Pin,
    Contant,
    Overboeking,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Pin => "pin",
            PaymentMethod::Contant => "contant",
            PaymentMethod::Overboeking => "overboeking",
        }
    }
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        match s {
            "pin" => Some(PaymentMethod::Pin),
            "contant" => Some(PaymentMethod::Contant),
            "overboeking" => Some(PaymentMethod::Overboeking),
            _ => None,
        }
    }

    /// The method for "Uitreiken en afrekenen": paid on the spot is pin or contant; a transfer comes
    /// later and is recorded as a payment then. The one rule the window and the CLI both ask.
    pub fn at_issue(s: &str) -> Result<PaymentMethod> {
        match PaymentMethod::parse(s) {
            Some(m @ (PaymentMethod::Pin | PaymentMethod::Contant)) => Ok(m),
            _ => Err(Error::field(
                "paid",
                format!("'{s}' is geen betaalwijze bij uitreiken. Kies pin of contant; een overboeking komt later en legt u dan vast als betaling."),
            )),
        }
    }
}

/// The client as printed on the invoice (a frozen copy once issued). For a client billed as a
/// business, `street`, `postcode` and `city` are the company's address, never the client's home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BilledClient {
    pub client_number: String,
    pub name: String,
    /// Street and house number.
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// ISO date.
    pub birth_date: String,
    /// Set when the client is billed as a business.
    pub company: String,
    pub kvk_number: String,
    pub btw_id: String,
    pub reference: String,
    /// A business buyer's "t.a.v." line.
    #[serde(default)]
    pub attention: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub position: u32,
    pub session_id: Option<i64>,
    pub service_date: NaiveDate,
    pub prestatiecode: String,
    pub description: String,
    /// Excluding VAT; negative on a credit note.
    pub amount_cents: i64,
    pub vat_mode: VatMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: i64,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    /// `None` once the client's dossier has been destroyed (the invoice keeps its copy).
    pub client_id: Option<i64>,
    /// On a credit note: the invoice it corrects, its number and date.
    pub credits_invoice_id: Option<i64>,
    pub credits_number: String,
    pub credits_date: String,
    pub number: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub client: BilledClient,
    pub practice: Practice,
    pub lines: Vec<InvoiceLine>,
    pub totals: Totals,
    pub paid_on: Option<NaiveDate>,
    pub payment_method: Option<PaymentMethod>,
    /// Still to be paid: total − paid + credit notes. On a credit note of a paid invoice whose refund
    /// is not yet recorded: its (negative) total, the amount to refund ("terug te betalen").
    pub open_cents: i64,
    /// Its status label and what may be done with it ([`status::invoice_state`]).
    #[serde(flatten)]
    pub state: InvoiceState,
}

impl Invoice {
    pub fn is_credit_note(&self) -> bool {
        !self.credits_number.is_empty()
    }

    /// The VAT sentences this invoice must print (exemption or KOR), one per treatment present.
    pub fn vat_texts(&self) -> Vec<&'static str> {
        self.totals
            .per_rate
            .iter()
            .filter_map(|r| r.vat_mode.invoice_text())
            .collect()
    }
}

/// One row of the invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: i64,
    pub number: Option<String>,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub client_id: Option<i64>,
    pub client_number: String,
    pub client_name: String,
    pub issue_date: Option<NaiveDate>,
    pub total_cents: i64,
    pub open_cents: i64,
    pub is_credit_note: bool,
    /// "Openstaand", "Terug te betalen", … ([`status::status_label`], with a capital).
    pub status_label: String,
}

/// A held session not yet on any invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnbilledSession {
    pub session_id: i64,
    pub client_id: i64,
    pub client_number: String,
    pub date: NaiveDate,
    pub kind: String,
    /// What the session's line will cost excluding VAT: its own fee, or else the service's tariff
    /// (from `line_for`, like the invoice).
    pub fee_cents: i64,
    /// The VAT treatment of that line; `None` while the practice has chosen none for its kind
    /// (the nota is then refused until it does).
    pub vat_mode: Option<VatMode>,
    /// Care or coaching: decides the kind of nota the session goes on.
    pub regime: Regime,
    pub invoice_kind: InvoiceKind,
}

/// The columns [`summary_from_row`] reads, in its order (0–11), for `invoices i`; a query may add
/// its own columns after them.
pub(crate) fn summary_columns() -> String {
    format!(
        "i.id, i.number, i.kind, i.status, i.client_id, i.client_number, i.client_name, i.issue_date, i.total_cents, \
         i.credits_number <> '', \
         (SELECT coalesce(sum(c.total_cents), 0) FROM invoices c WHERE c.credits_invoice_id = i.id AND c.status <> 'concept'), \
         {ORIGINAL_PAID_SQL}"
    )
}

/// One invoice-list row from a query that starts with [`summary_columns`].
pub(crate) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceSummary> {
    let status = InvoiceStatus::parse(&r.get::<_, String>(3)?);
    let total: i64 = r.get(8)?;
    let credit_note: bool = r.get(9)?;
    let open = open_cents(status, credit_note, total, r.get(10)?, r.get(11)?);
    Ok(InvoiceSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: InvoiceKind::parse(&r.get::<_, String>(2)?),
        status,
        client_id: r.get(4)?,
        client_number: r.get(5)?,
        client_name: r.get(6)?,
        issue_date: date_opt(r.get(7)?),
        total_cents: total,
        open_cents: open,
        is_credit_note: credit_note,
        status_label: status::display_label(status_label(status, credit_note, open)),
    })
}

const INVOICE_COLUMNS: &str = "id, kind, status, client_id, credits_invoice_id, credits_number, credits_date, number, issue_date, due_date, \
    client_number, client_name, client_street, client_postcode, client_city, client_birth_date, buyer_company, buyer_kvk, buyer_btw_id, \
    buyer_reference, practice_json, net_cents, vat_cents, total_cents, paid_on, payment_method, buyer_attention";

fn date_opt(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.parse().ok())
}

fn invoice_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Invoice> {
    let practice_json: String = r.get(20)?;
    Ok(Invoice {
        id: r.get(0)?,
        kind: InvoiceKind::parse(&r.get::<_, String>(1)?),
        status: InvoiceStatus::parse(&r.get::<_, String>(2)?),
        client_id: r.get(3)?,
        credits_invoice_id: r.get(4)?,
        credits_number: r.get(5)?,
        credits_date: r.get(6)?,
        number: r.get(7)?,
        issue_date: date_opt(r.get(8)?),
        due_date: date_opt(r.get(9)?),
        client: BilledClient {
            client_number: r.get(10)?,
            name: r.get(11)?,
            street: r.get(12)?,
            postcode: r.get(13)?,
            city: r.get(14)?,
            birth_date: r.get(15)?,
            company: r.get(16)?,
            kvk_number: r.get(17)?,
            btw_id: r.get(18)?,
            reference: r.get(19)?,
            attention: r.get(26)?,
        },
        practice: serde_json::from_str(&practice_json).unwrap_or_default(),
        lines: Vec::new(),
        totals: Totals {
            net_cents: r.get(21)?,
            vat_cents: r.get(22)?,
            total_cents: r.get(23)?,
            per_rate: Vec::new(),
        },
        paid_on: date_opt(r.get(24)?),
        payment_method: r
            .get::<_, Option<String>>(25)?
            .and_then(|m| PaymentMethod::parse(&m)),
        open_cents: 0,
        state: InvoiceState::default(),
    })
}

fn load_lines(conn: &Connection, invoice_id: i64) -> Result<Vec<InvoiceLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, session_id, service_date, prestatiecode, description, amount_cents, vat_mode \
         FROM invoice_lines WHERE invoice_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([invoice_id], |r| {
        Ok(InvoiceLine {
            position: r.get(0)?,
            session_id: r.get(1)?,
            service_date: r.get::<_, String>(2)?.parse().unwrap_or_default(),
            prestatiecode: r.get(3)?,
            description: r.get(4)?,
            amount_cents: r.get(5)?,
            vat_mode: VatMode::parse(&r.get::<_, String>(6)?).unwrap_or(VatMode::Vat21),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The sum of the credit notes that reference `invoice_id` (negative or zero).
fn credited_cents(conn: &Connection, invoice_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(total_cents), 0) FROM invoices WHERE credits_invoice_id = ?1 AND status <> 'concept'",
        [invoice_id],
        |r| r.get(0),
    )?)
}

/// SQL (for a row aliased `i`): whether `i` is a credit note of an invoice that was paid, so its
/// amount must go back to the client.
pub(crate) const ORIGINAL_PAID_SQL: &str =
    "EXISTS (SELECT 1 FROM invoices o WHERE o.id = i.credits_invoice_id AND o.paid_on IS NOT NULL)";

/// What is still to be paid (positive) or to be refunded (negative). `original_paid` matters only
/// for a credit note: the invoice it corrects had been paid, so until the credit note itself is
/// marked paid (the refund), its whole (negative) total is owed back to the client. The credited
/// original then shows 0: its money is settled through the credit note.
pub(crate) fn open_cents(
    status: InvoiceStatus,
    is_credit_note: bool,
    total: i64,
    credited: i64,
    original_paid: bool,
) -> i64 {
    match status {
        InvoiceStatus::Concept => 0,
        InvoiceStatus::Issued if is_credit_note && original_paid => total.min(0),
        _ if is_credit_note => 0,
        InvoiceStatus::Issued | InvoiceStatus::Credited => total + credited,
        InvoiceStatus::Paid => credited,
    }
}

pub(crate) fn load_invoice(conn: &Connection, id: i64) -> Result<Invoice> {
    let mut invoice = conn
        .query_row(
            &format!("SELECT {INVOICE_COLUMNS} FROM invoices WHERE id = ?1"),
            [id],
            invoice_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Deze factuur"))?;
    invoice.lines = load_lines(conn, id)?;
    let stored = (
        invoice.totals.net_cents,
        invoice.totals.vat_cents,
        invoice.totals.total_cents,
    );
    invoice.totals = totals::totals(invoice.lines.iter().map(|l| (l.amount_cents, l.vat_mode)));
    if invoice.status != InvoiceStatus::Concept
        && stored
            != (
                invoice.totals.net_cents,
                invoice.totals.vat_cents,
                invoice.totals.total_cents,
            )
    {
        return Err(Error::new(
            ErrorCode::Corrupt,
            "De bedragen van deze factuur kloppen niet met de regels. Zet een back-up terug of neem contact op met de ontwikkelaars.",
        ));
    }
    let credited = credited_cents(conn, id)?;
    let original_paid: bool = conn.query_row(
        &format!("SELECT {ORIGINAL_PAID_SQL} FROM invoices i WHERE i.id = ?1"),
        [id],
        |r| r.get(0),
    )?;
    invoice.open_cents = open_cents(
        invoice.status,
        invoice.is_credit_note(),
        invoice.totals.total_cents,
        credited,
        original_paid,
    );
    invoice.state = status::invoice_state(status::StateFacts {
        status: invoice.status,
        is_credit_note: invoice.is_credit_note(),
        open_cents: invoice.open_cents,
        paid: invoice.paid_on.is_some(),
        business: !invoice.client.company.is_empty(),
    });
    Ok(invoice)
}

struct LiveClient {
    client_number: String,
    copy: BilledClient,
}

fn live_client(conn: &Connection, client_id: i64) -> Result<LiveClient> {
    let mut copy = conn
        .query_row(
            "SELECT client_number, first_names, call_name, tussenvoegsel, last_name, street, house_number, postcode, city, birth_date \
             FROM clients WHERE id = ?1",
            [client_id],
            |r| {
                let street: String = r.get(5)?;
                let house: String = r.get(6)?;
                // The registered first names, not the call name: insurers match the nota on the
                // insured's official name and date of birth.
                let name = crate::dossier::Client::display_name_of(
                    &r.get::<_, String>(1)?,
                    "",
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                );
                Ok(BilledClient {
                    client_number: r.get(0)?,
                    name,
                    // A house number without its street (or the reverse) is no address: left
                    // empty, so the zorgnota check names it.
                    street: if street.is_empty() || house.is_empty() {
                        String::new()
                    } else {
                        format!("{street} {house}")
                    },
                    postcode: r.get(7)?,
                    city: r.get(8)?,
                    birth_date: r.get(9)?,
                    ..Default::default()
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Deze cliënt"))?;
    if let Some(b) = settings::load_business_client(conn, client_id)? {
        // The company is the customer: its address, not the coachee's home address.
        copy.company = b.company_name;
        copy.kvk_number = b.kvk_number;
        copy.btw_id = b.btw_id;
        copy.reference = b.reference;
        copy.street = if b.street.is_empty() || b.house_number.is_empty() {
            String::new()
        } else {
            format!("{} {}", b.street, b.house_number)
        };
        copy.postcode = b.postcode;
        copy.city = b.city;
        copy.attention = b.attention;
    }
    Ok(LiveClient {
        client_number: copy.client_number.clone(),
        copy,
    })
}

fn live_practice(conn: &Connection) -> Result<Practice> {
    // The same columns as practice.rs reads, as JSON so the copy is exactly the `Practice` type.
    let json: Option<String> = conn
        .query_row(
            "SELECT json_object('therapist_name', therapist_name, 'practice_name', practice_name, 'street', street, \
             'house_number', house_number, 'postcode', postcode, 'city', city, 'phone', phone, 'email', email, 'website', website, \
             'agb_zorgverlener', agb_zorgverlener, 'agb_praktijk', agb_praktijk, 'beroepsvereniging', beroepsvereniging, \
             'member_number', member_number, 'rbcz_number', rbcz_number, 'kvk_number', kvk_number, 'btw_id', btw_id, 'iban', iban, \
             'default_regime', default_regime, 'idle_lock_minutes', idle_lock_minutes) FROM practice WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

fn write_copies(
    conn: &Connection,
    invoice_id: i64,
    client: &BilledClient,
    practice: &Practice,
) -> Result<()> {
    conn.execute(
        "UPDATE invoices SET client_number = ?2, client_name = ?3, client_street = ?4, client_postcode = ?5, client_city = ?6, \
         client_birth_date = ?7, buyer_company = ?8, buyer_kvk = ?9, buyer_btw_id = ?10, buyer_reference = ?11, practice_json = ?12, \
         buyer_attention = ?13 WHERE id = ?1",
        params![
            invoice_id,
            client.client_number,
            client.name,
            client.street,
            client.postcode,
            client.city,
            client.birth_date,
            client.company,
            client.kvk_number,
            client.btw_id,
            client.reference,
            serde_json::to_string(practice).map_err(|_| Error::internal("praktijkgegevens"))?,
            client.attention
        ],
    )?;
    Ok(())
}

fn write_totals(conn: &Connection, invoice_id: i64) -> Result<Totals> {
    let lines = load_lines(conn, invoice_id)?;
    let t = totals::totals(lines.iter().map(|l| (l.amount_cents, l.vat_mode)));
    conn.execute(
        "UPDATE invoices SET net_cents = ?2, vat_cents = ?3, total_cents = ?4 WHERE id = ?1",
        params![invoice_id, t.net_cents, t.vat_cents, t.total_cents],
    )?;
    Ok(t)
}

/// Takes the next number of `year`'s series. Must run inside the issuing transaction.
fn next_number(conn: &Connection, prefix: &str, year: i32) -> Result<String> {
    let n: i64 = conn.query_row(
        "INSERT INTO invoice_series (year, last_number) VALUES (?1, 1) \
         ON CONFLICT(year) DO UPDATE SET last_number = last_number + 1 RETURNING last_number",
        [year],
        |r| r.get(0),
    )?;
    Ok(format!("{prefix}{year}-{n:04}"))
}

struct SessionForBilling {
    id: i64,
    client_id: i64,
    date: NaiveDate,
    kind: String,
    fee_cents: i64,
    status: String,
    regime: Option<String>,
    billed_on: Option<String>,
}

fn session_for_billing(conn: &Connection, id: i64) -> Result<SessionForBilling> {
    conn.query_row(
        "SELECT s.id, s.client_id, s.date, s.kind, s.fee_cents, s.status, t.regime, \
                (SELECT coalesce(i.number, 'concept') FROM billed_sessions b JOIN invoices i ON i.id = b.invoice_id WHERE b.session_id = s.id) \
         FROM sessions s LEFT JOIN trajecten t ON t.id = s.traject_id WHERE s.id = ?1",
        [id],
        |r| {
            Ok(SessionForBilling {
                id: r.get(0)?,
                client_id: r.get(1)?,
                date: r.get::<_, String>(2)?.parse().unwrap_or_default(),
                kind: r.get(3)?,
                fee_cents: r.get(4)?,
                status: r.get(5)?,
                regime: r.get(6)?,
                billed_on: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Deze sessie"))
}

/// The line a session becomes.
pub(crate) struct LineFor {
    pub code: String,
    pub description: String,
    pub amount: i64,
    /// `None` while the session has no service and the practice chose no VAT for its regime.
    pub vat: Option<VatMode>,
}

impl LineFor {
    /// The VAT, or the refusal that names the missing choice.
    fn chosen_vat(&self, regime: Regime) -> Result<VatMode> {
        self.vat.ok_or_else(|| {
            BillingSettings::default()
                .vat_mode_for(regime)
                .expect_err("no choice in the default settings")
        })
    }
}

/// The line a session becomes: prestatiecode, description, amount and VAT from the session and the
/// practice's services. The code is the one chosen for the session kind's service, or the session
/// kind itself when it is a code of the table; never a default. The description is the code's Vektis
/// text followed by the practice's own name for the therapy (the service's description), as insurers
/// ask for both: "Behandeling overige psychosociale therapie — haptotherapie".
fn line_for(
    conn: &Connection,
    s: &SessionForBilling,
    regime: Regime,
    settings: &BillingSettings,
) -> Result<LineFor> {
    let service = settings::load_service(conn, &s.kind)?;
    let code = match &service {
        Some(sv) if !sv.prestatiecode.is_empty() => sv.prestatiecode.clone(),
        _ if settings::code_description(conn, &s.kind)?.is_some() => s.kind.clone(),
        _ => String::new(),
    };
    let own_name = service
        .as_ref()
        .map(|sv| sv.description.trim().to_string())
        .unwrap_or_default();
    let description = match settings::code_description(conn, &code)? {
        Some(vektis) if !own_name.is_empty() && !own_name.eq_ignore_ascii_case(&vektis) => {
            format!("{vektis} — {own_name}")
        }
        Some(vektis) => vektis,
        None if !own_name.is_empty() => own_name,
        None => s.kind.clone(),
    };
    let amount = if s.fee_cents > 0 {
        s.fee_cents
    } else {
        service.as_ref().map_or(0, |sv| sv.tariff_cents)
    };
    let vat = match &service {
        Some(sv) => Some(sv.vat_mode),
        None => match regime {
            Regime::Wgbo => settings.care_vat_mode,
            Regime::Coaching => settings.coaching_vat_mode,
        },
    };
    Ok(LineFor {
        code,
        description,
        amount,
        vat,
    })
}

/// Brings a concept's lines up to date with the practice's services before it is issued: a code or
/// tariff set after the concept was made (because issuing named it missing) is on the nota.
fn refresh_concept_lines(tx: &Connection, concept: &Invoice) -> Result<()> {
    let settings = settings::load_settings(tx)?;
    let regime = match concept.kind {
        InvoiceKind::Zorgnota => Regime::Wgbo,
        InvoiceKind::Factuur => Regime::Coaching,
    };
    for line in &concept.lines {
        let Some(session_id) = line.session_id else {
            continue;
        };
        let s = session_for_billing(tx, session_id)?;
        let l = line_for(tx, &s, regime, &settings)?;
        // Without a choice the line keeps its VAT; the issue is refused for the missing choice.
        let vat = l.vat.unwrap_or(line.vat_mode);
        tx.execute(
            "UPDATE invoice_lines SET prestatiecode = ?3, description = ?4, amount_cents = ?5, vat_mode = ?6 \
             WHERE invoice_id = ?1 AND position = ?2",
            params![concept.id, line.position, l.code, l.description, l.amount, vat.as_str()],
        )?;
    }
    Ok(())
}

fn audit_for(event: &'static str, invoice: &Invoice) -> AuditEvent {
    let e = AuditEvent::new(event, "invoice", invoice.id);
    if invoice.client.client_number.is_empty() {
        e
    } else {
        e.client(invoice.client.client_number.clone())
    }
}

/// Issues the concept `id` in the open transaction: refreshes the copies, takes the number, checks
/// every required field, freezes. Returns the issued invoice.
fn issue_in(tx: &Connection, id: i64, today: NaiveDate, with_pdf: bool) -> Result<Invoice> {
    issue_paid_in(tx, id, today, None, with_pdf)
}

/// [`issue_in`], and with `paid` recorded as paid in the same transaction before the PDF is made, so
/// the stored PDF says "Voldaan op …" instead of asking for a transfer. The payment may lie before
/// the invoice date (paid by pin at the session, nota made that evening), never after today.
fn issue_paid_in(
    tx: &Connection,
    id: i64,
    today: NaiveDate,
    paid: Option<(NaiveDate, PaymentMethod)>,
    with_pdf: bool,
) -> Result<Invoice> {
    if let Some((paid_on, _)) = paid {
        if paid_on > today {
            return Err(Error::field(
                "paid_on",
                "De betaaldatum ligt in de toekomst. Kies vandaag of een eerdere dag.",
            ));
        }
    }
    let concept = load_invoice(tx, id)?;
    if concept.status != InvoiceStatus::Concept {
        return Err(Error::new(
            ErrorCode::NotAllowed,
            format!(
                "Factuur {} is al uitgereikt. Een uitgereikte factuur verandert niet meer.",
                concept.number.as_deref().unwrap_or("")
            ),
        ));
    }
    let client_id = concept.client_id.ok_or_else(|| {
        Error::new(
            ErrorCode::NotAllowed,
            "Het dossier van deze cliënt bestaat niet meer, dus dit concept kan niet worden uitgereikt. Verwijder het concept.",
        )
    })?;
    let client = live_client(tx, client_id)?;
    let practice = live_practice(tx)?;
    write_copies(tx, id, &client.copy, &practice)?;
    refresh_concept_lines(tx, &concept)?;
    let settings = settings::load_settings(tx)?;
    let number = next_number(tx, &settings.number_prefix, today.year())?;
    let due = today + Days::new(u64::from(settings.payment_term_days));
    let mut invoice = load_invoice(tx, id)?;
    invoice.number = Some(number.clone());
    invoice.issue_date = Some(today);
    invoice.due_date = Some(due);
    let mut missing = check::missing_fields(&invoice);
    // No VAT treatment is assumed: a nota of a kind the practice chose none for is not issued.
    if let Err(e) = settings.vat_mode_for(match invoice.kind {
        InvoiceKind::Zorgnota => Regime::Wgbo,
        InvoiceKind::Factuur => Regime::Coaching,
    }) {
        missing.extend(e.fields);
    }
    if !missing.is_empty() {
        let mut err = Error::fields(missing);
        err.message = format!(
            "Deze {} kan nog niet worden uitgereikt: {} gegeven(s) ontbreken. Vul ze aan en probeer het opnieuw; er is geen nummer gebruikt.",
            invoice.kind.as_str(),
            err.fields.len()
        );
        return Err(err);
    }
    write_totals(tx, id)?;
    // Straight from concept to paid in one statement: the frozen-invoice trigger guards only what
    // is no longer a concept, and the PDF below is made from the paid invoice.
    let (status, paid_on, method) = match paid {
        Some((on, m)) => ("paid", Some(on.to_string()), Some(m.as_str())),
        None => ("issued", None, None),
    };
    tx.execute(
        "UPDATE invoices SET status = ?5, number = ?2, issue_date = ?3, due_date = ?4, paid_on = ?6, payment_method = ?7 WHERE id = ?1",
        params![id, number, today.to_string(), due.to_string(), status, paid_on, method],
    )?;
    let issued = load_invoice(tx, id)?;
    if with_pdf {
        store_pdf(tx, &issued)?;
    }
    Ok(issued)
}

/// The PDF to print or save: an issued invoice's stored bytes, a concept's preview (not stored).
fn pdf_bytes(tx: &Connection, invoice: &Invoice) -> Result<Vec<u8>> {
    if invoice.status == InvoiceStatus::Concept {
        pdf::render_with_logo(invoice, crate::logo::load(tx)?.as_ref())
    } else {
        store_pdf(tx, invoice)
    }
}

/// Renders and stores the PDF of an issued invoice, once; returns the stored bytes.
fn store_pdf(tx: &Connection, invoice: &Invoice) -> Result<Vec<u8>> {
    if let Some(bytes) = stored_pdf(tx, invoice.id)? {
        return Ok(bytes);
    }
    let bytes = pdf::render_with_logo(invoice, crate::logo::load(tx)?.as_ref())?;
    let digest = ring::digest::digest(&ring::digest::SHA256, &bytes);
    tx.execute(
        "INSERT INTO invoice_pdfs (invoice_id, pdf, sha256) VALUES (?1, ?2, ?3)",
        params![invoice.id, bytes, crate::hex::encode(digest.as_ref())],
    )?;
    Ok(bytes)
}

fn stored_pdf(conn: &Connection, invoice_id: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT pdf FROM invoice_pdfs WHERE invoice_id = ?1",
            [invoice_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Makes the concept in the open transaction; returns its id and the client number.
fn create_in(
    tx: &Connection,
    client_id: i64,
    session_ids: &[i64],
    now: &str,
) -> Result<(i64, String)> {
    let client = live_client(tx, client_id)?;
    let practice = live_practice(tx)?;
    let settings = settings::load_settings(tx)?;
    let mut sessions = preview::checked_sessions(tx, client_id, session_ids)?;
    let regime_of = |s: &SessionForBilling| preview::regime_of(s, practice.default_regime);
    let regime = regime_of(&sessions[0]);
    if sessions.iter().any(|s| regime_of(s) != regime) {
        return Err(Error::field(
                "sessions",
                "Behandelingen (zorgnota) en coaching (factuur) kunnen niet op één factuur. Maak voor elk een aparte.",
            ));
    }
    sessions.sort_by_key(|s| (s.date, s.id));
    let kind = InvoiceKind::for_regime(regime);
    tx.execute(
        "INSERT INTO invoices (kind, status, client_id, created_at) VALUES (?1, 'concept', ?2, ?3)",
        params![kind.as_str(), client_id, now],
    )?;
    let id = tx.last_insert_rowid();
    write_copies(tx, id, &client.copy, &practice)?;
    for (i, s) in sessions.iter().enumerate() {
        let l = line_for(tx, s, regime, &settings)?;
        let vat = l.chosen_vat(regime)?;
        tx.execute(
                "INSERT INTO invoice_lines (invoice_id, position, session_id, service_date, prestatiecode, description, amount_cents, vat_mode) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, i as i64 + 1, s.id, s.date.to_string(), l.code, l.description, l.amount, vat.as_str()],
            )?;
        tx.execute(
            "INSERT INTO billed_sessions (session_id, invoice_id) VALUES (?1, ?2)",
            params![s.id, id],
        )?;
    }
    write_totals(tx, id)?;
    Ok((id, client.client_number))
}

impl Store {
    /// Makes a concept invoice for held, unbilled sessions of one client: one line per session, in date
    /// order. A zorgnota for care (WGBO), a factuur for coaching; sessions of both kinds go on separate
    /// invoices.
    pub fn create_invoice(&mut self, client_id: i64, session_ids: &[i64]) -> Result<i64> {
        if session_ids.is_empty() {
            return Err(Error::field(
                "sessions",
                "Kies ten minste één gehouden sessie om te factureren.",
            ));
        }
        if session_ids.len() > preview::MAX_SESSIONS {
            return Err(Error::field(
                "sessions",
                "Een factuur kan hoogstens 500 sessies bevatten. Maak er meerdere.",
            ));
        }
        let now = self.now_text();
        self.write(|tx, _| {
            let (id, client_number) = create_in(tx, client_id, session_ids, &now)?;
            Ok((
                id,
                vec![AuditEvent::new("invoice_created", "invoice", id).client(client_number)],
            ))
        })
    }

    /// Deletes a concept (its sessions become unbilled again). Issued invoices are never deleted.
    pub fn delete_concept_invoice(&mut self, id: i64) -> Result<()> {
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            if invoice.status != InvoiceStatus::Concept {
                return Err(Error::new(ErrorCode::NotAllowed, "Een uitgereikte nota wordt niet verwijderd. Maak een creditnota die haar crediteert."));
            }
            tx.execute("DELETE FROM invoices WHERE id = ?1", [id])?;
            Ok(((), vec![audit_for("invoice_concept_deleted", &invoice)]))
        })
    }

    /// Issues a concept: the next number of this year's series, today's date, the due date after the
    /// payment term, and the checks of [`check::missing_fields`]. Refused without using a number while
    /// anything required is missing.
    pub fn issue_invoice(&mut self, id: i64) -> Result<Invoice> {
        let today = self.context().clock.today();
        self.write(|tx, _| {
            let invoice = issue_in(tx, id, today, true)?;
            let event = audit_for("invoice_issued", &invoice)
                .detail(invoice.number.clone().unwrap_or_default());
            Ok((invoice, vec![event]))
        })
    }

    /// Issues a concept and records it as paid on `paid_on` with `method` (pin or contant at the
    /// session: "Uitreiken en afrekenen"), in one transaction, before the PDF is made: the stored
    /// PDF says "Voldaan op … (pin)" and asks for no transfer. Refused like [`Store::issue_invoice`]
    /// without using a number; a payment date in the future is refused too.
    pub fn issue_invoice_paid(
        &mut self,
        id: i64,
        paid_on: NaiveDate,
        method: PaymentMethod,
    ) -> Result<Invoice> {
        let method = PaymentMethod::at_issue(method.as_str())?;
        let today = self.context().clock.today();
        self.write(|tx, _| {
            let invoice = issue_paid_in(tx, id, today, Some((paid_on, method)), true)?;
            let number = invoice.number.clone().unwrap_or_default();
            let events = vec![
                audit_for("invoice_issued", &invoice).detail(number),
                audit_for("invoice_paid", &invoice).detail(method.as_str()),
            ];
            Ok((invoice, events))
        })
    }

    pub fn invoice(&self, id: i64) -> Result<Invoice> {
        load_invoice(self.connection(), id)
    }

    /// All invoices, newest first; concepts (without number) on top.
    pub fn list_invoices(&self) -> Result<Vec<InvoiceSummary>> {
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {} FROM invoices i ORDER BY i.issue_date IS NOT NULL, i.issue_date DESC, i.id DESC",
            summary_columns()
        ))?;
        let rows = stmt.query_map([], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records payment of an issued invoice (pin, contant or overboeking) on `paid_on`.
    pub fn mark_invoice_paid(
        &mut self,
        id: i64,
        paid_on: NaiveDate,
        method: PaymentMethod,
    ) -> Result<Invoice> {
        let today = self.context().clock.today();
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            if invoice.is_credit_note() || invoice.status != InvoiceStatus::Issued {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    match invoice.status {
                        InvoiceStatus::Concept => "Een concept kan nog niet worden betaald. Reik de factuur eerst uit.",
                        InvoiceStatus::Paid => "Deze factuur is al als betaald geregistreerd.",
                        InvoiceStatus::Credited => "Deze factuur is gecrediteerd en hoeft niet meer te worden betaald.",
                        InvoiceStatus::Issued => "Een creditnota wordt niet betaald; zij crediteert de oorspronkelijke nota.",
                    },
                ));
            }
            if invoice.issue_date.is_some_and(|d| paid_on < d) || paid_on > today {
                return Err(Error::field("paid_on", "De betaaldatum ligt vóór de factuurdatum of in de toekomst. Controleer de datum."));
            }
            tx.execute(
                "UPDATE invoices SET status = 'paid', paid_on = ?2, payment_method = ?3 WHERE id = ?1",
                params![id, paid_on.to_string(), method.as_str()],
            )?;
            let paid = load_invoice(tx, id)?;
            Ok((paid, vec![audit_for("invoice_paid", &invoice).detail(method.as_str())]))
        })
    }

    /// Records that the amount of a credit note was paid back to the client (pin, contant or
    /// overboeking) on `refunded_on`: only for a credit note of a paid invoice, once. Stored on the
    /// credit note's own payment fields (issued → paid, which the frozen-invoice trigger allows).
    pub fn mark_credit_note_refunded(
        &mut self,
        id: i64,
        refunded_on: NaiveDate,
        method: PaymentMethod,
    ) -> Result<Invoice> {
        let today = self.context().clock.today();
        self.write(|tx, _| {
            let credit = load_invoice(tx, id)?;
            if !credit.is_credit_note() {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Een terugbetaling hoort bij een creditnota. Maak eerst een creditnota die de betaalde nota crediteert.",
                ));
            }
            if credit.status == InvoiceStatus::Paid {
                return Err(Error::new(ErrorCode::NotAllowed, "Deze terugbetaling is al vastgelegd."));
            }
            if credit.open_cents >= 0 {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "De gecrediteerde factuur was niet betaald, dus er hoeft niets te worden terugbetaald.",
                ));
            }
            if credit.issue_date.is_some_and(|d| refunded_on < d) || refunded_on > today {
                return Err(Error::field(
                    "paid_on",
                    "De datum van de terugbetaling ligt vóór de datum van de creditnota of in de toekomst. Controleer de datum.",
                ));
            }
            tx.execute(
                "UPDATE invoices SET status = 'paid', paid_on = ?2, payment_method = ?3 WHERE id = ?1",
                params![id, refunded_on.to_string(), method.as_str()],
            )?;
            let refunded = load_invoice(tx, id)?;
            Ok((refunded, vec![audit_for("invoice_refunded", &credit).detail(method.as_str())]))
        })
    }

    /// Makes and issues a credit note for an issued or paid invoice: the same lines with negative
    /// amounts, its own number from the same series, a reference to the original's number and date.
    /// With `release_sessions` the sessions become unbilled again, to be invoiced anew.
    pub fn credit_invoice(&mut self, id: i64, release_sessions: bool) -> Result<Invoice> {
        let today = self.context().clock.today();
        let now = self.now_text();
        self.write(|tx, _| {
            let original = load_invoice(tx, id)?;
            if original.is_credit_note() {
                return Err(Error::new(ErrorCode::NotAllowed, "Een creditnota kan niet zelf worden gecrediteerd."));
            }
            match original.status {
                InvoiceStatus::Issued | InvoiceStatus::Paid => {}
                InvoiceStatus::Concept => return Err(Error::new(ErrorCode::NotAllowed, "Een concept hoeft niet te worden gecrediteerd; verwijder het concept.")),
                InvoiceStatus::Credited => return Err(Error::new(ErrorCode::NotAllowed, "Deze factuur is al gecrediteerd.")),
            }
            let settings = settings::load_settings(tx)?;
            tx.execute(
                "INSERT INTO invoices (kind, status, client_id, credits_invoice_id, credits_number, credits_date, created_at) \
                 VALUES (?1, 'concept', ?2, ?3, ?4, ?5, ?6)",
                params![
                    original.kind.as_str(),
                    original.client_id,
                    id,
                    original.number,
                    original.issue_date.map(|d| d.to_string()),
                    now
                ],
            )?;
            let credit_id = tx.last_insert_rowid();
            write_copies(tx, credit_id, &original.client, &original.practice)?;
            for line in &original.lines {
                tx.execute(
                    "INSERT INTO invoice_lines (invoice_id, position, session_id, service_date, prestatiecode, description, amount_cents, vat_mode) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![credit_id, line.position, line.session_id, line.service_date.to_string(), line.prestatiecode, line.description, -line.amount_cents, line.vat_mode.as_str()],
                )?;
            }
            write_totals(tx, credit_id)?;
            let number = next_number(tx, &settings.number_prefix, today.year())?;
            tx.execute(
                "UPDATE invoices SET status = 'issued', number = ?2, issue_date = ?3, due_date = ?3 WHERE id = ?1",
                params![credit_id, number, today.to_string()],
            )?;
            tx.execute("UPDATE invoices SET status = 'credited' WHERE id = ?1", [id])?;
            if release_sessions {
                tx.execute("DELETE FROM billed_sessions WHERE invoice_id = ?1", [id])?;
            }
            let credit = load_invoice(tx, credit_id)?;
            store_pdf(tx, &credit)?;
            let events = vec![
                audit_for("invoice_credited", &original).detail(number.clone()),
                audit_for("invoice_issued", &credit).detail(number),
            ];
            Ok((credit, events))
        })
    }
}

impl Store {
    /// The PDF to print or save: for an issued invoice the stored bytes as issued (made and stored on
    /// first use for invoices issued without one, such as the demo's); for a concept a preview that is
    /// not stored. Logged as `invoice_printed`.
    pub fn invoice_pdf(&mut self, id: i64) -> Result<Vec<u8>> {
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            let bytes = pdf_bytes(tx, &invoice)?;
            Ok((bytes, vec![audit_for("invoice_printed", &invoice)]))
        })
    }

    /// Prints the invoice's PDF (the same bytes as [`Store::invoice_pdf`]) through `send`, which
    /// hands them to the printer (the app: [`crate::print::run_lp`] with the arguments from
    /// [`crate::print::lp_args`]). Logged as `invoice_sent_to_printer` with the printer and the
    /// copies, only when `send` succeeds; when it fails nothing is logged and its error is returned.
    /// No transaction is open while `send` runs: the bytes are read in one short write
    /// ([`Store::invoice_print_pdf`]) and the print logged in another
    /// ([`Store::record_invoice_sent_to_printer`]). The app calls those two itself, so that its lock
    /// on the vault is free too while `lp` runs.
    pub fn print_invoice(
        &mut self,
        id: i64,
        printer: &str,
        copies: u32,
        send: impl FnOnce(&[u8]) -> Result<()>,
    ) -> Result<()> {
        let bytes = self.invoice_print_pdf(id)?;
        send(&bytes)?;
        self.record_invoice_sent_to_printer(id, printer, copies)
    }

    /// The bytes to hand to the printer: the same as [`Store::invoice_pdf`] (stored on first use for
    /// an issued invoice without one), but not logged: the print is logged by
    /// [`Store::record_invoice_sent_to_printer`] once the printer accepted it.
    pub fn invoice_print_pdf(&mut self, id: i64) -> Result<Vec<u8>> {
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            Ok((pdf_bytes(tx, &invoice)?, Vec::new()))
        })
    }

    /// Logs `invoice_sent_to_printer` ("printer X, 2 exemplaren"). Call it only after the printer
    /// (`lp`) accepted the bytes from [`Store::invoice_print_pdf`].
    pub fn record_invoice_sent_to_printer(
        &mut self,
        id: i64,
        printer: &str,
        copies: u32,
    ) -> Result<()> {
        let detail = format!(
            "printer {printer}, {copies} {}",
            if copies == 1 {
                "exemplaar"
            } else {
                "exemplaren"
            }
        );
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            Ok((
                (),
                vec![audit_for("invoice_sent_to_printer", &invoice).detail(detail)],
            ))
        })
    }

    /// The title of the print job: kind and number, never the client's name.
    pub fn invoice_print_title(&self, id: i64) -> Result<String> {
        let invoice = self.invoice(id)?;
        let kind = if invoice.is_credit_note() {
            "Creditnota"
        } else if invoice.kind == InvoiceKind::Zorgnota {
            "Zorgnota"
        } else {
            "Factuur"
        };
        Ok(format!(
            "{kind} {}",
            invoice.number.as_deref().unwrap_or("concept")
        ))
    }

    /// "Kopie voor e-mail": the issued PDF, password-protected (AES-256), with a fresh generated
    /// password to show the user once (to pass by phone or SMS). The app sends nothing itself. Logged
    /// as `invoice_email_copy`, without the password.
    pub fn invoice_email_copy(&mut self, id: i64) -> Result<(Vec<u8>, crate::pdf::EmailPassword)> {
        self.write(|tx, _| {
            let invoice = load_invoice(tx, id)?;
            if invoice.status == InvoiceStatus::Concept {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Een concept wordt niet gemaild. Reik de factuur eerst uit.",
                ));
            }
            let bytes = store_pdf(tx, &invoice)?;
            let password = crate::pdf::generate_password();
            let copy = crate::pdf::protect(&bytes, &password)?;
            Ok((
                (copy, password),
                vec![audit_for("invoice_email_copy", &invoice)],
            ))
        })
    }
}
