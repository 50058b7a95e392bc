//! Backup file names and rotation, as pure functions over names (no file system), so they can be
//! property-tested.
//!
//! A final backup name is `dossierkluis-<vault>-<YYYYMMDD>-<HHMMSS>[-<n>].age`: `<vault>` is the first 8
//! hex digits of the vault id (so two vaults may share a folder without rotating each other's files),
//! the time is UTC, and `-<n>` separates backups made within the same second. A file being written is
//! called `<final name>.partial` and never carries a final name; leftovers of a crash are removed by
//! the next backup of the same vault.
//!
//! Rotation keeps, per vault: the newest backup; the newest of each of the last `daily` days that have a
//! backup; likewise for `weekly` ISO weeks and `monthly` months (the scheme restic's `forget` uses).
//! Everything else of that vault is deleted; names that do not parse are never touched.

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const PREFIX: &str = "dossierkluis-";
pub const SUFFIX: &str = ".age";
pub const PARTIAL_SUFFIX: &str = ".partial";

/// How many backups to keep. Default: 7 daily, 4 weekly, 12 monthly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationPolicy {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for RotationPolicy {
    fn default() -> Self {
        RotationPolicy {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// A parsed final backup name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupName {
    /// First 8 hex digits of the vault id.
    pub vault: String,
    pub created: NaiveDateTime,
    pub seq: u32,
}

/// The vault part of a name: the first 8 characters of the vault id.
pub fn vault_prefix(vault_id: &str) -> String {
    vault_id.chars().take(8).collect()
}

pub fn format_name(vault_id: &str, created: NaiveDateTime, seq: u32) -> String {
    let stamp = created.format("%Y%m%d-%H%M%S");
    let vault = vault_prefix(vault_id);
    if seq == 0 {
        format!("{PREFIX}{vault}-{stamp}{SUFFIX}")
    } else {
        format!("{PREFIX}{vault}-{stamp}-{seq}{SUFFIX}")
    }
}

pub fn parse_name(name: &str) -> Option<BackupName> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let mut parts = rest.split('-');
    let vault = parts.next()?;
    let date = parts.next()?;
    let time = parts.next()?;
    let seq = match parts.next() {
        None => 0,
        Some(n) if !n.starts_with('0') => n.parse().ok()?,
        Some(_) => return None,
    };
    if parts.next().is_some()
        || vault.len() != 8
        || !vault.bytes().all(|b| b.is_ascii_hexdigit())
        || date.len() != 8
        || time.len() != 6
    {
        return None;
    }
    let created = NaiveDateTime::parse_from_str(&format!("{date}{time}"), "%Y%m%d%H%M%S").ok()?;
    Some(BackupName {
        vault: vault.to_string(),
        created,
        seq,
    })
}

/// Whether `name` is a leftover of an interrupted backup of `vault_id`.
pub fn is_partial_of(name: &str, vault_id: &str) -> bool {
    name.strip_suffix(PARTIAL_SUFFIX)
        .and_then(|n| n.split_once(".age"))
        .and_then(|(n, _)| parse_name(&format!("{n}{SUFFIX}")))
        .is_some_and(|b| b.vault == vault_prefix(vault_id))
}

/// The result of [`plan`]: file names to keep and to delete (each of one vault's parseable names
/// lands in exactly one list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RotationPlan {
    pub keep: Vec<String>,
    pub delete: Vec<String>,
}

