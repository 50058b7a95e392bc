//! `dossierkluis invoice …`, `billing …` and `export …`: zorgnota's and invoices, the billing
//! settings, and the exports for the bookkeeper. Every decision is in `dossierkluis::billing`.

use super::emit;
use clap::Subcommand;
use dossierkluis::billing::{
    BillingSettings, BusinessClient, Invoice, PaymentMethod, Prestatiecode, Service, ServiceSave,
};
use dossierkluis::format::euro;
use dossierkluis::{Error, ErrorCode, Result, Vault};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum InvoiceCommand {
    /// Alle facturen en zorgnota's, nieuwste eerst.
    List,
    /// Gehouden sessies die nog op geen factuur staan.
    Unbilled {
        #[arg(long)]
        client: Option<i64>,
    },
    /// Maak een concept van gehouden sessies van één cliënt.
    Create {
        #[arg(long)]
        client: i64,
        /// Sessie-id's, gescheiden door komma's; zonder: alle ongefactureerde sessies van de cliënt.
        #[arg(long, value_delimiter = ',')]
        sessions: Vec<i64>,
    },
    /// Reik een concept uit: volgend nummer, datum van vandaag, daarna onveranderlijk.
    Issue {
        id: i64,
        /// Direct afgerekend (pin of contant): de nota wordt uitgereikt én als betaald vastgelegd,
        /// vóór de PDF wordt gemaakt; de PDF zegt dan "Voldaan op …".
        #[arg(long, value_name = "pin|contant")]
        paid: Option<String>,
        /// Betaaldatum bij --paid (standaard vandaag).
        #[arg(long, requires = "paid")]
        date: Option<String>,
    },
    /// Sla het betaalbewijs van een betaalde nota op als PDF.
    Receipt {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Toon een factuur met regels en totalen.
    Show { id: i64 },
    /// Registreer de betaling (pin, contant of overboeking).
    Pay {
        id: i64,
        /// Betaaldatum (standaard vandaag).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        method: String,
    },
    /// Registreer de terugbetaling van een creditnota die een betaalde nota crediteert.
    Refund {
        /// Het id van de creditnota.
        id: i64,
        /// Datum van de terugbetaling (standaard vandaag).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        method: String,
    },
    /// Maak een creditnota die een uitgereikte nota crediteert.
    Credit {
        id: i64,
        /// Zet de sessies terug op 'nog te factureren'.
        #[arg(long)]
        release_sessions: bool,
    },
    /// Verwijder een concept (uitgereikte facturen blijven altijd bewaard).
    Delete { id: i64 },
    /// Sla de PDF op zoals uitgereikt; met --password een met wachtwoord beveiligde kopie voor e-mail.
    Pdf {
        id: i64,
        #[arg(long)]
        out: PathBuf,
        /// Maak de kopie voor e-mail (AES-256). Dossierkluis kiest een sterk wachtwoord en toont het
        /// eenmalig; een eigen wachtwoord wordt geweigerd.
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        password: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BillingCommand {
    /// Factuurinstellingen: nummering, betaaltermijn, btw.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Tarief, prestatiecode en btw per soort sessie.
    #[command(subcommand)]
    Service(ServiceCommand),
    /// De tabel met Vektis-prestatiecodes.
    #[command(subcommand)]
    Code(CodeCommand),
    /// Leg vast dat een cliënt zakelijk wordt gefactureerd: JSON met company_name, het adres van het
    /// bedrijf (street, house_number, postcode, city), optioneel attention (t.a.v.), kvk_number,
    /// btw_id en reference; of --clear. De factuur gaat naar dat adres, nooit naar het huisadres.
    Business {
        client: i64,
        #[arg(value_name = "JSON")]
        fields: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SettingsCommand {
    Show,
    /// Zet velden als JSON-object, bijv. '{"payment_term_days":30,"number_prefix":"DW"}'.
    Set {
        #[arg(value_name = "JSON")]
        fields: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ServiceCommand {
    List,
    /// Als JSON: {"kind":"24504","description":"…","tariff_cents":8500,"prestatiecode":"24504","vat_mode":"exempt"}.
    Set {
        #[arg(value_name = "JSON")]
        fields: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CodeCommand {
    List,
    /// Als JSON: {"code":"24006","description":"…","source":"…"}.
    Set {
        #[arg(value_name = "JSON")]
        fields: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Alle uitgereikte facturen van een periode als CSV voor de boekhouder.
    Csv {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Zonder namen van cliënten (alleen cliëntnummers).
        #[arg(long)]
        no_names: bool,
        #[arg(long)]
        out: PathBuf,
    },
    /// Een factuur aan een zakelijke klant als SI-UBL 2.0 (XML).
    Ubl {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Reads a JSON object for `T`; when it cannot be read, the error names the field that is wrong and
/// what it allows, so a mistyped value is not answered with only an example. `template` is a valid
/// object for `T` (the example, or the current settings): each field of the input is tried in it in
/// turn, so the one that does not fit is found.
fn parse_json<T>(text: &str, example: &str) -> Result<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let template: serde_json::Value = serde_json::from_str(example).expect("a valid example");
    let input: serde_json::Value = serde_json::from_str(text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("Dit is geen geldige JSON. Geef de gegevens als JSON-object, bijvoorbeeld '{example}'."),
        )
    })?;
    from_json(input, &template, example)
}

/// [`parse_json`] for an input already read, against `template`.
fn from_json<T>(input: serde_json::Value, template: &serde_json::Value, example: &str) -> Result<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let Some(fields) = input.as_object() else {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("Geef de gegevens als JSON-object tussen {{ }}, bijvoorbeeld '{example}'."),
        ));
    };
    match serde_json::from_value::<T>(input.clone()) {
        Ok(parsed) => {
            // serde skips fields it does not know; a mistyped name must not be ignored silently.
            let known = serde_json::to_value(&parsed).expect("serialisable");
            let known: Vec<&String> = known
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            if let Some(unknown) = fields.keys().find(|k| !known.contains(k)) {
                return Err(Error::field(
                    unknown,
                    format!(
                        "Het veld ‘{unknown}’ bestaat niet. Bekende velden: {}.",
                        known
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            Ok(parsed)
        }
        Err(whole) => {
            for (key, value) in fields {
                let mut trial = template.clone();
                if let Some(o) = trial.as_object_mut() {
                    o.insert(key.clone(), value.clone());
                }
                if let Err(e) = serde_json::from_value::<T>(trial) {
                    return Err(Error::field(key, explain(key, value, &e.to_string())));
                }
            }
            let text = whole.to_string();
            match text
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                Some(field) => Err(Error::field(
                    field,
                    format!("Het veld ‘{field}’ ontbreekt, bijvoorbeeld '{example}'."),
                )),
                None => Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!("De gegevens passen niet. Geef ze bijvoorbeeld zo: '{example}'."),
                )),
            }
        }
    }
}

/// A Dutch sentence for serde's reason why `value` does not fit field `key`.
fn explain(key: &str, value: &serde_json::Value, reason: &str) -> String {
    if let Some(rest) = reason.split("expected one of ").nth(1) {
        let allowed: Vec<String> = rest
            .split(',')
            .map(|v| v.trim().trim_matches('`').to_string())
            .filter(|v| !v.is_empty())
            .collect();
        return format!(
            "Het veld ‘{key}’ kan niet {value} zijn. Toegestaan: {}.",
            allowed.join(", ")
        );
    }
    let expected = reason
        .split("expected ")
        .nth(1)
        .unwrap_or("")
        .split(" at line")
        .next()
        .unwrap_or("");
    let wanted = match expected {
        e if e.starts_with('i') || e.starts_with('u') => {
            "een geheel getal zonder aanhalingstekens, zoals 8500"
        }
        e if e.contains("string") => "tekst tussen aanhalingstekens",
        e if e.contains("bool") => "true of false",
        _ => "een waarde van een andere vorm",
    };
    format!("Het veld ‘{key}’ moet {wanted} zijn, niet {value}.")
}

fn save(out: &Path, bytes: &[u8], what: &str) -> Result<()> {
    dossierkluis::atomic_file::write(out, bytes).map_err(|e| Error::io(what, &e))
}

fn describe(i: &Invoice) -> String {
    let mut s = format!(
        "{} {} ({}) voor {} [{}]\n",
        i.kind.as_str(),
        i.number.as_deref().unwrap_or("concept"),
        dossierkluis::billing::status_label(i.status, i.is_credit_note(), i.open_cents),
        i.client.name,
        i.client.client_number
    );
    if !i.credits_number.is_empty() {
        s.push_str(&format!(
            "Creditnota, crediteert {} van {}\n",
            i.credits_number, i.credits_date
        ));
    }
    for l in &i.lines {
        s.push_str(&format!(
            "  {}  {}  {}  {}  {}\n",
            l.service_date,
            l.prestatiecode,
            l.description,
            euro(l.amount_cents),
            l.vat_mode.label()
        ));
    }
    s.push_str(&format!(
        "Totaal excl. btw {}, btw {}, totaal {}, ",
        euro(i.totals.net_cents),
        euro(i.totals.vat_cents),
        euro(i.totals.total_cents),
    ));
    if i.open_cents < 0 {
        s.push_str(&format!("terug te betalen {}", euro(-i.open_cents)));
    } else {
        s.push_str(&format!("openstaand {}", euro(i.open_cents)));
    }
    if let (true, Some(on), Some(method)) = (i.is_credit_note(), i.paid_on, i.payment_method) {
        s.push_str(&format!("\nTerugbetaald op {on} ({})", method.as_str()));
    }
    s
}

pub fn invoice(vault: &mut Vault, command: &InvoiceCommand, json: bool) -> Result<()> {
    let store = vault.store_mut();
    match command {
        InvoiceCommand::List => {
            let list = store.list_invoices()?;
            emit(json, &list, |l| {
                l.iter()
                    .map(|i| {
                        format!(
                            "{:>5}  {:<12} {:<9} {:<12} {}  {:>12}  open {}",
                            i.id,
                            i.number.as_deref().unwrap_or("concept"),
                            i.kind.as_str(),
                            dossierkluis::billing::status_label(
                                i.status,
                                i.is_credit_note,
                                i.open_cents
                            ),
                            i.client_number,
                            euro(i.total_cents),
                            euro(i.open_cents)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        InvoiceCommand::Unbilled { client } => {
            let list = store.unbilled_sessions(*client)?;
            emit(json, &list, |l| {
                l.iter()
                    .map(|s| {
                        format!(
                            "sessie {} {} {} {} {}",
                            s.session_id,
                            s.client_number,
                            s.date,
                            s.kind,
                            euro(s.fee_cents)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        InvoiceCommand::Create { client, sessions } => {
            let ids: Vec<i64> = if sessions.is_empty() {
                store
                    .unbilled_sessions(Some(*client))?
                    .iter()
                    .map(|s| s.session_id)
                    .collect()
            } else {
                sessions.clone()
            };
            let id = store.create_invoice(*client, &ids)?;
            let invoice = store.invoice(id)?;
            emit(json, &invoice, describe);
        }
        InvoiceCommand::Issue { id, paid, date } => {
            let invoice = match paid {
                None => store.issue_invoice(*id)?,
                Some(method) => {
                    let method = PaymentMethod::at_issue(method)?;
                    let date = match date {
                        Some(d) => dossierkluis::dates::parse_date("date", d)?,
                        None => store.context().clock.today(),
                    };
                    store.issue_invoice_paid(*id, date, method)?
                }
            };
            emit(json, &invoice, describe);
        }
        InvoiceCommand::Receipt { id, out } => {
            let bytes = store.invoice_receipt_pdf(*id)?;
            save(out, &bytes, "Het opslaan van het betaalbewijs")?;
            emit(json, &json!({ "file": out, "bytes": bytes.len() }), |_| {
                format!("Betaalbewijs opgeslagen in {}.", out.display())
            });
        }
        InvoiceCommand::Show { id } => {
            let invoice = store.invoice(*id)?;
            emit(json, &invoice, describe);
        }
        InvoiceCommand::Pay { id, date, method } => {
            let method = PaymentMethod::parse(method).ok_or_else(|| {
                Error::field(
                    "method",
                    "Kies als betaalwijze pin, contant of overboeking.",
                )
            })?;
            let date = match date {
                Some(d) => dossierkluis::dates::parse_date("date", d)?,
                None => store.context().clock.today(),
            };
            let invoice = store.mark_invoice_paid(*id, date, method)?;
            emit(json, &invoice, describe);
        }
        InvoiceCommand::Refund { id, date, method } => {
            let method = PaymentMethod::parse(method).ok_or_else(|| {
                Error::field(
                    "method",
                    "Kies als manier van terugbetalen pin, contant of overboeking.",
                )
            })?;
            let date = match date {
                Some(d) => dossierkluis::dates::parse_date("date", d)?,
                None => store.context().clock.today(),
            };
            let invoice = store.mark_credit_note_refunded(*id, date, method)?;
            emit(json, &invoice, describe);
        }
        InvoiceCommand::Credit {
            id,
            release_sessions,
        } => {
            let credit = store.credit_invoice(*id, *release_sessions)?;
            emit(json, &credit, describe);
        }
        InvoiceCommand::Pdf { id, out, password } => match password {
            None => {
                let bytes = store.invoice_pdf(*id)?;
                save(out, &bytes, "Het opslaan van de PDF")?;
                emit(json, &json!({ "file": out, "bytes": bytes.len() }), |_| {
                    format!("PDF opgeslagen in {}.", out.display())
                });
            }
            Some(own) if !own.is_empty() => {
                return Err(Error::field(
                    "password",
                    "Kies geen eigen wachtwoord: Dossierkluis maakt een sterk wachtwoord en toont het. Gebruik --password zonder waarde.",
                ));
            }
            Some(_) => {
                let (bytes, password) = store.invoice_email_copy(*id)?;
                save(out, &bytes, "Het opslaan van de beveiligde PDF")?;
                let shown = password.expose_secret();
                emit(
                    json,
                    &json!({ "file": out, "bytes": bytes.len(), "password": shown }),
                    |_| {
                        format!(
                        "Beveiligde kopie opgeslagen in {}.\nWachtwoord (geef het telefonisch of per sms door, nooit in dezelfde e-mail): {shown}",
                        out.display()
                    )
                    },
                );
            }
        },
        InvoiceCommand::Delete { id } => {
            store.delete_concept_invoice(*id)?;
            emit(json, &json!({ "deleted": id }), |_| {
                format!("Concept {id} verwijderd.")
            });
        }
    }
    Ok(())
}

pub fn billing(vault: &mut Vault, command: &BillingCommand, json: bool) -> Result<()> {
    let store = vault.store_mut();
    match command {
        BillingCommand::Settings(SettingsCommand::Show) => {
            let s = store.billing_settings()?;
            emit(json, &s, |s| {
                serde_json::to_string_pretty(s).expect("serialisable")
            });
        }
        BillingCommand::Settings(SettingsCommand::Set { fields }) => {
            let current = serde_json::to_value(store.billing_settings()?).expect("serialisable");
            let example = "{\"payment_term_days\":30,\"care_vat_mode\":\"exempt\"}";
            let patch: serde_json::Value = serde_json::from_str(fields).map_err(|_| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!("Dit is geen geldige JSON. Geef de velden als JSON-object, bijvoorbeeld '{example}'."),
                )
            })?;
            let mut merged = current.clone();
            if let (Some(obj), Some(patch)) = (merged.as_object_mut(), patch.as_object()) {
                for (k, v) in patch {
                    obj.insert(k.clone(), v.clone());
                }
            }
            if let Some(unknown) = patch
                .as_object()
                .and_then(|p| p.keys().find(|k| current.get(k.as_str()).is_none()))
            {
                return Err(Error::field(
                    unknown,
                    format!(
                        "Het veld ‘{unknown}’ bestaat niet. Bekende velden: {}.",
                        current
                            .as_object()
                            .map(|o| o.keys().cloned().collect::<Vec<_>>().join(", "))
                            .unwrap_or_default()
                    ),
                ));
            }
            let settings: BillingSettings = from_json(merged, &current, example)?;
            let saved = store.update_billing_settings(&settings)?;
            emit(json, &saved, |s| {
                serde_json::to_string_pretty(s).expect("serialisable")
            });
        }
        BillingCommand::Service(ServiceCommand::List) => {
            let list = store.services()?;
            emit(json, &list, |l| {
                serde_json::to_string_pretty(l).expect("serialisable")
            });
        }
        BillingCommand::Service(ServiceCommand::Set { fields }) => {
            let service: Service = parse_json(
                fields,
                "{\"kind\":\"24504\",\"description\":\"Sessie\",\"tariff_cents\":8500,\"prestatiecode\":\"24504\",\"vat_mode\":\"exempt\"}",
            )?;
            // `service set` names the kind it sets: it adds or changes, as its name says.
            let saved = store.set_service(&service, ServiceSave::Change)?;
            emit(json, &saved, |s| {
                format!("Tarief voor '{}' opgeslagen.", s.kind)
            });
        }
        BillingCommand::Code(CodeCommand::List) => {
            let list = store.prestatiecodes()?;
            emit(json, &list, |l| {
                l.iter()
                    .map(|c| format!("{}  {}", c.code, c.description))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        BillingCommand::Code(CodeCommand::Set { fields }) => {
            let code: Prestatiecode = parse_json(
                fields,
                "{\"code\":\"24006\",\"description\":\"Behandeling …\"}",
            )?;
            store.set_prestatiecode(&code)?;
            emit(json, &code, |c| {
                format!("Prestatiecode {} opgeslagen.", c.code)
            });
        }
        BillingCommand::Business {
            client,
            fields,
            clear,
        } => {
            let business: Option<BusinessClient> = match (fields, clear) {
                (_, true) => None,
                (Some(f), false) => Some(parse_json(
                    f,
                    "{\"company_name\":\"Bedrijf BV\",\"street\":\"Stationsplein\",\"house_number\":\"1\",\"postcode\":\"3511 ED\",\"city\":\"Utrecht\",\"kvk_number\":\"12345678\"}",
                )?),
                (None, false) => {
                    return Err(Error::new(
                        ErrorCode::InvalidInput,
                        "Geef de bedrijfsgegevens als JSON, of --clear.",
                    ));
                }
            };
            store.set_business_client(*client, business.as_ref())?;
            emit(
                json,
                &json!({ "client": client, "business": business }),
                |_| "Opgeslagen.".into(),
            );
        }
    }
    Ok(())
}

pub fn export(vault: &mut Vault, command: &ExportCommand, json: bool) -> Result<()> {
    let store = vault.store_mut();
    match command {
        ExportCommand::Csv {
            from,
            to,
            no_names,
            out,
        } => {
            let from = dossierkluis::dates::parse_date("from", from)?;
            let to = dossierkluis::dates::parse_date("to", to)?;
            let csv = store.export_invoices_csv(from, to, !no_names)?;
            save(out, csv.as_bytes(), "Het opslaan van de CSV")?;
            let rows = csv.matches("\r\n").count().saturating_sub(1);
            emit(json, &json!({ "file": out, "invoices": rows }), |_| {
                format!("{rows} facturen opgeslagen in {}.", out.display())
            });
        }
        ExportCommand::Ubl { id, out } => {
            let xml = store.export_invoice_ubl(*id)?;
            save(out, xml.as_bytes(), "Het opslaan van het UBL-bestand")?;
            emit(json, &json!({ "file": out }), |_| {
                format!("UBL-factuur opgeslagen in {}.", out.display())
            });
        }
    }
    Ok(())
}
