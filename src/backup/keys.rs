//! Who can open a backup. Every backup's age header carries two recipient stanzas for the same file key:
//!
//! - `X25519`: the standard age stanza for the vault's **backup identity**. Its 32 secret bytes are
//!   derived from the recovery code (HKDF, fixed label), so the code alone finds it again on a new
//!   laptop; the seed is also kept inside the encrypted database (`settings.backup_identity_seed`), so
//!   `backup identity --out` and a reprinted recovery sheet need only the passphrase. `age -d -i` with
//!   that identity decrypts any backup of the vault, with or without Dossierkluis.
//! - `dossierkluis-passphrase`: our own stanza (age's `Recipient`/`Identity` traits) holding the file key
//!   wrapped under the passphrase in force when the backup was made. Arguments: `v1`, the Argon2id salt
//!   (hex) and cost (memory KiB, passes, lanes) of the vault's passphrase slot, and a fresh 16-byte wrap
//!   salt (hex). Body: ChaCha20-Poly1305 (zero nonce, single-use key) of the 16-byte file key under
//!   `HKDF-SHA256(salt = wrap salt, ikm = HKDF(Argon2id(passphrase)), label)`. The standard age tool skips
//!   stanzas it does not know.
//!
//! Vaults made before backups existed (schema-1 fixtures) have no stored seed: they get a random
//! identity on first need, so their backups open with the passphrase or the identity file, not the code.
//!
//! Invariant: no key in this module appears in `Debug`, an error, or a log; a wrong secret is reported
//! as "does not fit", never with detail an attacker could use.

use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use crate::vault::{
    derive_backup_passphrase_key, hkdf32, KdfParams, Key, Passphrase, PassphraseBackupKey,
    RecoveryCode, Vault, BACKUP_IDENTITY_SETTING,
};
use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza, FILE_KEY_BYTES};
use ring::rand::{SecureRandom, SystemRandom};
use rusqlite::OptionalExtension;
use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;
use zeroize::Zeroizing;

pub const PASSPHRASE_STANZA_TAG: &str = "dossierkluis-passphrase";
const STANZA_LABEL: &[u8] = b"dossierkluis/backup-passphrase/stanza/v1";

/// The age X25519 identity from its 32 secret bytes.
pub(crate) fn identity_from_seed(seed: &Key) -> age::x25519::Identity {
    let hrp = bech32::Hrp::parse("AGE-SECRET-KEY-").expect("a valid human-readable part");
    let text = Zeroizing::new(age_core::primitives::bech32_encode(
        hrp,
        seed.expose_secret(),
    ));
    let upper = Zeroizing::new(text.to_uppercase());
    upper
        .parse()
        .expect("32 bytes always make a valid X25519 identity")
}

fn seed_from_hex(text: &str) -> Result<Key> {
    let bytes = Zeroizing::new(crate::hex::decode(text).unwrap_or_default());
    let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        Error::new(
            ErrorCode::Corrupt,
            "De back-upsleutel in de kluis is beschadigd. Zet een back-up terug.",
        )
    })?;
    Ok(Key(arr))
}

impl Store {
    /// The vault's backup identity; a vault from before backups gets a random one now (logged).
    pub(crate) fn backup_identity(&mut self) -> Result<age::x25519::Identity> {
        let stored: Option<String> = self
            .connection()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [BACKUP_IDENTITY_SETTING],
                |r| r.get(0),
            )
            .optional()?;
        let seed = match stored {
            Some(hex) => seed_from_hex(&Zeroizing::new(hex))?,
            None => {
                let mut bytes = [0u8; 32];
                SystemRandom::new()
                    .fill(&mut bytes)
                    .map_err(|_| Error::internal("willekeurige sleutel"))?;
                let seed = Key(bytes);
                let hex = Zeroizing::new(crate::hex::encode(seed.expose_secret()));
                self.write(|tx, _| {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                        rusqlite::params![BACKUP_IDENTITY_SETTING, hex.as_str()],
                    )?;
                    Ok((
                        (),
                        vec![crate::audit::AuditEvent::new(
                            "backup_identity_created",
                            "vault",
                            "",
                        )],
                    ))
                })?;
                seed
            }
        };
        Ok(identity_from_seed(&seed))
    }
}

/// The backup identity as text, for the `age` tool and the recovery sheet.
pub struct BackupIdentity {
    /// `age1…`: the public recipient; may be shown and shared.
    pub recipient: String,
    secret: Zeroizing<String>,
}

impl BackupIdentity {
    /// `AGE-SECRET-KEY-1…`: whoever holds this can read every backup of the vault.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// The identity file as `age-keygen` writes it, for `age -d -i FILE`.
    pub fn identity_file_text(&self, created_at: &str) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "# Dossierkluis back-upsleutel (age-identiteit), gemaakt {created_at}\n# Wie dit bestand heeft, kan elke back-up van de kluis lezen. Bewaar het even zorgvuldig als uw herstelcode.\n# public key: {}\n{}\n",
            self.recipient,
            self.secret.as_str()
        ))
    }
}

