//! Helpers for the retention tests: moving the clock, and looking for a canary everywhere a dossier's
//! text could survive (raw vault files, WAL, decrypted database pages including free pages, every
//! table's values including the FTS5 shadow tables).
#![allow(dead_code)]

use dossierkluis::{FixedClock, Vault};
use std::path::Path;
use std::sync::Arc;

pub fn set_today(vault: &mut Vault, date: &str) {
    vault
        .store_mut()
        .set_clock(Arc::new(FixedClock::on(date.parse().unwrap())));
}

fn contains_ci(haystack: &[u8], needle: &str) -> bool {
    let lower: Vec<u8> = haystack.iter().map(|b| b.to_ascii_lowercase()).collect();
    super::contains(&lower, needle.to_ascii_lowercase().as_bytes())
}

/// Where the canary was found; empty when it is gone everywhere.
pub fn canary_traces(vault: &mut Vault, dir: &Path, canary: &str) -> Vec<String> {
    let mut found = Vec::new();
    // 1. The files as they lie on disk (encrypted: finding it here would be a leak in any case).
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if let Ok(bytes) = std::fs::read(e.path()) {
            if contains_ci(&bytes, canary) {
                found.push(format!("file {}", e.path().display()));
            }
        }
    }
    // 2. The decrypted database image, page by page, free pages included: sqlite3_serialize reads
    //    every page through SQLCipher's pager, so this is the plaintext the file would hold.
    let image = vault.store_mut().decrypted_pages_for_checks().unwrap();
    if contains_ci(&image, canary) {
        found.push("decrypted database pages".into());
    }
    let conn = vault.store().connection();
    // 3. Every value of every table, shadow tables of the FTS indexes included.
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let cols = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..cols {
                let bytes: Vec<u8> = match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => {
                        b.to_vec()
                    }
                    _ => continue,
                };
                if contains_ci(&bytes, canary) {
                    found.push(format!("table {t}"));
                }
            }
        }
    }
    // 4. The search indexes themselves.
    for (table, col) in [("entry_search", "body"), ("client_search", "name")] {
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE {col} MATCH ?1"),
                [format!("\"{}\"", canary.to_lowercase())],
                |r| r.get(0),
            )
            .unwrap();
        if n > 0 {
            found.push(format!("fts {table}"));
        }
    }
    found.sort();
    found.dedup();
    found
}
