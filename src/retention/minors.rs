//! Minors (WGBO 7:447, 7:450, 7:465): on each session date the client's age band decides whose consent
//! to treatment is needed (under 12: the parents with gezag; 12 to 15: the child and the parents;
//! 16 and over: the client). [`Store::missing_consents`] lists the sessions where that consent was not
//! in force, as a warning for the dossier screen.

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

impl Store {
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
