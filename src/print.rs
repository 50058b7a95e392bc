//! Printing a PDF from the app without ever writing it to disk. The app lists the printers with
//! CUPS's `lpstat` and hands the PDF's bytes to `lp` on its standard input (`lp` reads stdin when it
//! is given no file), so no plain copy of a zorgnota lands in a temp folder. This module reads
//! `lpstat`'s output, builds `lp`'s command line, and runs both programs under a deadline
//! ([`list_printers`], [`run_lp`]; the adapter only chooses which program, for its test seam);
//! [`Store::print_invoice`] (or its two halves, so the app's vault lock is free while `lp` runs)
//! reads the stored PDF and logs the print.
//!
//! What holds:
//! - Only a printer `lpstat` listed can be chosen, and a name cannot pose as an option (no leading
//!   `-`); 1 to [`MAX_COPIES`] copies.
//! - The job title carries the invoice number only, never the client's name (print queues are
//!   visible to other users of the machine and in CUPS's logs).
//! - A print is logged as `invoice_sent_to_printer` with the printer and the number of copies, and
//!   only when `lp` accepted the job: a refused job leaves no log line.
//! - Neither program can hang the app: `lpstat` gets [`LPSTAT_TIMEOUT`], `lp` [`LP_TIMEOUT`]; then it
//!   is stopped and a Dutch sentence says what to do.
//!
//! [`Store::print_invoice`]: crate::Store::print_invoice

use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long `lpstat` may take: it only asks the local CUPS service for its list.
pub const LPSTAT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long `lp` may take to accept a job; it only hands it to the CUPS spooler.
pub const LP_TIMEOUT: Duration = Duration::from_secs(30);

/// The most copies one print may ask for.
pub const MAX_COPIES: u32 = 20;

/// The printers CUPS knows, and the default one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Printers {
    pub printers: Vec<String>,
    /// The system default, when it is one of `printers`.
    pub default: Option<String>,
}

/// The output of `lpstat -e` (one destination name per line) and `lpstat -d`
/// ("system default destination: NAME" or "no system default destination"), both run with
/// `LC_ALL=C`. Lines that cannot be a printer name are skipped.
pub fn parse_lpstat(destinations: &str, default: &str) -> Printers {
    let mut printers: Vec<String> = destinations
        .lines()
        .map(str::trim)
        .filter(|name| valid_name(name))
        .map(str::to_string)
        .collect();
    printers.dedup();
    let default = default
        .lines()
        .find_map(|line| line.trim().strip_prefix("system default destination:"))
        .map(str::trim)
        .filter(|name| printers.iter().any(|p| p == name))
        .map(str::to_string);
    Printers { printers, default }
}

/// CUPS names: printable, no spaces, `/` or `#`; never starting with `-` (it would read as an option).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 127
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '/' && c != '#' && c != '\\')
}

fn no_printer() -> Error {
    Error::new(
        ErrorCode::NotFound,
        "Er is geen printer gevonden. Sla de PDF op en druk hem af vanuit uw PDF-lezer, of sluit een printer aan en probeer het opnieuw.",
    )
}

/// The arguments for `lp` to print standard input on `printer`, `copies` times, under `title`.
pub fn lp_args(
    printers: &Printers,
    printer: &str,
    copies: u32,
    title: &str,
) -> Result<Vec<String>> {
    if printers.printers.is_empty() {
        return Err(no_printer());
    }
    if !printers.printers.iter().any(|p| p == printer) {
        return Err(Error::field(
            "printer",
            "Deze printer is niet (meer) beschikbaar. Kies een printer uit de lijst.",
        ));
    }
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(Error::field(
            "copies",
            format!("Kies 1 tot {MAX_COPIES} exemplaren."),
        ));
    }
    let title: String = title.chars().filter(|c| !c.is_control()).take(60).collect();
    Ok(vec![
        "-d".into(),
        printer.into(),
        "-n".into(),
        copies.to_string(),
        "-t".into(),
        title,
        // Pass the PDF as it is; CUPS's filters render it for the printer.
        "-o".into(),
        "document-format=application/pdf".into(),
    ])
}

/// The Dutch message when the `lp` program failed; `stderr` is left out (it may name paths).
pub fn lp_failed() -> Error {
    Error::new(
        ErrorCode::Io,
        "De printer heeft de opdracht niet aangenomen. Controleer of de printer aanstaat en verbonden is, en probeer het opnieuw; lukt het niet, sla de PDF dan op en druk hem af vanuit uw PDF-lezer.",
    )
}

/// The message when the print programs (CUPS) are not installed at all.
pub fn cups_missing() -> Error {
    no_printer()
}

/// The message when `lp` did not finish in time and was stopped.
pub fn lp_timed_out() -> Error {
    Error::new(
        ErrorCode::Io,
        "De printer reageerde niet op tijd; de afdrukopdracht is afgebroken. Kijk in de afdrukwachtrij van de computer of er toch iets wordt afgedrukt voordat u het opnieuw probeert; lukt het niet, sla de PDF dan op en druk hem af vanuit uw PDF-lezer.",
    )
}

/// The message when `lpstat` did not answer in time.
pub fn lpstat_timed_out() -> Error {
    Error::new(
        ErrorCode::Io,
        "Het afdruksysteem van de computer (CUPS) gaf niet op tijd de lijst van printers. Probeer het over een minuut opnieuw; lukt het dan nog niet, sla de PDF op en druk hem af vanuit uw PDF-lezer.",
    )
}

enum Waited {
    Exited(ExitStatus),
    TimedOut,
    Failed,
}

