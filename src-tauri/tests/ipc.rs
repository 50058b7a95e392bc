//! The commands as the window reaches them: through IPC, the ACL and JSON, on the mock runtime (no
//! display needed). The real window is covered by tests/e2e/. Each test has its own vault folder
//! and the fast KDF, so the suite stays quick.

mod mock_app;
use mock_app::*;

use dossierkluis_app::AppState;
use serde_json::{json, Value};
use tauri::test::{mock_builder, MockRuntime};
use tauri::App;

fn app() -> App<MockRuntime> {
    dossierkluis_app::configure(mock_builder())
        .build(dossierkluis_app::context())
        .expect("the app builds on the mock runtime")
}

#[test]
fn app_info_gives_the_name_and_version_the_footer_shows() {
    let app = app();
    let main = window(&app, "main");
    assert_eq!(
        invoke(&main, "app_info", json!({})),
        Ok(json!({ "name": "Dossierkluis", "version": env!("CARGO_PKG_VERSION") })),
    );
}

#[test]
fn a_window_without_a_capability_cannot_call_app_info() {
    let app = app();
    let other = window(&app, "other");
    let refused = invoke(&other, "app_info", json!({}));
    // Debug builds name the reason; the ACL, not some other failure, must be what refused it.
    assert!(
        matches!(&refused, Err(Value::String(why)) if why.contains("not allowed")),
        "only the windows named in capabilities/ may call our commands, got {refused:?}"
    );
}

#[test]
fn a_window_without_a_capability_cannot_open_the_vault_either() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let other = window(&app, "other");
    let refused = invoke(
        &other,
        "vault_unlock",
        json!({ "passphrase_text": PASSPHRASE }),
    );
    assert!(
        matches!(&refused, Err(Value::String(why)) if why.contains("not allowed")),
        "got {refused:?}"
    );
}

#[test]
fn an_unknown_command_is_refused() {
    let app = app();
    let main = window(&app, "main");
    assert!(invoke(&main, "read_any_file", json!({ "path": "/etc/passwd" })).is_err());
}

#[test]
fn first_run_creates_a_vault_and_shows_the_recovery_code_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let main = window(&app, "main");
    assert_eq!(
        ok(&main, "vault_status", json!({}))["state"],
        "none",
        "first run"
    );
    let created = ok(
        &main,
        "vault_create",
        json!({ "passphrase_text": PASSPHRASE, "repeat": PASSPHRASE }),
    );
    let code = created["recovery_code"].as_str().unwrap();
    assert!(code.len() >= 32, "a recovery code to write down: {code}");
    assert_eq!(
        ok(&main, "vault_status", json!({}))["state"],
        "open",
        "creating opens the vault"
    );
    let status = ok(&main, "vault_status", json!({}));
    assert!(
        !status.to_string().contains(code),
        "the recovery code is never sent again"
    );
}

#[test]
fn create_refuses_two_different_passphrases_at_the_repeat_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let main = window(&app, "main");
    let err = invoke(
        &main,
        "vault_create",
        json!({ "passphrase_text": PASSPHRASE, "repeat": "iets anders dan dat" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "InvalidInput");
    assert_eq!(err["fields"][0]["field"], "repeat");
    assert_eq!(
        ok(&main, "vault_status", json!({}))["state"],
        "none",
        "no vault was made"
    );
}

#[test]
fn unlock_add_client_lock_and_a_wrong_passphrase_is_refused_in_dutch() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Vries", "1234 AB"));
    ok(&main, "vault_lock", json!({}));
    assert_eq!(ok(&main, "vault_status", json!({}))["state"], "locked");

    let err = invoke(
        &main,
        "vault_unlock",
        json!({ "passphrase_text": "dit is niet de goede zin" }),
    )
    .unwrap_err();
    assert_eq!(
        err["code"], "WrongPassphrase",
        "the UI switches on this code"
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .starts_with("Deze wachtwoordzin past niet"),
        "the person reads the core's Dutch sentence: {err}"
    );
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "only code and message cross IPC: {err}"
    );
    assert!(
        !err.to_string().contains("dit is niet de goede zin"),
        "the typed passphrase never comes back"
    );

    ok(
        &main,
        "vault_unlock",
        json!({ "passphrase_text": PASSPHRASE }),
    );
    let list = ok(&main, "clients_list", json!({ "status": null }));
    assert_eq!(
        list[0]["id"], id,
        "the client is there after unlocking again"
    );
    assert_eq!(list[0]["name"], "Zoë Vries");
}

