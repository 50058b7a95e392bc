//! The dossier: clients with their representatives, trajecten, sessions, entries, consents and
//! documents (DESIGN §4).
//!
//! Invariants kept here and in the schema:
//! - every change is one transaction together with its audit line;
//! - entries keep every earlier version; a cliëntverklaring never changes;
//! - `last_substantive_change` moves only with changes to the care record (entries other than
//!   werkaantekeningen, sessions, trajecten, consents, documents), never with personalia edits.

mod care;
mod clients;
mod consents;
mod documents;
mod entries;
pub mod validate;

pub use care::{Regime, Session, SessionInput, SessionStatus, Traject, TrajectInput};
pub use clients::{
    Client, ClientInput, ClientStatus, ClientSummary, Representative, RepresentativeInput,
};
pub use consents::{AgeBand, Consent, ConsentCheck, ConsentInput, ConsentPurpose};
pub use documents::{media_type_for, Document, MAX_DOCUMENT_BYTES};
pub use entries::{Entry, EntryInput, EntryKind, EntryVersion, MAX_ENTRY_CHARS};

pub(crate) use care::insert_session;
pub(crate) use clients::insert_client;
pub(crate) use entries::{insert_entry, NewEntry};

use crate::audit::AuditEvent;
use crate::error::Result;
use crate::store::Store;
use serde::Serialize;

/// A whole dossier as the dossier screen shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub client: Client,
    pub representatives: Vec<Representative>,
    pub trajecten: Vec<Traject>,
    /// Newest first.
    pub sessions: Vec<Session>,
    /// Newest first; the current text of each.
    pub entries: Vec<Entry>,
    pub consents: Vec<Consent>,
    pub documents: Vec<Document>,
    /// Consent for treatment checked on today's date, for the age-band warning.
    pub treatment_consent: ConsentCheck,
}

impl Store {
    /// Opens a client's whole dossier in one consistent read, logged as `dossier_viewed`.
    pub fn open_dossier(&mut self, client_id: i64) -> Result<Dossier> {
        let today = self.context().clock.today();
        self.read_logged(|tx| {
            let client = clients::load_client(tx, client_id)?;
            let representatives = clients::load_representatives(tx, client_id)?;
            let consents = consents::load_consents(tx, client_id)?;
            let treatment_consent = consents::check_consent(
                client.birth_date,
                &representatives,
                &consents,
                ConsentPurpose::Behandeling,
                today,
            );
            let event = AuditEvent::new("dossier_viewed", "client", client_id)
                .client(client.client_number.clone());
            let dossier = Dossier {
                trajecten: care::load_trajecten(tx, client_id)?,
                sessions: care::load_sessions(tx, client_id)?,
                entries: entries::load_entries(tx, client_id)?,
                documents: documents::load_documents(tx, client_id)?,
                client,
                representatives,
                consents,
                treatment_consent,
            };
            Ok((dossier, vec![event]))
        })
    }
}
