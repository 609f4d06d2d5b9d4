"""PharmCAT's allele definitions and phenotype tables, bundled under resources/pharmcat.

Why a second source of definitions: PHR's own rule set (genes.yaml) holds the positions a chip
can read. A sequencing VCF or gVCF can show every position PharmCAT defines for a gene, so for
those files PHR matches against PharmCAT's full definitions (GRCh38 coordinates, VCF alleles).
The files are read lazily, once per process and per gene, and checked as they are read: a
broken bundled file is a packaging bug and fails loudly (`RuleSetError`), never half-read.
Nothing here runs at `phr --version` / `phr info` start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from phr.errors import RuleSetError
from phr.genome.model import normalize_chrom

# The genes PHR matches with PharmCAT's full definitions on sequencing files.
FULL_GENES: tuple[str, ...] = (
    "ABCG2",
    "CYP2B6",
    "CYP2C19",
    "CYP2C9",
    "CYP3A5",
    "CYP4F2",
    "DPYD",
    "G6PD",
    "IFNL3",
    "NUDT15",
    "SLCO1B1",
    "TPMT",
    "UGT1A1",
    "VKORC1",
)

# How many positions each bundled definition holds: known without reading the files, so a chip
# result can say how much of the gene it covers at no load cost (a test checks the numbers).
DEFINED_POSITIONS: dict[str, int] = {
    "ABCG2": 1,
    "CYP2B6": 48,
    "CYP2C19": 35,
    "CYP2C9": 83,
    "CYP3A5": 5,
    "CYP4F2": 20,
    "DPYD": 83,
    "G6PD": 171,
    "IFNL3": 1,
    "NUDT15": 18,
    "SLCO1B1": 35,
    "TPMT": 43,
    "UGT1A1": 4,
    "VKORC1": 1,
}

# Phenotypes PharmCAT's CPIC tables name that PHR's own rule set does not, with the phenotype
# whose recommendations the CPIC guidelines give for them (CPIC gives a "likely" or "possible"
# phenotype the recommendations of the phenotype it names; SLCO1B1 increased function those of
# normal function: PMIDs 35034351, 30447069, 25801146, 35152405). Notes read them that way; the
# person still sees the phenotype as CPIC names it.
CPIC_READS_AS: dict[str, str] = {
    "Likely Intermediate Metabolizer": "Intermediate Metabolizer",
    "Likely Poor Metabolizer": "Poor Metabolizer",
    "Possible Intermediate Metabolizer": "Intermediate Metabolizer",
    "Possible Decreased Function": "Decreased Function",
    "Increased Function": "Normal Function",
}

# The UGT1A1 promoter TA repeat (*28, *36, *37): many VCFs do not call it.
UGT1A1_REPEAT = "rs3064744"

# IUPAC codes PharmCAT uses where a definition accepts either of two bases.
WOBBLE: dict[str, frozenset[str]] = {
    "R": frozenset("AG"),
    "Y": frozenset("CT"),
    "S": frozenset("CG"),
    "W": frozenset("AT"),
    "K": frozenset("GT"),
    "M": frozenset("AC"),
}


@dataclass(frozen=True)
class PcPosition:
    """One defined position: GRCh38, VCF coordinates and alleles (indels with anchor base)."""

    index: int
    chrom: str
    pos: int
    rsid: str | None
    ref: str
    alts: tuple[str, ...]

    @property
    def label(self) -> str:
        """What PHR calls the position in text: its rsID, else chromosome:position."""
        return self.rsid or f"chr{self.chrom}:{self.pos}"

    @property
    def known(self) -> frozenset[str]:
        return frozenset((self.ref, *self.alts))


@dataclass(frozen=True)
class PcAllele:
    """A named allele. `alleles[i]` is None where the definition names no base at position i
    (the allele carries the reference base there); the reference allele names every one."""

    name: str
    alleles: tuple[str | None, ...]
    reference: bool
    function: str | None = None
    activity: float | None = None

    def accepts(self, index: int, token: str, ref: str) -> bool:
        """The allele can carry `token` at position `index` (whose reference base is `ref`):
        a position the definition leaves empty carries the reference base, as in PharmCAT."""
        wanted = self.alleles[index]
        if wanted is None:
            return token == ref
        return token == wanted or token in WOBBLE.get(wanted, ())

    def defined(self) -> tuple[int, ...]:
        """The positions this definition names (the reference allele names them all)."""
        return self._defined

    @cached_property
    def named(self) -> frozenset[int]:
        """`defined()` as a set, for quick subset tests."""
        return frozenset(self._defined)

    @cached_property
    def _defined(self) -> tuple[int, ...]:
        return tuple(i for i, a in enumerate(self.alleles) if a is not None)


@dataclass(frozen=True)
class PcGene:
    name: str
    chrom: str
    positions: tuple[PcPosition, ...]
    alleles: tuple[PcAllele, ...]
    version: str
    # PharmCAT's phenotype table: sorted ((allele, copies), ...) -> (phenotype, activity score)
    diplotypes: dict[tuple[tuple[str, int], ...], tuple[str, str | None]]

    @property
    def reference(self) -> PcAllele:
        return next(a for a in self.alleles if a.reference)

    def allele(self, name: str) -> PcAllele:
        return next(a for a in self.alleles if a.name == name)

    def order(self, name: str) -> int:
        """The definition file's order, which PharmCAT also uses to write a diplotype."""
        return next(i for i, a in enumerate(self.alleles) if a.name == name)

    def lookup(self, names: tuple[str, ...]) -> tuple[str, str | None] | None:
        """PharmCAT's (phenotype, activity score) for a diplotype, if its table has one."""
        counts: dict[str, int] = {}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        return self.diplotypes.get(tuple(sorted(counts.items())))


