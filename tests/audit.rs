//! The audit chain finds every kind of tampering a person with SQL access could do by hand.

mod common;

use common::*;
use dossierkluis::dossier::EntryKind;
use dossierkluis::Vault;

/// A vault with a dozen log rows, and the triggers that block ordinary SQL dropped, as a tamperer would.
fn tampered_vault() -> (tempfile::TempDir, Vault) {
    let (tmp, mut vault, _) = new_vault();
    let c = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    for n in 0..5 {
        vault
            .store_mut()
            .add_entry(c, &entry(EntryKind::Sessieverslag, &format!("Sessie {n}")))
            .unwrap();
        vault.store_mut().open_dossier(c).unwrap();
    }
    assert!(vault.store_mut().verify_audit().unwrap().intact);
    vault
        .store()
        .connection()
        .execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    (tmp, vault)
}

fn problems(vault: &mut Vault) -> Vec<String> {
    let v = vault.store_mut().verify_audit().unwrap();
    assert!(!v.intact);
    v.problems
}

#[test]
fn sql_cannot_change_or_delete_log_rows_while_the_triggers_stand() {
    let (_t, vault, _) = new_vault();
    let conn = vault.store().connection();
    assert!(conn
        .execute("UPDATE audit_log SET event = 'x' WHERE id = 1", [])
        .is_err());
    assert!(conn
        .execute("DELETE FROM audit_log WHERE id = 1", [])
        .is_err());
}

#[test]
fn an_edited_row_is_detected() {
    let (_t, mut vault) = tampered_vault();
    vault
        .store()
        .connection()
        .execute(
            "UPDATE audit_log SET user_name = 'iemand anders' WHERE id = 4",
            [],
        )
        .unwrap();
    assert!(problems(&mut vault)
        .iter()
        .any(|p| p.contains("Logregel 4 is achteraf gewijzigd")));
}

#[test]
fn a_removed_row_is_detected() {
    let (_t, mut vault) = tampered_vault();
    vault
        .store()
        .connection()
        .execute("DELETE FROM audit_log WHERE id = 5", [])
        .unwrap();
    assert!(problems(&mut vault)
        .iter()
        .any(|p| p.contains("Logregel 5 ontbreekt")));
}

#[test]
fn reordered_rows_are_detected() {
    let (_t, mut vault) = tampered_vault();
    // Swap the contents of rows 3 and 4, keeping ids in order, each row's own hash still valid.
    vault
        .store()
        .connection()
        .execute_batch(
            "UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = -3;",
        )
        .unwrap();
    let found = problems(&mut vault);
    assert!(
        found.iter().any(|p| p.contains("sluit niet aan")),
        "{found:?}"
    );
}

#[test]
fn cut_off_last_rows_are_detected() {
    let (_t, mut vault) = tampered_vault();
    let last: i64 = vault
        .store()
        .connection()
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    vault
        .store()
        .connection()
        .execute("DELETE FROM audit_log WHERE id >= ?1", [last - 1])
        .unwrap();
    assert!(problems(&mut vault)
        .iter()
        .any(|p| p.contains("laatste logregels")));
}

#[test]
fn a_rewritten_hash_is_still_caught_by_the_next_row() {
    let (_t, mut vault) = tampered_vault();
    vault
        .store()
        .connection()
        .execute(
            "UPDATE audit_log SET detail = 'vervalst', hash = 'ab' WHERE id = 6",
            [],
        )
        .unwrap();
    let found = problems(&mut vault);
    assert!(
        found
            .iter()
            .any(|p| p.contains("Logregel 7 sluit niet aan")),
        "{found:?}"
    );
}

