//! The practice profile: who the therapist is and how the practice is registered. Zorgnota's, the
//! privacy statement and the retention settings are made from it.

use crate::audit::AuditEvent;
use crate::dossier::validate::{self, Checks};
use crate::dossier::Regime;
use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Practice {
    pub therapist_name: String,
    pub practice_name: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// AGB-code zorgverlener: 8 digits.
    pub agb_zorgverlener: String,
    /// AGB-code praktijk: 8 digits.
    pub agb_praktijk: String,
    pub beroepsvereniging: String,
    pub member_number: String,
    pub rbcz_number: String,
    /// KvK-nummer: 8 digits.
    pub kvk_number: String,
    pub btw_id: String,
    pub iban: String,
    pub default_regime: Regime,
    /// Minutes without activity before the app locks itself.
    pub idle_lock_minutes: u32,
}

impl Default for Practice {
    fn default() -> Self {
        Practice {
            therapist_name: String::new(),
            practice_name: String::new(),
            street: String::new(),
            house_number: String::new(),
            postcode: String::new(),
            city: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            agb_zorgverlener: String::new(),
            agb_praktijk: String::new(),
            beroepsvereniging: String::new(),
            member_number: String::new(),
            rbcz_number: String::new(),
            kvk_number: String::new(),
            btw_id: String::new(),
            iban: String::new(),
            default_regime: Regime::Wgbo,
            idle_lock_minutes: 10,
        }
    }
}

fn digits(field: &str, label: &str, value: &str, count: usize) -> Result<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
        .collect();
    if compact.is_empty() {
        return Ok(String::new());
    }
    if compact.len() != count || !compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::field(
            field,
            format!(
                "{label} bestaat uit {count} cijfers; '{}' klopt niet.",
                value.trim()
            ),
        ));
    }
    Ok(compact)
}

/// An IBAN with a correct ISO 13616 check (mod 97), written in groups of four.
pub fn iban(field: &str, value: &str) -> Result<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Ok(String::new());
    }
    let bad = || {
        Error::field(
            field,
            format!(
                "'{}' is geen geldig IBAN. Controleer het nummer op uw bankpas of bankafschrift.",
                value.trim()
            ),
        )
    };
    if !(15..=34).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad());
    }
    let rearranged = format!("{}{}", &compact[4..], &compact[..4]);
    let mut remainder = 0u32;
    for c in rearranged.chars() {
        let value = c.to_digit(36).ok_or_else(bad)?;
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder != 1 {
        return Err(bad());
    }
    Ok(compact
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect::<Vec<_>>()
        .join(" "))
}

impl Practice {
    pub fn validate(&self) -> Result<Practice> {
        let mut c = Checks::default();
        let mut p = self.clone();
        let text = |c: &mut Checks, field: &str, label: &str, v: &str| {
            c.check(validate::optional(field, label, v))
                .unwrap_or_default()
        };
        p.therapist_name = text(&mut c, "therapist_name", "uw naam", &self.therapist_name);
        p.practice_name = text(
            &mut c,
            "practice_name",
            "de praktijknaam",
            &self.practice_name,
        );
        p.street = text(&mut c, "street", "de straat", &self.street);
        p.city = text(&mut c, "city", "de plaats", &self.city);
        p.website = text(&mut c, "website", "de website", &self.website);
        p.beroepsvereniging = text(
            &mut c,
            "beroepsvereniging",
            "de beroepsvereniging",
            &self.beroepsvereniging,
        );
        p.member_number = text(
            &mut c,
            "member_number",
            "het lidnummer",
            &self.member_number,
        );
        p.rbcz_number = text(&mut c, "rbcz_number", "het RBCZ-nummer", &self.rbcz_number);
        p.btw_id = text(&mut c, "btw_id", "het btw-id", &self.btw_id).to_uppercase();
        p.house_number = c
            .check(validate::house_number("house_number", &self.house_number))
            .unwrap_or_default();
        p.postcode = c
            .check(validate::postcode("postcode", &self.postcode))
            .unwrap_or_default();
        p.phone = c
            .check(validate::phone("phone", &self.phone))
            .unwrap_or_default();
        p.email = c
            .check(validate::email("email", &self.email))
            .unwrap_or_default();
        p.agb_zorgverlener = c
            .check(digits(
                "agb_zorgverlener",
                "Een AGB-code",
                &self.agb_zorgverlener,
                8,
            ))
            .unwrap_or_default();
        p.agb_praktijk = c
            .check(digits(
                "agb_praktijk",
                "Een AGB-code",
                &self.agb_praktijk,
                8,
            ))
            .unwrap_or_default();
        p.kvk_number = c
            .check(digits("kvk_number", "Een KvK-nummer", &self.kvk_number, 8))
            .unwrap_or_default();
        p.iban = c.check(iban("iban", &self.iban)).unwrap_or_default();
        if !(1..=240).contains(&self.idle_lock_minutes) {
            c.check::<()>(Err(Error::field(
                "idle_lock_minutes",
                "Kies een vergrendeltijd tussen 1 en 240 minuten.",
            )));
        }
        c.finish()?;
        Ok(p)
    }
}

