//! The command line, run as a script would: the exact forms the README promises, JSON on stdout, a
//! Dutch sentence on stderr and a non-zero exit on error, and the vault unchanged after an error.

mod common;

use common::cli::*;
use common::*;
use serde_json::Value;
use std::path::Path;

#[test]
fn the_documented_forms_work_end_to_end() {
    let cli = Cli::new();
    let code = cli.init();
    assert_eq!(code.len(), 39);
    let client = cli.json(&[
        "client",
        "add",
        "--first-name",
        "Zoë",
        "--last-name",
        "Vries",
        "--tussenvoegsel",
        "de",
        "--birth-date",
        "1990-03-04",
        "--postcode",
        "3511ab",
        "--house-number",
        "12",
        "--street",
        "Lindelaan",
        "--city",
        "Utrecht",
        "--email",
        "zoe@voorbeeld.nl",
        "--json",
    ]);
    let id = client["id"].as_i64().unwrap();
    let entry = cli.json(&[
        "entry",
        "add",
        "--client",
        &id.to_string(),
        "--kind",
        "sessieverslag",
        "--text",
        "Cliënt slaapt slecht door piekeren.",
        "--json",
    ]);
    assert!(entry["id"].as_i64().is_some());
    let hits = cli.json(&["search", "zoe", "--json"]);
    assert_eq!(hits[0]["client_id"].as_i64(), Some(id));
    let hits = cli.json(&["search", "client piekeren", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["client_id"].as_i64(), Some(id));
    let shown = cli.json(&["client", "show", &id.to_string(), "--json"]);
    assert_eq!(shown["postcode"], "3511 AB");
    let out = cli.run(&["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));
}

#[test]
fn init_makes_a_strong_vault_by_default() {
    let cli = Cli::new();
    let out = cli.run(&["init", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let key: Value =
        serde_json::from_slice(&std::fs::read(cli.vault.join("vault.key")).unwrap()).unwrap();
    assert_eq!(key["passphrase"]["kdf"], "argon2id");
    assert!(
        key["passphrase"]["params"]["memory_kib"].as_u64().unwrap() >= 64 * 1024,
        "{key}"
    );
    let info = cli.json(&["info", "--json"]);
    assert_eq!(info["kdf"], key["passphrase"]["params"]);
}

#[test]
fn an_error_is_a_dutch_sentence_a_failing_exit_and_no_change() {
    let cli = Cli::new();
    cli.init();
    cli.json(&[
        "client",
        "add",
        "--first-name",
        "Anna",
        "--last-name",
        "Jansen",
        "--birth-date",
        "1980-01-01",
        "--json",
    ]);
    let out = cli.run(&[
        "client",
        "add",
        "--first-name",
        "Bob",
        "--last-name",
        "Bakker",
        "--birth-date",
        "1980-01-01",
        "--postcode",
        "12345",
        "--house-number",
        "1",
        "--street",
        "X",
        "--city",
        "Y",
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("geen Nederlandse postcode"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    // The failed command's own unlock/lock lines are the only change; no client was added.
    let list = cli.json(&["client", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);

    let out = cli.run_with(
        &["client", "list"],
        &[("DOSSIERKLUIS_PASSPHRASE", "verkeerde wachtwoordzin")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Deze wachtwoordzin past niet"),
        "{}",
        stderr(&out)
    );
    let out = cli.run_with(
        &["client", "list", "--json"],
        &[("DOSSIERKLUIS_PASSPHRASE", "verkeerde wachtwoordzin")],
    );
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "wrong_passphrase");
}

#[test]
fn a_wrong_passphrase_leaves_the_files_byte_identical() {
    let cli = Cli::new();
    cli.init();
    let before = snapshot(&cli.vault);
    let out = cli.run_with(
        &["search", "x"],
        &[("DOSSIERKLUIS_PASSPHRASE", "helemaal verkeerd hoor")],
    );
    assert!(!out.status.success());
    assert_eq!(snapshot(&cli.vault), before);
}

#[test]
fn passwd_and_recover_change_which_passphrase_opens_the_vault() {
    let cli = Cli::new();
    let code = cli.init();
    let new = "de nieuwe wachtwoordzin";
    let out = cli.run_with(&["passwd"], &[("DOSSIERKLUIS_NEW_PASSPHRASE", new)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !cli.run(&["client", "list"]).status.success(),
        "old passphrase fails"
    );
    assert!(
        cli.run_with(&["client", "list"], &[("DOSSIERKLUIS_PASSPHRASE", new)])
            .status
            .success(),
        "new passphrase works"
    );

    let after_recovery = "na herstel gekozen zin";
    let out = cli.run_with(
        &["recover"],
        &[
            ("DOSSIERKLUIS_RECOVERY_CODE", &code),
            ("DOSSIERKLUIS_NEW_PASSPHRASE", after_recovery),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(cli
        .run_with(
            &["client", "list"],
            &[("DOSSIERKLUIS_PASSPHRASE", after_recovery)]
        )
        .status
        .success());
    let out = cli.run_with(
        &["recover"],
        &[
            ("DOSSIERKLUIS_RECOVERY_CODE", "AAAA-BBBB"),
            ("DOSSIERKLUIS_NEW_PASSPHRASE", "nog een andere zin"),
        ],
    );
    assert!(stderr(&out).contains("geen geldige herstelcode"));
}

#[test]
fn audit_verify_exits_non_zero_when_the_chain_is_broken() {
    let cli = Cli::new();
    cli.init();
    cli.json(&[
        "client",
        "add",
        "--first-name",
        "Anna",
        "--last-name",
        "Jansen",
        "--birth-date",
        "1980-01-01",
        "--json",
    ]);
    {
        let vault = dossierkluis::Vault::open(&cli.vault, &pass(), ctx()).unwrap();
        vault.store().connection().execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET device = 'elders' WHERE id = 2;").unwrap();
    }
    let out = cli.run(&["audit", "verify"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("NIET intact"));
}

#[test]
fn a_second_process_is_refused_while_one_has_the_vault() {
    let cli = Cli::new();
    cli.init();
    let _open = dossierkluis::Vault::open(&cli.vault, &pass(), ctx()).unwrap();
    let out = cli.run(&["client", "list"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("al geopend"), "{}", stderr(&out));
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let summary = |dir: &Path, seed: &str| {
        let out = run(
            Some(dir),
            &[
                "--today",
                "2026-11-21",
                "--json",
                "demo",
                "--clients",
                "30",
                "--years",
                "3",
                "--seed",
                seed,
                "--insecure-fast-kdf",
            ],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let vault = dossierkluis::Vault::open(dir, &pass(), ctx()).unwrap();
        let texts: Vec<String> = {
            let mut stmt = vault
                .store()
                .connection()
                .prepare("SELECT body FROM entries ORDER BY id")
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        (v, texts)
    };
    let tmp = tempfile::tempdir().unwrap();
    let (a, texts_a) = summary(&tmp.path().join("a"), "7");
    let (b, texts_b) = summary(&tmp.path().join("b"), "7");
    let (c, _) = summary(&tmp.path().join("c"), "8");
    assert_eq!(a, b);
    assert_eq!(texts_a, texts_b, "same seed, same notes");
    assert_ne!(a, c);
    assert_eq!(a["clients"], 30);
    assert!(a["entries"].as_u64().unwrap() > 300, "{a}");
    let avg = texts_a.iter().map(|t| t.len()).sum::<usize>() / texts_a.len();
    assert!(
        avg > 300,
        "notes have realistic length, average {avg} bytes"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // `dossierkluis … | head`: the pipe closes before the command writes. The command has done its
    // work; it must end quietly, not with a Rust panic and a backtrace on the screen.
    let cli = Cli::new();
    cli.init();
    let mut child = cli
        .command(&["audit", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(
        !err.contains("panicked"),
        "no panic on a closed pipe: {err}"
    );
    assert!(out.status.success(), "the command did its work: {err}");
}
