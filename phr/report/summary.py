"""Page 1 of the doctor's report: what matters for this patient now.

A prescriber reading the first page wants three answers, in this order: which genetic findings
change something about a medicine the patient takes, which would change a medicine they might
be given, and which results were not tested although a prescriber might assume them normal.
Each finding is one row in a clinician's words (`Note.action`); the patient-addressed
sentences of a note (`meaning`, `discuss`) stay in the person's own view.

Near-duplicates are merged: a combination note ("takes clopidogrel and CYP2C19 matters") and
the plain note it sharpens ("clopidogrel and CYP2C19") say the same thing to a clinician, so
they become one row that keeps the sharper action and both notes' sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from phr.report.data import ReportContent, format_list
from phr.rules.model import CallStatus, Category, Note, NoteStatus, PgxCall
from phr.vocabulary import call_genotype_text, call_status_text

# A gene a prescriber might silently assume to be normal, and the medicines where that matters.
_ASSUMED_BY_PRESCRIBERS = (
    "CYP2D6",
    "HLA-B*57:01",
    "HLA-B*58:01",
    "HLA-B*15:02",
    "HLA-A*31:01",
    "DPYD",
    "TPMT",
    "G6PD",
)


@dataclass(frozen=True)
class FindingRow:
    """One row of the page-1 tables: one or more notes that say the same thing."""

    notes: tuple[Note, ...]
    medicines: str  # what is taken ("clopidogrel") or could be given ("citalopram, ...")
    result: str  # "CYP2C19 *1/*2"; several genes joined by "; "
    phenotype: str
    action: str
    taken: bool


@dataclass(frozen=True)
class Summary:
    taken: tuple[FindingRow, ...]  # actionable, about a medicine on the current list
    possible: tuple[FindingRow, ...]  # actionable medication findings for other medicines
    not_tested: tuple[str, ...]  # plain sentences, no rsIDs (those go to the appendix)


def clinician_summary(content: ReportContent) -> Summary:
    notes = [n for n in content.notes if n.status == NoteStatus.ACTIONABLE]
    groups = merge_near_duplicates(notes)
    taken, possible = [], []
    for group in groups:
        medicines = [m for n in group for m in content.taken_in(n)]
        if medicines:
            taken.append(_row(content, group, _unique(medicines), taken=True))
        elif any(n.category == Category.MEDICATION for n in group):
            drugs = _unique(d for n in group for d in n.drugs)
            possible.append(_row(content, group, drugs, taken=False))
    return Summary(tuple(taken), tuple(possible), tuple(not_tested_sentences(content)))


def merge_near_duplicates(notes: Sequence[Note]) -> list[tuple[Note, ...]]:
    """Group notes of one status that share a gene and either share a medicine, or both name
    none (F5 and 'F5 with estrogen'), or give the same action for the same genes. The note
    with a non-genetic trigger (a medicine on the list, a lifestyle fact) leads its group,
    since its action is the more specific one."""
    groups: list[list[Note]] = []
    for note in notes:
        for group in groups:
            if any(_near(note, other) for other in group):
                group.append(note)
                break
        else:
            groups.append([note])
    return [tuple(sorted(g, key=_lead_first)) for g in groups]


def _lead_first(note: Note) -> tuple[bool, bool]:
    return (not note.inputs, note.category != Category.MEDICATION)


def _near(a: Note, b: Note) -> bool:
    if a.status != b.status or not set(a.genes) & set(b.genes):
        return False
    if a.action and a.action == b.action and set(a.genes) == set(b.genes):
        return True  # meloxicam and piroxicam: the same advice for the same result
    drugs_a, drugs_b = set(a.drugs), set(b.drugs)
    return bool(drugs_a & drugs_b) if (drugs_a or drugs_b) else True


def _row(
    content: ReportContent, group: tuple[Note, ...], medicines: Sequence[str], *, taken: bool
) -> FindingRow:
    lead = group[0]
    calls = _calls(content, lead.genes)
    if calls:
        result = "; ".join(f"{c.gene} {_diplotype(c)}" for c in calls)
        phenotype = "; ".join(_phenotype(c, len(calls) > 1) for c in calls)
    else:  # prevention genes have no table call: the note's finding line says it
        result, phenotype = _split_found(lead.found)
    action = next((n.action for n in group if n.action), None)
    return FindingRow(
        notes=group,
        medicines=format_list(medicines, 5),
        result=result,
        phenotype=phenotype,
        action=action or "See the guideline cited.",
        taken=taken,
    )


def _calls(content: ReportContent, genes: Iterable[str]) -> list[PgxCall]:
    findings = content.data.findings
    if findings is None:
        return []
    by_gene = {c.gene: c for c in findings.pgx}
    return [by_gene[g] for g in genes if g in by_gene]


def _diplotype(call: PgxCall) -> str:
    if call.diplotypes:
        return call_genotype_text(call)
    # "SLCO1B1 not named" read as if the file had shown something unnamed
    if call.status == CallStatus.NOT_TESTED:
        return call_status_text(call.status).lower()
    return "not named"


def _phenotype(call: PgxCall, several: bool) -> str:
    text = short_phenotype(call)
    return f"{call.gene}: {text}" if several else text


def short_phenotype(call: PgxCall) -> str:
    """The phenotype, or for an undetermined one what it could be, without the untested
    alleles (the 'not tested' list on the same page names them)."""
    if call.determined or not call.possible_phenotypes:
        return call.phenotype_text()
    return f"Could be {could_be(call.possible_phenotypes)}"


def could_be(phenotypes: Sequence[str]) -> str:
    """'intermediate or poor metabolizer' from ('Intermediate Metabolizer', 'Poor
    Metabolizer'): a shared last word is said once."""
    words = [p.split() for p in phenotypes]
    last = {w[-1].lower() for w in words if len(w) > 1}
    if len(last) == 1 and all(len(w) > 1 for w in words):
        heads = [" ".join(w[:-1]).lower() for w in words]
        return f"{_or_list(heads)} {words[0][-1].lower()}"
    return _or_list([p.lower() for p in phenotypes])


def _or_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _split_found(found: str) -> tuple[str, str]:
    """('F5 normal/Leiden; F2 ...', 'Factor V Leiden (one copy); ...') from a finding line
    of 'GENE genotype: phenotype.' sentences."""
    results, phenotypes = [], []
    for sentence in re.split(r"(?<=\.)\s+", found.strip()):
        head, _, tail = sentence.rstrip(".").partition(": ")
        results.append(head)
        if tail:
            phenotypes.append(tail)
    return "; ".join(results), "; ".join(phenotypes)


def not_tested_sentences(content: ReportContent) -> list[str]:
    """What a prescriber might assume normal although this file did not show it: untested
    genes, undetermined partial ones, and what no consumer file tells (CYP2D6 copies, HLA)."""
    lines: list[str] = []
    rows = content.pgx_rows
    others: list[str] = []  # untested genes that neither a taken medicine nor habit singles out
    for row in rows:
        call = row.call
        drugs = format_list(row.drugs, 4)
        about = f"; matters for {drugs}" if drugs else ""
        if row.taken:
            about = f"; matters for {format_list(row.taken, 4)}, which the patient takes"
        if call.status == CallStatus.NOT_TESTED:
            if row.taken or call.gene in _ASSUMED_BY_PRESCRIBERS:
                lines.append(f"{call.gene} not tested: unknown, not normal{about}.")
            else:
                others.append(call.gene)
        elif call.status == CallStatus.INDETERMINATE:
            lines.append(f"{call.gene} could not be read from this file{about}.")
        elif call.status == CallStatus.PARTIAL and not call.determined:
            untested = format_list(call.cannot_rule_out, 3) or "some alleles"
            could = "phenotype not worked out"
            if call.possible_phenotypes:
                could = f"could be {could_be(call.possible_phenotypes)}"
            elif call.unstated:
                could = call.phenotype_text().lower()
            lines.append(f"{call.gene} partly tested, {could} ({untested} not tested){about}.")
    if others:
        lines.append(
            f"Also not tested, so unknown rather than normal: {format_list(others, 20)} "
            "(the gene table lists the medicines concerned)."
        )
    genes = {r.call.gene for r in rows}
    from_lab = {r.call.gene for r in rows if r.call.clinical is not None}
    if "CYP2D6" in genes - from_lab:  # a lab's CYP2D6 result counts the copies
        lines.append(
            "CYP2D6 copy number was not assessed: deletions and duplications, and so "
            "ultrarapid metabolizers, cannot be seen."
        )
    untyped = {r.call.gene for r in rows if r.call.gene.startswith("HLA-") and not r.call.clinical}
    if untyped:  # a lab's HLA typing, where entered, is shown as such in the table
        lines.append(
            f"Not HLA-typed: {format_list(sorted(untyped), 4)}. A DNA file shows nearby marker "
            "positions at most; HLA typing is needed before abacavir, allopurinol, "
            "carbamazepine, oxcarbazepine or phenytoin."
        )
    untested_prevention = [
        n.title for n in content.prevention_notes if n.status == NoteStatus.NOT_TESTED
    ]
    if untested_prevention:
        listed = format_list(untested_prevention, 8)
        lines.append(f"Not tested among the prevention findings: {listed}.")
    taken = {r.call.gene for r in rows if r.taken}
    order = {g: i for i, g in enumerate(_ASSUMED_BY_PRESCRIBERS)}

    def rank(line: str) -> tuple[int, int]:
        gene = line.split(" ", 1)[0]
        return (0 if gene in taken else 1, order.get(gene, len(order)))

    return sorted(lines, key=rank)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def addresses_the_person(text: str) -> bool:
    """True for a sentence written to the person ("your result"), which the clinician's
    report leaves out: it belongs in the person's own view."""
    return _SECOND_PERSON.search(text) is not None


def clinical_title(note: Note) -> str:
    """The note's title, or for a title written to the person ("You take clopidogrel and
    your CYP2C19 result matters") its genes and the medicines or facts it is about."""
    if not addresses_the_person(note.title):
        return note.title
    about = list(note.drugs)
    for label in ("medication", "medication class"):
        about += [k.strip() for k in note.inputs.get(label, "").split(",") if k.strip()]
    genes = format_list(note.genes)
    return f"{genes} with {format_list(_unique(about))}" if about else f"{genes} finding"


def clinician_text(text: str) -> str:
    """`text` without its sentences addressed to the person."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(s for s in sentences if s and not addresses_the_person(s))
