//! One runner for the CLI tests: the `dossierkluis` binary with `--vault`, the test passphrase in
//! `DOSSIERKLUIS_PASSPHRASE`, and the few ways the tests read what it printed (JSON on stdout, the
//! Dutch sentence or `{code, message}` on stderr).
//!
//! Every spawn clears the variables that could point the binary at another vault or secret, so a
//! developer's own shell cannot change what a test sees.

use super::PASSPHRASE;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with `--vault` (when given), `args`, and only the test passphrase in its environment.
pub fn command(vault: Option<&Path>, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossierkluis"));
    if let Some(v) = vault {
        cmd.arg("--vault").arg(v);
    }
    cmd.args(args)
        .env_remove("DOSSIERKLUIS_VAULT")
        .env_remove("DOSSIERKLUIS_RECOVERY_CODE")
        .env_remove("DOSSIERKLUIS_NEW_PASSPHRASE")
        .env("DOSSIERKLUIS_PASSPHRASE", PASSPHRASE);
    cmd
}

/// Runs the binary to the end with extra environment variables (which win over the defaults).
pub fn run(vault: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = command(vault, args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Stdout as text after asserting the command succeeded (its stderr says why it did not).
pub fn ok_text(what: &str, out: Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Stdout as JSON after asserting the command succeeded.
pub fn ok_json(what: &str, out: Output) -> Value {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{what}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The `code` of the `{code, message}` line a failed `--json` command ends its stderr with.
pub fn err_code(out: &Output) -> String {
    assert!(!out.status.success(), "expected a failure");
    let stderr = stderr(out);
    let last = stderr.lines().last().unwrap_or_default();
    let v: Value = serde_json::from_str(last).unwrap_or_else(|_| panic!("not JSON: {stderr}"));
    v["code"].as_str().unwrap().to_string()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A vault path `kluis` in a temp folder of its own; `init` or `demo` makes the vault.
pub struct Cli {
    tmp: tempfile::TempDir,
    pub vault: PathBuf,
}

impl Cli {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Cli {
        let tmp = tempfile::tempdir().unwrap();
        let vault = tmp.path().join("kluis");
        Cli { tmp, vault }
    }

    /// A demo vault (fast KDF) with `clients` clients over `years` years.
    pub fn demo(clients: &str, years: &str) -> Cli {
        let cli = Cli::new();
        cli.json(&[
            "demo",
            "--clients",
            clients,
            "--years",
            years,
            "--insecure-fast-kdf",
            "--json",
        ]);
        cli
    }

    /// The temp folder the vault lives in, for files the test writes or asks for.
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// The command not yet started, for a test that pipes or kills it.
    pub fn command(&self, args: &[&str]) -> Command {
        command(Some(&self.vault), args)
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        run(Some(&self.vault), args, env)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Stdout as text; the command must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        ok_text(&format!("{args:?}"), self.run(args))
    }

    /// Stdout as JSON; the command must succeed.
    pub fn json(&self, args: &[&str]) -> Value {
        ok_json(&format!("{args:?}"), self.run(args))
    }

    /// Makes the vault with the fast KDF and returns the recovery code it showed.
    pub fn init(&self) -> String {
        let v = self.json(&["init", "--insecure-fast-kdf", "--json"]);
        v["recovery_code"].as_str().unwrap().to_string()
    }
}
