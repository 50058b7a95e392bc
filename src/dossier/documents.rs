//! Attachments (letters, scans, signed agreements), stored as BLOBs inside the encrypted database so
//! they share its encryption, backups and destruction. Never written to disk in plain text by us; only
//! when the person exports one to a place they choose.

use super::clients::{load_client, touch_substantive};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The largest attachment we take: 200 MiB (a long scanned file); larger ones belong elsewhere.
pub const MAX_DOCUMENT_BYTES: usize = 200 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: i64,
    pub client_id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub description: String,
    pub added_at: String,
}

/// A guess from the file name, for opening the file in the right program.
pub fn media_type_for(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "txt" => "text/plain",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
}

pub(crate) fn load_documents(conn: &Connection, client_id: i64) -> Result<Vec<Document>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, file_name, media_type, size_bytes, sha256, description, added_at FROM documents WHERE client_id = ?1 ORDER BY added_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([client_id], document_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn document_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        client_id: r.get(1)?,
        file_name: r.get(2)?,
        media_type: r.get(3)?,
        size_bytes: r.get(4)?,
        sha256: r.get(5)?,
        description: r.get(6)?,
        added_at: r.get(7)?,
    })
}

impl Store {
    /// Stores `data` as an attachment of the client's dossier.
    pub fn add_document(
        &mut self,
        client_id: i64,
        file_name: &str,
        data: &[u8],
        description: &str,
    ) -> Result<i64> {
        let file_name = std::path::Path::new(file_name.trim())
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Error::field("file_name", "Het bestand heeft geen naam."))?
            .to_string();
        if data.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::field("file", "Dit bestand is groter dan 200 MB. Verklein het (bijvoorbeeld door opnieuw te scannen) en probeer het opnieuw."));
        }
        let sha = crate::hex::encode(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            tx.execute(
                "INSERT INTO documents (client_id, file_name, media_type, size_bytes, sha256, description, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![client_id, file_name, media_type_for(&file_name), data.len() as i64, sha, description.trim(), now],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute("INSERT INTO document_contents (document_id, data) VALUES (?1, ?2)", params![id, data])?;
            touch_substantive(tx, client_id, &now)?;
            Ok((id, vec![AuditEvent::new("document_added", "document", id).client(number)]))
        })
    }

    /// An attachment with its content (logged as a read).
    pub fn document(&mut self, document_id: i64) -> Result<(Document, Vec<u8>)> {
        self.read_logged(|tx| {
            let doc = tx
                .query_row(
                    "SELECT id, client_id, file_name, media_type, size_bytes, sha256, description, added_at FROM documents WHERE id = ?1",
                    [document_id],
                    document_from_row,
                )
                .optional()?
                .ok_or_else(|| Error::not_found("Dit document"))?;
            let data: Vec<u8> = tx.query_row("SELECT data FROM document_contents WHERE document_id = ?1", [document_id], |r| r.get(0))?;
            let number = load_client(tx, doc.client_id)?.client_number;
            Ok(((doc, data), vec![AuditEvent::new("document_opened", "document", document_id).client(number)]))
        })
    }

    /// Removes an attachment added by mistake. The removal is logged; with `secure_delete` its bytes
    /// are overwritten in the database file.
    pub fn remove_document(&mut self, document_id: i64) -> Result<()> {
        let now = self.now_text();
        self.write(|tx, _| {
            let client_id: i64 = tx
                .query_row(
                    "SELECT client_id FROM documents WHERE id = ?1",
                    [document_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::not_found("Dit document"))?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [document_id])?;
            touch_substantive(tx, client_id, &now)?;
            let number = load_client(tx, client_id)?.client_number;
            Ok((
                (),
                vec![AuditEvent::new("document_removed", "document", document_id).client(number)],
            ))
        })
    }
}
