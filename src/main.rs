//! The `dossierkluis` command: the library's API for scripting, recovery and tests. Output is for
//! people by default and JSON on stdout with `--json`. Errors are a Dutch sentence on stderr (JSON with
//! `--json`) and a non-zero exit code; a failed command leaves the vault as it was. The process writes no
//! core dump and wipes every heap block it frees (`dossierkluis::memory`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// Every heap block is wiped before it is freed: names, notes and secrets do not linger after use.
#[global_allocator]
static ALLOC: dossierkluis::memory::ZeroizingAlloc = dossierkluis::memory::ZeroizingAlloc;

fn main() -> ExitCode {
    dossierkluis::memory::harden_process();
    // Not `memory::wipe_sqlite_on_free()`: SQLCipher's memory security (mlock and wipe of every
    // SQLite allocation) made one backup of a small vault take 7.8 s instead of about 1 s
    // (tests/backup_crash.rs), and a backup runs at every lock. See the README's known limits.
    let args = cli::Cli::parse();
    let json = args.json;
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if json {
                eprintln!(
                    "{}",
                    serde_json::to_string(&err).unwrap_or_else(|_| err.message.clone())
                );
            } else {
                eprintln!("{}", err.message);
                for field in err.fields.iter().filter(|f| f.message != err.message) {
                    eprintln!("  - {}", field.message);
                }
            }
            ExitCode::from(1)
        }
    }
}
