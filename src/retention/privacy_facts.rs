//! What the privacy documents say about the practice, split in two honest halves:
//!
//! - [`PracticeFacts`]: what the vault itself shows: the regimes of the trajecten actually
//!   registered (the practice default only while there are none), the consent purposes in use,
//!   whether an intervision summary was ever shared, which bookkeeper exports were made (with or
//!   without names), whether invoices went to a business (an employer) and whether zorgnota's or
//!   e-mailed nota copies exist. Read from the tables and from the audit log, which is never purged.
//! - [`PrivacyAnswers`]: what the app cannot know and therefore asks (Instellingen → Privacy, CLI
//!   `practice privacy set JSON`): the e-mail provider, where backups go, the bookkeeper, the
//!   processors and whether a verwerkersovereenkomst is in place, transfers outside the EEA, and the
//!   complaints procedure. Stored as one JSON value in `settings` (key `privacy_answers`). An empty
//!   answer is printed as "nog invullen", never as a guess.

use crate::audit::AuditEvent;
use crate::dossier::Regime;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

const ANSWERS_KEY: &str = "privacy_answers";

/// A processor (verwerker) the therapist named.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Processor {
    pub name: String,
    /// What it does for the practice, e.g. "e-mail" or "online agenda".
    pub purpose: String,
    /// Whether a verwerkersovereenkomst is signed.
    pub agreement: bool,
}

/// The facts only the therapist knows. Every text field: empty means "not entered yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivacyAnswers {
    /// The e-mail provider of the practice (e.g. "Proton Mail").
    pub email_provider: String,
    /// Where the encrypted backups go: "USB-stick", "gesynchroniseerde map van …".
    pub backup_location: String,
    /// The bookkeeper who receives invoice overviews.
    pub bookkeeper: String,
    /// `None`: not entered yet; `Some(empty)`: the therapist said there are none.
    pub processors: Option<Vec<Processor>>,
    /// "geen", or which data go where outside the EEA and on what ground.
    pub transfers_outside_eea: String,
    /// The Wkkgz klachtenregeling (usually through the beroepsvereniging).
    pub klachtenregeling: String,
    /// The geschilleninstantie the practice is affiliated with.
    pub geschilleninstantie: String,
}

/// The names of the answers, in the order of the form (also the names in `missing`).
pub const ANSWER_FIELDS: [&str; 7] = [
    "email_provider",
    "backup_location",
    "bookkeeper",
    "processors",
    "transfers_outside_eea",
    "klachtenregeling",
    "geschilleninstantie",
];

impl PrivacyAnswers {
    fn clean(&self) -> Result<PrivacyAnswers> {
        let line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let processors = match &self.processors {
            None => None,
            Some(list) => {
                let mut out = Vec::with_capacity(list.len());
                for (i, p) in list.iter().enumerate() {
                    let name = line(&p.name);
                    if name.is_empty() {
                        return Err(Error::field(
                            "processors",
                            format!("Verwerker {} heeft geen naam. Vul de naam in of haal de regel weg.", i + 1),
                        ));
                    }
                    out.push(Processor {
                        name,
                        purpose: line(&p.purpose),
                        agreement: p.agreement,
                    });
                }
                Some(out)
            }
        };
        Ok(PrivacyAnswers {
            email_provider: line(&self.email_provider),
            backup_location: line(&self.backup_location),
            bookkeeper: line(&self.bookkeeper),
            processors,
            transfers_outside_eea: line(&self.transfers_outside_eea),
            klachtenregeling: line(&self.klachtenregeling),
            geschilleninstantie: line(&self.geschilleninstantie),
        })
    }

    /// The answers not given yet, by name (see [`ANSWER_FIELDS`]).
    pub fn missing(&self) -> Vec<String> {
        ANSWER_FIELDS
            .iter()
            .filter(|f| match **f {
                "email_provider" => self.email_provider.is_empty(),
                "backup_location" => self.backup_location.is_empty(),
                "bookkeeper" => self.bookkeeper.is_empty(),
                "processors" => self.processors.is_none(),
                "transfers_outside_eea" => self.transfers_outside_eea.is_empty(),
                "klachtenregeling" => self.klachtenregeling.is_empty(),
                "geschilleninstantie" => self.geschilleninstantie.is_empty(),
                _ => false,
            })
            .map(|f| f.to_string())
            .collect()
    }
}

/// What the vault shows about how the practice works.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PracticeFacts {
    /// A WGBO traject is registered (or, with no trajecten at all, the practice default is WGBO).
    pub wgbo: bool,
    /// A coaching traject is registered (or, with none at all, the default is coaching).
    pub coaching: bool,
    /// Consent purposes recorded for any client (`contact_huisarts`, `waarnemer`, …).
    pub consent_purposes: Vec<String>,
    /// An anonymised intervision summary was ever shared.
    pub intervision: bool,
    /// A bookkeeper CSV was ever exported with client names.
    pub bookkeeper_with_names: bool,
    /// … or without names.
    pub bookkeeper_without_names: bool,
    /// An invoice went to a business (an employer paying for coaching), or one is set up.
    pub business_invoices: bool,
    /// A zorgnota (for the client's own claim with the insurer) was made.
    pub zorgnotas: bool,
    /// A nota copy was e-mailed.
    pub emailed_notas: bool,
}

