//! What the dossier's Privacy tab asks of the core (issue 5 §3–5): the copy for a waarnemer as a
//! readable PDF (purpose on page one, no werkaantekeningen, only with consent), "langer bewaren" by
//! years or date, the intervision review with its refusal, and the entries a copy can hold.

mod common;

use common::cli::Cli;
use common::*;
use dossierkluis::dossier::{ConsentInput, ConsentPurpose, EntryKind};
use dossierkluis::ErrorCode;
use std::process::Command;

/// The text of the given pages (`pdftotext -f first -l last`).
fn pdftotext(pdf: &[u8], first: u32, last: u32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kopie.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn consent(purpose: ConsentPurpose) -> ConsentInput {
    ConsentInput {
        purpose,
        description: String::new(),
        representative_id: None,
        given_on: "2026-11-01".into(),
    }
}

#[test]
fn the_waarnemer_pdf_needs_consent_names_its_purpose_on_page_one_and_has_no_work_notes() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&client("Wim", "Waar")).unwrap();
    s.add_entry(c, &entry(EntryKind::Intake, "Intake over SLAAPZORGEN."))
        .unwrap();
    s.add_entry(
        c,
        &entry(
            EntryKind::Werkaantekening,
            "PRIVEHYPOTHESE van de therapeut",
        ),
    )
    .unwrap();

    let err = s
        .dossier_copy_for_pdf(c, ConsentPurpose::Waarnemer)
        .expect_err("no waarnemer consent yet");
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message.contains("toestemming") && err.message.contains("Leg de toestemming"),
        "the refusal says why and what to do: {}",
        err.message
    );
    assert_eq!(
        s.check_share(c, ConsentPurpose::Waarnemer)
            .unwrap_err()
            .message,
        err.message,
        "the check before the save dialog gives the same refusal"
    );
    assert!(
        !s.who_viewed(c)
            .unwrap()
            .iter()
            .any(|l| l.event == "copy_shared"),
        "a refused copy is not logged as shared"
    );

    s.add_consent(c, &consent(ConsentPurpose::Waarnemer))
        .unwrap();
    s.check_share(c, ConsentPurpose::Waarnemer).unwrap();
    let pdf = s
        .dossier_copy_for_pdf(c, ConsentPurpose::Waarnemer)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let page_one = pdftotext(&pdf, 1, 1);
    assert!(
        page_one.contains("Dossierkopie voor de waarnemer") && page_one.contains("waarneming"),
        "the purpose is on page one:\n{page_one}"
    );
    assert!(
        !page_one.contains("op uw verzoek") && !page_one.contains("Kopie van uw dossier"),
        "it is not worded as the client's own copy:\n{page_one}"
    );
    let all = pdftotext(&pdf, 1, 99);
    assert!(all.contains("SLAAPZORGEN"), "the dossier is in it:\n{all}");
    assert!(
        !all.contains("PRIVEHYPOTHESE"),
        "no werkaantekening:\n{all}"
    );
    assert!(
        s.dossier_copy_for_pdf(c, ConsentPurpose::Verwijzing)
            .is_err(),
        "consent is per purpose"
    );
    let shared = s
        .who_viewed(c)
        .unwrap()
        .into_iter()
        .filter(|l| l.event == "copy_shared")
        .count();
    assert_eq!(shared, 1, "the one copy made is logged");

    s.add_consent(c, &consent(ConsentPurpose::Verwijzing))
        .unwrap();
    let referral = pdftotext(
        &s.dossier_copy_for_pdf(c, ConsentPurpose::Verwijzing)
            .unwrap(),
        1,
        1,
    );
    assert!(
        referral.contains("Dossierkopie bij verwijzing") && referral.contains("verwijzing"),
        "{referral}"
    );
}

#[test]
fn keeping_longer_by_years_counts_from_the_current_term_and_refuses_what_does_not_lengthen() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&client("Lange", "Termijn")).unwrap();
    s.add_entry(c, &entry(EntryKind::Intake, "intake")).unwrap();
    let before = s.retention_status(c).unwrap();
    let term = before
        .keep_until
        .expect("a dossier without traject has a term");

    let err = s.keep_longer(c, None, Some(5), "  ").unwrap_err();
    assert_eq!(err.fields[0].field, "reason", "a reason is required");

    let after = s
        .keep_longer(c, None, Some(5), "erfelijke aandoening in de familie")
        .unwrap();
    let expected = dossierkluis::retention::policy::add_years(term, 5);
    assert_eq!(after.keep_until, Some(expected), "five years beyond {term}");
    assert!(
        after.reason.contains("erfelijke aandoening"),
        "the reason is shown with the date: {}",
        after.reason
    );

    let err = s
        .keep_longer(c, Some(&term.to_string()), None, "toch korter")
        .unwrap_err();
    assert_eq!(err.fields[0].field, "until");
    assert!(
        err.message.contains("al bewaard tot"),
        "an earlier date would change nothing, and says so: {}",
        err.message
    );
    let err = s.keep_longer(c, None, Some(0), "nul").unwrap_err();
    assert_eq!(err.fields[0].field, "years");
    let err = s.keep_longer(c, Some("31-02-2080"), None, "x").unwrap_err();
    assert_eq!(err.fields[0].field, "until", "a date that does not exist");
    assert_eq!(
        s.retention_status(c).unwrap().keep_until,
        Some(expected),
        "refusals changed nothing"
    );

    let later = expected + chrono::Days::new(400);
    let done = s
        .keep_longer(c, Some(&later.to_string()), None, "nog langer")
        .unwrap();
    assert_eq!(done.keep_until, Some(later));
}

