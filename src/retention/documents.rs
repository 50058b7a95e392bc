//! Documents generated from the practice's real settings (AVG art. 13, 30 and 33(5)): the
//! privacyverklaring, the register of processing activities and the datalekregister. Text is Markdown,
//! in Dutch, with this practice's retention terms and only security measures that are true of this app.

use super::policy::{FINANCIAL_YEARS, WGBO_YEARS};
use crate::audit::AuditEvent;
use crate::dossier::Regime;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// What Dossierkluis does to protect the data; every line is true of this app (DESIGN §3, §7, §8).
const SECURITY: &[&str] = &[
    "Alle gegevens staan versleuteld op de computer van de praktijk (AES-256, SQLCipher); zonder de wachtwoordzin zijn ze onleesbaar.",
    "De wachtwoordzin wordt met Argon2id tot sleutel gemaakt, zodat raden heel traag gaat.",
    "De app vergrendelt zichzelf na een ingestelde tijd zonder gebruik.",
    "Back-ups zijn versleuteld (age-formaat) en worden na het maken gecontroleerd.",
    "Elke inzage en wijziging van een dossier wordt vastgelegd in een logboek dat niet ongemerkt kan worden veranderd.",
    "Er is geen cloud: de gegevens gaan niet via internet naar een leverancier.",
    "Vernietigde dossiers worden volledig gewist, ook uit de zoekindex, en keren niet terug uit een back-up.",
];

fn or_missing(value: &str, what: &str) -> String {
    if value.trim().is_empty() {
        format!("[{what} nog invullen in het praktijkprofiel]")
    } else {
        value.trim().to_string()
    }
}

impl Store {
    /// The practice's privacyverklaring (AVG art. 13), in Markdown.
    pub fn privacy_statement(&self) -> Result<String> {
        let p = self.practice()?;
        let s = self.retention_settings()?;
        let wgbo = p.default_regime == Regime::Wgbo;
        let name = or_missing(&p.practice_name, "praktijknaam");
        let mut t = format!("# Privacyverklaring {name}\n\n");
        t += &format!(
            "## Wie zijn wij\n\n{name} ({}), {}, {} {}. E-mail: {}. Telefoon: {}. KvK: {}.\n{} is verantwoordelijk voor de verwerking van uw persoonsgegevens.\n\n",
            or_missing(&p.therapist_name, "naam behandelaar"),
            format!("{} {}", or_missing(&p.street, "straat"), p.house_number.trim()).trim_end(),
            or_missing(&p.postcode, "postcode"),
            or_missing(&p.city, "plaats"),
            or_missing(&p.email, "e-mailadres"),
            or_missing(&p.phone, "telefoonnummer"),
            or_missing(&p.kvk_number, "KvK-nummer"),
            or_missing(&p.therapist_name, "naam behandelaar"),
        );
        t += "## Welke gegevens\n\nNaam, adres, geboortedatum, telefoonnummer en e-mailadres; gegevens van uw huisarts en zorgverzekeraar (voor de nota); de afspraken en de verslagen van de behandeling, uw toestemmingen en documenten die u of anderen (met uw toestemming) aanleveren. Bij een minderjarige cliënt ook de gegevens van ouders of voogd. Wij vragen nooit uw burgerservicenummer.\n\n";
        t += "## Waarom en op welke grond\n\n";
        if wgbo {
            t += "- Voor een goede behandeling en het bijhouden van uw dossier: dat is een wettelijke plicht (Wet op de geneeskundige behandelingsovereenkomst, WGBO) en mag volgens de AVG en de Uitvoeringswet AVG (art. 30 lid 3) omdat het nodig is voor uw zorg, door iemand met een geheimhoudingsplicht.\n";
        } else {
            t += "- Voor de begeleiding die u met ons afspreekt (uitvoering van de overeenkomst, AVG art. 6 lid 1 onder b). Gegevens over uw gezondheid leggen wij alleen vast met uw uitdrukkelijke toestemming.\n";
        }
        t += "- Voor de nota en de boekhouding: een wettelijke plicht (fiscale bewaarplicht).\n- Wij delen niets met anderen (ook niet met uw huisarts of een waarnemer) zonder uw toestemming, tenzij de wet ons daartoe verplicht.\n\n";
        t += "## Hoe lang bewaren wij uw gegevens\n\n";
        if wgbo {
            t += &format!("- Uw dossier: {WGBO_YEARS} jaar na de laatste inhoudelijke wijziging van het dossier (WGBO art. 7:454), of langer als goede zorg dat vereist; dan leggen wij de reden vast.\n");
        }
        t += &format!(
            "- Dossiers van coachingstrajecten: {} jaar na het einde van het laatste traject.\n- Gegevens van wie contact had maar geen cliënt werd: {} jaar na het laatste contact.\n- Nota's en betalingen: {FINANCIAL_YEARS} jaar na het einde van het boekjaar (fiscale bewaarplicht), ook als uw dossier eerder is vernietigd.\n- Het logboek van wie uw dossier inzag: minstens 5 jaar; het bevat alleen uw cliëntnummer, geen namen of inhoud.\n\nNa afloop vernietigen wij de gegevens volledig. Van elke vernietiging houden wij een regel bij met alleen uw cliëntnummer, de datum en de reden.\n\n",
            s.coaching_years, s.prospect_years
        );
        t += "## Beveiliging\n\n";
        for line in SECURITY {
            t += &format!("- {line}\n");
        }
        t += "\n## Verwerkers\n\nDe dossiers staan alleen op de computer van de praktijk; er is geen softwareleverancier of cloud die ze kan inzien. Nota's kunnen per e-mail naar u of uw verzekeraar gaan; daarvoor gebruiken wij de e-maildienst van de praktijk.\n\n";
        t += "## Uw rechten\n\nU mag uw dossier inzien en een (digitale) kopie krijgen, gegevens laten corrigeren of een eigen verklaring laten toevoegen, uw dossier laten vernietigen (tenzij de wet of het belang van een ander zich daartegen verzet), de verwerking laten beperken, uw gegevens in een leesbaar bestand meekrijgen, bezwaar maken en uw toestemming intrekken. U mag ook weten wie uw dossier heeft ingezien.\n\n";
        t += &format!(
            "Stuur uw verzoek naar {}. Wij controleren eerst uw identiteit en antwoorden binnen een maand; is uw verzoek ingewikkeld, dan kan dat twee maanden langer duren en hoort u dat binnen de eerste maand. Een vernietigingsverzoek voeren wij binnen drie maanden uit. Inzage en een eerste kopie zijn gratis.\n\n",
            or_missing(&p.email, "e-mailadres")
        );
        t += "## Klachten\n\nBent u het niet eens met hoe wij met uw gegevens omgaan, bespreek het dan eerst met ons. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).";
        if !p.beroepsvereniging.trim().is_empty() {
            t += &format!(
                " Voor klachten over de behandeling kunt u terecht bij de klachtenregeling van {}.",
                p.beroepsvereniging.trim()
            );
        }
        t += "\n";
        Ok(t)
    }

