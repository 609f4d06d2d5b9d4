"""MyHeritage: `##fileformat=MyHeritage` header lines, then quoted CSV `RSID,CHROMOSOME,...`.

Older exports double every quote (`""rs4477212"",""1"",...`); quotes of either kind are dropped
from each block in one pass before parsing (a known parser's per-line string concatenation
takes 13 minutes here).
"""

from __future__ import annotations

from collections.abc import Iterator

from phr.genome.formats._header import comment_text, find, header_build
from phr.genome.formats.arraytext import ArrayDialect, read_array
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions

DIALECT = ArrayDialect(separator=",", allele_columns=1, quoted=True)


class MyHeritage:
    vendor = "MyHeritage"
    label = "MyHeritage raw data (CSV)"

    def sniff(self, head: Head) -> bool:
        return "myheritage" in comment_text(head).lower()

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        comments = comment_text(head)
        stats.header_build = header_build(find(r"##reference=(\S+)", comments) or "")
        stats.format_version = find(r"##format=(\S+)", comments)
        return read_array(head, DIALECT, options, stats)
