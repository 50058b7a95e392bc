//! "Maak nota…" asks the core what the chosen sessions will cost before any concept exists: a thin
//! adapter over `Store::invoice_preview`, which computes the totals with the invoice's own line and
//! VAT rule and splits care and coaching into separate nota's.

use dossierkluis::billing::PreviewNota;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The nota's the chosen sessions of one client would become (a zorgnota and/or a factuur), each with
/// its sessions and its net, VAT and total in cents. Nothing is written.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_preview(
    state: State<'_, AppState>,
    client_id: i64,
    session_ids: Vec<i64>,
) -> Result<Vec<PreviewNota>, IpcError> {
    state.with_vault(|v| {
        v.store()
            .invoice_preview(client_id, &session_ids)
            .map_err(IpcError::from)
    })
}

/// "Maak concept(en)": the nota's the preview showed, made in one transaction; their ids.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoices_create_previewed(
    state: State<'_, AppState>,
    client_id: i64,
    session_ids: Vec<i64>,
) -> Result<Vec<i64>, IpcError> {
    state.with_vault(|v| {
        v.store_mut()
            .create_invoices_as_previewed(client_id, &session_ids)
            .map_err(IpcError::from)
    })
}
