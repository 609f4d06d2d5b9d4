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

The writer notes the few sites where an ID may repeat (`GenotypeWriter.repeated_sites`), so
this costs one small query per noted site, not a pass over the genome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from phr.genome.layout import GENOME_SHIFT, MAX_DUP, POS_SHIFT
from phr.vault.vault import Connection


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


def resolve_duplicates(conn: Connection, genome_id: int, sites: Iterable[int]) -> DuplicateReport:
    """Collapse repeats and flag contradictions at `sites` (chrom_code << 28 | pos)."""
    report = DuplicateReport()
    for site in sorted(sites):
        base = genome_id << GENOME_SHIFT | site << POS_SHIFT
        rows = conn.execute(
            "SELECT key, rs, name, ref, alt, alleles FROM genotype_calls"
            " WHERE key BETWEEN ? AND ? ORDER BY key",
            (base, base + MAX_DUP),
        ).fetchall()
        groups: dict[tuple[object, ...], list[tuple[int, str | None]]] = defaultdict(list)
        for key, rs, name, ref, alt, alleles in rows:
            groups[(rs, name, ref, alt)].append((int(key), alleles))
        for group in groups.values():
            if len(group) > 1:
                _resolve(conn, group, report)
    return report


def _resolve(
    conn: Connection, group: list[tuple[int, str | None]], report: DuplicateReport
) -> None:
    calls = {alleles for _key, alleles in group if alleles is not None}
    if len(calls) > 1:
        kept_key, kept_alleles = group[0]
        if kept_alleles is not None:
            conn.execute("UPDATE genotype_calls SET alleles = NULL WHERE key = ?", (kept_key,))
            report.called_to_no_call += 1
        conn.execute(
            "INSERT OR REPLACE INTO genotype_flags (key, flag) VALUES (?, 'discordant')",
            (kept_key,),
        )
        report.discordant += 1
    else:
        # keep a called row if there is one
        kept_key, kept_alleles = next(((k, a) for k, a in group if a is not None), group[0])
        report.exact += len(group) - 1
    for key, alleles in group:
        if key == kept_key:
            continue
        conn.execute("DELETE FROM genotype_calls WHERE key = ?", (key,))
        if alleles is None:
            report.removed_no_calls += 1
        else:
            report.removed_called += 1
