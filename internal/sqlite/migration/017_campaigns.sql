-- The campaigns and donor projects an activity counts for: a JSON array of
-- the campaigns' ids (the campaigns themselves are documents, in docs).
-- A partial index holds the linked ones with what a report filters by, so
-- that a report counts activities by campaign without reading a row and
-- the list's date index stays as small as it was.
ALTER TABLE activities ADD COLUMN campaigns TEXT NOT NULL DEFAULT '[]';
CREATE INDEX activities_campaigns ON activities (start_date, end_date, org_id, region_id, campaigns)
	WHERE deleted = 0 AND campaigns != '[]';
