//! Files for the owner only: the vault folder is made 0700 and every file in it 0600, at creation
//! and again at every open (so a vault copied with looser modes, or made by an older version that
//! left `vault.db` 0644, is tightened the first time it is opened). `vault.db` is created 0600 before
//! SQLite first opens it, and SQLite gives `-wal`/`-shm` the database file's mode.
//!
//! At creation a failure is an error. At open it is not: a vault on a stick formatted FAT or exFAT
//! has no Unix modes to set, and refusing to open it would lock the person out of their dossiers.
//! On Windows and macOS the per-user data folder is already private; nothing is done there.

use std::io;
use std::path::Path;

/// Makes `path` an empty file only its owner can read, if it does not exist yet.
pub fn create_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Sets the folder to 0700 and every regular file directly in it to 0600. Symbolic links are left
/// alone (changing one would change the file it points at, which may be anyone's).
#[cfg(unix)]
pub fn restrict(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    set_mode(dir, 0o700)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_file() {
            set_mode(&entry.path(), 0o600)?;
        }
    }
    fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
        let current = std::fs::symlink_metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
        Ok(())
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn restrict(_dir: &Path) -> io::Result<()> {
    Ok(())
}
