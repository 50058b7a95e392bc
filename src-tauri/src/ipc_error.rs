//! The one error shape that crosses IPC: `{"code": …, "message": …}`.
//!
//! (plus `"fields": [{field, message}]` for form validation).
//!
//! `code` comes from a closed set the UI switches on (mirrored in `ui/src/lib/ipc.ts`); the UI never
//! matches on `message`. `message` is a Dutch sentence for the person at the keyboard. Neither ever holds
//! a passphrase, key material, a client's name or a file's contents.

use std::fmt;

use dossierkluis::{Error, ErrorCode};
use serde::Serialize;

/// What went wrong, as the UI needs to know it: the core's [`ErrorCode`] one for one, plus what only
/// the shell can say (`VaultLocked`). A closed set; `ui/src/lib/ipc.ts` mirrors it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IpcErrorCode {
    WrongPassphrase,
    WrongRecoveryCode,
    VaultInUse,
    VaultNotFound,
    VaultExists,
    NewerVersion,
    Corrupt,
    /// Input did not pass validation; `fields` says which field and why.
    InvalidInput,
    NotFound,
    NotAllowed,
    BackupTampered,
    WrongIdentity,
    Io,
    /// The vault is locked (by the person, the idle timer or never opened): unlock first.
    VaultLocked,
    /// A fault inside the app that the person cannot fix (a bug or a damaged installation).
    Internal,
}

impl From<ErrorCode> for IpcErrorCode {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::WrongPassphrase => IpcErrorCode::WrongPassphrase,
            ErrorCode::WrongRecoveryCode => IpcErrorCode::WrongRecoveryCode,
            ErrorCode::VaultInUse => IpcErrorCode::VaultInUse,
            ErrorCode::VaultNotFound => IpcErrorCode::VaultNotFound,
            ErrorCode::VaultExists => IpcErrorCode::VaultExists,
            ErrorCode::NewerVersion => IpcErrorCode::NewerVersion,
            ErrorCode::Corrupt => IpcErrorCode::Corrupt,
            ErrorCode::InvalidInput => IpcErrorCode::InvalidInput,
            ErrorCode::NotFound => IpcErrorCode::NotFound,
            ErrorCode::NotAllowed => IpcErrorCode::NotAllowed,
            ErrorCode::BackupTampered => IpcErrorCode::BackupTampered,
            ErrorCode::WrongIdentity => IpcErrorCode::WrongIdentity,
            ErrorCode::Io => IpcErrorCode::Io,
            ErrorCode::Internal => IpcErrorCode::Internal,
        }
    }
}

/// One form field's validation message, as the core wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcFieldError {
    pub field: String,
    pub message: String,
}

/// An error as the window receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    /// Only with `InvalidInput`: which fields to mark, each with its own sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<IpcFieldError>,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// For faults with no better code. The detail belongs in a log, never in this message.
    pub fn internal() -> Self {
        Self::new(
            IpcErrorCode::Internal,
            "Er ging iets mis in Dossierkluis. Start de app opnieuw; gebeurt het weer, neem dan contact op met de leverancier.",
        )
    }

    /// A command that needs the open vault, while it is locked.
    pub fn locked() -> Self {
        Self::new(
            IpcErrorCode::VaultLocked,
            "De kluis is vergrendeld. Open hem opnieuw met uw wachtwoordzin; er is niets verloren gegaan.",
        )
    }
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        Self {
            code: err.code.into(),
            message: err.message,
            fields: err
                .fields
                .into_iter()
                .map(|f| IpcFieldError {
                    field: f.field,
                    message: f.message,
                })
                .collect(),
        }
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
    fn core_validation_errors_keep_their_field_messages() {
        let core = Error::field("postcode", "Een postcode is vier cijfers en twee letters.");
        let json = serde_json::to_value(IpcError::from(core)).unwrap();
        assert_eq!(json["code"], "InvalidInput");
        assert_eq!(
            json["fields"][0]["field"], "postcode",
            "the form marks this field"
        );
        assert_eq!(
            json["fields"][0]["message"],
            "Een postcode is vier cijfers en twee letters."
        );
    }

    #[test]
    fn every_core_code_maps_to_the_ipc_code_of_the_same_name() {
        use dossierkluis::ErrorCode as C;
        for code in [
            C::WrongPassphrase,
            C::WrongRecoveryCode,
            C::VaultInUse,
            C::VaultNotFound,
            C::VaultExists,
            C::NewerVersion,
            C::Corrupt,
            C::InvalidInput,
            C::NotFound,
            C::NotAllowed,
            C::BackupTampered,
            C::WrongIdentity,
            C::Io,
            C::Internal,
        ] {
            let ipc = serde_json::to_value(IpcErrorCode::from(code)).unwrap();
            let core = serde_json::to_value(code).unwrap();
            let pascal: String = core
                .as_str()
                .unwrap()
                .split('_')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect();
            assert_eq!(
                ipc,
                pascal.as_str(),
                "the UI's switch relies on matching names"
            );
        }
    }

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
