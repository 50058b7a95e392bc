//! Zorgnota's and invoices as the therapist meets them: made from held sessions, issued with a
//! gap-free number, refused while an insurer field is missing, frozen once issued, paid, credited, kept
//! when the dossier is destroyed, exported for the bookkeeper.

mod billing_common;

use billing_common::*;
use dossierkluis::billing::{
    BillingSettings, InvoiceKind, InvoiceStatus, PaymentMethod, Service, ServiceSave, VatMode,
};
use dossierkluis::dossier::Regime;
use dossierkluis::practice::Practice;
use dossierkluis::{Error, ErrorCode};

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_monthly_zorgnota_lists_each_treatment_date_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Jansen",
        Regime::Wgbo,
        &["2026-11-17", "2026-11-03", "2026-11-10"],
    );
    let id = store.create_invoice(client, &sessions).unwrap();
    let invoice = store.issue_invoice(id).unwrap();
    assert_eq!(
        invoice.kind,
        InvoiceKind::Zorgnota,
        "care under the WGBO is billed with a zorgnota"
    );
    assert_eq!(invoice.number.as_deref(), Some("2026-0001"));
    assert_eq!(invoice.issue_date, Some(date("2026-11-30")));
    assert_eq!(
        invoice.due_date,
        Some(date("2026-12-14")),
        "14 days payment term by default"
    );
    let dates: Vec<_> = invoice
        .lines
        .iter()
        .map(|l| l.service_date.to_string())
        .collect();
    assert_eq!(
        dates,
        ["2026-11-03", "2026-11-10", "2026-11-17"],
        "one line per treatment date, in date order"
    );
    for line in &invoice.lines {
        assert_eq!(line.prestatiecode, "24504");
        assert_eq!(
            line.description,
            "Behandeling overige psychosociale therapie"
        );
        assert_eq!(line.amount_cents, 8500);
        assert_eq!(
            line.vat_mode,
            VatMode::Exempt,
            "care is VAT-exempt by default"
        );
    }
    assert_eq!(invoice.totals.total_cents, 25500);
    assert_eq!(invoice.totals.vat_cents, 0);
    assert_eq!(invoice.open_cents, 25500);
    assert!(
        invoice.vat_texts()[0].contains("artikel 11, lid 1, onderdeel g"),
        "the exemption is stated on the nota"
    );
    assert_eq!(invoice.client.name, "Zoë Jansen");
    assert_eq!(invoice.client.birth_date, "1985-06-01");
    assert_eq!(invoice.practice.agb_praktijk, "90654321");
    assert!(
        store.unbilled_sessions(Some(client)).unwrap().is_empty(),
        "the sessions are billed now"
    );
}

#[test]
fn coaching_is_billed_with_a_factuur_at_21_percent() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Bakker",
        Regime::Coaching,
        &["2026-11-03", "2026-11-10"],
    );
    let invoice = store
        .create_invoice(client, &sessions)
        .and_then(|id| store.issue_invoice(id))
        .unwrap();
    assert_eq!(invoice.kind, InvoiceKind::Factuur);
    assert_eq!(invoice.totals.net_cents, 17000);
    assert_eq!(invoice.totals.vat_cents, 3570, "21 % of € 170,00");
    assert_eq!(invoice.totals.total_cents, 20570);
    assert!(
        invoice.vat_texts().is_empty(),
        "no exemption text when VAT is charged"
    );
}

#[test]
fn care_and_coaching_do_not_share_an_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, mut sessions) =
        client_with_sessions(&mut store, "Visser", Regime::Wgbo, &["2026-11-03"]);
    let traject = store
        .add_traject(
            client,
            &dossierkluis::dossier::TrajectInput {
                regime: Regime::Coaching,
                start_date: "2026-01-01".into(),
                ..Default::default()
            },
        )
        .unwrap();
    sessions.push(
        store
            .add_session(
                client,
                &dossierkluis::dossier::SessionInput {
                    traject_id: Some(traject),
                    date: "2026-11-04".into(),
                    duration_minutes: 60,
                    kind: "coaching".into(),
                    fee: "95,00".into(),
                    status: dossierkluis::dossier::SessionStatus::Held,
                    ..Default::default()
                },
            )
            .unwrap(),
    );
    let err = store.create_invoice(client, &sessions).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("aparte"), "{}", err.message);
}

