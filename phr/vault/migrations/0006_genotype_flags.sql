-- Flags on single genotype rows (issue 13, damaged genome files). A file that lists one probe
-- twice at the same position with two different genotypes is 'discordant' there: the row is
-- stored as a no-call (alleles NULL) and flagged, so a result that reads the site can say why
-- it is missing instead of silently calling it "no-call". `key` is the genotype_calls key of
-- the kept row (it holds the genome id, so a genome's flags are one key range, deleted with
-- its rows).
CREATE TABLE genotype_flags (
    key  INTEGER PRIMARY KEY,
    flag TEXT NOT NULL CHECK (flag IN ('discordant'))
);
