//! Encrypted backups that restore: today, on a new laptop, and in twenty years (DESIGN §8).
//!
//! A backup is **one file in the open age format** (age-encryption.org/v1). Its payload is a plain
//! `ustar` archive of `manifest.json` and `dossierkluis.sqlite`, a consistent plain-SQLite snapshot of
//! the vault (see [`container`] and `docs/backup-format.md`). Who can open it is in [`keys`]: the
//! vault's X25519 backup identity (derived from the recovery code; `age -d -i` works with it) and our
//! own stanza for the passphrase in force when the backup was made.
//!
//! Invariants:
//! - **No plain text on disk.** The snapshot is made, checked, trimmed and re-encrypted in memory;
//!   files only ever receive age ciphertext or SQLCipher pages. (Memory itself may be swapped by the
//!   operating system; that is outside what an application can promise.)
//! - **A final name means verified.** A backup is written as `<name>.partial`, fsynced, then read back
//!   in full (both stanzas, every chunk, SHA-256, `PRAGMA integrity_check`), and only then renamed to
//!   its final name and the folder fsynced. A crash leaves at most a `.partial` file, which the next
//!   backup of the same vault removes; the previous backups are never touched except by rotation after
//!   a successful new one.
//! - **Only the vault makes a backup that restores**: from format 2 the manifest carries a tag only
//!   the vault's secrets make, checked on every path before anything is written; format-1 backups
//!   restore with their passphrase, and with the identity or code only after explicit confirmation
//!   (see [`keys`]). The header may hold at most [`keys::MAX_STANZAS`] stanzas.
//! - **A snapshot is untrusted input**: it is loaded in SQLite's defensive mode with
//!   `trusted_schema = OFF`, and refused unless its schema (tables, indexes, triggers, views and their
//!   SQL) is exactly what our migrations make for its version, so no foreign trigger or view is
//!   carried into the restored vault.
//! - **Restore writes nothing under the final path until everything is verified**: decrypt to memory,
//!   verify, leave out destroyed dossiers, export into a new encrypted vault in a temporary sibling
//!   folder, check it, then rename the folder into place. An existing vault is only replaced with
//!   `overwrite`, and then it is moved aside, never deleted.
//! - **The restored vault gets a new data key and key file** with the passphrase the caller gives (the
//!   CLI uses the backup's passphrase when restoring with it). Restored with the recovery code, it keeps
//!   that code and backup identity, so the printed sheet stays valid; restored with the passphrase or
//!   an identity file, it gets a new recovery code (returned once, to show) and a new backup identity.
//! - Dossiers due for destruction are left out of a backup (`exclude_client_ids`), and a restore
//!   re-applies the current vault's destruction register (`destroyed_client_numbers`), so nothing
//!   destroyed comes back.

pub mod container;
pub mod keys;
pub mod rotation;
mod snapshot;

pub use container::Manifest;
pub use keys::{backup_identity, BackupIdentity, BackupKey, BackupSecret};
pub use rotation::{RotationPlan, RotationPolicy};

use keys::Via;

use crate::error::{Error, ErrorCode, Result};
use crate::store::{Context, Store};
use crate::vault::{KdfParams, Passphrase, RecoveryCode, Vault};
use chrono::{DateTime, Timelike, Utc};
use container::{BLOCK, MANIFEST_NAME, SNAPSHOT_NAME};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A reminder is due when the newest verified backup is older than this.
pub const REMINDER_AFTER_DAYS: i64 = 7;

const SETTING_FOLDER: &str = "backup_folder";
const SETTING_LAST_AT: &str = "backup_last_created_at";
const SETTING_LAST_FILE: &str = "backup_last_file";
const IO_CHUNK: usize = 1 << 20;

/// Which part of the work a [`Progress`] report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Making the in-memory snapshot (reported at start and end only).
    Snapshot,
    /// Encrypting and writing the backup file.
    Write,
    /// Reading the backup back and checking it.
    Verify,
    /// Writing the restored vault.
    Restore,
}

/// Progress for a bar: `done_bytes` of `total_bytes` in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    pub done_bytes: u64,
    pub total_bytes: u64,
}

/// Options for [`create`].
#[derive(Debug, Clone, Default)]
pub struct CreateOptions<'a> {
    /// Dossiers to leave out (the retention module's "due for destruction" list; see
    /// [`clients_due_for_destruction`]).
    pub exclude_client_ids: &'a [i64],
    /// Rotate the folder after a successful backup; `None` keeps everything.
    pub rotation: Option<RotationPolicy>,
}

/// A backup that was written and verified.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedBackup {
    pub file: PathBuf,
    pub bytes: u64,
    pub manifest: Manifest,
    /// Older backups that rotation removed.
    pub rotated_away: Vec<PathBuf>,
}

/// What a backup holds, for the screen that asks "restore this?".
#[derive(Debug, Clone, Serialize)]
pub struct BackupPreview {
    pub file: PathBuf,
    pub file_bytes: u64,
    pub created_at: String,
    pub app_version: String,
    pub schema_version: u32,
    pub clients: u64,
    pub entries: u64,
    pub sessions: u64,
    pub documents: u64,
    pub excluded_clients: u64,
    /// False only for a format-1 backup opened without its passphrase: nothing proves the vault made
    /// it, and a restore needs [`OpenedBackup::accept_unverified_origin`].
    pub origin_verified: bool,
}

