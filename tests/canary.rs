//! Plaintext must never reach the disk: a unique string in a client's name, a note and an attachment
//! is found in no file of the vault folder (database, WAL, shared memory, key, lock), neither while
//! the vault is open nor after it is locked, and not in the temporary folder the program used.

mod common;

use common::cli::{ok_text, Cli};
use common::*;
use std::path::Path;

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in walk(dir) {
        if let Ok(bytes) = std::fs::read(&entry) {
            if contains(&bytes, needle) {
                hits.push(entry.display().to_string());
            }
        }
    }
    hits
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_canary_in_name_note_and_attachment_is_in_no_vault_file() {
    let canary = "KANARIE-7f3a9c-Zoë";
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let c = vault
        .store_mut()
        .add_client(&client(canary, "Jansen"))
        .unwrap();
    // Enough text to spill into the WAL pages, several times over.
    let note = format!(
        "Aantekening met {canary} erin. {}",
        "Vulling. ".repeat(2000)
    );
    let e = vault
        .store_mut()
        .add_entry(
            c,
            &entry(dossierkluis::dossier::EntryKind::Sessieverslag, &note),
        )
        .unwrap();
    vault
        .store_mut()
        .edit_entry(e, &format!("{note} Aangevuld met {canary}."), "aanvulling")
        .unwrap();
    vault
        .store_mut()
        .add_document(c, "brief.txt", format!("Bijlage {canary}").as_bytes(), "")
        .unwrap();
    assert_eq!(
        vault.store_mut().search("kanarie", 5).unwrap().len(),
        2,
        "the data is really there"
    );
    assert!(
        dir.join("vault.db-wal").exists(),
        "the WAL is checked while it holds the new pages"
    );
    for needle in [
        canary.as_bytes(),
        "KANARIE-7f3a9c".as_bytes(),
        "kanarie".as_bytes(),
    ] {
        assert!(
            files_containing(&dir, needle).is_empty(),
            "open vault leaks {:?}",
            String::from_utf8_lossy(needle)
        );
    }
    vault.lock().unwrap();
    assert!(
        files_containing(&dir, canary.as_bytes()).is_empty(),
        "locked vault leaks the canary"
    );
    assert!(files_containing(&dir, b"KANARIE").is_empty());
}

#[test]
fn the_cli_writes_no_plaintext_to_its_temp_folder_or_the_vault() {
    let canary = "KANARIE-cli-51d2";
    let cli = Cli::new();
    let private_tmp = cli.dir().join("tmp");
    std::fs::create_dir(&private_tmp).unwrap();
    let attachment_dir = tempfile::tempdir().unwrap();
    let attachment = attachment_dir.path().join("scan.txt");
    std::fs::write(&attachment, format!("Scan {canary}")).unwrap();
    let private = private_tmp.to_str().unwrap();
    let env = [("TMPDIR", private), ("SQLITE_TMPDIR", private)];
    let run = |args: &[&str]| ok_text(&format!("{args:?}"), cli.run_with(args, &env));
    run(&["init", "--insecure-fast-kdf"]);
    run(&[
        "client",
        "add",
        "--first-name",
        canary,
        "--last-name",
        "Smit",
        "--birth-date",
        "1970-01-01",
    ]);
    run(&[
        "entry",
        "add",
        "--client",
        "1",
        "--kind",
        "intake",
        "--text",
        &format!("Intake {canary}"),
    ]);
    run(&[
        "document",
        "add",
        "--client",
        "1",
        "--file",
        attachment.to_str().unwrap(),
    ]);
    run(&["search", "kanarie"]);
    assert!(files_containing(&cli.vault, canary.as_bytes()).is_empty());
    assert!(
        files_containing(&private_tmp, canary.as_bytes()).is_empty(),
        "nothing readable in the temp folder"
    );
}
