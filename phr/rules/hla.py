"""HLA alleles read from a laboratory's HLA typing, never from the genome file (issue 16).

A DNA file's small variants cannot type an HLA allele, and the published marker SNPs are not
reliable without knowing the person's ancestry (see resources/rules/v1/hla.yaml), so without a
lab result the allele is "not tested: needs HLA typing". With one, the call names the lab and
date like every clinical result. Two lab results that disagree are shown, not settled quietly:
PHR reads the allele as present (missing a true HLA-B*15:02 is the harm these checks exist to
prevent) and says that the tests disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from phr.errors import RuleSetError
from phr.results.model import ClinicalResult
from phr.rules.definitions import GeneDef, HlaAlleleDef
from phr.rules.model import CallStatus, ClinicalSource, PgxCall, Source
from phr.vocabulary import clinical_source_text


def hla_call(
    entry: HlaAlleleDef, results: Sequence[ClinicalResult], proxy: PgxCall | None = None
) -> PgxCall:
    """The call for one HLA allele from the person's lab results for its locus.

    `proxy` is the DNA file's tag-SNP call where the rule set has one for this allele
    (HLA-B*57:01, *58:01): without a lab result it stands, labelled a proxy; with one, the lab's
    typing is read, and a tag that points the other way is said on the call."""
    own = [r for r in results if r.gene == entry.locus and r.allele == entry.allele]
    if not own and proxy is not None:
        return proxy
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
    file_differs = proxy is not None and _proxy_differs(proxy, bool(chosen.allele_present))
    if proxy is not None and file_differs:
        caveats.append(_proxy_disagreement(entry, proxy, chosen))
    return PgxCall(
        gene=entry.name,
        diplotypes=(),
        phenotype=phenotype,
        phenotypes=(phenotype,),
        activity_score=None,
        status=CallStatus.CALLED,
        caveats=tuple(caveats),
        genotypes=() if proxy is None else proxy.genotypes,
        clinical=ClinicalSource(
            chosen.id,
            chosen.lab,
            chosen.tested_on.isoformat(),
            file_disagrees=file_differs,
            labs_disagree=disagree,
        ),
    )


def _proxy_says_found(proxy: PgxCall) -> bool | None:
    """What a tag-SNP call suggests: True (tag found), False (not found), None (no reading)."""
    if proxy.status != CallStatus.CALLED or proxy.phenotype is None:
        return None
    return "not found" not in proxy.phenotype


def _proxy_differs(proxy: PgxCall, present: bool) -> bool:
    said = _proxy_says_found(proxy)
    return said is not None and said != present


def _proxy_disagreement(entry: HlaAlleleDef, proxy: PgxCall, result: ClinicalResult) -> str:
    word = "present" if result.allele_present else "absent"
    return (
        f"The genome file's marker reads {proxy.phenotype}, but the clinical test "
        f"({result.lab}, {result.tested_on.isoformat()}) found {entry.name} {word}. PHR shows "
        "the clinical result: a marker only travels with the allele, and it can mislead. Ask "
        "the lab or your doctor if you are unsure which is right."
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


def load_hla_alleles(
    doc: Mapping[str, Any], genes: Mapping[str, GeneDef]
) -> dict[str, HlaAlleleDef]:
    """The schema-checked hla.yaml as typed entries, with the checks a schema cannot make."""
    found: dict[str, HlaAlleleDef] = {}
    for name, raw in doc["alleles"].items():
        where = f"Rule file hla.yaml: field alleles/{name}"
        if name != f"{raw['locus']}{raw['allele']}":
            raise RuleSetError(f"{where}: the name must be the locus and allele joined.")
        if name in genes and not any(a.proxy for a in genes[name].alleles):
            # the same name is allowed only for a tag-SNP proxy the lab typing outranks
            raise RuleSetError(f"{where}: a gene of genes.yaml that is not a proxy has this name.")
        if raw["present"] == raw["absent"]:
            raise RuleSetError(f"{where}/absent: must differ from present.")
        found[name] = HlaAlleleDef(
            name=name,
            locus=raw["locus"],
            allele=raw["allele"],
            chrom=raw["chrom"],
            present=raw["present"],
            absent=raw["absent"],
            not_from_files=" ".join(raw["not_from_files"].split()),
            sources=tuple(Source(s["label"], s.get("pmid")) for s in raw["sources"]),
        )
    return found


__all__ = ["hla_call", "load_hla_alleles"]