/// A backup found in a folder.
#[derive(Debug, Clone, Serialize)]
pub struct BackupListing {
    pub file: PathBuf,
    /// From the file name (UTC).
    pub created_at: DateTime<Utc>,
    pub bytes: u64,
}

/// Whether the person should be reminded to make a backup.
#[derive(Debug, Clone, Serialize)]
pub struct BackupStatus {
    /// The configured backup folder, if any.
    pub folder: Option<PathBuf>,
    /// Whether that folder could be read now (a USB drive may be unplugged).
    pub folder_reachable: bool,
    /// The newest verified backup: in the folder, or as recorded in the vault when the folder is away.
    pub newest_at: Option<DateTime<Utc>>,
    pub newest_file: Option<PathBuf>,
    /// Backups of this vault in the folder.
    pub count: usize,
    pub days_since_newest: Option<i64>,
    /// True when there is no backup or the newest is older than [`REMINDER_AFTER_DAYS`].
    pub reminder: bool,
}

fn tampered() -> Error {
    Error::new(
        ErrorCode::BackupTampered,
        "Dit back-upbestand is beschadigd, onvolledig of gewijzigd, of het is geen Dossierkluis-back-up. Er is niets teruggezet. Kies een andere back-up.",
    )
}

fn read_error(err: &io::Error) -> Error {
    match err.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => tampered(),
        _ => Error::io("Het lezen van de back-up", err),
    }
}

fn foreign_schema() -> Error {
    Error::new(
        ErrorCode::BackupTampered,
        "De database in dit back-upbestand bevat onderdelen (tabellen, triggers of views) die Dossierkluis niet maakt. Er is niets teruggezet. Kies een andere back-up.",
    )
}

fn unverified_origin() -> Error {
    Error::new(
        ErrorCode::NotAllowed,
        "Deze back-up is gemaakt met een oudere versie van Dossierkluis en draagt nog geen echtheidskenmerk. Met het sleutelbestand of de herstelcode is niet vast te stellen dat uw kluis hem maakte. Zet hem terug met de wachtwoordzin die gold toen de back-up werd gemaakt, of bevestig uitdrukkelijk dat u deze back-up vertrouwt.",
    )
}

/// Reads the age header's stanza lines before age parses it: at most [`keys::MAX_STANZAS`] of them,
/// in a header of at most 64 KiB, or the file is not ours.
fn check_header(path: &Path) -> Result<()> {
    const MAX_HEADER: u64 = 64 * 1024;
    let file = File::open(path).map_err(|e| Error::io("Het openen van de back-up", &e))?;
    let mut head = Vec::new();
    file.take(MAX_HEADER)
        .read_to_end(&mut head)
        .map_err(|e| read_error(&e))?;
    let mut lines = head.split(|&b| b == b'\n');
    if lines.next() != Some(b"age-encryption.org/v1".as_slice()) {
        return Err(tampered());
    }
    let mut stanzas = 0;
    for line in lines {
        if line.starts_with(b"---") {
            return Ok(());
        }
        if line.starts_with(b"-> ") {
            stanzas += 1;
            if stanzas > keys::MAX_STANZAS {
                return Err(tampered());
            }
        }
    }
    Err(tampered())
}

fn map_decrypt(err: age::DecryptError, key: &BackupKey) -> Error {
    match err {
        age::DecryptError::NoMatchingKeys => key.no_match(),
        age::DecryptError::Io(e) => read_error(&e),
        _ => tampered(),
    }
}

fn write_error(err: &io::Error) -> Error {
    Error::io("Het schrijven van de back-up", err)
}

/// The retention hook for backups: the ids of dossiers due for destruction today (term ended, no legal
/// hold; see [`Store::due_for_destruction`]), which a backup leaves out.
pub fn clients_due_for_destruction(store: &Store) -> Result<Vec<i64>> {
    let today = store.context().clock.today();
    Ok(store
        .due_for_destruction(today)?
        .into_iter()
        .map(|s| s.client_id)
        .collect())
}

/// The retention hook for restores: client numbers in the current vault's destruction register, which a
/// restore deletes again.
pub fn destroyed_client_numbers(store: &Store) -> Result<Vec<String>> {
    store.destroyed_client_numbers()
}

/// Reports progress at most once per MiB.
struct Reporter<'a> {
    stage: Stage,
    done: u64,
    total: u64,
    last: u64,
    report: &'a mut dyn FnMut(Progress),
}

impl Reporter<'_> {
    fn add(&mut self, n: u64) {
        self.done += n;
        if self.done - self.last >= IO_CHUNK as u64 || self.done == self.total {
            self.last = self.done;
            (self.report)(Progress {
                stage: self.stage,
                done_bytes: self.done.min(self.total),
                total_bytes: self.total,
            });
        }
    }
}

struct CountingReader<'a, R> {
    inner: R,
    reporter: Reporter<'a>,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.reporter.add(n as u64);
        Ok(n)
    }
}