/// Waits for `child` until `timeout` has passed; then stops it.
fn wait_until(child: &mut Child, timeout: Duration) -> Waited {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Waited::Exited(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            other => {
                let _ = child.kill();
                let _ = child.wait();
                return match other {
                    Ok(_) => Waited::TimedOut,
                    Err(_) => Waited::Failed,
                };
            }
        }
    }
}

/// Runs `lpstat ARG` (the program `lpstat`, normally `"lpstat"`) with `LC_ALL=C` and returns its
/// standard output; `None` when the program cannot be started (no CUPS). A non-zero exit still
/// counts: `lpstat -d` without a default exits non-zero on some CUPS versions.
fn run_lpstat(lpstat: &OsStr, arg: &str, timeout: Duration) -> Result<Option<String>> {
    let Ok(mut child) = Command::new(lpstat)
        .arg(arg)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return Ok(None);
    };
    // Read from its own thread, so a full pipe cannot stall the program before the deadline.
    let reader = child.stdout.take().map(|mut stdout| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            stdout.read_to_end(&mut out).map(|_| out)
        })
    });
    match wait_until(&mut child, timeout) {
        Waited::Exited(_) => {}
        Waited::TimedOut => return Err(lpstat_timed_out()),
        Waited::Failed => return Ok(None),
    }
    let out = reader
        .and_then(|r| r.join().ok())
        .and_then(|r| r.ok())
        .unwrap_or_default();
    Ok(Some(String::from_utf8_lossy(&out).into_owned()))
}

/// The printers CUPS knows and its default, from `lpstat -e` and `lpstat -d`, each allowed `timeout`.
/// No CUPS at all gives the same calm "no printer" answer as no printer (an empty list); an `lpstat`
/// that does not answer in time gives [`lpstat_timed_out`].
pub fn list_printers(lpstat: &OsStr, timeout: Duration) -> Result<Printers> {
    let Some(destinations) = run_lpstat(lpstat, "-e", timeout)? else {
        return Ok(Printers::default());
    };
    let default = run_lpstat(lpstat, "-d", timeout)?.unwrap_or_default();
    Ok(parse_lpstat(&destinations, &default))
}

/// Runs `lp` (the program `lp`, normally `"lp"`) with `args` (from [`lp_args`]) and writes `pdf` to
/// its standard input. `Ok` only when `lp` read it all and accepted the job within `timeout`;
/// otherwise [`cups_missing`], [`lp_failed`] or [`lp_timed_out`]. `lp`'s own output is not shown
/// (it may name paths).
pub fn run_lp(lp: &OsStr, args: &[String], pdf: &[u8], timeout: Duration) -> Result<()> {
    let mut child = Command::new(lp)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| cups_missing())?;
    // Written from its own thread, so an `lp` that stops reading cannot hang us past the deadline.
    let writer = child.stdin.take().map(|mut stdin| {
        let bytes = pdf.to_vec();
        std::thread::spawn(move || stdin.write_all(&bytes))
    });
    let status = match wait_until(&mut child, timeout) {
        Waited::Exited(status) => status,
        Waited::TimedOut => return Err(lp_timed_out()),
        Waited::Failed => return Err(lp_failed()),
    };
    let written = writer.is_none_or(|w| w.join().is_ok_and(|r| r.is_ok()));
    if !written || !status.success() {
        return Err(lp_failed());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printers() -> Printers {
        parse_lpstat(
            "Kantoor_HP\nBrother-HL-L2350DW\n\n",
            "system default destination: Brother-HL-L2350DW\n",
        )
    }

    #[test]
    fn lpstat_output_gives_the_printers_and_the_default() {
        let p = printers();
        assert_eq!(p.printers, vec!["Kantoor_HP", "Brother-HL-L2350DW"]);
        assert_eq!(p.default.as_deref(), Some("Brother-HL-L2350DW"));
        let none = parse_lpstat("", "no system default destination\n");
        assert!(none.printers.is_empty() && none.default.is_none());
        let stray = parse_lpstat(
            "-oops\nmet spatie\nok\n",
            "system default destination: weg\n",
        );
        assert_eq!(
            stray.printers,
            vec!["ok"],
            "names CUPS cannot have are skipped"
        );
        assert_eq!(
            stray.default, None,
            "a default that is not listed is no default"
        );
    }

    #[test]
    fn the_lp_command_line_prints_stdin_on_the_chosen_printer() {
        let args = lp_args(&printers(), "Kantoor_HP", 2, "Zorgnota 2026-0007").unwrap();
        assert_eq!(
            args,
            vec![
                "-d",
                "Kantoor_HP",
                "-n",
                "2",
                "-t",
                "Zorgnota 2026-0007",
                "-o",
                "document-format=application/pdf"
            ],
            "no file argument: lp reads the PDF from stdin"
        );
    }

    #[test]
    fn unknown_printers_and_silly_copy_counts_are_refused_in_dutch() {
        let err = lp_args(&printers(), "-d/etc/passwd", 1, "x").unwrap_err();
        assert_eq!(err.fields[0].field, "printer");
        for copies in [0, MAX_COPIES + 1] {
            let err = lp_args(&printers(), "Kantoor_HP", copies, "x").unwrap_err();
            assert_eq!(err.fields[0].field, "copies", "{copies} copies");
        }
        let err = lp_args(&Printers::default(), "Kantoor_HP", 1, "x").unwrap_err();
        assert!(err.message.starts_with("Er is geen printer gevonden"));
    }
}
