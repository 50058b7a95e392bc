//! Billing speed (issue 4): 5,000 issued invoices exported to CSV for the bookkeeper (target < 1 s),
//! rendering a zorgnota PDF (target < 50 ms), and issuing one zorgnota (PDF stored included). Plain SQLite in a temp folder, set up with the library's own API.
//!
//! Run: `cargo bench --bench billing -- --measurement-time 5`.

use criterion::{criterion_group, criterion_main, Criterion};
use dossierkluis::dossier::{ClientInput, SessionInput, SessionStatus};
use dossierkluis::practice::Practice;
use dossierkluis::store::{Keying, Store};
use dossierkluis::{Actor, Context, FixedClock};
use std::sync::Arc;
use std::time::Duration;

fn ctx() -> Context {
    Context {
        clock: Arc::new(FixedClock::on("2026-11-30".parse().unwrap())),
        actor: Actor {
            user: "bench".into(),
            device: "bench".into(),
        },
    }
}

fn practice() -> Practice {
    Practice {
        therapist_name: "Marieke de Wit".into(),
        practice_name: "Praktijk De Wit".into(),
        street: "Lindelaan".into(),
        house_number: "12".into(),
        postcode: "3511 AB".into(),
        city: "Utrecht".into(),
        agb_zorgverlener: "90123456".into(),
        agb_praktijk: "90654321".into(),
        beroepsvereniging: "VIV Nederland".into(),
        member_number: "VIV-12345".into(),
        kvk_number: "12345678".into(),
        iban: "NL91 ABNA 0417 1643 00".into(),
        ..Practice::default()
    }
}

/// A client with one held session, and its concept zorgnota.
fn concept(store: &mut Store, n: usize) -> i64 {
    let client = store
        .add_client(&ClientInput {
            first_names: "Zoë".into(),
            last_name: format!("Jansen{n}"),
            birth_date: "1985-06-01".into(),
            street: "Kerkstraat".into(),
            house_number: "5".into(),
            postcode: "1234 AB".into(),
            city: "Amersfoort".into(),
            ..Default::default()
        })
        .unwrap();
    let session = store
        .add_session(
            client,
            &SessionInput {
                date: format!("2026-{:02}-{:02}", 1 + n % 11, 1 + n % 28),
                duration_minutes: 60,
                kind: "24504".into(),
                fee: "85,00".into(),
                status: SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    store.create_invoice(client, &[session]).unwrap()
}

fn csv_export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("v.db"), Keying::Plain, true, ctx()).unwrap();
    // Set-up only: the measured export reads, it does not depend on sync.
    store
        .connection()
        .execute_batch("PRAGMA synchronous = OFF")
        .unwrap();
    store.update_practice(&practice()).unwrap();
    for n in 0..5000 {
        let id = concept(&mut store, n);
        store.issue_invoice(id).unwrap();
    }
    store
        .connection()
        .execute_batch("PRAGMA synchronous = FULL")
        .unwrap();
    let from = "2026-01-01".parse().unwrap();
    let to = "2026-12-31".parse().unwrap();
    let mut group = c.benchmark_group("billing");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("csv_5000_invoices", |b| {
        b.iter(|| {
            let csv = store.export_invoices_csv(from, to, true).unwrap();
            assert!(csv.len() > 5000 * 50);
        })
    });
    let invoice = store.invoice(store.list_invoices().unwrap()[0].id).unwrap();
    group.bench_function("zorgnota_pdf_render", |b| {
        b.iter(|| dossierkluis::billing::pdf::render(&invoice).unwrap())
    });
    group.bench_function("issue_one_zorgnota", |b| {
        let mut n = 10_000;
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let id = concept(&mut store, n);
                let start = std::time::Instant::now();
                store.issue_invoice(id).unwrap();
                spent += start.elapsed();
            }
            spent
        })
    });
    group.finish();
}

criterion_group!(benches, csv_export);
criterion_main!(benches);
