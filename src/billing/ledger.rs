//! What the Facturen and Instellingen → Facturering screens ask of the core, beyond the plain
//! settings of [`super::settings`]:
//!
//! - the period presets the invoice list offers ("deze maand", "vorig kwartaal", "dit jaar"),
//!   computed from the store's clock;
//! - the invoices of a period (by invoice date; concepts, which have no date yet, are always listed)
//!   with their due date, whether they are overdue, and the period's totals: *gefactureerd* (every
//!   issued invoice and credit note, so a credit note lowers it), *betaald* (invoices with a
//!   recorded payment), *openstaand* (what clients still have to pay), *terug te betalen* (credit
//!   notes of paid invoices whose refund is not recorded yet) and *terugbetaald*;
//! - the number the next invoice will get (the gap-free series itself lives in [`super`]);
//! - services entered as people type them (`85,00`), with every field error at once;
//! - the prestatiecode table marked shipped / edited / added against `assets/prestatiecodes.csv`,
//!   and where the shipped table comes from;
//! - the clients billed as a business, for the "Zakelijke afnemers" list.

use super::settings::{
    parse_prestatiecodes, BillingSettings, Prestatiecode, Service, ServiceSave, PRESTATIECODES_CSV,
};
use super::{date_opt, BusinessClient, InvoiceStatus, InvoiceSummary, VatMode};
use crate::dossier::validate::{self, Checks};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A period of invoice dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The calendar month `today` is in.
    pub fn this_month(today: NaiveDate) -> Period {
        let from = today.with_day(1).expect("day 1 exists");
        Period {
            from,
            to: last_day_before(from + Months::new(1)),
        }
    }

    /// The calendar quarter before the one `today` is in (in January: October–December of last
    /// year).
    pub fn previous_quarter(today: NaiveDate) -> Period {
        let this_quarter = NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1)
            .expect("the first day of a quarter exists");
        let from = this_quarter - Months::new(3);
        Period {
            from,
            to: last_day_before(this_quarter),
        }
    }

    /// 1 January to 31 December of `today`'s year.
    pub fn this_year(today: NaiveDate) -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January exists"),
            to: NaiveDate::from_ymd_opt(today.year(), 12, 31).expect("31 December exists"),
        }
    }

    /// Checks a period typed as text (`from`, `to`: `2026-01-01` or `01-01-2026`).
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let mut c = Checks::default();
        let f = c.check(crate::dates::parse_date("from", from));
        let t = c.check(crate::dates::parse_date("to", to));
        c.finish()?;
        let (from, to) = (f.expect("checked"), t.expect("checked"));
        if to < from {
            return Err(Error::field(
                "to",
                "De einddatum van de periode ligt vóór de begindatum. Kies een latere einddatum.",
            ));
        }
        Ok(Period { from, to })
    }
}

fn last_day_before(first_of_next: NaiveDate) -> NaiveDate {
    first_of_next - Days::new(1)
}

/// The quick choices of the invoice list, from the store's today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodPresets {
    pub today: NaiveDate,
    pub this_month: Period,
    pub previous_quarter: Period,
    pub this_year: Period,
}

impl PeriodPresets {
    pub fn on(today: NaiveDate) -> PeriodPresets {
        PeriodPresets {
            today,
            this_month: Period::this_month(today),
            previous_quarter: Period::previous_quarter(today),
            this_year: Period::this_year(today),
        }
    }
}

/// One row of the period's invoice list: the invoice list's row (flattened, so the JSON stays one
/// flat object) with what the period screen adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRow {
    #[serde(flatten)]
    pub invoice: InvoiceSummary,
    /// Set when the invoice went to a business client (then a UBL file can be made).
    pub buyer_company: String,
    pub due_date: Option<NaiveDate>,
    /// Issued, not paid, and past its due date.
    pub overdue: bool,
}

