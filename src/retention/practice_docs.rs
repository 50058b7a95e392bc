//! The practice's own privacy paperwork as the window needs it: the three generated documents
//! (privacyverklaring, AVG art. 30 verwerkingsregister, datalekregister) as Markdown, as structured
//! blocks for the screen and as PDF, with the practice-profile fields each one still lacks; and the
//! retention settings as typed in a form.
//!
//! The texts themselves come from [`super::documents`]; this file adds the datalekregister's text,
//! the PDF (through [`crate::pdf::markdown`], deterministic: dated by the store's clock) and the checks.

use super::documents::{DataBreach, DataBreachInput};
use super::policy::RetentionSettings;
use crate::dates::dutch_long;
use crate::error::{Error, Result};
use crate::pdf::markdown::{self, MdBlock};
use crate::practice::Practice;
use crate::store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which generated document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PracticeDocumentKind {
    /// AVG art. 13: for clients.
    Privacyverklaring,
    /// AVG art. 30(1): the register of processing activities.
    Verwerkingsregister,
    /// AVG art. 33(5): every breach, reported or not.
    Datalekregister,
}

impl PracticeDocumentKind {
    /// The file name without extension, for the save dialog.
    pub fn file_stem(self) -> &'static str {
        match self {
            Self::Privacyverklaring => "privacyverklaring",
            Self::Verwerkingsregister => "verwerkingsregister",
            Self::Datalekregister => "datalekregister",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Privacyverklaring => "Privacyverklaring",
            Self::Verwerkingsregister => "Register van verwerkingsactiviteiten",
            Self::Datalekregister => "Datalekregister",
        }
    }

    /// The practice-profile fields the document prints (names as in [`Practice`]).
    fn uses(self) -> &'static [&'static str] {
        match self {
            Self::Privacyverklaring => &[
                "practice_name",
                "therapist_name",
                "street",
                "house_number",
                "postcode",
                "city",
                "email",
                "phone",
                "kvk_number",
            ],
            Self::Verwerkingsregister => &[
                "practice_name",
                "therapist_name",
                "postcode",
                "city",
                "email",
            ],
            Self::Datalekregister => &["practice_name"],
        }
    }
}

/// A generated document, ready for the screen and for saving.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeDocument {
    pub kind: PracticeDocumentKind,
    pub markdown: String,
    /// The same text as blocks (title, heading, paragraph, list), for showing it readable.
    pub blocks: Vec<MdBlock>,
    /// Practice-profile fields (as named in `Practice`) the document needs and that are still empty;
    /// the text says "[… nog invullen in het praktijkprofiel]" where they belong.
    pub missing: Vec<String>,
    /// Privacy answers (as named in [`super::privacy_facts::ANSWER_FIELDS`]) the document needs and
    /// that are not entered yet in Instellingen → Privacy; the text says "nog invullen" there.
    pub missing_privacy: Vec<String>,
}

fn field_value<'a>(p: &'a Practice, field: &str) -> &'a str {
    match field {
        "practice_name" => &p.practice_name,
        "therapist_name" => &p.therapist_name,
        "street" => &p.street,
        "house_number" => &p.house_number,
        "postcode" => &p.postcode,
        "city" => &p.city,
        "email" => &p.email,
        "phone" => &p.phone,
        "kvk_number" => &p.kvk_number,
        _ => "",
    }
}

/// User text on one line, so it cannot start a heading or a list of its own in the Markdown.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn or_unknown(text: &str, unknown: &str) -> String {
    let t = one_line(text);
    if t.is_empty() {
        unknown.to_string()
    } else {
        t
    }
}

fn date_or(date: Option<NaiveDate>, none: &str) -> String {
    date.map_or(none.to_string(), |d| format!("op {}", dutch_long(d)))
}

