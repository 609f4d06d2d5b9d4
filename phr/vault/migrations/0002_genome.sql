-- Imported genomes and their genotypes. Several genomes may live in one vault; one is active.
CREATE TABLE genomes (
    id             INTEGER PRIMARY KEY,
    vendor         TEXT NOT NULL,
    format_version TEXT,
    build          TEXT NOT NULL,            -- 'GRCh36' | 'GRCh37' | 'GRCh38'
    header_build   TEXT,                     -- what the file claimed, if anything
    coverage       TEXT NOT NULL CHECK (coverage IN ('array', 'variant_only_vcf', 'gvcf')),
    sample         TEXT,
    sex            TEXT,                     -- 'female' | 'male' | NULL (unknown)
    source_name    TEXT NOT NULL,
    source_sha256  TEXT NOT NULL UNIQUE,
    imported_at    TEXT NOT NULL,            -- ISO 8601 UTC
    called         INTEGER NOT NULL DEFAULT 0,
    no_calls       INTEGER NOT NULL DEFAULT 0,
    indels         INTEGER NOT NULL DEFAULT 0,
    skipped_json   TEXT NOT NULL DEFAULT '{}', -- {"reason": count}
    warnings_json  TEXT NOT NULL DEFAULT '[]', -- ["plain-language warning", ...]
    active         INTEGER NOT NULL DEFAULT 0
);

-- One row per probed/called site, stored for fast bulk import (see phr/genome/layout.py).
-- `key` packs genome id, chromosome code (1..22, X=23, Y=24, MT=25), position and a
-- duplicate counter, so a position-sorted file appends rows in rowid order and a position
-- lookup is a rowid range: no position index to build. rsIDs `rs<N>` are kept as the integer
-- N (small index); any other ID (23andMe i-IDs...) as text in `name`.
-- `alleles` is '/'-joined, sorted, plus strand ('A/G', 'A' for a hemizygous call, 'D/I' for
-- array indel codes); NULL means no-call. `ref`/`alt` are VCF only (alt ','-joined).
CREATE TABLE genotype_calls (
    key     INTEGER PRIMARY KEY,
    rs      INTEGER,
    name    TEXT,
    ref     TEXT,
    alt     TEXT,
    alleles TEXT
);
CREATE INDEX genotype_calls_by_rs ON genotype_calls (rs) WHERE rs IS NOT NULL;
CREATE INDEX genotype_calls_by_name ON genotype_calls (name) WHERE name IS NOT NULL;

-- The readable shape of the same rows, for ad-hoc queries and tests (not used on hot paths).
CREATE VIEW genotypes AS
SELECT
    key >> 45 AS genome_id,
    CASE WHEN rs IS NOT NULL THEN 'rs' || rs ELSE name END AS rsid,
    CASE (key >> 40) & 31
        WHEN 23 THEN 'X' WHEN 24 THEN 'Y' WHEN 25 THEN 'MT'
        ELSE CAST((key >> 40) & 31 AS TEXT)
    END AS chrom,
    (key >> 12) & 268435455 AS pos,
    ref,
    alt,
    alleles
FROM genotype_calls;

-- gVCF reference blocks: every position in [start, end] was tested and is reference.
CREATE TABLE reference_blocks (
    genome_id INTEGER NOT NULL REFERENCES genomes(id) ON DELETE CASCADE,
    chrom     TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL
);
CREATE INDEX reference_blocks_by_pos ON reference_blocks (genome_id, chrom, start);