#[test]
fn the_intervision_review_shows_the_text_and_why_it_may_not_be_saved_yet() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let mut input = client("Zoë", "Verhoeven");
    input.city = "Amersfoort".into();
    let c = s.add_client(&input).unwrap();
    s.add_entry(
        c,
        &entry(
            EntryKind::Sessieverslag,
            "Zoë Verhoeven uit Amersfoort vertelde over haar werk.",
        ),
    )
    .unwrap();
    s.add_entry(c, &entry(EntryKind::Werkaantekening, "EIGENHYPOTHESE"))
        .unwrap();

    let review = s.intervision_review(c).unwrap();
    for identifying in ["Zoë", "Verhoeven", "Amersfoort", "EIGENHYPOTHESE"] {
        assert!(
            !review.text.contains(identifying),
            "{identifying} is in the preview:\n{}",
            review.text
        );
    }
    assert!(review.text.contains("vertelde over haar werk"));
    assert!(review.summary.replacements >= 3);
    let refusal = review.refusal.expect("no intervisie consent: refused");
    assert!(refusal.contains("toestemming"), "{refusal}");
    assert!(
        !s.who_viewed(c)
            .unwrap()
            .iter()
            .any(|l| l.event == "intervision_shared"),
        "a preview is not a share"
    );

    s.add_consent(c, &consent(ConsentPurpose::Intervisie))
        .unwrap();
    let review = s.intervision_review(c).unwrap();
    assert_eq!(review.refusal, None, "with consent it may be saved");
    assert_eq!(
        s.export_intervision(c).unwrap().to_text(),
        review.text,
        "what is saved is what was reviewed"
    );
}

#[test]
fn the_copy_plan_lists_what_a_copy_can_hold_and_counts_the_work_notes_left_out() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&client("Plan", "Kopie")).unwrap();
    let intake = s
        .add_entry(c, &entry(EntryKind::Intake, "Intake\nover   slapen"))
        .unwrap();
    s.add_entry(c, &entry(EntryKind::Werkaantekening, "prive"))
        .unwrap();
    let letter = s
        .add_entry(c, &entry(EntryKind::Correspondentie, "Brief over de zus"))
        .unwrap();
    let plan = s.copy_plan(c).unwrap();
    assert_eq!(
        plan.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![intake, letter],
        "no werkaantekening to choose from"
    );
    assert_eq!(plan.work_notes_left_out, 1);
    assert_eq!(plan.entries[0].excerpt, "Intake over slapen");
    assert_eq!(s.copy_plan(9999).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn the_cli_makes_the_waarnemer_copy_as_pdf_only_with_consent() {
    let cli = Cli::new();
    cli.ok(&["init", "--insecure-fast-kdf"]);
    cli.ok(&[
        "client",
        "add",
        "--first-name",
        "Jan",
        "--last-name",
        "Smit",
        "--birth-date",
        "1970-01-01",
    ]);
    cli.ok(&[
        "entry",
        "add",
        "--client",
        "1",
        "--kind",
        "intake",
        "--text",
        "Intake zichtbaar",
    ]);
    let out = cli.dir().join("waarnemer.pdf");
    let export = [
        "export",
        "client",
        "1",
        "--format",
        "pdf",
        "--for",
        "waarnemer",
        "--out",
        out.to_str().unwrap(),
    ];
    let refused = cli.run(&export);
    assert!(!refused.status.success(), "no consent: refused");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("toestemming"), "says why: {stderr}");
    assert!(!out.exists(), "and writes nothing");

    // A date in the past whatever day the test runs.
    cli.ok(&[
        "consent",
        "add",
        "--client",
        "1",
        "--purpose",
        "waarnemer",
        "--given-on",
        "2020-01-01",
    ]);
    cli.ok(&export);
    let text = pdftotext(&std::fs::read(&out).unwrap(), 1, 1);
    assert!(text.contains("Dossierkopie voor de waarnemer"), "{text}");
}
