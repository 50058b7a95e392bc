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

/// Issue 20.4: a dossier whose only change is a werkaantekening still comes up in "Recent bewerkt",
/// while its WGBO clock (`last_substantive_change`) stays where the care record left it.
#[test]
fn a_werkaantekening_alone_puts_its_dossier_in_recent() {
    let (_dir, mut vault, _) = new_vault();
    let store = vault.store_mut();
    let noted = store.add_client(&client("Anna", "Bakker")).unwrap();
    let other = store.add_client(&client("Bram", "Jansen")).unwrap();
    let before = store.client(noted).unwrap().last_substantive_change;
    store.set_clock(Arc::new(FixedClock::on("2026-11-25".parse().unwrap())));
    store
        .add_entry(
            noted,
            &entry(
                EntryKind::Werkaantekening,
                "Eigen gedachte voor volgende keer.",
            ),
        )
        .unwrap();
    let order: Vec<i64> = store
        .recent_clients(10)
        .unwrap()
        .iter()
        .map(|r| r.client_id)
        .collect();
    assert_eq!(
        order,
        [noted, other],
        "the werkaantekening written today brings its dossier to the top"
    );
    assert_eq!(
        store.client(noted).unwrap().last_substantive_change,
        before,
        "a werkaantekening is no care-record change: the 20-year clock does not restart"
    );
}
