"""Interpretation of every rule on a ~700k-variant chip genome, after unlock.

Run: `make bench` or `.venv/bin/python benchmarks/bench_interpret.py [--rows N]`.
The genome is synthetic (random rsIDs and positions plus every rule-set variant, with a few
no-calls and absent positions), written with `store_genome` into a temp vault that is removed
afterwards. Target: interpret() < 50 ms with the rule set already loaded (it is cached per
process); the first call, which also parses and validates the rule files, is reported apart.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from phr.genome.chromosomes import GRCH37_LENGTHS
from phr.genome.model import Build, CoverageKind
from phr.genome.store import GenotypeRow, NewGenome, store_genome
from phr.lifestyle.facts import LifestyleFacts
from phr.meds.model import CurrentMedication
from phr.rules import interpret
from phr.rules.optins import set_optin
from phr.rules.ruleset import forget_loaded_rule_set, load_rule_set
from phr.vault import create_vault, open_vault

PASS = "benchmark passphrase"
TARGET_MS = 50.0  # issue 14: every rule interpreted in < 50 ms after warm-up


def _rule_rows(rng: random.Random) -> list[GenotypeRow]:
    rows: list[GenotypeRow] = []
    for gene in load_rule_set().genes.values():
        for variant in gene.variants:
            if rng.random() < 0.05:
                continue  # absent from the chip: not tested
            tokens = sorted(set().union(*(a.bases[variant.rsid] for a in gene.alleles)))
            pair = [rng.choice(tokens), rng.choice(tokens)]
            place = variant.position(Build.GRCH37)
            length = min(10**8, GRCH37_LENGTHS[variant.chrom])
            pos = place.pos if place.pos is not None else rng.randrange(1, length)
            if variant.indel is not None:
                codes = {t: c for c, t in variant.indel.array.items()}
                alleles = "/".join(sorted(codes[t] for t in pair))
                pos += 1
            else:
                alleles = "/".join(sorted(pair))
            if rng.random() < 0.03:
                alleles = None  # no-call
            rows.append((variant.rsid, variant.chrom, pos, None, None, alleles))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=700_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(7)
    bases = "ACGT"
    chroms = [str(n) for n in range(1, 23)] + ["X"]
    places = [(c, GRCH37_LENGTHS[c]) for c in (rng.choice(chroms) for _ in range(args.rows))]
    rows: list[GenotypeRow] = [
        (
            f"rs{rng.randrange(1, 10**9)}",
            chrom,
            rng.randrange(1, length),
            None,
            None,
            "/".join(sorted(rng.choice(bases) + rng.choice(bases))),
        )
        for chrom, length in places
    ]
    rows += _rule_rows(rng)
    genome = NewGenome(
        vendor="23andme",
        build=Build.GRCH37,
        coverage=CoverageKind.ARRAY,
        source_name="synthetic",
        source_sha256="bench",
        sex="female",
        called=len(rows),
    )
    meds = [CurrentMedication(1, "Zocor", "simvastatin", frozenset({"statin"}))]
    facts = LifestyleFacts(current_smoker=True, alcohol_grams_per_week=100.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.phr"
        with create_vault(path, PASS) as vault:
            start = time.perf_counter()
            store_genome(vault, genome, rows)
            stored = time.perf_counter() - start
            set_optin(vault, "apoe", True)
            set_optin(vault, "brca", True)
        start = time.perf_counter()
        vault = open_vault(path, PASS)
        unlocked = time.perf_counter() - start
        try:
            forget_loaded_rule_set()
            start = time.perf_counter()
            first = interpret(vault, medications=meds, lifestyle=facts)
            cold = time.perf_counter() - start
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                interpret(vault, medications=meds, lifestyle=facts)
                times.append(time.perf_counter() - start)
        finally:
            vault.close()
    median_ms = statistics.median(times) * 1000
    print(f"genome rows:            {len(rows):>10,}  (stored in {stored:.1f} s)")
    print(f"unlock:                 {unlocked * 1000:10.1f} ms")
    print(f"first interpret:        {cold * 1000:10.1f} ms  (includes loading + validating rules)")
    print(
        f"interpret (median {args.repeat}):  {median_ms:10.1f} ms  "
        f"max {max(times) * 1000:.1f} ms  -> {len(first.pgx)} genes, {len(first.notes)} notes"
    )
    verdict = "OK" if median_ms < TARGET_MS else "OVER"
    print(f"target < {TARGET_MS:.0f} ms:         {verdict} ({median_ms / TARGET_MS:.2f} of target)")


if __name__ == "__main__":
    main()
