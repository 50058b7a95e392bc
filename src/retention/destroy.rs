//! Destruction of a dossier: explicit, irreversible and complete, with a register line that holds no
//! personal content.
//!
//! What "complete" means here, step by step, in one transaction:
//! 1. the retention row goes first (it lifts a restriction, whose triggers would block the cascade);
//! 2. `DELETE FROM clients` cascades to representatives, trajecten, sessions, entries and every
//!    earlier version, consents, documents and their contents; the search triggers delete the FTS rows;
//! 3. FTS5 would keep a deleted row's tokens as delete markers in its segments, and `'optimize'` drops
//!    them only when its output is the oldest segment (the 25-year simulation found one that survived).
//!    Migration 2 therefore puts both search tables in FTS5 `secure-delete` mode, which removes the
//!    entries from the segments in place; destruction still runs `'optimize'` to merge what remains;
//! 4. `secure_delete` (always on) overwrites every freed page;
//! 5. a register line: client number, counts per kind, when, ground, reason, on whose request.
//!
//! After the commit `PRAGMA wal_checkpoint(TRUNCATE)` copies the pages into the database file and
//! empties the WAL, so no earlier page version with the dossier's text lingers there.
//!
//! Part of a dossier (WGBO 7:455 lets a client ask for parts): [`Store::destroy_part`] removes the
//! chosen entries (every version, their search rows) and documents (with their contents) the same
//! way, in one transaction with `'optimize'`, `secure_delete` and the WAL emptied afterwards; the
//! register gets a line with ground `deel` ("deel van dossier") and only counts, no content.
//!
//! Invoices are not part of the dossier: billing keeps them (`invoices.client_id` becomes NULL) until
//! their own 7-year term, purged by [`purge_financial_records`].

use crate::audit::AuditEvent;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// One line of the destruction register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionLine {
    pub id: i64,
    pub client_number: String,
    pub destroyed_at: String,
    /// `termijn`, `verzoek` or `deel` (part of a dossier: "deel van dossier").
    pub ground: String,
    pub reason: String,
    pub requested_by: String,
    pub request_id: Option<i64>,
    /// Counts per kind, e.g. `{"entries": 12, …}`.
    pub what: serde_json::Value,
}

/// What a destruction removed.
#[derive(Debug, Clone, Serialize)]
pub struct Destroyed {
    pub register_id: i64,
    pub client_number: String,
    pub counts: serde_json::Value,
    /// Whether the WAL could be emptied right away. `false` only when another connection held it; the
    /// next checkpoint (at the latest when the vault locks) empties it.
    pub wal_truncated: bool,
}

/// A nota whose fiscal term is over: what the financial purge removes, for the Bewaren screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiredFinancial {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub issue_date: String,
    pub client_number: String,
    pub total_cents: i64,
}

