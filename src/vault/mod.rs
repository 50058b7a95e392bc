//! The vault: one folder holding `vault.db` (SQLCipher), `vault.key` (the wrapped data key) and
//! `vault.lock`.
//!
//! A random 256-bit data key opens the database as a raw SQLCipher key. It is stored only wrapped:
//! under a key derived from the passphrase with Argon2id, and under a key derived from the recovery
//! code shown once at creation. Changing the passphrase re-wraps the data key; nothing is re-encrypted.
//! A vault whose Argon2id parameters are weaker than today's defaults is re-wrapped with the defaults
//! at its next unlock (logged as `kdf_upgraded`).
//!
//! Invariants:
//! - a wrong passphrase or recovery code is detected by the AEAD tag before any file is opened for
//!   writing, so every file stays byte-identical;
//! - one process at a time holds the vault (see [`lockfile`]);
//! - the folder is 0700 and every file in it 0600, from creation on and again at every open
//!   (see [`perms`]);
//! - key material lives in zeroizing types and is dropped when the vault is locked; while the vault
//!   is open, the data key and the backup passphrase key sit in one heap block whose pages are
//!   `mlock`ed where the system allows ([`crate::memory::lock_in_memory`]), so they are not swapped.

mod kdf;
mod keyfile;
mod lockfile;
mod perms;
mod recovery;
mod recovery_sheet;
mod secret;

pub(crate) use kdf::hkdf32;
pub use kdf::KdfParams;
pub use recovery::RecoveryCode;
pub use recovery_sheet::{recovery_sheet_pdf, RecoverySheet};
pub use secret::{Key, Passphrase, PassphraseBackupKey, SecretText};

/// The `settings` key under which the backup identity's seed (hex) is kept inside the encrypted
/// database. Written at creation from the recovery code; see `crate::backup`.
pub(crate) const BACKUP_IDENTITY_SETTING: &str = "backup_identity_seed";

/// Writes a new vault's database before it is opened: given the path and the new data key.
pub(crate) type FillDatabase<'a> = &'a mut dyn FnMut(&Path, &Key) -> Result<()>;

/// Holds the lock of the vault in `dir` without opening it; refused while the vault is open elsewhere.
pub(crate) fn hold_lock(dir: &Path) -> Result<impl Sized> {
    lockfile::acquire(&dir.join(LOCK_FILE))
}

/// Derives the passphrase key a backup stanza was wrapped under, from the typed passphrase and the
/// salt and Argon2id parameters the stanza names (bounded like the key file's).
pub(crate) fn derive_backup_passphrase_key(
    passphrase: &Passphrase,
    salt: &[u8],
    params: KdfParams,
) -> Result<Key> {
    let kek = kdf::derive_from_passphrase(passphrase, salt, params)?;
    Ok(kdf::backup_key_from_passphrase_key(&kek))
}

use crate::error::{Error, ErrorCode, Result};
use crate::store::{Context, Keying, Store};
use keyfile::{KeyFile, PassphraseSlot, Slot};
use ring::rand::{SecureRandom, SystemRandom};
use std::path::{Path, PathBuf};

pub const DB_FILE: &str = "vault.db";
pub const KEY_FILE: &str = "vault.key";
pub const LOCK_FILE: &str = "vault.lock";

/// The shortest passphrase we accept. The UI shows a strength hint on top of this floor.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// An unlocked vault. Dropping it (or [`Vault::lock`]) closes the database and wipes the keys.
pub struct Vault {
    dir: PathBuf,
    store: Store,
    keys: Box<VaultKeys>,
    /// How the log compared with the head in `vault.key` at unlock (see `crate::audit`).
    audit_head: crate::audit::HeadCheck,
    // Held for as long as the vault is open; released by drop or by process exit.
    _lock: lockfile::LockGuard,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// The keys an open vault keeps, in one heap block that does not move while the vault is open, so
/// its pages can be locked in RAM. Both fields wipe themselves on drop.
struct VaultKeys {
    data_key: Key,
    backup_key: PassphraseBackupKey,
}

impl VaultKeys {
    fn boxed(data_key: Key, backup_key: PassphraseBackupKey) -> Box<VaultKeys> {
        let keys = Box::new(VaultKeys {
            data_key,
            backup_key,
        });
        crate::memory::lock_in_memory(&*keys);
        keys
    }
}

/// Facts about a vault folder that can be read without a passphrase.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VaultInfo {
    pub vault_id: String,
    pub created_at: String,
    pub kdf: KdfParams,
}