/// Hashes what passes through and remembers the first read error (SQLite's deserialise hides it).
struct HashingReader<R> {
    inner: R,
    digest: ring::digest::Context,
    error: Option<io::Error>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.digest.update(&buf[..n]);
                Ok(n)
            }
            Err(e) => {
                let copy = io::Error::new(e.kind(), "back-up lezen");
                self.error.get_or_insert(e);
                Err(copy)
            }
        }
    }
}

fn read_block<R: Read>(r: &mut R) -> Result<[u8; BLOCK]> {
    let mut block = [0u8; BLOCK];
    r.read_exact(&mut block).map_err(|e| read_error(&e))?;
    Ok(block)
}

fn expect_zeros<R: Read>(r: &mut R, n: usize) -> Result<()> {
    let mut buf = vec![0u8; n];
    r.read_exact(&mut buf).map_err(|e| read_error(&e))?;
    if buf.iter().any(|&b| b != 0) {
        return Err(tampered());
    }
    Ok(())
}

fn read_manifest<R: Read>(r: &mut R) -> Result<Manifest> {
    let (name, size) = container::parse_header(&read_block(r)?).ok_or_else(tampered)?;
    if name != MANIFEST_NAME || size > container::MAX_MANIFEST_BYTES {
        return Err(tampered());
    }
    let mut json = vec![0u8; size as usize];
    r.read_exact(&mut json).map_err(|e| read_error(&e))?;
    expect_zeros(r, container::padding(size))?;
    #[derive(serde::Deserialize)]
    struct Head {
        format: String,
        format_version: u32,
    }
    let head: Head = serde_json::from_slice(&json).map_err(|_| tampered())?;
    if head.format != container::FORMAT {
        return Err(tampered());
    }
    if head.format_version > container::FORMAT_VERSION {
        return Err(Error::new(
            ErrorCode::NewerVersion,
            "Deze back-up is gemaakt met een nieuwere versie van Dossierkluis. Installeer die versie om hem terug te zetten.",
        ));
    }
    serde_json::from_slice(&json).map_err(|_| tampered())
}

/// A fully read and checked backup: its manifest and the snapshot, deserialised in memory (in
/// defensive mode, see [`snapshot::untrusted_connection`]).
struct Decoded {
    manifest: Manifest,
    db: Connection,
    /// Whether the vault's secrets vouch for it ([`keys::check_origin`]).
    origin_verified: bool,
}

fn open_decryptor<'a>(
    path: &Path,
    via: Via,
    key: &BackupKey,
    reporter: Reporter<'a>,
) -> Result<age::stream::StreamReader<BufReader<CountingReader<'a, File>>>> {
    check_header(path)?;
    key.reset_opened();
    let identities = key.identities_via(via);
    let file = File::open(path).map_err(|e| Error::io("Het openen van de back-up", &e))?;
    let reader = BufReader::with_capacity(
        IO_CHUNK,
        CountingReader {
            inner: file,
            reporter,
        },
    );
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|e| map_decrypt(e, key))?;
    decryptor
        .decrypt(identities.into_iter())
        .map_err(|e| map_decrypt(e, key))
}

fn file_len(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path)
        .map_err(|e| Error::io("Het openen van de back-up", &e))?
        .len())
}

/// Reads the whole backup with `identities` and checks everything a restore relies on.
fn decode(
    path: &Path,
    via: Via,
    key: &BackupKey,
    stage: Stage,
    progress: &mut dyn FnMut(Progress),
) -> Result<Decoded> {
    let total = file_len(path)?;
    let reporter = Reporter {
        stage,
        done: 0,
        total,
        last: 0,
        report: progress,
    };
    let mut stream = open_decryptor(path, via, key, reporter)?;
    let manifest = read_manifest(&mut stream)?;
    let origin_verified = keys::check_origin(&manifest, key, via)?;
    let (name, size) = container::parse_header(&read_block(&mut stream)?).ok_or_else(tampered)?;
    // A snapshot cannot be larger than the file that carries it; this also bounds the allocation.
    if name != SNAPSHOT_NAME || size != manifest.snapshot_bytes || size < 512 || size > total {
        return Err(tampered());
    }
    let mut db = snapshot::untrusted_connection()?;
    let mut hashing = HashingReader {
        inner: (&mut stream).take(size),
        digest: ring::digest::Context::new(&ring::digest::SHA256),
        error: None,
    };
    let loaded = db.deserialize_read_exact(
        rusqlite::MAIN_DB,
        &mut hashing,
        usize::try_from(size).map_err(|_| tampered())?,
        false,
    );
    if let Some(e) = hashing.error.take() {
        return Err(read_error(&e));
    }
    loaded.map_err(|_| tampered())?;
    let sha = crate::hex::encode(hashing.digest.finish().as_ref());
    expect_zeros(&mut stream, container::padding(size))?;
    expect_zeros(&mut stream, 2 * BLOCK)?;
    // Reading to the end makes age check the final chunk: a cut-off or extended file fails here.
    let mut extra = [0u8; 1];
    match stream.read(&mut extra) {
        Ok(0) => {}
        Ok(_) => return Err(tampered()),
        Err(e) => return Err(read_error(&e)),
    }
    if sha != manifest.snapshot_sha256 {
        return Err(tampered());
    }
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| tampered())?;
    let version: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if check != "ok" || version != manifest.schema_version as i64 {
        return Err(tampered());
    }
    if !snapshot::schema_is_ours(&db, manifest.schema_version)? {
        return Err(foreign_schema());
    }
    if snapshot::table_counts(&db, "main").map_err(|_| tampered())? != manifest.tables {
        return Err(tampered());
    }
    if let Some(head) = &manifest.audit_head {
        if crate::audit::chain_head(&db).map_err(|_| tampered())? != *head {
            return Err(tampered());
        }
    }
    Ok(Decoded {
        manifest,
        db,
        origin_verified,
    })
}

