-- Pages of a pull of more than one page, kept aside until the last one
-- arrives: then they are applied together in one transaction (stage.go).
-- page is the page in the compact encoding (syncproto.ContentColumns),
-- sealed when the laptop seals.
CREATE TABLE pull_stage (
	n    INTEGER PRIMARY KEY,
	page BLOB NOT NULL
);
