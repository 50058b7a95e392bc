//! The access log (NEN 7513): one append-only row per event — when, what, which user on which device,
//! which dossier (by pseudonymous client number only), which object, with what outcome. It never holds
//! clinical content, names or search terms.
//!
//! Rows are hash-chained: each row's `hash` is SHA-256 over its own fields and the previous row's hash.
//! [`Store::verify_audit`] recomputes the chain and also checks that ids run on without gaps and that
//! the last row matches the head recorded in `settings`, so an edited, removed, reordered or cut-off row
//! is found. Triggers refuse UPDATE and DELETE through SQL.
//!
//! The head in `settings` lives in the same file, so cutting the tail and updating that row, or
//! putting back an older copy of `vault.db` (it opens with the same key), would pass the chain check
//! alone. So the head ([`ChainHead`]: row count and last hash) is also kept **outside** the
//! database: sealed (HMAC under a key derived from the data key) in `vault.key`, written when the
//! vault is created, unlocked and locked, and in every backup's authenticated manifest. Unlock and
//! `check` compare it with the database ([`HeadCheck`]): a database with fewer rows than the key file
//! last saw, or another hash at that row, is reported as cut or older. A restored vault gets a new
//! key file whose head is its own, so it is not reported. Limits: someone holding the data key can
//! rewrite the chain and reseal the head; putting back older copies of `vault.db` and `vault.key`
//! together is not noticed on this laptop (a backup made in between still names the later head).

use crate::error::{Error, Result};
use crate::store::{Context, Store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const HEAD_KEY: &str = "audit_head";

/// An event to log. `client_ref` is the pseudonymous client number, never a name.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub event: &'static str,
    pub client_ref: Option<String>,
    pub object_type: &'static str,
    pub object_id: String,
    pub detail: String,
}

impl AuditEvent {
    pub fn new(event: &'static str, object_type: &'static str, object_id: impl ToString) -> Self {
        AuditEvent {
            event,
            client_ref: None,
            object_type,
            object_id: object_id.to_string(),
            detail: String::new(),
        }
    }
    pub fn client(mut self, client_number: impl Into<String>) -> Self {
        self.client_ref = Some(client_number.into());
        self
    }
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub event: String,
    pub user_name: String,
    pub device: String,
    pub client_ref: Option<String>,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    fn compute_hash(&self) -> String {
        use ring::digest::{Context as Digest, SHA256};
        let mut d = Digest::new(&SHA256);
        let id = self.id.to_string();
        let fields: [&str; 11] = [
            &id,
            &self.at,
            &self.event,
            &self.user_name,
            &self.device,
            self.client_ref.as_deref().unwrap_or("\u{0}"),
            &self.object_type,
            &self.object_id,
            &self.outcome,
            &self.detail,
            &self.prev_hash,
        ];
        for field in fields {
            d.update(&(field.len() as u64).to_be_bytes());
            d.update(field.as_bytes());
        }
        crate::hex::encode(d.finish().as_ref())
    }

    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
        Ok(AuditRow {
            id: r.get(0)?,
            at: r.get(1)?,
            event: r.get(2)?,
            user_name: r.get(3)?,
            device: r.get(4)?,
            client_ref: r.get(5)?,
            object_type: r.get(6)?,
            object_id: r.get(7)?,
            outcome: r.get(8)?,
            detail: r.get(9)?,
            prev_hash: r.get(10)?,
            hash: r.get(11)?,
        })
    }
}

const COLUMNS: &str = "id, at, event, user_name, device, client_ref, object_type, object_id, outcome, detail, prev_hash, hash";

/// Appends one row inside the caller's transaction.
pub(crate) fn append(conn: &Connection, ctx: &Context, event: &AuditEvent) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (last_id, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let mut row = AuditRow {
        id: last_id + 1,
        at: crate::dates::instant_text(ctx.clock.now()),
        event: event.event.to_string(),
        user_name: ctx.actor.user.clone(),
        device: ctx.actor.device.clone(),
        client_ref: event.client_ref.clone(),
        object_type: event.object_type.to_string(),
        object_id: event.object_id.clone(),
        outcome: "ok".to_string(),
        detail: event.detail.clone(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row.compute_hash();
    conn.execute(
        &format!("INSERT INTO audit_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![row.id, row.at, row.event, row.user_name, row.device, row.client_ref, row.object_type, row.object_id, row.outcome, row.detail, row.prev_hash, row.hash],
    )?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![HEAD_KEY, format!("{}:{}", row.id, row.hash)],
    )?;
    Ok(())
}

/// The chain's head: how many rows the log has, and the hash of the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ChainHead {
    pub rows: i64,
    pub hash: String,
}

/// The head of the chain in `conn` (`main` schema).
pub(crate) fn chain_head(conn: &Connection) -> Result<ChainHead> {
    let rows: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let hash: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(ChainHead {
        rows,
        hash: hash.unwrap_or_else(|| GENESIS.to_string()),
    })
}

/// How the database's log compares with the head recorded outside it (in `vault.key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadCheck {
    /// `ok`, `not_recorded` (a key file from before this check), `cut_or_older` (fewer rows than
    /// recorded), `changed` (another hash at the recorded row) or `seal_broken` (the record in
    /// `vault.key` was edited).
    pub status: &'static str,
    pub intact: bool,
    pub recorded_rows: Option<i64>,
    pub found_rows: i64,
    /// A Dutch sentence for the person.
    pub message: String,
}

impl HeadCheck {
    pub(crate) fn not_recorded(found_rows: i64) -> HeadCheck {
        HeadCheck {
            status: "not_recorded",
            intact: true,
            recorded_rows: None,
            found_rows,
            message: "Het logboek wordt vanaf nu ook buiten het kluisbestand bijgehouden.".into(),
        }
    }

