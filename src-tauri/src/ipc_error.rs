//! The one error shape that crosses IPC: `{"code": …, "message": …}`.
//!
//! `code` comes from a closed set the UI switches on (mirrored in `ui/src/lib/ipc.ts`); the UI never
//! matches on `message`. `message` is a Dutch sentence for the person at the keyboard. Neither ever holds
//! a passphrase, key material, a client's name or a file's contents.

use std::fmt;

use serde::Serialize;

/// What went wrong, as the UI needs to know it. Grows with the core's error types, one variant per
/// thing the person can act on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IpcErrorCode {
    /// A fault inside the app that the person cannot fix (a bug or a damaged installation).
    Internal,
}

/// An error as the window receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// For faults with no better code. The detail belongs in a log, never in this message.
    pub fn internal() -> Self {
        Self::new(
            IpcErrorCode::Internal,
            "Er ging iets mis in Dossierkluis. Start de app opnieuw; gebeurt het weer, neem dan contact op met de leverancier.",
        )
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let json = serde_json::to_value(IpcError::internal()).unwrap();
        assert_eq!(
            json["code"], "Internal",
            "the UI switches on this exact string"
        );
        assert!(json["message"]
            .as_str()
            .unwrap()
            .starts_with("Er ging iets mis"));
        assert_eq!(
            json.as_object().unwrap().len(),
            2,
            "nothing else may leak across IPC"
        );
    }
}
