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

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "dossier",
        sql: include_str!("migrations/0001_dossier.sql"),
    },
    Migration {
        version: 2,
        name: "billing",
        sql: include_str!("migrations/0002_billing.sql"),
    },
    Migration {
        version: 3,
        name: "retention",
        sql: include_str!("migrations/0003_retention.sql"),
    },
    Migration {
        version: 4,
        name: "last_worked",
        sql: include_str!("migrations/0004_last_worked.sql"),
    },
    Migration {
        version: 5,
        name: "privacy",
        sql: include_str!("migrations/0005_privacy.sql"),
    },
    Migration {
        version: 6,
        name: "billing_truthful_notas",
        sql: include_str!("migrations/0006_billing_truthful_notas.sql"),
    },
];

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

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT coalesce(sql, name) FROM sqlite_master ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, MIGRATIONS).unwrap();
        let before = schema(&conn);
        let mut broken = MIGRATIONS.to_vec();
        broken.push(Migration { version: LATEST + 1, name: "half", sql: "CREATE TABLE half_done (x INTEGER); ALTER TABLE clients ADD COLUMN y TEXT; THIS IS NOT SQL;" });
        let err = apply(&mut conn, &broken).unwrap_err();
        assert!(
            err.message.contains(&format!("versie {}", LATEST + 1)),
            "{}",
            err.message
        );
        assert_eq!(user_version(&conn).unwrap(), LATEST);
        assert_eq!(
            schema(&conn),
            before,
            "the statements before the failing one were rolled back too"
        );
    }

    #[test]
    fn migrations_are_ordered_and_the_newest_is_latest() {
        assert!(MIGRATIONS
            .windows(2)
            .all(|w| w[0].version + 1 == w[1].version));
        assert_eq!(MIGRATIONS[0].version, 1);
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, MIGRATIONS).unwrap();
        apply(&mut conn, MIGRATIONS).unwrap();
        assert_eq!(
            user_version(&conn).unwrap(),
            LATEST,
            "applying twice is a no-op"
        );
    }

    #[test]
    fn a_newer_database_is_refused_before_any_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 7;").unwrap();
        let err = apply(&mut conn, MIGRATIONS).unwrap_err();
        assert_eq!(err.code, ErrorCode::NewerVersion);
        assert!(schema(&conn).is_empty());
    }
}