/// Makes a backup of the open vault in `folder` (created if missing), verifies it, and rotates the
/// folder if asked. See the module docs for what is guaranteed on a crash.
pub fn create(
    vault: &mut Vault,
    folder: &Path,
    options: &CreateOptions<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<CreatedBackup> {
    fs::create_dir_all(folder).map_err(|e| Error::io("Het maken van de back-upmap", &e))?;
    let vault_id = vault.vault_id()?;
    remove_partials(folder, &vault_id);
    let key = BackupKey::from_vault(vault)?;
    let identity = vault.store_mut().backup_identity()?;
    let now = vault.store().context().clock.now();

    progress(Progress {
        stage: Stage::Snapshot,
        done_bytes: 0,
        total_bytes: 1,
    });
    let mut snap = snapshot::take(vault.store_mut(), options.exclude_client_ids)?;
    progress(Progress {
        stage: Stage::Snapshot,
        done_bytes: 1,
        total_bytes: 1,
    });
    let manifest_key = keys::manifest_key(&identity);
    let mut manifest = Manifest {
        format: container::FORMAT.into(),
        format_version: container::FORMAT_VERSION,
        app_version: crate::VERSION.into(),
        schema_version: snap.schema_version,
        created_at: crate::dates::instant_text(now),
        vault_id: vault_id.clone(),
        snapshot_bytes: snap.bytes,
        snapshot_sha256: snap.sha256.clone(),
        tables: snap.tables.clone(),
        excluded_clients: snap.excluded_clients,
        audit_head: Some(crate::audit::chain_head(&snap.db)?),
        authentication: None,
    };
    keys::authenticate(&mut manifest, &manifest_key);

    let final_path = free_name(folder, &vault_id, now.naive_utc());
    let mut tmp_name = final_path.file_name().expect("a file name").to_os_string();
    tmp_name.push(rotation::PARTIAL_SUFFIX);
    let tmp = folder.join(tmp_name);

    let result = (|| -> Result<u64> {
        let passphrase_recipient = keys::PassphraseRecipient {
            key: vault.backup_passphrase_key(),
            manifest_key: &manifest_key,
        };
        let x25519 = identity.to_public();
        let recipients: [&dyn age::Recipient; 2] = [&x25519, &passphrase_recipient];
        {
            let image = snap.image()?;
            if image.len() as u64 != manifest.snapshot_bytes {
                return Err(Error::internal("momentopname"));
            }
            write_file(
                &tmp,
                &image,
                &manifest,
                now.timestamp(),
                &recipients,
                progress,
            )?;
        }
        drop(snap);
        // Each stanza on its own: the identity (header and manifest, whose tag it checks), then the
        // passphrase (everything, with the manifest key its stanza carries).
        let mut quiet = |_: Progress| {};
        let mut stream = open_decryptor(
            &tmp,
            Via::X25519,
            &key,
            Reporter {
                stage: Stage::Verify,
                done: 0,
                total: 0,
                last: 0,
                report: &mut quiet,
            },
        )?;
        let by_identity = read_manifest(&mut stream)?;
        drop(stream);
        if by_identity != manifest || !keys::check_origin(&by_identity, &key, Via::X25519)? {
            return Err(tampered());
        }
        let decoded = decode(&tmp, Via::Passphrase, &key, Stage::Verify, progress)?;
        if decoded.manifest != manifest || !decoded.origin_verified {
            return Err(tampered());
        }
        drop(decoded);
        let bytes = file_len(&tmp)?;
        fs::rename(&tmp, &final_path).map_err(|e| write_error(&e))?;
        crate::atomic_file::sync_dir(folder).map_err(|e| write_error(&e))?;
        Ok(bytes)
    })();
    let bytes = match result {
        Ok(b) => b,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };

    let file_name = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = manifest.created_at.clone();
    let excluded = manifest.excluded_clients;
    vault.store_mut().write(|tx, _| {
        for (k, v) in [(SETTING_LAST_AT, &at), (SETTING_LAST_FILE, &file_name)] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rusqlite::params![k, v],
            )?;
        }
        Ok((
            (),
            vec![crate::audit::AuditEvent::new("backup_created", "backup", &file_name)
                .detail(format!("{excluded} dossiers weggelaten"))],
        ))
    })?;

    let rotated_away = match options.rotation {
        Some(policy) => rotate(folder, &vault_id, policy)?,
        None => Vec::new(),
    };
    Ok(CreatedBackup {
        file: final_path,
        bytes,
        manifest,
        rotated_away,
    })
}

