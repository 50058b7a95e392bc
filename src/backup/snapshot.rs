//! The plain-SQLite snapshot, made and checked in memory only.
//!
//! SQLCipher refuses the online backup API from an encrypted to a plain database, so the snapshot is
//! `sqlcipher_export` into an attached `:memory:` database with an empty key, serialised to bytes.
//! It is consistent because the export runs while we hold `&mut Store` and the vault's process lock:
//! nothing else can write in between. Dossiers to leave out are deleted from the in-memory copy
//! (cascading to everything that hangs off the client, with `secure_delete`), the FTS indexes are
//! merged so no token of a removed note survives in an old segment, and the copy is vacuumed.
//! No byte of the plain snapshot is ever written to a file.

use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use rusqlite::serialize::Data;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// The snapshot: a plain in-memory database (deserialised, so serialising it again shares SQLite's
/// buffer instead of copying hundreds of MB) and the facts the manifest needs.
pub(crate) struct Snapshot {
    pub db: Connection,
    pub bytes: u64,
    pub sha256: String,
    pub tables: BTreeMap<String, u64>,
    pub schema_version: u32,
    pub excluded_clients: u64,
}

impl Snapshot {
    /// The database file image, to write out.
    pub fn image(&mut self) -> Result<Data<'_>> {
        Ok(self.db.serialize(rusqlite::MAIN_DB)?)
    }
}

/// A plain in-memory connection whose temporary storage (VACUUM's copy, sorters for index builds,
/// FTS merges) also stays in memory: SQLite's default would spill plain pages to a temp file.
pub(crate) fn memory_connection() -> Result<Connection> {
    crate::store::ensure_sqlcipher_ready();
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA temp_store = MEMORY;")?;
    Ok(conn)
}

/// A plain in-memory connection for a snapshot read from a backup file, which may have been crafted:
/// SQLite's defensive mode (no writes to the schema table, no `writable_schema`) and
/// `trusted_schema = OFF` (triggers and views may not call functions with side effects) are on before
/// the first byte is loaded. Its schema must then pass [`schema_is_ours`].
pub(crate) fn untrusted_connection() -> Result<Connection> {
    use rusqlite::config::DbConfig;
    let conn = memory_connection()?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.execute_batch("PRAGMA trusted_schema = OFF;")?;
    Ok(conn)
}

type SchemaRow = (String, String, String, Option<String>);

fn schema_rows(conn: &Connection) -> Result<Vec<SchemaRow>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY type, name, tbl_name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the schema of `conn` is exactly what our migrations up to `version` make: every table,
/// index, trigger and view, with the same SQL, and nothing else.
pub(crate) fn schema_is_ours(conn: &Connection, version: u32) -> Result<bool> {
    use crate::store::migrations::{self, Migration, MIGRATIONS};
    migrations::refuse_newer(version, migrations::LATEST).map_err(|_| {
        Error::new(
            ErrorCode::NewerVersion,
            "Deze back-up is gemaakt met een nieuwere versie van Dossierkluis. Installeer die versie om hem terug te zetten.",
        )
    })?;
    let upto: Vec<Migration> = MIGRATIONS
        .iter()
        .copied()
        .filter(|m| m.version <= version)
        .collect();
    if upto.last().map(|m| m.version) != Some(version) {
        return Ok(false);
    }
    let mut fresh = memory_connection()?;
    migrations::apply(&mut fresh, &upto)?;
    Ok(schema_rows(&fresh)? == schema_rows(conn)?)
}

