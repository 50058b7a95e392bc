//! The refund of a credit note ("Terugbetaling vastleggen"), a thin adapter over
//! `dossierkluis::Store::mark_credit_note_refunded`: the core decides whether a refund is owed (the
//! credited invoice was paid), checks the date, and writes the audit line.

use dossierkluis::billing::PaymentMethod;
use dossierkluis::Error;
use tauri::State;

use crate::commands_billing::InvoiceView;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Records that the credit note's amount was paid back on `refunded_on` (ISO date) by `method`
/// (`pin`, `contant`, `overboeking`); returns the credit note. Refused with `NotAllowed` when nothing
/// is owed back or it was already recorded, `InvalidInput` (field `paid_on`) for a wrong date.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_refund(
    state: State<'_, AppState>,
    invoice_id: i64,
    refunded_on: String,
    method: String,
) -> Result<InvoiceView, IpcError> {
    let refunded_on =
        dossierkluis::dates::parse_date("paid_on", &refunded_on).map_err(IpcError::from)?;
    let method = PaymentMethod::parse(&method).ok_or_else(|| {
        IpcError::from(Error::field(
            "method",
            "Kies hoe er is terugbetaald: pin, contant of overboeking.",
        ))
    })?;
    state.with_vault(|v| {
        v.store_mut()
            .mark_credit_note_refunded(invoice_id, refunded_on, method)
            .map(|invoice| InvoiceView {
                vat_texts: invoice.vat_texts(),
                invoice,
            })
            .map_err(IpcError::from)
    })
}
