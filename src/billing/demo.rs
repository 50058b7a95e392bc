//! Billing for the demo practice: services, and monthly invoices for the held sessions of the last two
//! years before the current month (zorgnota's for care, facturen for coaching), most paid, the newest
//! partly open, one credited. Older sessions stay unbilled history: billing twenty years of a
//! 3,000-client demo would only make the demo slow, not more telling.

use super::{create_in, issue_in, PaymentMethod, Service, VatMode};
use crate::error::Result;
use crate::store::Store;
use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::params;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoBilling {
    pub invoices: u64,
    pub paid: u64,
    pub credited: u64,
}

/// A stable pseudo-random number from an id, so the same demo gets the same payments.
fn spread(id: i64, n: u64) -> u64 {
    let mut z = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z ^= z >> 31;
    z.wrapping_mul(0xBF58_476D_1CE4_E5B9) % n.max(1)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

pub(crate) fn fill_demo(store: &mut Store) -> Result<DemoBilling> {
    let today = store.context().clock.today();
    // The demo practice makes its VAT choice like a real one must (nothing is assumed): its
    // therapist is taken to meet the conditions of the medical exemption; coaching is taxed.
    let current = store.billing_settings()?;
    store.update_billing_settings(&super::BillingSettings {
        care_vat_mode: Some(VatMode::Exempt),
        coaching_vat_mode: Some(VatMode::Vat21),
        ..current
    })?;
    for (kind, description, vat_mode) in [
        (
            "24504",
            "Behandeling overige psychosociale therapie",
            VatMode::Exempt,
        ),
        ("24505", "Coachingsgesprek", VatMode::Vat21),
    ] {
        store.set_service(
            &Service {
                kind: kind.into(),
                description: description.into(),
                tariff_cents: 8500,
                prestatiecode: kind.into(),
                vat_mode,
            },
            super::ServiceSave::Change,
        )?;
    }
    let this_month = first_of_month(today);
    let since = this_month - Months::new(24);
    let mut groups: BTreeMap<(NaiveDate, i64), Vec<i64>> = BTreeMap::new();
    {
        let mut stmt = store.connection().prepare(
            "SELECT s.id, s.client_id, s.date FROM sessions s WHERE s.status = 'held' AND s.date >= ?1 AND s.date < ?2 \
             AND NOT EXISTS (SELECT 1 FROM billed_sessions b WHERE b.session_id = s.id) ORDER BY s.date, s.id",
        )?;
        let mut rows = stmt.query(params![since.to_string(), this_month.to_string()])?;
        while let Some(r) = rows.next()? {
            let date: NaiveDate = r.get::<_, String>(2)?.parse().unwrap_or(since);
            groups
                .entry((first_of_month(date), r.get(1)?))
                .or_default()
                .push(r.get(0)?);
        }
    }
    let groups: Vec<_> = groups.into_iter().collect();
    let mut summary = DemoBilling::default();
    let now = store.now_text();
    let mut last_issued = None;
    for batch in groups.chunks(250) {
        store.write(|tx, _| {
            for ((month, client_id), sessions) in batch {
                let issue_date = (*month + Months::new(1)).min(today);
                let (id, _) = create_in(tx, *client_id, sessions, &now)?;
                // No PDF per demo invoice: rendering thousands would make the demo slow; a
                // demo invoice's PDF is made and stored on its first print.
                issue_in(tx, id, issue_date, false)?;
                summary.invoices += 1;
                last_issued = Some(id);
                let delay = 1 + spread(id, 20);
                let paid_on = issue_date + Days::new(delay);
                let recent = today.signed_duration_since(issue_date).num_days() < 45;
                if paid_on <= today && !(recent && spread(id, 3) == 0) {
                    let method = [PaymentMethod::Overboeking, PaymentMethod::Pin, PaymentMethod::Contant]
                        [spread(id + 7, 3) as usize];
                    tx.execute(
                        "UPDATE invoices SET status = 'paid', paid_on = ?2, payment_method = ?3 WHERE id = ?1",
                        params![id, paid_on.to_string(), method.as_str()],
                    )?;
                    summary.paid += 1;
                }
            }
            Ok(((), vec![]))
        })?;
    }
    if let Some(id) = last_issued {
        store.credit_invoice(id, true)?;
        summary.credited += 1;
    }
    Ok(summary)
}
