"""Calling a gene from a sequencing file with PharmCAT's full allele definitions.

A chip reads the handful of positions genes.yaml lists; a GRCh38 VCF or gVCF can show every
position PharmCAT defines, so for those files PHR reads them all (`phr.rules.pharmcat`), matches
them as PharmCAT does (`phr.rules.matcher`) and names the phenotype from PharmCAT's CPIC table.
The CLINICAL.md rules still decide what may be said:
- a position the file did not test stays missing (a gVCF block is a tested reference call, a
  whole-genome variant-only file's silence is "assumed reference" only with records close on
  both sides: `GenotypeReader` decides); the call is then partial and names what was not
  tested, and the phenotype stands only if no allele those positions define could change it;
- a base that is neither the reference nor an allele PharmCAT defines makes the gene
  indeterminate (rule 7);
- G6PD uses the sex the person states; a heterozygous X call always means two copies (rule 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phr.genome.model import Build, GenotypeStatus, Locus
from phr.genome.store import GenotypeReader
from phr.rules.calling import (
    assumed_text,
    indeterminate_call,
    not_tested_call,
    one_copy,
    undetermined,
    unknown_allele_reason,
)
from phr.rules.definitions import GeneDef
from phr.rules.matcher import Match, SampleSite, match_gene, match_lowest_function
from phr.rules.model import CallStatus, PgxCall, Possibility, UsedGenotype
from phr.rules.pharmcat import CPIC_READS_AS, PcAllele, PcGene, PcPosition

# PharmCAT's name for "no phenotype can be given" (an allele of unknown or uncertain function)
INDETERMINATE = "Indeterminate"
# What an allele without a known function could mean, among the possible phenotypes
UNKNOWN_RESULT = "unknown (an allele whose function PHR's tables do not hold)"
# Genes whose PharmCAT alleles take their function from the genes.yaml allele whose defining
# variants they carry (CYP4F2: CPIC only asks whether a copy carries *3, rs2108622 T).
_BY_CARRIED_VARIANT = frozenset({"CYP4F2"})
# genes.yaml caveats that describe what a chip cannot read: wrong for a full sequencing read
_CHIP_ONLY_CAVEATS = frozenset({"UGT1A1", "NUDT15"})
# Longest list of untested positions written out in a caveat (G6PD defines 171)
_LISTED = 12


@dataclass(frozen=True)
class FullSite:
    """One defined position as read from the file: tokens None when missing."""

    position: PcPosition
    tokens: tuple[str, ...] | None
    used: UsedGenotype
    assumed: bool = False
    strange: str | None = None  # what the file shows when no definition knows it
    discordant: bool = False  # a no-call because the file gave two genotypes here
    phase: tuple[str, ...] | None = None  # a phased VCF call's alleles copy by copy


def read_sites(reader: GenotypeReader, gene: PcGene) -> list[FullSite]:
    """Every defined position of `gene` as the genome shows it (GRCh38 genomes only)."""
    return [_read_site(reader, gene.name, p) for p in gene.positions]


def _read_site(reader: GenotypeReader, gene: str, position: PcPosition) -> FullSite:
    answer = reader.at(Locus(rsid=position.rsid, chrom=position.chrom, pos=position.pos))
    status = answer.status
    tokens: tuple[str, ...] | None = None
    strange: str | None = None
    if status == GenotypeStatus.CALLED:
        shown = answer.alleles or ()
        same_site = answer.pos == position.pos and answer.ref in (None, position.ref)
        if same_site and shown and all(t in position.known for t in shown):
            tokens = tuple(shown)
        else:
            strange = " and ".join(t for t in shown if t not in position.known) or "/".join(shown)
    elif status in (GenotypeStatus.REFERENCE_BLOCK, GenotypeStatus.ASSUMED_REFERENCE):
        tokens = (position.ref, position.ref)
    used = UsedGenotype(
        rsid=position.label,
        gene=gene,
        chrom=position.chrom,
        pos=position.pos,
        alleles=answer.alleles if answer.alleles is not None else tokens,
        status=str(status),
    )
    return FullSite(
        position,
        tokens,
        used,
        assumed=status == GenotypeStatus.ASSUMED_REFERENCE,
        strange=strange,
        discordant=answer.discordant,
        phase=answer.phase if tokens is not None and status == GenotypeStatus.CALLED else None,
    )


def _listed(labels: Sequence[str]) -> str:
    if len(labels) <= _LISTED:
        return ", ".join(labels)
    return ", ".join(labels[:_LISTED]) + f" and {len(labels) - _LISTED} more"


def call_full(rules: GeneDef, gene: PcGene, sites: Sequence[FullSite], sex: str | None) -> PgxCall:
    """The call for `gene` from `sites` (one per defined position, in definition order)."""
    return _FullCaller(rules, gene, sites, sex).call()


class _FullCaller:
    def __init__(
        self, rules: GeneDef, gene: PcGene, sites: Sequence[FullSite], sex: str | None
    ) -> None:
        self.rules = rules
        self.gene = gene
        self.sites = list(sites)
        self.caveats: list[str] = []
        self.unknown = [
            unknown_allele_reason(s.position.label, s.strange) for s in sites if s.strange
        ]
        seen = {s.position.index: s.tokens for s in sites if s.tokens is not None}
        # phased VCF calls keep their copies: phase can tell TPMT *3A/*1 from *3B/*3C
        phases = {s.position.index: s.phase for s in sites if s.phase is not None}
        mixed = [gene.positions[i].label for i, t in seen.items() if len(set(t)) == 2]
        single = any(len(t) == 1 for t in seen.values())
        self.hemizygous = one_copy(rules, sex, mixed, single, self.caveats)
        self.tested: dict[int, SampleSite] = {}
        self.missing: list[str] = [
            s.position.label for s in sites if s.tokens is None and not s.strange
        ]
        for index, tokens in seen.items():
            if self.hemizygous:
                self.tested[index] = SampleSite((tokens[0],))
            elif index in phases:
                self.tested[index] = SampleSite(phases[index], phased=True)
            elif len(tokens) == 2:
                self.tested[index] = SampleSite(tokens)
            else:
                label = gene.positions[index].label
                self.caveats.append(
                    f"At {label} the file shows one allele where two are expected; PHR treated "
                    "the position as not tested."
                )
                self.missing.append(label)

    # -- matching ----------------------------------------------------------------------------

    def _match(self) -> Match:
        if self.gene.name == "DPYD" and not self.hemizygous:
            return match_lowest_function(self.gene, self.tested)
        return match_gene(self.gene, self.tested)

    def _untested_alleles(self) -> list[PcAllele]:
        """Alleles defined at an untested position that the tested positions do not exclude."""
        missing = {s.position.index for s in self.sites if s.position.index not in self.tested}
        found: list[PcAllele] = []
        for allele in self.gene.alleles:
            if allele.reference:
                continue
            needs_missing = any(
                i in missing and allele.alleles[i] != self.gene.positions[i].ref
                for i in allele.defined()
            )
            fits = needs_missing and all(
                any(allele.accepts(i, t, self.gene.positions[i].ref) for t in self.tested[i].tokens)
                for i in allele.defined()
                if i in self.tested
            )
            if needs_missing and fits:
                found.append(allele)
        return found

    # -- phenotype ---------------------------------------------------------------------------

    def _function(self, allele: PcAllele) -> str | None:
        """The allele's function in the words genes.yaml's phenotype rule uses."""
        if allele.function is not None:
            return allele.function  # IFNL3: PharmCAT's words are the rule's words
        positions = {v.position(Build.GRCH38).pos: v.rsid for v in self.rules.variants}
        carried: dict[str, str] = {}
        for i in allele.defined():
            rsid = positions.get(self.gene.positions[i].pos)
            base = allele.alleles[i]
            if base != self.gene.positions[i].ref:
                if rsid is None:
                    if self.gene.name not in _BY_CARRIED_VARIANT:
                        return None  # a variant PHR's rule set has no function for
                    continue
                carried[rsid] = str(base)
        if allele.reference:
            return self.rules.reference_allele.function
        best: tuple[int, str] | None = None
        for known in self.rules.alleles:
            if known.reference or not known.defining:
                continue
            wanted = {r: known.bases[r] for r in known.defining}
            has = all(carried.get(r) in bases for r, bases in wanted.items())
            exact = set(carried) == set(wanted)
            allowed = exact or self.gene.name in _BY_CARRIED_VARIANT
            if has and allowed and (best is None or len(wanted) > best[0]):
                best = (len(wanted), known.function)
        if best is None and self.gene.name in _BY_CARRIED_VARIANT:
            return self.rules.reference_allele.function  # CYP4F2: no *3 variant on this copy
        return None if best is None else best[1]

    def _phenotype(self, names: tuple[str, ...]) -> tuple[str | None, float | None]:
        if self.gene.diplotypes:
            found = self.gene.lookup(names)
            if found is None or found[0] == INDETERMINATE:
                return None, None
            score = found[1]
            try:
                value = None if score in (None, "n/a") else float(str(score))
            except ValueError:
                value = None
            return found[0], value
        rule = self.rules.phenotype
        functions = [self._function(self.gene.allele(n)) for n in names]
        if any(f is None for f in functions):
            return None, None
        if len(functions) == 1:
            return rule.hemizygous.get(str(functions[0])), None
        return rule.from_functions(str(functions[0]), str(functions[1])), None

    # -- the call ----------------------------------------------------------------------------

    def call(self) -> PgxCall:
        rules, gene = self.rules, self.gene
        used = tuple(s.used for s in self.sites)
        if self.unknown:
            return indeterminate_call(rules, [*self.unknown, *self.caveats], used)
        if not self.tested:
            caveats = [*self.caveats, self._coverage_caveat()]
            return not_tested_call(rules, self.missing, caveats, used)
        match = self._match()
        if not match.diplotypes:
            return indeterminate_call(
                rules,
                [
                    *self.caveats,
                    f"Your genotypes do not fit any pair of {gene.name} alleles PharmCAT "
                    "defines; a rarer allele may be present.",
                ],
                used,
            )
        caveats = self.caveats
        names = tuple("/".join(d) for d in match.diplotypes)
        if len(names) > 1:
            caveats.append(
                "Your genotypes fit more than one allele pairing equally well ("
                + " or ".join(names)
                + "); a test that reads each copy separately can tell them apart."
            )
        if len(match.found) > 2:
            caveats.append(
                f"More than two {gene.name} variant copies were found ("
                + ", ".join(match.found)
                + "); as CPIC describes, the two with the lowest function count."
            )
        shown: set[Possibility] = {self._phenotype(d) for d in match.diplotypes}
        meaning = {p for p, _ in shown}
        other = [d for d in match.others if self._phenotype(d)[0] not in meaning][:3]
        pairing_note = None
        if other:
            # PharmCAT's score reads the most specific pairing; another meaning is still said
            pairing_note = (
                "Without knowing which copy carries which variant, your genotypes also fit "
                + " or ".join(
                    f"{'/'.join(d)} ({self._phenotype(d)[0] or 'no phenotype'})" for d in other
                )
                + ". Like PharmCAT, PHR reads the pairing whose alleles account for the most "
                "defined positions; a test that reads each copy separately can tell."
            )
            caveats.append(pairing_note)
        possible = set(shown)
        untested = self._untested_alleles()
        for diplotype in match.diplotypes:
            for stand_in in untested:
                for swapped in _swaps(diplotype, stand_in.name):
                    possible.add(self._phenotype(swapped))
            if len(diplotype) == 2:
                # both copies untested: one allele per function stands for the rest
                kinds = {(a.function, a.activity): a for a in untested}
                for a in kinds.values():
                    for b in kinds.values():
                        possible.add(self._phenotype((a.name, b.name)))
        unknown_function = any(p is None for p, _ in shown)
        phenotype_list = tuple(sorted({p for p, _ in shown if p is not None}))
        phenotype, could_be = undetermined(rules, shown, possible)
        cannot = [a.name for a in untested]
        if phenotype is None and not cannot and len(phenotype_list) > 1:
            phenotype, could_be = " or ".join(phenotype_list), phenotype_list
        if phenotype is None and any(p is None for p, _ in possible):
            # an allele that could be there has no phenotype: never list only the named ones
            could_be = (*could_be, UNKNOWN_RESULT)
        if unknown_function:
            phenotype = None
            if gene.diplotypes:
                why = ": an allele's function is unknown or uncertain, so PHR does not name one."
            else:  # G6PD: no PharmCAT function table (resources/pharmcat/PROVENANCE.txt)
                why = (
                    ": PHR's tables hold no function for an allele in it, so PHR does not "
                    "name one. A clinical test or an enzyme test can."
                )
            caveats.append(f"PHR names no {gene.name} phenotype for " + " or ".join(names) + why)
        if phenotype in CPIC_READS_AS:
            caveats.append(
                f"CPIC gives {phenotype} the same recommendations as "
                f"{CPIC_READS_AS[phenotype]}, so PHR's notes read it that way."
            )
        caveats.append(self._coverage_caveat())
        if self.missing:
            caveats.append("Not tested or no-call: " + _listed(self.missing) + ".")
        if cannot:
            caveats.append("Cannot be ruled out: " + _listed(cannot) + ".")
        assumed = [s for s in self.sites if s.assumed]
        if assumed:
            caveats.append(_assumed(assumed))
        scores = {s for _, s in (shown if phenotype is not None else possible)}
        kept = [] if rules.name in _CHIP_ONLY_CAVEATS else list(rules.caveats)
        rare_names = {a.name for a in rules.alleles if a.rare}
        return PgxCall(
            gene=rules.name,
            diplotypes=names,
            phenotype=phenotype,
            activity_score=next(iter(scores)) if len(scores) == 1 and phenotype else None,
            status=CallStatus.PARTIAL if self.missing else CallStatus.CALLED,
            missing=tuple(self.missing),
            caveats=tuple(dict.fromkeys([*caveats, *kept])),
            genotypes=used,
            assumes_reference=bool(assumed),
            phenotypes=phenotype_list,
            cannot_rule_out=tuple(cannot),
            group=rules.group,
            possible_phenotypes=could_be,
            possibilities=tuple(
                sorted(
                    possible if phenotype is None else shown,
                    key=lambda p: (-(p[1] if p[1] is not None else 0.0), p[0] or ""),
                )
            ),
            rare_alleles=tuple(sorted({n for d in match.diplotypes for n in d} & rare_names)),
            pairing_note=pairing_note,
        )

    def _coverage_caveat(self) -> str:
        tested = len(self.tested)
        total = len(self.gene.positions)
        if total == 1:  # VKORC1: "1 positions ... all of them" read oddly
            return (
                f"PHR read {self.gene.name} against PharmCAT's allele definition (1 position, "
                f"data {self.gene.version}); the file "
                + ("tested it." if tested else "did not test it.")
            )
        return (
            f"PHR read {self.gene.name} against PharmCAT's full allele definitions "
            f"({total} positions, data {self.gene.version}); the file tested "
            + ("all of them." if tested == total else f"{tested} of them.")
        )


def _swaps(diplotype: tuple[str, ...], name: str) -> list[tuple[str, ...]]:
    return [(*diplotype[:i], name, *diplotype[i + 1 :]) for i in range(len(diplotype))]


def _assumed(sites: Sequence[FullSite]) -> str:
    """The assumed-reference caveat, a long list shortened."""
    labels = [s.position.label for s in sites]
    if len(labels) > _LISTED:
        labels = [*labels[:_LISTED], f"{len(labels) - _LISTED} more positions"]
    return assumed_text(labels)
