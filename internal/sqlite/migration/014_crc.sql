-- The Convention's articles an activity concerns: a JSON array of
-- alliance.Article codes ("19", "24.3", "opsc"), in the Convention's order.
ALTER TABLE activities ADD COLUMN crc_articles TEXT NOT NULL DEFAULT '[]';
