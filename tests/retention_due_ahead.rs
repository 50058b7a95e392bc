//! "Te vernietigen per …" (issue 5 item 2): the due list for a date the therapist types, to look
//! ahead; a dossier that is due only on that future date is listed as "nog niet" and still cannot be
//! destroyed today.

mod common;

use common::retention::*;
use common::*;
use dossierkluis::dossier::{Regime, TrajectInput};
use dossierkluis::ErrorCode;

fn coaching_client(vault: &mut dossierkluis::Vault, last: &str, ended: &str) -> i64 {
    set_today(vault, ended);
    let s = vault.store_mut();
    let c = s.add_client(&client("Carla", last)).unwrap();
    s.add_traject(
        c,
        &TrajectInput {
            regime: Regime::Coaching,
            start_date: "2024-01-01".into(),
            end_date: ended.into(),
            ..Default::default()
        },
    )
    .unwrap();
    c
}

#[test]
fn looking_ahead_lists_future_terms_as_not_yet_and_they_cannot_be_destroyed_today() {
    let (_tmp, mut vault, _) = new_vault();
    // Coaching is kept two years after the end: due 2027-06-01 and 2028-01-05.
    let early = coaching_client(&mut vault, "Vroeg", "2025-06-01");
    let late = coaching_client(&mut vault, "Laat", "2026-01-05");
    set_today(&mut vault, "2027-12-01");

    let today = vault.store().due_list("").unwrap();
    assert_eq!(
        today
            .iter()
            .map(|l| (l.status.client_id, l.due_today))
            .collect::<Vec<_>>(),
        vec![(early, true)],
        "without a date the list is for today: only the term that has ended"
    );

    let ahead = vault.store().due_list("31-12-2028").unwrap();
    assert_eq!(
        ahead
            .iter()
            .map(|l| (l.status.client_id, l.due_today))
            .collect::<Vec<_>>(),
        vec![(early, true), (late, false)],
        "looking ahead (Dutch date order) adds the later term, marked as not due today"
    );
    let ids = |on: &str| -> Vec<i64> {
        vault
            .store()
            .due_list(on)
            .unwrap()
            .iter()
            .map(|l| l.status.client_id)
            .collect()
    };
    assert_eq!(
        ids("2028-12-31"),
        ids("31-12-2028"),
        "both date spellings mean the same day"
    );

    let err = vault
        .store_mut()
        .destroy_client(late, "termijn verstreken", None)
        .expect_err("a dossier due only on a future date cannot be destroyed today");
    assert_eq!(err.code, ErrorCode::NotAllowed, "{err:?}");
    assert!(
        vault.store().retention_status(late).is_ok(),
        "the refused destruction left the dossier in place"
    );
    vault
        .store_mut()
        .destroy_client(early, "termijn verstreken", None)
        .expect("the dossier that is due today can be destroyed");
}

#[test]
fn a_date_that_cannot_be_read_is_refused_at_the_field() {
    let (_tmp, vault, _) = new_vault();
    let err = vault
        .store()
        .due_list("eind van het jaar")
        .expect_err("free text is not a date");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.fields[0].field, "on",
        "the refusal belongs to the date field"
    );
    assert!(
        err.fields[0].message.contains("geen geldige datum"),
        "the refusal says what is wrong in Dutch: {err:?}"
    );
}
