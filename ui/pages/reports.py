"""Reports: choose what goes into the doctor's summary, preview its pages, then save.

The preview is the real PDF, made on the vault worker and drawn to images with pypdfium2
(PySide6-Essentials has no Qt PDF module). Saving runs `phr.report.export` through an Op with
progress; an existing file is replaced only after the person says so. Nothing is written
anywhere until they press a Save button: the preview lives in memory only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from phr.errors import InvalidValue, PhrError
from phr.overview import REPORT_MADE_KEY
from phr.progress import CancelToken, Progress
from phr.report import (
    CSV_NAMES,
    ExportOptions,
    ExportResult,
    LifestyleWindow,
    Section,
    check_options,
    export,
    gather,
    lifestyle_window,
    render_pdf,
)
from ui.ops import report_error
from ui.pages.base import Page
from ui.qt import (
    QCheckBox,
    QDate,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QImage,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPixmap,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.session import Session
from ui.style import SPACING, heading, note_label

SECTION_LABELS = (
    (Section.PGX, "Medicines and genes (pharmacogenomics)"),
    (Section.PREVENTION, "Prevention findings"),
    (Section.MEDS, "Current medicines"),
    (Section.LIFESTYLE, "Measurements and charts"),
)
PREVIEW_SCALE = 1.0  # 1.0 = 72 dpi
INTRO = (
    "Make a summary to bring to your doctor or pharmacist. Only what you tick goes in, and "
    "nothing leaves PHR until you save a file. Sensitive results and your name stay out "
    "unless you add them."
)


@dataclass(frozen=True)
class PageImage:
    """One rendered page as plain RGB(A) bytes: made on the worker, shown on the GUI thread."""

    width: int
    height: int
    stride: int
    channels: int
    pixels: bytes

    def to_qimage(self) -> QImage:
        fmt = QImage.Format.Format_RGBA8888 if self.channels == 4 else QImage.Format.Format_RGB888
        return QImage(self.pixels, self.width, self.height, self.stride, fmt).copy()


def rasterize(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[PageImage]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            bitmap = document[index].render(scale=scale, rev_byteorder=True)
            images.append(
                PageImage(
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    bitmap.n_channels,
                    bytes(bitmap.buffer),
                )
            )
        return images
    finally:
        document.close()


# Modal questions live here (not in ui.messages) so this page stays one module; tests replace
# them like the ones in ui.messages.
def ask_save_path(parent: QWidget, caption: str, start: Path, filters: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, caption, str(start), filters, options=QFileDialog.Option.DontConfirmOverwrite
    )
    return Path(name) if name else None


def ask_overwrite(parent: QWidget, path: Path) -> bool:
    answer = QMessageBox.question(
        parent,
        "Replace?",
        f"{path} already exists. Replace it with the new export?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_info(parent: QWidget, text: str) -> None:
    QMessageBox.information(parent, "Export saved", text)


class ReportsPage(Page):
    title = "Reports"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.save_folder = Path.home()
        self.page_images: list[PageImage] = []
        self.last_result: ExportResult | None = None
        self.body.addWidget(note_label(INTRO, "hint", self))
        columns = QHBoxLayout()
        columns.setSpacing(SPACING * 2)
        columns.addLayout(self._build_choices(), 0)
        columns.addLayout(self._build_preview(), 1)
        self.body.addLayout(columns, 1)
        session.vault_changed.connect(self._data_changed)

    # -- building -------------------------------------------------------------------------

    def _build_choices(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(SPACING // 2)
        box.addWidget(heading("What to include", self, scale=1.15))
        self.section_boxes: dict[Section, QCheckBox] = {}
        for section, label in SECTION_LABELS:
            check = QCheckBox(label, self)
            check.setChecked(True)
            self.section_boxes[section] = check
            box.addWidget(check)
        self.sensitive = QCheckBox("Sensitive results you have unlocked (e.g. APOE)", self)
        box.addWidget(self.sensitive)

        period = QFormLayout()
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-89), self)
        self.until = QDateEdit(today, self)
        # Until the person picks dates, the report covers their own data's window
        # (phr.report.lifestyle_window): the boxes show it, and the PDF says it chose it.
        self._period_chosen = False
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._period_edited)
        period.addRow("Measurements from:", self.since)
        period.addRow("to:", self.until)
        box.addLayout(period)

        self.identity = QCheckBox("Print my name and date of birth", self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Name as it should appear")
        self.birth_date = QLineEdit(self)
        self.birth_date.setPlaceholderText("Date of birth, YYYY-MM-DD")
        self.name.setAccessibleName("Name to print")
        self.birth_date.setAccessibleName("Date of birth to print")
        self.since.setAccessibleName("Measurements from")
        self.until.setAccessibleName("Measurements to")
        self.identity.toggled.connect(self._identity_toggled)
        self._identity_toggled(False)
        box.addWidget(self.identity)
        box.addWidget(self.name)
        box.addWidget(self.birth_date)

        box.addSpacing(SPACING)
        self.preview_button = QPushButton("Preview", self)
        self.preview_button.clicked.connect(self.preview)
        self.save_pdf_button = QPushButton("Save PDF…", self)
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.save_fhir_button = QPushButton("Save FHIR file…", self)
        self.save_fhir_button.clicked.connect(self.save_fhir)
        self.save_csv_button = QPushButton("Save CSV folder…", self)
        self.save_csv_button.clicked.connect(self.save_csv)
        for button in (
            self.preview_button,
            self.save_pdf_button,
            self.save_fhir_button,
            self.save_csv_button,
        ):
            box.addWidget(button)
        self.status = note_label("", "hint", self)
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        box.addStretch(1)
        return box

    def _build_preview(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.addWidget(heading("Preview", self, scale=1.15))
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.pages_widget = QWidget(self.scroll)
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.placeholder = QLabel("Press Preview to see the pages before saving.", self)
        self.pages_layout.addWidget(self.placeholder)
        self.scroll.setWidget(self.pages_widget)
        box.addWidget(self.scroll, 1)
        return box

    def _identity_toggled(self, on: bool) -> None:
        self.name.setEnabled(on)
        self.birth_date.setEnabled(on)

    # -- choices --------------------------------------------------------------------------

    def options(self, **targets: Path | bool | None) -> ExportOptions:
        """The person's choices as `ExportOptions`; raises InvalidValue for a bad date."""
        sections = frozenset(s for s, box in self.section_boxes.items() if box.isChecked())
        if not sections:
            raise InvalidValue("Tick at least one part to include.")
        name, birth = None, None
        if self.identity.isChecked():
            name = self.name.text().strip() or None
            text = self.birth_date.text().strip()
            if text:
                try:
                    birth = dt.date.fromisoformat(text)
                except ValueError:
                    raise InvalidValue(
                        "Write the date of birth as YYYY-MM-DD, e.g. 1984-03-02."
                    ) from None
        return ExportOptions(
            sections=sections,
            include_sensitive=self.sensitive.isChecked(),
            name=name,
            birth_date=birth,
            since=_date(self.since.date()) if self._period_chosen else None,
            until=_date(self.until.date()) if self._period_chosen else None,
            vault_path=self.session.path,
            **targets,  # type: ignore[arg-type]
        )

    # -- preview --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Only the measurement window is read here; a preview reads the whole vault."""
        if self._period_chosen:
            return
        vault_session = self.session

        def work(progress: Progress, cancel: CancelToken) -> LifestyleWindow:
            return lifestyle_window(vault_session.vault)

        self.op(work).success(self._show_window).run()

    def _show_window(self, window: LifestyleWindow) -> None:
        if self._period_chosen:
            return
        for edit, day in ((self.since, window.start), (self.until, window.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _period_edited(self) -> None:
        self._period_chosen = True

    def preview(self) -> None:
        try:
            options = self.options()
        except InvalidValue as exc:
            self.status.setText(str(exc))
            return
        vault_session = self.session

        def work(progress: Progress, cancel: CancelToken) -> list[PageImage]:
            data = gather(vault_session.vault, options.choices(), progress=progress, cancel=cancel)
            progress(4, 5, "Drawing the pages")
            return rasterize(render_pdf(data))

        self.status.setText("Making the preview…")
        self.op(work).with_progress("Making the preview…").success(self.show_pages).failure(
            self._failed
        ).run()

    def _data_changed(self, changes: object) -> None:
        if self.page_images:
            self.status.setText("Your data changed since this preview; press Preview again.")

    def show_pages(self, images: list[PageImage]) -> None:
        self.page_images = images
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for image in images:
            label = QLabel(self.pages_widget)
            pixmap = QPixmap.fromImage(image.to_qimage())
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())  # a page never shrinks: the area scrolls
            label.setStyleSheet("border: 1px solid #c8ccd0; background: white;")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.addStretch(1)
        self.scroll.verticalScrollBar().setValue(0)
        count = f"{len(images)} page" + ("" if len(images) == 1 else "s")
        self.status.setText(f"Preview: {count}. Nothing has been saved yet.")

    def clear(self) -> None:
        self.page_images = []
        self.show_pages([])
        self.status.setText("")
        self.name.clear()
        self.birth_date.clear()

    # -- saving ---------------------------------------------------------------------------

    def save_pdf(self) -> None:
        self._save("pdf", "Save the PDF summary", "health-summary.pdf", "PDF files (*.pdf)")

    def save_fhir(self) -> None:
        self._save("fhir", "Save the FHIR bundle", "health-summary.fhir.json", "JSON (*.json)")

    def save_csv(self) -> None:
        self._save("csv", "Save the CSV files into a new or chosen folder", "health-csv", "")

    def _save(self, kind: str, caption: str, default_name: str, filters: str) -> None:
        try:
            self.options()
        except InvalidValue as exc:
            self.status.setText(str(exc))
            return
        path = ask_save_path(self, caption, self.save_folder / default_name, filters)
        if path is None:
            return
        force = False
        if _would_replace(kind, path):
            if not ask_overwrite(self, path):
                self.status.setText(f"Not saved: {path.name} was left as it was.")
                return
            force = True
        self.save_folder = path.parent
        options = self.options(**{kind: path, "force": force})
        try:
            check_options(options)
        except InvalidValue as exc:
            self.status.setText(str(exc))
            return
        except PhrError as exc:  # e.g. the folder is read-only: shown like any Op failure
            self._failed(exc)
            return
        vault_session = self.session

        def work(progress: Progress, cancel: CancelToken) -> ExportResult:
            result = export(vault_session.vault, options, progress=progress, cancel=cancel)
            # Ticks "Make a report" on the Overview's getting-started list.
            vault_session.vault.set_setting(REPORT_MADE_KEY, "1")
            return result

        self.op(work).with_progress("Saving the export…").success(self._saved).failure(
            self._failed
        ).run()

    def _saved(self, result: ExportResult) -> None:
        self.last_result = result
        where = ", ".join(str(p) for p in result.written[:1])
        if len(result.written) > 1:
            where = str(result.written[0].parent)
        self.status.setText(f"Saved: {where}")
        ask_info(self, f"Saved to {where}.\nOnly the parts you chose were included.")

    def _failed(self, error: BaseException) -> None:
        self.status.setText("Not saved." if not isinstance(error, InvalidValue) else str(error))
        report_error(self, error)


def _would_replace(kind: str, path: Path) -> bool:
    if kind == "csv":
        return path.is_dir() and any((path / name).exists() for name in CSV_NAMES)
    return path.exists()


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