#[test]
fn a_bad_postcode_comes_back_as_a_field_message_and_saves_nothing() {
    let (_dir, _app, main) = created_vault();
    let err = invoke(&main, "client_add", client("Vries", "12345")).unwrap_err();
    assert_eq!(err["code"], "InvalidInput");
    let fields = err["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .any(|f| f["field"] == "postcode" && f["message"].as_str().unwrap().len() > 10),
        "the form marks the postcode field with its own sentence: {err}"
    );
    assert_eq!(
        ok(&main, "clients_list", json!({ "status": null })),
        json!([]),
        "nothing was saved"
    );
}

#[test]
fn commands_on_a_locked_vault_say_it_is_locked() {
    let (_dir, _app, main) = created_vault();
    ok(&main, "vault_lock", json!({}));
    for (cmd, args) in [
        ("clients_list", json!({ "status": null })),
        ("overview", json!({})),
        ("search", json!({ "query": "zoe" })),
        ("practice_get", json!({})),
        ("backup_status", json!({})),
    ] {
        let err = invoke(&main, cmd, args).unwrap_err();
        assert_eq!(err["code"], "VaultLocked", "{cmd} on a locked vault: {err}");
        assert!(err["message"].as_str().unwrap().contains("vergrendeld"));
    }
}

#[test]
fn the_whole_dossier_path_traject_session_note_search_edit_history() {
    let (_dir, _app, main) = created_vault();
    let id = ok(&main, "client_add", client("Vries", "1234 AB"));
    let traject = ok(
        &main,
        "traject_add",
        json!({ "client_id": id, "input": { "regime": "wgbo", "start_date": "2026-11-01", "hulpvraag": "Slaapproblemen", "agreed_fee": "85,00" } }),
    );
    let session = ok(
        &main,
        "session_add",
        json!({ "client_id": id, "input": { "traject_id": traject, "date": "2026-11-30", "start_time": "10:00", "duration_minutes": 50, "kind": "Consult", "fee": "", "status": "held" } }),
    );
    let entry = ok(
        &main,
        "entry_add",
        json!({ "client_id": id, "input": { "kind": "sessieverslag", "text": "We spraken over de vuurtoren.", "entry_date": null, "traject_id": traject, "session_id": session } }),
    );
    let hits = ok(&main, "search", json!({ "query": "vuurtoren" }));
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["client_id"] == id && h["source"] == "entry"),
        "a word from the note finds the client: {hits}"
    );
    ok(
        &main,
        "entry_edit",
        json!({ "entry_id": entry, "text": "We spraken over de vuurtoren en de zee.", "reason": "aangevuld" }),
    );
    let history = ok(&main, "entry_history", json!({ "entry_id": entry }));
    assert_eq!(
        history.as_array().unwrap().len(),
        2,
        "both versions kept: {history}"
    );
    let dossier = ok(&main, "dossier_open", json!({ "client_id": id }));
    assert_eq!(
        dossier["entries"][0]["text"],
        "We spraken over de vuurtoren en de zee."
    );
    assert_eq!(
        dossier["sessions"][0]["fee_cents"], 8500,
        "the traject's fee applied"
    );
    let overview = ok(&main, "overview", json!({}));
    assert_eq!(overview["agenda"]["today_sessions"][0]["client_id"], id);
    assert_eq!(overview["recent"][0]["client_id"], id);
}

#[test]
fn practice_settings_round_trip_and_the_iban_is_checked() {
    let (_dir, _app, main) = created_vault();
    let mut practice = ok(&main, "practice_get", json!({}));
    assert_eq!(practice["idle_lock_minutes"], 10, "default idle lock");
    practice["iban"] = json!("NL91ABNA0417164300");
    practice["idle_lock_minutes"] = json!(5);
    let saved = ok(&main, "practice_set", json!({ "input": practice }));
    assert_eq!(saved["iban"], "NL91 ABNA 0417 1643 00");
    practice["iban"] = json!("NL00ABNA0417164300");
    let err = invoke(&main, "practice_set", json!({ "input": practice })).unwrap_err();
    assert_eq!(err["fields"][0]["field"], "iban", "{err}");
}

#[test]
fn a_backup_needs_a_folder_first() {
    let (_dir, _app, main) = created_vault();
    let status = ok(&main, "backup_status", json!({}));
    assert_eq!(status["folder"], Value::Null);
    assert_eq!(status["reminder"], true, "no backup yet: remind");
}

