"""A laboratory's result in place of the genome file's call (issue 16).

A clinical test reads a gene with validated methods and often more positions than a consumer
chip, so its result is the one PHR interprets; the call then says where it came from
(`PgxCall.clinical`) and the notes speak of it with a clinical test's certainty. What the file
itself said is not thrown away: where both name a result and they differ, the call carries a
caveat naming both, and PHR does not decide between them beyond showing the lab's (a sample
mix-up or a misread chip position are both possible, and only a person can find out which).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from phr.results.model import ClinicalResult
from phr.rules.definitions import GeneDef
from phr.rules.lab_alleles import fits_file, lab_phenotype
from phr.rules.model import CallStatus, ClinicalSource, PgxCall
from phr.vocabulary import clinical_source_text, diplotype_text


def diplotype_phenotype(gene: GeneDef, diplotype: str) -> tuple[str | None, float | None]:
    """(phenotype, activity score) the gene's table gives for a diplotype of known alleles; a
    gene with a lab table (CYP2D6) reads the lab's copies and hybrids there."""
    if gene.clinical_table is not None:
        return lab_phenotype(gene.clinical_table, diplotype)
    alleles = [gene.allele(name) for name in diplotype.split("/")]
    rule = gene.phenotype
    if rule.by == "none":
        return None, None
    if rule.by in ("activity_score", "variant_activity"):
        if len(alleles) != 2 or any(a.activity is None for a in alleles):
            return None, None
        score = round(sum(a.activity or 0.0 for a in alleles), 2)
        return rule.from_score(score), score
    if len(alleles) == 1:
        return rule.hemizygous.get(alleles[0].function), None
    return rule.from_functions(alleles[0].function, alleles[1].function), None


def _phenotype_score(gene: GeneDef, phenotype: str) -> float | None:
    """The activity score a phenotype stands for, when its band is a single value (a lab that
    reports only 'Normal Metabolizer' for CYP2C9 still means 2.0); otherwise unknown."""
    for band in gene.phenotype.ranges:
        if band.phenotype == phenotype and abs(band.max - band.min) < 1e-9:
            return band.min
    return None


def _same_diplotype(first: str, second: str) -> bool:
    return sorted(first.split("/")) == sorted(second.split("/"))


def _conflict(
    gene: GeneDef, file_call: PgxCall, result: ClinicalResult, phenotype: str | None
) -> str | None:
    """Words for a disagreement between the file's own call and the lab's, or None."""
    if file_call.status not in (CallStatus.CALLED, CallStatus.PARTIAL):
        return None
    differs = False
    if result.diplotype and file_call.diplotypes:
        differs = not any(_same_diplotype(result.diplotype, d) for d in file_call.diplotypes)
        if differs and _file_blind(gene, file_call, result.diplotype):
            return None  # only what the file could not see differs (see _unseen)
    if phenotype and file_call.phenotype and phenotype != file_call.phenotype:
        differs = True
    if not differs:
        return None
    said = diplotype_text(file_call.diplotypes) if file_call.diplotypes else ""
    if file_call.phenotype:
        said = f"{said} ({file_call.phenotype})" if said else file_call.phenotype
    lab_said = result.diplotype or ""
    if phenotype:
        lab_said = f"{lab_said} ({phenotype})" if lab_said else phenotype
    return (
        f"The genome file reads {gene.name} as {said}, but the clinical test "
        f"({result.lab}, {result.tested_on.isoformat()}) found {lab_said}. PHR shows the "
        "clinical result; the two disagree, so ask the lab or your doctor which is right "
        "(a sample mix-up, or a position the file misread, can explain it)."
    )


def _file_blind(gene: GeneDef, file_call: PgxCall, lab: str) -> bool:
    """Whether the lab's diplotype differs from the file's only where the file is blind: an
    allele the partial file call could not rule out (its position was not tested), or, for a
    gene with a lab table (CYP2D6), deletions, extra copies, hybrids and alleles the file rules
    do not define."""
    hidden = set(file_call.cannot_rule_out) if file_call.status == CallStatus.PARTIAL else set()
    if gene.clinical_table is not None:
        known = {a.name for a in gene.alleles}
        return any(fits_file(lab, d, known, hidden) for d in file_call.diplotypes)
    if not hidden:
        return False
    first, second = [*lab.split("/"), ""][:2]
    for shown in file_call.diplotypes:
        a, b = [*shown.split("/"), ""][:2]
        for x, y in ((first, second), (second, first)):
            if (x == a or x in hidden) and (y == b or y in hidden):
                return True
    return False


