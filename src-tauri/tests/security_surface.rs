//! The window's reach, pinned: the CSP from `tauri.conf.json` and the ACL resolved from `capabilities/`
//! (which command which window may call), exactly as tauri-build and the runtime see them.
//!
//! `security-snapshot.json` is the approved surface. Any change to it, wider or narrower, fails
//! `surface_matches_the_approved_snapshot` until someone reviews and accepts it:
//! `UPDATE_SECURITY_SNAPSHOT=1 cargo test -p dossierkluis-app --test security_surface`, then the diff
//! of `security-snapshot.json` goes through review with the change. The other tests are rules no
//! snapshot update can accept: no file, shell or network access, no eval, no remote script.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use tauri::utils::acl::capability::Capability;
use tauri::utils::acl::manifest::Manifest;
use tauri::utils::acl::resolved::{Resolved, ResolvedCommand};
use tauri::utils::acl::{get_capabilities, ExecutionContext};
use tauri::utils::config::Config;
use tauri::utils::platform::Target;

const SNAPSHOT: &str = "security-snapshot.json";
const FORBIDDEN_PLUGINS: [&str; 3] = ["fs", "shell", "http"];
const DESKTOP: [(&str, Target); 3] = [
    ("linux", Target::Linux),
    ("macOS", Target::MacOS),
    ("windows", Target::Windows),
];

fn read_json(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn tauri_conf() -> Value {
    read_json("tauri.conf.json")
}

/// Directive name → sources. A directive named twice fails: browsers obey only the first, which a
/// reader of the config could easily miss.
fn csp_directives(csp: &str) -> BTreeMap<String, Vec<String>> {
    let mut directives = BTreeMap::new();
    for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut parts = directive.split_whitespace();
        let name = parts.next().unwrap().to_ascii_lowercase();
        let sources = parts.map(str::to_owned).collect();
        assert!(
            directives.insert(name.clone(), sources).is_none(),
            "CSP names {name} twice"
        );
    }
    directives
}

fn csp() -> BTreeMap<String, Vec<String>> {
    let conf = tauri_conf();
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("app.security.csp is set, as one string (without it Tauri enforces no CSP at all)");
    csp_directives(csp)
}

/// The ACL manifests (every permission that exists) and the capabilities the build enabled.
fn acl() -> (BTreeMap<String, Manifest>, BTreeMap<String, Capability>) {
    // Both files are written by tauri-build in build.rs, which has run before this test compiled.
    let manifests = serde_json::from_value(read_json("gen/schemas/acl-manifests.json")).unwrap();
    let from_files = serde_json::from_value(read_json("gen/schemas/capabilities.json")).unwrap();
    let config: Config = serde_json::from_value(tauri_conf()).expect("a Tauri 2 config");
    let capabilities = get_capabilities(&config, from_files, None).expect("capabilities resolve");
    (manifests, capabilities)
}

