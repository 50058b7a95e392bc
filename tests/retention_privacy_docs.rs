//! Issue 12 item 1: the privacyverklaring and the verwerkingsregister follow the facts of this
//! practice (the regimes of its trajecten, its consents, intervision, the exports it made) and what
//! the therapist entered with `practice privacy set`; what is not entered reads "nog invullen", and
//! nothing the app cannot know is claimed.

mod common;

use common::cli::Cli;
use common::*;
use dossierkluis::dossier::{ConsentInput, ConsentPurpose, EntryKind, Regime, TrajectInput};
use dossierkluis::retention::privacy_facts::{PrivacyAnswers, Processor};
use dossierkluis::Vault;

fn traject(regime: Regime) -> TrajectInput {
    TrajectInput {
        regime,
        start_date: "2026-01-10".into(),
        ..Default::default()
    }
}

fn set_default(vault: &mut Vault, regime: Regime) {
    let s = vault.store_mut();
    let mut p = s.practice().unwrap();
    p.default_regime = regime;
    s.update_practice(&p).unwrap();
}

fn add_client_with(vault: &mut Vault, regime: Regime) -> i64 {
    let s = vault.store_mut();
    let c = s.add_client(&client("Anna", "Visser")).unwrap();
    s.add_traject(c, &traject(regime)).unwrap();
    c
}

const WGBO_TERM: &str = "20 jaar na de laatste inhoudelijke wijziging";
const WGBO_GROUND: &str = "Wet op de geneeskundige behandelingsovereenkomst";
const COACHING_TERM: &str = "Dossiers van coachingstrajecten";
const COACHING_GROUND: &str = "AVG art. 6 lid 1 onder b";

#[test]
fn a_coaching_default_practice_with_a_wgbo_traject_gets_the_20_year_term() {
    let (_tmp, mut vault, _) = new_vault();
    set_default(&mut vault, Regime::Coaching);
    let before = vault.store().privacy_statement().unwrap();
    assert!(
        !before.contains(WGBO_TERM) && before.contains(COACHING_TERM),
        "with no trajecten yet the default decides:\n{before}"
    );
    add_client_with(&mut vault, Regime::Wgbo);
    let text = vault.store().privacy_statement().unwrap();
    assert!(text.contains(WGBO_TERM), "{text}");
    assert!(text.contains(WGBO_GROUND), "{text}");
    assert!(
        !text.contains(COACHING_TERM) && !text.contains(COACHING_GROUND),
        "no coaching traject is registered, so no coaching clause:\n{text}"
    );
    let register = vault.store().processing_register().unwrap();
    assert!(
        register.contains("WGBO: 20 jaar") && !register.contains("coaching:"),
        "{register}"
    );
}

#[test]
fn a_wgbo_default_practice_with_only_coaching_gives_no_wgbo_ground_and_both_give_both() {
    let (_tmp, mut vault, _) = new_vault();
    set_default(&mut vault, Regime::Wgbo);
    add_client_with(&mut vault, Regime::Coaching);
    let text = vault.store().privacy_statement().unwrap();
    assert!(
        text.contains(COACHING_GROUND) && text.contains(COACHING_TERM),
        "{text}"
    );
    assert!(
        !text.contains(WGBO_GROUND) && !text.contains(WGBO_TERM),
        "coaching clients must not get the WGBO legal basis:\n{text}"
    );
    add_client_with(&mut vault, Regime::Wgbo);
    let both = vault.store().privacy_statement().unwrap();
    for must in [WGBO_GROUND, WGBO_TERM, COACHING_GROUND, COACHING_TERM] {
        assert!(
            both.contains(must),
            "with both regimes registered, {must:?} is missing:\n{both}"
        );
    }
}

#[test]
fn a_practice_that_shared_an_intervision_summary_mentions_intervision() {
    let (_tmp, mut vault, _) = new_vault();
    let c = add_client_with(&mut vault, Regime::Wgbo);
    let s = vault.store_mut();
    s.add_entry(c, &entry(EntryKind::Sessieverslag, "Gesprek over slaap."))
        .unwrap();
    assert!(!s
        .privacy_statement()
        .unwrap()
        .to_lowercase()
        .contains("intervisie"));
    assert!(!s.processing_register().unwrap().contains("## Intervisie"));
    s.add_consent(
        c,
        &ConsentInput {
            purpose: ConsentPurpose::Intervisie,
            description: String::new(),
            representative_id: None,
            given_on: "2026-11-01".into(),
        },
    )
    .unwrap();
    s.export_intervision(c).unwrap();
    let text = s.privacy_statement().unwrap();
    assert!(
        text.contains("Intervisie:") && text.contains("geanonimiseerde samenvatting"),
        "{text}"
    );
    assert!(s.processing_register().unwrap().contains("## Intervisie"));
}

