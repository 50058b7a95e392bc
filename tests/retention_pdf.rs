//! The readable PDF copy (issue 5 §4): werkaantekeningen and withheld third-party passages are not in
//! it, the rest of the dossier is, as real text (`pdftotext`).

mod common;

use common::cli::Cli;
use common::*;
use dossierkluis::dossier::EntryKind;
use std::process::Command;

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kopie.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_copy_leaves_out_work_notes_and_withheld_passages() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&client("Zoë", "Verhoeven")).unwrap();
    s.add_entry(
        c,
        &entry(
            EntryKind::Intake,
            "Intakegesprek over slaapproblemen en spanning.",
        ),
    )
    .unwrap();
    s.add_entry(
        c,
        &entry(
            EntryKind::Werkaantekening,
            "PRIVEWERKNOTITIE mijn eigen hypothese",
        ),
    )
    .unwrap();
    let third = s
        .add_entry(
            c,
            &entry(
                EntryKind::Correspondentie,
                "DERDENPASSAGE over de zus van cliënt",
            ),
        )
        .unwrap();
    let pdf = s.dossier_copy_pdf(c, &[third]).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdftotext(&pdf);
    assert!(
        text.contains("Intakegesprek over slaapproblemen"),
        "the dossier is in it:\n{text}"
    );
    assert!(text.contains("Zoë"), "accents survive:\n{text}");
    assert!(
        !text.contains("PRIVEWERKNOTITIE"),
        "no werkaantekening:\n{text}"
    );
    assert!(
        !text.contains("DERDENPASSAGE"),
        "no withheld passage:\n{text}"
    );
    assert!(
        text.contains("weggelaten"),
        "the copy says something was left out"
    );
    let log = s.who_viewed(c).unwrap();
    assert!(log.iter().any(|l| l.event == "copy_exported"));
}

#[test]
fn the_cli_writes_the_pdf_copy() {
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
    cli.ok(&[
        "entry",
        "add",
        "--client",
        "1",
        "--kind",
        "werkaantekening",
        "--text",
        "Werknotitie onzichtbaar",
    ]);
    let out = cli.dir().join("kopie.pdf");
    cli.ok(&[
        "export",
        "client",
        "1",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = pdftotext(&std::fs::read(&out).unwrap());
    assert!(text.contains("Intake zichtbaar"));
    assert!(!text.contains("onzichtbaar"));
}
