//! Full-text search over clients and entries with SQLite FTS5, inside the encrypted database. The
//! index folds diacritics (`unicode61 remove_diacritics 2`), so "zoe" finds "Zoë" and "client" finds
//! "cliënt"; every typed word is a prefix, so results follow each keystroke. All words must match.
//!
//! Order: matching clients first, by relevance; then matching entries, newest first. Ranking 100,000
//! notes by relevance costs tens of milliseconds for common words, newest-first stops after one
//! screenful, and for a therapist the latest note is usually the one sought. Words of one letter only
//! narrow the client list; in notes they are ignored until the second letter is typed (the entry
//! index has prefix indexes from two letters on, a one-letter prefix would read all of it).

use crate::audit::AuditEvent;
use crate::dossier::Client;
use crate::error::Result;
use crate::store::Store;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitSource {
    Client,
    Entry,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub client_id: i64,
    pub client_number: String,
    pub client_name: String,
    pub source: HitSource,
    /// The entry id for entry hits, the client id for client hits.
    pub ref_id: i64,
    /// The entry kind (`sessieverslag` …) for entry hits.
    pub kind: Option<String>,
    /// A piece of the matching text with the found words between `[` and `]`.
    pub snippet: String,
}

/// Turns what a person typed into an FTS5 query: each word quoted (so no FTS syntax can be injected)
/// and made a prefix; words shorter than `min_chars` are left out. `None` when nothing is left.
pub fn fts_query(typed: &str, min_chars: usize) -> Option<String> {
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= min_chars.max(1))
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

fn name_of(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<String> {
    Ok(Client::display_name_of(
        &r.get::<_, String>(first)?,
        &r.get::<_, String>(first + 1)?,
        &r.get::<_, String>(first + 2)?,
        &r.get::<_, String>(first + 3)?,
    ))
}

impl Store {
    /// Finds clients and entries matching every word of `typed`, at most `limit` of each kind.
    /// Logged without the search words (they may hold a name).
    pub fn search(&mut self, typed: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let client_query = fts_query(typed, 1);
        let entry_query = fts_query(typed, 2);
        if client_query.is_none() {
            return Ok(Vec::new());
        }
        self.read_logged(|tx| {
            let mut hits = Vec::new();
            if let Some(q) = &client_query {
                let mut stmt = tx.prepare_cached(
                    "SELECT c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, \
                            snippet(client_search, -1, '[', ']', '…', 12) \
                     FROM client_search JOIN clients c ON c.id = client_search.rowid \
                     WHERE client_search MATCH ?1 ORDER BY rank LIMIT ?2",
                )?;
                let rows = stmt.query_map(rusqlite::params![q, limit], |r| {
                    Ok(SearchHit {
                        client_id: r.get(0)?,
                        client_number: r.get(1)?,
                        client_name: name_of(r, 2)?,
                        source: HitSource::Client,
                        ref_id: r.get(0)?,
                        kind: None,
                        snippet: r.get(6)?,
                    })
                })?;
                hits.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            if let Some(q) = &entry_query {
                let mut stmt = tx.prepare_cached(
                    "SELECT c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, \
                            entry_search.rowid, entry_search.kind, snippet(entry_search, 2, '[', ']', '…', 12) \
                     FROM entry_search JOIN clients c ON c.id = entry_search.client_id \
                     WHERE entry_search MATCH ?1 ORDER BY entry_search.rowid DESC LIMIT ?2",
                )?;
                let rows = stmt.query_map(rusqlite::params![q, limit], |r| {
                    Ok(SearchHit {
                        client_id: r.get(0)?,
                        client_number: r.get(1)?,
                        client_name: name_of(r, 2)?,
                        source: HitSource::Entry,
                        ref_id: r.get(6)?,
                        kind: r.get(7)?,
                        snippet: r.get(8)?,
                    })
                })?;
                hits.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            // What was shown is a read of those dossiers: one line per client, by number only.
            let mut events = vec![AuditEvent::new("search", "search", "").detail(format!("{} resultaten", hits.len()))];
            let mut shown: Vec<(&i64, &String)> = hits.iter().map(|h| (&h.client_id, &h.client_number)).collect();
            shown.sort();
            shown.dedup();
            events.extend(shown.into_iter().map(|(id, number)| AuditEvent::new("search_result_shown", "client", id).client(number.clone())));
            Ok((hits, events))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_words_become_quoted_prefixes_and_fts_syntax_is_neutralised() {
        assert_eq!(
            fts_query("zoe de vr", 1).unwrap(),
            "\"zoe\"* \"de\"* \"vr\"*"
        );
        assert_eq!(
            fts_query("\"NEAR(a b)\" OR x*", 1).unwrap(),
            "\"NEAR\"* \"a\"* \"b\"* \"OR\"* \"x\"*"
        );
        assert_eq!(fts_query("  -- ", 1), None);
        assert_eq!(
            fts_query("w", 2),
            None,
            "one letter does not search the notes"
        );
    }
}