/// The notas [`purge_financial_records`] would remove on `today`: issued (not concept) in a year that
/// ended more than 7 years ago. The same predicate as billing's purge; `tests/retention_financial.rs`
/// checks that the list and the purge agree.
pub(crate) fn expired_financial(
    conn: &Connection,
    today: NaiveDate,
) -> Result<Vec<ExpiredFinancial>> {
    use chrono::Datelike;
    let last_expired_year = today.year() - 8;
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(number, ''), kind, coalesce(issue_date, ''), client_number, total_cents FROM invoices \
         WHERE status <> 'concept' AND CAST(substr(issue_date, 1, 4) AS INTEGER) <= ?1 ORDER BY issue_date, id",
    )?;
    let rows = stmt
        .query_map([last_expired_year], |r| {
            Ok(ExpiredFinancial {
                id: r.get(0)?,
                number: r.get(1)?,
                kind: r.get(2)?,
                issue_date: r.get(3)?,
                client_number: r.get(4)?,
                total_cents: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The financial-retention step: invoices 7 years after the end of their fiscal year
/// (art. 52 lid 4 AWR). Billing owns the rule and its database guard; this is retention's door to it.
pub fn purge_financial_records(tx: &Transaction<'_>, today: NaiveDate) -> Result<u64> {
    Ok(crate::billing::purge_expired_financial_records(tx, today)? as u64)
}

fn count(conn: &Connection, sql: &str, client_id: i64) -> Result<i64> {
    Ok(conn.query_row(sql, [client_id], |r| r.get(0))?)
}

fn counts(conn: &Connection, client_id: i64) -> Result<serde_json::Value> {
    Ok(serde_json::json!({
        "representatives": count(conn, "SELECT count(*) FROM representatives WHERE client_id = ?1", client_id)?,
        "trajecten": count(conn, "SELECT count(*) FROM trajecten WHERE client_id = ?1", client_id)?,
        "sessions": count(conn, "SELECT count(*) FROM sessions WHERE client_id = ?1", client_id)?,
        "entries": count(conn, "SELECT count(*) FROM entries WHERE client_id = ?1", client_id)?,
        "entry_versions": count(conn, "SELECT count(*) FROM entry_versions v JOIN entries e ON e.id = v.entry_id WHERE e.client_id = ?1", client_id)?,
        "consents": count(conn, "SELECT count(*) FROM consents WHERE client_id = ?1", client_id)?,
        "documents": count(conn, "SELECT count(*) FROM documents WHERE client_id = ?1", client_id)?,
    }))
}

pub(crate) fn destroyed_numbers(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT client_number FROM destruction_register WHERE ground <> 'deel' ORDER BY client_number",
    )?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

impl Store {
    /// Destroys a dossier for good. Allowed when its term has ended (see [`Store::due_for_destruction`])
    /// or, before that, on the client's open `vernietiging` request (`request_id`, WGBO 7:455). Refused
    /// under a legal hold. `reason` goes into the register and must not contain names.
    pub fn destroy_client(
        &mut self,
        client_id: i64,
        reason: &str,
        request_id: Option<i64>,
    ) -> Result<Destroyed> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::field(
                "reason",
                "Vul de reden van vernietiging in (zonder namen); die komt in het vernietigingsregister.",
            ));
        }
        let today = super::dutch_today(self);
        let now = self.now_text();
        let destroyed = self.write(|tx, ctx| {
            let status = super::status_of(tx, client_id, today)?;
            if let Some(hold) = &status.hold {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    format!("Dit dossier mag niet worden vernietigd: er staat een juridische blokkade op ({hold}). Hef de blokkade eerst op als vernietigen echt mag."),
                ));
            }
            let number = status.client_number.clone();
            let (first, last): (String, String) = tx.query_row(
                "SELECT first_names, last_name FROM clients WHERE id = ?1",
                [client_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if super::share::mentions_any(&reason, &[&first, &last]) {
                return Err(Error::field(
                    "reason",
                    "De reden bevat de naam van de cliënt. Het vernietigingsregister mag geen namen bevatten: schrijf de reden zonder naam.",
                ));
            }
            let ground = match request_id {
                Some(rid) => {
                    let row: Option<(String, String, String)> = tx
                        .query_row(
                            "SELECT client_number, kind, status FROM client_requests WHERE id = ?1",
                            [rid],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                        )
                        .optional()?;
                    match row {
                        Some((n, kind, st)) if n == number && kind == "vernietiging" && st == "open" => {}
                        Some((n, ..)) if n != number => {
                            return Err(Error::new(ErrorCode::InvalidInput, format!("Verzoek {rid} hoort bij een andere cliënt. Kies het vernietigingsverzoek van deze cliënt.")))
                        }
                        Some((_, kind, _)) if kind != "vernietiging" => {
                            return Err(Error::new(ErrorCode::InvalidInput, format!("Verzoek {rid} is geen vernietigingsverzoek. Leg eerst een vernietigingsverzoek van de cliënt vast.")))
                        }
                        Some(_) => {
                            return Err(Error::new(ErrorCode::NotAllowed, format!("Verzoek {rid} is al afgehandeld. Leg een nieuw vernietigingsverzoek vast als de cliënt dat opnieuw vraagt.")))
                        }
                        None => return Err(Error::not_found(&format!("Verzoek {rid}"))),
                    }
                    super::requests::load(tx, rid)?.refuse_unless_may_proceed()?;
                    "verzoek"
                }
                None => {
                    if !status.term_ended {
                        let until = status.keep_until.map_or("zolang het traject loopt".to_string(), |d| {
                            format!("tot {}", crate::dates::dutch_long(d))
                        });
                        return Err(Error::new(
                            ErrorCode::NotAllowed,
                            format!("Dit dossier is nog niet aan de beurt: bewaren {until}. {} Eerder vernietigen kan alleen op verzoek van de cliënt: leg eerst het vernietigingsverzoek vast.", status.reason),
                        ));
                    }
                    "termijn"
                }
            };
            let what = counts(tx, client_id)?;
            tx.execute("DELETE FROM client_retention WHERE client_id = ?1", [client_id])?;
            tx.execute("DELETE FROM clients WHERE id = ?1", [client_id])?;
            // Merge the FTS5 segments so deleted tokens leave the index itself.
            tx.execute_batch(
                "INSERT INTO client_search (client_search) VALUES ('optimize');
                 INSERT INTO entry_search (entry_search) VALUES ('optimize');",
            )?;
            let requested_by = if request_id.is_some() {
                "cliënt (vernietigingsverzoek)".to_string()
            } else {
                format!("behandelaar {} (bewaartermijn verstreken)", ctx.actor.user)
            };
            let line = RegisterLine { number: &number, at: &now, ground, reason: &reason, requested_by: &requested_by, request_id, what: &what.to_string() };
            let register_id = record_destruction(tx, &line, today, "dossier vernietigd")?;
            let event = AuditEvent::new("client_destroyed", "client", client_id)
                .client(number.clone())
                .detail(format!("{ground}; register {register_id}"));
            Ok((
                Destroyed {
                    register_id,
                    client_number: number,
                    counts: what,
                    wal_truncated: false,
                },
                vec![event],
            ))
        })?;
        // The destruction is committed; emptying the WAL is the clean-up after it, so a busy WAL is
        // reported in the result rather than as an error that would suggest nothing happened.
        let mut destroyed = destroyed;
        destroyed.wal_truncated = self.checkpoint_truncate()?;
        Ok(destroyed)
    }

    /// Destroys part of a dossier for good: the entries `entry_ids` (every version and their search
    /// rows) and the documents `document_ids` (with their contents). Refused under a legal hold, for a
    /// restricted dossier, for ids that are not this client's, and with nothing chosen. With
    /// `request_id` it carries out the client's open vernietiging request (which must be allowed to
    /// proceed, see [`super::requests`]) and closes it. `reason` goes into the register, without names.
    pub fn destroy_part(
        &mut self,
        client_id: i64,
        entry_ids: &[i64],
        document_ids: &[i64],
        reason: &str,
        request_id: Option<i64>,
    ) -> Result<Destroyed> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::field(
                "reason",
                "Vul de reden van vernietiging in (zonder namen); die komt in het vernietigingsregister.",
            ));
        }
        if entry_ids.is_empty() && document_ids.is_empty() {
            return Err(Error::field(
                "entries",
                "Kies de aantekeningen of documenten die vernietigd moeten worden.",
            ));
        }
        let mut entry_ids = entry_ids.to_vec();
        entry_ids.sort_unstable();
        entry_ids.dedup();
        let mut document_ids = document_ids.to_vec();
        document_ids.sort_unstable();
        document_ids.dedup();
        let today = super::dutch_today(self);
        let now = self.now_text();
        let destroyed = self.write(|tx, ctx| {
            let status = super::status_of(tx, client_id, today)?;
            if let Some(hold) = &status.hold {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    format!("Dit dossier mag niet (gedeeltelijk) worden vernietigd: er staat een juridische blokkade op ({hold}). Hef de blokkade eerst op als vernietigen echt mag."),
                ));
            }
            if status.restricted {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Dit dossier is beperkt op verzoek van de cliënt en kan niet worden gewijzigd. Hef de beperking eerst op als de cliënt om vernietiging van een deel vraagt.",
                ));
            }
            let number = status.client_number.clone();
            let (first, last): (String, String) = tx.query_row(
                "SELECT first_names, last_name FROM clients WHERE id = ?1",
                [client_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if super::share::mentions_any(&reason, &[&first, &last]) {
                return Err(Error::field(
                    "reason",
                    "De reden bevat de naam van de cliënt. Het vernietigingsregister mag geen namen bevatten: schrijf de reden zonder naam.",
                ));
            }
            for (ids, table, what) in [
                (&entry_ids, "entries", "Aantekening"),
                (&document_ids, "documents", "Document"),
            ] {
                for id in ids.iter() {
                    let owner: Option<i64> = tx
                        .query_row(&format!("SELECT client_id FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
                        .optional()?;
                    if owner != Some(client_id) {
                        return Err(Error::new(
                            ErrorCode::NotFound,
                            format!("{what} {id} hoort niet bij dit dossier. Kies alleen aantekeningen en documenten van deze cliënt; er is niets vernietigd."),
                        ));
                    }
                }
            }
            if let Some(rid) = request_id {
                let req = super::requests::load(tx, rid)?;
                if req.client_number != number || req.kind != super::RequestKind::Vernietiging || req.status != super::RequestStatus::Open {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        format!("Verzoek {rid} is geen open vernietigingsverzoek van deze cliënt. Kies het juiste verzoek of laat het weg."),
                    ));
                }
                req.refuse_unless_may_proceed()?;
            }
            let mut versions = 0i64;
            for id in &entry_ids {
                versions += tx.query_row("SELECT count(*) FROM entry_versions WHERE entry_id = ?1", [id], |r| r.get::<_, i64>(0))?;
                tx.execute("DELETE FROM entries WHERE id = ?1", [id])?;
            }
            for id in &document_ids {
                tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
            }
            tx.execute_batch(
                "INSERT INTO entry_search (entry_search) VALUES ('optimize');",
            )?;
            let what = serde_json::json!({
                "entries": entry_ids.len(),
                "entry_versions": versions,
                "documents": document_ids.len(),
            });
            let requested_by = if request_id.is_some() {
                "cliënt (vernietigingsverzoek, deel van dossier)".to_string()
            } else {
                format!("behandelaar {} (deel van dossier)", ctx.actor.user)
            };
            let line = RegisterLine { number: &number, at: &now, ground: "deel", reason: &reason, requested_by: &requested_by, request_id, what: &what.to_string() };
            let register_id = record_destruction(tx, &line, today, "deel van dossier vernietigd")?;
            let event = AuditEvent::new("client_part_destroyed", "client", client_id)
                .client(number.clone())
                .detail(format!("deel van dossier; register {register_id}"));
            Ok((
                Destroyed {
                    register_id,
                    client_number: number,
                    counts: what,
                    wal_truncated: false,
                },
                vec![event],
            ))
        })?;
        let mut destroyed = destroyed;
        destroyed.wal_truncated = self.checkpoint_truncate()?;
        Ok(destroyed)
    }

    /// Copies the WAL into the database and empties it, so no old page version remains there.
    /// Returns `false` when another connection kept it busy.
    pub(crate) fn checkpoint_truncate(&self) -> Result<bool> {
        let busy: i64 =
            self.connection()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// The notas whose fiscal term is over today (see [`expired_financial`]); not logged (no content).
    pub fn expired_financial_records(&self) -> Result<Vec<ExpiredFinancial>> {
        expired_financial(self.connection(), super::dutch_today(self))
    }

    /// Runs the financial-retention step for `today` (see [`purge_financial_records`]).
    pub fn purge_financial_records(&mut self) -> Result<u64> {
        let today = super::dutch_today(self);
        self.write(|tx, _| {
            let purged = purge_financial_records(tx, today)?;
            let events = if purged > 0 {
                vec![
                    AuditEvent::new("financial_records_purged", "invoices", purged)
                        .detail(format!("bewaartermijn 7 jaar verstreken op {today}")),
                ]
            } else {
                Vec::new()
            };
            Ok((purged, events))
        })
    }

    /// The destruction register, oldest first.
    pub fn destruction_register(&mut self) -> Result<Vec<DestructionLine>> {
        self.read_logged(|tx| {
            let mut stmt = tx.prepare(
                "SELECT id, client_number, destroyed_at, ground, reason, requested_by, request_id, what FROM destruction_register ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    let what: String = r.get(7)?;
                    Ok(DestructionLine {
                        id: r.get(0)?,
                        client_number: r.get(1)?,
                        destroyed_at: r.get(2)?,
                        ground: r.get(3)?,
                        reason: r.get(4)?,
                        requested_by: r.get(5)?,
                        request_id: r.get(6)?,
                        what: serde_json::from_str(&what).unwrap_or(serde_json::Value::Null),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((rows, vec![AuditEvent::new("register_viewed", "destruction_register", "")]))
        })
    }

    /// The decrypted page image of the whole database (free pages included), in memory only, for leak
    /// checks: tests look here for a destroyed dossier's text. Never written anywhere.
    #[doc(hidden)]
    pub fn decrypted_pages_for_checks(&mut self) -> Result<Vec<u8>> {
        Ok(self.connection_mut().serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    /// Client numbers of whole dossiers in the destruction register (for restores: these never come
    /// back). A partial destruction (`deel`) leaves the dossier, so its number is not among them.
    pub fn destroyed_client_numbers(&self) -> Result<Vec<String>> {
        destroyed_numbers(self.connection())
    }
}

/// One line of the destruction register: pseudonymous number, when, why, who asked, and what went
/// (counts only, no content).
struct RegisterLine<'a> {
    number: &'a str,
    at: &'a str,
    ground: &'a str,
    reason: &'a str,
    requested_by: &'a str,
    request_id: Option<i64>,
    what: &'a str,
}

/// Writes `line` to the register and, when it carries out a client's request, closes that request
/// as carried out today with `answer_note`. Returns the register line's id.
fn record_destruction(
    tx: &rusqlite::Connection,
    line: &RegisterLine<'_>,
    today: chrono::NaiveDate,
    answer_note: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO destruction_register (client_number, destroyed_at, ground, reason, requested_by, request_id, what) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![line.number, line.at, line.ground, line.reason, line.requested_by, line.request_id, line.what],
    )?;
    let register_id = tx.last_insert_rowid();
    if let Some(rid) = line.request_id {
        tx.execute(
            "UPDATE client_requests SET status = 'uitgevoerd', answered_on = ?2, answer_note = ?3 WHERE id = ?1",
            params![rid, today.to_string(), answer_note],
        )?;
    }
    Ok(register_id)
}
