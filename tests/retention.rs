//! Retention and client rights (issue 5): the "bewaren tot" date and its reason, the due list,
//! destruction that leaves no trace and a register line, holds, restriction, the requests register and
//! the JSON copy.

mod common;

use common::retention::*;
use common::*;
use dossierkluis::dossier::{EntryKind, Regime, SessionInput, SessionStatus, TrajectInput};
use dossierkluis::retention::{Basis, DossierCopy, RequestKind, RequestStatus};
use dossierkluis::{ErrorCode, Vault};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn traject(regime: Regime, start: &str, end: &str) -> TrajectInput {
    TrajectInput {
        regime,
        start_date: start.into(),
        end_date: end.into(),
        ..Default::default()
    }
}

fn session(date: &str) -> SessionInput {
    SessionInput {
        date: date.into(),
        duration_minutes: 60,
        kind: "24504".into(),
        status: SessionStatus::Held,
        ..Default::default()
    }
}

/// A closed WGBO client whose last care was on `on`.
fn wgbo_client(vault: &mut Vault, on: &str, first: &str, note: &str) -> i64 {
    set_today(vault, on);
    let s = vault.store_mut();
    let c = s.add_client(&client(first, "Jansen")).unwrap();
    s.add_traject(c, &traject(Regime::Wgbo, on, on)).unwrap();
    s.add_session(c, &session(on)).unwrap();
    s.add_entry(c, &entry(EntryKind::Sessieverslag, note))
        .unwrap();
    c
}

#[test]
fn an_address_change_does_not_restart_the_wgbo_clock_but_a_note_does() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-15", "Anna", "gesprek");
    let before = vault.store().retention_status(c).unwrap();
    assert_eq!(before.keep_until, Some(d("2046-01-15")));
    assert_eq!(before.basis, Basis::Wgbo);
    assert!(before.reason.contains("20 jaar"), "{}", before.reason);

    set_today(&mut vault, "2030-05-01");
    let mut moved = client("Anna", "Jansen");
    moved.street = "Nieuwe Gracht".into();
    moved.house_number = "12".into();
    moved.city = "Utrecht".into();
    vault.store_mut().update_client(c, &moved).unwrap();
    assert_eq!(
        vault.store().retention_status(c).unwrap().keep_until,
        Some(d("2046-01-15")),
        "a new address is administrative: the 20 years still run from the last care"
    );

    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Evaluatie, "nabespreking"))
        .unwrap();
    assert_eq!(
        vault.store().retention_status(c).unwrap().keep_until,
        Some(d("2050-05-01")),
        "a new note is a substantive change and restarts the clock"
    );
}

#[test]
fn destruction_before_the_term_needs_a_vernietiging_request_and_a_hold_blocks_it() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-15", "Bea", "gesprek");
    set_today(&mut vault, "2026-03-01");
    let err = vault
        .store_mut()
        .destroy_client(c, "opruimen", None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message.contains("nog niet aan de beurt"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("vernietigingsverzoek"),
        "says how: {}",
        err.message
    );

    let inzage = vault
        .store_mut()
        .add_request(c, RequestKind::Inzage, "2026-02-20", "paspoort gezien")
        .unwrap();
    let err = vault
        .store_mut()
        .destroy_client(c, "op verzoek", Some(inzage))
        .unwrap_err();
    assert!(
        err.message.contains("geen vernietigingsverzoek"),
        "{}",
        err.message
    );

    let req = vault
        .store_mut()
        .add_request(
            c,
            RequestKind::Vernietiging,
            "2026-02-25",
            "id-kaart gezien",
        )
        .unwrap();
    vault
        .store_mut()
        .set_legal_hold(c, Some("klacht bij de geschilleninstantie loopt"))
        .unwrap();
    let err = vault
        .store_mut()
        .destroy_client(c, "op verzoek", Some(req))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message.contains("juridische blokkade"),
        "{}",
        err.message
    );
    assert!(
        vault.store().client_number_exists_for_test(c),
        "nothing destroyed"
    );

    vault.store_mut().set_legal_hold(c, None).unwrap();
    let done = vault
        .store_mut()
        .destroy_client(c, "verzoek cliënt art. 7:455", Some(req))
        .unwrap();
    assert_eq!(done.counts["entries"], 1);
    let register = vault.store_mut().destruction_register().unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].ground, "verzoek");
    assert_eq!(register[0].request_id, Some(req));
    assert_eq!(register[0].client_number, done.client_number);
    let answered = vault.store().requests(None).unwrap();
    let r = answered.iter().find(|r| r.id == req).unwrap();
    assert_eq!(
        r.status,
        RequestStatus::Uitgevoerd,
        "the request is closed by the destruction"
    );
    assert_eq!(r.answered_on, Some(d("2026-03-01")));
}