#[test]
fn a_session_is_billed_at_most_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "de Boer",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    store.create_invoice(client, &sessions[..1]).unwrap();
    let err = store.create_invoice(client, &sessions).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(
        err.message.contains("3 november 2026") && err.message.contains("concept"),
        "names the session and where it is billed: {}",
        err.message
    );
    // The database itself refuses a second claim, whatever code tries it.
    let raw = store.connection().execute(
        "INSERT INTO billed_sessions (session_id, invoice_id) SELECT ?1, max(id) FROM invoices",
        [sessions[0]],
    );
    assert!(
        raw.is_err(),
        "billed_sessions has the session as its primary key"
    );
    assert_eq!(
        store.unbilled_sessions(Some(client)).unwrap().len(),
        1,
        "the other session is still unbilled"
    );
}

#[test]
fn numbers_run_without_gaps_and_a_refused_issue_uses_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (a, sa) = client_with_sessions(&mut store, "Smit", Regime::Wgbo, &["2026-11-03"]);
    let (b, sb) = client_with_sessions(&mut store, "Mulder", Regime::Wgbo, &["2026-11-04"]);
    let (c, sc) = client_with_sessions(&mut store, "Bos", Regime::Wgbo, &["2026-11-05"]);
    let first = store
        .create_invoice(a, &sa)
        .and_then(|id| store.issue_invoice(id))
        .unwrap();
    // Client b has no address: the zorgnota is refused, and that takes no number.
    let mut no_address = client_input("Zoë", "Mulder");
    no_address.street.clear();
    no_address.house_number.clear();
    store.update_client(b, &no_address).unwrap();
    let refused = store.create_invoice(b, &sb).unwrap();
    assert!(store.issue_invoice(refused).is_err());
    let second = store
        .create_invoice(c, &sc)
        .and_then(|id| store.issue_invoice(id))
        .unwrap();
    store
        .update_client(b, &client_input("Zoë", "Mulder"))
        .unwrap();
    let third = store.issue_invoice(refused).unwrap();
    let numbers: Vec<_> = [first, second, third]
        .iter()
        .map(|i| i.number.clone().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["2026-0001", "2026-0002", "2026-0003"],
        "gap-free: the refused attempt left no hole"
    );
    // A new year starts a new series; a prefix is printed before the year.
    store
        .update_billing_settings(&BillingSettings {
            number_prefix: "DW".into(),
            ..store.billing_settings().unwrap()
        })
        .unwrap();
    let (d, sd) = client_with_sessions(&mut store, "Peters", Regime::Wgbo, &["2026-12-01"]);
    let concept = store.create_invoice(d, &sd).unwrap();
    let mut next_year = open(&dir.path().join("vault.db"), "2027-01-02");
    assert_eq!(
        next_year.issue_invoice(concept).unwrap().number.as_deref(),
        Some("DW2027-0001")
    );
}