    /// The register of processing activities (AVG art. 30(1)), in Markdown.
    pub fn processing_register(&self) -> Result<String> {
        let p = self.practice()?;
        let s = self.retention_settings()?;
        let mut t = format!(
            "# Register van verwerkingsactiviteiten (AVG art. 30)\n\nVerwerkingsverantwoordelijke: {} ({}), {} {}, {}. Geen functionaris gegevensbescherming (niet verplicht voor een praktijk van deze omvang).\n\n",
            or_missing(&p.practice_name, "praktijknaam"),
            or_missing(&p.therapist_name, "naam behandelaar"),
            or_missing(&p.postcode, "postcode"),
            or_missing(&p.city, "plaats"),
            or_missing(&p.email, "e-mailadres"),
        );
        let rows: [(&str, &str, &str, &str, &str, String); 3] = [
            ("Cliëntdossier", "behandeling of begeleiding; dossierplicht", "cliënten, ouders of voogd van minderjarigen, contactpersonen", "NAW, geboortedatum, contactgegevens, huisarts, gezondheidsgegevens, verslagen, toestemmingen", "niemand zonder toestemming; met toestemming: huisarts, waarnemer, verwijzer", format!("WGBO: {WGBO_YEARS} jaar na laatste inhoudelijke wijziging; coaching: {} jaar na laatste traject; geen cliënt geworden: {} jaar na laatste contact", s.coaching_years, s.prospect_years)),
            ("Nota's en betalingen", "facturering; fiscale plicht", "cliënten", "NAW, geboortedatum, verzekeraar, polisnummer, behandeldata en tarieven", "cliënt, zorgverzekeraar (via de cliënt), Belastingdienst", format!("{FINANCIAL_YEARS} jaar na het einde van het boekjaar")),
            ("Logboek (NEN 7513)", "beveiliging; recht op inzage in wie het dossier zag", "cliënten (alleen cliëntnummer), gebruiker", "tijdstip, gebeurtenis, gebruiker, apparaat, cliëntnummer", "niemand; de cliënt over zijn eigen regels", "minstens 5 jaar; wordt niet gewist".to_string()),
        ];
        for (name, purpose, subjects, data, recipients, term) in rows {
            t += &format!("## {name}\n\n- Doel: {purpose}\n- Betrokkenen: {subjects}\n- Gegevens: {data}\n- Ontvangers: {recipients}\n- Doorgifte buiten de EU: geen\n- Bewaartermijn: {term}\n\n");
        }
        t += "## Beveiligingsmaatregelen\n\n";
        for line in SECURITY {
            t += &format!("- {line}\n");
        }
        Ok(t)
    }

