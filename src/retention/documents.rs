//! Documents generated from the practice's real settings (AVG art. 13, 30 and 33(5)): the
//! privacyverklaring, the register of processing activities and the datalekregister. Text is Markdown,
//! in Dutch. The privacyverklaring and the register say only what the vault shows the practice does
//! (see [`super::privacy_facts`]: the regimes of its trajecten, its consents, intervision, exports)
//! and what the therapist entered; what is not entered reads "nog invullen", never a guess. Security
//! lines say what this app does and no more. Each document ends with its version date.

use super::policy::{RetentionSettings, AUDIT_LOG_MIN_YEARS, FINANCIAL_YEARS, WGBO_YEARS};
use super::privacy_facts::{PracticeFacts, PrivacyAnswers};
use crate::audit::AuditEvent;
use crate::dates::dutch_long;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// What Dossierkluis does to protect the data; every line is true of this app today (DESIGN §3, §7,
/// §8; README "Known limits"). Where the backups go is the therapist's answer, printed apart.
const SECURITY: &[&str] = &[
    "Alle gegevens staan versleuteld op de computer van de praktijk (AES-256, SQLCipher); zonder de wachtwoordzin zijn ze onleesbaar.",
    "De wachtwoordzin wordt met Argon2id tot sleutel gemaakt, zodat raden heel traag gaat.",
    "De app vergrendelt zichzelf na een ingestelde tijd zonder gebruik.",
    "Back-ups zijn versleuteld (age-formaat) en worden na het maken gecontroleerd. Dossiers waarvan de bewaartermijn voorbij is, gaan niet mee in een nieuwe back-up.",
    "Elke inzage en wijziging van een dossier wordt vastgelegd in een logboek. Elke regel is met een hashketen aan de vorige gekoppeld, zodat een gewijzigde, verwijderde of verplaatste regel bij controle opvalt. Wie de sleutel van de kluis heeft, kan het logboek wel in zijn geheel herschrijven; de keten beschermt tegen vergissingen en tegen wijzigen buiten de app om.",
    "Vernietigde dossiers worden volledig gewist, ook uit de zoekindex. Een back-up van vóór de vernietiging bevat het dossier nog: wordt die in deze kluis teruggezet, dan haalt Dossierkluis het er meteen weer uit (het vernietigingsregister wordt toegepast); op een andere computer zonder deze kluis gebeurt dat niet. Een vernietigd deel van een dossier haalt Dossierkluis bij het terugzetten van een oudere back-up niet weg: die back-up bevat dat deel nog.",
];

/// The marker for what the therapist still has to enter, with where to do it.
fn fill_in(what: &str, place: &str) -> String {
    format!("[{what} nog invullen in {place}]")
}

fn or_missing(value: &str, what: &str) -> String {
    if value.trim().is_empty() {
        fill_in(what, "het praktijkprofiel")
    } else {
        value.trim().to_string()
    }
}

fn or_ask(value: &str, what: &str) -> String {
    if value.trim().is_empty() {
        fill_in(what, "Instellingen → Privacy")
    } else {
        value.trim().to_string()
    }
}

/// The version line every document ends with.
fn version_line(today: NaiveDate) -> String {
    format!("Versie van {}.", dutch_long(today))
}