/// Rows per table (every table SQLite lists, shadow tables included), for the manifest and checks.
pub(crate) fn table_counts(conn: &Connection, schema: &str) -> Result<BTreeMap<String, u64>> {
    let names: Vec<String> = {
        let mut stmt = conn.prepare(&format!(
            "SELECT name FROM \"{schema}\".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ))?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = BTreeMap::new();
    for name in names {
        let n: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM \"{schema}\".\"{}\"",
                name.replace('"', "\"\"")
            ),
            [],
            |r| r.get(0),
        )?;
        out.insert(name, n as u64);
    }
    Ok(out)
}

/// Deletes whole dossiers from `schema` of `conn` (foreign keys cascade), then merges the FTS indexes
/// so no token of a deleted note stays behind. Returns how many clients were deleted.
pub(crate) fn delete_clients(
    conn: &Connection,
    schema: &str,
    where_clause: &str,
    values: &[rusqlite::types::Value],
) -> Result<u64> {
    if values.is_empty() {
        return Ok(0);
    }
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA \"{schema}\".secure_delete = ON;"
    ))?;
    let placeholders = vec!["?"; values.len()].join(",");
    let deleted = conn.execute(
        &format!("DELETE FROM \"{schema}\".clients WHERE {where_clause} IN ({placeholders})"),
        rusqlite::params_from_iter(values.iter()),
    )?;
    if deleted > 0 {
        // FTS5 deletes leave tombstones next to the old tokens until segments merge.
        for fts in ["client_search", "entry_search"] {
            let exists: i64 = conn.query_row(
                &format!("SELECT count(*) FROM \"{schema}\".sqlite_master WHERE name = ?1"),
                [fts],
                |r| r.get(0),
            )?;
            if exists > 0 {
                conn.execute_batch(&format!(
                    "INSERT INTO \"{schema}\".{fts}({fts}) VALUES('optimize');"
                ))?;
            }
        }
    }
    Ok(deleted as u64)
}

/// Exports the open vault into memory, leaves out `exclude_client_ids`, and serialises the result.
pub(crate) fn take(store: &mut Store, exclude_client_ids: &[i64]) -> Result<Snapshot> {
    let conn = store.connection_mut();
    let schema_version: u32 =
        conn.query_row("PRAGMA main.user_version", [], |r| r.get::<_, i64>(0))? as u32;
    conn.execute_batch("ATTACH DATABASE ':memory:' AS snap KEY '';")?;
    // sqlcipher_export writes virtual tables straight into the schema table, which this connection
    // does not reload; a fresh connection over the serialised image sees the whole schema.
    let exported = conn
        .query_row("SELECT sqlcipher_export('snap')", [], |_| Ok(()))
        .map_err(Error::from)
        .and_then(|_| match conn.serialize("snap")? {
            Data::Owned(d) => Ok(d),
            Data::Shared(_) => Err(Error::internal("momentopname")),
        });
    let detached = conn.execute_batch("DETACH DATABASE snap;");
    let image = exported?;
    detached.map_err(|_| {
        Error::new(
            ErrorCode::Internal,
            "Het afsluiten van de momentopname is mislukt. Sluit de kluis en open hem opnieuw.",
        )
    })?;
    let mut db = memory_connection()?;
    db.deserialize(rusqlite::MAIN_DB, image, false)?;
    db.execute_batch(&format!("PRAGMA user_version = {schema_version};"))?;
    let values: Vec<rusqlite::types::Value> = exclude_client_ids
        .iter()
        .map(|&id| rusqlite::types::Value::Integer(id))
        .collect();
    let excluded = delete_clients(&db, "main", "id", &values)?;
    if excluded > 0 {
        db.execute_batch("VACUUM;")?;
    }
    let tables = table_counts(&db, "main")?;
    let mut snapshot = Snapshot {
        db,
        bytes: 0,
        sha256: String::new(),
        tables,
        schema_version,
        excluded_clients: excluded,
    };
    let (bytes, sha256) = {
        let image = snapshot.image()?;
        let sha = ring::digest::digest(&ring::digest::SHA256, &image);
        (image.len() as u64, crate::hex::encode(sha.as_ref()))
    };
    snapshot.bytes = bytes;
    snapshot.sha256 = sha256;
    Ok(snapshot)
}
