"""Array reader benchmark: parse only, and whole import, against the `snps` library's parse.

`parse` runs the vendor reader over the file and drops the batches (sniffing, reading,
validation, evidence, counts; no vault), `import` is `import_genome` into a new vault (the
vault's creation and key derivation are done before the clock starts: unlock excluded, as
the issue's target says), `snps` is the baseline (bench extra; never a runtime dependency).
Each prints one JSON line with the wall seconds and CPU seconds of the work alone (for
`import` and `snps` the clock starts after the library's own module is imported, as in
`bench_import.py`; what the work imports lazily counts), the rows and the process's peak
RSS. `--slow` forces the block-by-block pandas path (the reader before the vectorised one)
for a before/after in one tree.

Run one mode per process, so peak RSS is its own:
    .venv/bin/python benchmarks/bench_array_parse.py parse FILE [--slow]
    .venv/bin/python benchmarks/bench_array_parse.py import FILE [--slow]
    .venv/bin/python benchmarks/bench_array_parse.py snps FILE
Files: `bench_import.write_arrays(folder, rows)` generates them (synthetic data only).
For whole-process ratios use farm-bench, e.g.
    farm-bench --vs '.venv/bin/python benchmarks/bench_array_parse.py snps F' -- \\
        .venv/bin/phr ... import F
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _parse(path: Path) -> int:
    from phr.genome.formats.base import Head, ImportStats, ReadOptions
    from phr.genome.formats.registry import sniff
    from phr.genome.model import CoverageKind
    from phr.genome.source import HEAD_BYTES, open_source

    source = open_source(path)
    head = Head(source, source.head(HEAD_BYTES))
    fmt = sniff(head)
    stats = ImportStats(vendor=fmt.vendor, coverage=CoverageKind.ARRAY)
    for _batch in fmt.read(head, ReadOptions(), stats):
        pass
    return stats.called + stats.no_calls


def _import(path: Path) -> int:
    from phr.genome.importer import import_genome
    from phr.vault import create_vault

    with tempfile.TemporaryDirectory() as folder:
        vault = create_vault(Path(folder) / "bench.phr", "bench")
        _restart_clock()  # unlock excluded
        result = import_genome(vault, path)
        vault.close()
    return result.genome.called + result.genome.no_calls


def _snps(path: Path) -> int:
    from snps import SNPs

    _restart_clock()  # as bench_import: the parse, not the import of snps and pandas
    return int(SNPs(str(path)).count)


_clock = {"wall": 0.0, "cpu": 0.0}


def _restart_clock() -> None:
    _clock["wall"], _clock["cpu"] = time.perf_counter(), time.process_time()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("parse", "import", "snps"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--slow", action="store_true", help="pandas path only (the old reader)")
    args = parser.parse_args()
    if args.slow:
        from phr.genome.formats import arraytext

        arraytext.FAST_PATH = False
    _restart_clock()
    rows = {"parse": _parse, "import": _import, "snps": _snps}[args.mode](args.file)
    wall = time.perf_counter() - _clock["wall"]
    work_cpu = round(time.process_time() - _clock["cpu"], 3)  # the work alone, imports included
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = round(usage.ru_utime + usage.ru_stime, 3)  # the whole process, start-up included
    rss = usage.ru_maxrss / 1024
    print(json.dumps({"mode": args.mode, "wall": round(wall, 3), "work_cpu": work_cpu,
                      "cpu": cpu, "rows": rows, "rss": rss}))  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
