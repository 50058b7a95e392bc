//! Retention, destruction and client rights (WGBO 7:454–7:457, AVG art. 12–21; DESIGN §6).
//!
//! - [`policy`]: the "bewaren tot" date and its reason per dossier, as a pure function.
//! - this file: the practice's retention settings, the per-dossier overview and due list for any date,
//!   extensions ("langer bewaren"), legal holds and restriction (AVG art. 18: read-only dossier, kept
//!   out of every export except the copy for the client; triggers in migration 3 refuse changes).
//! - [`destroy`]: explicit, irreversible, complete destruction with a register line.
//! - [`dutch_time`]: every date these rules use is the Europe/Amsterdam calendar date of the moment.
//! - [`requester`]: who asked for a request and whether they may, by the client's age that day.
//! - [`due_ahead`]: the due list for a typed date ("te vernietigen per …"), each line saying whether
//!   it may be destroyed today.
//! - [`requests`]: the client requests register with its deadline arithmetic.
//! - [`export`]: the JSON dossier copy and "wie heeft mijn dossier ingezien"; [`pdf_copy`] the same
//!   copy as a readable PDF.
//! - [`share`]: the anonymised intervision summary and the consent-gated copy for a waarnemer.
//! - [`minors`]: sessions where the consent the age band required was missing.
//! - [`documents`]: the privacyverklaring, the AVG art. 30 register and the datalekregister.
//! - [`privacy_facts`]: what those documents say about the practice: facts read from the vault, and
//!   the answers only the therapist can give (Instellingen → Privacy, `practice privacy set`).
//! - [`practice_docs`]: those documents for the window (blocks, PDF, missing profile fields) and the
//!   retention settings as typed in a form.
//! - [`answers`]: what the dossier's Privacy tab needs: the entries a copy can hold, which requests a
//!   copy answers, "langer bewaren" by date or years, the intervision review, the PDF shared copy.
//!
//! The audit log is never purged (kept at least [`policy::AUDIT_LOG_MIN_YEARS`] years, NEN 7513); it
//! holds only client numbers, so it may outlive the dossier. Financial records follow their own 7-year
//! term through [`destroy::purge_financial_records`].

pub mod answers;
pub mod destroy;
pub mod documents;
pub mod due_ahead;
pub mod dutch_time;
pub mod export;
pub mod minors;
pub mod pdf_copy;
pub mod policy;
pub mod practice_docs;
pub mod privacy_facts;
pub mod requester;
pub mod requests;
pub mod share;

pub use destroy::{Destroyed, DestructionLine, ExpiredFinancial};
pub use due_ahead::DueLine;
pub use export::{DossierCopy, ViewLine};
pub use minors::{ClientConsentWarnings, ConsentWarning};
pub use policy::{Basis, RetentionSettings, Term};
pub use requests::{ClientRequest, RequestDue, RequestKind, RequestStatus};
pub use share::IntervisionSummary;

use crate::audit::AuditEvent;
use crate::dossier::{ClientStatus, Regime};
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::NaiveDate;
use policy::DossierFacts;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

const COACHING_KEY: &str = "retention_coaching_years";
const PROSPECT_KEY: &str = "retention_prospect_years";

/// One dossier's retention as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionStatus {
    pub client_id: i64,
    pub client_number: String,
    pub keep_until: Option<NaiveDate>,
    pub basis: Basis,
    /// Why: a sentence for the therapist.
    pub reason: String,
    /// The legal hold's reason, when one is set.
    pub hold: Option<String>,
    pub restricted: bool,
    /// The term has ended on the date asked (holds aside).
    pub term_ended: bool,
    /// On the due list: term ended and no legal hold.
    pub due: bool,
}

/// The Dutch calendar date of stored text (an instant converted to Europe/Amsterdam; a plain date as
/// it is): see [`dutch_time`].
pub(crate) fn date_of(text: &str) -> NaiveDate {
    dutch_time::dutch_date_of(text)
}

/// Today in the Netherlands, from the store's clock (whatever the laptop's time zone).
pub fn dutch_today(store: &Store) -> NaiveDate {
    dutch_time::amsterdam_date(store.context().clock.now())
}