fn any(conn: &Connection, sql: &str) -> Result<bool> {
    Ok(conn.query_row(&format!("SELECT EXISTS ({sql})"), [], |r| r.get(0))?)
}

pub(crate) fn practice_facts(conn: &Connection) -> Result<PracticeFacts> {
    let mut regimes = conn.prepare("SELECT DISTINCT regime FROM trajecten")?;
    let regimes: Vec<Regime> = regimes
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .iter()
        .map(|s| Regime::parse(s))
        .collect();
    let (wgbo, coaching) = if regimes.is_empty() {
        let default: Regime = conn
            .query_row(
                "SELECT default_regime FROM practice WHERE id = 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|s| Regime::parse(&s))
            .unwrap_or_default();
        (default == Regime::Wgbo, default == Regime::Coaching)
    } else {
        (
            regimes.contains(&Regime::Wgbo),
            regimes.contains(&Regime::Coaching),
        )
    };
    let mut purposes = conn.prepare("SELECT DISTINCT purpose FROM consents ORDER BY purpose")?;
    let consent_purposes = purposes
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(PracticeFacts {
        wgbo,
        coaching,
        intervision: any(conn, "SELECT 1 FROM audit_log WHERE event = 'intervision_shared'")?,
        bookkeeper_with_names: any(
            conn,
            "SELECT 1 FROM audit_log WHERE event = 'invoices_exported' AND detail LIKE '%met namen%'",
        )?,
        bookkeeper_without_names: any(
            conn,
            "SELECT 1 FROM audit_log WHERE event = 'invoices_exported' AND detail LIKE '%zonder namen%'",
        )?,
        business_invoices: any(conn, "SELECT 1 FROM billing_clients")?
            || any(conn, "SELECT 1 FROM invoices WHERE buyer_company <> ''")?,
        zorgnotas: any(conn, "SELECT 1 FROM invoices WHERE kind = 'zorgnota'")?,
        emailed_notas: any(conn, "SELECT 1 FROM audit_log WHERE event = 'invoice_email_copy'")?,
        consent_purposes,
    })
}

pub(crate) fn answers(conn: &Connection) -> Result<PrivacyAnswers> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [ANSWERS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

impl Store {
    /// What the vault shows about how the practice works (for the privacy documents).
    pub fn practice_facts(&self) -> Result<PracticeFacts> {
        practice_facts(self.connection())
    }

    /// The privacy answers entered so far.
    pub fn privacy_answers(&self) -> Result<PrivacyAnswers> {
        answers(self.connection())
    }

    /// Saves the privacy answers (the whole set); returns what is stored.
    pub fn set_privacy_answers(&mut self, input: &PrivacyAnswers) -> Result<PrivacyAnswers> {
        let clean = input.clean()?;
        let text = serde_json::to_string(&clean).map_err(|_| {
            Error::new(
                ErrorCode::Internal,
                "De privacygegevens konden niet worden opgeslagen.",
            )
        })?;
        self.write(|tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![ANSWERS_KEY, text],
            )?;
            Ok((
                clean.clone(),
                vec![AuditEvent::new("privacy_answers_changed", "settings", ANSWERS_KEY)],
            ))
        })
    }

    /// Merges a JSON object of answers into what is stored (the CLI's `practice privacy set JSON`).
    /// Unknown names are refused, so a typo does not silently leave a fact "nog invullen".
    pub fn patch_privacy_answers(&mut self, patch: &serde_json::Value) -> Result<PrivacyAnswers> {
        let Some(patch) = patch.as_object() else {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "Geef de privacygegevens als JSON-object, bijvoorbeeld '{\"email_provider\":\"Proton Mail\"}'.",
            ));
        };
        let mut current = serde_json::to_value(self.privacy_answers()?).expect("serialisable");
        let obj = current.as_object_mut().expect("an object");
        for (k, v) in patch {
            if !ANSWER_FIELDS.contains(&k.as_str()) {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "'{k}' is geen privacygegeven. Kies uit: {}.",
                        ANSWER_FIELDS.join(", ")
                    ),
                ));
            }
            obj.insert(k.clone(), v.clone());
        }
        let answers: PrivacyAnswers = serde_json::from_value(current).map_err(|_| {
            Error::new(
                ErrorCode::InvalidInput,
                "Deze privacygegevens kloppen niet: teksten tussen aanhalingstekens, processors als lijst van {\"name\":…,\"purpose\":…,\"agreement\":true|false}.",
            )
        })?;
        self.set_privacy_answers(&answers)
    }
}
