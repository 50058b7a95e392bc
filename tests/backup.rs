//! Backups (issue 6): a backup restores with the passphrase, the recovery code or the identity file;
//! every table comes back row for row; any damage is refused before a byte lands under the restore
//! path; the standard `age` tool and `sqlite3` read a backup without Dossierkluis.

mod common;

use common::*;
use dossierkluis::backup::{
    self, BackupKey, BackupSecret, CreateOptions, OpenedBackup, Progress, RestoreOptions,
};
use dossierkluis::dossier::EntryKind;
use dossierkluis::{ErrorCode, KdfParams, Passphrase, RecoveryCode, Vault};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn quiet() -> impl FnMut(Progress) {
    |_| {}
}

/// SHA-256 over every row of every table (in rowid/primary-key order), per table.
fn row_hashes(conn: &Connection) -> BTreeMap<String, String> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for t in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2"))
            .unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        while let Some(r) = rows.next().unwrap() {
            for i in 0..cols {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                ctx.update(format!("{v:?}\u{1f}").as_bytes());
            }
            ctx.update(b"\x1e");
        }
        out.insert(t, hex(ctx.finish().as_ref()));
    }
    out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A vault with two clients, notes, a cliëntverklaring and an attachment; returns it with its code.
fn filled_vault() -> (tempfile::TempDir, Vault, RecoveryCode, Vec<u8>) {
    let (tmp, mut vault, code) = new_vault();
    let s = vault.store_mut();
    let a = s.add_client(&client("Zoë", "Vries")).unwrap();
    let b = s.add_client(&client("Bram", "Bakker")).unwrap();
    s.add_entry(
        a,
        &entry(EntryKind::Sessieverslag, "eerste gesprek over slaap"),
    )
    .unwrap();
    s.add_entry(
        a,
        &entry(EntryKind::Clientverklaring, "mijn eigen verklaring"),
    )
    .unwrap();
    s.add_entry(
        b,
        &entry(EntryKind::Intake, "vernietigbaar-geheim-woord intake"),
    )
    .unwrap();
    let attachment: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    s.add_document(a, "brief.pdf", &attachment, "verwijsbrief")
        .unwrap();
    (tmp, vault, code, attachment)
}

