"""CSV export: pgx.csv, notes.csv, medications.csv, lifestyle.csv (UTF-8, header row each).

One row per gene, note, medicine or logged entry, values in PHR's canonical units. Lists
inside a cell are joined with "; " so the files open cleanly in a spreadsheet. Every file is
written even when its section is empty or left out (header only), so a folder always has the
same four files and a script can rely on them.

Spreadsheet formulas are neutralised (OWASP "CSV injection"): a text cell that starts with `=`,
`+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a medicine named
`=HYPERLINK(...)` or a device name from an Apple export is shown as text, never run. Numbers
PHR formats itself (`_number`) are written as they are, so `-0.6` stays a number a spreadsheet
can sum; only they are trusted, never text that merely looks numeric. A script reading the
CSV gets the apostrophe too: it marks text that began with one of those characters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from phr.report.data import ReportContent, ReportData
from phr.report.files import write_folder
from phr.report.wording import call_status_text, diplotype_text, note_status_text, source_text
from phr.vocabulary import genotype_status_text, log_kind_text, log_source_text

CSV_NAMES = ("pgx.csv", "notes.csv", "medications.csv", "lifestyle.csv")

PGX_HEADER = (
    "gene", "diplotypes", "diplotypes_text", "phenotype", "activity_score", "status",
    "status_text", "missing", "caveats", "assumes_reference", "drugs", "taking_now", "evidence",
    "sources",
)  # fmt: skip
NOTES_HEADER = (
    "id", "category", "title", "genes", "drugs", "status", "status_text", "evidence", "found",
    "meaning", "discuss", "limits", "confirm_clinically", "sensitive", "taking_now", "genotypes",
    "sources", "rule_set_version",
)  # fmt: skip
MEDS_HEADER = ("id", "name", "generic", "classes", "genetic_flags")
# `*_text` columns: the same value in the words PHR shows people (phr.vocabulary)
LIFESTYLE_HEADER = (
    "kind", "kind_text", "at", "value", "value2", "status", "unit", "source", "source_text",
)  # fmt: skip


def csv_files(data: ReportData) -> dict[str, bytes]:
    content = data.content()
    return {
        "pgx.csv": _table(PGX_HEADER, _pgx(content)),
        "notes.csv": _table(NOTES_HEADER, _notes(content)),
        "medications.csv": _table(MEDS_HEADER, _medications(content)),
        "lifestyle.csv": _table(LIFESTYLE_HEADER, _lifestyle(content)),
    }


def write_csv(data: ReportData, folder: Path, *, force: bool = False) -> list[Path]:
    return write_folder(Path(folder), csv_files(data), force=force)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Number(str):
    """A number PHR formatted itself: written as it is, never taken for a formula."""


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, _Number):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return value


def _join(items: Iterable[object]) -> str:
    return "; ".join(str(i) for i in items)


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def _number(value: float | None) -> str:
    return "" if value is None else _Number(f"{value:.10g}")


def _pgx(content: ReportContent) -> Iterable[Sequence[object]]:
    for row in content.pgx_rows:
        call = row.call
        sources = {source_text(s) for n in row.notes for s in n.sources}
        yield (
            call.gene,
            _join(call.diplotypes),
            diplotype_text(call),
            call.phenotype_text(),
            _number(call.activity_score),
            str(call.status),
            call_status_text(call),
            _join(call.missing),
            _join(call.caveats),
            _flag(call.assumes_reference),
            _join(row.drugs),
            _join(row.taken),
            _join(row.evidence),
            _join(sorted(sources)),
        )


def _notes(content: ReportContent) -> Iterable[Sequence[object]]:
    for note in content.notes:
        genotypes = [
            f"{g.rsid} {'/'.join(g.alleles)}"
            if g.alleles
            else f"{g.rsid} {genotype_status_text(g.status).lower()}"
            for g in note.genotypes
        ]
        yield (
            note.id,
            str(note.category),
            note.title,
            _join(note.genes),
            _join(note.drugs),
            str(note.status),
            note_status_text(note.status),
            note.evidence,
            note.found,
            note.meaning,
            note.discuss,
            note.limits,
            _flag(note.confirm_clinically),
            _flag(note.sensitive),
            _join(content.taken_in(note)),
            _join(genotypes),
            _join(source_text(s) for s in note.sources),
            note.rule_set_version,
        )


def _medications(content: ReportContent) -> Iterable[Sequence[object]]:
    for row in content.medication_rows:
        med = row.medication
        yield (
            med.id,
            med.name,
            med.generic or "",
            _join(sorted(med.classes)),
            _join(n.title for n in row.notes),
        )


def _lifestyle(content: ReportContent) -> Iterable[Sequence[object]]:
    for entry in content.lifestyle_entries:
        yield (
            entry.kind,
            log_kind_text(entry.kind),
            entry.at,
            _number(entry.value),
            _number(entry.value2),
            entry.status or "",
            entry.unit,
            entry.source,
            log_source_text(entry.source),
        )
