"""Overview: the person's summary (what to discuss first, what was not tested, latest
measurements, and a getting-started checklist for a new vault), then facts about the vault
file and what PHR does (and never does) with it.

The ordering and wording of the summary live in `phr.overview` (no Qt); this page lays it out
and turns each item's page key into a link (`go_to`), reachable with Tab and Enter.
"""

from __future__ import annotations

import time
from calendar import timegm
from html import escape

from phr.overview import Item, Overview, Step, load_overview
from phr.progress import CancelToken, Progress
from phr.vault import VaultInfo, info
from ui.pages.base import Page
from ui.qt import QFormLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget
from ui.session import Session
from ui.style import SPACING, heading, note_label

LINK_FLAGS = (
    Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
)

PRIVACY = (
    "Everything you keep in PHR lives in this one encrypted file, on this computer. "
    "PHR never connects to the internet and sends nothing anywhere. The file can only be "
    "opened with your passphrase, and nobody, including the makers of PHR, can recover it "
    "if the passphrase is lost. Data leaves the vault only when you export it yourself."
)

# (vault table, label shown to the person)
COUNTED = (
    ("genomes", "Genomes imported"),
    ("medications", "Medicines listed"),
    ("log_entries", "Log entries"),
)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def local_date(iso_utc: str | None) -> str:
    """The vault stores UTC (`2024-05-01T09:30:00Z`); people read their local time."""
    if not iso_utc:
        return "unknown"
    try:
        seconds = timegm(time.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return iso_utc
    return time.strftime("%d %B %Y, %H:%M", time.localtime(seconds))


class OverviewPage(Page):
    title = "Overview"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.scroll_whole_page()
        self.facts: dict[str, QLabel] = {}
        self.demo_banner = note_label(
            "This is the demo vault: everything in it is made up. It is replaced each time "
            "you open the demo.",
            "warning",
            self,
        )
        self.demo_banner.hide()
        self.body.addWidget(self.demo_banner)
        # Filled on refresh; rebuilt each time (a handful of labels).
        self.summary_box = QVBoxLayout()
        self.summary_box.setSpacing(SPACING // 2)
        self.body.addLayout(self.summary_box)
        self.summary_widgets: list[QWidget] = []
        self.overview: Overview | None = None

        self.body.addSpacing(SPACING)
        self.body.addWidget(heading("About this vault", self, scale=1.15))
        form = QFormLayout()
        form.setHorizontalSpacing(SPACING * 2)
        form.setVerticalSpacing(SPACING // 2)
        rows = [
            ("path", "Vault file"),
            ("size", "File size"),
            ("created", "Created"),
            ("schema", "Format version"),
            *COUNTED,
        ]
        for key, label in rows:
            value = QLabel("…", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.facts[key] = value
            form.addRow(label + ":", value)
        self.body.addLayout(form)
        self.body.addSpacing(SPACING)
        self.body.addWidget(heading("Your privacy", self, scale=1.15))
        self.body.addWidget(note_label(PRIVACY, "hint", self))
        self.body.addStretch(1)

    def refresh(self) -> None:
        def load(progress: Progress, cancel: CancelToken) -> tuple[VaultInfo, bool, Overview]:
            vault = self.session.vault
            return info(vault), vault.get_setting("demo") == "1", load_overview(vault)

        self.op(load).success(lambda loaded: self.show_info(*loaded)).run()

    def show_info(
        self, facts: VaultInfo, is_demo: bool = False, overview: Overview | None = None
    ) -> None:
        self.demo_banner.setVisible(is_demo)
        self.facts["path"].setText(facts.path)
        self.facts["size"].setText(human_size(facts.file_size))
        self.facts["created"].setText(local_date(facts.created_at))
        self.facts["schema"].setText(str(facts.schema_version))
        for table, _ in COUNTED:
            self.facts[table].setText(str(facts.counts.get(table, 0)))
        if overview is not None:
            self.show_overview(overview)

    # -- the summary --------------------------------------------------------------------------

    def show_overview(self, overview: Overview) -> None:
        self._clear_summary()
        self.overview = overview
        if overview.is_new:
            self._checklist(overview.steps)
        if overview.has_genome:
            self._section("Discuss first")
            if overview.discuss:
                for item in overview.discuss:
                    self._item(item)
                if overview.more_to_discuss:
                    self._item(Item(f"{overview.more_to_discuss} more to discuss", "medications"))
            else:
                self._hint("Nothing your genes suggest discussing for now.")
            if overview.not_tested:
                self._section("Not tested, and why it matters")
                for item in overview.not_tested:
                    self._item(item)
        self._section("Latest measurements")
        if overview.measurements:
            for item in overview.measurements:
                self._item(item)
        else:
            self._item(Item("No measurements yet: import or log some", "lifestyle"))
        if not overview.is_new and not all(step.done for step in overview.steps):
            self._checklist(overview.steps, title="Still to do")

    def _add(self, widget: QWidget) -> None:
        self.summary_widgets.append(widget)
        self.summary_box.addWidget(widget)

    def _section(self, text: str) -> None:
        label = heading(text, self, scale=1.15)
        self._add(label)

    def _hint(self, text: str) -> None:
        self._add(note_label(text, "hint", self))

    def _item(self, item: Item) -> None:
        html = f"<a href='{escape(item.page)}'>{escape(item.text)}</a>"
        if item.detail:
            html += f"<br><span style='color:#555555'>{escape(item.detail)}</span>"
        label = QLabel(html, self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(LINK_FLAGS)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label.setAccessibleName(item.text)
        label.linkActivated.connect(self.go_to)
        self._add(label)

    def _checklist(self, steps: tuple[Step, ...], title: str = "Getting started") -> None:
        self._section(title)
        for step in steps:
            if step.done:
                self._hint(f"✓ {step.text}")
                continue
            button = QPushButton(f"{step.text}…", self)
            button.setAccessibleName(step.text)
            button.setStyleSheet("text-align: left; padding: 4px 10px;")
            button.clicked.connect(lambda _checked=False, key=step.page: self.go_to.emit(key))
            self._add(button)

    def _clear_summary(self) -> None:
        self.overview = None
        for widget in self.summary_widgets:
            self.summary_box.removeWidget(widget)
            widget.deleteLater()
        self.summary_widgets.clear()

    def clear(self) -> None:
        self.demo_banner.hide()
        self._clear_summary()
        for label in self.facts.values():
            label.setText("…")