#[test]
fn bookkeeper_exports_say_whether_names_go_along() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let d = |t: &str| t.parse().unwrap();
    assert!(!s.privacy_statement().unwrap().contains("De boekhouder"));
    s.export_invoices_csv(d("2026-01-01"), d("2026-11-21"), false)
        .unwrap();
    let without = s.privacy_statement().unwrap();
    assert!(without.contains("zonder uw naam"), "{without}");
    assert!(
        without.contains("naam van de boekhouder nog invullen"),
        "who the bookkeeper is, only the therapist knows:\n{without}"
    );
    s.export_invoices_csv(d("2026-01-01"), d("2026-11-21"), true)
        .unwrap();
    let with = s.privacy_statement().unwrap();
    assert!(with.contains("met uw naam"), "{with}");
    assert!(s.processing_register().unwrap().contains("(met namen)"));
}

#[test]
fn with_nothing_entered_the_statement_claims_no_cloud_no_transfers_no_processors() {
    let (_tmp, vault, _) = new_vault();
    let text = vault.store().privacy_statement().unwrap();
    let register = vault.store().processing_register().unwrap();
    for doc in [&text, &register] {
        for claim in [
            "geen cloud",
            "Er is geen cloud",
            "buiten de EU: geen",
            "buiten de EER: geen",
            "keren niet terug uit een back-up",
            "niet ongemerkt kan worden veranderd",
            "Wij delen niets met anderen",
            "schakel ik niet in",
        ] {
            assert!(
                !doc.contains(claim),
                "claims {claim:?} without knowing it:\n{doc}"
            );
        }
    }
    for ask in [
        "e-maildienst nog invullen in Instellingen → Privacy",
        "plaats van de back-ups nog invullen",
        "verwerkers nog invullen",
        "doorgifte buiten de EER nog invullen",
        "klachtenregeling nog invullen",
        "geschilleninstantie nog invullen",
    ] {
        assert!(
            text.contains(ask),
            "the statement should ask {ask:?}:\n{text}"
        );
    }
    assert!(
        register.contains("doorgifte buiten de EER nog invullen"),
        "{register}"
    );
    assert!(
        !text.contains("voor de nota"),
        "notas carry no huisarts or insurer:\n{text}"
    );
    assert!(
        text.contains(
            "wie de sleutel van de kluis heeft, kan het logboek wel in zijn geheel herschrijven"
        ) || text.contains(
            "Wie de sleutel van de kluis heeft, kan het logboek wel in zijn geheel herschrijven"
        ),
        "the log sentence says what the hash chain gives:\n{text}"
    );
    assert!(text.contains("Versie van 21 november 2026."), "{text}");
    assert!(
        register.contains("Versie van 21 november 2026."),
        "{register}"
    );
    let doc = vault
        .store()
        .practice_document(
            dossierkluis::retention::practice_docs::PracticeDocumentKind::Privacyverklaring,
        )
        .unwrap();
    assert_eq!(doc.missing_privacy.len(), 7, "{:?}", doc.missing_privacy);
}

