//! Generates the ACL for our own commands. Listing them here makes each one deny-by-default: a window
//! may call it only when a capability in `capabilities/` grants `allow-<command>`.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["app_info"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build refused tauri.conf.json, capabilities/ or icons/");
}