/// The final name for a backup made at `at`: after every existing one of the same second, so a later
/// backup always sorts as newer (rotation must never take the one just made for an old one).
fn free_name(folder: &Path, vault_id: &str, at: chrono::NaiveDateTime) -> PathBuf {
    let at = at.with_nanosecond(0).unwrap_or(at);
    let prefix = rotation::vault_prefix(vault_id);
    let taken = names_in(folder)
        .unwrap_or_default()
        .iter()
        .map(|n| n.strip_suffix(rotation::PARTIAL_SUFFIX).unwrap_or(n))
        .filter_map(rotation::parse_name)
        .filter(|b| b.vault == prefix && b.created == at)
        .map(|b| b.seq + 1)
        .max()
        .unwrap_or(0);
    (taken..)
        .map(|seq| folder.join(rotation::format_name(vault_id, at, seq)))
        .find(|p| !p.exists() && !with_partial(p).exists())
        .expect("some sequence number is free")
}

fn with_partial(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(rotation::PARTIAL_SUFFIX);
    PathBuf::from(s)
}

fn write_file(
    tmp: &Path,
    snapshot: &[u8],
    manifest: &Manifest,
    mtime: i64,
    recipients: &[&dyn age::Recipient],
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let json = serde_json::to_vec_pretty(manifest).map_err(|_| Error::internal("manifest"))?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(tmp).map_err(|e| write_error(&e))?;
    let encryptor = age::Encryptor::with_recipients(recipients.iter().copied())
        .map_err(|_| Error::internal("back-upversleuteling"))?;
    let mut w = encryptor
        .wrap_output(BufWriter::with_capacity(IO_CHUNK, file))
        .map_err(|e| write_error(&e))?;
    let snap_len = snapshot.len() as u64;
    let total = (BLOCK + json.len() + container::padding(json.len() as u64)) as u64
        + BLOCK as u64
        + snap_len
        + container::padding(snap_len) as u64
        + 2 * BLOCK as u64;
    let mut reporter = Reporter {
        stage: Stage::Write,
        done: 0,
        total,
        last: 0,
        report: progress,
    };
    let put = |w: &mut dyn Write, bytes: &[u8], reporter: &mut Reporter<'_>| -> Result<()> {
        w.write_all(bytes).map_err(|e| write_error(&e))?;
        reporter.add(bytes.len() as u64);
        Ok(())
    };
    let zeros = [0u8; 2 * BLOCK];
    put(
        &mut w,
        &container::header(MANIFEST_NAME, json.len() as u64, mtime),
        &mut reporter,
    )?;
    put(&mut w, &json, &mut reporter)?;
    put(
        &mut w,
        &zeros[..container::padding(json.len() as u64)],
        &mut reporter,
    )?;
    put(
        &mut w,
        &container::header(SNAPSHOT_NAME, snap_len, mtime),
        &mut reporter,
    )?;
    for chunk in snapshot.chunks(IO_CHUNK) {
        put(&mut w, chunk, &mut reporter)?;
    }
    put(
        &mut w,
        &zeros[..container::padding(snap_len)],
        &mut reporter,
    )?;
    put(&mut w, &zeros, &mut reporter)?;
    // Without finish() the last chunk is never written and the file silently incomplete.
    let buffered = w.finish().map_err(|e| write_error(&e))?;
    let file = buffered.into_inner().map_err(|e| write_error(e.error()))?;
    file.sync_all().map_err(|e| write_error(&e))
}

/// Removes leftovers of interrupted backups of this vault. Best effort: a file that cannot be removed
/// now is tried again next time, and never carries a final name.
fn remove_partials(folder: &Path, vault_id: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if rotation::is_partial_of(&name.to_string_lossy(), vault_id) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn names_in(folder: &Path) -> Result<Vec<String>> {
    let entries = fs::read_dir(folder).map_err(|e| Error::io("Het lezen van de back-upmap", &e))?;
    Ok(entries
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect())
}

/// Applies [`rotation::plan`] to the folder: deletes the backups of this vault the policy does not keep.
pub fn rotate(folder: &Path, vault_id: &str, policy: RotationPolicy) -> Result<Vec<PathBuf>> {
    let plan = rotation::plan(&names_in(folder)?, vault_id, policy);
    let mut removed = Vec::new();
    for name in plan.delete {
        let path = folder.join(&name);
        fs::remove_file(&path).map_err(|e| Error::io("Het opruimen van oude back-ups", &e))?;
        removed.push(path);
    }
    if !removed.is_empty() {
        crate::atomic_file::sync_dir(folder)
            .map_err(|e| Error::io("Het opruimen van oude back-ups", &e))?;
    }
    Ok(removed)
}

/// The backups of `vault_id` in `folder`, newest first. Only final names: each was verified when made.
pub fn list(folder: &Path, vault_id: &str) -> Result<Vec<BackupListing>> {
    let prefix = rotation::vault_prefix(vault_id);
    let mut out: Vec<(rotation::BackupName, BackupListing)> = names_in(folder)?
        .into_iter()
        .filter_map(|n| {
            let parsed = rotation::parse_name(&n)?;
            (parsed.vault == prefix).then_some(())?;
            let file = folder.join(&n);
            let bytes = fs::metadata(&file).ok()?.len();
            Some((
                parsed.clone(),
                BackupListing {
                    file,
                    created_at: parsed.created.and_utc(),
                    bytes,
                },
            ))
        })
        .collect();
    out.sort_by_key(|(a, _)| std::cmp::Reverse((a.created, a.seq)));
    Ok(out.into_iter().map(|(_, l)| l).collect())
}

impl Store {
    /// The folder for automatic backups (on lock and close), if one is set.
    pub fn backup_folder(&self) -> Result<Option<PathBuf>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [SETTING_FOLDER],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(PathBuf::from))
    }

    /// Sets (or with `None` clears) the folder for automatic backups.
    pub fn set_backup_folder(&mut self, folder: Option<&Path>) -> Result<()> {
        let value = match folder {
            Some(f) => Some(f.to_str().map(str::to_string).ok_or_else(|| {
                Error::field(
                    "backup_folder",
                    "Deze mapnaam bevat tekens die Dossierkluis niet kan bewaren. Kies een andere map.",
                )
            })?),
            None => None,
        };
        self.write(|tx, _| {
            match &value {
                Some(v) => tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    rusqlite::params![SETTING_FOLDER, v],
                )?,
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [SETTING_FOLDER])?,
            };
            Ok(((), vec![crate::audit::AuditEvent::new("backup_folder_set", "vault", "")]))
        })
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .connection()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

