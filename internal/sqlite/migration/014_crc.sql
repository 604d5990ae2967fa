-- The Convention's articles an activity concerns: a JSON array of
-- alliance.Article codes ("19", "24.3", "opsc"), in the Convention's order,
-- and the same as a bit set (crc_bits: bit i = reportArticles[i] in
-- report.go), kept in the list's date index with the other report columns
-- (migration 005) so that a report counts activities by cluster from the
-- index alone.
ALTER TABLE activities ADD COLUMN crc_articles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE activities ADD COLUMN crc_bits INTEGER NOT NULL DEFAULT 0;
DROP INDEX activities_live_start;
CREATE INDEX activities_live_start ON activities
	(start_date DESC, n DESC, end_date, region_id, kind, org_id, area_bits, report_key, report_people, report_more, crc_bits)
	WHERE deleted = 0;
