-- 005: the figures of a report read three integers a row from an index,
-- not nine values from the wide rows. What an activity counts for is packed
-- into three virtual columns, computed by SQLite from the row (nothing to
-- keep in step by hand; in SQL << and | bind alike, hence the brackets):
--   report_key    bits 0–5 the kind's code, 6–11 the region's code,
--                 12–28 the month the activity starts (year × 12 + month − 1),
--                 29– the thematic areas (area_bits)
--   report_people girls | boys << 20 | women << 40 (each at most 1,000,000)
--   report_more   men | disabled << 20
-- They are stored only in the list's date index, which already holds the
-- period, region and organisation a report filters by: no index more to
-- keep up on every write or pulled record.
-- The codes are those of reportKinds and reportRegions in report.go
-- (position + 1; 0 for one this version does not know). A kind or region
-- added later needs a migration that redefines the columns.
ALTER TABLE activities ADD COLUMN report_key INTEGER GENERATED ALWAYS AS (
	(CASE kind
		WHEN 'training' THEN 1 WHEN 'seminar' THEN 2 WHEN 'meeting' THEN 3 WHEN 'campaign_event' THEN 4
		WHEN 'conference' THEN 5 WHEN 'exhibition' THEN 6 WHEN 'march' THEN 7 WHEN 'contest' THEN 8
		WHEN 'film' THEN 9 WHEN 'manual' THEN 10 WHEN 'research' THEN 11 WHEN 'dialogue' THEN 12
		WHEN 'un_report' THEN 13 WHEN 'other' THEN 14 ELSE 0 END)
	| (CASE region_id
		WHEN 'baku' THEN 1 WHEN 'absheron-khizi' THEN 2 WHEN 'mountainous-shirvan' THEN 3
		WHEN 'ganja-dashkasan' THEN 4 WHEN 'karabakh' THEN 5 WHEN 'gazakh-tovuz' THEN 6
		WHEN 'guba-khachmaz' THEN 7 WHEN 'lankaran-astara' THEN 8 WHEN 'central-aran' THEN 9
		WHEN 'mil-mughan' THEN 10 WHEN 'shaki-zagatala' THEN 11 WHEN 'east-zangezur' THEN 12
		WHEN 'nakhchivan' THEN 13 WHEN 'shirvan-salyan' THEN 14 ELSE 0 END << 6)
	| ((CAST(substr(start_date, 1, 4) AS INTEGER) * 12 + CAST(substr(start_date, 6, 2) AS INTEGER) - 1) << 12)
	| (area_bits << 29)) VIRTUAL;
ALTER TABLE activities ADD COLUMN report_people INTEGER GENERATED ALWAYS AS (girls | (boys << 20) | (women << 40)) VIRTUAL;
ALTER TABLE activities ADD COLUMN report_more INTEGER GENERATED ALWAYS AS (men | (disabled << 20)) VIRTUAL;
DROP INDEX activities_live_start;
CREATE INDEX activities_live_start ON activities
	(start_date DESC, n DESC, end_date, region_id, kind, org_id, area_bits, report_key, report_people, report_more) WHERE deleted = 0;
