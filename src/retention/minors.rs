//! Minors (WGBO 7:447, 7:450, 7:465): on each session date the client's age band decides whose consent
//! to treatment is needed (under 12: the parents with gezag; 12 to 15: the child and the parents;
//! 16 and over: the client). [`Store::missing_consents`] lists the sessions where that consent was not
//! in force, as a warning for the dossier screen; [`Store::consent_warning_counts`] counts them per client
//! for the overview.

use crate::dossier::{AgeBand, ConsentPurpose};
use crate::error::Result;
use crate::store::Store;
use chrono::NaiveDate;
use serde::Serialize;

/// A session held without the consent its date required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentWarning {
    pub session_id: i64,
    pub date: NaiveDate,
    pub age_band: AgeBand,
    /// Dutch: whose consent was missing.
    pub missing: Vec<String>,
}

/// A client with sessions that lacked the required consent, for the overview (client number only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientConsentWarnings {
    pub client_id: i64,
    pub client_number: String,
    /// How many held or planned sessions lacked it.
    pub sessions: usize,
}

impl Store {
    /// Every client with at least one held or planned session that lacked the required consent, by
    /// client number. Only clients who were under 16 on some session date are checked in full: from
    /// 16 the client decides alone, which the dossier's own consent block already shows.
    pub fn consent_warning_counts(&self) -> Result<Vec<ClientConsentWarnings>> {
        let candidates: Vec<(i64, String)> = {
            let mut stmt = self.connection().prepare(
                "SELECT DISTINCT c.id, c.client_number FROM clients c JOIN sessions s ON s.client_id = c.id \
                 WHERE s.status IN ('held', 'planned') AND s.date < date(c.birth_date, '+16 years') ORDER BY c.client_number",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut out = Vec::new();
        for (client_id, client_number) in candidates {
            let sessions = self.missing_consents(client_id)?.len();
            if sessions > 0 {
                out.push(ClientConsentWarnings {
                    client_id,
                    client_number,
                    sessions,
                });
            }
        }
        Ok(out)
    }

    /// The held and planned sessions of a client for which the required treatment consent was missing
    /// on the session's own date, oldest first.
    pub fn missing_consents(&self, client_id: i64) -> Result<Vec<ConsentWarning>> {
        let sessions: Vec<(i64, String)> = {
            let mut stmt = self.connection().prepare(
                "SELECT id, date FROM sessions WHERE client_id = ?1 AND status IN ('held', 'planned') ORDER BY date, id",
            )?;
            let rows = stmt
                .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut out = Vec::new();
        for (session_id, date) in sessions {
            let date = super::date_of(&date);
            let check = self.consent_check(client_id, ConsentPurpose::Behandeling, date)?;
            if !check.complete {
                out.push(ConsentWarning {
                    session_id,
                    date,
                    age_band: check.age_band,
                    missing: check.missing,
                });
            }
        }
        Ok(out)
    }
}
