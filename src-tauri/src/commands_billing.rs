//! The billing commands (zorgnota's and facturen): thin adapters over `dossierkluis::billing`, like
//! [`crate::commands`]. Every decision (numbers, checks, VAT, credit notes) lives in the core. PDFs are
//! made in Rust and written to a path chosen in the native save dialog; the page never sees a path.

use dossierkluis::billing::{Invoice, InvoiceSummary, PaymentMethod, UnbilledSession};
use dossierkluis::Error;
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

/// Held sessions not yet on an invoice, of one client or (without `client_id`) of all.
#[tauri::command(async, rename_all = "snake_case")]
pub fn billing_unbilled(
    state: State<'_, AppState>,
    client_id: Option<i64>,
) -> Res<Vec<UnbilledSession>> {
    state.with_vault(|v| core(v.store().unbilled_sessions(client_id)))
}

/// A concept invoice for the chosen sessions of one client; returns its id.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_create(
    state: State<'_, AppState>,
    client_id: i64,
    session_ids: Vec<i64>,
) -> Res<i64> {
    state.with_vault(|v| core(v.store_mut().create_invoice(client_id, &session_ids)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoices_list(state: State<'_, AppState>) -> Res<Vec<InvoiceSummary>> {
    state.with_vault(|v| core(v.store().list_invoices()))
}

/// An invoice with the VAT sentences it prints (computed by the core).
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceView {
    #[serde(flatten)]
    pub invoice: Invoice,
    pub vat_texts: Vec<&'static str>,
}

fn view(invoice: Invoice) -> InvoiceView {
    InvoiceView {
        vat_texts: invoice.vat_texts(),
        invoice,
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_get(state: State<'_, AppState>, invoice_id: i64) -> Res<InvoiceView> {
    state.with_vault(|v| core(v.store().invoice(invoice_id)).map(view))
}

/// Refused with `InvalidInput` and every missing field in `fields` while anything is missing. With
/// `paid` (`pin` or `contant`): "Uitreiken en afrekenen", issued and paid today in one transaction.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_issue(
    state: State<'_, AppState>,
    invoice_id: i64,
    paid: Option<String>,
) -> Res<InvoiceView> {
    let method = paid.as_deref().map(PaymentMethod::at_issue).transpose();
    let method = core(method)?;
    state.with_vault(|v| {
        let store = v.store_mut();
        let today = store.context().clock.today();
        core(match method {
            None => store.issue_invoice(invoice_id),
            Some(m) => store.issue_invoice_paid(invoice_id, today, m),
        })
        .map(view)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_delete_concept(state: State<'_, AppState>, invoice_id: i64) -> Res<()> {
    state.with_vault(|v| core(v.store_mut().delete_concept_invoice(invoice_id)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_mark_paid(
    state: State<'_, AppState>,
    invoice_id: i64,
    paid_on: String,
    method: String,
) -> Res<InvoiceView> {
    let paid_on = dossierkluis::dates::parse_date("paid_on", &paid_on).map_err(IpcError::from)?;
    let method = PaymentMethod::parse(&method).ok_or_else(|| {
        IpcError::from(Error::field(
            "method",
            "Kies hoe er is betaald: pin, contant of overboeking.",
        ))
    })?;
    state.with_vault(|v| {
        core(v.store_mut().mark_invoice_paid(invoice_id, paid_on, method)).map(view)
    })
}

/// Issues a credit note for the invoice; returns the credit note.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_credit(
    state: State<'_, AppState>,
    invoice_id: i64,
    release_sessions: bool,
) -> Res<InvoiceView> {
    state.with_vault(|v| core(v.store_mut().credit_invoice(invoice_id, release_sessions)).map(view))
}

fn file_stem(invoice: &Invoice) -> String {
    let number = invoice.number.clone().unwrap_or_else(|| "concept".into());
    format!("{}-{}", invoice.kind.as_str(), number)
}

fn saved_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// "PDF opslaan…": the PDF (as issued, or a preview of a concept) to a path from the save dialog;
/// with `receipt`: the betaalbewijs of a paid nota ("Betaalbewijs opslaan…"). `None` when the person
/// cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_pdf_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invoice_id: i64,
    receipt: Option<bool>,
) -> Res<Option<String>> {
    let receipt = receipt.unwrap_or(false);
    let (invoice, pdf) = state.with_vault(|v| {
        let invoice = core(v.store().invoice(invoice_id))?;
        let pdf = core(if receipt {
            v.store_mut().invoice_receipt_pdf(invoice_id)
        } else {
            v.store_mut().invoice_pdf(invoice_id)
        })?;
        Ok((invoice, pdf))
    })?;
    let name = if receipt {
        format!("betaalbewijs-{}.pdf", file_stem(&invoice))
    } else {
        format!("{}.pdf", file_stem(&invoice))
    };
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    write_file(&path, &pdf, "Het opslaan van de PDF")?;
    Ok(Some(saved_name(&path)))
}

/// What the page shows once after saving an e-mail copy.
#[derive(Serialize)]
pub struct EmailCopy {
    pub file_name: String,
    /// The generated password, shown once; never stored or logged.
    pub password: String,
}

/// "Kopie voor e-mail…": a password-protected copy to a path from the save dialog, and its
/// password to show once. Nothing is sent. `None` when the person cancels (no copy made).
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_email_copy_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Res<Option<EmailCopy>> {
    let invoice = state.with_vault(|v| core(v.store().invoice(invoice_id)))?;
    let name = format!("{}-beveiligd.pdf", file_stem(&invoice));
    let Some(path) = dialog::choose(&app, Purpose::SaveAs(name))? else {
        return Ok(None);
    };
    let (bytes, password) =
        state.with_vault(|v| core(v.store_mut().invoice_email_copy(invoice_id)))?;
    write_file(&path, &bytes, "Het opslaan van de kopie voor e-mail")?;
    Ok(Some(EmailCopy {
        file_name: saved_name(&path),
        password: password.expose_secret().to_string(),
    }))
}
