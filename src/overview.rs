//! The start screen's questions: which sessions are today and in the coming days, and which dossiers
//! were worked on last. Read-only and unlogged: these lists show names and times, never dossier
//! content; opening a dossier is what the audit log records.

use crate::dossier::{ClientStatus, SessionStatus};
use crate::error::Result;
use crate::store::Store;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// One planned or held session on the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub session_id: i64,
    pub client_id: i64,
    pub client_number: String,
    pub client_name: String,
    pub date: NaiveDate,
    /// `HH:MM`, or empty when no time was set.
    pub start_time: String,
    pub duration_minutes: u32,
    pub kind: String,
    pub status: SessionStatus,
}

/// A dossier on the "recent" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentClient {
    pub client_id: i64,
    pub client_number: String,
    pub name: String,
    pub status: ClientStatus,
    /// The latest change to the client's personalia, care record or notes (an instant, ISO text).
    pub last_worked_at: String,
}

/// Today's sessions and those of the next `days` days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub today: NaiveDate,
    pub today_sessions: Vec<AgendaItem>,
    pub upcoming: Vec<AgendaItem>,
}

impl Store {
    /// Sessions from today (the store's clock) through `days` days ahead, in time order, leaving out
    /// cancelled ones and no-shows. Today's list keeps held sessions, so the day reads as a whole.
    pub fn agenda(&self, days: u32) -> Result<Agenda> {
        let today = self.context().clock.today();
        let last = today
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(today);
        let mut stmt = self.connection().prepare_cached(
            "SELECT s.id, c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, \
                    s.date, s.start_time, s.duration_minutes, s.kind, s.status \
             FROM sessions s JOIN clients c ON c.id = s.client_id \
             WHERE s.date >= ?1 AND s.date <= ?2 AND s.status IN ('planned', 'held') \
             ORDER BY s.date, s.start_time = '', s.start_time, s.id",
        )?;
        let rows = stmt.query_map([today.to_string(), last.to_string()], |r| {
            let date: String = r.get(7)?;
            Ok(AgendaItem {
                session_id: r.get(0)?,
                client_id: r.get(1)?,
                client_number: r.get(2)?,
                client_name: crate::dossier::Client::display_name_of(
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                    &r.get::<_, String>(6)?,
                ),
                date: date.parse().unwrap_or(today),
                start_time: r.get(8)?,
                duration_minutes: r.get(9)?,
                kind: r.get(10)?,
                status: SessionStatus::parse(&r.get::<_, String>(11)?),
            })
        })?;
        let mut today_sessions = Vec::new();
        let mut upcoming = Vec::new();
        for item in rows {
            let item = item?;
            if item.date == today {
                today_sessions.push(item);
            } else if item.status == SessionStatus::Planned {
                upcoming.push(item);
            }
        }
        Ok(Agenda {
            today,
            today_sessions,
            upcoming,
        })
    }

    /// The `limit` dossiers changed most recently, newest first: personalia (`updated_at`), the care
    /// record (`last_substantive_change`: entries, sessions, consents, documents) or any note at all,
    /// a werkaantekening included (`last_worked_at`). All three live on the client row, so this stays
    /// one quick scan with thousands of clients.
    pub fn recent_clients(&self, limit: u32) -> Result<Vec<RecentClient>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, c.status, \
                    max(c.updated_at, c.last_substantive_change, c.last_worked_at) AS worked \
             FROM clients c ORDER BY worked DESC, c.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            let status: String = r.get(6)?;
            Ok(RecentClient {
                client_id: r.get(0)?,
                client_number: r.get(1)?,
                name: crate::dossier::Client::display_name_of(
                    &r.get::<_, String>(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                ),
                status: match status.as_str() {
                    "prospect" => ClientStatus::Prospect,
                    "closed" => ClientStatus::Closed,
                    _ => ClientStatus::Active,
                },
                last_worked_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
