//! The mock-runtime harness the IPC test files share: an app with its vault in a temp folder (fast
//! KDF, fixed clock), a window, and calls that go through IPC, the ACL and JSON as the page's do.
#![allow(dead_code)]

use dossierkluis::{Actor, Context, FixedClock, KdfParams};
use dossierkluis_app::AppState;
use serde_json::{json, Value};
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

pub const PASSPHRASE: &str = "een lange wachtwoordzin voor tests";

/// An app whose vault lives in `dir`, with the fast KDF and a fixed clock.
pub fn app_in(dir: &std::path::Path) -> App<MockRuntime> {
    assert!(
        dossierkluis_app::test_seams(),
        "the IPC tests use the dialog and printer seams: run them with --features test-seams (make test-app does)"
    );
    let ctx = Context {
        clock: Arc::new(FixedClock::on("2026-11-30".parse().unwrap())),
        actor: Actor {
            user: "tester".into(),
            device: "testmachine".into(),
        },
    };
    let state = AppState::new(dir.join("kluis"), KdfParams::INSECURE_FAST, ctx);
    dossierkluis_app::configure_with(mock_builder(), state)
        .build(dossierkluis_app::context())
        .expect("the app builds on the mock runtime")
}

pub fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, WebviewUrl::default())
        .build()
        .expect("a mock window opens")
}

/// Calls `cmd` as the page at tauri://localhost would; `Err` holds what the page's promise rejects with.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.into(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize().expect("JSON response"))
}

pub fn ok(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Value {
    invoke(window, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

/// A new vault made through `vault_create`, open in the window "main".
pub fn created_vault() -> (
    tempfile::TempDir,
    App<MockRuntime>,
    WebviewWindow<MockRuntime>,
) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_in(dir.path());
    let main = window(&app, "main");
    ok(
        &main,
        "vault_create",
        json!({ "passphrase_text": PASSPHRASE, "repeat": PASSPHRASE }),
    );
    (dir, app, main)
}

/// The `client_add` arguments for a client with this last name and postcode.
pub fn client(last_name: &str, postcode: &str) -> Value {
    json!({ "input": { "first_names": "Zoë", "last_name": last_name, "birth_date": "1985-06-01", "postcode": postcode } })
}

/// Chooses the practice's VAT treatment through `billing_settings_set` (care exempt, coaching 21 %):
/// a new vault has none, and no nota is made or issued until it has (issue 11).
pub fn choose_vat(window: &WebviewWindow<MockRuntime>) {
    ok(
        window,
        "billing_settings_set",
        json!({ "input": { "number_prefix": "", "payment_term_days": "14", "care_vat_mode": "exempt", "coaching_vat_mode": "vat21" } }),
    );
}

/// Saves the service "Consult" (prestatiecode 24504, haptotherapie, exempt) through
/// `billing_service_save`: no prestatiecode is assumed for a session kind (issue 11).
pub fn consult_service(window: &WebviewWindow<MockRuntime>) {
    ok(
        window,
        "billing_service_save",
        json!({ "input": { "kind": "Consult", "description": "haptotherapie", "tariff": "85,00", "prestatiecode": "24504", "vat_mode": "exempt" } }),
    );
}
