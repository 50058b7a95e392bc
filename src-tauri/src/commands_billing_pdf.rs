//! The practice logo and printing, as thin adapters over `dossierkluis::logo` and
//! `dossierkluis::print`: the core checks the logo and decides the print command line and the audit
//! line; this file only opens the native dialog, reads the chosen file, and runs CUPS's `lpstat` and
//! `lp`, handing `lp` the PDF on its standard input so no plain copy is written to disk.
//!
//! **Test seam** (only with the `test-seams` feature, like the dialog seam): `DOSSIERKLUIS_TEST_LPSTAT` and
//! `DOSSIERKLUIS_TEST_LP` name programs to run instead of `lpstat` and `lp`, so a test can use a
//! fake printer that records its arguments and the bytes it got. Release builds always run the real
//! programs from the PATH.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

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

fn lpstat(arg: &str) -> Option<String> {
    let out = Command::new(program("lpstat", "DOSSIERKLUIS_TEST_LPSTAT"))
        .arg(arg)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    // `lpstat -d` without a default exits non-zero on some CUPS versions; its stdout still counts.
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn printers() -> Printers {
    let Some(destinations) = lpstat("-e") else {
        // No CUPS at all: the same calm "no printer" answer.
        return Printers::default();
    };
    print::parse_lpstat(&destinations, &lpstat("-d").unwrap_or_default())
}

/// The printers CUPS knows and the default; an empty list when there is none (or no CUPS).
#[tauri::command(async, rename_all = "snake_case")]
pub fn printers_list(state: State<'_, AppState>) -> Res<Printers> {
    // Not a vault read, but only for an unlocked app.
    state.with_vault(|_| Ok(()))?;
    Ok(printers())
}

/// How long `lp` may take to accept a job; it only hands it to the CUPS spooler, so seconds at most.
const LP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

fn run_lp(args: &[String], pdf: &[u8]) -> dossierkluis::Result<()> {
    let mut child = Command::new(program("lp", "DOSSIERKLUIS_TEST_LP"))
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| print::cups_missing())?;
    // Written from its own thread, so an `lp` that stops reading cannot hang the app (the vault stays
    // locked for other commands while this one runs).
    let writer = child.stdin.take().map(|mut stdin| {
        let bytes = pdf.to_vec();
        std::thread::spawn(move || stdin.write_all(&bytes))
    });
    let deadline = std::time::Instant::now() + LP_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(print::lp_failed());
            }
        }
    };
    let written = writer.is_none_or(|w| w.join().is_ok_and(|r| r.is_ok()));
    if !written || !status.success() {
        return Err(print::lp_failed());
    }
    Ok(())
}

/// "Afdrukken": the invoice's PDF (as issued) to `printer`, `copies` times, through `lp` on stdin.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_print(
    state: State<'_, AppState>,
    invoice_id: i64,
    printer: String,
    copies: u32,
) -> Res<()> {
    let available = printers();
    state.with_vault(|v| {
        let title = core(v.store().invoice_print_title(invoice_id))?;
        let args = core(print::lp_args(&available, &printer, copies, &title))?;
        core(
            v.store_mut()
                .print_invoice(invoice_id, &printer, copies, |pdf| run_lp(&args, pdf)),
        )
    })
}
