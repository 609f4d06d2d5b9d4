"""DPYD: activity score from the two lowest allele values, as the CPIC guideline prescribes.

DPYD variants are scored per variant copy rather than per named haplotype: unphased
heterozygous variants are assumed to be on different copies (the cautious reading), and when
more than two variant copies are seen the two lowest activity values count.
"""

from __future__ import annotations

from collections.abc import Sequence

from phr.rules.calling import assumed_caveat, not_tested_call, unless_untested
from phr.rules.definitions import AlleleDef, GeneDef
from phr.rules.model import CallStatus, PgxCall
from phr.rules.observe import Observation


def _defining(allele: AlleleDef) -> tuple[str, str]:
    rsid = next(iter(sorted(allele.defining)))
    return rsid, next(iter(allele.bases[rsid]))


def _two_lowest(
    copies: list[tuple[float, int, str]], reference: tuple[float, int, str]
) -> list[tuple[float, int, str]]:
    filled = sorted(copies) + [reference] * 2
    return sorted(filled[:2], key=lambda c: c[1])


def _display_phenotype(
    gene: GeneDef,
    phenotype: str | None,
    copies: list[tuple[float, int, str]],
    cannot: list[str],
    reference: tuple[float, int, str],
) -> str | None:
    """Like the star-allele caller: when an allele that could not be ruled out would change
    the phenotype (one or two untested copies), say so, so a partial call never reads as a
    plain "Normal Metabolizer"."""
    if phenotype is None or not cannot:
        return phenotype
    by_name = {a.name: a for a in gene.alleles}
    for name in cannot:
        activity = by_name[name].activity
        extra = (activity if activity is not None else 1.0, 0, name)
        for count in (1, 2):
            low = _two_lowest([*copies, *[extra] * count], reference)
            if gene.phenotype.from_score(round(low[0][0] + low[1][0], 2)) != phenotype:
                return unless_untested(phenotype, cannot)
    return phenotype


def call_by_variant_activity(gene: GeneDef, observations: Sequence[Observation]) -> PgxCall:
    by_rsid = {o.variant.rsid: o for o in observations}
    reference = gene.reference_allele
    caveats: list[str] = []
    copies: list[tuple[float, int, str]] = []  # (activity, allele index, name) per variant copy
    missing: list[str] = []
    cannot: list[str] = []
    tested_any = False
    order = {a.name: i for i, a in enumerate(gene.alleles)}
    for allele in gene.alleles:
        if allele.reference:
            continue
        rsid, base = _defining(allele)
        obs = by_rsid[rsid]
        if obs.missing and allele.backup:
            backup_rsid, backup_base = next(iter(allele.backup.items()))
            backup = by_rsid[backup_rsid]
            if not backup.missing:
                # The marker usually travels with the missing one, but the intronic change can
                # occur alone: the call stays partial and, if the marker is absent, the allele
                # cannot be ruled out.
                caveats.append(
                    f"{rsid} was not tested, so PHR read {allele.name} from {backup_rsid}, which "
                    "usually travels with it."
                )
                missing.append(rsid)
                if backup.tokens is not None and backup_base not in backup.tokens:
                    cannot.append(allele.name)
                obs, base = backup, backup_base
        if obs.tokens is None:
            missing.append(rsid)
            cannot.append(allele.name)
            if obs.status == "unreadable":
                caveats.append(f"At {rsid} the file shows something this rule set cannot read.")
            continue
        known = reference.bases[obs.variant.rsid] | {base}
        if len(obs.tokens) != 2 or not set(obs.tokens) <= known:
            caveats.append(f"At {obs.variant.rsid} the file shows alleles PHR cannot read here.")
            missing.append(rsid)
            cannot.append(allele.name)
            continue
        tested_any = True
        activity = allele.activity if allele.activity is not None else 1.0
        copies += [(activity, order[allele.name], allele.name)] * obs.tokens.count(base)
    used = tuple(o.used for o in observations)
    if not tested_any:
        return not_tested_call(gene, missing, caveats, used)
    if len(copies) > 2:
        caveats.append(
            "More than two DPYD variant copies were found; the score uses the two lowest "
            "activity values."
        )
    ref_value = reference.activity if reference.activity is not None else 1.0
    ref_copy = (ref_value, 0, reference.name)
    lowest = _two_lowest(copies, ref_copy)
    score = round(lowest[0][0] + lowest[1][0], 2)
    phenotype = gene.phenotype.from_score(score)
    shown = _display_phenotype(gene, phenotype, copies, cannot, ref_copy)
    status = CallStatus.PARTIAL if missing else CallStatus.CALLED
    if missing:
        caveats.append("Not tested or no-call: " + ", ".join(missing) + ".")
        if cannot:
            caveats.append("Cannot be ruled out: " + ", ".join(cannot) + ".")
    assumed = [o for o in observations if o.assumed]
    if assumed:
        caveats.append(assumed_caveat(assumed))
    caveats.extend(gene.caveats)
    return PgxCall(
        gene=gene.name,
        diplotypes=(f"{lowest[0][2]}/{lowest[1][2]}",),
        phenotype=shown,
        activity_score=score,
        status=status,
        missing=tuple(missing),
        caveats=tuple(caveats),
        genotypes=used,
        assumes_reference=bool(assumed),
        phenotypes=(phenotype,) if phenotype else (),
        cannot_rule_out=tuple(cannot),
        group=gene.group,
    )
