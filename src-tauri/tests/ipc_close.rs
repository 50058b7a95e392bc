//! Closing the window, or the app ending some other way, locks the vault (automatic backup first when
//! a folder is set). WebDriver's close bypasses Tauri's close request, so the real-window tests cannot
//! show this; here the mock runtime's event loop delivers the events a person's close does. `close()`
//! asks: CloseRequested comes to the app's run callback, which passes it to the window-event handler
//! (`dossierkluis_app::on_window_event`; the mock runtime never calls a window's handlers itself), then
//! the last window gone asks the app to exit. `destroy()` skips the question, so only the app's
//! run-event handler (`dossierkluis_app::on_run_event`, the one `run` uses) sees the end coming.

mod mock_app;
use mock_app::*;

use dossierkluis_app::{AppState, LockReason};
use serde_json::json;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::test::MockRuntime;
use tauri::{AppHandle, Manager, RunEvent, WebviewWindow};

/// The dialog seam is one process-wide variable; the tests here run in parallel threads, so each
/// sets it and picks its folder under this lock.
static DIALOG_SEAM: Mutex<()> = Mutex::new(());

/// The app as `run` starts it, on the mock event loop: once the window from tauri.conf.json is open
/// (setup at Ready), the person makes a vault, adds a client and chooses the backup folder (through
/// the dialog seam), then `end` ends the window. `on_event` sees every run event after that. Returns
/// the app (for its state), the backup folder, and the temp folder to keep alive.
fn run_until_the_window_ends(
    end: fn(&WebviewWindow<MockRuntime>) -> tauri::Result<()>,
    mut on_event: impl FnMut(&AppHandle<MockRuntime>, RunEvent) + 'static,
) -> (tempfile::TempDir, AppHandle<MockRuntime>, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seam = dir.path().join("seam");
    let folder = seam.join("backups");
    let app = app_in(dir.path());
    let handle = app.handle().clone();
    let expected_folder = folder.clone();
    app.run(move |handle, event| {
        if let RunEvent::Ready = event {
            let main = handle
                .get_webview_window("main")
                .expect("the window from tauri.conf.json opens at start");
            ok(
                &main,
                "vault_create",
                json!({ "passphrase_text": PASSPHRASE, "repeat": PASSPHRASE }),
            );
            ok(&main, "client_add", client("Vries", "1234 AB"));
            {
                let _one_at_a_time = DIALOG_SEAM.lock().unwrap_or_else(|p| p.into_inner());
                std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &seam);
                let status = ok(&main, "backup_choose_folder", json!({}));
                assert_eq!(status["folder"], expected_folder.display().to_string());
            }
            assert!(
                backups_in(&expected_folder).is_empty(),
                "no backup before the window ends"
            );
            end(&main).expect("the mock window takes it");
            return;
        }
        on_event(handle, event);
    });
    (dir, handle, folder)
}

/// The `.age` files in the backup folder.
fn backups_in(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".age"))
                .collect()
        })
        .unwrap_or_default()
}

/// What the person notices after the app ended: the vault is locked, the unlock screen can say why,
/// and the automatic backup is in their folder.
fn assert_locked_with_backup(state: &AppState, folder: &std::path::Path, how: &str) {
    assert!(
        !state.is_open(),
        "{how}: the vault's keys must be gone once the app ends"
    );
    let note = state
        .last_lock()
        .unwrap_or_else(|| panic!("{how}: the lock notes what happened, for the unlock screen"));
    assert_eq!(
        note.reason,
        LockReason::Manual,
        "{how}: the person ended it, not the idle timer"
    );
    assert!(
        !note.closing,
        "{how}: the lock finished before the app ended"
    );
    assert_eq!(
        note.backup_error, None,
        "{how}: the automatic backup worked"
    );
    let file = note
        .backup_file
        .unwrap_or_else(|| panic!("{how}: a folder is set, so locking makes the automatic backup"));
    assert!(file.ends_with(".age"), "{how}: an age backup, got {file}");
    assert!(
        folder.join(&file).is_file(),
        "{how}: the backup {file} is in the chosen folder"
    );
}

#[test]
fn closing_the_window_locks_the_vault_and_makes_the_automatic_backup() {
    // Whether the vault was still open when the app was asked to exit: the close request itself
    // must have locked it, so a window that closes locks even when the app does not end.
    let open_at_exit_request = Arc::new(Mutex::new(None));
    let seen = open_at_exit_request.clone();
    // The person clicks the window's close button; the app's own run-event handler runs as well.
    let (_dir, handle, folder) = run_until_the_window_ends(
        |main| main.close(),
        move |handle, event| {
            // The real runtime calls the window's handler itself; the mock one only hands the close
            // request to the run callback, so it is passed on here, as the same event.
            if let RunEvent::WindowEvent { label, event, .. } = &event {
                let window = handle
                    .get_webview_window(label)
                    .expect("the window asking to close is still there")
                    .as_ref()
                    .window();
                dossierkluis_app::on_window_event(&window, event);
            }
            if let RunEvent::ExitRequested { .. } = event {
                *seen.lock().unwrap() = Some(handle.state::<AppState>().is_open());
            }
            dossierkluis_app::on_run_event(handle, event);
        },
    );
    assert_eq!(
        *open_at_exit_request.lock().unwrap(),
        Some(false),
        "the close request locks the vault before the app is asked to exit (None: no exit was asked)"
    );
    assert_locked_with_backup(&handle.state::<AppState>(), &folder, "closing the window");
}

#[test]
fn the_app_ending_without_a_close_request_still_locks_the_vault_and_backs_up() {
    // The window goes without asking (as when the system ends the app): only the run-event handler
    // the real app uses sees it coming.
    let (_dir, handle, folder) =
        run_until_the_window_ends(|main| main.destroy(), dossierkluis_app::on_run_event);
    assert_locked_with_backup(&handle.state::<AppState>(), &folder, "the app ending");
}

/// The two tests above call the handlers the way the real runtime does; this pins that the app
/// really installs them. The mock runtime drops a window's handlers and `run` needs a display, so the
/// wiring can only be read from the source (two one-liners in src/lib.rs).
#[test]
fn the_app_installs_both_lock_handlers() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let source = std::fs::read_to_string(&path).expect("src/lib.rs is readable");
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        code.contains(".on_window_event(on_window_event)"),
        "every window the app opens (configure and configure_with) must lock the vault on close"
    );
    assert!(
        code.contains("app.run(on_run_event)"),
        "the app's event loop must lock the vault however the app ends"
    );
}
