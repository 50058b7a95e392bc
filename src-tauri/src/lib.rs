//! The desktop shell of Dossierkluis: one Tauri window over the core library.
//!
//! The shell only converts: IPC arguments into core calls, core results into JSON, core errors into
//! [`IpcError`]. A decision about dossiers, money or retention never lives here. The window may call
//! only the commands that `build.rs` lists and `capabilities/` grants; every call passes through the
//! isolation iframe (`ui/isolation/`); no Tauri plugin (fs, shell, http, dialog) is compiled in; and
//! the window cannot navigate away from the embedded page. `tests/security_surface.rs` pins all this.

mod commands;
pub mod ipc_error;
mod navigation;

pub use commands::AppInfo;
pub use ipc_error::{IpcError, IpcErrorCode};

use tauri::{Builder, Context, Runtime};

/// Registers our commands and the navigation guard. [`run`] applies it to the real runtime, the
/// tests to the mock runtime, so both exercise the same setup.
pub fn configure<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(navigation::guard())
        .invoke_handler(tauri::generate_handler![commands::app_info])
}

/// `tauri.conf.json`, the capabilities and the built `ui/dist`, embedded at compile time.
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}

/// Opens the window and blocks until the person closes it.
pub fn run() -> tauri::Result<()> {
    configure(tauri::Builder::default()).run(context())
}