/// Which backups of `vault_id` among `names` to keep under `policy`. Pure; order of `names` does not
/// matter; names of other vaults or that do not parse appear in neither list.
pub fn plan(names: &[String], vault_id: &str, policy: RotationPolicy) -> RotationPlan {
    let prefix = vault_prefix(vault_id);
    let mut ours: Vec<(BackupName, &String)> = names
        .iter()
        .filter_map(|n| parse_name(n).map(|p| (p, n)))
        .filter(|(p, _)| p.vault == prefix)
        .collect();
    // Newest first; a later sequence number is newer within the same second; then by name for a
    // total order.
    ours.sort_by(|(a, an), (b, bn)| (b.created, b.seq, *bn).cmp(&(a.created, a.seq, *an)));
    ours.dedup_by(|(_, a), (_, b)| a == b);
    let mut keep: HashSet<&String> = HashSet::new();
    if let Some((_, newest)) = ours.first() {
        keep.insert(newest);
    }
    let mut bucket = |limit: u32, key: &dyn Fn(&NaiveDateTime) -> (i32, u32)| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for (parsed, name) in &ours {
            let k = key(&parsed.created);
            if seen.contains(&k) {
                continue;
            }
            if seen.len() as u32 >= limit {
                break;
            }
            seen.push(k);
            keep.insert(name);
        }
    };
    bucket(policy.daily, &|t| (t.year(), t.ordinal()));
    bucket(policy.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    bucket(policy.monthly, &|t| (t.year(), t.month()));
    let mut out = RotationPlan::default();
    for (_, name) in ours {
        if keep.contains(name) {
            out.keep.push(name.clone());
        } else {
            out.delete.push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};
    use proptest::prelude::*;

    const VAULT: &str = "0123abcdef4567890123abcdef456789";

    fn at(day: i64, secs: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + Duration::days(day)
            + Duration::seconds(secs)
    }

    #[test]
    fn names_round_trip_and_strangers_do_not_parse() {
        let t = at(10, 3723);
        let name = format_name(VAULT, t, 0);
        assert_eq!(name, "dossierkluis-0123abcd-20260111-010203.age");
        assert_eq!(parse_name(&name).unwrap().created, t);
        assert_eq!(parse_name(&format_name(VAULT, t, 3)).unwrap().seq, 3);
        for bad in [
            "dossierkluis-0123abcd-20260111-010203.age.partial",
            "dossierkluis-0123abcd-20261311-010203.age",
            "dossierkluis-0123abcd-20260111-010203-0.age",
            "dossierkluis-0123abcZ-20260111-010203.age",
            "foto.age",
            "dossierkluis-0123abcd-20260111-010203-1-2.age",
        ] {
            assert!(parse_name(bad).is_none(), "{bad}");
        }
        assert!(is_partial_of(&format!("{name}{PARTIAL_SUFFIX}"), VAULT));
        assert!(!is_partial_of(&name, VAULT));
        assert!(!is_partial_of(
            &format!("{name}{PARTIAL_SUFFIX}"),
            "ffffffff00"
        ));
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_4_12() {
        let names: Vec<String> = (0..365)
            .map(|d| format_name(VAULT, at(d, 3600), 0))
            .collect();
        let p = plan(&names, VAULT, RotationPolicy::default());
        // 7 days + weeks and months not already covered by them.
        assert!(p.keep.len() <= 7 + 4 + 12, "{}", p.keep.len());
        assert!(p.keep.len() >= 12, "{}", p.keep.len());
        assert!(p.keep.contains(names.last().unwrap()));
        for name in &names[358..365] {
            assert!(p.keep.contains(name), "the last seven days stay");
        }
    }

    #[test]
    fn other_vaults_and_foreign_files_are_untouched() {
        let names = vec![
            format_name(VAULT, at(1, 0), 0),
            format_name(VAULT, at(1, 5), 0),
            format_name("ffffffff", at(1, 0), 0),
            "notities.txt".to_string(),
        ];
        let p = plan(&names, VAULT, RotationPolicy::default());
        assert_eq!(p.keep, vec![names[1].clone()]);
        assert_eq!(p.delete, vec![names[0].clone()]);
    }

    proptest! {
        #[test]
        fn rotation_properties(
            stamps in proptest::collection::vec((0i64..800, 0i64..86_400, 0u32..3), 0..80),
            daily in 0u32..10, weekly in 0u32..6, monthly in 0u32..14,
        ) {
            let policy = RotationPolicy { daily, weekly, monthly };
            let names: Vec<String> = stamps.iter().map(|&(d, s, q)| format_name(VAULT, at(d, s), q)).collect();
            let p = plan(&names, VAULT, policy);
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            // Every file is in exactly one list.
            prop_assert_eq!(p.keep.len() + p.delete.len(), unique.len());
            for n in &p.keep { prop_assert!(!p.delete.contains(n)); }
            // Never more than the policy allows, and the newest always stays.
            prop_assert!(p.keep.len() as u32 <= 1 + daily + weekly + monthly);
            if !unique.is_empty() {
                let newest = unique.iter().max_by_key(|n| { let b = parse_name(n).unwrap(); (b.created, b.seq, (*n).clone()) }).unwrap();
                prop_assert!(p.keep.contains(newest));
            }
            // Order of input does not matter.
            let mut reversed = names.clone();
            reversed.reverse();
            let mut a = p.keep.clone(); a.sort();
            let mut b = plan(&reversed, VAULT, policy).keep; b.sort();
            prop_assert_eq!(&a, &b);
            // Rotating again deletes nothing more (stable).
            let again = plan(&p.keep, VAULT, policy);
            prop_assert!(again.delete.is_empty(), "second run deleted {:?}", again.delete);
            // Each of the `daily` newest distinct days keeps a backup.
            let mut days: Vec<_> = unique.iter().map(|n| parse_name(n).unwrap().created.date()).collect();
            days.sort(); days.dedup(); days.reverse();
            for day in days.iter().take(daily as usize) {
                prop_assert!(p.keep.iter().any(|n| parse_name(n).unwrap().created.date() == *day));
            }
        }
    }
}
