//! Commands for issue 12 (privacy documents and client rights that are true for this practice): the
//! privacy answers only the therapist can give (Instellingen → Privacy), who asked for a request and
//! the reason to proceed anyway, destroying part of a dossier, and the financial purge from the
//! Bewaren screen. Thin adapters: the rules and the Dutch refusals live in `dossierkluis::retention`.

use dossierkluis::retention::answers::PartChoices;
use dossierkluis::retention::privacy_facts::PrivacyAnswers;
use dossierkluis::retention::requester::Requester;
use dossierkluis::retention::requests::RequestInput;
use dossierkluis::retention::{ClientRequest, Destroyed, ExpiredFinancial, RequestKind};
use serde::Serialize;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// The answers with the names of those not given yet.
#[derive(Debug, Serialize)]
pub struct PrivacyAnswersView {
    pub answers: PrivacyAnswers,
    pub missing: Vec<String>,
}

fn view(answers: PrivacyAnswers) -> PrivacyAnswersView {
    PrivacyAnswersView {
        missing: answers.missing(),
        answers,
    }
}

/// What the therapist entered for the privacy documents, and what is still to enter.
#[tauri::command(async)]
pub fn privacy_answers_get(state: State<'_, AppState>) -> Res<PrivacyAnswersView> {
    state.with_vault(|v| core(v.store().privacy_answers()).map(view))
}

/// Saves the answers (the whole form); a refusal names its field.
#[tauri::command(async)]
pub fn privacy_answers_set(
    state: State<'_, AppState>,
    input: PrivacyAnswers,
) -> Res<PrivacyAnswersView> {
    state.with_vault(|v| core(v.store_mut().set_privacy_answers(&input)).map(view))
}

/// Records a request with who asked; the core decides whether that requester is entitled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_add_by(
    state: State<'_, AppState>,
    client_id: i64,
    kind: RequestKind,
    received_on: String,
    identity_check: String,
    requester: Requester,
    proceed_reason: String,
) -> Res<ClientRequest> {
    state.with_vault(|v| {
        let id = core(v.store_mut().add_request_by(
            client_id,
            &RequestInput {
                kind: Some(kind),
                received_on,
                identity_check,
                requester,
                proceed_reason,
            },
        ))?;
        let all = core(v.store().requests(None))?;
        all.into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| IpcError::from(dossierkluis::Error::not_found("Het verzoek")))
    })
}

/// Records why a request of someone not entitled is carried out anyway.
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_proceed(
    state: State<'_, AppState>,
    request_id: i64,
    reason: String,
) -> Res<ClientRequest> {
    state.with_vault(|v| core(v.store_mut().record_proceed_reason(request_id, &reason)))
}

/// What a partial destruction can choose from (every entry and document of the dossier).
#[tauri::command(async, rename_all = "snake_case")]
pub fn part_choices(state: State<'_, AppState>, client_id: i64) -> Res<PartChoices> {
    state.with_vault(|v| core(v.store().part_choices(client_id)))
}

/// Destroys the chosen entries and documents of a dossier for good ("deel van dossier").
#[tauri::command(async, rename_all = "snake_case")]
pub fn client_destroy_part(
    state: State<'_, AppState>,
    client_id: i64,
    entry_ids: Vec<i64>,
    document_ids: Vec<i64>,
    reason: String,
    request_id: Option<i64>,
) -> Res<Destroyed> {
    state.with_vault(|v| {
        core(
            v.store_mut()
                .destroy_part(client_id, &entry_ids, &document_ids, &reason, request_id),
        )
    })
}

/// The notas whose 7-year fiscal term is over today (what the purge would remove).
#[tauri::command(async)]
pub fn financial_expired(state: State<'_, AppState>) -> Res<Vec<ExpiredFinancial>> {
    state.with_vault(|v| core(v.store().expired_financial_records()))
}

/// Removes them, exactly like `retention purge-financial`; returns how many.
#[tauri::command(async)]
pub fn financial_purge(state: State<'_, AppState>) -> Res<u64> {
    state.with_vault(|v| core(v.store_mut().purge_financial_records()))
}
