-- Coverage evidence (CLINICAL.md rule 1): a variant-only VCF's silence is evidence only when
-- the file is demonstrably a whole genome. Adds the 'partial_vcf' kind (exome, panel, excerpt)
-- and re-classifies every variant-only VCF already in the vault with the rule of
-- phr/genome/coverage.py: 'variant_only_vcf' (whole genome) needs, on each of the 22 autosomes,
-- at least 400 records per Mb of chromosome length (the counts below); anything else becomes
-- 'partial_vcf', where silence means not tested. tests/vault/test_migrations.py checks that
-- this agrees with coverage.classify_variant_only.
CREATE TABLE genomes_new (
    id             INTEGER PRIMARY KEY,
    vendor         TEXT NOT NULL,
    format_version TEXT,
    build          TEXT NOT NULL,
    header_build   TEXT,
    coverage       TEXT NOT NULL
                   CHECK (coverage IN ('array', 'variant_only_vcf', 'partial_vcf', 'gvcf')),
    sample         TEXT,
    sex            TEXT,                     -- suggested by the data only; the profile decides
    source_name    TEXT NOT NULL,
    source_sha256  TEXT NOT NULL UNIQUE,
    imported_at    TEXT NOT NULL,
    called         INTEGER NOT NULL DEFAULT 0,
    no_calls       INTEGER NOT NULL DEFAULT 0,
    indels         INTEGER NOT NULL DEFAULT 0,
    skipped_json   TEXT NOT NULL DEFAULT '{}',
    warnings_json  TEXT NOT NULL DEFAULT '[]',
    active         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO genomes_new SELECT
    id, vendor, format_version, build, header_build, coverage, sample, sex, source_name,
    source_sha256, imported_at, called, no_calls, indels, skipped_json, warnings_json, active
FROM genomes;
DROP TABLE genomes;
ALTER TABLE genomes_new RENAME TO genomes;

CREATE TEMP TABLE autosome_need (code INTEGER PRIMARY KEY, need INTEGER NOT NULL);
INSERT INTO autosome_need (code, need) VALUES
    (1, 99700),
    (2, 97279),
    (3, 79208),
    (4, 76461),
    (5, 72366),
    (6, 68446),
    (7, 63655),
    (8, 58545),
    (9, 56485),
    (10, 54213),
    (11, 54002),
    (12, 53540),
    (13, 46067),
    (14, 42939),
    (15, 41012),
    (16, 36141),
    (17, 32478),
    (18, 31230),
    (19, 23651),
    (20, 25210),
    (21, 19251),
    (22, 20521);

UPDATE genomes SET coverage = 'partial_vcf'
WHERE coverage = 'variant_only_vcf'
  AND (
    SELECT count(*) FROM autosome_need AS a
    WHERE (
        SELECT count(*) FROM genotype_calls
        WHERE key BETWEEN (genomes.id << 45) | (a.code << 40)
                      AND (genomes.id << 45) | ((a.code + 1) << 40) - 1
    ) >= a.need
  ) < 22;
DROP TABLE autosome_need;

-- The import warning written before this version promised "probably the reference" for every
-- variant-only VCF; say what now holds for each kind.
UPDATE genomes SET warnings_json = replace(
    warnings_json,
    'This VCF lists only the places where you differ from the reference. A place it does not list was probably the reference, but the file does not prove it.',
    CASE coverage
        WHEN 'partial_vcf' THEN 'This file covers only part of the genome (an exome, a panel or an excerpt): PHR can only read the positions it lists. Anything else counts as not tested, never as normal.'
        ELSE 'This VCF lists only the places where you differ from the reference, across the whole genome. Where it is silent close to places it lists, PHR reads the reference and says so; anywhere else a place it does not list counts as not tested.'
    END
);
