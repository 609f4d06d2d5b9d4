"""Calling a gene from unphased genotypes: every diplotype consistent with what was tested.

Why enumeration: chips and VCFs do not say which copy a variant is on, so a person with two
heterozygous TPMT variants is *1/*3A or *3B/*3C, and PHR says both. Positions that were not
tested are wildcards for consistency, but PHR reports the diplotypes that need no variant at an
untested position and names the alleles it cannot rule out; the status becomes `partial`, never
`called`. A call is never made from "differs from the reference genome": every allele is
matched on its defining bases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations_with_replacement
from typing import TypeVar

from phr.rules.definitions import AlleleDef, GeneDef
from phr.rules.model import CallStatus, PgxCall, UsedGenotype
from phr.rules.observe import Observation

Combo = tuple[AlleleDef, ...]  # one allele (hemizygous) or two (a diplotype)


def call_gene(gene: GeneDef, observations: Sequence[Observation], sex: str | None) -> PgxCall:
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


def assumed_caveat(assumed: Sequence[Observation]) -> str:
    return (
        "Your file lists only differences from the reference genome. It is silent at "
        + ", ".join(o.variant.rsid for o in assumed)
        + ", so PHR assumed the reference genome's base there."
    )


def unless_untested(phenotype: str, cannot: Sequence[str]) -> str:
    """A partial call's phenotype when an allele it could not rule out would change it."""
    return f"{phenotype}, unless an untested allele ({', '.join(cannot)}) is present"


class _GeneCaller:
    def __init__(self, gene: GeneDef, observations: Sequence[Observation], sex: str | None) -> None:
        self.gene = gene
        self.observations = list(observations)
        self.caveats: list[str] = []
        self.hemizygous = self._decide_ploidy(sex)
        self.tested: dict[str, tuple[str, ...]] = {}
        self.missing: list[str] = []
        for obs in self.observations:
            tokens = self._tokens(obs)
            if tokens is None:
                self.missing.append(obs.variant.rsid)
            else:
                self.tested[obs.variant.rsid] = tokens

    # -- ploidy and tokens ------------------------------------------------------------------

    def _decide_ploidy(self, sex: str | None) -> bool:
        if self.gene.ploidy == "haploid":
            return True
        if self.gene.ploidy != "x_linked":
            return False
        if sex == "male":
            return True
        if sex == "female":
            return False
        called = [o.tokens for o in self.observations if o.tokens is not None]
        if any(len(t) == 1 for t in called):
            return True
        if not any(len(set(t)) == 2 for t in called):
            self.caveats.append(
                "Sex is not recorded for this genome; with no mixed calls on the X chromosome "
                "PHR read the result the same way for one or two copies."
            )
        return False

    def _tokens(self, obs: Observation) -> tuple[str, ...] | None:
        tokens = obs.tokens
        if tokens is None:
            if obs.status == "unreadable":
                self.caveats.append(
                    f"At {obs.variant.rsid} the file shows something this rule set cannot read "
                    "(an unknown allele or a different variant); PHR treated it as not tested."
                )
            return None
        rsid = obs.variant.rsid
        known = set().union(*(a.bases[rsid] for a in self.gene.alleles))
        if not set(tokens) <= known:
            self.caveats.append(
                f"At {rsid} the file shows an allele this rule set does not define; PHR "
                "treated the position as not tested."
            )
            return None
        reference = self.gene.reference_allele.bases[rsid]
        if self.gene.ploidy == "haploid":
            distinct = sorted(set(tokens))
            if len(distinct) == 2:
                self.caveats.append(
                    f"At {obs.variant.rsid} the file shows a mixed call (heteroplasmy); PHR read "
                    "it as the variant being present."
                )
                return tuple(t for t in distinct if t not in reference)[:1] or (distinct[0],)
            return (distinct[0],)
        if self.hemizygous:
            if len(set(tokens)) == 2:
                self.caveats.append(
                    f"At {obs.variant.rsid} the file shows two different alleles where one copy "
                    "is expected; PHR treated the position as not tested."
                )
                return None
            return (tokens[0],)
        if len(tokens) == 1:
            self.caveats.append(
                f"At {obs.variant.rsid} the file shows one allele where two are expected; PHR "
                "treated the position as not tested."
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
        base_caveats = list(gene.caveats)
        if not self.tested:
            return not_tested_call(gene, self.missing, self.caveats, used)
        consistent = [c for c in self._combos() if self._fits(c)]
        plain = [c for c in consistent if not any(self._needs_missing(a) for a in c)]
        reported = plain or consistent
        cannot = sorted(
            {a.name for c in consistent for a in c if self._needs_missing(a)},
            key=lambda n: [a.name for a in gene.alleles].index(n),
        )
        status = CallStatus.PARTIAL if self.missing else CallStatus.CALLED
        caveats = self.caveats
        if not consistent:
            status = CallStatus.PARTIAL
            caveats.append(
                f"The genotypes do not fit any pair of {gene.name} alleles PHR knows; a rarer "
                "allele may be present."
            )
        phenotypes = _unique(self._phenotype(c) for c in reported)
        scores = {self._score(c) for c in reported}
        names = tuple(self._name(c) for c in reported)
        if len(reported) > 1:
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
        phenotype_list = tuple(p for p in phenotypes if p is not None)
        fallback_used = False
        if gene.fallback is not None and (status != CallStatus.CALLED or len(phenotype_list) != 1):
            fb = gene.fallback
            tokens = self.tested.get(fb.rsid)
            if tokens is not None and len(tokens) == 2:
                phenotype_list = (fb.by_copies[tokens.count(fb.base)],)
                names = (f"{fb.label} {'/'.join(tokens)}",)
                caveats.append(fb.caveat)
                fallback_used = True
        assumed = [o for o in self.observations if o.assumed]
        rests = self._rests_on_assumption(reported, assumed) and not fallback_used
        if assumed:
            caveats.append(assumed_caveat(assumed))
        if rests:
            caveats.append(
                "On this genome build the reference base there is itself a variant allele, so "
                "this result rests on that assumption: confirm it with a clinical test."
            )
        return PgxCall(
            gene=gene.name,
            diplotypes=names if consistent or fallback_used else (),
            phenotype=self._display_phenotype(phenotype_list, consistent, cannot, fallback_used),
            activity_score=next(iter(scores)) if len(scores) == 1 else None,
            status=status,
            missing=tuple(self.missing),
            caveats=tuple(_unique([*caveats, *base_caveats])),
            genotypes=used,
            assumes_reference=bool(assumed),
            phenotypes=phenotype_list,
            cannot_rule_out=tuple(cannot),
            group=gene.group,
            rests_on_assumption=rests,
        )

    def _display_phenotype(
        self,
        phenotype_list: tuple[str, ...],
        consistent: list[Combo],
        cannot: list[str],
        fallback_used: bool,
    ) -> str | None:
        """The phenotype as shown to the person. A partial call whose untested alleles could
        change the phenotype says so in the same breath, so it never reads as plain "normal"."""
        if not phenotype_list:
            return None
        shown = " or ".join(phenotype_list)
        if fallback_used or not cannot:
            return shown
        possible = {self._phenotype(c) for c in consistent} - {None}
        if possible <= set(phenotype_list):
            return shown
        return unless_untested(shown, cannot)

    def _rests_on_assumption(self, reported: list[Combo], assumed: list[Observation]) -> bool:
        reference = self.gene.reference_allele.bases
        for obs in assumed:
            rsid = obs.variant.rsid
            token = self.tested.get(rsid, ("",))[0]
            if token and token not in reference[rsid]:
                return bool(reported)
        return False

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
