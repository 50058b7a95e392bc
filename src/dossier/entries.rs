//! Dossier entries. Text is never silently overwritten: every save adds a row to `entry_versions`, and
//! an edit carries a reason, so a correction stays visible as one. A cliëntverklaring (WGBO 7:454 lid 2)
//! is the client's own statement and cannot be changed at all (enforced here and by a trigger).
//! A werkaantekening is the therapist's private work note: not part of the dossier for inzage, and so
//! not a substantive change to it either.

use super::clients::{load_client, touch_substantive, touch_worked};
use crate::audit::AuditEvent;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The longest entry we accept: about 200 pages of text.
pub const MAX_ENTRY_CHARS: usize = 500_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Intake,
    Sessieverslag,
    Behandelplan,
    Evaluatie,
    Correspondentie,
    #[serde(alias = "cliëntverklaring")]
    Clientverklaring,
    Werkaantekening,
}

impl EntryKind {
    pub const ALL: [EntryKind; 7] = [
        EntryKind::Intake,
        EntryKind::Sessieverslag,
        EntryKind::Behandelplan,
        EntryKind::Evaluatie,
        EntryKind::Correspondentie,
        EntryKind::Clientverklaring,
        EntryKind::Werkaantekening,
    ];

    /// The identifier in the database, the API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Intake => "intake",
            EntryKind::Sessieverslag => "sessieverslag",
            EntryKind::Behandelplan => "behandelplan",
            EntryKind::Evaluatie => "evaluatie",
            EntryKind::Correspondentie => "correspondentie",
            EntryKind::Clientverklaring => "clientverklaring",
            EntryKind::Werkaantekening => "werkaantekening",
        }
    }

    /// The Dutch label people read.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Intake => "Intake",
            EntryKind::Sessieverslag => "Sessieverslag",
            EntryKind::Behandelplan => "Behandelplan",
            EntryKind::Evaluatie => "Evaluatie",
            EntryKind::Correspondentie => "Correspondentie",
            EntryKind::Clientverklaring => "Cliëntverklaring",
            EntryKind::Werkaantekening => "Werkaantekening",
        }
    }

    /// Accepts the identifier, with or without the diaeresis, in any case.
    pub fn parse(text: &str) -> Option<EntryKind> {
        let t = text.trim().to_lowercase().replace('ë', "e");
        EntryKind::ALL.into_iter().find(|k| k.as_str() == t)
    }

    /// Private work notes are left out of inzage and copies.
    pub fn is_private(self) -> bool {
        self == EntryKind::Werkaantekening
    }

    /// Whether saving this kind restarts the WGBO retention clock.
    pub fn is_substantive(self) -> bool {
        !self.is_private()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryInput {
    pub kind: EntryKind,
    pub text: String,
    /// Defaults to today.
    #[serde(default)]
    pub entry_date: Option<String>,
    #[serde(default)]
    pub traject_id: Option<i64>,
    #[serde(default)]
    pub session_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub client_id: i64,
    pub kind: EntryKind,
    pub private: bool,
    pub entry_date: NaiveDate,
    pub text: String,
    pub version: i64,
    pub traject_id: Option<i64>,
    pub session_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryVersion {
    pub version: i64,
    pub text: String,
    pub reason: String,
    pub saved_at: String,
}

fn check_text(text: &str) -> Result<String> {
    let trimmed = text.trim_end();
    if trimmed.trim().is_empty() {
        return Err(Error::field(
            "text",
            "De tekst is leeg. Schrijf eerst iets op.",
        ));
    }
    if trimmed.chars().count() > MAX_ENTRY_CHARS {
        return Err(Error::field(
            "text",
            "Deze tekst is te lang voor één aantekening. Verdeel hem over meer aantekeningen.",
        ));
    }
    Ok(trimmed.to_string())
}

const ENTRY_COLUMNS: &str = "id, client_id, kind, entry_date, body, version, traject_id, session_id, created_at, updated_at";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let kind = EntryKind::parse(&r.get::<_, String>(2)?).unwrap_or(EntryKind::Werkaantekening);
    Ok(Entry {
        id: r.get(0)?,
        client_id: r.get(1)?,
        kind,
        private: kind.is_private(),
        entry_date: r.get::<_, String>(3)?.parse().unwrap_or_default(),
        text: r.get(4)?,
        version: r.get(5)?,
        traject_id: r.get(6)?,
        session_id: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

pub(crate) fn load_entry(conn: &Connection, id: i64) -> Result<Entry> {
    conn.query_row(
        &format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1"),
        [id],
        entry_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Deze aantekening"))
}

pub(crate) fn load_entries(conn: &Connection, client_id: i64) -> Result<Vec<Entry>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE client_id = ?1 ORDER BY entry_date DESC, id DESC"))?;
    let rows = stmt.query_map([client_id], entry_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Inserts an entry and its first version; for use inside a caller's transaction (the demo uses it
/// to write thousands in one).
pub(crate) fn insert_entry(conn: &Connection, row: &NewEntry<'_>, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO entries (client_id, traject_id, session_id, kind, entry_date, body, version, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)",
        params![row.client_id, row.traject_id, row.session_id, row.kind.as_str(), row.date.to_string(), row.text, now],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute("INSERT INTO entry_versions (entry_id, version, body, reason, saved_at) VALUES (?1, 1, ?2, '', ?3)", params![id, row.text, now])?;
    Ok(id)
}

/// Refuses a traject or session of another client, so a note never ends up in the wrong dossier.
fn check_belongs_to(
    conn: &Connection,
    table: &str,
    field: &str,
    id: Option<i64>,
    client_id: i64,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let found: Option<i64> = conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE id = ?1 AND client_id = ?2"),
            [id, client_id],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(Error::field(field, "Dit traject of deze sessie hoort niet bij deze cliënt. Kies er een uit het dossier van deze cliënt.")),
    }
}

/// A validated entry on its way into the database.
pub(crate) struct NewEntry<'a> {
    pub client_id: i64,
    pub kind: EntryKind,
    pub date: NaiveDate,
    pub text: &'a str,
    pub traject_id: Option<i64>,
    pub session_id: Option<i64>,
}

impl Store {
    /// Adds an entry to a client's dossier and returns its id.
    pub fn add_entry(&mut self, client_id: i64, input: &EntryInput) -> Result<i64> {
        let text = check_text(&input.text)?;
        let date = match input.entry_date.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => crate::dates::parse_date("entry_date", d)?,
            None => self.context().clock.today(),
        };
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            check_belongs_to(tx, "trajecten", "traject_id", input.traject_id, client_id)?;
            check_belongs_to(tx, "sessions", "session_id", input.session_id, client_id)?;
            let row = NewEntry {
                client_id,
                kind: input.kind,
                date,
                text: &text,
                traject_id: input.traject_id,
                session_id: input.session_id,
            };
            let id = insert_entry(tx, &row, &now)?;
            if input.kind.is_substantive() {
                touch_substantive(tx, client_id, &now)?;
            }
            touch_worked(tx, client_id, &now)?;
            Ok((
                id,
                vec![AuditEvent::new("entry_created", "entry", id)
                    .client(number)
                    .detail(input.kind.as_str())],
            ))
        })
    }

    /// Saves a new version of an entry's text. The earlier text stays readable in its history;
    /// `reason` says why it changed. A cliëntverklaring is refused.
    pub fn edit_entry(&mut self, entry_id: i64, text: &str, reason: &str) -> Result<i64> {
        let text = check_text(text)?;
        let now = self.now_text();
        self.write(|tx, _| {
            let entry = load_entry(tx, entry_id)?;
            if entry.kind == EntryKind::Clientverklaring {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Een cliëntverklaring is de eigen verklaring van de cliënt en kan niet worden gewijzigd. Voeg zo nodig een nieuwe aantekening toe.",
                ));
            }
            if entry.text == text {
                return Ok((entry.version, vec![]));
            }
            let version = entry.version + 1;
            tx.execute(
                "INSERT INTO entry_versions (entry_id, version, body, reason, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![entry_id, version, text, reason.trim(), now],
            )?;
            tx.execute("UPDATE entries SET body = ?2, version = ?3, updated_at = ?4 WHERE id = ?1", params![entry_id, text, version, now])?;
            if entry.kind.is_substantive() {
                touch_substantive(tx, entry.client_id, &now)?;
            }
            touch_worked(tx, entry.client_id, &now)?;
            let number = load_client(tx, entry.client_id)?.client_number;
            Ok((version, vec![AuditEvent::new("entry_updated", "entry", entry_id).client(number).detail(format!("versie {version}"))]))
        })
    }

    /// One entry as it is now (logged as a read).
    pub fn entry(&mut self, entry_id: i64) -> Result<Entry> {
        self.read_logged(|tx| {
            let entry = load_entry(tx, entry_id)?;
            let number = load_client(tx, entry.client_id)?.client_number;
            Ok((
                entry,
                vec![AuditEvent::new("entry_viewed", "entry", entry_id).client(number)],
            ))
        })
    }

    /// Every saved version of an entry, oldest first (logged as a read).
    pub fn entry_history(&mut self, entry_id: i64) -> Result<Vec<EntryVersion>> {
        self.read_logged(|tx| {
            let entry = load_entry(tx, entry_id)?;
            let number = load_client(tx, entry.client_id)?.client_number;
            let mut stmt = tx.prepare("SELECT version, body, reason, saved_at FROM entry_versions WHERE entry_id = ?1 ORDER BY version")?;
            let versions = stmt
                .query_map([entry_id], |r| Ok(EntryVersion { version: r.get(0)?, text: r.get(1)?, reason: r.get(2)?, saved_at: r.get(3)? }))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((versions, vec![AuditEvent::new("entry_history_viewed", "entry", entry_id).client(number)]))
        })
    }
}