fn make_backup(vault: &mut Vault, folder: &Path) -> PathBuf {
    backup::create(vault, folder, &CreateOptions::default(), &mut quiet())
        .unwrap()
        .file
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

#[test]
fn round_trip_restores_every_row_and_attachment_with_the_passphrase() {
    let (tmp, mut vault, _code, attachment) = filled_vault();
    let before = row_hashes(vault.store().connection());
    let mut reports = Vec::new();
    let made = backup::create(
        &mut vault,
        &tmp.path().join("backups"),
        &CreateOptions::default(),
        &mut |p| reports.push(p),
    )
    .unwrap();
    assert!(
        reports
            .iter()
            .any(|p| p.done_bytes == p.total_bytes && p.total_bytes > 1),
        "progress reaches the end"
    );
    vault.lock().unwrap();

    let opened = open_with(&made.file, BackupSecret::Passphrase(pass())).unwrap();
    let preview = opened.preview();
    assert_eq!(preview.clients, 2);
    assert_eq!(preview.documents, 1);
    assert_eq!(preview.app_version, dossierkluis::VERSION);
    opened.verify(&mut quiet()).unwrap();

    let to = tmp.path().join("hersteld");
    let outcome = restore_to(&opened, &to).unwrap();
    assert!(
        outcome.new_recovery_code.is_some(),
        "restored with the passphrase, the vault gets a new recovery code"
    );
    let mut restored = Vault::open(&to, &pass(), ctx()).unwrap();
    let report = restored.store().integrity_check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    let after = row_hashes(restored.store().connection());
    for (table, hash) in &before {
        if table == "audit_log" || table == "settings" {
            continue; // the restore appends its own log line and a new identity seed
        }
        assert_eq!(
            after.get(table),
            Some(hash),
            "table {table} differs after restore"
        );
    }
    let (_, data) = restored.store_mut().document(1).unwrap();
    assert_eq!(data, attachment, "attachment byte-identical");
    let audit = restored.store_mut().verify_audit().unwrap();
    assert!(audit.intact, "the audit chain continues intact: {audit:?}");
}

#[test]
fn restore_with_the_recovery_code_keeps_the_code_valid() {
    let (tmp, mut vault, code, _) = filled_vault();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    vault.lock().unwrap();
    let opened = open_with(&file, BackupSecret::RecoveryCode(code.clone())).unwrap();
    let to = tmp.path().join("nieuwe-laptop");
    let outcome = restore_to(&opened, &to).unwrap();
    assert!(outcome.new_recovery_code.is_none());
    // The same code opens the restored vault and the backups it makes.
    let mut restored = Vault::recover(&to, &code, &pass(), ctx()).unwrap();
    let again = make_backup(&mut restored, &tmp.path().join("b2"));
    open_with(&again, BackupSecret::RecoveryCode(code))
        .unwrap()
        .verify(&mut quiet())
        .unwrap();
}

#[test]
fn restore_with_the_identity_file_and_the_vault_key() {
    let (tmp, mut vault, _, _) = filled_vault();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    let identity = backup::backup_identity(&mut vault).unwrap();
    assert!(identity.recipient.starts_with("age1"));
    let text = identity.identity_file_text("2026-11-21");
    assert!(
        !format!("{identity:?}").contains("AGE-SECRET-KEY"),
        "Debug hides the secret"
    );
    // The open vault's own key opens it too.
    let key = BackupKey::from_vault(&mut vault).unwrap();
    backup::open(&file, key)
        .unwrap()
        .verify(&mut quiet())
        .unwrap();
    vault.lock().unwrap();
    let opened = open_with(&file, BackupSecret::IdentityFile(text)).unwrap();
    restore_to(&opened, &tmp.path().join("uit-sleutel")).unwrap();
}

#[test]
fn a_passphrase_change_does_not_lock_out_older_backups() {
    let (tmp, mut vault, _, _) = filled_vault();
    let old = make_backup(&mut vault, &tmp.path().join("b"));
    let newer = Passphrase::new("een heel andere wachtwoordzin");
    vault.change_passphrase(&pass(), &newer).unwrap();
    let new = make_backup(&mut vault, &tmp.path().join("b"));
    // Each backup opens with the passphrase in force when it was made…
    open_with(&old, BackupSecret::Passphrase(pass())).unwrap();
    open_with(&new, BackupSecret::Passphrase(newer.clone())).unwrap();
    let err = open_with(&new, BackupSecret::Passphrase(pass())).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    // …and the open vault verifies both.
    for f in [&old, &new] {
        let key = BackupKey::from_vault(&mut vault).unwrap();
        backup::open(f, key).unwrap().verify(&mut quiet()).unwrap();
    }
}

#[test]
fn wrong_passphrase_code_or_identity_is_refused_with_its_code() {
    let (tmp, mut vault, _, _) = filled_vault();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    vault.lock().unwrap();
    let err = open_with(
        &file,
        BackupSecret::Passphrase(Passphrase::new("niet de goede zin")),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase, "{}", err.message);
    let other = RecoveryCode::parse(&"A".repeat(32)).unwrap();
    let err = open_with(&file, BackupSecret::RecoveryCode(other)).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongRecoveryCode, "{}", err.message);
    let stranger = age::x25519::Identity::generate();
    use age::secrecy::ExposeSecret;
    let text = zeroize::Zeroizing::new(stranger.to_string().expose_secret().to_string());
    let err = open_with(&file, BackupSecret::IdentityFile(text)).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongIdentity, "{}", err.message);
    let key = BackupKey::from_secret(BackupSecret::Passphrase(pass())).unwrap();
    assert!(
        !format!("{key:?}").contains(PASSPHRASE),
        "Debug hides the passphrase"
    );
    let opened = backup::open(&file, key).unwrap();
    assert!(!format!("{opened:?}").contains(PASSPHRASE));
    let err = open_with(
        &file,
        BackupSecret::IdentityFile("geen sleutel".to_string().into()),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongIdentity);
    assert!(!err.message.contains(PASSPHRASE));
}

#[test]
fn excluded_dossiers_are_not_in_the_backup_at_all() {
    let (tmp, mut vault, _, _) = filled_vault();
    let made = backup::create(
        &mut vault,
        &tmp.path().join("b"),
        &CreateOptions {
            exclude_client_ids: &[2],
            rotation: None,
        },
        &mut quiet(),
    )
    .unwrap();
    assert_eq!(made.manifest.excluded_clients, 1);
    assert_eq!(made.manifest.count("clients"), 1);
    let identity = backup::backup_identity(&mut vault).unwrap();
    let plain = age_decrypt(&made.file, identity.expose_secret());
    assert!(
        !contains(&plain, b"vernietigbaar-geheim-woord"),
        "no token of the left-out note, not even in the FTS index"
    );
    assert!(!contains(&plain, b"Bakker"));
    assert!(contains(&plain, b"Vries"));
    vault.lock().unwrap();
    let opened = open_with(&made.file, BackupSecret::Passphrase(pass())).unwrap();
    let to = tmp.path().join("r");
    restore_to(&opened, &to).unwrap();
    let mut restored = Vault::open(&to, &pass(), ctx()).unwrap();
    assert!(restored
        .store_mut()
        .search("vernietigbaar", 10)
        .unwrap()
        .is_empty());
}

