//! Issue 12 item 2: who asked. A request records the requester and the client's age on the day it was
//! received; the core decides whether that requester is entitled, and a copy or destruction for one
//! who is not is refused until the therapist records why it may proceed.

mod common;

use common::cli::{err_code, Cli};
use common::*;
use dossierkluis::retention::requester::{entitlement, Requester};
use dossierkluis::retention::requests::RequestInput;
use dossierkluis::retention::{RequestKind, RequestStatus};
use dossierkluis::ErrorCode;

use Requester::*;

/// Every requester kind in every age band: (age, [client, ouder, voogd, mentor, curator,
/// vertegenwoordiger, gemachtigde]).
const TABLE: &[(i32, [bool; 7])] = &[
    (0, [false, true, true, false, false, false, false]),
    (11, [false, true, true, false, false, false, false]),
    (12, [true, true, true, false, false, false, false]),
    (15, [true, true, true, false, false, false, false]),
    (16, [true, false, false, false, false, false, true]),
    (17, [true, false, false, false, false, false, true]),
    (18, [true, false, false, true, true, true, true]),
    (45, [true, false, false, true, true, true, true]),
];

#[test]
fn entitlement_for_every_age_band_and_requester_kind() {
    for (age, expected) in TABLE {
        for (requester, want) in Requester::ALL.into_iter().zip(expected) {
            let (got, why) = entitlement(requester, *age);
            assert_eq!(got, *want, "{} at {age}: {why}", requester.as_str());
            assert!(
                why.contains(&format!("{age} jaar")),
                "the reason names the age: {why}"
            );
            assert!(
                why.contains("7:4"),
                "the reason names the WGBO article: {why}"
            );
        }
    }
}

fn kid(birth: &str) -> dossierkluis::dossier::ClientInput {
    let mut c = client("Sem", "Bakker");
    c.birth_date = birth.into();
    c
}

#[test]
fn the_age_on_the_day_received_decides_also_for_29_february_birthdays() {
    // (birth date, received, requester, age that day, entitled)
    let cases = [
        // Born on a leap day: the 12th and 16th birthdays fall in leap years, on 29 February itself.
        ("2008-02-29", "2024-02-28", Ouder, 15, true),
        ("2008-02-29", "2024-02-29", Ouder, 16, false),
        ("2008-02-29", "2024-02-29", Client, 16, true),
        // The 18th in a common year: from 1 March.
        ("2008-02-29", "2026-02-28", Curator, 17, false),
        ("2008-02-29", "2026-03-01", Curator, 18, true),
        ("2012-02-29", "2024-02-28", Client, 11, false),
        ("2012-02-29", "2024-02-29", Client, 12, true),
        // The day before and on the 16th and 18th birthday.
        ("2010-06-15", "2026-06-14", Voogd, 15, true),
        ("2010-06-15", "2026-06-15", Voogd, 16, false),
        ("2008-06-15", "2026-06-14", Curator, 17, false),
        ("2008-06-15", "2026-06-15", Curator, 18, true),
        ("2010-06-15", "2026-06-15", Gemachtigde, 16, true),
    ];
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    for (birth, received, requester, age, entitled) in cases {
        let c = s.add_client(&kid(birth)).unwrap();
        let id = s
            .add_request_by(
                c,
                &RequestInput {
                    kind: Some(RequestKind::Inzage),
                    received_on: received.into(),
                    identity_check: "paspoort gezien".into(),
                    requester,
                    proceed_reason: String::new(),
                },
            )
            .unwrap();
        let r = s
            .requests(None)
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap();
        let what = format!("born {birth}, received {received}, {}", requester.as_str());
        assert_eq!(r.requester, requester, "{what}");
        assert_eq!(r.age_on_received, Some(age), "{what}");
        assert_eq!(r.entitled, entitled, "{what}: {}", r.entitled_reason);
        assert!(!r.entitled_reason.is_empty(), "{what}");
    }
}

