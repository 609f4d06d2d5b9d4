"""23andMe raw data (v2-v5): `#` comment block, then `# rsid chromosome position genotype`.

Quirks handled: CRLF; `i`-IDs (internal probes) kept as they are; several IDs at one position
all kept; `--` no-calls; indel codes `I`/`D`/`II`/`DD`/`DI` (stored as 'I', 'D/I', ...; the
indel position is one base after the VCF anchor, so PGx indels are matched by rsID); single
letters for hemizygous X/Y/MT calls. The header's "build 37" is only a claim: the build is
checked against marker positions (2011 files are on build 36; some re-exports are on 38).
"""

from __future__ import annotations

from collections.abc import Iterator

from phr.genome.formats._header import comment_text, header_build
from phr.genome.formats.arraytext import ArrayDialect, read_array
from phr.genome.formats.base import Batch, Head, ImportStats, ReadOptions

COLUMNS = "rsid\tchromosome\tposition\tgenotype"
DIALECT = ArrayDialect(separator="\t", allele_columns=1)


class TwentyThreeAndMe:
    vendor = "23andMe"
    label = "23andMe raw data (v2-v5)"

    def sniff(self, head: Head) -> bool:
        comments = comment_text(head)
        has_columns = any(line.lstrip("# ").lower() == COLUMNS for line in head.lines)
        return has_columns and "23andme" in comments.lower()

    def read(self, head: Head, options: ReadOptions, stats: ImportStats) -> Iterator[Batch]:
        stats.header_build = header_build(comment_text(head))
        return read_array(head, DIALECT, options, stats)
