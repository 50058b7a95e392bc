//! The PDF layer as a reader sees it: text that `pdftotext` gets back in order, pages that break with a
//! footer on each, amounts that line up on the right, fonts embedded, the same bytes for the same input,
//! the recovery sheet, and the password-protected e-mail copy checked with qpdf and Poppler.
//!
//! These tests use Poppler (`pdftotext`, `pdffonts`, `pdfinfo`) and `qpdf`; `make test` installs them.
//! Where one is missing a test says so loudly and skips, rather than pass without checking.

mod common;

use chrono::NaiveDate;
use common::cli::Cli;
use common::*;
use dossierkluis::format::euro;
use dossierkluis::pdf::{self, Block, Column, Document, Paragraph, Row, Table};
use std::path::{Path, PathBuf};
use std::process::Command;

fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!(
            "\n!!! SKIPPED: `{tool}` is not installed (apt-get install poppler-utils qpdf). This test checked nothing. !!!\n"
        );
    }
    found
}

fn write_tmp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `pdftotext` of the whole file (or one page), in reading order.
fn text_of(pdf: &[u8], extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_tmp(tmp.path(), "in.pdf", pdf);
    let out = Command::new("pdftotext")
        .args(extra)
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext could not read the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    text_of(pdf, &["-f", &p, "-l", &p])
}

fn pages(pdf: &[u8]) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_tmp(tmp.path(), "in.pdf", pdf);
    let out = Command::new("pdfinfo").arg(&file).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap_or_else(|| panic!("pdfinfo names the page count: {info}"))
        .trim()
        .parse()
        .unwrap()
}

/// Every needle occurs in `haystack`, each after the one before.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!(
                "{needle:?} should follow the earlier texts in reading order; text after position {from}:\n{}",
                &haystack[from..]
            ),
        }
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn invoice_like() -> Document {
    Document::new("Factuur 2026-0007")
        .author("Praktijk De Linde")
        .date(date())
        .footer("Praktijk De Linde · KvK 12345678")
        .push(Block::title("Factuur"))
        .push(Block::key_values([
            ("Factuurnummer", "2026-0007"),
            ("Factuurdatum", "21 november 2026"),
        ]))
        .push(Block::heading("Behandelingen"))
        .push(
            Table::new(vec![
                Column::new("Datum", 2.0),
                Column::new("Omschrijving", 5.0),
                Column::new("Bedrag", 2.0).right(),
            ])
            .row(Row::new([
                "3 november 2026",
                "Consult 60 minuten",
                &euro(8500),
            ]))
            .row(Row::new([
                "10 november 2026",
                "Intake, verslag en behandelplan",
                &euro(123_456),
            ]))
            .row(Row::new(["", "Totaal", &euro(1_200_000)]).bold()),
        )
        .push(Block::Rule)
        .push(Block::text(
            "Vrijgesteld van btw op grond van art. 11 lid 1 sub g Wet OB.",
        ))
}

#[test]
fn pdftotext_finds_every_text_in_reading_order() {
    if !have("pdftotext") {
        return;
    }
    let bytes = invoice_like().render().unwrap();
    let text = text_of(&bytes, &["-layout"]);
    assert_in_order(
        &text,
        &[
            "Factuur",
            "Factuurnummer",
            "2026-0007",
            "Factuurdatum",
            "21 november 2026",
            "Behandelingen",
            "Datum",
            "Omschrijving",
            "Bedrag",
            "3 november 2026",
            "Consult 60 minuten",
            "€ 85,00",
            "10 november 2026",
            "Intake, verslag en behandelplan",
            "€ 1.234,56",
            "Totaal",
            "€ 12.000,00",
            "Vrijgesteld van btw op grond van art. 11 lid 1 sub g Wet OB.",
            "Praktijk De Linde · KvK 12345678",
            "Pagina 1 van 1",
        ],
    );
    // Without layout mode too: what a copy-paste or a screen reader gets.
    let plain = text_of(&bytes, &[]);
    assert!(plain.contains("Intake, verslag en behandelplan"), "{plain}");
    assert!(
        plain.contains("cliënt") || !plain.contains("cli�nt"),
        "no broken accents"
    );
}

