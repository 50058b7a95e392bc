//! The dossier as a therapist uses it: clients, trajecten, sessions, notes with history, consents,
//! attachments and search.

mod common;

use common::*;
use dossierkluis::dossier::*;
use dossierkluis::{ErrorCode, Vault};

#[test]
fn a_client_is_saved_with_a_normalised_postcode_and_a_pseudonymous_number() {
    let (_t, mut vault, _) = new_vault();
    let mut input = client("Zoë", "Vries");
    input.tussenvoegsel = "De".into();
    input.postcode = "1234ab".into();
    input.house_number = "12a".into();
    let id = vault.store_mut().add_client(&input).unwrap();
    let c = vault.store_mut().client(id).unwrap();
    assert_eq!(c.postcode, "1234 AB");
    assert_eq!(c.display_name(), "Zoë de Vries");
    assert_eq!(c.client_number, "K-000001");
}

#[test]
fn a_bad_postcode_names_its_field_and_saves_nothing() {
    let (_t, mut vault, _) = new_vault();
    let mut input = client("Anna", "Jansen");
    input.postcode = "12345".into();
    input.email = "anna@".into();
    let err = vault.store_mut().add_client(&input).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["postcode", "email"],
        "every wrong field is named at once"
    );
    assert!(vault.store().list_clients(None).unwrap().is_empty());
}

#[test]
fn search_finds_with_and_without_diacritics_and_by_prefix() {
    let (_t, mut vault, _) = new_vault();
    let zoe = vault
        .store_mut()
        .add_client(&client("Zoë", "Bakker"))
        .unwrap();
    let other = vault
        .store_mut()
        .add_client(&client("Pieter", "Smit"))
        .unwrap();
    vault
        .store_mut()
        .add_entry(
            other,
            &entry(
                EntryKind::Sessieverslag,
                "De cliënt vertelt over piekeren en slapeloosheid.",
            ),
        )
        .unwrap();
    let search = |vault: &mut Vault, q: &str| vault.store_mut().search(q, 20).unwrap();

    assert_eq!(search(&mut vault, "zoe")[0].client_id, zoe, "zoe finds Zoë");
    assert_eq!(search(&mut vault, "Zoë")[0].client_id, zoe, "Zoë finds Zoë");
    let hits = search(&mut vault, "client");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].client_id, other, "client finds cliënt");
    assert_eq!(hits[0].client_name, "Pieter Smit", "a hit names its client");
    assert!(
        hits[0].snippet.contains("[cliënt]"),
        "the snippet marks the word: {}",
        hits[0].snippet
    );
    assert_eq!(
        search(&mut vault, "slapel")[0].kind.as_deref(),
        Some("sessieverslag"),
        "prefixes match"
    );
    assert_eq!(
        search(&mut vault, "pieker slapel").len(),
        1,
        "all words must match"
    );
    assert!(search(&mut vault, "pieker hond").is_empty());
    assert!(
        search(&mut vault, "\"; DROP TABLE clients; --").is_empty(),
        "FTS syntax in input is harmless"
    );
}

