//! What sits inside the age payload: a plain POSIX `ustar` archive with exactly two members, so that
//! `age -d -i identity.txt FILE | tar -x` gives back the manifest and a SQLite file with no Dossierkluis
//! at hand (layout and a worked example in `docs/backup-format.md`):
//!
//! 1. `manifest.json` — the [`Manifest`] as UTF-8 JSON;
//! 2. `dossierkluis.sqlite` — the plain SQLite snapshot, byte for byte;
//! 3. the end-of-archive marker: two 512-byte blocks of zeros, and nothing after it.
//!
//! The writer emits only this; the reader accepts only this (member names, order, checksums, zero
//! padding and the end marker are all checked), so an archive that deviates in any way is refused
//! rather than half-read. Sizes of 8 GiB and more use the base-256 size field that GNU tar and bsdtar
//! read.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const BLOCK: usize = 512;
pub const MANIFEST_NAME: &str = "manifest.json";
pub const SNAPSHOT_NAME: &str = "dossierkluis.sqlite";
/// The manifest is small (a few KiB); anything larger is not ours.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
pub const FORMAT: &str = "dossierkluis-backup";
/// 2: the manifest carries `authentication` and the passphrase stanza the manifest key (see
/// [`crate::backup::keys`]). Format-1 files still restore.
pub const FORMAT_VERSION: u32 = 2;

/// What a backup holds, readable before the snapshot itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `dossierkluis-backup`.
    pub format: String,
    /// The layout version of this file; a newer one is refused with [`crate::ErrorCode::NewerVersion`].
    pub format_version: u32,
    /// The Dossierkluis version that made the backup.
    pub app_version: String,
    /// The snapshot's schema version (`PRAGMA user_version`).
    pub schema_version: u32,
    /// When the backup was made (RFC 3339, UTC).
    pub created_at: String,
    /// The id of the vault it was made from.
    pub vault_id: String,
    /// Size of `dossierkluis.sqlite` in bytes.
    pub snapshot_bytes: u64,
    /// SHA-256 of `dossierkluis.sqlite`, lower-case hex.
    pub snapshot_sha256: String,
    /// Rows per table in the snapshot (every table, FTS shadow tables included).
    pub tables: BTreeMap<String, u64>,
    /// How many dossiers were left out because they were due for destruction.
    pub excluded_clients: u64,
    /// Format 2 on: the snapshot's audit chain head (row count and last hash), checked at restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<crate::audit::ChainHead>,
    /// Format 2 on: HMAC-SHA256 (hex) over the rest of the manifest under the vault's manifest key,
    /// so only the vault's secrets make a manifest that passes (see [`crate::backup::keys`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<String>,
}

impl Manifest {
    /// Rows in `table`, 0 when the table is absent.
    pub fn count(&self, table: &str) -> u64 {
        self.tables.get(table).copied().unwrap_or(0)
    }
}

/// Bytes of zero padding after a member of `size` bytes.
pub fn padding(size: u64) -> usize {
    ((BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64) as usize
}

fn octal(field: &mut [u8], value: u64) {
    // n-1 octal digits and a NUL, as POSIX writes them.
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(text.as_bytes());
    field[digits] = 0;
}

/// A ustar header for a regular file `name` of `size` bytes, mode 0600, owned by nobody in particular.
pub fn header(name: &str, size: u64, mtime: i64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    if size < 0o77777777777 {
        octal(&mut h[124..136], size);
    } else {
        h[124] = 0x80;
        h[128..136].copy_from_slice(&size.to_be_bytes());
    }
    octal(&mut h[136..148], mtime.max(0) as u64);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[265..277].copy_from_slice(b"dossierkluis");
    h[297..309].copy_from_slice(b"dossierkluis");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// Strictly what [`octal`] writes: n-1 octal digits and a NUL.
fn parse_octal(field: &[u8]) -> Option<u64> {
    let (last, digits) = field.split_last()?;
    if *last != 0 || !digits.iter().all(|b| (b'0'..=b'7').contains(b)) {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(digits).ok()?, 8).ok()
}

/// Reads a header written by [`header`]: the member name and size, or `None` when the block is not a
/// valid ustar header for a regular file.
pub fn parse_header(h: &[u8; BLOCK]) -> Option<(String, u64)> {
    if &h[257..263] != b"ustar\0" || h[156] != b'0' {
        return None;
    }
    let sum: u64 = h
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                b' ' as u64
            } else {
                b as u64
            }
        })
        .sum();
    if h[148..156] != *format!("{sum:06o}\0 ").as_bytes() {
        return None;
    }
    let name_end = h[..100].iter().position(|&b| b == 0).unwrap_or(100);
    let name = std::str::from_utf8(&h[..name_end]).ok()?.to_string();
    let size = if h[124] & 0x80 != 0 {
        if h[124] != 0x80 || h[125..128] != [0, 0, 0] {
            return None;
        }
        u64::from_be_bytes(h[128..136].try_into().ok()?)
    } else {
        parse_octal(&h[124..136])?
    };
    Some((name, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip_small_and_huge_sizes() {
        for size in [0u64, 1, 511, 512, 300 << 20, 0o77777777776, 9 << 30] {
            let h = header(SNAPSHOT_NAME, size, 1_800_000_000);
            assert_eq!(
                parse_header(&h),
                Some((SNAPSHOT_NAME.to_string(), size)),
                "size {size}"
            );
        }
    }

    #[test]
    fn a_flipped_byte_breaks_the_checksum() {
        let h = header(MANIFEST_NAME, 1234, 0);
        for i in 0..BLOCK {
            let mut bad = h;
            bad[i] ^= 0x01;
            assert_ne!(
                parse_header(&bad),
                Some((MANIFEST_NAME.to_string(), 1234)),
                "byte {i}"
            );
        }
    }

    proptest::proptest! {
        /// Outside input never panics the parser (a stand-in until the cargo-fuzz target exists).
        #[test]
        fn arbitrary_blocks_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), BLOCK)) {
            let block: [u8; BLOCK] = bytes.try_into().unwrap();
            let _ = parse_header(&block);
        }
    }

    #[test]
    fn padding_fills_to_the_block() {
        assert_eq!(padding(0), 0);
        assert_eq!(padding(1), 511);
        assert_eq!(padding(512), 0);
        assert_eq!(padding(513), 511);
    }
}
