//! The vault as a person meets it: create, unlock, wrong passphrase, change passphrase, recovery,
//! one program at a time, newer versions refused, old vaults still opening.

mod common;

use common::*;
use dossierkluis::dossier::EntryKind;
use dossierkluis::{ErrorCode, KdfParams, Passphrase, RecoveryCode, Vault};

#[test]
fn a_wrong_passphrase_is_refused_with_its_code_and_changes_no_byte() {
    let (tmp, vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    vault.lock().unwrap();
    let before = snapshot(&dir);
    for wrong in [
        "",
        "lange wachtwoordzin voor test",
        "lange wachtwoordzin voor testss",
        "LANGE WACHTWOORDZIN VOOR TESTS",
        "é",
    ] {
        let err = Vault::open(&dir, &Passphrase::new(wrong), ctx()).unwrap_err();
        assert_eq!(
            err.code,
            ErrorCode::WrongPassphrase,
            "{wrong:?} must be a wrong passphrase, not {:?}",
            err.code
        );
        assert!(
            err.message.contains("wachtwoordzin"),
            "the message is Dutch and says what is wrong: {}",
            err.message
        );
    }
    assert_eq!(
        snapshot(&dir),
        before,
        "a refused unlock must leave every file byte-identical"
    );
}

#[test]
fn unicode_variants_of_the_same_passphrase_open_the_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    let composed = "café met één appel";
    let decomposed = "cafe\u{301} met e\u{301}e\u{301}n appel";
    Vault::create(
        &dir,
        &Passphrase::new(composed),
        KdfParams::INSECURE_FAST,
        ctx(),
    )
    .unwrap()
    .0
    .lock()
    .unwrap();
    Vault::open(&dir, &Passphrase::new(decomposed), ctx())
        .expect("NFC makes both spellings one passphrase");
}

#[test]
fn after_passwd_the_old_passphrase_fails_and_the_new_one_works() {
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let id = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    let new = Passphrase::new("een heel andere wachtwoordzin");
    assert_eq!(
        vault
            .change_passphrase(&Passphrase::new("fout fout fout fout"), &new)
            .unwrap_err()
            .code,
        ErrorCode::WrongPassphrase
    );
    vault.change_passphrase(&pass(), &new).unwrap();
    vault.lock().unwrap();
    assert_eq!(
        Vault::open(&dir, &pass(), ctx()).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    let mut vault = Vault::open(&dir, &new, ctx()).unwrap();
    assert_eq!(
        vault.store_mut().client(id).unwrap().last_name,
        "Jansen",
        "re-wrapping kept the data"
    );
}

#[test]
fn the_recovery_code_opens_the_vault_and_sets_a_new_passphrase() {
    let (tmp, vault, code) = new_vault();
    let dir = tmp.path().join("kluis");
    vault.lock().unwrap();
    let other = RecoveryCode::parse(&"7".repeat(32)).unwrap();
    let new = Passphrase::new("nieuwe zin na vergeten");
    assert_eq!(
        Vault::recover(&dir, &other, &new, ctx()).unwrap_err().code,
        ErrorCode::WrongRecoveryCode
    );
    let typed = code.expose_secret().to_lowercase();
    Vault::recover(&dir, &RecoveryCode::parse(&typed).unwrap(), &new, ctx())
        .unwrap()
        .lock()
        .unwrap();
    assert_eq!(
        Vault::open(&dir, &pass(), ctx()).unwrap_err().code,
        ErrorCode::WrongPassphrase,
        "the forgotten passphrase no longer opens it"
    );
    Vault::open(&dir, &new, ctx()).unwrap().lock().unwrap();
    Vault::recover(
        &dir,
        &code,
        &Passphrase::new("en nog een keer anders"),
        ctx(),
    )
    .expect("the recovery code stays valid");
}

#[test]
fn a_second_opening_of_the_same_vault_is_refused_until_the_first_locks() {
    let (tmp, vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let err = Vault::open(&dir, &pass(), ctx()).unwrap_err();
    assert_eq!(err.code, ErrorCode::VaultInUse);
    vault.lock().unwrap();
    Vault::open(&dir, &pass(), ctx()).expect("free again after lock");
}

#[test]
fn a_short_passphrase_is_refused_and_no_vault_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    let err = Vault::create(
        &dir,
        &Passphrase::new("kort"),
        KdfParams::INSECURE_FAST,
        ctx(),
    )
    .unwrap_err();
    assert_eq!(err.fields[0].field, "passphrase");
    assert!(!Vault::exists(&dir));
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let (tmp, vault, _) = new_vault();
    vault.lock().unwrap();
    let dir = tmp.path().join("kluis");
    let before = snapshot(&dir);
    let err = Vault::create(&dir, &pass(), KdfParams::INSECURE_FAST, ctx()).unwrap_err();
    assert_eq!(err.code, ErrorCode::VaultExists);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_vault_made_with_the_defaults_uses_argon2id_with_at_least_64_mib() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    Vault::create(&dir, &pass(), KdfParams::STRONG, ctx())
        .unwrap()
        .0
        .lock()
        .unwrap();
    let info = Vault::info(&dir).unwrap();
    assert!(info.kdf.memory_kib >= 64 * 1024, "{:?}", info.kdf);
    assert!(info.kdf.iterations >= 2);
    // The CLI test `init_makes_a_strong_vault_by_default` checks that `init` chooses these defaults.
}

#[test]
fn wal_and_synchronous_full_are_in_force() {
    let (_tmp, vault, _) = new_vault();
    let conn = vault.store().connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    let secure: i64 = conn
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .unwrap();
    let temp_store: i64 = conn
        .query_row("PRAGMA temp_store", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        temp_store, 2,
        "temporary tables and indexes stay in memory: no plain temp files"
    );
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "FULL: an acknowledged note survives a power cut");
    assert_eq!(secure, 1);
}

