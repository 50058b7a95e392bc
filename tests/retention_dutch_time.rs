//! Issue 12 item 5: every date the retention and request rules use is the Europe/Amsterdam calendar
//! date of the moment, whatever the machine's time zone. A note written at 00:30 Dutch time (23:30 or
//! 22:30 UTC the day before) starts the 20-year term on the Dutch day, and a request received "today"
//! in the Netherlands is not "in the future". One test function, so the TZ changes cannot race.

mod common;

use common::*;
use dossierkluis::dossier::{EntryKind, Regime, TrajectInput};
use dossierkluis::retention::RequestKind;
use dossierkluis::FixedClock;
use std::sync::Arc;

fn at(s: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock(
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc),
    ))
}

#[test]
fn a_change_at_half_past_midnight_amsterdam_is_dated_on_the_dutch_day_in_any_machine_zone() {
    // (instant in UTC = 00:30 in Amsterdam, the Dutch day, the WGBO term's end)
    let cases = [
        ("2026-11-20T23:30:00Z", "2026-11-21", "2046-11-21"), // winter, CET
        ("2026-06-14T22:30:00Z", "2026-06-15", "2046-06-15"), // summer, CEST
    ];
    for tz in ["UTC", "America/Los_Angeles"] {
        std::env::set_var("TZ", tz);
        for (instant, dutch_day, until) in cases {
            let (_tmp, mut vault, _) = new_vault();
            let s = vault.store_mut();
            s.set_clock(at("2026-01-05T12:00:00Z"));
            let c = s.add_client(&client("Anna", "Visser")).unwrap();
            s.add_traject(
                c,
                &TrajectInput {
                    regime: Regime::Wgbo,
                    start_date: "2026-01-05".into(),
                    // Closed: the term runs from the last change only once no traject is open.
                    end_date: "2026-01-05".into(),
                    ..Default::default()
                },
            )
            .unwrap();
            s.set_clock(at(instant));
            s.add_entry(c, &entry(EntryKind::Sessieverslag, "laat gesprek"))
                .unwrap();
            let status = s.retention_status(c).unwrap();
            assert_eq!(
                status.keep_until.map(|d| d.to_string()).as_deref(),
                Some(until),
                "TZ={tz}, change at {instant}: {}",
                status.reason
            );
            // A request received on the Dutch day is accepted and due a month later.
            let id = s
                .add_request(c, RequestKind::Inzage, dutch_day, "paspoort gezien")
                .unwrap_or_else(|e| panic!("TZ={tz}, {instant}: {}", e.message));
            let r = s
                .requests(None)
                .unwrap()
                .into_iter()
                .find(|r| r.id == id)
                .unwrap();
            assert_eq!(r.received_on.to_string(), dutch_day);
            let due = s.requests_due().unwrap();
            assert_eq!(
                due[0].days_left,
                (r.deadline - dutch_day.parse::<chrono::NaiveDate>().unwrap()).num_days(),
                "TZ={tz}: days left count from the Dutch day"
            );
            // The version date of the privacy statement is the Dutch day as well.
            let day: chrono::NaiveDate = dutch_day.parse().unwrap();
            let text = s.privacy_statement().unwrap();
            assert!(
                text.contains(&format!(
                    "Versie van {}.",
                    dossierkluis::dates::dutch_long(day)
                )),
                "TZ={tz}, {instant}"
            );
        }
    }
}
