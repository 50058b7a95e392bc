//! `dossierkluis backup …`: make, check, preview and restore backups, and write the backup identity
//! for the `age` tool. `verify`, `preview` and `restore` work without `--vault`: a backup opens with
//! `--identity FILE`, the recovery code (DOSSIERKLUIS_RECOVERY_CODE) or the passphrase that was in force
//! when it was made (DOSSIERKLUIS_PASSPHRASE, or asked). Progress goes to stderr.

use super::{emit, secrets};
use clap::{Args, Subcommand};
use dossierkluis::backup::{
    self, BackupKey, BackupSecret, CreateOptions, Progress, RestoreOptions, RotationPolicy, Stage,
};
use dossierkluis::{Context, Error, Result, Vault};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zeroize::Zeroizing;

#[derive(Subcommand, Debug)]
pub enum BackupCommand {
    /// Maak een versleutelde back-up in een map (controleert hem meteen).
    Create {
        #[arg(long)]
        out: PathBuf,
        /// Bewaar alle back-ups (geen opruiming volgens 7 dagelijks, 4 wekelijks, 12 maandelijks).
        #[arg(long)]
        keep_all: bool,
    },
    /// Controleer een back-up volledig; exitcode 0 alleen als hij intact is.
    Verify {
        file: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Toon wat een back-up bevat (datum, aantallen, versie), zonder iets terug te zetten.
    Preview {
        file: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Zet een back-up terug in een nieuwe kluismap.
    Restore(RestoreArgs),
    /// Schrijf de back-upsleutel (age-identiteit) naar een bestand, voor `age -d -i`.
    Identity {
        #[arg(long)]
        out: PathBuf,
    },
    /// Toon de nieuwste back-up en of er een herinnering nodig is.
    Status {
        /// De back-upmap (anders de ingestelde map).
        #[arg(long)]
        folder: Option<PathBuf>,
    },
    /// Stel de map in voor automatische back-ups bij vergrendelen en sluiten (leeg: uit).
    SetFolder { folder: Option<PathBuf> },
}

#[derive(Args, Debug)]
pub struct KeyArgs {
    /// Een age-identiteitsbestand (van `backup identity`).
    #[arg(long)]
    identity: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    file: PathBuf,
    /// De nieuwe kluismap (leeg of nog niet bestaand).
    #[arg(long)]
    to: PathBuf,
    #[command(flatten)]
    key: KeyArgs,
    /// Vervang een bestaande kluis in --to (de oude wordt opzijgezet, niet verwijderd).
    #[arg(long)]
    overwrite: bool,
    /// Zet een back-up van vóór het echtheidskenmerk (formaat 1) ook terug met het sleutelbestand of
    /// de herstelcode, hoewel niet vast te stellen is dat uw kluis hem maakte.
    #[arg(long)]
    accept_unverified_origin: bool,
    #[command(flatten)]
    kdf: super::KdfArgs,
}

/// Prints whole percentages of each stage on stderr, one line per step of 10 %.
fn stderr_progress() -> impl FnMut(Progress) {
    let mut last: Option<(Stage, u64)> = None;
    move |p: Progress| {
        let pct = (p.done_bytes * 100)
            .checked_div(p.total_bytes)
            .unwrap_or(100)
            / 10
            * 10;
        if last != Some((p.stage, pct)) {
            last = Some((p.stage, pct));
            let what = match p.stage {
                Stage::Snapshot => "momentopname",
                Stage::Write => "versleutelen en schrijven",
                Stage::Verify => "controleren",
                Stage::Restore => "kluis terugzetten",
            };
            eprintln!("back-up: {what} {pct}%");
        }
    }
}

/// What the person gave to open a backup, when no vault is open.
fn secret(key: &KeyArgs) -> Result<BackupSecret> {
    if let Some(path) = &key.identity {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io("Het lezen van het sleutelbestand", &e))?;
        return Ok(BackupSecret::IdentityFile(Zeroizing::new(text)));
    }
    if std::env::var_os("DOSSIERKLUIS_RECOVERY_CODE").is_some() {
        return Ok(BackupSecret::RecoveryCode(secrets::recovery_code()?));
    }
    Ok(BackupSecret::Passphrase(secrets::passphrase()?))
}

/// Commands that need no open vault (they may use one when `--vault` is given).
pub fn run_without_vault(
    command: &BackupCommand,
    vault_dir: Option<&Path>,
    ctx: Context,
    json: bool,
) -> Result<Option<ExitCode>> {
    match command {
        BackupCommand::Verify { file, key } | BackupCommand::Preview { file, key } => {
            let backup_key = match (vault_dir, key.identity.is_none()) {
                (Some(dir), true) => {
                    let mut vault = Vault::open(dir, &secrets::passphrase()?, ctx)?;
                    let k = BackupKey::from_vault(&mut vault);
                    vault.lock()?;
                    k?
                }
                _ => BackupKey::from_secret(secret(key)?)?,
            };
            let opened = backup::open(file, backup_key)?;
            if let BackupCommand::Preview { .. } = command {
                emit(json, &opened.preview(), |p| {
                    format!(
                        "Back-up van {} (Dossierkluis {}): {} cliënten, {} aantekeningen, {} sessies, {} documenten.",
                        p.created_at, p.app_version, p.clients, p.entries, p.sessions, p.documents
                    )
                });
                return Ok(Some(ExitCode::SUCCESS));
            }
            let report = opened.verify(&mut stderr_progress())?;
            emit(json, &report, |r| {
                format!(
                    "De back-up is intact: gemaakt {}, {} cliënten.",
                    r.manifest.created_at,
                    r.manifest.count("clients")
                )
            });
            Ok(Some(ExitCode::SUCCESS))
        }
        BackupCommand::Restore(args) => {
            // The current vault's destruction register, when one is given, so nothing destroyed
            // comes back.
            let destroyed = match vault_dir.filter(|d| Vault::exists(d)) {
                Some(dir) => {
                    let vault = Vault::open(dir, &secrets::passphrase()?, ctx.clone())?;
                    let numbers = backup::destroyed_client_numbers(vault.store());
                    vault.lock()?;
                    numbers?
                }
                _ => Vec::new(),
            };
            let secret = secret(&args.key)?;
            let new_passphrase = match &secret {
                BackupSecret::Passphrase(p) => match std::env::var("DOSSIERKLUIS_NEW_PASSPHRASE") {
                    Ok(n) => dossierkluis::Passphrase::new(&Zeroizing::new(n)),
                    Err(_) => p.clone(),
                },
                _ => secrets::new_passphrase("DOSSIERKLUIS_NEW_PASSPHRASE")?,
            };
            let mut opened = backup::open(&args.file, BackupKey::from_secret(secret)?)?;
            if args.accept_unverified_origin {
                opened.accept_unverified_origin();
            }
            let outcome = opened.restore(
                &RestoreOptions {
                    to: &args.to,
                    new_passphrase: &new_passphrase,
                    kdf: args.kdf.params(),
                    overwrite: args.overwrite,
                    destroyed_client_numbers: &destroyed,
                },
                ctx,
                &mut stderr_progress(),
            )?;
            let code = outcome
                .new_recovery_code
                .as_ref()
                .map(|c| Zeroizing::new(c.expose_secret()));
            let value = json!({
                "dir": outcome.dir,
                "created_at": outcome.manifest.created_at,
                "clients": outcome.manifest.count("clients"),
                "removed_destroyed": outcome.removed_destroyed,
                "replaced_vault_moved_to": outcome.replaced_vault_moved_to,
                "recovery_code": code.as_deref().map(|c| c.as_str()),
            });
            emit(json, &value, |_| {
                let mut out = format!(
                    "De back-up van {} is teruggezet in {}.",
                    outcome.manifest.created_at,
                    outcome.dir.display()
                );
                if let Some(moved) = &outcome.replaced_vault_moved_to {
                    out += &format!("\nDe vorige kluis staat nu in {}.", moved.display());
                }
                if let Some(c) = &code {
                    out += &format!("\n\nDe teruggezette kluis heeft een nieuwe herstelcode (schrijf hem op; hij wordt niet nog eens getoond):\n\n    {}\n", c.as_str());
                }
                out
            });
            Ok(Some(ExitCode::SUCCESS))
        }
        _ => Ok(None),
    }
}

/// Commands on the open vault.
pub fn run_with_vault(vault: &mut Vault, command: &BackupCommand, json: bool) -> Result<()> {
    match command {
        BackupCommand::Create { out, keep_all } => {
            let exclude = backup::clients_due_for_destruction(vault.store())?;
            let made = backup::create(
                vault,
                out,
                &CreateOptions {
                    exclude_client_ids: &exclude,
                    rotation: (!keep_all).then(RotationPolicy::default),
                },
                &mut stderr_progress(),
            )?;
            emit(
                json,
                &json!({
                    "file": made.file,
                    "bytes": made.bytes,
                    "created_at": made.manifest.created_at,
                    "rotated_away": made.rotated_away,
                }),
                |_| format!("Back-up gemaakt en gecontroleerd: {}", made.file.display()),
            );
        }
        BackupCommand::Identity { out } => {
            let identity = backup::backup_identity(vault)?;
            let now = dossierkluis::dates::instant_text(vault.store().context().clock.now());
            let text = identity.identity_file_text(&now);
            write_private(out, text.as_bytes())?;
            emit(
                json,
                &json!({ "file": out, "recipient": identity.recipient }),
                |_| {
                    format!(
                        "De back-upsleutel staat in {}. Bewaar dit bestand even zorgvuldig als uw herstelcode.\nOntsleutelen zonder Dossierkluis: age -d -i {} BACK-UP.age | tar -x",
                        out.display(),
                        out.display()
                    )
                },
            );
        }
        BackupCommand::Status { folder } => {
            let status = backup::status_of_folder(vault, folder.as_deref())?;
            emit(json, &status, |s| match (&s.newest_at, s.reminder) {
                (None, _) => "Er is nog geen back-up gemaakt. Maak er nu een.".into(),
                (Some(at), true) => format!(
                    "De nieuwste back-up is van {at}, meer dan {} dagen geleden. Maak een nieuwe.",
                    backup::REMINDER_AFTER_DAYS
                ),
                (Some(at), false) => format!("De nieuwste back-up is van {at}."),
            });
        }
        BackupCommand::SetFolder { folder } => {
            vault.store_mut().set_backup_folder(folder.as_deref())?;
            emit(json, &json!({ "folder": folder }), |_| match folder {
                Some(f) => format!(
                    "Bij vergrendelen en sluiten wordt een back-up gemaakt in {}.",
                    f.display()
                ),
                None => "Automatische back-ups staan uit.".into(),
            });
        }
        BackupCommand::Verify { .. }
        | BackupCommand::Preview { .. }
        | BackupCommand::Restore(_) => {
            unreachable!("handled without an open vault")
        }
    }
    Ok(())
}

/// Writes a secret file readable only by its owner from its first byte: a 0600 temporary sibling,
/// fsync, rename, fsync of the folder.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let fail = |e: std::io::Error| Error::io("Het opslaan van de back-upsleutel", &e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        dossierkluis::atomic_file::sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// The one entry point from `cli::run`: commands that need no vault first, then the rest on the open
/// vault (locked again afterwards).
pub fn run(
    command: &BackupCommand,
    vault_dir: Option<&Path>,
    ctx: Context,
    json: bool,
) -> Result<ExitCode> {
    if let Some(code) = run_without_vault(command, vault_dir, ctx.clone(), json)? {
        return Ok(code);
    }
    let dir = vault_dir.ok_or_else(|| {
        Error::new(
            dossierkluis::ErrorCode::InvalidInput,
            "Geef de map van de kluis op met --vault MAP (of DOSSIERKLUIS_VAULT).",
        )
    })?;
    let mut vault = Vault::open(dir, &secrets::passphrase()?, ctx)?;
    let result = run_with_vault(&mut vault, command, json);
    vault.lock()?;
    result.map(|_| ExitCode::SUCCESS)
}
