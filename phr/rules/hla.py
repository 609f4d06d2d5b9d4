"""HLA alleles read from a laboratory's HLA typing, never from the genome file (issue 16).

A DNA file's small variants cannot type an HLA allele, and the published marker SNPs are not
reliable without knowing the person's ancestry (see resources/rules/v1/hla.yaml), so without a
lab result the allele is "not tested: needs HLA typing". With one, the call names the lab and
date like every clinical result. Two lab results that disagree are shown, not settled quietly:
PHR reads the allele as present (missing a true HLA-B*15:02 is the harm these checks exist to
prevent) and says that the tests disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from phr.results.model import ClinicalResult
from phr.rules.definitions import HlaAlleleDef
from phr.rules.model import CallStatus, ClinicalSource, PgxCall
from phr.vocabulary import clinical_source_text


def hla_call(entry: HlaAlleleDef, results: Sequence[ClinicalResult]) -> PgxCall:
    """The call for one HLA allele from the person's lab results for its locus."""
    own = [r for r in results if r.gene == entry.locus and r.allele == entry.allele]
    if not own:
        return PgxCall(
            gene=entry.name,
            diplotypes=(),
            phenotype=None,
            activity_score=None,
            status=CallStatus.NOT_TESTED,
            caveats=(entry.not_from_files,),
        )
    positives = [r for r in own if r.allele_present]
    negatives = [r for r in own if not r.allele_present]
    disagree = bool(positives) and bool(negatives)
    chosen = _latest(positives) if positives else _latest(negatives)
    phenotype = entry.present if chosen.allele_present else entry.absent
    caveats: list[str] = []
    if disagree:
        caveats.append(_disagreement(entry, positives, negatives))
    return PgxCall(
        gene=entry.name,
        diplotypes=(),
        phenotype=phenotype,
        phenotypes=(phenotype,),
        activity_score=None,
        status=CallStatus.CALLED,
        caveats=tuple(caveats),
        clinical=ClinicalSource(
            chosen.id, chosen.lab, chosen.tested_on.isoformat(), labs_disagree=disagree
        ),
    )


def _latest(results: Sequence[ClinicalResult]) -> ClinicalResult:
    return max(results, key=lambda r: (r.tested_on, r.id))


def _said(results: Sequence[ClinicalResult]) -> str:
    return " and ".join(clinical_source_text(r.lab, r.tested_on.isoformat()) for r in results)


def _disagreement(
    entry: HlaAlleleDef, positives: Sequence[ClinicalResult], negatives: Sequence[ClinicalResult]
) -> str:
    return (
        f"Your clinical results disagree about {entry.name}: found {_said(positives)}, "
        f"not found {_said(negatives)}. PHR reads it as present, to be safe, until this is "
        "settled; ask your doctor or the labs which result is right (a sample mix-up or a "
        "typing error can explain it)."
    )


__all__ = ["hla_call"]
