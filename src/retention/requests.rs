//! The client requests register (AVG art. 12–21, WGBO 7:455–7:456) and its deadline arithmetic.
//!
//! The rule, written down once:
//! - the answer is due **one calendar month** after the day the request was received (AVG art. 12(3));
//!   a month is added as chrono does: same day number in the next month, and when that month is
//!   shorter, its last day (31 January → 28 or 29 February; 31 March → 30 April);
//! - the deadline may be extended once or twice, by at most **two further months in total**, with a
//!   reason, and only while the first month runs (the client must be told within it);
//! - months are always counted from the received date, never chained (31 January + 3 months is 30
//!   April, not 28 April), so extensions are monotone and never exceed received + 3 months;
//! - a vernietiging request follows the same arithmetic: the AVG month, with WGBO 7:455's hard limit of
//!   three months, which equals the longest extension (domain-nl §1.4).
//!
//! The register keeps the pseudonymous client number, not a foreign key: it outlives a destroyed
//! dossier.
//!
//! Each request records who asked and the client's age on the day received; whether that requester
//! is entitled is decided then by [`super::requester::entitlement`]. Executing a copy or a destruction
//! for a requester who is not entitled is refused until the therapist records a reason to proceed
//! (`proceed_reason`, e.g. the client's written consent), which stays on the request.

use super::requester::{entitlement, Requester};
use crate::audit::AuditEvent;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Inzage,
    Afschrift,
    Rectificatie,
    Vernietiging,
    Beperking,
    Overdraagbaarheid,
    Bezwaar,
    IntrekkenToestemming,
}

impl RequestKind {
    pub const ALL: [RequestKind; 8] = [
        RequestKind::Inzage,
        RequestKind::Afschrift,
        RequestKind::Rectificatie,
        RequestKind::Vernietiging,
        RequestKind::Beperking,
        RequestKind::Overdraagbaarheid,
        RequestKind::Bezwaar,
        RequestKind::IntrekkenToestemming,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Inzage => "inzage",
            RequestKind::Afschrift => "afschrift",
            RequestKind::Rectificatie => "rectificatie",
            RequestKind::Vernietiging => "vernietiging",
            RequestKind::Beperking => "beperking",
            RequestKind::Overdraagbaarheid => "overdraagbaarheid",
            RequestKind::Bezwaar => "bezwaar",
            RequestKind::IntrekkenToestemming => "intrekken_toestemming",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Inzage => "Inzage",
            RequestKind::Afschrift => "Afschrift",
            RequestKind::Rectificatie => "Correctie (rectificatie)",
            RequestKind::Vernietiging => "Vernietiging",
            RequestKind::Beperking => "Beperking van de verwerking",
            RequestKind::Overdraagbaarheid => "Overdraagbaarheid",
            RequestKind::Bezwaar => "Bezwaar",
            RequestKind::IntrekkenToestemming => "Intrekken van toestemming",
        }
    }
    pub fn parse(s: &str) -> Option<RequestKind> {
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Uitgevoerd,
    Afgewezen,
}

impl RequestStatus {
    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Uitgevoerd => "uitgevoerd",
            RequestStatus::Afgewezen => "afgewezen",
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Uitgevoerd => "uitgevoerd",
            RequestStatus::Afgewezen => "afgewezen",
        }
    }
    fn parse(s: &str) -> RequestStatus {
        match s {
            "uitgevoerd" => RequestStatus::Uitgevoerd,
            "afgewezen" => RequestStatus::Afgewezen,
            _ => RequestStatus::Open,
        }
    }
}

/// The most extra months an answer may be postponed (AVG art. 12(3)).
pub const MAX_EXTENSION_MONTHS: u32 = 2;

