//! The practice's privacy documents on paper (issue 5 items 1, 6, 7): the privacyverklaring, the
//! verwerkingsregister and the datalekregister rendered to PDF from the real settings and read back
//! with `pdftotext`; the same bytes for the same day; the profile fields still to fill in; and the
//! retention settings as typed in a form, refused per field.

mod common;

use common::cli::Cli;
use common::*;
use dossierkluis::dossier::{Regime, TrajectInput};
use dossierkluis::pdf::markdown::MdBlock;
use dossierkluis::retention::documents::DataBreachInput;
use dossierkluis::retention::practice_docs::{PracticeDocumentKind, RetentionSettingsInput};
use dossierkluis::ErrorCode;
use std::process::Command;

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads the PDF");
    // Words may be spread or wrapped over lines; compare with whitespace collapsed.
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn typed(coaching: &str, prospect: &str) -> RetentionSettingsInput {
    RetentionSettingsInput {
        coaching_years: coaching.into(),
        prospect_years: prospect.into(),
    }
}

#[test]
fn the_privacyverklaring_pdf_carries_the_practices_own_terms_and_is_the_same_each_time() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let mut p = s.practice().unwrap();
    p.practice_name = "Praktijk Duinzicht".into();
    p.therapist_name = "Marieke de Wit".into();
    p.email = "info@duinzicht.nl".into();
    s.update_practice(&p).unwrap();
    let now = s.set_retention_settings_typed(&typed("7", "3")).unwrap();
    // One client in care and one in coaching: the statement carries both terms.
    for regime in [Regime::Wgbo, Regime::Coaching] {
        let c = s.add_client(&client("Anna", "Visser")).unwrap();
        s.add_traject(
            c,
            &TrajectInput {
                regime,
                start_date: "2026-01-10".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    assert_eq!((now.coaching_years, now.prospect_years), (7, 3));

    let pdf = s
        .practice_document_pdf(PracticeDocumentKind::Privacyverklaring)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdftotext(&pdf);
    for must in [
        "Privacyverklaring Praktijk Duinzicht",
        "Hoe lang bewaren wij uw gegevens",
        "Dossiers van coachingstrajecten: 7 jaar na het einde van het laatste traject",
        "geen cliënt werd: 3 jaar na het laatste contact",
        "20 jaar na de laatste inhoudelijke wijziging",
        "info@duinzicht.nl",
        "Pagina 1 van",
    ] {
        assert!(text.contains(must), "the PDF misses {must:?}:\n{text}");
    }
    assert!(
        text.contains("• Nota's en betalingen"),
        "list items are printed as bullets:\n{text}"
    );
    assert!(
        !text.contains("## ") && !text.contains("- Nota"),
        "no Markdown syntax on paper:\n{text}"
    );
    assert_eq!(
        pdf,
        s.practice_document_pdf(PracticeDocumentKind::Privacyverklaring)
            .unwrap(),
        "the same settings on the same day give the same bytes"
    );
}

#[test]
fn each_document_says_which_profile_fields_are_still_empty() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let doc = s
        .practice_document(PracticeDocumentKind::Privacyverklaring)
        .unwrap();
    assert!(
        doc.missing.contains(&"practice_name".to_string())
            && doc.missing.contains(&"kvk_number".to_string()),
        "a fresh profile lacks the name and KvK: {:?}",
        doc.missing
    );
    assert!(doc.markdown.contains("nog invullen in het praktijkprofiel"));
    assert!(
        matches!(&doc.blocks[0], MdBlock::Title(t) if t.starts_with("Privacyverklaring")),
        "the screen gets the title first: {:?}",
        doc.blocks[0]
    );
    let mut p = s.practice().unwrap();
    p.practice_name = "Praktijk Duinzicht".into();
    p.therapist_name = "Marieke de Wit".into();
    p.postcode = "1234 AB".into();
    p.city = "Zandvoort".into();
    p.email = "info@duinzicht.nl".into();
    s.update_practice(&p).unwrap();
    let register = s
        .practice_document(PracticeDocumentKind::Verwerkingsregister)
        .unwrap();
    assert!(
        register.missing.is_empty(),
        "the register needs nothing more: {:?}",
        register.missing
    );
    assert!(register.markdown.contains("Praktijk Duinzicht"));
}

#[test]
fn the_datalekregister_pdf_lists_every_breach_reported_or_not() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let empty = s
        .practice_document(PracticeDocumentKind::Datalekregister)
        .unwrap();
    assert!(empty.markdown.contains("Er is geen datalek vastgelegd."));
    for (found, what, reported) in [
        (
            "2026-11-02",
            "nota naar verkeerd e-mailadres gestuurd",
            "2026-11-03",
        ),
        ("2026-11-20", "laptop in de trein laten liggen", ""),
    ] {
        s.add_data_breach(&DataBreachInput {
            discovered_on: found.into(),
            description: what.into(),
            people_affected: Some(1),
            reported_to_ap_on: reported.into(),
            reported_to_ap_why: "kluis versleuteld".into(),
            ..Default::default()
        })
        .unwrap();
    }
    let text = pdftotext(
        &s.practice_document_pdf(PracticeDocumentKind::Datalekregister)
            .unwrap(),
    );
    for must in [
        "Datalek 1: ontdekt op 2 november 2026",
        "nota naar verkeerd e-mailadres gestuurd",
        "Gemeld bij de Autoriteit Persoonsgegevens: op 3 november 2026",
        "Datalek 2: ontdekt op 20 november 2026",
        "laptop in de trein laten liggen",
        "Gemeld bij de Autoriteit Persoonsgegevens: niet gemeld",
    ] {
        assert!(
            text.contains(must),
            "the register PDF misses {must:?}:\n{text}"
        );
    }
}

