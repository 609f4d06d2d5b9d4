"""DPYD: activity score from the two lowest allele values, as the CPIC guideline prescribes.

DPYD variants are scored per variant copy rather than per named haplotype: unphased
heterozygous variants are assumed to be on different copies (the cautious reading), and when
more than two variant copies are seen the two lowest activity values count. Like the
star-allele caller, a variant that could not be ruled out leaves the phenotype undetermined
whenever one or two copies of it would change the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

from phr.genome.model import GenotypeStatus
from phr.rules.calling import (
    assumed_caveat,
    indeterminate_call,
    not_tested_call,
    undetermined,
    unknown_allele_reason,
)
from phr.rules.definitions import AlleleDef, GeneDef
from phr.rules.model import CallStatus, PgxCall, Possibility
from phr.rules.observe import Observation

Copy = tuple[float, int, str]  # (activity, allele index, allele name), one per variant copy


def _defining(allele: AlleleDef) -> tuple[str, str]:
    rsid = next(iter(sorted(allele.defining)))
    return rsid, next(iter(allele.bases[rsid]))


def _two_lowest(copies: list[Copy], reference: Copy) -> list[Copy]:
    filled = sorted(copies) + [reference] * 2
    return sorted(filled[:2], key=lambda c: c[1])


def _copy(allele: AlleleDef, index: int) -> Copy:
    return (allele.activity if allele.activity is not None else 1.0, index, allele.name)


def _possible(
    gene: GeneDef, copies: list[Copy], cannot: list[str], reference: Copy
) -> set[Possibility]:
    """Every (phenotype, score) reachable by adding up to two copies of untested alleles."""
    index = {a.name: i for i, a in enumerate(gene.alleles)}
    extras: list[tuple[Copy, ...]] = [()]
    for size in (1, 2):
        extras += list(
            combinations_with_replacement([_copy(gene.allele(n), index[n]) for n in cannot], size)
        )
    found: set[Possibility] = set()
    for extra in extras:
        low = _two_lowest([*copies, *extra], reference)
        score = round(low[0][0] + low[1][0], 2)
        found.add((gene.phenotype.from_score(score), score))
    return found


def call_by_variant_activity(gene: GeneDef, observations: Sequence[Observation]) -> PgxCall:
    by_rsid = {o.variant.rsid: o for o in observations}
    reference = gene.reference_allele
    caveats: list[str] = []
    unknown: list[str] = []
    copies: list[Copy] = []
    missing: list[str] = []
    cannot: list[str] = []
    tested_any = False
    order = {a.name: i for i, a in enumerate(gene.alleles)}
    for allele in gene.alleles:
        if allele.reference:
            continue
        rsid, base = _defining(allele)
        obs = by_rsid[rsid]
        if (obs.missing or obs.assumed) and allele.backup:
            backup_rsid, backup_base = next(iter(allele.backup.items()))
            backup = by_rsid[backup_rsid]
            if backup.status == GenotypeStatus.CALLED and backup.tokens is not None:
                # The marker usually travels with the primary change, which the file did not
                # measure; the intronic change can occur alone, so without the marker the
                # allele stays possible.
                caveats.append(
                    f"{rsid} was not measured, so PHR read {allele.name} from {backup_rsid}, "
                    "which usually travels with it."
                )
                missing.append(rsid)
                if backup_base not in backup.tokens:
                    cannot.append(allele.name)
                obs, base = backup, backup_base
        if obs.tokens is None:
            missing.append(rsid)
            cannot.append(allele.name)
            if obs.status == "unreadable":
                text = "/".join(obs.used.alleles or ()) or "a genotype"
                unknown.append(unknown_allele_reason(rsid, text))
            continue
        known = reference.bases[obs.variant.rsid] | {base}
        strange = sorted(set(obs.tokens) - known)
        if strange:
            unknown.append(unknown_allele_reason(obs.variant.rsid, " and ".join(strange)))
            continue
        if len(obs.tokens) != 2:
            caveats.append(
                f"At {obs.variant.rsid} the file shows one allele where two are expected."
            )
            missing.append(rsid)
            cannot.append(allele.name)
            continue
        tested_any = True
        copies += [_copy(allele, order[allele.name])] * obs.tokens.count(base)
    used = tuple(o.used for o in observations)
    if unknown:
        return indeterminate_call(gene, [*unknown, *caveats], used)
    if not tested_any:
        return not_tested_call(gene, _dedupe(missing), caveats, used)
    missing, cannot = _dedupe(missing), _dedupe(cannot)
    if len(copies) > 2:
        caveats.append(
            "More than two DPYD variant copies were found; the score uses the two lowest "
            "activity values."
        )
    ref_copy = _copy(reference, 0)
    lowest = _two_lowest(copies, ref_copy)
    score = round(lowest[0][0] + lowest[1][0], 2)
    shown: set[Possibility] = {(gene.phenotype.from_score(score), score)}
    possible = _possible(gene, copies, cannot, ref_copy)
    phenotype, could_be = undetermined(gene, shown, possible)
    if missing:
        caveats.append("Not tested or no-call: " + ", ".join(missing) + ".")
        if cannot:
            caveats.append("Cannot be ruled out: " + ", ".join(cannot) + ".")
    assumed = [o for o in observations if o.assumed]
    if assumed:
        caveats.append(assumed_caveat(assumed))
    caveats.extend(gene.caveats)
    rare = {c[2] for c in lowest} & {a.name for a in gene.alleles if a.rare}
    return PgxCall(
        gene=gene.name,
        diplotypes=(f"{lowest[0][2]}/{lowest[1][2]}",),
        phenotype=phenotype,
        activity_score=score if phenotype is not None else None,
        status=CallStatus.PARTIAL if missing else CallStatus.CALLED,
        missing=tuple(missing),
        caveats=tuple(caveats),
        genotypes=used,
        assumes_reference=bool(assumed),
        phenotypes=tuple(p for p, _ in shown if p is not None),
        cannot_rule_out=tuple(cannot),
        group=gene.group,
        possible_phenotypes=could_be,
        possibilities=tuple(sorted(possible, key=lambda p: -(p[1] or 0.0))),
        rare_alleles=tuple(sorted(rare, key=order.__getitem__)),
    )


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
