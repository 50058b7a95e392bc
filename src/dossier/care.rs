//! Trajecten (treatment or coaching agreements) and the sessions held under them. Both are part of the
//! care record, so adding or changing them is a substantive change.

use super::clients::{load_client, touch_substantive};
use super::validate::{self, Checks};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// Whether the WGBO applies (care: 20-year retention and its rights) or only the AVG (coaching).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    #[default]
    Wgbo,
    Coaching,
}

impl Regime {
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Wgbo => "wgbo",
            Regime::Coaching => "coaching",
        }
    }
    pub(crate) fn parse(s: &str) -> Regime {
        if s == "coaching" {
            Regime::Coaching
        } else {
            Regime::Wgbo
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TrajectInput {
    pub regime: Regime,
    pub start_date: String,
    /// Empty while the traject runs.
    pub end_date: String,
    pub hulpvraag: String,
    /// Agreed fee per session, as typed (`85,00`); empty for none.
    pub agreed_fee: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traject {
    pub id: i64,
    pub client_id: i64,
    pub regime: Regime,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub hulpvraag: String,
    pub agreed_fee_cents: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    #[default]
    Planned,
    Held,
    Cancelled,
    NoShow,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Held => "held",
            SessionStatus::Cancelled => "cancelled",
            SessionStatus::NoShow => "no_show",
        }
    }
    pub(crate) fn parse(s: &str) -> SessionStatus {
        match s {
            "held" => SessionStatus::Held,
            "cancelled" => SessionStatus::Cancelled,
            "no_show" => SessionStatus::NoShow,
            _ => SessionStatus::Planned,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionInput {
    pub traject_id: Option<i64>,
    pub date: String,
    /// `HH:MM`, may be empty.
    pub start_time: String,
    pub duration_minutes: u32,
    /// The kind of session: a Vektis prestatiecode (e.g. `24504`) or a practice's own label.
    pub kind: String,
    /// As typed (`85,00`); empty takes the traject's agreed fee.
    pub fee: String,
    pub status: SessionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: i64,
    pub client_id: i64,
    pub traject_id: Option<i64>,
    pub date: NaiveDate,
    pub start_time: String,
    pub duration_minutes: u32,
    pub kind: String,
    pub fee_cents: i64,
    pub status: SessionStatus,
}

fn optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        crate::dates::parse_date(field, text).map(Some)
    }
}

impl TrajectInput {
    fn validate(&self) -> Result<(NaiveDate, Option<NaiveDate>, String, Option<i64>)> {
        let mut c = Checks::default();
        let start = c.check(crate::dates::parse_date("start_date", &self.start_date));
        let end = c.check(optional_date("end_date", &self.end_date));
        let hulpvraag = c.check(
            validate::optional("hulpvraag", "de hulpvraag", &self.hulpvraag).or_else(|e| {
                // A hulpvraag may be long; only the 200-character form limit is lifted here.
                if self.hulpvraag.chars().count() <= 5000 {
                    Ok(self.hulpvraag.trim().to_string())
                } else {
                    Err(e)
                }
            }),
        );
        let fee = c.check(if self.agreed_fee.trim().is_empty() {
            Ok(None)
        } else {
            validate::euros_to_cents("agreed_fee", &self.agreed_fee).map(Some)
        });
        c.finish()?;
        let (start, end) = (start.expect("checked"), end.flatten());
        if end.is_some_and(|e| e < start) {
            return Err(Error::field(
                "end_date",
                "De einddatum ligt vóór de startdatum.",
            ));
        }
        Ok((start, end, hulpvraag.unwrap_or_default(), fee.flatten()))
    }
}

pub(crate) fn insert_session(
    conn: &Connection,
    client_id: i64,
    s: &Session,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO sessions (client_id, traject_id, date, start_time, duration_minutes, kind, fee_cents, status, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![client_id, s.traject_id, s.date.to_string(), s.start_time, s.duration_minutes, s.kind, s.fee_cents, s.status.as_str(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_traject(&mut self, client_id: i64, input: &TrajectInput) -> Result<i64> {
        let (start, end, hulpvraag, fee) = input.validate()?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            tx.execute(
                "INSERT INTO trajecten (client_id, regime, start_date, end_date, hulpvraag, agreed_fee_cents, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![client_id, input.regime.as_str(), start.to_string(), end.map(|d| d.to_string()), hulpvraag, fee, now],
            )?;
            let id = tx.last_insert_rowid();
            touch_substantive(tx, client_id, &now)?;
            Ok((id, vec![AuditEvent::new("traject_created", "traject", id).client(number)]))
        })
    }

    /// Ends a traject on `end_date`.
    pub fn close_traject(&mut self, traject_id: i64, end_date: &str) -> Result<()> {
        let end = crate::dates::parse_date("end_date", end_date)?;
        let now = self.now_text();
        self.write(|tx, _| {
            let (client_id, start): (i64, String) = tx
                .query_row(
                    "SELECT client_id, start_date FROM trajecten WHERE id = ?1",
                    [traject_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|_| Error::not_found("Dit traject"))?;
            if end.to_string() < start {
                return Err(Error::field(
                    "end_date",
                    "De einddatum ligt vóór de startdatum.",
                ));
            }
            tx.execute(
                "UPDATE trajecten SET end_date = ?2 WHERE id = ?1",
                params![traject_id, end.to_string()],
            )?;
            touch_substantive(tx, client_id, &now)?;
            let number = load_client(tx, client_id)?.client_number;
            Ok((
                (),
                vec![AuditEvent::new("traject_closed", "traject", traject_id).client(number)],
            ))
        })
    }

    pub fn add_session(&mut self, client_id: i64, input: &SessionInput) -> Result<i64> {
        let mut c = Checks::default();
        let date = c.check(crate::dates::parse_date("date", &input.date));
        let start_time = c.check(if input.start_time.trim().is_empty() {
            Ok(String::new())
        } else {
            crate::dates::parse_time("start_time", &input.start_time)
                .map(|t: NaiveTime| t.format("%H:%M").to_string())
        });
        let kind = c.check(validate::required("kind", "het soort sessie", &input.kind));
        let fee = c.check(if input.fee.trim().is_empty() {
            Ok(None)
        } else {
            validate::euros_to_cents("fee", &input.fee).map(Some)
        });
        if !(1..=1440).contains(&input.duration_minutes) {
            c.check::<()>(Err(Error::field(
                "duration_minutes",
                "Vul de duur van de sessie in minuten in (1 tot 1440).",
            )));
        }
        c.finish()?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            let agreed: Option<i64> = match input.traject_id {
                Some(t) => tx
                    .query_row(
                        "SELECT agreed_fee_cents FROM trajecten WHERE id = ?1 AND client_id = ?2",
                        [t, client_id],
                        |r| r.get(0),
                    )
                    .map_err(|_| {
                        Error::field("traject_id", "Dit traject hoort niet bij deze cliënt.")
                    })?,
                None => None,
            };
            let session = Session {
                id: 0,
                client_id,
                traject_id: input.traject_id,
                date: date.expect("checked"),
                start_time: start_time.unwrap_or_default(),
                duration_minutes: input.duration_minutes,
                kind: kind.unwrap_or_default(),
                fee_cents: fee.flatten().or(agreed).unwrap_or(0),
                status: input.status,
            };
            let id = insert_session(tx, client_id, &session, &now)?;
            touch_substantive(tx, client_id, &now)?;
            Ok((
                id,
                vec![AuditEvent::new("session_created", "session", id).client(number)],
            ))
        })
    }

    pub fn set_session_status(&mut self, session_id: i64, status: SessionStatus) -> Result<()> {
        let now = self.now_text();
        self.write(|tx, _| {
            let client_id: i64 = tx
                .query_row(
                    "SELECT client_id FROM sessions WHERE id = ?1",
                    [session_id],
                    |r| r.get(0),
                )
                .map_err(|_| Error::not_found("Deze sessie"))?;
            tx.execute(
                "UPDATE sessions SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![session_id, status.as_str(), now],
            )?;
            touch_substantive(tx, client_id, &now)?;
            let number = load_client(tx, client_id)?.client_number;
            Ok((
                (),
                vec![AuditEvent::new("session_updated", "session", session_id)
                    .client(number)
                    .detail(status.as_str())],
            ))
        })
    }
}

pub(crate) fn load_trajecten(conn: &Connection, client_id: i64) -> Result<Vec<Traject>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, regime, start_date, end_date, hulpvraag, agreed_fee_cents FROM trajecten WHERE client_id = ?1 ORDER BY start_date, id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(Traject {
            id: r.get(0)?,
            client_id: r.get(1)?,
            regime: Regime::parse(&r.get::<_, String>(2)?),
            start_date: r.get::<_, String>(3)?.parse().unwrap_or_default(),
            end_date: r.get::<_, Option<String>>(4)?.and_then(|d| d.parse().ok()),
            hulpvraag: r.get(5)?,
            agreed_fee_cents: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn load_sessions(conn: &Connection, client_id: i64) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, traject_id, date, start_time, duration_minutes, kind, fee_cents, status FROM sessions \
         WHERE client_id = ?1 ORDER BY date DESC, start_time DESC, id DESC",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(Session {
            id: r.get(0)?,
            client_id: r.get(1)?,
            traject_id: r.get(2)?,
            date: r.get::<_, String>(3)?.parse().unwrap_or_default(),
            start_time: r.get(4)?,
            duration_minutes: r.get(5)?,
            kind: r.get(6)?,
            fee_cents: r.get(7)?,
            status: SessionStatus::parse(&r.get::<_, String>(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
