//! Billing settings: number prefix, payment term, the VAT treatment per regime, services (tariff,
//! prestatiecode and VAT per session kind), the editable Vektis prestatiecode table and the business
//! details of clients billed as a company.
//!
//! There is no default prestatiecode (migration 6 dropped it): a code on a zorgnota is one the
//! therapist chose, for the service of that session kind, or by naming the session kind after the
//! code itself. A care session without one makes the nota refuse to be issued, naming the session.
//!
//! No VAT treatment is assumed either: `care_vat_mode` / `coaching_vat_mode` are `None` until the
//! practice chooses, and a nota of that kind is refused until then ([`BillingSettings::vat_mode_for`]).
//! Existing vaults keep what their notas said (migration 6, docs/billing.md "VAT"): a saved settings
//! row is kept as it is, a vault that issued notas without one gets the old defaults (care exempt,
//! coaching 21 %), and only a vault that did neither starts unchosen.

use super::totals::VatMode;
use crate::audit::AuditEvent;
use crate::dossier::validate::{self, Checks};
use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The code table as shipped: `assets/prestatiecodes.csv` (source and confidence in its header).
pub const PRESTATIECODES_CSV: &str = include_str!("../../assets/prestatiecodes.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillingSettings {
    /// Printed before the year in each number: '' gives `2026-0001`.
    pub number_prefix: String,
    pub payment_term_days: u32,
    /// VAT for care (wgbo): for sessions without a service row, and the practice's choice without
    /// which no zorgnota is issued. `None`: not chosen yet; nothing is assumed.
    pub care_vat_mode: Option<VatMode>,
    /// VAT for coaching, likewise for facturen. `None`: not chosen yet.
    pub coaching_vat_mode: Option<VatMode>,
}

impl Default for BillingSettings {
    fn default() -> Self {
        BillingSettings {
            number_prefix: String::new(),
            payment_term_days: 14,
            care_vat_mode: None,
            coaching_vat_mode: None,
        }
    }
}

/// Whether saving a service adds a new kind or changes the one that kind has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceSave {
    /// A new kind: refused when the kind already has a service.
    Add,
    /// The kind's service is replaced (or made, if it has none).
    Change,
}

/// A session kind as the practice bills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// The session kind it applies to (as typed on the session, e.g. `24504` or `intake`).
    pub kind: String,
    pub description: String,
    /// Excluding VAT; used when the session itself has no fee.
    pub tariff_cents: i64,
    /// Vektis prestatiecode printed on a zorgnota; may be empty for coaching.
    pub prestatiecode: String,
    pub vat_mode: VatMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prestatiecode {
    pub code: String,
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub source: String,
}

/// A client billed as a business: the buyer printed on the invoice and used in the UBL file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BusinessClient {
    pub company_name: String,
    /// KvK-nummer of the buyer (8 digits), used as its identifier in SI-UBL.
    pub kvk_number: String,
    pub btw_id: String,
    /// The buyer's order or cost-centre reference. The only place the coachee's name may appear on
    /// the invoice, and only when the therapist types it here.
    pub reference: String,
    /// The company's own address (never the client's home address: art. 35a Wet OB wants the
    /// customer's address, and the employer has no business knowing where the coachee lives).
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    /// Optional "t.a.v." line: a department or person at the company.
    pub attention: String,
}

/// Parses the shipped CSV (`code;omschrijving;categorie;bron`, `#` comments).
pub fn parse_prestatiecodes(csv: &str) -> Result<Vec<Prestatiecode>> {
    let mut codes = Vec::new();
    for (n, line) in csv.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("code;") {
            continue;
        }
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        if parts.len() != 4 || parts[0].is_empty() || parts[1].is_empty() {
            return Err(Error::field(
                "prestatiecodes",
                format!("Regel {} van de codetabel heeft niet de vorm code;omschrijving;categorie;bron.", n + 1),
            ));
        }
        codes.push(Prestatiecode {
            code: parts[0].into(),
            description: parts[1].into(),
            category: parts[2].into(),
            source: parts[3].into(),
        });
    }
    Ok(codes)
}