fn permission_ids(capability: &Capability) -> Vec<String> {
    let json = serde_json::to_value(capability).unwrap();
    json["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().or(p["identifier"].as_str()).unwrap().to_owned())
        .collect()
}

fn describe(command: &ResolvedCommand, resolved: &Resolved) -> Value {
    let context = match &command.context {
        ExecutionContext::Local => "local".to_owned(),
        ExecutionContext::Remote { url } => format!("remote {url:?}"),
    };
    let scope = command
        .scope_id
        .and_then(|id| resolved.command_scope.get(&id))
        .map(|s| {
            json!({ "allow": s.allow.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>(),
                         "deny": s.deny.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>() })
        });
    json!({
        "context": context,
        "windows": command.windows.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "webviews": command.webviews.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "scope": scope,
    })
}

fn commands(map: &BTreeMap<String, Vec<ResolvedCommand>>, resolved: &Resolved) -> Value {
    map.iter()
        .map(|(name, grants)| {
            let grants: Vec<Value> = grants.iter().map(|c| describe(c, resolved)).collect();
            (name.clone(), Value::from(grants))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Everything that decides what the page can load and call.
fn surface() -> Value {
    let conf = tauri_conf();
    let security = &conf["app"]["security"];
    let (manifests, capabilities) = acl();

    let mut per_target = serde_json::Map::new();
    for (name, target) in DESKTOP {
        let resolved = Resolved::resolve(&manifests, capabilities.clone(), target)
            .expect("the ACL resolves as the runtime resolves it");
        let global_scopes: Vec<&String> = resolved.global_scope.keys().collect();
        per_target.insert(
            name.into(),
            json!({
                "allowed": commands(&resolved.allowed_commands, &resolved),
                "denied": commands(&resolved.denied_commands, &resolved),
                "globalScopes": global_scopes,
            }),
        );
    }

    let capabilities: BTreeMap<&String, Value> = capabilities
        .iter()
        .map(|(id, c)| {
            let mut c = serde_json::to_value(c).unwrap();
            c.as_object_mut().unwrap().remove("description"); // prose, not reach
            (id, c)
        })
        .collect();

    json!({
        "csp": csp(),
        "devCsp": security.get("devCsp"),
        "pattern": security.get("pattern"),
        "freezePrototype": security.get("freezePrototype"),
        "dangerousDisableAssetCspModification": security.get("dangerousDisableAssetCspModification"),
        "assetProtocol": security.get("assetProtocol"),
        "withGlobalTauri": conf["app"].get("withGlobalTauri"),
        "devUrl": conf["build"].get("devUrl"),
        "plugins": manifests.keys().collect::<Vec<_>>(),
        "capabilities": capabilities,
        "resolved": per_target,
    })
}

#[test]
fn surface_matches_the_approved_snapshot() {
    let actual = surface();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    let pretty = serde_json::to_string_pretty(&actual).unwrap() + "\n";
    if std::env::var_os("UPDATE_SECURITY_SNAPSHOT").is_some() {
        fs::write(&path, pretty).unwrap();
        return;
    }
    let approved = read_json(SNAPSHOT);
    let mut changes = Vec::new();
    diff("", &approved, &actual, &mut changes);
    assert!(
        changes.is_empty(),
        "the window's CSP or IPC permissions changed:\n{}\n\nIf this is intended, run \
         `UPDATE_SECURITY_SNAPSHOT=1 cargo test -p dossierkluis-app --test security_surface` \
         and commit {SNAPSHOT} with the change, for review.",
        changes.join("\n")
    );
}

/// One line per difference, as `path: approved -> now`.
fn diff(path: &str, approved: &Value, now: &Value, changes: &mut Vec<String>) {
    match (approved, now) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let null = Value::Null;
                let (old, new) = (a.get(key).unwrap_or(&null), b.get(key).unwrap_or(&null));
                diff(&format!("{path}/{key}"), old, new, changes);
            }
        }
        (a, b) if a != b => changes.push(format!("  {path}: {a} -> {b}")),
        _ => {}
    }
}

#[test]
fn the_csp_only_runs_the_apps_own_scripts() {
    let csp = csp();
    let sources = |d: &str| csp.get(d).cloned().unwrap_or_default();

    assert_eq!(
        sources("default-src"),
        ["'self'"],
        "everything not named falls back to 'self'"
    );
    assert_eq!(
        sources("script-src"),
        ["'self'"],
        "scripts come from the bundled files only: no inline, eval, data: or blob: scripts \
         (data:/blob: would void the nonces Tauri adds)"
    );
    assert_eq!(sources("object-src"), ["'none'"]);
    assert_eq!(sources("base-uri"), ["'none'"]);
    for (directive, list) in &csp {
        for forbidden in ["'unsafe-eval'", "'wasm-unsafe-eval'", "*"] {
            assert!(
                !list.iter().any(|s| s == forbidden),
                "{directive} allows {forbidden}"
            );
        }
    }
}

#[test]
fn the_csp_reaches_no_network() {
    let csp = csp();
    let connect = csp
        .get("connect-src")
        .expect("connect-src is set explicitly");
    for source in connect {
        assert!(
            ["ipc:", "http://ipc.localhost"].contains(&source.as_str()),
            "connect-src may only reach our own IPC, not {source}"
        );
    }
    for (directive, list) in &csp {
        for source in list {
            let scheme_only = ["http:", "https:", "ws:", "wss:", "ftp:"].contains(&source.as_str());
            let remote_host = source.contains("://")
                && !source.trim_start_matches("http://").ends_with(".localhost");
            assert!(
                !scheme_only && !remote_host,
                "{directive} lets the page reach {source}"
            );
        }
    }
}

#[test]
fn no_file_shell_or_http_access_exists() {
    let (manifests, capabilities) = acl();
    for plugin in FORBIDDEN_PLUGINS {
        assert!(
            !manifests.contains_key(plugin),
            "the {plugin} plugin is compiled in; file and network access go through our own narrow commands"
        );
    }
    for capability in capabilities.values() {
        for id in permission_ids(capability) {
            assert!(
                !FORBIDDEN_PLUGINS
                    .iter()
                    .any(|p| id.starts_with(&format!("{p}:"))),
                "capability {} grants {id}",
                capability.identifier
            );
        }
        assert!(
            capability.remote.is_none(),
            "capability {} gives remote pages IPC access",
            capability.identifier
        );
    }
}

#[test]
fn the_page_gets_no_global_tauri_no_dev_server_and_isolated_ipc() {
    let conf = tauri_conf();
    assert_ne!(
        conf["app"]["withGlobalTauri"],
        json!(true),
        "window.__TAURI__ hands every injected script the whole API"
    );
    assert!(
        conf["build"].get("devUrl").is_none(),
        "a plain cargo build is a dev build and would load devUrl instead of the embedded page"
    );
    let security = &conf["app"]["security"];
    assert_eq!(
        security["pattern"]["use"],
        json!("isolation"),
        "IPC must pass through the isolation iframe, so a script slipped into the page cannot \
         reach Rust around it"
    );
    assert!(
        security.get("devCsp").is_none(),
        "dev builds would run under a different CSP"
    );
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none(),
        "Tauri's nonces and hashes keep inline scripts out"
    );
}

#[test]
fn the_window_gets_only_our_own_commands_and_no_plugin_permission() {
    let (_, capabilities) = acl();
    for capability in capabilities.values() {
        for id in permission_ids(capability) {
            assert!(
                id.starts_with("allow-") && !id.contains(':'),
                "capability {} grants {id}: the window may call our own commands only (files and \
                 dialogs are handled in Rust, so no core:, dialog: or other plugin permission)",
                capability.identifier
            );
        }
    }
}