#[test]
fn a_zorgnota_with_missing_insurer_fields_is_refused_and_every_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("vault.db"), "2026-11-30");
    store
        .update_practice(&Practice {
            therapist_name: "Marieke de Wit".into(),
            ..Practice::default()
        })
        .unwrap();
    store
        .update_billing_settings(&BillingSettings {
            care_vat_mode: Some(VatMode::Exempt),
            ..BillingSettings::default()
        })
        .unwrap();
    let mut input = client_input("Zoë", "de Vries");
    input.street.clear();
    let client = store.add_client(&input).unwrap();
    let session = store
        .add_session(
            client,
            &dossierkluis::dossier::SessionInput {
                date: "2026-11-03".into(),
                duration_minutes: 60,
                kind: "intake".into(),
                status: dossierkluis::dossier::SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    let id = store.create_invoice(client, &[session]).unwrap();
    let before = store.invoice(id).unwrap();
    let err: Error = store.issue_invoice(id).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    for expected in [
        "practice.address",
        "practice.kvk_number",
        "practice.agb_zorgverlener",
        "practice.agb_praktijk",
        "practice.beroepsvereniging",
        "practice.member_number",
        "practice.iban",
        "client.address",
        "lines[0].prestatiecode",
        "lines[0].amount",
    ] {
        assert!(
            fields.contains(&expected),
            "{expected} is named; got {fields:?}"
        );
    }
    let agb = err
        .fields
        .iter()
        .find(|f| f.field == "practice.agb_zorgverlener")
        .unwrap();
    assert!(
        agb.message.contains("AGB-code") && agb.message.contains("8 cijfers"),
        "{}",
        agb.message
    );
    assert!(
        err.message.contains("geen nummer gebruikt"),
        "{}",
        err.message
    );
    assert_eq!(
        store.invoice(id).unwrap(),
        before,
        "the refused concept is unchanged"
    );
    assert_eq!(
        store.invoice(id).unwrap().lines[0].prestatiecode,
        "",
        "a care session without a chosen code gets none: no default is assumed (issue 11)"
    );
}

#[test]
fn a_prestatiecode_without_description_or_a_session_without_amount_is_named_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    store
        .set_service(
            &Service {
                kind: "24504".into(),
                description: "Therapie".into(),
                tariff_cents: 0,
                prestatiecode: "".into(),
                vat_mode: VatMode::Exempt,
            },
            ServiceSave::Add,
        )
        .unwrap();
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Kok",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    store
        .connection()
        .execute(
            "UPDATE sessions SET fee_cents = 0 WHERE id = ?1",
            [sessions[1]],
        )
        .unwrap();
    let id = store.create_invoice(client, &sessions).unwrap();
    let err = store.issue_invoice(id).unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["lines[1].amount"],
        "only the second line lacks an amount: {fields:?}"
    );
    assert!(
        err.fields[0].message.contains("10 november 2026"),
        "the line is named by its date"
    );
}

#[test]
fn an_issued_invoice_cannot_be_changed_by_plain_sql() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Hendriks", Regime::Wgbo, &["2026-11-03"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    let before = store.invoice(id).unwrap();
    let attempts = [
        "UPDATE invoices SET total_cents = 1 WHERE id = ?1",
        "UPDATE invoices SET client_name = 'Iemand anders' WHERE id = ?1",
        "UPDATE invoices SET number = '2026-9999' WHERE id = ?1",
        "UPDATE invoices SET status = 'concept' WHERE id = ?1",
        "UPDATE invoices SET client_id = client_id + 1 WHERE id = ?1",
        "UPDATE invoice_lines SET amount_cents = 1 WHERE invoice_id = ?1",
        "UPDATE invoice_lines SET description = 'anders' WHERE invoice_id = ?1",
        "DELETE FROM invoice_lines WHERE invoice_id = ?1",
        "INSERT INTO invoice_lines (invoice_id, position, service_date, description, amount_cents, vat_mode) VALUES (?1, 9, '2026-11-04', 'extra', 100, 'vat21')",
        "DELETE FROM invoices WHERE id = ?1",
    ];
    for sql in attempts {
        let err = store
            .connection()
            .execute(sql, [id])
            .map(|_| ())
            .map_err(Error::from)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAllowed, "{sql} must be refused");
        assert!(
            err.message.contains("creditnota"),
            "the message says what to do instead: {}",
            err.message
        );
    }
    assert_eq!(store.invoice(id).unwrap(), before, "nothing changed");
    // Nor through the API: issuing twice, deleting as a concept.
    assert_eq!(
        store.issue_invoice(id).unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        store.delete_concept_invoice(id).unwrap_err().code,
        ErrorCode::NotAllowed
    );
}

#[test]
fn payment_is_recorded_with_date_and_method() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Dekker", Regime::Wgbo, &["2026-11-03"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    assert_eq!(
        store
            .mark_invoice_paid(id, date("2026-11-30"), PaymentMethod::Pin)
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed,
        "a concept cannot be paid"
    );
    store.issue_invoice(id).unwrap();
    assert!(
        store
            .mark_invoice_paid(id, date("2026-12-05"), PaymentMethod::Pin)
            .is_err(),
        "no payment dates in the future"
    );
    let paid = store
        .mark_invoice_paid(id, date("2026-11-30"), PaymentMethod::Overboeking)
        .unwrap();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert_eq!(paid.paid_on, Some(date("2026-11-30")));
    assert_eq!(paid.payment_method, Some(PaymentMethod::Overboeking));
    assert_eq!(paid.open_cents, 0);
    assert_eq!(
        store
            .mark_invoice_paid(id, date("2026-11-30"), PaymentMethod::Pin)
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed,
        "paid once"
    );
    let raw = store.connection().execute(
        "UPDATE invoices SET payment_method = 'contant' WHERE id = ?1",
        [id],
    );
    assert!(
        raw.is_err(),
        "a recorded payment is part of the frozen record"
    );
}