#[test]
fn change_passphrase_then_the_old_one_no_longer_opens() {
    let (_dir, _app, main) = created_vault();
    let new = "een heel andere lange zin";
    ok(
        &main,
        "vault_change_passphrase",
        json!({ "current": PASSPHRASE, "new_passphrase": new, "repeat": new }),
    );
    ok(&main, "vault_lock", json!({}));
    let err = invoke(
        &main,
        "vault_unlock",
        json!({ "passphrase_text": PASSPHRASE }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "WrongPassphrase");
    ok(&main, "vault_unlock", json!({ "passphrase_text": new }));
}

#[test]
fn recovery_with_the_code_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let main = window(&app, "main");
    let code = ok(
        &main,
        "vault_create",
        json!({ "passphrase_text": PASSPHRASE, "repeat": PASSPHRASE }),
    )["recovery_code"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&main, "vault_lock", json!({}));
    let err = invoke(
        &main,
        "vault_recover",
        json!({ "recovery_code": "AAAA-BBBB", "new_passphrase": "nieuwe lange zin hier", "repeat": "nieuwe lange zin hier" }),
    )
    .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "recovery_code", "{err}");
    let new = "nieuwe lange zin hier";
    ok(
        &main,
        "vault_recover",
        json!({ "recovery_code": code, "new_passphrase": new, "repeat": new }),
    );
    ok(&main, "vault_lock", json!({}));
    ok(&main, "vault_unlock", json!({ "passphrase_text": new }));
}

#[test]
fn the_idle_rule_locks_the_vault_and_the_unlock_screen_says_why() {
    use dossierkluis_app::idle::BootTime as Instant;
    use std::time::Duration;
    use tauri::Manager;
    let (_dir, app, main) = created_vault();
    let state = app.state::<AppState>();
    assert!(
        !state.idle_due(Instant::now() + Duration::from_secs(9 * 60)),
        "not before 10 minutes"
    );
    let later = Instant::now() + Duration::from_secs(10 * 60 + 1);
    assert!(
        state.idle_due(later),
        "10 quiet minutes (the default) are due"
    );
    state.lock_vault(dossierkluis_app::LockReason::Idle);
    let status = ok(&main, "vault_status", json!({}));
    assert_eq!(status["state"], "locked", "the keys are gone");
    assert_eq!(
        status["last_lock"]["reason"], "idle",
        "the unlock screen can say why"
    );
    assert_eq!(
        status["last_lock"]["closing"], false,
        "once the lock is done the note is final (the page stops looking again)"
    );
    assert_eq!(
        invoke(&main, "overview", json!({})).unwrap_err()["code"],
        "VaultLocked"
    );
}

