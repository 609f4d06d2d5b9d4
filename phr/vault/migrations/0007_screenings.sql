-- Screening history (issue 17): what the person had done and when, read by the prevention plan
-- to decide "up to date" or "due". One row per test; the same test on the same day is one row.
CREATE TABLE screenings (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,               -- phr.prevention.screening.SCREENING_KINDS
    done_on     TEXT NOT NULL,               -- ISO date 'YYYY-MM-DD'
    note        TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (kind, done_on)
);
