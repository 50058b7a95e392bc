-- 0001: the first schema: practice, clients, trajecten, sessions, dossier entries with their versions,
-- consents, documents, full-text search and the audit log.
--
-- Dates are ISO text (YYYY-MM-DD), instants RFC 3339 UTC text, money integer cents. Rules that must hold
-- whatever code writes here are triggers: a cliëntverklaring never changes, versions and the audit log
-- are append-only.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The practice profile: one row. Columns rather than JSON, so billing can check each required field.
CREATE TABLE practice (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    therapist_name      TEXT NOT NULL DEFAULT '',
    practice_name       TEXT NOT NULL DEFAULT '',
    street              TEXT NOT NULL DEFAULT '',
    house_number        TEXT NOT NULL DEFAULT '',
    postcode            TEXT NOT NULL DEFAULT '',
    city                TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    website             TEXT NOT NULL DEFAULT '',
    agb_zorgverlener    TEXT NOT NULL DEFAULT '',
    agb_praktijk        TEXT NOT NULL DEFAULT '',
    beroepsvereniging   TEXT NOT NULL DEFAULT '',
    member_number       TEXT NOT NULL DEFAULT '',
    rbcz_number         TEXT NOT NULL DEFAULT '',
    kvk_number          TEXT NOT NULL DEFAULT '',
    btw_id              TEXT NOT NULL DEFAULT '',
    iban                TEXT NOT NULL DEFAULT '',
    default_regime      TEXT NOT NULL DEFAULT 'wgbo' CHECK (default_regime IN ('wgbo', 'coaching')),
    idle_lock_minutes   INTEGER NOT NULL DEFAULT 10 CHECK (idle_lock_minutes BETWEEN 1 AND 240),
    updated_at          TEXT NOT NULL
) STRICT;

CREATE TABLE clients (
    id                      INTEGER PRIMARY KEY,
    -- Pseudonymous number (K-000123): the only client reference the audit log and registers carry.
    client_number           TEXT NOT NULL UNIQUE,
    first_names             TEXT NOT NULL,
    call_name               TEXT NOT NULL DEFAULT '',
    tussenvoegsel           TEXT NOT NULL DEFAULT '',
    last_name               TEXT NOT NULL,
    birth_date              TEXT NOT NULL,
    street                  TEXT NOT NULL DEFAULT '',
    house_number            TEXT NOT NULL DEFAULT '',
    postcode                TEXT NOT NULL DEFAULT '',
    city                    TEXT NOT NULL DEFAULT '',
    email                   TEXT NOT NULL DEFAULT '',
    phone                   TEXT NOT NULL DEFAULT '',
    huisarts                TEXT NOT NULL DEFAULT '',
    insurer                 TEXT NOT NULL DEFAULT '',
    polisnummer             TEXT NOT NULL DEFAULT '',
    status                  TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('prospect', 'active', 'closed')),
    created_at              TEXT NOT NULL,
    -- Administrative edits (address, phone …) move updated_at only.
    updated_at              TEXT NOT NULL,
    -- The WGBO clock (art. 7:454 lid 3): 20 years run from the last change to the care record itself.
    last_substantive_change TEXT NOT NULL
) STRICT;

