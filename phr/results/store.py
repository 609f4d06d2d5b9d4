"""Store, check and list clinical test results (the `clinical_results` table).

Every value is checked against the bundled rule set before anything is written: the gene must
be one PHR interprets, a diplotype's alleles ones the gene defines, a phenotype one the gene's
phenotype table can give, and the date a real day between 1900 and today. A refused result
leaves the vault as it was, and the message names only what the person typed (never other
health data), so it is safe on a terminal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from phr.errors import InvalidValue, NotFound
from phr.progress import Changes
from phr.rules.definitions import GeneDef
from phr.rules.lab_alleles import lab_diplotype_text, parse_lab_diplotype
from phr.rules.ruleset import load_rule_set
from phr.vault import Vault

log = logging.getLogger(__name__)

EARLIEST = date(1900, 1, 1)
MAX_LAB = 100


@dataclass(frozen=True)
class _Checked:
    gene: str
    diplotype: str | None
    phenotype: str | None
    allele: str | None
    present: bool | None
    lab: str
    day: date


def result_genes() -> list[str]:
    """Every gene a clinical result may name: the rule set's PGx genes and its HLA genes."""
    rules = load_rule_set()
    # a tag-SNP proxy gene ("HLA-B*57:01") takes its lab result under its locus ("HLA-B")
    names = {n for n, g in rules.genes.items() if g.group == "pgx" and n not in rules.hla}
    return sorted(names | set(rules.hla_loci()))


def gene_named(text: str) -> GeneDef:
    """The rule set's gene for `text` (any case), or a clear refusal listing the known ones."""
    genes = load_rule_set().genes
    wanted = text.strip().upper()
    for name, gene in genes.items():
        if name.upper() == wanted:
            return gene
    known = ", ".join(result_genes())
    raise InvalidValue(f"'{text.strip()[:40]}' is not a gene PHR interprets; use one of: {known}.")


def _hla_locus(text: str) -> str | None:
    """'HLA-B' (any case, 'HLA B' too) when `text` names an HLA gene PHR reads, else None."""
    wanted = text.strip().upper().replace(" ", "-")
    for locus in load_rule_set().hla_loci():
        if wanted in (locus, locus.replace("-", "")):
            return locus
    return None


def hla_allele_named(locus: str, text: str) -> str:
    """The rule set's spelling ('*15:02') of an allele of `locus`, read the ways labs write it:
    '*15:02', '15:02', 'B*15:02', 'HLA-B*15:02', 'B*1502'. A longer name ('*15:02:01') names one
    sub-type of the allele; PHR reads results at two fields, so it asks for those."""
    said = _bare_allele(locus, text)
    known = [e.allele for e in load_rule_set().hla_loci()[locus]]
    if f"*{said}" in known:
        return f"*{said}"
    if said.count(":") > 1 and f"*{':'.join(said.split(':')[:2])}" in known:
        raise InvalidValue(
            f"Enter the {locus} allele with two fields, as {locus}*"
            f"{':'.join(said.split(':')[:2])}: PHR reads HLA results at that level."
        )
    raise InvalidValue(
        f"PHR reads {locus} only for {', '.join(known)}; '{text.strip()[:40]}' is not one of them."
    )


def _bare_allele(locus: str, text: str) -> str:
    """'HLA-B*15:02', 'B*15:02', '*15:02', '15:02', 'B*1502' -> '15:02' (fields as written)."""
    letter = locus.split("-", 1)[1]
    said = "".join(text.split()).upper()
    for prefix in (f"{locus}", f"{letter}"):
        if said.startswith(prefix + "*"):
            said = said[len(prefix) :]
            break
    said = said.lstrip("*")
    if said.isdigit() and len(said) == 4:
        said = f"{said[:2]}:{said[2:]}"
    return said


# two or more numeric fields; an expression suffix (N = null, not expressed) is refused, since
# cutting it off would turn an allele that makes no protein into one that does
HLA_FIELD = re.compile(r"^[0-9]{2,3}(:[0-9]{2,3})+$")


def _typed_pair(locus: str, text: str) -> tuple[str, str]:
    """Both alleles of an HLA typing ('*15:02/*44:03'), each cut to two fields ('*15:02:01'
    is a sub-type of *15:02, so it answers the same question)."""
    parts = text.split("/")
    fields = [_bare_allele(locus, p) for p in parts]
    if len(parts) != 2 or not all(HLA_FIELD.match(f) for f in fields):
        raise InvalidValue(
            f"Write the {locus} typing as its two alleles joined by '/', each with at least "
            "two fields, for example *15:02/*44:03."
        )
    first, second = ("*" + ":".join(f.split(":")[:2]) for f in fields)
    return first, second


