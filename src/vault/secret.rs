//! Secret types. None of them prints its content in `Debug`; each is wiped from memory when dropped.
//! Reading the secret out is one loudly named method, so a reviewer sees every place that does it.

use std::fmt;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A passphrase as the person typed it, NFC-normalised so "é" typed two ways opens the same vault.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(typed: &str) -> Self {
        Passphrase(typed.nfc().collect())
    }
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// A 256-bit key: the data key that opens the database, or a key-encryption key.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Key(pub(crate) [u8; 32]);

impl Key {
    pub fn expose_secret(&self) -> &[u8; 32] {
        &self.0
    }

    /// The SQLCipher raw-key literal `x'…'`, in memory that is wiped after use.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(crate::hex::encode(&self.0));
        let literal = Zeroizing::new(format!("x'{}'", hex.as_str()));
        hex.zeroize();
        literal
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(***)")
    }
}

/// The passphrase key in force, as a backup needs it: the HKDF-separated Argon2id output together with
/// the salt and parameters that produce it from the passphrase. Kept while the vault is open so that a
/// backup made now opens later with this passphrase, without asking for it again. It cannot unwrap the
/// data key in `vault.key`. Dropped (and wiped) with the vault.
#[derive(Clone)]
pub struct PassphraseBackupKey {
    pub(crate) key: Key,
    pub(crate) salt: Vec<u8>,
    pub(crate) params: super::KdfParams,
}

impl fmt::Debug for PassphraseBackupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PassphraseBackupKey(***)")
    }
}
