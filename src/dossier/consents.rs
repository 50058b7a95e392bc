//! The consent register (WGBO 7:450, 7:457) and the age-band rule that decides who must consent:
//! under 12 the representatives with gezag; from 12 to 15 the client and those representatives; from
//! 16 the client alone. The band is taken on the date that matters (a session date, a sharing date).

use super::clients::{load_client, load_representatives, touch_substantive, Representative};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPurpose {
    /// Consent to the treatment itself.
    Behandeling,
    ContactHuisarts,
    /// Sharing with a stand-in during absence.
    Waarnemer,
    /// Sharing on referral to another care provider.
    Verwijzing,
    /// An anonymised case discussion in intervision.
    Intervisie,
    /// Sending zorgnota's by e-mail.
    EmailNota,
    Overig,
}

impl ConsentPurpose {
    pub const ALL: [ConsentPurpose; 7] = [
        ConsentPurpose::Behandeling,
        ConsentPurpose::ContactHuisarts,
        ConsentPurpose::Waarnemer,
        ConsentPurpose::Verwijzing,
        ConsentPurpose::Intervisie,
        ConsentPurpose::EmailNota,
        ConsentPurpose::Overig,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentPurpose::Behandeling => "behandeling",
            ConsentPurpose::ContactHuisarts => "contact_huisarts",
            ConsentPurpose::Waarnemer => "waarnemer",
            ConsentPurpose::Verwijzing => "verwijzing",
            ConsentPurpose::Intervisie => "intervisie",
            ConsentPurpose::EmailNota => "email_nota",
            ConsentPurpose::Overig => "overig",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ConsentPurpose::Behandeling => "Behandeling",
            ConsentPurpose::ContactHuisarts => "Contact met de huisarts",
            ConsentPurpose::Waarnemer => "Delen met een waarnemer",
            ConsentPurpose::Verwijzing => "Delen bij verwijzing",
            ConsentPurpose::Intervisie => "Geanonimiseerd bespreken in intervisie",
            ConsentPurpose::EmailNota => "Nota's per e-mail",
            ConsentPurpose::Overig => "Overig",
        }
    }
    pub fn parse(text: &str) -> Option<ConsentPurpose> {
        ConsentPurpose::ALL
            .into_iter()
            .find(|p| p.as_str() == text.trim())
    }
}

/// Age bands of the WGBO (art. 7:447, 7:450, 7:465).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Under12,
    From12To15,
    From16,
}

impl AgeBand {
    pub fn on(birth: NaiveDate, date: NaiveDate) -> AgeBand {
        match crate::dates::age_on(birth, date) {
            ..=11 => AgeBand::Under12,
            12..=15 => AgeBand::From12To15,
            _ => AgeBand::From16,
        }
    }
    pub fn client_must_consent(self) -> bool {
        self != AgeBand::Under12
    }
    pub fn representatives_must_consent(self) -> bool {
        self != AgeBand::From16
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    #[serde(default)]
    pub description: String,
    /// `None`: the client; `Some(id)`: that representative.
    #[serde(default)]
    pub representative_id: Option<i64>,
    pub given_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub id: i64,
    pub client_id: i64,
    pub purpose: ConsentPurpose,
    pub description: String,
    pub representative_id: Option<i64>,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    fn in_force_on(&self, date: NaiveDate) -> bool {
        self.given_on <= date && self.withdrawn_on.is_none_or(|w| w > date)
    }
}

/// Who must consent to `purpose` on `date`, and whose consent is missing.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentCheck {
    pub age_band: AgeBand,
    pub complete: bool,
    /// Dutch descriptions of each missing consent, e.g. "de cliënt zelf", "Anna Jansen (moeder, gezag)".
    pub missing: Vec<String>,
}

pub(crate) fn check_consent(
    birth: NaiveDate,
    representatives: &[Representative],
    consents: &[Consent],
    purpose: ConsentPurpose,
    date: NaiveDate,
) -> ConsentCheck {
    let band = AgeBand::on(birth, date);
    let has = |rep: Option<i64>| {
        consents
            .iter()
            .any(|c| c.purpose == purpose && c.representative_id == rep && c.in_force_on(date))
    };
    let mut missing = Vec::new();
    if band.client_must_consent() && !has(None) {
        missing.push("de cliënt zelf".to_string());
    }
    if band.representatives_must_consent() {
        let with_gezag: Vec<&Representative> =
            representatives.iter().filter(|r| r.has_gezag).collect();
        if with_gezag.is_empty() {
            missing.push(
                "een ouder of voogd met gezag (nog niet vastgelegd bij de cliënt)".to_string(),
            );
        }
        for rep in with_gezag.into_iter().filter(|r| !has(Some(r.id))) {
            let relation = if rep.relation.is_empty() {
                String::new()
            } else {
                format!("{}, ", rep.relation)
            };
            missing.push(format!("{} ({relation}gezag)", rep.name));
        }
    }
    ConsentCheck {
        age_band: band,
        complete: missing.is_empty(),
        missing,
    }
}

