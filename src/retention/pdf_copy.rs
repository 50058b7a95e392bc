//! The readable dossier copy for the client (WGBO 7:456 inzage/afschrift) as PDF, drawn from the same
//! [`DossierCopy`] as the JSON copy: so it has no werkaantekeningen, and entries the therapist withheld
//! for a third party's privacy (by id) are out too; the PDF says how many were left out, not which.
//!
//! The same layout serves the copy for a waarnemer or on referral (WGBO 7:457, [`Audience`]): only
//! the title, the opening sentence (for whom, on what ground) and the footer differ.

use super::export::DossierCopy;
use crate::dates::dutch_long;
use crate::error::Result;
use crate::pdf::{Block, Column, Document, Paragraph, Row, Table};
use crate::store::Store;

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.trim().to_string()
    }
}

/// Who a PDF copy is for: the client, or (with the client's consent) a waarnemer or the care
/// provider the client is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Client,
    Waarnemer,
    Verwijzing,
}

/// The texts that differ per audience.
struct Wording {
    title: &'static str,
    footer: &'static str,
    about_client: &'static str,
    files_apart: &'static str,
}

impl Audience {
    fn wording(self) -> Wording {
        match self {
            Audience::Client => Wording {
                title: "Kopie van uw dossier",
                footer: "kopie voor de cliënt",
                about_client: "Uw gegevens",
                files_apart: "De bestanden zelf krijgt u los.",
            },
            Audience::Waarnemer => Wording {
                title: "Dossierkopie voor de waarnemer",
                footer: "kopie voor de waarnemer, met toestemming van de cliënt",
                about_client: "Gegevens van de cliënt",
                files_apart: "De bestanden zelf worden apart meegegeven als dat nodig is.",
            },
            Audience::Verwijzing => Wording {
                title: "Dossierkopie bij verwijzing",
                footer: "kopie bij verwijzing, met toestemming van de cliënt",
                about_client: "Gegevens van de cliënt",
                files_apart: "De bestanden zelf worden apart meegegeven als dat nodig is.",
            },
        }
    }

    /// The opening sentence: made when, by whom, for whom and on what ground.
    fn opening(self, made_on: &str, therapist: &str, practice: &str) -> String {
        let work_notes = "Persoonlijke werkaantekeningen van de behandelaar horen niet bij het dossier en staan hier niet in.";
        match self {
            Audience::Client => format!(
                "Gemaakt op {made_on} door {therapist} ({practice}) op uw verzoek (WGBO art. 7:456). {work_notes}"
            ),
            Audience::Waarnemer => format!(
                "Doel: waarneming. Gemaakt op {made_on} door {therapist} ({practice}) voor de waarnemer, met toestemming van de cliënt (WGBO art. 7:457). Alleen gebruiken voor de zorg tijdens de waarneming; niet verder verstrekken. {work_notes}"
            ),
            Audience::Verwijzing => format!(
                "Doel: verwijzing. Gemaakt op {made_on} door {therapist} ({practice}) voor de zorgverlener naar wie de cliënt is verwezen, met toestemming van de cliënt (WGBO art. 7:457). Niet verder verstrekken. {work_notes}"
            ),
        }
    }
}

/// Renders a copy for the client as PDF bytes (deterministic: the date is the copy's `made_on`).
pub fn render(copy: &DossierCopy) -> Result<Vec<u8>> {
    render_for(copy, Audience::Client)
}