def _fail(gene: str, what: str) -> RuleSetError:
    return RuleSetError(f"PharmCAT definition file for {gene}: {what}")


def _read(folder: str, name: str) -> Any:
    text = resources.files("resources").joinpath("pharmcat", folder, name)
    try:
        return json.loads(text.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RuleSetError(f"PharmCAT file {folder}/{name} cannot be read.") from exc


@cache
def load_pharmcat_gene(gene: str) -> PcGene:
    """The checked definition of `gene` (cached for the process)."""
    if gene not in FULL_GENES:
        raise RuleSetError(f"PHR bundles no PharmCAT definition for {gene}.")
    raw = _read("alleles", f"{gene}_translation.json")
    if raw is None:
        raise _fail(gene, "the file is missing from the installation.")
    phenotype = _read("phenotype", f"{gene}.json")
    checked = _gene(gene, raw, phenotype)
    if len(checked.positions) != DEFINED_POSITIONS[gene]:
        raise _fail(gene, "the file does not hold the number of positions PHR expects.")
    return checked


def _gene(gene: str, raw: dict[str, Any], phenotype: dict[str, Any] | None) -> PcGene:
    try:
        if raw.get("gene") != gene or raw.get("genomeBuild", "").split(".")[0] != "GRCh38":
            raise _fail(gene, "it is not a GRCh38 definition of this gene.")
        chrom = normalize_chrom(raw["chromosome"])
        if chrom is None:
            raise _fail(gene, "unknown chromosome.")
        positions = tuple(_position(gene, i, v, chrom) for i, v in enumerate(raw["variants"]))
        if len({p.pos for p in positions}) != len(positions):
            raise _fail(gene, "a position is defined twice.")
        functions: dict[str, tuple[str | None, float | None]] = {}
        if phenotype is not None:
            for item in phenotype["namedAlleles"]:
                functions[item["name"]] = (item.get("functionValue"), _number(item))
        alleles = tuple(_allele(gene, a, positions, functions) for a in raw["namedAlleles"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(gene, f"unexpected layout ({type(exc).__name__}).") from exc
    if sum(a.reference for a in alleles) != 1:
        raise _fail(gene, "exactly one allele must be the reference.")
    if len({a.name for a in alleles}) != len(alleles):
        raise _fail(gene, "an allele name is used twice.")
    reference = next(a for a in alleles if a.reference)
    for position in positions:
        if reference.alleles[position.index] != position.ref:
            raise _fail(
                gene, f"the reference allele does not carry the reference base at {position.pos}."
            )
    diplotypes: dict[tuple[tuple[str, int], ...], tuple[str, str | None]] = {}
    for item in (phenotype or {}).get("diplotypes", ()):
        key = tuple(sorted((name, int(n)) for name, n in item["diplotypekey"].items()))
        diplotypes[key] = (item["generesult"], item.get("activityScore"))
    return PcGene(
        name=gene,
        chrom=chrom,
        positions=positions,
        alleles=alleles,
        version=str(raw.get("version", "")),
        diplotypes=diplotypes,
    )


def _position(gene: str, index: int, raw: dict[str, Any], chrom: str) -> PcPosition:
    if normalize_chrom(raw["chromosome"]) != chrom:
        raise _fail(gene, f"position {raw['position']} is on another chromosome.")
    ref = str(raw["ref"])
    alts = tuple(str(a) for a in raw["alts"])
    if not ref or not all(set(s) <= set("ACGT") for s in (ref, *alts)):
        raise _fail(gene, f"position {raw['position']} has alleles PHR cannot read.")
    return PcPosition(
        index=index, chrom=chrom, pos=int(raw["position"]), rsid=raw.get("rsid"), ref=ref, alts=alts
    )


def _number(item: dict[str, Any]) -> float | None:
    value = item.get("activityValue")
    try:
        return None if value in (None, "n/a") else float(value)
    except ValueError:
        return None


def _allele(
    gene: str,
    raw: dict[str, Any],
    positions: tuple[PcPosition, ...],
    functions: dict[str, tuple[str | None, float | None]],
) -> PcAllele:
    values = tuple(None if a is None else str(a) for a in raw["alleles"])
    if len(values) != len(positions):
        raise _fail(gene, f"allele {raw['name']} does not give one entry per position.")
    for position, value in zip(positions, values, strict=True):
        if value is not None and value not in position.known and value not in WOBBLE:
            raise _fail(gene, f"allele {raw['name']} has an unknown base at {position.pos}.")
    if not raw.get("reference") and all(v is None for v in values):
        raise _fail(gene, f"allele {raw['name']} defines no position.")
    function, activity = functions.get(raw["name"], (None, None))
    return PcAllele(
        name=str(raw["name"]),
        alleles=values,
        reference=bool(raw.get("reference", False)),
        function=function,
        activity=activity,
    )