/// Backup status for the open vault: the newest verified backup (in the set folder, or as recorded in
/// the vault when the folder is unreachable) and whether to remind the person.
pub fn status(vault: &Vault) -> Result<BackupStatus> {
    status_of_folder(vault, None)
}

/// Like [`status`], but looking in `folder` instead of the configured backup folder (nothing is saved).
pub fn status_of_folder(vault: &Vault, folder: Option<&Path>) -> Result<BackupStatus> {
    let store = vault.store();
    let now = store.context().clock.now();
    let folder = match folder {
        Some(f) => Some(f.to_path_buf()),
        None => store.backup_folder()?,
    };
    let recorded_at = store
        .setting(SETTING_LAST_AT)?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    let recorded_file = store.setting(SETTING_LAST_FILE)?;
    let listed = match &folder {
        Some(f) => list(f, &vault.vault_id()?).ok(),
        None => None,
    };
    let mut newest_at = recorded_at;
    let mut newest_file = match (&folder, recorded_file) {
        (Some(f), Some(n)) => Some(f.join(n)),
        (None, Some(n)) => Some(PathBuf::from(n)),
        _ => None,
    };
    if let Some(first) = listed.as_ref().and_then(|l| l.first()) {
        if newest_at.is_none_or(|t| first.created_at >= t) {
            newest_at = Some(first.created_at);
            newest_file = Some(first.file.clone());
        }
    }
    let days = newest_at.map(|t| (now - t).num_days());
    Ok(BackupStatus {
        folder_reachable: listed.is_some(),
        count: listed.as_ref().map_or(0, Vec::len),
        folder,
        newest_at,
        newest_file,
        days_since_newest: days,
        reminder: days.is_none_or(|d| d >= REMINDER_AFTER_DAYS),
    })
}

/// The on-lock (and on-close) hook for the shell: when a backup folder is set, makes a backup (leaving
/// out dossiers due for destruction, with default rotation), then locks the vault **whatever the
/// outcome**. Returns the backup made, `None` without a folder, or the backup's error (the vault is
/// locked all the same).
pub fn lock_with_backup(
    mut vault: Vault,
    progress: &mut dyn FnMut(Progress),
) -> Result<Option<CreatedBackup>> {
    let outcome = match vault.store().backup_folder() {
        Ok(Some(folder)) => Some(
            clients_due_for_destruction(vault.store()).and_then(|exclude| {
                create(
                    &mut vault,
                    &folder,
                    &CreateOptions {
                        exclude_client_ids: &exclude,
                        rotation: Some(RotationPolicy::default()),
                    },
                    progress,
                )
            }),
        ),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    };
    let locked = vault.lock();
    let created = outcome.transpose()?;
    locked?;
    Ok(created)
}

/// A backup whose header and manifest have been read with a key: ready to preview, verify or restore.
pub struct OpenedBackup {
    path: PathBuf,
    key: BackupKey,
    manifest: Manifest,
    file_bytes: u64,
    origin_verified: bool,
    accept_unverified: bool,
}

impl std::fmt::Debug for OpenedBackup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedBackup")
            .field("path", &self.path)
            .field("manifest", &self.manifest)
            .field("origin_verified", &self.origin_verified)
            .finish_non_exhaustive()
    }
}

/// Opens `path` with `key` and reads its manifest (the first chunk only; fast even for a large file).
/// A format-2 manifest whose tag the key's secrets do not confirm is refused here (see [`keys`]); the
/// rest is checked by [`OpenedBackup::verify`] and again by [`OpenedBackup::restore`].
pub fn open(path: &Path, key: BackupKey) -> Result<OpenedBackup> {
    let file_bytes = file_len(path)?;
    let mut quiet = |_: Progress| {};
    let manifest = {
        let mut stream = open_decryptor(
            path,
            Via::All,
            &key,
            Reporter {
                stage: Stage::Verify,
                done: 0,
                total: 0,
                last: 0,
                report: &mut quiet,
            },
        )?;
        read_manifest(&mut stream)?
    };
    let origin_verified = keys::check_origin(&manifest, &key, Via::All)?;
    Ok(OpenedBackup {
        path: path.to_path_buf(),
        key,
        manifest,
        file_bytes,
        origin_verified,
        accept_unverified: false,
    })
}

