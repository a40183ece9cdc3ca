-- How many refusals a receipt stands for: 1, or for a client past the endpoint's
-- limit on receipts, its refusals of one window stored as one (the last of them).
ALTER TABLE consent_receipts ADD COLUMN coalesced INTEGER NOT NULL DEFAULT 1;
