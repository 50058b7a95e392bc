//! Where the CLI gets secrets: an environment variable (for scripts and tests) or a prompt without echo.

use dossierkluis::{Error, ErrorCode, Passphrase, RecoveryCode, Result};
use zeroize::Zeroizing;

fn prompt(question: &str) -> Result<Zeroizing<String>> {
    rpassword::prompt_password(question)
        .map(Zeroizing::new)
        .map_err(|_| Error::new(ErrorCode::InvalidInput, "Er kon niet om een wachtwoordzin worden gevraagd. Zet hem in DOSSIERKLUIS_PASSPHRASE."))
}

/// The current passphrase.
pub fn passphrase() -> Result<Passphrase> {
    match std::env::var("DOSSIERKLUIS_PASSPHRASE") {
        Ok(p) => Ok(Passphrase::new(&Zeroizing::new(p))),
        Err(_) => Ok(Passphrase::new(&prompt("Wachtwoordzin: ")?)),
    }
}

/// A new passphrase from `env_var`, or asked twice.
pub fn new_passphrase(env_var: &str) -> Result<Passphrase> {
    if let Ok(p) = std::env::var(env_var) {
        return Ok(Passphrase::new(&Zeroizing::new(p)));
    }
    let first = prompt("Nieuwe wachtwoordzin: ")?;
    let second = prompt("Herhaal de nieuwe wachtwoordzin: ")?;
    if first != second {
        return Err(Error::field(
            "passphrase",
            "De twee wachtwoordzinnen zijn niet gelijk. Probeer het opnieuw.",
        ));
    }
    Ok(Passphrase::new(&first))
}

pub fn recovery_code() -> Result<RecoveryCode> {
    let typed = match std::env::var("DOSSIERKLUIS_RECOVERY_CODE") {
        Ok(c) => Zeroizing::new(c),
        Err(_) => prompt("Herstelcode: ")?,
    };
    RecoveryCode::parse(&typed).ok_or_else(|| {
        Error::new(ErrorCode::WrongRecoveryCode, "Dit is geen geldige herstelcode. Een herstelcode bestaat uit 8 groepjes van 4 tekens; controleer uw herstelblad.")
    })
}