/// The recipients sentence list: only what the vault shows the practice really does.
fn recipients(f: &PracticeFacts, a: &PrivacyAnswers) -> Vec<String> {
    let mut out = vec!["Uw dossier geven wij aan niemand anders dan aan u, tenzij u daarvoor toestemming geeft of de wet ons daartoe verplicht (bijvoorbeeld de meldcode huiselijk geweld en kindermishandeling).".to_string()];
    let has = |p: &str| f.consent_purposes.iter().any(|c| c == p);
    let mut with_consent = Vec::new();
    if has("contact_huisarts") {
        with_consent.push("uw huisarts");
    }
    if has("waarnemer") {
        with_consent.push("een waarnemer als ik afwezig ben");
    }
    if has("verwijzing") {
        with_consent.push("een zorgverlener naar wie u wordt verwezen");
    }
    if !with_consent.is_empty() {
        out.push(format!(
            "Alleen met uw toestemming, en alleen wat nodig is: {}.",
            with_consent.join(", ")
        ));
    }
    if f.intervision || has("intervisie") {
        out.push("Intervisie: om de kwaliteit van de begeleiding te bewaken bespreek ik soms een casus met collega's. Dat gebeurt alleen met uw toestemming en alleen met een geanonimiseerde samenvatting, zonder naam, geboortedatum, adres of andere gegevens waaraan u te herkennen bent.".to_string());
    }
    let bookkeeper = or_ask(&a.bookkeeper, "naam van de boekhouder");
    match (f.bookkeeper_with_names, f.bookkeeper_without_names) {
        (true, _) => out.push(format!("De boekhouder ({bookkeeper}) krijgt een overzicht van de nota's met uw naam, het nota- en cliëntnummer en de bedragen; geen inhoud van de behandeling.")),
        (false, true) => out.push(format!("De boekhouder ({bookkeeper}) krijgt een overzicht van de nota's met alleen het nota- en cliëntnummer en de bedragen, zonder uw naam en zonder inhoud van de behandeling.")),
        (false, false) if !a.bookkeeper.is_empty() => out.push(format!("De boekhouder ({bookkeeper}) kan een overzicht van de nota's krijgen (nota- en cliëntnummer, bedragen); geen inhoud van de behandeling.")),
        _ => {}
    }
    if f.business_invoices {
        out.push("Betaalt uw werkgever of een ander bedrijf de begeleiding, dan gaat de factuur naar dat bedrijf, met uw naam, de data en het bedrag; niet wat er besproken is.".to_string());
    }
    if f.zorgnotas {
        out.push("Uw zorgnota krijgt u zelf; u dient die zelf in bij uw zorgverzekeraar. Wij sturen niets rechtstreeks naar de verzekeraar.".to_string());
    }
    out.push("De Belastingdienst kan bij een controle de nota's en de boekhouding inzien (fiscale bewaarplicht).".to_string());
    out
}

/// The processors sentences: the therapist's answers, or what is still to be entered.
fn processors(f: &PracticeFacts, a: &PrivacyAnswers) -> Vec<String> {
    let mut out = vec!["Dossierkluis, het programma waarmee ik het dossier bijhoud, draait op de computer van de praktijk; de leverancier van het programma kan de gegevens niet inzien.".to_string()];
    let email = or_ask(&a.email_provider, "e-maildienst");
    if f.emailed_notas {
        out.push(format!(
            "E-mail (ook nota's die per e-mail naar u gaan) loopt via {email}."
        ));
    } else {
        out.push(format!("E-mail met de praktijk loopt via {email}."));
    }
    out.push(format!(
        "Versleutelde back-ups staan op: {}.",
        or_ask(&a.backup_location, "plaats van de back-ups")
    ));
    match &a.processors {
        None => out.push(format!(
            "Andere verwerkers en of er een verwerkersovereenkomst is: {}.",
            fill_in("verwerkers", "Instellingen → Privacy")
        )),
        Some(list) if list.is_empty() => {
            out.push("Andere verwerkers schakel ik niet in.".to_string())
        }
        Some(list) => {
            for p in list {
                let purpose = if p.purpose.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", p.purpose)
                };
                let agreement = if p.agreement {
                    "met verwerkersovereenkomst"
                } else {
                    "nog zonder verwerkersovereenkomst"
                };
                out.push(format!("{}{purpose}: {agreement}.", p.name));
            }
        }
    }
    out
}

fn transfers(a: &PrivacyAnswers) -> String {
    or_ask(&a.transfers_outside_eea, "doorgifte buiten de EER")
}

