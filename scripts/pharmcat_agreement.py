#!/usr/bin/env python3
"""Per-gene agreement of PHR's sequencing calls with PharmCAT, as a table.

For each gene PHR reads with PharmCAT's full definitions: the positions a chip is read at
(genes.yaml) and a sequencing file is read at (PharmCAT), PharmCAT's example VCFs (diplotype and
phenotype against its own match JSON and report TSV, when the shared data is present), and
every diplotype the definitions allow (genotypes generated from each pair of alleles; G6PD also
every single copy, as for a man). Each difference is listed with its reason. With --phased the
generated genotypes carry phase ("0|1", each allele on its own copy), as a phased VCF would.

    .venv/bin/python scripts/pharmcat_agreement.py [--examples DIR] [--limit N] [--details]
                                                   [--phased]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from phr.rules.agreement import (
    GeneTally,
    check_example,
    check_generated,
    read_example_vcf,
    read_pharmcat_outputs,
)
from phr.rules.pharmcat import FULL_GENES, load_pharmcat_gene
from phr.rules.ruleset import load_rule_set

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "pharmcat" / "examples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    parser.add_argument("--limit", type=int, default=0, help="diplotypes per gene (0: all)")
    parser.add_argument("--details", action="store_true", help="list every difference")
    parser.add_argument(
        "--phased",
        action="store_true",
        help="write each generated diplotype as a phased file would (first allele on copy 1)",
    )
    args = parser.parse_args()
    rules = load_rule_set()
    stems = sorted(p.name.removesuffix(".vcf") for p in args.examples.glob("*.vcf"))
    examples = [
        (
            stem,
            read_example_vcf(args.examples / f"{stem}.vcf"),
            read_pharmcat_outputs(
                args.examples / f"{stem}.match.json", args.examples / f"{stem}.report.tsv"
            ),
        )
        for stem in stems
    ]
    print(
        f"{'gene':8} {'chip pos':>8} {'VCF pos':>7} {'examples':>9} "
        f"{'diplotypes':>10} {'agreed':>7} {'differ':>6}  seconds"
    )
    lines: list[str] = []
    totals = [0, 0, 0]
    for name in FULL_GENES:
        started = time.perf_counter()
        gene_rules, gene = rules.genes[name], load_pharmcat_gene(name)
        shown = GeneTally(name, len(gene_rules.variants), len(gene.positions))
        for stem, calls, outputs in examples:
            if name in outputs:
                check_example(gene_rules, gene, calls, outputs[name], shown, stem)
        tally = GeneTally(name, shown.chip_positions, shown.vcf_positions)
        check_generated(gene_rules, gene, tally, limit=args.limit, phased=args.phased)
        if gene_rules.ploidy == "x_linked":
            check_generated(gene_rules, gene, tally, hemizygous=True, limit=args.limit)
        totals = [
            totals[0] + tally.tested,
            totals[1] + tally.agreed,
            totals[2] + len(tally.differing),
        ]
        print(
            f"{name:8} {tally.chip_positions:>8} {tally.vcf_positions:>7} "
            f"{shown.agreed:>4}/{shown.tested:<4} {tally.tested:>10} {tally.agreed:>7} "
            f"{len(tally.differing):>6}  {time.perf_counter() - started:.1f}"
        )
        for item in shown.differing:
            lines.append(f"{name} example {item}")
        for reason, count in sorted(tally.reasons.items(), key=lambda r: -r[1]):
            lines.append(f"{name}: {count} x {reason}")
        if args.details:
            lines += [f"    {name} {item}" for item in tally.differing]
    print(f"{'total':8} {'':>8} {'':>7} {'':>9} {totals[0]:>10} {totals[1]:>7} {totals[2]:>6}")
    if lines:
        print("\nDifferences and their reasons:")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
