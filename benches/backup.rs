//! Backup and restore throughput on the demo practice (DESIGN §10: "a backup runs at disk speed"),
//! next to Debian's `age` tool encrypting and decrypting the same payload in the same run.
//!
//! Run: `cargo bench --bench backup`. Size: DK_BENCH_CLIENTS (default 3000, ~300 MB of snapshot; the
//! issue's ~1 GB practice is `DK_BENCH_CLIENTS=10000`, heavy on a 2-core machine). Runs per
//! measurement: DK_BENCH_RUNS (default 3, the median is reported).
//!
//! Not a criterion harness: one measurement takes seconds, and the point is the ratio against the
//! `age` tool in the same run, which this prints directly. The tool gets the exact tar payload of our
//! backup on stdin (from memory; no plain text touches the disk here either) and writes to the same
//! folder. Our figures include everything the app does: the in-memory snapshot, encryption, fsync,
//! and the full read-back verification (decrypt, SHA-256, integrity_check) before the rename.

use dossierkluis::backup::{
    self, BackupKey, BackupSecret, CreateOptions, Progress, RestoreOptions, Stage,
};
use dossierkluis::demo::DemoSpec;
use dossierkluis::{Actor, Context, FixedClock, KdfParams, Passphrase, Vault};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "benchmark wachtwoordzin";

fn ctx() -> Context {
    Context {
        clock: Arc::new(FixedClock::on("2026-11-21".parse().unwrap())),
        actor: Actor {
            user: "bench".into(),
            device: "bench".into(),
        },
    }
}

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(env_u32("DK_BENCH_CLIENTS", 3000).to_string())
}

