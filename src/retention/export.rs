//! Answers to the client: the machine-readable dossier copy (AVG art. 15 and 20, WGBO 7:456) and
//! "wie heeft mijn dossier ingezien" (Wabvpz, NEN 7513 ch. 9).
//!
//! The copy leaves werkaantekeningen out (they are not part of the dossier, domain-nl §1.2) and may
//! leave out named entries that hold a third party's privacy (7:456: "persoonlijke levenssfeer van een
//! ander"); the copy says how many were left out, never what. Its format is documented in
//! `docs/dossier-copy.schema.json`; [`DossierCopy`] is that format.

use crate::audit::AuditEvent;
use crate::dossier::{EntryKind, Regime};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The identifier in every copy, so a reader knows what it holds.
pub const COPY_FORMAT: &str = "dossierkluis-dossierkopie";
pub const COPY_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierCopy {
    pub format: String,
    pub version: u32,
    pub made_on: NaiveDate,
    pub practice: CopyPractice,
    pub client: CopyClient,
    pub representatives: Vec<CopyRepresentative>,
    pub trajecten: Vec<CopyTraject>,
    pub sessions: Vec<CopySession>,
    /// Oldest first; the current text; no werkaantekeningen.
    pub entries: Vec<CopyEntry>,
    pub consents: Vec<CopyConsent>,
    /// Attachments by name and checksum; their contents are handed over as the files themselves.
    pub documents: Vec<CopyDocument>,
    /// How many entries were left out to protect someone else's privacy (7:456).
    pub withheld_entries: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyPractice {
    pub practice_name: String,
    pub therapist_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyClient {
    pub client_number: String,
    pub first_names: String,
    pub call_name: String,
    pub tussenvoegsel: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub huisarts: String,
    pub insurer: String,
    pub polisnummer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyRepresentative {
    pub name: String,
    pub relation: String,
    pub has_gezag: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyTraject {
    pub id: i64,
    pub regime: Regime,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub hulpvraag: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopySession {
    pub id: i64,
    pub traject_id: Option<i64>,
    pub date: NaiveDate,
    pub duration_minutes: i64,
    pub kind: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyEntry {
    pub id: i64,
    pub kind: EntryKind,
    pub entry_date: NaiveDate,
    pub text: String,
    /// 1 for an entry never corrected.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyConsent {
    pub purpose: String,
    pub description: String,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyDocument {
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub description: String,
}

/// One line of "wie heeft mijn dossier ingezien".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewLine {
    pub at: String,
    pub user: String,
    pub device: String,
    /// What happened, in Dutch ("dossier geopend").
    pub what: String,
    pub event: String,
}

/// The Dutch label of an audit event for a client.
pub fn event_label(event: &str) -> String {
    match event {
        "dossier_viewed" => "dossier geopend",
        "client_viewed" => "personalia bekeken",
        "client_created" => "dossier aangemaakt",
        "client_updated" => "personalia gewijzigd",
        "representative_added" => "vertegenwoordiger toegevoegd",
        "traject_created" => "traject vastgelegd",
        "traject_closed" => "traject afgesloten",
        "session_created" => "sessie vastgelegd",
        "session_updated" => "sessie gewijzigd",
        "entry_viewed" => "aantekening bekeken",
        "entry_history_viewed" => "eerdere versies van een aantekening bekeken",
        "entry_created" => "aantekening toegevoegd",
        "entry_updated" => "aantekening gecorrigeerd",
        "consent_recorded" => "toestemming vastgelegd",
        "consent_withdrawn" => "toestemming ingetrokken",
        "document_opened" => "bijlage geopend",
        "document_added" => "bijlage toegevoegd",
        "document_removed" => "bijlage verwijderd",
        "audit_viewed" => "logboek van dit dossier bekeken",
        "search_result_shown" => "getoond als zoekresultaat",
        "copy_exported" => "kopie van het dossier voor de cliënt gemaakt",
        "copy_shared" => "kopie van het dossier gedeeld (met toestemming)",
        "intervision_shared" => "geanonimiseerde casus gedeeld voor intervisie (met toestemming)",
        "request_received" => "verzoek van de cliënt vastgelegd",
        "request_extended" => "termijn van een verzoek verlengd",
        "request_answered" => "verzoek van de cliënt afgehandeld",
        "restriction_set" => "verwerking beperkt",
        "restriction_lifted" => "beperking opgeheven",
        "legal_hold_set" => "juridische blokkade gezet",
        "legal_hold_cleared" => "juridische blokkade opgeheven",
        "retention_extended" => "bewaartermijn verlengd",
        "client_destroyed" => "dossier vernietigd",
        "invoice_sent_to_printer" => "nota afgedrukt",
        "invoice_created" => "conceptnota gemaakt",
        "invoice_concept_deleted" => "conceptnota verwijderd",
        "invoice_issued" => "nota uitgereikt",
        "invoice_paid" => "betaling van een nota vastgelegd",
        "invoice_credited" => "nota gecrediteerd",
        "invoice_refunded" => "terugbetaling van een creditnota vastgelegd",
        "invoice_printed" => "nota als PDF opgeslagen",
        "invoice_receipt_saved" => "betaalbewijs van een nota opgeslagen",
        "invoice_email_copy" => "nota als beveiligde PDF voor e-mail gemaakt",
        "invoice_exported" => "nota als UBL-bestand geëxporteerd",
        "invoices_exported" => "facturen geëxporteerd voor de boekhouding",
        "billing_settings_updated" => "factuurinstellingen gewijzigd",
        "billing_service_saved" => "dienst of tarief opgeslagen",
        "billing_client_updated" => "zakelijke afnemer gewijzigd",
        "prestatiecode_saved" => "prestatiecode opgeslagen",
        "practice_logo_set" => "praktijklogo ingesteld",
        "practice_logo_cleared" => "praktijklogo verwijderd",
        "practice_updated" => "praktijkgegevens gewijzigd",
        "privacy_answers_changed" => "privacygegevens van de praktijk gewijzigd",
        "retention_settings_changed" => "bewaarinstellingen gewijzigd",
        "client_part_destroyed" => "deel van het dossier vernietigd",
        "financial_records_purged" => "financiële gegevens na hun bewaartermijn verwijderd",
        "register_viewed" => "vernietigingsregister bekeken",
        "request_proceed_reason" => "reden vastgelegd om een verzoek toch uit te voeren",
        "data_breach_recorded" => "datalek vastgelegd",
        "search" => "gezocht in de kluis",
        "vault_created" => "kluis aangemaakt",
        "vault_restored" => "kluis teruggezet uit een back-up",
        "backup_created" => "back-up gemaakt",
        "backup_folder_set" => "back-upmap ingesteld",
        "audit_head_mismatch" => "logboek klopt niet met wat het sleutelbestand vastlegde",
        "demo_generated" => "demopraktijk aangemaakt",
        other => return other.replace('_', " "),
    }
    .to_string()
}

impl Store {
    /// The JSON copy for the client (AVG art. 15/20). Works for a restricted dossier too: the client
    /// may always have their own data. `withhold` names entry ids to leave out for a third party's
    /// privacy. Logged as `copy_exported`.
    pub fn dossier_copy(&mut self, client_id: i64, withhold: &[i64]) -> Result<DossierCopy> {
        self.copy_logged(client_id, withhold, "json")
    }

    pub(crate) fn copy_logged(
        &mut self,
        client_id: i64,
        withhold: &[i64],
        format: &str,
    ) -> Result<DossierCopy> {
        let today = super::dutch_today(self);
        let practice = self.practice()?;
        self.read_logged(|tx| {
            let number: String = tx
                .query_row(
                    "SELECT client_number FROM clients WHERE id = ?1",
                    [client_id],
                    |r| r.get(0),
                )
                .map_err(|_| Error::not_found("Deze cliënt"))?;
            let copy = build_copy(tx, client_id, withhold, today, &practice)?;
            let event = AuditEvent::new("copy_exported", "client", client_id)
                .client(number)
                .detail(format!(
                    "{format} voor cliënt; {} weggelaten",
                    copy.withheld_entries
                ));
            Ok((copy, vec![event]))
        })
    }

    /// "Wie heeft mijn dossier ingezien": every log line about this client, oldest first, with Dutch
    /// labels.
    pub fn who_viewed(&mut self, client_id: i64) -> Result<Vec<ViewLine>> {
        Ok(self
            .audit_for_client(client_id)?
            .into_iter()
            .map(|r| ViewLine {
                what: event_label(&r.event),
                at: r.at,
                user: r.user_name,
                device: r.device,
                event: r.event,
            })
            .collect())
    }
}

fn date(text: String) -> NaiveDate {
    super::date_of(&text)
}

pub(crate) fn build_copy(
    conn: &rusqlite::Connection,
    client_id: i64,
    withhold: &[i64],
    today: NaiveDate,
    practice: &crate::practice::Practice,
) -> Result<DossierCopy> {
    let client = conn.query_row(
        "SELECT client_number, first_names, call_name, tussenvoegsel, last_name, birth_date, street, house_number, postcode, city, \
                email, phone, huisarts, insurer, polisnummer FROM clients WHERE id = ?1",
        [client_id],
        |r| {
            Ok(CopyClient {
                client_number: r.get(0)?,
                first_names: r.get(1)?,
                call_name: r.get(2)?,
                tussenvoegsel: r.get(3)?,
                last_name: r.get(4)?,
                birth_date: date(r.get(5)?),
                street: r.get(6)?,
                house_number: r.get(7)?,
                postcode: r.get(8)?,
                city: r.get(9)?,
                email: r.get(10)?,
                phone: r.get(11)?,
                huisarts: r.get(12)?,
                insurer: r.get(13)?,
                polisnummer: r.get(14)?,
            })
        },
    )?;
    let mut stmt = conn.prepare(
        "SELECT name, relation, has_gezag FROM representatives WHERE client_id = ?1 ORDER BY id",
    )?;
    let representatives = stmt
        .query_map([client_id], |r| {
            Ok(CopyRepresentative {
                name: r.get(0)?,
                relation: r.get(1)?,
                has_gezag: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT id, regime, start_date, end_date, hulpvraag FROM trajecten WHERE client_id = ?1 ORDER BY start_date, id")?;
    let trajecten = stmt
        .query_map([client_id], |r| {
            Ok(CopyTraject {
                id: r.get(0)?,
                regime: Regime::parse(&r.get::<_, String>(1)?),
                start_date: date(r.get(2)?),
                end_date: r.get::<_, Option<String>>(3)?.map(date),
                hulpvraag: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT id, traject_id, date, duration_minutes, kind, status FROM sessions WHERE client_id = ?1 ORDER BY date, id")?;
    let sessions = stmt
        .query_map([client_id], |r| {
            Ok(CopySession {
                id: r.get(0)?,
                traject_id: r.get(1)?,
                date: date(r.get(2)?),
                duration_minutes: r.get(3)?,
                kind: r.get(4)?,
                status: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, kind, entry_date, body, version FROM entries WHERE client_id = ?1 AND kind <> 'werkaantekening' ORDER BY entry_date, id",
    )?;
    let all_entries = stmt
        .query_map([client_id], |r| {
            Ok(CopyEntry {
                id: r.get(0)?,
                kind: EntryKind::parse(&r.get::<_, String>(1)?).unwrap_or(EntryKind::Sessieverslag),
                entry_date: date(r.get(2)?),
                text: r.get(3)?,
                version: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let before = all_entries.len();
    let entries: Vec<CopyEntry> = all_entries
        .into_iter()
        .filter(|e| !withhold.contains(&e.id))
        .collect();
    let withheld_entries = (before - entries.len()) as u32;
    let mut stmt = conn.prepare("SELECT purpose, description, given_on, withdrawn_on FROM consents WHERE client_id = ?1 ORDER BY given_on, id")?;
    let consents = stmt
        .query_map([client_id], |r| {
            Ok(CopyConsent {
                purpose: r.get(0)?,
                description: r.get(1)?,
                given_on: date(r.get(2)?),
                withdrawn_on: r.get::<_, Option<String>>(3)?.map(date),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT file_name, media_type, size_bytes, sha256, description FROM documents WHERE client_id = ?1 ORDER BY added_at, id")?;
    let documents = stmt
        .query_map([client_id], |r| {
            Ok(CopyDocument {
                file_name: r.get(0)?,
                media_type: r.get(1)?,
                size_bytes: r.get(2)?,
                sha256: r.get(3)?,
                description: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(DossierCopy {
        format: COPY_FORMAT.into(),
        version: COPY_VERSION,
        made_on: today,
        practice: CopyPractice {
            practice_name: practice.practice_name.clone(),
            therapist_name: practice.therapist_name.clone(),
        },
        client,
        representatives,
        trajecten,
        sessions,
        entries,
        consents,
        documents,
        withheld_entries,
    })
}

#[cfg(test)]
mod tests {
    use super::event_label;

    #[test]
    fn every_event_logged_about_a_client_has_a_dutch_label() {
        // The events the dossier, search and retention code write with a client number.
        for event in [
            "dossier_viewed",
            "client_viewed",
            "client_created",
            "client_updated",
            "representative_added",
            "traject_created",
            "traject_closed",
            "session_created",
            "session_updated",
            "entry_viewed",
            "entry_history_viewed",
            "entry_created",
            "entry_updated",
            "consent_recorded",
            "consent_withdrawn",
            "document_opened",
            "document_added",
            "document_removed",
            "audit_viewed",
            "search_result_shown",
            "copy_exported",
            "copy_shared",
            "intervision_shared",
            "request_received",
            "request_extended",
            "request_answered",
            "restriction_set",
            "restriction_lifted",
            "legal_hold_set",
            "legal_hold_cleared",
            "retention_extended",
            "client_destroyed",
            "invoice_sent_to_printer",
            "practice_logo_set",
            "practice_logo_cleared",
        ] {
            let label = event_label(event);
            assert!(
                !label.contains('_') && label != event.replace('_', " "),
                "{event} has no label: {label}"
            );
        }
    }

    /// Every audit event name written anywhere in src/ (as `AuditEvent::new("…"` or
    /// `audit_for("…"`), read from the source tree itself so a new event without a Dutch label fails
    /// here instead of showing "invoice refunded" in the Logboek, whichever file it is written in.
    #[test]
    fn every_audit_event_has_a_dutch_label() {
        fn rust_files(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("src/ is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    rust_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(std::fs::read_to_string(&path).expect("a source file"));
                }
            }
        }
        let mut sources = Vec::new();
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut sources,
        );
        let mut names = Vec::new();
        for source in &sources {
            for marker in ["AuditEvent::new(\"", "audit_for(\""] {
                for (at, _) in source.match_indices(marker) {
                    let rest = &source[at + marker.len()..];
                    let name = &rest[..rest.find('"').expect("a closing quote")];
                    // Event names are snake_case; this skips the "…" of doc comments like this one's.
                    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    {
                        names.push(name.to_string());
                    }
                }
            }
        }
        assert!(
            names.iter().any(|n| n == "invoice_printed")
                && names.iter().any(|n| n == "invoice_refunded")
                && names.iter().any(|n| n == "client_part_destroyed"),
            "the scan must find the events of every module (found {names:?})"
        );
        for event in names {
            let label = event_label(&event);
            assert!(
                !label.contains('_') && label != event.replace('_', " "),
                "audit event {event} has no Dutch label: {label}"
            );
        }
    }
}
