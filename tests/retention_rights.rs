//! Sharing with consent, minors and the generated documents (issue 5 §5–7), and the CLI of retention.

mod common;

use common::cli::Cli;
use common::*;
use dossierkluis::dossier::{
    ClientInput, ConsentInput, ConsentPurpose, EntryKind, RepresentativeInput, SessionInput,
    SessionStatus,
};
use dossierkluis::ErrorCode;

fn full_client() -> ClientInput {
    ClientInput {
        first_names: "Zoë Marije".into(),
        call_name: "Zoe".into(),
        tussenvoegsel: "van der".into(),
        last_name: "Berg-Åkesson".into(),
        birth_date: "1988-04-17".into(),
        street: "Kromme Nieuwegracht".into(),
        house_number: "41".into(),
        postcode: "3512 HK".into(),
        city: "Utrecht".into(),
        email: "zoe.berg@voorbeeld.nl".into(),
        phone: "06 12345678".into(),
        huisarts: "Huisartsenpraktijk Oudwijk".into(),
        insurer: "Zilveren Kruis".into(),
        polisnummer: "987654321".into(),
        ..Default::default()
    }
}

#[test]
fn the_intervision_summary_holds_none_of_the_clients_identifying_fields() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&full_client()).unwrap();
    s.add_representative(
        c,
        &RepresentativeInput {
            name: "Henk Jansma".into(),
            relation: "partner".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.add_entry(
        c,
        &entry(
            EntryKind::Sessieverslag,
            "Zoe vertelt dat ze in Utrecht aan de Kromme Nieuwegracht 41 woont (3512 HK), geboren 17-04-1988. \
             Mevrouw Van der Berg-Åkesson belt met 06 12345678, mailt via zoe.berg@voorbeeld.nl. ZOË's partner Henk \
             kwam mee. Huisartsenpraktijk Oudwijk is op de hoogte; Zilveren Kruis polis 987654321. Dossier K-000001.",
        ),
    )
    .unwrap();
    s.add_entry(
        c,
        &entry(EntryKind::Werkaantekening, "eigen indruk, niet delen"),
    )
    .unwrap();
    let summary = s.intervision_preview(c).unwrap();
    let text = summary.to_text();
    let lower = text.to_lowercase();
    for identifying in [
        "zoë",
        "zoe",
        "marije",
        "berg",
        "åkesson",
        "akesson",
        "kromme",
        "nieuwegracht",
        "3512",
        "utrecht",
        "1988",
        "17-04",
        "zoe.berg",
        "12345678",
        "oudwijk",
        "zilveren",
        "987654321",
        "k-000001",
        "henk",
        "jansma",
        "eigen indruk",
    ] {
        assert!(
            !lower.contains(identifying),
            "{identifying:?} leaked into:\n{text}"
        );
    }
    assert!(
        text.contains("[cliënt]") && text.contains("[woonplaats]") && text.contains("[postcode]")
    );
    assert!(summary.replacements >= 12, "{}", summary.replacements);

    let err = vault.store_mut().export_intervision(c).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed, "no intervisie consent yet");
    assert!(err.message.contains("toestemming"), "{}", err.message);
    vault
        .store_mut()
        .add_consent(
            c,
            &ConsentInput {
                purpose: ConsentPurpose::Intervisie,
                description: String::new(),
                representative_id: None,
                given_on: "2026-11-01".into(),
            },
        )
        .unwrap();
    vault.store_mut().export_intervision(c).unwrap();
    let log = vault.store_mut().who_viewed(c).unwrap();
    assert!(
        log.iter().any(|l| l.event == "intervision_shared"),
        "sharing is logged"
    );
}

#[test]
fn a_copy_for_a_waarnemer_needs_consent_on_that_date_and_no_restriction() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&client("Wim", "Waar")).unwrap();
    let err = s
        .dossier_copy_for(c, ConsentPurpose::Waarnemer)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message.contains("waarnemer") || err.message.contains("Waarnemer"),
        "{}",
        err.message
    );
    let consent = s
        .add_consent(
            c,
            &ConsentInput {
                purpose: ConsentPurpose::Waarnemer,
                description: "tijdens vakantie".into(),
                representative_id: None,
                given_on: "2026-11-01".into(),
            },
        )
        .unwrap();
    s.dossier_copy_for(c, ConsentPurpose::Waarnemer).unwrap();
    assert!(
        s.dossier_copy_for(c, ConsentPurpose::Verwijzing).is_err(),
        "consent is per purpose"
    );
    s.set_restricted(c, true).unwrap();
    let err = s
        .dossier_copy_for(c, ConsentPurpose::Waarnemer)
        .unwrap_err();
    assert!(err.message.contains("beperkt"), "{}", err.message);
    s.set_restricted(c, false).unwrap();
    s.withdraw_consent(consent, "2026-11-10").unwrap();
    assert!(
        s.dossier_copy_for(c, ConsentPurpose::Waarnemer).is_err(),
        "withdrawn consent no longer counts"
    );
    let log = s.who_viewed(c).unwrap();
    assert_eq!(log.iter().filter(|l| l.event == "copy_shared").count(), 1);
}

