"""Checking PHR's full-definition calls against PharmCAT: its example files and every diplotype.

Used by scripts/pharmcat_agreement.py (the per-gene table) and tests/rules/test_pharmcat.py.
Two kinds of evidence:
- PharmCAT's own example VCFs with the match JSON and report TSV it wrote for them;
- for every pair of alleles a gene defines, the genotypes that pair produces (each allele's
  defined bases, the reference base elsewhere, unphased), called by PHR and compared with the
  pair itself and with PharmCAT's phenotype table. Where two pairings give the same genotypes,
  PharmCAT's scoring keeps the more specific one, so a different answer there is expected and
  reported with that reason.
Nothing here reads a vault: sites are built in memory and called with `call_full`, the same
function a vault's sequencing genome goes through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations_with_replacement
from pathlib import Path

from phr.rules.definitions import GeneDef
from phr.rules.fullcall import FullSite, call_full
from phr.rules.matcher import SampleSite, pairing_fits
from phr.rules.model import PgxCall, UsedGenotype
from phr.rules.pharmcat import WOBBLE, PcAllele, PcGene

Genotypes = dict[int, tuple[str, ...]]  # position index -> tokens (missing when absent)


def sites_from(
    gene: PcGene, genotypes: Genotypes, phases: Genotypes | None = None
) -> list[FullSite]:
    """In-memory sites as `read_sites` would give them for a file with these genotypes
    (`phases`: the copies, in order, of phased heterozygous positions)."""
    phases = phases or {}
    sites: list[FullSite] = []
    for position in gene.positions:
        tokens = genotypes.get(position.index)
        strange = None
        if tokens is not None and not all(t in position.known for t in tokens):
            strange, tokens = "/".join(tokens), None
        status = "called" if tokens is not None or strange else "not_tested"
        used = UsedGenotype(position.label, gene.name, position.chrom, position.pos, tokens, status)
        phase = phases.get(position.index) if tokens is not None else None
        sites.append(FullSite(position, tokens, used, strange=strange, phase=phase))
    return sites


def base_of(gene: PcGene, allele: PcAllele, index: int) -> str:
    """The base an allele puts at a position: its own (a wobble's reference-side base if it
    has one), else the reference base."""
    ref = gene.positions[index].ref
    wanted = allele.alleles[index]
    if wanted is None:
        return ref
    options = WOBBLE.get(wanted)
    if options is None:
        return wanted
    return ref if ref in options else sorted(options)[0]


def pair_genotypes(gene: PcGene, names: tuple[str, ...]) -> Genotypes:
    """Unphased genotypes of a diplotype (or of one haplotype, hemizygous)."""
    alleles = [gene.allele(n) for n in names]
    return {
        p.index: tuple(sorted(base_of(gene, a, p.index) for a in alleles)) for p in gene.positions
    }


def pair_phases(gene: PcGene, names: tuple[str, ...]) -> Genotypes:
    """A diplotype's heterozygous positions copy by copy: a phased file of the pair."""
    first, second = (gene.allele(n) for n in names)
    phases: Genotypes = {}
    for p in gene.positions:
        copies = (base_of(gene, first, p.index), base_of(gene, second, p.index))
        if copies[0] != copies[1]:
            phases[p.index] = copies
    return phases


def pharmcat_phenotype(gene: PcGene, names: tuple[str, ...]) -> str | None:
    """PharmCAT's phenotype for a diplotype from its table (None: the table has none)."""
    found = gene.lookup(names)
    return None if found is None else found[0]


@dataclass
class GeneTally:
    gene: str
    chip_positions: int
    vcf_positions: int
    tested: int = 0
    agreed: int = 0
    differing: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)

    def differ(self, what: str, reason: str) -> None:
        self.differing.append(f"{what}: {reason}")
        self.reasons[reason] = self.reasons.get(reason, 0) + 1


def _pairs(gene: PcGene, hemizygous: bool) -> Iterator[tuple[str, ...]]:
    names = [a.name for a in gene.alleles]
    if hemizygous:
        yield from ((n,) for n in names)
        return
    yield from combinations_with_replacement(names, 2)


def _phenotype_words(value: str | None) -> str | None:
    return None if value in (None, "Indeterminate") else value


def check_generated(
    rules: GeneDef,
    gene: PcGene,
    tally: GeneTally,
    *,
    hemizygous: bool = False,
    limit: int = 0,
    phased: bool = False,
) -> None:
    """Call every diplotype's genotypes (or `limit` evenly spread ones) and tally agreement;
    `phased` writes each pair as a phased file would (first allele on copy 1)."""
    pairs = list(_pairs(gene, hemizygous))
    if limit and len(pairs) > limit:
        step = len(pairs) / limit
        pairs = [pairs[int(i * step)] for i in range(limit)]
    sex = "male" if hemizygous else ("female" if rules.ploidy == "x_linked" else None)
    for names in pairs:
        tally.tested += 1
        phases = pair_phases(gene, names) if phased and not hemizygous else None
        sites = sites_from(gene, pair_genotypes(gene, names), phases)
        call = call_full(rules, gene, sites, sex)
        _compare_generated(gene, names, call, tally, phased=phases is not None)