/// What the shown invoices add up to (integer cents; concepts count nowhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LedgerTotals {
    /// Issued invoices and credit notes together (a credit note is negative).
    pub invoiced_cents: i64,
    /// Invoices with a recorded payment.
    pub paid_cents: i64,
    /// Still to be paid by clients (never negative: refunds owed are counted apart).
    pub open_cents: i64,
    /// How many invoices are open, and how many of those are past their due date.
    pub open_count: u32,
    /// Owed back to clients: credit notes of paid invoices whose refund is not yet recorded.
    pub refund_cents: i64,
    pub refund_count: u32,
    /// Paid back to clients (recorded refunds).
    pub refunded_cents: i64,
    pub overdue_count: u32,
    pub overdue_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub period: Period,
    pub rows: Vec<LedgerRow>,
    pub totals: LedgerTotals,
}

/// Where a prestatiecode in the vault comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeOrigin {
    /// As shipped with the app.
    Shipped,
    /// A shipped code whose description (or category or source) the practice changed.
    Edited,
    /// A code the practice added.
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeRow {
    #[serde(flatten)]
    pub code: Prestatiecode,
    pub origin: CodeOrigin,
}

/// The prestatiecode table with each code's origin, and the shipped table's source note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeTable {
    pub codes: Vec<CodeRow>,
    /// Where the shipped codes come from (see [`shipped_source`]).
    pub source: String,
}

/// Where the shipped codes come from, in Dutch: each source of `assets/prestatiecodes.csv` with its
/// codes (the file's header says the same in more detail).
pub fn shipped_source() -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for code in parse_prestatiecodes(PRESTATIECODES_CSV).unwrap_or_default() {
        match groups.iter_mut().find(|(source, _)| *source == code.source) {
            Some((_, codes)) => codes.push(code.code),
            None => groups.push((code.source, vec![code.code])),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(source, codes)| format!("{source} ({})", codes.join(", ")))
        .collect();
    format!(
        "{}. Geen volledige lijst: voeg de codes toe die uw beroepsvereniging noemt.",
        parts.join("; ")
    )
}

/// A client billed as a business, with its pseudonymous number and name for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BusinessRow {
    pub client_id: i64,
    pub client_number: String,
    pub client_name: String,
    #[serde(flatten)]
    pub business: BusinessClient,
}

/// A service as typed in the form: the tariff as euros (`85`, `85,00`, `€ 1.234,56`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct ServiceForm {
    pub kind: String,
    pub description: String,
    pub tariff: String,
    pub prestatiecode: String,
    pub vat_mode: Option<VatMode>,
    /// True when the form changes the service of an existing kind ("Wijzigen"); false when it adds
    /// one ("Dienst toevoegen"), which the core refuses for a kind that already has a service.
    pub change: bool,
}

/// The billing settings as typed in the form: the payment term as text, so a word instead of a
/// number is named at its field instead of failing to arrive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub number_prefix: String,
    pub payment_term_days: String,
    pub care_vat_mode: Option<VatMode>,
    pub coaching_vat_mode: Option<VatMode>,
}

/// The VAT choices with the label and the sentence an invoice prints, as the core has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatChoice {
    pub value: VatMode,
    pub label: &'static str,
    pub invoice_text: Option<&'static str>,
}

pub fn vat_choices() -> Vec<VatChoice> {
    VatMode::ALL
        .into_iter()
        .map(|m| VatChoice {
            value: m,
            label: m.label(),
            invoice_text: m.invoice_text(),
        })
        .collect()
}

impl Store {
    /// The period presets as of the store's today.
    pub fn invoice_period_presets(&self) -> PeriodPresets {
        PeriodPresets::on(self.context().clock.today())
    }