fn check_passphrase_rules(passphrase: &Passphrase) -> Result<()> {
    if passphrase.char_count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::field(
            "passphrase",
            format!("Kies een wachtwoordzin van minstens {MIN_PASSPHRASE_CHARS} tekens, bijvoorbeeld een paar losse woorden."),
        ));
    }
    Ok(())
}

fn wrong_passphrase() -> Error {
    Error::new(ErrorCode::WrongPassphrase, "Deze wachtwoordzin past niet bij deze kluis. Controleer hoofdletters en probeer het opnieuw, of gebruik uw herstelcode.")
}

fn random_bytes<const N: usize>(rng: &SystemRandom) -> [u8; N] {
    let mut out = [0u8; N];
    rng.fill(&mut out).expect("the system random source works");
    out
}

/// Renames `vault.db` (and its WAL files) left by an interrupted creation to `vault.db.onvoltooid-…`.
fn set_aside_unfinished(dir: &Path, ctx: &Context) -> Result<()> {
    let stamp = ctx.clock.now().format("%Y%m%d-%H%M%S");
    for suffix in ["", "-wal", "-shm"] {
        let path = dir.join(format!("{DB_FILE}{suffix}"));
        if path.exists() {
            let aside = dir.join(format!("{DB_FILE}{suffix}.onvoltooid-{stamp}"));
            std::fs::rename(&path, &aside)
                .map_err(|e| Error::io("Het opzijzetten van een onvoltooide kluis", &e))?;
        }
    }
    Ok(())
}

impl Vault {
    /// Makes a new vault in `dir` (created if missing; it must not hold a vault yet). Returns the
    /// open vault and the recovery code, which exists nowhere else: show it once.
    pub fn create(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfParams,
        ctx: Context,
    ) -> Result<(Vault, RecoveryCode)> {
        let code = RecoveryCode::generate(&SystemRandom::new());
        let vault = Vault::create_inner(dir, passphrase, kdf, &code, ctx, None)?;
        Ok((vault, code))
    }

    /// Makes a vault whose database is first written by `fill` (given the path and the new data key),
    /// e.g. from a backup snapshot, then opened and migrated like any vault. The key file is written
    /// last, so a crash leaves a folder that is not a vault.
    pub(crate) fn create_filled(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfParams,
        code: &RecoveryCode,
        ctx: Context,
        fill: FillDatabase<'_>,
    ) -> Result<Vault> {
        Vault::create_inner(dir, passphrase, kdf, code, ctx, Some(fill))
    }