pub(crate) fn settings(conn: &Connection) -> Result<RetentionSettings> {
    let get = |key: &str, default: u32| -> Result<u32> {
        Ok(conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(RetentionSettings {
        coaching_years: get(COACHING_KEY, policy::DEFAULT_COACHING_YEARS)?,
        prospect_years: get(PROSPECT_KEY, policy::DEFAULT_PROSPECT_YEARS)?,
    })
}

/// A dossier's facts with its id, client number, legal hold and restriction.
type FactsRow = (i64, String, DossierFacts, Option<String>, bool);

/// Every dossier's facts, by client id.
fn all_facts(conn: &Connection, only: Option<i64>) -> Result<Vec<FactsRow>> {
    let default_regime: Regime = conn
        .query_row(
            "SELECT default_regime FROM practice WHERE id = 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|s| Regime::parse(&s))
        .unwrap_or_default();
    let mut stmt = conn.prepare(
        "SELECT c.id, c.client_number, c.status, c.created_at, c.updated_at, c.last_substantive_change, \
                (SELECT count(*) FROM sessions s WHERE s.client_id = c.id), \
                (SELECT count(*) FROM entries e WHERE e.client_id = c.id), \
                r.extended_until, coalesce(r.extended_reason, ''), r.hold_reason, coalesce(r.restricted, 0) \
         FROM clients c LEFT JOIN client_retention r ON r.client_id = c.id \
         WHERE ?1 IS NULL OR c.id = ?1 ORDER BY c.id",
    )?;
    let mut trajecten = conn.prepare(
        "SELECT regime, end_date FROM trajecten WHERE client_id = ?1 ORDER BY start_date, id",
    )?;
    let rows = stmt
        .query_map([only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, u32>(6)?,
                r.get::<_, u32>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, bool>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (
        id,
        number,
        status,
        created,
        updated,
        lsc,
        sessions,
        entries,
        ext,
        ext_reason,
        hold,
        restricted,
    ) in rows
    {
        let trajects = trajecten
            .query_map([id], |r| {
                let end: Option<String> = r.get(1)?;
                Ok((
                    Regime::parse(&r.get::<_, String>(0)?),
                    end.map(|e| date_of(&e)),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let status: ClientStatus =
            serde_json::from_value(serde_json::Value::String(status)).unwrap_or_default();
        out.push((
            id,
            number,
            DossierFacts {
                status,
                created_on: date_of(&created),
                updated_on: date_of(&updated),
                last_substantive_change: date_of(&lsc),
                sessions,
                entries,
                trajecten: trajects,
                default_regime,
                extended_until: ext.as_deref().map(date_of),
                extended_reason: ext_reason,
            },
            hold,
            restricted,
        ));
    }
    Ok(out)
}

pub(crate) fn statuses(
    conn: &Connection,
    on: NaiveDate,
    only: Option<i64>,
) -> Result<Vec<RetentionStatus>> {
    let settings = settings(conn)?;
    Ok(all_facts(conn, only)?
        .into_iter()
        .map(|(client_id, client_number, facts, hold, restricted)| {
            let t = policy::term(&facts, settings);
            let term_ended = t.keep_until.is_some_and(|k| k <= on);
            RetentionStatus {
                client_id,
                client_number,
                keep_until: t.keep_until,
                basis: t.basis,
                reason: t.reason,
                due: term_ended && hold.is_none(),
                hold,
                restricted,
                term_ended,
            }
        })
        .collect())
}

pub(crate) fn status_of(
    conn: &Connection,
    client_id: i64,
    on: NaiveDate,
) -> Result<RetentionStatus> {
    statuses(conn, on, Some(client_id))?
        .pop()
        .ok_or_else(|| Error::not_found("Deze cliënt"))
}

pub(crate) fn is_restricted(conn: &Connection, client_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT restricted FROM client_retention WHERE client_id = ?1",
            [client_id],
            |r| r.get::<_, bool>(0),
        )
        .optional()?
        .unwrap_or(false))
}

fn client_number(conn: &Connection, client_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT client_number FROM clients WHERE id = ?1",
        [client_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Deze cliënt"))
}

fn ensure_row(conn: &Connection, client_id: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO client_retention (client_id) VALUES (?1) ON CONFLICT(client_id) DO NOTHING",
        [client_id],
    )?;
    Ok(())
}

fn required_reason(field: &str, reason: &str, what: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Error::field(
            field,
            format!("Vul de reden in voor {what}; die wordt vastgelegd."),
        ));
    }
    Ok(r.to_string())
}

impl Store {
    pub fn retention_settings(&self) -> Result<RetentionSettings> {
        settings(self.connection())
    }

    /// Sets the coaching and prospect terms (each 1 to 20 years).
    pub fn set_retention_settings(&mut self, s: RetentionSettings) -> Result<()> {
        for (field, value, what) in [
            (
                "coaching_years",
                s.coaching_years,
                "De bewaartermijn voor coaching",
            ),
            (
                "prospect_years",
                s.prospect_years,
                "De bewaartermijn voor wie nooit cliënt werd",
            ),
        ] {
            if !(1..=20).contains(&value) {
                return Err(Error::field(
                    field,
                    format!("{what} moet tussen 1 en 20 jaar liggen."),
                ));
            }
        }
        self.write(|tx, _| {
            for (key, value) in [(COACHING_KEY, s.coaching_years), (PROSPECT_KEY, s.prospect_years)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, value.to_string()],
                )?;
            }
            Ok((
                (),
                vec![AuditEvent::new("retention_settings_changed", "settings", "retention")
                    .detail(format!("coaching {} jaar, geen cliënt {} jaar", s.coaching_years, s.prospect_years))],
            ))
        })
    }

    /// Every dossier's "bewaren tot" date and reason as of `on` (no personal content; not logged).
    pub fn retention_overview(&self, on: NaiveDate) -> Result<Vec<RetentionStatus>> {
        statuses(self.connection(), on, None)
    }

    /// One dossier's retention as of the store's today.
    pub fn retention_status(&self, client_id: i64) -> Result<RetentionStatus> {
        status_of(self.connection(), client_id, dutch_today(self))
    }

    /// "Te vernietigen per `on`": dossiers whose term has ended and that carry no legal hold, oldest
    /// term first.
    pub fn due_for_destruction(&self, on: NaiveDate) -> Result<Vec<RetentionStatus>> {
        let mut due: Vec<_> = self
            .retention_overview(on)?
            .into_iter()
            .filter(|s| s.due)
            .collect();
        due.sort_by_key(|s| (s.keep_until, s.client_id));
        Ok(due)
    }

    /// Keeps a dossier at least until `until` because good care requires it (7:454 lid 3, "zoveel
    /// langer"). `None` removes the extension.
    pub fn extend_retention(
        &mut self,
        client_id: i64,
        until: Option<NaiveDate>,
        reason: &str,
    ) -> Result<()> {
        let today = dutch_today(self);
        let reason = match until {
            Some(u) => {
                if u <= today {
                    return Err(Error::field(
                        "until",
                        "Kies een datum in de toekomst om het dossier langer te bewaren.",
                    ));
                }
                required_reason("reason", reason, "het langer bewaren")?
            }
            None => String::new(),
        };
        self.write(|tx, _| {
            let number = client_number(tx, client_id)?;
            ensure_row(tx, client_id)?;
            tx.execute(
                "UPDATE client_retention SET extended_until = ?2, extended_reason = ?3 WHERE client_id = ?1",
                params![client_id, until.map(|u| u.to_string()), reason],
            )?;
            let event = AuditEvent::new("retention_extended", "client", client_id)
                .client(number)
                .detail(until.map_or("verlenging opgeheven".into(), |u| format!("tot {u}")));
            Ok(((), vec![event]))
        })
    }

    /// Sets (`Some(reason)`) or lifts (`None`) a legal hold: while set, the dossier is never destroyed.
    pub fn set_legal_hold(&mut self, client_id: i64, reason: Option<&str>) -> Result<()> {
        let reason = reason
            .map(|r| required_reason("reason", r, "de juridische blokkade"))
            .transpose()?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = client_number(tx, client_id)?;
            ensure_row(tx, client_id)?;
            tx.execute(
                "UPDATE client_retention SET hold_reason = ?2, hold_since = iif(?2 IS NULL, NULL, ?3) WHERE client_id = ?1",
                params![client_id, reason, now],
            )?;
            let event = AuditEvent::new(
                if reason.is_some() { "legal_hold_set" } else { "legal_hold_cleared" },
                "client",
                client_id,
            )
            .client(number);
            Ok(((), vec![event]))
        })
    }

    /// Restricts processing (AVG art. 18) or lifts it. A restricted dossier refuses every change and is
    /// left out of every export except the copy for the client.
    pub fn set_restricted(&mut self, client_id: i64, restricted: bool) -> Result<()> {
        let now = self.now_text();
        self.write(|tx, _| {
            let number = client_number(tx, client_id)?;
            ensure_row(tx, client_id)?;
            tx.execute(
                "UPDATE client_retention SET restricted = ?2, restricted_since = iif(?2, ?3, NULL) WHERE client_id = ?1",
                params![client_id, restricted, now],
            )?;
            let event = AuditEvent::new(
                if restricted { "restriction_set" } else { "restriction_lifted" },
                "client",
                client_id,
            )
            .client(number);
            Ok(((), vec![event]))
        })
    }

    /// Refuses when a dossier is restricted, for exports to anyone but the client.
    pub(crate) fn refuse_if_restricted(&self, client_id: i64) -> Result<()> {
        if is_restricted(self.connection(), client_id)? {
            return Err(Error::new(
                ErrorCode::NotAllowed,
                "Dit dossier is beperkt op verzoek van de cliënt: het mag alleen aan de cliënt zelf worden verstrekt. Hef de beperking op als de cliënt daarmee instemt.",
            ));
        }
        Ok(())
    }
}
