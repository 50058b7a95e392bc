//! Full-text search over clients and entries with SQLite FTS5, inside the encrypted database. The
//! index folds diacritics (`unicode61 remove_diacritics 2`), so "zoe" finds "Zoë" and "client" finds
//! "cliënt"; every typed word is a prefix, so results follow each keystroke. Words must all match.

use crate::audit::AuditEvent;
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
/// and made a prefix. `None` when nothing searchable was typed.
pub fn fts_query(typed: &str) -> Option<String> {
    let words: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

impl Store {
    /// Finds clients and entries matching every word of `typed`, best first, at most `limit`.
    /// Logged without the search words (they may hold a name).
    pub fn search(&mut self, typed: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(typed) else {
            return Ok(Vec::new());
        };
        self.read_logged(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT s.client_id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, s.source, s.ref_id, \
                        CASE s.source WHEN 'entry' THEN s.title END, snippet(search_index, -1, '[', ']', '…', 12) \
                 FROM search_index s JOIN clients c ON c.id = s.client_id \
                 WHERE search_index MATCH ?1 ORDER BY rank LIMIT ?2",
            )?;
            let hits = stmt
                .query_map(rusqlite::params![query, limit], |r| {
                    Ok(SearchHit {
                        client_id: r.get(0)?,
                        client_number: r.get(1)?,
                        client_name: crate::dossier::Client::display_name_of(&r.get::<_, String>(2)?, &r.get::<_, String>(3)?, &r.get::<_, String>(4)?, &r.get::<_, String>(5)?),
                        source: if r.get::<_, String>(6)? == "entry" { HitSource::Entry } else { HitSource::Client },
                        ref_id: r.get(7)?,
                        kind: r.get(8)?,
                        snippet: r.get(9)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let event = AuditEvent::new("search", "search_index", "").detail(format!("{} resultaten", hits.len()));
            Ok((hits, vec![event]))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_words_become_quoted_prefixes_and_fts_syntax_is_neutralised() {
        assert_eq!(
            super::fts_query("zoe de vr").unwrap(),
            "\"zoe\"* \"de\"* \"vr\"*"
        );
        assert_eq!(
            super::fts_query("\"NEAR(a b)\" OR x*").unwrap(),
            "\"NEAR\"* \"a\"* \"b\"* \"OR\"* \"x\"*"
        );
        assert_eq!(super::fts_query("  -- "), None);
    }
}