/// Renders a copy for `audience` as PDF bytes.
pub fn render_for(copy: &DossierCopy, audience: Audience) -> Result<Vec<u8>> {
    let words = audience.wording();
    let c = &copy.client;
    let name = [
        c.first_names.as_str(),
        c.tussenvoegsel.as_str(),
        c.last_name.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    let practice = or_dash(&copy.practice.practice_name);
    let mut doc = Document::new(format!("{} ({})", words.title, c.client_number))
        .author(practice.clone())
        .date(copy.made_on)
        .footer(format!(
            "{practice} · {} · {}",
            words.footer,
            dutch_long(copy.made_on)
        ))
        .push(Block::title(words.title))
        .push(
            Paragraph::new(audience.opening(
                &dutch_long(copy.made_on),
                &or_dash(&copy.practice.therapist_name),
                &practice,
            ))
            .size(9.0),
        );
    if copy.withheld_entries > 0 {
        doc = doc.push(Paragraph::new(format!(
            "{} aantekening(en) zijn weggelaten omdat ze de persoonlijke levenssfeer van een ander raken (art. 7:456 BW).",
            copy.withheld_entries
        )).size(9.0));
    }
    doc = doc
        .push(Block::heading(words.about_client))
        .push(Block::key_values([
            ("Naam", name),
            ("Cliëntnummer", c.client_number.clone()),
            ("Geboortedatum", dutch_long(c.birth_date)),
            (
                "Adres",
                or_dash(&format!(
                    "{} {}\n{} {}",
                    c.street, c.house_number, c.postcode, c.city
                )),
            ),
            ("E-mail", or_dash(&c.email)),
            ("Telefoon", or_dash(&c.phone)),
            ("Huisarts", or_dash(&c.huisarts)),
            (
                "Zorgverzekeraar",
                or_dash(&format!("{} {}", c.insurer, c.polisnummer)),
            ),
        ]));
    if !copy.representatives.is_empty() {
        doc = doc.push(Block::heading("Vertegenwoordigers")).push(
            Table::new(vec![
                Column::new("Naam", 3.0),
                Column::new("Relatie", 2.0),
                Column::new("Gezag", 1.0),
            ])
            .rows(copy.representatives.iter().map(|r| {
                Row::new([
                    r.name.clone(),
                    or_dash(&r.relation),
                    if r.has_gezag { "ja" } else { "nee" }.to_string(),
                ])
            })),
        );
    }
    if !copy.trajecten.is_empty() {
        doc = doc.push(Block::heading("Trajecten")).push(
            Table::new(vec![
                Column::new("Van", 2.0),
                Column::new("Tot", 2.0),
                Column::new("Hulpvraag", 5.0),
            ])
            .rows(copy.trajecten.iter().map(|t| {
                Row::new([
                    dutch_long(t.start_date),
                    t.end_date.map_or("loopt nog".into(), dutch_long),
                    or_dash(&t.hulpvraag),
                ])
            })),
        );
    }
    if !copy.sessions.is_empty() {
        doc = doc.push(Block::heading("Afspraken")).push(
            Table::new(vec![
                Column::new("Datum", 2.0),
                Column::new("Duur", 1.0).right(),
                Column::new("Soort", 1.5),
                Column::new("Status", 1.5),
            ])
            .rows(copy.sessions.iter().map(|s| {
                let status = match s.status.as_str() {
                    "held" => "gehouden",
                    "planned" => "gepland",
                    "cancelled" => "afgezegd",
                    "no_show" => "niet verschenen",
                    other => other,
                };
                Row::new([
                    dutch_long(s.date),
                    format!("{} min", s.duration_minutes),
                    s.kind.clone(),
                    status.to_string(),
                ])
            })),
        );
    }
    doc = doc.push(Block::heading("Aantekeningen"));
    if copy.entries.is_empty() {
        doc = doc.push(Paragraph::new("Er zijn geen aantekeningen."));
    }
    for e in &copy.entries {
        let version = if e.version > 1 {
            format!(" (gecorrigeerd, versie {})", e.version)
        } else {
            String::new()
        };
        doc = doc
            .push(
                Paragraph::new(format!(
                    "{} — {}{version}",
                    dutch_long(e.entry_date),
                    e.kind.label()
                ))
                .bold(),
            )
            .push(Paragraph::new(e.text.clone()))
            .push(Block::Spacer(2.0));
    }
    if !copy.consents.is_empty() {
        doc = doc.push(Block::heading("Toestemmingen")).push(
            Table::new(vec![
                Column::new("Waarvoor", 3.0),
                Column::new("Gegeven op", 2.0),
                Column::new("Ingetrokken", 2.0),
            ])
            .rows(copy.consents.iter().map(|c| {
                let purpose = crate::dossier::ConsentPurpose::parse(&c.purpose)
                    .map_or(c.purpose.clone(), |p| p.label().to_string());
                let purpose = if c.description.is_empty() {
                    purpose
                } else {
                    format!("{purpose}: {}", c.description)
                };
                Row::new([
                    purpose,
                    dutch_long(c.given_on),
                    c.withdrawn_on.map_or("—".into(), dutch_long),
                ])
            })),
        );
    }
    if !copy.documents.is_empty() {
        doc = doc
            .push(Block::heading("Bijlagen"))
            .push(Paragraph::new(words.files_apart).size(9.0))
            .push(
                Table::new(vec![
                    Column::new("Bestand", 3.0),
                    Column::new("Omschrijving", 4.0),
                ])
                .rows(
                    copy.documents
                        .iter()
                        .map(|d| Row::new([d.file_name.clone(), or_dash(&d.description)])),
                ),
            );
    }
    doc.render()
}

impl Store {
    /// The readable PDF copy for the client: [`Store::dossier_copy`] rendered (logged as such).
    pub fn dossier_copy_pdf(&mut self, client_id: i64, withhold: &[i64]) -> Result<Vec<u8>> {
        let copy = self.copy_logged(client_id, withhold, "pdf")?;
        render(&copy)
    }
}
