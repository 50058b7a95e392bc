//! The password-protected copy of a PDF for e-mail ("Kopie voor e-mail"), and the password for it.
//!
//! Encryption is the PDF 2.0 standard security handler, revision 6: AES-256 (AESv3) with a random
//! 256-bit file key from the system random source. Every PDF reader of the last fifteen years opens it
//! (Acrobat X and later, macOS Preview, pdf.js, Poppler, the phone's own viewer). Only a user password is
//! set to open the file; the owner password is a second random value nobody needs. Printing and copying
//! for accessibility stay allowed: the client must be able to print their own nota and use a screen reader.
//!
//! The password is made to be passed by phone or SMS: four groups of four characters from 31
//! unambiguous capitals and digits (no 0/O, 1/I/L), `K7PX-3MQR-H9TA-2WEF`, 16 × log2(31) ≈ 79 bits.
//! That is far beyond guessing against the file's key derivation (SHA-256 based, so a fast offline
//! attack is the threat; 2^79 tries is out of reach), while still short enough to read aloud. Capitals
//! only, so case never has to be spelled out; the dashes are part of the password, which the UI says.

use crate::error::{Error, ErrorCode, Result};
use ring::rand::{SecureRandom, SystemRandom};
use std::fmt;
use zeroize::Zeroizing;

const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUPS: usize = 4;
const GROUP_LEN: usize = 4;

/// A password for the e-mail copy. Shown once to the user; never logged, never in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailPassword(Zeroizing<String>);

impl EmailPassword {
    /// The password as the user reads it out: `K7PX-3MQR-H9TA-2WEF`.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for EmailPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailPassword(…)")
    }
}

/// A fresh random password in four groups of four (about 79 bits), from the system random source.
pub fn generate_password() -> EmailPassword {
    password_from(&SystemRandom::new())
}

fn password_from(rng: &dyn SecureRandom) -> EmailPassword {
    // Rejection sampling keeps every character equally likely: 248 = 8 × 31.
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = Zeroizing::new(String::with_capacity(GROUPS * (GROUP_LEN + 1)));
    let mut chosen = 0;
    let mut buf = Zeroizing::new([0u8; 32]);
    while chosen < GROUPS * GROUP_LEN {
        rng.fill(buf.as_mut())
            .expect("the system random source works");
        for &b in buf.iter() {
            if b >= limit || chosen == GROUPS * GROUP_LEN {
                continue;
            }
            if chosen > 0 && chosen % GROUP_LEN == 0 {
                out.push('-');
            }
            out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            chosen += 1;
        }
    }
    EmailPassword(out)
}

fn broken_pdf() -> Error {
    Error::new(
        ErrorCode::Internal,
        "De beveiligde kopie kon niet worden gemaakt, omdat het PDF-bestand niet gelezen kon worden. Maak de PDF opnieuw aan en probeer het nog eens.",
    )
}

/// A copy of `pdf` that opens only with `password` (AES-256, R6). The original bytes are untouched.
pub fn protect(pdf: &[u8], password: &EmailPassword) -> Result<Vec<u8>> {
    use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
    use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    let mut doc = lopdf::Document::load_mem(pdf).map_err(|_| broken_pdf())?;
    let rng = SystemRandom::new();
    let mut file_key = Zeroizing::new([0u8; 32]);
    rng.fill(file_key.as_mut())
        .expect("the system random source works");
    // The owner password only guards permission changes; nobody needs it, so it is random.
    let mut owner = Zeroizing::new([0u8; 24]);
    rng.fill(owner.as_mut())
        .expect("the system random source works");
    let owner_password = Zeroizing::new(crate::hex::encode(owner.as_ref()));

    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let crypt_filters = BTreeMap::from([(b"StdCF".to_vec(), filter)]);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters,
        file_encryption_key: file_key.as_ref(),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: owner_password.as_str(),
        user_password: password.expose_secret(),
        permissions: Permissions::PRINTABLE
            | Permissions::PRINTABLE_IN_HIGH_QUALITY
            | Permissions::COPYABLE_FOR_ACCESSIBILITY,
    };
    let state = EncryptionState::try_from(version)
        .map_err(|_| Error::internal("het versleutelen van de PDF kon niet worden voorbereid"))?;
    doc.version = "2.0".to_string();
    doc.encrypt(&state)
        .map_err(|_| Error::internal("het versleutelen van de PDF mislukte"))?;
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    doc.save_to(&mut out)
        .map_err(|_| Error::internal("het opslaan van de beveiligde PDF mislukte"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_four_groups_of_four_unambiguous_characters() {
        for _ in 0..200 {
            let p = generate_password();
            let text = p.expose_secret();
            let groups: Vec<&str> = text.split('-').collect();
            assert_eq!(
                groups.len(),
                4,
                "four groups, read aloud one at a time: {text}"
            );
            for g in groups {
                assert_eq!(g.len(), 4, "groups of four: {text}");
                assert!(
                    g.bytes().all(|b| ALPHABET.contains(&b)),
                    "no 0/O/1/I/L and no lower case, so nothing is misheard or mistyped: {text}"
                );
            }
        }
    }

    #[test]
    fn passwords_differ_and_use_the_whole_alphabet() {
        let mut seen = std::collections::BTreeSet::new();
        let mut passwords = std::collections::BTreeSet::new();
        for _ in 0..500 {
            let p = generate_password();
            seen.extend(p.expose_secret().bytes().filter(|b| *b != b'-'));
            passwords.insert(p.expose_secret().to_string());
        }
        assert_eq!(passwords.len(), 500, "every password is new");
        assert_eq!(
            seen.len(),
            ALPHABET.len(),
            "every character of the alphabet occurs"
        );
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = generate_password();
        let shown = format!("{p:?}");
        assert!(!shown.contains(&p.expose_secret()[..4]), "{shown}");
    }

    #[test]
    fn not_a_pdf_is_a_dutch_error_not_a_panic() {
        let err = protect(b"dit is geen pdf", &generate_password()).unwrap_err();
        assert!(err.message.contains("PDF"), "{}", err.message);
    }
}
