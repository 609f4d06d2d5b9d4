"""Doctor export: a clinician-ready PDF, a FHIR R4 bundle and CSV files.

Two layers: `gather` reads the vault into a plain `ReportData`; `render_pdf`, `build_bundle`
and `write_csv` turn a `ReportData` into files. `export` runs both with progress and cancel.
"""

from phr.report.csv_export import CSV_NAMES, csv_files, write_csv
from phr.report.data import ALL_SECTIONS, LifestyleEntry, Person, ReportData, Section
from phr.report.export import ExportOptions, ExportResult, check_options, export, fhir_json
from phr.report.fhir import build_bundle
from phr.report.gather import Choices, gather
from phr.report.pdf import build_pdf, render_pdf
from phr.report.window import DEFAULT_DAYS, LifestyleWindow, lifestyle_window

__all__ = [
    "ALL_SECTIONS",
    "CSV_NAMES",
    "DEFAULT_DAYS",
    "Choices",
    "ExportOptions",
    "ExportResult",
    "LifestyleEntry",
    "LifestyleWindow",
    "Person",
    "ReportData",
    "Section",
    "build_bundle",
    "build_pdf",
    "check_options",
    "csv_files",
    "export",
    "fhir_json",
    "gather",
    "lifestyle_window",
    "render_pdf",
    "write_csv",
]
