-- The person's medication list and lifestyle log entries.
CREATE TABLE medications (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,               -- as the person typed it
    generic     TEXT,                        -- matched generic name, NULL if unknown
    dose        TEXT,                        -- '75', '1-2', as typed without the unit
    unit        TEXT,                        -- 'mg', 'mcg', 'tablet', ...
    frequency   TEXT,                        -- free text: 'once a day', 'as needed'
    started_on  TEXT,                        -- ISO date
    stopped_on  TEXT,                        -- ISO date; NULL while taken
    reason      TEXT,
    created_at  TEXT NOT NULL,
    CHECK (stopped_on IS NULL OR started_on IS NULL OR stopped_on >= started_on)
);

-- One measurement. Times are stored as the UTC instant plus the offset where it was recorded,
-- so days are bucketed by the wall-clock date the person lived (see phr/lifestyle/entries.py).
CREATE TABLE log_entries (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,                -- phr.lifestyle.kinds.KINDS
    at_utc     TEXT NOT NULL,                -- 'YYYY-MM-DDTHH:MM:SSZ'
    tz_offset  INTEGER NOT NULL,             -- minutes east of UTC where it was recorded
    value      REAL,                         -- canonical unit; NULL only for smoking status
    value2     REAL,                         -- diastolic for blood pressure
    status     TEXT,                         -- smoking: 'current' | 'former' | 'never'
    unit       TEXT NOT NULL,                -- canonical unit
    source     TEXT NOT NULL,                -- 'manual' | 'csv' | 'apple_health:<source name>'
    note       TEXT,
    dedupe_key INTEGER,                      -- 64-bit hash of an imported record; NULL if manual
    CHECK (value IS NOT NULL OR kind = 'smoking')
);
-- The only index: reads by kind and time, and re-import dedupe. The key hashes the record's type
-- and start time, so equal keys always share (kind, at_utc) and this is as strict as a UNIQUE
-- dedupe_key, while imports (time-sorted per type) append near the end of each kind's range
-- instead of scattering random hashes over a second index (measured: see benchmarks/).
-- NULL keys (manual entries) never conflict. Merged sleep nights are matched in Python.
CREATE UNIQUE INDEX log_entries_by_kind ON log_entries (kind, at_utc, dedupe_key);
