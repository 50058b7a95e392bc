//! Argument parsing and the commands. Each command calls the library and prints its result; no
//! domain decision is made here.

mod backup;
mod billing;
mod retention;
mod secrets;

use clap::{Args, Parser, Subcommand};
use dossierkluis::dossier::{
    ClientInput, ClientStatus, ConsentInput, ConsentPurpose, EntryInput, EntryKind, Regime,
    RepresentativeInput, SessionInput, SessionStatus, TrajectInput,
};
use dossierkluis::practice::Practice;
use dossierkluis::{Context, Error, ErrorCode, FixedClock, KdfParams, Result, Vault};
use serde::Serialize;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "dossierkluis",
    version,
    about = "Versleutelde praktijkdossiers: de opdrachtregel van Dossierkluis."
)]
pub struct Cli {
    /// De map van de kluis.
    #[arg(long, global = true, env = "DOSSIERKLUIS_VAULT")]
    vault: Option<PathBuf>,
    /// Uitvoer als JSON op stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Doe alsof het vandaag deze datum is (JJJJ-MM-DD), voor simulaties en tests.
    #[arg(long, global = true)]
    today: Option<String>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run; the size difference between variants does not matter here.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Maak een nieuwe kluis; toont eenmalig de herstelcode.
    Init(InitArgs),
    /// Wijzig de wachtwoordzin (nieuwe uit DOSSIERKLUIS_NEW_PASSPHRASE of een vraag).
    Passwd,
    /// Open de kluis met de herstelcode en stel een nieuwe wachtwoordzin in.
    Recover,
    /// Toon de openbare gegevens van de kluis (zonder wachtwoordzin).
    Info,
    /// Controleer het kluisbestand (integrity_check en cipher_integrity_check).
    Check,
    #[command(subcommand)]
    Client(ClientCommand),
    #[command(subcommand)]
    Representative(RepresentativeCommand),
    #[command(subcommand)]
    Traject(TrajectCommand),
    #[command(subcommand)]
    Session(SessionCommand),
    #[command(subcommand)]
    Entry(EntryCommand),
    #[command(subcommand)]
    Consent(ConsentCommand),
    #[command(subcommand)]
    Document(DocumentCommand),
    /// Open het hele dossier van een cliënt.
    Dossier { client_id: i64 },
    /// Zoek in cliënten en aantekeningen.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    #[command(subcommand)]
    Audit(AuditCommand),
    #[command(subcommand)]
    Practice(PracticeCommand),
    /// Versleutelde back-ups: maken, controleren, bekijken, terugzetten, sleutel opslaan.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Zorgnota's en facturen: maken, uitreiken, betalen, crediteren, PDF.
    #[command(subcommand)]
    Invoice(billing::InvoiceCommand),
    /// Factuurinstellingen, tarieven, prestatiecodes en zakelijke klanten.
    #[command(subcommand)]
    Billing(billing::BillingCommand),
    /// Bewaartermijnen, vernietiging, blokkades, beperking en het vernietigingsregister.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// Verzoeken van cliënten (inzage, vernietiging, …) met hun termijnen.
    #[command(subcommand)]
    Request(retention::RequestCommand),
    /// Exports: CSV en UBL voor de boekhouder, een kopie van een dossier voor de cliënt.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Vul een lege kluis met een nagemaakte praktijk (maakt de kluis zo nodig aan).
    Demo(DemoArgs),
    /// Schrijf opnieuw een herstelblad (PDF) met de back-upsleutel. De herstelcode zelf staat alleen
    /// op het blad van `init --sheet`: hij wordt maar één keer getoond.
    RecoverySheet {
        /// Het PDF-bestand om te schrijven (alleen leesbaar voor u).
        #[arg(long)]
        out: PathBuf,
    },
    #[command(subcommand, hide = true)]
    Debug(DebugCommand),
}

/// One `export` command whose forms come from two areas: the bookkeeper's (billing) and the client's
/// (retention).
#[derive(Subcommand, Debug)]
enum ExportCommand {
    #[command(flatten)]
    Bookkeeping(billing::ExportCommand),
    #[command(flatten)]
    DossierCopy(retention::ExportCommand),
}

