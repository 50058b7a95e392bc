//! Our `#[tauri::command]`s. Each is a thin adapter: arguments in, one core call, result or
//! [`IpcError`] out. Each must also be listed in `build.rs` (which makes it deny-by-default) and
//! granted in `capabilities/main.json`; `tests/security_surface.rs` notices when one is not.
//!
//! Commands run on Tauri's worker threads (`async`), never on the main thread, so a slow unlock
//! (Argon2id) or a backup never freezes the window. Arguments arrive in `snake_case`, like the core's
//! JSON. Paths never come from the page: files and folders are chosen in the native dialog
//! ([`crate::dialog`]) and stay in Rust.

use std::path::Path;

use dossierkluis::backup::{
    self, BackupKey, CreateOptions, Progress, RestoreOptions, RotationPolicy,
};
use dossierkluis::dossier::{
    ClientInput, ClientStatus, ClientSummary, ConsentCheck, ConsentInput, ConsentPurpose, Dossier,
    EntryInput, EntryVersion, RepresentativeInput, SessionInput, SessionStatus, TrajectInput,
    MAX_DOCUMENT_BYTES,
};
use dossierkluis::overview::{Agenda, RecentClient};
use dossierkluis::practice::Practice;
use dossierkluis::search::SearchHit;
use dossierkluis::{Error, ErrorCode, Passphrase, RecoveryCode, SecretText, Vault};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{self, Purpose};
use crate::ipc_error::IpcError;
use crate::state::{AppState, LockNote, LockReason};

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// Passphrases and recovery codes arrive as [`SecretText`] (deserialised straight into memory that is
/// wiped on drop) and stay in wiped types through NFC normalisation and the KDF.
fn passphrase(typed: SecretText) -> Passphrase {
    Passphrase::from_secret(&typed)
}

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
pub fn app_info<R: Runtime>(app: AppHandle<R>) -> Res<AppInfo> {
    let package = app.package_info();
    Ok(AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// The vault: status, create, unlock, recover, lock, passphrase

/// Which screen the window should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No vault in the folder yet: first run.
    None,
    Locked,
    Open,
}

#[derive(Debug, Clone, Serialize)]
pub struct VaultStatus {
    pub state: VaultState,
    /// The vault folder, shown on the first-run and unlock screens.
    pub folder: String,
    /// Why it was last locked (and whether the automatic backup ran), for a calm message.
    pub last_lock: Option<LockNote>,
}

fn status_of(state: &AppState) -> VaultStatus {
    let dir = state.dir();
    VaultStatus {
        state: if state.is_open() {
            VaultState::Open
        } else if Vault::exists(&dir) {
            VaultState::Locked
        } else {
            VaultState::None
        },
        folder: dir.display().to_string(),
        last_lock: state.last_lock(),
    }
}

#[tauri::command(async)]
pub fn vault_status(state: State<'_, AppState>) -> Res<VaultStatus> {
    Ok(status_of(&state))
}

/// First run: let the person put the vault in another folder (e.g. an encrypted disk).
#[tauri::command(async)]
pub fn vault_choose_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<VaultStatus> {
    if state.is_open() {
        return Err(IpcError::new(
            crate::ipc_error::IpcErrorCode::NotAllowed,
            "Vergrendel de kluis eerst; daarna kunt u een andere map kiezen.",
        ));
    }
    if let Some(dir) = dialog::choose(&app, Purpose::VaultFolder)? {
        state.set_dir(dir);
    }
    Ok(status_of(&state))
}

/// The recovery code, shown once, grouped for reading aloud and writing down.
#[derive(Serialize)]
pub struct Created {
    pub recovery_code: String,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn vault_create(
    state: State<'_, AppState>,
    passphrase_text: SecretText,
    repeat: SecretText,
) -> Res<Created> {
    if passphrase_text != repeat {
        return Err(Error::field(
            "repeat",
            "De twee wachtwoordzinnen zijn niet gelijk. Typ dezelfde zin nog eens.",
        )
        .into());
    }
    let (vault, code) = core(Vault::create(
        &state.dir(),
        &passphrase(passphrase_text),
        state.kdf,
        state.context(),
    ))?;
    let recovery_code = code.expose_secret();
    state.install(vault);
    *crate::state::lock(&state.pending_recovery) = Some(code);
    Ok(Created { recovery_code })
}

/// "Herstelblad opslaan als PDF": the sheet is rendered by the core and written where the person
/// chooses (readable by its owner only). Right after creation it carries the recovery code; later
/// it reprints the backup identity without the code. Returns the file name, `None` when cancelled.
#[tauri::command(async)]
pub fn recovery_sheet_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let pdf = state.with_vault(|v| {
        let pending = crate::state::lock(&state.pending_recovery);
        core(dossierkluis::vault::recovery_sheet_pdf(v, pending.as_ref()))
    })?;
    let Some(path) = dialog::choose(&app, Purpose::SaveAs("herstelblad-dossierkluis.pdf".into()))?
    else {
        return Ok(None);
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("Het opslaan van het herstelblad", &e))?;
    }
    dossierkluis::atomic_file::write(&path, &pdf)
        .map_err(|e| Error::io("Het opslaan van het herstelblad", &e))?;
    Ok(Some(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

/// The person confirmed the recovery code is written down: forget it.
#[tauri::command(async)]
pub fn recovery_code_confirmed(state: State<'_, AppState>) -> Res<()> {
    *crate::state::lock(&state.pending_recovery) = None;
    Ok(())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn vault_unlock(state: State<'_, AppState>, passphrase_text: SecretText) -> Res<VaultStatus> {
    if state.is_open() {
        return Ok(status_of(&state));
    }
    let vault = core(Vault::open(
        &state.dir(),
        &passphrase(passphrase_text),
        state.context(),
    ))?;
    state.install(vault);
    Ok(status_of(&state))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn vault_recover(
    state: State<'_, AppState>,
    recovery_code: SecretText,
    new_passphrase: SecretText,
    repeat: SecretText,
) -> Res<VaultStatus> {
    if new_passphrase != repeat {
        return Err(Error::field(
            "repeat",
            "De twee wachtwoordzinnen zijn niet gelijk. Typ dezelfde zin nog eens.",
        )
        .into());
    }
    let code = RecoveryCode::parse(recovery_code.expose_secret()).ok_or_else(|| {
        Error::field(
            "recovery_code",
            "Dit is geen geldige herstelcode. Een herstelcode bestaat uit 8 groepjes van 4 tekens; controleer uw herstelblad.",
        )
    })?;
    let vault = core(Vault::recover(
        &state.dir(),
        &code,
        &passphrase(new_passphrase),
        state.context(),
    ))?;
    state.install(vault);
    Ok(status_of(&state))
}

/// Locks now (button or Ctrl+L); the automatic backup runs first when a folder is set. The page is
/// replaced by a fresh one in a new web process ([`crate::navigation::forget_page`]), so the answer
/// to this call usually reaches nobody: the new page asks `vault_status` itself.
#[tauri::command(async)]
pub fn vault_lock<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<VaultStatus> {
    state.lock_vault_then(LockReason::Manual, || crate::navigation::forget_page(&app));
    Ok(status_of(&state))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn vault_change_passphrase(
    state: State<'_, AppState>,
    current: SecretText,
    new_passphrase: SecretText,
    repeat: SecretText,
) -> Res<()> {
    if new_passphrase != repeat {
        return Err(Error::field(
            "repeat",
            "De twee wachtwoordzinnen zijn niet gelijk. Typ dezelfde zin nog eens.",
        )
        .into());
    }
    state.with_vault(|v| {
        core(v.change_passphrase(&passphrase(current), &passphrase(new_passphrase)))
    })
}

/// The window saw a key press or a click. Rust decides when to lock ([`crate::idle`]).
#[tauri::command(async)]
pub fn activity(state: State<'_, AppState>) -> Res<()> {
    state.touch();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The overview

#[derive(Serialize)]
pub struct Overview {
    pub agenda: Agenda,
    pub recent: Vec<RecentClient>,
    pub backup: backup::BackupStatus,
    pub practice_name: String,
    pub therapist_name: String,
}

#[tauri::command(async)]
pub fn overview(state: State<'_, AppState>) -> Res<Overview> {
    state.with_vault(|v| {
        let practice = core(v.store().practice())?;
        Ok(Overview {
            agenda: core(v.store().agenda(14))?,
            recent: core(v.store().recent_clients(8))?,
            backup: core(backup::status(v))?,
            practice_name: practice.practice_name,
            therapist_name: practice.therapist_name,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Clients and the dossier

#[tauri::command(async)]
pub fn clients_list(
    state: State<'_, AppState>,
    status: Option<ClientStatus>,
) -> Res<Vec<ClientSummary>> {
    state.with_vault(|v| core(v.store().list_clients(status)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn client_add(state: State<'_, AppState>, input: ClientInput) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_client(&input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn client_update(state: State<'_, AppState>, client_id: i64, input: ClientInput) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().update_client(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn dossier_open(state: State<'_, AppState>, client_id: i64) -> Res<Dossier> {
    state.with_vault(|v| core(v.store_mut().open_dossier(client_id)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn representative_add(
    state: State<'_, AppState>,
    client_id: i64,
    input: RepresentativeInput,
) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_representative(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn traject_add(state: State<'_, AppState>, client_id: i64, input: TrajectInput) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_traject(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn traject_close(state: State<'_, AppState>, traject_id: i64, end_date: String) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().close_traject(traject_id, &end_date)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn session_add(state: State<'_, AppState>, client_id: i64, input: SessionInput) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_session(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn session_set_status(
    state: State<'_, AppState>,
    session_id: i64,
    status: SessionStatus,
) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().set_session_status(session_id, status)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn entry_add(state: State<'_, AppState>, client_id: i64, input: EntryInput) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_entry(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn entry_edit(
    state: State<'_, AppState>,
    entry_id: i64,
    text: String,
    reason: String,
) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().edit_entry(entry_id, &text, &reason)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn entry_history(state: State<'_, AppState>, entry_id: i64) -> Res<Vec<EntryVersion>> {
    state.with_vault(|v| core(v.store_mut().entry_history(entry_id)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn consent_add(state: State<'_, AppState>, client_id: i64, input: ConsentInput) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().add_consent(client_id, &input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn consent_withdraw(
    state: State<'_, AppState>,
    consent_id: i64,
    withdrawn_on: String,
) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().withdraw_consent(consent_id, &withdrawn_on)))
}

/// Whose consent for `purpose` is needed today (the age-band rule lives in the core).
#[tauri::command(async, rename_all = "snake_case")]
pub fn consent_check(
    state: State<'_, AppState>,
    client_id: i64,
    purpose: ConsentPurpose,
) -> Res<ConsentCheck> {
    state.with_vault(|v| {
        let today = v.store().context().clock.today();
        core(v.store().consent_check(client_id, purpose, today))
    })
}

/// Adds a file chosen in the native dialog; `None` when the person cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn document_add<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    client_id: i64,
    description: String,
) -> Res<Option<i64>> {
    if !state.is_open() {
        return Err(IpcError::locked());
    }
    let Some(path) = dialog::choose(&app, Purpose::DocumentIn)? else {
        return Ok(None);
    };
    let size = std::fs::metadata(&path)
        .map_err(|e| Error::io("Het lezen van het document", &e))?
        .len();
    if size > MAX_DOCUMENT_BYTES as u64 {
        return Err(Error::field("file", "Dit bestand is groter dan 200 MB. Verklein het (bijvoorbeeld door opnieuw te scannen) en probeer het opnieuw.").into());
    }
    let data = std::fs::read(&path).map_err(|e| Error::io("Het lezen van het document", &e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    state
        .with_vault(|v| {
            core(
                v.store_mut()
                    .add_document(client_id, &name, &data, &description),
            )
        })
        .map(Some)
}

/// Saves a copy of a document where the person chooses. (Opening it in another program would
/// leave a plain copy in a temporary folder; a copy the person places knowingly is the honest way.)
/// Returns the file name written, or `None` when cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn document_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document_id: i64,
) -> Res<Option<String>> {
    // Read first (logged as opened: a copy leaves the vault), so the dialog can suggest its name.
    let (doc, data) = state.with_vault(|v| core(v.store_mut().document(document_id)))?;
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(doc.file_name))? else {
        return Ok(None);
    };
    write_file(&path, &data, "Het opslaan van het document")?;
    Ok(Some(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn document_remove(state: State<'_, AppState>, document_id: i64) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().remove_document(document_id)))
}

/// Writes a file the person chose to have through the core's `atomic_file`: a private (0600) temporary
/// sibling, fsync, rename. A half-written file never carries the chosen name, and an export with client
/// data (CSV, UBL, PDF, privacy documents) is readable only by its owner, like the client's copies.
pub(crate) fn write_file(path: &Path, data: &[u8], action: &str) -> Res<()> {
    let fail = |e: std::io::Error| IpcError::from(Error::io(action, &e));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    dossierkluis::atomic_file::write(path, data).map_err(fail)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn search(state: State<'_, AppState>, query: String) -> Res<Vec<SearchHit>> {
    state.with_vault(|v| core(v.store_mut().search(&query, 20)))
}

/// One line of a client's audit trail, as the dossier's "logboek" shows it.
#[derive(Serialize)]
pub struct AuditLine {
    pub at: String,
    pub event: String,
    /// The core's Dutch label for `event`, so a new event never shows as a raw code.
    pub what: String,
    pub user_name: String,
    pub device: String,
    pub object_type: String,
    pub outcome: String,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn audit_client(state: State<'_, AppState>, client_id: i64) -> Res<Vec<AuditLine>> {
    state.with_vault(|v| {
        let rows = core(v.store_mut().audit_for_client(client_id))?;
        Ok(rows
            .into_iter()
            .rev()
            .map(|r| AuditLine {
                at: r.at,
                what: dossierkluis::retention::export::event_label(&r.event),
                event: r.event,
                user_name: r.user_name,
                device: r.device,
                object_type: r.object_type,
                outcome: r.outcome,
            })
            .collect())
    })
}

// ---------------------------------------------------------------------------------------------
// Practice settings

#[tauri::command(async)]
pub fn practice_get(state: State<'_, AppState>) -> Res<Practice> {
    state.with_vault(|v| core(v.store().practice()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn practice_set(state: State<'_, AppState>, input: Practice) -> Res<Practice> {
    let saved = state.with_vault(|v| core(v.store_mut().update_practice(&input)))?;
    state.set_idle_minutes(saved.idle_lock_minutes);
    Ok(saved)
}

// ---------------------------------------------------------------------------------------------
// Backups

#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> Res<backup::BackupStatus> {
    state.with_vault(|v| core(backup::status(v)))
}

/// Lets the person choose the backup folder (e.g. a USB disk); `None` when cancelled.
#[tauri::command(async)]
pub fn backup_choose_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<backup::BackupStatus> {
    if !state.is_open() {
        return Err(IpcError::locked());
    }
    let picked = dialog::choose(&app, Purpose::BackupFolder)?;
    state.with_vault(|v| {
        if let Some(folder) = picked {
            core(v.store_mut().set_backup_folder(Some(&folder)))?;
        }
        core(backup::status(v))
    })
}

#[derive(Serialize)]
pub struct BackupMade {
    pub file_name: String,
    pub bytes: u64,
    pub created_at: String,
    pub rotated_away: usize,
}

/// "Nu back-up maken": into the chosen folder, verified, with progress for the bar.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_create(state: State<'_, AppState>, progress: Channel<Progress>) -> Res<BackupMade> {
    state.with_vault(|v| {
        let folder = core(v.store().backup_folder())?.ok_or_else(|| {
            Error::field(
                "backup_folder",
                "Kies eerst een map voor uw back-ups, bij voorkeur op een externe schijf.",
            )
        })?;
        let exclude = core(backup::clients_due_for_destruction(v.store()))?;
        let made = core(backup::create(
            v,
            &folder,
            &CreateOptions {
                exclude_client_ids: &exclude,
                rotation: Some(RotationPolicy::default()),
            },
            &mut |p| {
                let _ = progress.send(p);
            },
        ))?;
        Ok(BackupMade {
            file_name: made
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: made.bytes,
            created_at: made.manifest.created_at,
            rotated_away: made.rotated_away.len(),
        })
    })
}

/// Lets the person choose a backup file and shows what it holds; it opens with this vault's keys
/// (a backup of this vault, made with any passphrase it had, or its recovery code's identity).
#[tauri::command(async)]
pub fn backup_choose_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<backup::BackupPreview>> {
    if !state.is_open() {
        return Err(IpcError::locked());
    }
    let Some(path) = dialog::choose(&app, Purpose::BackupFile)? else {
        return Ok(None);
    };
    let key = state.with_vault(|v| core(BackupKey::from_vault(v)))?;
    let opened = core(backup::open(&path, key))?;
    let preview = opened.preview();
    *crate::state::lock(&state.picked_backup) = Some(opened);
    Ok(Some(preview))
}

fn no_backup_chosen() -> IpcError {
    IpcError::new(
        crate::ipc_error::IpcErrorCode::NotFound,
        "Kies eerst een back-upbestand.",
    )
}

#[derive(Serialize)]
pub struct Verified {
    pub intact: bool,
    pub created_at: String,
    pub clients: u64,
}

/// Reads the chosen backup in full and checks every part.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_verify(state: State<'_, AppState>, progress: Channel<Progress>) -> Res<Verified> {
    state.touch();
    let picked = crate::state::lock(&state.picked_backup);
    let opened = picked.as_ref().ok_or_else(no_backup_chosen)?;
    let report = core(opened.verify(&mut |p| {
        let _ = progress.send(p);
    }))?;
    Ok(Verified {
        intact: report.intact,
        created_at: report.manifest.created_at.clone(),
        clients: report.manifest.count("clients"),
    })
}

#[derive(Serialize)]
pub struct Restored {
    pub folder: String,
    pub created_at: String,
    pub clients: u64,
    /// A new recovery code for the restored vault: show it once.
    pub recovery_code: Option<String>,
}

/// Restores the chosen backup into a new, empty folder chosen in the dialog; never over a vault.
/// The restored vault gets `new_passphrase`. `None` when the person cancelled the folder choice.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    new_passphrase: SecretText,
    repeat: SecretText,
    progress: Channel<Progress>,
) -> Res<Option<Restored>> {
    if new_passphrase != repeat {
        return Err(Error::field(
            "repeat",
            "De twee wachtwoordzinnen zijn niet gelijk. Typ dezelfde zin nog eens.",
        )
        .into());
    }
    if crate::state::lock(&state.picked_backup).is_none() {
        return Err(no_backup_chosen());
    }
    let destroyed = state.with_vault(|v| core(backup::destroyed_client_numbers(v.store())))?;
    let Some(to) = dialog::choose(&app, Purpose::RestoreFolder)? else {
        return Ok(None);
    };
    if to == state.dir() {
        return Err(IpcError::from(Error::new(
            ErrorCode::VaultExists,
            "Dit is de map van de open kluis. Kies een nieuwe, lege map om de back-up in terug te zetten.",
        )));
    }
    let new_passphrase = passphrase(new_passphrase);
    let picked = crate::state::lock(&state.picked_backup);
    let opened = picked.as_ref().ok_or_else(no_backup_chosen)?;
    let outcome = core(opened.restore(
        &RestoreOptions {
            to: &to,
            new_passphrase: &new_passphrase,
            kdf: state.kdf,
            overwrite: false,
            destroyed_client_numbers: &destroyed,
        },
        state.context(),
        &mut |p| {
            let _ = progress.send(p);
        },
    ))?;
    Ok(Some(Restored {
        folder: outcome.dir.display().to_string(),
        created_at: outcome.manifest.created_at.clone(),
        clients: outcome.manifest.count("clients"),
        recovery_code: outcome.new_recovery_code.map(|c| c.expose_secret()),
    }))
}