def _check_hla(
    locus: str, diplotype: str | None, phenotype: str | None, allele: str | None
) -> list[tuple[str, bool | None]]:
    """HLA results name one allele, present or absent (what most HLA reports for a medicine
    answer), or the person's two typed alleles, which answer present or absent for every
    allele PHR reads at the locus. Returns (allele, present) pairs; present is None when the
    caller gave it with `allele`."""
    if phenotype or (diplotype and allele):
        example = load_rule_set().hla_loci()[locus][0].allele
        raise InvalidValue(
            f"Enter an {locus} result as one allele and whether the lab found it, for example "
            f"--allele '{example}' --present, or as the two typed alleles, for example "
            f"--diplotype '{example}/*44:03'."
        )
    if diplotype:
        pair = _typed_pair(locus, diplotype)
        return [(e.allele, e.allele in pair) for e in load_rule_set().hla_loci()[locus]]
    if allele is None:
        raise InvalidValue(f"Give the {locus} allele the lab tested for, and present or absent.")
    return [(hla_allele_named(locus, allele), None)]


def _allele_name(gene: GeneDef, text: str) -> str:
    """The gene's own spelling of an allele; '2' is read as '*2' (labs write both)."""
    names = {a.name: a.name for a in gene.alleles}
    names.update({a.name.lower(): a.name for a in gene.alleles})
    for candidate in (text, text.lower(), f"*{text}", f"*{text}".lower()):
        if candidate in names:
            return names[candidate]
    known = ", ".join(a.name for a in gene.alleles)
    raise InvalidValue(
        f"{gene.name} has no allele '{text[:40]}' in PHR's rule set; it knows: {known}."
    )


def parse_diplotype(gene: GeneDef, text: str) -> str:
    """'*2/*2' with each allele checked; one allele alone only for a one-copy gene. A gene
    with a lab table (CYP2D6) takes the lab's copies and hybrids too ('*1/*2x2')."""
    if gene.clinical_table is not None:
        return lab_diplotype_text(parse_lab_diplotype(gene.name, gene.clinical_table, text))
    parts = [p.strip() for p in text.strip().split("/")]
    single = gene.ploidy in ("haploid", "x_linked")
    if any(not p for p in parts) or len(parts) > 2 or (len(parts) == 1 and not single):
        raise InvalidValue(
            f"Write the {gene.name} diplotype as two alleles joined by '/', for example *1/*2."
        )
    return "/".join(_allele_name(gene, p) for p in parts)


def phenotype_named(gene: GeneDef, text: str) -> str:
    """The phenotype in the gene's table's own words, matched regardless of case."""
    outputs = sorted(gene.phenotypes())
    for known in outputs:
        if known.lower() == " ".join(text.split()).lower():
            return known
    if not outputs:
        raise InvalidValue(f"PHR gives no phenotype for {gene.name}; enter the diplotype.")
    raise InvalidValue(
        f"'{text.strip()[:60]}' is not a {gene.name} phenotype PHR knows; use one of: "
        + ", ".join(outputs)
        + "."
    )


def parse_tested_on(text: str | date, *, today: date | None = None) -> date:
    today = today or date.today()
    if isinstance(text, date):
        day = text
    else:
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise InvalidValue(
                "Write the test date as YYYY-MM-DD, for example 2023-04-17."
            ) from None
    if day > today:
        raise InvalidValue("The test date is in the future; give the day the lab reported.")
    if day < EARLIEST:
        raise InvalidValue("The test date must lie between 1900 and today.")
    return day


def check_result(
    gene: str,
    *,
    diplotype: str | None = None,
    phenotype: str | None = None,
    allele: str | None = None,
    present: bool | None = None,
    lab: str,
    tested_on: str | date,
    today: date | None = None,
) -> list[_Checked]:
    """Every check `add_result` makes, without writing (the import checks a whole file first).
    One result usually; an HLA typing ('*15:02/*44:03') gives one per allele PHR reads."""
    locus = _hla_locus(gene)
    gene_def = None if locus is not None else gene_named(gene)
    if not (diplotype or phenotype or allele):
        raise InvalidValue("Give the result: a diplotype, a phenotype, or an allele tested for.")
    if (allele is None) != (present is None):
        raise InvalidValue("An allele result needs both the allele and present or absent.")
    lab_name = " ".join(lab.split())[:MAX_LAB]
    if not lab_name:
        raise InvalidValue("Name the laboratory that did the test.")
    if locus is not None:
        answers = _check_hla(locus, diplotype, phenotype, allele)
        day = parse_tested_on(tested_on, today=today)
        return [
            _Checked(locus, None, None, name, present if found is None else found, lab_name, day)
            for name, found in answers
        ]
    assert gene_def is not None
    return [
        _Checked(
            gene=gene_def.name,
            diplotype=parse_diplotype(gene_def, diplotype) if diplotype else None,
            phenotype=phenotype_named(gene_def, phenotype) if phenotype else None,
            allele=_allele_name(gene_def, allele.strip()) if allele else None,
            present=present,
            lab=lab_name,
            day=parse_tested_on(tested_on, today=today),
        )
    ]


