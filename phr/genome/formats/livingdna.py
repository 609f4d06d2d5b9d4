"""LivingDNA: a `# Living DNA` comment block, then 23andMe-like tab-separated rows."""

from __future__ import annotations

from collections.abc import Iterator

from phr.genome.formats._header import comment_text, header_build
from phr.genome.formats.arraytext import ArrayDialect, read_array
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions

DIALECT = ArrayDialect(separator="\t", allele_columns=1)


class LivingDna:
    vendor = "LivingDNA"
    label = "LivingDNA raw data"

    def sniff(self, head: Head) -> bool:
        comments = comment_text(head).lower()
        return "living dna" in comments or "livingdna" in comments

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        stats.header_build = header_build(comment_text(head))
        return read_array(head, DIALECT, options, stats)
