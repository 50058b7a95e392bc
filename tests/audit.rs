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
