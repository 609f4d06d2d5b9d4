"""Lifestyle: add a reading, import a CSV or an Apple Health export, and see each kind's chart.

The chart comes from `phr.report.charts.figure`, the same function the doctor report uses,
shown larger on matplotlib's Qt canvas. Summaries are computed on the vault worker; the figure
is drawn on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# matplotlib's Qt canvas picks the binding ui.qt already loaded (PySide6).
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

from phr.errors import InvalidValue
from phr.lifestyle.entries import add_entry
from phr.lifestyle.importer import BadLines, LogImportResult, import_logs
from phr.lifestyle.kinds import KINDS, kind_named, parse_reading
from phr.lifestyle.model import KindSummary, Value
from phr.lifestyle.summary import summarize
from phr.progress import CancelToken, Changes, Progress
from phr.report.charts import figure
from phr.vocabulary import NONE
from ui.ops import report_error
from ui.pages.base import Page
from ui.qt import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from ui.session import Session
from ui.style import SPACING, heading, note_label
from ui.widgets.medication_editor import ask_yes_no

LOG_FILTER = "Log files (*.csv *.zip *.xml *.json *.fit);;All files (*)"


@dataclass(frozen=True)
class Reading:
    kind: str
    value: str
    unit: str | None
    at: str | None


def check_reading(kind: str, value: str, unit: str, at: str) -> Reading:
    """Checked the same way the core will, so the form can say what is wrong before saving."""
    found = kind_named(kind)
    parse_reading(found, value, unit or None)
    if at.strip():
        from phr.lifestyle.entries import parse_when

        parse_when(at)
    return Reading(found.name, value.strip(), unit.strip() or None, at.strip() or None)


def describe(value: Value | None, unit: str) -> str:
    if value is None:
        return NONE
    if isinstance(value, tuple):
        return f"{value[0]:.0f}/{value[1]:.0f} {unit}"
    return f"{value:,.1f} {unit}" if abs(value) < 1000 else f"{value:,.0f} {unit}"


def summary_text(summary: KindSummary) -> str:
    parts = [
        f"Latest: {describe(summary.latest, summary.unit)}",
        f"7-day mean: {describe(summary.mean_7d, summary.unit)}",
        f"30-day mean: {describe(summary.mean_30d, summary.unit)}",
    ]
    trend = summary.trend_90d
    if isinstance(trend, tuple):
        parts.append(f"trend: {trend[0]:+.1f}/{trend[1]:+.1f} {summary.unit} per 30 days")
    elif trend is not None:
        parts.append(f"trend: {trend:+,.1f} {summary.unit} per 30 days")
    if summary.share_above_130_80 is not None:
        parts.append(f"{summary.share_above_130_80:.0%} of readings at or above 130/80")
    if summary.implausible_dates:
        parts.append(f"{summary.implausible_dates} with an impossible date left out")
    return " · ".join(parts)


def import_report(result: LogImportResult) -> str:
    lines = [f"{result.total_added:,} new readings."]
    lines += [f"{kind}: {n:,} new" for kind, n in result.added.items() if n]
    if result.total_duplicates:
        lines.append(f"{result.total_duplicates:,} were already in the vault.")
    for reason, count in sorted(result.skipped.items()):
        lines.append(f"Skipped ({reason}): {count:,}")
    lines += [f"Warning: {warning}" for warning in result.warnings]
    return "\n".join(lines)


def choose_log_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Import a log file", str(Path.home()), LOG_FILTER)
    return Path(name) if name else None


class LifestylePage(Page):
    title = "Lifestyle"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.choose_file = choose_log_file  # replaceable in tests
        self.confirm: Callable[[QWidget, str], bool] = ask_yes_no  # replaceable in tests
        self.summaries: dict[str, KindSummary] = {}

        self.body.addWidget(heading("Add a reading", self, scale=1.15))
        form = QFormLayout()
        row = QHBoxLayout()
        self.kind = QComboBox(self)
        for kind in KINDS.values():
            self.kind.addItem(kind.label.capitalize(), kind.name)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText("e.g. 72.5, or 128/82 for blood pressure")
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.at = QLineEdit(self)
        self.at.setPlaceholderText("now, or 2024-03-01T08:30")
        self.add_button = QPushButton("Add", self)
        for widget, name in ((self.kind, "Kind of reading"), (self.value, "Value"),
                             (self.unit, "Unit"), (self.at, "When")):  # fmt: skip
            widget.setAccessibleName(name)
        unit_edit = self.unit.lineEdit()
        if unit_edit is not None:
            unit_edit.setAccessibleName("Unit")
        self.add_button.setAccessibleName("Add this reading")
        row.addWidget(self.kind)
        row.addWidget(self.value, 2)
        row.addWidget(self.unit)
        row.addWidget(self.at, 2)
        row.addWidget(self.add_button)
        form.addRow(row)
        self.body.addLayout(form)
        self.error = note_label("", "error", self)
        self.error.hide()
        self.body.addWidget(self.error)
        self.kind.currentIndexChanged.connect(self._fill_units)
        self.add_button.clicked.connect(self.add_reading)
        self.value.returnPressed.connect(self.add_reading)
        self._fill_units()

        tools = QHBoxLayout()
        self.import_button = QPushButton("Import a log file or health export…", self)
        self.import_button.clicked.connect(self.start_import)
        tools.addWidget(self.import_button)
        tools.addStretch(1)
        self.body.addLayout(tools)
        self.import_note = note_label(
            "CSV columns: date,kind,value,unit (and an optional note). From an iPhone: Health "
            "app → your picture → Export All Health Data, then pick export.zip. Fitbit "
            "(Google Takeout), Garmin (.fit files or the account export) and Withings export "
            "zips are read as they come.",
            "hint",
            self,
        )
        self.body.addWidget(self.import_note)

        self.body.addSpacing(SPACING)
        chart_row = QHBoxLayout()
        chart_row.addWidget(heading("Charts", self, scale=1.15))
        self.chart_kind = QComboBox(self)
        self.chart_kind.setMinimumWidth(200)
        self.chart_kind.currentIndexChanged.connect(self._show_chart)
        chart_row.addWidget(self.chart_kind)
        chart_row.addStretch(1)
        self.body.addLayout(chart_row)
        self.stats = QLabel("", self)
        self.stats.setWordWrap(True)
        self.stats.setMinimumHeight(40)
        self.body.addWidget(self.stats)
        self.canvas: FigureCanvasQTAgg | None = None
        self.chart_area = QVBoxLayout()
        self.empty = note_label("No readings yet: add one above or import a file.", "hint", self)
        self.chart_area.addWidget(self.empty)
        self.chart_area.addStretch(1)
        self.body.addLayout(self.chart_area, 1)

    # -- data ---------------------------------------------------------------------------------

    def is_affected_by(self, changes: Changes) -> bool:
        return changes.logs

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> list[KindSummary]:
            return summarize(self.session.vault)

        self.op(load).success(self.show_summaries).run()

    def show_summaries(self, summaries: list[KindSummary]) -> None:
        current = self.chart_kind.currentData()
        self.summaries = {s.kind: s for s in summaries}
        self.chart_kind.blockSignals(True)
        self.chart_kind.clear()
        for summary in summaries:
            self.chart_kind.addItem(KINDS[summary.kind].label.capitalize(), summary.kind)
        index = self.chart_kind.findData(current)
        self.chart_kind.setCurrentIndex(max(index, 0))
        self.chart_kind.blockSignals(False)
        self.empty.setVisible(not summaries)
        self._show_chart()

    def _show_chart(self) -> None:
        summary = self.summaries.get(self.chart_kind.currentData())
        if self.canvas is not None:
            self.chart_area.removeWidget(self.canvas)
            self.canvas.setParent(None)  # type: ignore[call-overload]
            self.canvas.deleteLater()
            self.canvas = None
        if summary is None:
            self.stats.setText("")
            return
        self.stats.setText(summary_text(summary))
        self.canvas = FigureCanvasQTAgg(figure(summary, width_in=7.0, height_in=3.0, font_size=9))
        self.canvas.setMinimumHeight(280)
        self.chart_area.insertWidget(0, self.canvas, 1)

    def clear(self) -> None:
        self.summaries = {}
        self.chart_kind.clear()
        self.stats.setText("")
        self.value.clear()
        if self.canvas is not None:
            self.canvas.setParent(None)  # type: ignore[call-overload]
            self.canvas = None

    # -- entry and import ---------------------------------------------------------------------

    def _fill_units(self) -> None:
        kind = KINDS[self.kind.currentData()]
        self.unit.clear()
        units = [kind.default_unit, *sorted(u for u in kind.units if u != kind.default_unit)]
        self.unit.addItems(units)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add_reading(self) -> None:
        try:
            reading = check_reading(
                self.kind.currentData(), self.value.text(), self.unit.currentText(), self.at.text()
            )
        except InvalidValue as exc:
            self._show_error(str(exc))
            return
        self._show_error("")

        def save(progress: Progress, cancel: CancelToken) -> Changes:
            return add_entry(self.session.vault, reading.kind, reading.value, unit=reading.unit,
                             at=reading.at)  # fmt: skip

        self.op(save).success(lambda _: self.value.clear()).run()

    def start_import(self) -> None:
        path = self.choose_file(self)
        if path is None:
            return
        self.run_import(path)

    def run_import(self, path: Path, skip_bad_lines: bool = False) -> None:
        def work(progress: Progress, cancel: CancelToken) -> LogImportResult:
            return import_logs(self.session.vault, path, skip_bad_lines=skip_bad_lines,
                               progress=progress, cancel=cancel)  # fmt: skip

        def done(result: LogImportResult) -> None:
            self.import_note.setText(f"Imported {path.name}. " + import_report(result))
            self.session.vault_changed.emit(result.changes)

        def failed(error: BaseException) -> None:
            if isinstance(error, BadLines) and not skip_bad_lines:
                question = f"{error}\n\nImport the other lines and skip these?"
                if self.confirm(self, question):
                    self.run_import(path, skip_bad_lines=True)
                return
            report_error(self, error)

        (self.op(work).with_progress(f"Importing {path.name}…").success(done).failure(failed).run())