#[test]
fn an_edited_entry_keeps_its_earlier_versions_and_search_follows_the_new_text() {
    let (_t, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let e = vault
        .store_mut()
        .add_entry(
            c,
            &entry(EntryKind::Sessieverslag, "Eerste versie over de hond."),
        )
        .unwrap();
    assert_eq!(
        vault
            .store_mut()
            .edit_entry(e, "Tweede versie over de kat.", "correctie: verkeerd dier")
            .unwrap(),
        2
    );
    let history = vault.store_mut().entry_history(e).unwrap();
    assert_eq!(
        history.iter().map(|v| v.text.as_str()).collect::<Vec<_>>(),
        ["Eerste versie over de hond.", "Tweede versie over de kat."]
    );
    assert_eq!(history[1].reason, "correctie: verkeerd dier");
    assert_eq!(
        vault.store_mut().entry(e).unwrap().text,
        "Tweede versie over de kat."
    );
    assert!(
        vault.store_mut().search("hond", 5).unwrap().is_empty(),
        "the index follows the current text"
    );
    assert_eq!(vault.store_mut().search("kat", 5).unwrap().len(), 1);
    let err = vault
        .store()
        .connection()
        .execute(
            "UPDATE entry_versions SET body = 'vervalst' WHERE entry_id = ?1",
            [e],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("dk:append_only"),
        "versions cannot be rewritten even by plain SQL: {err}"
    );
}

#[test]
fn a_clientverklaring_cannot_be_changed_through_the_api_or_sql() {
    let (_t, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let e = vault
        .store_mut()
        .add_entry(
            c,
            &entry(
                EntryKind::Clientverklaring,
                "Ik ben het niet eens met het verslag van 3 maart.",
            ),
        )
        .unwrap();
    let err = vault
        .store_mut()
        .edit_entry(e, "Aangepast door de therapeut.", "")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(err.message.contains("cliëntverklaring"));
    let sql = vault
        .store()
        .connection()
        .execute("UPDATE entries SET body = 'x' WHERE id = ?1", [e]);
    assert!(sql.unwrap_err().to_string().contains("dk:clientverklaring"));
    let sql = vault.store().connection().execute(
        "UPDATE entries SET kind = 'sessieverslag' WHERE id = ?1",
        [e],
    );
    assert!(sql.is_err(), "nor can it be turned into another kind first");
    assert_eq!(
        vault.store_mut().entry(e).unwrap().text,
        "Ik ben het niet eens met het verslag van 3 maart."
    );
}

#[test]
fn administrative_edits_do_not_move_the_wgbo_clock_but_care_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    let (mut vault, _) = Vault::create(
        &dir,
        &pass(),
        dossierkluis::KdfParams::INSECURE_FAST,
        ctx_on("2020-01-10"),
    )
    .unwrap();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Intake, "Intake."))
        .unwrap();
    vault.lock().unwrap();

    let mut vault = Vault::open(&dir, &pass(), ctx_on("2023-05-05")).unwrap();
    let mut moved = client("Anna", "Jansen");
    moved.street = "Nieuwe Straat".into();
    moved.postcode = "9711 AA".into();
    vault.store_mut().update_client(c, &moved).unwrap();
    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Werkaantekening, "Eigen notitie."))
        .unwrap();
    let after_admin = vault.store_mut().client(c).unwrap();
    assert!(
        after_admin
            .last_substantive_change
            .starts_with("2020-01-10"),
        "address change and work note leave the clock: {}",
        after_admin.last_substantive_change
    );
    assert!(after_admin.updated_at.starts_with("2023-05-05"));
    vault.lock().unwrap();

    let mut vault = Vault::open(&dir, &pass(), ctx_on("2024-02-29")).unwrap();
    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Sessieverslag, "Sessie."))
        .unwrap();
    assert!(vault
        .store_mut()
        .client(c)
        .unwrap()
        .last_substantive_change
        .starts_with("2024-02-29"));
}