#[test]
fn restore_reapplies_the_destruction_register() {
    let (tmp, mut vault, _, _) = filled_vault();
    let number: String = vault
        .store()
        .connection()
        .query_row("SELECT client_number FROM clients WHERE id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    vault.lock().unwrap();
    let opened = open_with(&file, BackupSecret::Passphrase(pass())).unwrap();
    let to = tmp.path().join("r");
    let outcome = opened
        .restore(
            &RestoreOptions {
                to: &to,
                new_passphrase: &pass(),
                kdf: KdfParams::INSECURE_FAST,
                overwrite: false,
                destroyed_client_numbers: &[number.clone(), "K-999999".into()],
            },
            ctx(),
            &mut quiet(),
        )
        .unwrap();
    assert_eq!(outcome.removed_destroyed, 1);
    let mut restored = Vault::open(&to, &pass(), ctx()).unwrap();
    let conn = restored.store().connection();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM clients WHERE client_number = ?1",
            [&number],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "a destroyed dossier does not come back");
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM entries WHERE client_id = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    assert!(restored
        .store_mut()
        .search("vernietigbaar", 10)
        .unwrap()
        .is_empty());
    let db = std::fs::read(to.join("vault.db")).unwrap();
    assert!(!contains(&db, b"vernietigbaar"));
}

#[test]
fn restore_never_lands_on_an_existing_vault_without_overwrite() {
    let (tmp, mut vault, _, _) = filled_vault();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    let dir = vault.dir().to_path_buf();
    vault.lock().unwrap();
    let before = snapshot(&dir);
    let opened = open_with(&file, BackupSecret::Passphrase(pass())).unwrap();
    let err = restore_to(&opened, &dir).unwrap_err();
    assert_eq!(err.code, ErrorCode::VaultExists);
    assert_eq!(snapshot(&dir), before, "the existing vault is untouched");
    // With explicit confirmation the old vault is moved aside, not deleted.
    let outcome = opened
        .restore(
            &RestoreOptions {
                to: &dir,
                new_passphrase: &pass(),
                kdf: KdfParams::INSECURE_FAST,
                overwrite: true,
                destroyed_client_numbers: &[],
            },
            ctx(),
            &mut quiet(),
        )
        .unwrap();
    let aside = outcome.replaced_vault_moved_to.unwrap();
    assert_eq!(snapshot(&aside), before);
    Vault::open(&dir, &pass(), ctx()).unwrap();
}

/// Decrypts with Debian's `age` tool (`age -d -i`), returning the tar payload.
fn age_decrypt(file: &Path, identity: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("identity.txt");
    std::fs::write(&id, format!("{identity}\n")).unwrap();
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&id)
        .arg(file)
        .output()
        .expect("Debian's age tool is installed (apt-get install age)");
    assert!(
        out.status.success(),
        "age -d failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn debian_age_and_tar_and_sqlite3_read_a_backup_without_dossierkluis() {
    let (tmp, mut vault, _, _) = filled_vault();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    let identity = backup::backup_identity(&mut vault).unwrap();
    let id_file = tmp.path().join("identity.txt");
    std::fs::write(&id_file, identity.identity_file_text("test").as_bytes()).unwrap();
    vault.lock().unwrap();
    let out_dir = tmp.path().join("uitgepakt");
    std::fs::create_dir(&out_dir).unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "age -d -i '{}' '{}' | tar -x -C '{}'",
            id_file.display(),
            file.display(),
            out_dir.display()
        ))
        .status()
        .unwrap();
    assert!(status.success(), "age -d … | tar -x");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let sqlite = out_dir.join("dossierkluis.sqlite");
    let bytes = std::fs::read(&sqlite).unwrap();
    assert_eq!(
        manifest["snapshot_sha256"].as_str().unwrap(),
        hex(ring::digest::digest(&ring::digest::SHA256, &bytes).as_ref())
    );
    let out = Command::new("sqlite3")
        .arg(&sqlite)
        .arg("PRAGMA integrity_check; SELECT last_name FROM clients ORDER BY id;")
        .output()
        .expect("Debian's sqlite3 is installed");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok\nVries\nBakker\n");
}

