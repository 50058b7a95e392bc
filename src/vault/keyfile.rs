//! `vault.key`: the data key, only ever stored wrapped (AES-256-GCM), once under the passphrase key and
//! once under the recovery key. JSON, so that in twenty years a person can still read what it holds
//! and which KDF parameters to use. The associated data binds each wrap to its slot and this vault.

use super::kdf::KdfParams;
use super::secret::Key;
use crate::error::{Error, ErrorCode, Result};
use crate::hex;
use ring::aead;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FORMAT: &str = "dossierkluis-sleutelbestand";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub created_at: String,
    pub passphrase: PassphraseSlot,
    pub recovery: WrappedKey,
    /// The audit chain's head when the vault was last created, unlocked or locked, sealed with a key
    /// derived from the data key (see `crate::audit`). Absent in key files from before this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<SealedHead>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedHead {
    pub rows: i64,
    pub hash: String,
    /// HMAC-SHA256 (hex) over the vault id, rows and hash.
    pub seal: String,
}

fn head_key(data_key: &Key) -> ring::hmac::Key {
    let key = super::kdf::hkdf32(
        b"dossierkluis/audit-head",
        data_key.expose_secret(),
        b"dossierkluis/audit-head/v1",
    );
    ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.expose_secret())
}

fn head_message(vault_id: &str, head: &crate::audit::ChainHead) -> Vec<u8> {
    format!(
        "dossierkluis/audit-head/v1\n{vault_id}\n{}\n{}",
        head.rows, head.hash
    )
    .into_bytes()
}

impl SealedHead {
    pub fn seal(vault_id: &str, head: &crate::audit::ChainHead, data_key: &Key) -> SealedHead {
        let tag = ring::hmac::sign(&head_key(data_key), &head_message(vault_id, head));
        SealedHead {
            rows: head.rows,
            hash: head.hash.clone(),
            seal: hex::encode(tag.as_ref()),
        }
    }

    /// The head, when its seal fits this vault and data key.
    pub fn open(&self, vault_id: &str, data_key: &Key) -> Option<crate::audit::ChainHead> {
        let head = crate::audit::ChainHead {
            rows: self.rows,
            hash: self.hash.clone(),
        };
        let tag = hex::decode(&self.seal)?;
        ring::hmac::verify(&head_key(data_key), &head_message(vault_id, &head), &tag).ok()?;
        Some(head)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassphraseSlot {
    pub kdf: String,
    pub params: KdfParams,
    #[serde(flatten)]
    pub wrapped: WrappedKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WrappedKey {
    pub salt: String,
    pub nonce: String,
    pub ciphertext: String,
}

#[derive(Debug, Clone, Copy)]
pub enum Slot {
    Passphrase,
    Recovery,
}

impl Slot {
    fn name(self) -> &'static str {
        match self {
            Slot::Passphrase => "passphrase",
            Slot::Recovery => "recovery",
        }
    }
}

fn corrupt() -> Error {
    Error::new(
        ErrorCode::Corrupt,
        "Het sleutelbestand van de kluis (vault.key) is beschadigd. Zet een back-up terug.",
    )
}

impl KeyFile {
    pub fn read(path: &Path) -> Result<KeyFile> {
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::new(
                ErrorCode::VaultNotFound,
                "In deze map staat geen Dossierkluis-kluis. Kies de map waarin u de kluis heeft gemaakt.",
            ),
            _ => Error::io("Het lezen van het sleutelbestand", &e),
        })?;
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| corrupt())?;
        if file.format != FORMAT {
            return Err(corrupt());
        }
        if file.version > VERSION {
            return Err(Error::new(
                ErrorCode::NewerVersion,
                "Deze kluis is gemaakt met een nieuwere versie van Dossierkluis. Installeer die versie om de kluis te openen.",
            ));
        }
        Ok(file)
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let json =
            serde_json::to_vec_pretty(self).map_err(|_| Error::internal("sleutelbestand"))?;
        crate::atomic_file::write(path, &json)
            .map_err(|e| Error::io("Het opslaan van het sleutelbestand", &e))
    }

    fn aad(&self, slot: Slot) -> Vec<u8> {
        format!("{FORMAT}/v{VERSION}/{}/{}", slot.name(), self.vault_id).into_bytes()
    }

    /// Wraps `data_key` under `kek` for `slot`, with a fresh nonce.
    pub fn wrap(
        &self,
        slot: Slot,
        kek: &Key,
        salt: &[u8],
        data_key: &Key,
        rng: &dyn ring::rand::SecureRandom,
    ) -> WrappedKey {
        let mut nonce = [0u8; 12];
        rng.fill(&mut nonce)
            .expect("the system random source works");
        let sealing = aead::LessSafeKey::new(
            aead::UnboundKey::new(&aead::AES_256_GCM, kek.expose_secret()).expect("32-byte key"),
        );
        let mut buf = data_key.expose_secret().to_vec();
        sealing
            .seal_in_place_append_tag(
                aead::Nonce::assume_unique_for_key(nonce),
                aead::Aad::from(self.aad(slot)),
                &mut buf,
            )
            .expect("sealing 32 bytes cannot fail");
        let wrapped = WrappedKey {
            salt: hex::encode(salt),
            nonce: hex::encode(&nonce),
            ciphertext: hex::encode(&buf),
        };
        zeroize::Zeroize::zeroize(&mut buf);
        wrapped
    }

    /// Unwraps the data key; `None` when `kek` is not the right key (or the slot was tampered with).
    pub fn unwrap(&self, slot: Slot, kek: &Key) -> Result<Option<Key>> {
        let wrapped = match slot {
            Slot::Passphrase => &self.passphrase.wrapped,
            Slot::Recovery => &self.recovery,
        };
        let nonce: [u8; 12] = hex::decode(&wrapped.nonce)
            .and_then(|n| n.try_into().ok())
            .ok_or_else(corrupt)?;
        let mut buf =
            zeroize::Zeroizing::new(hex::decode(&wrapped.ciphertext).ok_or_else(corrupt)?);
        let opening = aead::LessSafeKey::new(
            aead::UnboundKey::new(&aead::AES_256_GCM, kek.expose_secret()).expect("32-byte key"),
        );
        match opening.open_in_place(
            aead::Nonce::assume_unique_for_key(nonce),
            aead::Aad::from(self.aad(slot)),
            &mut buf,
        ) {
            Ok(plain) => {
                let key: [u8; 32] = plain.try_into().map_err(|_| corrupt())?;
                Ok(Some(Key(key)))
            }
            Err(_) => Ok(None),
        }
    }

    pub fn salt(wrapped: &WrappedKey) -> Result<Vec<u8>> {
        hex::decode(&wrapped.salt).ok_or_else(corrupt)
    }
}