/// The datalekregister as Markdown: every breach, oldest first, in the words of the form.
pub fn breach_register_markdown(
    practice_name: &str,
    today: NaiveDate,
    all: &[DataBreach],
) -> String {
    let name = practice_name.trim();
    let mut t = if name.is_empty() {
        "# Datalekregister\n\n".to_string()
    } else {
        format!("# Datalekregister {name}\n\n")
    };
    t += &format!(
        "Alle datalekken met persoonsgegevens, ook die niet bij de Autoriteit Persoonsgegevens zijn gemeld (AVG art. 33 lid 5). Stand per {}.\n\n",
        dutch_long(today)
    );
    if all.is_empty() {
        t += "Er is geen datalek vastgelegd.\n";
        return t;
    }
    for (n, b) in all.iter().enumerate() {
        t += &format!(
            "## Datalek {}: ontdekt op {}\n\n",
            n + 1,
            dutch_long(b.discovered_on)
        );
        let lines = [
            ("Wat er is gebeurd", one_line(&b.description)),
            ("Gebeurd", date_or(b.occurred_on, "datum onbekend")),
            (
                "Welke persoonsgegevens",
                or_unknown(&b.data_kinds, "niet ingevuld"),
            ),
            (
                "Aantal betrokkenen",
                b.people_affected
                    .map_or("onbekend".to_string(), |n| n.to_string()),
            ),
            ("Gevolgen", or_unknown(&b.consequences, "niet ingevuld")),
            ("Maatregelen", or_unknown(&b.measures, "niet ingevuld")),
            (
                "Gemeld bij de Autoriteit Persoonsgegevens",
                date_or(b.reported_to_ap_on, "niet gemeld"),
            ),
            (
                "Waarom wel of niet gemeld",
                or_unknown(&b.reported_to_ap_why, "niet ingevuld"),
            ),
            (
                "Betrokkenen geïnformeerd",
                date_or(b.clients_informed_on, "niet"),
            ),
        ];
        for (label, value) in lines {
            t += &format!("- {label}: {value}\n");
        }
        t += "\n";
    }
    t
}

/// Reads a number of years as typed; a refusal names the field.
fn years(field: &str, typed: &str, what: &str) -> Result<u32> {
    typed.trim().parse::<u32>().map_err(|_| {
        Error::field(
            field,
            format!("Vul bij {what} een heel aantal jaar in, van 1 tot 20."),
        )
    })
}

/// The retention settings as a form sends them (the numbers as typed).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionSettingsInput {
    pub coaching_years: String,
    pub prospect_years: String,
}

/// A datalek as the window's form sends it: like [`DataBreachInput`], the number of people as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DataBreachForm {
    pub discovered_on: String,
    pub occurred_on: String,
    pub description: String,
    pub data_kinds: String,
    /// Empty: unknown.
    pub people_affected: String,
    pub consequences: String,
    pub measures: String,
    pub reported_to_ap_on: String,
    pub reported_to_ap_why: String,
    pub clients_informed_on: String,
}

impl DataBreachForm {
    /// The core's input; refuses a number of people that is not a whole number of 0 or more.
    pub fn to_input(&self) -> Result<DataBreachInput> {
        let typed = self.people_affected.trim();
        let people_affected = if typed.is_empty() {
            None
        } else {
            Some(typed.parse::<u32>().map_err(|_| {
                Error::field(
                    "people_affected",
                    "Vul het aantal betrokkenen in als heel getal, of laat het leeg als u het niet weet.",
                )
            })? as i64)
        };
        Ok(DataBreachInput {
            discovered_on: self.discovered_on.clone(),
            occurred_on: self.occurred_on.clone(),
            description: self.description.clone(),
            data_kinds: self.data_kinds.clone(),
            people_affected,
            consequences: self.consequences.clone(),
            measures: self.measures.clone(),
            reported_to_ap_on: self.reported_to_ap_on.clone(),
            reported_to_ap_why: self.reported_to_ap_why.clone(),
            clients_informed_on: self.clients_informed_on.clone(),
        })
    }
}

impl Store {
    /// Records a datalek from the form; returns the stored line.
    pub fn add_data_breach_typed(&mut self, form: &DataBreachForm) -> Result<DataBreach> {
        let id = self.add_data_breach(&form.to_input()?)?;
        self.data_breaches()?
            .into_iter()
            .find(|b| b.id == id)
            .ok_or_else(|| Error::not_found("Het datalek"))
    }

    /// The datalekregister as Markdown.
    pub fn data_breach_register(&self) -> Result<String> {
        let practice = self.practice()?;
        let all = self.data_breaches()?;
        Ok(breach_register_markdown(
            &practice.practice_name,
            super::dutch_today(self),
            &all,
        ))
    }