#[test]
fn trajecten_and_sessions_take_the_agreed_fee_and_validate_input() {
    let (_t, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let t = vault
        .store_mut()
        .add_traject(
            c,
            &TrajectInput {
                regime: Regime::Wgbo,
                start_date: "2026-01-05".into(),
                hulpvraag: "Stress".into(),
                agreed_fee: "85,00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let s = vault
        .store_mut()
        .add_session(
            c,
            &SessionInput {
                traject_id: Some(t),
                date: "2026-01-12".into(),
                start_time: "9:30".into(),
                duration_minutes: 60,
                kind: "24504".into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    let d = vault.store_mut().open_dossier(c).unwrap();
    let session = d.sessions.iter().find(|x| x.id == s).unwrap();
    assert_eq!(session.fee_cents, 8500);
    assert_eq!(session.start_time, "09:30");
    let err = vault
        .store_mut()
        .add_session(
            c,
            &SessionInput {
                date: "2026-13-01".into(),
                duration_minutes: 0,
                kind: "".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    let mut fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["date", "duration_minutes", "kind"]);
    let err = vault
        .store_mut()
        .add_traject(
            c,
            &TrajectInput {
                start_date: "2026-02-01".into(),
                end_date: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.fields[0].field, "end_date");
}

#[test]
fn consent_for_a_14_year_old_needs_the_child_and_each_parent_with_gezag() {
    let (_t, mut vault, _) = new_vault();
    let mut input = client("Daan", "Visser");
    input.birth_date = "2012-03-01".into();
    let c = vault.store_mut().add_client(&input).unwrap();
    let mother = vault
        .store_mut()
        .add_representative(
            c,
            &RepresentativeInput {
                name: "Els Visser".into(),
                relation: "moeder".into(),
                has_gezag: true,
                ..Default::default()
            },
        )
        .unwrap();
    vault
        .store_mut()
        .add_representative(
            c,
            &RepresentativeInput {
                name: "Stiefvader".into(),
                relation: "stiefvader".into(),
                has_gezag: false,
                ..Default::default()
            },
        )
        .unwrap();
    vault
        .store_mut()
        .add_consent(
            c,
            &ConsentInput {
                purpose: ConsentPurpose::Behandeling,
                description: String::new(),
                representative_id: Some(mother),
                given_on: "2026-09-01".into(),
            },
        )
        .unwrap();
    let d = vault.store_mut().open_dossier(c).unwrap();
    assert_eq!(d.treatment_consent.age_band, AgeBand::From12To15);
    assert_eq!(
        d.treatment_consent.missing,
        ["de cliënt zelf"],
        "the stepfather without gezag is not asked"
    );
    vault
        .store_mut()
        .add_consent(
            c,
            &ConsentInput {
                purpose: ConsentPurpose::Behandeling,
                description: String::new(),
                representative_id: None,
                given_on: "2026-09-01".into(),
            },
        )
        .unwrap();
    assert!(
        vault
            .store_mut()
            .open_dossier(c)
            .unwrap()
            .treatment_consent
            .complete
    );
}

#[test]
fn an_attachment_comes_back_byte_identical_and_can_be_removed() {
    let (_t, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let d = vault
        .store_mut()
        .add_document(
            c,
            "/home/x/verwijsbrief.pdf",
            &data,
            "Verwijsbrief huisarts",
        )
        .unwrap();
    let (doc, back) = vault.store_mut().document(d).unwrap();
    assert_eq!(back, data);
    assert_eq!(
        doc.file_name, "verwijsbrief.pdf",
        "only the name is kept, not the path it came from"
    );
    assert_eq!(doc.media_type, "application/pdf");
    vault.store_mut().remove_document(d).unwrap();
    assert_eq!(
        vault.store_mut().document(d).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn reads_of_a_dossier_are_logged_by_client_number_without_content() {
    let (_t, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Geheimenaam", "Achternaamgeheim"))
        .unwrap();
    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Intake, "Vertrouwelijke inhoud xyzzy."))
        .unwrap();
    vault.store_mut().open_dossier(c).unwrap();
    vault.store_mut().search("xyzzy", 5).unwrap();
    let rows = vault.store_mut().audit_for_client(c).unwrap();
    let events: Vec<&str> = rows.iter().map(|r| r.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "client_created",
            "entry_created",
            "dossier_viewed",
            "search_result_shown"
        ]
    );
    assert!(rows
        .iter()
        .all(|r| r.client_ref.as_deref() == Some("K-000001")
            && r.user_name == "tester"
            && r.device == "testmachine"));
    let all = vault.store_mut().audit_recent(1000).unwrap();
    let text = serde_json::to_string(&all).unwrap();
    for secret in ["Geheimenaam", "Achternaamgeheim", "xyzzy", "Vertrouwelijke"] {
        assert!(!text.contains(secret), "the log must not contain {secret}");
    }
    assert!(
        all.iter().any(|r| r.event == "audit_viewed"),
        "looking at the log is logged too"
    );
}

#[test]
fn a_note_cannot_be_linked_to_another_clients_session() {
    let (_t, mut vault, _) = new_vault();
    let a = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let b = vault
        .store_mut()
        .add_client(&client("Bob", "Bakker"))
        .unwrap();
    let s = vault
        .store_mut()
        .add_session(
            b,
            &SessionInput {
                date: "2026-01-12".into(),
                duration_minutes: 60,
                kind: "24504".into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    let mut input = entry(EntryKind::Sessieverslag, "Verslag.");
    input.session_id = Some(s);
    let err = vault.store_mut().add_entry(a, &input).unwrap_err();
    assert_eq!(err.fields[0].field, "session_id");
    assert!(vault
        .store_mut()
        .open_dossier(a)
        .unwrap()
        .entries
        .is_empty());
}

#[test]
fn a_search_logs_which_dossiers_it_showed() {
    let (_t, mut vault, _) = new_vault();
    let a = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    vault
        .store_mut()
        .add_entry(a, &entry(EntryKind::Intake, "Over de tuin."))
        .unwrap();
    vault.store_mut().search("tuin", 10).unwrap();
    let events: Vec<String> = vault
        .store_mut()
        .audit_for_client(a)
        .unwrap()
        .into_iter()
        .map(|r| r.event)
        .collect();
    assert!(
        events.contains(&"search_result_shown".to_string()),
        "{events:?}"
    );
}