trait Exists {
    fn client_number_exists_for_test(&self, id: i64) -> bool;
}
impl Exists for dossierkluis::Store {
    fn client_number_exists_for_test(&self, id: i64) -> bool {
        self.connection()
            .query_row("SELECT count(*) FROM clients WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
            == 1
    }
}

#[test]
fn destruction_leaves_no_canary_in_files_wal_pages_tables_or_fts_and_keeps_others() {
    let canary = "kanarieqz7x";
    let (tmp, mut vault, _) = new_vault();
    let dir = tmp.path().join("kluis");
    let keep = wgbo_client(
        &mut vault,
        "2001-02-01",
        "Blijft",
        "tekst van een ander dossier blijvertje",
    );
    let c = wgbo_client(
        &mut vault,
        "2001-03-01",
        canary,
        &format!(
            "Aantekening met {canary} erin. {}",
            "Vulling. ".repeat(2000)
        ),
    );
    let e = vault
        .store_mut()
        .add_entry(
            c,
            &entry(EntryKind::Werkaantekening, &format!("werk {canary}")),
        )
        .unwrap();
    vault
        .store_mut()
        .edit_entry(e, &format!("werk {canary} gecorrigeerd"), "aanvulling")
        .unwrap();
    vault
        .store_mut()
        .add_document(c, "brief.txt", format!("Bijlage {canary}").as_bytes(), "")
        .unwrap();
    assert!(
        !canary_traces(&mut vault, &dir, canary).is_empty(),
        "the canary is really there (decrypted) before destruction"
    );
    set_today(&mut vault, "2021-03-02");
    let due = vault.store().due_for_destruction(d("2021-03-02")).unwrap();
    assert_eq!(
        due.iter().map(|s| s.client_id).collect::<Vec<_>>(),
        vec![keep, c]
    );
    let done = vault
        .store_mut()
        .destroy_client(c, "bewaartermijn verstreken", None)
        .unwrap();
    assert!(done.wal_truncated, "the WAL was emptied at once");
    assert_eq!(
        canary_traces(&mut vault, &dir, canary),
        Vec::<String>::new()
    );
    let wal = dir.join("vault.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the WAL was checkpointed and truncated"
    );
    assert_eq!(
        vault.store_mut().search("blijvertje", 5).unwrap().len(),
        1,
        "the other dossier is untouched and still found"
    );
    assert!(vault.store().integrity_check().unwrap().is_ok());
    assert!(vault.store_mut().verify_audit().unwrap().intact);
    vault.lock().unwrap();
    let mut reopened = Vault::open(&dir, &pass(), ctx()).unwrap();
    assert_eq!(
        canary_traces(&mut reopened, &dir, canary),
        Vec::<String>::new()
    );
}

#[test]
fn the_register_and_requests_survive_the_dossier_and_hold_no_names() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2000-01-10", "Geheimenaam", "notitie");
    let number = vault.store().retention_status(c).unwrap().client_number;
    set_today(&mut vault, "2020-02-01");
    let err = vault
        .store_mut()
        .destroy_client(c, "termijn van Geheimenaam verstreken", None)
        .unwrap_err();
    assert_eq!(
        err.fields[0].field, "reason",
        "a name in the reason is refused: {}",
        err.message
    );
    vault
        .store_mut()
        .add_request(c, RequestKind::Inzage, "2020-01-20", "")
        .unwrap();
    vault
        .store_mut()
        .destroy_client(c, "termijn verstreken", None)
        .unwrap();
    let conn = vault.store().connection();
    let (n, what): (i64, String) = conn
        .query_row(
            "SELECT count(*), group_concat(client_number || reason || requested_by || what) FROM destruction_register",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(n, 1);
    assert!(what.contains(&number));
    assert!(
        !what.to_lowercase().contains("geheimenaam"),
        "no name in the register"
    );
    assert_eq!(
        vault.store().requests(Some(&number)).unwrap().len(),
        1,
        "requests outlive the dossier"
    );
    let audit: String = vault
        .store()
        .connection()
        .query_row(
            "SELECT group_concat(event || coalesce(client_ref,'') || detail) FROM audit_log",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audit.contains("client_destroyed"));
    assert!(!audit.to_lowercase().contains("geheimenaam"));
}

#[test]
fn a_restricted_dossier_refuses_changes_but_the_client_still_gets_a_copy() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-15", "Cor", "gesprek");
    vault.store_mut().set_restricted(c, true).unwrap();
    let err = vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Sessieverslag, "nieuw"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(err.message.contains("beperkt"), "{}", err.message);
    let err = vault
        .store_mut()
        .update_client(c, &client("Cor", "Anders"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let err = vault
        .store_mut()
        .add_session(c, &session("2026-01-20"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let copy = vault.store_mut().dossier_copy(c, &[]).unwrap();
    assert_eq!(
        copy.entries.len(),
        1,
        "the client may always have their own data"
    );
    vault.store_mut().set_restricted(c, false).unwrap();
    vault
        .store_mut()
        .add_entry(c, &entry(EntryKind::Sessieverslag, "weer mogelijk"))
        .unwrap();
}

#[test]
fn the_json_copy_leaves_out_work_notes_and_withheld_entries_and_round_trips() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-15", "Dirk", "sessieverslag een");
    let s = vault.store_mut();
    s.add_entry(c, &entry(EntryKind::Werkaantekening, "prive-indruk-xyz"))
        .unwrap();
    let third = s
        .add_entry(
            c,
            &entry(EntryKind::Correspondentie, "brief over de buurman-abc"),
        )
        .unwrap();
    s.add_document(c, "scan.pdf", b"%PDF-1.4 test", "verwijzing")
        .unwrap();
    let copy = s.dossier_copy(c, &[third]).unwrap();
    let text = serde_json::to_string_pretty(&copy).unwrap();
    assert!(
        !text.contains("prive-indruk-xyz"),
        "werkaantekeningen are not part of the dossier"
    );
    assert!(
        !text.contains("buurman-abc"),
        "a withheld third-party passage stays out"
    );
    assert_eq!(
        copy.withheld_entries, 1,
        "the copy says that something was left out"
    );
    assert!(text.contains("sessieverslag een"));
    let back: DossierCopy = serde_json::from_str(&text).unwrap();
    assert_eq!(back, copy, "serialize → parse → equal");
    validate_against_schema(&serde_json::from_str(&text).unwrap());
    let log = vault.store_mut().who_viewed(c).unwrap();
    assert!(
        log.iter()
            .any(|l| l.what == "kopie van het dossier voor de cliënt gemaakt"),
        "the copy is logged with a Dutch label"
    );
}

/// A structural check of a value against docs/dossier-copy.schema.json: types, required properties,
/// no extra properties, enums. Enough of JSON Schema for the subset the document uses.
fn validate_against_schema(value: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/dossier-copy.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    check(&schema, &schema, value, "$");
}

fn check(root: &serde_json::Value, schema: &serde_json::Value, v: &serde_json::Value, path: &str) {
    use serde_json::Value;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return check(root, &root["$defs"][name], v, path);
    }
    if let Some(c) = schema.get("const") {
        assert_eq!(v, c, "{path}: const");
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(v), "{path}: {v} not in enum");
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        assert!(ok, "{path}: {v} is not {types:?}");
    }
    if let (Some(format), Some(s)) = (schema.get("format").and_then(Value::as_str), v.as_str()) {
        if format == "date" {
            assert!(
                s.parse::<chrono::NaiveDate>().is_ok(),
                "{path}: {s} is not a date"
            );
        }
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            for r in req {
                assert!(obj.contains_key(r.as_str().unwrap()), "{path}: missing {r}");
            }
        }
        if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
            for k in obj.keys() {
                assert!(
                    props.is_some_and(|p| p.contains_key(k)),
                    "{path}: unexpected property {k}"
                );
            }
        }
        if let Some(props) = props {
            for (k, sub) in props {
                if let Some(child) = obj.get(k) {
                    check(root, sub, child, &format!("{path}.{k}"));
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(root, items, item, &format!("{path}[{i}]"));
        }
    }
}

#[test]
fn request_deadlines_extensions_and_the_due_soon_list() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-10", "Eva", "gesprek");
    set_today(&mut vault, "2026-02-05");
    let s = vault.store_mut();
    let late = s
        .add_request(c, RequestKind::Inzage, "2026-01-02", "paspoort")
        .unwrap();
    let jan31 = s
        .add_request(c, RequestKind::Vernietiging, "2026-01-31", "id-kaart")
        .unwrap();
    let err = s
        .add_request(c, RequestKind::Bezwaar, "2026-03-01", "")
        .unwrap_err();
    assert_eq!(
        err.fields[0].field, "received_on",
        "a future receipt date is refused"
    );
    let due = s.requests_due().unwrap();
    assert_eq!(
        due.iter().map(|d| d.request.id).collect::<Vec<_>>(),
        vec![late, jan31]
    );
    assert_eq!(due[0].deadline, d("2026-02-02"));
    assert!(due[0].overdue && due[0].days_left == -3);
    assert_eq!(
        due[1].deadline,
        d("2026-02-28"),
        "31 January + 1 month = 28 February"
    );
    assert!(!due[1].overdue);

