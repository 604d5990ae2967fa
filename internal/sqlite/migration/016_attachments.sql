-- The files kept with an activity (alliance.Attachment): a JSON array of
-- file references with their kind and whether children can be recognised.
ALTER TABLE activities ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