#[test]
fn a_credit_note_brings_the_balance_back_and_can_release_the_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Vos",
        Regime::Coaching,
        &["2026-11-03", "2026-11-10"],
    );
    let id = store.create_invoice(client, &sessions).unwrap();
    let original = store.issue_invoice(id).unwrap();
    let credit = store.credit_invoice(id, true).unwrap();
    assert_eq!(
        credit.number.as_deref(),
        Some("2026-0002"),
        "its own number from the same series"
    );
    assert_eq!(credit.credits_number, "2026-0001");
    assert_eq!(credit.credits_date, "2026-11-30");
    assert!(
        credit.lines.iter().all(|l| l.amount_cents < 0),
        "negative amounts"
    );
    assert_eq!(credit.totals.total_cents, -original.totals.total_cents);
    assert_eq!(credit.totals.vat_cents, -original.totals.vat_cents);
    let after = store.invoice(id).unwrap();
    assert_eq!(after.status, InvoiceStatus::Credited);
    assert_eq!(
        after.open_cents, 0,
        "the credit note brings the balance to zero"
    );
    assert_eq!(after.lines, original.lines, "the original is unchanged");
    assert_eq!(
        store.unbilled_sessions(Some(client)).unwrap().len(),
        2,
        "the sessions can be billed anew"
    );
    let again = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    assert_eq!(again.number.as_deref(), Some("2026-0003"));
    assert_eq!(
        store.credit_invoice(id, false).unwrap_err().code,
        ErrorCode::NotAllowed,
        "credited once"
    );
    assert_eq!(
        store.credit_invoice(credit.id, false).unwrap_err().code,
        ErrorCode::NotAllowed,
        "a credit note is not credited"
    );
    // Crediting without releasing keeps the sessions billed.
    store.credit_invoice(again.id, false).unwrap();
    assert!(store.unbilled_sessions(Some(client)).unwrap().is_empty());
    let list = store.list_invoices().unwrap();
    assert_eq!(list.len(), 4);
    assert!(
        list.iter().all(|i| i.open_cents == 0),
        "everything credited: nothing open"
    );
}

