-- Columnar genome store (issue 14). A genome was one row per genotype in `genotype_calls`
-- (0.7 M to 5 M rows, plus two ID indexes): slow to write and large on disk. It is now a few
-- compressed column arrays per chromosome (phr/genome/columns.py explains the encoding), kept
-- as blobs in an ordinary rowid table: SQLCipher reads big blobs 3-7x faster through a rowid
-- table than through a WITHOUT ROWID one. `chrom` is the chromosome code (1..22, X=23, Y=24,
-- MT=25); 0 holds what belongs to the whole genome (genotype dictionary, allele heap, rsID
-- index, row counts).
CREATE TABLE genome_columns (
    id        INTEGER PRIMARY KEY,
    genome_id INTEGER NOT NULL REFERENCES genomes(id) ON DELETE CASCADE,
    chrom     INTEGER NOT NULL,
    part      TEXT NOT NULL,
    data      BLOB NOT NULL
);
CREATE UNIQUE INDEX genome_columns_by_part ON genome_columns (genome_id, chrom, part);

-- Discordant sites (migration 0006) keyed by place instead of by a genotype_calls key.
CREATE TABLE genotype_flags_new (
    genome_id INTEGER NOT NULL REFERENCES genomes(id) ON DELETE CASCADE,
    chrom     TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    flag      TEXT NOT NULL CHECK (flag IN ('discordant')),
    PRIMARY KEY (genome_id, chrom, pos, flag)
);
INSERT INTO genotype_flags_new (genome_id, chrom, pos, flag)
SELECT DISTINCT
    key >> 45,
    CASE (key >> 40) & 31
        WHEN 23 THEN 'X' WHEN 24 THEN 'Y' WHEN 25 THEN 'MT'
        ELSE CAST((key >> 40) & 31 AS TEXT)
    END,
    (key >> 12) & 268435455,
    flag
FROM genotype_flags
WHERE (key >> 45) IN (SELECT id FROM genomes);
DROP TABLE genotype_flags;
ALTER TABLE genotype_flags_new RENAME TO genotype_flags;

-- The rows become columns here (Python: phr.genome.columns.convert_legacy_rows reads
-- `genotype_calls` genome by genome and writes `genome_columns`), then the old shape goes.
--@step phr.genome.columns:convert_legacy_rows

DROP VIEW genotypes;
DROP TABLE genotype_calls;
