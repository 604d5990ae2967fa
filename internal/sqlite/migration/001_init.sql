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
-- codes; title_key is the Azerbaijani collation key of the title.
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

CREATE INDEX activities_start ON activities (deleted, start_date DESC, n DESC);
CREATE INDEX activities_title ON activities (deleted, title_key, n);
CREATE INDEX activities_updated ON activities (deleted, updated_at DESC, n DESC);
CREATE INDEX activities_region ON activities (region_id, start_date DESC);
CREATE INDEX activities_kind ON activities (kind, start_date DESC);
CREATE INDEX activities_org ON activities (org_id, start_date DESC);

-- Full-text index over the folded text of live activities (rowid = n).
-- The text is folded in Go (ə→e, ı→i, ş→s…) so that "seki" finds "Şəki".
CREATE VIRTUAL TABLE activity_fts USING fts5 (
	body,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

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
