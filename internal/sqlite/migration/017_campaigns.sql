-- The campaigns and donor projects an activity counts for: a JSON array of
-- the campaigns' ids (the campaigns themselves are documents, in docs).
-- Kept in the list's date index with the other report columns too (nearly
-- always '[]'), so that a report counts activities by campaign from the
-- index alone.
ALTER TABLE activities ADD COLUMN campaigns TEXT NOT NULL DEFAULT '[]';
DROP INDEX activities_live_start;
CREATE INDEX activities_live_start ON activities
	(start_date DESC, n DESC, end_date, region_id, kind, org_id, area_bits, report_key, report_people, report_more, crc_bits, campaigns)
	WHERE deleted = 0;
