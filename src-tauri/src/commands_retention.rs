//! Commands for retention and client rights (issue 5): the requests register, a dossier's "bewaren
//! tot", destruction and its register. Thin adapters like [`crate::commands`]: every rule (deadlines,
//! who may be destroyed when, the Dutch refusals) lives in `dossierkluis::retention`.

use dossierkluis::retention::{
    ClientRequest, Destroyed, DestructionLine, DueLine, RequestDue, RequestKind, RequestStatus,
    RetentionStatus, ViewLine,
};
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// Open requests by deadline, with days left; for the overview card.
#[tauri::command(async)]
pub fn requests_due(state: State<'_, AppState>) -> Res<Vec<RequestDue>> {
    state.with_vault(|v| core(v.store().requests_due()))
}

/// One client's requests, newest first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn requests_for_client(
    state: State<'_, AppState>,
    client_number: String,
) -> Res<Vec<ClientRequest>> {
    state.with_vault(|v| core(v.store().requests(Some(&client_number))))
}

/// Records a request; returns the stored request, deadline included.
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_add(
    state: State<'_, AppState>,
    client_id: i64,
    kind: RequestKind,
    received_on: String,
    identity_check: String,
) -> Res<ClientRequest> {
    state.with_vault(|v| {
        let id = core(
            v.store_mut()
                .add_request(client_id, kind, &received_on, &identity_check),
        )?;
        let all = core(v.store().requests(None))?;
        all.into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| IpcError::from(dossierkluis::Error::not_found("Het verzoek")))
    })
}

/// A dossier's "bewaren tot" with its reason, as of the store's today.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention_status(state: State<'_, AppState>, client_id: i64) -> Res<RetentionStatus> {
    state.with_vault(|v| core(v.store().retention_status(client_id)))
}

/// "Te vernietigen per `on`" (as typed; absent or empty means the store's today): dossiers whose
/// term has ended by then and that carry no legal hold, each saying whether it is due today.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention_due(state: State<'_, AppState>, on: Option<String>) -> Res<Vec<DueLine>> {
    state.with_vault(|v| core(v.store().due_list(on.as_deref().unwrap_or(""))))
}

/// Destroys a dossier for good; the core refuses (in Dutch) when its term has not ended and no open
/// vernietiging request is given, or under a legal hold.
#[tauri::command(async, rename_all = "snake_case")]
pub fn client_destroy(
    state: State<'_, AppState>,
    client_id: i64,
    reason: String,
    request_id: Option<i64>,
) -> Res<Destroyed> {
    state.with_vault(|v| core(v.store_mut().destroy_client(client_id, &reason, request_id)))
}

/// The destruction register (client numbers only), oldest first.
#[tauri::command(async)]
pub fn destruction_register(state: State<'_, AppState>) -> Res<Vec<DestructionLine>> {
    state.with_vault(|v| core(v.store_mut().destruction_register()))
}

/// Closes a request as `uitgevoerd` or `afgewezen` (a refusal needs a note; the core says so).
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_answer(
    state: State<'_, AppState>,
    request_id: i64,
    status: RequestStatus,
    note: String,
) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().answer_request(request_id, status, &note)))
}

/// Sets (with a reason) or clears (`None`) a legal hold on a dossier.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention_hold(
    state: State<'_, AppState>,
    client_id: i64,
    reason: Option<String>,
) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().set_legal_hold(client_id, reason.as_deref())))
}

/// Restricts a dossier (read-only, AVG art. 18) or lifts the restriction.
#[tauri::command(async, rename_all = "snake_case")]
pub fn retention_restrict(state: State<'_, AppState>, client_id: i64, restricted: bool) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().set_restricted(client_id, restricted)))
}

/// "Wie heeft dit dossier ingezien": the dossier's audit lines in Dutch.
#[tauri::command(async, rename_all = "snake_case")]
pub fn dossier_viewed(state: State<'_, AppState>, client_id: i64) -> Res<Vec<ViewLine>> {
    state.with_vault(|v| core(v.store_mut().who_viewed(client_id)))
}
