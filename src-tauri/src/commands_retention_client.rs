//! Commands for the rest of the dossier's Privacy tab (issue 5 items 3–5): extending a request's
//! term, "langer bewaren", the copy for the client (PDF or JSON, entries withheld), the intervision
//! summary (review, then save) and the copy for a waarnemer or on referral. Thin adapters: every rule
//! (limits, consent, what a copy holds, which request it answers) lives in `dossierkluis::retention`.
//!
//! Files are made in Rust and written, readable by their owner only, to the path the person picks in
//! the native save dialog; the page never sees a path. A refusal the core can know beforehand (no
//! consent) comes before the dialog, so nobody picks a place for a file that will not be made.

use std::path::Path;

use dossierkluis::dossier::ConsentPurpose;
use dossierkluis::retention::answers::{self, CopyFormat, CopyPlan, IntervisionReview};
use dossierkluis::retention::{ClientRequest, RetentionStatus};
use dossierkluis::Error;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{self, Purpose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// Writes a copy where the person chose, readable by its owner only (it holds a dossier).
fn save(path: &Path, bytes: &[u8]) -> Res<String> {
    let fail = |e: std::io::Error| IpcError::from(Error::io("Het opslaan van de kopie", &e));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    dossierkluis::atomic_file::write(path, bytes).map_err(fail)?;
    Ok(path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default())
}

fn to_json<T: Serialize>(value: &T) -> Res<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(|_| IpcError::from(Error::internal("kopie")))
}

/// Extends an open request's term by 1 or 2 months with a reason; returns the request as stored.
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_extend(
    state: State<'_, AppState>,
    request_id: i64,
    months: u32,
    reason: String,
) -> Res<ClientRequest> {
    state.with_vault(|v| {
        core(v.store_mut().extend_request(request_id, months, &reason))?;
        core(v.store().requests(None))?
            .into_iter()
            .find(|r| r.id == request_id)
            .ok_or_else(|| IpcError::from(Error::not_found("Het verzoek")))
    })
}

/// "Langer bewaren": until a date or by a number of years beyond the current term, with a reason.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention_keep_longer(
    state: State<'_, AppState>,
    client_id: i64,
    until: Option<String>,
    years: Option<String>,
    reason: String,
) -> Res<RetentionStatus> {
    state.with_vault(|v| {
        core(v.store_mut().keep_longer_typed(
            client_id,
            until.as_deref(),
            years.as_deref(),
            &reason,
        ))
    })
}

/// The entries a copy can hold (for "achterhouden") and how many werkaantekeningen stay out.
#[tauri::command(async, rename_all = "snake_case")]
pub fn copy_plan(state: State<'_, AppState>, client_id: i64) -> Res<CopyPlan> {
    state.with_vault(|v| core(v.store().copy_plan(client_id)))
}

/// A saved copy: its file name and the open requests it answers (to offer marking them done).
#[derive(Debug, Serialize)]
pub struct SavedCopy {
    pub file_name: String,
    pub answers: Vec<ClientRequest>,
}

/// "Kopie voor cliënt": PDF or JSON without werkaantekeningen and without the withheld entries,
/// written where the person chooses and logged by the core. `None` when the dialog is cancelled
/// (nothing made, nothing logged).
#[tauri::command(async, rename_all = "snake_case")]
pub fn client_copy_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: i64,
    format: CopyFormat,
    withhold: Vec<i64>,
) -> Res<Option<SavedCopy>> {
    let number = state.with_vault(|v| core(v.store().retention_status(client_id)))?;
    let name = format!(
        "dossierkopie-{}.{}",
        number.client_number,
        format.extension()
    );
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let (bytes, requests) = state.with_vault(|v| {
        let store = v.store_mut();
        let bytes = match format {
            CopyFormat::Pdf => core(store.dossier_copy_pdf(client_id, &withhold))?,
            CopyFormat::Json => to_json(&core(store.dossier_copy(client_id, &withhold))?)?,
        };
        let requests = core(store.requests(Some(&number.client_number)))?;
        Ok((bytes, requests))
    })?;
    let file_name = save(&path, &bytes)?;
    Ok(Some(SavedCopy {
        file_name,
        answers: answers::open_requests_answered(&requests, format),
    }))
}

/// The anonymised intervision summary to read, and why saving would be refused now (if it would).
#[tauri::command(async, rename_all = "snake_case")]
pub fn intervision_review(state: State<'_, AppState>, client_id: i64) -> Res<IntervisionReview> {
    state.with_vault(|v| core(v.store_mut().intervision_review(client_id)))
}

/// Saves the reviewed summary as text (the core refuses without consent and logs the share). The
/// file name carries no client number: the summary is anonymous. `None` when cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn intervision_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: i64,
) -> Res<Option<String>> {
    let today = state.with_vault(|v| {
        core(v.store_mut().check_intervision(client_id))?;
        Ok(dossierkluis::retention::dutch_today(v.store()))
    })?;
    let name = format!("intervisie-casus-{today}.txt");
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let summary = state.with_vault(|v| core(v.store_mut().export_intervision(client_id)))?;
    save(&path, summary.to_text().as_bytes()).map(Some)
}

/// The copy for a waarnemer or on referral, PDF or JSON: refused with the core's reason (before the
/// dialog) when the consent register lacks that consent; logged as shared. `None` when cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn shared_copy_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: i64,
    purpose: ConsentPurpose,
    format: CopyFormat,
) -> Res<Option<String>> {
    let status = state.with_vault(|v| {
        core(v.store_mut().check_share(client_id, purpose))?;
        core(v.store().retention_status(client_id))
    })?;
    let name = format!(
        "dossierkopie-{}-{}.{}",
        purpose.as_str(),
        status.client_number,
        format.extension()
    );
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let bytes = state.with_vault(|v| {
        let store = v.store_mut();
        match format {
            CopyFormat::Pdf => core(store.dossier_copy_for_pdf(client_id, purpose)),
            CopyFormat::Json => to_json(&core(store.dossier_copy_for(client_id, purpose))?),
        }
    })?;
    save(&path, &bytes).map(Some)
}
