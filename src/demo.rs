//! A realistic, deterministic fake practice for trying the app, for tests and for benchmarks: Dutch
//! names (with diacritics and tussenvoegsels), addresses, trajecten, sessions over the chosen years and
//! notes of realistic length. The same seed always gives the same practice. Nothing here is a real
//! person. Dates are spread over the years before the store's "today", and each dossier's
//! `last_substantive_change` is its real last care date, so retention can be simulated on it.

use crate::dossier::NewEntry;
use crate::dossier::{
    insert_client, insert_entry, insert_session, ClientInput, ClientStatus, EntryKind, Session,
    SessionStatus,
};
use crate::error::{Error, ErrorCode, Result};
use crate::practice::Practice;
use crate::store::Store;
use chrono::{Days, NaiveDate};
use rusqlite::params;

/// How big a demo practice to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    pub clients: u32,
    pub years: u32,
    pub seed: u64,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoSummary {
    pub clients: u64,
    pub trajecten: u64,
    pub sessions: u64,
    pub entries: u64,
    /// Invoices issued for the demo's sessions (see `billing::demo`).
    pub invoices: u64,
}

/// SplitMix64: tiny, fast and the same on every platform, which is all a demo needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const FIRST_NAMES: &[&str] = &[
    "Zoë",
    "Chloë",
    "Noël",
    "Anaïs",
    "Daniëlle",
    "Joëlle",
    "Thijs",
    "Sanne",
    "Daan",
    "Emma",
    "Lotte",
    "Sem",
    "Julia",
    "Lucas",
    "Mila",
    "Finn",
    "Tess",
    "Bram",
    "Sophie",
    "Jesse",
    "Fleur",
    "Ruben",
    "Lieke",
    "Niels",
    "Eva",
    "Thomas",
    "Anouk",
    "Jeroen",
    "Marieke",
    "Pieter",
    "Ingrid",
    "Henk",
    "Annemiek",
    "Gerrit",
    "Wilma",
    "Koen",
    "Maaike",
    "Sietske",
    "Wouter",
    "Inge",
    "Floor",
    "Rosalie",
    "Mehmet",
    "Fatima",
    "Yusuf",
    "Amira",
    "Priya",
    "Rajesh",
    "Beatriz",
    "Kees",
    "Ellen",
    "Hanneke",
    "Rik",
    "Sarah",
    "Jan",
    "Mirjam",
    "Esmée",
    "Renée",
];
const LAST_NAMES: &[(&str, &str)] = &[
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Jansen"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van der", "Heijden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("van de", "Ven"),
    ("", "Hoekstra"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("", "Prins"),
    ("", "Blom"),
    ("", "Huisman"),
    ("de", "Jong"),
    ("van", "Dijk"),
    ("", "Yılmaz"),
    ("", "El Amrani"),
    ("", "Kaya"),
    ("", "Özdemir"),
    ("", "Šimić"),
    ("", "Nguyễn"),
];
const STREETS: &[&str] = &[
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Stationsweg",
    "Schoolstraat",
    "Lindelaan",
    "Beukenlaan",
    "Julianastraat",
    "Wilhelminalaan",
    "Prinses Irenestraat",
    "Kastanjelaan",
    "Eikenlaan",
    "Zuiderdiep",
    "Oude Gracht",
    "Nieuwe Binnenweg",
    "Havenkade",
    "Rozengracht",
];
const CITIES: &[(&str, u32)] = &[
    ("Amsterdam", 1011),
    ("Utrecht", 3511),
    ("Rotterdam", 3011),
    ("Den Haag", 2511),
    ("Groningen", 9711),
    ("Zwolle", 8011),
    ("Nijmegen", 6511),
    ("Haarlem", 2011),
    ("Leeuwarden", 8911),
    ("Maastricht", 6211),
    ("Eindhoven", 5611),
    ("Deventer", 7411),
    ("Alkmaar", 1811),
    ("Amersfoort", 3811),
    ("Leiden", 2311),
    ("Den Bosch", 5211),
];
const HUISARTSEN: &[&str] = &[
    "Huisartsenpraktijk De Linde",
    "Gezondheidscentrum Oost",
    "Huisarts Van Dam",
    "Huisartsen aan de Gracht",
    "Praktijk Zuiderpark",
];
const INSURERS: &[&str] = &[
    "Zilveren Kruis",
    "CZ",
    "VGZ",
    "Menzis",
    "ONVZ",
    "DSW",
    "a.s.r.",
    "Zorg en Zekerheid",
];
const HULPVRAGEN: &[&str] = &[
    "Cliënt wil beter leren omgaan met stress en spanning op het werk.",
    "Somberheid na het overlijden van een ouder; wil rouw een plek geven.",
    "Terugkerende paniekaanvallen; wil weer zelfstandig reizen.",
    "Burn-outklachten na een reorganisatie; wil stap voor stap re-integreren.",
    "Relatieproblemen en veel ruzie thuis; wil beter communiceren.",
    "Laag zelfbeeld en moeite met grenzen aangeven.",
    "Slaapproblemen en piekeren sinds de geboorte van het tweede kind.",
    "Loopbaanvraag: twijfelt over een overstap naar een ander vak.",
];
const OPENINGS: &[&str] = &[
    "Cliënt komt op tijd en maakt een rustige indruk.",
    "Cliënt vertelt dat de afgelopen week zwaar was.",
    "We beginnen met een korte terugblik op de vorige sessie.",
    "Cliënt is vandaag wat stiller dan anders en kijkt veel naar beneden.",
    "Cliënt geeft aan dat de oefeningen van vorige keer goed gingen.",
];
const MIDDLES: &[&str] = &[
    "We staan stil bij de situatie op het werk, waar een nieuw conflict met de leidinggevende speelt.",
    "Cliënt beschrijft een moment van paniek in de supermarkt en hoe zij dat heeft opgevangen met ademhalen.",
    "We bespreken de slaap: cliënt ligt nog vaak wakker tussen drie en vijf uur en piekert dan over geld.",
    "In de lichaamsgerichte oefening merkt cliënt spanning in schouders en kaken; benoemen helpt om te ontspannen.",
    "Cliënt vertelt over het contact met haar moeder, dat beter loopt sinds zij duidelijker aangeeft wat zij nodig heeft.",
    "We werken met de tijdlijn van de afgelopen jaren; het verlies van het werk blijkt meer impact te hebben gehad dan gedacht.",
    "Cliënt merkt dat hij sneller boos wordt als hij moe is en wil daar eerder op letten.",
    "We oefenen een gesprek waarin cliënt nee zegt tegen extra diensten; dat voelt ongemakkelijk maar lukt.",
    "Cliënt heeft de dagboekopdracht gedaan en herkent een patroon van vermijden op maandagen.",
    "Het gesprek gaat over zelfzorg: wandelen, op tijd eten en het contact met vrienden weer opzoeken.",
    "Cliënt deelt schaamte over de klachten; we normaliseren dit en verbinden het aan de hulpvraag.",
    "Er is ruimte voor verdriet om de vader; cliënt huilt en zegt daarna dat het oplucht.",
];
const CLOSINGS: &[&str] = &[
    "Afspraak: cliënt oefent dagelijks tien minuten met de ademhaling en houdt het dagboek bij.",
    "Volgende keer bespreken we de voortgang op de doelen uit het behandelplan.",
    "Cliënt gaat deze week één keer bewust nee zeggen en noteert hoe dat voelde.",
    "We spreken af over twee weken verder te gaan; bij een crisis neemt cliënt contact op met de huisarts.",
    "Cliënt voelt zich na de sessie lichter en heeft zin in de komende oefening.",
];
const WORK_NOTES: &[&str] = &[
    "Eigen indruk: mogelijk meer aan de hand thuis dan cliënt nu vertelt; in intervisie bespreken (geanonimiseerd).",
    "Let op eigen irritatie over het te laat komen; ligt dit bij mij?",
    "Hypothese: hechtingsthema speelt mee. Nog niet benoemen.",
];

fn note(rng: &mut Rng, middle_sentences: u64) -> String {
    let mut parts = vec![rng.pick(OPENINGS).to_string()];
    for _ in 0..middle_sentences {
        parts.push(rng.pick(MIDDLES).to_string());
    }
    parts.push(rng.pick(CLOSINGS).to_string());
    parts.join(" ")
}

fn postcode(rng: &mut Rng, base: u32) -> String {
    const LETTERS: &[u8] = b"ABCEGHJKLMNPRTVWXZ";
    let digits = base + rng.below(80) as u32;
    let a = LETTERS[rng.below(LETTERS.len() as u64) as usize] as char;
    let b = LETTERS[rng.below(LETTERS.len() as u64) as usize] as char;
    format!("{digits} {a}{b}")
}

fn at_noon(date: NaiveDate) -> String {
    crate::dates::instant_text(date.and_hms_opt(12, 0, 0).expect("noon").and_utc())
}

impl Store {
    /// Fills an empty vault with a demo practice. Refuses a vault that already has clients, so real
    /// dossiers never mix with fake ones.
    pub fn generate_demo(
        &mut self,
        spec: DemoSpec,
        mut progress: impl FnMut(u32, u32),
    ) -> Result<DemoSummary> {
        let existing: i64 =
            self.connection()
                .query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
        if existing > 0 {
            return Err(Error::new(ErrorCode::NotAllowed, "Een demopraktijk kan alleen in een lege kluis worden gemaakt. Kies een nieuwe map."));
        }
        // Numbers that belong to nobody, and a name that says it is a demo: a demo nota must never
        // carry a real therapist's AGB or RBCZ number, or a real company's KvK number or account.
        // AGB codes start with a two-digit kind of care provider, and 00 is no kind; KvK numbers are
        // never issued as 00000000; "TEST" is no Dutch bank (the IBAN passes the mod-97 check only so
        // the demo can issue); example.com is reserved for examples (RFC 2606).
        self.update_practice(&Practice {
            therapist_name: "Marieke de Wit".into(),
            practice_name: "Praktijk De Wit (demo, bestaat niet)".into(),
            street: "Lindelaan".into(),
            house_number: "12".into(),
            postcode: "3511 AB".into(),
            city: "Utrecht".into(),
            phone: "030 0000000".into(),
            email: "praktijk@example.com".into(),
            agb_zorgverlener: "00000001".into(),
            agb_praktijk: "00000002".into(),
            beroepsvereniging: "VIV Nederland".into(),
            member_number: "DEMO-0001".into(),
            rbcz_number: "DEMO-0001".into(),
            kvk_number: "00000000".into(),
            btw_id: "NL000000000B00".into(),
            iban: "NL13 TEST 0123 4567 89".into(),
            ..Practice::default()
        })?;
        let today = self.context().clock.today();
        let span_days = u64::from(spec.years.max(1)) * 365;
        let first_day = today - Days::new(span_days);
        let mut rng = Rng(spec.seed ^ 0x00D0_55E1_4B1E);
        let mut summary = DemoSummary::default();
        let batch = 100;
        let mut done = 0;
        while done < spec.clients {
            let end = (done + batch).min(spec.clients);
            self.write(|tx, _| {
                for _ in done..end {
                    add_demo_client(tx, &mut rng, first_day, span_days, today, &mut summary)?;
                }
                Ok(((), vec![]))
            })?;
            done = end;
            progress(done, spec.clients);
        }
        summary.invoices = crate::billing::fill_demo(self)?.invoices;
        let detail = format!(
            "{} cliënten, {} aantekeningen, {} facturen",
            summary.clients, summary.entries, summary.invoices
        );
        self.write(|_, _| {
            Ok((
                (),
                vec![crate::audit::AuditEvent::new("demo_generated", "vault", "").detail(detail)],
            ))
        })?;
        Ok(summary)
    }
}

fn add_demo_client(
    tx: &rusqlite::Connection,
    rng: &mut Rng,
    first_day: NaiveDate,
    span_days: u64,
    today: NaiveDate,
    summary: &mut DemoSummary,
) -> Result<()> {
    let (tussenvoegsel, last_name) = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
    let (city, base) = CITIES[rng.below(CITIES.len() as u64) as usize];
    let start = first_day + Days::new(rng.below(span_days));
    let age_at_start = if rng.chance(12) {
        8 + rng.below(9)
    } else {
        18 + rng.below(60)
    };
    let birth = start - Days::new(age_at_start * 365 + rng.below(365));
    let first_name = rng.pick(FIRST_NAMES);
    let prospect = rng.chance(4);
    let input = ClientInput {
        first_names: first_name.to_string(),
        tussenvoegsel: tussenvoegsel.to_string(),
        last_name: last_name.to_string(),
        birth_date: birth.to_string(),
        street: rng.pick(STREETS).to_string(),
        house_number: (1 + rng.below(180)).to_string(),
        postcode: postcode(rng, base),
        city: city.to_string(),
        email: format!(
            "{}.{}@voorbeeld.nl",
            first_name.to_lowercase().replace(['ë', 'ï', 'é'], "e"),
            summary.clients + 1
        ),
        phone: format!("06 {:08}", rng.below(100_000_000)),
        huisarts: rng.pick(HUISARTSEN).to_string(),
        insurer: rng.pick(INSURERS).to_string(),
        polisnummer: if rng.chance(70) {
            format!("{:09}", rng.below(1_000_000_000))
        } else {
            String::new()
        },
        status: if prospect {
            ClientStatus::Prospect
        } else {
            ClientStatus::Active
        },
        call_name: String::new(),
    };
    let created = at_noon(start);
    let (client_id, _) = insert_client(tx, &input, &created)?;
    summary.clients += 1;
    if prospect {
        return Ok(());
    }
    let regime = if rng.chance(88) { "wgbo" } else { "coaching" };
    let fee = 7500 + 500 * rng.below(6) as i64;
    let session_count = 4 + rng.below(46);
    let interval = 7 + 7 * rng.below(2);
    let planned_end = start + Days::new(session_count * interval);
    let end = (planned_end < today).then_some(planned_end);
    tx.execute(
        "INSERT INTO trajecten (client_id, regime, start_date, end_date, hulpvraag, agreed_fee_cents, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![client_id, regime, start.to_string(), end.map(|d| d.to_string()), rng.pick(HULPVRAGEN), fee, created],
    )?;
    let traject_id = tx.last_insert_rowid();
    summary.trajecten += 1;
    let kind = if regime == "coaching" {
        "24505"
    } else {
        "24504"
    };
    let mut last_care = start;
    insert_entry(
        tx,
        &NewEntry {
            client_id,
            kind: EntryKind::Intake,
            date: start,
            text: &note(rng, 6),
            traject_id: Some(traject_id),
            session_id: None,
        },
        &created,
    )?;
    insert_entry(
        tx,
        &NewEntry {
            client_id,
            kind: EntryKind::Behandelplan,
            date: start,
            text: &note(rng, 3),
            traject_id: Some(traject_id),
            session_id: None,
        },
        &created,
    )?;
    summary.entries += 2;
    for n in 1..=session_count {
        let date = start + Days::new(n * interval);
        let status = if date > today {
            SessionStatus::Planned
        } else if rng.chance(4) {
            SessionStatus::Cancelled
        } else {
            SessionStatus::Held
        };
        let session = Session {
            id: 0,
            client_id,
            traject_id: Some(traject_id),
            date,
            start_time: format!(
                "{:02}:{}",
                9 + rng.below(9),
                if rng.chance(50) { "00" } else { "30" }
            ),
            duration_minutes: 60,
            kind: kind.to_string(),
            fee_cents: fee,
            status,
        };
        let at = at_noon(date.min(today));
        let session_id = insert_session(tx, client_id, &session, &at)?;
        summary.sessions += 1;
        if status != SessionStatus::Held {
            continue;
        }
        last_care = date;
        let sentences = 3 + rng.below(6);
        insert_entry(
            tx,
            &NewEntry {
                client_id,
                kind: EntryKind::Sessieverslag,
                date,
                text: &note(rng, sentences),
                traject_id: Some(traject_id),
                session_id: Some(session_id),
            },
            &at,
        )?;
        summary.entries += 1;
        if n % 8 == 0 {
            insert_entry(
                tx,
                &NewEntry {
                    client_id,
                    kind: EntryKind::Evaluatie,
                    date,
                    text: &note(rng, 4),
                    traject_id: Some(traject_id),
                    session_id: Some(session_id),
                },
                &at,
            )?;
            summary.entries += 1;
        }
        if rng.chance(12) {
            insert_entry(
                tx,
                &NewEntry {
                    client_id,
                    kind: EntryKind::Werkaantekening,
                    date,
                    text: rng.pick(WORK_NOTES),
                    traject_id: Some(traject_id),
                    session_id: Some(session_id),
                },
                &at,
            )?;
            summary.entries += 1;
        }
        if rng.chance(5) {
            let letter = format!("Brief aan {}: met toestemming van cliënt een korte terugkoppeling over het verloop van de begeleiding.", input.huisarts);
            insert_entry(
                tx,
                &NewEntry {
                    client_id,
                    kind: EntryKind::Correspondentie,
                    date,
                    text: &letter,
                    traject_id: Some(traject_id),
                    session_id: None,
                },
                &at,
            )?;
            summary.entries += 1;
        }
    }
    let status = if end.is_some() { "closed" } else { "active" };
    tx.execute(
        "UPDATE clients SET status = ?2, last_substantive_change = ?3, updated_at = ?3 WHERE id = ?1",
        params![client_id, status, at_noon(last_care)],
    )?;
    Ok(())
}
