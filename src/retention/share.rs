//! Sharing with consent (WGBO 7:457): an anonymised case summary for intervision, and a dossier copy
//! for a waarnemer or on referral. Both are logged.
//!
//! Anonymising: every identifying field of the client (name parts, call name, date of birth, street,
//! house number, postcode, city, e-mail, phone, huisarts, insurer, polisnummer, client number) and the
//! names of representatives are replaced by placeholders (`[cliënt]`, `[woonplaats]`, …) in the entry
//! texts too, case-insensitively and with or without diacritics. Exact dates become the age band and
//! the month and year of the session ("maart 2026"). Werkaantekeningen stay out. The summary is a
//! preview to read; only [`Store::export_intervision`] logs it as shared. Free text can still hold
//! what no field knows (a colleague's name, an employer): the preview exists so the therapist reads it.
//!
//! The waarnemer/verwijzing copy is made only when the consent register holds the client's consent for
//! that purpose on that date (and, for a minor, the consents the age band requires), and never for a
//! restricted dossier.

use crate::audit::AuditEvent;
use crate::dossier::{ConsentPurpose, EntryKind};
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The anonymised summary, for review before export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntervisionSummary {
    /// e.g. "cliënt van 34 jaar (16+)".
    pub about: String,
    pub trajecten: Vec<String>,
    /// Per entry: "maart 2026 — Sessieverslag" and the anonymised text.
    pub entries: Vec<(String, String)>,
    /// How many replacements were made, so the reviewer sees the filter worked.
    pub replacements: u32,
}

impl IntervisionSummary {
    pub fn to_text(&self) -> String {
        let mut out = format!("Casus voor intervisie (geanonimiseerd)\n{}\n", self.about);
        for t in &self.trajecten {
            out += &format!("Traject: {t}\n");
        }
        for (head, text) in &self.entries {
            out += &format!("\n{head}\n{text}\n");
        }
        out
    }
}

/// Lower-cased and without diacritics, char by char (one char in, one char out, so offsets match).
fn fold(c: char) -> char {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    };
    base.to_lowercase().next().unwrap_or(base)
}

