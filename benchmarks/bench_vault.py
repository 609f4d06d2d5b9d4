"""Vault hot paths: create, unlock (key derivation), and a 1M-row bulk insert in one transaction.

Run: `make bench` or `.venv/bin/python benchmarks/bench_vault.py [--rows N]`.
Prints wall times and rows/s; the generated data is synthetic and lives in a temp folder that is
removed afterwards.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from phr.genome.chromosomes import GRCH37_LENGTHS
from phr.genome.store import GenotypeRow, insert_genotypes
from phr.vault import create_vault, open_vault

PASS = "benchmark passphrase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(1)
    bases = "ACGT"
    chroms = [str(rng.randrange(1, 23)) for _ in range(args.rows)]
    rows: list[GenotypeRow] = [
        (
            f"rs{rng.randrange(1, 10**9)}",
            chrom,
            rng.randrange(1, GRCH37_LENGTHS[chrom]),  # a position the chromosome has
            None,
            None,
            "/".join(sorted(rng.choice(bases) + rng.choice(bases))),
        )
        for chrom in chroms
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.phr"
        start = time.perf_counter()
        vault = create_vault(path, PASS)
        created = time.perf_counter() - start
        with vault.transaction() as conn:
            conn.execute(
                "INSERT INTO genomes (id, vendor, build, coverage, source_name, source_sha256,"
                " imported_at) VALUES (1, 'bench', 'GRCh37', 'array', 'x', 'x', 'now')"
            )
        start = time.perf_counter()
        with vault.transaction() as conn:
            insert_genotypes(conn, 1, rows)
        inserted = time.perf_counter() - start
        vault.close()
        unlocks = []
        for _ in range(5):
            start = time.perf_counter()
            open_vault(path, PASS).close()
            unlocks.append(time.perf_counter() - start)
        size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"create vault:        {created * 1000:8.1f} ms")
    print(f"unlock (median of 5):{sorted(unlocks)[2] * 1000:8.1f} ms  (PBKDF2-SHA512, 256k iter)")
    print(
        f"bulk insert:         {inserted:8.2f} s for {args.rows:,} rows "
        f"= {args.rows / inserted:,.0f} rows/s (store.insert_genotypes, one transaction)"
    )
    print(f"vault size:          {size / 1e6:8.1f} MB")
    print(f"peak RSS:            {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
