-- 005: the figures of a report read one narrow index, not the wide rows:
-- what an activity counts for (kind, month, region, areas, people reached).
CREATE INDEX activities_live_report ON activities
	(start_date, end_date, kind, region_id, org_id, area_bits, girls, boys, women, men, disabled) WHERE deleted = 0;