#[test]
fn dutch_accents_and_the_euro_sign_survive_extraction() {
    if !have("pdftotext") {
        return;
    }
    let text =
        "Cliëntverklaring: één coöperatie, reëel, café, naïef; € 1.234,56 – “aanhalingstekens”.";
    let bytes = Document::new("Tekens")
        .date(date())
        .push(Block::text(text))
        .render()
        .unwrap();
    assert!(
        text_of(&bytes, &[]).contains(text),
        "every character comes back as typed"
    );
}

#[test]
fn a_long_paragraph_wraps_and_flows_onto_page_two_with_a_footer_on_both() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let sentence = "Dit is een zin uit een lang verslag die steeds terugkomt zodat de alinea over de pagina heen loopt.";
    let mut long = String::new();
    for i in 0..60 {
        long.push_str(&format!("{sentence} [{i}] "));
    }
    long.push_str("EINDE-VAN-DE-ALINEA");
    let bytes = Document::new("Verslag")
        .date(date())
        .footer("Dossier K-000123")
        .push(Block::title("Verslag"))
        .push(Block::text(long.clone()))
        .render()
        .unwrap();
    assert_eq!(
        pages(&bytes),
        2,
        "sixty sentences fill more than one page, less than three"
    );
    let one = page_text(&bytes, 1);
    let two = page_text(&bytes, 2);
    assert!(
        one.contains("Pagina 1 van 2") && one.contains("Dossier K-000123"),
        "footer on page 1: {one}"
    );
    assert!(
        two.contains("Pagina 2 van 2") && two.contains("Dossier K-000123"),
        "footer on page 2: {two}"
    );
    assert!(
        one.contains("[0]") && !one.contains("EINDE-VAN-DE-ALINEA"),
        "the start is on page 1"
    );
    assert!(
        two.contains("EINDE-VAN-DE-ALINEA") && !two.contains("[0] "),
        "the end is on page 2"
    );
    // Nothing lost or doubled at the page break: every numbered sentence appears exactly once.
    let all = text_of(&bytes, &[]);
    for i in 0..60 {
        assert_eq!(
            all.matches(&format!("[{i}]")).count(),
            1,
            "sentence {i} appears once"
        );
    }
    // Wrapped: no extracted line is wider than the text column could hold.
    let longest = one.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        longest < 110,
        "lines wrap within the margins (longest {longest} chars)"
    );
}

#[test]
fn a_table_longer_than_a_page_repeats_its_header_and_keeps_every_row() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let rows = (1..=70).map(|i| Row::new([format!("Sessie {i}"), euro(i * 1000)]));
    let bytes = Document::new("Overzicht")
        .date(date())
        .footer("")
        .push(
            Table::new(vec![
                Column::new("Omschrijving", 3.0),
                Column::new("Bedrag", 1.0).right(),
            ])
            .rows(rows),
        )
        .render()
        .unwrap();
    assert_eq!(pages(&bytes), 2, "seventy rows take two pages");
    let two = page_text(&bytes, 2);
    assert!(
        two.contains("Omschrijving") && two.contains("Bedrag"),
        "the header repeats on page 2: {two}"
    );
    let all = text_of(&bytes, &[]);
    for i in 1..=70 {
        assert_eq!(
            all.matches(&format!("Sessie {i}\n")).count()
                + all.matches(&format!("Sessie {i} ")).count(),
            1,
            "row {i} appears once"
        );
    }
}