#[derive(Args, Debug)]
struct InitArgs {
    #[command(flatten)]
    kdf: KdfArgs,
    /// Schrijf meteen het herstelblad (PDF, met herstelcode en back-upsleutel) naar dit bestand.
    #[arg(long)]
    sheet: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct DemoArgs {
    #[arg(long, default_value_t = 50)]
    clients: u32,
    #[arg(long, default_value_t = 5)]
    years: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[command(flatten)]
    kdf: KdfArgs,
}

/// The key derivation for a new vault: today's strength. Only test builds (feature
/// `insecure-fast-kdf`, which the tests turn on) know the hidden `--insecure-fast-kdf`; a release
/// CLI refuses it as an unknown argument.
#[derive(Args, Debug, Default)]
pub(crate) struct KdfArgs {
    /// Snelle, zwakke sleutelafleiding: alleen in testbuilds, nooit voor echte dossiers.
    #[cfg(feature = "insecure-fast-kdf")]
    #[arg(long, hide = true)]
    insecure_fast_kdf: bool,
}

impl KdfArgs {
    pub(crate) fn params(&self) -> KdfParams {
        #[cfg(feature = "insecure-fast-kdf")]
        if self.insecure_fast_kdf {
            return KdfParams::INSECURE_FAST;
        }
        KdfParams::STRONG
    }
}

#[derive(Args, Debug, Default)]
struct ClientFields {
    #[arg(long)]
    first_name: Option<String>,
    #[arg(long)]
    call_name: Option<String>,
    #[arg(long)]
    tussenvoegsel: Option<String>,
    #[arg(long)]
    last_name: Option<String>,
    #[arg(long)]
    birth_date: Option<String>,
    #[arg(long)]
    street: Option<String>,
    #[arg(long)]
    house_number: Option<String>,
    #[arg(long)]
    postcode: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    huisarts: Option<String>,
    #[arg(long)]
    insurer: Option<String>,
    #[arg(long)]
    polisnummer: Option<String>,
    /// prospect, active of closed.
    #[arg(long)]
    status: Option<String>,
}

impl ClientFields {
    /// Applies the given fields over `base` (all empty for a new client).
    fn apply(&self, mut base: ClientInput) -> Result<ClientInput> {
        let set = |target: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                *target = v.clone();
            }
        };
        set(&mut base.first_names, &self.first_name);
        set(&mut base.call_name, &self.call_name);
        set(&mut base.tussenvoegsel, &self.tussenvoegsel);
        set(&mut base.last_name, &self.last_name);
        set(&mut base.birth_date, &self.birth_date);
        set(&mut base.street, &self.street);
        set(&mut base.house_number, &self.house_number);
        set(&mut base.postcode, &self.postcode);
        set(&mut base.city, &self.city);
        set(&mut base.email, &self.email);
        set(&mut base.phone, &self.phone);
        set(&mut base.huisarts, &self.huisarts);
        set(&mut base.insurer, &self.insurer);
        set(&mut base.polisnummer, &self.polisnummer);
        if let Some(s) = &self.status {
            base.status = serde_json::from_value(json!(s)).map_err(|_| {
                Error::field("status", "Kies als status prospect, active of closed.")
            })?;
        }
        Ok(base)
    }
}