def _insert(vault: Vault, checked: Iterable[_Checked]) -> int:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    count = 0
    with vault.transaction() as conn:
        for c in checked:
            conn.execute(
                "INSERT INTO clinical_results (gene, diplotype, phenotype, allele, "
                "allele_present, lab, tested_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    c.gene,
                    c.diplotype,
                    c.phenotype,
                    c.allele,
                    None if c.present is None else int(c.present),
                    c.lab,
                    c.day.isoformat(),
                    stamp,
                ),
            )
            count += 1
    return count


def add_result(
    vault: Vault,
    gene: str,
    *,
    diplotype: str | None = None,
    phenotype: str | None = None,
    allele: str | None = None,
    present: bool | None = None,
    lab: str,
    tested_on: str | date,
    today: date | None = None,
) -> Changes:
    """Record one lab result after checking it; nothing is written when a check fails."""
    checked = check_result(
        gene,
        diplotype=diplotype,
        phenotype=phenotype,
        allele=allele,
        present=present,
        lab=lab,
        tested_on=tested_on,
        today=today,
    )
    _insert(vault, checked)
    log.info("clinical result added")  # no gene, no result: health data stays out of logs
    return Changes(genome=True)


def remove_result(vault: Vault, result_id: int) -> Changes:
    with vault.transaction() as conn:
        deleted = conn.execute("DELETE FROM clinical_results WHERE id = ?", (result_id,)).rowcount
    if not deleted:
        raise NotFound(f"There is no clinical result with id {result_id}.")
    return Changes(genome=True)


def _score_phenotype(gene: GeneDef, text: str) -> str:
    """The phenotype an activity score stands for in the gene's table (a line that gives only
    the score); refused for a gene PHR does not score."""
    try:
        score = float(text)
    except ValueError:
        raise InvalidValue(f"'{text[:20]}' is not an activity score.") from None
    phenotype = gene.phenotype.from_score(score) if gene.phenotype.ranges else None
    if phenotype is None and gene.clinical_table is not None:
        phenotype = gene.clinical_table.from_score(score)
    if phenotype is None:
        raise InvalidValue(f"PHR cannot read an activity score of {score:g} for {gene.name}.")
    return phenotype


def import_outside_calls(
    vault: Vault, path: Path, *, lab: str, tested_on: str | date, today: date | None = None
) -> int:
    """Read a PharmCAT outside-call file and store one result per line; returns the count.

    Layout, from PharmCAT's documentation of outside calls
    (https://pharmcat.org/using/Outside-Call-Format/): tab-separated, one gene per line,
    columns gene, diplotype, phenotype, activity score (the later ones optional); lines that
    start with '#' are comments. A diplotype may be empty when a phenotype is given; a line
    with only an activity score is stored as the phenotype the gene's table gives it. Every line
    is checked before any is written, so a file with one bad line changes nothing; the error
    names the line number.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValue(f"{path.name} is not a text file PHR can read.") from None
    checked: list[_Checked] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        gene = cells[0]
        diplotype = cells[1] if len(cells) > 1 and cells[1] else None
        phenotype = cells[2] if len(cells) > 2 and cells[2] else None
        score = cells[3] if len(cells) > 3 and cells[3] else None
        try:
            if score is not None and diplotype is None and phenotype is None:
                phenotype = _score_phenotype(gene_named(gene), score)
            checked.extend(
                check_result(
                    gene,
                    diplotype=diplotype,
                    phenotype=phenotype,
                    lab=lab,
                    tested_on=tested_on,
                    today=today,
                )
            )
        except InvalidValue as exc:
            raise InvalidValue(f"{path.name} line {number}: {exc}") from None
    if not checked:
        raise InvalidValue(f"{path.name} holds no gene results.")
    count = _insert(vault, checked)
    log.info("clinical results imported count=%d", count)
    return count
