//! Who can open a backup. Every backup's age header carries two recipient stanzas for the same file key:
//!
//! - `X25519`: the standard age stanza for the vault's **backup identity**. Its 32 secret bytes are
//!   derived from the recovery code (HKDF, fixed label), so the code alone finds it again on a new
//!   laptop; the seed is also kept inside the encrypted database (`settings.backup_identity_seed`), so
//!   `backup identity --out` and a reprinted recovery sheet need only the passphrase. `age -d -i` with
//!   that identity decrypts any backup of the vault, with or without Dossierkluis.
//! - `dossierkluis-passphrase`: our own stanza (age's `Recipient`/`Identity` traits) holding the file key
//!   wrapped under the passphrase in force when the backup was made. Arguments: `v2` (`v1` in format-1
//!   backups), the Argon2id salt (hex) and cost (memory KiB, passes, lanes) of the vault's passphrase
//!   slot, and a fresh 16-byte wrap salt (hex). Body: ChaCha20-Poly1305 (zero nonce, single-use key)
//!   under `HKDF-SHA256(salt = wrap salt, ikm = HKDF(Argon2id(passphrase)), label)` of the 16-byte file
//!   key followed (v2 only) by the 32-byte manifest key below. The standard age tool skips stanzas it
//!   does not know.
//!
//! **Who made the backup.** Anyone who knows the public `age1…` recipient can encrypt a file to it, so
//! decrypting proves nothing about who wrote it. From format 2 on, the manifest (which names the
//! snapshot's SHA-256 and size, so it covers every byte) carries `authentication`: HMAC-SHA256 under
//! the **manifest key** `HKDF-SHA256(salt = "dossierkluis/backup-manifest", ikm = the backup identity's
//! 32 secret bytes, label)`. Every way to open a backup reaches that key without trusting the file: the
//! identity file and the recovery code give the identity's secret, and the passphrase stanza carries
//! the manifest key sealed under the passphrase (which only the vault could write). The data key is
//! deliberately not an input: `age -d -i` restores and restores on a new laptop never have `vault.key`.
//! A backup whose manifest does not carry a valid tag for the key at hand is refused before anything
//! is written ([`check_origin`]).
//!
//! Format-1 backups (before this check) have no tag. Opened with the passphrase they are still
//! authentic: only the passphrase's holder could write the stanza that holds the file key (a copied
//! stanza yields another file's key and age's header MAC fails). Opened with the identity file or the
//! recovery code, a format-1 backup cannot be told from one forged with the public key, so a restore
//! refuses it unless the caller confirms explicitly (`--accept-unverified-origin` in the CLI); the
//! preview and `verify` say `origin_verified: false`. The stricter snapshot checks (defensive mode,
//! schema equal to what the migrations make) apply to every backup, old or new.
//!
//! A header may hold at most [`MAX_STANZAS`] recipient stanzas, and a typed passphrase is derived for
//! at most [`MAX_PASSPHRASE_DERIVATIONS`] different salts or costs, so a crafted header cannot make a
//! restore run Argon2id for hours.
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
const MANIFEST_KEY_SALT: &[u8] = b"dossierkluis/backup-manifest";
const MANIFEST_KEY_LABEL: &[u8] = b"dossierkluis/backup-manifest/hmac-sha256/v2";
const MANIFEST_MAC_CONTEXT: &[u8] = b"dossierkluis-backup-manifest/v2\n";
/// The most recipient stanzas a backup header may hold (ours has two).
pub const MAX_STANZAS: usize = 8;
/// The most different salts or costs a typed passphrase is run through Argon2id for, per backup key.
pub const MAX_PASSPHRASE_DERIVATIONS: usize = 2;

/// The 32 secret bytes of an X25519 identity (the inverse of [`identity_from_seed`]).
fn seed_of(identity: &age::x25519::Identity) -> Option<Key> {
    let text = Zeroizing::new(identity.to_string().expose_secret().to_lowercase());
    let (_, bytes) = bech32::decode(&text).ok()?;
    let bytes = Zeroizing::new(bytes);
    let arr: [u8; 32] = bytes.as_slice().try_into().ok()?;
    Some(Key(arr))
}

