//! The `dossierkluis` command: the library's API for scripting, recovery and tests. Output is for
//! people by default and JSON on stdout with `--json`. Errors are a Dutch sentence on stderr (JSON with
//! `--json`) and a non-zero exit code; a failed command leaves the vault as it was.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
