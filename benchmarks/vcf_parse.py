"""Parse-only timing of one VCF: the reader's batches, no vault (the store write is timed by
`bench_import.py`). For `farm-bench`, which times the whole process from outside:

    farm-bench --vs "bcftools query -f '...' FILE" -- .venv/bin/python benchmarks/vcf_parse.py FILE
    .venv/bin/python benchmarks/vcf_parse.py FILE --htslib   # every record through cyvcf2

Prints records kept and peak RSS on one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from phr.genome.formats.base import Head, ImportStats, ReadOptions
from phr.genome.formats.vcf import Vcf
from phr.genome.model import CoverageKind
from phr.genome.source import HEAD_BYTES, open_source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--htslib", action="store_true", help="the per-record cyvcf2 path")
    args = parser.parse_args()
    start = time.perf_counter()
    source = open_source(Path(args.file))
    head = Head(source, source.head(HEAD_BYTES))
    stats = ImportStats(vendor="VCF", coverage=CoverageKind.VARIANT_ONLY_VCF)
    reader = Vcf()
    batches = (
        reader._read_htslib(source, head, ReadOptions(), stats)
        if args.htslib
        else reader.read(head, ReadOptions(), stats)
    )
    rows = sum(len(b.sites) for b in batches if b.sites is not None)
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "rows": rows, "rss": rss, "called": stats.called}))


if __name__ == "__main__":
    main()
