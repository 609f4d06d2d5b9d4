"""Calling a gene from unphased genotypes: every diplotype consistent with what was tested.

Why enumeration: chips and VCFs do not say which copy a variant is on, so a person with two
heterozygous TPMT variants is *1/*3A or *3B/*3C, and PHR says both. Positions that were not
tested are wildcards: PHR shows the diplotypes that need no variant at an untested position,
but the phenotype stands only if no allele it cannot rule out would change it; otherwise the
phenotype is not determined and the call lists what it could be (CLINICAL.md rule 1). A call
is never made from "differs from the reference genome": every allele is matched on its
defining bases, and a base no allele defines makes the gene indeterminate (rule 7).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations_with_replacement
from typing import TypeVar

from phr.rules.definitions import AlleleDef, GeneDef
from phr.rules.model import CallStatus, PgxCall, Possibility, UsedGenotype
from phr.rules.observe import UNREADABLE, Observation

Combo = tuple[AlleleDef, ...]  # one allele (hemizygous) or two (a diplotype)
# Pairings that all rest on untested positions are listed only when this few fit.
MAX_SHOWN_PAIRINGS = 4


def call_gene(gene: GeneDef, observations: Sequence[Observation], sex: str | None) -> PgxCall:
    """`sex` is what the person stated ('female' / 'male') or None; only X-linked genes use it."""
    if gene.phenotype.by == "variant_activity":
        from phr.rules.activity import call_by_variant_activity

        return call_by_variant_activity(gene, observations)
    return _GeneCaller(gene, observations, sex).call()


def not_tested_call(
    gene: GeneDef,
    missing: Sequence[str],
    caveats: Sequence[str],
    genotypes: tuple[UsedGenotype, ...],
) -> PgxCall:
    """The call for a gene none of whose variants was tested (shared with the DPYD caller)."""
    return PgxCall(
        gene=gene.name,
        diplotypes=(),
        phenotype=None,
        activity_score=None,
        status=CallStatus.NOT_TESTED,
        missing=tuple(missing),
        caveats=tuple(caveats),
        genotypes=genotypes,
        group=gene.group,
    )


def indeterminate_call(
    gene: GeneDef, reasons: Sequence[str], genotypes: tuple[UsedGenotype, ...]
) -> PgxCall:
    """A gene the file speaks to in a way the rule set cannot read: say so, name nothing."""
    caveats = [
        *reasons,
        f"PHR cannot name your {gene.name} alleles or say what they mean from this file. A "
        "clinical test that reads the whole gene can.",
    ]
    return PgxCall(
        gene=gene.name,
        diplotypes=(),
        phenotype=None,
        activity_score=None,
        status=CallStatus.INDETERMINATE,
        caveats=tuple(_unique([*caveats, *gene.caveats])),
        genotypes=genotypes,
        group=gene.group,
    )


def unknown_allele_reason(rsid: str, shown: str) -> str:
    return (
        f"At {rsid} the file shows {shown}, which is neither the usual base nor any allele this "
        "rule set defines: you may carry a rarer allele."
    )


def assumed_caveat(assumed: Sequence[Observation]) -> str:
    return assumed_text([o.variant.rsid for o in assumed])


def assumed_text(labels: Sequence[str]) -> str:
    """Why PHR read the reference base at positions a whole-genome file is silent about."""
    return (
        "Your file is a whole genome that lists only differences from the reference genome. It "
        "is silent at "
        + ", ".join(labels)
        + ", with variants listed close on both sides, so PHR read the reference genome's "
        "base there (assumed, not measured)."
    )


def undetermined(
    gene: GeneDef, reported: set[Possibility], possible: set[Possibility]
) -> tuple[str | None, tuple[str, ...]]:
    """(phenotype or None, possible phenotypes): the phenotype stands only when the alleles
    that could not be ruled out leave phenotype and score unchanged. The possible phenotypes
    list the one the tested positions point to first, then the rest in the rule's order."""
    shown = {p for p, _ in reported}
    names = sorted(
        {p for p, _ in possible if p is not None},
        key=lambda p: (p not in shown, gene.phenotype.rank(p)),
    )
    if possible <= reported and len(shown) == 1:
        return next(iter(reported))[0], tuple(names)
    return None, tuple(names)


def one_copy(
    gene: GeneDef, sex: str | None, mixed: Sequence[str], single: bool, caveats: list[str]
) -> bool:
    """One copy or two. For X genes a mixed call always means two X copies (rule 8): it is
    kept whatever sex is stated, and the person is told when the two disagree. `mixed` names
    the positions with two different letters; `single` says the file wrote one copy somewhere.
    Shared by the chip caller and the full-definition caller (phr.rules.fullcall)."""
    if gene.ploidy == "haploid":
        return True
    if gene.ploidy != "x_linked":
        return False
    if mixed:
        if sex == "male":
            caveats.append(
                f"You told PHR you are male, but at {', '.join(mixed)} the file shows two "
                "different letters, which needs two X chromosomes. PHR read two copies. "
                "This can be a reading error, a sample mix-up or a second X chromosome: "
                "a clinical test can tell."
            )
        return False
    if sex == "male":
        return True
    if sex == "female":
        return False
    if single:
        return True  # the file itself writes one X copy
    caveats.append(
        "Your sex is not recorded in PHR (see your profile), so PHR read this X-chromosome "
        "result in the way that holds for one copy or two."
    )
    return False


