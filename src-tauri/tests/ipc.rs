//! The commands as the window reaches them: through IPC, the ACL and JSON, on the mock runtime (no
//! display needed). The real window is covered by tests/e2e/.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

fn app() -> App<MockRuntime> {
    dossierkluis_app::configure(mock_builder())
        .build(dossierkluis_app::context())
        .expect("the app builds on the mock runtime")
}

fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, WebviewUrl::default())
        .build()
        .expect("a mock window opens")
}

/// Calls `cmd` as the page at tauri://localhost would; `Err` holds what the page's promise rejects with.
fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
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
fn an_unknown_command_is_refused() {
    let app = app();
    let main = window(&app, "main");
    assert!(invoke(&main, "read_any_file", json!({ "path": "/etc/passwd" })).is_err());
}
