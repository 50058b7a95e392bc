//! What the shell remembers between two commands: which folder holds the vault, the open [`Vault`]
//! (or nothing: locked), the idle clock, and why the vault was last locked. Locking drops the `Vault`,
//! which closes the database and wipes its keys; when a backup folder is set, the automatic backup
//! runs first (`backup::lock_with_backup`). The window's page is replaced as soon as the vault is
//! taken out ([`AppState::lock_vault_then`], `navigation::forget_page`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use dossierkluis::backup::{self, OpenedBackup};
use dossierkluis::{Context, KdfParams, RecoveryCode, Vault};
use serde::Serialize;

use crate::idle::{BootTime, IdleTimer};
use crate::ipc_error::IpcError;

/// Overrides the vault folder (tests, or a vault on another disk).
pub const VAULT_DIR_ENV: &str = "DOSSIERKLUIS_VAULT_DIR";

/// Why the vault was locked, so the unlock screen can say it calmly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// The person locked it (button or Ctrl+L).
    Manual,
    /// No activity for the idle time from the settings (also found on waking up after it passed).
    Idle,
    /// The laptop went to sleep or the desktop session was locked ([`crate::session`]).
    Sleep,
}

/// What the last lock did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockNote {
    pub reason: LockReason,
    /// The automatic backup's file name, when one was made.
    pub backup_file: Option<String>,
    /// The automatic backup's Dutch error message, when it failed (the vault is locked all the same).
    pub backup_error: Option<String>,
    /// True while the vault is closing (the automatic backup may be running): the unlock screen is
    /// already shown, and follows until this turns false, so its note is never left without the
    /// backup line. Opening the vault meanwhile would find it still in use.
    pub closing: bool,
}

pub struct AppState {
    dir: Mutex<PathBuf>,
    vault: Mutex<Option<Vault>>,
    idle: Mutex<Option<IdleTimer>>,
    last_lock: Mutex<Option<LockNote>>,
    /// A backup file the person chose (through the dialog) to verify or restore.
    pub(crate) picked_backup: Mutex<Option<OpenedBackup>>,
    /// The new vault's recovery code, kept (never sent again) only until the person confirms they
    /// wrote it down, so the recovery sheet PDF can carry it. Dropped on confirmation and on lock.
    pub(crate) pending_recovery: Mutex<Option<RecoveryCode>>,
    pub(crate) kdf: KdfParams,
    ctx: Context,
}

