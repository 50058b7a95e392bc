//! "Te vernietigen per …": the due list for any date, so the therapist can look ahead (for instance
//! to the end of the year). Each line says whether the dossier may be destroyed today: a term that
//! ends only after today is listed but not yet destroyable (destruction itself stays bound to the
//! store's today, see [`crate::retention::destroy`]).

use super::RetentionStatus;
use crate::dates::parse_date;
use crate::error::Result;
use crate::store::Store;
use serde::Serialize;

/// One line of the due list for a chosen date.
#[derive(Debug, Clone, Serialize)]
pub struct DueLine {
    #[serde(flatten)]
    pub status: RetentionStatus,
    /// Its term has already ended today (and no hold): it may be destroyed now. `false` means "nog
    /// niet": it becomes due on `keep_until`, after today.
    pub due_today: bool,
}

impl Store {
    /// The due list for `on` as typed (`YYYY-MM-DD` or `DD-MM-YYYY`; empty means today), oldest term
    /// first. A date that cannot be read is refused for the field `on`.
    pub fn due_list(&self, on: &str) -> Result<Vec<DueLine>> {
        let today = super::dutch_today(self);
        let on = if on.trim().is_empty() {
            today
        } else {
            parse_date("on", on)?
        };
        Ok(self
            .due_for_destruction(on)?
            .into_iter()
            .map(|status| DueLine {
                due_today: status.keep_until.is_some_and(|k| k <= today),
                status,
            })
            .collect())
    }
}