/// The key a manifest's `authentication` tag is made with, from the backup identity's secret.
pub(crate) fn manifest_key(identity: &age::x25519::Identity) -> Key {
    let seed = seed_of(identity).expect("an X25519 identity has 32 secret bytes");
    hkdf32(MANIFEST_KEY_SALT, seed.expose_secret(), MANIFEST_KEY_LABEL)
}

/// What the tag covers: a context string and the manifest's JSON without the tag (every field,
/// the snapshot's SHA-256 and size among them).
fn mac_input(manifest: &crate::backup::Manifest) -> Vec<u8> {
    let mut unsigned = manifest.clone();
    unsigned.authentication = None;
    let mut msg = MANIFEST_MAC_CONTEXT.to_vec();
    msg.extend(serde_json::to_vec(&unsigned).expect("a manifest always serialises"));
    msg
}

fn hmac_key(key: &Key) -> ring::hmac::Key {
    ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.expose_secret())
}

/// Sets `manifest.authentication` with the vault's manifest key.
pub(crate) fn authenticate(manifest: &mut crate::backup::Manifest, key: &Key) {
    let tag = ring::hmac::sign(&hmac_key(key), &mac_input(manifest));
    manifest.authentication = Some(crate::hex::encode(tag.as_ref()));
}

fn forged() -> Error {
    Error::new(
        ErrorCode::BackupTampered,
        "Dit back-upbestand is niet door uw kluis gemaakt, of het is daarna gewijzigd. Er is niets teruggezet. Kies een back-up die Dossierkluis zelf heeft gemaakt.",
    )
}

/// Checks who made the backup whose `manifest` was just read with `key` through `via`: `Ok(true)`
/// when the vault's secrets vouch for it, `Ok(false)` for a format-1 backup opened without the
/// passphrase (see the module docs), an error for a manifest that fails its check.
pub(crate) fn check_origin(
    manifest: &crate::backup::Manifest,
    key: &BackupKey,
    via: Via,
) -> Result<bool> {
    if manifest.format_version < 2 {
        if manifest.authentication.is_some() {
            return Err(forged());
        }
        return Ok(key.opened_by_passphrase());
    }
    let Some(tag) = manifest
        .authentication
        .as_deref()
        .and_then(crate::hex::decode)
    else {
        return Err(forged());
    };
    let msg = mac_input(manifest);
    let fits = key
        .manifest_keys(via)
        .iter()
        .any(|k| ring::hmac::verify(&hmac_key(k), &msg, &tag).is_ok());
    if fits {
        Ok(true)
    } else {
        Err(forged())
    }
}

/// Which stanzas of a backup to try: all the key has, or one kind on its own (the checks after a
/// backup is written open it each way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    All,
    X25519,
    Passphrase,
}

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

