//! Generates the ACL for our own commands. Listing them here makes each one deny-by-default: a window
//! may call it only when a capability in `capabilities/` grants `allow-<command>`.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "vault_status",
        "vault_choose_folder",
        "vault_create",
        "recovery_sheet_save",
        "recovery_code_confirmed",
        "vault_unlock",
        "vault_recover",
        "vault_lock",
        "vault_change_passphrase",
        "activity",
        "overview",
        "clients_list",
        "client_add",
        "client_update",
        "dossier_open",
        "representative_add",
        "traject_add",
        "traject_close",
        "session_add",
        "session_set_status",
        "entry_add",
        "entry_edit",
        "entry_history",
        "consent_add",
        "consent_withdraw",
        "consent_check",
        "document_add",
        "document_save",
        "document_remove",
        "search",
        "audit_client",
        "practice_get",
        "practice_set",
        "backup_status",
        "backup_choose_folder",
        "backup_create",
        "backup_choose_file",
        "backup_verify",
        "backup_restore",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build refused tauri.conf.json, capabilities/ or icons/");
}
