-- An organisation's profile for the member directory (alliance.OrgProfile):
-- a JSON object of its wire fields (name_ru, regions, email, joined…),
-- written by its member or the secretariat and shared with every laptop.
ALTER TABLE organisations ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