def _order(item: Possibility) -> tuple[float, str]:
    """Most activity first (a stable order for `possibilities`)."""
    return (-(item[1] if item[1] is not None else 0.0), item[0] or "")


class _GeneCaller:
    def __init__(self, gene: GeneDef, observations: Sequence[Observation], sex: str | None) -> None:
        self.gene = gene
        self.observations = list(observations)
        self.caveats: list[str] = []
        self.unknown: list[str] = []
        self.missing: list[str] = []
        seen: dict[str, tuple[str, ...]] = {}
        for obs in self.observations:
            rsid = obs.variant.rsid
            if obs.tokens is None:
                self.missing.append(rsid)
                if obs.status == UNREADABLE:
                    shown = "/".join(obs.used.alleles or ()) or "a genotype"
                    self.unknown.append(unknown_allele_reason(rsid, shown))
                continue
            known = set().union(*(a.bases[rsid] for a in gene.alleles))
            strange = sorted(set(obs.tokens) - known)
            if strange:
                self.unknown.append(unknown_allele_reason(rsid, " and ".join(strange)))
                continue
            seen[rsid] = obs.tokens
        self.hemizygous = self._decide_ploidy(sex, seen)
        self.tested: dict[str, tuple[str, ...]] = {}
        for rsid, tokens in seen.items():
            fitted = self._fit_ploidy(rsid, tokens)
            if fitted is None:
                self.missing.append(rsid)
            else:
                self.tested[rsid] = fitted

    # -- ploidy and tokens ------------------------------------------------------------------

    def _decide_ploidy(self, sex: str | None, seen: dict[str, tuple[str, ...]]) -> bool:
        mixed = [rsid for rsid, tokens in seen.items() if len(set(tokens)) == 2]
        single = any(len(tokens) == 1 for tokens in seen.values())
        return one_copy(self.gene, sex, mixed, single, self.caveats)

    def _fit_ploidy(self, rsid: str, tokens: tuple[str, ...]) -> tuple[str, ...] | None:
        reference = self.gene.reference_allele.bases[rsid]
        if self.gene.ploidy == "haploid":
            distinct = sorted(set(tokens))
            if len(distinct) == 2:
                self.caveats.append(
                    f"At {rsid} the file shows a mixed call (heteroplasmy); PHR read it as the "
                    "variant being present."
                )
                return tuple(t for t in distinct if t not in reference)[:1] or (distinct[0],)
            return (distinct[0],)
        if self.hemizygous:
            return (tokens[0],)
        if len(tokens) == 1:
            self.caveats.append(
                f"At {rsid} the file shows one allele where two are expected; PHR treated the "
                "position as not tested."
            )
            return None
        return tokens

    # -- enumeration ------------------------------------------------------------------------

    def _fits(self, combo: Combo) -> bool:
        for rsid, tokens in self.tested.items():
            if len(combo) == 1:
                if tokens[0] not in combo[0].bases[rsid]:
                    return False
                continue
            first, second = combo[0].bases[rsid], combo[1].bases[rsid]
            x, y = tokens
            if not ((x in first and y in second) or (y in first and x in second)):
                return False
        return True

    def _needs_missing(self, allele: AlleleDef) -> bool:
        reference = self.gene.reference_allele.bases
        return any(not (allele.bases[m] & reference[m]) for m in self.missing)

    def _combos(self) -> list[Combo]:
        alleles = self.gene.alleles
        if self.hemizygous:
            return [(a,) for a in alleles]
        return list(combinations_with_replacement(alleles, 2))

    def call(self) -> PgxCall:
        gene = self.gene
        used = tuple(o.used for o in self.observations)
        if self.unknown:
            return indeterminate_call(gene, [*self.unknown, *self.caveats], used)
        if not self.tested:
            return not_tested_call(gene, self.missing, self.caveats, used)
        consistent = [c for c in self._combos() if self._fits(c)]
        if not consistent:
            return indeterminate_call(
                gene,
                [
                    *self.caveats,
                    f"Your genotypes do not fit any pair of {gene.name} alleles PHR knows; a "
                    "rarer allele may be present.",
                ],
                used,
            )
        plain = [c for c in consistent if not any(self._needs_missing(a) for a in c)]
        reported = plain or consistent
        order = [a.name for a in gene.alleles]
        cannot = sorted(
            {a.name for c in consistent for a in c if self._needs_missing(a)}, key=order.index
        )
        caveats = self.caveats
        names = tuple(self._name(c) for c in reported)
        if not plain and len(reported) > MAX_SHOWN_PAIRINGS:
            caveats.append(
                f"{len(reported)} allele pairings fit what the file shows, and each needs a "
                "position the file did not test, so PHR names none of them."
            )
            names = ()
        elif len(reported) > 1:
            caveats.append(
                "Your genotypes fit more than one allele pairing ("
                + " or ".join(names)
                + "); a test that reads each copy separately can tell them apart."
            )
            if gene.ambiguity_note:
                caveats.append(gene.ambiguity_note)
        if self.missing:
            caveats.append("Not tested or no-call: " + ", ".join(self.missing) + ".")
        if cannot:
            caveats.append("Cannot be ruled out: " + ", ".join(cannot) + ".")
        pairing_note: str | None = None
        preferred = [c for c in reported if self._name(c) in gene.prefer_pairing]
        if len(reported) > 1 and preferred:
            # the guideline reads these genotypes as the preferred pairing (TPMT *1/*3A)
            names = tuple(dict.fromkeys((self._name(preferred[0]), *names)))
            reported = preferred
            pairing_note = gene.ambiguity_note
        shown = {(self._phenotype(c), self._score(c)) for c in reported}
        possible = {(self._phenotype(c), self._score(c)) for c in consistent}
        for combo in reported:
            for stand_in in self._unmeasured(combo):
                possible.add((self._phenotype(stand_in), self._score(stand_in)))
        uncertain = sorted({a.uncertain for c in reported for a in c if a.uncertain})
        cannot = [*cannot, *uncertain]
        phenotype_list = tuple(
            sorted({p for p, _ in shown if p is not None}, key=gene.phenotype.rank)
        )
        phenotype, could_be = undetermined(gene, shown, possible)
        if phenotype is None and not cannot and phenotype_list:
            # no untested allele involved: an ambiguity between observed pairings
            phenotype, could_be = " or ".join(phenotype_list), phenotype_list
        scores = {s for _, s in (shown if phenotype is not None else possible)}
        fallback = self._fallback(phenotype_list, phenotype is not None and not self.missing)
        if fallback is not None:
            phenotype_list = could_be = (fallback[0],)
            phenotype, names = fallback
            shown = possible = {(phenotype, None)}
            caveats.append(gene.fallback.caveat if gene.fallback else "")
        assumed = [o for o in self.observations if o.assumed]
        if assumed:
            caveats.append(assumed_caveat(assumed))
        return PgxCall(
            gene=gene.name,
            diplotypes=names,
            phenotype=phenotype,
            activity_score=next(iter(scores)) if len(scores) == 1 else None,
            status=CallStatus.PARTIAL if self.missing else CallStatus.CALLED,
            missing=tuple(self.missing),
            caveats=tuple(_unique([*caveats, *gene.caveats])),
            genotypes=used,
            assumes_reference=bool(assumed),
            phenotypes=phenotype_list,
            cannot_rule_out=tuple(cannot),
            group=gene.group,
            possible_phenotypes=could_be,
            possibilities=tuple(sorted(possible if phenotype is None else shown, key=_order)),
            rare_alleles=tuple(
                sorted({a.name for c in reported for a in c if a.rare}, key=order.index)
            ),
            pairing_note=pairing_note,
        )

    def _fallback(
        self, phenotype_list: tuple[str, ...], settled: bool
    ) -> tuple[str, tuple[str, ...]] | None:
        """A single-variant reading the guideline allows when star alleles cannot be named
        (SLCO1B1 c.521T>C): (phenotype, names) or None."""
        fb = self.gene.fallback
        if fb is None or (settled and len(phenotype_list) == 1):
            return None
        tokens = self.tested.get(fb.rsid)
        if tokens is None or len(tokens) != 2:
            return None
        return fb.by_copies[tokens.count(fb.base)], (f"{fb.label} {'/'.join(tokens)}",)

    def _unmeasured(self, combo: Combo) -> list[Combo]:
        """The same pairing with each proxy allele of only probable function (UGT1A1 *80 for
        *28) read as the reference allele: what the person has if the proxy misleads."""
        reference = self.gene.reference_allele
        swaps = [i for i, a in enumerate(combo) if a.uncertain]
        found: list[Combo] = []
        for mask in range(1, 1 << len(swaps)):
            changed = list(combo)
            for bit, index in enumerate(swaps):
                if mask >> bit & 1:
                    changed[index] = reference
            found.append(tuple(changed))
        return found

    # -- naming and phenotype ----------------------------------------------------------------

    def _name(self, combo: Combo) -> str:
        return "/".join(a.name for a in combo)

    def _phenotype(self, combo: Combo) -> str | None:
        rule = self.gene.phenotype
        if rule.by == "none":
            return None
        if rule.by == "activity_score":
            score = self._score(combo)
            return None if score is None else rule.from_score(score)
        if len(combo) == 1:
            return rule.hemizygous.get(combo[0].function)
        return rule.from_functions(combo[0].function, combo[1].function)

    def _score(self, combo: Combo) -> float | None:
        if self.gene.phenotype.by != "activity_score" or len(combo) != 2:
            return None
        first, second = combo[0].activity, combo[1].activity
        if first is None or second is None:
            return None
        return round(first + second, 2)


T = TypeVar("T")


def _unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
