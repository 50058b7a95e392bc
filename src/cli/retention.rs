//! `dossierkluis retention …`, `request …` and `export client …`: bewaartermijnen, vernietiging,
//! verzoeken van cliënten en kopieën. Every decision is in `dossierkluis::retention`; this file only
//! parses, confirms and prints.
//!
//! Destruction is irreversible, so `retention destroy` asks the person to type the client number; a
//! script passes `--yes` instead. Without a terminal and without `--yes` it refuses.

use super::{emit, parse_enum};
use clap::{Args, Subcommand, ValueEnum};
use dossierkluis::retention::practice_docs::PracticeDocumentKind;
use dossierkluis::retention::requester::Requester;
use dossierkluis::retention::requests::RequestInput;
use dossierkluis::retention::{RequestKind, RequestStatus, RetentionSettings};
use dossierkluis::{Error, ErrorCode, Result, Vault};
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// Dossiers die per vandaag (of --today) vernietigd mogen worden, elk met de reden.
    Due,
    /// Bewaren-tot-datum en reden van elk dossier.
    Overview,
    /// Bewaren-tot-datum en reden van één dossier.
    Status { client_id: i64 },
    /// Vernietig een dossier definitief (onomkeerbaar); facturen blijven hun eigen termijn bewaard.
    /// Met --entries en/of --documents alleen die aantekeningen en documenten (deel van dossier).
    Destroy {
        client_id: i64,
        /// Alleen deze aantekeningen (ids, met komma's), met al hun versies.
        #[arg(long, value_delimiter = ',')]
        entries: Vec<i64>,
        /// Alleen deze documenten (ids, met komma's).
        #[arg(long, value_delimiter = ',')]
        documents: Vec<i64>,
        /// De reden, zonder namen; komt in het vernietigingsregister.
        #[arg(long)]
        reason: String,
        /// Het vernietigingsverzoek van de cliënt (vernietigen vóór het einde van de termijn).
        #[arg(long)]
        request: Option<i64>,
        /// Bevestig zonder vraag (voor scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Bewaar een dossier langer omdat goede zorg dat vereist (of hef dat op met --clear).
    Extend {
        client_id: i64,
        #[arg(long, required_unless_present = "clear")]
        until: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        clear: bool,
    },
    /// Juridische blokkade: zolang die staat, wordt het dossier niet vernietigd.
    #[command(subcommand)]
    Hold(HoldCommand),
    /// Beperk de verwerking (AVG art. 18): het dossier wordt alleen-lezen.
    Restrict { client_id: i64 },
    /// Hef de beperking op.
    Unrestrict { client_id: i64 },
    /// Het vernietigingsregister.
    Register,
    /// Verwijder facturen waarvan de fiscale bewaarplicht (7 jaar na het boekjaar) voorbij is.
    PurgeFinancial,
    /// Wie heeft het dossier ingezien (uit het logboek).
    WhoViewed { client_id: i64 },
    /// Geanonimiseerde casus voor intervisie: eerst bekijken, met --export delen (vraagt toestemming).
    Intervision {
        client_id: i64,
        #[arg(long)]
        export: bool,
    },
    /// Sessies waarvoor de toestemming die de leeftijd vereiste ontbrak.
    ConsentWarnings { client_id: i64 },
    /// De privacyverklaring van de praktijk (Markdown, of met --pdf als PDF-bestand).
    PrivacyStatement {
        #[arg(long, value_name = "BESTAND")]
        pdf: Option<PathBuf>,
    },
    /// Het register van verwerkingsactiviteiten (AVG art. 30; Markdown, of met --pdf als PDF-bestand).
    ProcessingRegister {
        #[arg(long, value_name = "BESTAND")]
        pdf: Option<PathBuf>,
    },
    /// Het datalekregister.
    #[command(subcommand)]
    Breach(BreachCommand),
    /// Toon of wijzig de bewaartermijnen van de praktijk.
    Settings {
        #[arg(long)]
        coaching_years: Option<u32>,
        #[arg(long)]
        prospect_years: Option<u32>,
    },
}