#[test]
fn typed_retention_terms_are_refused_per_field_and_nothing_changes() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let before = s.retention_settings().unwrap();
    for (coaching, prospect, field) in [
        ("twee", "2", "coaching_years"),
        ("-1", "2", "coaching_years"),
        ("0", "2", "coaching_years"),
        ("21", "2", "coaching_years"),
        ("3", "", "prospect_years"),
        ("3", "2.5", "prospect_years"),
    ] {
        let err = s
            .set_retention_settings_typed(&typed(coaching, prospect))
            .expect_err("an impossible term is refused");
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(
            err.fields.first().map(|f| f.field.as_str()),
            Some(field),
            "{coaching}/{prospect}: the refusal names its field: {err:?}"
        );
        assert!(
            err.fields[0].message.contains("jaar"),
            "the field's message is a Dutch sentence: {:?}",
            err.fields
        );
        assert_eq!(s.retention_settings().unwrap(), before, "nothing was saved");
    }
    let now = s.set_retention_settings_typed(&typed(" 5 ", "1")).unwrap();
    assert_eq!((now.coaching_years, now.prospect_years), (5, 1));
}

#[test]
fn the_overview_counts_minors_sessions_without_consent_and_not_adults() {
    use dossierkluis::dossier::{ConsentInput, ConsentPurpose, SessionInput, SessionStatus};
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let session = |date: &str| SessionInput {
        date: date.into(),
        duration_minutes: 45,
        kind: "Consult".into(),
        status: SessionStatus::Held,
        ..Default::default()
    };
    let mut child = client("Kim", "Kind");
    child.birth_date = "2012-06-15".into();
    let kim = s.add_client(&child).unwrap();
    s.add_session(kim, &session("2026-10-01")).unwrap();
    s.add_session(kim, &session("2026-11-01")).unwrap();
    // An adult without any recorded consent: not a minors' warning.
    let adult = s.add_client(&client("Bram", "Groot")).unwrap();
    s.add_session(adult, &session("2026-11-01")).unwrap();

    let counts = s.consent_warning_counts().unwrap();
    assert_eq!(counts.len(), 1, "only the 14-year-old: {counts:?}");
    assert_eq!(counts[0].client_id, kim);
    assert_eq!(counts[0].sessions, 2, "both sessions lacked consent");

    // With the child's consent only, the parents' is still missing (12 to 15).
    s.add_consent(
        kim,
        &ConsentInput {
            purpose: ConsentPurpose::Behandeling,
            description: String::new(),
            representative_id: None,
            given_on: "2026-09-01".into(),
        },
    )
    .unwrap();
    assert_eq!(
        s.consent_warning_counts().unwrap()[0].sessions,
        2,
        "the parents' consent is still missing"
    );
}

#[test]
fn the_cli_writes_the_privacyverklaring_and_the_datalekregister_as_pdf() {
    let cli = Cli::new();
    cli.ok(&["init", "--insecure-fast-kdf"]);
    cli.ok(&["retention", "settings", "--coaching-years", "9"]);
    // The coaching term is printed only for a practice that coaches (default or a traject).
    cli.ok(&["practice", "set", r#"{"default_regime":"coaching"}"#]);
    let pdf = cli.dir().join("privacyverklaring.pdf");
    cli.ok(&[
        "retention",
        "privacy-statement",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    let text = pdftotext(&std::fs::read(&pdf).unwrap());
    assert!(
        text.contains("coachingstrajecten: 9 jaar na het einde van het laatste traject"),
        "the PDF has the term set through the CLI:\n{text}"
    );
    let markdown = cli.ok(&["retention", "privacy-statement"]);
    assert!(
        markdown.starts_with("# Privacyverklaring"),
        "without --pdf: Markdown"
    );
    cli.ok(&[
        "retention",
        "breach",
        "add",
        "--data",
        r#"{"discovered_on":"2026-11-02","description":"usb-stick kwijt"}"#,
    ]);
    let register = cli.dir().join("datalekregister.pdf");
    cli.ok(&[
        "retention",
        "breach",
        "register",
        "--pdf",
        register.to_str().unwrap(),
    ]);
    let text = pdftotext(&std::fs::read(&register).unwrap());
    assert!(
        text.contains("Datalek 1: ontdekt op 2 november 2026") && text.contains("usb-stick kwijt"),
        "the register PDF lists the datalek:\n{text}"
    );
}
