//! Backups only the vault could have made (issue 13): a backup forged with nothing but the vault's
//! public `age1…` recipient is refused with the identity and with the passphrase, before anything is
//! written; a snapshot whose schema is not what the migrations make is refused; an old-format
//! (unauthenticated) backup restores with its passphrase and, with the identity, only when confirmed.

mod common;

use common::*;
use dossierkluis::backup::{
    self, container, BackupKey, BackupSecret, CreateOptions, OpenedBackup, Progress, RestoreOptions,
};
use dossierkluis::{ErrorCode, KdfParams, Passphrase, Vault};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn quiet() -> impl FnMut(Progress) {
    |_| {}
}

fn open_with(file: &Path, secret: BackupSecret) -> dossierkluis::Result<OpenedBackup> {
    backup::open(file, BackupKey::from_secret(secret)?)
}

fn restore_to(opened: &OpenedBackup, to: &Path) -> dossierkluis::Result<backup::RestoreOutcome> {
    opened.restore(
        &RestoreOptions {
            to,
            new_passphrase: &pass(),
            kdf: KdfParams::INSECURE_FAST,
            overwrite: false,
            destroyed_client_numbers: &[],
        },
        ctx(),
        &mut quiet(),
    )
}

/// A genuine backup of a vault with one client, with the identity's secret and public recipient.
struct Genuine {
    tmp: tempfile::TempDir,
    file: PathBuf,
    secret: String,
    recipient: String,
}

fn genuine() -> Genuine {
    let (tmp, mut vault, _) = new_vault();
    vault
        .store_mut()
        .add_client(&client("Zoë", "Vries"))
        .unwrap();
    let file = backup::create(
        &mut vault,
        &tmp.path().join("b"),
        &CreateOptions::default(),
        &mut quiet(),
    )
    .unwrap()
    .file;
    let id = backup::backup_identity(&mut vault).unwrap();
    let (secret, recipient) = (id.expose_secret().to_string(), id.recipient.clone());
    vault.lock().unwrap();
    Genuine {
        tmp,
        file,
        secret,
        recipient,
    }
}

/// What an attacker who read the backup (here: with the identity, to have a realistic snapshot)
/// and knows only the public recipient can write: a changed snapshot, the manifest's hash, size and
/// counts updated to match, `edit_manifest` applied, encrypted with `age -r`.
fn forge(
    g: &Genuine,
    sql: &str,
    edit_manifest: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> PathBuf {
    let work = g.tmp.path().join("vervalsing");
    std::fs::create_dir_all(&work).unwrap();
    let id = work.join("id.txt");
    std::fs::write(&id, format!("{}\n", g.secret)).unwrap();
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&id)
        .arg(&g.file)
        .output()
        .expect("Debian's age tool is installed");
    assert!(out.status.success());
    let tar = out.stdout;
    let block: [u8; 512] = tar[..512].try_into().unwrap();
    let (_, msize) = container::parse_header(&block).unwrap();
    let mut manifest: serde_json::Map<String, Value> =
        serde_json::from_slice(&tar[512..512 + msize as usize]).unwrap();
    let snap_at = 512 + msize as usize + container::padding(msize);
    let block: [u8; 512] = tar[snap_at..snap_at + 512].try_into().unwrap();
    let (_, ssize) = container::parse_header(&block).unwrap();
    let snapshot = &tar[snap_at + 512..snap_at + 512 + ssize as usize];

    let db_path = work.join("snap.sqlite");
    std::fs::write(&db_path, snapshot).unwrap();
    {
        let conn = rusqlite::Connection::open(&db_path).unwrap();
        conn.execute_batch(sql).unwrap();
    }
    let changed = std::fs::read(&db_path).unwrap();
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    let mut tables = serde_json::Map::new();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for n in names {
        let c: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))
            .unwrap();
        tables.insert(n, c.into());
    }
    drop(conn);
    let sha = ring::digest::digest(&ring::digest::SHA256, &changed);
    let sha: String = sha.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    manifest.insert("snapshot_sha256".into(), sha.into());
    manifest.insert("snapshot_bytes".into(), (changed.len() as u64).into());
    manifest.insert("tables".into(), tables.into());
    edit_manifest(&mut manifest);
    let json = serde_json::to_vec_pretty(&manifest).unwrap();

    let mut payload = Vec::new();
    payload.extend_from_slice(&container::header(
        container::MANIFEST_NAME,
        json.len() as u64,
        0,
    ));
    payload.extend_from_slice(&json);
    payload.resize(payload.len() + container::padding(json.len() as u64), 0);
    payload.extend_from_slice(&container::header(
        container::SNAPSHOT_NAME,
        changed.len() as u64,
        0,
    ));
    payload.extend_from_slice(&changed);
    payload.resize(payload.len() + container::padding(changed.len() as u64), 0);
    payload.resize(payload.len() + 1024, 0);

    let forged = work.join("dossierkluis-vervalst.age");
    let mut child = Command::new("age")
        .arg("-r")
        .arg(&g.recipient)
        .arg("-o")
        .arg(&forged)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&payload).unwrap();
    assert!(child.wait().unwrap().success());
    forged
}

const ADD_CLIENT: &str = "UPDATE clients SET last_name = 'Vervalst';";
const ADD_TRIGGER: &str =
    "CREATE TRIGGER wis_alles AFTER INSERT ON audit_log BEGIN DELETE FROM settings; END;";

