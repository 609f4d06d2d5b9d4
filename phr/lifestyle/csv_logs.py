"""The hand-written CSV log format: `date,kind,value,unit[,note]`.

One reading a line; `date` is an ISO 8601 date or datetime, blood pressure is written `128/82`,
an empty unit means the kind's usual unit. Spreadsheet exports are accepted as they come: a
UTF-8 byte-order mark, Windows line ends, Windows-1252 text, or `;` as the separator (with
decimal commas) in place of `,`.

Parsing never touches the vault: it returns the rows plus every bad line (line number and the
problem, never the value), and the importer decides whether anything is stored. A line whose
date is implausible (before 1900, after tomorrow) is not a bad line but a skipped one: the
importer counts it and goes on, as it does for Apple Health records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from phr.errors import ImplausibleDate, InvalidValue, MalformedFile
from phr.lifestyle.entries import EntryRow, dedupe_key, entry_row, parse_when
from phr.lifestyle.kinds import kind_named, parse_reading

COLUMNS = ("date", "kind", "value", "unit")
OPTIONAL = ("note",)
SOURCE = "csv"


@dataclass(frozen=True)
class BadLine:
    line: int
    problem: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "problem": self.problem}


@dataclass
class CsvRows:
    rows: list[EntryRow]
    bad_lines: list[BadLine]
    implausible_dates: list[BadLine] = field(default_factory=list)  # skipped, never fatal


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise MalformedFile(f"{name} is not a text file (it contains binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MalformedFile(f"{name} is not readable text (neither UTF-8 nor Windows-1252).")


def looks_like_log_csv(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return first.replace(";", ",").replace(" ", "").startswith("date,kind")


def _lines(text: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as exc:
        raise MalformedFile(f"line {reader.line_num}: broken quoting ({exc}).") from None


def parse_csv(text: str, name: str) -> CsvRows:
    """Parse a whole log CSV; raises MalformedFile only for whole-file problems."""
    if not text.strip():
        raise MalformedFile(f"{name} is empty.")
    rows: list[EntryRow] = []
    bad: list[BadLine] = []
    implausible: list[BadLine] = []
    header: list[str] | None = None
    try:
        for line, fields in _lines(text):
            if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [f.strip().lower() for f in fields]
                if tuple(header[:4]) != COLUMNS or any(h not in OPTIONAL for h in header[4:]):
                    raise MalformedFile(
                        f"{name} line {line}: the columns must be date,kind,value,unit "
                        "(and optionally note)."
                    )
                continue
            try:
                rows.append(_row(fields, len(header)))
            except ImplausibleDate as exc:
                implausible.append(BadLine(line, str(exc)))
            except InvalidValue as exc:
                bad.append(BadLine(line, str(exc)))
    except MalformedFile as exc:
        if str(exc).startswith("line "):
            raise MalformedFile(f"{name} {exc}") from None
        raise
    if header is None:
        raise MalformedFile(f"{name} has no header line (date,kind,value,unit).")
    if not (rows or bad or implausible):
        # An export cut off after its header, or the wrong file: saying "0 new" would hide it.
        raise MalformedFile(f"{name} has a header but no data rows; nothing was imported.")
    return CsvRows(rows, bad, implausible)


def _row(fields: list[str], width: int) -> EntryRow:
    if len(fields) < 3 or len(fields) > width:
        raise InvalidValue(f"expected {width} columns, found {len(fields)}.")
    fields = [f.strip() for f in fields] + [""] * (width - len(fields))
    when_text, kind_text, value_text, unit_text = fields[:4]
    note = fields[4] if width > 4 else ""
    if not when_text:
        raise InvalidValue("the date is missing.")
    kind = kind_named(kind_text)
    reading = parse_reading(kind, value_text, unit_text or None)
    when = parse_when(when_text)
    key = dedupe_key(
        SOURCE,
        kind.name,
        when.at_utc,
        repr(reading.value),
        repr(reading.value2),
        reading.status or "",
    )
    return entry_row(kind, reading, when, source=SOURCE, note=note or None, key=key)
