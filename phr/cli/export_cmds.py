"""`phr export`: write the doctor's PDF, a FHIR R4 bundle and/or a CSV folder."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from phr.cli.common import UsageError, open_from_args, terminal_progress, vault_path
from phr.cli.terminal import printable
from phr.report import ALL_SECTIONS, ExportOptions, Section, check_options, export

SENSITIVE = "sensitive"
INCLUDE_WORDS = (*(str(s) for s in Section), SENSITIVE)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser(
        "export",
        help="export a summary for your doctor: PDF, FHIR JSON and/or CSV",
        description="Only what you choose leaves the vault. By default sensitive results and "
        "your name and date of birth are left out.",
    )
    p.add_argument("--pdf", metavar="FILE", help="write the PDF summary to FILE")
    p.add_argument("--fhir", metavar="FILE", help="write a FHIR R4 JSON bundle to FILE")
    p.add_argument("--csv", metavar="DIR", help="write pgx/notes/medications/lifestyle CSVs")
    p.add_argument(
        "--include",
        metavar="LIST",
        help="comma-separated parts: pgx,meds,prevention,lifestyle,sensitive "
        "(default: pgx,meds,prevention,lifestyle; sensitive results only if listed)",
    )
    p.add_argument("--name", metavar="NAME", help="print this name on the report")
    p.add_argument("--birth-date", metavar="DATE", help="print this date of birth (YYYY-MM-DD)")
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    p.set_defaults(handler=cmd_export)


def parse_include(text: str | None) -> tuple[frozenset[Section], bool]:
    if text is None:
        return ALL_SECTIONS, False
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    unknown = [w for w in words if w not in INCLUDE_WORDS]
    if unknown:
        raise UsageError(
            f"--include: unknown part {unknown[0]!r}; choose from {', '.join(INCLUDE_WORDS)}."
        )
    sections = frozenset(Section(w) for w in words if w != SENSITIVE)
    if not sections:
        raise UsageError("--include: name at least one of pgx, meds, prevention, lifestyle.")
    return sections, SENSITIVE in words


def parse_birth_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--birth-date: {text!r} is not a date like 1984-03-02.") from None


def options_from_args(args: argparse.Namespace) -> ExportOptions:
    if not (args.pdf or args.fhir or args.csv):
        raise UsageError("Choose what to write: --pdf FILE, --fhir FILE and/or --csv DIR.")
    sections, sensitive = parse_include(args.include)
    return ExportOptions(
        pdf=Path(args.pdf).expanduser() if args.pdf else None,
        fhir=Path(args.fhir).expanduser() if args.fhir else None,
        csv=Path(args.csv).expanduser() if args.csv else None,
        sections=sections,
        include_sensitive=sensitive,
        name=args.name,
        birth_date=parse_birth_date(args.birth_date),
        force=args.force,
        vault_path=vault_path(args),
    )


def cmd_export(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    check_options(options)  # fail on an existing file before asking for the passphrase
    with open_from_args(args) as vault:
        result = export(vault, options, progress=terminal_progress())
    if options.pdf:
        print(f"PDF ({result.pdf_pages} pages): {printable(options.pdf)}")
    if options.fhir:
        print(f"FHIR bundle ({result.fhir_resources} resources): {printable(options.fhir)}")
    if options.csv:
        rows = ", ".join(f"{name} {count}" for name, count in result.csv_rows.items())
        print(f"CSV folder: {printable(options.csv)} ({rows} rows)")
    for section, why in result.left_out.items():
        print(f"  {section}: {why}")
    if not options.include_sensitive:
        print("Sensitive results were left out (add 'sensitive' to --include to add them).")
    return 0
