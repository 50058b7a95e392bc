//! Secret types. None of them prints its content in `Debug`; each is wiped from memory when dropped.
//! Reading the secret out is one loudly named method, so a reviewer sees every place that does it.
//!
//! A typed secret travels as [`SecretText`] from where it arrives (an IPC argument, a prompt) to
//! [`Passphrase::from_secret`], and as [`Passphrase`] through the KDF: no plain `String` of it is
//! made on the way, and each buffer is allocated once at its final size, so no grown-out-of copy is
//! left behind either.

use std::fmt;
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Secret text as it arrives, before it is given a meaning: the passphrase or recovery code in a
/// command's arguments. Deserialises straight into wiped memory: an owned string from the
/// deserialiser becomes this value's buffer (no copy); a borrowed one is copied once, at its exact
/// size. Compares equal by content (for "type it twice"); never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Takes ownership of `text`'s buffer; it is wiped when this value is dropped.
    pub fn new(text: String) -> Self {
        SecretText(Zeroizing::new(text))
    }

    /// A copy of `text` in a buffer of exactly its size.
    pub fn copy_of(text: &str) -> Self {
        let mut buffer = String::with_capacity(text.len());
        buffer.push_str(text);
        SecretText::new(buffer)
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(***)")
    }
}

impl<'de> serde::Deserialize<'de> for SecretText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SecretText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SecretText, E> {
                Ok(SecretText::copy_of(text))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<SecretText, E> {
                Ok(SecretText::new(text))
            }
        }
        deserializer.deserialize_string(Visitor)
    }
}

/// A passphrase as the person typed it, NFC-normalised so "é" typed two ways opens the same vault.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(typed: &str) -> Self {
        // Measured first, then written once into a buffer of that size: collecting into a growing
        // `String` would free (unwiped, without the zeroizing allocator) each smaller buffer it
        // outgrew, each holding a prefix of the passphrase.
        let len = typed.nfc().map(char::len_utf8).sum();
        let mut normalised = String::with_capacity(len);
        normalised.extend(typed.nfc());
        Passphrase(normalised)
    }

    /// The passphrase in `typed`, normalised; `typed` itself is wiped when the caller drops it.
    pub fn from_secret(typed: &SecretText) -> Self {
        Passphrase::new(typed.expose_secret())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_text_deserialises_from_json_without_showing_itself() {
        let typed: SecretText = serde_json::from_str(r#""thee met honing""#).unwrap();
        assert_eq!(typed.expose_secret(), "thee met honing");
        assert_eq!(
            format!("{typed:?}"),
            "SecretText(***)",
            "Debug never prints the secret"
        );
        // Escapes make serde_json decode into its scratch buffer first (wiped on free by the
        // zeroizing allocator in the binaries); the secret gets its own exact-size copy.
        let escaped: SecretText = serde_json::from_str(r#""caf\u00e9 \"om\" tien""#).unwrap();
        assert_eq!(escaped.expose_secret(), "café \"om\" tien");
        // Borrowed from a JSON value, as Tauri hands command arguments over.
        let value = serde_json::json!({"passphrase_text": "een lange zin"});
        let from_value =
            <SecretText as serde::Deserialize>::deserialize(&value["passphrase_text"]).unwrap();
        assert_eq!(from_value.expose_secret(), "een lange zin");
        assert!(
            serde_json::from_str::<SecretText>("12").is_err(),
            "only text is a secret text"
        );
    }

    #[test]
    fn secret_text_copies_into_a_buffer_of_exactly_its_size() {
        let copy = SecretText::copy_of("precies zo lang");
        assert_eq!(copy.0.capacity(), "precies zo lang".len());
        assert_eq!(SecretText::copy_of("a"), SecretText::new("a".to_string()));
        assert_ne!(SecretText::copy_of("a"), SecretText::copy_of("b"));
    }

    #[test]
    fn passphrase_is_normalised_into_one_buffer_of_its_final_size() {
        // "é" as e + combining acute (3 bytes) becomes the single U+00E9 (2 bytes).
        let typed = "caf\u{65}\u{301} op het terras, zeventien keer";
        let p = Passphrase::from_secret(&SecretText::copy_of(typed));
        assert_eq!(p.expose_secret(), "caf\u{e9} op het terras, zeventien keer");
        assert_eq!(
            p.expose_secret(),
            Passphrase::new("caf\u{e9} op het terras, zeventien keer").expose_secret()
        );
        assert_eq!(
            p.0.capacity(),
            p.0.len(),
            "written once into a buffer of its final size, so no outgrown buffer held a prefix"
        );
        assert_eq!(format!("{p:?}"), "Passphrase(***)");
    }

    #[test]
    fn a_dropped_passphrase_buffer_is_wiped() {
        let mut p = Passphrase::new("wordt gewist bij het laten vallen");
        let (ptr, len) = (p.0.as_ptr(), p.0.len());
        p.zeroize();
        // After zeroize the String is empty but its buffer is still allocated (capacity kept).
        let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
        assert!(
            bytes.iter().all(|&b| b == 0),
            "zeroize wipes the whole buffer"
        );
    }
}