#[test]
fn minors_sessions_without_the_consent_their_age_band_needs_are_listed() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let mut child = client("Kim", "Kind");
    child.birth_date = "2012-06-15".into();
    let c = s.add_client(&child).unwrap();
    let mother = s
        .add_representative(
            c,
            &RepresentativeInput {
                name: "Moeder Kind".into(),
                relation: "moeder".into(),
                has_gezag: true,
                ..Default::default()
            },
        )
        .unwrap();
    let session = |date: &str| SessionInput {
        date: date.into(),
        duration_minutes: 45,
        kind: "24504".into(),
        status: SessionStatus::Held,
        ..Default::default()
    };
    // 11 years old: only the mother. 12: mother and child. 16: the child alone.
    s.add_session(c, &session("2024-01-10")).unwrap();
    let at12 = s.add_session(c, &session("2024-07-01")).unwrap();
    s.add_session(c, &session("2028-07-01")).unwrap();
    s.add_consent(
        c,
        &ConsentInput {
            purpose: ConsentPurpose::Behandeling,
            description: String::new(),
            representative_id: Some(mother),
            given_on: "2024-01-01".into(),
        },
    )
    .unwrap();
    let warnings = s.missing_consents(c).unwrap();
    let dates: Vec<String> = warnings.iter().map(|w| w.date.to_string()).collect();
    assert_eq!(dates, vec!["2024-07-01", "2028-07-01"], "{warnings:?}");
    assert_eq!(warnings[0].session_id, at12);
    assert!(warnings[0].missing.iter().any(|m| m.contains("cliënt")));
    s.add_consent(
        c,
        &ConsentInput {
            purpose: ConsentPurpose::Behandeling,
            description: String::new(),
            representative_id: None,
            given_on: "2024-06-20".into(),
        },
    )
    .unwrap();
    assert!(s.missing_consents(c).unwrap().is_empty());
}

