"""Genome storage benchmark: vault growth per genome and 5,000 look-ups, cold and warm.

Uses the synthetic files of `bench_import.py` (same cache folder, generated once): the 23andMe
layout at 1x and 4x (175k and 700k rows) and the single-sample VCF.gz at 1x and 4x (1.15M and
4.6M records). For each, one child process imports the file into a new vault and reports how
much the vault file grew; then two children each open that vault afresh (nothing of the
genome loaded: "cold", as right after unlock) and time 5,000 look-ups, one through
`GenotypeReader.at_many` (what `phr lookup` and the genome page use), one through
`GenotypeReader.at` query by query (what the rules engine does): "cold" is the first pass,
which loads whatever the store needs, "warm" the best of three more passes. The modules the
look-ups need (numpy, the column store) are imported before the clock starts, as they are
in the app by then; their import time is printed apart. Wall and CPU milliseconds are both
printed: on a shared machine the CPU figure is the steadier one. Arrays are asked by rsID,
VCFs by position (half listed positions, half silent ones, so the coverage rule is exercised
too).

Run: `.venv/bin/python benchmarks/bench_lookup.py [--quick] [--no-vcf] [--cache DIR]`.
Synthetic data only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import ARRAY_ROWS, VCF_SIZES, write_arrays, write_vcf

LOOKUPS = 5_000

CHILD_IMPORT = """
import json, os, resource, sys, time
from pathlib import Path
from phr.vault import create_vault
from phr.genome.importer import import_genome
vault_path = Path(sys.argv[2])
vault = create_vault(vault_path, "bench")
vault.close()
empty = os.path.getsize(vault_path)
from phr.vault import open_vault
vault = open_vault(vault_path, "bench")
start = time.perf_counter()
result = import_genome(vault, sys.argv[1])
wall = time.perf_counter() - start
vault.close()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "rows": result.genome.called + result.genome.no_calls,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "growth": (os.path.getsize(vault_path) - empty) / 1e6,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_LOOKUP = """
import json, sys, time
from phr.vault import open_vault
from phr.genome.store import GenotypeReader, active_genome
queries = json.loads(sys.argv[2])
vault = open_vault(sys.argv[1], "bench")
genome = active_genome(vault)
start = time.perf_counter()
import numpy, phr.genome.columns  # what the first genome read imports
modules_ms = (time.perf_counter() - start) * 1000
walls, cpus = [], []
for _ in range(4):
    start, cpu = time.perf_counter(), time.process_time()
    reader = GenotypeReader(vault, genome)
    if sys.argv[3] == "many":
        answers = [a.status for a in reader.at_many(queries)]
    else:
        answers = [reader.at(q).status for q in queries]
    walls.append((time.perf_counter() - start) * 1000)
    cpus.append((time.process_time() - cpu) * 1000)
print(json.dumps({"cold_ms": walls[0], "cold_cpu_ms": cpus[0], "warm_ms": min(walls[1:]),
                  "warm_cpu_ms": min(cpus[1:]), "modules_ms": modules_ms,
                  "found": sum(1 for a in answers if a in ("called", "no_call"))}))
"""


def _array_queries(path: Path) -> list[str]:
    """Every 5,000th-fraction rsID of the file plus a few it does not hold."""
    ids = [
        line.split("\t", 1)[0]
        for line in path.read_text().splitlines()
        if line.startswith("rs") or line.startswith("i")
    ]
    step = max(1, len(ids) // (LOOKUPS - 100))
    picked = ids[::step][: LOOKUPS - 100]
    return picked + [f"rs{9_000_000_000 + n}" for n in range(LOOKUPS - len(picked))]


CANONICAL = {*(str(n) for n in range(1, 23)), "X", "Y", "M", "MT"}


def _vcf_queries(path: Path) -> list[str]:
    import gzip

    places: list[str] = []
    with gzip.open(path, "rt") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            chrom, pos = line.split("\t", 2)[:2]
            chrom = chrom.removeprefix("chr")
            if chrom in CANONICAL:  # the generator also writes unplaced contigs PHR skips
                places.append(f"{chrom}:{pos}")
    step = max(1, len(places) // (LOOKUPS // 2))
    listed = places[::step][: LOOKUPS // 2]
    silent = [f"{p.split(':')[0]}:{int(p.split(':')[1]) + 1}" for p in listed]
    return listed + silent[: LOOKUPS - len(listed)]


def _run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(label: str, path: Path, queries: list[str], folder: Path) -> None:
    vault = folder / f"lookup-{path.name}.phr"
    vault.unlink(missing_ok=True)
    imported = _run(CHILD_IMPORT, str(path), str(vault))
    print(
        f"{label:<12} {imported['rows']:>10,.0f} rows  import {imported['wall']:6.2f} s "
        f"(process cpu {imported['cpu']:5.1f} s)  "
        f"peak {imported['rss']:5.0f} MB  vault +{imported['growth']:6.1f} MB"
    )
    for way in ("many", "one"):
        looked = _run(CHILD_LOOKUP, str(vault), json.dumps(queries), way)
        print(
            f"{'':<12} {LOOKUPS:,} look-ups {'at_many' if way == 'many' else 'at each':<8}"
            f" cold {looked['cold_ms']:6.1f} ms (cpu {looked['cold_cpu_ms']:6.1f})"
            f"  warm {looked['warm_ms']:6.1f} ms (cpu {looked['warm_cpu_ms']:5.1f})"
            f"  ({looked['found']:,.0f} found; numpy + store imported before: "
            f"{looked['modules_ms']:.0f} ms)"
        )
    vault.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="sizes / 10")
    parser.add_argument("--no-vcf", action="store_true")
    parser.add_argument("--cache", default="/tmp/phr-bench-genomes")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    folder = Path(args.cache)
    folder.mkdir(parents=True, exist_ok=True)
    for size, label in ((4, "23andMe 1x"), (1, "23andMe 4x")):
        path = write_arrays(folder, ARRAY_ROWS // size // scale)["23andme"]
        measure(label, path, _array_queries(path), folder)
    if args.no_vcf:
        return
    for size, label in ((4, "VCF 1x"), (1, "VCF 4x")):
        path = write_vcf(folder, VCF_SIZES[-1] // size // scale)
        measure(label, path, _vcf_queries(path), folder)


if __name__ == "__main__":
    main()