/// The age recipient for our passphrase stanza; it seals the manifest key next to the file key.
pub(crate) struct PassphraseRecipient<'a> {
    pub key: &'a PassphraseBackupKey,
    pub manifest_key: &'a Key,
}

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
        let key = stanza_key(&self.key.key, &wrap_salt);
        let mut plain = Zeroizing::new(Vec::with_capacity(FILE_KEY_BYTES + 32));
        plain.extend_from_slice(file_key.expose_secret());
        plain.extend_from_slice(self.manifest_key.expose_secret());
        let body = age_core::primitives::aead_encrypt(key.expose_secret(), &plain);
        let p = self.key.params;
        let stanza = Stanza {
            tag: PASSPHRASE_STANZA_TAG.into(),
            args: vec![
                "v2".into(),
                crate::hex::encode(&self.key.salt),
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
    /// v2 also seals the manifest key.
    v2: bool,
    salt: Vec<u8>,
    params: KdfParams,
    wrap_salt: Vec<u8>,
}

fn parse_args(args: &[String]) -> Option<StanzaArgs> {
    let [version, salt, m, t, p, wrap_salt] = args else {
        return None;
    };
    let v2 = match version.as_str() {
        "v1" => false,
        "v2" => true,
        _ => return None,
    };
    let salt = crate::hex::decode(salt).filter(|s| s.len() == 16)?;
    let wrap_salt = crate::hex::decode(wrap_salt).filter(|s| s.len() == 16)?;
    Some(StanzaArgs {
        v2,
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
    /// What the last stanza this identity opened held: `Some(None)` for a v1 stanza (file key only),
    /// `Some(Some(key))` for v2 (with the manifest key). Cleared before each read of a backup.
    opened: Mutex<Option<Option<Key>>>,
    /// Typed-passphrase derivations so far (bounded by [`MAX_PASSPHRASE_DERIVATIONS`]).
    derivations: std::sync::atomic::AtomicUsize,
}

impl PassphraseIdentity {
    pub fn from_passphrase(passphrase: Passphrase) -> Self {
        PassphraseIdentity {
            passphrase: Some(passphrase),
            derived: Mutex::new(Vec::new()),
            opened: Mutex::new(None),
            derivations: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    pub fn from_key(key: PassphraseBackupKey) -> Self {
        PassphraseIdentity {
            passphrase: None,
            derived: Mutex::new(vec![key]),
            opened: Mutex::new(None),
            derivations: std::sync::atomic::AtomicUsize::new(0),
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
        let done = self
            .derivations
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if done >= MAX_PASSPHRASE_DERIVATIONS {
            return Some(Err(Error::new(
                ErrorCode::BackupTampered,
                "te veel stanzas",
            )));
        }
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
        let sealed = if args.v2 {
            FILE_KEY_BYTES + 32
        } else {
            FILE_KEY_BYTES
        };
        if stanza.body.len() != sealed + 16 {
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
            age_core::primitives::aead_decrypt(wrap.expose_secret(), sealed, &stanza.body).ok()?;
        let plain = Zeroizing::new(plain);
        let manifest_key = args.v2.then(|| {
            let mut k = Key([0u8; 32]);
            k.0.copy_from_slice(&plain[FILE_KEY_BYTES..]);
            k
        });
        *self.opened.lock().unwrap_or_else(|e| e.into_inner()) = Some(manifest_key);
        Some(Ok(FileKey::init_with_mut(|k| {
            k.copy_from_slice(&plain[..FILE_KEY_BYTES])
        })))
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

    /// Every identity; the passphrase first, so an old backup it opens counts as authentic.
    pub(crate) fn identities(&self) -> Vec<&dyn age::Identity> {
        let mut all = self.passphrase_only();
        all.extend(self.x25519_only());
        all
    }

    pub(crate) fn identities_via(&self, via: Via) -> Vec<&dyn age::Identity> {
        match via {
            Via::All => self.identities(),
            Via::X25519 => self.x25519_only(),
            Via::Passphrase => self.passphrase_only(),
        }
    }

    /// Forgets what the passphrase stanza of the previous read held; called before each read.
    pub(crate) fn reset_opened(&self) {
        if let Some(p) = &self.passphrase {
            *p.opened.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }

    /// Whether our passphrase stanza gave the file key of the last read.
    fn opened_by_passphrase(&self) -> bool {
        self.passphrase
            .as_ref()
            .is_some_and(|p| p.opened.lock().unwrap_or_else(|e| e.into_inner()).is_some())
    }

    /// The manifest keys within reach through `via`: the identities' own, and the one the passphrase
    /// stanza of the last read held.
    fn manifest_keys(&self, via: Via) -> Vec<Key> {
        let mut keys = Vec::new();
        if via != Via::Passphrase {
            keys.extend(self.x25519.iter().map(manifest_key));
        }
        if via != Via::X25519 {
            if let Some(p) = &self.passphrase {
                if let Some(Some(k)) = &*p.opened.lock().unwrap_or_else(|e| e.into_inner()) {
                    keys.push(k.clone());
                }
            }
        }
        keys
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