#[test]
fn answers_entered_with_practice_privacy_set_appear_and_none_means_none() {
    let cli = Cli::new();
    cli.init();
    let out = cli.json(&[
        "--json",
        "practice",
        "privacy",
        "set",
        r#"{"email_provider":"Proton Mail","bookkeeper":"Administratiekantoor De Boer","klachtenregeling":"Klachtenregeling van de VBAG","geschilleninstantie":"SCAG"}"#,
    ]);
    assert_eq!(out["answers"]["email_provider"], "Proton Mail");
    let missing: Vec<String> = serde_json::from_value(out["missing"].clone()).unwrap();
    assert_eq!(
        missing,
        ["backup_location", "processors", "transfers_outside_eea"]
    );
    let text = cli.ok(&["retention", "privacy-statement"]);
    for must in [
        "via Proton Mail",
        "Klachtenregeling van de VBAG",
        "geschilleninstantie: SCAG",
        "plaats van de back-ups nog invullen",
    ] {
        assert!(text.contains(must), "missing {must:?}:\n{text}");
    }
    let out = cli.json(&[
        "--json",
        "practice",
        "privacy",
        "set",
        r#"{"backup_location":"USB-stick in de brandkast","processors":[{"name":"Proton AG","purpose":"e-mail","agreement":true},{"name":"Agenda BV","purpose":"online agenda","agreement":false}],"transfers_outside_eea":"geen"}"#,
    ]);
    assert_eq!(out["missing"], serde_json::json!([]));
    let text = cli.ok(&["retention", "privacy-statement"]);
    for must in [
        "Versleutelde back-ups staan op: USB-stick in de brandkast.",
        "Proton AG (e-mail): met verwerkersovereenkomst.",
        "Agenda BV (online agenda): nog zonder verwerkersovereenkomst.",
    ] {
        assert!(text.contains(must), "missing {must:?}:\n{text}");
    }
    assert!(!text.contains("nog invullen in Instellingen"), "{text}");
    let register = cli.ok(&["retention", "processing-register"]);
    assert!(
        register.contains("Doorgifte buiten de EER: geen"),
        "{register}"
    );
    // A typo is refused rather than leaving the fact unanswered without a word.
    let bad = cli.run(&[
        "--json",
        "practice",
        "privacy",
        "set",
        r#"{"emial_provider":"x"}"#,
    ]);
    assert!(!bad.status.success());
    assert_eq!(common::cli::err_code(&bad), "invalid_input");
}

#[test]
fn an_explicit_empty_processor_list_is_stated_and_a_nameless_one_refused() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let err = s
        .set_privacy_answers(&PrivacyAnswers {
            processors: Some(vec![Processor::default()]),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.fields[0].field, "processors");
    s.set_privacy_answers(&PrivacyAnswers {
        processors: Some(vec![]),
        ..Default::default()
    })
    .unwrap();
    let text = s.privacy_statement().unwrap();
    assert!(
        text.contains("Andere verwerkers schakel ik niet in."),
        "{text}"
    );
}

/// The topics every seed statement covers, each with the words that show the topic is there.
const CHECKLIST: &[(&str, &[&str])] = &[
    (
        "controller",
        &[
            "## Wie is verantwoordelijk",
            "verantwoordelijk voor de verwerking",
        ],
    ),
    (
        "purposes and grounds",
        &["## Waarom en op welke grond", "AVG art."],
    ),
    ("categories", &["## Welke gegevens", "geboortedatum"]),
    ("recipients", &["## Met wie wij gegevens delen"]),
    ("processors", &["## Verwerkers"]),
    (
        "transfers",
        &["## Doorgifte buiten de Europese Economische Ruimte"],
    ),
    (
        "retention",
        &["## Hoe lang bewaren wij uw gegevens", "7 jaar"],
    ),
    ("security", &["## Beveiliging", "versleuteld"]),
    (
        "rights with deadlines and identity check",
        &[
            "## Uw rechten",
            "inzien",
            "vernietigen",
            "binnen een maand",
            "identiteit",
            "drie maanden",
        ],
    ),
    ("minors", &["## Minderjarigen", "12 jaar", "16 jaar"]),
    (
        "complaints",
        &[
            "## Klachten",
            "klachtenregeling",
            "geschilleninstantie",
            "Autoriteit Persoonsgegevens",
        ],
    ),
    ("changes", &["## Wijzigingen", "Versie van"]),
];

fn missing_topics(text: &str) -> Vec<&'static str> {
    CHECKLIST
        .iter()
        .filter(|(_, words)| !words.iter().all(|w| text.contains(w)))
        .map(|(topic, _)| *topic)
        .collect()
}

#[test]
fn the_statement_covers_every_topic_of_the_seed_statements() {
    let (_tmp, mut vault, _) = new_vault();
    for regime in [Regime::Wgbo, Regime::Coaching] {
        set_default(&mut vault, regime);
        let text = vault.store().privacy_statement().unwrap();
        assert_eq!(missing_topics(&text), Vec::<&str>::new(), "{text}");
    }
    // The checklist itself fails on a statement without a topic.
    let text = vault.store().privacy_statement().unwrap();
    let cut = text.replace("## Minderjarigen", "## Kinderen");
    assert_eq!(missing_topics(&cut), ["minors"]);
}
