//! Key derivation. The passphrase goes through Argon2id with parameters stored in the key file, so a
//! vault made today keeps opening when the defaults rise, and tests can make cheap vaults. The recovery
//! code already carries 160 random bits, so HKDF-SHA256 is enough for it.

use super::secret::{Key, Passphrase};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Argon2id cost, as stored in the key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

// The floor the design promises (DESIGN §3): Argon2id with at least 64 MiB.
const _: () =
    assert!(KdfParams::STRONG.memory_kib >= 64 * 1024 && KdfParams::STRONG.iterations >= 2);

impl KdfParams {
    /// What every vault gets unless a test asks otherwise: 256 MiB and 3 passes, about 0.6 s on the
    /// 2-core reference machine (KeePassXC uses 64 MiB and aims at 1 s; OWASP's floor is 19 MiB).
    pub const STRONG: KdfParams = KdfParams {
        memory_kib: 256 * 1024,
        iterations: 3,
        parallelism: 1,
    };

    /// Fast and weak: for tests only, never for real dossiers. The CLI's `--insecure-fast-kdf` exists
    /// only in builds with the `insecure-fast-kdf` feature (the tests turn it on); in every other build
    /// a vault with these parameters is re-wrapped with [`KdfParams::STRONG`] at its next unlock.
    pub const INSECURE_FAST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    /// Bounds for parameters read from a key file, so a crafted file cannot make unlock take hours
    /// or all memory.
    fn check_readable(&self) -> Result<()> {
        let sane = (8..=1024 * 1024).contains(&self.memory_kib)
            && (1..=10).contains(&self.iterations)
            && (1..=16).contains(&self.parallelism);
        if sane {
            Ok(())
        } else {
            Err(Error::new(ErrorCode::Corrupt, "Het sleutelbestand van de kluis bevat onmogelijke instellingen. Zet een back-up terug."))
        }
    }
}

/// Whether a vault with `params` is re-wrapped with [`KdfParams::STRONG`] at its next unlock or
/// passphrase change: less memory, or less total work (memory × passes), than today's default. Test
/// builds (feature `insecure-fast-kdf`) leave [`KdfParams::INSECURE_FAST`] vaults alone, so tests
/// stay fast.
pub fn is_weaker_than_default(params: KdfParams) -> bool {
    #[cfg(feature = "insecure-fast-kdf")]
    if params == KdfParams::INSECURE_FAST {
        return false;
    }
    let work = |p: KdfParams| u64::from(p.memory_kib) * u64::from(p.iterations);
    params.memory_kib < KdfParams::STRONG.memory_kib || work(params) < work(KdfParams::STRONG)
}

pub fn derive_from_passphrase(
    passphrase: &Passphrase,
    salt: &[u8],
    params: KdfParams,
) -> Result<Key> {
    params.check_readable()?;
    let argon_params = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
        .map_err(|_| Error::new(ErrorCode::Corrupt, "Het sleutelbestand van de kluis bevat onmogelijke instellingen. Zet een back-up terug."))?;
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon_params,
    );
    let mut out = Key([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose_secret().as_bytes(), salt, &mut out.0)
        .map_err(|_| Error::internal("sleutelafleiding"))?;
    Ok(out)
}

pub fn derive_from_recovery_code(code: &[u8], salt: &[u8]) -> Key {
    struct Len32;
    impl ring::hkdf::KeyType for Len32 {
        fn len(&self) -> usize {
            32
        }
    }
    let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, salt).extract(code);
    let okm = prk
        .expand(&[b"dossierkluis/recovery/v1"], Len32)
        .expect("32 bytes is a valid HKDF length");
    let mut out = Key([0u8; 32]);
    okm.fill(&mut out.0).expect("length matches");
    out
}

/// HKDF-SHA256 to 32 bytes with a fixed label, for keys derived from keys.
pub fn hkdf32(salt: &[u8], ikm: &[u8], label: &[u8]) -> Key {
    struct Len32;
    impl ring::hkdf::KeyType for Len32 {
        fn len(&self) -> usize {
            32
        }
    }
    let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [label];
    let okm = prk
        .expand(&info, Len32)
        .expect("32 bytes is a valid HKDF length");
    let mut out = Key([0u8; 32]);
    okm.fill(&mut out.0).expect("length matches");
    out
}

/// The key a backup's passphrase stanza is wrapped under: the Argon2id passphrase key passed through
/// HKDF with its own label, so the key kept in memory for backups can never unwrap the data key in
/// `vault.key` (that needs the Argon2id output itself).
pub fn backup_key_from_passphrase_key(kek: &Key) -> Key {
    hkdf32(
        b"dossierkluis/backup-passphrase",
        kek.expose_secret(),
        b"dossierkluis/backup-passphrase/v1",
    )
}