    let err = s.extend_request(late, 1, "complex").unwrap_err();
    assert!(err.message.contains("eerste maand"), "{}", err.message);
    assert!(
        s.extend_request(jan31, 1, "").is_err(),
        "a reason is required"
    );
    assert_eq!(
        s.extend_request(jan31, 2, "veel stukken").unwrap(),
        d("2026-04-30")
    );
    assert!(
        s.extend_request(jan31, 1, "korter").is_err(),
        "an extension never shortens"
    );
    assert!(
        s.extend_request(jan31, 3, "langer").is_err(),
        "never past three months"
    );

    assert!(s
        .answer_request(late, RequestStatus::Afgewezen, "")
        .is_err());
    s.answer_request(late, RequestStatus::Uitgevoerd, "kopie meegegeven")
        .unwrap();
    assert_eq!(
        s.requests_due().unwrap().len(),
        1,
        "answered requests leave the list"
    );
}

#[test]
fn prospects_coaching_and_extensions_appear_on_the_due_list_at_the_right_date() {
    let (_tmp, mut vault, _) = new_vault();
    set_today(&mut vault, "2026-01-05");
    let s = vault.store_mut();
    let mut p = client("Piet", "Prospect");
    p.status = dossierkluis::dossier::ClientStatus::Prospect;
    let prospect = s.add_client(&p).unwrap();
    let coach = s.add_client(&client("Carla", "Coach")).unwrap();
    s.add_traject(
        coach,
        &traject(Regime::Coaching, "2025-06-01", "2026-01-05"),
    )
    .unwrap();
    let long = s.add_client(&client("Lotte", "Lang")).unwrap();
    s.add_traject(long, &traject(Regime::Coaching, "2025-06-01", "2026-01-05"))
        .unwrap();
    s.extend_retention(long, Some(d("2030-01-01")), "terugkerende klachten")
        .unwrap();
    let ids = |on: &str| -> Vec<i64> { vault_ids(&vault, on) };
    fn vault_ids(v: &Vault, on: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = v
            .store()
            .due_for_destruction(on.parse().unwrap())
            .unwrap()
            .into_iter()
            .map(|s| s.client_id)
            .collect();
        ids.sort();
        ids
    }
    assert_eq!(
        ids("2028-01-04"),
        Vec::<i64>::new(),
        "one day before two years"
    );
    assert_eq!(
        ids("2028-01-05"),
        vec![prospect, coach],
        "prospect 2 years after contact, coaching 2 years after the end"
    );
    assert_eq!(
        ids("2030-01-01"),
        vec![prospect, coach, long],
        "the extension holds until its date"
    );
}

#[test]
fn a_restricted_dossier_can_still_be_destroyed_on_request() {
    let (_tmp, mut vault, _) = new_vault();
    let c = wgbo_client(&mut vault, "2026-01-15", "Fenna", "gesprek");
    vault
        .store_mut()
        .add_document(c, "brief.txt", b"inhoud", "")
        .unwrap();
    vault.store_mut().set_restricted(c, true).unwrap();
    let req = vault
        .store_mut()
        .add_request(c, RequestKind::Vernietiging, "2026-01-15", "paspoort")
        .unwrap();
    let done = vault
        .store_mut()
        .destroy_client(c, "verzoek cliënt", Some(req))
        .unwrap();
    assert_eq!(
        done.counts["documents"], 1,
        "the restriction triggers do not block the cascade"
    );
    assert!(!vault.store().client_number_exists_for_test(c));
}