/// The demo vault, made once (strong KDF, as users meet it) and kept.
fn source_vault() -> PathBuf {
    let dir = data_dir().join("backup-source");
    if !dir.join("done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let (mut vault, _) =
            Vault::create(&dir, &Passphrase::new(PASSPHRASE), KdfParams::STRONG, ctx()).unwrap();
        let spec = DemoSpec {
            clients: env_u32("DK_BENCH_CLIENTS", 3000),
            years: 20,
            seed: 42,
        };
        let summary = vault.store_mut().generate_demo(spec, |_, _| {}).unwrap();
        eprintln!("demo vault: {summary:?}");
        vault.lock().unwrap();
        std::fs::write(dir.join("done"), "").unwrap();
    }
    dir
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mb_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn main() {
    // `cargo test --benches` runs benches with --bench absent: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runs = env_u32("DK_BENCH_RUNS", 3).max(1);
    let src = source_vault();
    let work = data_dir().join("backup-work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    let mut vault = Vault::open(&src, &Passphrase::new(PASSPHRASE), ctx()).unwrap();
    let identity = backup::backup_identity(&mut vault).unwrap();
    let id_file = work.join("identity.txt");
    std::fs::write(&id_file, identity.identity_file_text("bench").as_bytes()).unwrap();

    // Ours: backup (snapshot + encrypt/write/fsync + verify), with the time per stage.
    let mut totals = Vec::new();
    let mut writes = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let trace = std::env::var_os("DK_BENCH_TRACE").is_some();
        let mut write_start = None;
        let mut write_end = None;
        let made = backup::create(
            &mut vault,
            &work.join("ours"),
            &CreateOptions::default(),
            // Write stage: from the end of the snapshot to the first read-back report (so it
            // includes the fsync, as the age figure does).
            &mut |p: Progress| match p.stage {
                _ if trace && (p.done_bytes == 0 || p.done_bytes == p.total_bytes) => {
                    eprintln!("{:>8.3}s {:?}", started.elapsed().as_secs_f64(), p);
                    if p.stage == Stage::Snapshot && p.done_bytes == p.total_bytes {
                        write_start = Some(Instant::now());
                    }
                    if p.stage == Stage::Verify && write_end.is_none() {
                        write_end = Some(Instant::now());
                    }
                }
                Stage::Snapshot if p.done_bytes == p.total_bytes => {
                    write_start = Some(Instant::now())
                }
                Stage::Verify if write_end.is_none() => write_end = Some(Instant::now()),
                _ => {}
            },
        )
        .unwrap();
        totals.push(started.elapsed());
        writes.push(write_end.unwrap() - write_start.unwrap());
        files.push(made);
    }
    let made = files.last().unwrap().clone();
    vault.lock().unwrap();
    let payload_bytes = made.manifest.snapshot_bytes;

    // The same tar payload, in memory, for the age tool.
    let payload = {
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&id_file)
            .arg(&made.file)
            .output()
            .expect("Debian's age tool (apt-get install age)");
        assert!(out.status.success());
        out.stdout
    };

    let mut age_enc = Vec::new();
    for n in 0..runs {
        let out = work.join(format!("age-{n}.age"));
        let started = Instant::now();
        let mut child = Command::new("age")
            .arg("-r")
            .arg(&identity.recipient)
            .arg("-o")
            .arg(&out)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&payload).unwrap();
        assert!(child.wait().unwrap().success());
        std::fs::File::open(&out).unwrap().sync_all().unwrap();
        age_enc.push(started.elapsed());
    }

    // Restore with the passphrase (one Argon2id, full verification, export into SQLCipher, checks).
    let mut restores = Vec::new();
    for n in 0..runs {
        let started = Instant::now();
        let opened = backup::open(
            &made.file,
            BackupKey::from_secret(BackupSecret::Passphrase(Passphrase::new(PASSPHRASE))).unwrap(),
        )
        .unwrap();
        opened
            .restore(
                &RestoreOptions {
                    to: &work.join(format!("restored-{n}")),
                    new_passphrase: &Passphrase::new(PASSPHRASE),
                    kdf: KdfParams::STRONG,
                    overwrite: false,
                    destroyed_client_numbers: &[],
                },
                ctx(),
                &mut |p: Progress| {
                    if std::env::var_os("DK_BENCH_TRACE").is_some() {
                        eprintln!("{:>8.3}s {:?}", started.elapsed().as_secs_f64(), p);
                    }
                },
            )
            .unwrap();
        restores.push(started.elapsed());
    }
    let mut age_dec = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let mut child = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&id_file)
            .arg(&made.file)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut sink = Vec::with_capacity(payload.len());
        child.stdout.take().unwrap().read_to_end(&mut sink).unwrap();
        assert!(child.wait().unwrap().success());
        age_dec.push(started.elapsed());
    }

    let (t, w, ae, r, ad) = (
        median(totals),
        median(writes),
        median(age_enc),
        median(restores),
        median(age_dec),
    );
    let mb = payload.len() as u64;
    println!(
        "backup benchmark: snapshot {:.0} MB ({} runs, median)",
        payload_bytes as f64 / 1e6,
        runs
    );
    println!(
        "  backup, end to end (snapshot + write + verify): {:>7.2} s  {:>7.1} MB/s",
        t.as_secs_f64(),
        mb_s(mb, t)
    );
    println!(
        "  backup, encrypt+write+fsync stage:               {:>7.2} s  {:>7.1} MB/s",
        w.as_secs_f64(),
        mb_s(mb, w)
    );
    println!(
        "  age -r (same payload, to file, fsync):           {:>7.2} s  {:>7.1} MB/s",
        ae.as_secs_f64(),
        mb_s(mb, ae)
    );
    println!(
        "  restore with passphrase, end to end:             {:>7.2} s  {:>7.1} MB/s",
        r.as_secs_f64(),
        mb_s(mb, r)
    );
    println!(
        "  age -d -i (same file, to a pipe):                {:>7.2} s  {:>7.1} MB/s",
        ad.as_secs_f64(),
        mb_s(mb, ad)
    );
    println!(
        "  ratio to age, write stage:   {:.2}",
        ae.as_secs_f64() / w.as_secs_f64()
    );
    println!(
        "  ratio to age, backup total:  {:.2}",
        ae.as_secs_f64() / t.as_secs_f64()
    );
    println!(
        "  ratio to age, restore total: {:.2}",
        ad.as_secs_f64() / r.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&work);
}