#[test]
fn a_backup_forged_with_the_public_key_is_refused_with_identity_and_passphrase() {
    let g = genuine();
    // The attacker keeps the old tag (they cannot make a new one): it no longer fits.
    let forged = forge(&g, ADD_CLIENT, |_| {});
    let to = g.tmp.path().join("terug");
    let err = open_with(&forged, BackupSecret::IdentityFile(g.secret.clone().into())).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered, "{}", err.message);
    assert!(
        err.message.contains("niet door uw kluis gemaakt"),
        "{}",
        err.message
    );
    let err = open_with(&forged, BackupSecret::Passphrase(pass())).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::WrongPassphrase,
        "no passphrase stanza the forger could write: {}",
        err.message
    );
    // Without a tag at all, the same.
    let untagged = forge(&g, ADD_CLIENT, |m| {
        m.remove("authentication");
    });
    let err = open_with(
        &untagged,
        BackupSecret::IdentityFile(g.secret.clone().into()),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered);
    assert!(!to.exists(), "nothing was written");
    // The genuine one still restores both ways.
    let opened = open_with(&g.file, BackupSecret::IdentityFile(g.secret.clone().into())).unwrap();
    assert!(opened.preview().origin_verified);
    restore_to(&opened, &to).unwrap();
    let opened = open_with(&g.file, BackupSecret::Passphrase(pass())).unwrap();
    assert!(opened.verify(&mut quiet()).unwrap().origin_verified);
    restore_to(&opened, &g.tmp.path().join("terug2")).unwrap();
}

/// Posing as a format-1 backup (no tag) does not get past the identity restore without an explicit
/// confirmation, and even then a foreign trigger is refused and nothing is written.
#[test]
fn a_forgery_posing_as_format_1_needs_confirmation_and_a_foreign_trigger_is_refused() {
    let g = genuine();
    let downgrade = |m: &mut serde_json::Map<String, Value>| {
        m.remove("authentication");
        m.insert("format_version".into(), 1.into());
    };
    let to = g.tmp.path().join("terug");
    let plain = forge(&g, ADD_CLIENT, downgrade);
    let mut opened =
        open_with(&plain, BackupSecret::IdentityFile(g.secret.clone().into())).unwrap();
    assert!(!opened.preview().origin_verified);
    let err = restore_to(&opened, &to).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed, "{}", err.message);
    assert!(err.message.contains("echtheidskenmerk"), "{}", err.message);
    assert!(!to.exists());
    let err = open_with(&plain, BackupSecret::Passphrase(pass())).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    // Confirmed, the changed data would restore: that is what the confirmation is about.
    opened.accept_unverified_origin();
    restore_to(&opened, &to).unwrap();

    let trigger = forge(&g, ADD_TRIGGER, downgrade);
    let mut opened = open_with(
        &trigger,
        BackupSecret::IdentityFile(g.secret.clone().into()),
    )
    .unwrap();
    opened.accept_unverified_origin();
    let to = g.tmp.path().join("terug-trigger");
    let err = restore_to(&opened, &to).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered, "{}", err.message);
    assert!(err.message.contains("triggers"), "{}", err.message);
    assert!(!to.exists(), "nothing was written");
    let err = opened.verify(&mut quiet()).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered);
}

/// A vault whose database gained a trigger (someone with the data key) cannot pass it on: the
/// backup's own check refuses it, and no file with a final name is left.
#[test]
fn a_vault_with_a_foreign_trigger_makes_no_backup() {
    let (tmp, mut vault, _) = new_vault();
    vault
        .store()
        .connection()
        .execute_batch(ADD_TRIGGER)
        .unwrap();
    let folder = tmp.path().join("b");
    let err =
        backup::create(&mut vault, &folder, &CreateOptions::default(), &mut quiet()).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered, "{}", err.message);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn a_header_with_too_many_stanzas_is_refused() {
    let g = genuine();
    let mut args = Vec::new();
    for _ in 0..9 {
        args.push("-r".to_string());
        args.push(g.recipient.clone());
    }
    let out = g.tmp.path().join("veel.age");
    let mut child = Command::new("age")
        .args(&args)
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"x").unwrap();
    assert!(child.wait().unwrap().success());
    let err = open_with(&out, BackupSecret::IdentityFile(g.secret.clone().into())).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupTampered);
}

/// The committed format-1 backup: authentic with its passphrase (only its holder wrote that stanza),
/// unverified with the identity, which restores only after confirmation.
#[test]
fn the_format_1_fixture_restores_with_its_passphrase_and_with_the_identity_when_confirmed() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup-v1");
    let file = fixture.join("dossierkluis-53504d3b-20261121-120000.age");
    let identity = std::fs::read_to_string(fixture.join("identity.txt")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let by_pass = open_with(
        &file,
        BackupSecret::Passphrase(Passphrase::new("fixture wachtwoordzin een")),
    )
    .unwrap();
    assert!(by_pass.preview().origin_verified);
    let mut by_id = open_with(&file, BackupSecret::IdentityFile(identity.into())).unwrap();
    assert!(!by_id.preview().origin_verified);
    assert!(!by_id.verify(&mut quiet()).unwrap().origin_verified);
    let to = tmp.path().join("r");
    assert_eq!(
        restore_to(&by_id, &to).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert!(!to.exists());
    by_id.accept_unverified_origin();
    restore_to(&by_id, &to).unwrap();
    let mut vault = Vault::open(&to, &pass(), ctx()).unwrap();
    assert!(!vault.store_mut().search("fixture", 10).unwrap().is_empty());
}
