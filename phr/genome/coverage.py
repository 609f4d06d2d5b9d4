"""What a variant-only VCF's silence means: evidence of coverage (CLINICAL.md rule 1).

A variant-only VCF lists the places where a person differs from the reference genome. Silence
at a place means "reference" only if the place was examined, and the file never says so.
PHR accepts two kinds of evidence and nothing else:

1. **The file is a whole genome.** Every autosome carries records at a density only a genome
   produces. Measured on the real files in `shared/data/genomes/vcf`: a Dante Labs 30x genome
   has 1,669 records per Mb on chr20 (105,006 records over 62.9 Mb) and Illumina's Platinum
   NA12878 1,572-1,691 per Mb on chr21 (GRCh38 / GRCh37; its high-confidence calls only). An
   exome lists about 20-50 thousand variants in all, under 20 per Mb; a panel or excerpt far
   fewer. The threshold, `WHOLE_GENOME_RECORDS_PER_MB` = 400 per Mb of chromosome length (about
   a quarter of what those genomes show, twenty times what an exome can reach), on all 22
   autosomes, leaves room for lower coverage and stricter callers without ever admitting an
   exome. A file of one chromosome, however dense, is partial: the rule asks for every autosome.
2. **Records lie close around the position.** Even inside a genome some regions are never
   read (dropouts, repeats, gaps in the reference). On the same files the gaps between
   neighbouring records have a median of ~235 bp and a 99th percentile of 4.6-5.2 kb; gaps
   above 10 kb are the top 0.5 %, and those are where reads are missing. So a position counts
   as examined only if a record lies within `LOCAL_WINDOW` = 5 kb on each side: the position
   then sits in a gap of at most 10 kb. Measured on random positions of those files this holds
   for 74-85 % of the chromosome; elsewhere silence stays "not tested".

gVCFs carry their own evidence (reference blocks) and arrays have none (absent = not tested).
"""

from __future__ import annotations

from collections.abc import Mapping

from phr.genome.model import CoverageKind

WHOLE_GENOME_RECORDS_PER_MB = 400
LOCAL_WINDOW = 5_000

# GRCh37 autosome lengths (bp). GRCh38 differs by under 1 % on every autosome, far less than
# the threshold's margin, so one table serves both builds.
AUTOSOME_LENGTHS: dict[str, int] = {
    "1": 249_250_621,
    "2": 243_199_373,
    "3": 198_022_430,
    "4": 191_154_276,
    "5": 180_915_260,
    "6": 171_115_067,
    "7": 159_138_663,
    "8": 146_364_022,
    "9": 141_213_431,
    "10": 135_534_747,
    "11": 135_006_516,
    "12": 133_851_895,
    "13": 115_169_878,
    "14": 107_349_540,
    "15": 102_531_392,
    "16": 90_354_753,
    "17": 81_195_210,
    "18": 78_077_248,
    "19": 59_128_983,
    "20": 63_025_520,
    "21": 48_129_895,
    "22": 51_304_566,
}


def needed_records(chrom: str) -> int:
    """Records an autosome must carry for the file to count as a whole genome."""
    return AUTOSOME_LENGTHS[chrom] * WHOLE_GENOME_RECORDS_PER_MB // 1_000_000


def dense_autosomes(records_by_chrom: Mapping[str, int]) -> list[str]:
    return [c for c in AUTOSOME_LENGTHS if records_by_chrom.get(c, 0) >= needed_records(c)]


def classify_variant_only(records_by_chrom: Mapping[str, int]) -> CoverageKind:
    """Whole genome (`VARIANT_ONLY_VCF`) only with every autosome dense; else `PARTIAL_VCF`."""
    if len(dense_autosomes(records_by_chrom)) == len(AUTOSOME_LENGTHS):
        return CoverageKind.VARIANT_ONLY_VCF
    return CoverageKind.PARTIAL_VCF
