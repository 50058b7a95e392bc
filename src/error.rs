//! One error shape for every layer: a stable [`ErrorCode`] the UI and scripts switch on, and a Dutch
//! sentence for the person that says what happened and what to do.
//!
//! Errors never carry secrets: no passphrase, key or clinical text appears in a message, in `Debug`
//! output or in a source error. Crypto failures say only that the passphrase or code did not fit.

use serde::Serialize;
use std::fmt;

/// The closed set of error kinds. Serialised in `snake_case`; the UI and CLI scripts may rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The passphrase does not open this vault.
    WrongPassphrase,
    /// The recovery code does not open this vault.
    WrongRecoveryCode,
    /// Another program (or another window of this one) has the vault open.
    VaultInUse,
    /// There is no vault in the chosen folder.
    VaultNotFound,
    /// A vault already exists in the chosen folder.
    VaultExists,
    /// The vault was written by a newer version of Dossierkluis.
    NewerVersion,
    /// A vault file is damaged or not a Dossierkluis file.
    Corrupt,
    /// Input did not pass validation; `fields` says which.
    InvalidInput,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The action is not allowed on this record (e.g. changing a cliëntverklaring).
    NotAllowed,
    /// A backup file is damaged, altered, incomplete or not a Dossierkluis backup.
    BackupTampered,
    /// The identity file (or this vault's backup key) does not open this backup.
    WrongIdentity,
    /// Reading or writing a file failed.
    Io,
    /// A fault in Dossierkluis itself.
    Internal,
}

/// A validation message for one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the API and UI use it (e.g. `postcode`).
    pub field: String,
    /// A Dutch sentence for the person.
    pub message: String,
}

/// The error every public function returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub code: ErrorCode,
    /// A Dutch sentence: what happened, and what to do.
    pub message: String,
    /// Per-field validation messages (only with [`ErrorCode::InvalidInput`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A validation error for one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Error {
            code: ErrorCode::InvalidInput,
            message: message.clone(),
            fields: vec![FieldError {
                field: field.to_string(),
                message,
            }],
        }
    }

    /// A validation error for several fields at once, so a form can mark all of them.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [one] => one.message.clone(),
            _ => format!(
                "{} velden zijn niet goed ingevuld. Verbeter ze en probeer het opnieuw.",
                fields.len()
            ),
        };
        Error {
            code: ErrorCode::InvalidInput,
            message,
            fields,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Error::new(
            ErrorCode::NotFound,
            format!("{what} bestaat niet (meer). Ververs het overzicht en probeer het opnieuw."),
        )
    }

    pub fn internal(context: &str) -> Self {
        Error::new(
            ErrorCode::Internal,
            format!("Er ging iets mis in Dossierkluis ({context}). Er is niets gewijzigd. Probeer het opnieuw; lukt het niet, maak dan een back-up en neem contact op met de ontwikkelaars."),
        )
    }

    pub fn io(action: &str, err: &std::io::Error) -> Self {
        let hint = match err.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "U heeft geen toestemming voor deze map of dit bestand."
            }
            std::io::ErrorKind::NotFound => "Het bestand of de map bestaat niet.",
            std::io::ErrorKind::StorageFull => {
                "De schijf is vol. Maak ruimte vrij en probeer het opnieuw."
            }
            _ => "Controleer of de schijf bereikbaar is en probeer het opnieuw.",
        };
        Error::new(ErrorCode::Io, format!("{action} is niet gelukt. {hint}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as Sql;
        match &err {
            rusqlite::Error::QueryReturnedNoRows => Error::not_found("Dit gegeven"),
            rusqlite::Error::SqliteFailure(e, msg) => match e.code {
                Sql::NotADatabase | Sql::DatabaseCorrupt => Error::new(
                    ErrorCode::Corrupt,
                    "Het kluisbestand is beschadigd of geen Dossierkluis-bestand. Zet een back-up terug.",
                ),
                Sql::DatabaseBusy | Sql::DatabaseLocked => Error::new(
                    ErrorCode::VaultInUse,
                    "De kluis is even bezet. Wacht een moment en probeer het opnieuw.",
                ),
                Sql::DiskFull => Error::new(ErrorCode::Io, "De schijf is vol. Maak ruimte vrij en probeer het opnieuw; er is niets gewijzigd."),
                Sql::ConstraintViolation => constraint_error(msg.as_deref()),
                _ => Error::internal("database"),
            },
            _ => Error::internal("database"),
        }
    }
}

/// Triggers raise `dk:<reason>`; everything else is a plain constraint.
fn constraint_error(msg: Option<&str>) -> Error {
    match msg.unwrap_or_default() {
        m if m.contains("dk:clientverklaring") => Error::new(
            ErrorCode::NotAllowed,
            "Een cliëntverklaring is de eigen verklaring van de cliënt en kan niet worden gewijzigd of verwijderd.",
        ),
        m if m.contains("dk:append_only") => Error::new(
            ErrorCode::NotAllowed,
            "Dit gegeven mag niet worden gewijzigd of verwijderd: eerdere versies en het logboek blijven altijd bewaard.",
        ),
        m if m.contains("dk:invoice_issued") => Error::new(
            ErrorCode::NotAllowed,
            "Deze nota is al uitgereikt en kan niet meer worden gewijzigd of verwijderd. Maak een creditnota die haar crediteert.",
        ),
        m if m.contains("dk:restricted") => Error::new(
            ErrorCode::NotAllowed,
            "Dit dossier is beperkt op verzoek van de cliënt en kan nu niet worden gewijzigd.",
        ),
        _ => Error::new(
            ErrorCode::InvalidInput,
            "Dit gegeven past niet bij wat er al in de kluis staat (bijvoorbeeld een dubbel nummer). Er is niets gewijzigd.",
        ),
    }
}