CREATE TABLE representatives (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    relation     TEXT NOT NULL DEFAULT '',
    has_gezag    INTEGER NOT NULL CHECK (has_gezag IN (0, 1)),
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX representatives_client ON representatives(client_id);

CREATE TABLE trajecten (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    regime            TEXT NOT NULL CHECK (regime IN ('wgbo', 'coaching')),
    start_date        TEXT NOT NULL,
    end_date          TEXT,
    hulpvraag         TEXT NOT NULL DEFAULT '',
    agreed_fee_cents  INTEGER,
    created_at        TEXT NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX trajecten_client ON trajecten(client_id);

CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    traject_id        INTEGER REFERENCES trajecten(id) ON DELETE SET NULL,
    date              TEXT NOT NULL,
    start_time        TEXT NOT NULL DEFAULT '',
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    kind              TEXT NOT NULL,
    fee_cents         INTEGER NOT NULL CHECK (fee_cents >= 0),
    status            TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled', 'no_show')),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_client ON sessions(client_id, date);
CREATE INDEX sessions_date ON sessions(date);

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    traject_id  INTEGER REFERENCES trajecten(id) ON DELETE SET NULL,
    session_id  INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('intake', 'sessieverslag', 'behandelplan', 'evaluatie',
                                              'correspondentie', 'clientverklaring', 'werkaantekening')),
    entry_date  TEXT NOT NULL,
    -- The current text; every text ever saved is in entry_versions.
    body        TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX entries_client ON entries(client_id, entry_date);

CREATE TABLE entry_versions (
    entry_id    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    -- Why the text changed ("correctie: datum verkeerd"); empty for the first version.
    reason      TEXT NOT NULL DEFAULT '',
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (entry_id, version)
) STRICT, WITHOUT ROWID;

-- WGBO 7:454 lid 2: the client's own statement is added on request and never altered by the therapist.
CREATE TRIGGER clientverklaring_is_fixed BEFORE UPDATE OF body, kind, entry_date ON entries
WHEN OLD.kind = 'clientverklaring' OR NEW.kind = 'clientverklaring'
BEGIN SELECT RAISE(ABORT, 'dk:clientverklaring'); END;

CREATE TRIGGER entry_versions_append_only BEFORE UPDATE ON entry_versions
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;

CREATE TABLE consents (
    id                 INTEGER PRIMARY KEY,
    client_id          INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    purpose            TEXT NOT NULL CHECK (purpose IN ('behandeling', 'contact_huisarts', 'waarnemer', 'verwijzing',
                                                        'intervisie', 'email_nota', 'overig')),
    description        TEXT NOT NULL DEFAULT '',
    given_by           TEXT NOT NULL CHECK (given_by IN ('client', 'representative')),
    representative_id  INTEGER REFERENCES representatives(id) ON DELETE SET NULL,
    given_on           TEXT NOT NULL,
    withdrawn_on       TEXT,
    created_at         TEXT NOT NULL,
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on),
    CHECK (given_by = 'client' OR representative_id IS NOT NULL)
) STRICT;
CREATE INDEX consents_client ON consents(client_id);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL
) STRICT;
CREATE INDEX documents_client ON documents(client_id);

-- Content apart from metadata, so lists never read megabytes of attachment.
CREATE TABLE document_contents (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    data        BLOB NOT NULL
) STRICT;

-- Full-text search over clients and entries. unicode61 with remove_diacritics 2 makes "zoe" find "Zoë"
-- and "client" find "cliënt". Kept in step by the triggers below, in the same transaction as the data.
-- Two tables: clients are few and ranked by relevance; entries are many, carry prefix indexes for
-- 2- and 3-letter prefixes (typing "we" must not expand to a scan of every word) and are read newest
-- first, which stops after the first screenful. The FTS rowid is the client or entry id, so a change
-- deletes its old row by rowid instead of scanning.
CREATE VIRTUAL TABLE client_search USING fts5(
    name,
    details,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE entry_search USING fts5(
    client_id UNINDEXED,
    kind UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO client_search (rowid, name, details)
    VALUES (NEW.id,
            NEW.first_names || iif(NEW.call_name <> '', ' ' || NEW.call_name, '')
                || iif(NEW.tussenvoegsel <> '', ' ' || NEW.tussenvoegsel, '') || ' ' || NEW.last_name,
            NEW.client_number || iif(NEW.city <> '', ' ' || NEW.city, '') || iif(NEW.email <> '', ' ' || NEW.email, ''));
END;
CREATE TRIGGER clients_search_update AFTER UPDATE OF first_names, call_name, tussenvoegsel, last_name, city, email ON clients BEGIN
    DELETE FROM client_search WHERE rowid = OLD.id;
    INSERT INTO client_search (rowid, name, details)
    VALUES (NEW.id,
            NEW.first_names || iif(NEW.call_name <> '', ' ' || NEW.call_name, '')
                || iif(NEW.tussenvoegsel <> '', ' ' || NEW.tussenvoegsel, '') || ' ' || NEW.last_name,
            NEW.client_number || iif(NEW.city <> '', ' ' || NEW.city, '') || iif(NEW.email <> '', ' ' || NEW.email, ''));
END;
CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    DELETE FROM client_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entry_search (rowid, client_id, kind, body) VALUES (NEW.id, NEW.client_id, NEW.kind, NEW.body);
END;
CREATE TRIGGER entries_search_update AFTER UPDATE OF body ON entries BEGIN
    DELETE FROM entry_search WHERE rowid = OLD.id;
    INSERT INTO entry_search (rowid, client_id, kind, body) VALUES (NEW.id, NEW.client_id, NEW.kind, NEW.body);
END;
CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
    DELETE FROM entry_search WHERE rowid = OLD.id;
END;

-- NEN 7513 access log: who did what to which dossier, when, from which device. No clinical content.
-- Each row carries the SHA-256 of its own fields and of the previous row, so an edited, removed or
-- reordered row breaks the chain; the triggers make accidental change impossible through SQL.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    event         TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    device        TEXT NOT NULL,
    client_ref    TEXT,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_client ON audit_log(client_ref);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;