    fn create_inner(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfParams,
        recovery_code: &RecoveryCode,
        ctx: Context,
        fill: Option<FillDatabase<'_>>,
    ) -> Result<Vault> {
        check_passphrase_rules(passphrase)?;
        let exists = || {
            Error::new(
                ErrorCode::VaultExists,
                "In deze map staat al een kluis. Open die kluis, of kies een lege map voor een nieuwe.",
            )
        };
        if dir.join(KEY_FILE).exists() {
            return Err(exists());
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io("Het maken van de kluismap", &e))?;
        perms::restrict(dir).map_err(|e| Error::io("Het afschermen van de kluismap", &e))?;
        // Every key is derived and wrapped before anything is written, so the steps after the
        // database exists are few and the key file is the last one that can fail.
        let rng = SystemRandom::new();
        let data_key = Key(random_bytes(&rng));
        let pass_salt: [u8; 16] = random_bytes(&rng);
        let recovery_salt: [u8; 16] = random_bytes(&rng);
        let vault_id = crate::hex::encode(&random_bytes::<16>(&rng));
        let empty = keyfile::WrappedKey {
            salt: String::new(),
            nonce: String::new(),
            ciphertext: String::new(),
        };
        let mut file = KeyFile {
            format: keyfile::FORMAT.into(),
            version: keyfile::VERSION,
            vault_id,
            created_at: crate::dates::instant_text(ctx.clock.now()),
            passphrase: PassphraseSlot {
                kdf: "argon2id".into(),
                params: kdf,
                wrapped: empty.clone(),
            },
            recovery: empty,
            audit_head: None,
        };
        let kek = kdf::derive_from_passphrase(passphrase, &pass_salt, kdf)?;
        file.passphrase.wrapped = file.wrap(Slot::Passphrase, &kek, &pass_salt, &data_key, &rng);
        let backup_key = PassphraseBackupKey {
            key: kdf::backup_key_from_passphrase_key(&kek),
            salt: pass_salt.to_vec(),
            params: kdf,
        };
        let recovery_kek = recovery_code.derive_key(&recovery_salt);
        file.recovery = file.wrap(
            Slot::Recovery,
            &recovery_kek,
            &recovery_salt,
            &data_key,
            &rng,
        );

        let lock = lockfile::acquire(&dir.join(LOCK_FILE))?;
        if dir.join(KEY_FILE).exists() {
            return Err(exists());
        }
        // A database without a key file is what an interrupted creation leaves: nobody can ever open
        // it (its key existed only in the memory of that attempt). Move it aside rather than refuse,
        // so the person is never stuck, and rather than delete, in case a copy of its key file exists.
        set_aside_unfinished(dir, &ctx)?;
        let db_path = dir.join(DB_FILE);
        let created = (|| {
            // Made 0600 before SQLite sees it (SQLite would make it 0644); -wal and -shm follow it.
            perms::create_private_file(&db_path)
                .map_err(|e| Error::io("Het maken van het kluisbestand", &e))?;
            if let Some(fill) = fill {
                fill(&db_path, &data_key)?;
            }
            let mut store = Store::open(&db_path, Keying::Encrypted(&data_key), true, ctx.clone())?;
            // The backup identity belongs to the recovery code, so the code alone restores a backup.
            let seed = zeroize::Zeroizing::new(crate::hex::encode(
                recovery_code.backup_identity_seed().expose_secret(),
            ));
            store.write(|tx, _| {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    rusqlite::params![BACKUP_IDENTITY_SETTING, seed.as_str()],
                )?;
                Ok(((), vec![crate::audit::AuditEvent::new("vault_created", "vault", "")]))
            })?;
            let head = crate::audit::chain_head(store.connection())?;
            file.audit_head = Some(keyfile::SealedHead::seal(&file.vault_id, &head, &data_key));
            file.write(&dir.join(KEY_FILE))?;
            perms::restrict(dir).map_err(|e| Error::io("Het afschermen van de kluismap", &e))?;
            Ok(store)
        })();
        let store = match created {
            Ok(store) => store,
            Err(err) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
                }
                return Err(err);
            }
        };
        let rows = crate::audit::chain_head(store.connection())?.rows;
        Ok(Vault {
            dir: dir.to_path_buf(),
            store,
            keys: VaultKeys::boxed(data_key, backup_key),
            audit_head: crate::audit::HeadCheck::ok_now(rows),
            _lock: lock,
        })
    }

    /// Opens the vault in `dir` with its passphrase.
    pub fn open(dir: &Path, passphrase: &Passphrase, ctx: Context) -> Result<Vault> {
        let file = KeyFile::read(&dir.join(KEY_FILE))?;
        if file.passphrase.kdf != "argon2id" {
            return Err(Error::new(ErrorCode::NewerVersion, "Deze kluis gebruikt een sleutelmethode die deze versie van Dossierkluis niet kent."));
        }
        let salt = KeyFile::salt(&file.passphrase.wrapped)?;
        let kek = kdf::derive_from_passphrase(passphrase, &salt, file.passphrase.params)?;
        let data_key = file
            .unwrap(Slot::Passphrase, &kek)?
            .ok_or_else(wrong_passphrase)?;
        let backup_key = PassphraseBackupKey {
            key: kdf::backup_key_from_passphrase_key(&kek),
            salt,
            params: file.passphrase.params,
        };
        let weak = kdf::is_weaker_than_default(file.passphrase.params);
        let mut vault = Vault::open_with_key(dir, &file, data_key, backup_key, ctx)?;
        vault.store.log_vault_event("vault_unlocked")?;
        if weak {
            // Made with weaker parameters (an older default, or a test vault outside test builds):
            // re-wrapped with today's, now that the passphrase is at hand. Nothing is re-encrypted.
            vault.rewrap_passphrase(file, passphrase)?;
            vault.store.log_vault_event("kdf_upgraded")?;
        }
        vault.record_audit_head()?;
        Ok(vault)
    }

    /// Opens the vault with the recovery code and sets `new_passphrase` in place of the forgotten one.
    /// The recovery code stays valid.
    pub fn recover(
        dir: &Path,
        code: &RecoveryCode,
        new_passphrase: &Passphrase,
        ctx: Context,
    ) -> Result<Vault> {
        check_passphrase_rules(new_passphrase)?;
        let file = KeyFile::read(&dir.join(KEY_FILE))?;
        let salt = KeyFile::salt(&file.recovery)?;
        let data_key = file.unwrap(Slot::Recovery, &code.derive_key(&salt))?.ok_or_else(|| {
            Error::new(ErrorCode::WrongRecoveryCode, "Deze herstelcode past niet bij deze kluis. Controleer de code op uw herstelblad en probeer het opnieuw.")
        })?;
        // Replaced by the new passphrase's key in `rewrap_passphrase` below.
        let placeholder = PassphraseBackupKey {
            key: Key([0u8; 32]),
            salt: Vec::new(),
            params: file.passphrase.params,
        };
        let mut vault = Vault::open_with_key(dir, &file, data_key, placeholder, ctx)?;
        vault.rewrap_passphrase(file, new_passphrase)?;
        vault.store.log_vault_event("vault_recovered")?;
        vault.record_audit_head()?;
        Ok(vault)
    }

    fn open_with_key(
        dir: &Path,
        file: &KeyFile,
        data_key: Key,
        backup_key: PassphraseBackupKey,
        ctx: Context,
    ) -> Result<Vault> {
        if !dir.join(DB_FILE).exists() {
            return Err(Error::new(
                ErrorCode::Corrupt,
                "Het kluisbestand vault.db ontbreekt in deze map. Zet een back-up terug.",
            ));
        }
        let lock = lockfile::acquire(&dir.join(LOCK_FILE))?;
        // Before SQLite opens the database, so a `-wal` it makes gets 0600 from `vault.db`. Best
        // effort (see `perms`): a folder on a FAT stick has no modes to set.
        let _ = perms::restrict(dir);
        let store = Store::open(&dir.join(DB_FILE), Keying::Encrypted(&data_key), false, ctx)?;
        let audit_head = match &file.audit_head {
            None => crate::audit::HeadCheck::not_recorded(
                crate::audit::chain_head(store.connection())?.rows,
            ),
            Some(sealed) => match sealed.open(&file.vault_id, &data_key) {
                Some(head) => crate::audit::compare_head(store.connection(), &head)?,
                None => crate::audit::HeadCheck::seal_broken(
                    crate::audit::chain_head(store.connection())?.rows,
                ),
            },
        };
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            store,
            keys: VaultKeys::boxed(data_key, backup_key),
            audit_head,
            _lock: lock,
        };
        if !vault.audit_head.intact {
            // The log itself records what was found; the key file keeps the head it had, so the
            // warning stays until a backup is restored.
            let detail = vault.audit_head.status;
            vault.store.write(|_, _| {
                Ok((
                    (),
                    vec![
                        crate::audit::AuditEvent::new("audit_head_mismatch", "audit_log", "")
                            .detail(detail),
                    ],
                ))
            })?;
        }
        Ok(vault)
    }

    /// How the log compared, at unlock, with the head `vault.key` recorded (see `crate::audit`).
    pub fn audit_head(&self) -> &crate::audit::HeadCheck {
        &self.audit_head
    }

    /// Seals the log's current head into `vault.key`, unless the unlock found a mismatch (then the
    /// recorded head stays as evidence).
    fn record_audit_head(&mut self) -> Result<()> {
        if !self.audit_head.intact {
            return Ok(());
        }
        let path = self.dir.join(KEY_FILE);
        let mut file = KeyFile::read(&path)?;
        let head = crate::audit::chain_head(self.store.connection())?;
        file.audit_head = Some(keyfile::SealedHead::seal(
            &file.vault_id,
            &head,
            &self.keys.data_key,
        ));
        file.write(&path)
    }

    /// Replaces the passphrase after checking the current one. Only the key file changes.
    pub fn change_passphrase(&mut self, current: &Passphrase, new: &Passphrase) -> Result<()> {
        check_passphrase_rules(new)?;
        let file = KeyFile::read(&self.dir.join(KEY_FILE))?;
        let salt = KeyFile::salt(&file.passphrase.wrapped)?;
        let kek = kdf::derive_from_passphrase(current, &salt, file.passphrase.params)?;
        file.unwrap(Slot::Passphrase, &kek)?
            .ok_or_else(wrong_passphrase)?;
        self.rewrap_passphrase(file, new)?;
        self.store.log_vault_event("passphrase_changed")
    }

    fn rewrap_passphrase(&mut self, mut file: KeyFile, new: &Passphrase) -> Result<()> {
        let rng = SystemRandom::new();
        let salt: [u8; 16] = random_bytes(&rng);
        // Weaker than today's defaults: re-wrapped with them (see `kdf::is_weaker_than_default`).
        let params = if kdf::is_weaker_than_default(file.passphrase.params) {
            KdfParams::STRONG
        } else {
            file.passphrase.params
        };
        let kek = kdf::derive_from_passphrase(new, &salt, params)?;
        file.passphrase.params = params;
        file.passphrase.wrapped =
            file.wrap(Slot::Passphrase, &kek, &salt, &self.keys.data_key, &rng);
        file.write(&self.dir.join(KEY_FILE))?;
        // Only once the new key file is on disk does the new passphrase count for backups.
        self.keys.backup_key = PassphraseBackupKey {
            key: kdf::backup_key_from_passphrase_key(&kek),
            salt: salt.to_vec(),
            params,
        };
        Ok(())
    }

    /// Reads the key file's public facts, without a passphrase.
    pub fn info(dir: &Path) -> Result<VaultInfo> {
        let file = KeyFile::read(&dir.join(KEY_FILE))?;
        Ok(VaultInfo {
            vault_id: file.vault_id,
            created_at: file.created_at,
            kdf: file.passphrase.params,
        })
    }

    /// Whether `dir` holds a vault (its key file).
    pub fn exists(dir: &Path) -> bool {
        dir.join(KEY_FILE).is_file()
    }

    /// Closes the database and wipes the keys.
    pub fn lock(mut self) -> Result<()> {
        self.store.log_vault_event("vault_locked")?;
        let recorded = self.record_audit_head();
        drop(self);
        recorded
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The passphrase key in force, for the passphrase stanza of a backup. Never logged or shown.
    pub(crate) fn backup_passphrase_key(&self) -> &PassphraseBackupKey {
        &self.keys.backup_key
    }

    /// The vault's id from its key file (also the prefix of its backup file names).
    pub fn vault_id(&self) -> Result<String> {
        Ok(KeyFile::read(&self.dir.join(KEY_FILE))?.vault_id)
    }
}
