//! The end of the fiscal retention term (AWR art. 52 lid 4: 7 years, counted from the end of the
//! fiscal year the record belongs to).
//!
//! The freeze triggers refuse deleting an issued invoice, except when the same transaction has put
//! today's date into the one-row table `billing_purge` and the invoice's issue year Y satisfies
//! Y + 8 <= the purge year (the fiscal year Y ended on 31 December Y; seven years later is 31 December
//! Y+7, so from 1 January Y+8 it may go). The triggers check the year themselves, so a purge that
//! names today cannot remove a record that is still inside its term. Lines, PDFs and session claims go
//! with their invoice (ON DELETE CASCADE); a line or PDF of a still-existing issued invoice can never
//! be deleted.

use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Transaction};

/// Deletes every issued invoice (and credit note) whose fiscal year ended more than 7 years before
/// `today`, with its lines and stored PDF, in the caller's transaction. Returns how many invoices
/// went. Concepts are left alone. For the retention module; it writes its own audit line.
pub(crate) fn purge_expired_financial_records(
    tx: &Transaction<'_>,
    today: NaiveDate,
) -> Result<usize> {
    let last_expired_year = today.year() - 8;
    tx.execute(
        "INSERT INTO billing_purge (id, today) VALUES (1, ?1)",
        [today.to_string()],
    )?;
    // Credit notes first would not matter (credits_invoice_id is SET NULL); oldest first keeps it plain.
    let deleted = tx.execute(
        "DELETE FROM invoices WHERE status <> 'concept' AND CAST(substr(issue_date, 1, 4) AS INTEGER) <= ?1",
        params![last_expired_year],
    )?;
    tx.execute("DELETE FROM billing_purge WHERE id = 1", [])?;
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{ClientInput, SessionInput, SessionStatus};
    use crate::store::{Actor, Context, Keying, Store};
    use crate::FixedClock;
    use std::sync::Arc;

    fn on(date: &str) -> Arc<FixedClock> {
        Arc::new(FixedClock::on(date.parse().unwrap()))
    }

    /// An issued invoice dated `day`, for a new client with a full address.
    fn issued_on(store: &mut Store, day: &str) -> i64 {
        store.set_clock(on(day));
        let client = store
            .add_client(&ClientInput {
                first_names: "Zoë".into(),
                last_name: "Jansen".into(),
                birth_date: "1980-01-01".into(),
                street: "Kerkstraat".into(),
                house_number: "1".into(),
                postcode: "1234 AB".into(),
                city: "Amersfoort".into(),
                ..Default::default()
            })
            .unwrap();
        let session = store
            .add_session(
                client,
                &SessionInput {
                    date: day.into(),
                    duration_minutes: 60,
                    kind: "24504".into(),
                    fee: "80".into(),
                    status: SessionStatus::Held,
                    ..Default::default()
                },
            )
            .unwrap();
        let id = store.create_invoice(client, &[session]).unwrap();
        store.issue_invoice(id).unwrap().id
    }

    fn purge(store: &mut Store, today: &str) -> Result<usize> {
        let today: NaiveDate = today.parse().unwrap();
        store.write(|tx, _| Ok((purge_expired_financial_records(tx, today)?, vec![])))
    }

    #[test]
    fn only_records_seven_years_past_their_fiscal_year_are_purged() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Context {
            clock: on("2018-01-01"),
            actor: Actor {
                user: "t".into(),
                device: "d".into(),
            },
        };
        let mut store = Store::open(&dir.path().join("v.db"), Keying::Plain, true, ctx).unwrap();
        store
            .update_practice(&crate::practice::Practice {
                therapist_name: "M. de Wit".into(),
                street: "Lindelaan".into(),
                house_number: "12".into(),
                postcode: "3511 AB".into(),
                city: "Utrecht".into(),
                agb_zorgverlener: "90123456".into(),
                agb_praktijk: "90654321".into(),
                beroepsvereniging: "VIV".into(),
                member_number: "1".into(),
                kvk_number: "12345678".into(),
                iban: "NL91ABNA0417164300".into(),
                ..Default::default()
            })
            .unwrap();
        store
            .update_billing_settings(&crate::billing::BillingSettings {
                care_vat_mode: Some(crate::billing::VatMode::Exempt),
                ..Default::default()
            })
            .unwrap();
        let old = issued_on(&mut store, "2018-12-31");
        let credited_later = issued_on(&mut store, "2018-06-01");
        store.set_clock(on("2019-01-05"));
        let credit_2019 = store.credit_invoice(credited_later, true).unwrap().id;
        let young = issued_on(&mut store, "2019-01-02");

        // 2018's fiscal year ended 2018-12-31; seven years later is 2025-12-31: still kept that day.
        assert_eq!(purge(&mut store, "2025-12-31").unwrap(), 0);
        assert_eq!(
            purge(&mut store, "2026-01-01").unwrap(),
            2,
            "both 2018 invoices go from 1 January 2026"
        );
        let exists = |store: &Store, id: i64| store.invoice(id).is_ok();
        assert!(!exists(&store, old) && !exists(&store, credited_later));
        assert!(
            exists(&store, credit_2019) && exists(&store, young),
            "2019 records stay until 2027"
        );
        let credit = store.invoice(credit_2019).unwrap();
        assert_eq!(
            credit.credits_invoice_id, None,
            "the reference went, the printed number stays"
        );
        assert_eq!(credit.credits_number, "2018-0002");
        let lines: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM invoice_lines WHERE invoice_id IN (?1, ?2)",
                [old, credited_later],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(lines, 0, "lines went with their invoices");
        // Outside a purge, even an expired record cannot be deleted, and a purge never takes a young one.
        assert!(store
            .connection()
            .execute("DELETE FROM invoices WHERE id = ?1", [young])
            .is_err());
        assert_eq!(purge(&mut store, "2026-06-01").unwrap(), 0);
        assert_eq!(purge(&mut store, "2027-01-01").unwrap(), 2);
        let permits: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM billing_purge", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            permits, 0,
            "the purge permit never outlives its transaction"
        );
    }
}