    pub(crate) fn ok_now(rows: i64) -> HeadCheck {
        HeadCheck {
            status: "ok",
            intact: true,
            recorded_rows: Some(rows),
            found_rows: rows,
            message: "Het logboek sluit aan op de vorige keer openen of vergrendelen.".into(),
        }
    }

    pub(crate) fn seal_broken(found_rows: i64) -> HeadCheck {
        HeadCheck {
            status: "seal_broken",
            intact: false,
            recorded_rows: None,
            found_rows,
            message: "De stand van het logboek in het sleutelbestand (vault.key) is gewijzigd. Iemand heeft aan de kluisbestanden gezeten; zet zo nodig de nieuwste back-up terug.".into(),
        }
    }
}

/// Compares the chain in `conn` with `recorded` (already unsealed).
pub(crate) fn compare_head(conn: &Connection, recorded: &ChainHead) -> Result<HeadCheck> {
    let found = chain_head(conn)?;
    let at: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE id = ?1",
            [recorded.rows],
            |r| r.get(0),
        )
        .optional()?;
    let (status, intact, message) = if found.rows < recorded.rows {
        ("cut_or_older", false, format!(
            "Het logboek heeft {} regels, maar had er bij de vorige keer openen of vergrendelen {}: er zijn regels weggehaald, of vault.db is vervangen door een oudere kopie. Werk niet verder in deze kluis en zet de nieuwste back-up terug.",
            found.rows, recorded.rows
        ))
    } else if recorded.rows > 0 && at.as_deref() != Some(recorded.hash.as_str()) {
        ("changed", false, format!(
            "Logregel {} is niet meer de regel die er bij de vorige keer openen of vergrendelen stond: het logboek is herschreven of vault.db is vervangen. Zet de nieuwste back-up terug.",
            recorded.rows
        ))
    } else {
        (
            "ok",
            true,
            "Het logboek sluit aan op de vorige keer openen of vergrendelen.".to_string(),
        )
    };
    Ok(HeadCheck {
        status,
        intact,
        recorded_rows: Some(recorded.rows),
        found_rows: found.rows,
        message,
    })
}

/// The outcome of [`Store::verify_audit`].
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    pub intact: bool,
    pub rows: i64,
    /// Dutch descriptions of what is wrong, first problem first.
    pub problems: Vec<String>,
}

impl Store {
    /// Recomputes the whole chain. Logged itself (NEN 7513: access to the log is logged too) only when
    /// intact, so a broken chain is reported as found.
    pub fn verify_audit(&mut self) -> Result<AuditVerification> {
        let verification = verify_chain(self.connection())?;
        if verification.intact {
            self.write(|_, _| {
                Ok((
                    (),
                    vec![AuditEvent::new(
                        "audit_verified",
                        "audit_log",
                        verification.rows,
                    )],
                ))
            })?;
        }
        Ok(verification)
    }

    /// The log lines about one client, oldest first: the answer to "wie heeft mijn dossier ingezien".
    pub fn audit_for_client(&mut self, client_id: i64) -> Result<Vec<AuditRow>> {
        let number = self.client_number(client_id)?;
        self.read_logged(|tx| {
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM audit_log WHERE client_ref = ?1 ORDER BY id"
            ))?;
            let rows = stmt
                .query_map([&number], AuditRow::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((
                rows,
                vec![AuditEvent::new("audit_viewed", "client", client_id).client(number.clone())],
            ))
        })
    }

    /// The most recent `limit` lines, newest first.
    pub fn audit_recent(&mut self, limit: u32) -> Result<Vec<AuditRow>> {
        self.read_logged(|tx| {
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ?1"
            ))?;
            let rows = stmt
                .query_map([limit], AuditRow::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((
                rows,
                vec![AuditEvent::new("audit_viewed", "audit_log", "recent")],
            ))
        })
    }

    pub(crate) fn log_vault_event(&mut self, event: &'static str) -> Result<()> {
        self.write(|_, _| Ok(((), vec![AuditEvent::new(event, "vault", "")])))
    }
}

fn verify_chain(conn: &Connection) -> Result<AuditVerification> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let (mut expected_id, mut prev_hash, mut count) = (1i64, GENESIS.to_string(), 0i64);
    while let Some(r) = rows.next()? {
        let row = AuditRow::from_row(r)?;
        count += 1;
        if row.id != expected_id {
            problems.push(format!(
                "Logregel {} ontbreekt: na regel {} volgt regel {}.",
                expected_id,
                expected_id - 1,
                row.id
            ));
        }
        if row.prev_hash != prev_hash {
            problems.push(format!("Logregel {} sluit niet aan op de regel ervoor (verwijderd of van volgorde veranderd).", row.id));
        }
        if row.compute_hash() != row.hash {
            problems.push(format!("Logregel {} is achteraf gewijzigd.", row.id));
        }
        expected_id = row.id + 1;
        prev_hash = row.hash;
    }
    let head: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [HEAD_KEY],
            |r| r.get(0),
        )
        .optional()?;
    let expected_head = if count == 0 {
        None
    } else {
        Some(format!("{}:{}", expected_id - 1, prev_hash))
    };
    if head != expected_head {
        problems.push("De laatste logregels ontbreken of zijn vervangen: het logboek eindigt niet waar het eindigde.".to_string());
    }
    Ok(AuditVerification {
        intact: problems.is_empty(),
        rows: count,
        problems,
    })
}

impl From<AuditVerification> for Error {
    fn from(v: AuditVerification) -> Error {
        Error::new(
            crate::error::ErrorCode::Corrupt,
            format!(
                "Het logboek is niet intact: {}",
                v.problems.first().cloned().unwrap_or_default()
            ),
        )
    }
}
