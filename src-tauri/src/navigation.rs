//! Keeps every webview on the app's own page. The CSP stops the page from loading anything remote,
//! but not from navigating away (a link, a form, `location = …`); this refuses such navigation, so no
//! click can take the window, and the IPC that comes with it, to another site.
//!
//! [`forget_page`] is the other direction: on lock, the window drops its page and the process that
//! ran it. A reload alone would keep the same WebKit web process, and with it the JavaScript heap
//! (names, notes, the typed passphrase) in freed but unwiped memory; so on Linux the web process is
//! terminated first and the start page loads in a new one. Under WebDriver (the real-window tests)
//! WebKit would end the automation session with the process, so there the page is only reloaded.
//! Elsewhere the page is reloaded (WebView2 and WKWebView decide themselves whether that is a new
//! process; README "Known limits").

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{AppHandle, Manager, Runtime, Url};

/// Registered on every app; it has no commands, so it adds nothing to the IPC surface.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_page(url))
        .build()
}

/// Where Tauri serves the embedded page: `tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows.
fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Replaces the page of every window by a fresh load of the app's start page, in a new web process
/// on Linux. Only the unlock screen can come of it: the vault is locked before this is called.
pub fn forget_page<R: Runtime>(app: &AppHandle<R>) {
    for window in app.webview_windows().values() {
        let Ok(mut start) = window.url() else {
            continue;
        };
        start.set_path("/");
        start.set_query(None);
        start.set_fragment(None);
        if is_app_page(&start) {
            reload_in_new_process(window, start);
        }
    }
}

#[cfg(target_os = "linux")]
fn reload_in_new_process<R: Runtime>(window: &tauri::WebviewWindow<R>, start: Url) {
    let _ = window.with_webview(move |webview| {
        use webkit2gtk::WebViewExt;
        let view = webview.inner();
        // The next load starts a new web process; the old one, with its heap, is gone. Not under
        // WebDriver: WebKit ends the automation session when its page's web process is
        // terminated, so the real-window tests get a plain reload (README "Known limits").
        if !view.is_controlled_by_automation() {
            view.terminate_web_process();
        }
        view.load_uri(start.as_str());
    });
}

#[cfg(not(target_os = "linux"))]
fn reload_in_new_process<R: Runtime>(window: &tauri::WebviewWindow<R>, start: Url) {
    let _ = window.navigate(start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(url: &str) -> bool {
        is_app_page(&url.parse().unwrap())
    }

    #[test]
    fn the_embedded_page_may_load() {
        assert!(allowed("tauri://localhost"));
        assert!(allowed("tauri://localhost/index.html#/clienten"));
        assert!(allowed("http://tauri.localhost/"));
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "https://example.org/",
            "http://localhost:1420/",
            "file:///etc/passwd",
            "tauri://example.org/",
            "http://tauri.localhost.example.org/",
            "data:text/html,<script>alert(1)</script>",
            "javascript:alert(1)",
        ] {
            assert!(!allowed(url), "{url} must not replace the app's page");
        }
    }
}
