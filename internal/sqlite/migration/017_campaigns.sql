-- The campaigns and donor projects an activity counts for: a JSON array of
-- the campaigns' ids (the campaigns themselves are documents, in docs).
ALTER TABLE activities ADD COLUMN campaigns TEXT NOT NULL DEFAULT '[]';
