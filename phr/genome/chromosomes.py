"""Chromosome lengths of the human reference builds, for refusing impossible positions.

A position past the end of its chromosome is not data: it is a damaged or hostile row. Every
reader drops such rows (counted), and the storage layer refuses to pack one into a row key
(`layout.site_of` / `layout.pack_sites`) rather than let it spill into the chromosome bits.
Lengths from the assembly reports (NCBI36 / hg18, GRCh37.p13, GRCh38.p14); some NCBI36
chromosomes are the longest of the three (chr3, chr4, chr19). hg19's chrM is 16,571 bp (the
rCRS is 16,569).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from phr.genome.model import CHROMOSOMES

if TYPE_CHECKING:
    import numpy as np

    MAX_LENGTH_BY_CODE: np.ndarray

GRCH37_LENGTHS: dict[str, int] = {
    "1": 249_250_621, "2": 243_199_373, "3": 198_022_430, "4": 191_154_276,
    "5": 180_915_260, "6": 171_115_067, "7": 159_138_663, "8": 146_364_022,
    "9": 141_213_431, "10": 135_534_747, "11": 135_006_516, "12": 133_851_895,
    "13": 115_169_878, "14": 107_349_540, "15": 102_531_392, "16": 90_354_753,
    "17": 81_195_210, "18": 78_077_248, "19": 59_128_983, "20": 63_025_520,
    "21": 48_129_895, "22": 51_304_566, "X": 155_270_560, "Y": 59_373_566, "MT": 16_571,
}  # fmt: skip
GRCH38_LENGTHS: dict[str, int] = {
    "1": 248_956_422, "2": 242_193_529, "3": 198_295_559, "4": 190_214_555,
    "5": 181_538_259, "6": 170_805_979, "7": 159_345_973, "8": 145_138_636,
    "9": 138_394_717, "10": 133_797_422, "11": 135_086_622, "12": 133_275_309,
    "13": 114_364_328, "14": 107_043_718, "15": 101_991_189, "16": 90_338_345,
    "17": 83_257_441, "18": 80_373_285, "19": 58_617_616, "20": 64_444_167,
    "21": 46_709_983, "22": 50_818_468, "X": 156_040_895, "Y": 57_227_415, "MT": 16_569,
}  # fmt: skip

NCBI36_LENGTHS: dict[str, int] = {
    "1": 247_249_719, "2": 242_951_149, "3": 199_501_827, "4": 191_273_063,
    "5": 180_857_866, "6": 170_899_992, "7": 158_821_424, "8": 146_274_826,
    "9": 140_273_252, "10": 135_374_737, "11": 134_452_384, "12": 132_349_534,
    "13": 114_142_980, "14": 106_368_585, "15": 100_338_915, "16": 88_827_254,
    "17": 78_774_742, "18": 76_117_153, "19": 63_811_651, "20": 62_435_964,
    "21": 46_944_323, "22": 49_691_432, "X": 154_913_754, "Y": 57_772_954, "MT": 16_571,
}  # fmt: skip

# The longest a chromosome is in any build PHR reads: the bound every position must meet
# before the build is known.
MAX_LENGTH: dict[str, int] = {
    c: max(NCBI36_LENGTHS[c], GRCH37_LENGTHS[c], GRCH38_LENGTHS[c]) for c in CHROMOSOMES
}


@cache
def _max_length_by_code() -> np.ndarray:
    import numpy as np

    return np.array([0, *(MAX_LENGTH[c] for c in CHROMOSOMES)], dtype=np.int64)


def __getattr__(name: str) -> Any:
    """`MAX_LENGTH_BY_CODE`, indexed by chromosome code (1..25, see layout.CHROM_CODE), 0 for
    "no such chromosome". Built on first use: numpy costs 0.1 s to import, and commands that
    only read the vault (`phr pgx`, `phr notes`) never need it."""
    if name == "MAX_LENGTH_BY_CODE":
        return _max_length_by_code()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
