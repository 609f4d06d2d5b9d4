"""What a report contains: one plain value that every writer (PDF, FHIR, CSV) renders.

The export is split in two layers so each can be tested alone: `phr.report.gather` reads the
vault into a `ReportData`, and the writers turn a `ReportData` into bytes. All choices about
what to leave out (sections not chosen, sensitive findings, identity, dates outside the range)
are made here, in `ReportContent`, once: a writer can only show what this module lets through,
so an excluded sensitive finding cannot leak through one format while another hides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from phr.genome.model import GenomeRecord
from phr.lifestyle.model import KindSummary
from phr.meds.model import CurrentMedication
from phr.prevention.summary import PreventionSummary
from phr.report.window import LifestyleWindow
from phr.rules.model import CallStatus, Category, Findings, Note, NoteStatus, PgxCall, Source


class Section(StrEnum):
    """Parts of the report the person can choose; `sensitive` is a separate opt-in."""

    PGX = "pgx"
    MEDS = "meds"
    PREVENTION = "prevention"
    LIFESTYLE = "lifestyle"


ALL_SECTIONS: frozenset[Section] = frozenset(Section)
LIFESTYLE_DAYS = 90  # the default period of the lifestyle summary


@dataclass(frozen=True)
class Person:
    """Only what the person chose to put in this export (both None by default)."""

    name: str | None = None
    birth_date: dt.date | None = None

    @property
    def identified(self) -> bool:
        return bool(self.name) or self.birth_date is not None


@dataclass(frozen=True)
class LifestyleEntry:
    """One logged measurement, in canonical units, with the local time it was taken."""

    kind: str
    at: str  # ISO 8601 with the offset where it was recorded
    value: float | None  # None only for a status-only entry (smoking: 'never'...)
    value2: float | None  # diastolic for blood pressure
    unit: str
    source: str
    status: str | None = None

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.at[:10])


@dataclass(frozen=True)
class ReportData:
    """Everything a report may show, gathered once; writers never read the vault.

    A `None` section value means "not available" (no genome, no producer, no entries) and is
    printed as a "left out" line with `missing[section]` as the reason; a section the person
    did not choose is absent from `sections`.
    """

    report_date: dt.date
    phr_version: str
    rule_set_version: str | None
    person: Person = Person()
    genomes: tuple[GenomeRecord, ...] = ()
    findings: Findings | None = None
    medications: tuple[CurrentMedication, ...] | None = None
    lifestyle: tuple[KindSummary, ...] | None = None
    lifestyle_entries: tuple[LifestyleEntry, ...] = ()
    implausible_dates: int = 0  # logged readings left out for a date before 1900 or ahead
    period_start: dt.date | None = None  # lifestyle date range (inclusive); None = 90 days
    period_end: dt.date | None = None
    window: LifestyleWindow | None = None  # how the period relates to all the person's data
    sections: frozenset[Section] = ALL_SECTIONS
    include_sensitive: bool = False
    missing: dict[Section, str] = field(default_factory=dict)
    # The prevention plan (issue 17); None unless prevention and lifestyle are both chosen.
    plan: PreventionSummary | None = None

    @property
    def start(self) -> dt.date:
        end = self.end
        return self.period_start or end - dt.timedelta(days=LIFESTYLE_DAYS - 1)

    @property
    def end(self) -> dt.date:
        return self.period_end or self.report_date

    def content(self) -> ReportContent:
        return ReportContent(self)


@dataclass(frozen=True)
class PgxRow:
    """One gene of the pharmacogenomics table with the drug notes that depend on it."""

    call: PgxCall
    notes: tuple[Note, ...]
    taken: tuple[str, ...]  # drugs of `notes` that are on the person's current list

    @property
    def drugs(self) -> tuple[str, ...]:
        return _unique(d for n in self.notes for d in n.drugs)

    @property
    def evidence(self) -> tuple[str, ...]:
        return _unique(n.evidence for n in self.notes if n.evidence)


@dataclass(frozen=True)
class MedicationRow:
    medication: CurrentMedication
    notes: tuple[Note, ...]  # shown notes that name this medicine or one of its classes


class ReportContent:
    """The filtered view of a `ReportData`: exactly what the writers may show."""

    def __init__(self, data: ReportData) -> None:
        self.data = data

    def wants(self, section: Section) -> bool:
        return section in self.data.sections

    # -- findings ---------------------------------------------------------------------------

    @cached_property
    def notes(self) -> tuple[Note, ...]:
        """Notes of the chosen sections; sensitive ones only when opted in for this export."""
        findings = self.data.findings
        if findings is None:
            return ()
        shown = []
        for note in findings.notes:
            if note.sensitive and not self.data.include_sensitive:
                continue
            section = Section.PGX if note.category == Category.MEDICATION else Section.PREVENTION
            if self.wants(section):
                shown.append(note)
        return tuple(shown)

    @cached_property
    def hidden_genes(self) -> frozenset[str]:
        """Genes that only excluded sensitive notes mention: never named in the report."""
        findings = self.data.findings
        if findings is None or self.data.include_sensitive:
            return frozenset()
        sensitive = {g for n in findings.notes if n.sensitive for g in n.genes}
        open_genes = {g for n in findings.notes if not n.sensitive for g in n.genes}
        return frozenset(sensitive - open_genes)

    def notes_of(self, category: Category) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.category == category)

    def taken_in(self, note: Note) -> tuple[str, ...]:
        """What the person takes now that this note is about, in words a reader knows:
        the generic name ('clopidogrel'), or the product and its class when the note is about
        a class ('Microgynon 30 (estrogen)'). Falls back on the engine's own flag."""
        keys = note_drug_keys(note)
        taken = []
        for med in self.data.medications or ():
            generic = (med.generic or "").lower()
            classes = sorted(c for c in med.classes if c.lower() in keys)
            if generic and generic in keys:
                taken.append(generic)
            elif med.name.lower() in keys:
                taken.append(med.name)
            elif classes:
                taken.append(f"{med.name} ({classes[0]})")
        if not taken and note.on_medication_list:
            return (note.drugs[0],) if note.drugs else ("a medicine on their list",)
        return _unique(taken)

    @cached_property
    def pgx_rows(self) -> tuple[PgxRow, ...]:
        """Genes in table order: drugs taken now first, then actionable, called, partial,
        not tested (a gene that was not tested stays in the table: it is not "normal")."""
        findings = self.data.findings
        if findings is None or not self.wants(Section.PGX):
            return ()
        medication_notes = self.notes_of(Category.MEDICATION)
        rows = []
        for call in findings.pgx:
            if call.gene in self.hidden_genes:
                continue
            notes = tuple(n for n in medication_notes if call.gene in n.genes)
            taken = _unique(d for n in notes for d in self.taken_in(n))
            rows.append(PgxRow(call, notes, taken))

        def order(row: PgxRow) -> tuple[int, int, str]:
            actionable = any(n.status == NoteStatus.ACTIONABLE for n in row.notes)
            status_rank = {"called": 0, "partial": 1, "indeterminate": 1, "not_tested": 2}[
                str(row.call.status)
            ]
            return (0 if row.taken else 1 if actionable else 2, status_rank, row.call.gene)

        return tuple(sorted(rows, key=order))

    @cached_property
    def table_rows(self) -> tuple[PgxRow, ...]:
        """Genes that need a line in the table: something to act on, a medicine taken now,
        or a gap (partly or not tested)."""
        return tuple(r for r in self.pgx_rows if not _quiet(r))

    @cached_property
    def quiet_rows(self) -> tuple[PgxRow, ...]:
        """Called genes with nothing to act on: listed in one short paragraph."""
        return tuple(r for r in self.pgx_rows if _quiet(r))

    @cached_property
    def action_notes(self) -> tuple[Note, ...]:
        """Medication notes to discuss: actionable ones, plus partial ones that need a
        clinical test or concern a medicine taken now; medicines taken now first."""
        notes = [
            n
            for n in self.notes_of(Category.MEDICATION)
            if n.status == NoteStatus.ACTIONABLE
            or (n.status == NoteStatus.PARTIAL and (n.confirm_clinically or self.taken_in(n)))
        ]
        return tuple(sorted(notes, key=lambda n: (not self.taken_in(n), n.status != "actionable")))

    def needs_detail(self, note: Note) -> bool:
        """Full what/means/discuss block (else one compact paragraph)."""
        return bool(self.taken_in(note)) or note.confirm_clinically

    @cached_property
    def prevention_notes(self) -> tuple[Note, ...]:
        rank = {"actionable": 0, "informative": 1, "partial": 2, "not_tested": 3}
        notes = self.notes_of(Category.PREVENTION)
        return tuple(sorted(notes, key=lambda n: (rank[str(n.status)], n.title)))

    # -- medications and lifestyle ----------------------------------------------------------

    @cached_property
    def medication_rows(self) -> tuple[MedicationRow, ...]:
        if not self.wants(Section.MEDS) or self.data.medications is None:
            return ()
        rows = []
        for med in self.data.medications:
            keys = {med.name.lower(), *(c.lower() for c in med.classes)}
            if med.generic:
                keys.add(med.generic.lower())
            related = tuple(n for n in self.notes if keys & note_drug_keys(n))
            rows.append(MedicationRow(med, related))
        return tuple(rows)

    @cached_property
    def lifestyle(self) -> tuple[KindSummary, ...]:
        if not self.wants(Section.LIFESTYLE) or self.data.lifestyle is None:
            return ()
        return tuple(s for s in self.data.lifestyle if s.days)

    @cached_property
    def lifestyle_entries(self) -> tuple[LifestyleEntry, ...]:
        if not self.wants(Section.LIFESTYLE):
            return ()
        start, end = self.data.start, self.data.end
        return tuple(e for e in self.data.lifestyle_entries if start <= e.day <= end)

    # -- sources ----------------------------------------------------------------------------

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        """Every source of a shown note, numbered in order of first use (1-based)."""
        seen: dict[tuple[str, str | None], Source] = {}
        ordered = [*self.action_notes, *self.notes_of(Category.MEDICATION), *self.prevention_notes]
        for note in ordered:
            for source in note.sources:
                seen.setdefault((source.label, source.pmid), source)
        return tuple(seen.values())

    def refs(self, notes: Iterable[Note]) -> tuple[int, ...]:
        """1-based numbers of the sources behind `notes`, for "[1, 3]" marks."""
        index = {(s.label, s.pmid): i + 1 for i, s in enumerate(self.sources)}
        return tuple(
            sorted({index[(s.label, s.pmid)] for n in notes for s in n.sources if s.label})
        )

    # -- why a section is empty -------------------------------------------------------------

    def left_out(self, section: Section) -> str | None:
        """A sentence for the report when a section has nothing to show, else None."""
        if not self.wants(section):
            return "Left out: not chosen for this report."
        reason = self.data.missing.get(section)
        if reason:
            return f"Left out: {reason}"
        empty = {
            Section.PGX: not self.pgx_rows,
            Section.PREVENTION: not self.prevention_notes,
            Section.MEDS: not self.medication_rows,
            Section.LIFESTYLE: not self.lifestyle,
        }[section]
        if not empty:
            return None
        return {
            Section.PGX: "Left out: no medication-related genetic results.",
            Section.PREVENTION: "Left out: no prevention results to show.",
            Section.MEDS: "Left out: no current medicines are listed.",
            Section.LIFESTYLE: "Left out: no measurements logged in this period.",
        }[section]


def note_drug_keys(note: Note) -> set[str]:
    """Lower-case drug names and classes a note is about: its drugs, plus the medicines or
    classes from the person's list that made a combination rule fire (its `inputs`)."""
    keys = {d.lower() for d in note.drugs}
    for label in ("medication", "medication class"):
        keys.update(k.strip().lower() for k in note.inputs.get(label, "").split(",") if k.strip())
    return keys


def _quiet(row: PgxRow) -> bool:
    return (
        row.call.status == CallStatus.CALLED
        and not row.call.unstated  # CYP2D6 from a file: named, but no phenotype to rely on
        and not row.taken
        and not any(n.status == NoteStatus.ACTIONABLE for n in row.notes)
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def format_list(items: Iterable[str], limit: int = 6) -> str:
    """'a, b and c'; long lists end with 'and N more'."""
    values = list(items)
    if len(values) > limit:
        values = [*values[:limit], f"{len(values) - limit} more"]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]