/// The retention lines for the terms in force in this practice.
fn retention_lines(f: &PracticeFacts, s: RetentionSettings) -> Vec<String> {
    let mut out = Vec::new();
    if f.wgbo {
        out.push(format!("Dossiers van behandelingen (zorg): {WGBO_YEARS} jaar na de laatste inhoudelijke wijziging van het dossier (WGBO art. 7:454), of langer als goede zorg dat vereist; dan leg ik de reden vast."));
    }
    if f.coaching {
        out.push(format!(
            "Dossiers van coachingstrajecten: {} jaar na het einde van het laatste traject.",
            s.coaching_years
        ));
    }
    out.push(format!(
        "Gegevens van wie contact had maar geen cliënt werd: {} jaar na het laatste contact.",
        s.prospect_years
    ));
    out.push(format!("Nota's en betalingen: {FINANCIAL_YEARS} jaar na het einde van het boekjaar (fiscale bewaarplicht), ook als uw dossier eerder is vernietigd."));
    out.push(format!("Het logboek van wie uw dossier inzag: minstens {AUDIT_LOG_MIN_YEARS} jaar; het bevat alleen uw cliëntnummer, geen namen of inhoud."));
    out
}

fn list(lines: &[String]) -> String {
    lines.iter().map(|l| format!("- {l}\n")).collect()
}

impl Store {
    /// The practice's privacyverklaring (AVG art. 13), in Markdown: derived from what the vault shows
    /// ([`PracticeFacts`]) and what the therapist entered ([`PrivacyAnswers`]); "nog invullen" where
    /// an answer is missing.
    pub fn privacy_statement(&self) -> Result<String> {
        let p = self.practice()?;
        let s = self.retention_settings()?;
        let f = self.practice_facts()?;
        let a = self.privacy_answers()?;
        let today = super::dutch_today(self);
        let name = or_missing(&p.practice_name, "praktijknaam");
        let mut t = format!("# Privacyverklaring {name}\n\n");
        t += &format!(
            "## Wie is verantwoordelijk\n\n{name} ({}), {}, {} {}. E-mail: {}. Telefoon: {}. KvK: {}.\n{} is verantwoordelijk voor de verwerking van uw persoonsgegevens. Een functionaris gegevensbescherming is voor een praktijk van deze omvang niet verplicht en is er niet.\n\n",
            or_missing(&p.therapist_name, "naam behandelaar"),
            format!("{} {}", or_missing(&p.street, "straat"), p.house_number.trim()).trim_end(),
            or_missing(&p.postcode, "postcode"),
            or_missing(&p.city, "plaats"),
            or_missing(&p.email, "e-mailadres"),
            or_missing(&p.phone, "telefoonnummer"),
            or_missing(&p.kvk_number, "KvK-nummer"),
            or_missing(&p.therapist_name, "naam behandelaar"),
        );
        t += "## Welke gegevens\n\nNaam, adres, geboortedatum, telefoonnummer en e-mailadres; als u ze opgeeft de naam van uw huisarts (om met uw toestemming contact te kunnen opnemen) en uw zorgverzekeraar; de afspraken en de verslagen van de behandeling of begeleiding, uw toestemmingen en documenten die u of anderen (met uw toestemming) aanleveren. Bij een minderjarige cliënt ook de gegevens van ouders of voogd. Wij vragen nooit uw burgerservicenummer.\n\n";
        t += "## Waarom en op welke grond\n\n";
        if f.wgbo {
            t += "- Behandeling (zorg): voor een goede behandeling en het bijhouden van uw dossier. Dat is een wettelijke plicht (Wet op de geneeskundige behandelingsovereenkomst, WGBO) en mag volgens de AVG (art. 9 lid 2 onder h) en de Uitvoeringswet AVG (art. 30 lid 3) omdat het nodig is voor uw zorg, door iemand met een geheimhoudingsplicht.\n";
        }
        if f.coaching {
            t += "- Coaching: voor de begeleiding die u met ons afspreekt (uitvoering van de overeenkomst, AVG art. 6 lid 1 onder b). Gegevens over uw gezondheid leggen wij alleen vast met uw uitdrukkelijke toestemming (AVG art. 9 lid 2 onder a).\n";
        }
        t += "- Nota's en boekhouding: een wettelijke plicht (fiscale bewaarplicht, AVG art. 6 lid 1 onder c).\n\n";
        t += "## Met wie wij gegevens delen\n\n";
        t += &list(&recipients(&f, &a));
        t += "\n## Verwerkers\n\n";
        t += &list(&processors(&f, &a));
        t += &format!(
            "\n## Doorgifte buiten de Europese Economische Ruimte\n\n{}\n\n",
            transfers(&a)
        );
        t += "## Hoe lang bewaren wij uw gegevens\n\n";
        t += &list(&retention_lines(&f, s));
        t += "\nNa afloop vernietigen wij de gegevens. Van elke vernietiging houden wij een regel bij met alleen uw cliëntnummer, de datum en de reden.\n\n";
        t += "## Beveiliging\n\n";
        for line in SECURITY {
            t += &format!("- {line}\n");
        }
        t += "\n## Uw rechten\n\nU mag uw dossier inzien en een (digitale) kopie krijgen, gegevens laten corrigeren of een eigen verklaring laten toevoegen, uw dossier geheel of gedeeltelijk laten vernietigen (tenzij de wet of het belang van een ander zich daartegen verzet), de verwerking laten beperken, uw gegevens in een leesbaar bestand meekrijgen, bezwaar maken en uw toestemming intrekken. U mag ook weten wie uw dossier heeft ingezien.\n\n";
        t += &format!(
            "Stuur uw verzoek naar {}. Wij controleren eerst uw identiteit (bijvoorbeeld met een identiteitsbewijs bij een afspraak) en antwoorden binnen een maand; is uw verzoek ingewikkeld, dan kan dat twee maanden langer duren en hoort u dat binnen de eerste maand. Een vernietigingsverzoek voeren wij binnen drie maanden uit. Inzage en een eerste kopie zijn gratis.\n\n",
            or_missing(&p.email, "e-mailadres")
        );
        t += "## Minderjarigen\n\nIs de cliënt jonger dan 12 jaar, dan oefenen de ouders met gezag of de voogd zijn rechten uit. Van 12 tot 16 jaar beslissen de cliënt en de ouders met gezag samen. Vanaf 16 jaar beslist de cliënt zelf: een ouder krijgt dan alleen inzage of een kopie met toestemming van de cliënt, of als de cliënt zijn belangen niet zelf kan behartigen (WGBO art. 7:465).\n\n";
        t += "## Klachten\n\nBent u het niet eens met hoe wij met uw gegevens omgaan, bespreek het dan eerst met ons. ";
        t += &format!(
            "Komen wij er samen niet uit, dan kunt u terecht bij de klachtenregeling (Wkkgz): {}. Daarna kunt u naar de geschilleninstantie: {}.",
            or_ask(&a.klachtenregeling, "klachtenregeling"),
            or_ask(&a.geschilleninstantie, "geschilleninstantie"),
        );
        if !p.beroepsvereniging.trim().is_empty() {
            t += &format!(
                " De praktijk is aangesloten bij {}.",
                p.beroepsvereniging.trim()
            );
        }
        t += " U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens (autoriteitpersoonsgegevens.nl).\n\n";
        t += &format!(
            "## Wijzigingen\n\nDeze verklaring volgt hoe de praktijk werkt; verandert dat, dan passen wij haar aan. De nieuwste versie krijgt u op verzoek. {}\n",
            version_line(today)
        );
        Ok(t)
    }