/// Options for [`OpenedBackup::restore`].
pub struct RestoreOptions<'a> {
    /// The new vault folder. It must not exist or be empty, unless `overwrite`.
    pub to: &'a Path,
    /// The passphrase of the restored vault.
    pub new_passphrase: &'a Passphrase,
    pub kdf: KdfParams,
    /// Explicit confirmation to replace a vault in `to`; the old one is moved aside, not deleted.
    pub overwrite: bool,
    /// The current vault's destruction register (see [`destroyed_client_numbers`]): these dossiers are
    /// deleted from the snapshot before anything is written.
    pub destroyed_client_numbers: &'a [String],
}

/// What a restore did.
#[derive(Debug)]
pub struct RestoreOutcome {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// A new recovery code when the backup was opened without the old one: show it once.
    pub new_recovery_code: Option<RecoveryCode>,
    /// Dossiers left out again because the destruction register lists them.
    pub removed_destroyed: u64,
    /// Where a replaced vault was moved (only with `overwrite`).
    pub replaced_vault_moved_to: Option<PathBuf>,
}

/// The result of [`OpenedBackup::verify`].
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub file: PathBuf,
    pub intact: bool,
    /// See [`BackupPreview::origin_verified`].
    pub origin_verified: bool,
    pub manifest: Manifest,
}

impl OpenedBackup {
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Whether the vault's secrets vouch for this backup (always, from format 2 on; see [`keys`]).
    pub fn origin_verified(&self) -> bool {
        self.origin_verified
    }

    /// The person confirmed explicitly that they trust this old-format backup although nothing proves
    /// their vault made it; without this, [`OpenedBackup::restore`] refuses it.
    pub fn accept_unverified_origin(&mut self) {
        self.accept_unverified = true;
    }

    pub fn preview(&self) -> BackupPreview {
        let m = &self.manifest;
        BackupPreview {
            file: self.path.clone(),
            file_bytes: self.file_bytes,
            created_at: m.created_at.clone(),
            app_version: m.app_version.clone(),
            schema_version: m.schema_version,
            clients: m.count("clients"),
            entries: m.count("entries"),
            sessions: m.count("sessions"),
            documents: m.count("documents"),
            excluded_clients: m.excluded_clients,
            origin_verified: self.origin_verified,
        }
    }

    /// Reads the whole file and checks every chunk, the SHA-256, the SQLite structure and the counts.
    pub fn verify(&self, progress: &mut dyn FnMut(Progress)) -> Result<VerifyReport> {
        let decoded = decode(&self.path, Via::All, &self.key, Stage::Verify, progress)?;
        if decoded.manifest != self.manifest {
            return Err(tampered());
        }
        Ok(VerifyReport {
            file: self.path.clone(),
            intact: true,
            origin_verified: decoded.origin_verified,
            manifest: decoded.manifest,
        })
    }