#[test]
fn a_vault_from_a_newer_version_is_refused_untouched() {
    let (tmp, vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    vault
        .store()
        .connection()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    vault.lock().unwrap();
    let before = snapshot(&dir);
    let err = Vault::open(&dir, &pass(), ctx()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NewerVersion);
    assert!(err.message.contains("nieuwere versie"), "{}", err.message);
    assert_eq!(
        snapshot(&dir),
        before,
        "nothing may be written to a newer vault"
    );
}

#[test]
fn a_damaged_database_is_reported_as_damaged_not_as_a_wrong_passphrase() {
    let (tmp, vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    vault.lock().unwrap();
    let db = dir.join("vault.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[0..64] {
        *b ^= 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    assert_eq!(
        Vault::open(&dir, &pass(), ctx()).unwrap_err().code,
        ErrorCode::Corrupt
    );
}

#[test]
fn integrity_checks_pass_on_a_fresh_vault_with_data() {
    let (_tmp, mut vault, _) = new_vault();
    let id = vault
        .store_mut()
        .add_client(&client("Anna", "Jansen"))
        .unwrap();
    vault
        .store_mut()
        .add_entry(id, &entry(EntryKind::Intake, "Eerste gesprek."))
        .unwrap();
    let report = vault.store().integrity_check().unwrap();
    assert!(report.is_ok(), "{report:?}");
}

/// The vault committed under tests/fixtures/vault-v1 was made by the first schema; every later
/// version must keep opening it. Its passphrase and content are in that folder's README.
#[test]
fn the_fixture_vault_of_schema_1_still_opens_with_its_data() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-v1");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    std::fs::create_dir(&dir).unwrap();
    for name in ["vault.db", "vault.key"] {
        std::fs::copy(fixture.join(name), dir.join(name)).unwrap();
    }
    let mut vault =
        Vault::open(&dir, &Passphrase::new("fixture wachtwoordzin een"), ctx()).unwrap();
    let hits = vault.store_mut().search("zoe", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.client_name == "Zoë de Vries"),
        "{hits:?}"
    );
    let dossier = vault.store_mut().open_dossier(hits[0].client_id).unwrap();
    assert!(dossier
        .entries
        .iter()
        .any(|e| e.text.contains("fixture-aantekening")));
    assert!(vault.store_mut().verify_audit().unwrap().intact);
    assert!(vault.store().integrity_check().unwrap().is_ok());
}

#[test]
fn an_interrupted_creation_does_not_block_a_new_attempt_in_the_same_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    std::fs::create_dir(&dir).unwrap();
    // What a crash between creating the database and writing the key file leaves behind.
    std::fs::write(
        dir.join("vault.db"),
        b"onleesbaar: de sleutel bestond alleen in het geheugen",
    )
    .unwrap();
    let (vault, _) =
        Vault::create(&dir, &pass(), KdfParams::INSECURE_FAST, ctx()).expect("a new attempt works");
    vault.lock().unwrap();
    let aside: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("vault.db.onvoltooid-"))
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the leftover is kept aside, not deleted: {aside:?}"
    );
    Vault::open(&dir, &pass(), ctx()).unwrap();
}

