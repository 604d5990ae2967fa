-- Sync by file: the server's own key pair that laptops encrypt their
-- bundles for (meta 'bundle_identity', made at first open), and when each
-- laptop last synced by a bundle.
ALTER TABLE devices ADD COLUMN last_bundle_at TEXT;