impl fmt::Debug for BackupIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupIdentity")
            .field("recipient", &self.recipient)
            .finish_non_exhaustive()
    }
}

/// The vault's backup identity (the one on the recovery sheet). Logged as an export of key material.
pub fn backup_identity(vault: &mut Vault) -> Result<BackupIdentity> {
    let identity = vault.store_mut().backup_identity()?;
    vault.store_mut().write(|_, _| {
        Ok((
            (),
            vec![crate::audit::AuditEvent::new(
                "backup_identity_shown",
                "vault",
                "",
            )],
        ))
    })?;
    Ok(BackupIdentity {
        recipient: identity.to_public().to_string(),
        secret: Zeroizing::new(identity.to_string().expose_secret().to_string()),
    })
}

/// The age recipient for our passphrase stanza.
pub(crate) struct PassphraseRecipient<'a>(pub &'a PassphraseBackupKey);

fn stanza_key(backup_key: &Key, wrap_salt: &[u8]) -> Key {
    hkdf32(wrap_salt, backup_key.expose_secret(), STANZA_LABEL)
}

impl age::Recipient for PassphraseRecipient<'_> {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> std::result::Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let mut wrap_salt = [0u8; 16];
        SystemRandom::new()
            .fill(&mut wrap_salt)
            .map_err(|_| age::EncryptError::Io(std::io::Error::other("no system randomness")))?;
        let key = stanza_key(&self.0.key, &wrap_salt);
        let body =
            age_core::primitives::aead_encrypt(key.expose_secret(), file_key.expose_secret());
        let p = self.0.params;
        let stanza = Stanza {
            tag: PASSPHRASE_STANZA_TAG.into(),
            args: vec![
                "v1".into(),
                crate::hex::encode(&self.0.salt),
                p.memory_kib.to_string(),
                p.iterations.to_string(),
                p.parallelism.to_string(),
                crate::hex::encode(&wrap_salt),
            ],
            body,
        };
        // No labels: this stanza may sit next to the X25519 one.
        Ok((vec![stanza], HashSet::new()))
    }
}

struct StanzaArgs {
    salt: Vec<u8>,
    params: KdfParams,
    wrap_salt: Vec<u8>,
}

fn parse_args(args: &[String]) -> Option<StanzaArgs> {
    let [version, salt, m, t, p, wrap_salt] = args else {
        return None;
    };
    if version != "v1" {
        return None;
    }
    let salt = crate::hex::decode(salt).filter(|s| s.len() == 16)?;
    let wrap_salt = crate::hex::decode(wrap_salt).filter(|s| s.len() == 16)?;
    Some(StanzaArgs {
        salt,
        params: KdfParams {
            memory_kib: m.parse().ok()?,
            iterations: t.parse().ok()?,
            parallelism: p.parse().ok()?,
        },
        wrap_salt,
    })
}

/// Opens our passphrase stanza: with keys already derived (an open vault), or by deriving one from a
/// typed passphrase (once per salt and cost; the result is kept for the next read of the same file).
pub(crate) struct PassphraseIdentity {
    passphrase: Option<Passphrase>,
    derived: Mutex<Vec<PassphraseBackupKey>>,
}

impl PassphraseIdentity {
    pub fn from_passphrase(passphrase: Passphrase) -> Self {
        PassphraseIdentity {
            passphrase: Some(passphrase),
            derived: Mutex::new(Vec::new()),
        }
    }

    pub fn from_key(key: PassphraseBackupKey) -> Self {
        PassphraseIdentity {
            passphrase: None,
            derived: Mutex::new(vec![key]),
        }
    }

    fn key_for(&self, salt: &[u8], params: KdfParams) -> Option<Result<Key>> {
        let mut derived = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = derived
            .iter()
            .find(|k| k.salt == salt && k.params == params)
        {
            return Some(Ok(k.key.clone()));
        }
        let passphrase = self.passphrase.as_ref()?;
        Some(
            derive_backup_passphrase_key(passphrase, salt, params).inspect(|key| {
                derived.push(PassphraseBackupKey {
                    key: key.clone(),
                    salt: salt.to_vec(),
                    params,
                });
            }),
        )
    }
}

impl age::Identity for PassphraseIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &Stanza,
    ) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        if stanza.tag != PASSPHRASE_STANZA_TAG {
            return None;
        }
        let Some(args) = parse_args(&stanza.args) else {
            return Some(Err(age::DecryptError::InvalidHeader));
        };
        if stanza.body.len() != FILE_KEY_BYTES + 16 {
            return Some(Err(age::DecryptError::InvalidHeader));
        }
        let key = match self.key_for(&args.salt, args.params)? {
            Ok(k) => k,
            // Out-of-bounds cost: not a stanza we wrote.
            Err(_) => return Some(Err(age::DecryptError::InvalidHeader)),
        };
        let wrap = stanza_key(&key, &args.wrap_salt);
        // A failing tag means "not this passphrase": let other identities try.
        let plain =
            age_core::primitives::aead_decrypt(wrap.expose_secret(), FILE_KEY_BYTES, &stanza.body)
                .ok()?;
        let plain = Zeroizing::new(plain);
        Some(Ok(FileKey::init_with_mut(|k| k.copy_from_slice(&plain))))
    }
}