/// A poisoned mutex means a command panicked; the state itself is still consistent (every core call
/// is one transaction), so carry on rather than lock the person out.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    pub fn new(dir: PathBuf, kdf: KdfParams, ctx: Context) -> Self {
        Self {
            dir: Mutex::new(dir),
            vault: Mutex::new(None),
            idle: Mutex::new(None),
            last_lock: Mutex::new(None),
            picked_backup: Mutex::new(None),
            pending_recovery: Mutex::new(None),
            kdf,
            ctx,
        }
    }

    pub fn dir(&self) -> PathBuf {
        lock(&self.dir).clone()
    }

    pub(crate) fn set_dir(&self, dir: PathBuf) {
        *lock(&self.dir) = dir;
    }

    pub(crate) fn context(&self) -> Context {
        self.ctx.clone()
    }

    pub fn is_open(&self) -> bool {
        lock(&self.vault).is_some()
    }

    /// What the last lock did (`None` while open, or before the first lock).
    pub fn last_lock(&self) -> Option<LockNote> {
        lock(&self.last_lock).clone()
    }

    /// Puts a freshly opened vault in place and starts its idle clock.
    pub(crate) fn install(&self, vault: Vault) {
        let minutes = vault
            .store()
            .practice()
            .map(|p| p.idle_lock_minutes)
            .unwrap_or(10);
        *lock(&self.idle) = Some(IdleTimer::new(BootTime::now(), minutes));
        *lock(&self.last_lock) = None;
        *lock(&self.vault) = Some(vault);
    }

    /// Runs `f` on the open vault; a locked vault is an error the UI answers with the unlock screen.
    /// Every call counts as activity.
    pub(crate) fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, IpcError>,
    ) -> Result<T, IpcError> {
        let mut guard = lock(&self.vault);
        let vault = guard.as_mut().ok_or_else(IpcError::locked)?;
        self.touch();
        f(vault)
    }

    pub(crate) fn touch(&self) {
        if let Some(timer) = lock(&self.idle).as_mut() {
            timer.touch(BootTime::now());
        }
    }

    pub(crate) fn set_idle_minutes(&self, minutes: u32) {
        if let Some(timer) = lock(&self.idle).as_mut() {
            timer.set_minutes(minutes);
        }
    }

    /// Whether the idle time has passed at `now`.
    pub fn idle_due(&self, now: BootTime) -> bool {
        lock(&self.idle).as_ref().is_some_and(|t| t.is_due(now))
    }

    /// What the app does when the operating system reports `event` at `now` (on the clock that counts
    /// sleep): going to sleep or a locked session locks at once, with the automatic backup as on idle;
    /// on waking up, the idle rule is checked at once, so idle time that passed asleep locks before
    /// the window shows anything.
    pub fn on_session_event(&self, event: crate::session::SessionEvent, now: BootTime) {
        self.on_session_event_then(event, now, || {});
    }

    /// Like [`AppState::on_session_event`], calling `forget_page` when it locks (see
    /// [`AppState::lock_vault_then`]), so a lock on sleep drops the page's heap as Ctrl+L does.
    pub fn on_session_event_then(
        &self,
        event: crate::session::SessionEvent,
        now: BootTime,
        forget_page: impl FnOnce(),
    ) {
        use crate::session::SessionEvent;
        match event {
            SessionEvent::Sleeping | SessionEvent::Locked => {
                self.lock_vault_then(LockReason::Sleep, forget_page);
            }
            SessionEvent::Woke => {
                if self.idle_due(now) {
                    self.lock_vault_then(LockReason::Idle, forget_page);
                }
            }
        }
    }

    /// Locks the vault (dropping its keys), after the automatic backup when a folder is set. Returns
    /// what happened; `None` when nothing was open.
    pub fn lock_vault(&self, reason: LockReason) -> Option<LockNote> {
        self.lock_vault_then(reason, || {})
    }

    /// Like [`AppState::lock_vault`], calling `forget_page` as soon as the vault is out of reach of
    /// every command (before the automatic backup), so the window can drop its page at once: a fresh
    /// page then finds the vault locked (`closing` while the backup runs).
    pub fn lock_vault_then(
        &self,
        reason: LockReason,
        forget_page: impl FnOnce(),
    ) -> Option<LockNote> {
        let vault = lock(&self.vault).take()?;
        *lock(&self.idle) = None;
        *lock(&self.picked_backup) = None;
        *lock(&self.pending_recovery) = None;
        // From here the page may already see the vault locked (a status poll): say why at once.
        *lock(&self.last_lock) = Some(LockNote {
            reason,
            backup_file: None,
            backup_error: None,
            closing: true,
        });
        forget_page();
        let note = match backup::lock_with_backup(vault, &mut |_| {}) {
            Ok(made) => LockNote {
                reason,
                backup_file: made
                    .and_then(|m| m.file.file_name().map(|n| n.to_string_lossy().into_owned())),
                backup_error: None,
                closing: false,
            },
            Err(e) => LockNote {
                reason,
                backup_file: None,
                backup_error: Some(e.message),
                closing: false,
            },
        };
        *lock(&self.last_lock) = Some(note.clone());
        Some(note)
    }
}

/// Where the vault lives unless [`VAULT_DIR_ENV`] says otherwise: `Dossierkluis/kluis` in the
/// per-user data folder (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, `%APPDATA%` on Windows).
pub fn default_vault_dir(data_dir: Option<&Path>) -> PathBuf {
    if let Some(dir) = std::env::var_os(VAULT_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = data_dir
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("Dossierkluis").join("kluis")
}