#[test]
fn destroying_a_dossier_keeps_issued_invoices_their_totals_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "van Dijk",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-10"],
    );
    let id = store.create_invoice(client, &sessions).unwrap();
    let issued = store.issue_invoice(id).unwrap();
    store
        .mark_invoice_paid(id, date("2026-11-30"), PaymentMethod::Pin)
        .unwrap();
    let paid = store.invoice(id).unwrap();
    let fk: i64 = store
        .connection()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys are on, as destruction runs");
    store
        .connection()
        .execute("DELETE FROM clients WHERE id = ?1", [client])
        .unwrap();
    let kept = store.invoice(id).unwrap();
    assert_eq!(
        kept.client_id, None,
        "the link to the destroyed dossier is gone"
    );
    assert!(kept.lines.iter().all(|l| l.session_id.is_none()));
    assert_eq!(
        kept.client, issued.client,
        "the printed client details stand alone"
    );
    assert_eq!(kept.totals, paid.totals);
    assert_eq!(kept.number, paid.number);
    assert_eq!(kept.paid_on, paid.paid_on);
    let strip = |lines: &[dossierkluis::billing::InvoiceLine]| {
        lines
            .iter()
            .map(|l| {
                (
                    l.service_date,
                    l.prestatiecode.clone(),
                    l.description.clone(),
                    l.amount_cents,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&kept.lines), strip(&paid.lines));
    // A credit note can still be made for it.
    let credit = store.credit_invoice(id, true).unwrap();
    assert_eq!(credit.client.name, "Zoë van Dijk");
}

#[test]
fn concurrent_issuing_from_two_connections_gives_neither_duplicates_nor_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.db");
    let mut store = ready_store(dir.path(), "2026-11-30");
    let per_thread = 15;
    let mut concepts = Vec::new();
    for n in 0..(2 * per_thread) {
        let (client, sessions) = client_with_sessions(
            &mut store,
            &format!("Client{n}"),
            Regime::Wgbo,
            &["2026-11-03"],
        );
        concepts.push(store.create_invoice(client, &sessions).unwrap());
    }
    drop(store);
    let halves: Vec<Vec<i64>> = concepts.chunks(per_thread).map(|c| c.to_vec()).collect();
    let handles: Vec<_> = halves
        .into_iter()
        .map(|ids| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = open(&path, "2026-11-30");
                ids.into_iter()
                    .map(|id| store.issue_invoice(id).unwrap().number.unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=2 * per_thread)
        .map(|n| format!("2026-{n:04}"))
        .collect();
    assert_eq!(numbers, expected, "every number once, none skipped");
}

#[test]
fn the_csv_for_the_bookkeeper_with_and_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (a, sa) = client_with_sessions(&mut store, "Jansen", Regime::Wgbo, &["2026-11-03"]);
    let (b, sb) = client_with_sessions(
        &mut store,
        "Vermeulen",
        Regime::Coaching,
        &["2026-11-04", "2026-11-05"],
    );
    let first = store
        .create_invoice(a, &sa)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    store
        .create_invoice(b, &sb)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    store
        .mark_invoice_paid(first.id, date("2026-11-30"), PaymentMethod::Contant)
        .unwrap();
    store.credit_invoice(first.id, false).unwrap();
    let csv = store
        .export_invoices_csv(date("2026-11-01"), date("2026-11-30"), true)
        .unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM so Excel reads UTF-8");
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        4,
        "header + 2 invoices + 1 credit note:\n{csv}"
    );
    assert!(
        lines[0].starts_with("factuurnummer;factuurdatum;soort;status;clientnummer;naam;bedrijf;")
    );
    let coaching = lines.iter().find(|l| l.contains("Vermeulen")).unwrap();
    assert!(
        coaching.contains(";170,00;35,70;0,00;0,00;170,00;35,70;205,70;205,70;"),
        "net 21 %, VAT, totals in Dutch decimals: {coaching}"
    );
    let credit = lines.iter().find(|l| l.contains(";creditnota;")).unwrap();
    assert!(credit.contains(";-85,00;"), "{credit}");
    let paid = lines.iter().find(|l| l.starts_with("2026-0001;")).unwrap();
    assert!(
        paid.contains(";gecrediteerd;") && paid.ends_with(";2026-11-30;contant"),
        "{paid}"
    );
    let anonymous = store
        .export_invoices_csv(date("2026-11-01"), date("2026-11-30"), false)
        .unwrap();
    assert!(
        !anonymous.contains("Jansen")
            && !anonymous.contains("Vermeulen")
            && !anonymous.contains("Zoë"),
        "no names:\n{anonymous}"
    );
    assert!(
        anonymous.contains("K-"),
        "the pseudonymous client number stays"
    );
    let december = store
        .export_invoices_csv(date("2026-12-01"), date("2026-12-31"), true)
        .unwrap();
    assert_eq!(
        december
            .trim_start_matches('\u{feff}')
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .count(),
        1,
        "only the header"
    );
}

#[test]
fn billing_audit_lines_carry_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Zwartjes", Regime::Wgbo, &["2026-11-03"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    store.issue_invoice(id).unwrap();
    store
        .mark_invoice_paid(id, date("2026-11-30"), PaymentMethod::Pin)
        .unwrap();
    store.credit_invoice(id, true).unwrap();
    store
        .export_invoices_csv(date("2026-11-01"), date("2026-11-30"), true)
        .unwrap();
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT event, coalesce(client_ref, ''), object_type, object_id, detail FROM audit_log",
        )
        .unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let all = rows.join("\n");
    for event in [
        "invoice_created",
        "invoice_issued",
        "invoice_paid",
        "invoice_credited",
        "invoices_exported",
    ] {
        assert!(all.contains(event), "{event} is logged:\n{all}");
    }
    assert!(
        !all.contains("Zwartjes") && !all.contains("Zoë"),
        "no names in the log:\n{all}"
    );
    assert!(
        all.contains("invoice_issued K-"),
        "the pseudonymous number identifies the dossier:\n{all}"
    );
}

