//! Keeps every webview on the app's own page. The CSP stops the page from loading anything remote,
//! but not from navigating away (a link, a form, `location = …`); this refuses such navigation, so no
//! click can take the window, and the IPC that comes with it, to another site.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

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
