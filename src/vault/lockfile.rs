//! One process at a time: an exclusive advisory lock on `vault.lock`, held while the vault is open and
//! released by the operating system when the process ends, even after `kill -9`.

use crate::error::{Error, ErrorCode, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

#[derive(Debug)]
pub struct LockGuard {
    _file: File,
}

pub fn acquire(path: &Path) -> Result<LockGuard> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(path)
        .map_err(|e| Error::io("Het vergrendelen van de kluis", &e))?;
    match file.try_lock() {
        Ok(()) => Ok(LockGuard { _file: file }),
        Err(TryLockError::WouldBlock) => Err(Error::new(
            ErrorCode::VaultInUse,
            "Deze kluis is al geopend in een ander venster of programma. Sluit dat eerst en probeer het opnieuw.",
        )),
        Err(TryLockError::Error(e)) => Err(Error::io("Het vergrendelen van de kluis", &e)),
    }
}
