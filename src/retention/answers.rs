//! What the dossier's Privacy tab asks of the core beyond the register itself, so every choice the
//! window offers is decided here:
//!
//! - [`Store::copy_plan`]: the entries a copy for the client can hold (never werkaantekeningen, and
//!   how many of those stay out), so the therapist can tick the ones that hold a third party's privacy;
//! - [`answers`]: which open requests a copy answers (inzage and afschrift by either form;
//!   overdraagbaarheid only by the machine-readable JSON, AVG art. 20);
//! - [`Store::keep_longer`]: "langer bewaren" by a date or by a number of years beyond today's term,
//!   refused when it would not lengthen anything;
//! - [`Store::intervision_review`]: the anonymised summary as text to read, with the refusal the
//!   export would meet (no consent, a restricted dossier) known before anything is saved;
//!   [`Store::check_intervision`] that check alone (before a save dialog, nothing read or logged);
//! - [`Store::check_share`] and [`Store::dossier_copy_for_pdf`]: the waarnemer/verwijzing copy's consent
//!   check on its own (so a refusal comes before a save dialog) and its readable PDF form.

use super::pdf_copy::{self, Audience};
use super::policy::{add_years, Basis};
use super::share::IntervisionSummary;
use super::{ClientRequest, RequestKind, RequestStatus, RetentionStatus};
use crate::dossier::{ConsentPurpose, EntryKind};
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The two forms of a dossier copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyFormat {
    /// Readable (inzage, afschrift).
    Pdf,
    /// Machine-readable, in the documented schema (overdraagbaarheid too).
    Json,
}

impl CopyFormat {
    pub fn extension(self) -> &'static str {
        match self {
            CopyFormat::Pdf => "pdf",
            CopyFormat::Json => "json",
        }
    }
}

/// Whether a copy in `format` answers a request of `kind`.
pub fn answers(kind: RequestKind, format: CopyFormat) -> bool {
    match kind {
        RequestKind::Inzage | RequestKind::Afschrift => true,
        RequestKind::Overdraagbaarheid => format == CopyFormat::Json,
        _ => false,
    }
}

/// The open requests among `requests` that a copy in `format` answers, oldest first; a request from
/// someone not entitled without a recorded reason to proceed is not among them.
pub fn open_requests_answered(
    requests: &[ClientRequest],
    format: CopyFormat,
) -> Vec<ClientRequest> {
    let mut out: Vec<ClientRequest> = requests
        .iter()
        .filter(|r| r.status == RequestStatus::Open && answers(r.kind, format) && r.may_proceed())
        .cloned()
        .collect();
    out.sort_by_key(|r| (r.received_on, r.id));
    out
}

/// One entry that may go into a copy, for the "achterhouden" choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyChoice {
    pub id: i64,
    pub kind: EntryKind,
    pub entry_date: NaiveDate,
    /// The start of the text, enough to recognise the entry.
    pub excerpt: String,
}

/// What a copy for the client can hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyPlan {
    /// Oldest first, as in the copy.
    pub entries: Vec<CopyChoice>,
    /// Werkaantekeningen: never in a copy.
    pub work_notes_left_out: u32,
}

/// At most this many characters of an entry in the choice list.
const EXCERPT_CHARS: usize = 140;

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        flat
    } else {
        let cut: String = flat.chars().take(EXCERPT_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The most years "langer bewaren" may add at once.
pub const MAX_EXTRA_YEARS: u32 = 30;

/// The anonymised summary ready for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntervisionReview {
    pub summary: IntervisionSummary,
    /// Exactly the text that "Opslaan" writes.
    pub text: String,
    /// Why the export would be refused now (no consent, restricted), in Dutch; `None`: it may be saved.
    pub refusal: Option<String>,
}

/// A document that may be destroyed as part of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentChoice {
    pub id: i64,
    pub file_name: String,
    pub added_on: NaiveDate,
}

/// What "Deel van het dossier vernietigen" can choose from: every entry (werkaantekeningen too),
/// oldest first, and every document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartChoices {
    pub entries: Vec<CopyChoice>,
    pub documents: Vec<DocumentChoice>,
}