/// The dialog seam (debug builds): the folder "chosen" is `<seam>/backups`. The only test that sets
/// the variable, and the only one that opens a dialog.
#[test]
fn recovery_sheet_documents_backup_folder_backup_now_and_the_automatic_backup_on_lock() {
    let (dir, _app, main) = created_vault();
    let seam = dir.path().join("seam");
    std::env::set_var("DOSSIERKLUIS_TEST_DIALOG_DIR", &seam);
    // The recovery sheet right after creation carries the code; after the person confirmed it was
    // written down, a reprint carries the backup identity only.
    let sheet = seam.join("opgeslagen/herstelblad-dossierkluis.pdf");
    assert_eq!(
        ok(&main, "recovery_sheet_save", json!({})),
        "herstelblad-dossierkluis.pdf"
    );
    let with_code = std::fs::read(&sheet).unwrap();
    assert!(with_code.starts_with(b"%PDF"), "a PDF");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sheet).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the sheet opens the vault: readable by its owner only"
        );
    }
    ok(&main, "recovery_code_confirmed", json!({}));
    ok(&main, "recovery_sheet_save", json!({}));
    let reprint = std::fs::read(&sheet).unwrap();
    assert!(reprint.starts_with(b"%PDF"));
    assert_ne!(
        reprint, with_code,
        "the reprint no longer holds the recovery code"
    );

    let id = ok(&main, "client_add", client("Vries", "1234 AB"));

    // A document in and out through the (seam) dialogs, bytes unchanged, then removed.
    std::fs::create_dir_all(seam.join("documenten")).unwrap();
    let letter = b"%PDF-1.4 verwijsbrief van de huisarts".to_vec();
    std::fs::write(seam.join("documenten/verwijsbrief.pdf"), &letter).unwrap();
    let doc = ok(
        &main,
        "document_add",
        json!({ "client_id": id, "description": "Verwijzing" }),
    );
    let saved = ok(&main, "document_save", json!({ "document_id": doc }));
    assert_eq!(saved, "verwijsbrief.pdf");
    assert_eq!(
        std::fs::read(seam.join("opgeslagen/verwijsbrief.pdf")).unwrap(),
        letter,
        "the copy the person saves is the file they added"
    );
    let dossier = ok(&main, "dossier_open", json!({ "client_id": id }));
    assert_eq!(dossier["documents"][0]["file_name"], "verwijsbrief.pdf");
    ok(&main, "document_remove", json!({ "document_id": doc }));
    let dossier = ok(&main, "dossier_open", json!({ "client_id": id }));
    assert_eq!(dossier["documents"], json!([]));

    let status = ok(&main, "backup_choose_folder", json!({}));
    assert_eq!(status["folder"], seam.join("backups").display().to_string());

    // backup_create takes a Channel for progress; over the mock IPC it is a callback id.
    let made = ok(
        &main,
        "backup_create",
        json!({ "progress": "__CHANNEL__:7" }),
    );
    assert!(
        made["file_name"].as_str().unwrap().ends_with(".age"),
        "{made}"
    );
    let status = ok(&main, "backup_status", json!({}));
    assert_eq!(status["count"], 1);
    assert_eq!(
        status["reminder"], false,
        "a fresh backup silences the reminder"
    );

    let preview = ok(&main, "backup_choose_file", json!({}));
    assert_eq!(
        preview["clients"], 1,
        "the preview shows what the backup holds: {preview}"
    );
    let verified = ok(
        &main,
        "backup_verify",
        json!({ "progress": "__CHANNEL__:8" }),
    );
    assert_eq!(verified["intact"], true);
    let restored = ok(
        &main,
        "backup_restore",
        json!({ "new_passphrase": PASSPHRASE, "repeat": PASSPHRASE, "progress": "__CHANNEL__:9" }),
    );
    assert_eq!(restored["clients"], 1, "{restored}");
    let into = std::path::PathBuf::from(restored["folder"].as_str().unwrap());
    assert_eq!(
        into,
        seam.join("teruggezet"),
        "restored into a new folder, never over the open vault"
    );
    assert!(
        into.join("vault.key").exists(),
        "the restored folder is a vault"
    );

    ok(&main, "vault_lock", json!({}));
    let status = ok(&main, "vault_status", json!({}));
    assert!(
        status["last_lock"]["backup_file"]
            .as_str()
            .is_some_and(|f| f.ends_with(".age")),
        "locking made the automatic backup: {status}"
    );
    let on_lock = status["last_lock"]["backup_file"].as_str().unwrap();
    assert!(
        seam.join("backups").join(on_lock).is_file(),
        "the backup made on lock is in the folder (rotation keeps the newest of the day)"
    );
}

#[test]
fn a_minors_dossier_carries_the_age_band_consent_warning_from_the_core() {
    let (_dir, _app, main) = created_vault();
    // 14 on 2026-11-30: the client and the parents with gezag must consent (WGBO 12-15).
    let id = ok(
        &main,
        "client_add",
        json!({ "input": { "first_names": "Tim", "last_name": "Bakker", "birth_date": "2012-05-01" } }),
    );
    ok(
        &main,
        "representative_add",
        json!({ "client_id": id, "input": { "name": "Anna Bakker", "relation": "moeder", "has_gezag": true } }),
    );
    let dossier = ok(&main, "dossier_open", json!({ "client_id": id }));
    let check = &dossier["treatment_consent"];
    assert_eq!(check["age_band"], "from12_to15", "{check}");
    assert_eq!(check["complete"], false);
    assert_eq!(
        check["missing"].as_array().unwrap().len(),
        2,
        "the client and the mother: {check}"
    );
    ok(
        &main,
        "consent_add",
        json!({ "client_id": id, "input": { "purpose": "behandeling", "description": "", "representative_id": null, "given_on": "2026-11-30" } }),
    );
    let check = ok(
        &main,
        "consent_check",
        json!({ "client_id": id, "purpose": "behandeling" }),
    );
    assert_eq!(
        check["missing"].as_array().unwrap().len(),
        1,
        "only the mother's consent is missing now: {check}"
    );
}
