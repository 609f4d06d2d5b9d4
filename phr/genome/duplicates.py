"""Rows a file lists twice: exact copies collapse, conflicting genotypes become flagged no-calls.

Files glued together, re-exports and damaged downloads repeat rows. A row is a repeat of
another when both name the same probe at the same place: same position, same ID, and for VCFs
the same REF and ALT. Rows with different IDs at one position are different probes (23andMe
writes an rsID and an i-ID there, or a SNP probe and an indel probe, and their genotypes may
rightly differ: the real 23andMe v5 excerpt has 1,691 such pairs), so they are left alone.

- Same genotype (or one call and no-calls): one row is kept, the others are removed and
  counted for a warning.
- Different called genotypes: the file contradicts itself, so neither genotype can be trusted.
  One row is kept as a no-call and flagged 'discordant' (`genotype_flags`, migration 0006);
  results that read the site say so instead of calling it.

This runs on the writer's sorted columns before they are stored (`bulk.GenotypeWriter`): only
positions listed more than once are looked at in Python, a few thousand in a real file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from phr.genome.layout import CHROM_NAME
from phr.genome.store import split_phase

if TYPE_CHECKING:
    from phr.genome.bulk import GenotypeWriter
    from phr.genome.columns import ChromRows


@dataclass
class DuplicateReport:
    """What the pass changed, for the warnings and to correct the reader's counts."""

    exact: int = 0  # rows removed as copies of a kept row
    discordant: int = 0  # sites answered as a no-call because the file contradicts itself
    removed_called: int = 0
    removed_no_calls: int = 0
    called_to_no_call: int = 0

    def warnings(self) -> list[str]:
        found: list[str] = []
        if self.exact:
            found.append(
                f"{self.exact:,} row{'s' if self.exact > 1 else ''} repeated an earlier row "
                "exactly (same ID, position and genotype); each was kept once."
            )
        if self.discordant:
            many = self.discordant > 1
            found.append(
                f"{self.discordant:,} position{'s are' if many else ' is'} listed twice with "
                "different genotypes (discordant): PHR reads "
                f"{'them' if many else 'it'} as no-call, never as either genotype, and says "
                "so in any result that needs one."
            )
        return found


def resolve_duplicates(writer: GenotypeWriter) -> DuplicateReport:
    """Collapse repeats and flag contradictions in the writer's columns (sorts them first)."""
    writer.settle_order()
    report = DuplicateReport()
    for code, rows in writer.chroms.items():
        same = np.flatnonzero(rows.pos[1:] == rows.pos[:-1])
        if not len(same):
            continue
        drop: list[int] = []
        starts = sorted({int(i) for i in same.tolist()} - {int(i) + 1 for i in same.tolist()})
        for first in starts:
            last = first + 1
            while last + 1 < len(rows) and rows.pos[last + 1] == rows.pos[first]:
                last += 1
            groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
            for index in range(first, last + 1):
                groups[_identity(rows, index)].append(index)
            for group in groups.values():
                if len(group) > 1:
                    drop += _resolve(writer, code, rows, group, report)
        if drop:
            keep = np.ones(len(rows), dtype=bool)
            keep[drop] = False
            writer.chroms[code] = rows.take(np.flatnonzero(keep))
    return report


def _identity(rows: ChromRows, index: int) -> tuple[int, ...]:
    """Same probe: same ID, and for VCFs the same REF and ALT."""
    ref = 0 if rows.ref is None else int(rows.ref[index])
    alt = 0 if rows.alt is None else int(rows.alt[index])
    return int(rows.rs[index]), int(rows.name[index]), ref, alt


def _resolve(
    writer: GenotypeWriter, code: int, rows: ChromRows, group: list[int], report: DuplicateReport
) -> list[int]:
    """Settle one group of repeated rows (in file order); return the rows to remove."""
    calls = {int(rows.gt[i]) for i in group if rows.gt[i]}
    if len(calls) > 1 and len({_unphased(writer, call) for call in calls}) == 1:
        # The same genotype written with different phase ("0|1", "1|0", "0/1"): a repeat,
        # kept without the phase the rows disagree on.
        kept = next(i for i in group if rows.gt[i])
        plain = _unphased(writer, int(rows.gt[kept]))
        if plain > np.iinfo(rows.gt.dtype).max:
            rows.gt = rows.gt.astype(np.uint32)
        rows.gt[kept] = plain
        report.exact += len(group) - 1
    elif len(calls) > 1:
        kept = group[0]
        if rows.gt[kept]:
            rows.gt[kept] = 0
            report.called_to_no_call += 1
        writer.flags.append((CHROM_NAME[code], int(rows.pos[kept])))
        report.discordant += 1
    else:
        kept = next((i for i in group if rows.gt[i]), group[0])  # keep a called row if any
        report.exact += len(group) - 1
    removed = [i for i in group if i != kept]
    for index in removed:
        if rows.gt[index]:
            report.removed_called += 1
        else:
            report.removed_no_calls += 1
    return removed


def _unphased(writer: GenotypeWriter, code: int) -> int:
    """The code of genotype `code` without its phase ("G|A" -> "A/G"), added if new."""
    text = next(text for text, number in writer.genotypes.items() if number == code)
    plain, phase = split_phase(text)
    if phase is None:
        return code
    return writer.genotypes.setdefault(plain, len(writer.genotypes) + 1)
