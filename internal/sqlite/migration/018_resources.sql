-- The library's resources an activity used or handed out: a JSON array of
-- {resource_id, copies} (the resources themselves are documents, in docs).
ALTER TABLE activities ADD COLUMN resources TEXT NOT NULL DEFAULT '[]';
