//! Native file dialogs, asked for by Rust, never by the page: the window can only say "let the person
//! choose a backup folder", and the path the person picks stays in Rust. No dialog or fs permission is
//! granted to the window.
//!
//! GTK may only be used on the main thread, so the dialog runs there (`run_on_main_thread`) while the
//! command waits on its own thread.
//!
//! **Test seam** (only with the `test-seams` feature, which `make test-app` and `make test-e2e` turn
//! on; compiled out of the app `make run` starts): a real-window test cannot click in a native dialog, so when `DOSSIERKLUIS_TEST_DIALOG_DIR` is set the dialog is not shown and the
//! answer comes from that folder, by purpose: see [`Purpose::seam_answer`]. docs/app.md lists them.

use std::path::PathBuf;
use std::sync::mpsc;

use tauri::{AppHandle, Runtime};

use crate::ipc_error::IpcError;

/// What the person is choosing; decides the dialog's title, filter and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Another folder for a new vault (first run).
    VaultFolder,
    /// The folder automatic backups go to.
    BackupFolder,
    /// A backup file to verify or restore.
    BackupFile,
    /// An empty or new folder to restore a backup into.
    RestoreFolder,
    /// A file to add to a dossier.
    DocumentIn,
    /// Where to save a copy of a document or a PDF, with the suggested name.
    SaveAs(String),
    /// The practice logo (PNG or JPEG).
    LogoIn,
}

impl Purpose {
    fn title(&self) -> &'static str {
        match self {
            Purpose::VaultFolder => "Kies de map voor uw kluis",
            Purpose::BackupFolder => "Kies de map voor uw back-ups",
            Purpose::BackupFile => "Kies een back-up",
            Purpose::RestoreFolder => "Kies een nieuwe, lege map om de back-up in terug te zetten",
            Purpose::DocumentIn => "Kies een document om toe te voegen",
            Purpose::SaveAs(_) => "Opslaan als",
            Purpose::LogoIn => "Kies het logo van uw praktijk (PNG of JPEG)",
        }
    }

    /// The seam's answers, inside `DOSSIERKLUIS_TEST_DIALOG_DIR`.
    #[cfg(feature = "test-seams")]
    fn seam_answer(&self, root: &std::path::Path) -> Option<PathBuf> {
        let first_in = |dir: PathBuf, ext: Option<&str>| -> Option<PathBuf> {
            let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
                .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
                .collect();
            // Newest first (a backup file), then by name (a document).
            files.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            files.into_iter().next().map(|(_, p)| p)
        };
        match self {
            Purpose::VaultFolder => Some(root.join("kluis-gekozen")),
            Purpose::BackupFolder => Some(root.join("backups")),
            Purpose::BackupFile => first_in(root.join("backups"), Some("age")),
            Purpose::RestoreFolder => Some(root.join("teruggezet")),
            Purpose::DocumentIn => first_in(root.join("documenten"), None),
            Purpose::SaveAs(name) => Some(root.join("opgeslagen").join(name)),
            Purpose::LogoIn => first_in(root.join("logo"), None),
        }
    }
}

/// Asks the person for a path; `Ok(None)` when they cancel.
pub fn choose<R: Runtime>(
    app: &AppHandle<R>,
    purpose: Purpose,
) -> Result<Option<PathBuf>, IpcError> {
    #[cfg(feature = "test-seams")]
    if let Some(root) = std::env::var_os("DOSSIERKLUIS_TEST_DIALOG_DIR") {
        return Ok(purpose.seam_answer(std::path::Path::new(&root)));
    }
    let (tx, rx) = mpsc::channel();
    app.run_on_main_thread(move || {
        let dialog = rfd::FileDialog::new().set_title(purpose.title());
        let picked = match &purpose {
            Purpose::VaultFolder | Purpose::BackupFolder | Purpose::RestoreFolder => {
                dialog.pick_folder()
            }
            Purpose::BackupFile => dialog
                .add_filter("Dossierkluis-back-up", &["age"])
                .pick_file(),
            Purpose::DocumentIn => dialog.pick_file(),
            Purpose::SaveAs(name) => dialog.set_file_name(name).save_file(),
            Purpose::LogoIn => dialog
                .add_filter("Afbeelding (PNG of JPEG)", &["png", "jpg", "jpeg"])
                .pick_file(),
        };
        let _ = tx.send(picked);
    })
    .map_err(|_| IpcError::internal())?;
    rx.recv().map_err(|_| IpcError::internal())
}
