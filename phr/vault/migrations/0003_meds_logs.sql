-- The person's medication list and lifestyle log entries.
CREATE TABLE medications (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,               -- as the person typed it
    generic     TEXT,                        -- matched generic name, NULL if unknown
    dose        TEXT,
    unit        TEXT,
    frequency   TEXT,
    started_on  TEXT,                        -- ISO date
    stopped_on  TEXT,                        -- ISO date; NULL while taken
    reason      TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE log_entries (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    at_utc     TEXT NOT NULL,                -- ISO 8601 UTC instant
    tz_offset  INTEGER NOT NULL,             -- minutes east of UTC where it was recorded
    value      REAL NOT NULL,                -- canonical unit
    value2     REAL,                         -- diastolic for blood pressure
    unit       TEXT NOT NULL,                -- canonical unit
    source     TEXT NOT NULL,                -- 'manual' | 'csv' | 'apple_health:<device>'
    note       TEXT,
    dedupe_key TEXT UNIQUE                   -- stops re-imports from adding rows twice
);
CREATE INDEX log_entries_by_kind ON log_entries (kind, at_utc);