#[test]
fn settings_services_and_codes_are_editable() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let settings = store.billing_settings().unwrap();
    assert_eq!(
        (settings.payment_term_days, settings.number_prefix.as_str()),
        (14, ""),
        "a 14-day term and no prefix until the practice changes them"
    );
    let codes = store.prestatiecodes().unwrap();
    assert!(codes
        .iter()
        .any(|c| c.code == "24004" && c.description == "Behandeling moermantherapie"));
    store
        .set_prestatiecode(&dossierkluis::billing::Prestatiecode {
            code: "24006".into(),
            description: "Behandeling homeopathie".into(),
            category: "".into(),
            source: "eigen invoer".into(),
        })
        .unwrap();
    assert_eq!(store.prestatiecodes().unwrap().len(), codes.len() + 1);
    store
        .set_service(
            &Service {
                kind: "intake".into(),
                description: "Intakegesprek".into(),
                tariff_cents: 9500,
                prestatiecode: "24006".into(),
                vat_mode: VatMode::Exempt,
            },
            ServiceSave::Add,
        )
        .unwrap();
    let client = store.add_client(&client_input("Sem", "Kuipers")).unwrap();
    let session = store
        .add_session(
            client,
            &dossierkluis::dossier::SessionInput {
                date: "2026-11-03".into(),
                duration_minutes: 90,
                kind: "intake".into(),
                status: dossierkluis::dossier::SessionStatus::Held,
                ..Default::default()
            },
        )
        .unwrap();
    let unbilled = store.unbilled_sessions(Some(client)).unwrap();
    assert_eq!(
        unbilled.iter().map(|u| u.fee_cents).collect::<Vec<_>>(),
        [9500],
        "'Nog te factureren' shows what the nota will charge (the service's tariff), not the session's empty fee"
    );
    let invoice = store
        .create_invoice(client, &[session])
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let line = &invoice.lines[0];
    assert_eq!(
        (
            line.prestatiecode.as_str(),
            line.description.as_str(),
            line.amount_cents
        ),
        ("24006", "Behandeling homeopathie — Intakegesprek", 9500),
        "the service's code, its Vektis text with the practice's own name, and its tariff apply"
    );
    let err = store
        .update_billing_settings(&BillingSettings {
            payment_term_days: 400,
            number_prefix: "a b".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        err.fields.len(),
        2,
        "both bad fields are named: {:?}",
        err.fields
    );
}

#[test]
fn the_printed_zorgnota_carries_every_field_insurers_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) = client_with_sessions(
        &mut store,
        "Jansen",
        Regime::Wgbo,
        &["2026-11-03", "2026-11-17"],
    );
    let invoice = store
        .create_invoice(client, &sessions)
        .and_then(|i| store.issue_invoice(i))
        .unwrap();
    let doc = dossierkluis::billing::document::document(&invoice);
    assert_eq!(doc.title, "Zorgnota");
    let text = serde_json::to_string(&doc).unwrap();
    for required in [
        "AGB-code zorgverlener",
        "90123456",
        "AGB-code praktijk",
        "90654321",
        "VIV Nederland",
        "VIV-12345",
        "403336R",
        "12345678",
        "NL91 ABNA 0417 1643 00",
        "Zoë Jansen",
        "Kerkstraat 5",
        "1234 AB Amersfoort",
        "1 juni 1985",
        "2026-0001",
        "30 november 2026",
        "3 november 2026",
        "17 november 2026",
        "24504",
        "Behandeling overige psychosociale therapie",
        "artikel 11, lid 1, onderdeel g",
    ] {
        assert!(
            text.contains(required),
            "the zorgnota shows {required}: {text}"
        );
    }
    assert_eq!(doc.lines.len(), 2, "each treatment date on its own line");
    assert_eq!(doc.totals.last(), Some(&("Totaal".to_string(), 17000)));
    assert!(!text.contains("BSN"), "no BSN anywhere");
    let credit = store.credit_invoice(invoice.id, false).unwrap();
    let credit_doc = dossierkluis::billing::document::document(&credit);
    assert_eq!(credit_doc.title, "Creditnota");
    let json = serde_json::to_string(&credit_doc).unwrap();
    assert!(json.contains("zorgnota 2026-0001 van 30 november 2026"));
    assert!(
        json.contains("Deze creditnota crediteert zorgnota 2026-0001")
            && !json.contains("vervangt"),
        "a creditnota credits the nota, it does not replace it: {json}"
    );
}

