//! Embedded, ordered schema migrations. Each runs in one transaction together with the bump of
//! `PRAGMA user_version`, so a failing migration leaves the vault exactly as it was. A vault whose
//! `user_version` is newer than the newest migration here was written by a newer Dossierkluis and is
//! refused before anything is written.

use crate::error::{Error, ErrorCode, Result};
use rusqlite::{Connection, TransactionBehavior};

#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "dossier",
    sql: include_str!("migrations/0001_dossier.sql"),
}];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as u32)
}

pub fn refuse_newer(found: u32, latest: u32) -> Result<()> {
    if found > latest {
        return Err(Error::new(
            ErrorCode::NewerVersion,
            "Deze kluis is bijgewerkt door een nieuwere versie van Dossierkluis. Installeer die versie; deze versie heeft niets aan de kluis veranderd.",
        ));
    }
    Ok(())
}

/// Applies every migration in `migrations` newer than the vault, each in its own transaction.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<()> {
    let latest = migrations.last().map_or(0, |m| m.version);
    refuse_newer(user_version(conn)?, latest)?;
    for migration in migrations {
        if migration.version <= user_version(conn)? {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration.sql).map_err(|_| {
            Error::new(
                ErrorCode::Internal,
                format!(
                    "Het bijwerken van de kluis naar versie {} ({}) is mislukt. Er is niets gewijzigd; de kluis werkt nog met de vorige versie van Dossierkluis.",
                    migration.version, migration.name
                ),
            )
        })?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
    }
    Ok(())
}
