//! The backup commands as a script would run them (issue 6): the documented forms, exit codes, the
//! `{code, message}` error on stderr with `--json`, and restore with each of the three secrets.

mod common;

use common::cli::{err_code, run};
use common::*;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

/// Stdout as JSON; the command must have succeeded.
fn ok(out: Output) -> Value {
    common::cli::ok_json("the command", out)
}

struct Setup {
    tmp: tempfile::TempDir,
    vault: PathBuf,
    code: String,
    file: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    let init = ok(run(
        Some(&vault),
        &["init", "--insecure-fast-kdf", "--json"],
        &[],
    ));
    let code = init["recovery_code"].as_str().unwrap().to_string();
    ok(run(
        Some(&vault),
        &[
            "client",
            "add",
            "--first-name",
            "Zoë",
            "--last-name",
            "Vries",
            "--birth-date",
            "1990-03-04",
            "--json",
        ],
        &[],
    ));
    let made = ok(run(
        Some(&vault),
        &[
            "backup",
            "create",
            "--out",
            tmp.path().join("backups").to_str().unwrap(),
            "--json",
        ],
        &[],
    ));
    let file = PathBuf::from(made["file"].as_str().unwrap());
    assert!(file.is_file());
    Setup {
        tmp,
        vault,
        code,
        file,
    }
}

#[test]
fn create_verify_identity_and_restore_in_the_documented_forms() {
    let s = setup();
    let f = s.file.to_str().unwrap();
    // verify: with the vault, with the passphrase alone, with the identity file.
    ok(run(Some(&s.vault), &["backup", "verify", f, "--json"], &[]));
    ok(run(None, &["backup", "verify", f, "--json"], &[]));
    let id = s.tmp.path().join("identity.txt");
    let written = ok(run(
        Some(&s.vault),
        &[
            "backup",
            "identity",
            "--out",
            id.to_str().unwrap(),
            "--json",
        ],
        &[],
    ));
    assert!(written["recipient"].as_str().unwrap().starts_with("age1"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&id).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the identity file is private");
    }
    let id_arg = id.to_str().unwrap();
    ok(run(
        None,
        &["backup", "verify", f, "--identity", id_arg, "--json"],
        &[("DOSSIERKLUIS_PASSPHRASE", "")],
    ));
    let preview = ok(run(None, &["backup", "preview", f, "--json"], &[]));
    assert_eq!(preview["clients"], 1);

    // restore: passphrase (the restored vault keeps it), recovery code, identity file.
    let to1 = s.tmp.path().join("r1");
    let r1 = ok(run(
        None,
        &[
            "backup",
            "restore",
            f,
            "--to",
            to1.to_str().unwrap(),
            "--insecure-fast-kdf",
            "--json",
        ],
        &[],
    ));
    assert!(
        r1["recovery_code"].as_str().is_some(),
        "a new code is shown once"
    );
    ok(run(Some(&to1), &["client", "list", "--json"], &[]));

    let to2 = s.tmp.path().join("r2");
    let r2 = ok(run(
        None,
        &[
            "backup",
            "restore",
            f,
            "--to",
            to2.to_str().unwrap(),
            "--insecure-fast-kdf",
            "--json",
        ],
        &[
            ("DOSSIERKLUIS_RECOVERY_CODE", &s.code),
            ("DOSSIERKLUIS_NEW_PASSPHRASE", "een nieuwe wachtwoordzin"),
        ],
    ));
    assert!(r2["recovery_code"].is_null(), "the old code stays valid");
    ok(run(
        Some(&to2),
        &["client", "list", "--json"],
        &[("DOSSIERKLUIS_PASSPHRASE", "een nieuwe wachtwoordzin")],
    ));

    let to3 = s.tmp.path().join("r3");
    ok(run(
        None,
        &[
            "backup",
            "restore",
            f,
            "--to",
            to3.to_str().unwrap(),
            "--identity",
            id_arg,
            "--insecure-fast-kdf",
            "--json",
        ],
        &[("DOSSIERKLUIS_NEW_PASSPHRASE", "een nieuwe wachtwoordzin")],
    ));

    // Restoring onto an existing vault is refused, and the vault stays as it was.
    let before = snapshot(&s.vault);
    let out = run(
        None,
        &[
            "backup",
            "restore",
            f,
            "--to",
            s.vault.to_str().unwrap(),
            "--insecure-fast-kdf",
            "--json",
        ],
        &[],
    );
    assert_eq!(err_code(&out), "vault_exists");
    assert_eq!(snapshot(&s.vault), before);
}

