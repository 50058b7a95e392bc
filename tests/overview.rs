//! The start screen's lists: today's and coming sessions, and the dossiers worked on last.

mod common;

use common::*;
use dossierkluis::dossier::{EntryKind, SessionInput, SessionStatus};
use dossierkluis::FixedClock;
use std::sync::Arc;

fn session(date: &str, time: &str, status: SessionStatus) -> SessionInput {
    SessionInput {
        traject_id: None,
        date: date.into(),
        start_time: time.into(),
        duration_minutes: 50,
        kind: "Sessie".into(),
        fee: "85,00".into(),
        status,
    }
}

#[test]
fn agenda_shows_today_in_time_order_and_only_planned_sessions_ahead() {
    let (_dir, mut vault, _) = new_vault(); // the clock says 2026-11-21
    let store = vault.store_mut();
    let zoe = store.add_client(&client("Zoë", "Vries")).unwrap();
    let bram = store.add_client(&client("Bram", "Jansen")).unwrap();
    let late = store
        .add_session(zoe, &session("2026-11-21", "15:00", SessionStatus::Planned))
        .unwrap();
    let early = store
        .add_session(bram, &session("2026-11-21", "09:30", SessionStatus::Held))
        .unwrap();
    store
        .add_session(
            bram,
            &session("2026-11-21", "11:00", SessionStatus::Cancelled),
        )
        .unwrap();
    let next_week = store
        .add_session(zoe, &session("2026-11-27", "10:00", SessionStatus::Planned))
        .unwrap();
    store
        .add_session(zoe, &session("2026-11-24", "10:00", SessionStatus::Held))
        .unwrap();
    store
        .add_session(zoe, &session("2026-12-20", "10:00", SessionStatus::Planned))
        .unwrap();
    store
        .add_session(zoe, &session("2026-11-20", "10:00", SessionStatus::Planned))
        .unwrap();

    let agenda = store.agenda(14).unwrap();
    assert_eq!(agenda.today.to_string(), "2026-11-21");
    let today: Vec<i64> = agenda.today_sessions.iter().map(|s| s.session_id).collect();
    assert_eq!(
        today,
        [early, late],
        "today reads as the day runs, held ones included, the cancelled one left out"
    );
    assert_eq!(agenda.today_sessions[0].client_name, "Bram Jansen");
    let ahead: Vec<i64> = agenda.upcoming.iter().map(|s| s.session_id).collect();
    assert_eq!(
        ahead,
        [next_week],
        "ahead: planned sessions within 14 days only (not yesterday, not next month)"
    );
}

#[test]
fn recent_clients_put_the_dossier_with_the_newest_note_first() {
    let (_dir, mut vault, _) = new_vault();
    let store = vault.store_mut();
    let first = store.add_client(&client("Anna", "Bakker")).unwrap();
    let second = store.add_client(&client("Bram", "Jansen")).unwrap();
    store.set_clock(Arc::new(FixedClock::on("2026-11-25".parse().unwrap())));
    store
        .add_entry(
            first,
            &entry(EntryKind::Sessieverslag, "Gesprek over werk."),
        )
        .unwrap();
    let recent = store.recent_clients(10).unwrap();
    let order: Vec<i64> = recent.iter().map(|r| r.client_id).collect();
    assert_eq!(
        order,
        [first, second],
        "a note written later brings its dossier to the top"
    );
    assert_eq!(recent[0].name, "Anna Bakker");
    assert_eq!(store.recent_clients(1).unwrap().len(), 1, "the limit holds");
}

/// Issue 3: with the 3,000-client demo vault every screen answers within 100 ms. The overview's two
/// queries and the client list are what the start and list screens wait for.
#[test]
fn with_the_3000_client_demo_vault_the_overview_and_the_list_answer_within_100_ms() {
    let (_dir, mut vault, _) = new_vault();
    let store = vault.store_mut();
    store
        .generate_demo(
            dossierkluis::demo::DemoSpec {
                clients: 3000,
                years: 3,
                seed: 7,
            },
            |_, _| {},
        )
        .unwrap();
    // Once to warm SQLite's page cache, as the open app has; then measured.
    for round in 0..3 {
        let started = std::time::Instant::now();
        let agenda = store.agenda(14).unwrap();
        let recent = store.recent_clients(8).unwrap();
        let overview = started.elapsed();
        let started = std::time::Instant::now();
        let list = store.list_clients(None).unwrap();
        let list_took = started.elapsed();
        eprintln!("overview {overview:?}, client list {list_took:?}");
        assert_eq!(list.len(), 3000);
        assert_eq!(recent.len(), 8);
        assert!(
            !agenda.today_sessions.is_empty() || !agenda.upcoming.is_empty(),
            "the demo practice has sessions around today"
        );
        if round == 0 {
            continue;
        }
        let limit = std::time::Duration::from_millis(100);
        assert!(overview < limit, "the overview's lists took {overview:?}");
        assert!(list_took < limit, "the client list took {list_took:?}");
    }
}