    /// Restores into a new vault folder; see the module docs for the guarantees.
    pub fn restore(
        &self,
        options: &RestoreOptions<'_>,
        ctx: Context,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<RestoreOutcome> {
        let to = options.to;
        if !self.origin_verified && !self.accept_unverified {
            return Err(unverified_origin());
        }
        let occupied = to.exists()
            && fs::read_dir(to)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true);
        let _existing_lock = if occupied {
            if !options.overwrite || !Vault::exists(to) {
                return Err(Error::new(
                    ErrorCode::VaultExists,
                    if Vault::exists(to) {
                        "In deze map staat al een kluis. Kies een nieuwe, lege map, of bevestig uitdrukkelijk dat u deze kluis wilt vervangen."
                    } else {
                        "Deze map is niet leeg. Kies een nieuwe, lege map om de back-up in terug te zetten."
                    },
                ));
            }
            // Refuses when the vault is open in a window or another program.
            Some(crate::vault::hold_lock(to)?)
        } else {
            None
        };
        let mut decoded = decode(&self.path, Via::All, &self.key, Stage::Verify, progress)?;
        if decoded.manifest != self.manifest
            || (!decoded.origin_verified && !self.accept_unverified)
        {
            return Err(tampered());
        }
        let values: Vec<rusqlite::types::Value> = options
            .destroyed_client_numbers
            .iter()
            .map(|n| rusqlite::types::Value::Text(n.clone()))
            .collect();
        let removed = snapshot::delete_clients(&decoded.db, "main", "client_number", &values)?;
        progress(Progress {
            stage: Stage::Restore,
            done_bytes: 0,
            total_bytes: 1,
        });

        let (code, new_code) = match &self.key.recovery_code {
            Some(code) => (code.clone(), false),
            None => (
                RecoveryCode::generate(&ring::rand::SystemRandom::new()),
                true,
            ),
        };
        let parent = to
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io("Het maken van de map", &e))?;
        let name = to.file_name().ok_or_else(|| {
            Error::field(
                "to",
                "Kies een map (met een naam) om de back-up in terug te zetten.",
            )
        })?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(
            ".herstel-{}{}",
            std::process::id(),
            rotation::PARTIAL_SUFFIX
        ));
        let tmp = parent.join(tmp_name);
        let _ = fs::remove_dir_all(&tmp);
        let expected_counts = snapshot::table_counts(&decoded.db, "main")?;
        let schema_version = decoded.manifest.schema_version;
        let stamp = ctx.clock.now().format("%Y%m%d-%H%M%S").to_string();
        // The schema is ours (checked in `decode`); sqlcipher_export writes virtual tables straight
        // into the new file's schema table, which defensive mode forbids.
        decoded
            .db
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)?;
        let db = &mut decoded.db;

        let result = (|| -> Result<()> {
            let mut fill = |path: &Path, key: &crate::vault::Key| -> Result<()> {
                let path = path.to_str().ok_or_else(|| {
                    Error::field("to", "Deze mapnaam bevat tekens die Dossierkluis niet kan gebruiken. Kies een andere map.")
                })?;
                let literal = key.sqlcipher_literal();
                db.execute_batch("PRAGMA cipher_log_level = NONE;")?;
                db.execute(
                    "ATTACH DATABASE ?1 AS enc KEY ?2",
                    rusqlite::params![path, literal.as_str()],
                )?;
                // The file lives in a temporary folder that is fsynced once at the end and removed
                // on any failure, so per-table journals and syncs during the export buy nothing.
                db.execute_batch("PRAGMA enc.journal_mode = OFF; PRAGMA enc.synchronous = OFF;")?;
                let exported = db
                    .query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))
                    .and_then(|_| {
                        db.execute_batch(&format!("PRAGMA enc.user_version = {schema_version};"))
                    });
                db.execute_batch("DETACH DATABASE enc;")?;
                exported?;
                Ok(())
            };
            let mut vault = Vault::create_filled(
                &tmp,
                options.new_passphrase,
                options.kdf,
                &code,
                ctx,
                &mut fill,
            )?;
            // The plain snapshot passed integrity_check just before the export, which builds fresh
            // b-trees; what remains to prove is that every page on disk is what SQLCipher wrote
            // (its HMAC check) and that every row arrived. (A full integrity_check here would
            // decrypt every page again, often more than once: seconds per 100 MB.)
            let conn = vault.store().connection();
            let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
            let problems = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
            drop(stmt);
            let mut restored = snapshot::table_counts(conn, "main")?;
            // The restore's own lines: the creation event and the new identity seed.
            for table in ["audit_log", "settings"] {
                restored.remove(table);
            }
            let mut want = expected_counts.clone();
            for table in ["audit_log", "settings"] {
                want.remove(table);
            }
            // A backup of an older schema was migrated on open; its counts may rightly differ.
            let migrated = schema_version != crate::store::migrations::LATEST;
            if problems != 0 || (!migrated && restored != want) {
                return Err(Error::internal("controle van de teruggezette kluis"));
            }
            let detail = format!(
                "back-up van {}; {} dossiers opnieuw vernietigd",
                self.manifest.created_at, removed
            );
            vault.store_mut().write(|_, _| {
                Ok((
                    (),
                    vec![
                        crate::audit::AuditEvent::new("vault_restored", "vault", "").detail(detail)
                    ],
                ))
            })?;
            vault.lock()?;
            for f in [crate::vault::DB_FILE, crate::vault::KEY_FILE] {
                File::open(tmp.join(f))
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io("Het opslaan van de teruggezette kluis", &e))?;
            }
            crate::atomic_file::sync_dir(&tmp)
                .map_err(|e| Error::io("Het opslaan van de teruggezette kluis", &e))?;
            Ok(())
        })();
        if let Err(e) = result {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        let mut moved = None;
        if occupied {
            let aside = (0u32..)
                .map(|n| {
                    let mut aside = to.as_os_str().to_os_string();
                    aside.push(format!("-vervangen-{stamp}"));
                    if n > 0 {
                        aside.push(format!("-{n}"));
                    }
                    PathBuf::from(aside)
                })
                .find(|p| !p.exists())
                .expect("some name is free");
            fs::rename(to, &aside).map_err(|e| {
                let _ = fs::remove_dir_all(&tmp);
                Error::io("Het opzijzetten van de oude kluis", &e)
            })?;
            moved = Some(aside);
        } else if to.exists() {
            fs::remove_dir(to).map_err(|e| Error::io("Het voorbereiden van de map", &e))?;
        }
        fs::rename(&tmp, to).map_err(|e| {
            let _ = fs::remove_dir_all(&tmp);
            // Put the vault that was moved aside back, so the usual folder still holds a vault.
            if let Some(aside) = &moved {
                let _ = fs::rename(aside, to);
            }
            Error::io("Het terugzetten van de kluis", &e)
        })?;
        crate::atomic_file::sync_dir(parent)
            .map_err(|e| Error::io("Het terugzetten van de kluis", &e))?;
        progress(Progress {
            stage: Stage::Restore,
            done_bytes: 1,
            total_bytes: 1,
        });
        Ok(RestoreOutcome {
            dir: to.to_path_buf(),
            manifest: self.manifest.clone(),
            new_recovery_code: new_code.then_some(code),
            removed_destroyed: removed,
            replaced_vault_moved_to: moved,
        })
    }
}