def _compare_generated(
    gene: PcGene, names: tuple[str, ...], call: PgxCall, tally: GeneTally, *, phased: bool = False
) -> None:
    label = "/".join(names)
    expected_names = _dpyd_expected(gene, names) if gene.name == "DPYD" else label
    if call.status != "called":
        tally.differ(label, f"PHR's call is {call.status}")
        return
    if expected_names not in call.diplotypes or len(call.diplotypes) > 1:
        shown = " or ".join(call.diplotypes)
        tally.differ(f"{label} -> {shown}", _why_different(gene, names, call, phased=phased))
        return
    if gene.diplotypes:
        wanted = _phenotype_words(pharmcat_phenotype(gene, tuple(expected_names.split("/"))))
        if wanted != call.phenotype:
            tally.differ(label, f"phenotype {call.phenotype!r} vs PharmCAT {wanted!r}")
            return
    tally.agreed += 1


def _dpyd_expected(gene: PcGene, names: tuple[str, ...]) -> str:
    """PharmCAT's DPYD answer for a generated pair: the pair itself, in definition order."""
    return "/".join(sorted(names, key=gene.order))


def _why_different(
    gene: PcGene, names: tuple[str, ...], call: PgxCall, *, phased: bool = False
) -> str:
    """Why PHR's answer is not the pair that made the genotypes, and whether it matters."""
    sites = {i: SampleSite(t) for i, t in pair_genotypes(gene, names).items()}
    if phased:
        sites.update({i: SampleSite(t, phased=True) for i, t in pair_phases(gene, names).items()})
    wanted = _phenotype_words(pharmcat_phenotype(gene, names))
    same = (
        " (same phenotype)"
        if not gene.diplotypes or wanted == call.phenotype
        else (f" (phenotype {call.phenotype!r}, the pair's own is {wanted!r})")
    )
    if "/".join(names) in call.diplotypes:
        genotypes = "phased genotypes" if phased else "genotypes"
        return (
            f"other pairings explain the same {genotypes} equally well: PHR lists them all" + same
        )
    if len(names) == 2 and pairing_fits(gene, names, sites):
        if phased and gene.name == "DPYD":
            return "DPYD is read by CPIC's lowest-function rule, which does not use phase" + same
        kind = "phased" if phased else "unphased"
        return (
            f"these {kind} genotypes also fit a more specific pairing, which PharmCAT's "
            "score prefers (PHR does the same)" + same
        )
    return "PHR names a pairing that does not contain the generating alleles"


# -- PharmCAT's example files ---------------------------------------------------------------

_GT = re.compile(r"[/|]")


def read_example_vcf(path: Path) -> dict[tuple[str, int], tuple[str, ...] | None]:
    """(chrom, pos) -> sorted tokens (None for a no-call) from a small uncompressed VCF."""
    found: dict[tuple[str, int], tuple[str, ...] | None] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            chrom, pos, ref, alts, sample = cols[0], int(cols[1]), cols[3], cols[4], cols[9]
            alleles = [ref, *alts.split(",")]
            gt = sample.split(":", 1)[0]
            parts = _GT.split(gt)
            if any(p in (".", "") for p in parts):
                found[(chrom.removeprefix("chr"), pos)] = None
                continue
            found[(chrom.removeprefix("chr"), pos)] = tuple(sorted(alleles[int(p)] for p in parts))
    return found


def example_genotypes(
    gene: PcGene, calls: dict[tuple[str, int], tuple[str, ...] | None]
) -> Genotypes:
    genotypes: Genotypes = {}
    for position in gene.positions:
        tokens = calls.get((position.chrom, position.pos))
        if tokens is not None:
            genotypes[position.index] = tokens
    return genotypes


def read_pharmcat_outputs(match: Path, report: Path) -> dict[str, tuple[list[str], str]]:
    """gene -> (PharmCAT's diplotype names, its phenotype text) from its match JSON and TSV."""
    results = json.loads(match.read_text(encoding="utf-8"))["results"]
    diplotypes = {r["gene"]: [d["name"] for d in r["diplotypes"]] for r in results}
    phenotypes: dict[str, str] = {}
    lines = report.read_text(encoding="utf-8").splitlines()
    header = lines[1].split("\t")
    for line in lines[2:]:
        cols = line.split("\t")
        row = dict(zip(header, cols, strict=False))
        phenotypes[row["Gene"]] = row.get("Phenotype", "").strip()
    return {g: (names, phenotypes.get(g, "")) for g, names in diplotypes.items()}


def check_example(
    rules: GeneDef,
    gene: PcGene,
    calls: dict[tuple[str, int], tuple[str, ...] | None],
    expected: tuple[list[str], str],
    tally: GeneTally,
    name: str,
) -> None:
    """One example file for one gene: diplotypes and (where PharmCAT gives one) phenotype."""
    tally.tested += 1
    call = call_full(rules, gene, sites_from(gene, example_genotypes(gene, calls)), None)
    names, phenotype = expected
    if set(call.diplotypes) != set(names):
        tally.differ(name, f"PHR {' or '.join(call.diplotypes)} vs PharmCAT {' or '.join(names)}")
        return
    if phenotype and _phenotype_words(phenotype) != call.phenotype:
        tally.differ(name, f"phenotype {call.phenotype!r} vs PharmCAT {phenotype!r}")
        return
    tally.agreed += 1