pub(crate) fn load_consents(conn: &Connection, client_id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, purpose, description, representative_id, given_on, withdrawn_on FROM consents WHERE client_id = ?1 ORDER BY given_on, id",
    )?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(Consent {
            id: r.get(0)?,
            client_id: r.get(1)?,
            purpose: ConsentPurpose::parse(&r.get::<_, String>(2)?)
                .unwrap_or(ConsentPurpose::Overig),
            description: r.get(3)?,
            representative_id: r.get(4)?,
            given_on: r.get::<_, String>(5)?.parse().unwrap_or_default(),
            withdrawn_on: r.get::<_, Option<String>>(6)?.and_then(|d| d.parse().ok()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

impl Store {
    pub fn add_consent(&mut self, client_id: i64, input: &ConsentInput) -> Result<i64> {
        let given_on = crate::dates::parse_date("given_on", &input.given_on)?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            if let Some(rep) = input.representative_id {
                if !load_representatives(tx, client_id)?.iter().any(|r| r.id == rep) {
                    return Err(Error::field("representative_id", "Deze vertegenwoordiger hoort niet bij deze cliënt."));
                }
            }
            tx.execute(
                "INSERT INTO consents (client_id, purpose, description, given_by, representative_id, given_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    client_id,
                    input.purpose.as_str(),
                    input.description.trim(),
                    if input.representative_id.is_some() { "representative" } else { "client" },
                    input.representative_id,
                    given_on.to_string(),
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            touch_substantive(tx, client_id, &now)?;
            Ok((id, vec![AuditEvent::new("consent_recorded", "consent", id).client(number).detail(input.purpose.as_str())]))
        })
    }

    /// Records that a consent was withdrawn on `withdrawn_on`. The consent stays in the register.
    pub fn withdraw_consent(&mut self, consent_id: i64, withdrawn_on: &str) -> Result<()> {
        let date = crate::dates::parse_date("withdrawn_on", withdrawn_on)?;
        let now = self.now_text();
        self.write(|tx, _| {
            let (client_id, given_on): (i64, String) = tx
                .query_row(
                    "SELECT client_id, given_on FROM consents WHERE id = ?1",
                    [consent_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(|_| Error::not_found("Deze toestemming"))?;
            if date.to_string() < given_on {
                return Err(Error::field(
                    "withdrawn_on",
                    "De datum van intrekken ligt vóór de datum van toestemming.",
                ));
            }
            tx.execute(
                "UPDATE consents SET withdrawn_on = ?2 WHERE id = ?1",
                params![consent_id, date.to_string()],
            )?;
            touch_substantive(tx, client_id, &now)?;
            let number = load_client(tx, client_id)?.client_number;
            Ok((
                (),
                vec![AuditEvent::new("consent_withdrawn", "consent", consent_id).client(number)],
            ))
        })
    }

    /// Whose consent for `purpose` is needed on `date`, given the client's age then, and what is missing.
    pub fn consent_check(
        &self,
        client_id: i64,
        purpose: ConsentPurpose,
        date: NaiveDate,
    ) -> Result<ConsentCheck> {
        let conn = self.connection();
        let client = load_client(conn, client_id)?;
        Ok(check_consent(
            client.birth_date,
            &load_representatives(conn, client_id)?,
            &load_consents(conn, client_id)?,
            purpose,
            date,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rep(id: i64, gezag: bool) -> Representative {
        Representative {
            id,
            client_id: 1,
            name: format!("Ouder {id}"),
            relation: "ouder".into(),
            has_gezag: gezag,
            email: String::new(),
            phone: String::new(),
        }
    }

    fn consent(rep: Option<i64>, given: &str) -> Consent {
        Consent {
            id: 0,
            client_id: 1,
            purpose: ConsentPurpose::Behandeling,
            description: String::new(),
            representative_id: rep,
            given_on: d(given),
            withdrawn_on: None,
        }
    }

    #[test]
    fn who_must_consent_follows_the_age_on_the_date() {
        let birth = d("2012-06-15");
        let reps = [rep(1, true), rep(2, false)];
        // 11 years old: only the parent with gezag; the parent without gezag is not asked.
        let check = check_consent(
            birth,
            &reps,
            &[consent(Some(1), "2023-01-01")],
            ConsentPurpose::Behandeling,
            d("2024-06-14"),
        );
        assert_eq!(check.age_band, AgeBand::Under12);
        assert!(check.complete, "{:?}", check.missing);
        // The next day the child is 12 and must consent too.
        let check = check_consent(
            birth,
            &reps,
            &[consent(Some(1), "2023-01-01")],
            ConsentPurpose::Behandeling,
            d("2024-06-15"),
        );
        assert_eq!(check.age_band, AgeBand::From12To15);
        assert_eq!(check.missing, ["de cliënt zelf"]);
        // At 16 the client alone decides; the parent's consent is not needed.
        let check = check_consent(
            birth,
            &reps,
            &[consent(None, "2024-07-01")],
            ConsentPurpose::Behandeling,
            d("2028-06-15"),
        );
        assert_eq!(check.age_band, AgeBand::From16);
        assert!(check.complete);
    }

    #[test]
    fn a_withdrawn_consent_no_longer_counts() {
        let mut c = consent(None, "2020-01-01");
        c.withdrawn_on = Some(d("2021-01-01"));
        let check = check_consent(
            d("1980-01-01"),
            &[],
            &[c],
            ConsentPurpose::Behandeling,
            d("2021-06-01"),
        );
        assert!(!check.complete);
    }

    #[test]
    fn a_minor_without_recorded_representative_is_flagged() {
        let check = check_consent(
            d("2015-01-01"),
            &[],
            &[],
            ConsentPurpose::Behandeling,
            d("2020-01-01"),
        );
        assert!(check.missing[0].contains("gezag"));
    }
}
