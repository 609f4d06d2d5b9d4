"""AncestryDNA (v1, v2): `#AncestryDNA` comments, an uncommented column line, two allele columns.

Quirks handled: CRLF; chromosome codes 23 = X, 24 = Y, 25 = the X pseudo-autosomal region (real
heterozygous calls), 26 = MT; `0 0` no-calls; Y and MT calls written as two equal alleles (stored
as one allele: one copy); probes on chromosome 0 (unplaced) skipped and counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from phr.genome.formats._header import comment_text, find, header_build
from phr.genome.formats.arraytext import ArrayDialect, read_array
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions

COLUMNS = "rsid\tchromosome\tposition\tallele1\tallele2"
DIALECT = ArrayDialect(separator="\t", allele_columns=2, two_copy_hemizygous=True)


class AncestryDna:
    vendor = "AncestryDNA"
    label = "AncestryDNA raw data (v1, v2)"

    def sniff(self, head: Head) -> bool:
        has_columns = any(line.strip().lower() == COLUMNS for line in head.lines)
        return has_columns or "#ancestrydna" in comment_text(head).lower().replace(" ", "")

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        comments = comment_text(head)
        stats.header_build = header_build(comments)
        stats.format_version = find(r"array version:\s*(\S+)", comments)
        return read_array(head, DIALECT, options, stats)
