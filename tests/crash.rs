//! Crash safety: a writer process is killed with SIGKILL at random moments, more than a hundred times.
//! After each kill the vault must open, pass SQLite's and SQLCipher's integrity checks, and hold every
//! entry whose commit the writer had acknowledged.

mod common;

use common::cli;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const KILLS: u32 = 110;

#[test]
fn kill_9_during_writes_loses_no_acknowledged_entry_and_never_corrupts() {
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let client_id = vault
        .store_mut()
        .add_client(&client("Crash", "Test"))
        .unwrap();
    vault.lock().unwrap();

    let mut acknowledged: Vec<i64> = Vec::new();
    let mut seed: u64 = 0x5eed;
    for round in 0..KILLS {
        let mut child = cli::command(
            Some(&dir),
            &["debug", "write-loop", "--client", &client_id.to_string()],
        )
        .env("DOSSIERKLUIS_CRASH_TEST", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line.parse::<i64>().unwrap()).is_err() {
                    break;
                }
            }
        });
        // Wait for the first acknowledged write, then kill after a random 0-40 ms of writing.
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the writer starts writing");
        acknowledged.push(first);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let deadline = Instant::now() + Duration::from_micros((seed >> 33) % 40_000);
        while Instant::now() < deadline {
            if let Ok(id) = rx.recv_timeout(Duration::from_millis(1)) {
                acknowledged.push(id);
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        acknowledged.extend(rx.try_iter());

        let vault = dossierkluis::Vault::open(&dir, &pass(), ctx())
            .unwrap_or_else(|e| panic!("round {round}: vault does not open: {e}"));
        let report = vault.store().integrity_check().unwrap();
        assert!(report.is_ok(), "round {round}: {report:?}");
        let conn = vault.store().connection();
        let present: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM entries WHERE id IN ({})",
                    acknowledged
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            present as usize,
            acknowledged.len(),
            "round {round}: an acknowledged entry is missing"
        );
        let fts: i64 = conn
            .query_row(
                "SELECT count(*) FROM entry_search WHERE rowid IN (SELECT id FROM entries)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let entries: i64 = conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            fts, entries,
            "round {round}: the search index matches the entries"
        );
        drop(vault);
    }
    assert!(
        acknowledged.len() as u32 > KILLS,
        "the writer really wrote between kills"
    );
}
