-- 0002: billing. Settings (tariff, prestatiecode and VAT per session kind, payment term, number
-- prefix), the Vektis prestatiecode table (seeded from assets/prestatiecodes.csv, editable), business
-- details of clients who are billed as a company, invoices with their lines, the gap-free number series
-- per year, the PDF as issued, and which session is billed on which invoice.
--
-- Self-contained: it references only tables of migration 1 (clients, sessions).
--
-- An issued invoice is a financial record that must stand alone for 7 years after its fiscal year
-- (AWR art. 52): it carries a frozen copy of everything printed on it, so deleting the client's dossier
-- (WGBO destruction) only sets `client_id` / `session_id` to NULL. Triggers refuse every other change
-- to an issued invoice, its lines and its PDF ('dk:invoice_issued'); deletion is possible only inside a
-- purge that names today's date in `billing_purge`, and then only for invoices whose fiscal year ended
-- more than 7 years before that date.

CREATE TABLE billing_settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    -- Printed before the year: '' gives 2026-0001, 'DW' gives DW2026-0001.
    number_prefix         TEXT NOT NULL DEFAULT '' CHECK (length(number_prefix) <= 10),
    payment_term_days     INTEGER NOT NULL DEFAULT 14 CHECK (payment_term_days BETWEEN 0 AND 365),
    default_prestatiecode TEXT NOT NULL DEFAULT '24504',
    -- VAT for session kinds without their own service row, per regime.
    care_vat_mode         TEXT NOT NULL DEFAULT 'exempt' CHECK (care_vat_mode IN ('vat21', 'exempt', 'kor')),
    coaching_vat_mode     TEXT NOT NULL DEFAULT 'vat21' CHECK (coaching_vat_mode IN ('vat21', 'exempt', 'kor')),
    -- Reserved for a practice logo on the PDF (PNG or JPEG bytes), once the PDF layer draws images.
    logo                  BLOB,
    updated_at            TEXT NOT NULL
) STRICT;

-- A service = a session kind as the practice bills it: its tariff (cents, excluding VAT), the Vektis
-- prestatiecode printed on a zorgnota, and its VAT treatment.
CREATE TABLE billing_services (
    kind           TEXT PRIMARY KEY,
    description    TEXT NOT NULL,
    tariff_cents   INTEGER NOT NULL CHECK (tariff_cents >= 0),
    prestatiecode  TEXT NOT NULL DEFAULT '',
    vat_mode       TEXT NOT NULL CHECK (vat_mode IN ('vat21', 'exempt', 'kor'))
) STRICT;

CREATE TABLE prestatiecodes (
    code         TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 10),
    description  TEXT NOT NULL CHECK (description <> ''),
    category     TEXT NOT NULL DEFAULT '',
    valid_from   TEXT,
    valid_to     TEXT,
    source       TEXT NOT NULL DEFAULT ''
) STRICT;

