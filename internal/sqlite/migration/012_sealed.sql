-- Children's data sealed at rest (vault): each profile keeps the laptop's
-- data key wrapped by its secret. meta 'data_key' names the key once the
-- data is sealed; 'recovery_wrap' is the key wrapped for the
-- secretariat's recovery key ('recovery_for' says which).
ALTER TABLE profiles ADD COLUMN wrapped BLOB;
-- The hashes of the files a document names, in the clear (a JSON array):
-- a sealed document's backup and file sweeps still find its files.
ALTER TABLE docs ADD COLUMN files TEXT NOT NULL DEFAULT '[]';
