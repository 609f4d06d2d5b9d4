"""FamilyTreeDNA Family Finder: plain CSV `RSID,CHROMOSOME,POSITION,RESULT`, no comments.

Quirks handled: quoted fields; a repeated header line in the middle (files glued together) and
files made of several gzip members; build 36 in older files (only the marker positions tell).
"""

from __future__ import annotations

from collections.abc import Iterator

from phr.genome.formats._header import comment_text, first_data_line
from phr.genome.formats.arraytext import ArrayDialect, read_array
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions

COLUMNS = "rsid,chromosome,position,result"
DIALECT = ArrayDialect(separator=",", allele_columns=1, quoted=True)


class FamilyTreeDna:
    vendor = "FTDNA"
    label = "FamilyTreeDNA Family Finder (CSV)"

    def sniff(self, head: Head) -> bool:
        first = first_data_line(head).replace('"', "").lower()
        return first == COLUMNS and "myheritage" not in comment_text(head).lower()

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        return read_array(head, DIALECT, options, stats)
