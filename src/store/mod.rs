//! The open database: one SQLCipher connection keyed with the raw data key, in WAL mode with
//! `synchronous=FULL` so an acknowledged write survives a crash or power loss, foreign keys on,
//! `secure_delete` on (deleted content is overwritten), and temporary tables in memory so no plain
//! temp file is ever written.
//!
//! Domain modules add their operations as `impl Store` blocks; each public operation is one
//! transaction that also writes its audit line, so the data and the log never disagree.

pub mod migrations;

use crate::audit::AuditEvent;
use crate::clock::Clock;
use crate::error::{Error, ErrorCode, Result};
use crate::vault::Key;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::Arc;

/// Who is working, for the audit log (NEN 7513: user and access point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub device: String,
}

impl Actor {
    /// The logged-in user and this computer's host name.
    pub fn from_system() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "behandelaar".into());
        let device = std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .unwrap_or_else(|| "onbekend apparaat".into());
        Actor { user, device }
    }
}

/// What the store needs from outside: time and the person at the keyboard.
#[derive(Clone)]
pub struct Context {
    pub clock: Arc<dyn Clock>,
    pub actor: Actor,
}

impl Context {
    pub fn system() -> Context {
        Context {
            clock: Arc::new(crate::clock::SystemClock),
            actor: Actor::from_system(),
        }
    }
}

pub struct Store {
    conn: Connection,
    ctx: Context,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("actor", &self.ctx.actor)
            .finish_non_exhaustive()
    }
}

/// SQLCipher registers its SQL functions (`sqlcipher_export`, …) in an "extra init" step that runs
/// after `sqlite3_initialize` has marked itself done; a connection opened by a second thread in that
/// window lacks them (seen in parallel tests: "no such function: sqlcipher_export"). Opening the
/// process's first connection under a `Once` closes the window. Call before opening any connection.
pub(crate) fn ensure_sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let _ = Connection::open_in_memory();
    });
}

/// How to key a connection: SQLCipher with the data key, or plain SQLite (benchmarks compare the two).
pub enum Keying<'a> {
    Encrypted(&'a Key),
    Plain,
}

impl Store {
    /// Opens (or, with `create`, makes) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path, keying: Keying<'_>, create: bool, ctx: Context) -> Result<Store> {
        ensure_sqlcipher_ready();
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ffi::ErrorCode::CannotOpen => Error::new(
                ErrorCode::Corrupt,
                "Het kluisbestand vault.db ontbreekt of kan niet worden geopend. Zet een back-up terug.",
            ),
            e => Error::from(e),
        })?;
        if let Keying::Encrypted(key) = keying {
            conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
            let literal = key.sqlcipher_literal();
            let pragma = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.as_str()));
            conn.execute_batch(&pragma)?;
        }
        // The first read proves the key fits; nothing has been written yet.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ffi::ErrorCode::NotADatabase => Error::new(
                ErrorCode::Corrupt,
                "Het kluisbestand vault.db is beschadigd of hoort niet bij dit sleutelbestand. Zet een back-up terug.",
            ),
            e => Error::from(e),
        })?;
        migrations::refuse_newer(migrations::user_version(&conn)?, migrations::LATEST)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::internal("WAL-modus"));
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;",
        )?;
        migrations::apply(&mut conn, migrations::MIGRATIONS)?;
        Ok(Store { conn, ctx })
    }

    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Replaces the clock, e.g. to run retention "as of" another date.
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.ctx.clock = clock;
    }

    /// The raw connection, for read-only checks in tests and tools. Domain writes go through
    /// [`Store::write`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The raw connection for crate-internal work that needs `&mut` (e.g. serialising a snapshot).
    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn now_text(&self) -> String {
        crate::dates::instant_text(self.ctx.clock.now())
    }

    /// Runs `f` in one immediate transaction, appends `audit` lines it returns, and commits. If `f`
    /// fails nothing is written.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Context) -> Result<(T, Vec<AuditEvent>)>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, events) = f(&tx, &self.ctx)?;
        for event in &events {
            crate::audit::append(&tx, &self.ctx, event)?;
        }
        tx.commit()?;
        Ok(value)
    }

    /// Runs a read in one transaction (a consistent view) and logs it, e.g. opening a dossier.
    pub(crate) fn read_logged<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Vec<AuditEvent>)>,
    ) -> Result<T> {
        self.write(|tx, _| f(tx))
    }

    /// Checks the database file: SQLite's structure check and SQLCipher's per-page HMAC check.
    pub fn integrity_check(&self) -> Result<IntegrityReport> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let sqlite: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let cipher: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(IntegrityReport {
            sqlite_ok: sqlite == ["ok"],
            cipher_problems: cipher,
            sqlite_messages: sqlite,
        })
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct IntegrityReport {
    pub sqlite_ok: bool,
    pub sqlite_messages: Vec<String>,
    pub cipher_problems: Vec<String>,
}

impl IntegrityReport {
    pub fn is_ok(&self) -> bool {
        self.sqlite_ok && self.cipher_problems.is_empty()
    }
}
