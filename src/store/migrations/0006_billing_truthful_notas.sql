-- 0006: billing, notas that tell the truth (issue 11).
--
-- 1. No default prestatiecode: `billing_settings.default_prestatiecode` is dropped. A zorgnota line
--    gets the code chosen for its service (or the session kind is itself a code); without one the
--    nota is refused at issue, naming the session.
-- 2. No assumed VAT treatment: `care_vat_mode` and `coaching_vat_mode` may be NULL, meaning "not
--    chosen yet"; a nota of that kind is refused until the practice chooses. Existing vaults: this
--    migration must not change what an existing practice's notas say, so a vault that has a settings
--    row keeps its modes as they are, and a vault without one that has issued invoices gets the
--    modes those invoices were issued with ('exempt' for care, 'vat21' for coaching, the old
--    defaults). Only a vault that never saved settings and never issued a nota starts unchosen.
-- 3. Business clients carry the company's own address (and an optional attention line); the invoice
--    copies it into its client address columns instead of the coachee's home address, and freezes the
--    attention line in the new `buyer_attention` column.

CREATE TABLE billing_settings_new (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    number_prefix      TEXT NOT NULL DEFAULT '' CHECK (length(number_prefix) <= 10),
    payment_term_days  INTEGER NOT NULL DEFAULT 14 CHECK (payment_term_days BETWEEN 0 AND 365),
    -- NULL: not chosen yet; notas of that kind are refused until it is.
    care_vat_mode      TEXT CHECK (care_vat_mode IN ('vat21', 'exempt', 'kor')),
    coaching_vat_mode  TEXT CHECK (coaching_vat_mode IN ('vat21', 'exempt', 'kor')),
    logo               BLOB,
    updated_at         TEXT NOT NULL
) STRICT;

INSERT INTO billing_settings_new (id, number_prefix, payment_term_days, care_vat_mode, coaching_vat_mode, logo, updated_at)
    SELECT id, number_prefix, payment_term_days, care_vat_mode, coaching_vat_mode, logo, updated_at FROM billing_settings;

INSERT INTO billing_settings_new (id, care_vat_mode, coaching_vat_mode, updated_at)
    SELECT 1, 'exempt', 'vat21', (SELECT max(created_at) FROM invoices)
    WHERE NOT EXISTS (SELECT 1 FROM billing_settings)
      AND EXISTS (SELECT 1 FROM invoices WHERE status <> 'concept');

DROP TABLE billing_settings;
ALTER TABLE billing_settings_new RENAME TO billing_settings;

ALTER TABLE billing_clients ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_clients ADD COLUMN house_number TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_clients ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_clients ADD COLUMN city TEXT NOT NULL DEFAULT '';
-- "t.a.v." on the invoice: a department or person at the company, as the therapist types it.
ALTER TABLE billing_clients ADD COLUMN attention TEXT NOT NULL DEFAULT '';

ALTER TABLE invoices ADD COLUMN buyer_attention TEXT NOT NULL DEFAULT '';

-- The frozen-invoice rule of migration 2, with the new printed column.
DROP TRIGGER invoice_issued_is_frozen;
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
    AND NEW.buyer_attention IS OLD.buyer_attention
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