#[test]
fn the_privacy_statement_and_register_use_this_practices_terms() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let mut p = s.practice().unwrap();
    p.practice_name = "Praktijk Duinzicht".into();
    p.therapist_name = "Marieke de Wit".into();
    p.email = "info@duinzicht.nl".into();
    s.update_practice(&p).unwrap();
    s.set_retention_settings(dossierkluis::retention::RetentionSettings {
        coaching_years: 4,
        prospect_years: 2,
    })
    .unwrap();
    // A client in care and one in coaching: both terms are in force.
    for regime in [
        dossierkluis::dossier::Regime::Wgbo,
        dossierkluis::dossier::Regime::Coaching,
    ] {
        let c = s.add_client(&client("Anna", "Visser")).unwrap();
        s.add_traject(
            c,
            &dossierkluis::dossier::TrajectInput {
                regime,
                start_date: "2026-01-10".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let text = s.privacy_statement().unwrap();
    for must in [
        "Praktijk Duinzicht",
        "info@duinzicht.nl",
        "20 jaar na de laatste inhoudelijke wijziging",
        "4 jaar na het einde van het laatste traject",
        "7 jaar",
        "Autoriteit Persoonsgegevens",
        "binnen een maand",
        "versleuteld",
        "KvK-nummer nog invullen",
    ] {
        assert!(
            text.contains(must),
            "privacyverklaring misses {must:?}:\n{text}"
        );
    }
    assert!(
        !text.contains("20 jaar na de laatste behandeling"),
        "the common mistake"
    );
    let register = s.processing_register().unwrap();
    assert!(register.contains("Bewaartermijn") && register.contains("4 jaar"));
    let id = s
        .add_data_breach(&dossierkluis::retention::documents::DataBreachInput {
            discovered_on: "2026-11-20".into(),
            description: "laptop in de trein laten liggen; kluis was vergrendeld".into(),
            reported_to_ap_why: "niet gemeld: gegevens versleuteld".into(),
            ..Default::default()
        })
        .unwrap();
    let all = s.data_breaches().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, id);
    assert!(s
        .add_data_breach(&dossierkluis::retention::documents::DataBreachInput::default())
        .is_err());
}

#[test]
fn the_cli_lists_due_dossiers_with_id_and_reason_and_destroys_with_confirmation() {
    let cli = Cli::new();
    cli.ok(&["init", "--insecure-fast-kdf"]);
    cli.ok(&[
        "--today",
        "2001-05-01",
        "client",
        "add",
        "--first-name",
        "Oud",
        "--last-name",
        "Dossier",
        "--birth-date",
        "1960-01-01",
    ]);
    cli.ok(&[
        "--today",
        "2001-05-01",
        "entry",
        "add",
        "--client",
        "1",
        "--kind",
        "intake",
        "--text",
        "oude intake",
    ]);
    cli.ok(&[
        "--today",
        "2020-01-01",
        "client",
        "add",
        "--first-name",
        "Nieuw",
        "--last-name",
        "Dossier",
        "--birth-date",
        "1980-01-01",
    ]);
    let due: serde_json::Value =
        serde_json::from_str(&cli.ok(&["--today", "2021-05-01", "retention", "due", "--json"]))
            .unwrap();
    let due = due.as_array().unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0]["client_id"], 1);
    assert!(due[0]["reason"].as_str().unwrap().contains("20 jaar"));

    let refused = cli.run(&[
        "--today",
        "2021-05-01",
        "retention",
        "destroy",
        "1",
        "--reason",
        "termijn verstreken",
    ]);
    assert!(
        !refused.status.success(),
        "no terminal and no --yes: refused"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    let early = cli.run(&[
        "--today",
        "2021-05-01",
        "retention",
        "destroy",
        "2",
        "--reason",
        "x",
        "--yes",
    ]);
    assert!(!early.status.success(), "not due and no request");
    cli.ok(&[
        "--today",
        "2021-05-01",
        "retention",
        "destroy",
        "1",
        "--reason",
        "termijn verstreken",
        "--yes",
    ]);
    let register: serde_json::Value =
        serde_json::from_str(&cli.ok(&["retention", "register", "--json"])).unwrap();
    assert_eq!(register[0]["client_number"], "K-000001");
    assert_eq!(register[0]["ground"], "termijn");

    let copy = cli.dir().join("kopie.json");
    cli.ok(&[
        "export",
        "client",
        "2",
        "--format",
        "json",
        "--out",
        copy.to_str().unwrap(),
    ]);
    let parsed: dossierkluis::retention::DossierCopy =
        serde_json::from_slice(&std::fs::read(&copy).unwrap()).unwrap();
    assert_eq!(parsed.client.first_names, "Nieuw");

    cli.ok(&[
        "--today",
        "2021-05-01",
        "request",
        "add",
        "--client",
        "2",
        "--kind",
        "vernietiging",
        "--received",
        "2021-04-30",
        "--identity",
        "paspoort",
    ]);
    let due: serde_json::Value =
        serde_json::from_str(&cli.ok(&["--today", "2021-05-01", "request", "due", "--json"]))
            .unwrap();
    assert_eq!(due[0]["deadline"], "2021-05-30");
    assert_eq!(due[0]["days_left"], 29);
    cli.ok(&[
        "--today",
        "2021-05-02",
        "retention",
        "destroy",
        "2",
        "--reason",
        "verzoek",
        "--request",
        "1",
        "--yes",
    ]);
    let list: serde_json::Value =
        serde_json::from_str(&cli.ok(&["request", "list", "--json"])).unwrap();
    assert_eq!(list[0]["status"], "uitgevoerd");
}

#[test]
fn the_intervision_summary_of_demo_clients_holds_none_of_their_identifying_fields() {
    let (_tmp, mut vault, _) = new_vault();
    vault
        .store_mut()
        .generate_demo(
            dossierkluis::demo::DemoSpec {
                clients: 12,
                years: 3,
                seed: 3,
            },
            |_, _| {},
        )
        .unwrap();
    let ids: Vec<i64> = vault
        .store()
        .list_clients(Some(dossierkluis::dossier::ClientStatus::Active))
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(ids.len() >= 5);
    for id in ids {
        let c = vault.store_mut().client(id).unwrap();
        // A note that names every identifying field, as a real note might.
        let mention = format!(
            "{} {} {} ({}) woont aan de {} {}, {} {}; mail {} / tel {}; huisarts {}; {} polis {}; {}",
            c.first_names, c.tussenvoegsel, c.last_name, c.birth_date.format("%d-%m-%Y"), c.street,
            c.house_number, c.postcode, c.city, c.email, c.phone, c.huisarts, c.insurer, c.polisnummer,
            c.client_number
        );
        vault
            .store_mut()
            .add_entry(id, &entry(EntryKind::Sessieverslag, &mention))
            .unwrap();
        let text = vault.store_mut().intervision_preview(id).unwrap().to_text();
        let lower = text.to_lowercase();
        for field in [
            &c.first_names,
            &c.last_name,
            &c.street,
            &c.postcode,
            &c.city,
            &c.email,
            &c.phone,
            &c.huisarts,
            &c.insurer,
            &c.polisnummer,
            &c.client_number,
            &c.birth_date.format("%d-%m-%Y").to_string(),
        ] {
            if field.trim().len() >= 2 {
                assert!(
                    !lower.contains(&field.to_lowercase()),
                    "{field:?} of {} leaked into the summary:\n{text}",
                    c.client_number
                );
            }
        }
    }
}
