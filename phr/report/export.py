"""`export()`: gather the report from the vault, render the chosen formats, write them.

Targets are checked before any work (an existing file without `force` fails at once), every
format is rendered in memory first, and only then written, each file atomically. Cancelling
before the writes leaves no file behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from phr.errors import InvalidValue
from phr.progress import CancelToken, Progress, no_progress
from phr.report.csv_export import CSV_NAMES, csv_files
from phr.report.data import ALL_SECTIONS, ReportData, Section
from phr.report.fhir import build_bundle
from phr.report.files import check_file_target, check_folder_target, write_file, write_folder
from phr.report.gather import Choices, gather
from phr.report.pdf import render_pdf
from phr.vault import Vault

log = logging.getLogger(__name__)

_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


@dataclass(frozen=True)
class ExportOptions:
    """What to write and what to put in it. Defaults leave out sensitive results and identity."""

    pdf: Path | None = None
    fhir: Path | None = None
    csv: Path | None = None
    sections: frozenset[Section] = ALL_SECTIONS
    include_sensitive: bool = False
    name: str | None = None
    birth_date: dt.date | None = None
    since: dt.date | None = None  # lifestyle period; default `lifestyle_window` (the data)
    until: dt.date | None = None
    force: bool = False  # replace existing files (the CLI's --force, the UI's confirmation)
    vault_path: Path | None = None  # the vault being exported: never a target (vault.guard)
    today: dt.date | None = None  # the report date; tests pin it

    def choices(self) -> Choices:
        return Choices(
            sections=self.sections,
            include_sensitive=self.include_sensitive,
            name=(self.name or "").strip() or None,
            birth_date=self.birth_date,
            since=self.since,
            until=self.until,
            today=self.today,
        )


@dataclass(frozen=True)
class ExportResult:
    written: list[Path] = field(default_factory=list)
    pdf_pages: int = 0
    fhir_resources: int = 0
    csv_rows: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # section -> why it is empty


def check_options(options: ExportOptions) -> None:
    """Raise before any work when the options cannot produce an export."""
    if not (options.pdf or options.fhir or options.csv):
        raise InvalidValue("Choose at least one export: a PDF, a FHIR file or a CSV folder.")
    if options.since and options.until and options.since > options.until:
        raise InvalidValue("The start date of the period is after its end date.")
    today = options.today or dt.date.today()
    if options.birth_date and options.birth_date > today:
        raise InvalidValue("The date of birth is in the future.")
    protect = options.vault_path
    if options.pdf:
        check_file_target(options.pdf, force=options.force, vault_path=protect)
    if options.fhir:
        check_file_target(options.fhir, force=options.force, vault_path=protect)
    if options.csv:
        check_folder_target(options.csv, CSV_NAMES, force=options.force, vault_path=protect)


def fhir_json(data: ReportData) -> bytes:
    bundle = build_bundle(data)
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _step(
    progress: Progress, cancel: CancelToken | None, done: int, total: int, message: str
) -> None:
    if cancel is not None:
        cancel.check()
    progress(done, total, message)


def export(
    vault: Vault,
    options: ExportOptions,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportResult:
    options = replace(options, vault_path=options.vault_path or vault.path)
    check_options(options)
    total = 10

    def gather_progress(done: int, steps: int, message: str) -> None:
        progress(int(done * 5 / max(steps, 1)), total, message)

    data = gather(vault, options.choices(), progress=gather_progress, cancel=cancel)
    outputs: dict[str, bytes] = {}
    if options.pdf:
        _step(progress, cancel, 5, total, "Making the PDF")
        outputs["pdf"] = render_pdf(data)
    if options.fhir:
        _step(progress, cancel, 6, total, "Building the FHIR bundle")
        outputs["fhir"] = fhir_json(data)
    if options.csv:
        _step(progress, cancel, 7, total, "Making the CSV files")
        outputs.update(csv_files(data))
    _step(progress, cancel, 8, total, "Saving")
    written: list[Path] = []
    if options.pdf:
        written.append(
            write_file(options.pdf, outputs["pdf"], force=options.force, vault_path=vault.path)
        )
    if options.fhir:
        written.append(
            write_file(options.fhir, outputs["fhir"], force=options.force, vault_path=vault.path)
        )
    csv_rows: dict[str, int] = {}
    if options.csv:
        files = {name: outputs[name] for name in CSV_NAMES}
        written += write_folder(options.csv, files, force=options.force, vault_path=vault.path)
        csv_rows = {name: _csv_rows(payload) for name, payload in files.items()}
    progress(total, total, "Export done")
    result = ExportResult(
        written=written,
        pdf_pages=_page_count(outputs.get("pdf")),
        fhir_resources=_resource_count(outputs.get("fhir")),
        csv_rows=csv_rows,
        left_out=_left_out(data),
    )
    log.info(
        "export written files=%d pdf_pages=%d fhir_resources=%d",
        len(written),
        result.pdf_pages,
        result.fhir_resources,
    )
    return result


def _page_count(pdf: bytes | None) -> int:
    return 0 if pdf is None else len(_PAGE.findall(pdf))


def _csv_rows(payload: bytes) -> int:
    return max(len(list(csv.reader(io.StringIO(payload.decode("utf-8"))))) - 1, 0)


def _resource_count(fhir: bytes | None) -> int:
    return 0 if fhir is None else len(json.loads(fhir)["entry"])


def _left_out(data: ReportData) -> dict[str, str]:
    content = data.content()
    reasons = {str(s): content.left_out(s) for s in Section}
    return {k: v for k, v in reasons.items() if v}
