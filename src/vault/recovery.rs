//! The recovery code: 160 random bits shown once at creation, written as eight groups of four
//! Crockford base-32 characters (`7K3M-…`). Typing is forgiving: case, spaces, dashes and the
//! look-alikes O/0 and I/L/1 do not matter.

use super::secret::Key;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub(crate) const CODE_BYTES: usize = 20;

#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryCode([u8; CODE_BYTES]);

impl RecoveryCode {
    pub(crate) fn generate(rng: &dyn ring::rand::SecureRandom) -> Self {
        let mut bytes = [0u8; CODE_BYTES];
        rng.fill(&mut bytes)
            .expect("the system random source works");
        RecoveryCode(bytes)
    }

    /// Parses what a person typed; `None` when it cannot be a recovery code.
    pub fn parse(typed: &str) -> Option<Self> {
        let mut bits: u64 = 0;
        let mut nbits = 0;
        let mut out = Vec::with_capacity(CODE_BYTES);
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let value = ALPHABET.iter().position(|&a| a as char == c)? as u64;
            bits = (bits << 5) | value;
            nbits += 5;
            if nbits >= 8 {
                nbits -= 8;
                out.push((bits >> nbits) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        let bytes: [u8; CODE_BYTES] = out.as_slice().try_into().ok()?;
        out.zeroize();
        Some(RecoveryCode(bytes))
    }

    /// The code as it is shown and printed. Wiping the returned string is the caller's job.
    pub fn expose_secret(&self) -> String {
        let mut chars = String::with_capacity(40);
        let (mut bits, mut nbits) = (0u64, 0);
        for &b in &self.0 {
            bits = (bits << 8) | b as u64;
            nbits += 8;
            while nbits >= 5 {
                nbits -= 5;
                chars.push(ALPHABET[((bits >> nbits) & 31) as usize] as char);
            }
            bits &= (1 << nbits) - 1;
        }
        let grouped: Vec<&str> = (0..chars.len())
            .step_by(4)
            .map(|i| &chars[i..i + 4])
            .collect();
        grouped.join("-")
    }

    pub(crate) fn derive_key(&self, salt: &[u8]) -> Key {
        super::kdf::derive_from_recovery_code(&self.0, salt)
    }

    /// The 32 secret bytes of the backup identity (an age X25519 key) that belongs to this code.
    /// Deterministic, with a fixed label, so the code typed on a new laptop finds the identity again;
    /// a different label from the key-file slot, so neither key tells anything about the other.
    pub(crate) fn backup_identity_seed(&self) -> Key {
        super::kdf::hkdf32(
            b"dossierkluis/backup-identity",
            &self.0,
            b"dossierkluis/backup-identity/x25519/v1",
        )
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_code_parses_back_even_when_typed_sloppily() {
        let code = RecoveryCode::generate(&ring::rand::SystemRandom::new());
        let shown = code.expose_secret();
        assert_eq!(shown.len(), 39, "8 groups of 4 with 7 dashes: {shown}");
        let sloppy = shown
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(RecoveryCode::parse(&sloppy).unwrap().0, code.0);
    }

    #[test]
    fn wrong_length_or_alphabet_is_not_a_code() {
        assert!(RecoveryCode::parse("ABCD-EFGH").is_none());
        assert!(
            RecoveryCode::parse(&"U".repeat(32)).is_none(),
            "U is not in Crockford's alphabet"
        );
    }
}