/// `received` plus `months` calendar months, clamped to the last day of a shorter month.
pub fn plus_months(received: NaiveDate, months: u32) -> NaiveDate {
    received
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The first deadline: one month after receipt.
pub fn deadline(received: NaiveDate) -> NaiveDate {
    plus_months(received, 1)
}

/// The deadline after extending by `extra` months (1 or 2), counted from the received date.
pub fn extended_deadline(received: NaiveDate, extra: u32) -> Option<NaiveDate> {
    (1..=MAX_EXTENSION_MONTHS)
        .contains(&extra)
        .then(|| plus_months(received, 1 + extra))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRequest {
    pub id: i64,
    pub client_number: String,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    pub identity_check: String,
    pub deadline: NaiveDate,
    pub extended_deadline: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub status: RequestStatus,
    pub answered_on: Option<NaiveDate>,
    pub answer_note: String,
    /// Who asked.
    pub requester: Requester,
    /// The client's age on the day the request was received (`None` for requests recorded before
    /// the requester was kept).
    pub age_on_received: Option<i32>,
    /// Whether the requester may make this request (see [`super::requester`]).
    pub entitled: bool,
    /// The rule, in Dutch.
    pub entitled_reason: String,
    /// Why the therapist proceeds for a requester who is not entitled; empty when none recorded.
    pub proceed_reason: String,
}

/// Whether carrying out a request of `kind` hands data over or destroys it (and so needs an entitled
/// requester or a recorded reason).
pub fn hands_over_or_destroys(kind: RequestKind) -> bool {
    matches!(
        kind,
        RequestKind::Inzage
            | RequestKind::Afschrift
            | RequestKind::Overdraagbaarheid
            | RequestKind::Vernietiging
    )
}

impl ClientRequest {
    /// Whether it may be carried out: the requester is entitled, or a reason to proceed is recorded.
    pub fn may_proceed(&self) -> bool {
        self.entitled || !self.proceed_reason.trim().is_empty()
    }

    /// Refuses carrying out a copy or destruction for a requester who is not entitled.
    pub fn refuse_unless_may_proceed(&self) -> Result<()> {
        if hands_over_or_destroys(self.kind) && !self.may_proceed() {
            return Err(Error::new(
                ErrorCode::NotAllowed,
                format!(
                    "Verzoek {} kan niet zo worden uitgevoerd. {} Leg eerst vast waarom het toch mag (bijvoorbeeld de schriftelijke toestemming van de cliënt), of wijs het verzoek af.",
                    self.id, self.entitled_reason
                ),
            ));
        }
        Ok(())
    }

    /// The deadline in force.
    pub fn effective_deadline(&self) -> NaiveDate {
        self.extended_deadline.unwrap_or(self.deadline)
    }
}

/// A line of the "binnenkort af" list.
#[derive(Debug, Clone, Serialize)]
pub struct RequestDue {
    pub request: ClientRequest,
    pub deadline: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    pub overdue: bool,
}

const COLUMNS: &str = "id, client_number, kind, received_on, identity_check, deadline, extended_deadline, extension_reason, status, answered_on, answer_note, \
    requester, age_on_received, entitled, entitled_reason, proceed_reason";

/// A request as recorded: who asked, when and how their identity was checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestInput {
    pub kind: Option<RequestKind>,
    pub received_on: String,
    pub identity_check: String,
    pub requester: Requester,
    /// Why the therapist proceeds although the requester is not entitled (may stay empty).
    pub proceed_reason: String,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClientRequest> {
    let d =
        |i: usize| -> rusqlite::Result<NaiveDate> { Ok(super::date_of(&r.get::<_, String>(i)?)) };
    Ok(ClientRequest {
        id: r.get(0)?,
        client_number: r.get(1)?,
        kind: RequestKind::parse(&r.get::<_, String>(2)?).unwrap_or(RequestKind::Inzage),
        received_on: d(3)?,
        identity_check: r.get(4)?,
        deadline: d(5)?,
        extended_deadline: r.get::<_, Option<String>>(6)?.map(|s| super::date_of(&s)),
        extension_reason: r.get(7)?,
        status: RequestStatus::parse(&r.get::<_, String>(8)?),
        answered_on: r.get::<_, Option<String>>(9)?.map(|s| super::date_of(&s)),
        answer_note: r.get(10)?,
        requester: Requester::parse(&r.get::<_, String>(11)?).unwrap_or_default(),
        age_on_received: r.get(12)?,
        entitled: r.get(13)?,
        entitled_reason: r.get(14)?,
        proceed_reason: r.get(15)?,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<ClientRequest> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM client_requests WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(&format!("Verzoek {id}")))
}

impl Store {
    /// Records a request from the client. `received_on` may not lie in the future.
    pub fn add_request(
        &mut self,
        client_id: i64,
        kind: RequestKind,
        received_on: &str,
        identity_check: &str,
    ) -> Result<i64> {
        self.add_request_by(
            client_id,
            &RequestInput {
                kind: Some(kind),
                received_on: received_on.into(),
                identity_check: identity_check.into(),
                ..Default::default()
            },
        )
    }

    /// Records a request with its requester; the client's age on the day received decides whether
    /// that requester is entitled (kept on the request with the rule in Dutch).
    pub fn add_request_by(&mut self, client_id: i64, input: &RequestInput) -> Result<i64> {
        let kind = input
            .kind
            .ok_or_else(|| Error::field("kind", "Kies wat de cliënt vraagt."))?;
        let today = super::dutch_today(self);
        let received = crate::dates::parse_date("received_on", &input.received_on)?;
        if received > today {
            return Err(Error::field(
                "received_on",
                "De ontvangstdatum ligt in de toekomst. Vul de dag in waarop het verzoek binnenkwam.",
            ));
        }
        let requester = input.requester;
        let proceed = input.proceed_reason.trim().to_string();
        let now = self.now_text();
        self.write(|tx, _| {
            let (number, birth): (String, String) = tx
                .query_row("SELECT client_number, birth_date FROM clients WHERE id = ?1", [client_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| Error::not_found("Deze cliënt"))?;
            let age = crate::dates::age_on(super::date_of(&birth), received);
            let (entitled, why) = entitlement(requester, age);
            tx.execute(
                "INSERT INTO client_requests (client_number, kind, received_on, identity_check, deadline, created_at, requester, age_on_received, entitled, entitled_reason, proceed_reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![number, kind.as_str(), received.to_string(), input.identity_check.trim(), deadline(received).to_string(), now,
                        requester.as_str(), age, entitled, why, proceed],
            )?;
            let id = tx.last_insert_rowid();
            let event = AuditEvent::new("request_received", "client_request", id)
                .client(number)
                .detail(format!("{}; door {}", kind.as_str(), requester.as_str()));
            Ok((id, vec![event]))
        })
    }

    /// Records why an open request of a requester who is not entitled is carried out anyway (e.g.
    /// "schriftelijke toestemming van de cliënt, 3 december"). The reason stays on the request.
    pub fn record_proceed_reason(&mut self, id: i64, reason: &str) -> Result<ClientRequest> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::field(
                "proceed_reason",
                "Vul in waarom het verzoek toch mag worden uitgevoerd, bijvoorbeeld de schriftelijke toestemming van de cliënt.",
            ));
        }
        self.write(|tx, _| {
            let req = load(tx, id)?;
            if req.status != RequestStatus::Open {
                return Err(Error::new(
                    ErrorCode::NotAllowed,
                    "Dit verzoek is al afgehandeld.",
                ));
            }
            tx.execute(
                "UPDATE client_requests SET proceed_reason = ?2 WHERE id = ?1",
                params![id, reason],
            )?;
            let event = AuditEvent::new("request_proceed_reason", "client_request", id)
                .client(req.client_number.clone());
            Ok((load(tx, id)?, vec![event]))
        })
    }

    /// Extends an open request's deadline to `extra_months` (1 or 2) beyond the first month, with a
    /// reason. Only while the first month runs, and never shorter than an earlier extension.
    pub fn extend_request(
        &mut self,
        id: i64,
        extra_months: u32,
        reason: &str,
    ) -> Result<NaiveDate> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::field("reason", "Vul de reden van de verlenging in; de cliënt moet die binnen de eerste maand horen."));
        }
        let today = super::dutch_today(self);
        self.write(|tx, _| {
            let req = load(tx, id)?;
            if req.status != RequestStatus::Open {
                return Err(Error::new(ErrorCode::NotAllowed, "Dit verzoek is al afgehandeld en kan niet meer worden verlengd."));
            }
            if today > req.deadline {
                return Err(Error::new(ErrorCode::NotAllowed, format!("De eerste maand is voorbij (termijn {}): verlengen kan alleen binnen die maand. Beantwoord het verzoek zo snel mogelijk.", crate::dates::dutch_long(req.deadline))));
            }
            let new = extended_deadline(req.received_on, extra_months).ok_or_else(|| {
                Error::field("months", "Verlengen kan met 1 of 2 maanden (samen hooguit 3 maanden na ontvangst).")
            })?;
            if req.extended_deadline.is_some_and(|d| d > new) {
                return Err(Error::field("months", "De termijn is al verder verlengd; een verlenging kan de termijn niet inkorten."));
            }
            tx.execute(
                "UPDATE client_requests SET extended_deadline = ?2, extension_reason = ?3 WHERE id = ?1",
                params![id, new.to_string(), reason],
            )?;
            let event = AuditEvent::new("request_extended", "client_request", id)
                .client(req.client_number)
                .detail(format!("tot {new}"));
            Ok((new, vec![event]))
        })
    }

    /// Closes a request as done or refused. A refusal needs a note saying why.
    pub fn answer_request(&mut self, id: i64, status: RequestStatus, note: &str) -> Result<()> {
        if status == RequestStatus::Open {
            return Err(Error::field("status", "Kies 'uitgevoerd' of 'afgewezen'."));
        }
        if status == RequestStatus::Afgewezen && note.trim().is_empty() {
            return Err(Error::field("note", "Vul in waarom het verzoek is afgewezen (bijvoorbeeld een wettelijke bewaarplicht)."));
        }
        let today = super::dutch_today(self);
        self.write(|tx, _| {
            let req = load(tx, id)?;
            if req.status != RequestStatus::Open {
                return Err(Error::new(ErrorCode::NotAllowed, "Dit verzoek is al afgehandeld."));
            }
            if status == RequestStatus::Uitgevoerd {
                req.refuse_unless_may_proceed()?;
            }
            tx.execute(
                "UPDATE client_requests SET status = ?2, answered_on = ?3, answer_note = ?4 WHERE id = ?1",
                params![id, status.as_str(), today.to_string(), note.trim()],
            )?;
            let event = AuditEvent::new("request_answered", "client_request", id)
                .client(req.client_number)
                .detail(status.as_str());
            Ok(((), vec![event]))
        })
    }

    /// The whole register, or one client's requests, newest first.
    pub fn requests(&self, client_number: Option<&str>) -> Result<Vec<ClientRequest>> {
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {COLUMNS} FROM client_requests WHERE ?1 IS NULL OR client_number = ?1 ORDER BY received_on DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([client_number], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Open requests ordered by deadline, with days left (negative: overdue), for the overview.
    pub fn requests_due(&self) -> Result<Vec<RequestDue>> {
        let today = super::dutch_today(self);
        let mut due: Vec<RequestDue> = self
            .requests(None)?
            .into_iter()
            .filter(|r| r.status == RequestStatus::Open)
            .map(|r| {
                let deadline = r.effective_deadline();
                let days_left = (deadline - today).num_days();
                RequestDue {
                    request: r,
                    deadline,
                    days_left,
                    overdue: days_left < 0,
                }
            })
            .collect();
        due.sort_by_key(|d| (d.deadline, d.request.id));
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn month_ends_clamp_to_the_shorter_month() {
        assert_eq!(deadline(d("2026-01-31")), d("2026-02-28"));
        assert_eq!(deadline(d("2028-01-31")), d("2028-02-29"), "leap year");
        assert_eq!(deadline(d("2026-03-31")), d("2026-04-30"));
        assert_eq!(deadline(d("2028-02-29")), d("2028-03-29"));
        assert_eq!(deadline(d("2026-12-15")), d("2027-01-15"));
    }

    #[test]
    fn extensions_count_from_receipt_not_from_the_clamped_deadline() {
        let received = d("2026-01-31");
        assert_eq!(extended_deadline(received, 1), Some(d("2026-03-31")));
        assert_eq!(extended_deadline(received, 2), Some(d("2026-04-30")));
        assert_eq!(
            extended_deadline(received, 3),
            None,
            "never beyond 3 months"
        );
        assert_eq!(extended_deadline(received, 0), None);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..60_000).prop_map(|n| d("1970-01-01") + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn the_deadline_is_within_a_month_and_after_receipt(received in any_date()) {
            let dl = deadline(received);
            prop_assert!(dl > received);
            prop_assert!((dl - received).num_days() >= 28 && (dl - received).num_days() <= 31);
            // Same day number unless the next month is shorter, then its last day.
            prop_assert!(dl.day() == received.day() || dl.day() < received.day() && (dl + chrono::Duration::days(1)).day() == 1);
        }

        #[test]
        fn extensions_are_monotone_and_at_most_three_months(received in any_date()) {
            let first = deadline(received);
            let one = extended_deadline(received, 1).unwrap();
            let two = extended_deadline(received, 2).unwrap();
            prop_assert!(received < first && first < one && one < two);
            prop_assert!((two - received).num_days() <= 92);
            prop_assert_eq!(two, plus_months(received, 3));
        }

        #[test]
        fn leap_day_receipts_never_skip_february(year in 1972i32..2200) {
            if let Some(leap) = NaiveDate::from_ymd_opt(year, 2, 29) {
                prop_assert_eq!(deadline(leap), NaiveDate::from_ymd_opt(year, 3, 29).unwrap());
                let jan31 = NaiveDate::from_ymd_opt(year, 1, 31).unwrap();
                prop_assert_eq!(deadline(jan31), leap);
            } else {
                let jan31 = NaiveDate::from_ymd_opt(year, 1, 31).unwrap();
                prop_assert_eq!(deadline(jan31), NaiveDate::from_ymd_opt(year, 2, 28).unwrap());
            }
        }
    }
}
