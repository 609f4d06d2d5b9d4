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

-- One row per probed/called site. `alleles` is '/'-joined, sorted, plus strand
-- ('A/G', 'A' for a hemizygous call, 'D/I' for array indel codes); NULL means no-call.
CREATE TABLE genotypes (
    genome_id INTEGER NOT NULL REFERENCES genomes(id) ON DELETE CASCADE,
    rsid      TEXT,
    chrom     TEXT NOT NULL,                 -- '1'..'22', 'X', 'Y', 'MT'
    pos       INTEGER NOT NULL,              -- 1-based, in the genome's build
    ref       TEXT,                          -- VCF only
    alt       TEXT,                          -- VCF only, ','-joined
    alleles   TEXT
);
CREATE INDEX genotypes_by_pos ON genotypes (genome_id, chrom, pos);
CREATE INDEX genotypes_by_rsid ON genotypes (genome_id, rsid) WHERE rsid IS NOT NULL;

-- gVCF reference blocks: every position in [start, end] was tested and is reference.
CREATE TABLE reference_blocks (
    genome_id INTEGER NOT NULL REFERENCES genomes(id) ON DELETE CASCADE,
    chrom     TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL
);
CREATE INDEX reference_blocks_by_pos ON reference_blocks (genome_id, chrom, start);