#[test]
fn a_vault_from_before_backups_gets_an_identity_and_its_backups_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v1");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-v1");
    std::fs::create_dir(&dir).unwrap();
    for f in ["vault.db", "vault.key"] {
        std::fs::copy(fixture.join(f), dir.join(f)).unwrap();
    }
    let fixture_pass = Passphrase::new("fixture wachtwoordzin een");
    let mut vault = Vault::open(&dir, &fixture_pass, ctx()).unwrap();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    let identity = backup::backup_identity(&mut vault).unwrap();
    vault.lock().unwrap();
    let plain = age_decrypt(&file, identity.expose_secret());
    assert!(contains(&plain, b"fixture-aantekening"));
    let opened = open_with(&file, BackupSecret::Passphrase(fixture_pass)).unwrap();
    restore_to(&opened, &tmp.path().join("r")).unwrap();
}

/// Where the encrypted payload starts: after the header's `--- MAC` line and the 16-byte nonce.
fn payload_start(bytes: &[u8]) -> usize {
    let mac_line = bytes
        .windows(5)
        .position(|w| w == b"\n--- ")
        .expect("an age header");
    let end = mac_line
        + 1
        + bytes[mac_line + 1..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap()
        + 1;
    end + 16
}

const CHUNK: usize = 64 * 1024 + 16;

/// Every kind of damage from the issue, each refused with a clear code, and nothing under `to`.
#[test]
fn every_tampered_or_truncated_backup_is_refused_and_nothing_is_restored() {
    let (tmp, mut vault, _, _) = filled_vault();
    // A bigger attachment so the file spans many 64 KiB chunks.
    let big: Vec<u8> = (0..700_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    vault
        .store_mut()
        .add_document(1, "scan.png", &big, "")
        .unwrap();
    let file = make_backup(&mut vault, &tmp.path().join("b"));
    vault.lock().unwrap();
    let good = std::fs::read(&file).unwrap();
    let start = payload_start(&good);
    let chunks = (good.len() - start).div_ceil(CHUNK);
    assert!(chunks >= 8, "the test covers many chunks ({chunks})");

    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // Header: the version line, both stanzas, the MAC, the nonce.
    let stanza2 = good
        .windows(23)
        .position(|w| w == b"-> dossierkluis-passphr")
        .unwrap();
    for (what, at) in [
        ("version line", 3),
        ("x25519 stanza", 30),
        ("passphrase stanza args", stanza2 + 30),
        ("passphrase stanza body", stanza2 + 130),
        ("mac", start - 20),
        ("nonce", start - 3),
    ] {
        let mut b = good.clone();
        b[at] ^= 0x01;
        cases.push((format!("flip in {what}"), b));
    }
    for i in 0..chunks {
        let mut b = good.clone();
        let at = (start + i * CHUNK + CHUNK / 2).min(good.len() - 1);
        b[at] ^= 0x80;
        cases.push((format!("flip in chunk {i}"), b));
    }
    for i in 0..=chunks {
        let boundary = start + i * CHUNK;
        for cut in [boundary.saturating_sub(1), boundary, boundary + 1] {
            if cut < good.len() {
                cases.push((format!("truncated at {cut}"), good[..cut].to_vec()));
            }
        }
    }
    for extra in [1usize, 100, 70_000] {
        let mut b = good.clone();
        b.extend((0..extra).map(|i| i as u8));
        cases.push((format!("{extra} bytes appended"), b));
    }
    let mut swapped = good.clone();
    let (a, b) = (start + CHUNK, start + 2 * CHUNK);
    let chunk_a = good[a..a + CHUNK].to_vec();
    swapped[a..a + CHUNK].copy_from_slice(&good[b..b + CHUNK]);
    swapped[b..b + CHUNK].copy_from_slice(&chunk_a);
    cases.push(("chunks 1 and 2 swapped".into(), swapped));
    let mut dropped = good.clone();
    dropped.drain(a..a + CHUNK);
    cases.push(("chunk 1 removed".into(), dropped));

    let identity_text = file_identity(&tmp);
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    for (n, (what, bytes)) in cases.iter().enumerate() {
        let bad = work.join(format!("case-{n}.age"));
        std::fs::write(&bad, bytes).unwrap();
        let to = work.join(format!("restore-{n}"));
        let result = open_with(&bad, BackupSecret::Passphrase(pass()))
            .and_then(|opened| restore_to(&opened, &to));
        let err = match result {
            Ok(_) => panic!("{what}: a damaged backup was restored"),
            Err(e) => e,
        };
        let header_damage = what.contains("stanza") || what.contains("version");
        assert!(
            err.code == ErrorCode::BackupTampered
                || (header_damage && err.code == ErrorCode::WrongPassphrase),
            "{what}: {:?} {}",
            err.code,
            err.message
        );
        assert!(
            !to.exists(),
            "{what}: something was written under the restore path"
        );
        // Also refused through the identity (the `age` tool's way in).
        let id = BackupSecret::IdentityFile(format!("{identity_text}\n").into());
        if let Ok(opened) = open_with(&bad, id) {
            assert!(
                opened.verify(&mut quiet()).is_err(),
                "{what}: verify passed"
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(&work)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name())
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary restore folders remain: {leftovers:?}"
    );
    // The undamaged file still restores, so the refusals above were about the damage.
    let opened = open_with(&file, BackupSecret::Passphrase(pass())).unwrap();
    restore_to(&opened, &work.join("goed")).unwrap();
}

/// The identity of the vault in `tmp/kluis`, read through a short unlock.
fn file_identity(tmp: &tempfile::TempDir) -> String {
    let mut vault = Vault::open(&tmp.path().join("kluis"), &pass(), ctx()).unwrap();
    let id = backup::backup_identity(&mut vault).unwrap();
    let text = id.expose_secret().to_string();
    vault.lock().unwrap();
    text
}

#[test]
fn lock_with_backup_backs_up_to_the_set_folder_and_always_locks() {
    let (tmp, vault, _, _) = filled_vault();
    let dir = vault.dir().to_path_buf();
    // Without a folder: no backup, and locked.
    assert!(backup::lock_with_backup(vault, &mut quiet())
        .unwrap()
        .is_none());
    let mut vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert!(backup::status(&vault).unwrap().reminder, "no backup yet");
    let folder = tmp.path().join("usb");
    vault.store_mut().set_backup_folder(Some(&folder)).unwrap();
    let made = backup::lock_with_backup(vault, &mut quiet())
        .unwrap()
        .unwrap();
    assert!(made.file.starts_with(&folder));
    // Locked: it opens again (the process lock was released).
    let mut vault = Vault::open(&dir, &pass(), ctx()).unwrap();
    let status = backup::status(&vault).unwrap();
    assert!(!status.reminder);
    assert_eq!(status.count, 1);
    assert_eq!(status.newest_file.as_deref(), Some(made.file.as_path()));
    // With an unreachable folder the backup fails, the error says so, and the vault is still locked.
    let blocked = tmp.path().join("geen-map");
    std::fs::write(&blocked, b"een bestand, geen map").unwrap();
    vault.store_mut().set_backup_folder(Some(&blocked)).unwrap();
    let err = backup::lock_with_backup(vault, &mut quiet()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    Vault::open(&dir, &pass(), ctx()).unwrap();
}

#[test]
fn rotation_after_a_backup_keeps_one_per_day_and_spares_other_files() {
    let (tmp, mut vault, _, _) = filled_vault();
    let folder = tmp.path().join("b");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notities.txt"), b"van de gebruiker").unwrap();
    let other_vault = folder.join("dossierkluis-ffffffff-20200101-000000.age");
    std::fs::write(&other_vault, b"van een andere kluis").unwrap();
    let options = CreateOptions {
        exclude_client_ids: &[],
        rotation: Some(backup::RotationPolicy::default()),
    };
    let mut last = None;
    for _ in 0..3 {
        last = Some(backup::create(&mut vault, &folder, &options, &mut quiet()).unwrap());
    }
    let last = last.unwrap();
    let listed = backup::list(&folder, &vault.vault_id().unwrap()).unwrap();
    assert_eq!(
        listed.len(),
        1,
        "three backups on one day: the newest stays"
    );
    assert_eq!(listed[0].file, last.file);
    assert_eq!(last.rotated_away.len(), 1);
    assert!(folder.join("notities.txt").exists() && other_vault.exists());
}

/// The committed format-1 backup keeps restoring in every later version (atuin/KeePassXC practice).
#[test]
fn the_format_1_fixture_backup_still_verifies_and_restores() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup-v1");
    let file = fixture.join("dossierkluis-53504d3b-20261121-120000.age");
    let identity = std::fs::read_to_string(fixture.join("identity.txt")).unwrap();
    open_with(&file, BackupSecret::IdentityFile(identity.into()))
        .unwrap()
        .verify(&mut quiet())
        .unwrap();
    let opened = open_with(
        &file,
        BackupSecret::Passphrase(Passphrase::new("fixture wachtwoordzin een")),
    )
    .unwrap();
    assert_eq!(opened.preview().created_at, "2026-11-21T12:00:00.000Z");
    let tmp = tempfile::tempdir().unwrap();
    let to = tmp.path().join("r");
    restore_to(&opened, &to).unwrap();
    let mut vault = Vault::open(&to, &pass(), ctx()).unwrap();
    assert!(!vault.store_mut().search("fixture", 10).unwrap().is_empty());
}

/// The retention hooks, wired (issue 5): a backup leaves out a dossier whose term has ended, and a
/// restore of a backup made before a destruction does not bring the destroyed dossier back.
#[test]
fn a_backup_leaves_out_a_due_dossier_and_a_restore_keeps_a_destroyed_one_away() {
    use common::retention::set_today;
    let (tmp, mut vault, _, _) = filled_vault();
    // filled_vault's clients were last changed on 2026-11-21: due on 2046-11-21.
    set_today(&mut vault, "2046-11-21");
    let due = backup::clients_due_for_destruction(vault.store()).unwrap();
    assert_eq!(due, vec![1, 2], "both dossiers' 20 years have run");
    vault
        .store_mut()
        .set_legal_hold(1, Some("lopende procedure"))
        .unwrap();
    assert_eq!(
        backup::clients_due_for_destruction(vault.store()).unwrap(),
        vec![2],
        "a dossier under a legal hold is kept, in backups too"
    );

    // A backup made before the destruction still holds client 2…
    set_today(&mut vault, "2030-01-01");
    assert!(backup::clients_due_for_destruction(vault.store())
        .unwrap()
        .is_empty());
    let old = make_backup(&mut vault, &tmp.path().join("b"));
    let number = vault.store().retention_status(2).unwrap().client_number;
    let req = vault
        .store_mut()
        .add_request(
            2,
            dossierkluis::retention::RequestKind::Vernietiging,
            "2029-12-20",
            "paspoort",
        )
        .unwrap();
    vault
        .store_mut()
        .destroy_client(2, "verzoek cliënt", Some(req))
        .unwrap();
    let destroyed = backup::destroyed_client_numbers(vault.store()).unwrap();
    assert_eq!(destroyed, vec![number.clone()]);
    vault.lock().unwrap();
    // …but restoring it with the current register does not bring it back.
    let opened = open_with(&old, BackupSecret::Passphrase(pass())).unwrap();
    let to = tmp.path().join("r");
    let outcome = opened
        .restore(
            &RestoreOptions {
                to: &to,
                new_passphrase: &pass(),
                kdf: KdfParams::INSECURE_FAST,
                overwrite: false,
                destroyed_client_numbers: &destroyed,
            },
            ctx(),
            &mut quiet(),
        )
        .unwrap();
    assert_eq!(outcome.removed_destroyed, 1);
    let mut restored = Vault::open(&to, &pass(), ctx()).unwrap();
    let n: i64 = restored
        .store()
        .connection()
        .query_row(
            "SELECT count(*) FROM clients WHERE client_number = ?1",
            [&number],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "the destroyed dossier stays destroyed");
    assert!(restored
        .store_mut()
        .search("vernietigbaar", 10)
        .unwrap()
        .is_empty());

    // And a fresh backup of the due dossier's vault leaves it out.
    let (tmp2, mut vault2, _, _) = filled_vault();
    set_today(&mut vault2, "2046-11-21");
    vault2
        .store_mut()
        .set_legal_hold(1, Some("lopende procedure"))
        .unwrap();
    let exclude = backup::clients_due_for_destruction(vault2.store()).unwrap();
    let made = backup::create(
        &mut vault2,
        &tmp2.path().join("b"),
        &CreateOptions {
            exclude_client_ids: &exclude,
            rotation: None,
        },
        &mut quiet(),
    )
    .unwrap();
    assert_eq!(
        made.manifest.count("clients"),
        1,
        "the due dossier is not in the backup"
    );
    let identity = backup::backup_identity(&mut vault2).unwrap();
    let plain = age_decrypt(&made.file, identity.expose_secret());
    assert!(!contains(&plain, b"vernietigbaar-geheim-woord"));
}
