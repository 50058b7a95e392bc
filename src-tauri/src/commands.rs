//! Our `#[tauri::command]`s. Each must also be listed in `build.rs` (which makes it deny-by-default)
//! and granted in `capabilities/main.json`; `tests/security_surface.rs` notices when one is not.

use serde::Serialize;
use tauri::{AppHandle, Runtime};

use crate::ipc_error::IpcError;

/// The name and version the window shows in its footer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    /// `productName` from `tauri.conf.json`.
    pub name: String,
    /// The `dossierkluis-app` package version.
    pub version: String,
}

/// Cannot fail, but returns `Result` like every command so the UI handles one shape.
#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>) -> Result<AppInfo, IpcError> {
    let package = app.package_info();
    Ok(AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
    })
}