    /// Adds a line to the datalekregister (AVG art. 33(5)): every breach, reported or not.
    pub fn add_data_breach(&mut self, input: &DataBreachInput) -> Result<i64> {
        let discovered = crate::dates::parse_date("discovered_on", &input.discovered_on)?;
        if input.description.trim().is_empty() {
            return Err(Error::field(
                "description",
                "Beschrijf wat er is gebeurd (zonder namen van cliënten).",
            ));
        }
        let opt = |field: &str, v: &str| -> Result<Option<String>> {
            if v.trim().is_empty() {
                Ok(None)
            } else {
                crate::dates::parse_date(field, v).map(|d| Some(d.to_string()))
            }
        };
        let occurred = opt("occurred_on", &input.occurred_on)?;
        let reported = opt("reported_to_ap_on", &input.reported_to_ap_on)?;
        let informed = opt("clients_informed_on", &input.clients_informed_on)?;
        let now = self.now_text();
        self.write(|tx, _| {
            tx.execute(
                "INSERT INTO datalek_register (discovered_on, occurred_on, description, data_kinds, people_affected, consequences, measures, \
                 reported_to_ap_on, reported_to_ap_why, clients_informed_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![discovered.to_string(), occurred, input.description.trim(), input.data_kinds.trim(), input.people_affected,
                        input.consequences.trim(), input.measures.trim(), reported, input.reported_to_ap_why.trim(), informed, now],
            )?;
            let id = tx.last_insert_rowid();
            Ok((id, vec![AuditEvent::new("data_breach_recorded", "datalek", id)]))
        })
    }

    /// The datalekregister, oldest first.
    pub fn data_breaches(&self) -> Result<Vec<DataBreach>> {
        let mut stmt = self.connection().prepare(
            "SELECT id, discovered_on, occurred_on, description, data_kinds, people_affected, consequences, measures, reported_to_ap_on, \
             reported_to_ap_why, clients_informed_on FROM datalek_register ORDER BY discovered_on, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DataBreach {
                    id: r.get(0)?,
                    discovered_on: super::date_of(&r.get::<_, String>(1)?),
                    occurred_on: r.get::<_, Option<String>>(2)?.map(|s| super::date_of(&s)),
                    description: r.get(3)?,
                    data_kinds: r.get(4)?,
                    people_affected: r.get(5)?,
                    consequences: r.get(6)?,
                    measures: r.get(7)?,
                    reported_to_ap_on: r.get::<_, Option<String>>(8)?.map(|s| super::date_of(&s)),
                    reported_to_ap_why: r.get(9)?,
                    clients_informed_on: r
                        .get::<_, Option<String>>(10)?
                        .map(|s| super::date_of(&s)),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// A datalek as the form sends it; dates as typed (empty: unknown / not done).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DataBreachInput {
    pub discovered_on: String,
    pub occurred_on: String,
    pub description: String,
    pub data_kinds: String,
    pub people_affected: Option<i64>,
    pub consequences: String,
    pub measures: String,
    pub reported_to_ap_on: String,
    /// Why it was (not) reported to the AP.
    pub reported_to_ap_why: String,
    pub clients_informed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataBreach {
    pub id: i64,
    pub discovered_on: NaiveDate,
    pub occurred_on: Option<NaiveDate>,
    pub description: String,
    pub data_kinds: String,
    pub people_affected: Option<i64>,
    pub consequences: String,
    pub measures: String,
    pub reported_to_ap_on: Option<NaiveDate>,
    pub reported_to_ap_why: String,
    pub clients_informed_on: Option<NaiveDate>,
}
