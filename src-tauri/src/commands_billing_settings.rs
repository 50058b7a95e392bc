//! Instellingen → Facturering and the Facturen screen's period, totals and exports: thin adapters over
//! `dossierkluis::billing` (settings, services, prestatiecodes, business clients) and
//! `dossierkluis::billing::ledger` (period list and totals, presets, the next number). Exports are made
//! in Rust and written to a path chosen in the native save dialog; the page never sees a path.

use dossierkluis::billing::ledger::{
    self, BusinessRow, CodeTable, Ledger, Period, PeriodPresets, ServiceForm, SettingsForm,
    VatChoice,
};
use dossierkluis::billing::{BillingSettings, BusinessClient, Prestatiecode, Service};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::write_file;
use crate::dialog::{self, Purpose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// The settings with what the form shows beside them: the next number and the VAT choices.
#[derive(Debug, Clone, Serialize)]
pub struct BillingSettingsView {
    pub settings: BillingSettings,
    /// The number the next issued invoice gets (shown only; taken when issuing).
    pub next_number: String,
    pub vat_choices: Vec<VatChoice>,
}

fn settings_view(v: &dossierkluis::Vault) -> Res<BillingSettingsView> {
    Ok(BillingSettingsView {
        settings: core(v.store().billing_settings())?,
        next_number: core(v.store().next_invoice_number())?,
        vat_choices: ledger::vat_choices(),
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_settings_get(state: State<'_, AppState>) -> Res<BillingSettingsView> {
    state.with_vault(|v| settings_view(v))
}

/// Refused with `InvalidInput` and the field (`payment_term_days`, `number_prefix`, …).
#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_settings_set(
    state: State<'_, AppState>,
    input: SettingsForm,
) -> Res<BillingSettingsView> {
    state.with_vault(|v| {
        core(v.store_mut().save_billing_settings_form(&input))?;
        settings_view(v)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_services(state: State<'_, AppState>) -> Res<Vec<Service>> {
    state.with_vault(|v| core(v.store().services()))
}

/// Adds or changes the service of `input.kind`; the tariff comes as typed (`85,00`).
#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_service_save(state: State<'_, AppState>, input: ServiceForm) -> Res<Service> {
    state.with_vault(|v| core(v.store_mut().save_service_form(&input)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_codes(state: State<'_, AppState>) -> Res<CodeTable> {
    state.with_vault(|v| core(v.store().prestatiecode_table()))
}

/// Adds a code or corrects a description; returns the table as it now is.
#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_code_save(state: State<'_, AppState>, input: Prestatiecode) -> Res<CodeTable> {
    state.with_vault(|v| {
        core(v.store_mut().set_prestatiecode(&input))?;
        core(v.store().prestatiecode_table())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_business_list(state: State<'_, AppState>) -> Res<Vec<BusinessRow>> {
    state.with_vault(|v| core(v.store().business_clients()))
}

/// Marks a client as a business buyer (`business: null`: a private person again); returns the list.
#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_business_set(
    state: State<'_, AppState>,
    client_id: i64,
    business: Option<BusinessClient>,
) -> Res<Vec<BusinessRow>> {
    state.with_vault(|v| {
        core(
            v.store_mut()
                .set_business_client(client_id, business.as_ref()),
        )?;
        core(v.store().business_clients())
    })
}

/// "Deze maand", "vorig kwartaal", "dit jaar", as of the vault's today.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_periods(state: State<'_, AppState>) -> Res<PeriodPresets> {
    state.with_vault(|v| Ok(v.store().invoice_period_presets()))
}

/// The invoices of a period (dates as typed; refused at `from`/`to`) with their totals.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoices_period(state: State<'_, AppState>, from: String, to: String) -> Res<Ledger> {
    let period = core(Period::parse(&from, &to))?;
    state.with_vault(|v| core(v.store().invoices_in_period(period)))
}

fn saved_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// "Exporteren voor boekhouder…": the CSV of the period, with or without client names, to a path
/// from the save dialog. `None` when the person cancels (nothing exported, nothing logged).
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoices_export_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: String,
    to: String,
    with_names: bool,
) -> Res<Option<String>> {
    let period = core(Period::parse(&from, &to))?;
    let name = format!(
        "facturen-{}-tot-{}{}.csv",
        period.from,
        period.to,
        if with_names { "" } else { "-zonder-namen" }
    );
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let csv = state.with_vault(|v| {
        core(
            v.store_mut()
                .export_invoices_csv(period.from, period.to, with_names),
        )
    })?;
    write_file(&path, csv.as_bytes(), "Het opslaan van de export")?;
    Ok(Some(saved_name(&path)))
}

/// "UBL-bestand opslaan…": the SI-UBL 2.0 XML of an issued invoice to a business client. The core
/// refuses a concept or a private client before the dialog opens.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_ubl_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Res<Option<String>> {
    let invoice = state.with_vault(|v| core(v.store().invoice(invoice_id)))?;
    core(dossierkluis::billing::export::ubl_xml(&invoice))?;
    let name = format!(
        "{}-{}.xml",
        invoice.kind.as_str(),
        invoice.number.as_deref().unwrap_or("concept")
    );
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let xml = state.with_vault(|v| core(v.store_mut().export_invoice_ubl(invoice_id)))?;
    write_file(&path, xml.as_bytes(), "Het opslaan van het UBL-bestand")?;
    Ok(Some(saved_name(&path)))
}
