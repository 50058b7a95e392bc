//! The practice logo and printing, as thin adapters over `dossierkluis::logo` and
//! `dossierkluis::print`: the core checks the logo, decides the print command line and the audit
//! line, and runs CUPS's `lpstat` and `lp` under a deadline (`lp` gets the PDF on its standard input,
//! so no plain copy is written to disk); this file only opens the native dialog, reads the chosen
//! file, names the programs, and keeps the vault lock free while `lp` runs.
//!
//! **Test seam** (only with the `test-seams` feature, like the dialog seam): `DOSSIERKLUIS_TEST_LPSTAT` and
//! `DOSSIERKLUIS_TEST_LP` name programs to run instead of `lpstat` and `lp`, so a test can use a
//! fake printer that records its arguments and the bytes it got. Release builds always run the real
//! programs from the PATH.

use std::io::Read;

use dossierkluis::logo::{LogoInfo, MAX_LOGO_BYTES};
use dossierkluis::print::{self, Printers};
use dossierkluis::Error;
use tauri::{AppHandle, Runtime, State};

use crate::dialog::{self, Purpose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

type Res<T> = Result<T, IpcError>;

fn core<T>(r: dossierkluis::Result<T>) -> Res<T> {
    r.map_err(IpcError::from)
}

/// The practice logo, if one is set (with a `data:` URL for the preview).
#[tauri::command(async, rename_all = "snake_case")]
pub fn practice_logo_get(state: State<'_, AppState>) -> Res<Option<LogoInfo>> {
    state.with_vault(|v| core(v.store().practice_logo()))
}

/// "Logo kiezen…": a PNG or JPEG from the open dialog, checked and stored in the vault. `None` when
/// the person cancels.
#[tauri::command(async, rename_all = "snake_case")]
pub fn practice_logo_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<LogoInfo>> {
    let Some(path) = dialog::choose(&app, Purpose::LogoIn)? else {
        return Ok(None);
    };
    let fail = |e: std::io::Error| IpcError::from(Error::io("Het lezen van het logo", &e));
    // One byte past the limit is enough for the core to say the file is too large.
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .map_err(fail)?
        .take(MAX_LOGO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    state
        .with_vault(|v| core(v.store_mut().set_practice_logo(&bytes)))
        .map(Some)
}

/// "Logo verwijderen": true when there was one.
#[tauri::command(async, rename_all = "snake_case")]
pub fn practice_logo_clear(state: State<'_, AppState>) -> Res<bool> {
    state.with_vault(|v| core(v.store_mut().clear_practice_logo()))
}

fn program(name: &'static str, _seam: &str) -> std::ffi::OsString {
    #[cfg(feature = "test-seams")]
    if let Some(fake) = std::env::var_os(_seam) {
        return fake;
    }
    name.into()
}

fn lpstat() -> std::ffi::OsString {
    program("lpstat", "DOSSIERKLUIS_TEST_LPSTAT")
}

/// The printers CUPS knows and the default; an empty list when there is none (or no CUPS), a Dutch
/// error when CUPS does not answer within `print::LPSTAT_TIMEOUT`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn printers_list(state: State<'_, AppState>) -> Res<Printers> {
    // Not a vault read, but only for an unlocked app.
    state.with_vault(|_| Ok(()))?;
    core(print::list_printers(&lpstat(), print::LPSTAT_TIMEOUT))
}

/// "Afdrukken": the invoice's PDF (as issued) to `printer`, `copies` times, through `lp` on stdin.
/// The vault is locked only to read the PDF and, once `lp` accepted the job, to log the print; not
/// while `lp` runs (up to `print::LP_TIMEOUT`), so the rest of the app is never stuck behind a printer.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_print(
    state: State<'_, AppState>,
    invoice_id: i64,
    printer: String,
    copies: u32,
) -> Res<()> {
    let available = core(print::list_printers(&lpstat(), print::LPSTAT_TIMEOUT))?;
    let (args, pdf) = state.with_vault(|v| {
        let title = core(v.store().invoice_print_title(invoice_id))?;
        let args = core(print::lp_args(&available, &printer, copies, &title))?;
        let pdf = core(v.store_mut().invoice_print_pdf(invoice_id))?;
        Ok((args, pdf))
    })?;
    let lp = program("lp", "DOSSIERKLUIS_TEST_LP");
    core(print::run_lp(&lp, &args, &pdf, print::LP_TIMEOUT))?;
    state.with_vault(|v| {
        core(
            v.store_mut()
                .record_invoice_sent_to_printer(invoice_id, &printer, copies),
        )
    })
}