/// The right edge (`xMax`) of every word equal to `word` in `pdftotext -bbox` output.
fn right_edges(pdf: &[u8], words: &[&str]) -> Vec<f64> {
    let html = text_of(pdf, &["-bbox"]);
    let mut edges = Vec::new();
    for line in html.lines() {
        let Some(start) = line.find("<word ") else {
            continue;
        };
        let line = &line[start..];
        let Some(text) = line.split('>').nth(1).and_then(|t| t.split('<').next()) else {
            continue;
        };
        if words.contains(&text) {
            let x_max = line
                .split("xMax=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap();
            edges.push(x_max);
        }
    }
    edges
}

#[test]
fn right_aligned_amounts_end_at_the_same_x() {
    if !have("pdftotext") {
        return;
    }
    let bytes = invoice_like().render().unwrap();
    let edges = right_edges(&bytes, &["85,00", "1.234,56", "12.000,00", "Bedrag"]);
    assert_eq!(
        edges.len(),
        4,
        "the header and three amounts are found: {edges:?}"
    );
    for e in &edges {
        assert!(
            (e - edges[0]).abs() < 0.5,
            "every amount ends at the same x, so the column reads as a column: {edges:?}"
        );
    }
}

#[test]
fn the_same_document_gives_the_same_bytes_and_the_date_is_the_one_given() {
    let first = invoice_like().render().unwrap();
    let second = invoice_like().render().unwrap();
    assert!(
        first == second,
        "identical input must give identical bytes (a reprint is the same file)"
    );
    let from_threads: Vec<Vec<u8>> = (0..3)
        .map(|_| std::thread::spawn(|| invoice_like().render().unwrap()))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert!(
        from_threads.iter().all(|b| *b == first),
        "the app renders on worker threads: same bytes there too"
    );
    let other_day = invoice_like()
        .date(NaiveDate::from_ymd_opt(2027, 1, 2).unwrap())
        .render()
        .unwrap();
    assert!(first != other_day, "the metadata date comes from the input");
    assert!(
        contains(&other_day, b"20270102"),
        "the given date is in the metadata"
    );
    assert!(!contains(&first, b"2027"), "and no other date sneaks in");
}

#[test]
fn fonts_are_embedded_subsets_and_the_file_stays_small() {
    if !have("pdffonts") {
        return;
    }
    let bytes = invoice_like().render().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let file = write_tmp(tmp.path(), "f.pdf", &bytes);
    let out = Command::new("pdffonts").arg(&file).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    let fonts: Vec<&str> = table.lines().skip(2).collect();
    assert!(fonts.len() >= 2, "regular and bold are used: {table}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb is the 4th column from the end ("yes yes yes 12 0").
        let emb = cols[cols.len() - 5];
        assert_eq!(
            emb, "yes",
            "every font is embedded, so the PDF never depends on the reader's fonts: {line}"
        );
        assert!(line.contains("DejaVu"), "our bundled DejaVu fonts: {line}");
    }
    assert!(
        bytes.len() < 120_000,
        "subsetting keeps a one-page invoice small ({} bytes)",
        bytes.len()
    );
}

#[test]
fn an_empty_document_is_still_one_valid_page() {
    let bytes = Document::new("Leeg").date(date()).render().unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    if have("pdfinfo") {
        assert_eq!(pages(&bytes), 1);
    }
}

#[test]
fn recovery_sheet_holds_the_code_and_the_identity_on_one_page() {
    if !have("pdftotext") || !have("pdfinfo") {
        return;
    }
    let (_tmp, mut vault, code) = new_vault();
    let bytes = dossierkluis::vault::recovery_sheet_pdf(&mut vault, Some(&code)).unwrap();
    let identity = dossierkluis::backup::backup_identity(&mut vault).unwrap();
    assert_eq!(pages(&bytes), 1, "the sheet is one page to print");
    let text = text_of(&bytes, &[]);
    assert_in_order(
        &text,
        &[
            "Herstelblad Dossierkluis",
            &vault.vault_id().unwrap(),
            "21 november 2026",
            "Herstelcode",
            &code.expose_secret(),
            "Back-upsleutel",
            identity.expose_secret(),
            "age -d -i",
            "Kluis herstellen",
            "Opgeborgen op",
        ],
    );
    // What was printed must open the vault: the code parses back to the same code.
    let printed = text
        .lines()
        .find(|l| l.trim().len() == 39 && l.matches('-').count() == 7)
        .expect("one line is the recovery code");
    assert_eq!(
        dossierkluis::RecoveryCode::parse(printed.trim())
            .unwrap()
            .expose_secret(),
        code.expose_secret(),
        "the printed code is the real one"
    );
}

#[test]
fn a_reprinted_sheet_has_the_identity_and_says_where_the_code_is() {
    if !have("pdftotext") {
        return;
    }
    let (_tmp, mut vault, code) = new_vault();
    let bytes = dossierkluis::vault::recovery_sheet_pdf(&mut vault, None).unwrap();
    let identity = dossierkluis::backup::backup_identity(&mut vault).unwrap();
    let text = text_of(&bytes, &[]);
    assert!(
        text.contains(identity.expose_secret()),
        "the identity is reprinted"
    );
    assert!(
        !text.contains(&code.expose_secret()),
        "the code is not known any more, so not printed"
    );
    assert!(
        text.contains("eerste herstelblad"),
        "and the sheet says where the code is: {text}"
    );
}

#[test]
fn the_email_copy_is_aes256_and_opens_only_with_its_password() {
    if !have("qpdf") || !have("pdftotext") {
        return;
    }
    let original = invoice_like().render().unwrap();
    let password = pdf::generate_password();
    let protected = pdf::protect(&original, &password).unwrap();
    assert!(
        !contains(&protected, b"Totaal"),
        "no plain text left in the file"
    );

    let tmp = tempfile::tempdir().unwrap();
    let file = write_tmp(tmp.path(), "kopie.pdf", &protected);
    let shown = Command::new("qpdf")
        .arg("--show-encryption")
        .arg(format!("--password={}", password.expose_secret()))
        .arg(&file)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(
        report.contains("R = 6"),
        "security handler revision 6 (AES-256): {report}"
    );
    assert!(
        report.contains("AESv3"),
        "streams and strings use AESv3: {report}"
    );
    assert!(
        report.contains("extract for accessibility: allowed"),
        "screen readers may read it: {report}"
    );
    assert!(
        report.contains("print high resolution: allowed"),
        "the client may print it: {report}"
    );

    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        !check.status.success(),
        "without the password qpdf cannot open it"
    );
    let no_pw = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        !no_pw.status.success(),
        "without the password pdftotext cannot read it"
    );
    let wrong = Command::new("pdftotext")
        .args(["-upw", "AAAA-AAAA-AAAA-AAAA"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(!wrong.status.success(), "a wrong password does not open it");

    let with_pw = Command::new("pdftotext")
        .args(["-upw", password.expose_secret()])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        with_pw.status.success(),
        "{}",
        String::from_utf8_lossy(&with_pw.stderr)
    );
    let text = String::from_utf8(with_pw.stdout).unwrap();
    assert!(
        text.contains("Totaal") && text.contains("€ 12.000,00"),
        "with the password the text is there: {text}"
    );
}