#[test]
fn the_key_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, vault, _) = new_vault();
    vault.lock().unwrap();
    let mode = std::fs::metadata(tmp.path().join("kluis/vault.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "mode {mode:o}");
}

/// Every file of a vault (database, its -wal and -shm, key file, lock file) is for its owner only,
/// and the folder too: from creation on, and a vault copied with loose modes is tightened on open.
#[test]
fn every_file_in_the_vault_is_0600_and_the_folder_0700() {
    use std::os::unix::fs::PermissionsExt;
    fn modes(dir: &std::path::Path) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let mode = e.metadata().unwrap().permissions().mode() & 0o777;
                (e.file_name().to_string_lossy().into_owned(), mode)
            })
            .collect();
        out.sort();
        out
    }
    let mode_of = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    vault
        .store_mut()
        .add_client(&client("Zoë", "Vries"))
        .unwrap();
    let open_files = modes(&dir);
    for name in [
        "vault.db",
        "vault.db-wal",
        "vault.db-shm",
        "vault.key",
        "vault.lock",
    ] {
        assert!(
            open_files.iter().any(|(n, _)| n == name),
            "{name} exists while the vault is open: {open_files:?}"
        );
    }
    assert!(
        open_files.iter().all(|(_, m)| *m == 0o600),
        "every file is 0600 while open: {open_files:?}"
    );
    assert_eq!(mode_of(&dir), 0o700, "the folder is 0700");
    vault.lock().unwrap();
    assert!(modes(&dir).iter().all(|(_, m)| *m == 0o600));

    // A copy made with loose modes (or a vault from an older version) is tightened at the next open.
    for (name, _) in modes(&dir) {
        std::fs::set_permissions(dir.join(&name), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    let reopened = modes(&dir);
    assert!(
        reopened.iter().all(|(_, m)| *m == 0o600),
        "tightened on open: {reopened:?}"
    );
    assert_eq!(mode_of(&dir), 0o700);
    vault.lock().unwrap();
}

/// Issue 13: a vault whose Argon2id parameters are weaker than today's defaults is re-wrapped with
/// the defaults at its next unlock, and still opens with the same passphrase. (Test builds leave the
/// test parameters alone so the suite stays fast; the CLI flag for them exists only there.)
#[test]
fn a_vault_with_weaker_kdf_parameters_is_rewrapped_with_the_defaults_at_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kluis");
    let weak = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        parallelism: 1,
    };
    Vault::create(&dir, &pass(), weak, ctx())
        .unwrap()
        .0
        .lock()
        .unwrap();
    assert_eq!(Vault::info(&dir).unwrap().kdf, weak);
    let mut vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert_eq!(
        Vault::info(&dir).unwrap().kdf,
        KdfParams::STRONG,
        "re-wrapped at unlock"
    );
    let rows = vault.store_mut().audit_recent(5).unwrap();
    assert!(rows.iter().any(|r| r.event == "kdf_upgraded"));
    vault.lock().unwrap();
    Vault::open(&dir, &pass(), ctx())
        .expect("the same passphrase opens it after the upgrade")
        .lock()
        .unwrap();
    assert_eq!(
        Vault::open(&dir, &Passphrase::new("een andere lange zin"), ctx())
            .unwrap_err()
            .code,
        ErrorCode::WrongPassphrase
    );
}
