-- 0003: retention, destruction and client rights (WGBO 7:454–7:457, AVG art. 12–21, 30, 33).
--
-- Per-client retention facts live in client_retention (one optional row per client, cascading away
-- with the client). The destruction register, the client requests register and the datalekregister
-- carry only the pseudonymous client number as text and no foreign key to clients: they must outlive
-- the dossier they are about. None of them holds names or clinical text.
--
-- Settings (in `settings`): retention_coaching_years (default 2), retention_prospect_years (2).

CREATE TABLE client_retention (
    client_id       INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    -- "Langer bewaren als goede zorg dat vereist" (7:454 lid 3): keep at least until this date.
    extended_until  TEXT,
    extended_reason TEXT NOT NULL DEFAULT '',
    -- Legal hold: blocks destruction while set (claim, complaint, 7:455 lid 2).
    hold_reason     TEXT,
    hold_since      TEXT,
    -- Restriction of processing (AVG art. 18): the dossier is read-only and left out of exports.
    restricted      INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    restricted_since TEXT,
    CHECK (extended_until IS NULL OR extended_reason <> ''),
    CHECK (hold_reason IS NULL OR hold_reason <> '')
) STRICT;

-- FTS5 keeps a deleted row's tokens as delete markers in its segments; 'optimize' drops them only when
-- the merge output is the oldest segment, which is not always so. In secure-delete mode (SQLite 3.42+)
-- a delete removes the row's entries from the existing segments in place, and a token whose last
-- instance goes leaves no trace. Destruction relies on this (and still runs 'optimize').
INSERT INTO client_search (client_search, rank) VALUES ('secure-delete', 1);
INSERT INTO entry_search (entry_search, rank) VALUES ('secure-delete', 1);

-- Registers that outlive the client: no FK, the client number as text.
CREATE TABLE destruction_register (
    id              INTEGER PRIMARY KEY,
    client_number   TEXT NOT NULL,
    destroyed_at    TEXT NOT NULL,
    -- 'termijn' (retention term ended) or 'verzoek' (the client's vernietiging request).
    ground          TEXT NOT NULL CHECK (ground IN ('termijn', 'verzoek')),
    reason          TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    request_id      INTEGER,
    -- Counts per kind, e.g. {"entries":12,"sessions":8,...}; never content.
    what            TEXT NOT NULL
) STRICT;
CREATE INDEX destruction_register_number ON destruction_register(client_number);

CREATE TRIGGER destruction_register_no_update BEFORE UPDATE ON destruction_register
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;
CREATE TRIGGER destruction_register_no_delete BEFORE DELETE ON destruction_register
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;

CREATE TABLE client_requests (
    id                INTEGER PRIMARY KEY,
    client_number     TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('inzage', 'afschrift', 'rectificatie', 'vernietiging', 'beperking',
                                                    'overdraagbaarheid', 'bezwaar', 'intrekken_toestemming')),
    received_on       TEXT NOT NULL,
    identity_check    TEXT NOT NULL DEFAULT '',
    deadline          TEXT NOT NULL,
    extended_deadline TEXT,
    extension_reason  TEXT,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'uitgevoerd', 'afgewezen')),
    answered_on       TEXT,
    answer_note       TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    CHECK (deadline >= received_on),
    CHECK (extended_deadline IS NULL OR (extended_deadline >= deadline AND extension_reason <> '')),
    CHECK ((status = 'open') = (answered_on IS NULL))
) STRICT;
CREATE INDEX client_requests_number ON client_requests(client_number);

CREATE TABLE datalek_register (
    id                  INTEGER PRIMARY KEY,
    discovered_on       TEXT NOT NULL,
    occurred_on         TEXT,
    description         TEXT NOT NULL,
    data_kinds          TEXT NOT NULL DEFAULT '',
    people_affected     INTEGER,
    consequences        TEXT NOT NULL DEFAULT '',
    measures            TEXT NOT NULL DEFAULT '',
    reported_to_ap_on   TEXT,
    reported_to_ap_why  TEXT NOT NULL DEFAULT '',
    clients_informed_on TEXT,
    created_at          TEXT NOT NULL
) STRICT;

-- A restricted dossier (AVG art. 18) refuses every change. Destruction first lifts the restriction in
-- its own transaction, so the cascade can run.
CREATE TRIGGER clients_restricted BEFORE UPDATE ON clients
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER representatives_restricted_insert BEFORE INSERT ON representatives
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER representatives_restricted_update BEFORE UPDATE ON representatives
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER trajecten_restricted_insert BEFORE INSERT ON trajecten
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER trajecten_restricted_update BEFORE UPDATE ON trajecten
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER sessions_restricted_insert BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER sessions_restricted_update BEFORE UPDATE ON sessions
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER entries_restricted_insert BEFORE INSERT ON entries
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER entries_restricted_update BEFORE UPDATE ON entries
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER consents_restricted_insert BEFORE INSERT ON consents
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER consents_restricted_update BEFORE UPDATE ON consents
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER documents_restricted_insert BEFORE INSERT ON documents
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = NEW.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
CREATE TRIGGER documents_restricted_delete BEFORE DELETE ON documents
WHEN EXISTS (SELECT 1 FROM client_retention WHERE client_id = OLD.client_id AND restricted = 1)
BEGIN SELECT RAISE(ABORT, 'dk:restricted'); END;
