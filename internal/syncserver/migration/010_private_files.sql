-- 010: a file a record names may be private to the record's organisation
-- (an activity's photo in which children can be recognised, without the
-- guardians' consent to share it): no other laptop may read it, the
-- secretariat's included, unless it sent the file itself.
ALTER TABLE file_refs ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