/// What the person has to open a backup with.
pub enum BackupSecret {
    /// The passphrase that was in force when the backup was made.
    Passphrase(Passphrase),
    /// The recovery code of the vault the backup came from.
    RecoveryCode(RecoveryCode),
    /// The text of an age identity file (`AGE-SECRET-KEY-1…` lines; `#` comments allowed).
    IdentityFile(Zeroizing<String>),
}

impl fmt::Debug for BackupSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackupSecret::Passphrase(_) => "BackupSecret::Passphrase(***)",
            BackupSecret::RecoveryCode(_) => "BackupSecret::RecoveryCode(***)",
            BackupSecret::IdentityFile(_) => "BackupSecret::IdentityFile(***)",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Passphrase,
    RecoveryCode,
    IdentityFile,
    Vault,
}

/// A secret made ready to open backups: identities parsed, passphrase keys derived at most once.
/// Opaque; never prints its content.
pub struct BackupKey {
    pub(crate) kind: KeyKind,
    x25519: Vec<age::x25519::Identity>,
    passphrase: Option<PassphraseIdentity>,
    pub(crate) recovery_code: Option<RecoveryCode>,
}

impl fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BackupKey({:?}, ***)", self.kind)
    }
}

impl BackupKey {
    pub fn from_secret(secret: BackupSecret) -> Result<BackupKey> {
        Ok(match secret {
            BackupSecret::Passphrase(p) => BackupKey {
                kind: KeyKind::Passphrase,
                x25519: Vec::new(),
                passphrase: Some(PassphraseIdentity::from_passphrase(p)),
                recovery_code: None,
            },
            BackupSecret::RecoveryCode(code) => BackupKey {
                kind: KeyKind::RecoveryCode,
                x25519: vec![identity_from_seed(&code.backup_identity_seed())],
                passphrase: None,
                recovery_code: Some(code),
            },
            BackupSecret::IdentityFile(text) => {
                let mut x25519 = Vec::new();
                for line in text.lines().map(str::trim) {
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    x25519.push(line.parse::<age::x25519::Identity>().map_err(|_| {
                        Error::new(ErrorCode::WrongIdentity, "Dit sleutelbestand bevat geen geldige age-identiteit (een regel die begint met AGE-SECRET-KEY-1). Kies het bestand dat Dossierkluis bij 'back-upsleutel opslaan' maakte.")
                    })?);
                }
                if x25519.is_empty() {
                    return Err(Error::new(ErrorCode::WrongIdentity, "Dit sleutelbestand bevat geen age-identiteit. Kies het bestand dat Dossierkluis bij 'back-upsleutel opslaan' maakte."));
                }
                BackupKey {
                    kind: KeyKind::IdentityFile,
                    x25519,
                    passphrase: None,
                    recovery_code: None,
                }
            }
        })
    }

    /// The open vault's own keys: its backup identity and the passphrase key in force. Opens every
    /// backup of this vault, whichever passphrase was in force when it was made.
    pub fn from_vault(vault: &mut Vault) -> Result<BackupKey> {
        let identity = vault.store_mut().backup_identity()?;
        Ok(BackupKey {
            kind: KeyKind::Vault,
            x25519: vec![identity],
            passphrase: Some(PassphraseIdentity::from_key(
                vault.backup_passphrase_key().clone(),
            )),
            recovery_code: None,
        })
    }

    /// Only the X25519 identities, to check that stanza on its own.
    pub(crate) fn x25519_only(&self) -> Vec<&dyn age::Identity> {
        self.x25519
            .iter()
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    /// Only the passphrase stanza, to check that one on its own.
    pub(crate) fn passphrase_only(&self) -> Vec<&dyn age::Identity> {
        self.passphrase
            .iter()
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    pub(crate) fn identities(&self) -> Vec<&dyn age::Identity> {
        let mut all = self.x25519_only();
        all.extend(self.passphrase_only());
        all
    }

    /// "This secret does not open this backup", in the words that fit the secret.
    pub(crate) fn no_match(&self) -> Error {
        match self.kind {
            KeyKind::Passphrase => Error::new(ErrorCode::WrongPassphrase, "Deze wachtwoordzin opent deze back-up niet. Gebruik de wachtwoordzin die gold toen de back-up werd gemaakt, of uw herstelcode."),
            KeyKind::RecoveryCode => Error::new(ErrorCode::WrongRecoveryCode, "Deze herstelcode opent deze back-up niet. Controleer de code op uw herstelblad, of gebruik de wachtwoordzin die gold toen de back-up werd gemaakt."),
            KeyKind::IdentityFile => Error::new(ErrorCode::WrongIdentity, "Dit sleutelbestand opent deze back-up niet. Kies het sleutelbestand van de kluis waar de back-up van is gemaakt."),
            KeyKind::Vault => Error::new(ErrorCode::WrongIdentity, "Deze back-up hoort niet bij deze kluis. Open hem met de wachtwoordzin, herstelcode of het sleutelbestand van de kluis waar hij van is gemaakt."),
        }
    }
}
