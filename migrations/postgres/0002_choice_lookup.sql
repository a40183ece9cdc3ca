-- The visitor's receipt (the preferences page, `GET {endpoint}/receipt`) is found by
-- consent id and choice time: one index search, whatever the length of the consent id's
-- history. `receipt_id` last, so that the latest match is read first.
CREATE INDEX consent_receipts_by_choice ON consent_receipts (consent_id, occurred_at, receipt_id);