def _unseen(gene: GeneDef, file_call: PgxCall, result: ClinicalResult) -> str | None:
    """Words for a lab diplotype that differs from the file's only where the file is blind
    (see `_file_blind`): shown, so the difference is never silent, but not called a
    disagreement."""
    if not result.diplotype or not file_call.diplotypes:
        return None
    if file_call.status not in (CallStatus.CALLED, CallStatus.PARTIAL):
        return None
    if any(_same_diplotype(result.diplotype, d) for d in file_call.diplotypes):
        return None
    if not _file_blind(gene, file_call, result.diplotype):
        return None
    why = "some positions of this gene were not tested in the genome file"
    if gene.clinical_table is not None:
        why = (
            "a genome file cannot see missing or extra copies of the gene, hybrid genes or "
            "rarer versions"
        )
        if file_call.status == CallStatus.PARTIAL:
            why += ", and some of its positions were not tested"
    return (
        f"The genome file reads {gene.name} as {diplotype_text(file_call.diplotypes)}; the "
        f"clinical test found {result.diplotype}. The two fit together: {why}. PHR reads the "
        "clinical result."
    )


def with_clinical_result(gene: GeneDef, file_call: PgxCall, result: ClinicalResult) -> PgxCall:
    """The call PHR interprets when the person holds a lab result for `gene`."""
    derived, score = (None, None)
    if result.diplotype:
        derived, score = diplotype_phenotype(gene, result.diplotype)
    phenotype = result.phenotype or derived
    if result.phenotype and score is None:
        score = _phenotype_score(gene, result.phenotype)
    if result.phenotype and derived and derived != result.phenotype:
        score = _phenotype_score(gene, result.phenotype)  # the lab's phenotype is the one read
    conflict = _conflict(gene, file_call, result, phenotype)
    source = ClinicalSource(
        result.id, result.lab, result.tested_on.isoformat(), file_disagrees=conflict is not None
    )
    caveats: list[str] = []
    if conflict:
        caveats.append(conflict)
    else:
        unseen = _unseen(gene, file_call, result)
        if unseen:
            caveats.append(unseen)
    if result.phenotype and derived and derived != result.phenotype:
        caveats.append(
            f"The lab reports {result.phenotype} for {result.diplotype}; PHR's table gives "
            f"{derived}. PHR reads the lab's phenotype "
            f"({clinical_source_text(source.lab, source.tested_on)})."
        )
    return replace(
        file_call,
        diplotypes=(result.diplotype,) if result.diplotype else (),
        phenotype=phenotype,
        phenotypes=(phenotype,) if phenotype else (),
        activity_score=score,
        status=CallStatus.CALLED,
        missing=(),
        caveats=tuple(caveats),
        assumes_reference=False,
        cannot_rule_out=(),
        possible_phenotypes=(),
        possibilities=(),
        rare_alleles=(),
        pairing_note=None,
        clinical=source,
    )


def with_allele_results(call: PgxCall, results: Sequence[ClinicalResult]) -> PgxCall:
    """Allele-only results (a lab that tested for one allele, HLA style) do not name a
    diplotype, so they do not replace the call; each is said on the call, and where the call
    names diplotypes that all carry (or all lack) an allele the lab found absent (present),
    the disagreement is said too."""
    caveats = list(call.caveats)
    for r in results:
        if r.allele is None:
            continue
        word = "present" if r.allele_present else "absent"
        source = clinical_source_text(r.lab, r.tested_on.isoformat())
        text = f"{r.allele} {word}, {source}."
        named = [d.split("/") for d in call.diplotypes]
        if call.status == CallStatus.CALLED and named:
            carries = all(r.allele in d for d in named)
            lacks = all(r.allele not in d for d in named)
            if (r.allele_present and lacks) or (not r.allele_present and carries):
                text += (
                    f" This disagrees with {call.gene} "
                    f"{diplotype_text(call.diplotypes)}; ask the lab or your doctor which is "
                    "right."
                )
        caveats.append(text)
    return replace(call, caveats=tuple(caveats))