const PRACTICE_COLUMNS: &str = "therapist_name, practice_name, street, house_number, postcode, city, phone, email, website, \
    agb_zorgverlener, agb_praktijk, beroepsvereniging, member_number, rbcz_number, kvk_number, btw_id, iban, default_regime, idle_lock_minutes";

impl Store {
    /// The practice profile; defaults until it is first saved.
    pub fn practice(&self) -> Result<Practice> {
        let row = self
            .connection()
            .query_row(
                &format!("SELECT {PRACTICE_COLUMNS} FROM practice WHERE id = 1"),
                [],
                |r| {
                    Ok(Practice {
                        therapist_name: r.get(0)?,
                        practice_name: r.get(1)?,
                        street: r.get(2)?,
                        house_number: r.get(3)?,
                        postcode: r.get(4)?,
                        city: r.get(5)?,
                        phone: r.get(6)?,
                        email: r.get(7)?,
                        website: r.get(8)?,
                        agb_zorgverlener: r.get(9)?,
                        agb_praktijk: r.get(10)?,
                        beroepsvereniging: r.get(11)?,
                        member_number: r.get(12)?,
                        rbcz_number: r.get(13)?,
                        kvk_number: r.get(14)?,
                        btw_id: r.get(15)?,
                        iban: r.get(16)?,
                        default_regime: Regime::parse(&r.get::<_, String>(17)?),
                        idle_lock_minutes: r.get(18)?,
                    })
                },
            )
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    pub fn update_practice(&mut self, input: &Practice) -> Result<Practice> {
        let p = input.validate()?;
        let now = self.now_text();
        self.write(|tx, _| {
            tx.execute(
                &format!("INSERT OR REPLACE INTO practice (id, {PRACTICE_COLUMNS}, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"),
                params![
                    p.therapist_name, p.practice_name, p.street, p.house_number, p.postcode, p.city, p.phone, p.email, p.website,
                    p.agb_zorgverlener, p.agb_praktijk, p.beroepsvereniging, p.member_number, p.rbcz_number, p.kvk_number, p.btw_id,
                    p.iban, p.default_regime.as_str(), p.idle_lock_minutes, now
                ],
            )?;
            Ok((p.clone(), vec![AuditEvent::new("practice_updated", "practice", 1)]))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn iban_check_digits_are_verified() {
        assert_eq!(
            super::iban("iban", "nl91abna0417164300").unwrap(),
            "NL91 ABNA 0417 1643 00"
        );
        assert!(super::iban("iban", "NL92ABNA0417164300").is_err());
    }

    #[test]
    fn agb_codes_have_eight_digits() {
        let p = super::Practice {
            agb_zorgverlener: "90-123456".into(),
            agb_praktijk: "9012345".into(),
            ..Default::default()
        };
        let err = p.validate().unwrap_err();
        assert_eq!(err.fields.len(), 1);
        assert_eq!(err.fields[0].field, "agb_praktijk");
    }
}