#[test]
fn a_parents_inzage_for_a_17_year_old_is_refused_without_a_recorded_reason() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&kid("2009-03-10")).unwrap();
    let id = s
        .add_request_by(
            c,
            &RequestInput {
                kind: Some(RequestKind::Inzage),
                received_on: "2026-11-20".into(),
                identity_check: "moeder, paspoort gezien".into(),
                requester: Ouder,
                proceed_reason: String::new(),
            },
        )
        .unwrap();
    let err = s
        .answer_request(id, RequestStatus::Uitgevoerd, "kopie meegegeven")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message
            .contains("vanaf 16 jaar beslist de cliënt alleen"),
        "{}",
        err.message
    );
    let r = &s.requests(None).unwrap()[0];
    assert_eq!(r.status, RequestStatus::Open, "nothing was marked done");
    // The window's copy does not offer to answer it either.
    let offered = dossierkluis::retention::answers::open_requests_answered(
        &s.requests(None).unwrap(),
        dossierkluis::retention::answers::CopyFormat::Pdf,
    );
    assert!(offered.is_empty(), "{offered:?}");
    // Refusing the request needs no reason to proceed.
    assert!(s.record_proceed_reason(id, "  ").is_err());
    let r = s
        .record_proceed_reason(id, "schriftelijke toestemming van de cliënt, 19 november")
        .unwrap();
    assert!(r.may_proceed());
    s.answer_request(id, RequestStatus::Uitgevoerd, "kopie meegegeven")
        .unwrap();
    let r = &s.requests(None).unwrap()[0];
    assert_eq!(r.status, RequestStatus::Uitgevoerd);
    assert_eq!(
        r.proceed_reason, "schriftelijke toestemming van de cliënt, 19 november",
        "the reason stays on the request"
    );
}

#[test]
fn destruction_on_the_request_of_someone_not_entitled_is_refused_and_nothing_is_destroyed() {
    let (_tmp, mut vault, _) = new_vault();
    let s = vault.store_mut();
    let c = s.add_client(&kid("2009-03-10")).unwrap();
    let id = s
        .add_request_by(
            c,
            &RequestInput {
                kind: Some(RequestKind::Vernietiging),
                received_on: "2026-11-20".into(),
                requester: Voogd,
                ..Default::default()
            },
        )
        .unwrap();
    let err = s.destroy_client(c, "verzoek", Some(id)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed, "{}", err.message);
    assert!(s.open_dossier(c).is_ok(), "the dossier is still there");
    s.record_proceed_reason(id, "cliënt heeft het verzoek schriftelijk bevestigd")
        .unwrap();
    s.destroy_client(c, "verzoek", Some(id)).unwrap();
}

#[test]
fn the_cli_records_the_requester_and_says_whether_they_are_entitled() {
    let cli = Cli::new();
    cli.init();
    cli.ok(&[
        "client",
        "add",
        "--first-name",
        "Sem",
        "--last-name",
        "Bakker",
        "--birth-date",
        "2009-03-10",
    ]);
    let cid = "1".to_string();
    let r = cli.json(&[
        "--json",
        "request",
        "add",
        "--client",
        &cid,
        "--kind",
        "afschrift",
        "--received",
        "2026-11-20",
        "--requester",
        "ouder",
        "--identity",
        "moeder, paspoort gezien",
    ]);
    assert_eq!(r["requester"], "ouder");
    assert_eq!(r["age_on_received"], 17);
    assert_eq!(r["entitled"], false);
    assert!(
        r["entitled_reason"]
            .as_str()
            .unwrap()
            .contains("vanaf 16 jaar"),
        "{r}"
    );
    let rid = r["id"].as_i64().unwrap().to_string();
    let out = cli.run(&[
        "--json",
        "request",
        "answer",
        &rid,
        "--status",
        "uitgevoerd",
    ]);
    assert_eq!(err_code(&out), "not_allowed");
    let bad = cli.run(&[
        "--json",
        "request",
        "add",
        "--client",
        &cid,
        "--kind",
        "inzage",
        "--requester",
        "moeder",
    ]);
    assert_eq!(err_code(&bad), "invalid_input");
    let p = cli.json(&[
        "--json",
        "request",
        "proceed",
        &rid,
        "--reason",
        "schriftelijke toestemming cliënt",
    ]);
    assert_eq!(p["proceed_reason"], "schriftelijke toestemming cliënt");
    cli.ok(&["request", "answer", &rid, "--status", "uitgevoerd"]);
}