    /// The invoices with an invoice date in `period` (newest first) and every concept (on top), with
    /// the totals of the issued ones.
    pub fn invoices_in_period(&self, period: Period) -> Result<Ledger> {
        let today = self.context().clock.today();
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {}, i.buyer_company, i.due_date, i.paid_on IS NOT NULL \
             FROM invoices i WHERE i.status = 'concept' OR i.issue_date BETWEEN ?1 AND ?2 \
             ORDER BY i.issue_date IS NOT NULL, i.issue_date DESC, i.id DESC",
            super::summary_columns()
        ))?;
        let mut totals = LedgerTotals::default();
        let rows = stmt.query_map([period.from.to_string(), period.to.to_string()], |r| {
            let invoice = super::summary_from_row(r)?;
            let (status, total, open) = (invoice.status, invoice.total_cents, invoice.open_cents);
            let credit_note = invoice.is_credit_note;
            let due_date = date_opt(r.get(13)?);
            let paid: bool = r.get(14)?;
            let overdue = status == InvoiceStatus::Issued
                && !credit_note
                && open > 0
                && due_date.is_some_and(|d| d < today);
            if status != InvoiceStatus::Concept {
                totals.invoiced_cents += total;
                if paid && !credit_note {
                    totals.paid_cents += total;
                }
                if paid && credit_note {
                    totals.refunded_cents -= total;
                }
                if open > 0 {
                    totals.open_cents += open;
                    totals.open_count += 1;
                } else if open < 0 {
                    totals.refund_cents -= open;
                    totals.refund_count += 1;
                }
                if overdue {
                    totals.overdue_count += 1;
                    totals.overdue_cents += open;
                }
            }
            Ok(LedgerRow {
                invoice,
                buyer_company: r.get(12)?,
                due_date,
                overdue,
            })
        })?;
        let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Ledger {
            period,
            rows,
            totals,
        })
    }

    /// The number the next issued invoice (or credit note) of this year will get, e.g. `2026-0008`.
    /// Only shown: the number is taken when issuing, in the same transaction.
    pub fn next_invoice_number(&self) -> Result<String> {
        let year = self.context().clock.today().year();
        let prefix = self.billing_settings()?.number_prefix;
        let last: i64 = self.connection().query_row(
            "SELECT coalesce(max(last_number), 0) FROM invoice_series WHERE year = ?1",
            [year],
            |r| r.get(0),
        )?;
        Ok(format!("{prefix}{year}-{:04}", last + 1))
    }

    /// Saves the billing settings typed in the form (payment term as text); returns what was saved.
    pub fn save_billing_settings_form(&mut self, form: &SettingsForm) -> Result<BillingSettings> {
        let current = self.billing_settings()?;
        let days = form.payment_term_days.trim();
        let days: u32 = match days.parse::<u32>() {
            Ok(n) if n <= 365 => n,
            _ => {
                return Err(Error::field(
                    "payment_term_days",
                    format!("'{days}' is geen betaaltermijn. Schrijf een aantal dagen van 0 tot 365, bijvoorbeeld 14."),
                ))
            }
        };
        self.update_billing_settings(&BillingSettings {
            number_prefix: form.number_prefix.clone(),
            payment_term_days: days,
            care_vat_mode: form.care_vat_mode.or(current.care_vat_mode),
            coaching_vat_mode: form.coaching_vat_mode.or(current.coaching_vat_mode),
        })
    }

    /// Saves a service typed in the form; every field that is wrong is named at once.
    pub fn save_service_form(&mut self, form: &ServiceForm) -> Result<Service> {
        let tariff = validate::euros_to_cents("tariff", &form.tariff);
        let vat_mode = form.vat_mode.ok_or_else(|| {
            Error::field(
                "vat_mode",
                "Kies de btw voor deze dienst: 21 %, vrijgesteld of KOR.",
            )
        });
        let (tariff_cents, vat_mode) = match (tariff, vat_mode) {
            (Ok(t), Ok(v)) => (t, v),
            (t, v) => {
                // Name the other fields' problems too, so the form can mark all of them.
                let mut c = Checks::default();
                c.check(validate::required("kind", "de soort sessie", &form.kind));
                c.check(validate::required(
                    "description",
                    "de omschrijving",
                    &form.description,
                ));
                c.check(t);
                c.check(v);
                c.finish()?;
                return Err(Error::internal("tarief"));
            }
        };
        let service = Service {
            kind: form.kind.clone(),
            description: form.description.clone(),
            tariff_cents,
            prestatiecode: form.prestatiecode.clone(),
            vat_mode,
        };
        let how = if form.change {
            ServiceSave::Change
        } else {
            ServiceSave::Add
        };
        self.set_service(&service, how)
    }

    /// The prestatiecode table, each code marked shipped, edited or added.
    pub fn prestatiecode_table(&self) -> Result<CodeTable> {
        let shipped = parse_prestatiecodes(PRESTATIECODES_CSV)?;
        let codes = self
            .prestatiecodes()?
            .into_iter()
            .map(|code| {
                let origin = match shipped.iter().find(|s| s.code == code.code) {
                    None => CodeOrigin::Added,
                    Some(s) if *s == code => CodeOrigin::Shipped,
                    Some(_) => CodeOrigin::Edited,
                };
                CodeRow { code, origin }
            })
            .collect();
        Ok(CodeTable {
            codes,
            source: shipped_source(),
        })
    }

    /// The clients billed as a business, by client number.
    pub fn business_clients(&self) -> Result<Vec<BusinessRow>> {
        let mut stmt = self.connection().prepare(
            &format!(
                "SELECT c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, {} \
                 FROM billing_clients b JOIN clients c ON c.id = b.client_id ORDER BY c.client_number",
                super::settings::BUSINESS_COLUMNS
            ),
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BusinessRow {
                client_id: r.get(0)?,
                client_number: r.get(1)?,
                client_name: crate::dossier::Client::display_name_of(
                    &r.get::<_, String>(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                ),
                business: super::settings::business_from_row(r, 6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn presets_on_known_dates() {
        let p = PeriodPresets::on(d("2026-11-30"));
        assert_eq!(
            p.this_month,
            Period {
                from: d("2026-11-01"),
                to: d("2026-11-30")
            }
        );
        assert_eq!(
            p.previous_quarter,
            Period {
                from: d("2026-07-01"),
                to: d("2026-09-30")
            }
        );
        assert_eq!(
            p.this_year,
            Period {
                from: d("2026-01-01"),
                to: d("2026-12-31")
            }
        );
        // In January the previous quarter is last year's fourth.
        let jan = PeriodPresets::on(d("2027-01-15"));
        assert_eq!(
            jan.previous_quarter,
            Period {
                from: d("2026-10-01"),
                to: d("2026-12-31")
            }
        );
        // February in a leap year ends on the 29th.
        assert_eq!(Period::this_month(d("2028-02-10")).to, d("2028-02-29"));
    }

    #[test]
    fn a_typed_period_is_checked() {
        assert_eq!(
            Period::parse("01-01-2026", "2026-03-31").unwrap(),
            Period {
                from: d("2026-01-01"),
                to: d("2026-03-31")
            }
        );
        let err = Period::parse("2026-04-01", "2026-03-31").unwrap_err();
        assert_eq!(
            err.fields[0].field, "to",
            "an end before the start is refused at 'tot'"
        );
        let err = Period::parse("gisteren", "morgen").unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["from", "to"], "both bad dates are named");
    }

    #[test]
    fn the_source_note_names_where_the_codes_come_from() {
        let s = shipped_source();
        assert!(s.contains("VGZ") && s.contains("Vektis"), "{s}");
        assert!(
            !s.contains("Columns"),
            "the column line is not part of the source: {s}"
        );
    }

    proptest! {
        #[test]
        fn presets_contain_or_precede_today(days in 0i64..40_000) {
            let today = d("1990-01-01") + chrono::Duration::days(days);
            let p = PeriodPresets::on(today);
            for period in [p.this_month, p.this_year] {
                prop_assert!(period.from <= today && today <= period.to, "{period:?} holds {today}");
            }
            let q = p.previous_quarter;
            prop_assert!(q.to < today, "the previous quarter is over: {q:?} on {today}");
            prop_assert_eq!(q.to + Days::new(1), q.from + Months::new(3), "a quarter is three whole months");
            prop_assert_eq!(q.from.day(), 1);
            prop_assert!([1, 4, 7, 10].contains(&q.from.month()));
            // The day after the previous quarter is the first day of today's quarter.
            let next = q.to + Days::new(1);
            prop_assert!(next <= today && today < next + Months::new(3));
            prop_assert_eq!(p.this_month.to.month(), today.month());
            prop_assert_ne!((p.this_month.to + Days::new(1)).month(), today.month());
        }
    }
}