mod store_totals {
    use super::*;
    use dossierkluis::dossier::{SessionInput, SessionStatus};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Issued through the store, any mix of services and fees gives the totals of the written
        /// rule (VAT per rate on the rate's sum, half away from zero), and the credit note undoes it.
        #[test]
        fn issued_totals_follow_the_rounding_rule_for_any_mix(lines in prop::collection::vec((1i64..200_000, 0usize..3), 1..8)) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = ready_store(dir.path(), "2026-11-30");
            let modes = [VatMode::Vat21, VatMode::Exempt, VatMode::Kor];
            for (i, mode) in modes.iter().enumerate() {
                store.set_service(&Service { kind: format!("soort{i}"), description: format!("Dienst {i}"), tariff_cents: 0, prestatiecode: "24504".into(), vat_mode: *mode }, ServiceSave::Add).unwrap();
            }
            let client = store.add_client(&client_input("Sem", "Kuipers")).unwrap();
            let sessions: Vec<i64> = lines.iter().enumerate().map(|(n, (fee, kind))| {
                store.add_session(client, &SessionInput {
                    date: format!("2026-11-{:02}", n + 1),
                    duration_minutes: 60,
                    kind: format!("soort{kind}"),
                    fee: format!("{},{:02}", fee / 100, fee % 100),
                    status: SessionStatus::Held,
                    ..Default::default()
                }).unwrap()
            }).collect();
            let invoice = store.create_invoice(client, &sessions).and_then(|i| store.issue_invoice(i)).unwrap();
            let net: i64 = lines.iter().map(|l| l.0).sum();
            let net21: i64 = lines.iter().filter(|l| l.1 == 0).map(|l| l.0).sum();
            let vat = (net21 * 21 + 50) / 100;
            prop_assert_eq!(invoice.totals.net_cents, net);
            prop_assert_eq!(invoice.totals.vat_cents, vat);
            prop_assert_eq!(invoice.totals.total_cents, net + vat);
            prop_assert_eq!(invoice.open_cents, net + vat);
            store.credit_invoice(invoice.id, true).unwrap();
            prop_assert_eq!(store.invoice(invoice.id).unwrap().open_cents, 0);
        }
    }
}

/// Issue 5: after a dossier is destroyed on the client's request, its invoices stay for the
/// Belastingdienst until seven years after the end of their fiscal year (art. 52 lid 4 AWR), and go
/// then, through retention's purge, with a line in the audit log.
#[test]
fn a_destroyed_clients_invoices_stay_until_seven_years_after_their_fiscal_year() {
    use dossierkluis::retention::RequestKind;
    use dossierkluis::FixedClock;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let mut store = ready_store(dir.path(), "2026-11-30");
    let (client, sessions) =
        client_with_sessions(&mut store, "Canarie", Regime::Wgbo, &["2026-11-03"]);
    let id = store.create_invoice(client, &sessions).unwrap();
    let issued = store.issue_invoice(id).unwrap();

    store.set_clock(Arc::new(FixedClock::on(date("2027-02-01"))));
    let request = store
        .add_request(
            client,
            RequestKind::Vernietiging,
            "2027-02-01",
            "paspoort gezien",
        )
        .unwrap();
    store
        .destroy_client(client, "op verzoek van de cliënt", Some(request))
        .unwrap();
    let kept = store.invoice(id).unwrap();
    assert_eq!(
        kept.number, issued.number,
        "the invoice outlives the dossier"
    );
    assert_eq!(
        kept.client, issued.client,
        "with the client details it was issued with"
    );

    // Fiscal year 2026 ends on 31 December 2026; seven years later is 31 December 2033.
    for (day, still_there) in [
        ("2027-12-31", true),
        ("2033-12-31", true),
        ("2034-01-01", false),
    ] {
        store.set_clock(Arc::new(FixedClock::on(date(day))));
        let purged = store.purge_financial_records().unwrap();
        assert_eq!(
            store.invoice(id).is_ok(),
            still_there,
            "on {day} the 2026 invoice must {} (purged {purged})",
            if still_there {
                "still be kept"
            } else {
                "be gone"
            }
        );
    }
    let purge_lines: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE event = 'financial_records_purged'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        purge_lines, 1,
        "only the purge that removed something is logged"
    );
}