#[derive(Subcommand, Debug)]
enum ClientCommand {
    /// Voeg een cliënt toe.
    Add(ClientFields),
    /// Wijzig personalia (administratief: de bewaartermijn loopt niet opnieuw).
    Update {
        id: i64,
        #[command(flatten)]
        fields: ClientFields,
    },
    /// Toon de personalia van een cliënt.
    Show { id: i64 },
    /// Lijst van cliënten.
    List {
        #[arg(long)]
        status: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum RepresentativeCommand {
    Add {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        relation: String,
        /// De vertegenwoordiger heeft gezag.
        #[arg(long)]
        gezag: bool,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
}

#[derive(Subcommand, Debug)]
enum TrajectCommand {
    Add {
        #[arg(long)]
        client: i64,
        /// wgbo of coaching.
        #[arg(long, default_value = "wgbo")]
        regime: String,
        #[arg(long)]
        start: String,
        #[arg(long, default_value = "")]
        end: String,
        #[arg(long, default_value = "")]
        hulpvraag: String,
        #[arg(long, default_value = "")]
        fee: String,
    },
    Close {
        id: i64,
        #[arg(long)]
        end: String,
    },
}

#[derive(Subcommand, Debug)]
enum SessionCommand {
    Add {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        traject: Option<i64>,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        time: String,
        #[arg(long, default_value_t = 60)]
        duration: u32,
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "")]
        fee: String,
        /// planned, held, cancelled of no_show.
        #[arg(long, default_value = "held")]
        status: String,
    },
}

#[derive(Subcommand, Debug)]
enum EntryCommand {
    Add {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        traject: Option<i64>,
        #[arg(long)]
        session: Option<i64>,
    },
    /// Sla een nieuwe versie op; de vorige blijft leesbaar.
    Edit {
        id: i64,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    Show {
        id: i64,
    },
    History {
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
enum ConsentCommand {
    Add {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        given_on: String,
        #[arg(long)]
        representative: Option<i64>,
        #[arg(long, default_value = "")]
        description: String,
    },
    Withdraw {
        id: i64,
        #[arg(long)]
        on: String,
    },
    /// Wie moet toestemming geven (leeftijdsgrens) en wat ontbreekt.
    Check {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        purpose: String,
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum DocumentCommand {
    Add {
        #[arg(long)]
        client: i64,
        #[arg(long)]
        file: PathBuf,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Schrijf een bijlage naar een bestand dat u kiest.
    Get {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    Remove {
        id: i64,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Controleer de hashketen; exitcode 0 alleen als het logboek intact is.
    Verify,
    /// Toon logregels: van één cliënt, of de laatste.
    List {
        #[arg(long)]
        client: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand, Debug)]
enum PracticeCommand {
    Show,
    /// Zet velden van het praktijkprofiel, als JSON-object (bijv. '{"agb_praktijk":"90123456"}').
    Set {
        // Not named `json`: that would collide with the global `--json` flag.
        fields: String,
    },
    /// Het praktijklogo bovenaan zorgnota's en facturen (PNG of JPEG, hoogstens 2 MB).
    #[command(subcommand)]
    Logo(LogoCommand),
    /// Wat alleen u weet voor de privacyverklaring en het verwerkingsregister.
    #[command(subcommand)]
    Privacy(PrivacyCommand),
}

#[derive(Subcommand, Debug)]
enum PrivacyCommand {
    /// Toon wat is ingevuld en wat nog ontbreekt.
    Show,
    /// Zet velden als JSON-object: email_provider, backup_location, bookkeeper, processors
    /// ([{"name":…,"purpose":…,"agreement":true}]), transfers_outside_eea, klachtenregeling,
    /// geschilleninstantie.
    Set { fields: String },
}

#[derive(Subcommand, Debug)]
enum LogoCommand {
    /// Zet het logo uit een PNG- of JPEG-bestand; het wordt in de kluis bewaard.
    Set { file: PathBuf },
    /// Haalt het logo weg; al uitgereikte nota's houden hun PDF zoals die was.
    Clear,
}

#[derive(Subcommand, Debug)]
enum DebugCommand {
    /// Voegt aantekeningen toe tot het proces stopt en meldt elke vastgelegde id op stdout (crashtests).
    WriteLoop {
        #[arg(long)]
        client: i64,
    },
}

fn vault_dir(cli_vault: &Option<PathBuf>) -> Result<&Path> {
    cli_vault.as_deref().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            "Geef de map van de kluis op met --vault MAP (of DOSSIERKLUIS_VAULT).",
        )
    })
}

fn context(today: &Option<String>) -> Result<Context> {
    let mut ctx = Context::system();
    if let Some(t) = today {
        ctx.clock = Arc::new(FixedClock::on(dossierkluis::dates::parse_date("today", t)?));
    }
    Ok(ctx)
}

/// Writes the recovery sheet readable only by its owner: it opens the vault and every backup.
fn write_recovery_sheet(
    vault: &mut Vault,
    code: Option<&dossierkluis::RecoveryCode>,
    path: &Path,
) -> Result<()> {
    let pdf = dossierkluis::vault::recovery_sheet_pdf(vault, code)?;
    dossierkluis::atomic_file::write(path, &pdf)
        .map_err(|e| Error::io("Het opslaan van het herstelblad", &e))
}

fn parse_enum<T: serde::de::DeserializeOwned>(
    field: &str,
    value: &str,
    allowed: &str,
) -> Result<T> {
    serde_json::from_value(json!(value))
        .map_err(|_| Error::field(field, format!("'{value}' kan niet; kies uit: {allowed}.")))
}

/// Prints `value` as JSON with `--json`, else `human`.
fn emit<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) {
    let text = if json {
        serde_json::to_string_pretty(value).expect("serialisable")
    } else {
        human(value)
    };
    print_out(&text);
}

/// Writes one result to stdout. A reader that stopped early (`… | head`) is not an error of ours:
/// the command has done its work, so we stop quietly instead of panicking on the closed pipe.
fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("De uitvoer kon niet worden geschreven: {e}");
        std::process::exit(1);
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let json = cli.json;
    let ctx = context(&cli.today)?;
    match &cli.command {
        Command::Init(args) => {
            let dir = vault_dir(&cli.vault)?;
            let passphrase = secrets::new_passphrase("DOSSIERKLUIS_PASSPHRASE")?;
            let (mut vault, code) = Vault::create(dir, &passphrase, args.kdf.params(), ctx)?;
            let shown = zeroize::Zeroizing::new(code.expose_secret());
            // The sheet is a convenience; a failure to write it must never hide the code.
            let sheet = args
                .sheet
                .as_deref()
                .map(|path| write_recovery_sheet(&mut vault, Some(&code), path));
            // The code first: it exists nowhere else, so it must be shown even if locking fails.
            emit(
                json,
                &json!({ "recovery_code": shown.as_str(), "sheet": args.sheet }),
                |_| {
                    let mut text = format!("De kluis is gemaakt in {}.\n\nUw herstelcode (schrijf hem op en bewaar hem veilig; hij wordt niet nog eens getoond):\n\n    {}\n", dir.display(), shown.as_str());
                    if let Some(path) = &args.sheet {
                        text.push_str(&format!("\nHet herstelblad staat in {}. Druk het af, bewaar het op papier en verwijder daarna het bestand.\n", path.display()));
                    }
                    text
                },
            );
            vault.lock()?;
            if let Some(result) = sheet {
                result?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Info => {
            let info = Vault::info(vault_dir(&cli.vault)?)?;
            emit(json, &info, |i| {
                format!(
                    "Kluis {} (gemaakt {}), Argon2id {} MiB × {}",
                    i.vault_id,
                    i.created_at,
                    i.kdf.memory_kib / 1024,
                    i.kdf.iterations
                )
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Recover => {
            let dir = vault_dir(&cli.vault)?;
            let code = secrets::recovery_code()?;
            let new = secrets::new_passphrase("DOSSIERKLUIS_NEW_PASSPHRASE")?;
            Vault::recover(dir, &code, &new, ctx)?.lock()?;
            emit(json, &json!({ "recovered": true }), |_| {
                "De nieuwe wachtwoordzin is ingesteld. Uw herstelcode blijft geldig.".into()
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => {
            let dir = vault_dir(&cli.vault)?;
            let mut vault = if Vault::exists(dir) {
                Vault::open(dir, &secrets::passphrase()?, ctx)?
            } else {
                let (vault, code) = Vault::create(
                    dir,
                    &secrets::new_passphrase("DOSSIERKLUIS_PASSPHRASE")?,
                    args.kdf.params(),
                    ctx,
                )?;
                eprintln!("Nieuwe demokluis; herstelcode: {}", code.expose_secret());
                vault
            };
            let spec = dossierkluis::demo::DemoSpec {
                clients: args.clients,
                years: args.years,
                seed: args.seed,
            };
            let summary = vault.store_mut().generate_demo(spec, |done, total| {
                if done % 500 == 0 || done == total {
                    eprintln!("demo: {done} van {total} cliënten");
                }
            })?;
            vault.lock()?;
            emit(json, &summary, |s| {
                format!("Demopraktijk gemaakt: {} cliënten, {} trajecten, {} sessies, {} aantekeningen, {} facturen.", s.clients, s.trajecten, s.sessions, s.entries, s.invoices)
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup(command) => backup::run(command, cli.vault.as_deref(), ctx, json),
        Command::RecoverySheet { out } => {
            let dir = vault_dir(&cli.vault)?;
            let mut vault = Vault::open(dir, &secrets::passphrase()?, ctx)?;
            let result = write_recovery_sheet(&mut vault, None, out);
            vault.lock()?;
            result?;
            emit(json, &json!({ "sheet": out }), |_| {
                format!("Het herstelblad met de back-upsleutel staat in {}. Druk het af, bewaar het op papier en verwijder daarna het bestand.", out.display())
            });
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            let dir = vault_dir(&cli.vault)?;
            let mut vault = Vault::open(dir, &secrets::passphrase()?, ctx)?;
            if !vault.audit_head().intact && !matches!(cli.command, Command::Check) {
                eprintln!("Let op: {}", vault.audit_head().message);
            }
            let code = with_vault(&mut vault, &cli.command, json)?;
            vault.lock()?;
            Ok(code)
        }
    }
}

fn with_vault(vault: &mut Vault, command: &Command, json: bool) -> Result<ExitCode> {
    match command {
        Command::Passwd => {
            let current = secrets::passphrase()?;
            let new = secrets::new_passphrase("DOSSIERKLUIS_NEW_PASSPHRASE")?;
            vault.change_passphrase(&current, &new)?;
            emit(json, &json!({ "changed": true }), |_| {
                "De wachtwoordzin is gewijzigd.".into()
            });
        }
        Command::Check => {
            let report = vault.store().integrity_check()?;
            let head = vault.audit_head().clone();
            let mut value =
                serde_json::to_value(&report).map_err(|_| Error::internal("controle"))?;
            value["audit_head"] =
                serde_json::to_value(&head).map_err(|_| Error::internal("controle"))?;
            emit(json, &value, |_| {
                if !head.intact {
                    format!(
                        "Het logboek klopt niet met het sleutelbestand. {}",
                        head.message
                    )
                } else if report.is_ok() {
                    "Het kluisbestand is in orde.".into()
                } else {
                    format!(
                        "Het kluisbestand is beschadigd ({} problemen in de opbouw, {} beschadigde pagina's). \
                         Werk niet verder in deze kluis: zet de nieuwste back-up terug in een nieuwe map.\n\
                         Technische details: {}",
                        report.sqlite_messages.len(),
                        report.cipher_problems.len(),
                        report.sqlite_messages.iter().chain(&report.cipher_problems).take(5).cloned().collect::<Vec<_>>().join("; ")
                    )
                }
            });
            if !report.is_ok() || !head.intact {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Client(c) => client_command(vault, c, json)?,
        Command::Invoice(c) => billing::invoice(vault, c, json)?,
        Command::Billing(c) => billing::billing(vault, c, json)?,
        Command::Export(ExportCommand::Bookkeeping(c)) => billing::export(vault, c, json)?,
        Command::Export(ExportCommand::DossierCopy(c)) => retention::export(vault, c, json)?,
        Command::Representative(RepresentativeCommand::Add {
            client,
            name,
            relation,
            gezag,
            email,
            phone,
        }) => {
            let input = RepresentativeInput {
                name: name.clone(),
                relation: relation.clone(),
                has_gezag: *gezag,
                email: email.clone(),
                phone: phone.clone(),
            };
            let id = vault.store_mut().add_representative(*client, &input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Vertegenwoordiger {id} toegevoegd.")
            });
        }
        Command::Traject(TrajectCommand::Add {
            client,
            regime,
            start,
            end,
            hulpvraag,
            fee,
        }) => {
            let regime: Regime = parse_enum("regime", regime, "wgbo, coaching")?;
            let input = TrajectInput {
                regime,
                start_date: start.clone(),
                end_date: end.clone(),
                hulpvraag: hulpvraag.clone(),
                agreed_fee: fee.clone(),
            };
            let id = vault.store_mut().add_traject(*client, &input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Traject {id} toegevoegd.")
            });
        }
        Command::Traject(TrajectCommand::Close { id, end }) => {
            vault.store_mut().close_traject(*id, end)?;
            emit(json, &json!({ "closed": id }), |_| {
                format!("Traject {id} afgesloten.")
            });
        }
        Command::Session(SessionCommand::Add {
            client,
            traject,
            date,
            time,
            duration,
            kind,
            fee,
            status,
        }) => {
            let status: SessionStatus =
                parse_enum("status", status, "planned, held, cancelled, no_show")?;
            let input = SessionInput {
                traject_id: *traject,
                date: date.clone(),
                start_time: time.clone(),
                duration_minutes: *duration,
                kind: kind.clone(),
                fee: fee.clone(),
                status,
            };
            let id = vault.store_mut().add_session(*client, &input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Sessie {id} toegevoegd.")
            });
        }
        Command::Entry(e) => entry_command(vault, e, json)?,
        Command::Consent(c) => consent_command(vault, c, json)?,
        Command::Document(d) => document_command(vault, d, json)?,
        Command::Retention(r) => retention::retention(vault, r, json)?,
        Command::Request(r) => retention::request(vault, r, json)?,
        Command::Dossier { client_id } => {
            let dossier = vault.store_mut().open_dossier(*client_id)?;
            emit(json, &dossier, |d| {
                let mut out = format!(
                    "{} ({}), geboren {}\n",
                    d.client.display_name(),
                    d.client.client_number,
                    dossierkluis::dates::dutch_long(d.client.birth_date)
                );
                for e in &d.entries {
                    out += &format!(
                        "\n{} — {} (versie {})\n{}\n",
                        e.entry_date,
                        e.kind.label(),
                        e.version,
                        e.text
                    );
                }
                out
            });
        }
        Command::Search { query, limit } => {
            let hits = vault.store_mut().search(query, *limit)?;
            emit(json, &hits, |hits| {
                if hits.is_empty() {
                    return "Niets gevonden.".into();
                }
                hits.iter()
                    .map(|h| format!("{} ({}) — {}", h.client_name, h.client_number, h.snippet))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Audit(AuditCommand::Verify) => {
            let result = vault.store_mut().verify_audit()?;
            emit(json, &result, |r| {
                if r.intact {
                    format!("Het logboek is intact ({} regels).", r.rows)
                } else {
                    format!("Het logboek is NIET intact:\n{}", r.problems.join("\n"))
                }
            });
            if !result.intact {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Audit(AuditCommand::List { client, limit }) => {
            let rows = match client {
                Some(id) => vault.store_mut().audit_for_client(*id)?,
                None => vault.store_mut().audit_recent(*limit)?,
            };
            emit(json, &rows, |rows| {
                rows.iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {} {}:{} {}",
                            r.at,
                            r.event,
                            r.user_name,
                            r.client_ref.as_deref().unwrap_or("-"),
                            r.object_type,
                            r.object_id,
                            r.detail
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Practice(PracticeCommand::Show) => {
            let p = vault.store().practice()?;
            emit(json, &p, |p| {
                serde_json::to_string_pretty(p).expect("serialisable")
            });
        }
        Command::Practice(PracticeCommand::Set { fields }) => {
            let mut current =
                serde_json::to_value(vault.store().practice()?).expect("serialisable");
            let patch: serde_json::Value = serde_json::from_str(fields).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidInput,
                    "Geef de velden als JSON-object, bijvoorbeeld '{\"kvk_number\":\"12345678\"}'.",
                )
            })?;
            let (Some(obj), Some(patch)) = (current.as_object_mut(), patch.as_object()) else {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "Geef de velden als JSON-object.",
                ));
            };
            for (k, v) in patch {
                obj.insert(k.clone(), v.clone());
            }
            let practice: Practice = serde_json::from_value(current).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidInput,
                    "Een van de velden heeft een verkeerde vorm.",
                )
            })?;
            let saved = vault.store_mut().update_practice(&practice)?;
            emit(json, &saved, |_| {
                "Het praktijkprofiel is opgeslagen.".into()
            });
        }
        Command::Practice(PracticeCommand::Logo(LogoCommand::Set { file })) => {
            let bytes = std::fs::read(file).map_err(|e| Error::io("Het logo lezen", &e))?;
            let logo = vault.store_mut().set_practice_logo(&bytes)?;
            let summary = serde_json::json!({
                "media_type": logo.media_type,
                "width_px": logo.width_px,
                "height_px": logo.height_px,
                "size_bytes": logo.size_bytes,
            });
            emit(json, &summary, |_| {
                format!(
                    "Het logo is opgeslagen in de kluis ({} × {} pixels). Het staat op elke nota die u vanaf nu maakt.",
                    logo.width_px, logo.height_px
                )
            });
        }
        Command::Practice(PracticeCommand::Privacy(PrivacyCommand::Show)) => {
            let answers = vault.store().privacy_answers()?;
            let missing = answers.missing();
            let out = serde_json::json!({ "answers": answers, "missing": missing });
            emit(json, &out, |o| {
                let mut text = serde_json::to_string_pretty(&o["answers"]).expect("serialisable");
                if !missing.is_empty() {
                    text += &format!("\nNog invullen: {}", missing.join(", "));
                }
                text
            });
        }
        Command::Practice(PracticeCommand::Privacy(PrivacyCommand::Set { fields })) => {
            let patch: serde_json::Value = serde_json::from_str(fields).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidInput,
                    "Geef de velden als JSON-object, bijvoorbeeld '{\"email_provider\":\"Proton Mail\"}'.",
                )
            })?;
            let saved = vault.store_mut().patch_privacy_answers(&patch)?;
            let missing = saved.missing();
            let out = serde_json::json!({ "answers": saved, "missing": missing });
            emit(json, &out, |_| {
                if missing.is_empty() {
                    "Privacygegevens opgeslagen; alles is ingevuld.".to_string()
                } else {
                    format!(
                        "Privacygegevens opgeslagen. Nog invullen: {}.",
                        missing.join(", ")
                    )
                }
            });
        }
        Command::Practice(PracticeCommand::Logo(LogoCommand::Clear)) => {
            let removed = vault.store_mut().clear_practice_logo()?;
            emit(json, &serde_json::json!({ "removed": removed }), |_| {
                if removed {
                    "Het logo is weggehaald. Nota's die al zijn uitgereikt, houden hun logo.".into()
                } else {
                    "Er was geen logo ingesteld.".into()
                }
            });
        }
        Command::Debug(DebugCommand::WriteLoop { client }) => {
            // Writes notes until killed: only for the crash tests, never by accident on real dossiers.
            if std::env::var("DOSSIERKLUIS_CRASH_TEST").as_deref() != Ok("1") {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Deze testopdracht werkt alleen met DOSSIERKLUIS_CRASH_TEST=1.",
                ));
            }
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for n in 0u64.. {
                let text = format!(
                    "Crashtest-aantekening {n}: {}",
                    "tekst ".repeat((n % 50) as usize)
                );
                let id = vault.store_mut().add_entry(
                    *client,
                    &EntryInput {
                        kind: EntryKind::Sessieverslag,
                        text,
                        entry_date: None,
                        traject_id: None,
                        session_id: None,
                    },
                )?;
                writeln!(out, "{id}")
                    .and_then(|_| out.flush())
                    .map_err(|e| Error::io("Schrijven naar stdout", &e))?;
            }
        }
        Command::Init(_)
        | Command::Info
        | Command::Recover
        | Command::Demo(_)
        | Command::RecoverySheet { .. }
        | Command::Backup(_) => {
            unreachable!("handled before the vault is opened")
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn client_command(vault: &mut Vault, command: &ClientCommand, json: bool) -> Result<()> {
    match command {
        ClientCommand::Add(fields) => {
            let input = fields.apply(ClientInput::default())?;
            let id = vault.store_mut().add_client(&input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Cliënt {id} toegevoegd.")
            });
        }
        ClientCommand::Update { id, fields } => {
            let current = vault.store_mut().client(*id)?;
            let base = ClientInput {
                first_names: current.first_names,
                call_name: current.call_name,
                tussenvoegsel: current.tussenvoegsel,
                last_name: current.last_name,
                birth_date: current.birth_date.to_string(),
                street: current.street,
                house_number: current.house_number,
                postcode: current.postcode,
                city: current.city,
                email: current.email,
                phone: current.phone,
                huisarts: current.huisarts,
                insurer: current.insurer,
                polisnummer: current.polisnummer,
                status: current.status,
            };
            vault.store_mut().update_client(*id, &fields.apply(base)?)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Cliënt {id} bijgewerkt.")
            });
        }
        ClientCommand::Show { id } => {
            let client = vault.store_mut().client(*id)?;
            emit(json, &client, |c| {
                format!(
                    "{} ({})\ngeboren {}\n{} {}\n{} {}\n{}",
                    c.display_name(),
                    c.client_number,
                    dossierkluis::dates::dutch_long(c.birth_date),
                    c.street,
                    c.house_number,
                    c.postcode,
                    c.city,
                    c.email
                )
            });
        }
        ClientCommand::List { status } => {
            let status: Option<ClientStatus> = status
                .as_deref()
                .map(|s| parse_enum("status", s, "prospect, active, closed"))
                .transpose()?;
            let list = vault.store().list_clients(status)?;
            emit(json, &list, |l| {
                l.iter()
                    .map(|c| format!("{:>6}  {}  {}  {}", c.id, c.client_number, c.name, c.city))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

fn entry_command(vault: &mut Vault, command: &EntryCommand, json: bool) -> Result<()> {
    match command {
        EntryCommand::Add {
            client,
            kind,
            text,
            date,
            traject,
            session,
        } => {
            let kind = EntryKind::parse(kind).ok_or_else(|| {
                Error::field(
                    "kind",
                    format!(
                        "'{kind}' is geen soort aantekening; kies uit: {}.",
                        EntryKind::ALL.map(|k| k.as_str()).join(", ")
                    ),
                )
            })?;
            let input = EntryInput {
                kind,
                text: text.clone(),
                entry_date: date.clone(),
                traject_id: *traject,
                session_id: *session,
            };
            let id = vault.store_mut().add_entry(*client, &input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Aantekening {id} opgeslagen.")
            });
        }
        EntryCommand::Edit { id, text, reason } => {
            let version = vault.store_mut().edit_entry(*id, text, reason)?;
            emit(json, &json!({ "id": id, "version": version }), |_| {
                format!("Aantekening {id} opgeslagen als versie {version}.")
            });
        }
        EntryCommand::Show { id } => {
            let entry = vault.store_mut().entry(*id)?;
            emit(json, &entry, |e| {
                format!(
                    "{} — {} (versie {})\n{}",
                    e.entry_date,
                    e.kind.label(),
                    e.version,
                    e.text
                )
            });
        }
        EntryCommand::History { id } => {
            let versions = vault.store_mut().entry_history(*id)?;
            emit(json, &versions, |v| {
                v.iter()
                    .map(|v| {
                        format!(
                            "versie {} ({}) {}\n{}\n",
                            v.version, v.saved_at, v.reason, v.text
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

fn consent_command(vault: &mut Vault, command: &ConsentCommand, json: bool) -> Result<()> {
    let purposes = || ConsentPurpose::ALL.map(|p| p.as_str()).join(", ");
    match command {
        ConsentCommand::Add {
            client,
            purpose,
            given_on,
            representative,
            description,
        } => {
            let purpose = ConsentPurpose::parse(purpose).ok_or_else(|| {
                Error::field("purpose", format!("Kies een doel uit: {}.", purposes()))
            })?;
            let input = ConsentInput {
                purpose,
                description: description.clone(),
                representative_id: *representative,
                given_on: given_on.clone(),
            };
            let id = vault.store_mut().add_consent(*client, &input)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Toestemming {id} vastgelegd.")
            });
        }
        ConsentCommand::Withdraw { id, on } => {
            vault.store_mut().withdraw_consent(*id, on)?;
            emit(json, &json!({ "withdrawn": id }), |_| {
                format!("Toestemming {id} ingetrokken.")
            });
        }
        ConsentCommand::Check {
            client,
            purpose,
            date,
        } => {
            let purpose = ConsentPurpose::parse(purpose).ok_or_else(|| {
                Error::field("purpose", format!("Kies een doel uit: {}.", purposes()))
            })?;
            let date = match date {
                Some(d) => dossierkluis::dates::parse_date("date", d)?,
                None => vault.store().context().clock.today(),
            };
            let check = vault.store().consent_check(*client, purpose, date)?;
            emit(json, &check, |c| {
                if c.complete {
                    "De nodige toestemming is vastgelegd.".into()
                } else {
                    format!("Toestemming ontbreekt van: {}", c.missing.join("; "))
                }
            });
        }
    }
    Ok(())
}

fn document_command(vault: &mut Vault, command: &DocumentCommand, json: bool) -> Result<()> {
    match command {
        DocumentCommand::Add {
            client,
            file,
            description,
        } => {
            let data =
                std::fs::read(file).map_err(|e| Error::io("Het lezen van het bestand", &e))?;
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("bijlage");
            let id = vault
                .store_mut()
                .add_document(*client, name, &data, description)?;
            emit(json, &json!({ "id": id }), |_| {
                format!("Document {id} toegevoegd.")
            });
        }
        DocumentCommand::Get { id, out } => {
            let (doc, data) = vault.store_mut().document(*id)?;
            std::fs::write(out, &data)
                .map_err(|e| Error::io("Het opslaan van het document", &e))?;
            emit(json, &doc, |d| {
                format!("{} opgeslagen als {}.", d.file_name, out.display())
            });
        }
        DocumentCommand::Remove { id } => {
            vault.store_mut().remove_document(*id)?;
            emit(json, &json!({ "removed": id }), |_| {
                format!("Document {id} verwijderd.")
            });
        }
    }
    Ok(())
}