#[derive(Subcommand, Debug)]
pub enum HoldCommand {
    Set {
        client_id: i64,
        #[arg(long)]
        reason: String,
    },
    Clear {
        client_id: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum BreachCommand {
    /// Leg een datalek vast (ook als het niet gemeld hoeft te worden).
    Add {
        /// Alle velden als JSON, bijvoorbeeld {"discovered_on":"2026-11-30","description":"…"}.
        /// (Niet `--json`: dat is de algemene vlag voor JSON-uitvoer.)
        #[arg(long, value_name = "JSON")]
        data: String,
    },
    List,
    /// Het hele register als document (Markdown, of met --pdf als PDF-bestand).
    Register {
        #[arg(long, value_name = "BESTAND")]
        pdf: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum RequestCommand {
    /// Leg een verzoek van een cliënt vast.
    Add {
        #[arg(long)]
        client: i64,
        /// inzage, afschrift, rectificatie, vernietiging, beperking, overdraagbaarheid, bezwaar,
        /// intrekken_toestemming.
        #[arg(long)]
        kind: String,
        /// Ontvangen op (JJJJ-MM-DD); standaard vandaag.
        #[arg(long)]
        received: Option<String>,
        /// Hoe de identiteit is gecontroleerd.
        #[arg(long, default_value = "")]
        identity: String,
        /// Wie het vraagt: client, ouder, voogd, mentor, curator, vertegenwoordiger, gemachtigde.
        #[arg(long, default_value = "client")]
        requester: String,
        /// Waarom het verzoek toch mag, als deze aanvrager het niet zonder meer mag vragen
        /// (bijvoorbeeld de schriftelijke toestemming van de cliënt).
        #[arg(long, default_value = "")]
        proceed_reason: String,
    },
    /// Leg vast waarom een verzoek van iemand die het niet zonder meer mag vragen, toch wordt
    /// uitgevoerd.
    Proceed {
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Alle verzoeken (of van één cliëntnummer).
    List {
        #[arg(long)]
        client_number: Option<String>,
    },
    /// Open verzoeken op volgorde van termijn.
    Due,
    /// Verleng de termijn met 1 of 2 maanden, met reden.
    Extend {
        id: i64,
        #[arg(long)]
        months: u32,
        #[arg(long)]
        reason: String,
    },
    /// Rond een verzoek af.
    Answer {
        id: i64,
        /// uitgevoerd of afgewezen.
        #[arg(long)]
        status: String,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Een kopie van het dossier voor de cliënt, zonder werkaantekeningen.
    Client(ExportArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Json,
    Pdf,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    client_id: i64,
    #[arg(long, value_enum)]
    format: Format,
    #[arg(long)]
    out: PathBuf,
    /// Aantekeningen (ids) die worden weggelaten omdat ze de privacy van een ander raken.
    #[arg(long, value_delimiter = ',')]
    withhold: Vec<i64>,
    /// Voor een ander dan de cliënt: waarnemer of verwijzing (alleen met geldige toestemming).
    #[arg(long = "for")]
    recipient: Option<String>,
}

fn date(field: &str, text: &str) -> Result<chrono::NaiveDate> {
    dossierkluis::dates::parse_date(field, text)
}

/// Asks the person to type the client number, or accepts `--yes`.
fn confirm(number: &str, yes: bool, part: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    let refused = || {
        Error::new(
            ErrorCode::NotAllowed,
            "Vernietigen is niet bevestigd; er is niets gewijzigd. Typ het cliëntnummer om te bevestigen, of geef --yes mee in een script.",
        )
    };
    if !std::io::stdin().is_terminal() {
        return Err(refused());
    }
    let what = if part {
        "Deze delen van het dossier worden definitief vernietigd en kunnen niet worden teruggehaald."
    } else {
        "Dit dossier wordt definitief vernietigd en kan niet worden teruggehaald."
    };
    eprint!("{what}\nTyp het cliëntnummer ({number}) om te bevestigen: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("Het lezen van de bevestiging", &e))?;
    if line.trim() == number {
        Ok(())
    } else {
        Err(refused())
    }
}

pub fn retention(vault: &mut Vault, command: &RetentionCommand, json: bool) -> Result<()> {
    let store = vault.store_mut();
    let today = dossierkluis::retention::dutch_today(store);
    match command {
        RetentionCommand::Due => {
            let due = store.due_for_destruction(today)?;
            let out: Vec<_> = due
                .iter()
                .map(|s| json!({"client_id": s.client_id, "client_number": s.client_number, "keep_until": s.keep_until, "basis": s.basis, "reason": s.reason}))
                .collect();
            emit(json, &out, |_| {
                if due.is_empty() {
                    return format!("Per {today} hoeft geen dossier te worden vernietigd.");
                }
                let mut s = format!("Te vernietigen per {today}:\n");
                for d in &due {
                    s += &format!("  {} ({}): {}\n", d.client_id, d.client_number, d.reason);
                }
                s
            });
        }
        RetentionCommand::Overview => {
            let all = store.retention_overview(today)?;
            emit(json, &all, |all| {
                all.iter()
                    .map(|s| {
                        format!(
                            "{} ({}): bewaren tot {}{}{} — {}",
                            s.client_id,
                            s.client_number,
                            s.keep_until
                                .map_or("einde traject".into(), |d| d.to_string()),
                            if s.hold.is_some() { " [blokkade]" } else { "" },
                            if s.restricted { " [beperkt]" } else { "" },
                            s.reason
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCommand::Status { client_id } => {
            let s = store.retention_status(*client_id)?;
            emit(json, &s, |s| {
                format!(
                    "{}: bewaren tot {}. {}{}",
                    s.client_number,
                    s.keep_until
                        .map_or("einde traject".into(), |d| d.to_string()),
                    s.reason,
                    s.hold
                        .as_ref()
                        .map_or(String::new(), |h| format!("\nJuridische blokkade: {h}"))
                )
            });
        }
        RetentionCommand::Destroy {
            client_id,
            entries,
            documents,
            reason,
            request,
            yes,
        } if !entries.is_empty() || !documents.is_empty() => {
            let number = store.retention_status(*client_id)?.client_number;
            confirm(&number, *yes, true)?;
            let done = store.destroy_part(*client_id, entries, documents, reason, *request)?;
            emit(json, &done, |d| {
                format!(
                    "Deel van dossier {} is vernietigd: {} aantekening(en), {} document(en) (registerregel {}). De rest van het dossier blijft.",
                    d.client_number, d.counts["entries"], d.counts["documents"], d.register_id
                )
            });
        }
        RetentionCommand::Destroy {
            client_id,
            reason,
            request,
            yes,
            ..
        } => {
            let number = store.retention_status(*client_id)?.client_number;
            confirm(&number, *yes, false)?;
            let done = store.destroy_client(*client_id, reason, *request)?;
            emit(json, &done, |d| {
                let mut text = format!(
                    "Dossier {} is vernietigd (registerregel {}). Facturen blijven bewaard tot hun eigen termijn.",
                    d.client_number, d.register_id
                );
                if !d.wal_truncated {
                    text += " Het tijdelijke kluisbestand wordt opgeruimd zodra Dossierkluis nergens anders meer open is.";
                }
                text
            });
        }
        RetentionCommand::Extend {
            client_id,
            until,
            reason,
            clear,
        } => {
            let until = if *clear {
                None
            } else {
                until.as_deref().map(|u| date("until", u)).transpose()?
            };
            store.extend_retention(*client_id, until, reason)?;
            let s = store.retention_status(*client_id)?;
            emit(json, &s, |s| {
                format!(
                    "Bewaren tot {}. {}",
                    s.keep_until
                        .map_or("einde traject".into(), |d| d.to_string()),
                    s.reason
                )
            });
        }
        RetentionCommand::Hold(HoldCommand::Set { client_id, reason }) => {
            store.set_legal_hold(*client_id, Some(reason))?;
            emit(
                json,
                &json!({"client_id": client_id, "hold": reason}),
                |_| "De juridische blokkade staat; het dossier wordt niet vernietigd.".into(),
            );
        }
        RetentionCommand::Hold(HoldCommand::Clear { client_id }) => {
            store.set_legal_hold(*client_id, None)?;
            emit(json, &json!({"client_id": client_id, "hold": null}), |_| {
                "De juridische blokkade is opgeheven.".into()
            });
        }
        RetentionCommand::Restrict { client_id } | RetentionCommand::Unrestrict { client_id } => {
            let on = matches!(command, RetentionCommand::Restrict { .. });
            store.set_restricted(*client_id, on)?;
            emit(
                json,
                &json!({"client_id": client_id, "restricted": on}),
                |_| {
                    if on {
                        "Het dossier is beperkt: alleen-lezen en buiten elke export behalve voor de cliënt.".into()
                    } else {
                        "De beperking is opgeheven.".into()
                    }
                },
            );
        }
        RetentionCommand::PurgeFinancial => {
            let purged = store.purge_financial_records()?;
            emit(
                json,
                &serde_json::json!({ "purged_invoices": purged }),
                |_| {
                    format!("{purged} facturen verwijderd waarvan de bewaartermijn van 7 jaar voorbij is.")
                },
            );
        }
        RetentionCommand::Register => {
            let lines = store.destruction_register()?;
            emit(json, &lines, |lines| {
                if lines.is_empty() {
                    return "Het vernietigingsregister is leeg.".into();
                }
                lines
                    .iter()
                    .map(|l| {
                        format!(
                            "{} {} — {} ({}); gevraagd door {}; {}",
                            l.destroyed_at,
                            l.client_number,
                            l.ground,
                            l.reason,
                            l.requested_by,
                            l.what
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCommand::WhoViewed { client_id } => {
            let lines = store.who_viewed(*client_id)?;
            emit(json, &lines, |lines| {
                lines
                    .iter()
                    .map(|l| format!("{}  {} op {}: {}", l.at, l.user, l.device, l.what))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCommand::Intervision { client_id, export } => {
            let summary = if *export {
                store.export_intervision(*client_id)?
            } else {
                store.intervision_preview(*client_id)?
            };
            emit(json, &summary, |s| s.to_text());
        }
        RetentionCommand::ConsentWarnings { client_id } => {
            let warnings = store.missing_consents(*client_id)?;
            emit(json, &warnings, |w| {
                if w.is_empty() {
                    return "Voor elke sessie was de vereiste toestemming er.".into();
                }
                w.iter()
                    .map(|w| {
                        format!(
                            "Sessie {} op {}: toestemming ontbrak van {}",
                            w.session_id,
                            w.date,
                            w.missing.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCommand::PrivacyStatement { pdf } => {
            practice_document(store, PracticeDocumentKind::Privacyverklaring, pdf, json)?;
        }
        RetentionCommand::ProcessingRegister { pdf } => {
            practice_document(store, PracticeDocumentKind::Verwerkingsregister, pdf, json)?;
        }
        RetentionCommand::Breach(BreachCommand::Register { pdf }) => {
            practice_document(store, PracticeDocumentKind::Datalekregister, pdf, json)?;
        }
        RetentionCommand::Breach(BreachCommand::Add { data: fields }) => {
            let input: dossierkluis::retention::documents::DataBreachInput =
                serde_json::from_str(fields).map_err(|_| {
                    Error::field(
                        "json",
                        "De gegevens van het datalek zijn geen geldige JSON.",
                    )
                })?;
            let id = store.add_data_breach(&input)?;
            emit(json, &json!({"id": id}), |_| {
                format!("Datalek {id} vastgelegd.")
            });
        }
        RetentionCommand::Breach(BreachCommand::List) => {
            let all = store.data_breaches()?;
            emit(json, &all, |all| {
                all.iter()
                    .map(|b| format!("{} ontdekt {}: {}", b.id, b.discovered_on, b.description))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCommand::Settings {
            coaching_years,
            prospect_years,
        } => {
            let mut s: RetentionSettings = store.retention_settings()?;
            if coaching_years.is_some() || prospect_years.is_some() {
                s.coaching_years = coaching_years.unwrap_or(s.coaching_years);
                s.prospect_years = prospect_years.unwrap_or(s.prospect_years);
                store.set_retention_settings(s)?;
            }
            emit(json, &s, |s| {
                format!(
                    "WGBO: 20 jaar na de laatste inhoudelijke wijziging. Coaching: {} jaar na het laatste traject. Nooit cliënt geworden: {} jaar na het laatste contact. Financiële gegevens: 7 jaar na het boekjaar. Logboek: nooit gewist (de wet vraagt minstens 5 jaar).",
                    s.coaching_years, s.prospect_years
                )
            });
        }
    }
    Ok(())
}

/// Prints a generated document as Markdown, or writes it as PDF to `pdf`.
fn practice_document(
    store: &dossierkluis::Store,
    kind: PracticeDocumentKind,
    pdf: &Option<PathBuf>,
    json: bool,
) -> Result<()> {
    match pdf {
        None => {
            let text = store.practice_document(kind)?.markdown;
            emit(json, &json!({"markdown": text}), |_| text.clone());
        }
        Some(out) => {
            let bytes = store.practice_document_pdf(kind)?;
            dossierkluis::atomic_file::write(out, &bytes)
                .map_err(|e| Error::io("Het opslaan van de PDF", &e))?;
            emit(json, &json!({"file": out}), |_| {
                format!("De PDF staat in {}.", out.display())
            });
        }
    }
    Ok(())
}

pub fn request(vault: &mut Vault, command: &RequestCommand, json: bool) -> Result<()> {
    let store = vault.store_mut();
    let today = dossierkluis::retention::dutch_today(store);
    let allowed = "inzage, afschrift, rectificatie, vernietiging, beperking, overdraagbaarheid, bezwaar, intrekken_toestemming";
    match command {
        RequestCommand::Add {
            client,
            kind,
            received,
            identity,
            requester,
            proceed_reason,
        } => {
            let kind: RequestKind = parse_enum("kind", kind, allowed)?;
            let requester = Requester::parse(requester).ok_or_else(|| {
                Error::field(
                    "requester",
                    format!("'{requester}' kan niet. Kies uit: client, ouder, voogd, mentor, curator, vertegenwoordiger, gemachtigde."),
                )
            })?;
            let received = received.clone().unwrap_or_else(|| today.to_string());
            let id = store.add_request_by(
                *client,
                &RequestInput {
                    kind: Some(kind),
                    received_on: received,
                    identity_check: identity.clone(),
                    requester,
                    proceed_reason: proceed_reason.clone(),
                },
            )?;
            let r = store.requests(None)?.into_iter().find(|r| r.id == id);
            emit(json, &r, |r| {
                let Some(r) = r else {
                    return format!("Verzoek {id} vastgelegd.");
                };
                let mut text = format!(
                    "Verzoek {id} vastgelegd; beantwoorden uiterlijk {}.\n{}",
                    r.deadline, r.entitled_reason
                );
                if !r.may_proceed() {
                    text += "\nEen kopie of vernietiging wordt geweigerd tot u vastlegt waarom het toch mag (request proceed).";
                }
                text
            });
        }
        RequestCommand::Proceed { id, reason } => {
            let r = store.record_proceed_reason(*id, reason)?;
            emit(json, &r, |r| {
                format!(
                    "Reden vastgelegd bij verzoek {}: {}",
                    r.id, r.proceed_reason
                )
            });
        }
        RequestCommand::List { client_number } => {
            let all = store.requests(client_number.as_deref())?;
            emit(json, &all, |all| {
                all.iter()
                    .map(|r| {
                        format!(
                            "{} {} {} ontvangen {} termijn {} — {:?}",
                            r.id,
                            r.client_number,
                            r.kind.label(),
                            r.received_on,
                            r.effective_deadline(),
                            r.status
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RequestCommand::Due => {
            let due = store.requests_due()?;
            emit(json, &due, |due| {
                due.iter()
                    .map(|d| {
                        format!(
                            "{} {} {}: uiterlijk {} ({})",
                            d.request.id,
                            d.request.client_number,
                            d.request.kind.label(),
                            d.deadline,
                            if d.overdue {
                                format!("{} dagen te laat", -d.days_left)
                            } else {
                                format!("nog {} dagen", d.days_left)
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RequestCommand::Extend { id, months, reason } => {
            let new = store.extend_request(*id, *months, reason)?;
            emit(json, &json!({"id": id, "deadline": new}), |_| {
                format!("Termijn verlengd tot {new}.")
            });
        }
        RequestCommand::Answer { id, status, note } => {
            let status: RequestStatus = parse_enum("status", status, "uitgevoerd, afgewezen")?;
            store.answer_request(*id, status, note)?;
            emit(json, &json!({"id": id, "status": status}), |_| {
                "Het verzoek is afgehandeld.".into()
            });
        }
    }
    Ok(())
}

pub fn export(vault: &mut Vault, command: &ExportCommand, json: bool) -> Result<()> {
    let ExportCommand::Client(args) = command;
    let bytes = match args.format {
        Format::Json => {
            let copy = match &args.recipient {
                None => vault
                    .store_mut()
                    .dossier_copy(args.client_id, &args.withhold)?,
                Some(r) => {
                    let purpose: dossierkluis::dossier::ConsentPurpose =
                        parse_enum("for", r, "waarnemer, verwijzing")?;
                    vault
                        .store_mut()
                        .dossier_copy_for(args.client_id, purpose)?
                }
            };
            serde_json::to_vec_pretty(&copy).map_err(|_| Error::internal("kopie"))?
        }
        Format::Pdf => match &args.recipient {
            None => vault
                .store_mut()
                .dossier_copy_pdf(args.client_id, &args.withhold)?,
            Some(r) => {
                let purpose: dossierkluis::dossier::ConsentPurpose =
                    parse_enum("for", r, "waarnemer, verwijzing")?;
                vault
                    .store_mut()
                    .dossier_copy_for_pdf(args.client_id, purpose)?
            }
        },
    };
    dossierkluis::atomic_file::write(&args.out, &bytes)
        .map_err(|e| Error::io("Het opslaan van de kopie", &e))?;
    emit(json, &json!({"file": args.out}), |_| {
        format!("De kopie staat in {}.", args.out.display())
    });
    Ok(())
}
