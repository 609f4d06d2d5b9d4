-- Results from clinical pharmacogenomic tests (issue 16): what a laboratory reported for one
-- gene. A result outranks the genome file's call for that gene when PHR interprets; the
-- latest result per gene (by test date, then id) is the one read.
CREATE TABLE clinical_results (
    id              INTEGER PRIMARY KEY,
    gene            TEXT NOT NULL,              -- a gene of the bundled rule set
    diplotype       TEXT,                       -- '*2/*2', alleles the gene defines
    phenotype       TEXT,                       -- one the gene's phenotype table can give
    allele          TEXT,                       -- one allele tested for alone (HLA style)
    allele_present  INTEGER,                    -- 1 present, 0 absent; NULL without allele
    lab             TEXT NOT NULL,
    tested_on       TEXT NOT NULL,              -- ISO date 'YYYY-MM-DD'
    created_at      TEXT NOT NULL,
    CHECK (diplotype IS NOT NULL OR phenotype IS NOT NULL OR allele IS NOT NULL),
    CHECK ((allele IS NULL) = (allele_present IS NULL))
);
