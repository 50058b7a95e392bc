//! Speed on a practice of realistic size (DESIGN §10): 3,000 clients and ~100,000 entries from
//! `demo`, encrypted (SQLCipher) next to the same operations on plain SQLite, so the README can show
//! what encryption costs. The demo vaults are made once and kept under target/bench-data.
//!
//! Run: `cargo bench --bench vault` (or `make bench`). Set DK_BENCH_CLIENTS for a smaller practice.
//!
//! The last group, `wiped`, repeats unlock, search, open dossier and add entry with the memory wiping
//! the app and the CLI run with (`dossierkluis::memory`: every freed Rust block zeroed, SQLCipher's
//! memory security on). Everything before it runs without, so one run shows what the wiping costs.
//! SQLCipher's setting cannot be turned off again, which is why `wiped` comes last.

use criterion::{criterion_group, criterion_main, Criterion};
use dossierkluis::demo::DemoSpec;
use dossierkluis::dossier::{EntryInput, EntryKind};
use dossierkluis::memory::ZeroizingAlloc;
use dossierkluis::store::{Keying, Store};
use dossierkluis::{Actor, Context, FixedClock, KdfParams, Passphrase, Vault};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const PASSPHRASE: &str = "benchmark wachtwoordzin";

/// The system allocator until [`WIPE`] is set, then [`ZeroizingAlloc`] (which allocates from the
/// same system allocator, so a block may be freed by either).
struct Switchable;

static WIPE: AtomicBool = AtomicBool::new(false);

unsafe impl GlobalAlloc for Switchable {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WIPE.load(Ordering::Relaxed) {
            unsafe { ZeroizingAlloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !WIPE.load(Ordering::Relaxed) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // What ZeroizingAlloc gets from GlobalAlloc's default: a new block, a copy, the old one wiped.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOC: Switchable = Switchable;

fn ctx() -> Context {
    Context {
        clock: Arc::new(FixedClock::on("2026-11-21".parse().unwrap())),
        actor: Actor {
            user: "bench".into(),
            device: "bench".into(),
        },
    }
}

fn clients() -> u32 {
    std::env::var("DK_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

fn spec() -> DemoSpec {
    DemoSpec {
        clients: clients(),
        years: 20,
        seed: 42,
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(clients().to_string())
}

/// The encrypted demo vault, made with the strong default KDF so unlock is measured as users meet it.
fn encrypted_vault() -> PathBuf {
    let dir = data_dir().join("encrypted");
    if !dir.join("done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let (mut vault, _) =
            Vault::create(&dir, &Passphrase::new(PASSPHRASE), KdfParams::STRONG, ctx()).unwrap();
        let summary = vault.store_mut().generate_demo(spec(), |_, _| {}).unwrap();
        eprintln!("encrypted demo vault: {summary:?}");
        vault.lock().unwrap();
        std::fs::write(dir.join("done"), "").unwrap();
    }
    dir
}

fn plain_store() -> Store {
    let dir = data_dir().join("plain");
    let db = dir.join("plain.db");
    if !dir.join("done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut store = Store::open(&db, Keying::Plain, true, ctx()).unwrap();
        store.generate_demo(spec(), |_, _| {}).unwrap();
        drop(store);
        std::fs::write(dir.join("done"), "").unwrap();
    }
    Store::open(&db, Keying::Plain, false, ctx()).unwrap()
}

fn a_client_with_entries(store: &Store) -> i64 {
    store
        .connection()
        .query_row(
            "SELECT client_id FROM entries GROUP BY client_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn benches(c: &mut Criterion) {
    let dir = encrypted_vault();
    let mut plain = plain_store();

    let mut group = c.benchmark_group("unlock");
    group.sample_size(10);
    group.bench_function("argon2id_strong_and_open", |b| {
        b.iter(|| Vault::open(&dir, &Passphrase::new(PASSPHRASE), ctx()).unwrap());
    });
    group.finish();

    let mut vault = Vault::open(&dir, &Passphrase::new(PASSPHRASE), ctx()).unwrap();
    let client = a_client_with_entries(vault.store());
    let plain_client = a_client_with_entries(&plain);

    for query in ["piekeren", "zoe", "slaap wer"] {
        let mut group = c.benchmark_group(format!("search/{query}"));
        group.bench_function("encrypted", |b| {
            b.iter(|| vault.store_mut().search(query, 50).unwrap())
        });
        group.bench_function("plain", |b| b.iter(|| plain.search(query, 50).unwrap()));
        group.finish();
    }

    let mut group = c.benchmark_group("open_dossier");
    group.bench_function("encrypted", |b| {
        b.iter(|| vault.store_mut().open_dossier(client).unwrap())
    });
    group.bench_function("plain", |b| {
        b.iter(|| plain.open_dossier(plain_client).unwrap())
    });
    group.finish();

    // The app's start screen (agenda + recently worked-on dossiers) and client list (issue 3: every
    // screen within 100 ms on this practice).
    let mut group = c.benchmark_group("overview");
    group.bench_function("agenda_and_recent", |b| {
        b.iter(|| {
            let store = vault.store();
            (store.agenda(14).unwrap(), store.recent_clients(8).unwrap())
        })
    });
    group.bench_function("client_list", |b| {
        b.iter(|| vault.store().list_clients(None).unwrap())
    });
    group.finish();

    let note = EntryInput {
        kind: EntryKind::Sessieverslag,
        text: "Cliënt vertelt over de week; ".repeat(25),
        entry_date: None,
        traject_id: None,
        session_id: None,
    };
    let mut group = c.benchmark_group("add_entry");
    group.bench_function("encrypted", |b| {
        b.iter(|| vault.store_mut().add_entry(client, &note).unwrap())
    });
    group.bench_function("plain", |b| {
        b.iter(|| plain.add_entry(plain_client, &note).unwrap())
    });
    group.finish();

    // The same on the encrypted vault, now wiping freed memory as the app and the CLI do.
    WIPE.store(true, Ordering::SeqCst);
    assert!(dossierkluis::memory::wipe_sqlite_on_free());
    let mut group = c.benchmark_group("wiped");
    group.bench_function("search_piekeren", |b| {
        b.iter(|| vault.store_mut().search("piekeren", 50).unwrap())
    });
    group.bench_function("search_zoe", |b| {
        b.iter(|| vault.store_mut().search("zoe", 50).unwrap())
    });
    group.bench_function("search_slaap_wer", |b| {
        b.iter(|| vault.store_mut().search("slaap wer", 50).unwrap())
    });
    group.bench_function("open_dossier", |b| {
        b.iter(|| vault.store_mut().open_dossier(client).unwrap())
    });
    group.bench_function("add_entry", |b| {
        b.iter(|| vault.store_mut().add_entry(client, &note).unwrap())
    });
    drop(vault);
    group.sample_size(10);
    group.bench_function("unlock", |b| {
        b.iter(|| Vault::open(&dir, &Passphrase::new(PASSPHRASE), ctx()).unwrap());
    });
    group.finish();
}

criterion_group!(vault_benches, benches);
criterion_main!(vault_benches);
