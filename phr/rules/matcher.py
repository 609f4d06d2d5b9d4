"""Matching genotypes to PharmCAT's full allele definitions, the way PharmCAT documents it.

The method (our own code, following PharmCAT's published matcher behaviour):
- an allele carries its defined bases and the reference base wherever its definition names
  none; a pair fits when, at every tested position, one copy can carry each observed base;
- unphased genotypes often fit several pairs (TPMT *1/*3A or *3B/*3C); the most specific
  wins: an allele scores the number of positions it names (the reference allele names all of
  them), a diplotype the sum of its two alleles, and only the highest-scoring diplotypes are
  kept. Equal scores are all reported (an ambiguity), never guessed between;
- positions the file did not test are dropped from every definition before matching and
  scoring; an allele left with no defined position cannot be seen and is not offered (the
  caller says which alleles could not be ruled out);
- unphased genotypes may pair each heterozygous position either way; phased ones keep their
  copy. One copy (a man's X) is matched as a single haplotype;
- DPYD follows CPIC's lowest-function reading for unphased files: every DPYD allele found is
  counted by copy, the most specific first, and the two lowest-function copies make the
  diplotype (`match_lowest_function`).
Pure functions over plain values, so tests and scripts/pharmcat_agreement.py use them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from phr.rules.pharmcat import PcAllele, PcGene


@dataclass(frozen=True)
class SampleSite:
    """What the file shows at one defined position: one token (hemizygous) or two."""

    tokens: tuple[str, ...]
    phased: bool = False  # tokens[0] is on copy 1, tokens[1] on copy 2


@dataclass(frozen=True)
class Match:
    """The best-scoring diplotypes (each a tuple of allele names, definition order), their
    score, and every allele found (DPYD lists more than two when it finds more)."""

    diplotypes: tuple[tuple[str, ...], ...]
    score: int
    found: tuple[str, ...] = ()
    # pairings that also fit the unphased genotypes but score lower (PharmCAT does not show
    # them; PHR mentions them when they would mean something else)
    others: tuple[tuple[str, ...], ...] = ()


def _usable(gene: PcGene, present: set[int]) -> list[tuple[PcAllele, int]]:
    """Alleles still visible once untested positions are dropped, with their scores."""
    usable: list[tuple[PcAllele, int]] = []
    for allele in gene.alleles:
        if allele.reference:
            usable.append((allele, len(present)))
            continue
        score = sum(1 for i in allele.defined() if i in present)
        if score:
            usable.append((allele, score))
    return usable


def _variant_sites(gene: PcGene, sites: Mapping[int, SampleSite]) -> set[int]:
    """Tested positions where some copy is not the reference base."""
    return {i for i, site in sites.items() if any(t != gene.positions[i].ref for t in site.tokens)}


def _copy_fits(
    gene: PcGene, allele: PcAllele, sites: Mapping[int, SampleSite], homozygous: set[int]
) -> bool:
    """The allele could be one of the copies: at every tested position it names, one of the
    tokens is its base; where it names none it carries the reference, so a position where no
    copy is reference (`homozygous`) must be one it names."""
    if not homozygous <= allele.named:
        return False
    for i in allele.defined():
        site = sites.get(i)
        ref = gene.positions[i].ref
        if site is not None and not any(allele.accepts(i, t, ref) for t in site.tokens):
            return False
    return True


def _pair_fits(
    gene: PcGene,
    first: PcAllele,
    second: PcAllele,
    sites: Mapping[int, SampleSite],
    variants: set[int],
) -> bool:
    """Both alleles together explain every tested position, one token each. Positions that
    neither names and where the sample is reference fit by construction."""
    shared = sorted(({*first.defined(), *second.defined()} & sites.keys()) | variants)
    for flip in (False, True):  # which copy `first` sits on, for phased positions
        ok = True
        for i in shared:
            site = sites[i]
            ref = gene.positions[i].ref
            x, y = site.tokens
            if x == y == ref and first.alleles[i] is None and second.alleles[i] is None:
                continue
            straight = first.accepts(i, x, ref) and second.accepts(i, y, ref)
            crossed = first.accepts(i, y, ref) and second.accepts(i, x, ref)
            fits = (crossed if flip else straight) if site.phased else straight or crossed
            if not fits:
                ok = False
                break
        if ok:
            return True
    return False


def match_gene(gene: PcGene, sites: Mapping[int, SampleSite]) -> Match:
    """The best diplotypes (or single haplotypes when every site has one token) for `sites`,
    keyed by position index. No fitting pair gives an empty match (score 0)."""
    present = set(sites)
    variants = _variant_sites(gene, sites)
    usable = _usable(gene, present)
    homozygous = {i for i in variants if gene.positions[i].ref not in sites[i].tokens}
    candidates = [(a, s) for a, s in usable if _copy_fits(gene, a, sites, homozygous)]
    if all(len(site.tokens) == 1 for site in sites.values()):
        best = max((s for _, s in candidates), default=0)
        single: tuple[tuple[str, ...], ...] = tuple((a.name,) for a, s in candidates if s == best)
        return Match(single if best else (), best)
    found: dict[tuple[str, ...], int] = {}
    for i, (first, s1) in enumerate(candidates):
        for second, s2 in candidates[i:]:
            if _pair_fits(gene, first, second, sites, variants):
                found[(first.name, second.name)] = s1 + s2
    if not found:
        return Match((), 0)
    best = max(found.values())
    top = tuple(sorted(k for k, v in found.items() if v == best))
    others = tuple(k for k, _ in sorted(found.items(), key=lambda kv: -kv[1]) if k not in top)
    return Match(top, best, others=others)


def match_lowest_function(gene: PcGene, sites: Mapping[int, SampleSite]) -> Match:
    """CPIC's DPYD reading: each allele found counts once per copy carrying all its defined
    bases, the most specific alleles claim their variant copies first, and the two copies
    with the lowest activity (reference copies fill up to two) make the diplotype."""
    present = set(sites)
    reference = gene.reference
    left: dict[tuple[int, str], int] = {}
    for i, site in sites.items():
        for token in site.tokens:
            if token != gene.positions[i].ref:
                left[(i, token)] = left.get((i, token), 0) + 1
    copies: list[PcAllele] = []
    usable = sorted(
        ((a, s) for a, s in _usable(gene, present) if not a.reference),
        key=lambda item: (-item[1], gene.order(item[0].name)),
    )
    for allele, _ in usable:
        needs = [(i, str(allele.alleles[i])) for i in allele.defined() if i in present]
        if any(base == gene.positions[i].ref for i, base in needs):
            continue  # a definition that needs a reference base is not a variant copy
        count = min(left.get(need, 0) for need in needs)
        if count == 0:
            continue
        for need in needs:
            left[need] -= count
        copies += [allele] * count
    if any(n > 0 for n in left.values()):
        return Match((), 0)  # a variant no DPYD allele explains
    found = tuple(a.name for a in copies)
    ranked = sorted(
        copies, key=lambda a: (a.activity if a.activity is not None else 1.0, gene.order(a.name))
    )
    pair = sorted([*ranked[:2], reference, reference][:2], key=lambda a: gene.order(a.name))
    return Match(((pair[0].name, pair[1].name),), 0, found)


def pairing_fits(gene: PcGene, names: tuple[str, ...], sites: Mapping[int, SampleSite]) -> bool:
    """Whether the named pairing explains `sites` at all, whatever its score (for reports
    that explain why a more specific pairing was preferred)."""
    variants = _variant_sites(gene, sites)
    first, second = (gene.allele(n) for n in names)
    return _pair_fits(gene, first, second, sites, variants)
