-- Where the visitor was and the rule that applied: the region the layer read (`DE`,
-- `US-CA`; NULL when unknown) and the regime (`consent`, `consent_uk`, `opt_out`,
-- `none`; NULL only in receipts stored before regimes existed).
ALTER TABLE consent_receipts ADD COLUMN region TEXT;
ALTER TABLE consent_receipts ADD COLUMN regime TEXT;
