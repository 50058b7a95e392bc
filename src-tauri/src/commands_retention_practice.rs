//! Commands for the practice's privacy (issue 5 items 1, 6, 7, 8): the retention settings, the
//! generated privacy documents on screen and saved as PDF or Markdown, the datalekregister, and the
//! minors' consent warnings of a dossier. Thin adapters like [`crate::commands`]: the texts, terms,
//! checks and Dutch refusals live in `dossierkluis::retention`. Files go to a path from the native save
//! dialog; the page never sees a path.

use dossierkluis::retention::documents::DataBreach;
use dossierkluis::retention::practice_docs::{
    DataBreachForm, PracticeDocument, PracticeDocumentKind, RetentionSettingsInput,
};
use dossierkluis::retention::{ClientConsentWarnings, ConsentWarning, RetentionSettings};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::write_file;
use crate::dialog::{self, Purpose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// The retention terms the practice set (coaching, never a client).
#[tauri::command(async)]
pub fn retention_settings_get(state: State<'_, AppState>) -> Res<RetentionSettings> {
    state.with_vault(|v| core(v.store().retention_settings()))
}

/// Saves the terms as typed; a refusal names its field. Returns what is now in force.
#[tauri::command(async)]
pub fn retention_settings_set(
    state: State<'_, AppState>,
    input: RetentionSettingsInput,
) -> Res<RetentionSettings> {
    state.with_vault(|v| core(v.store_mut().set_retention_settings_typed(&input)))
}

/// A generated document (text, blocks for the screen, profile fields still to fill in).
#[tauri::command(async)]
pub fn practice_document(
    state: State<'_, AppState>,
    kind: PracticeDocumentKind,
) -> Res<PracticeDocument> {
    state.with_vault(|v| core(v.store().practice_document(kind)))
}

/// How a document is saved.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveFormat {
    Pdf,
    Markdown,
}

/// "Opslaan als PDF…" / "Opslaan als tekst (Markdown)…": the document to a path from the save dialog.
/// Returns the file name, or `None` when the person cancels.
#[tauri::command(async)]
pub fn practice_document_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: PracticeDocumentKind,
    format: SaveFormat,
) -> Res<Option<String>> {
    let (bytes, ext) = state.with_vault(|v| {
        Ok(match format {
            SaveFormat::Pdf => (core(v.store().practice_document_pdf(kind))?, "pdf"),
            SaveFormat::Markdown => (
                core(v.store().practice_document(kind))?
                    .markdown
                    .into_bytes(),
                "md",
            ),
        })
    })?;
    let name = format!("{}.{ext}", kind.file_stem());
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    write_file(&path, &bytes, "Het opslaan van het document")?;
    Ok(Some(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

/// The datalekregister, oldest first.
#[tauri::command(async)]
pub fn data_breaches(state: State<'_, AppState>) -> Res<Vec<DataBreach>> {
    state.with_vault(|v| core(v.store().data_breaches()))
}

/// Records a datalek; returns the stored line.
#[tauri::command(async)]
pub fn data_breach_add(state: State<'_, AppState>, input: DataBreachForm) -> Res<DataBreach> {
    state.with_vault(|v| core(v.store_mut().add_data_breach_typed(&input)))
}

/// The held and planned sessions of a client that lacked the consent their date required.
#[tauri::command(async, rename_all = "snake_case")]
pub fn consent_warnings(state: State<'_, AppState>, client_id: i64) -> Res<Vec<ConsentWarning>> {
    state.with_vault(|v| core(v.store().missing_consents(client_id)))
}

/// Per client, how many sessions lacked the consent the client's age band needed; for the overview.
#[tauri::command(async)]
pub fn consent_warning_counts(state: State<'_, AppState>) -> Res<Vec<ClientConsentWarnings>> {
    state.with_vault(|v| core(v.store().consent_warning_counts()))
}