/// Issue 13: cutting the tail and updating the head row passes the chain check on its own, but the
/// head sealed in `vault.key` notices, at unlock and in `check`.
#[test]
fn a_cut_tail_with_the_head_row_updated_is_reported_at_unlock() {
    let (tmp, vault) = tampered_vault();
    let dir = tmp.path().join("kluis");
    vault.lock().unwrap();
    let vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert!(vault.audit_head().intact, "{:?}", vault.audit_head());
    let conn = vault.store().connection();
    let last: i64 = conn
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE id > ?1", [last - 4])
        .unwrap();
    let hash: String = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE id = ?1",
            [last - 4],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE settings SET value = ?1 WHERE key = 'audit_head'",
        [format!("{}:{hash}", last - 4)],
    )
    .unwrap();
    // The tamperer does not lock through the app (that would record the cut head).
    drop(vault);
    let mut vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert!(
        vault.store_mut().verify_audit().unwrap().intact,
        "the chain alone cannot see this cut"
    );
    let head = vault.audit_head().clone();
    assert!(!head.intact);
    assert_eq!(head.status, "cut_or_older");
    assert_eq!(head.recorded_rows, Some(last));
    assert!(head.message.contains("weggehaald"), "{}", head.message);
    // The warning stays on the next unlock; the log itself says what was found.
    vault.lock().unwrap();
    let mut vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert!(!vault.audit_head().intact);
    let rows = vault.store_mut().audit_recent(20).unwrap();
    assert!(rows.iter().any(|r| r.event == "audit_head_mismatch"));
}

/// Putting back an older copy of `vault.db` (it opens with the same key) is reported at unlock and
/// by `check` (exit code 3, `audit_head.status` in the JSON).
#[test]
fn a_vault_db_replaced_by_an_older_copy_is_reported_by_unlock_and_check() {
    let cli = common::cli::Cli::new();
    cli.init();
    let db = cli.vault.join("vault.db");
    let older = std::fs::read(&db).unwrap();
    let ok = cli.json(&["check", "--json"]);
    assert_eq!(ok["audit_head"]["status"], "ok", "{ok}");
    cli.ok(&[
        "client",
        "add",
        "--first-name",
        "Anna",
        "--last-name",
        "Jansen",
        "--birth-date",
        "1990-03-04",
    ]);
    std::fs::write(&db, &older).unwrap();
    for side in ["vault.db-wal", "vault.db-shm"] {
        let _ = std::fs::remove_file(cli.vault.join(side));
    }
    let out = cli.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", common::cli::stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["audit_head"]["status"], "cut_or_older", "{v}");
    assert_eq!(v["audit_head"]["intact"], false);
    let vault = Vault::open(&cli.vault, &pass(), ctx()).unwrap();
    assert_eq!(vault.audit_head().status, "cut_or_older");
    assert!(vault.audit_head().message.contains("oudere kopie"));
}

/// A vault restored from a backup has its own head: not reported as tampered. The backup's
/// manifest names the snapshot's head.
#[test]
fn a_restored_vault_is_not_reported_as_tampered() {
    use dossierkluis::backup::{self, BackupKey, BackupSecret, CreateOptions, RestoreOptions};
    let (tmp, mut vault, _) = new_vault();
    vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let made = backup::create(
        &mut vault,
        &tmp.path().join("b"),
        &CreateOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let head = made
        .manifest
        .audit_head
        .clone()
        .expect("the manifest names the head");
    assert!(head.rows > 0);
    vault.lock().unwrap();
    let opened = backup::open(
        &made.file,
        BackupKey::from_secret(BackupSecret::Passphrase(pass())).unwrap(),
    )
    .unwrap();
    let to = tmp.path().join("terug");
    opened
        .restore(
            &RestoreOptions {
                to: &to,
                new_passphrase: &pass(),
                kdf: dossierkluis::KdfParams::INSECURE_FAST,
                overwrite: false,
                destroyed_client_numbers: &[],
            },
            ctx(),
            &mut |_| {},
        )
        .unwrap();
    let mut restored = Vault::open(&to, &pass(), ctx()).unwrap();
    assert!(restored.audit_head().intact, "{:?}", restored.audit_head());
    assert_eq!(restored.audit_head().status, "ok");
    assert!(restored.store_mut().verify_audit().unwrap().intact);
}