#[test]
fn a_damaged_or_foreign_backup_fails_verify_with_its_code() {
    let s = setup();
    let f = s.file.to_str().unwrap();
    let mut bytes = std::fs::read(&s.file).unwrap();
    let n = bytes.len();
    bytes[n - 40] ^= 0x20;
    let bad = s.tmp.path().join("kapot.age");
    std::fs::write(&bad, &bytes).unwrap();
    let out = run(
        None,
        &["backup", "verify", bad.to_str().unwrap(), "--json"],
        &[],
    );
    assert_eq!(err_code(&out), "backup_tampered");

    let out = run(
        None,
        &["backup", "verify", f, "--json"],
        &[("DOSSIERKLUIS_PASSPHRASE", "verkeerde wachtwoordzin")],
    );
    assert_eq!(err_code(&out), "wrong_passphrase");
    let out = run(
        None,
        &["backup", "verify", f, "--json"],
        &[("DOSSIERKLUIS_RECOVERY_CODE", &"B".repeat(32))],
    );
    assert_eq!(err_code(&out), "wrong_recovery_code");
    let plain = s.tmp.path().join("geen-backup.age");
    std::fs::write(&plain, b"dit is geen back-up").unwrap();
    let out = run(
        None,
        &["backup", "verify", plain.to_str().unwrap(), "--json"],
        &[],
    );
    assert_eq!(err_code(&out), "backup_tampered");
}

#[test]
fn status_reminds_until_a_backup_exists_and_set_folder_turns_on_lock_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    ok(run(
        Some(&vault),
        &["init", "--insecure-fast-kdf", "--json"],
        &[],
    ));
    let st = ok(run(Some(&vault), &["backup", "status", "--json"], &[]));
    assert_eq!(st["reminder"], true);
    let folder = tmp.path().join("usb");
    ok(run(
        Some(&vault),
        &["backup", "set-folder", folder.to_str().unwrap(), "--json"],
        &[],
    ));
    ok(run(
        Some(&vault),
        &[
            "backup",
            "create",
            "--out",
            folder.to_str().unwrap(),
            "--json",
        ],
        &[],
    ));
    let st = ok(run(Some(&vault), &["backup", "status", "--json"], &[]));
    assert_eq!(st["reminder"], false);
    assert_eq!(st["count"], 1);
    // Eight days later the reminder is back.
    let later = chrono::Utc::now().date_naive() + chrono::Days::new(8);
    let st = ok(run(
        Some(&vault),
        &["--today", &later.to_string(), "backup", "status", "--json"],
        &[],
    ));
    assert_eq!(st["reminder"], true, "{st}");
}

/// Issue 13: the format-1 fixture (no authentication tag) restores from the CLI with its identity
/// file only after `--accept-unverified-origin`; `verify` says `origin_verified: false`.
#[test]
fn an_old_format_backup_restores_with_the_identity_only_when_confirmed() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup-v1");
    let file = fixture.join("dossierkluis-53504d3b-20261121-120000.age");
    let (f, id) = (file.to_str().unwrap(), fixture.join("identity.txt"));
    let id = id.to_str().unwrap();
    let verified = ok(run(
        None,
        &["backup", "verify", f, "--identity", id, "--json"],
        &[],
    ));
    assert_eq!(verified["origin_verified"], false, "{verified}");
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join("terug");
    let args = |extra: &'static [&'static str]| {
        let mut a = vec![
            "backup",
            "restore",
            f,
            "--to",
            to.to_str().unwrap(),
            "--identity",
            id,
            "--insecure-fast-kdf",
            "--json",
        ];
        a.extend_from_slice(extra);
        a
    };
    let env = [("DOSSIERKLUIS_NEW_PASSPHRASE", "een nieuwe wachtwoordzin")];
    let out = run(None, &args(&[]), &env);
    assert_eq!(err_code(&out), "not_allowed");
    assert!(!to.exists(), "nothing was written");
    ok(run(None, &args(&["--accept-unverified-origin"]), &env));
    assert!(to.join("vault.key").is_file());
}