    /// One generated document, with the profile fields it still lacks.
    pub fn practice_document(&self, kind: PracticeDocumentKind) -> Result<PracticeDocument> {
        let markdown = match kind {
            PracticeDocumentKind::Privacyverklaring => self.privacy_statement()?,
            PracticeDocumentKind::Verwerkingsregister => self.processing_register()?,
            PracticeDocumentKind::Datalekregister => self.data_breach_register()?,
        };
        let practice = self.practice()?;
        let missing = kind
            .uses()
            .iter()
            .filter(|f| field_value(&practice, f).trim().is_empty())
            .map(|f| f.to_string())
            .collect();
        let missing_privacy = match kind {
            PracticeDocumentKind::Datalekregister => Vec::new(),
            _ => self.privacy_answers()?.missing(),
        };
        Ok(PracticeDocument {
            kind,
            missing_privacy,
            blocks: markdown::parse(&markdown),
            markdown,
            missing,
        })
    }

    /// The document as PDF: the same blocks as on screen, dated by the store's clock (so the same
    /// settings on the same day give the same bytes), with the practice and date in the footer.
    pub fn practice_document_pdf(&self, kind: PracticeDocumentKind) -> Result<Vec<u8>> {
        let doc = self.practice_document(kind)?;
        let practice = self.practice()?;
        let today = super::dutch_today(self);
        let name = practice.practice_name.trim();
        let footer = if name.is_empty() {
            format!("{} · {}", kind.title(), dutch_long(today))
        } else {
            format!("{name} · {} · {}", kind.title(), dutch_long(today))
        };
        markdown::to_document(&doc.markdown, kind.title())
            .author(name)
            .date(today)
            .footer(footer)
            .render()
    }

    /// Saves the retention settings as typed in the form: each a whole number of years, 1 to 20;
    /// a refusal names its field and nothing is saved. Returns what is now in force.
    pub fn set_retention_settings_typed(
        &mut self,
        input: &RetentionSettingsInput,
    ) -> Result<RetentionSettings> {
        let settings = RetentionSettings {
            coaching_years: years(
                "coaching_years",
                &input.coaching_years,
                "de bewaartermijn voor coaching",
            )?,
            prospect_years: years(
                "prospect_years",
                &input.prospect_years,
                "de bewaartermijn voor wie nooit cliënt werd",
            )?,
        };
        self.set_retention_settings(settings)?;
        self.retention_settings()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_breach_register_lists_each_breach_and_keeps_user_text_on_its_line() {
        let b = DataBreach {
            id: 1,
            discovered_on: d("2026-11-20"),
            occurred_on: None,
            description: "laptop kwijt\n# geen kop".into(),
            data_kinds: String::new(),
            people_affected: Some(12),
            consequences: String::new(),
            measures: "wachtwoord gewijzigd".into(),
            reported_to_ap_on: Some(d("2026-11-21")),
            reported_to_ap_why: String::new(),
            clients_informed_on: None,
        };
        let md = breach_register_markdown("Praktijk X", d("2026-11-30"), &[b]);
        let blocks = markdown::parse(&md);
        assert_eq!(
            blocks[0],
            MdBlock::Title("Datalekregister Praktijk X".into())
        );
        assert_eq!(
            blocks
                .iter()
                .filter(|b| matches!(b, MdBlock::Heading(_)))
                .count(),
            1,
            "a '#' typed in the description must not become a heading: {md}"
        );
        for must in [
            "laptop kwijt # geen kop",
            "Aantal betrokkenen: 12",
            "op 21 november 2026",
            "Betrokkenen geïnformeerd: niet",
        ] {
            assert!(md.contains(must), "missing {must:?} in {md}");
        }
    }

    #[test]
    fn the_number_of_people_is_a_whole_number_or_unknown() {
        let form = |n: &str| DataBreachForm {
            people_affected: n.into(),
            ..Default::default()
        };
        assert_eq!(form("").to_input().unwrap().people_affected, None);
        assert_eq!(form(" 40 ").to_input().unwrap().people_affected, Some(40));
        for bad in ["-1", "veel", "2,5"] {
            let err = form(bad).to_input().expect_err(bad);
            assert_eq!(err.fields[0].field, "people_affected", "{bad}: {err:?}");
        }
    }

    #[test]
    fn an_empty_register_says_so() {
        let md = breach_register_markdown("", d("2026-11-30"), &[]);
        assert!(md.starts_with("# Datalekregister\n"), "{md}");
        assert!(md.contains("Er is geen datalek vastgelegd."), "{md}");
    }
}
