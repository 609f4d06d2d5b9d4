"""A laboratory's CYP2D6-style diplotype: star alleles with gene copies and hybrids.

Consumer files cannot see whole-gene deletions (*5), extra copies (*2x2) or hybrid genes
(*36+*10), so the rule set's own allele list for such a gene is the small part a file can show.
A lab reports the rest, in a notation of its own: each side of the '/' is one chromosome,
'xN' gives the number of copies of an allele on it, '+' joins genes that sit in tandem on it,
and '.001' names a sub-allele (the same function as its core allele). The activity score is the
sum over every gene copy (CPIC/DPWG consensus, PMID 31647186); an allele of unknown function,
or an unstated number of copies of a working allele, leaves the phenotype undetermined rather
than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phr.errors import InvalidValue
from phr.rules.definitions import ClinicalTable

# "*2", "*2.001", "*2x2", "*2xN", "*2x≥3", "*2x>=3"
_COPY = re.compile(r"^\*(\d+)(?:\.\d+)?(?:\s*[xX×]\s*(\d+|[nN]|≥\s*\d+|>=\s*\d+))?$")


@dataclass(frozen=True)
class GeneCopies:
    """One allele on one chromosome and how many copies of it the lab found."""

    core: str  # "*2"
    copies: int  # at least this many
    at_least: bool = False  # the lab gave a lower bound (xN, x≥3), not a count

    def text(self) -> str:
        if self.at_least:
            return f"{self.core}x≥{self.copies}"
        return self.core if self.copies == 1 else f"{self.core}x{self.copies}"


Haplotype = tuple[GeneCopies, ...]


def parse_lab_diplotype(gene: str, table: ClinicalTable, text: str) -> tuple[Haplotype, Haplotype]:
    """Both chromosomes of a lab diplotype, every allele checked against `table`.

    Refuses, naming only what was typed, anything that is not two haplotypes of known alleles.
    """
    sides = [s.strip() for s in text.strip().split("/")]
    if len(sides) != 2 or not all(sides):
        raise InvalidValue(
            f"Write the {gene} diplotype as two alleles joined by '/', for example *1/*4, "
            "*1/*2x2 or *4/*36+*10."
        )
    parsed = [_haplotype(gene, table, side) for side in sides]
    return parsed[0], parsed[1]


def _haplotype(gene: str, table: ClinicalTable, text: str) -> Haplotype:
    parts: list[GeneCopies] = []
    for piece in (p.strip() for p in text.split("+")):
        match = _COPY.match(piece)
        if match is None:
            raise InvalidValue(
                f"'{piece[:40]}' is not a {gene} allele as PHR reads them: write a star allele "
                "such as *4, with xN for extra copies (*2x2) and + between tandem genes (*36+*10)."
            )
        core = f"*{int(match.group(1))}"
        if core not in table.activity:
            raise InvalidValue(f"{gene} has no allele '{core}' in PHR's table of known alleles.")
        count = match.group(2)
        if count is None:
            parts.append(GeneCopies(core, 1))
        elif count.isdigit():
            if int(count) < 1:
                raise InvalidValue(f"'{piece[:40]}': an allele needs at least one copy.")
            parts.append(GeneCopies(core, int(count)))
        elif count in ("N", "n"):
            parts.append(GeneCopies(core, 2, at_least=True))
        else:
            parts.append(GeneCopies(core, int(re.sub(r"\D", "", count)), at_least=True))
    return tuple(parts)


def lab_diplotype_text(haplotypes: tuple[Haplotype, Haplotype]) -> str:
    """The stored spelling: '*1/*2x2', '*4/*36+*10'."""
    return "/".join("+".join(c.text() for c in side) for side in haplotypes)


def lab_phenotype(table: ClinicalTable, text: str) -> tuple[str, float | None]:
    """(phenotype, activity score) of a stored lab diplotype. An allele of unknown function
    gives the table's unknown phenotype and no score; a lower-bound copy count of a working
    allele gives a phenotype only when even the fewest copies reach the top band."""
    total = 0.0
    open_ended = False
    for side in parse_lab_diplotype("", table, text):
        for copy in side:
            value = table.activity[copy.core]
            if value is None:
                return table.unknown_phenotype, None
            total += value * copy.copies
            open_ended = open_ended or (copy.at_least and value > 0)
    score = round(total, 2)
    phenotype = table.from_score(score)
    if open_ended:
        top = max(table.ranges, key=lambda band: band.min)
        if phenotype == top.phenotype:
            return phenotype, None
        return table.unknown_phenotype, None
    return (phenotype or table.unknown_phenotype), score


def file_view(
    text: str, file_alleles: set[str], hidden: set[str] | None = None
) -> tuple[str | None, str | None]:
    """What a file could show of each chromosome of a lab diplotype: the one allele a file can
    name, or None where it cannot tell (a deletion, a hybrid, an allele the file rules do not
    define, or one in `hidden`: its position was not tested). Copy numbers vanish: a file sees
    *2x2 as *2."""
    view: list[str | None] = []
    for side in (s.strip() for s in text.split("/")):
        cores = {re.sub(r"x.*$", "", p.strip()) for p in side.split("+")}
        core = next(iter(cores))
        if len(cores) == 1 and core in file_alleles and core not in (hidden or set()):
            view.append(core)
        else:
            view.append(None)
    return view[0], view[1]


def fits_file(
    lab: str, file_diplotype: str, file_alleles: set[str], hidden: set[str] | None = None
) -> bool:
    """Whether a file diplotype is what a file would show for this lab diplotype. A deleted
    or unreadable chromosome matches anything (with *5 a file shows the other side twice)."""
    first, second = file_view(lab, file_alleles, hidden)
    named = file_diplotype.split("/")
    if len(named) != 2:
        return False
    a, b = named
    return ((first in (None, a)) and (second in (None, b))) or (
        (first in (None, b)) and (second in (None, a))
    )
