//! The desktop shell of Dossierkluis: one Tauri window over the core library.
//!
//! The shell only converts: IPC arguments into core calls, core results into JSON, core errors into
//! [`IpcError`]. A decision about dossiers, money or retention never lives here. The window may call
//! only the commands that `build.rs` lists and `capabilities/` grants; every call passes through the
//! isolation iframe (`ui/isolation/`); no Tauri plugin (fs, shell, http, dialog) is compiled in; and
//! the window cannot navigate away from the embedded page. `tests/security_surface.rs` pins all this.
//!
//! The open vault lives in [`AppState`]. It is locked (keys dropped, automatic backup first when a
//! folder is set) by the person (Ctrl+L), by the idle timer ([`idle`], on a clock that counts sleep,
//! checked here every few seconds, whatever the page does), when the laptop goes to sleep or the
//! desktop session locks ([`session`]), and when the window closes. A lock by Ctrl+L, the idle timer,
//! sleep or a locked session also replaces the window's page and its web process
//! (`navigation::forget_page`), so the JavaScript heap that held names and notes goes; only the
//! unlock screen is loaded again.

/// Whether this build honours the test seams (the `test-seams` feature; see src-tauri/Cargo.toml).
pub fn test_seams() -> bool {
    cfg!(feature = "test-seams")
}

mod commands;
mod commands_billing;
mod commands_billing_pdf;
mod commands_billing_preview;
mod commands_billing_refund;
mod commands_billing_settings;
mod commands_retention;
mod commands_retention_client;
mod commands_retention_practice;
mod commands_retention_privacy;
mod dialog;
pub mod idle;
pub mod ipc_error;
mod navigation;
pub mod session;
pub mod state;

pub use commands::AppInfo;
pub use ipc_error::{IpcError, IpcErrorCode};
pub use state::{AppState, LockReason};

use std::time::Duration;

use dossierkluis::{Context, KdfParams};
use tauri::{Builder, Context as TauriContext, Manager, Runtime, WindowEvent};

/// How often the idle rule is checked.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// The state for the real app: the vault folder from `DOSSIERKLUIS_VAULT_DIR` or the per-user data
/// folder, the strong KDF, the system clock.
fn default_state<R: Runtime>(app: &tauri::App<R>) -> AppState {
    let data_dir = app.path().data_dir().ok();
    AppState::new(
        state::default_vault_dir(data_dir.as_deref()),
        KdfParams::STRONG,
        Context::system(),
    )
}

/// Registers our commands and the navigation guard; the state is the real app's (see
/// [`configure_with`] for tests). [`run`] applies it to the real runtime, the tests to the mock
/// runtime, so both exercise the same setup.
pub fn configure<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    wire(builder.setup(|app| {
        let state = default_state(app);
        app.manage(state);
        start_idle_watch(app.handle().clone());
        start_session_watch(app.handle().clone());
        Ok(())
    }))
}

/// Like [`configure`], with a given state (a temp folder and the fast KDF in tests).
pub fn configure_with<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    wire(builder.manage(state))
}

