-- "Recent bewerkt" on the overview follows every note the therapist writes, the werkaantekening
-- included. A werkaantekening is not part of the care record, so it must not move
-- `last_substantive_change` (the WGBO clock); it gets a column of its own instead.
ALTER TABLE clients ADD COLUMN last_worked_at TEXT NOT NULL DEFAULT '';
-- A restricted dossier refuses every UPDATE (clients_restricted); it keeps '' and is ordered by its
-- other dates, which is what it showed before.
UPDATE clients SET last_worked_at = coalesce(
    (SELECT max(e.updated_at) FROM entries e WHERE e.client_id = clients.id), '')
WHERE NOT EXISTS (SELECT 1 FROM client_retention r WHERE r.client_id = clients.id AND r.restricted = 1);