#[test]
fn paragraphs_keep_their_hard_line_breaks() {
    if !have("pdftotext") {
        return;
    }
    let bytes = Document::new("Adres")
        .date(date())
        .push(Paragraph::new(
            "Praktijk De Linde\nLindelaan 4\n1234 AB Utrecht",
        ))
        .render()
        .unwrap();
    let text = text_of(&bytes, &[]);
    assert_in_order(
        &text,
        &["Praktijk De Linde\n", "Lindelaan 4\n", "1234 AB Utrecht"],
    );
}

#[test]
fn cli_init_writes_the_sheet_with_the_code_it_shows_and_reprints_only_the_identity() {
    if !have("pdftotext") {
        return;
    }
    let cli = Cli::new();
    let first = cli.dir().join("herstelblad.pdf");
    let shown = cli.json(&[
        "init",
        "--insecure-fast-kdf",
        "--json",
        "--sheet",
        first.to_str().unwrap(),
    ]);
    let code = shown["recovery_code"].as_str().unwrap();
    let sheet = std::fs::read(&first).unwrap();
    let text = text_of(&sheet, &[]);
    assert!(
        text.contains(code),
        "the sheet carries the code init showed: {text}"
    );
    assert!(text.contains("AGE-SECRET-KEY-1"), "and the backup identity");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the sheet opens the vault: only its owner may read the file"
        );
    }

    let again = cli.dir().join("opnieuw.pdf");
    cli.json(&["recovery-sheet", "--json", "--out", again.to_str().unwrap()]);
    let text = text_of(&std::fs::read(&again).unwrap(), &[]);
    assert!(
        text.contains("AGE-SECRET-KEY-1"),
        "the identity is reprinted"
    );
    assert!(!text.contains(code), "the code cannot be reprinted: {text}");
}