fn wire<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(navigation::guard())
        .on_window_event(on_window_event)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::vault_status,
            commands::vault_choose_folder,
            commands::vault_create,
            commands::recovery_sheet_save,
            commands::recovery_code_confirmed,
            commands::vault_unlock,
            commands::vault_recover,
            commands::vault_lock,
            commands::vault_change_passphrase,
            commands::activity,
            commands::overview,
            commands::clients_list,
            commands::client_add,
            commands::client_update,
            commands::dossier_open,
            commands::representative_add,
            commands::traject_add,
            commands::traject_close,
            commands::session_add,
            commands::session_set_status,
            commands::entry_add,
            commands::entry_edit,
            commands::entry_history,
            commands::consent_add,
            commands::consent_withdraw,
            commands::consent_check,
            commands::document_add,
            commands::document_save,
            commands::document_remove,
            commands::search,
            commands::audit_client,
            commands::practice_get,
            commands::practice_set,
            commands::backup_status,
            commands::backup_choose_folder,
            commands::backup_create,
            commands::backup_choose_file,
            commands::backup_verify,
            commands::backup_restore,
            commands_retention::requests_due,
            commands_retention::requests_for_client,
            commands_retention::request_add,
            commands_retention::retention_status,
            commands_retention::retention_due,
            commands_retention::client_destroy,
            commands_retention::destruction_register,
            commands_retention::request_answer,
            commands_retention::retention_hold,
            commands_retention::retention_restrict,
            commands_retention::dossier_viewed,
            commands_billing::billing_unbilled,
            commands_billing::invoice_create,
            commands_billing::invoices_list,
            commands_billing::invoice_get,
            commands_billing::invoice_issue,
            commands_billing::invoice_delete_concept,
            commands_billing::invoice_mark_paid,
            commands_billing::invoice_credit,
            commands_billing::invoice_pdf_save,
            commands_billing::invoice_email_copy_save,
            commands_billing_settings::billing_settings_get,
            commands_billing_settings::billing_settings_set,
            commands_billing_settings::billing_services,
            commands_billing_settings::billing_service_save,
            commands_billing_settings::billing_codes,
            commands_billing_settings::billing_code_save,
            commands_billing_settings::billing_business_list,
            commands_billing_settings::billing_business_set,
            commands_billing_settings::invoice_periods,
            commands_billing_settings::invoices_period,
            commands_billing_settings::invoices_export_csv,
            commands_billing_settings::invoice_ubl_save,
            commands_retention_practice::retention_settings_get,
            commands_retention_practice::retention_settings_set,
            commands_retention_practice::practice_document,
            commands_retention_practice::practice_document_save,
            commands_retention_practice::data_breaches,
            commands_retention_practice::data_breach_add,
            commands_retention_practice::consent_warnings,
            commands_retention_practice::consent_warning_counts,
            commands_retention_privacy::privacy_answers_get,
            commands_retention_privacy::privacy_answers_set,
            commands_retention_privacy::request_add_by,
            commands_retention_privacy::request_proceed,
            commands_retention_privacy::part_choices,
            commands_retention_privacy::client_destroy_part,
            commands_retention_privacy::financial_expired,
            commands_retention_privacy::financial_purge,
            commands_retention_client::request_extend,
            commands_retention_client::retention_keep_longer,
            commands_retention_client::copy_plan,
            commands_retention_client::client_copy_save,
            commands_retention_client::intervision_review,
            commands_retention_client::intervision_save,
            commands_retention_client::shared_copy_save,
            commands_billing_pdf::practice_logo_get,
            commands_billing_pdf::practice_logo_choose,
            commands_billing_pdf::practice_logo_clear,
            commands_billing_pdf::printers_list,
            commands_billing_pdf::invoice_print,
            commands_billing_preview::invoice_preview,
            commands_billing_preview::invoices_create_previewed,
            commands_billing_refund::invoice_refund,
        ])
}

/// The window-event handler [`configure`] and [`configure_with`] install: when the person closes the
/// window, the vault is locked (and backed up) before the window goes; the close itself proceeds.
/// Public because the mock runtime never calls a window's handlers (it only hands CloseRequested to
/// the app's run callback), so `tests/ipc_close.rs` passes that event on to this function.
pub fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { .. } = event {
        if let Some(state) = window.try_state::<AppState>() {
            state.lock_vault(LockReason::Manual);
        }
    }
}

/// Checks the idle rule every few seconds on its own thread, so the vault locks even when the page is
/// frozen or hidden. The page notices through `vault_status`.
fn start_idle_watch<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(IDLE_CHECK);
        let state = app.state::<AppState>();
        if state.idle_due(idle::BootTime::now()) {
            state.lock_vault_then(LockReason::Idle, || navigation::forget_page(&app));
        }
    });
}

/// Locks on sleep and on a locked session ([`session`]). Without a system bus (or on a system where
/// it is not implemented yet) the idle lock remains.
fn start_session_watch<R: Runtime>(app: tauri::AppHandle<R>) {
    let _ = session::watch(session::Bus::System, move |event| {
        if let Some(state) = app.try_state::<AppState>() {
            state.on_session_event_then(event, idle::BootTime::now(), || {
                navigation::forget_page(&app)
            });
        }
    });
}

/// `tauri.conf.json`, the capabilities and the built `ui/dist`, embedded at compile time.
pub fn context<R: Runtime>() -> TauriContext<R> {
    tauri::generate_context!()
}

/// Opens the window and blocks until the person closes it. However the app ends (the window's close
/// button, the last window gone, a quit from the system), the vault is locked on the way out
/// ([`on_run_event`]).
pub fn run() -> tauri::Result<()> {
    let app = configure(tauri::Builder::default()).build(context())?;
    app.run(on_run_event);
    Ok(())
}

/// The app's run-event handler: when the app is about to end, the vault is locked (automatic backup
/// first when a folder is set). [`run`] gives it to the real event loop; `tests/ipc_close.rs` gives
/// it to the mock one, so the handler the app runs is the one the tests run.
pub fn on_run_event<R: Runtime>(handle: &tauri::AppHandle<R>, event: tauri::RunEvent) {
    if let tauri::RunEvent::ExitRequested { .. } | tauri::RunEvent::Exit = event {
        if let Some(state) = handle.try_state::<AppState>() {
            state.lock_vault(LockReason::Manual);
        }
    }
}