pub(crate) fn load_settings(conn: &Connection) -> Result<BillingSettings> {
    let row = conn
        .query_row(
            "SELECT number_prefix, payment_term_days, care_vat_mode, coaching_vat_mode FROM billing_settings WHERE id = 1",
            [],
            |r| {
                Ok(BillingSettings {
                    number_prefix: r.get(0)?,
                    payment_term_days: r.get(1)?,
                    care_vat_mode: r.get::<_, Option<String>>(2)?.and_then(|m| VatMode::parse(&m)),
                    coaching_vat_mode: r.get::<_, Option<String>>(3)?.and_then(|m| VatMode::parse(&m)),
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

pub(crate) fn load_service(conn: &Connection, kind: &str) -> Result<Option<Service>> {
    Ok(conn
        .query_row(
            "SELECT kind, description, tariff_cents, prestatiecode, vat_mode FROM billing_services WHERE kind = ?1",
            [kind],
            service_row,
        )
        .optional()?)
}

fn service_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Service> {
    Ok(Service {
        kind: r.get(0)?,
        description: r.get(1)?,
        tariff_cents: r.get(2)?,
        prestatiecode: r.get(3)?,
        vat_mode: VatMode::parse(&r.get::<_, String>(4)?).unwrap_or(VatMode::Vat21),
    })
}

pub(crate) fn code_description(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT description FROM prestatiecodes WHERE code = ?1",
            [code],
            |r| r.get(0),
        )
        .optional()?)
}

/// The columns [`business_from_row`] reads, for `billing_clients b`.
pub(crate) const BUSINESS_COLUMNS: &str =
    "b.company_name, b.kvk_number, b.btw_id, b.reference, b.street, b.house_number, b.postcode, b.city, b.attention";

/// A business client from the row's columns starting at `at`, in [`BUSINESS_COLUMNS`] order.
pub(crate) fn business_from_row(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<BusinessClient> {
    Ok(BusinessClient {
        company_name: r.get(at)?,
        kvk_number: r.get(at + 1)?,
        btw_id: r.get(at + 2)?,
        reference: r.get(at + 3)?,
        street: r.get(at + 4)?,
        house_number: r.get(at + 5)?,
        postcode: r.get(at + 6)?,
        city: r.get(at + 7)?,
        attention: r.get(at + 8)?,
    })
}

pub(crate) fn load_business_client(
    conn: &Connection,
    client_id: i64,
) -> Result<Option<BusinessClient>> {
    Ok(conn
        .query_row(
            &format!("SELECT {BUSINESS_COLUMNS} FROM billing_clients b WHERE b.client_id = ?1"),
            [client_id],
            |r| business_from_row(r, 0),
        )
        .optional()?)
}

/// The refusal of a nota whose kind has no VAT choice yet.
pub(crate) fn vat_missing(field: &str, what: &str, example: &str) -> Error {
    Error::field(
        field,
        format!(
            "De btw-keuze voor {what} ontbreekt. Dossierkluis neemt niet aan dat u van btw bent vrijgesteld: kies bij Instellingen → Facturering of de medische vrijstelling, 21 % btw of de KOR voor u geldt (op de opdrachtregel: billing settings set '{{\"{field}\":\"{example}\"}}')."
        ),
    )
}

fn code_field(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if !v.is_empty() && (v.len() > 10 || !v.chars().all(|c| c.is_ascii_alphanumeric())) {
        return Err(Error::field(
            field,
            format!("'{v}' is geen prestatiecode: gebruik alleen cijfers en letters, zoals 24504."),
        ));
    }
    Ok(v.to_string())
}

impl BillingSettings {
    /// The VAT treatment the practice chose for `regime`, or the refusal that says it is missing and
    /// where to choose it (Instellingen → Facturering; on the CLI `billing settings set`).
    pub fn vat_mode_for(&self, regime: crate::dossier::Regime) -> Result<VatMode> {
        use crate::dossier::Regime;
        let (chosen, field, what, example) = match regime {
            Regime::Wgbo => (
                self.care_vat_mode,
                "care_vat_mode",
                "zorg (zorgnota’s)",
                "exempt",
            ),
            Regime::Coaching => (
                self.coaching_vat_mode,
                "coaching_vat_mode",
                "coaching (facturen)",
                "vat21",
            ),
        };
        chosen.ok_or_else(|| vat_missing(field, what, example))
    }

    fn validate(&self) -> Result<BillingSettings> {
        let mut c = Checks::default();
        let mut s = self.clone();
        s.number_prefix = self.number_prefix.trim().to_string();
        if s.number_prefix.chars().count() > 10
            || !s
                .number_prefix
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        {
            c.check::<()>(Err(Error::field(
                "number_prefix",
                "Het voorvoegsel van het factuurnummer mag hoogstens 10 letters, cijfers of streepjes hebben.",
            )));
        }
        if s.payment_term_days > 365 {
            c.check::<()>(Err(Error::field(
                "payment_term_days",
                "Kies een betaaltermijn van 0 tot 365 dagen.",
            )));
        }
        c.finish()?;
        Ok(s)
    }
}

impl Store {
    pub fn billing_settings(&self) -> Result<BillingSettings> {
        load_settings(self.connection())
    }

    pub fn update_billing_settings(&mut self, input: &BillingSettings) -> Result<BillingSettings> {
        let s = input.validate()?;
        let now = self.now_text();
        self.write(|tx, _| {
            tx.execute(
                "INSERT INTO billing_settings (id, number_prefix, payment_term_days, care_vat_mode, coaching_vat_mode, updated_at) \
                 VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET number_prefix = ?1, payment_term_days = ?2, \
                 care_vat_mode = ?3, coaching_vat_mode = ?4, updated_at = ?5",
                params![s.number_prefix, s.payment_term_days, s.care_vat_mode.map(VatMode::as_str), s.coaching_vat_mode.map(VatMode::as_str), now],
            )?;
            let saved = load_settings(tx)?;
            Ok((saved, vec![AuditEvent::new("billing_settings_updated", "billing_settings", 1)]))
        })
    }

    pub fn services(&self) -> Result<Vec<Service>> {
        let mut stmt = self.connection().prepare(
            "SELECT kind, description, tariff_cents, prestatiecode, vat_mode FROM billing_services ORDER BY kind",
        )?;
        let rows = stmt.query_map([], service_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves the service for `service.kind`. [`ServiceSave::Add`] refuses a kind that already has a
    /// service (at the `kind` field), so "Dienst toevoegen" never silently overwrites one;
    /// [`ServiceSave::Change`] replaces it (the form's "Wijzigen", the CLI's `service set`).
    pub fn set_service(&mut self, service: &Service, how: ServiceSave) -> Result<Service> {
        let mut c = Checks::default();
        let kind = c.check(validate::required("kind", "de soort sessie", &service.kind));
        let description = c.check(validate::required(
            "description",
            "de omschrijving",
            &service.description,
        ));
        let code = c.check(code_field("prestatiecode", &service.prestatiecode));
        if service.tariff_cents < 0 || service.tariff_cents > 10_000_000 {
            c.check::<()>(Err(Error::field(
                "tariff",
                "Het tarief moet tussen € 0 en € 100.000 liggen.",
            )));
        }
        c.finish()?;
        let s = Service {
            kind: kind.expect("checked"),
            description: description.expect("checked"),
            prestatiecode: code.expect("checked"),
            ..service.clone()
        };
        self.write(|tx, _| {
            if how == ServiceSave::Add && load_service(tx, &s.kind)?.is_some() {
                return Err(Error::field(
                    "kind",
                    format!("Er is al een dienst ‘{}’; kies Wijzigen.", s.kind),
                ));
            }
            tx.execute(
                "INSERT OR REPLACE INTO billing_services (kind, description, tariff_cents, prestatiecode, vat_mode) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![s.kind, s.description, s.tariff_cents, s.prestatiecode, s.vat_mode.as_str()],
            )?;
            Ok((s.clone(), vec![AuditEvent::new("billing_service_saved", "billing_service", &s.kind)]))
        })
    }

    pub fn prestatiecodes(&self) -> Result<Vec<Prestatiecode>> {
        let mut stmt = self.connection().prepare(
            "SELECT code, description, category, source FROM prestatiecodes ORDER BY code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Prestatiecode {
                code: r.get(0)?,
                description: r.get(1)?,
                category: r.get(2)?,
                source: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds or corrects a prestatiecode (the table is editable data: Vektis publishes changes).
    pub fn set_prestatiecode(&mut self, code: &Prestatiecode) -> Result<()> {
        let mut c = Checks::default();
        let value = c.check(code_field("code", &code.code));
        let description = c.check(validate::required(
            "description",
            "de omschrijving",
            &code.description,
        ));
        if value.as_deref() == Some("") {
            c.check::<()>(Err(Error::field(
                "code",
                "Vul de prestatiecode in, bijvoorbeeld 24504.",
            )));
        }
        c.finish()?;
        let (value, description) = (value.expect("checked"), description.expect("checked"));
        self.write(|tx, _| {
            tx.execute(
                "INSERT OR REPLACE INTO prestatiecodes (code, description, category, source) VALUES (?1, ?2, ?3, ?4)",
                params![value, description, code.category.trim(), code.source.trim()],
            )?;
            Ok(((), vec![AuditEvent::new("prestatiecode_saved", "prestatiecode", &value)]))
        })
    }

    /// Marks a client as a business buyer (or with `None` as a private person again).
    pub fn set_business_client(
        &mut self,
        client_id: i64,
        business: Option<&BusinessClient>,
    ) -> Result<()> {
        let cleaned = match business {
            None => None,
            Some(b) => {
                let mut c = Checks::default();
                let name = c.check(validate::required(
                    "company_name",
                    "de bedrijfsnaam",
                    &b.company_name,
                ));
                let kvk: String = b.kvk_number.chars().filter(char::is_ascii_digit).collect();
                if !b.kvk_number.trim().is_empty() && kvk.len() != 8 {
                    c.check::<()>(Err(Error::field(
                        "kvk_number",
                        "Een KvK-nummer bestaat uit 8 cijfers.",
                    )));
                }
                let btw = b.btw_id.trim().replace([' ', '.'], "").to_uppercase();
                // Country code, then letters and digits (e.g. NL123456789B01); checked per char, so
                // no input can split a multi-byte character.
                let well_formed = btw.chars().count() >= 4
                    && btw.chars().take(2).all(|c| c.is_ascii_uppercase())
                    && btw.chars().all(|c| c.is_ascii_alphanumeric());
                if !btw.is_empty() && !well_formed {
                    c.check::<()>(Err(Error::field(
                        "btw_id",
                        "Een btw-id begint met de landcode, bijvoorbeeld NL123456789B01.",
                    )));
                }
                let reference = c.check(validate::optional(
                    "reference",
                    "de referentie",
                    &b.reference,
                ));
                let street = c.check(validate::required(
                    "street",
                    "de straat van het bedrijf",
                    &b.street,
                ));
                let house = c.check(validate::required(
                    "house_number",
                    "het huisnummer van het bedrijf",
                    &b.house_number,
                ));
                let postcode = c.check(validate::required(
                    "postcode",
                    "de postcode van het bedrijf",
                    &b.postcode,
                ));
                let city = c.check(validate::required(
                    "city",
                    "de plaats van het bedrijf",
                    &b.city,
                ));
                let attention = c.check(validate::optional(
                    "attention",
                    "de t.a.v.-regel",
                    &b.attention,
                ));
                c.finish()?;
                Some(BusinessClient {
                    company_name: name.expect("checked"),
                    kvk_number: kvk,
                    btw_id: btw,
                    reference: reference.unwrap_or_default(),
                    street: street.expect("checked"),
                    house_number: house.expect("checked"),
                    postcode: postcode.expect("checked"),
                    city: city.expect("checked"),
                    attention: attention.unwrap_or_default(),
                })
            }
        };
        self.write(|tx, _| {
            let number: String = tx
                .query_row("SELECT client_number FROM clients WHERE id = ?1", [client_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found("Deze cliënt"))?;
            match &cleaned {
                None => {
                    tx.execute("DELETE FROM billing_clients WHERE client_id = ?1", [client_id])?;
                }
                Some(b) => {
                    tx.execute(
                        "INSERT OR REPLACE INTO billing_clients (client_id, company_name, kvk_number, btw_id, reference, street, house_number, postcode, city, attention) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![client_id, b.company_name, b.kvk_number, b.btw_id, b.reference, b.street, b.house_number, b.postcode, b.city, b.attention],
                    )?;
                }
            }
            Ok(((), vec![AuditEvent::new("billing_client_updated", "client", client_id).client(number)]))
        })
    }

    pub fn business_client(&self, client_id: i64) -> Result<Option<BusinessClient>> {
        load_business_client(self.connection(), client_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{apply, MIGRATIONS};

    /// A vault as version 3 left it, after `setup`, migrated to the newest version.
    fn migrated_from_v3(setup: &str) -> BillingSettings {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &MIGRATIONS[..3]).unwrap();
        conn.execute_batch(setup).unwrap();
        apply(&mut conn, MIGRATIONS).unwrap();
        load_settings(&conn).unwrap()
    }

    #[test]
    fn the_billing_migration_keeps_what_an_existing_practice_s_notas_say() {
        let fresh = migrated_from_v3("");
        assert_eq!(
            (fresh.care_vat_mode, fresh.coaching_vat_mode),
            (None, None),
            "a vault that never saved settings nor issued a nota has nothing assumed"
        );
        let issued = migrated_from_v3(
            "INSERT INTO invoices (kind, status, number, issue_date, created_at) \
             VALUES ('zorgnota', 'issued', '2026-0001', '2026-02-01', '2026-02-01T10:00:00Z');",
        );
        assert_eq!(
            (issued.care_vat_mode, issued.coaching_vat_mode),
            (Some(VatMode::Exempt), Some(VatMode::Vat21)),
            "notas were issued with the old defaults: the practice keeps them"
        );
        let saved = migrated_from_v3(
            "INSERT INTO billing_settings (id, number_prefix, payment_term_days, care_vat_mode, coaching_vat_mode, updated_at) \
             VALUES (1, 'DW', 30, 'kor', 'kor', '2026-01-05T09:00:00Z');",
        );
        assert_eq!(saved.number_prefix, "DW");
        assert_eq!(saved.payment_term_days, 30);
        assert_eq!(
            (saved.care_vat_mode, saved.coaching_vat_mode),
            (Some(VatMode::Kor), Some(VatMode::Kor)),
            "saved settings stay as they were"
        );
    }

    #[test]
    fn the_shipped_code_table_is_what_the_migration_loads() {
        let csv = parse_prestatiecodes(PRESTATIECODES_CSV).unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrations::apply(&mut conn, crate::store::migrations::MIGRATIONS).unwrap();
        let mut stmt = conn
            .prepare("SELECT code, description, category, source FROM prestatiecodes ORDER BY code")
            .unwrap();
        let db: Vec<Prestatiecode> = stmt
            .query_map([], |r| {
                Ok(Prestatiecode {
                    code: r.get(0)?,
                    description: r.get(1)?,
                    category: r.get(2)?,
                    source: r.get(3)?,
                })
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            db, csv,
            "assets/prestatiecodes.csv and migration 0002 must list the same codes"
        );
        for code in [
            "24000", "24001", "24002", "24003", "24004", "24005", "24500", "24504", "24505",
            "24513",
        ] {
            assert!(
                csv.iter().any(|c| c.code == code),
                "domain facts §2.3 code {code} is shipped"
            );
        }
    }
}
