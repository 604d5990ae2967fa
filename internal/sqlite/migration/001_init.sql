-- 001: the first schema: the laptop's identity, regions, organisations, the
-- activity log with its full-text index, the outbox, settings and drafts.

-- The device id and the last HLC stamp.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- The 14 economic regions: shared reference data, the same ids everywhere.
CREATE TABLE regions (
	id      TEXT PRIMARY KEY,
	name_az TEXT NOT NULL,
	name_ru TEXT NOT NULL,
	name_en TEXT NOT NULL,
	sort    INTEGER NOT NULL
);

INSERT INTO regions (id, name_az, name_ru, name_en, sort) VALUES
	('baku',                'Bakı',             'Баку',               'Baku',                1),
	('absheron-khizi',      'Abşeron-Xızı',     'Абшерон-Хызы',       'Absheron-Khizi',      2),
	('mountainous-shirvan', 'Dağlıq Şirvan',    'Нагорный Ширван',    'Mountainous Shirvan', 3),
	('ganja-dashkasan',     'Gəncə-Daşkəsən',   'Гянджа-Дашкесан',    'Ganja-Dashkasan',     4),
	('karabakh',            'Qarabağ',          'Карабах',            'Karabakh',            5),
	('gazakh-tovuz',        'Qazax-Tovuz',      'Газах-Товуз',        'Gazakh-Tovuz',        6),
	('guba-khachmaz',       'Quba-Xaçmaz',      'Губа-Хачмаз',        'Guba-Khachmaz',       7),
	('lankaran-astara',     'Lənkəran-Astara',  'Ленкорань-Астара',   'Lankaran-Astara',     8),
	('central-aran',        'Mərkəzi Aran',     'Центральный Аран',   'Central Aran',        9),
	('mil-mughan',          'Mil-Muğan',        'Миль-Муган',         'Mil-Mughan',          10),
	('shaki-zagatala',      'Şəki-Zaqatala',    'Шеки-Загатала',      'Shaki-Zagatala',      11),
	('east-zangezur',       'Şərqi Zəngəzur',   'Восточный Зангезур', 'East Zangezur',       12),
	('nakhchivan',          'Naxçıvan',         'Нахчыван',           'Nakhchivan',          13),
	('shirvan-salyan',      'Şirvan-Salyan',    'Ширван-Сальян',      'Shirvan-Salyan',      14);

-- Member organisations and the secretariat. stamps holds the HLC stamp of
-- every field as a JSON object; deleted = 1 is a tombstone.
CREATE TABLE organisations (
	n           INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	region_id   TEXT NOT NULL REFERENCES regions (id),
	secretariat INTEGER NOT NULL DEFAULT 0,
	deleted     INTEGER NOT NULL DEFAULT 0,
	stamps      TEXT NOT NULL DEFAULT '{}',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

-- The activity log. n is a stable integer key for the full-text index;
-- id is the UUIDv7 that travels. areas and audiences are JSON arrays of
-- codes; area_bits is the same areas as a bit set (bit i = alliance.Areas[i])
-- so that an index can filter by area. title_key is the Azerbaijani
-- collation key of the title. area_bits and title_key are derived, local.
CREATE TABLE activities (
	n           INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	org_id      TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	title       TEXT NOT NULL,
	title_key   BLOB NOT NULL,
	start_date  TEXT NOT NULL,
	end_date    TEXT NOT NULL,
	region_id   TEXT NOT NULL REFERENCES regions (id),
	settlement  TEXT NOT NULL DEFAULT '',
	areas       TEXT NOT NULL DEFAULT '[]',
	area_bits   INTEGER NOT NULL DEFAULT 0,
	audiences   TEXT NOT NULL DEFAULT '[]',
	girls       INTEGER NOT NULL DEFAULT 0,
	boys        INTEGER NOT NULL DEFAULT 0,
	women       INTEGER NOT NULL DEFAULT 0,
	men         INTEGER NOT NULL DEFAULT 0,
	disabled    INTEGER NOT NULL DEFAULT 0,
	partners    TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	results     TEXT NOT NULL DEFAULT '',
	follow_up   TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL DEFAULT '',
	deleted     INTEGER NOT NULL DEFAULT 0,
	stamps      TEXT NOT NULL DEFAULT '{}',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);

-- The list reads live activities only: every index is partial, and each
-- carries the filter columns, so that counting and paging scan an index in
-- the list's order and never read the wide rows. Region, the filter staff
-- use most, has its own; one per filter would make every insert, and a
-- first sync, slower for counts that take milliseconds anyway.
CREATE INDEX activities_live_start ON activities
	(start_date DESC, n DESC, end_date, region_id, kind, org_id, area_bits) WHERE deleted = 0;
CREATE INDEX activities_live_title ON activities
	(title_key, n, start_date, end_date, region_id, kind, org_id, area_bits) WHERE deleted = 0;
CREATE INDEX activities_live_changed ON activities
	(updated_at DESC, n DESC, start_date, end_date, region_id, kind, org_id, area_bits) WHERE deleted = 0;
CREATE INDEX activities_live_region ON activities
	(region_id, start_date DESC, n DESC, end_date, kind, org_id, area_bits) WHERE deleted = 0;

-- Full-text index over the folded text of live activities. The text is
-- folded in Go (ə→e, ı→i, ş→s…) so that "seki" finds "Şəki". The rowid is
-- (days since 1970 of start_date) << 32 | n: doclists run in date order,
-- so the newest matches of even a very common word come first, without
-- reading the others. detail=none and the prefix indexes keep typed-as-
-- you-go prefix searches fast; queries are single words, never phrases.
CREATE VIRTUAL TABLE activity_fts USING fts5 (
	body,
	content = '',
	contentless_delete = 1,
	detail = none,
	prefix = '2 3 4 5 6 7 8',
	tokenize = 'unicode61 remove_diacritics 0'
);
-- Merge 8 segments at a time (not 4): less rewriting when pages of pulled
-- records arrive, searches as fast.
INSERT INTO activity_fts (activity_fts, rank) VALUES ('automerge', 8);

-- Changes waiting to be pushed to the secretariat, in the order made.
-- seq is the device's sequence number; fields is a JSON object.
CREATE TABLE outbox (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	org_id     TEXT NOT NULL DEFAULT '',
	op         TEXT NOT NULL,
	hlc        TEXT NOT NULL,
	fields     TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- The laptop's own preferences; never synced.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Drafts of forms closed (or crashed) before saving; never synced.
CREATE TABLE drafts (
	key      TEXT PRIMARY KEY,
	data     BLOB NOT NULL,
	saved_at TEXT NOT NULL
);
