//! What a nota will charge before it exists: the amounts in "Nog te factureren" and in "Maak nota…"
//! come from here, through the same [`line_for`] and [`totals::totals`] the invoice itself uses, so
//! the screen never shows another amount than the nota charges (coaching at 21 % included).
//!
//! Care (WGBO, a zorgnota) and coaching (a factuur) never share an invoice, so a choice of sessions
//! of both kinds previews as two nota's.

use super::{
    line_for, session_for_billing, settings, totals, InvoiceKind, SessionForBilling,
    UnbilledSession,
};
use crate::dossier::Regime;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The most sessions one invoice may hold (and one preview may show).
pub(super) const MAX_SESSIONS: usize = 500;

/// One nota as it would be made from the chosen sessions: its kind, which sessions, and its totals
/// in cents, computed exactly as the invoice computes them (VAT per rate, rounded once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewNota {
    pub regime: Regime,
    pub kind: InvoiceKind,
    /// The sessions that go on this nota, in the order of its lines (date, then id).
    pub session_ids: Vec<i64>,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub total_cents: i64,
}

/// The regime a session is billed under: its traject's, or the practice's default.
pub(super) fn regime_of(s: &SessionForBilling, default: Regime) -> Regime {
    s.regime.as_deref().map_or(default, Regime::parse)
}

fn default_regime(conn: &Connection) -> Result<Regime> {
    Ok(super::live_practice(conn)?.default_regime)
}

/// Loads the chosen sessions and refuses what may not be invoiced: another client's session, one
/// not held, one already on an invoice, one chosen twice. Used by both the preview and the concept.
pub(super) fn checked_sessions(
    conn: &Connection,
    client_id: i64,
    session_ids: &[i64],
) -> Result<Vec<SessionForBilling>> {
    let mut sessions: Vec<SessionForBilling> = Vec::new();
    for id in session_ids {
        let s = session_for_billing(conn, *id)?;
        if s.client_id != client_id {
            return Err(Error::field("sessions", "Een van de gekozen sessies hoort bij een andere cliënt. Een factuur is voor één cliënt."));
        }
        let date = crate::dates::dutch_long(s.date);
        if s.status != "held" {
            return Err(Error::field(
                "sessions",
                format!("De sessie van {date} is niet gehouden en kan niet worden gefactureerd."),
            ));
        }
        if let Some(number) = &s.billed_on {
            return Err(Error::new(
                ErrorCode::NotAllowed,
                format!("De sessie van {date} staat al op factuur {number}. Een sessie wordt maar één keer gefactureerd."),
            ));
        }
        if sessions.iter().any(|o| o.id == s.id) {
            return Err(Error::field(
                "sessions",
                format!("De sessie van {date} is twee keer gekozen."),
            ));
        }
        sessions.push(s);
    }
    Ok(sessions)
}

impl Store {
    /// Held sessions not yet on any invoice, oldest first; of one client or of all. Each carries the
    /// amount its line will have (excluding VAT), its VAT treatment and the kind of nota it goes on,
    /// all from [`line_for`].
    pub fn unbilled_sessions(&self, client_id: Option<i64>) -> Result<Vec<UnbilledSession>> {
        let conn = self.connection();
        let mut stmt = conn.prepare(
            "SELECT s.id, c.client_number FROM sessions s JOIN clients c ON c.id = s.client_id \
             WHERE s.status = 'held' AND (?1 IS NULL OR s.client_id = ?1) \
               AND NOT EXISTS (SELECT 1 FROM billed_sessions b WHERE b.session_id = s.id) \
             ORDER BY s.client_id, s.date, s.start_time, s.id",
        )?;
        let rows = stmt
            .query_map([client_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let settings = settings::load_settings(conn)?;
        let default = default_regime(conn)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, client_number) in rows {
            let s = session_for_billing(conn, id)?;
            let regime = regime_of(&s, default);
            let line = line_for(conn, &s, regime, &settings)?;
            let (amount, vat) = (line.amount, line.vat);
            out.push(UnbilledSession {
                session_id: s.id,
                client_id: s.client_id,
                client_number,
                date: s.date,
                kind: s.kind,
                fee_cents: amount,
                vat_mode: vat,
                regime,
                invoice_kind: InvoiceKind::for_regime(regime),
            });
        }
        Ok(out)
    }

    /// What "Maak concept" would make of these sessions of one client, without making it: one
    /// [`PreviewNota`] per kind of nota (zorgnota first, then factuur), with the totals the invoice
    /// will have. Refuses what [`Store::create_invoice`] refuses, except mixing care and coaching,
    /// which previews as separate nota's. No sessions chosen: no nota's.
    pub fn invoice_preview(&self, client_id: i64, session_ids: &[i64]) -> Result<Vec<PreviewNota>> {
        if session_ids.len() > MAX_SESSIONS {
            return Err(Error::field(
                "sessions",
                "Een factuur kan hoogstens 500 sessies bevatten. Maak er meerdere.",
            ));
        }
        let conn = self.connection();
        let mut sessions = checked_sessions(conn, client_id, session_ids)?;
        sessions.sort_by_key(|s| (s.date, s.id));
        let settings = settings::load_settings(conn)?;
        let default = default_regime(conn)?;
        let mut notas = Vec::new();
        for regime in [Regime::Wgbo, Regime::Coaching] {
            let mine: Vec<&SessionForBilling> = sessions
                .iter()
                .filter(|s| regime_of(s, default) == regime)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let mut lines = Vec::with_capacity(mine.len());
            for s in &mine {
                let line = line_for(conn, s, regime, &settings)?;
                lines.push((line.amount, line.chosen_vat(regime)?));
            }
            let t = totals::totals(lines);
            notas.push(PreviewNota {
                regime,
                kind: InvoiceKind::for_regime(regime),
                session_ids: mine.iter().map(|s| s.id).collect(),
                net_cents: t.net_cents,
                vat_cents: t.vat_cents,
                total_cents: t.total_cents,
            });
        }
        Ok(notas)
    }

    /// "Maak concept(en)": the nota's [`Store::invoice_preview`] shows for these sessions, made in ONE
    /// transaction (a zorgnota for the care sessions, a factuur for the coaching ones), so either every
    /// concept exists afterwards or none does. Returns their ids in the preview's order.
    pub fn create_invoices_as_previewed(
        &mut self,
        client_id: i64,
        session_ids: &[i64],
    ) -> Result<Vec<i64>> {
        let plan = self.invoice_preview(client_id, session_ids)?;
        if plan.is_empty() {
            return Err(Error::field(
                "sessions",
                "Kies ten minste één gehouden sessie om te factureren.",
            ));
        }
        let now = self.now_text();
        self.write(|tx, _| {
            let mut ids = Vec::with_capacity(plan.len());
            let mut events = Vec::with_capacity(plan.len());
            for nota in &plan {
                // create_in checks the sessions again inside the transaction.
                let (id, client_number) = super::create_in(tx, client_id, &nota.session_ids, &now)?;
                events.push(
                    crate::audit::AuditEvent::new("invoice_created", "invoice", id)
                        .client(client_number),
                );
                ids.push(id);
            }
            Ok((ids, events))
        })
    }
}