    /// The register of processing activities (AVG art. 30(1)), in Markdown, from the same facts and
    /// answers as the privacyverklaring.
    pub fn processing_register(&self) -> Result<String> {
        let p = self.practice()?;
        let s = self.retention_settings()?;
        let f = self.practice_facts()?;
        let a = self.privacy_answers()?;
        let today = super::dutch_today(self);
        let mut t = format!(
            "# Register van verwerkingsactiviteiten (AVG art. 30)\n\nVerwerkingsverantwoordelijke: {} ({}), {} {}, {}. Geen functionaris gegevensbescherming (niet verplicht voor een praktijk van deze omvang). {}\n\n",
            or_missing(&p.practice_name, "praktijknaam"),
            or_missing(&p.therapist_name, "naam behandelaar"),
            or_missing(&p.postcode, "postcode"),
            or_missing(&p.city, "plaats"),
            or_missing(&p.email, "e-mailadres"),
            version_line(today),
        );
        let mut dossier_terms = Vec::new();
        if f.wgbo {
            dossier_terms.push(format!(
                "WGBO: {WGBO_YEARS} jaar na laatste inhoudelijke wijziging"
            ));
        }
        if f.coaching {
            dossier_terms.push(format!(
                "coaching: {} jaar na laatste traject",
                s.coaching_years
            ));
        }
        dossier_terms.push(format!(
            "geen cliënt geworden: {} jaar na laatste contact",
            s.prospect_years
        ));
        let mut purpose = Vec::new();
        if f.wgbo {
            purpose
                .push("behandeling (WGBO-dossierplicht; AVG art. 9 lid 2 h, UAVG art. 30 lid 3)");
        }
        if f.coaching {
            purpose.push("coaching (overeenkomst, AVG art. 6 lid 1 b; gezondheidsgegevens alleen met uitdrukkelijke toestemming)");
        }
        let has = |c: &str| f.consent_purposes.iter().any(|x| x == c);
        let mut dossier_recipients = vec!["niemand zonder toestemming"];
        if has("contact_huisarts") {
            dossier_recipients.push("met toestemming: huisarts");
        }
        if has("waarnemer") {
            dossier_recipients.push("met toestemming: waarnemer");
        }
        if has("verwijzing") {
            dossier_recipients.push("met toestemming: verwijzer");
        }
        let mut invoice_recipients = vec!["cliënt".to_string()];
        if f.zorgnotas {
            invoice_recipients.push("zorgverzekeraar (de cliënt dient zelf in)".into());
        }
        if f.business_invoices {
            invoice_recipients.push("werkgever of ander bedrijf dat betaalt".into());
        }
        if f.bookkeeper_with_names || f.bookkeeper_without_names || !a.bookkeeper.is_empty() {
            let how = match (f.bookkeeper_with_names, f.bookkeeper_without_names) {
                (true, _) => " (met namen)",
                (false, true) => " (zonder namen)",
                _ => "",
            };
            invoice_recipients.push(format!(
                "boekhouder {}{how}",
                or_ask(&a.bookkeeper, "naam van de boekhouder")
            ));
        }
        invoice_recipients.push("Belastingdienst".into());
        let transfer = transfers(&a);
        let mut rows: Vec<(&str, String, &str, &str, String, String)> = vec![
            ("Cliëntdossier", purpose.join("; "), "cliënten, ouders of voogd van minderjarigen, contactpersonen", "NAW, geboortedatum, contactgegevens, huisarts, zorgverzekeraar, gezondheidsgegevens, verslagen, toestemmingen", dossier_recipients.join("; "), dossier_terms.join("; ")),
            ("Nota's en betalingen", "facturering; fiscale plicht".into(), "cliënten", "NAW, geboortedatum, behandeldata en tarieven; bij een zorgnota de gegevens die de verzekeraar vraagt", invoice_recipients.join("; "), format!("{FINANCIAL_YEARS} jaar na het einde van het boekjaar")),
            ("Logboek (NEN 7513)", "beveiliging; recht op inzage in wie het dossier zag".into(), "cliënten (alleen cliëntnummer), gebruiker", "tijdstip, gebeurtenis, gebruiker, apparaat, cliëntnummer", "niemand; de cliënt over zijn eigen regels".into(), format!("minstens {AUDIT_LOG_MIN_YEARS} jaar; wordt niet gewist")),
        ];
        if f.intervision || has("intervisie") {
            rows.push((
                "Intervisie",
                "kwaliteit van de begeleiding; met toestemming van de cliënt".into(),
                "cliënten",
                "geanonimiseerde samenvatting zonder naam, geboortedatum of adres",
                "collega's in de intervisiegroep".into(),
                "de samenvatting wordt niet in de app bewaard".into(),
            ));
        }
        for (name, purpose, subjects, data, recipients, term) in rows {
            t += &format!("## {name}\n\n- Doel en grondslag: {purpose}\n- Betrokkenen: {subjects}\n- Gegevens: {data}\n- Ontvangers: {recipients}\n- Doorgifte buiten de EER: {transfer}\n- Bewaartermijn: {term}\n\n");
        }
        t += "## Verwerkers\n\n";
        t += &list(&processors(&f, &a));
        t += "\n## Beveiligingsmaatregelen\n\n";
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
