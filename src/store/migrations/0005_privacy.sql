-- Issue 12: who asked. A request records the requester, the client's age on the day it was received,
-- whether that requester is entitled (decided by the core when the request is recorded, with the rule
-- in Dutch), and the therapist's reason to proceed anyway (e.g. the client's written consent), without
-- which a copy or destruction for a requester who is not entitled is refused.
ALTER TABLE client_requests ADD COLUMN requester TEXT NOT NULL DEFAULT 'client'
    CHECK (requester IN ('client', 'ouder', 'voogd', 'mentor', 'curator', 'vertegenwoordiger', 'gemachtigde'));
ALTER TABLE client_requests ADD COLUMN age_on_received INTEGER;
ALTER TABLE client_requests ADD COLUMN entitled INTEGER NOT NULL DEFAULT 1 CHECK (entitled IN (0, 1));
ALTER TABLE client_requests ADD COLUMN entitled_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE client_requests ADD COLUMN proceed_reason TEXT NOT NULL DEFAULT '';

-- Issue 12: part of a dossier can be destroyed (WGBO 7:455). Its register line has ground 'deel'
-- ("deel van dossier"). SQLite cannot change a CHECK in place, so the append-only register is
-- rebuilt with the same rows (DROP TABLE fires no DELETE trigger) and its triggers made again.
CREATE TABLE destruction_register_new (
    id              INTEGER PRIMARY KEY,
    client_number   TEXT NOT NULL,
    destroyed_at    TEXT NOT NULL,
    -- 'termijn' (retention term ended), 'verzoek' (the client's vernietiging request) or 'deel'
    -- (part of the dossier: chosen entries and documents; the rest of the dossier remains).
    ground          TEXT NOT NULL CHECK (ground IN ('termijn', 'verzoek', 'deel')),
    reason          TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    request_id      INTEGER,
    -- Counts per kind, e.g. {"entries":12,"sessions":8,...}; never content.
    what            TEXT NOT NULL
) STRICT;
INSERT INTO destruction_register_new (id, client_number, destroyed_at, ground, reason, requested_by, request_id, what)
    SELECT id, client_number, destroyed_at, ground, reason, requested_by, request_id, what FROM destruction_register;
DROP TABLE destruction_register;
ALTER TABLE destruction_register_new RENAME TO destruction_register;
CREATE INDEX destruction_register_number ON destruction_register(client_number);
CREATE TRIGGER destruction_register_no_update BEFORE UPDATE ON destruction_register
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;
CREATE TRIGGER destruction_register_no_delete BEFORE DELETE ON destruction_register
BEGIN SELECT RAISE(ABORT, 'dk:append_only'); END;
