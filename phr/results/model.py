"""A stored clinical result and how to read them back; imports nothing of `phr.rules`, so the
engine can read results without an import cycle (the checks in `store` need the rule set).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from phr.vault import Vault


@dataclass(frozen=True)
class ClinicalResult:
    """One laboratory result for one gene, as stored (values already checked)."""

    id: int
    gene: str
    diplotype: str | None
    phenotype: str | None
    allele: str | None
    allele_present: bool | None
    lab: str
    tested_on: date

    def as_json(self) -> dict[str, object]:
        """One element of `phr results list --json`."""
        return {
            "id": self.id,
            "gene": self.gene,
            "diplotype": self.diplotype,
            "phenotype": self.phenotype,
            "allele": self.allele,
            "allele_present": self.allele_present,
            "lab": self.lab,
            "date": self.tested_on.isoformat(),
        }


def list_results(vault: Vault) -> list[ClinicalResult]:
    """Every stored result, by gene, newest test first."""
    rows = vault.query(
        "SELECT id, gene, diplotype, phenotype, allele, allele_present, lab, tested_on "
        "FROM clinical_results ORDER BY gene, tested_on DESC, id DESC"
    )
    found: list[ClinicalResult] = []
    for rid, gene, diplotype, phenotype, allele, present, lab, tested_on in rows:
        try:
            day = date.fromisoformat(str(tested_on))
        except ValueError:
            continue  # an unreadable date cannot date a result
        found.append(
            ClinicalResult(
                id=int(rid),
                gene=str(gene),
                diplotype=diplotype,
                phenotype=phenotype,
                allele=allele,
                allele_present=None if present is None else bool(present),
                lab=str(lab),
                tested_on=day,
            )
        )
    return found


def latest_by_gene(results: Sequence[ClinicalResult]) -> dict[str, ClinicalResult]:
    """The result the engine reads per gene: a diplotype or phenotype result, the latest test
    (then the latest entered). Allele-only results are kept for genes typed by allele."""
    latest: dict[str, ClinicalResult] = {}
    for r in results:
        if r.diplotype is None and r.phenotype is None:
            continue
        held = latest.get(r.gene)
        if held is None or (r.tested_on, r.id) > (held.tested_on, held.id):
            latest[r.gene] = r
    return latest


__all__ = ["ClinicalResult", "latest_by_gene", "list_results"]