impl Store {
    /// The entries and documents a partial destruction can choose from. Not logged: it is shown
    /// inside the open dossier, whose opening is logged.
    pub fn part_choices(&self, client_id: i64) -> Result<PartChoices> {
        let conn = self.connection();
        self.client_number(client_id)?;
        let mut stmt = conn.prepare(
            "SELECT id, kind, entry_date, body FROM entries WHERE client_id = ?1 ORDER BY entry_date, id",
        )?;
        let entries = stmt
            .query_map([client_id], |r| {
                Ok(CopyChoice {
                    id: r.get(0)?,
                    kind: EntryKind::parse(&r.get::<_, String>(1)?)
                        .unwrap_or(EntryKind::Sessieverslag),
                    entry_date: super::date_of(&r.get::<_, String>(2)?),
                    excerpt: excerpt(&r.get::<_, String>(3)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = conn.prepare(
            "SELECT id, file_name, added_at FROM documents WHERE client_id = ?1 ORDER BY added_at, id",
        )?;
        let documents = stmt
            .query_map([client_id], |r| {
                Ok(DocumentChoice {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    added_on: super::date_of(&r.get::<_, String>(2)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(PartChoices { entries, documents })
    }

    /// The entries a copy for the client can hold, oldest first, and how many werkaantekeningen stay
    /// out. Not logged: it is shown inside the open dossier, whose opening is logged.
    pub fn copy_plan(&self, client_id: i64) -> Result<CopyPlan> {
        let conn = self.connection();
        // An unknown client is "not found", not an empty plan.
        self.client_number(client_id)?;
        let mut stmt = conn.prepare(
            "SELECT id, kind, entry_date, body FROM entries WHERE client_id = ?1 ORDER BY entry_date, id",
        )?;
        let rows = stmt
            .query_map([client_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut plan = CopyPlan {
            entries: Vec::new(),
            work_notes_left_out: 0,
        };
        for (id, kind, date, body) in rows {
            let kind = EntryKind::parse(&kind).unwrap_or(EntryKind::Sessieverslag);
            if kind == EntryKind::Werkaantekening {
                plan.work_notes_left_out += 1;
                continue;
            }
            plan.entries.push(CopyChoice {
                id,
                kind,
                entry_date: super::date_of(&date),
                excerpt: excerpt(&body),
            });
        }
        Ok(plan)
    }

    /// "Langer bewaren" as typed in the window: the number of extra years is text (`"5"`, `" 10 "`),
    /// read here so `"5,5"`, `"-1"` or `"99999999999"` get the field's Dutch message, not a failed
    /// conversion somewhere in between.
    pub fn keep_longer_typed(
        &mut self,
        client_id: i64,
        until: Option<&str>,
        years: Option<&str>,
        reason: &str,
    ) -> Result<RetentionStatus> {
        let years = match years.map(str::trim).filter(|y| !y.is_empty()) {
            None => None,
            Some(text) => Some(
                text.parse::<u32>()
                    .ok()
                    .filter(|_| text.chars().all(|c| c.is_ascii_digit()))
                    .ok_or_else(|| {
                        Error::field(
                            "years",
                            format!("'{text}' is geen aantal jaren. Kies 1 tot {MAX_EXTRA_YEARS} jaar extra."),
                        )
                    })?,
            ),
        };
        self.keep_longer(client_id, until, years, reason)
    }

    /// "Langer bewaren": keeps a dossier until `until` (a date) or `years` beyond its current term,
    /// with a reason (7:454 lid 3). Refused while a traject runs (the term is not known yet), for a
    /// date that is not after the current "bewaren tot", and for 0 or more than
    /// [`MAX_EXTRA_YEARS`] years. Returns the new status.
    pub fn keep_longer(
        &mut self,
        client_id: i64,
        until: Option<&str>,
        years: Option<u32>,
        reason: &str,
    ) -> Result<RetentionStatus> {
        let status = self.retention_status(client_id)?;
        let until = until.map(str::trim).filter(|u| !u.is_empty());
        let field = if until.is_some() { "until" } else { "years" };
        let Some(current) = status
            .keep_until
            .filter(|_| status.basis != Basis::OpenTraject)
        else {
            return Err(Error::field(
                field,
                "Er loopt nog een traject, dus de bewaartermijn staat nog niet vast. Sluit eerst de trajecten af; daarna kunt u het dossier langer bewaren.",
            ));
        };
        let new = match (until, years) {
            (Some(text), _) => crate::dates::parse_date("until", text)?,
            (None, Some(n)) if (1..=MAX_EXTRA_YEARS).contains(&n) => add_years(current, n),
            (None, Some(_)) => {
                return Err(Error::field(
                    "years",
                    format!("Kies 1 tot {MAX_EXTRA_YEARS} jaar extra."),
                ))
            }
            (None, None) => {
                return Err(Error::field(
                    "until",
                    "Kies een nieuwe datum of een aantal jaren extra.",
                ))
            }
        };
        if new <= current {
            return Err(Error::field(
                field,
                format!(
                    "Het dossier wordt al bewaard tot {}. Kies een latere datum.",
                    crate::dates::dutch_long(current)
                ),
            ));
        }
        self.extend_retention(client_id, Some(new), reason)?;
        self.retention_status(client_id)
    }

    /// The intervision summary for review: the text to read and, when the export would be refused
    /// now, why. Logged as the dossier read it is (the export itself is [`Store::export_intervision`]).
    pub fn intervision_review(&mut self, client_id: i64) -> Result<IntervisionReview> {
        let summary = self.intervision_preview(client_id)?;
        let refusal = match self.check_intervision(client_id) {
            Ok(()) => None,
            Err(e) if e.code == ErrorCode::NotAllowed => Some(e.message),
            Err(e) => return Err(e),
        };
        Ok(IntervisionReview {
            text: summary.to_text(),
            summary,
            refusal,
        })
    }

    /// Whether the intervision summary may be exported today (consent, no restriction); the refusal
    /// says why. Nothing is read from the dossier or logged.
    pub fn check_intervision(&mut self, client_id: i64) -> Result<()> {
        self.require_consent(client_id, ConsentPurpose::Intervisie)
    }

    /// Whether a copy for `purpose` (waarnemer or verwijzing) may be made today; the refusal says
    /// why and where to record consent. Nothing is logged or shared.
    pub fn check_share(&mut self, client_id: i64, purpose: ConsentPurpose) -> Result<()> {
        if !matches!(
            purpose,
            ConsentPurpose::Waarnemer | ConsentPurpose::Verwijzing
        ) {
            return Err(Error::field(
                "purpose",
                "Een kopie voor een ander kan alleen voor een waarnemer of bij verwijzing.",
            ));
        }
        self.require_consent(client_id, purpose)
    }

    /// The copy for a waarnemer or on referral as a readable PDF: [`Store::dossier_copy_for`]
    /// (consent-gated, logged as `copy_shared`) in the layout of the client's copy, with the purpose
    /// on its first page.
    pub fn dossier_copy_for_pdf(
        &mut self,
        client_id: i64,
        purpose: ConsentPurpose,
    ) -> Result<Vec<u8>> {
        let copy = self.dossier_copy_for(client_id, purpose)?;
        let audience = match purpose {
            ConsentPurpose::Verwijzing => Audience::Verwijzing,
            _ => Audience::Waarnemer,
        };
        pdf_copy::render_for(&copy, audience)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: RequestKind, status: RequestStatus, received: &str) -> ClientRequest {
        let received: NaiveDate = received.parse().unwrap();
        ClientRequest {
            id: 1,
            client_number: "K-000001".into(),
            kind,
            received_on: received,
            identity_check: String::new(),
            deadline: super::super::requests::deadline(received),
            extended_deadline: None,
            extension_reason: None,
            status,
            answered_on: None,
            answer_note: String::new(),
            requester: Default::default(),
            age_on_received: Some(40),
            entitled: true,
            entitled_reason: String::new(),
            proceed_reason: String::new(),
        }
    }

    #[test]
    fn portability_needs_the_machine_readable_copy() {
        assert!(answers(RequestKind::Inzage, CopyFormat::Pdf));
        assert!(answers(RequestKind::Afschrift, CopyFormat::Json));
        assert!(
            !answers(RequestKind::Overdraagbaarheid, CopyFormat::Pdf),
            "AVG art. 20 asks for a machine-readable form"
        );
        assert!(answers(RequestKind::Overdraagbaarheid, CopyFormat::Json));
        assert!(
            !answers(RequestKind::Vernietiging, CopyFormat::Json),
            "a copy never answers a vernietiging request"
        );
    }

    #[test]
    fn only_open_requests_are_offered_oldest_first() {
        let mut a = request(RequestKind::Afschrift, RequestStatus::Open, "2026-11-20");
        a.id = 2;
        let b = request(RequestKind::Inzage, RequestStatus::Open, "2026-11-01");
        let mut done = request(RequestKind::Inzage, RequestStatus::Uitgevoerd, "2026-10-01");
        done.id = 3;
        let offered = open_requests_answered(&[a, b, done], CopyFormat::Pdf);
        assert_eq!(
            offered.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![1, 2],
            "the answered request is not offered again; the oldest comes first"
        );
    }

    #[test]
    fn an_excerpt_is_one_line_and_short() {
        assert_eq!(
            excerpt("Eerste regel\n\ntweede  regel"),
            "Eerste regel tweede regel"
        );
        let long = "woord ".repeat(100);
        let e = excerpt(&long);
        assert!(
            e.chars().count() <= EXCERPT_CHARS + 1 && e.ends_with('…'),
            "{e}"
        );
    }
}
