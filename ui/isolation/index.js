// Tauri's isolation pattern: every IPC message from the page passes through this sandboxed iframe,
// which Tauri encrypts (AES-GCM, a new key each start) before the message reaches Rust. So a script
// that gets into the page (a compromised npm package, say) cannot talk to Rust around it. The hook
// passes messages on unchanged: which command a window may call is decided in Rust, by the ACL in
// src-tauri/capabilities/, not here.
window.__TAURI_ISOLATION_HOOK__ = (payload) => payload;
