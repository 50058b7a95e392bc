//! Crash safety of `backup create` (issue 6): the CLI is killed with SIGKILL at random moments, 60
//! times. After every kill the earlier backups still verify, every file with a final name verifies,
//! anything half-written is a recognisable `.partial`, and the next backup removes those leftovers.

mod common;

use common::cli;
use common::*;
use dossierkluis::backup::{self, BackupKey, BackupSecret};
use dossierkluis::demo::DemoSpec;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: u32 = 60;

fn create_cmd(vault: &Path, folder: &Path) -> Command {
    let mut cmd = cli::command(
        Some(vault),
        &[
            "backup",
            "create",
            "--out",
            folder.to_str().unwrap(),
            "--keep-all",
            "--json",
        ],
    );
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

fn final_backups(folder: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "age"))
        .collect();
    out.sort();
    out
}

fn partials(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .count()
}

fn verify(file: &Path, identity: &str) {
    let key =
        BackupKey::from_secret(BackupSecret::IdentityFile(identity.to_string().into())).unwrap();
    backup::open(file, key)
        .and_then(|o| o.verify(&mut |_| {}))
        .unwrap_or_else(|e| panic!("{} does not verify: {}", file.display(), e.message));
}

#[test]
fn kill_9_during_backup_create_never_leaves_a_bad_file_with_a_final_name() {
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    vault
        .store_mut()
        .generate_demo(
            DemoSpec {
                clients: 60,
                years: 5,
                seed: 7,
            },
            |_, _| {},
        )
        .unwrap();
    // A large attachment so the write phase is long enough to be hit.
    let scan: Vec<u8> = (0..4_000_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
        .collect();
    vault
        .store_mut()
        .add_document(1, "scan.pdf", &scan, "")
        .unwrap();
    let identity = backup::backup_identity(&mut vault)
        .unwrap()
        .expose_secret()
        .to_string();
    vault.lock().unwrap();
    let folder = tmp.path().join("usb");

    let started = Instant::now();
    assert!(create_cmd(&dir, &folder).status().unwrap().success());
    let full = started.elapsed();
    let first = final_backups(&folder);
    assert_eq!(first.len(), 1);

    let mut seed: u64 = 0xbac0;
    let mut hit_while_writing = 0;
    for round in 0..KILLS {
        let before = final_backups(&folder);
        let mut child = create_cmd(&dir, &folder).spawn().unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait = Duration::from_micros((seed >> 33) % (full.as_micros() as u64 * 11 / 10).max(1));
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        if partials(&folder) > 0 {
            hit_while_writing += 1;
        }
        let after = final_backups(&folder);
        for old in &before {
            assert!(
                after.contains(old),
                "round {round}: {} vanished",
                old.display()
            );
        }
        // Every final name is a complete, verified backup (the newest may be from this round).
        for f in after
            .iter()
            .filter(|f| !before.contains(f))
            .chain(before.last())
        {
            verify(f, &identity);
        }
    }
    eprintln!(
        "one backup takes {full:?}; {hit_while_writing} of {KILLS} kills hit a half-written file"
    );
    assert!(
        hit_while_writing >= 5,
        "the kills landed during writing often enough ({hit_while_writing})"
    );
    // The next run cleans up what the kills left behind.
    assert!(create_cmd(&dir, &folder).status().unwrap().success());
    assert_eq!(partials(&folder), 0, "leftover .partial files are removed");
    for f in final_backups(&folder) {
        verify(&f, &identity);
    }
}
