-- Consent receipts (tower-cookie-consent, receipt schema version 1). `granted` and
-- `refused` are category ids separated by single spaces.
CREATE TABLE consent_notices (
    notice_hash     TEXT PRIMARY KEY,
    policy_revision BIGINT NOT NULL,
    language        TEXT NOT NULL,
    text            TEXT NOT NULL
);

CREATE TABLE consent_receipts (
    receipt_id      UUID PRIMARY KEY,
    consent_id      TEXT NOT NULL,
    event           TEXT NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    granted         TEXT NOT NULL,
    refused         TEXT NOT NULL,
    policy_revision BIGINT NOT NULL,
    notice_hash     TEXT NOT NULL REFERENCES consent_notices (notice_hash),
    language        TEXT NOT NULL,
    method          TEXT NOT NULL,
    path            TEXT,
    expires_at      TIMESTAMPTZ NOT NULL,
    schema_version  BIGINT NOT NULL,
    user_agent      TEXT,
    client_address  TEXT
);

CREATE INDEX consent_receipts_by_consent ON consent_receipts (consent_id, receipt_id);
CREATE INDEX consent_receipts_by_time ON consent_receipts (occurred_at);