-- Kept equal to assets/prestatiecodes.csv by a unit test (billing::settings).
INSERT INTO prestatiecodes (code, description, category, source) VALUES
    ('24000', 'Behandeling orthomoleculaire geneeskunde (Natuurgeneeskunde)', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24001', 'Behandeling fytotherapie', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24002', 'Behandeling kinesiologie', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24003', 'Behandeling enzymtherapie', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24004', 'Behandeling moermantherapie', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24005', 'Behandeling overige natuurgeneeskunde', 'natuurgeneeskunde', 'VGZ lijst Vektis prestatiecodes alternatieve zorg'),
    ('24500', 'Behandeling psychotherapie', 'psychosociaal', 'Praktijkvoorbeeld (actpraktijk.nl), controleer bij Vektis'),
    ('24504', 'Behandeling overige psychosociale therapie', 'psychosociaal', 'Praktijkvoorbeeld (actpraktijk.nl), controleer bij Vektis'),
    ('24505', 'Behandeling (kinder) coaching', 'psychosociaal', 'Praktijkvoorbeeld (actpraktijk.nl), controleer bij Vektis'),
    ('24513', 'Behandeling lichaamsgerichte psychotherapie', 'psychosociaal', 'Praktijkvoorbeeld (actpraktijk.nl), controleer bij Vektis');

-- A client billed as a business (an employer paying for coaching): the buyer on the invoice and UBL.
CREATE TABLE billing_clients (
    client_id     INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    company_name  TEXT NOT NULL CHECK (company_name <> ''),
    kvk_number    TEXT NOT NULL DEFAULT '',
    btw_id        TEXT NOT NULL DEFAULT '',
    reference     TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per year: the last number issued. Incremented in the issuing transaction, so a failure
-- rolls the number back with everything else and no gap appears.
CREATE TABLE invoice_series (
    year         INTEGER PRIMARY KEY,
    last_number  INTEGER NOT NULL CHECK (last_number >= 0)
) STRICT;

CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('zorgnota', 'factuur')),
    status              TEXT NOT NULL CHECK (status IN ('concept', 'issued', 'paid', 'credited')),
    client_id           INTEGER REFERENCES clients(id) ON DELETE SET NULL,
    -- A credit note points at the invoice it corrects (and keeps that number as text).
    credits_invoice_id  INTEGER REFERENCES invoices(id) ON DELETE SET NULL,
    credits_number      TEXT NOT NULL DEFAULT '',
    credits_date        TEXT NOT NULL DEFAULT '',
    number              TEXT UNIQUE,
    issue_date          TEXT,
    due_date            TEXT,
    -- Frozen at issue: the client as printed.
    client_number       TEXT NOT NULL DEFAULT '',
    client_name         TEXT NOT NULL DEFAULT '',
    client_street       TEXT NOT NULL DEFAULT '',
    client_postcode     TEXT NOT NULL DEFAULT '',
    client_city         TEXT NOT NULL DEFAULT '',
    client_birth_date   TEXT NOT NULL DEFAULT '',
    buyer_company       TEXT NOT NULL DEFAULT '',
    buyer_kvk           TEXT NOT NULL DEFAULT '',
    buyer_btw_id        TEXT NOT NULL DEFAULT '',
    buyer_reference     TEXT NOT NULL DEFAULT '',
    -- Frozen at issue: the practice profile as printed (JSON of practice::Practice).
    practice_json       TEXT NOT NULL DEFAULT '',
    -- Totals in cents; net + vat = total.
    net_cents           INTEGER NOT NULL DEFAULT 0,
    vat_cents           INTEGER NOT NULL DEFAULT 0,
    total_cents         INTEGER NOT NULL DEFAULT 0,
    paid_on             TEXT,
    payment_method      TEXT CHECK (payment_method IN ('pin', 'contant', 'overboeking')),
    created_at          TEXT NOT NULL,
    CHECK (status = 'concept' OR (number IS NOT NULL AND issue_date IS NOT NULL)),
    CHECK ((paid_on IS NULL) = (payment_method IS NULL))
) STRICT;
CREATE INDEX invoices_client ON invoices(client_id);
CREATE INDEX invoices_issue_date ON invoices(issue_date);
CREATE INDEX invoices_credits ON invoices(credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;

CREATE TABLE invoice_lines (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    session_id     INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    service_date   TEXT NOT NULL,
    prestatiecode  TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL,
    -- Excluding VAT; negative on a credit note.
    amount_cents   INTEGER NOT NULL,
    vat_mode       TEXT NOT NULL CHECK (vat_mode IN ('vat21', 'exempt', 'kor')),
    UNIQUE (invoice_id, position)
) STRICT;

-- Which session is billed where. The primary key makes "a session is billed at most once" a database
-- rule; a credit note that puts sessions back deletes their rows here (the lines keep their copy).
CREATE TABLE billed_sessions (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX billed_sessions_invoice ON billed_sessions(invoice_id);

-- The PDF exactly as issued, so a reprint is byte-identical.
CREATE TABLE invoice_pdfs (
    invoice_id  INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,
    pdf         BLOB NOT NULL,
    sha256      TEXT NOT NULL
) STRICT;

-- Present (one row) only inside the transaction of billing::purge_expired_financial_records.
CREATE TABLE billing_purge (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    today  TEXT NOT NULL
) STRICT;

-- Once issued, an invoice changes only by: issued -> paid (with date and method), issued/paid ->
-- credited, and the foreign-key actions that set client_id or credits_invoice_id to NULL. Every
-- printed column must stay as it is.
CREATE TRIGGER invoice_issued_is_frozen BEFORE UPDATE ON invoices
WHEN OLD.status <> 'concept' AND NOT (
        NEW.kind IS OLD.kind AND NEW.number IS OLD.number AND NEW.issue_date IS OLD.issue_date
    AND NEW.due_date IS OLD.due_date AND NEW.credits_number IS OLD.credits_number
    AND NEW.credits_date IS OLD.credits_date
    AND NEW.client_number IS OLD.client_number AND NEW.client_name IS OLD.client_name
    AND NEW.client_street IS OLD.client_street AND NEW.client_postcode IS OLD.client_postcode
    AND NEW.client_city IS OLD.client_city AND NEW.client_birth_date IS OLD.client_birth_date
    AND NEW.buyer_company IS OLD.buyer_company AND NEW.buyer_kvk IS OLD.buyer_kvk
    AND NEW.buyer_btw_id IS OLD.buyer_btw_id AND NEW.buyer_reference IS OLD.buyer_reference
    AND NEW.practice_json IS OLD.practice_json
    AND NEW.net_cents IS OLD.net_cents AND NEW.vat_cents IS OLD.vat_cents AND NEW.total_cents IS OLD.total_cents
    AND NEW.created_at IS OLD.created_at AND NEW.id IS OLD.id
    AND (NEW.client_id IS OLD.client_id OR NEW.client_id IS NULL)
    AND (NEW.credits_invoice_id IS OLD.credits_invoice_id OR NEW.credits_invoice_id IS NULL)
    AND (
           (NEW.status = OLD.status AND NEW.paid_on IS OLD.paid_on AND NEW.payment_method IS OLD.payment_method)
        OR (OLD.status = 'issued' AND NEW.status = 'paid' AND NEW.paid_on IS NOT NULL)
        OR (OLD.status IN ('issued', 'paid') AND NEW.status = 'credited'
            AND NEW.paid_on IS OLD.paid_on AND NEW.payment_method IS OLD.payment_method)
    )
)
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

-- Deleting an issued invoice: only inside a purge, only after 7 years past the end of its fiscal year
-- (issued in year Y: deletable from 1 January Y+8).
CREATE TRIGGER invoice_issued_no_delete BEFORE DELETE ON invoices
WHEN OLD.status <> 'concept' AND NOT coalesce(
    CAST(substr(OLD.issue_date, 1, 4) AS INTEGER) + 8
        <= (SELECT CAST(substr(today, 1, 4) AS INTEGER) FROM billing_purge WHERE id = 1), 0)
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

-- Lines of an issued invoice: only session_id may become NULL (the session was destroyed).
CREATE TRIGGER invoice_line_issued_is_frozen BEFORE UPDATE ON invoice_lines
WHEN EXISTS (SELECT 1 FROM invoices WHERE id = OLD.invoice_id AND status <> 'concept') AND NOT (
        NEW.id IS OLD.id AND NEW.invoice_id IS OLD.invoice_id AND NEW.position IS OLD.position
    AND NEW.service_date IS OLD.service_date AND NEW.prestatiecode IS OLD.prestatiecode
    AND NEW.description IS OLD.description AND NEW.amount_cents IS OLD.amount_cents
    AND NEW.vat_mode IS OLD.vat_mode
    AND (NEW.session_id IS OLD.session_id OR NEW.session_id IS NULL)
)
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

CREATE TRIGGER invoice_line_issued_no_insert BEFORE INSERT ON invoice_lines
WHEN EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status <> 'concept')
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

-- A line goes only with its invoice: while the issued invoice still exists, its lines stay.
CREATE TRIGGER invoice_line_issued_no_delete BEFORE DELETE ON invoice_lines
WHEN EXISTS (SELECT 1 FROM invoices WHERE id = OLD.invoice_id AND status <> 'concept')
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

CREATE TRIGGER invoice_pdf_is_frozen BEFORE UPDATE ON invoice_pdfs
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;

CREATE TRIGGER invoice_pdf_no_delete BEFORE DELETE ON invoice_pdfs
WHEN EXISTS (SELECT 1 FROM invoices WHERE id = OLD.invoice_id)
BEGIN SELECT RAISE(ABORT, 'dk:invoice_issued'); END;
