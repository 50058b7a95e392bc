//! Shared test set-up: cheap vaults (fast KDF), a fixed clock, and file snapshots.
#![allow(dead_code)]

use dossierkluis::dossier::{ClientInput, EntryInput, EntryKind};
use dossierkluis::{Actor, Context, FixedClock, KdfParams, Passphrase, RecoveryCode, Vault};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub const PASSPHRASE: &str = "lange wachtwoordzin voor tests";

pub fn ctx_on(date: &str) -> Context {
    Context {
        clock: Arc::new(FixedClock::on(date.parse().unwrap())),
        actor: Actor {
            user: "tester".into(),
            device: "testmachine".into(),
        },
    }
}

pub fn ctx() -> Context {
    ctx_on("2026-11-21")
}

pub fn pass() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

/// A new vault with the fast (insecure) KDF in a fresh temp folder.
pub fn new_vault() -> (tempfile::TempDir, Vault, RecoveryCode) {
    let dir = tempfile::tempdir().unwrap();
    let (vault, code) = Vault::create(
        &dir.path().join("kluis"),
        &pass(),
        KdfParams::INSECURE_FAST,
        ctx(),
    )
    .unwrap();
    (dir, vault, code)
}

pub fn client(first: &str, last: &str) -> ClientInput {
    ClientInput {
        first_names: first.into(),
        last_name: last.into(),
        birth_date: "1985-06-01".into(),
        ..Default::default()
    }
}

pub fn entry(kind: EntryKind, text: &str) -> EntryInput {
    EntryInput {
        kind,
        text: text.into(),
        entry_date: None,
        traject_id: None,
        session_id: None,
    }
}

/// Every file in `dir` with its bytes, to prove a failed action changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub mod cli;
pub mod retention;