/// Replaces every occurrence of `needle` (folded, at word boundaries) in `text` by `placeholder`.
fn replace_all(text: &str, needle: &str, placeholder: &str, count: &mut u32) -> String {
    let needle: Vec<char> = needle.trim().chars().map(fold).collect();
    if needle.len() < 2 {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().copied().map(fold).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let boundary = |k: Option<&char>| k.is_none_or(|c| !c.is_alphanumeric());
    while i < chars.len() {
        if folded[i..].starts_with(&needle)
            && boundary(i.checked_sub(1).and_then(|p| folded.get(p)))
            && boundary(folded.get(i + needle.len()))
        {
            out.push_str(placeholder);
            i += needle.len();
            *count += 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn month_year(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

/// The identifying strings of a dossier with their placeholders, longest first (so "Van der Berg"
/// goes before "Berg").
fn identifiers(d: &crate::dossier::Dossier) -> Vec<(String, &'static str)> {
    let c = &d.client;
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let full_last = [c.tussenvoegsel.as_str(), c.last_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    out.push((full_last, "[cliënt]"));
    for part in c
        .first_names
        .split_whitespace()
        .chain(c.call_name.split_whitespace())
        .chain(c.last_name.split([' ', '-']))
    {
        out.push((part.to_string(), "[cliënt]"));
    }
    let birth = c.birth_date;
    for form in [
        birth.format("%Y-%m-%d").to_string(),
        birth.format("%d-%m-%Y").to_string(),
        birth.format("%-d-%-m-%Y").to_string(),
        crate::dates::dutch_long(birth),
    ] {
        out.push((form, "[geboortedatum]"));
    }
    out.push((format!("{} {}", c.street, c.house_number), "[adres]"));
    out.push((c.street.clone(), "[adres]"));
    out.push((c.postcode.clone(), "[postcode]"));
    out.push((c.postcode.replace(' ', ""), "[postcode]"));
    out.push((c.city.clone(), "[woonplaats]"));
    out.push((c.email.clone(), "[e-mail]"));
    out.push((c.phone.clone(), "[telefoon]"));
    out.push((c.huisarts.clone(), "[huisarts]"));
    out.push((c.insurer.clone(), "[zorgverzekeraar]"));
    out.push((c.polisnummer.clone(), "[polisnummer]"));
    out.push((c.client_number.clone(), "[cliëntnummer]"));
    for r in &d.representatives {
        out.push((r.name.clone(), "[vertegenwoordiger]"));
        for part in r.name.split_whitespace() {
            out.push((part.to_string(), "[vertegenwoordiger]"));
        }
        out.push((r.email.clone(), "[e-mail]"));
        out.push((r.phone.clone(), "[telefoon]"));
    }
    out.retain(|(s, _)| s.trim().chars().count() >= 2);
    out.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// Whether `text` names any of `words` (folded, whole words of at least 3 letters).
pub(crate) fn mentions_any(text: &str, words: &[&str]) -> bool {
    words
        .iter()
        .flat_map(|w| w.split([' ', '-']))
        .filter(|w| w.chars().count() >= 3)
        .any(|w| {
            let mut n = 0;
            replace_all(text, w, "", &mut n);
            n > 0
        })
}

pub(crate) fn anonymise(text: &str, ids: &[(String, &'static str)], count: &mut u32) -> String {
    let mut t = text.to_string();
    for (needle, placeholder) in ids {
        t = replace_all(&t, needle, placeholder, count);
    }
    t
}

impl Store {
    /// The anonymised intervision summary of a dossier, as a preview (logged as a read of the dossier).
    pub fn intervision_preview(&mut self, client_id: i64) -> Result<IntervisionSummary> {
        let today = super::dutch_today(self);
        let dossier = self.open_dossier(client_id)?;
        let ids = identifiers(&dossier);
        let mut count = 0;
        let age = crate::dates::age_on(dossier.client.birth_date, today);
        let mut entries: Vec<_> = dossier
            .entries
            .iter()
            .filter(|e| e.kind != EntryKind::Werkaantekening)
            .map(|e| {
                (
                    format!("{} — {}", month_year(e.entry_date), e.kind.label()),
                    anonymise(&e.text, &ids, &mut count),
                )
            })
            .collect();
        entries.reverse();
        let trajecten = dossier
            .trajecten
            .iter()
            .map(|t| {
                format!(
                    "{} vanaf {}{}: {}",
                    t.regime.as_str(),
                    month_year(t.start_date),
                    t.end_date
                        .map_or(String::new(), |e| format!(" tot {}", month_year(e))),
                    anonymise(&t.hulpvraag, &ids, &mut count)
                )
            })
            .collect();
        Ok(IntervisionSummary {
            about: format!("Cliënt van {age} jaar."),
            trajecten,
            entries,
            replacements: count,
        })
    }

    /// Exports the reviewed summary: refused without an intervisie consent in force today, and for a
    /// restricted dossier. Logged as `intervision_shared`.
    pub fn export_intervision(&mut self, client_id: i64) -> Result<IntervisionSummary> {
        self.require_consent(client_id, ConsentPurpose::Intervisie)?;
        let summary = self.intervision_preview(client_id)?;
        let number = self.client_number(client_id)?;
        self.write(|_, _| {
            Ok((
                (),
                vec![AuditEvent::new("intervision_shared", "client", client_id).client(number)],
            ))
        })?;
        Ok(summary)
    }

    /// A dossier copy for a waarnemer or on referral (`purpose` Waarnemer or Verwijzing): only with the
    /// consent the age band requires in force today; never for a restricted dossier. Logged.
    pub fn dossier_copy_for(
        &mut self,
        client_id: i64,
        purpose: ConsentPurpose,
    ) -> Result<super::DossierCopy> {
        self.check_share(client_id, purpose)?;
        let today = super::dutch_today(self);
        let practice = self.practice()?;
        self.read_logged(|tx| {
            let copy = super::export::build_copy(tx, client_id, &[], today, &practice)?;
            let event = AuditEvent::new("copy_shared", "client", client_id)
                .client(copy.client.client_number.clone())
                .detail(purpose.as_str());
            Ok((copy, vec![event]))
        })
    }

    pub(crate) fn require_consent(
        &mut self,
        client_id: i64,
        purpose: ConsentPurpose,
    ) -> Result<()> {
        self.refuse_if_restricted(client_id)?;
        let today = super::dutch_today(self);
        let check = self.consent_check(client_id, purpose, today)?;
        if !check.complete {
            return Err(Error::new(
                ErrorCode::NotAllowed,
                format!(
                    "Er is geen geldige toestemming voor '{}' op {}: ontbreekt van {}. Leg de toestemming eerst vast (WGBO art. 7:457); er is niets gedeeld.",
                    purpose.label(),
                    crate::dates::dutch_long(today),
                    check.missing.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_ignores_case_and_diacritics_and_respects_word_edges() {
        let mut n = 0;
        let out = replace_all("ZOË kwam; zoe en Zoëlla niet.", "Zoë", "[cliënt]", &mut n);
        assert_eq!(out, "[cliënt] kwam; [cliënt] en Zoëlla niet.");
        assert_eq!(n, 2);
    }
}
