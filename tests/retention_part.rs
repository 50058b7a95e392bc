//! Issue 12 item 4: part of a dossier. The chosen entries (every version, their search rows) and
//! documents are destroyed completely — the canary check of the whole-dossier test: not in the files,
//! the WAL, the decrypted pages, any table or the FTS index — the rest stays, and the register gets a
//! line "deel van dossier" without content.

mod common;

use common::cli::{err_code, Cli};
use common::retention::*;
use common::*;
use dossierkluis::dossier::EntryKind;
use dossierkluis::retention::{RequestKind, RequestStatus};
use dossierkluis::{ErrorCode, Vault};

#[test]
fn partial_destruction_leaves_no_canary_keeps_the_rest_and_adds_a_register_line() {
    let canary = "kanarieqz8y";
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let s = vault.store_mut();
    let c = s.add_client(&client("Anna", "Visser")).unwrap();
    let keep = s
        .add_entry(
            c,
            &entry(EntryKind::Sessieverslag, "blijvertje over de slaap"),
        )
        .unwrap();
    let gone = s
        .add_entry(
            c,
            &entry(
                EntryKind::Sessieverslag,
                &format!(
                    "Aantekening met {canary} erin. {}",
                    "Vulling. ".repeat(2000)
                ),
            ),
        )
        .unwrap();
    s.edit_entry(
        gone,
        &format!("versie twee {canary} gecorrigeerd"),
        "aanvulling",
    )
    .unwrap();
    let doc = s
        .add_document(c, "brief.txt", format!("Bijlage {canary}").as_bytes(), "")
        .unwrap();
    let keep_doc = s
        .add_document(c, "rapport.txt", b"ander document", "")
        .unwrap();
    assert_eq!(s.search(canary, 5).unwrap().len(), 1, "found before");
    assert!(
        !canary_traces(&mut vault, &dir, canary).is_empty(),
        "really there before"
    );

    let s = vault.store_mut();
    let rid = s
        .add_request(
            c,
            RequestKind::Vernietiging,
            "2026-11-20",
            "paspoort gezien",
        )
        .unwrap();
    let done = s
        .destroy_part(c, &[gone], &[doc], "op verzoek van de cliënt", Some(rid))
        .unwrap();
    assert!(done.wal_truncated, "the WAL was emptied at once");
    assert_eq!(done.counts["entries"], 1);
    assert_eq!(done.counts["entry_versions"], 2);
    assert_eq!(done.counts["documents"], 1);
    assert_eq!(
        canary_traces(&mut vault, &dir, canary),
        Vec::<String>::new()
    );
    let wal = dir.join("vault.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);

    let s = vault.store_mut();
    assert!(s.search(canary, 5).unwrap().is_empty(), "gone from search");
    assert_eq!(
        s.search("blijvertje", 5).unwrap().len(),
        1,
        "the rest is still found"
    );
    let dossier = s.open_dossier(c).unwrap();
    assert_eq!(
        dossier.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        [keep]
    );
    assert_eq!(
        dossier.documents.iter().map(|d| d.id).collect::<Vec<_>>(),
        [keep_doc]
    );
    let register = s.destruction_register().unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].ground, "deel");
    assert!(
        register[0].requested_by.contains("deel van dossier"),
        "{:?}",
        register[0]
    );
    assert_eq!(register[0].request_id, Some(rid));
    assert_eq!(
        s.requests(None).unwrap()[0].status,
        RequestStatus::Uitgevoerd
    );
    assert!(
        s.destroyed_client_numbers().unwrap().is_empty(),
        "a restore must not drop the whole dossier for a partial destruction"
    );
    assert!(s.integrity_check().unwrap().is_ok());
    assert!(s.verify_audit().unwrap().intact);
    vault.lock().unwrap();
    let mut reopened = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert_eq!(
        canary_traces(&mut reopened, &dir, canary),
        Vec::<String>::new()
    );
}

#[test]
fn another_clients_entry_a_hold_or_nothing_chosen_is_refused_and_nothing_changes() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let a = s.add_client(&client("Anna", "Visser")).unwrap();
    let b = s.add_client(&client("Bram", "Smit")).unwrap();
    let of_b = s
        .add_entry(b, &entry(EntryKind::Intake, "intake van een ander"))
        .unwrap();
    let of_a = s.add_entry(a, &entry(EntryKind::Intake, "intake")).unwrap();
    let err = s
        .destroy_part(a, &[of_a, of_b], &[], "verzoek", None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
    assert_eq!(
        s.open_dossier(a).unwrap().entries.len(),
        1,
        "nothing destroyed"
    );
    assert_eq!(s.open_dossier(b).unwrap().entries.len(), 1);
    assert!(s.destroy_part(a, &[], &[], "verzoek", None).is_err());
    assert!(s.destroy_part(a, &[of_a], &[], "  ", None).is_err());
    let err = s
        .destroy_part(a, &[of_a], &[], "verzoek van Visser", None)
        .unwrap_err();
    assert_eq!(err.fields[0].field, "reason", "no names in the register");
    s.set_legal_hold(a, Some("lopende klacht")).unwrap();
    let err = s
        .destroy_part(a, &[of_a], &[], "verzoek", None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(s.destruction_register().unwrap().is_empty());
}

#[test]
fn the_cli_destroys_chosen_entries_with_confirmation() {
    let cli = Cli::new();
    cli.init();
    cli.ok(&[
        "client",
        "add",
        "--first-name",
        "Anna",
        "--last-name",
        "Visser",
        "--birth-date",
        "1980-01-01",
    ]);
    for text in ["eerste aantekening", "tweede kanarieqz9"] {
        cli.ok(&[
            "entry", "add", "--client", "1", "--kind", "intake", "--text", text,
        ]);
    }
    let refused = cli.run(&[
        "--json",
        "retention",
        "destroy",
        "1",
        "--entries",
        "2",
        "--reason",
        "verzoek",
    ]);
    assert_eq!(
        err_code(&refused),
        "not_allowed",
        "no --yes and no terminal: refused"
    );
    let done = cli.json(&[
        "--json",
        "retention",
        "destroy",
        "1",
        "--entries",
        "2",
        "--reason",
        "verzoek cliënt",
        "--yes",
    ]);
    assert_eq!(done["counts"]["entries"], 1);
    let register = cli.json(&["--json", "retention", "register"]);
    assert_eq!(register[0]["ground"], "deel");
    let hits = cli.json(&["--json", "search", "kanarieqz9"]);
    assert_eq!(hits.as_array().map(Vec::len), Some(0), "{hits}");
    let status = cli.json(&["--json", "retention", "status", "1"]);
    assert_eq!(
        status["client_number"], done["client_number"],
        "the dossier itself remains"
    );
}
